"""A unit's ExecStart program really run, when `systemctl start` starts it (not a daemon model).

The program runs through the shell in a session of its own, as the unit's User= (root by
default), cwd /, for one bounded slice: until it ends, until it first blocks (sleep, wait: the
moment a real service would sit idle), or SLICE_S of work.  A program that ended gives its
status (the service is then dead or failed); one still going is left as the service's model
process (what `ps` and `systemctl status` show), using nothing on the host from then on.  Its
output lines go to the journal under the unit.  No thread outlives the command line.
"""
from __future__ import annotations

import dataclasses
import shlex
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from shelldojo.filesystem import accounts
from shelldojo.shell.budget import Budget, LimitExceeded
from shelldojo.shell.streams import OutputStream

if TYPE_CHECKING:
    from shelldojo.filesystem.processes import Process
    from shelldojo.filesystem.units import Unit
    from shelldojo.shell.context import Context

SLICE_S = 1.0
MAX_KEPT = 64 * 1024          # output bytes kept for the journal (the rest is dropped)
MAX_LINES = 200
SERVICE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
BLOCKED = "the unit's program blocked"

RunResult = tuple[int | None, list[str]]


class _Collect(OutputStream):
    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, data: bytes) -> None:
        room = MAX_KEPT - len(self.data)
        if room > 0:
            self.data += data[:room]

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class _SliceBudget(Budget):
    """A budget whose first wait ends the slice: the program now sits idle, as a service does."""

    @contextmanager
    def waiting(self) -> Iterator[None]:
        self.cancelled = LimitExceeded(BLOCKED)
        raise self.cancelled
        yield  # pragma: no cover  (a generator, for contextmanager)


def runner(ctx: Context) -> Callable[[Unit, Process], RunResult] | None:
    """The callback ServiceManager.start calls for a unit's own program: a Session of its own on
    the command's machine (also for a command without a session of its own, e.g. run by ssh)."""
    session = ctx.host
    if session is not None and hasattr(session, "run_source"):
        job_session: type = type(session)
    else:
        from shelldojo.shell.session import Session as job_session  # at call time: no import cycle
    limits = dataclasses.replace(ctx.limits, wall_time_s=min(ctx.limits.wall_time_s, SLICE_S))

    def run(unit: Unit, proc: Process) -> RunResult:
        user = unit.user or "root"
        account = accounts.user_by_name(ctx.vfs, user)
        if account is None:
            return 217, []          # systemd's status=217/USER
        out = _Collect()
        try:
            job = job_session(ctx.machine, user=user, limits=limits, stdout=out, stderr=out, cwd="/",
                              script_name="bash", arg0="bash")
        except (ValueError, OSError):
            return 217, []

        def new_budget() -> Budget:
            return _SliceBudget(limits.wall_time_s, limits.max_commands, limits.max_processes,
                                limits.memory_bytes)

        job.new_budget = new_budget  # type: ignore[method-assign]
        state = job.state
        for name in ("USER", "LOGNAME", "HOME", "SHELL", "HOSTNAME", "SHLVL"):
            state.unset(name)
        env = {"PATH": SERVICE_PATH, "LANG": "C.UTF-8"}
        if unit.user:
            env.update(HOME=account.home, USER=user, LOGNAME=user, SHELL=account.shell or "/bin/sh")
        for name, value in env.items():
            state.set(name, value, export=True)
        mine = state.process
        if mine is not None:
            mine.argv = list(unit.exec_start)
        try:
            status = job.run_source(shlex.join(unit.exec_start))
        finally:
            job.end()
            if mine is not None:
                ctx.machine.procs.reap(mine.pid)
        cut = job.last_limit
        text = out.data.decode("utf-8", "replace")
        lines = [ln for ln in text.split("\n") if ln and ln != f"shelldojo: {cut}"][:MAX_LINES]
        return (None if cut is not None else status), lines

    return run
