"""bash's history: `!` expansion, HISTCONTROL, and ~/.bash_history inside the machine."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shelldojo.shell.session import Session


class EventNotFound(Exception):
    """`bash: !x: event not found` (the line is neither run nor saved)."""

    def __init__(self, event: str) -> None:
        super().__init__(event)
        self.event = event


# Characters after `!` that keep it literal (bash's history_no_expand_chars plus `=` and `(`).
_LITERAL_AFTER = " \t\n=("
_WORD_END = " \t\n;&|()<>\"'`"


def _find_event(history: list[str], spec: str) -> str:
    """The history line named by !!, !N, !-N or !prefix (spec without the `!`)."""
    if spec == "!":
        idx = len(history) - 1
    elif re.fullmatch(r"-?\d+", spec):
        n = int(spec)
        idx = len(history) + n if n < 0 else n - 1
    else:
        for line in reversed(history):
            if line.startswith(spec):
                return line
        raise EventNotFound("!" + spec)
    if 0 <= idx < len(history):
        return history[idx]
    raise EventNotFound("!" + spec)


def _last_word(line: str) -> str:
    words = line.split()
    return words[-1] if words else ""


def expand(line: str, history: list[str]) -> tuple[str, bool]:
    """bash's history expansion of one input line: (new line, whether anything changed).

    Supports !!, !N, !-N, !prefix, !$ and ^old^new; not expanded inside single quotes, after a
    backslash, or before a blank, `=` or `(`. Raises EventNotFound."""
    if line.startswith("^") and line.count("^") >= 2:
        old, new = line[1:].split("^", 2)[:2]
        prev = _find_event(history, "!")
        if old not in prev:
            raise EventNotFound(":s" + line)  # bash: ":s^x^y: substitution failed"
        return prev.replace(old, new, 1), True
    out: list[str] = []
    i, n = 0, len(line)
    in_single = in_double = False
    changed = False
    while i < n:
        c = line[i]
        if c == "\\" and not in_single and i + 1 < n:
            out.append(line[i:i + 2])
            i += 2
            continue
        if c == "'" and not in_double:
            in_single = not in_single
        elif c == '"':
            in_double = not in_double
        if c != "!" or in_single or i + 1 >= n or line[i + 1] in _LITERAL_AFTER or \
                (in_double and line[i + 1] == '"'):
            out.append(c)
            i += 1
            continue
        nxt = line[i + 1]
        if nxt in "!$":
            spec, end = nxt, i + 2
        else:
            m = re.match(r"-?\d+" if nxt in "-0123456789" else r"[^" + re.escape(_WORD_END) + r"]+", line[i + 1:])
            if not m:
                out.append(c)
                i += 1
                continue
            spec, end = m.group(0), i + 1 + m.end()
        if spec == "$":
            out.append(_last_word(_find_event(history, "!")))
        else:
            out.append(_find_event(history, spec))
        changed = True
        i = end
    return "".join(out), changed


def add(session: Session, line: str) -> None:
    """Save a command line in `state.history` as bash does under HISTCONTROL and HISTSIZE."""
    st = session.state
    if not line.strip():
        return
    control = set((st.get("HISTCONTROL") or "").split(":"))
    ignore_space = control & {"ignorespace", "ignoreboth"}
    ignore_dups = control & {"ignoredups", "ignoreboth"}
    if ignore_space and line[0] in " \t":
        return
    if "erasedups" in control:
        st.history[:] = [h for h in st.history if h != line]
    if ignore_dups and st.history and st.history[-1] == line:
        return
    st.history.append(line)
    size = _int(st.get("HISTSIZE"), 500)
    if size >= 0 and len(st.history) > size:
        del st.history[:len(st.history) - size]


def _int(text: str | None, default: int) -> int:
    try:
        return int(text or "")
    except ValueError:
        return default


def histfile(session: Session) -> str | None:
    st = session.state
    name = st.get("HISTFILE")
    if name is None:
        home = st.get("HOME") or "/"
        name = home.rstrip("/") + "/.bash_history"
    return name or None


def load(session: Session) -> list[str]:
    """The lines of ~/.bash_history (bash reads it when the interactive shell starts)."""
    from shelldojo.filesystem import acting_as
    from shelldojo.filesystem.credentials import MACHINE_LOCK

    path = histfile(session)
    if not path:
        return []
    try:
        with MACHINE_LOCK, acting_as(session.state.creds):
            data = session.machine.vfs.read_bytes(path)
    except OSError:
        return []
    lines = data.decode("utf-8", "surrogateescape").splitlines()
    size = _int(session.state.get("HISTSIZE"), 500)
    return lines[-size:] if size > 0 else ([] if size == 0 else lines)


def save(session: Session, first_new: int) -> None:
    """Append this session's lines (histappend) and trim to HISTFILESIZE, as bash does on exit."""
    from shelldojo.filesystem import acting_as
    from shelldojo.filesystem.credentials import MACHINE_LOCK

    path = histfile(session)
    new = session.state.history[first_new:] if first_new >= 0 else session.state.history
    if not path:
        return
    vfs = session.machine.vfs
    try:
        with MACHINE_LOCK, acting_as(session.state.creds):
            try:
                old = vfs.read_bytes(path).decode("utf-8", "surrogateescape").splitlines()
            except OSError:
                old = []
            lines = old + list(new)
            limit = _int(session.state.get("HISTFILESIZE"), -1)
            if limit >= 0:
                lines = lines[len(lines) - limit:] if limit else []
            text = "".join(line + "\n" for line in lines)
            vfs.write_bytes(path, text.encode("utf-8", "surrogateescape"))
    except OSError:
        pass  # bash too stays quiet when it cannot write its history file


_JOIN_WITH_SPACE = ("|", "&&", "||", "then", "do", "else", "{", "(", "in", ";")


def join_lines(lines: list[str]) -> str:
    """One history entry for a multi-line command (bash's cmdhist): `; ` where a newline ended a
    command, a space after `|`, `then`, `do`...; here-document bodies keep their newlines."""
    if any("<<" in line for line in lines):
        return "\n".join(lines)
    out = lines[0]
    for line in lines[1:]:
        prev = out.rstrip()
        if prev.endswith("\\"):
            out = prev[:-1] + line
        elif not prev or prev.endswith(_JOIN_WITH_SPACE) or _open_quote(out):
            out += ("\n" if _open_quote(out) else " ") + line
        else:
            out += "; " + line
    return out


def _open_quote(text: str) -> bool:
    single = double = False
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and not single:
            i += 2
            continue
        if c == "'" and not double:
            single = not single
        elif c == '"' and not single:
            double = not double
        i += 1
    return single or double
