"""Running one command safely (guard), and how each GNU program reports a failed write to its standard output (checked with
`CMD > /dev/full` against coreutils 9.1, grep 3.8, findutils 4.9, sed, gawk).

Most print close_stdout's "CMD: write error: STRERROR" and exit 1; some say it their own
way or exit with another status.  A stdio-buffered tool whose output stayed under one
buffer meets the error only at exit ("small"), else while writing ("big")."""
from __future__ import annotations

import os
import posixpath
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

from shelldojo.filesystem import strerror
from shelldojo.shell import read_errors
from shelldojo.shell.budget import BrokenPipe, Interrupted, LimitExceeded
from shelldojo.shell.interp.state import ExpansionError, ShellSignal
from shelldojo.shell.streams import ReadError

if TYPE_CHECKING:
    from shelldojo.shell.context import Context
    from shelldojo.shell.interp.executor import Interpreter

_PASS_THROUGH = (ShellSignal, ExpansionError, BrokenPipe, LimitExceeded, Interrupted)

DEFAULT = "{n}: write error: {e}"
_HEAD = ("{n}: write error: {e}", "{n}: error writing 'standard output': {e}", 1)
_NO_ERRNO = ("{n}: write error", "{n}: write error", 1)
_TWICE = ("{n}: write error: {e}", "{n}: write error: {e}\n{n}: write error", 1)

# name -> (message at exit, message while writing, status)
MESSAGES: dict[str, tuple[str, str, int]] = {
    "head": _HEAD, "tail": _HEAD,
    "yes": ("{n}: standard output: {e}", "{n}: standard output: {e}", 1),
    "tee": ("{n}: 'standard output': {e}", "{n}: 'standard output': {e}", 1),
    "sort": ("{n}: fflush failed: 'standard output': {e}\n{n}: write error",
             "{n}: write failed: 'standard output': {e}\n{n}: write error", 2),
    "find": ("{n}: \u2018standard output\u2019: {e}\n{n}: write error",) * 2 + (1,),
    "sed": ("{n}: couldn't flush stdout: {e}",) * 2 + (4,),
    "awk": ("{n}: close failed on file /dev/stdout ({e})",
            "{n}: write failure ({e})\n{n}: close failed on file /dev/stdout ({e})", 2),
    "od": ("{n}: write error: {e}", "{n}: write error\n{n}: write error: {e}", 1),
    "tr": _TWICE, "paste": _TWICE, "base64": _TWICE,
    "wc": _NO_ERRNO, "du": _NO_ERRNO, "rev": _NO_ERRNO, "md5sum": _NO_ERRNO, "sha1sum": _NO_ERRNO,
    "sha224sum": _NO_ERRNO, "sha256sum": _NO_ERRNO, "sha384sum": _NO_ERRNO, "sha512sum": _NO_ERRNO,
    "b2sum": _NO_ERRNO, "cksum": _NO_ERRNO,
    "grep": (DEFAULT, DEFAULT, 2), "ls": (DEFAULT, DEFAULT, 2), "dir": (DEFAULT, DEFAULT, 2),
    "printenv": (DEFAULT, DEFAULT, 2), "expr": (DEFAULT, DEFAULT, 3), "env": (DEFAULT, DEFAULT, 125),
    "hostname": ("", "", 0),  # hostname never checks its writes
}


def report(name: str, exc: OSError) -> tuple[str, int]:
    """(text for stderr, possibly empty, status) for program `name` whose write failed."""
    small, big, status = MESSAGES.get(posixpath.basename(name), (DEFAULT, DEFAULT, 1))
    template = big if getattr(exc, "big", False) else small
    if not template:
        return "", status
    return template.format(n=name, e=strerror(exc)) + "\n", status


def _killed(interp: Interpreter, ctx: Context, signum: int) -> int:
    """The running program's process ends by the signal: procs.report_killed tells it."""
    procs = ctx.machine.procs
    pid = procs.current()
    proc = procs.get(pid) if pid is not None else None
    # a subshell's exec'd last command is reported (or not) by its parent: bash's job line
    # for `( )` and pipelines is not modelled, and `$( )` says nothing
    if proc is not None and proc is not interp.state.process:
        proc.status = 128 + signum
    return 128 + signum


def guard(interp: Interpreter, ctx: Context, run: Callable[[], int], program: bool = False) -> int:
    """Run a command; Python errors become messages, never tracebacks.  A failed write
    is reported as bash does for its builtins, or as the GNU program does (`program`)."""
    try:
        status = run()
        take_error = getattr(ctx.stdout, "take_error", None)  # /dev/full's flush at exit
        exc = take_error() if take_error is not None else None
        if exc is not None:
            raise exc
    except _PASS_THROUGH:
        raise
    except RecursionError:
        raise LimitExceeded("maximum nesting depth exceeded") from None
    except MemoryError:  # the host refused one allocation: the memory limit's message
        ctx.budget.memory_bytes = ctx.budget.memory_bytes or ctx.limits.memory_bytes
        ctx.budget.out_of_memory()
    except OSError as exc:
        if program and getattr(exc, "signal", 0):  # killed by it (SIGXFSZ): bash reports that
            return _killed(interp, ctx, exc.signal)  # type: ignore[attr-defined]
        if not program:
            interp.error(ctx, f"{ctx.name}: write error: {strerror(exc)}")
            return 1
        # a failed read of stdin (`tr a b < /tmp`) is the program's read error, not a write error
        said = read_errors.report(ctx.name, exc) if isinstance(exc, ReadError) else None
        text, status = said if said is not None else report(ctx.name, exc)
        ctx.err(text)
        return status
    except Exception as exc:  # noqa: BLE001 - a bug in a command must not kill the shell
        if os.environ.get("SHELLDOJO_DEBUG"):
            traceback.print_exc()
        interp.error(ctx, f"{ctx.name}: internal error: {type(exc).__name__}: {exc}")
        return 1
    return status if isinstance(status, int) else 0
