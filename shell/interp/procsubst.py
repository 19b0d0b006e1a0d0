"""Process substitution: `<(list)` and `>(list)` become /dev/fd/N (N from 63 down, as bash).

Nothing runs concurrently and nothing touches the host: for `<(list)` the list runs to its end
first, its output captured as $( ) captures (bounded by the output limit), and the pipe that
/dev/fd/N names (filesystem/devices.py) holds it; for `>(list)` what the command writes there
is kept (bounded) and the list runs with it as stdin once the pipe is closed, its output after
the command's as bash's usually is.  The list runs in a subshell with its own process entry;
`$!` names it and `wait $!` gives its status.

The names live as long as bash keeps them: until the simple command whose words made them ends
(`frame`), which for a function call is the end of the call; names made by a compound command's
words (`for f in <(a) <(b)`) last until the next simple command ends, as bash closes them then.
"""
from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from shelldojo.filesystem.devices import FdPipe
from shelldojo.shell.budget import LimitExceeded
from shelldojo.shell.interp import procs
from shelldojo.shell.streams import BufferOutput, BytesInput
from shelldojo.shell.syntax import ast

if TYPE_CHECKING:
    from shelldojo.filesystem.processes import Process
    from shelldojo.shell.context import Context
    from shelldojo.shell.interp.executor import Interpreter

FIRST_FD = 63                      # bash's first process-substitution descriptor
_INO = itertools.count(2_100_000)  # pipe:[INO] numbers (pipefs inodes)


class _Open:
    """The names an interpreter has open: (depth made at, loose, pipe).  `depth` counts the
    simple commands running (a function call's body runs inside its caller's); a name is
    loose when a compound command's words made it (no simple command of its own)."""

    __slots__ = ("depth", "pipes", "settled")

    def __init__(self) -> None:
        self.depth = 0
        self.pipes: list[tuple[int, bool, FdPipe]] = []
        self.settled: set[int] = set()  # depths where an inner simple command has ended


def _open(interp: Interpreter) -> _Open:
    got = interp.__dict__.get("_procsubst")
    if got is None:
        got = interp.__dict__["_procsubst"] = _Open()
    return got  # type: ignore[no-any-return]


@contextmanager
def frame(interp: Interpreter, node: ast.SimpleCommand) -> Iterator[None]:
    """A simple command: the names its words made close when it ends; loose names one level
    up close too when it ran a process or had redirections (bash closes them then)."""
    table = _open(interp)
    table.depth += 1
    depth = table.depth
    table.settled.discard(depth)
    procs_before = interp.state.machine.procs._last
    try:
        yield
    finally:
        table.depth = depth - 1
        table.settled.add(depth - 1)
        if table.pipes:
            ran = bool(node.redirects) or interp.state.machine.procs._last != procs_before
            _close(interp, table, depth, ran)


def _close(interp: Interpreter, table: _Open, depth: int, loose_too: bool) -> None:
    vfs = interp.state.machine.vfs
    keep: list[tuple[int, bool, FdPipe]] = []
    for entry in table.pipes:
        d, loose, pipe = entry
        if d >= depth or (loose_too and loose and d == depth - 1):
            vfs.fd_pipes.remove(pipe)
        else:
            keep.append(entry)
    table.pipes = keep


def expand(interp: Interpreter, part: ast.ProcSubst) -> str:
    """Run (or arrange to run) the list; the path that names its pipe."""
    st = interp.state
    table = _open(interp)
    if isinstance(part.body, ast.CommandList) and not part.body.items:
        return ""  # `<()`: bash makes nothing of it
    busy = {p.fd for _, _, p in table.pipes}
    fd = next((n for n in range(FIRST_FD, 9, -1) if n not in busy), None)
    if fd is None:
        interp.error(None, "process substitution: too many open files")
        from shelldojo.shell.interp.state import ExpansionError
        raise ExpansionError(1)
    saved = interp.last_sub_status  # `cat <(exit 3)` leaves $? alone
    if part.direction == "<":
        status, data, pid = _run(interp, part.body, None)
        pipe = FdPipe(fd, True, data, ino=next(_INO))
        _reaped(interp, pid, status)
    else:
        # half the output budget: below the file-size limit a redirection's stream applies
        pipe = FdPipe(fd, False, limit=st.limits.max_output_bytes // 2, ino=next(_INO))
        pipe.on_full = _full
        ctx = interp.current_ctx
        sub = interp.subshell()
        proc = procs.subshell_process(sub.state)  # it runs (waiting on its stdin) meanwhile
        pid = proc.pid if proc is not None else None

        def done(data: bytes) -> None:
            # the list reads what the command wrote; its output goes where the shell's went
            status, _, _ = _run(interp, part.body, data, ctx, sub, proc)
            _reaped(interp, pid, status)
        pipe.on_done = done
    interp.last_sub_status = saved
    st.last_bg_pid = pid
    loose = table.depth == 0 or table.depth in table.settled
    table.pipes.append((table.depth, loose, pipe))
    st.machine.vfs.fd_pipes.add(pipe)
    return f"/dev/fd/{fd}"


def _full() -> None:
    raise LimitExceeded("output limit exceeded")


def _reaped(interp: Interpreter, pid: int | None, status: int) -> None:
    if pid is not None:
        interp.state.jobs.reaped[pid] = status


def _run(interp: Interpreter, body: ast.Command, stdin: bytes | None, ctx: Context | None = None,
         sub: Interpreter | None = None, proc: Process | None = None) -> tuple[int, bytes, int | None]:
    """The list in a subshell: (status, output captured for `<(...)`, its pid)."""
    base = ctx or interp.current_ctx
    assert base is not None
    sub = sub or interp.subshell()
    sub.state.xtrace_level += 1  # set -x shows `++ cmd` inside, as for $( )
    sub.exec_last = procs.lone_command(body)
    sub.state.jobs.inherited = None
    if stdin is None:
        out = BufferOutput(interp.state.limits.max_output_bytes)
        run_ctx = dataclasses.replace(base, stdout=out)
    else:
        out = None
        run_ctx = dataclasses.replace(base, stdin=BytesInput(stdin))
    status = sub.run_isolated(body, run_ctx, proc)
    own = sub.state.process
    if own is not None:
        procs.report_killed(interp, own)
    return status, out.getvalue() if out is not None else b"", own.pid if own is not None else None
