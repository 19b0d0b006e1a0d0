"""Stopping and continuing a job (SIGSTOP/SIGTSTP/SIGTTIN/SIGTTOU, SIGCONT) and the router
that takes the signals sent to a job's process (kill %1, kill PID, Ctrl-Z) to the job.

A stopped job's threads pause in Budget.check() (shell/budget.py) until it continues or is
killed; its processes show state T meanwhile.  A fatal signal other than KILL sent to a
stopped job waits until it continues, as the kernel keeps it pending.
"""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from shelldojo.filesystem.processes import IGNORED, STOPPING, signal_name

if TYPE_CHECKING:
    from shelldojo.filesystem.processes import Process
    from shelldojo.shell.interp.jobs import Job
    from shelldojo.shell.interp.state import ShellState

# `jobs -l` names the signal that stopped a job (strsignal); the short form says `Stopped`
STOP_TEXT = {19: "Stopped (signal)", 20: "Stopped", 21: "Stopped (tty input)", 22: "Stopped (tty output)"}


def job_tree(job: Job) -> list[Process]:
    """The job's processes: its own and their descendants (pids grow: parents first)."""
    if job.procs is None:
        return []
    ids = {job.pid}
    out = []
    for p in job.procs:
        if p.pid == job.pid or p.ppid in ids:
            ids.add(p.pid)
            out.append(p)
    return out


def stop(job: Job, signum: int) -> None:
    """Its threads pause at their next check; ps shows its processes as T."""
    if job.status is not None:
        return
    job.budget.stop()
    if not job.stopped:
        job.stop_told = False
    job.stopped = signum
    for p in job_tree(job):
        if p.state != "T":
            job.saved_states[p.pid] = p.state
            p.state = "T"


def cont(job: Job) -> None:
    """SIGCONT: it runs on (and a fatal signal sent meanwhile acts now)."""
    if not job.stopped:
        return
    job.stopped = 0
    for p in job_tree(job):
        if p.state == "T":
            p.state = job.saved_states.get(p.pid, "S")
    job.saved_states.clear()
    job.budget.resume()
    if job.held:
        job.signal(job.held)


def deliver(job: Job, state: ShellState, pending: list[int], signum: int) -> None:
    """A signal sent to the job's process: a trap or an ignored signal is the job shell's
    business (after its current command); a stop or continue acts at once; one whose
    default action ends the job stops it at once, even inside `sleep`."""
    name = signal_name(signum)
    trapped = name in state.traps and name not in ("STOP", "KILL")
    if name in STOPPING and not trapped:
        stop(job, signum)
        return
    if name == "CONT":
        cont(job)
    if trapped or name in IGNORED or name in STOPPING or name == "CONT":
        pending.append(signum)
        return
    if job.stopped and name != "KILL":
        job.held = job.held or signum
        return
    job.signal(signum)


class JobDeliver(partial):  # type: ignore[type-arg]
    """A job process's `deliver`; it stays when the job's process execs its program
    (shell/interp/procs.py running_program)."""

    keeps_on_exec = True

    def __new__(cls, job: Job, state: ShellState, pending: list[int]) -> JobDeliver:  # noqa: PYI034
        return super().__new__(cls, deliver, job, state, pending)
