"""kill: bash's builtin (`kill -l`, -s/-n/-SIG, pids) and procps's /usr/bin/kill (`env kill`).

Both send through the machine's process table (filesystem/processes.py), which checks
permissions (a user signals only their own processes) and applies the default action to
a model; a shell takes its own signals after the command (shell/interp/procs.py).
"""
from __future__ import annotations

import errno

from shelldojo.filesystem.processes import SIGNALS, SIGRTMAX, signal_name, signal_number
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command

USAGE = "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n"


def signal_table() -> str:
    """bash's `kill -l`: five `NN) SIGNAME` cells a line, tab-separated (a trailing tab too)."""
    nums = [*range(1, len(SIGNALS) + 1), *range(34, SIGRTMAX + 1)]
    cells = [f"{n:2d}) SIG{signal_name(n)}" for n in nums]
    lines = ["\t".join(cells[i:i + 5]) for i in range(0, len(cells), 5)]
    return "\n".join(lines[:-1]) + "\n" + lines[-1] + "\t\n"


def _is_program(ctx: Context) -> bool:
    """Run as the /usr/bin/kill program (env kill, xargs kill), not as the shell's builtin."""
    procs = ctx.machine.procs
    proc = procs.get(procs.current() or 0)
    return proc is not None and proc.comm == "kill"


@command("kill", "system", builtin=True, shell=True, summary="send a signal to a process")
def kill(ctx: Context, argv: list[str]) -> int:
    if _is_program(ctx):
        from shelldojo.shell.commands.procs.kill_procps import procps_kill
        return procps_kill(ctx, argv)
    interp = ctx.shell
    args = argv[1:]
    if not args:
        ctx.err(USAGE)
        return 2
    signum = 15
    first = args[0]
    if first in ("-l", "-L") or first.startswith("--"):
        if first not in ("-l", "-L"):
            interp.error(ctx, f"kill: {first}: invalid signal specification")
            return 1
        return _list(ctx, args[1:])
    if first in ("-s", "-n"):
        if len(args) < 2:
            interp.error(ctx, f"kill: {first}: option requires an argument")
            return 1
        spec, args = args[1], args[2:]
        num = signal_number(spec) if first == "-s" or spec.isdigit() else None
        if num is None:
            interp.error(ctx, f"kill: {spec}: invalid signal specification")
            return 1
        signum = num
    elif first.startswith("-") and first != "-" and first != "--":
        num = signal_number(first[1:])
        if num is None:
            interp.error(ctx, f"kill: {first[1:]}: invalid signal specification")
            return 1
        signum, args = num, args[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        ctx.err(USAGE)
        return 2
    status = 0
    procs, uid = ctx.machine.procs, ctx.creds.uid
    for arg in args:
        job = None
        if arg.startswith("%"):  # a job of this shell (shell/interp/jobs.py): its process
            job = interp.state.jobs.visible().find(arg)
            if not hasattr(job, "pid"):
                interp.error(ctx, f"kill: {arg}: no such job")
                status = 1
                continue
            arg = str(job.pid)  # type: ignore[union-attr]
        if not arg.isdigit():
            interp.error(ctx, f"kill: {arg}: arguments must be process or job IDs")
            status = 1
            continue
        try:
            procs.signal(int(arg), signum, uid)
            if getattr(job, "stopped", 0) and signum not in (0, 9, 18, 19, 20, 21, 22):
                procs.signal(int(arg), 18, uid)  # bash continues a stopped job it signals
            if interp.state.interactive:
                _settle(interp, job or interp.state.jobs.visible().by_pid(int(arg)))
        except OSError as exc:
            text = "No such process" if exc.errno == errno.ESRCH else "Operation not permitted"
            interp.error(ctx, f"kill: ({arg}) - {text}")
            status = 1
    return status


def _list(ctx: Context, specs: list[str]) -> int:
    """`kill -l`: the table, or each signal's name (for a number, or a status 128+n) or number."""
    if not specs:
        ctx.out(signal_table())
        return 0
    status = 0
    for spec in specs:
        if spec.isdigit():
            n = int(spec)
            n = n - 128 if n > 128 else n
            name = "EXIT" if n == 0 else signal_name(n)
            if name:
                ctx.out(name + "\n")
                continue
        else:
            n = signal_number(spec)
            if n is not None and spec.upper().removeprefix("SIG") != "EXIT":
                ctx.out(f"{n}\n")
                continue
        ctx.shell.error(ctx, f"kill: {spec}: invalid signal specification")
        status = 1
    return status


SETTLE_S = 0.3   # a killed child dies at once on Linux: give its thread that long to end


def _settle(interp: object, job: object) -> None:
    """An interactive bash reports a job it killed before its next prompt (the child is
    gone by then): wait a moment for the job's thread to end, the machine's lock let go."""
    finished = getattr(job, "finished", None)
    if finished is None or getattr(job, "status", 0) is not None:
        return
    from shelldojo.filesystem.credentials import machine_released
    with machine_released():
        finished.wait(SETTLE_S)
