"""The bottom toolbar of free mode: who and where you are, and a pointer to `help`."""
from __future__ import annotations

from typing import TYPE_CHECKING

from prompt_toolkit.formatted_text import FormattedText
from shelldojo.shell.repl.prompt import _tilde

if TYPE_CHECKING:
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
