"""Syntax highlighting of the input line: Pygments' BashLexer through prompt_toolkit."""
from __future__ import annotations

from prompt_toolkit.lexers import Lexer, PygmentsLexer


def bash_lexer() -> Lexer:
    from pygments.lexers.shell import BashLexer

    return PygmentsLexer(BashLexer)
