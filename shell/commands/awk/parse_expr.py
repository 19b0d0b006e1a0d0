"""awk expression parser: token helpers and expressions from lowest to highest precedence.

The statement parser in awk_parse builds on this class; the AST is nested tuples.
"""
from __future__ import annotations

from shelldojo.shell.commands.awk.lex import AwkSyntaxError, tokenize


class ExprParser:
    def __init__(self, src: str) -> None:
        self.toks = tokenize(src)
        self.i = 0
        self.funcs: dict[str, tuple[list[str], tuple]] = {}
        self.depth = 0   # open braces, for "missing } near end of file"

    # -- helpers ---------------------------------------------------------------
    def peek(self, k: int = 0) -> tuple[str, str, int]:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def at(self, text: str) -> bool:
        kind, t, _ = self.peek()
        return t == text and kind in ("op", "kw")

    def error(self) -> AwkSyntaxError:
        kind, text, line = self.peek()
        if kind == "eof" and self.depth:
            return AwkSyntaxError(f"line {line}: missing }} near end of file")
        if kind == "eof":
            return AwkSyntaxError(f"line {line}: syntax error at or near end of file")
        if kind == "nl":
            return AwkSyntaxError(f"line {line}: syntax error at or near end of line")
        if kind == "str":
            text = '"' + text + '"'
        return AwkSyntaxError(f"line {line}: syntax error at or near {text}")

    def expect(self, text: str) -> None:
        if not self.at(text):
            if text == "}" and self.peek()[0] == "eof":
                raise AwkSyntaxError(f"line {self.peek()[2]}: missing }} near end of file")
            raise self.error()
        self.i += 1

    def newlines(self) -> None:
        while self.peek()[0] == "nl":
            self.i += 1

    def terminators(self) -> None:
        while self.peek()[0] == "nl" or self.at(";"):
            self.i += 1

    def expr_list(self, no_gt: bool = False) -> list[tuple]:
        items = [self.expr(no_gt)]
        while self.at(","):
            self.i += 1
            self.newlines()
            items.append(self.expr(no_gt))
        return items

    # -- expressions (lowest to highest precedence) ------------------------------
    def expr(self, no_gt: bool = False) -> tuple:
        return self.ternary(no_gt)

    def ternary(self, no_gt: bool) -> tuple:
        cond = self.or_expr(no_gt)
        if self.at("?"):
            self.i += 1
            self.newlines()
            a = self.ternary(no_gt)
            self.newlines()
            self.expect(":")
            self.newlines()
            return ("cond", cond, a, self.ternary(no_gt))
        if self.peek()[0] == "op" and self.peek()[1] in ("=", "+=", "-=", "*=", "/=", "%=", "^="):
            if cond[0] not in ("var", "field", "index"):
                raise self.error()
            op = self.peek()[1]
            self.i += 1
            self.newlines()
            return ("assign", op, cond, self.ternary(no_gt))
        return cond

    def or_expr(self, no_gt: bool) -> tuple:
        left = self.and_expr(no_gt)
        while self.at("||"):
            self.i += 1
            self.newlines()
            left = ("or", left, self.and_expr(no_gt))
        return left

    def and_expr(self, no_gt: bool) -> tuple:
        left = self.in_expr(no_gt)
        while self.at("&&"):
            self.i += 1
            self.newlines()
            left = ("and", left, self.in_expr(no_gt))
        return left

    def in_expr(self, no_gt: bool) -> tuple:
        left = self.match_expr(no_gt)
        while self.at("in"):
            self.i += 1
            left = ("in", [left], self.peek()[1])
            self.i += 1
        return left

    def match_expr(self, no_gt: bool) -> tuple:
        left = self.rel(no_gt)
        while self.at("~") or self.at("!~"):
            neg = self.peek()[1] == "!~"
            self.i += 1
            left = ("match", neg, left, self.rel(no_gt))
        return left

    def rel(self, no_gt: bool) -> tuple:
        left = self.concat(no_gt)
        ops = ("<", "<=", "!=", "==", ">=") + (() if no_gt else (">",))
        if self.peek()[0] == "op" and self.peek()[1] in ops:
            op = self.peek()[1]
            self.i += 1
            left = ("cmp", op, left, self.concat(no_gt))
        return left

    def concat(self, no_gt: bool = False) -> tuple:
        left = self.additive()
        while True:
            kind, t, _ = self.peek()
            if kind in ("num", "str", "re", "name", "builtin", "funcname") or (
                    kind == "op" and t in ("$", "!", "(", "-", "+", "++", "--")) and not (
                    kind == "kw" and t == "in"):
                if kind == "op" and t in ("-", "+"):
                    break
                left = ("concat", left, self.additive())
            else:
                return left
        return left

    def additive(self) -> tuple:
        left = self.mult()
        while self.peek()[0] == "op" and self.peek()[1] in ("+", "-"):
            op = self.peek()[1]
            self.i += 1
            left = ("bin", op, left, self.mult())
        return left

    def mult(self) -> tuple:
        left = self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in ("*", "/", "%"):
            op = self.peek()[1]
            self.i += 1
            left = ("bin", op, left, self.unary())
        return left

    def unary(self) -> tuple:
        if self.peek()[0] == "op" and self.peek()[1] in ("!", "-", "+"):
            op = self.peek()[1]
            self.i += 1
            return ("not", self.unary()) if op == "!" else ("neg" if op == "-" else "plus", self.unary())
        return self.power()

    def power(self) -> tuple:
        base = self.postfix()
        if self.peek()[0] == "op" and self.peek()[1] == "^":
            self.i += 1
            return ("bin", "^", base, self.unary())   # right associative
        return base

    def postfix(self) -> tuple:
        if self.peek()[0] == "op" and self.peek()[1] in ("++", "--"):
            op = self.peek()[1]
            self.i += 1
            return ("incr", op, True, self.postfix())
        e = self.primary()
        if self.peek()[0] == "op" and self.peek()[1] in ("++", "--") and e[0] in ("var", "field", "index"):
            op = self.peek()[1]
            self.i += 1
            return ("incr", op, False, e)
        return e

    def primary(self) -> tuple:
        kind, t, _ = self.peek()
        self.i += 1
        if kind == "num":
            return ("num", float(t))
        if kind == "str":
            return ("str", t)
        if kind == "re":
            return ("regex", t)
        if kind == "op" and t == "$":
            return ("field", self.postfix_no_incr())
        if kind == "op" and t == "(":
            first = self.expr()
            if self.at(","):
                self.i += 1
                rest = self.expr_list()
                self.expect(")")
                if not self.at("in"):
                    raise self.error()
                self.i += 1
                name = self.peek()[1]
                self.i += 1
                return ("in", [first, *rest], name)
            self.expect(")")
            return ("group", first)
        if kind == "builtin":
            args: list[tuple] = []
            if self.at("("):
                self.i += 1
                if not self.at(")"):
                    args = self.expr_list()
                self.expect(")")
            elif t != "length":
                self.i -= 1
                raise self.error()
            return ("call", t, args)
        if kind == "funcname":
            self.expect("(")
            args = [] if self.at(")") else self.expr_list()
            self.expect(")")
            return ("ucall", t, args)
        if kind == "kw" and t == "getline":
            return ("getline",)
        if kind == "name":
            if self.at("["):
                self.i += 1
                subs = self.expr_list()
                self.expect("]")
                return ("index", t, subs)
            return ("var", t)
        self.i -= 1
        raise self.error()

    def postfix_no_incr(self) -> tuple:
        if self.peek()[0] == "op" and self.peek()[1] in ("-", "!"):
            op = self.peek()[1]
            self.i += 1
            return ("neg", self.primary()) if op == "-" else ("not", self.primary())
        if self.peek()[0] == "op" and self.peek()[1] in ("++", "--"):
            op = self.peek()[1]
            self.i += 1
            return ("incr", op, True, self.primary())
        return self.primary()
