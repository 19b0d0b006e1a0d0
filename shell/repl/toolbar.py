"""The bottom toolbars: free mode's (who and where you are, a pointer to `help`) and the
trainer's (how far the active challenge is); styles are the REPL's (shell/repl/app.py)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from prompt_toolkit.application import get_app
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.utils import get_cwidth
from shelldojo.shell.repl.prompt import _tilde

KEY = "class:bottom-toolbar.key"
HANG = "   "  # a broken line goes on under the text of " ✘ message"

if TYPE_CHECKING:
    from shelldojo.challenges.trainer import Progress
    from shelldojo.shell.session import Session


def free_toolbar(session: Session) -> FormattedText:
    st = session.state
    user = st.get("USER") or "?"
    where = _tilde(st.cwd, st.get("HOME"))
    return FormattedText([
        ("class:bottom-toolbar.key", f" {user}@{session.machine.hostname} "),
        ("", f" in {where}   "),
        ("class:bottom-toolbar.key", " help commands "),
        ("", " lists them  "),
        ("class:bottom-toolbar.key", " Tab "),
        ("", " completes  "),
        ("class:bottom-toolbar.key", " exit "),
        ("", " leaves "),
    ])


def trainer_toolbar(progress: Progress, width: int | None = None) -> FormattedText:
    """The trainer's bar: title, checks passed / shown, then the way on or the first missing thing,
    laid out for `width` columns (default: the running prompt's terminal, as wide as it is now:
    prompt_toolkit draws the bar again after a resize)."""
    if width is None:
        width = get_app().output.get_size().columns
    parts = [(KEY, f" {progress.title} "), ("", f" {progress.passed}/{progress.shown} checks  ")]
    if progress.solved:
        return lay_out(parts + [(KEY, " ✔ solved "), ("", " type dojo next to go on ")], width)
    parts += [(KEY, " dojo hint "), ("", " "), (KEY, " dojo check "), ("", " ")]
    if progress.missing is not None:  # on a line of its own, so a long message is not cut off
        parts.append(("", f"\n ✘ {progress.missing} "))
    return lay_out(parts, width)


def lay_out(parts: list[tuple[str, str]], width: int) -> FormattedText:
    """Fragments in lines of at most `width` columns: prompt_toolkit cuts a toolbar line off, so a
    line that does not fit goes on in the next one, broken between words (a key stays whole)."""
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0

    def room(size: int) -> bool:
        return used + size <= width or not any(t.strip() for _s, t in lines[-1])

    for style, text in parts:
        pieces = [text] if style == KEY else re.findall(r"\n| +|[^ \n]+", text)
        for piece in pieces:
            size = get_cwidth(piece)
            if piece == "\n":
                lines.append([])
                used = 0
            elif piece.isspace() and not room(size):
                continue  # the break takes the place of the spaces
            elif room(size):
                lines[-1].append((style, piece))
                used += size
            else:
                _trim(lines[-1])
                lines.append([("", HANG), (style, piece)])
                used = len(HANG) + size
    out: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        out += ([("", "\n")] if i else []) + line
    return FormattedText(out)


def _trim(line: list[tuple[str, str]]) -> None:
    """Drop the spaces a broken line ends with (the bar's colour fills the rest)."""
    while line and line[-1][1].isspace() and line[-1][0] != KEY:
        line.pop()
