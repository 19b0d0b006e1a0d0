"""Recursive-descent parser for bash: tokens from shell/syntax/lexer.py -> shell/syntax/ast.py.

Lists and pipelines of one element collapse to that element (AndOr only with `rest`,
Pipeline only with 2+ commands or `!`); compound bodies are always CommandList, and
next_command()/parse() always return a CommandList.
"""
from __future__ import annotations

import sys
from collections.abc import Callable

from shelldojo.shell.syntax import ast
from shelldojo.shell.syntax import parse_compound as pc
from shelldojo.shell.syntax import parse_simple as ps
from shelldojo.shell.syntax.lexer import Lexer
from shelldojo.shell.syntax.parse_simple import COMPOUND_STARTS
from shelldojo.shell.syntax.tokens import CMDSUB_COST, NEST_COST, REDIR_OPS, SyntaxError_, Token

# Python frames the deepest nesting the parser accepts (see lexer.PARSE_STACK) may need
PARSE_RECURSION = 40_000
_CLOSERS = frozenset(("then", "else", "elif", "fi", "do", "done", "esac", "}", "in", "]]"))


class _Nested:
    """The SubParser the parser hands its lexers: commands nested in `$(...)` and backquotes."""

    @staticmethod
    def command_sub(lexer: Lexer) -> tuple[ast.Command, int]:
        """Parse `$(...)` from lexer.pos (just after the `(`); returns (body, end after `)`)."""
        p = Parser("", _lexer=lexer)
        p.in_cmdsub = True
        saved, lexer.pending = lexer.pending, []
        lexer.nest(Token("OP", "$(", lexer.pos, lexer.pos, lexer.line_at(lexer.pos)), CMDSUB_COST)
        try:
            p.skip_newlines()
            tok = p.peek(True)
            if tok.kind == "OP" and tok.value == ")":
                body = ast.CommandList([], [], tok.line)
            else:
                body = p.compound_list()
            tok = p.peek()
            if not (tok.kind == "OP" and tok.value == ")"):
                raise p.unexpected(tok)
            p.take()
        finally:
            lexer.pending = saved + lexer.pending
            lexer.unnest(CMDSUB_COST)
        return body, tok.end

    @staticmethod
    def backquoted(text: str, outer: Lexer, pos: int) -> ast.CommandList:
        sub = Parser(text, first_line=outer.line_at(pos))
        sub.lx.nest_stack = outer.nest_stack  # backticks nest like $( )
        sub.lx.nest(Token("OP", "`", pos, pos, outer.line_at(pos)), CMDSUB_COST)
        return sub.parse_all()


_NESTED = _Nested()


class Parser:
    def __init__(self, source: str, *, first_line: int = 1,
                 aliases: Callable[[str], str | None] | None = None,
                 _lexer: Lexer | None = None) -> None:
        self.lx = _lexer if _lexer is not None else Lexer(source, first_line, _NESTED)
        self.aliases = aliases
        self._peek: Token | None = None
        self.in_cmdsub = False
        self.alias_next = False   # the previous alias value ended with a blank

    @property
    def warnings(self) -> list[tuple[int, str]]:
        """(line, message) of here-documents delimited by end of file, for the interpreter."""
        return self.lx.warnings

    # ------------------------------------------------------------------ tokens
    def peek(self, assign: bool = False) -> Token:
        t = self._peek
        if t is not None:
            if t.kind == "ASSIGN" and not assign or (
                    t.kind == "WORD" and assign and not t.mode and "=" in t.value):
                self.lx.pos = t.start
            else:
                return t
        t = self.lx.next_token(assign)
        self._peek = t
        return t

    def take(self) -> Token:
        t = self._peek
        assert t is not None
        self._peek = None
        return t

    def at_end(self) -> bool:
        """Nothing but blank lines and comments is left (`bash -c`: the command just parsed
        is the last, which bash runs in its own process, without a fork)."""
        t = self._peek
        if t is not None:
            return t.kind == "EOF"
        rest = self.lx.src[self.lx.pos:]
        return all(not line.strip() or line.lstrip().startswith("#") for line in rest.split("\n"))

    def skip_newlines(self) -> None:
        while self.peek().kind == "NEWLINE":
            self.take()

    def unexpected(self, tok: Token) -> SyntaxError_:
        if tok.kind == "EOF":
            return self.eof()
        text = "newline" if tok.kind == "NEWLINE" else tok.value
        return self.lx.error(f"syntax error near unexpected token `{text}'", tok.start, echo=True)

    def eof(self) -> SyntaxError_:
        if self.in_cmdsub:
            return SyntaxError_("unexpected EOF while looking for matching `)'", self.lx.eof_line(),
                                None, True)
        return SyntaxError_("syntax error: unexpected end of file", self.lx.eof_line(), None, True)

    def expect(self, name: str) -> Token:
        tok = self.peek()
        if not tok.is_reserved(name):
            raise self.unexpected(tok)
        return self.take()

    def expect_op(self, op: str) -> Token:
        tok = self.peek()
        if tok.kind != "OP" or tok.value != op:
            raise self.unexpected(tok)
        return self.take()

    # ------------------------------------------------------------------ top level
    def next_command(self) -> ast.Command | None:
        """The next top-level complete command (a CommandList), or None at end of input."""
        self.skip_newlines()
        tok = self.peek(True)
        if tok.kind == "EOF":
            return None
        items: list[ast.Command] = []
        bg: list[bool] = []
        while True:
            items.append(self.and_or())
            tok = self.peek()
            if tok.kind == "OP" and tok.value in (";", "&"):
                self.take()
                bg.append(tok.value == "&")
                nxt = self.peek(True)
                if nxt.kind in ("NEWLINE", "EOF"):
                    break
                continue
            bg.append(False)
            break
        tok = self.peek()
        if tok.kind == "NEWLINE":
            self.take()
        elif tok.kind != "EOF":
            raise self.unexpected(tok)
        return ast.CommandList(items, bg, items[0].line)  # type: ignore[union-attr]

    def parse_all(self) -> ast.CommandList:
        out = ast.CommandList([], [], self.lx.first_line)
        while (cmd := self.next_command()) is not None:
            assert isinstance(cmd, ast.CommandList)
            if not out.items:
                out.line = cmd.line
            out.items.extend(cmd.items)
            out.background.extend(cmd.background)
        return out

    # ------------------------------------------------------------------ lists
    def _can_start(self, tok: Token) -> bool:
        if tok.kind in ("ASSIGN", "IONUM"):
            return True
        if tok.kind == "WORD":
            return not tok.is_reserved(*_CLOSERS)
        return tok.kind == "OP" and (tok.value == "(" or tok.value in REDIR_OPS)

    def compound_list(self) -> ast.CommandList:
        self.skip_newlines()
        items: list[ast.Command] = []
        bg: list[bool] = []
        line = self.peek(True).line
        while True:
            tok = self.peek(True)
            if not self._can_start(tok):
                if not items:
                    raise self.unexpected(tok)
                break
            items.append(self.and_or())
            sep = self.peek()
            if sep.kind == "OP" and sep.value in (";", "&"):
                self.take()
                bg.append(sep.value == "&")
                self.skip_newlines()
            elif sep.kind == "NEWLINE":
                self.take()
                bg.append(False)
                self.skip_newlines()
            else:
                bg.append(False)
                break
        return ast.CommandList(items, bg, line)

    def and_or(self) -> ast.Command:
        first = self.pipeline()
        rest: list[tuple[str, ast.Command]] = []
        while True:
            tok = self.peek()
            if tok.kind != "OP" or tok.value not in ("&&", "||"):
                break
            self.take()
            self.skip_newlines()
            rest.append((tok.value, self.pipeline()))
        if not rest:
            return first
        return ast.AndOr(first, rest, first.line)  # type: ignore[union-attr]

    def pipeline(self) -> ast.Command:
        tok = self.peek(True)
        line = tok.line
        negated = timed = posix = False
        # bash's pipeline_command: `!` toggles, `time [-p] [--]` sets flags, in any order
        while tok.is_reserved("!", "time"):
            self.take()
            if tok.value == "!":
                negated = not negated
            else:
                timed = True
                tok = self.peek(True)
                if tok.is_reserved("-p"):  # TIMEOPT; `--` (TIMEIGN) after it or alone
                    self.take()
                    posix = True
                    tok = self.peek(True)
                if tok.is_reserved("--"):
                    self.take()
                    posix = True  # bash 5.2: `time --` prints the POSIX format too
            tok = self.peek(True)
        if (negated or timed) and (tok.kind in ("NEWLINE", "EOF") or tok.kind == "OP" and tok.value == ";"):
            # a lone `!` negates the empty command (status 1); a lone `time` times it
            return ast.Pipeline([ast.SimpleCommand([], [], [], line)], negated, line, timed, posix)
        cmds = [self.command()]
        while True:
            tok = self.peek()
            if tok.kind != "OP" or tok.value not in ("|", "|&"):
                break
            self.take()
            if tok.value == "|&":  # `a |& b` is `a 2>&1 | b`
                cmds[-1].redirects.append(  # type: ignore[union-attr]
                    ast.Redirect(">&", ast.Word([ast.Lit("1")]), 2))
            self.skip_newlines()
            cmds.append(self.command())
        if len(cmds) == 1 and not negated and not timed:
            return cmds[0]
        return ast.Pipeline(cmds, negated, line, timed, posix)

    # ------------------------------------------------------------------ commands
    def expand_alias(self, tok: Token) -> Token:
        seen: set[str] = set()
        while (self.aliases is not None and tok.kind == "WORD" and tok.word is not None
               and tok.word.literal() == tok.value and tok.value not in seen):
            value = self.aliases(tok.value)
            if value is None:
                break
            seen.add(tok.value)
            self.alias_next = value.endswith((" ", "\t"))
            self._peek = None
            self.lx.splice(tok.start, tok.end, value)
            tok = self.peek(True)
        return tok

    def command(self) -> ast.Command:
        tok = self.peek(True)
        if self.aliases is not None:
            tok = self.expand_alias(tok)
        cost = NEST_COST.get(tok.value, 0) if tok.kind in ("WORD", "OP") else 0
        if not cost:
            return self._command(tok)
        self.lx.nest(tok, cost)  # bounds the nesting (and Python's stack) as bash's parser does
        try:
            return self._command(tok)
        finally:
            self.lx.unnest(cost)

    def _command(self, tok: Token) -> ast.Command:
        if tok.kind == "WORD" and tok.word is not None and len(tok.word.parts) == 1:
            v = tok.value
            if v in COMPOUND_STARTS and tok.is_reserved(v):
                if v == "function":
                    return ps.function_keyword(self)
                node = self.compound(v)
                ps.redirects(self, node.redirects)  # type: ignore[union-attr]
                return node
            if v in _CLOSERS and tok.is_reserved(v):
                raise self.unexpected(tok)
        elif tok.kind == "OP":
            if tok.value == "(":
                node = self.paren_command(tok)
                ps.redirects(self, node.redirects)  # type: ignore[union-attr]
                return node
            if tok.value not in REDIR_OPS:
                raise self.unexpected(tok)
        elif tok.kind in ("NEWLINE", "EOF"):
            raise self.unexpected(tok)
        return ps.simple_command(self)

    def compound(self, v: str) -> ast.Command:
        return pc.compound(self, v)

    def paren_command(self, tok: Token) -> ast.Command:
        src = self.lx.src
        if tok.end < len(src) and src[tok.end] == "(":
            got = self.lx.words.read_arith(tok.end + 1)
            if got is not None:
                self._peek = None
                self.lx.pos = got[1]
                return ast.ArithCommand(got[0], [], tok.line)
        self.take()
        body = self.compound_list()
        self.expect_op(")")
        return ast.Subshell(body, [], tok.line)


def parse(source: str) -> ast.CommandList:
    """The whole source at once; the first syntax error raises ast.ParseError."""
    return Parser(source).parse_all()


def is_complete(source: str) -> bool:
    """False when more lines could complete the source (the REPL then shows PS2)."""
    p = Parser(source)
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, PARSE_RECURSION))  # as Session does around run_source
    try:
        p.parse_all()
    except ast.ParseError as exc:
        return not exc.incomplete
    except RecursionError:
        return True  # nested beyond any bound: running it says so
    finally:
        sys.setrecursionlimit(old)
    if p.lx.heredoc_eof:
        return False
    body = source.removesuffix("\n")
    trailing = len(body) - len(body.rstrip("\\"))
    return trailing % 2 == 0
