"""Recursive-descent parser for bash: tokens from shell/syntax/lexer.py -> shell/syntax/ast.py.

Lists and pipelines of one element collapse to that element (AndOr only with `rest`,
Pipeline only with 2+ commands or `!`); compound bodies are always CommandList, and
next_command()/parse() always return a CommandList.
"""
from __future__ import annotations

import sys
from collections.abc import Callable

from shelldojo.shell.syntax import ast
from shelldojo.shell.syntax import lexer as lexing
from shelldojo.shell.syntax.lexer import REDIR_OPS, Lexer, SyntaxError_, Token, heredoc_delimiter

# Python frames the deepest nesting the parser accepts (see lexer.PARSE_STACK) may need
PARSE_RECURSION = 40_000
_CLOSERS = frozenset(("then", "else", "elif", "fi", "do", "done", "esac", "}", "in", "]]"))
_COMPOUND_STARTS = frozenset(("if", "while", "until", "for", "case", "{", "[[", "function"))
_DECLARATIONS = frozenset(("declare", "local", "typeset", "readonly", "export"))


def _subparse(lexer: Lexer) -> tuple[ast.Command, int]:
    """Parse `$(...)` from lexer.pos (just after the `(`); returns (body, end after `)`)."""
    p = Parser("", _lexer=lexer)
    p.in_cmdsub = True
    saved, lexer.pending = lexer.pending, []
    lexer.nest(Token("OP", "$(", lexer.pos, lexer.pos, lexer.line_at(lexer.pos)), lexing.CMDSUB_COST)
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
        lexer.unnest(lexing.CMDSUB_COST)
    return body, tok.end


class Parser:
    def __init__(self, source: str, *, first_line: int = 1,
                 aliases: Callable[[str], str | None] | None = None,
                 _lexer: Lexer | None = None) -> None:
        self.lx = _lexer if _lexer is not None else Lexer(source, first_line, _subparse)
        self.aliases = aliases
        self._peek: Token | None = None
        self.in_cmdsub = False
        self._alias_next = False   # the previous alias value ended with a blank

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
        negated = False
        while tok.is_reserved("!"):
            self.take()
            negated = not negated
            tok = self.peek(True)
        if negated and (tok.kind in ("NEWLINE", "EOF") or tok.kind == "OP" and tok.value in (";", "&")):
            # a lone `!` negates the empty command (status 1)
            return ast.Pipeline([ast.SimpleCommand([], [], [], line)], True, line)
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
        if len(cmds) == 1 and not negated:
            return cmds[0]
        return ast.Pipeline(cmds, negated, line)

    # ------------------------------------------------------------------ commands
    def _expand_alias(self, tok: Token) -> Token:
        seen: set[str] = set()
        while (self.aliases is not None and tok.kind == "WORD" and tok.word is not None
               and tok.word.literal() == tok.value and tok.value not in seen):
            value = self.aliases(tok.value)
            if value is None:
                break
            seen.add(tok.value)
            self._alias_next = value.endswith((" ", "\t"))
            self._peek = None
            self.lx.splice(tok.start, tok.end, value)
            tok = self.peek(True)
        return tok

    def command(self) -> ast.Command:
        tok = self.peek(True)
        if self.aliases is not None:
            tok = self._expand_alias(tok)
        cost = lexing.NEST_COST.get(tok.value, 0) if tok.kind in ("WORD", "OP") else 0
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
            if v in _COMPOUND_STARTS and tok.is_reserved(v):
                if v == "function":
                    return self.function_keyword()
                node = self.compound(v)
                self.redirects(node.redirects)  # type: ignore[union-attr]
                return node
            if v in _CLOSERS and tok.is_reserved(v):
                raise self.unexpected(tok)
        elif tok.kind == "OP":
            if tok.value == "(":
                node = self.paren_command(tok)
                self.redirects(node.redirects)  # type: ignore[union-attr]
                return node
            if tok.value not in REDIR_OPS:
                raise self.unexpected(tok)
        elif tok.kind in ("NEWLINE", "EOF"):
            raise self.unexpected(tok)
        return self.simple_command()

    def compound(self, v: str) -> ast.Command:
        from shelldojo.shell.syntax import parse_compound as pc
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

    def function_keyword(self) -> ast.Command:
        kw = self.take()
        tok = self.peek()
        if tok.kind != "WORD":
            raise self.unexpected(tok)
        self.take()
        nxt = self.peek()
        if nxt.kind == "OP" and nxt.value == "(":
            self.take()
            self.expect_op(")")
        return self.function_body(tok.value, kw.line)

    def function_body(self, name: str, line: int) -> ast.Command:
        self.skip_newlines()
        tok = self.peek(True)
        if tok.kind == "OP" and tok.value == "(":
            body = self.paren_command(tok)
        elif tok.kind == "WORD" and tok.value in _COMPOUND_STARTS and tok.value != "function" \
                and tok.is_reserved(tok.value):
            cost = lexing.NEST_COST.get(tok.value, 0) + 3  # bash's NAME ( ) pushes three more
            self.lx.nest(tok, cost)
            try:
                body = self.compound(tok.value)
            finally:
                self.lx.unnest(cost)
        else:
            raise self.unexpected(tok)
        fn = ast.FunctionDef(name, body, [], line)
        self.redirects(fn.redirects)
        return fn

    def simple_command(self) -> ast.Command:
        assigns: list[ast.Assign] = []
        words: list[ast.Word] = []
        redirs: list[ast.Redirect] = []
        line = self.peek(True).line
        decl = False
        while True:
            tok = self.peek(not words or decl)
            kind = tok.kind
            if kind == "ASSIGN" and words:
                # `local a=(1 2)`: the declaration builtin gets the word "a=(1 2)"
                asg = tok.assign
                assert asg is not None
                if asg.array is None:
                    tok = self.peek(False)
                    kind = tok.kind
                else:
                    self.take()
                    parts: list[ast.WordPart] = [ast.Lit(asg.name + ("+=(" if asg.append else "=("))]
                    for i, w in enumerate(asg.array):
                        # each element single-quoted, so the builtin can split them again
                        parts.append(ast.Lit(" '" if i else "'"))
                        parts.extend(w.parts)
                        parts.append(ast.Lit("'"))
                    parts.append(ast.Lit(")"))
                    words.append(ast.Word(parts))
                    continue
            if kind == "ASSIGN":
                assigns.append(tok.assign)  # type: ignore[arg-type]
                self.take()
            elif kind == "WORD":
                if self.aliases is not None and (self._alias_next or (
                        not words and (assigns or redirs))):
                    self._alias_next = False
                    tok = self._expand_alias(tok)
                    if tok.kind != "WORD":
                        continue
                self.take()
                words.append(tok.word)  # type: ignore[arg-type]
                if len(words) == 1:
                    decl = tok.value in _DECLARATIONS and tok.is_reserved(tok.value)
                if len(words) == 1 and not assigns and not redirs:
                    nxt = self.peek()
                    if nxt.kind == "OP" and nxt.value == "(":
                        self.take()
                        self.expect_op(")")
                        return self.function_body(tok.value, line)
            elif kind == "IONUM" or (kind == "OP" and tok.value in REDIR_OPS):
                redirs.append(self.redirect())
            else:
                break
        self._alias_next = False
        return ast.SimpleCommand(assigns, words, redirs, line)

    def redirects(self, out: list[ast.Redirect]) -> None:
        while True:
            tok = self.peek()
            if tok.kind == "IONUM" or (tok.kind == "OP" and tok.value in REDIR_OPS):
                out.append(self.redirect())
            else:
                return

    def redirect(self) -> ast.Redirect:
        tok = self.take()
        fd = None
        if tok.kind == "IONUM":
            fd = int(tok.value)
            tok = self.peek()
            if tok.kind != "OP" or tok.value not in REDIR_OPS:
                raise self.unexpected(tok)
            self.take()
        op = tok.value
        target = self.peek()
        if target.kind != "WORD":
            raise self.unexpected(target)
        self.take()
        assert target.word is not None
        red = ast.Redirect(op, target.word, fd)
        if op in ("<<", "<<-"):
            delim, quoted = heredoc_delimiter(target.value)
            red.heredoc = ast.HereDoc(delim, quoted, op == "<<-")
            self.lx.pending.append(red.heredoc)
        return red



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
