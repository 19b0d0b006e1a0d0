"""Syntax highlighting of the input line: Pygments' BashLexer through prompt_toolkit."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prompt_toolkit.lexers import Lexer, PygmentsLexer


def bash_lexer() -> Lexer:
    return PygmentsLexer(_keyword_lexer())


def _keyword_lexer() -> type:
    """BashLexer with `time` coloured as the reserved word it is (Pygments calls it a builtin)."""
    from pygments.lexers.shell import BashLexer
    from pygments.token import Keyword, Name

    class ShellLexer(BashLexer):  # type: ignore[misc]
        def get_tokens_unprocessed(self, text: str, *args: Any) -> Iterator[tuple[int, Any, str]]:
            for index, token, value in super().get_tokens_unprocessed(text, *args):
                yield index, (Keyword if token is Name.Builtin and value == "time" else token), value

    return ShellLexer
