"""jq 1.6's language: tokens and a recursive-descent parser producing tuples (see jq_eval)."""
from __future__ import annotations

import json
import re
from typing import Any


class JqError(Exception):
    pass


class CompileError(Exception):
    pass


_FUNCS = {("length", 0), ("keys", 0), ("map", 1), ("select", 1), ("not", 0), ("type", 0), ("add", 0),
          ("sort", 0), ("reverse", 0), ("unique", 0), ("first", 0), ("last", 0), ("has", 1),
          ("tostring", 0), ("tonumber", 0), ("empty", 0), ("min", 0), ("max", 0), ("to_entries", 0),
          ("ascii_downcase", 0), ("ascii_upcase", 0), ("join", 1), ("values", 0), ("sort_by", 1)}


_TOKEN = re.compile(r'\s*(?:(?P<num>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(?P<str>"(?:[^"\\]|\\.)*")'
                    r'|(?P<field>\.[A-Za-z_][A-Za-z0-9_]*)|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)'
                    r'|(?P<op>\.\.|==|!=|<=|>=|//|[.|,()\[\]{}:<>+\-*/?]))')


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        if not text[pos:].strip():
            break
        m = _TOKEN.match(text, pos)
        if not m:
            raise CompileError("syntax error, unexpected INVALID_CHARACTER (Unix shell quoting issues?)")
        kind = m.lastgroup or "op"
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> str | None:
        return self.toks[self.i][1] if self.i < len(self.toks) else None

    def take(self, want: str | None = None) -> tuple[str, str]:
        if self.i >= len(self.toks):
            raise CompileError("syntax error, unexpected $end (Unix shell quoting issues?)")
        tok = self.toks[self.i]
        if want is not None and tok[1] != want:
            raise CompileError(f"syntax error, unexpected {tok[1]} (Unix shell quoting issues?)")
        self.i += 1
        return tok

    def parse(self) -> Any:
        node = self.pipe()
        if self.i < len(self.toks):
            raise CompileError(f"syntax error, unexpected {self.toks[self.i][1]}, expecting $end "
                               "(Unix shell quoting issues?)")
        return node

    def pipe(self) -> Any:
        node = self.comma()
        while self.peek() == "|":
            self.take()
            node = ("pipe", node, self.comma())
        return node

    def comma(self) -> Any:
        node = self.alt()
        while self.peek() == ",":
            self.take()
            node = ("comma", node, self.alt())
        return node

    def alt(self) -> Any:
        node = self.logic()
        while self.peek() == "//":
            self.take()
            node = ("alt", node, self.logic())
        return node

    def logic(self) -> Any:
        node = self.compare()
        while self.peek() in ("and", "or"):
            op = self.take()[1]
            node = (op, node, self.compare())
        return node

    def compare(self) -> Any:
        node = self.additive()
        if self.peek() in ("==", "!=", "<", "<=", ">", ">="):
            op = self.take()[1]
            node = ("cmp", op, node, self.additive())
        return node

    def additive(self) -> Any:
        node = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()[1]
            node = ("arith", op, node, self.term())
        return node

    def term(self) -> Any:
        node = self.postfix()
        while self.peek() in ("*", "/"):
            op = self.take()[1]
            node = ("arith", op, node, self.postfix())
        return node

    def postfix(self) -> Any:
        node = self.primary()
        while True:
            nxt = self.peek()
            if nxt is None:
                return node
            kind = self.toks[self.i][0]
            if kind == "field":
                node = ("index", node, ("lit", self.take()[1][1:]))
            elif nxt == "." and self.i + 1 < len(self.toks) and self.toks[self.i + 1][1] == "[":
                self.take()
            elif nxt == "[":
                node = self.bracket(node)
            elif nxt == "?":
                self.take()
                node = ("try", node)
            else:
                return node

    def bracket(self, node: Any) -> Any:
        self.take("[")
        if self.peek() == "]":
            self.take()
            return ("each", node)
        idx = self.pipe()
        self.take("]")
        return ("index", node, idx)

    def primary(self) -> Any:
        kind, value = self.take()
        if kind == "num":
            return ("lit", float(value) if any(c in value for c in ".eE") else int(value))
        if kind == "str":
            return ("lit", json.loads(value))
        if kind == "field":
            return ("index", ("id",), ("lit", value[1:]))
        if value == ".":
            if self.peek() is not None and self.toks[self.i][0] == "str":
                return ("index", ("id",), ("lit", json.loads(self.take()[1])))
            return ("id",)
        if value == "..":
            return ("recurse",)
        if value == "(":
            node = self.pipe()
            self.take(")")
            return node
        if value == "[":
            if self.peek() == "]":
                self.take()
                return ("array", None)
            node = self.pipe()
            self.take("]")
            return ("array", node)
        if value == "{":
            return self.obj()
        if value == "-":
            return ("arith", "-", ("lit", 0), self.postfix())
        if kind == "ident":
            if value in ("true", "false", "null"):
                return ("lit", {"true": True, "false": False, "null": None}[value])
            args = []
            if self.peek() == "(":
                self.take()
                args.append(self.pipe())
                while self.peek() == ";":
                    self.take()
                    args.append(self.pipe())
                self.take(")")
            if (value, len(args)) not in _FUNCS:
                raise CompileError(f"{value}/{len(args)} is not defined")
            return ("call", value, args)
        raise CompileError(f"syntax error, unexpected {value} (Unix shell quoting issues?)")

    def obj(self) -> Any:
        pairs = []
        while self.peek() != "}":
            kind, key = self.take()
            kname: Any = ("lit", json.loads(key) if kind == "str" else key)
            if self.peek() == ":":
                self.take()
                val = self.alt()
            else:
                val = ("index", ("id",), kname)
            pairs.append((kname, val))
            if self.peek() == ",":
                self.take()
        self.take("}")
        return ("object", pairs)
