"""PS1/PS2 rendering: bash's prompt escapes, then its promptvars expansion (no prompt_toolkit here).

The result is an ANSI string whose non-printing parts (`\\[...\\]`) are wrapped in \\001/\\002,
which prompt_toolkit's ANSI() treats as zero-width escapes, exactly like readline.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shelldojo.shell.session import Session

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _tilde(cwd: str, home: str | None) -> str:
    if home and home != "/" and (cwd == home or cwd.startswith(home.rstrip("/") + "/")):
        return "~" + cwd[len(home.rstrip("/")):]
    return cwd


def _protect(text: str) -> str:
    """bash quotes what escapes produce so that promptvars does not expand `$` in a dir name."""
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("`", "\\`")


def decode_escapes(ps: str, *, user: str, host: str, cwd: str, home: str | None, uid: int,
                   history_number: int = 1, command_number: int = 1, now: float | None = None) -> str:
    """Expand bash's backslash escapes of PS1 (\\u \\h \\w \\W \\$ \\[ \\] \\e \\n \\t \\d ...)."""
    tm = time.localtime(now)
    out: list[str] = []
    i, n = 0, len(ps)
    while i < n:
        c = ps[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        e = ps[i + 1]
        i += 2
        if e == "u":
            out.append(_protect(user))
        elif e == "h":
            out.append(_protect(host.split(".")[0]))
        elif e == "H":
            out.append(_protect(host))
        elif e == "w":
            out.append(_protect(_tilde(cwd, home)))
        elif e == "W":
            shown = _tilde(cwd, home)
            out.append(_protect(shown if shown in ("/", "~") else shown.rstrip("/").rsplit("/", 1)[-1]))
        elif e == "$":
            out.append("#" if uid == 0 else "$")
        elif e == "n":
            out.append("\n")
        elif e == "r":
            out.append("\r")
        elif e == "a":
            out.append("\a")
        elif e == "e":
            out.append("\x1b")
        elif e == "[":
            out.append("\x01")
        elif e == "]":
            out.append("\x02")
        elif e == "t":
            out.append(time.strftime("%H:%M:%S", tm))
        elif e == "T":
            out.append(time.strftime("%I:%M:%S", tm))
        elif e == "@":
            out.append(time.strftime("%I:%M %p", tm))
        elif e == "A":
            out.append(time.strftime("%H:%M", tm))
        elif e == "d":
            out.append(f"{_DAYS[tm.tm_wday]} {_MONTHS[tm.tm_mon - 1]} {tm.tm_mday:02d}")
        elif e == "s":
            out.append("bash")
        elif e == "v":
            out.append("5.2")
        elif e == "V":
            out.append("5.2.15")
        elif e == "!":
            out.append(str(history_number))
        elif e == "#":
            out.append(str(command_number))
        elif e in "jl":  # no jobs; the terminal's number
            out.append("0")
        elif e == "\\":
            out.append("\\\\")
        elif e in "01234567":
            j = i - 1
            while j < min(n, i + 2) and ps[j] in "01234567":
                j += 1
            out.append(chr(int(ps[i - 1:j], 8) & 0xFF))
            i = j
        else:
            out.append("\\" + e)
    return "".join(out)


def expand_prompt(session: Session, ps: str) -> str:
    """Parameter, arithmetic and command expansion of a decoded prompt (bash's promptvars)."""
    if not any(ch in ps for ch in "$`\\"):
        return ps
    from shelldojo.filesystem import acting_as
    from shelldojo.filesystem.credentials import MACHINE_LOCK
    from shelldojo.shell.interp.expand import expand_word
    from shelldojo.shell.syntax.parser import Parser

    st = session.state
    interp = session.interp
    try:
        word = Parser("").lx.words.heredoc_word(ps, 1)
        with MACHINE_LOCK, acting_as(st.creds):
            prev, interp.current_ctx = interp.current_ctx, session.context()
            saved_status = st.status
            try:
                return expand_word(interp, word)
            finally:
                interp.current_ctx = prev
                st.status = saved_status
    except Exception:  # noqa: BLE001 - a broken PS1 must never break the prompt
        return ps


def _user_name(session: Session) -> str | None:
    from shelldojo.filesystem import acting_as
    from shelldojo.filesystem.credentials import MACHINE_LOCK
    try:
        with MACHINE_LOCK, acting_as(session.state.creds):
            return session.interp.user_name(session.state.creds.uid)
    except Exception:  # noqa: BLE001 - fall back to $USER
        return None


def render(session: Session, which: str = "PS1") -> str:
    """The prompt as bash would print it (ANSI, with \\001/\\002 around invisible parts)."""
    st = session.state
    ps = st.get(which)
    if ps is None:
        return ""
    home = st.get("HOME")
    user = _user_name(session) or st.get("USER") or ""
    decoded = decode_escapes(ps, user=user, host=session.machine.hostname, cwd=st.cwd, home=home,
                             uid=st.creds.uid, history_number=len(st.history) + 1,
                             command_number=session.command_number)
    return expand_prompt(session, decoded)


def visible(prompt: str) -> str:
    """The prompt as seen on screen: invisible parts and escape sequences removed (tests, toolbar)."""
    import re
    text = re.sub("\x01.*?\x02", "", prompt, flags=re.DOTALL)
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\a]*\a", "", text)


def for_prompt_toolkit(prompt: str) -> tuple[str, str | None]:
    """(text for prompt_toolkit's ANSI(), window title or None).

    prompt_toolkit mishandles adjacent \\001...\\002 groups, and raw escapes in them would hide
    colors from its renderer: keep only their color (SGR) sequences, inline, and return an
    xterm title (`\\e]0;...\\a`) separately."""
    import re
    title: str | None = None
    out: list[str] = []
    pos = 0
    for m in re.finditer("\x01(.*?)\x02", prompt, flags=re.DOTALL):
        out.append(prompt[pos:m.start()])
        inner = m.group(1)
        t = re.search("\x1b\\][02];(.*?)(?:\a|\x1b\\\\)", inner, flags=re.DOTALL)
        if t:
            title = t.group(1)
        out.extend(re.findall(r"\x1b\[[0-9;]*m", inner))
        pos = m.end()
    out.append(prompt[pos:])
    return "".join(out).replace("\x01", "").replace("\x02", ""), title
