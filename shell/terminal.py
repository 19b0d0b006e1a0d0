"""What an interactive front end offers commands that talk to a person (no prompt_toolkit here).

The REPL gives a `Terminal` to its Session; commands find it as `ctx.terminal` (None in
`shelldojo run` and in the grader: then they behave as the real tools do without a
terminal, e.g. sudo does not prompt, nano refuses, less acts like cat).
"""
from __future__ import annotations

from typing import Protocol


class Terminal(Protocol):
    columns: int
    lines: int

    def read_line(self, prompt: str) -> str | None:
        """One line typed by the user (echoed); None on Ctrl-D / Ctrl-C."""
        ...

    def read_secret(self, prompt: str) -> str | None:
        """One line typed without echo (passwords); None on Ctrl-D / Ctrl-C."""
        ...

    def run_app(self, app: object) -> object:
        """Run a full-screen prompt_toolkit Application to its end; returns its result."""
        ...

    def clear(self) -> None:
        """Clear the screen (Ctrl-L, `clear`)."""
        ...
