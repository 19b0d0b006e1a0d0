"""procps-ng 4.0's /usr/bin/kill (`env kill`, `xargs kill`): its own messages and tables."""
from __future__ import annotations

import errno

from shelldojo.filesystem.processes import SIGNALS, signal_name, signal_number
from shelldojo.shell.context import Context
from shelldojo.shell.texts import verbatim

# procps names signal 29 POLL where bash says IO
_NAMES = [("POLL" if s == "IO" else s) for s in SIGNALS]


def procps_kill(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    signum = 15
    if not args:
        ctx.err(verbatim("procs/kill_procps_usage"))
        return 1
    first = args[0]
    if first in ("-l", "--list") or first.startswith("--list="):
        rest = [first.split("=", 1)[1]] if "=" in first else args[1:]
        if not rest:
            ctx.out(" ".join(_NAMES[:16]) + "\n" + " ".join(_NAMES[16:]) + "\n")
            return 0
        num = signal_number(rest[0])
        if num is None:
            ctx.err(f"kill: unknown signal name {rest[0]}\n")
            return 1
        ctx.out((signal_name(num) if rest[0].isdigit() else str(num)) + "\n")
        return 0
    if first in ("-L", "--table"):
        cells = [f"{n:2d} {name:<7}" for n, name in enumerate(_NAMES, 1)]
        # a full line ends at its 7th cell; the last, partial one keeps its padding and a blank
        rows = [cells[i:i + 7] for i in range(0, len(cells), 7)]
        ctx.out("".join((" ".join(r).rstrip() if len(r) == 7 else " ".join(r) + " ") + "\n" for r in rows))
        return 0
    if first in ("-s", "--signal"):
        if len(args) < 2:
            ctx.err(verbatim("procs/kill_procps_usage"))
            return 1
        num = signal_number(args[1])
        args = args[2:]
        if num is None:
            for a in args:
                ctx.err(f"kill: ({a}): Invalid argument\n")
            return 1
        signum = num
    elif first.startswith("-") and len(first) > 1 and first != "--":
        num = signal_number(first[1:])
        if num is None:
            ctx.err(f"kill: unknown signal name {first[1:]}\n")
            return 1
        signum, args = num, args[1:]
    if args and args[0] == "--":
        args = args[1:]
    status = 0
    for arg in args:
        if not arg.lstrip("-").isdigit():
            ctx.err(f"kill: failed to parse argument: '{arg}'\n")
            return 1
        try:
            ctx.machine.procs.signal(int(arg), signum, ctx.creds.uid)
        except OSError as exc:
            text = "No such process" if exc.errno == errno.ESRCH else "Operation not permitted"
            ctx.err(f"kill: ({arg}): {text}\n")
            status = 1
    return status
