"""Reading the inside of words: quotes, escapes, `$...` expansions and backticks.

One loop serves every quoting context; a Ctx says which characters are special there.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from shelldojo.shell.syntax import ast
from shelldojo.shell.syntax.ansi import ansi_c

if TYPE_CHECKING:
    from shelldojo.shell.syntax.lexer import Lexer

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SPECIAL_PARAMS = "@*#?$!-0123456789"
class Ctx:
    """A quoting context: which characters end a word and which are special in it."""

    __slots__ = ("ansi", "dq", "dquote", "escs", "parens", "run", "sq", "stops")

    def __init__(self, stops: str, dq: bool = False, sq: bool = True, dquote: bool = True,
                 parens: bool = False, ansi: bool = True, escs: str = '$`"\\\n') -> None:
        self.stops = stops      # characters that end the word (at paren depth 0)
        self.dq = dq            # double-quote backslash rules
        self.sq = sq            # ' starts single quotes
        self.dquote = dquote    # " starts double quotes
        self.parens = parens    # count ( ) so that a nested ) does not stop
        self.ansi = ansi        # $'...' and $"..." are recognised
        self.escs = escs        # what a backslash escapes under dq rules
        special = "\\\\$`" + stops + ("'" if sq else "") + ('"' if dquote else "")
        special += "()" if parens else ""
        # runs of ordinary characters are taken in one regex match
        self.run = re.compile("[^" + special.replace("]", "\\]").replace("^", "\\^") + "]+")


_BRACE_CTX: dict[tuple[str, bool], Ctx] = {}


def brace_ctx(stops: str, sq: bool = True) -> Ctx:
    ctx = _BRACE_CTX.get((stops, sq))
    if ctx is None:
        ctx = _BRACE_CTX[(stops, sq)] = Ctx(stops, sq=sq)
    return ctx


WORD = Ctx(" \t\n|&;()<>")
DQ = Ctx('"', dq=True, sq=False, dquote=False, ansi=False)
HEREDOC = Ctx("", dq=True, sq=False, dquote=False, ansi=False, escs="$`\\\n")
ARITH = Ctx(")", parens=True)
REGEX = Ctx(" \t\n", parens=True)
INDEX = Ctx("]")
LEGACY_ARITH = Ctx("]")   # $[ expr ]: the old arithmetic form
ARITH_ALL = Ctx("", parens=True)
EXTGLOB = Ctx(")", parens=True)   # inside @( ... ): up to the matching )


class WordReader:
    def __init__(self, lexer: Lexer) -> None:
        self.lx = lexer

    @property
    def src(self) -> str:
        return self.lx.src

    # ------------------------------------------------------------------ entry points
    def read_word(self, pos: int, ctx: Ctx = WORD) -> ast.Word:
        parts, self.lx.pos = self.parts(pos, ctx)
        return ast.Word(parts)

    def read_until(self, start: int, end: int) -> ast.Word:
        """A word from src[start:end] (array subscripts)."""
        parts, _ = self.parts(start, INDEX, limit=end)
        return ast.Word(parts)

    def heredoc_word(self, text: str, line: int) -> ast.Word:
        sub = self.lx.sub(text, line)
        parts, _ = sub.words.parts(0, HEREDOC)
        return ast.Word(parts)

    def read_arith(self, pos: int) -> tuple[ast.Word, int] | None:
        """The expression after `((` up to the matching `))`; None if the parens close
        singly (then it was `( (...) ...)`)."""
        parts, end = self.parts(pos, ARITH, eof_what=")", eof_pos=pos)
        src = self.src
        if end + 1 < len(src) and src[end + 1] == ")":
            return ast.Word(parts), end + 2
        return None

    # ------------------------------------------------------------------ the loop
    def parts(self, pos: int, ctx: Ctx, limit: int = -1, eof_what: str = "",
              eof_pos: int = 0) -> tuple[list[ast.WordPart], int]:
        """Read parts from pos until a stop char (not consumed) or limit; returns (parts, end)."""
        src = self.src
        n = len(src) if limit < 0 else limit
        run = ctx.run
        out: list[ast.WordPart] = []
        lit: list[str] = []
        depth = 0
        while pos < n:
            m = run.match(src, pos, n)
            if m is not None:
                lit.append(m.group())
                pos = m.end()
                continue
            c = src[pos]
            if c == "(" and ctx is WORD and lit and lit[-1][-1] in "?*+@!" and self._extglob():
                # an extglob pattern list: @(a|b) is one word, | and blanks included
                lit.append("(")
                self._flush(out, lit)
                inner, end = self.parts(pos + 1, EXTGLOB, eof_what=")", eof_pos=pos)
                out.extend(inner)
                lit.append(")")
                pos = end + 1
                continue
            if c in "<>" and ctx is WORD and src.startswith("(", pos + 1) and pos + 1 < n:
                self._flush(out, lit)  # <(list) / >(list): process substitution
                psub, pos = self._procsubst(pos)
                out.append(psub)
                continue
            if c in ctx.stops and depth == 0:
                break
            if c == "(" and ctx.parens:
                depth += 1
                lit.append(c)
                pos += 1
            elif c == ")" and ctx.parens:
                if depth == 0:
                    break
                depth -= 1
                lit.append(c)
                pos += 1
            elif c == "\\":
                nxt = src[pos + 1] if pos + 1 < n else ""
                if nxt == "\n":
                    pos += 2
                elif nxt == "" or ctx.dq and nxt not in ctx.escs:
                    lit.append("\\")
                    pos += 1
                else:
                    self._flush(out, lit)
                    out.append(ast.Escaped(nxt))
                    pos += 2
            elif c == "'":
                end = src.find("'", pos + 1)
                if end < 0 or end >= n:
                    raise self.lx.eof_error("'", pos)
                self._flush(out, lit)
                out.append(ast.SingleQuoted(src[pos + 1:end]))
                pos = end + 1
            elif c == '"':
                self._flush(out, lit)
                inner, end = self.parts(pos + 1, DQ, limit)
                if end >= n:
                    raise self.lx.eof_error('"', pos)
                out.append(ast.DoubleQuoted(inner))
                pos = end + 1
            elif c == "`":
                self._flush(out, lit)
                part, pos = self._backtick(pos, ctx.dq)
                out.append(part)
            else:  # "$"
                dpart, pos = self._dollar(pos, ctx, n)
                if isinstance(dpart, ast.Lit):
                    lit.append(dpart.text)
                else:
                    self._flush(out, lit)
                    out.append(dpart)
        if eof_what and pos >= n:
            raise self.lx.eof_error(eof_what, eof_pos)
        self._flush(out, lit)
        return out, pos

    def _extglob(self) -> bool:
        on = self.lx.extglob
        return on is not None and on()

    @staticmethod
    def _flush(out: list[ast.WordPart], lit: list[str]) -> None:
        if lit:
            out.append(ast.Lit("".join(lit)))
            lit.clear()

    # ------------------------------------------------------------------ $ forms
    def _dollar(self, pos: int, ctx: Ctx, n: int) -> tuple[ast.WordPart, int]:
        src = self.src
        c = src[pos + 1] if pos + 1 < n else ""
        if c == "{":
            return self._braced(pos + 2, ctx.dq)
        if c == "(":
            if pos + 2 < n and src[pos + 2] == "(":
                got = self.read_arith(pos + 3)
                if got is not None:
                    return ast.ArithSub(got[0]), got[1]
            return self._cmdsub(pos + 2)
        if c == "[":
            inner, end = self.parts(pos + 2, LEGACY_ARITH, n, eof_what="]", eof_pos=pos + 1)
            return ast.ArithSub(ast.Word(inner)), end + 1
        if c == "'" and ctx.ansi:
            return self._ansi(pos + 2, n)
        if c == '"' and ctx.ansi:
            inner, end = self.parts(pos + 2, DQ, n)
            if end >= n:
                raise self.lx.eof_error('"', pos + 1)
            return ast.DoubleQuoted(inner), end + 1
        if c and (c.isalpha() or c == "_") and c.isascii():
            m = _NAME.match(src, pos + 1, n)
            assert m is not None
            return ast.ParamSub(m.group()), m.end()
        if c and c in _SPECIAL_PARAMS:
            return ast.ParamSub(c), pos + 2
        return ast.Lit("$"), pos + 1

    def _cmdsub(self, pos: int) -> tuple[ast.WordPart, int]:
        lx = self.lx
        if lx.nested is None:
            raise lx.error("command substitution unsupported here", pos)
        saved_pos = lx.pos
        lx.pos = pos
        body, end = lx.nested.command_sub(lx)
        lx.pos = saved_pos
        return ast.CommandSub(body, False, self.src[pos:end - 1]), end

    def _procsubst(self, pos: int) -> tuple[ast.WordPart, int]:
        body, end = self._cmdsub(pos + 2)
        assert isinstance(body, ast.CommandSub)
        return ast.ProcSubst(self.src[pos], body.body, body.source), end

    def _backtick(self, pos: int, in_dq: bool) -> tuple[ast.WordPart, int]:
        src = self.src
        i = pos + 1
        buf: list[str] = []
        while True:
            if i >= len(src):
                raise self.lx.eof_error("`", pos)
            c = src[i]
            if c == "`":
                break
            if c == "\\" and i + 1 < len(src):
                nxt = src[i + 1]
                if nxt in "$`\\" or (in_dq and nxt == '"'):
                    buf.append(nxt)
                    i += 2
                    continue
                buf.append(c)
                i += 1
                continue
            buf.append(c)
            i += 1
        text = "".join(buf)
        lx = self.lx
        if lx.nested is None:
            raise lx.error("command substitution unsupported here", pos)
        return ast.CommandSub(lx.nested.backquoted(text, lx, pos), True, text), i + 1

    def _ansi(self, pos: int, n: int) -> tuple[ast.WordPart, int]:
        got = ansi_c(self.src, pos, n)
        if got is None:
            raise self.lx.eof_error("'", pos - 1)
        return ast.SingleQuoted(got[0]), got[1]

    def _braced(self, pos: int, in_dq: bool = False) -> tuple[ast.WordPart, int]:
        """${...}: pos is just after `${`."""
        src, lx = self.src, self.lx
        start = pos - 2
        n = len(src)

        def bad() -> tuple[ast.WordPart, int]:
            end = src.find("}", pos)
            if end < 0:
                raise lx.eof_error("}", start)
            # the interpreter reports "${<name>}: bad substitution"
            return ast.ParamSub(src[start + 2:end], op="bad", braced=True), end + 1

        length = indirect = False
        c = src[pos] if pos < n else ""
        nxt = src[pos + 1] if pos + 1 < n else ""
        if c == "#" and nxt not in ("}", "") and (nxt in _SPECIAL_PARAMS or nxt.isalpha() or nxt == "_"):
            length, pos = True, pos + 1
        elif c == "!" and nxt not in ("}", ""):
            indirect, pos = True, pos + 1
        m = _NAME.match(src, pos)
        if m is not None:
            name, pos = m.group(), m.end()
        elif pos < n and src[pos].isdigit():
            j = pos
            while j < n and src[j].isdigit():
                j += 1
            name, pos = src[pos:j], j
        elif pos < n and src[pos] in _SPECIAL_PARAMS:
            name, pos = src[pos], pos + 1
        else:
            if pos >= n:
                raise lx.eof_error("}", start)
            return bad()
        index = None
        if pos < n and src[pos] == "[" and m is not None:
            close = self._close_bracket(pos)
            if close < 0:
                return bad()
            index = self.read_until(pos + 1, close)
            pos = close + 1
        if pos >= n:
            raise lx.eof_error("}", start)
        c = src[pos]
        if c == "}":
            return ast.ParamSub(name, "!" if indirect else ("#" if length else ""), index=index,
                                length=length, braced=True), pos + 1
        if indirect and c in "@*" and pos + 1 < n and src[pos + 1] == "}":
            return ast.ParamSub(name, "!@", braced=True), pos + 2
        if length or indirect:
            return bad()
        for op in (":-", ":=", ":+", ":?", "-", "=", "+", "?", "##", "#", "%%", "%",
                   "//", "/#", "/%", "/", "^^", "^", ",,", ",", "~~", "~", ":"):
            if src.startswith(op, pos):
                break
        else:
            return bad()
        pos += len(op)
        arg2 = None
        arg: ast.Word | None
        if op.startswith("/"):
            arg, pos = self._brace_arg(pos, "}/", start)
            if src[pos] == "/":
                arg2, pos = self._brace_arg(pos + 1, "}", start)
        elif op == ":":
            if src.startswith("}", pos):
                return bad()  # ${x:} has no offset: "bad substitution"
            arg, pos = self._brace_arg(pos, "}:", start)
            if src[pos] == ":":
                arg2, pos = self._brace_arg(pos + 1, "}", start)
        else:
            # inside "...", ${x:-'a'} keeps its single quotes (bash does)
            sq = not (in_dq and op.lstrip(":") in ("-", "=", "+", "?"))
            arg, pos = self._brace_arg(pos, "}", start, sq)
            if op[0] in "^,~" and not arg.parts:
                arg = None  # ${x^^}: no pattern
        return ast.ParamSub(name, op, arg, arg2, index, braced=True), pos + 1

    def _brace_arg(self, pos: int, stops: str, start: int, sq: bool = True) -> tuple[ast.Word, int]:
        parts, end = self.parts(pos, brace_ctx(stops, sq))
        if end >= len(self.src):
            raise self.lx.eof_error("}", start)
        return ast.Word(parts), end

    def _close_bracket(self, pos: int) -> int:
        src, depth = self.src, 0
        for i in range(pos, len(src)):
            c = src[i]
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    return i
            elif c == "}":
                return -1
        return -1
