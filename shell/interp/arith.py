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

from typing import Protocol


class ArithEnv(Protocol):
    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...


class ArithError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_MASK = (1 << 64) - 1
_MAX_DEPTH = 64          # nested variable evaluations (bash allows 1024; same message)

# token kinds that are not single characters
NUM, STR, EOF = "NUM", "STR", ""
_ASSIGN_OPS = set("*/%+-&^|")
_ARITH_CHARS = set("=><+-*/%!()&|^~?:,")
_WS = " \t\n\r"


def _wrap(v: int) -> int:
    v &= _MASK
    return v - (1 << 64) if v >> 63 else v


def _cdiv(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


class _Expr:
    def __init__(self, text: str, env: ArithEnv, depth: int) -> None:
        self.text = text
        self.env = env
        self.depth = depth
        self.cp = 0
        self.lasttp = 0
        self.curtok: str = EOF
        self.lasttok: str = EOF
        self.tokval = 0
        self.tokstr = ""
        self.assigntok = ""
        self.noeval = 0

    # -- errors ----------------------------------------------------------------
    def error(self, msg: str, end: int | None = None) -> ArithError:
        expr = self.text if end is None else self.text[:end]
        token = self.text[self.lasttp:end] if end is not None else self.text[self.lasttp:]
        return ArithError(f'{expr.lstrip(_WS)}: {msg} (error token is "{token}")')

    # -- lexer -------------------------------------------------------------------
    def readtok(self) -> None:
        text, cp = self.text, self.cp
        n = len(text)
        while cp < n and text[cp] in _WS:
            cp += 1
        if cp >= n:
            self.lasttok, self.curtok, self.cp = self.curtok, EOF, cp
            return
        tp = self.lasttp = cp
        c = text[cp]
        cp += 1
        if c.isascii() and (c.isalpha() or c == "_"):
            while cp < n and text[cp].isascii() and (text[cp].isalnum() or text[cp] == "_"):
                cp += 1
            if cp < n and text[cp] == "[":
                end = _skip_subscript(text, cp)
                if end < 0:
                    raise self.error("bad array subscript")
                cp = end + 1
            self.tokstr = text[tp:cp]
            self.cp = cp
            self.lasttok, self.curtok = self.curtok, STR
            return
        if c.isdigit():
            while cp < n and (text[cp].isascii() and text[cp].isalnum() or text[cp] in "#@_"):
                cp += 1
            self.tokval = self._strlong(text[tp:cp], cp)
            self.cp = cp
            self.lasttok, self.curtok = self.curtok, NUM
            return
        c1 = text[cp] if cp < n else ""
        cp += 1
        tok = c
        if c == "=" and c1 == "=":
            tok = "=="
        elif c in "!><" and c1 == "=":
            tok = c + "="
        elif c in "<>" and c1 == c:
            if cp < n and text[cp] == "=":
                self.assigntok, tok = c + c, "OP="
                cp += 1
            else:
                tok = c + c
        elif c in "&|" and c1 == c:
            tok = c + c
        elif c == "*" and c1 == "*":
            tok = "**"
        elif c in "+-" and c1 == c and self.curtok == STR:
            tok = "POST" + c
        elif c in "+-" and c1 == c and self.curtok == NUM and self.lasttok in ("PRE+", "PRE-"):
            self.cp = cp
            raise self.error(f"{c}{c}: assignment requires lvalue")
        elif c in "+-" and c1 == c:
            xp = cp
            while xp < n and text[xp] in _WS:
                xp += 1
            if xp < n and text[xp].isascii() and (text[xp].isalpha() or text[xp] == "_"):
                tok = "PRE" + c
            else:
                cp -= 1
        elif c1 == "=" and c in _ASSIGN_OPS:
            self.assigntok, tok = c, "OP="
        elif c not in _ARITH_CHARS:
            if self.curtok in (NUM, STR):
                raise self.error("syntax error: invalid arithmetic operator")
            raise self.error("syntax error: operand expected")
        else:
            cp -= 1
        self.cp = cp
        self.lasttok, self.curtok = self.curtok, tok

    def _strlong(self, num: str, end: int) -> int:
        s, i = num, 0
        base, foundbase = 10, False
        if s[0] == "0":
            i = 1
            if len(s) == 1:
                return 0
            if s[1] in "xX":
                base, i = 16, 2
            else:
                base = 8
            foundbase = True
        val = 0
        while i < len(s):
            c = s[i]
            i += 1
            if c == "#":
                if foundbase:
                    raise self.error("invalid number", end)
                if val < 2 or val > 64:
                    raise self.error("invalid arithmetic base", end)
                base, val, foundbase = val, 0, True
                if i >= len(s) or _digit(s[i], base, strict=False) is None:
                    raise self.error("invalid integer constant", end)
                continue
            d = _digit(c, base, strict=False)
            if d is None or d >= base:
                raise self.error("value too great for base", end)
            val = (val * base + d) & _MASK
        return _wrap(val)

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
        stripped = raw.strip(_WS)
        if not stripped:
            return 0
        if stripped.isdigit() and stripped.isascii() and (stripped[0] != "0" or len(stripped) == 1):
            return _wrap(int(stripped))
        if self.depth + 1 >= _MAX_DEPTH:
            raise self.error("expression recursion level exceeded")
        return evaluate(raw, self.env, self.depth + 1)

    def _unbound(self, key: str) -> None:
        """`set -u`: an unset variable in arithmetic is fatal, as in $x."""
        interp = getattr(self.env, "interp", None)
        if interp is not None and "nounset" in interp.state.options and "[" not in key:
            from shell.interp.expand_params import report
            from shell.interp.state import ExpansionError
            report(interp, f"{key}: unbound variable")
            raise ExpansionError(127, fatal=True)

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
                    while self.lasttp < len(self.text) and self.text[self.lasttp] in _WS:
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
            val1 = _wrap(pow(val1, val2, 1 << 64))
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
            return _wrap(-val) if tok == "-" else val
        return self.exp0()

    def exp0(self) -> int:
        tok = self.curtok
        if tok in ("PRE+", "PRE-"):
            self.lasttok = tok
            self.readtok()
            if self.curtok != STR:
                raise self.error("identifier expected after pre-increment or pre-decrement")
            val = _wrap(self.value_of(self.tokstr) + (1 if tok == "PRE+" else -1))
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
                self.bind(name, _wrap(val + (1 if peek == "POST+" else -1)))
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
        return _wrap(a + b)
    if op == "-":
        return _wrap(a - b)
    if op == "*":
        return _wrap(a * b)
    if op == "/":
        return _wrap(_cdiv(a, b))
    if op == "%":
        return _wrap(a - _cdiv(a, b) * b)
    if op == "<<":
        return _wrap(a << (b & 63))
    if op == ">>":
        return a >> (b & 63)
    if op == "&":
        return a & b
    if op == "|":
        return a | b
    if op == "^":
        return a ^ b
    return int({"==": a == b, "!=": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op])


def _digit(c: str, base: int, strict: bool = True) -> int | None:
    """Value of one digit character in `base` (bash's rules for bases above 36)."""
    if not c.isascii():
        return None
    if c.isdigit():
        d = ord(c) - 48
    elif "a" <= c <= "z":
        d = ord(c) - 87
    elif "A" <= c <= "Z":
        d = ord(c) - (55 if base <= 36 else 29)
    elif c == "@":
        d = 62
    elif c == "_":
        d = 63
    else:
        return None
    if strict and d >= base:
        return None
    return d


def _skip_subscript(text: str, i: int) -> int:
    """Index of the ']' closing the '[' at i, or -1."""
    depth = 0
    while i < len(text):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def evaluate(text: str, env: ArithEnv, depth: int = 0) -> int:
    """Value of an arithmetic expression (already expanded); raises ArithError."""
    if not text.strip(_WS):
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
