"""Character-level lexing of shell source: tokens, words and here-document bodies.

The lexer is driven by the parser (bash's grammar is context-sensitive): the parser says
whether an assignment may start here, and the lexer calls back into the parser (through
tokens.SubParser) for `$(...)` and backquotes.
Word internals (quotes, `$...`, backticks) are read by shell/syntax/words.py.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from shelldojo.shell.syntax import ast
from shelldojo.shell.syntax.tokens import (
    CMDSUB_COST,
    PARSE_STACK,
    REDIR_OPS,
    NestingTooDeep,
    SubParser,
    SyntaxError_,
    Token,
)
from shelldojo.shell.syntax.words import WordReader

__all__ = ["REDIR_OPS", "Lexer", "NestingTooDeep", "SyntaxError_", "Token", "heredoc_delimiter"]

# Longest first so that maximal munch works with a simple scan.
_OPERATORS = ("&&", "||", ";;&", ";;", ";&", "&>>", "&>", "|&", "<<<", "<<-", "<<", "<&", "<>",
              ">>", ">&", ">|", ";", "&", "|", "<", ">", "(", ")")
_OPS_BY_CHAR: dict[str, tuple[str, ...]] = {}
for _op in _OPERATORS:
    _OPS_BY_CHAR.setdefault(_op[0], ())
    _OPS_BY_CHAR[_op[0]] += (_op,)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# bash's REDIR_WORD: `{name}` or `{name[sub]}` right before a redirection operator
_VARFD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]+\])?\}")
_BLANKS = " \t"


class Lexer:
    def __init__(self, src: str, first_line: int = 1, nested: SubParser | None = None) -> None:
        self.src = src
        self.pos = 0
        self.first_line = first_line
        self.pending: list[ast.HereDoc] = []
        self.warnings: list[tuple[int, str]] = []
        self._vnl = False             # the virtual final newline was returned
        self.nest_stack = 0           # see PARSE_STACK: the cost of the constructs open here
        self.heredoc_eof = False      # a here-doc ran into the end of input (REPL: PS2)
        self.nested = nested          # the parser, for `$(...)` and backquotes
        # shopt extglob, asked as each word is read (`shopt -s extglob` counts from the next line)
        self.extglob: Callable[[], bool] | None = None
        self._index_lines()
        self.words = WordReader(self)

    def sub(self, text: str, first_line: int) -> Lexer:
        """A lexer for a piece read apart (a here-document body, a `for ((...))` part)."""
        return Lexer(text, first_line, self.nested)

    # ------------------------------------------------------------------ positions
    def _index_lines(self) -> None:
        src = self.src
        nls: list[int] = []
        i = src.find("\n")
        while i >= 0:
            nls.append(i)
            i = src.find("\n", i + 1)
        self._nls = nls

    def line_at(self, pos: int) -> int:
        return self.first_line + bisect.bisect_left(self._nls, pos)

    def source_line(self, pos: int) -> str:
        start = self.src.rfind("\n", 0, pos) + 1 if pos > 0 else 0
        if pos < len(self.src) and self.src[pos] == "\n":
            start = self.src.rfind("\n", 0, pos) + 1
        end = self.src.find("\n", start)
        return self.src[start:] if end < 0 else self.src[start:end]

    def eof_line(self) -> int:
        """The line bash reports for an unexpected end of file (-c adds a final newline)."""
        n = len(self._nls)
        return self.first_line + (n if self.src.endswith("\n") else n + 1)

    def splice(self, start: int, end: int, text: str) -> None:
        """Replace src[start:end] (alias expansion) and restart lexing at start."""
        self.src = self.src[:start] + text + self.src[end:]
        self.pos = start
        self._index_lines()

    def error(self, msg: str, pos: int, *, echo: bool = False, incomplete: bool = False,
              line: int | None = None, status: int | None = 2) -> SyntaxError_:
        ln = self.line_at(pos) if line is None else line
        return SyntaxError_(msg, ln, self.source_line(pos) if echo else None, incomplete, status)

    def nest(self, tok: Token, cost: int) -> None:
        """Enter a nested construct opened by tok (the caller calls unnest when it closes)."""
        self.nest_stack += cost
        if self.nest_stack > PARSE_STACK:
            self.nest_stack = 0  # the error abandons every open construct
            if cost == CMDSUB_COST:
                raise NestingTooDeep("maximum nesting depth exceeded (command substitutions)", tok.line)
            raise self.error(f"syntax error near unexpected token `{tok.value}'", tok.start, echo=True)

    def unnest(self, cost: int) -> None:
        self.nest_stack = max(0, self.nest_stack - cost)

    def eof_error(self, what: str, pos: int) -> SyntaxError_:
        return SyntaxError_(f"unexpected EOF while looking for matching `{what}'",
                            self.line_at(pos), None, True)

    # ------------------------------------------------------------------ tokens
    def skip_blanks(self) -> None:
        src, n = self.src, len(self.src)
        pos = self.pos
        while pos < n:
            c = src[pos]
            if c in _BLANKS:
                pos += 1
            elif c == "\\" and pos + 1 < n and src[pos + 1] == "\n":
                pos += 2
            elif c == "#":
                nl = src.find("\n", pos)
                pos = n if nl < 0 else nl
            else:
                break
        self.pos = pos

    def next_token(self, assign_ok: bool = False) -> Token:
        self.skip_blanks()
        src, pos = self.src, self.pos
        line = self.line_at(pos)
        if pos >= len(src):
            if not self._vnl and src and src[-1] != "\n":
                # bash -c ends the string with a newline: `echo >` fails near `newline'
                self._vnl = True
                if self.pending:
                    self.read_heredocs()
                return Token("NEWLINE", "", pos, pos, line)
            if self.pending:
                self.read_heredocs()
            return Token("EOF", "", pos, pos, line)
        c = src[pos]
        if c == "\n":
            self.pos = pos + 1
            if self.pending:
                self.read_heredocs()
            return Token("NEWLINE", "\n", pos, pos + 1, line)
        ops = _OPS_BY_CHAR.get(c)
        if ops is not None and not (c in "<>" and src.startswith("(", pos + 1)):  # <( >(: a word
            for op in ops:
                if src.startswith(op, pos):
                    self.pos = pos + len(op)
                    return Token("OP", op, pos, self.pos, line)
        if assign_ok:
            tok = self._assignment(pos, line)
            if tok is not None:
                return tok
        word = self.words.read_word(self.pos)
        raw = src[pos:self.pos]
        if self.pos < len(src) and src[self.pos] in "<>" and (
                raw.isdigit() and raw.isascii() and int(raw) <= 2147483647  # bigger: a word
                or _VARFD.fullmatch(raw) and word.literal() == raw):  # `{fd}>file`
            return Token("IONUM", raw, pos, self.pos, line, word)
        return Token("WORD", raw, pos, self.pos, line, word, mode=assign_ok)

    def _assignment(self, pos: int, line: int) -> Token | None:
        src = self.src
        m = _NAME.match(src, pos)
        if m is None:
            return None
        name, p = m.group(), m.end()
        index = None
        if p < len(src) and src[p] == "[":
            close = self._match_bracket(p)
            if close < 0:
                return None
            save = self.pos
            index = self.words.read_until(p + 1, close)
            self.pos = save
            p = close + 1
        append = src.startswith("+=", p)
        if not append and not src.startswith("=", p):
            return None
        p += 2 if append else 1
        if p < len(src) and src[p] == "(" and index is None:
            self.pos = p + 1
            words = self._array_words(pos)
            asg = ast.Assign(name, None, append, None, words)
        else:
            value = self.words.read_word(p)
            asg = ast.Assign(name, value, append, index)
        return Token("ASSIGN", src[pos:self.pos], pos, self.pos, line, None, asg, True)

    def _match_bracket(self, p: int) -> int:
        src, depth = self.src, 0
        while p < len(src):
            c = src[p]
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    return p
            elif c in " \t\n;|&<>()":
                return -1
            elif c == "\\":
                p += 1
            p += 1
        return -1

    def _array_words(self, start: int) -> list[ast.Word]:
        words: list[ast.Word] = []
        src = self.src
        while True:
            self.skip_blanks()
            if self.pos >= len(src):
                raise SyntaxError_("unexpected EOF while looking for matching `)'",
                                   self.line_at(start), None, True, status=1)
            c = src[self.pos]
            if c == "\n":
                self.pos += 1
            elif c == ")":
                self.pos += 1
                return words
            elif c in ";|&<>(":
                tok = src[self.pos:self.pos + 2] if src.startswith(("&&", "||", ";;"), self.pos) else c
                raise self.error(f"syntax error near unexpected token `{tok}'", self.pos, echo=True)
            else:
                words.append(self.words.read_word(self.pos))

    # ------------------------------------------------------------------ here-documents
    def read_heredocs(self) -> None:
        """Read the bodies of the pending here-docs, which start at self.pos."""
        docs, self.pending = self.pending, []
        src = self.src
        for doc in docs:
            at_line = self.line_at(self.pos - 1 if self.pos > 0 and src[self.pos - 1] == "\n"
                                   else self.pos)
            body_line = self.line_at(self.pos)
            lines: list[str] = []
            found = False
            while self.pos < len(src):
                nl = src.find("\n", self.pos)
                end = len(src) if nl < 0 else nl
                text = src[self.pos:end]
                self.pos = end + 1 if nl >= 0 else end
                while not doc.quoted and nl >= 0 and (len(text) - len(text.rstrip("\\"))) % 2:
                    # unquoted body: backslash-newline joins lines, even the delimiter's
                    nl = src.find("\n", self.pos)
                    end = len(src) if nl < 0 else nl
                    text = text[:-1] + src[self.pos:end]
                    self.pos = end + 1 if nl >= 0 else end
                if doc.strip_tabs:
                    text = text.lstrip("\t")
                if text == doc.delimiter:
                    found = True
                    break
                lines.append(text + "\n")
            if not found:
                self.heredoc_eof = True
                self.warnings.append((at_line + len(lines),
                                      (f"warning: here-document at line {at_line} delimited"
                                      f" by end-of-file (wanted `{doc.delimiter}')")))
            doc.text = "".join(lines)
            if not doc.quoted:
                doc.body = self.words.heredoc_word(doc.text, body_line)


def heredoc_delimiter(raw: str) -> tuple[str, bool]:
    """Quote removal on the delimiter word; quoted if any quoting character appears."""
    if not any(c in raw for c in "'\"\\"):
        return raw, False
    out: list[str] = []
    i, n = 0, len(raw)
    quote = ""
    while i < n:
        c = raw[i]
        if quote == "'":
            if c == "'":
                quote = ""
            else:
                out.append(c)
        elif c == "\\" and i + 1 < n and (quote == "" or raw[i + 1] in '$`"\\'):
            out.append(raw[i + 1])
            i += 1
        elif c in "'\"" and (quote == "" or quote == c):
            quote = "" if quote else c
        else:
            out.append(c)
        i += 1
    return "".join(out), True
