"""jq 1.6's object constructions and destructuring patterns, as a part of jq_parse.Parser."""
from __future__ import annotations

from typing import Any


class Structures:
    """`{...}` and `as [$a, {b: $c}]`; the token helpers and terms come from jq_parse.Parser."""

    tok: Any
    i: int
    at: Any
    take: Any
    fail: Any
    ident: Any
    string: Any
    pipe: Any
    postfix: Any

    def pattern(self) -> Any:
        if self.at("$"):
            self.i += 1
            return ("pvar", self.ident())
        if self.at("["):
            self.i += 1
            items = [self.pattern()]
            while self.at(","):
                self.i += 1
                items.append(self.pattern())
            self.take("]")
            return ("parray", items)
        if self.at("{"):
            self.i += 1
            entries = []
            while True:
                entries.append(self.obj_pattern())
                if self.at("}"):
                    break
                self.take(",")
            self.i += 1
            return ("pobject", entries)
        raise self.fail("'$' or '[' or '{'")

    def obj_pattern(self) -> tuple[Any, Any]:
        if self.at("$"):
            self.i += 1
            name = self.ident()
            if self.at(":"):
                self.i += 1
                return ("lit", name), ("pboth", name, self.pattern())
            return ("lit", name), ("pvar", name)
        if self.tok.kind in ("IDENT", "keyword"):
            key: Any = ("lit", self.tok.text)
            self.i += 1
        elif self.tok.kind == "QQSTRING_START":
            key = self.string()
        elif self.at("("):
            self.i += 1
            key = self.pipe()
            self.take(")")
        else:
            raise self.fail()
        self.take(":")
        return key, self.pattern()

    def obj(self) -> Any:
        pairs: list[tuple[Any, Any]] = []
        while not self.at("}"):
            tok = self.tok
            if tok.kind in ("IDENT", "keyword"):
                self.i += 1
                key: Any = ("lit", tok.text)
                val: Any = ("index", ("id",), key)
            elif self.at("$"):
                self.i += 1
                name = self.ident()
                key, val = ("lit", name), ("var", name, self.toks[self.i - 1].pos)
            elif tok.kind == "QQSTRING_START":
                key = self.string()
                val = ("index", ("id",), key)
            elif tok.kind == "FORMAT":
                self.i += 1
                if self.tok.kind != "QQSTRING_START":
                    raise self.fail("QQSTRING_START")
                key = self.string(tok.text)
                val = ("index", ("id",), key)
            elif self.at("("):
                self.i += 1
                key = self.pipe()
                self.take(")")
                val = None
            else:
                raise self.fail()
            if self.at(":"):
                self.i += 1
                val = self.obj_value()
            elif val is None:
                raise self.fail("':'")
            pairs.append((key, val))
            if not self.at("}"):
                self.take(",", "'}'")
        self.i += 1
        return ("object", pairs)

    def obj_value(self) -> Any:
        """jq 1.6 allows only a term (or `-term`, or terms joined by `|`) as an object value."""
        if self.at("-"):
            self.i += 1
            node: Any = ("neg", self.obj_value())
        else:
            node = self.postfix()
        if self.at("|"):
            self.i += 1
            return ("pipe", node, self.obj_value())
        return node
