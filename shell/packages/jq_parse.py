"""jq 1.6's language: a lexer and a precedence-climbing parser producing tuples (see jq_eval).

Errors read as jq's bison parser words them ("syntax error, unexpected IDENT, expecting $end"),
with the offset of the offending token, which jq prints as trailing spaces after the line.
"""
from __future__ import annotations

from typing import Any

from shelldojo.shell.budget import LimitExceeded
from shelldojo.shell.packages.jq_lex import CompileError, Tok, tokens
from shelldojo.shell.packages.jq_parse_obj import Structures

# a program nested deeper than this runs as generators as deeply nested: our limit, before the
# C stack's (jq's bison parser stops at 10000)
MAX_DEPTH = 1000
_CONSTANTS = {"true": True, "false": False, "null": None}
_ASSIGN = ("=", "|=", "+=", "-=", "*=", "/=", "%=", "//=")
_COMPARE = ("==", "!=", "<", "<=", ">", ">=")
# binding power of each binary operator (jq's %left/%right/%nonassoc lines)
_BINARY = {",": 2, "//": 3, **{op: 4 for op in _ASSIGN}, "or": 5, "and": 6,
           **{op: 7 for op in _COMPARE}, "+": 8, "-": 8, "*": 9, "/": 9, "%": 9}
_RIGHT = {"//"}
_NONASSOC = set(_ASSIGN) | set(_COMPARE)


def _name(tok: Tok) -> str:
    """A token as bison names it in `unexpected X`."""
    if tok.kind in ("IDENT", "FIELD", "LITERAL", "FORMAT", "QQSTRING_START", "INVALID_CHARACTER",
                    "$end", "keyword"):
        return tok.text if tok.kind == "keyword" else tok.kind
    return tok.text if len(tok.text) > 1 else f"'{tok.text}'"


class Parser(Structures):
    def __init__(self, text: str, toks: list[Tok] | None = None) -> None:
        self.text = text
        self.toks = tokens(text) if toks is None else toks
        self.i = 0
        self.depth = 0

    # -- token helpers -----------------------------------------------------------
    @property
    def tok(self) -> Tok:
        return self.toks[self.i]

    def at(self, *texts: str) -> bool:
        t = self.tok
        return t.kind not in ("LITERAL", "QQSTRING_START", "FIELD", "FORMAT", "$end") and t.text in texts

    def fail(self, expecting: str = "") -> CompileError:
        tok = self.tok
        where = tok.pos
        more = f", expecting {expecting}" if expecting else ""
        return CompileError(f"syntax error, unexpected {_name(tok)}{more} (Unix shell quoting issues?)",
                            where)

    def take(self, text: str, expecting: str = "") -> Tok:
        if not self.at(text):
            raise self.fail(expecting)
        self.i += 1
        return self.toks[self.i - 1]

    def ident(self) -> str:
        if self.tok.kind != "IDENT":
            raise self.fail()
        self.i += 1
        return self.toks[self.i - 1].text

    # -- grammar -----------------------------------------------------------------
    def parse(self) -> Any:
        node = self.pipe()
        if self.tok.kind != "$end":
            raise self.fail("$end")
        return node

    def pipe(self) -> Any:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise LimitExceeded(f"jq nesting depth exceeded ({MAX_DEPTH} nested expressions)")
        try:
            return self._pipe()
        finally:
            self.depth -= 1

    def _pipe(self) -> Any:
        if self.at("def"):
            name, params, body = self.funcdef()
            return ("def", name, params, body, self.pipe())
        if self.at("label"):
            self.i += 1
            self.take("$")
            name = self.ident()
            self.take("|")
            return ("label", name, self.pipe())
        node = self.binary(2)
        if self.at("|"):
            self.i += 1
            return ("pipe", node, self.pipe())
        return node

    def funcdef(self) -> tuple[str, list[str], Any]:
        self.take("def")
        if self.tok.kind not in ("IDENT", "keyword"):
            raise self.fail()
        name = self.tok.text
        self.i += 1
        params: list[str] = []
        if self.at("("):
            self.i += 1
            while True:
                if self.at("$"):
                    self.i += 1
                    params.append("$" + self.ident())
                else:
                    params.append(self.ident())
                if self.at(")"):
                    break
                self.take(";")
            self.i += 1
        self.take(":")
        body = self.pipe()
        self.take(";")
        return name, params, body

    def binary(self, min_power: int) -> Any:
        start = self.tok.pos
        left = self.unary()
        while True:
            op = self.tok.text if self.tok.kind in ("op", "keyword") else None
            power = _BINARY.get(op or "")
            if power is None or power < min_power:
                return left
            self.i += 1
            right = self.binary(power if op in _RIGHT else power + 1)
            if op in _NONASSOC and self.tok.kind in ("op", "keyword") and \
                    _BINARY.get(self.tok.text) == power:
                raise self.fail()
            if op == "/" and left[0] == right[0] == "lit" and isinstance(left[1], float) and right[1] == 0:
                # jq folds constant arithmetic while compiling
                raise CompileError("Division by zero?", start)
            left = self.combine(op or "", left, right)

    @staticmethod
    def combine(op: str, left: Any, right: Any) -> Any:
        if op == ",":
            return ("comma", left, right)
        if op in ("and", "or", "//"):
            return ({"//": "alt"}.get(op, op), left, right)
        if op in _ASSIGN:
            return ("assign", op, left, right)
        return ("binop", op, left, right)

    def unary(self) -> Any:
        if self.at("-"):
            self.i += 1
            return ("neg", self.binary(10))
        node = self.postfix()
        if self.at("as"):
            self.i += 1
            patterns = [self.pattern()]
            while self.at("?//"):
                self.i += 1
                patterns.append(self.pattern())
            self.take("|")
            return ("as", node, patterns, self.pipe())
        return node

    def postfix(self) -> Any:
        node = self.primary()
        while True:
            if self.tok.kind == "FIELD":
                node = ("index", node, ("lit", self.tok.text[1:]))
                self.i += 1
            elif self.at(".") and self.toks[self.i + 1].kind == "QQSTRING_START":
                self.i += 1
                node = ("index", node, self.string())
            elif self.at("."):
                self.i += 1
                raise self.fail("FORMAT or QQSTRING_START")
            elif self.at("["):
                node = self.bracket(node)
            elif self.at("?"):
                self.i += 1
                node = ("try", node, None)
            else:
                return node

    def bracket(self, node: Any) -> Any:
        self.take("[")
        if self.at("]"):
            self.i += 1
            return ("each", node)
        if self.at(":"):
            self.i += 1
            upto = self.pipe()
            self.take("]")
            return ("slice", node, None, upto)
        idx = self.pipe()
        if self.at(":"):
            self.i += 1
            upto = None if self.at("]") else self.pipe()
            self.take("]")
            return ("slice", node, idx, upto)
        self.take("]")
        return ("index", node, idx)

    def string(self, fmt: str | None = None) -> Any:
        tok = self.tok
        self.i += 1
        parts: list[Any] = []
        for part in tok.value:
            if isinstance(part, str):
                parts.append(part)
            else:
                sub = Parser(self.text, part)
                parts.append(sub.parse())
        if fmt is None and all(isinstance(p, str) for p in parts):
            return ("lit", "".join(parts))
        return ("str", fmt or "@text", parts)

    def primary(self) -> Any:
        tok = self.tok
        if tok.kind == "LITERAL":
            self.i += 1
            return ("lit", tok.value)
        if tok.kind == "QQSTRING_START":
            return self.string()
        if tok.kind == "FORMAT":
            self.i += 1
            if self.tok.kind == "QQSTRING_START":
                return self.string(tok.text)
            return ("format", tok.text)
        if tok.kind == "FIELD":
            self.i += 1
            return ("index", ("id",), ("lit", tok.text[1:]))
        if tok.kind == "IDENT" and tok.text == "break":
            self.i += 1
            self.take("$")
            return ("break", self.ident())
        if tok.kind == "IDENT":
            self.i += 1
            if tok.text in _CONSTANTS and not self.at("("):
                return ("lit", _CONSTANTS[tok.text])
            args: list[Any] = []
            if self.at("("):
                self.i += 1
                args.append(self.pipe())
                while self.at(";"):
                    self.i += 1
                    args.append(self.pipe())
                self.take(")", "';' or ')'")
            return ("call", tok.text, args, tok.pos)
        if tok.kind == "$end" or tok.kind == "INVALID_CHARACTER":
            # at the very start bison first reduces the empty program, which wants only $end
            raise self.fail("$end" if self.i == 0 and tok.kind != "$end" else "")
        text = tok.text
        self.i += 1
        if text == ".":
            if self.tok.kind == "QQSTRING_START":
                return ("index", ("id",), self.string())
            return ("id",)
        if text == "..":
            return ("call", "recurse", [], tok.pos)
        if text == "$":
            if self.at("__loc__"):
                self.i += 1
                return ("lit", {"file": "<top-level>", "line": float(self.text.count("\n", 0, tok.pos) + 1)})
            name = self.ident()
            return ("var", name, tok.pos)
        if text == "(":
            node = self.pipe()
            self.take(")")
            return node
        if text == "[":
            if self.at("]"):
                self.i += 1
                return ("array", None)
            node = self.pipe()
            self.take("]")
            return ("array", node)
        if text == "{":
            return self.obj()
        if text == "if":
            return self.if_rest(tok.pos)
        if text == "try":
            body = self.postfix()
            if self.at("catch"):
                self.i += 1
                return ("try", body, self.postfix())
            return ("try", body, None)
        if text in ("reduce", "foreach"):
            source = self.postfix()
            self.take("as")
            pat = self.pattern()
            self.take("(")
            init = self.pipe()
            self.take(";")
            update = self.pipe()
            extract = None
            if text == "foreach" and self.at(";"):
                self.i += 1
                extract = self.pipe()
            self.take(")")
            return (text, source, pat, init, update, extract)
        if text == "break":
            self.take("$")
            return ("break", self.ident())
        self.i -= 1
        raise self.fail()

    def if_rest(self, pos: int) -> Any:
        branches = []
        cond = self.pipe()
        self.take("then")
        branches.append((cond, self.pipe()))
        while self.at("elif"):
            self.i += 1
            cond = self.pipe()
            self.take("then")
            branches.append((cond, self.pipe()))
        if not self.at("else"):
            err = self.fail()
            err.extra.append(("Possibly unterminated 'if' statement", pos))
            raise err
        self.i += 1
        other = self.pipe()
        self.take("end")
        return ("if", branches, other)
