"""ulimit and times: the sandbox's own limits and the model's CPU times, never the host's.

`ulimit` shows, for the limits the sandbox enforces, the values of its limits objects
(file size from the machine, processes, memory, open files, wall time); the others show
Ubuntu's defaults.  A limit set here lives in ShellState.ulimits (a subshell's copy dies
with it); `ulimit -f` is honoured by redirections (shell/interp/redirect.py).
`times` reports the shell process's modelled CPU time (processes.Process.cpu_seconds):
reporting the host interpreter's CPU would leak host data and mean nothing to the learner.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

from shelldojo.shell.commands.builtins.util import bad_option
from shelldojo.shell.registry import builtin

if TYPE_CHECKING:
    from shelldojo.shell.context import Context

U = None  # unlimited
# letter -> (label as bash prints it, unit shown, factor from bytes or None)
_TABLE: dict[str, tuple[str, str]] = {
    "R": ("real-time non-blocking time", "microseconds"),
    "c": ("core file size", "blocks"),
    "d": ("data seg size", "kbytes"),
    "e": ("scheduling priority", ""),
    "f": ("file size", "blocks"),
    "i": ("pending signals", ""),
    "l": ("max locked memory", "kbytes"),
    "m": ("max memory size", "kbytes"),
    "n": ("open files", ""),
    "p": ("pipe size", "512 bytes"),
    "q": ("POSIX message queues", "bytes"),
    "r": ("real-time priority", ""),
    "s": ("stack size", "kbytes"),
    "t": ("cpu time", "seconds"),
    "u": ("max user processes", ""),
    "v": ("virtual memory", "kbytes"),
    "x": ("file locks", ""),
}
_READ_ONLY = {"p"}          # bash: "cannot modify limit: Invalid argument"
_PENDING_SIGNALS = 7823     # the modelled machine's (the host's would leak its memory size)


def _defaults(ctx: Context) -> dict[str, tuple[int | None, int | None]]:
    """(soft, hard) of each limit before any `ulimit` in this shell."""
    lim, mlim = ctx.limits, ctx.machine.limits
    procs = lim.max_processes
    wall = max(1, int(lim.wall_time_s))
    return {
        "R": (U, U), "c": (0, U), "d": (U, U), "e": (0, 0),
        "f": (mlim.max_file_bytes // 1024,) * 2,  # bash counts -f in 1024-byte blocks
        "i": (_PENDING_SIGNALS, _PENDING_SIGNALS), "l": (8192, 8192), "m": (U, U),
        "n": (1024, 1024),  # shell/interp/redirect.py's MAX_FDS
        "p": (8, 8), "q": (819200, 819200), "r": (0, 0), "s": (8192, U),
        "t": (wall, wall), "u": (procs, procs),
        "v": (lim.memory_bytes // 1024,) * 2, "x": (U, U),
    }


def current(ctx: Context, letter: str, which: str) -> int | None:
    set_ = ctx.shell.state.ulimits
    if (letter, which) in set_:
        return set_[(letter, which)]
    soft, hard = _defaults(ctx)[letter]
    return soft if which == "S" else hard


def _show(value: int | None) -> str:
    return "unlimited" if value is None else str(value)


def _line(letter: str, value: int | None) -> str:
    label, unit = _TABLE[letter]
    tag = f"({unit}, -{letter}) " if unit else f"(-{letter}) "
    return f"{label:<20} {tag:>20}{_show(value)}\n"  # bash: "%-20s %20s"


def _parse(text: str, ctx: Context, letter: str, which: str) -> int | None | str:
    if text == "unlimited":
        return None
    if text in ("hard", "soft"):
        return current(ctx, letter, "H" if text == "hard" else "S")
    if text.isdigit():
        return int(text)
    return "bad"


def _above(new: int | None, limit: int | None) -> bool:
    return limit is not None and (new is None or new > limit)


@builtin("ulimit")
def ulimit(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    which, letters, show_all, i = "", [], False, 1
    while i < len(argv) and argv[i].startswith("-") and len(argv[i]) > 1:
        a = argv[i]
        if a == "--":
            i += 1
            break
        for ch in a[1:]:
            if ch in "SH":
                which += ch
            elif ch == "a":
                show_all = True
            elif ch in _TABLE:
                letters.append(ch)
            else:
                return bad_option(interp, ctx, "ulimit", f"-{ch}")
        i += 1
    args = argv[i:]
    show_which = "H" if which == "H" else "S"
    if show_all:
        ctx.out("".join(_line(k, current(ctx, k, show_which)) for k in _TABLE))
        return 0
    letters = letters or ["f"]
    if not args:
        many = len(letters) > 1
        for k in letters:
            value = current(ctx, k, show_which)
            ctx.out(_line(k, value) if many else _show(value) + "\n")
        return 0
    status = 0
    for k in letters:
        new = _parse(args[0], ctx, k, which)
        if new == "bad":
            interp.error(ctx, f"ulimit: {args[0]}: invalid number")
            return 1
        assert not isinstance(new, str)
        status |= _set(ctx, k, which or "SH", new)
    return status


def _set(ctx: Context, letter: str, which: str, new: int | None) -> int:
    """Lower (or, as root, raise) a limit: bash sets both soft and hard without -S/-H."""
    interp, label = ctx.shell, _TABLE[letter][0]
    if letter in _READ_ONLY:
        interp.error(ctx, f"ulimit: {label}: cannot modify limit: Invalid argument")
        return 1
    hard = current(ctx, letter, "H")
    root = ctx.creds.uid == 0
    # raising the hard limit needs root; the soft one may not pass the hard one
    if _above(new, hard) and not (root and "H" in which):
        interp.error(ctx, f"ulimit: {label}: cannot modify limit: Operation not permitted")
        return 1
    if letter in "fnu" and _above(new, _defaults(ctx)[letter][1]):
        new = _defaults(ctx)[letter][1]  # the sandbox's own bound stays, whatever root says
    for w in which:
        interp.state.ulimits[(letter, w)] = new
    if "H" in which and "S" not in which and _above(current(ctx, letter, "S"), new):
        interp.state.ulimits[(letter, "S")] = new
    return 0


def _clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}m{rest:.3f}s"


@builtin("times")
def times(ctx: Context, argv: list[str]) -> int:
    """The shell's and its children's user and system CPU time, from the process model."""
    if len(argv) > 1 and argv[1].startswith("-") and argv[1] != "--":
        return bad_option(ctx.shell, ctx, "times", argv[1][:2])
    own = ctx.shell.state.process
    cpu = own.cpu_seconds(time.time()) if own is not None else 0.0
    ctx.out(f"{_clock(cpu)} {_clock(0.0)}\n{_clock(0.0)} {_clock(0.0)}\n")
    return 0
