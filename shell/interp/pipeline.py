"""Pipelines: each stage in its own subshell, all but the last in a worker thread.

Stages are connected by bounded `streams.Pipe`s.  A stage closes its stdout writer and
its stdin reader when it ends, so a producer whose reader has gone gets `BrokenPipe`
(status 141, no message), as with SIGPIPE.  Worker threads never take the machine's
credential lock; each takes the pipeline's identity for itself (it is per thread).
"""
from __future__ import annotations

import dataclasses
import threading
from functools import partial
from typing import TYPE_CHECKING

from shelldojo.filesystem import acting_as
from shelldojo.shell.budget import BrokenPipe, Interrupted, LimitExceeded
from shelldojo.shell.interp.procs import lone_command, report_killed, subshell_process
from shelldojo.shell.interp.state import Var
from shelldojo.shell.status import BROKEN_PIPE, INTERRUPTED, LIMIT
from shelldojo.shell.streams import Pipe

if TYPE_CHECKING:
    from shelldojo.shell.context import Context
    from shelldojo.shell.interp.executor import Interpreter
    from shelldojo.shell.syntax import ast

# Deep recursion inside a stage needs more than the default thread stack.
threading.stack_size(64 * 1024 * 1024)


def run_pipeline(interp: Interpreter, node: ast.Pipeline, ctx: Context) -> int:
    cmds = node.commands
    if len(cmds) == 1:
        status = interp.run_node(cmds[0], ctx)
        _pipestatus(interp, [status])
        return status
    st = interp.state
    budget = st.budget
    pipes = [Pipe(budget, st.limits.pipe_buffer_bytes) for _ in cmds[:-1]]
    statuses = [0] * len(cmds)
    errors: list[BaseException] = []
    # bash forks every stage before any runs: each has its process (and pid) from the start,
    # so `ps | grep` finds the grep
    subs = [interp.subshell() for _ in cmds]
    forked = [subshell_process(sub.state) for sub in subs]
    # ... and each execs its program at once: the table's readers (ps) wait for that, so
    # `ps aux | grep x` lists the grep as on Linux (filesystem/processes.py)
    table = st.machine.procs
    for sub, proc, cmd in zip(subs, forked, cmds):
        if proc is not None and lone_command(cmd):
            table.expect_exec(proc.pid)
            sub.on_exec = partial(table.exec_done, proc.pid)

    def stage(i: int) -> None:
        stdin = ctx.stdin if i == 0 else pipes[i - 1].reader
        stdout = ctx.stdout if i == len(cmds) - 1 else pipes[i].writer
        sctx = dataclasses.replace(ctx, stdin=stdin, stdout=stdout)
        sub = subs[i]
        sub.pipeline_stage = i < len(cmds) - 1  # only the last stage's death by a signal is reported
        sub.exec_last = lone_command(cmds[i])  # bash execs a lone command in the stage's process
        try:
            with acting_as(ctx.creds):  # identity is per thread (filesystem/credentials.py)
                statuses[i] = sub.run_isolated(cmds[i], sctx, process=forked[i])
            if i == len(cmds) - 1 and sub.state.process is not None:
                report_killed(interp, sub.state.process)  # the pipeline's status is the last stage's
        except BrokenPipe:
            statuses[i] = BROKEN_PIPE
        except (LimitExceeded, Interrupted) as exc:
            budget.cancel(budget.cancelled or exc)
            errors.append(exc)
            statuses[i] = INTERRUPTED if isinstance(exc, Interrupted) else LIMIT
        except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread
            errors.append(exc)
            statuses[i] = 1
        finally:
            sub.started()
            if i < len(cmds) - 1:
                pipes[i].writer.close()
            if i > 0:
                pipes[i - 1].reader.close()

    threads = [threading.Thread(target=stage, args=(i,), daemon=True, name=f"pipe-stage-{i}")
               for i in range(len(cmds) - 1)]
    budget.spawn(len(threads))
    try:
        for t in threads:
            t.start()
    except RuntimeError:  # the host refused a thread (a grader worker's OS cap): a failed fork
        budget.cancel(LimitExceeded("fork: too many processes running at once"))
        for p in pipes:
            p.reader.close()
            p.writer.close()
        for t in threads:
            if t.ident is not None:
                t.join()
        for i, t in enumerate([*threads, None]):
            if (t is None or t.ident is None) and forked[i] is not None:
                st.machine.procs.reap(forked[i].pid)  # never ran: its entry goes
        budget.reap(len(threads))
        raise budget.cancelled from None
    try:
        stage(len(cmds) - 1)
    finally:
        if errors:
            for p in pipes:  # unblock every stage
                p.reader.close()
                p.writer.close()
        for t in threads:
            while t.is_alive():
                t.join(0.05)
                if budget.cancelled is not None:
                    for p in pipes:
                        p.reader.close()
                        p.writer.close()
        budget.reap(len(threads))
    if budget.cancelled is not None:
        raise budget.cancelled
    if errors:
        raise errors[0]
    _pipestatus(interp, statuses)
    if "pipefail" in st.options:
        return next((s for s in reversed(statuses) if s), 0)
    return statuses[-1]


def _pipestatus(interp: Interpreter, statuses: list[int]) -> None:
    var = Var({i: str(s) for i, s in enumerate(statuses)}, kind="indexed")
    interp.state.scopes[0]["PIPESTATUS"] = var
