"""awk parser (POSIX awk as mawk 1.3.4 reads it): program, functions and statements.

Expressions are parsed by ExprParser (awk_parse_expr); the AST is nested tuples.
"""
from __future__ import annotations

from shelldojo.shell.commands.awk.lex import AwkSyntaxError
from shelldojo.shell.commands.awk.parse_expr import ExprParser


class Parser(ExprParser):
    """A whole awk program: BEGIN/END, pattern-action items, functions, statements."""

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
