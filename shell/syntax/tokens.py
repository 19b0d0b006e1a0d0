"""What the lexer, the word reader and the parser share: tokens, syntax errors, nesting costs,
and the SubParser protocol through which the lexer asks the parser for nested commands.

It sits below all three so that none of them imports another in a circle.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from shelldojo.shell.syntax import ast

if TYPE_CHECKING:
    from shelldojo.shell.syntax.lexer import Lexer

REDIR_OPS = frozenset(("<", ">", ">>", ">|", "<>", "<&", ">&", "&>", "&>>", "<<", "<<-", "<<<"))
# bash's parser is a yacc automaton with a 10000-entry state stack: nesting deeper than that is
# "syntax error near unexpected token" at the token that overflows it.  Each construct costs
# roughly what it pushes in bash (measured on bash 5.2: 4997 `{`, 2498 `if`, 1110 `for`).
PARSE_STACK = 10_000
NEST_COST = {"{": 2, "(": 2, "[[": 2, "if": 4, "while": 4, "until": 4, "case": 8, "for": 9,
             "function": 4}
CMDSUB_COST = 10  # bash parses $(...) recursively (it crashes when deep): our own bound


class NestingTooDeep(ast.ParseError):
    """Command substitutions nested deeper than the shell bounds (bash itself crashes)."""


class SyntaxError_(ast.ParseError):
    """ParseError plus what bash does next.

    status: the exit status bash -c ends with (2; 1 for `a=(1 2`; None = keep `$?`, as for
    errors inside `[[ ]]`). extra_messages: further lines bash prints (none so far).
    """

    def __init__(self, message: str, line: int, source_line: str | None = None,
                 incomplete: bool = False, status: int | None = 2) -> None:
        super().__init__(message, line, source_line, incomplete)
        self.status = status
        self.extra_messages: list[str] = []


@dataclass
class Token:
    kind: str            # WORD ASSIGN IONUM OP NEWLINE EOF
    value: str           # raw text (operator text for OP)
    start: int
    end: int
    line: int
    word: ast.Word | None = None
    assign: ast.Assign | None = None
    mode: bool = False   # lexed with assignments allowed

    def is_reserved(self, *names: str) -> bool:
        return self.kind == "WORD" and self.value in names and _plain(self)


def _plain(tok: Token) -> bool:
    w = tok.word
    return w is not None and len(w.parts) == 1 and isinstance(w.parts[0], ast.Lit)


class SubParser(Protocol):
    """The parser as the lexer sees it: it reads the commands nested inside words."""

    def command_sub(self, lexer: Lexer) -> tuple[ast.Command, int]:
        """`$(...)` from lexer.pos (just after the `(`): (body, end after the `)`)."""

    def backquoted(self, text: str, outer: Lexer, pos: int) -> ast.CommandList:
        """The text between backquotes at outer's pos, already unescaped."""
