"""Questions a command asks its user: in the REPL through the terminal, otherwise the prompt on
standard output and the answer as one line of standard input (as a script piping answers in)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shelldojo.shell.context import Context


def ask_line(ctx: Context, prompt: str) -> str | None:
    """The answer without its newline; None at end of input."""
    if ctx.terminal is not None:
        return ctx.terminal.read_line(prompt)
    ctx.out(prompt)
    line = ctx.stdin.readline()
    return line.decode("utf-8", "surrogateescape").rstrip("\n") if line else None


def ask_yes(ctx: Context, prompt: str, *, default: bool, at_end: bool = False) -> bool:
    """A Debian-style [Y/n] or [y/N] question: y or yes (any case) is yes, an empty answer is
    `default`, end of input is `at_end`, anything else is no."""
    answer = ask_line(ctx, prompt)
    if answer is None:
        return at_end
    answer = answer.strip().lower()
    return default if answer == "" else answer in ("y", "yes")
