"""Job control in the REPL's own shell: each foreground program or pipeline is a job that
starts in the foreground (JobTable.start) and is waited for, so Ctrl-Z can stop it.

Only a shell with job control (`JobTable.control`, the thread the REPL runs its interactive
shell on) does this; `shelldojo run`, scripts, subshells and the grader
run commands on the calling thread as before.  Builtins and functions run in the shell
itself (bash: Ctrl-Z during `read` does nothing); the programs they run are jobs.
"""
from __future__ import annotations

import shlex
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from shelldojo.filesystem.credentials import MACHINE_LOCK, machine_released
from shelldojo.shell.interp import jobstop
from shelldojo.shell.interp.jobs import Job, JobTable
from shelldojo.shell.status import SIGNAL_BASE

if TYPE_CHECKING:
    from shelldojo.shell.context import Context
    from shelldojo.shell.interp.executor import Interpreter
    from shelldojo.shell.syntax import ast

TSTP = 20


def wanted(interp: Interpreter) -> bool:
    """This command runs as a foreground job: the REPL's shell itself, on its own thread (not
    a subshell's or a background job's)."""
    return (interp.state.jobs.control is threading.current_thread() and not interp.is_subshell
            and interp.lock_thread is None)


def program(interp: Interpreter, ctx: Context, argv: list[str],
            run: Callable[[Interpreter, Context, list[str]], int]) -> int:
    """A program on PATH (`sleep 100`), its words already expanded."""
    def body(sub: Interpreter, jctx: Context) -> int:
        sub.exec_last = True   # the job's process is the program's (bash forks, then execs)
        with MACHINE_LOCK:     # one command at a time against the session's other jobs
            return run(sub, jctx, argv)
    text = " ".join(shlex.quote(a) for a in argv)
    return run_job(interp, ctx, body, text, [text])


def pipeline(interp: Interpreter, node: ast.Pipeline, ctx: Context) -> int:
    """A pipeline of several stages (every stage is a subshell in bash anyway)."""
    from shelldojo.shell.interp.unparse import command_text
    text = command_text(node)
    statuses: list[object] = []

    def body(sub: Interpreter, jctx: Context) -> int:
        status = sub.run_isolated(node, jctx, process=sub.state.process)
        statuses.append(sub.state.scopes[0].get("PIPESTATUS"))
        return status
    status = run_job(interp, ctx, body, text, [text, *(command_text(c) for c in node.commands[1:])])
    if statuses and statuses[0] is not None:  # the stages' statuses are the shell's, as in bash
        interp.state.scopes[0]["PIPESTATUS"] = statuses[0]  # type: ignore[assignment]
    return status


def run_job(interp: Interpreter, ctx: Context, body: object, text: str, parts: list[str]) -> int:
    table: JobTable = interp.state.jobs
    job = table.start(interp, body, ctx, text, parts, foreground=True)  # type: ignore[arg-type]
    table.foreground = job
    try:
        return wait_fg(interp, ctx, job)
    finally:
        table.foreground = None


def wait_fg(interp: Interpreter, ctx: Context, job: Job) -> int:
    """Wait for a foreground job to end or stop; Ctrl-C (or our time limit) reaches it as
    SIGINT.  A job that ended leaves the table silently; a stopped one stays, and bash
    says so at once: a blank line, `[1]+  Stopped                 sleep 100`, status 148."""
    table: JobTable = interp.state.jobs
    table.foreground = job
    try:
        with ctx.budget.waiting(), machine_released():
            try:
                while job.status is None and not job.stopped:
                    ctx.check()
                    job.finished.wait(0.05)
            except BaseException:
                # SIGINT reaches the job while the machine's lock is still let go: the job may
                # hold it (a program runs under it) and must be able to end before we take it
                job.signal(2)
                job.finished.wait(2.0)
                raise
    except BaseException:
        if job.status is not None:
            table.forget(job)
        raise
    finally:
        table.foreground = None
    if job.status is None:
        table.make_current(job.number)
        job.stop_told = True
        ctx.err("\n" + table.line(job, table.marks()[job.number]))
        return SIGNAL_BASE + job.stopped
    job.notified = True
    table.forget(job)
    interp.state.status = job.status
    return job.status


def stop_foreground(table: JobTable) -> bool:
    """Ctrl-Z (SIGTSTP at the host): stop the foreground job, if one runs."""
    job = getattr(table, "foreground", None)
    if job is None or job.status is not None:
        return False
    jobstop.stop(job, TSTP)
    return True
