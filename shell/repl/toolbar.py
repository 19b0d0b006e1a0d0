"""The bottom toolbars: free mode's (who and where you are, a pointer to `help`) and the
trainer's (how far the active challenge is); styles are the REPL's (shell/repl/app.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from prompt_toolkit.formatted_text import FormattedText
from shelldojo.shell.repl.prompt import _tilde

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
        ("class:bottom-toolbar.key", " help "),
        ("", " lists commands  "),
        ("class:bottom-toolbar.key", " Tab "),
        ("", " completes  "),
        ("class:bottom-toolbar.key", " exit "),
        ("", " leaves "),
    ])


def trainer_toolbar(progress: Progress) -> FormattedText:
    """The trainer's bar: title, checks passed / shown, then the way on or the first missing thing."""
    parts = [("class:bottom-toolbar.key", f" {progress.title} "),
             ("", f" {progress.passed}/{progress.shown} checks  ")]
    if progress.solved:
        return FormattedText(parts + [("class:bottom-toolbar.key", " ✔ solved "), ("", " type dojo next to go on ")])
    parts += [("class:bottom-toolbar.key", " dojo hint "), ("", " "),
              ("class:bottom-toolbar.key", " dojo check "), ("", " ")]
    if progress.missing is not None:  # on a line of its own, so a long message is not cut off
        parts.append(("", f"\n ✘ {progress.missing} "))
    return FormattedText(parts)
