"""awk lexer and parser (POSIX awk as mawk 1.3.4 reads it); the AST is nested tuples."""
from __future__ import annotations

import re


class AwkSyntaxError(Exception):
    pass


_TOKEN = re.compile(r"""
    (?P<ws>[ \t]+|\\\n|\#[^\n]*)
  | (?P<nl>\n)
  | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\+\+|--|\+=|-=|\*=|/=|%=|\^=|==|<=|>=|!=|!~|&&|\|\||>>|[-+*/%^!<>~?:=,;{}()\[\]$|])
""", re.VERBOSE)
KEYWORDS = {"BEGIN", "END", "function", "func", "if", "else", "while", "for", "do", "break", "continue",
            "next", "nextfile", "exit", "return", "delete", "in", "getline", "print", "printf"}
BUILTINS = {"length", "substr", "index", "split", "sub", "gsub", "match", "sprintf", "sin", "cos", "atan2",
            "exp", "log", "sqrt", "int", "rand", "srand", "tolower", "toupper", "system", "close", "fflush"}
_ESC = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "/": "/", "a": "\a", "b": "\b", "f": "\f",
        "v": "\v"}


def unescape(s: str) -> str:
    def rep(m: re.Match[str]) -> str:
        t = m.group(1)
        if t[0] in "01234567":
            return chr(int(t, 8) & 0xFF)
        return _ESC.get(t, "\\" + t)
    return re.sub(r"\\([0-7]{1,3}|.)", rep, s, flags=re.DOTALL)


def tokenize(src: str) -> list[tuple[str, str, int]]:
    toks: list[tuple[str, str, int]] = []
    i, line = 0, 1
    while i < len(src):
        c = src[i]
        if c == "/" and _regex_allowed(toks):
            j = i + 1
            while j < len(src) and src[j] != "/":
                if src[j] == "\n":
                    raise AwkSyntaxError(f"line {line}: runaway regular expression /{src[i + 1:j]} ...")
                j += 2 if src[j] == "\\" else 1
            if j >= len(src):
                raise AwkSyntaxError(f"line {line}: runaway regular expression /{src[i + 1:j]} ...")
            toks.append(("re", src[i + 1:j], line))
            i = j + 1
            continue
        m = _TOKEN.match(src, i)
        if not m:
            if c == '"':
                raise AwkSyntaxError(f"line {line}: runaway string constant \"{src[i + 1:i + 11]} ...")
            raise AwkSyntaxError(f"line {line}: syntax error at or near {c}")
        kind = m.lastgroup or ""
        text = m.group()
        i = m.end()
        if kind == "ws":
            line += text.count("\n")
            continue
        if kind == "nl":
            toks.append(("nl", "\n", line))
            line += 1
            continue
        if kind == "name" and text in KEYWORDS:
            kind = "kw"
        elif kind == "name" and text in BUILTINS:
            kind = "builtin"
        elif kind == "name" and i < len(src) and src[i] == "(":
            kind = "funcname"
        elif kind == "str":
            text = unescape(text[1:-1])
        toks.append((kind, text, line))
    toks.append(("eof", "", line + 1))   # mawk counts the program's implicit final newline
    return toks


def _regex_allowed(toks: list[tuple[str, str, int]]) -> bool:
    if not toks:
        return True
    kind, text, _ = toks[-1]
    if kind in ("num", "str", "name", "builtin", "re"):
        return False
    return not (kind == "op" and text in (")", "]", "$", "++", "--"))


class Parser:
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

    # -- program ---------------------------------------------------------------
    def program(self) -> tuple[list, dict]:
        items = []
        self.terminators()
        while self.peek()[0] != "eof":
            if self.at("BEGIN") or self.at("END"):
                which = self.peek()[1]
                self.i += 1
                self.newlines()
                if not self.at("{"):
                    raise self.error()
                items.append((which, None, self.block()))
            elif self.at("function") or self.at("func"):
                self.function()
            else:
                pat: tuple | None = None
                if not self.at("{"):
                    pat = self.expr()
                    if self.at(","):
                        self.i += 1
                        self.newlines()
                        pat = ("range", pat, self.expr(), [False])
                body = self.block() if self.at("{") else None
                items.append(("main", pat, body))
            self.terminators()
        return items, self.funcs

    def function(self) -> None:
        self.i += 1
        kind, name, _ = self.peek()
        if kind not in ("name", "funcname"):
            raise self.error()
        self.i += 1
        self.expect("(")
        params = []
        while not self.at(")"):
            if self.peek()[0] != "name":
                raise self.error()
            params.append(self.peek()[1])
            self.i += 1
            if self.at(","):
                self.i += 1
                self.newlines()
        self.i += 1
        self.newlines()
        self.funcs[name] = (params, self.block())

    def block(self) -> tuple:
        self.expect("{")
        self.depth += 1
        stmts = []
        self.terminators()
        while not self.at("}"):
            if self.peek()[0] == "eof":
                raise AwkSyntaxError(f"line {self.peek()[2]}: missing }} near end of file")
            stmts.append(self.statement())
            self.terminators()
        self.i += 1
        self.depth -= 1
        return ("block", stmts)

    def simple_end(self) -> None:
        if self.at(";") or self.peek()[0] == "nl":
            self.i += 1
        elif not (self.at("}") or self.peek()[0] == "eof"):
            raise self.error()

    def statement(self) -> tuple:
        kind, t, _ = self.peek()
        if self.at("{"):
            return self.block()
        if kind == "kw":
            if t == "if":
                self.i += 1
                self.expect("(")
                cond = self.expr()
                self.expect(")")
                self.newlines()
                then = self.opt_statement()
                save = self.i
                self.terminators()
                if self.at("else"):
                    self.i += 1
                    self.newlines()
                    return ("if", cond, then, self.opt_statement())
                self.i = save
                return ("if", cond, then, None)
            if t == "while":
                self.i += 1
                self.expect("(")
                cond = self.expr()
                self.expect(")")
                if self.at(";"):
                    self.i += 1
                    return ("while", cond, ("block", []))
                self.newlines()
                return ("while", cond, self.opt_statement())
            if t == "do":
                self.i += 1
                self.newlines()
                body = self.opt_statement()
                self.terminators()
                if not self.at("while"):
                    raise self.error()
                self.i += 1
                self.expect("(")
                cond = self.expr()
                self.expect(")")
                self.simple_end()
                return ("do", body, cond)
            if t == "for":
                return self.for_statement()
            if t in ("break", "continue", "next", "nextfile"):
                self.i += 1
                self.simple_end()
                return (t,)
            if t in ("exit", "return"):
                self.i += 1
                value = None
                if not (self.at(";") or self.at("}") or self.peek()[0] in ("nl", "eof")):
                    value = self.expr()
                self.simple_end()
                return (t, value)
            if t == "delete":
                self.i += 1
                if self.peek()[0] != "name":
                    raise self.error()
                name = self.peek()[1]
                self.i += 1
                subs = None
                if self.at("["):
                    self.i += 1
                    subs = self.expr_list()
                    self.expect("]")
                self.simple_end()
                return ("delete", name, subs)
            if t in ("print", "printf"):
                return self.print_statement(t)
        if self.at(";"):
            self.i += 1
            return ("block", [])
        e = self.expr()
        self.simple_end()
        return ("expr", e)

    def opt_statement(self) -> tuple:
        if self.at(";"):
            self.i += 1
            return ("block", [])
        return self.statement()

    def for_statement(self) -> tuple:
        self.i += 1
        self.expect("(")
        if self.peek()[0] == "name" and self.peek(1)[1] == "in" and self.peek(2)[0] == "name" \
                and self.peek(3)[1] == ")":
            var, arr = self.peek()[1], self.peek(2)[1]
            self.i += 4
            self.newlines()
            return ("forin", var, arr, self.opt_statement())
        init = None if self.at(";") else self.expr()
        self.expect(";")
        self.newlines()
        cond = None if self.at(";") else self.expr()
        self.expect(";")
        self.newlines()
        step = None if self.at(")") else self.expr()
        self.expect(")")
        if self.at(";"):
            self.i += 1
            return ("for", init, cond, step, ("block", []))
        self.newlines()
        return ("for", init, cond, step, self.opt_statement())

    def print_statement(self, which: str) -> tuple:
        self.i += 1
        args: list[tuple] = []
        if self.at("(") and self._paren_list_then_end():
            self.i += 1
            args = self.expr_list(no_gt=False)
            self.expect(")")
        elif not (self.at(";") or self.at("}") or self.at(">") or self.at(">>") or self.at("|")
                  or self.peek()[0] in ("nl", "eof")):
            args = self.expr_list(no_gt=True)
        dest = None
        if self.at(">") or self.at(">>") or self.at("|"):
            mode = self.peek()[1]
            self.i += 1
            dest = (mode, self.concat(no_gt=True))
        self.simple_end()
        if which == "printf" and not args:
            raise self.error()
        return (which, args, dest)

    def _paren_list_then_end(self) -> bool:
        depth, j = 0, self.i
        while j < len(self.toks):
            t = self.toks[j]
            if t[1] in ("(", "[") and t[0] == "op":
                depth += 1
            elif t[1] in (")", "]") and t[0] == "op":
                depth -= 1
                if depth == 0:
                    nxt = self.toks[j + 1]
                    return nxt[0] in ("nl", "eof") or nxt[1] in (";", "}", ">", ">>", "|")
            elif t[0] in ("nl", "eof"):
                return False
            j += 1
        return False

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
