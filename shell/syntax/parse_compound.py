"""Compound commands: if, while/until, for, for ((...)), case, { ...; }, [[ ... ]]."""
from __future__ import annotations

from typing import TYPE_CHECKING

from shelldojo.shell.syntax import ast
from shelldojo.shell.syntax.tokens import SyntaxError_, Token
from shelldojo.shell.syntax.words import ARITH_ALL, REGEX

if TYPE_CHECKING:
    from shelldojo.shell.syntax.parser import Parser

_CASE_ENDS = (";;", ";&", ";;&")
_UNARY = frozenset(["-a", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-p", "-r", "-s", "-t", "-u", "-w", "-x", "-G", "-L", "-N", "-O", "-S", "-z", "-n", "-o", "-v", "-R"])
_BINARY = frozenset(["=", "==", "!=", "=~", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"])


def compound(p: Parser, v: str) -> ast.Command:
    tok = p.take()
    line = tok.line
    if v == "if":
        return _if(p, line)
    if v in ("while", "until"):
        cond = p.compound_list()
        p.expect("do")
        body = p.compound_list()
        p.expect("done")
        return ast.While(cond, body, v == "until", [], line)
    if v == "for":
        return _for(p, line)
    if v == "case":
        return _case(p, line)
    if v == "{":
        body = p.compound_list()
        p.expect("}")
        return ast.BraceGroup(body, [], line)
    return _cond(p, line)


def _if(p: Parser, line: int) -> ast.Command:
    clauses = []
    cond = p.compound_list()
    p.expect("then")
    clauses.append((cond, p.compound_list()))
    else_body = None
    while True:
        tok = p.peek()
        if tok.is_reserved("elif"):
            p.take()
            cond = p.compound_list()
            p.expect("then")
            clauses.append((cond, p.compound_list()))
        elif tok.is_reserved("else"):
            p.take()
            else_body = p.compound_list()
            p.expect("fi")
            break
        else:
            p.expect("fi")
            break
    return ast.If(clauses, else_body, [], line)


def _do_body(p: Parser) -> ast.CommandList:
    """`do ... done`, or bash's `{ ...; }` alternative."""
    tok = p.peek()
    if tok.is_reserved("{"):
        p.take()
        body = p.compound_list()
        p.expect("}")
        return body
    p.expect("do")
    body = p.compound_list()
    p.expect("done")
    return body


def _for(p: Parser, line: int) -> ast.Command:
    tok = p.peek()
    src = p.lx.src
    if tok.kind == "OP" and tok.value == "(" and tok.end < len(src) and src[tok.end] == "(":
        got = p.lx.words.read_arith(tok.end + 1)
        if got is None:
            raise p.unexpected(tok)
        p._peek = None
        p.lx.pos = got[1]
        text = src[tok.end + 1:got[1] - 2]
        segs = text.split(";")
        if len(segs) != 3:
            what = "`;' unexpected" if len(segs) > 3 else "arithmetic expression required"
            err = SyntaxError_(f"syntax error: {what}", tok.line, None)
            err.extra_messages.append(f"syntax error: `(({text}))'")  # bash's second line
            raise err
        words = [_arith_word(p, s, tok.line) for s in segs]
        sep = p.peek()
        if sep.kind == "OP" and sep.value == ";":
            p.take()
        p.skip_newlines()
        body = _do_body(p)
        return ast.ArithFor(words[0], words[1], words[2], body, [], line)
    if tok.kind != "WORD":
        raise p.unexpected(tok)
    var = p.take().value
    p.skip_newlines()
    tok = p.peek()
    words: list[ast.Word] | None = None
    if tok.is_reserved("in"):
        p.take()
        words = []
        while (t := p.peek()).kind in ("WORD", "IONUM"):
            words.append(t.word)  # type: ignore[arg-type]
            p.take()
        t = p.peek()
        if t.kind == "NEWLINE" or (t.kind == "OP" and t.value == ";"):
            p.take()
        else:
            raise p.unexpected(t)
        p.skip_newlines()
    elif tok.kind == "OP" and tok.value == ";":
        p.take()
        p.skip_newlines()
    body = _do_body(p)
    return ast.For(var, words, body, [], line)


def _arith_word(p: Parser, text: str, line: int) -> ast.Word | None:
    """An arithmetic expression from raw text (the parts of `for ((...))`)."""
    if not text.strip():
        return None
    sub = p.lx.sub(text.strip(), line)
    parts, _ = sub.words.parts(0, ARITH_ALL)
    return ast.Word(parts)


def _case(p: Parser, line: int) -> ast.Command:
    tok = p.peek()
    if tok.kind not in ("WORD", "IONUM"):
        raise p.unexpected(tok)
    word = p.take().word
    assert word is not None
    p.skip_newlines()
    p.expect("in")
    p.skip_newlines()
    items: list[ast.CaseItem] = []
    while True:
        tok = p.peek()
        if tok.is_reserved("esac"):
            p.take()
            break
        if tok.kind == "OP" and tok.value == "(":
            p.take()
        patterns = []
        while True:
            t = p.peek()
            if t.kind not in ("WORD", "IONUM"):
                raise p.unexpected(t)
            patterns.append(p.take().word)
            t = p.peek()
            if t.kind == "OP" and t.value == "|":
                p.take()
            elif t.kind == "OP" and t.value == ")":
                p.take()
                break
            else:
                raise p.unexpected(t)
        p.skip_newlines()
        t = p.peek(True)
        body = None
        if not (t.kind == "OP" and t.value in _CASE_ENDS) and not t.is_reserved("esac"):
            body = p.compound_list()
        t = p.peek()
        term = ";;"
        if t.kind == "OP" and t.value in _CASE_ENDS:
            term = p.take().value
            p.skip_newlines()
        elif not t.is_reserved("esac"):
            raise p.unexpected(t)
        items.append(ast.CaseItem(patterns, body, term))  # type: ignore[arg-type]
    return ast.Case(word, items, [], line)


# ------------------------------------------------------------------ [[ ... ]]


def _cond(p: Parser, line: int) -> ast.Command:
    c = _Cond(p)
    tok = c.tok()
    if tok.is_reserved("]]"):
        raise SyntaxError_("", tok.line, None, status=None)
    expr = c.or_expr()
    tok = c.tok()
    # bash reports what follows the expression on the line where the expression ended
    eof_line = c.nl_line or tok.line
    while tok.kind == "NEWLINE":  # `[[ a == b<newline>]]` is one command in bash
        p.take()
        tok = c.tok()
    if tok.kind == "EOF":
        raise SyntaxError_("unexpected EOF while looking for `]]'", eof_line, None, True)
    if not tok.is_reserved("]]"):  # a whole expression, then more: bash's wording
        what = "" if tok.kind in ("WORD", "IONUM") else f": unexpected token `{c.show(tok)}'"
        err = c.fail(f"syntax error in conditional expression{what}", tok)
        err.line = eof_line if c.nl_line or eof_line != tok.line else err.line
        raise err
    p.take()
    return ast.CondCommand(expr, [], line)


class _Cond:
    def __init__(self, p: Parser) -> None:
        self.p = p
        self.nl_line = 0  # the line of the first newline after a whole operand

    def tok(self) -> Token:
        return self.p.peek()

    def skip_nl(self) -> Token:
        while (t := self.tok()).kind == "NEWLINE":
            self.p.take()
        if t.kind == "EOF":
            raise SyntaxError_("unexpected token `EOF' in conditional command",
                               self.p.lx.eof_line(), None, True)
        return t

    @staticmethod
    def show(t: Token) -> str:
        return "newline" if t.kind == "NEWLINE" else t.value

    def fail(self, msg: str, t: Token) -> SyntaxError_:
        # bash keeps $? for these, except when the end of input caused them
        at_end = t.kind == "EOF" or (t.kind == "NEWLINE" and not t.value)
        return SyntaxError_(msg, t.line, None, at_end, status=2 if at_end else None)

    def after(self) -> Token:
        """The token after a whole operand: newlines there are blanks (`[[ a\n&& b ]]`)."""
        while (t := self.tok()).kind == "NEWLINE" and t.value:
            self.nl_line = self.nl_line or t.line
            self.p.take()
        return t

    def or_expr(self) -> ast.CondExpr:
        left = self.and_expr()
        while (t := self.after()).kind == "OP" and t.value == "||":
            self.p.take()
            self.skip_nl()
            left = ast.CondOr(left, self.and_expr())
        return left

    def and_expr(self) -> ast.CondExpr:
        left = self.not_expr()
        while (t := self.after()).kind == "OP" and t.value == "&&":
            self.p.take()
            self.skip_nl()
            left = ast.CondAnd(left, self.not_expr())
        return left

    def not_expr(self) -> ast.CondExpr:
        t = self.skip_nl()
        if t.is_reserved("!"):
            self.p.take()
            return ast.CondNot(self.not_expr())
        return self.primary()

    def word(self, t: Token, what: str) -> ast.Word:
        if t.kind not in ("WORD", "IONUM") or t.is_reserved("]]"):
            raise self.fail(f"unexpected argument `{self.show(t)}' to conditional {what} operator", t)
        self.p.take()
        assert t.word is not None
        return t.word

    def primary(self) -> ast.CondExpr:
        t = self.skip_nl()
        if t.kind == "OP" and t.value == "(":
            self.p.take()
            self.skip_nl()
            inner = self.or_expr()
            t = self.skip_nl()  # bash allows newlines before the `)'
            if not (t.kind == "OP" and t.value == ")"):
                raise self.fail(f"unexpected token `{self.show(t)}', expected `)'", t)
            self.p.take()
            return inner
        if t.kind not in ("WORD", "IONUM") or t.is_reserved("]]"):
            raise self.fail(f"unexpected token `{self.show(t)}' in conditional command", t)
        self.p.take()
        assert t.word is not None
        if t.value in _UNARY and t.word.literal() is not None:
            return ast.CondUnary(t.value, self.word(self.tok(), "unary"))
        left = t.word
        op = self.tok()
        if op.kind == "OP" and op.value in ("&&", "||", ")") or op.is_reserved("]]"):
            return ast.CondWord(left)
        if op.value not in _BINARY or op.kind not in ("WORD", "OP") or (
                op.kind == "WORD" and op.word is not None and op.word.literal() is None):
            if op.kind in ("WORD", "IONUM") and op.value not in _BINARY:
                raise self.fail("conditional binary operator expected", op)
            raise self.fail(f"unexpected token `{self.show(op)}', conditional binary operator expected", op)
        self.p.take()
        if op.value == "=~":
            return ast.CondBinary("=~", left, self._regex())
        return ast.CondBinary(op.value, left, self.word(self.tok(), "binary"))

    def _regex(self) -> ast.Word:
        lx = self.p.lx
        lx.skip_blanks()
        t = self.tok()
        if t.is_reserved("]]") or t.kind not in ("WORD", "IONUM", "OP") or (
                t.kind == "OP" and t.value in ("&&", "||")):
            return self.word(t, "binary")
        self.p._peek = None
        lx.pos = t.start
        return lx.words.read_word(t.start, REGEX)
