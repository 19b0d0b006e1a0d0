"""Bash arithmetic: $((..)), ((..)), let and array subscripts.

A port of the recursive-descent evaluator in bash 5.2's expr.c, kept close to the
original so that error texts and their "error token" (the rest of the expression from
the last token read) come out exactly as bash prints them.

`ArithError.message` is what bash prints after "bash: line N: " for $((..)); callers
of `((..))` and `let` prefix it with "((: " / "let: " as bash does.

Array elements: `name[sub]` is read and written as `env.get("name[N]")` /
`env.set("name[N]", v)` where N is the subscript already evaluated as arithmetic,
unless the env has `is_assoc(name) -> True` (then N is the raw subscript text).
"""
from __future__ import annotations

from shelldojo.shell.interp.arith_lex import EOF, NUM, STR, WS, ArithEnv, ArithError, Lexer, wrap

__all__ = ["ArithEnv", "ArithError", "evaluate"]

_MAX_DEPTH = 64          # nested variable evaluations (bash allows 1024; same message)


def _cdiv(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


class _Expr(Lexer):
    """The grammar and variable access over the lexer's tokens."""

    # -- variables ---------------------------------------------------------------
    def _key(self, name: str) -> str:
        head, br, sub = name.partition("[")
        if not br:
            return name
        sub = sub[:-1]
        is_assoc = getattr(self.env, "is_assoc", None)
        if callable(is_assoc) and is_assoc(head):
            return name
        return f"{head}[{evaluate(sub, self.env, self.depth + 1)}]"

    def value_of(self, name: str) -> int:
        if self.noeval:
            return 0
        key = self._key(name)
        raw = self.env.get(key)
        if raw is None:
            self._unbound(key)
            return 0
        stripped = raw.strip(WS)
        if not stripped:
            return 0
        if stripped.isdigit() and stripped.isascii() and (stripped[0] != "0" or len(stripped) == 1):
            return wrap(int(stripped))
        if self.depth + 1 >= _MAX_DEPTH:
            raise self.error("expression recursion level exceeded")
        return evaluate(raw, self.env, self.depth + 1)

    def _unbound(self, key: str) -> None:
        """An unset variable: the env may object (`set -u` is fatal, as in $x)."""
        unbound = getattr(self.env, "unbound", None)
        if unbound is not None and "[" not in key:
            unbound(key)

    def bind(self, name: str, value: int) -> None:
        if not self.noeval:
            self.env.set(self._key(name), str(value))

    # -- grammar (bash precedence, lowest first) -------------------------------------
    def expcomma(self) -> int:
        value = self.expassign()
        while self.curtok == ",":
            self.readtok()
            value = self.expassign()
        return value

    def expassign(self) -> int:
        value = self.expcond()
        if self.curtok in ("=", "OP="):
            special = self.curtok == "OP="
            if self.lasttok != STR:
                raise self.error("attempted assignment to non-variable")
            op, lvalue, lhs = self.assigntok, value, self.tokstr
            self.readtok()
            value = self.expassign()
            if special:
                if op in "/%" and value == 0:
                    if not self.noeval:
                        raise self.error("division by 0")
                    value = 1
                value = _binop(op, lvalue, value)
            self.bind(lhs, value)
        return value

    def expcond(self) -> int:
        cval = self.binary(0)
        if self.curtok == "?":
            self.readtok()
            if self.curtok in (EOF, ":"):
                raise self.error("expression expected")
            if cval == 0:
                self.noeval += 1
            val1 = self.expcomma()
            if cval == 0:
                self.noeval -= 1
            if self.curtok != ":":
                raise self.error("`:' expected for conditional expression")
            self.readtok()
            if self.curtok == EOF:
                raise self.error("expression expected")
            if cval:
                self.noeval += 1
            val2 = self.expcond()
            if cval:
                self.noeval -= 1
            self.lasttok = NUM
            return val1 if cval else val2
        return cval

    def binary(self, level: int) -> int:
        if level == len(_LEVELS):
            return self.exppower()
        ops = _LEVELS[level]
        val1 = self.binary(level + 1)
        while self.curtok in ops:
            op = self.curtok
            stp = self.cp
            if op in ("&&", "||"):
                skip = (val1 == 0) if op == "&&" else (val1 != 0)
                if skip:
                    self.noeval += 1
                self.readtok()
                val2 = self.binary(level + 1)
                if skip:
                    self.noeval -= 1
                val1 = int(bool(val1) and bool(val2)) if op == "&&" else int(bool(val1) or bool(val2))
                self.lasttok = op
                continue
            self.readtok()
            val2 = self.binary(level + 1)
            if op in "/%" and val2 == 0:
                if not self.noeval:
                    self.lasttp = stp
                    while self.lasttp < len(self.text) and self.text[self.lasttp] in WS:
                        self.lasttp += 1
                    raise self.error("division by 0")
                val2 = 1
            val1 = _binop(op, val1, val2)
            self.lasttok = NUM
        return val1

    def exppower(self) -> int:
        val1 = self.exp1()
        while self.curtok == "**":
            self.readtok()
            val2 = self.exp1()
            self.lasttok = NUM
            if val2 == 0:
                val1 = 1
                continue
            if val2 < 0:
                raise self.error("exponent less than 0")
            val1 = wrap(pow(val1, val2, 1 << 64))
        return val1

    def exp1(self) -> int:
        tok = self.curtok
        if tok in ("!", "~", "-", "+"):
            self.readtok()
            val = self.exp1()
            self.lasttok = NUM
            if tok == "!":
                return int(val == 0)
            if tok == "~":
                return ~val
            return wrap(-val) if tok == "-" else val
        return self.exp0()

    def exp0(self) -> int:
        tok = self.curtok
        if tok in ("PRE+", "PRE-"):
            self.lasttok = tok
            self.readtok()
            if self.curtok != STR:
                raise self.error("identifier expected after pre-increment or pre-decrement")
            val = wrap(self.value_of(self.tokstr) + (1 if tok == "PRE+" else -1))
            self.bind(self.tokstr, val)
            self.curtok = NUM
            self.readtok()
            return val
        if tok == "(":
            self.readtok()
            val = self.expcomma()
            if self.curtok != ")":
                raise self.error("missing `)'")
            self.readtok()
            return val
        if tok == NUM:
            val = self.tokval
            self.readtok()
            return val
        if tok == STR:
            name = self.tokstr
            # peek: a following '=' means an assignment, so the old value is not needed
            save = (self.cp, self.lasttp, self.curtok, self.lasttok)
            self.noeval += 1
            self.readtok()
            peek = self.curtok
            self.noeval -= 1
            self.cp, self.lasttp, self.curtok, self.lasttok = save
            self.tokstr = name
            val = 0 if peek == "=" else self.value_of(name)
            self.tokstr = name
            if peek in ("POST+", "POST-"):
                self.readtok()
                self.lasttok = STR
                self.bind(name, wrap(val + (1 if peek == "POST+" else -1)))
                self.curtok = NUM
            self.readtok()
            self.tokstr = name
            return val
        raise self.error("syntax error: operand expected")


_LEVELS: list[tuple[str, ...]] = [
    ("||",), ("&&",), ("|",), ("^",), ("&",), ("==", "!="), ("<=", ">=", "<", ">"),
    ("<<", ">>"), ("+", "-"), ("*", "/", "%"),
]


def _binop(op: str, a: int, b: int) -> int:
    if op == "+":
        return wrap(a + b)
    if op == "-":
        return wrap(a - b)
    if op == "*":
        return wrap(a * b)
    if op == "/":
        return wrap(_cdiv(a, b))
    if op == "%":
        return wrap(a - _cdiv(a, b) * b)
    if op == "<<":
        return wrap(a << (b & 63))
    if op == ">>":
        return a >> (b & 63)
    if op == "&":
        return a & b
    if op == "|":
        return a | b
    if op == "^":
        return a ^ b
    return int({"==": a == b, "!=": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op])


def evaluate(text: str, env: ArithEnv, depth: int = 0) -> int:
    """Value of an arithmetic expression (already expanded); raises ArithError."""
    if not text.strip(WS):
        return 0
    e = _Expr(text, env, depth)
    try:
        e.readtok()
        val = e.expcomma()
        if e.curtok != EOF:
            raise e.error("syntax error in expression")
    except RecursionError:
        raise e.error("expression recursion level exceeded") from None
    return val
