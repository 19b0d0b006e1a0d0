"""Commands that run another command: timeout, nohup, nice (coreutils 9.1) and renice
(util-linux 2.38).  The command runs through ctx.runner as env's does; timeout ends it through
a ScopedBudget (shell/budget.py), the same deadline every wait and loop already checks."""
from __future__ import annotations

import dataclasses
import errno
import posixpath
import time

from shelldojo.filesystem import accounts, strerror
from shelldojo.filesystem.processes import IGNORED, SIGNALS, STOPPING, signal_number
from shelldojo.shell.budget import Interrupted, ScopedBudget
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.system.system import _interval, _lookup
from shelldojo.shell.context import Context, cquote, squote
from shelldojo.shell.registry import command
from shelldojo.shell.status import CANNOT_EXECUTE, NOT_FOUND
from shelldojo.shell.streams import FileOutput, NullInput
from shelldojo.shell.texts import verbatim

TIMED_OUT, CANCELED = 124, 125     # coreutils: the command timed out; the tool itself failed
KILL = 9


class TimedOut(Interrupted):
    """The signal timeout sends when the duration is up: the command ends at its next check."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _start(ctx: Context, argv: list[str], tool: str, quote: type[str] | object = cquote) -> int | None:
    """None if argv[0] can be run, else the status after coreutils' 'failed to run' message."""
    found = _lookup(ctx, argv[0], ctx.env.get("PATH", "/bin:/usr/bin"))
    if not isinstance(found, int):
        return None
    q = quote(argv[0]) if callable(quote) else argv[0]
    message = f"failed to run command {q}" if tool != "nice" else q
    ctx.err(f"{tool}: {message}: {strerror(found)}\n")
    return CANNOT_EXECUTE if found == errno.EACCES else NOT_FOUND


# ----------------------------------------------------------------------------- timeout
TIMEOUT = OptionSpec("timeout", short="fk:ps:v", long=["foreground", "kill-after=", "preserve-status",
                     "signal=", "verbose"], help=verbatim("system/timeout_help"),
                     version=verbatim("system/timeout_version"), usage_status=CANCELED,
                     posix=True)


@command("timeout", family="system", summary="run a command with a time limit")
def timeout(ctx: Context, argv: list[str]) -> int:
    parsed = TIMEOUT.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    signum, kill_after, preserve, verbose = 15, 0.0, False, False
    for opt, val in parsed.options:
        if opt in ("-s", "--signal"):
            number = signal_number(val or "")
            if number is None:
                ctx.err(f"timeout: {cquote(val or '')}: invalid signal\nTry 'timeout --help' for more information.\n")
                return CANCELED
            signum = number
        elif opt in ("-k", "--kill-after"):
            seconds = _duration(ctx, val or "")
            if seconds is None:
                return CANCELED
            kill_after = seconds
        elif opt in ("-p", "--preserve-status"):
            preserve = True
        elif opt in ("-v", "--verbose"):
            verbose = True
    if len(parsed.operands) < 2:
        ctx.err("Try 'timeout --help' for more information.\n")
        return CANCELED
    duration = _duration(ctx, parsed.operands[0])
    if duration is None:
        return CANCELED
    cmd = parsed.operands[1:]
    failed = _start(ctx, cmd, "timeout")
    if failed is not None:
        return failed
    if duration == 0 or duration == float("inf"):  # 0 disables the timeout
        return ctx.runner.run_argv(dataclasses.replace(ctx, name=cmd[0]), cmd)

    def expire(budget: ScopedBudget) -> BaseException | None:
        """The duration is up: send the signal; a KILL follows -k's duration if it is ignored."""
        sending = KILL if budget.expired and getattr(budget, "killing", False) else signum
        if verbose:
            ctx.err(f"timeout: sending signal {_signame(sending)} to command {cquote(cmd[0])}\n")
        name = _signame(sending)
        if sending and name not in IGNORED and name not in STOPPING and name != "CONT":
            return TimedOut(sending)
        if kill_after and not getattr(budget, "killing", False):
            budget.killing = True  # type: ignore[attr-defined]
            budget.ends_at = _now() + kill_after
        return None  # an ignored signal: the command runs on (a stopped one is not modelled)

    scoped = ScopedBudget(ctx.budget, min(duration, 1e9), expire)
    try:
        status = ctx.runner.run_argv(dataclasses.replace(ctx, name=cmd[0], budget=scoped), cmd)
    except TimedOut as exc:
        if exc is not scoped.cancelled:
            raise  # an enclosing timeout's
        status = 128 + exc.signum
    ended = scoped.cancelled
    if isinstance(ended, TimedOut):
        status = 128 + ended.signum
        if ended.signum == KILL:
            return status  # KILL: timeout itself is killed too (bash reports 137)
    if scoped.expired and not preserve:
        return TIMED_OUT
    return status


def _now() -> float:
    return time.monotonic()


def _signame(num: int) -> str:
    return SIGNALS[num - 1] if 0 < num <= len(SIGNALS) else str(num)


def _duration(ctx: Context, text: str) -> float | None:
    seconds = _interval(text)
    if seconds is None:
        ctx.err(f"timeout: invalid time interval {cquote(text)}\nTry 'timeout --help' for more information.\n")
    return seconds


# ----------------------------------------------------------------------------- nohup
NOHUP = OptionSpec("nohup", help=verbatim("system/nohup_help"),
                  version=verbatim("system/nohup_version"), usage_status=CANCELED, posix=True)


@command("nohup", family="system", summary="run a command immune to hangups, with output to a non-tty")
def nohup(ctx: Context, argv: list[str]) -> int:
    parsed = NOHUP.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    cmd = parsed.operands
    if not cmd:
        ctx.err("nohup: missing operand\nTry 'nohup --help' for more information.\n")
        return CANCELED
    ignoring_input = ctx.stdin.isatty()
    to_file, err_to_out = ctx.stdout.isatty(), ctx.stderr.isatty()
    sub = dataclasses.replace(ctx, name=cmd[0])
    if ignoring_input:
        sub.stdin = NullInput()
        if not to_file and not err_to_out:
            ctx.error("ignoring input")
    opened = None
    if to_file:
        opened = _nohup_out(ctx)
        if isinstance(opened, int):
            return opened
        stream, name = opened
        ctx.error(f"{'ignoring input and appending' if ignoring_input else 'appending'} output to {squote(name)}")
        sub.stdout = stream
    if err_to_out:
        if not to_file:
            ctx.error("ignoring input and redirecting stderr to stdout" if ignoring_input
                      else "redirecting stderr to stdout")
        sub.stderr = sub.stdout
    try:
        failed = _start(sub, cmd, "nohup", squote)
        if failed is not None:
            return failed
        return ctx.runner.run_argv(sub, cmd)
    finally:
        if opened is not None:
            opened[0].close()


def _nohup_out(ctx: Context) -> tuple[FileOutput, str] | int:
    """nohup.out in the current directory, else in $HOME; created 0600, appended to."""
    tries = [("nohup.out", posixpath.join(ctx.cwd, "nohup.out"))]
    home = ctx.env.get("HOME")
    if home is not None:
        tries.append((posixpath.join(home, "nohup.out"), ctx.abspath(posixpath.join(home, "nohup.out"))))
    errors = []
    for shown, full in tries:
        try:
            new = not ctx.vfs.exists(full)
            f = ctx.vfs.open(full, "ab")
            if new:
                ctx.vfs.chmod(full, 0o600)
            return FileOutput(f, ctx.machine.limits.max_file_bytes,
                              free=lambda: ctx.vfs.disk_usage().free), shown
        except OSError as exc:
            errors.append(f"nohup: failed to open {squote(shown)}: {strerror(exc)}\n")
    ctx.err("".join(errors))
    return CANCELED


# ----------------------------------------------------------------------------- nice, renice
NICE = OptionSpec("nice", short="n:", long=["adjustment="], help=verbatim("system/nice_help"),
                  version=verbatim("system/nice_version"),
                  usage_status=CANCELED, posix=True)


def niceness(ctx: Context) -> int:
    """The running process's niceness: what nice gave it, else its entry in the process table."""
    value = ctx.extra.get("nice")
    if isinstance(value, int):
        return value
    procs = ctx.machine.procs
    proc = procs.get(procs.current() or 0)
    return proc.nice if proc is not None else 0


@command("nice", family="system", summary="run a program with modified scheduling priority")
def nice(ctx: Context, argv: list[str]) -> int:
    args = list(argv[1:])
    adjustment: str | None = None
    if args and len(args[0]) > 1 and args[0][0] == "-" and args[0][1:].lstrip("-+").isdigit() \
            and args[0][1] in "0123456789-+":
        adjustment = args.pop(0)[1:]  # the obsolete `nice -5` / `nice --5` form
    parsed = NICE.parse(ctx, args)
    if isinstance(parsed, int):
        return parsed
    for _, val in parsed.options:
        adjustment = val
    current = niceness(ctx)
    if adjustment is None and not parsed.operands:
        ctx.out(f"{current}\n")
        return 0
    step = 10
    if adjustment is not None:
        text = adjustment.strip()
        if not text.lstrip("+-").isdigit() or text.count("-") + text.count("+") > 1:
            ctx.error(f"invalid adjustment {cquote(adjustment)}")
            return CANCELED
        step = max(-40, min(40, int(text)))
    if not parsed.operands:
        ctx.err("nice: a command must be given with an adjustment\nTry 'nice --help' for more information.\n")
        return CANCELED
    target = max(-20, min(19, current + step))
    if target < current and not ctx.creds.is_root:
        ctx.error("cannot set niceness: Permission denied")  # a warning: the command still runs
        target = current
    cmd = parsed.operands
    failed = _start(ctx, cmd, "nice")
    if failed is not None:
        return failed
    procs = ctx.machine.procs
    proc = procs.get(procs.current() or 0)
    if proc is not None:
        proc.nice = target
    return ctx.runner.run_argv(dataclasses.replace(ctx, name=cmd[0], extra={**ctx.extra, "nice": target}), cmd)


_WHICH = {"-p": "process ID", "--pid": "process ID", "-g": "process group ID", "--pgrp": "process group ID",
          "-u": "user ID", "--user": "user ID"}


@command("renice", family="system", summary="alter priority of running processes")
def renice(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    if args and args[0] in ("-h", "--help"):
        ctx.out(verbatim("system/renice_help"))
        return 0
    if args and args[0] in ("-V", "--version"):
        ctx.out("renice from util-linux 2.38.1\n")
        return 0
    if args and args[0] in ("-n", "--priority"):
        args = args[1:]
    if len(args) < 2 and not (len(args) == 1 and args[0] in _WHICH):
        ctx.err("renice: not enough arguments\nTry 'renice --help' for more information.\n")
        return 1
    text = args[0]
    if not text.lstrip("+-").isdigit():
        ctx.err(f"renice: invalid priority '{text}'\nTry 'renice --help' for more information.\n")
        return 1
    value = max(-20, min(19, int(text)))
    which, status = "process ID", 0
    for arg in args[1:]:
        if arg in _WHICH:
            which = _WHICH[arg]
            continue
        status |= _renice_one(ctx, which, arg, value)
    return status


def _renice_one(ctx: Context, which: str, arg: str, value: int) -> int:
    procs = ctx.machine.procs
    if which == "user ID":
        uid = _user_id(ctx, arg)
        if uid is None:
            ctx.err(f"renice: unknown user {arg}\n")
            return 1
        targets = [p for p in procs if p.uid == uid and not p.kernel]
        ident = str(uid)
    else:
        if not arg.isdigit():
            ctx.err(f"renice: bad {'process' if which == 'process ID' else 'process group'} ID value: {arg}\n")
            return 1
        ident = arg
        proc = procs.get(int(arg))
        targets = [proc] if proc is not None and which == "process ID" else []
    if not targets:
        ctx.err(f"renice: failed to get priority for {ident} ({which}): {strerror(errno.ESRCH)}\n")
        return 1
    old = targets[0].nice
    for p in targets:
        if not ctx.creds.is_root and (p.uid != ctx.creds.uid):
            ctx.err(f"renice: failed to set priority for {ident} ({which}): {strerror(errno.EPERM)}\n")
            return 1
        if not ctx.creds.is_root and value < p.nice:
            ctx.err(f"renice: failed to set priority for {ident} ({which}): {strerror(errno.EACCES)}\n")
            return 1
    for p in targets:
        p.nice = value
    ctx.out(f"{ident} ({which}) old priority {old}, new priority {value}\n")
    return 0


def _user_id(ctx: Context, name: str) -> int | None:
    user = accounts.user_by_name(ctx.vfs, name)
    if user is not None:
        return user.uid
    return int(name) if name.isdigit() else None
