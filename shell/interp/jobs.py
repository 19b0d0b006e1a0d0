"""Background jobs: bash's job table, and `cmd &` run on a worker thread of the session.

A job is the learner's own background process: it runs concurrently in a subshell of the
shell that started it, on one host thread, and takes the machine's lock per simple command
(executor.Interpreter.lock_thread), letting go of it in every blocking wait
(filesystem.credentials.machine_released), so the foreground stays responsive.  A job never
outlives its session: `end_jobs(machine)` cancels and joins every thread still running.

bash's rules kept here: numbers restart at 1 when the table empties; `%+` is the newest job,
`%-` the one before (the same job when there is one); a non-interactive shell forgets a
finished job silently (only `wait PID` still knows its status), an interactive one reports
it once (`[1]+  Done                    sleep 5`) before the next prompt or in `jobs`.
"""
from __future__ import annotations

import contextvars
import copy
import dataclasses
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shelldojo.filesystem import acting_as
from shelldojo.shell.budget import BrokenPipe, Budget, Interrupted, LimitExceeded
from shelldojo.shell.interp.jobstop import STOP_TEXT, JobDeliver
from shelldojo.shell.status import BROKEN_PIPE, INTERRUPTED, LIMIT, SIGNAL_BASE
from shelldojo.shell.streams import NullInput

if TYPE_CHECKING:
    from shelldojo.filesystem import Machine
    from shelldojo.filesystem.processes import Process, ProcessTable
    from shelldojo.shell.context import Context
    from shelldojo.shell.interp.executor import Interpreter
    from shelldojo.shell.syntax import ast

# how bash names the end of a job killed by a signal (`jobs`, the Done report)
SIGNAL_TEXT = {1: "Hangup", 2: "Interrupt", 3: "Quit", 9: "Killed", 10: "User defined signal 1",
               12: "User defined signal 2", 13: "Broken pipe", 14: "Alarm clock", 15: "Terminated"}
JOIN_S = 2.0   # how long the end of a session waits for a cancelled job's thread
Body = Callable[["Interpreter", "Context"], int]   # what a job runs, when not a syntax tree


class Signalled(Interrupted):
    """A signal sent to a job (kill %1): its thread stops at the next check, status 128+n."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass(eq=False)
class Job:
    number: int
    pid: int                     # the job's process group (its first process); `jobs -p`
    last_pid: int                # its last process: `$!`
    text: str                    # the command as bash shows it
    budget: Budget
    thread: threading.Thread | None = None
    status: int | None = None    # set when it has ended
    signum: int = 0              # the signal that ended it
    notified: bool = False
    fresh: bool = True           # started since the shell last looked (settle)
    parts: list[str] = field(default_factory=list)   # its processes' commands (%?text)
    owner: object = None         # the session it belongs to (end_jobs)
    finished: threading.Event = field(default_factory=threading.Event)
    stopped: int = 0             # the signal that stopped it (kill -STOP, Ctrl-Z); 0 if not
    stop_told: bool = True       # its `Stopped` line has been shown (interactive shells)
    held: int = 0                # a fatal signal sent while stopped: it acts on SIGCONT
    procs: ProcessTable | None = None
    saved_states: dict[int, str] = field(default_factory=dict)

    @property
    def running(self) -> bool:
        return self.status is None and not self.stopped

    def state_text(self, long: bool = False) -> str:
        if self.status is None and self.stopped:
            return STOP_TEXT.get(self.stopped, "Stopped") if long else "Stopped"
        if self.status is None:
            return "Running"
        if self.signum:
            return SIGNAL_TEXT.get(self.signum, f"Signal {self.signum}")
        return "Done" if self.status == 0 else f"Exit {self.status}"

    def signal(self, signum: int) -> None:
        """Deliver a signal whose default action ends the job."""
        if self.status is None:
            self.stopped = 0   # a stopped job wakes to die (kill -9 %1)
            self.budget.cancel(Signalled(signum))


# every job still running, per owner (the session whose command started it, directly or in
# a script or subshell): what the end of that session must stop
_LIVE: dict[object, set[Job]] = {}
_LIVE_LOCK = threading.Lock()
_JOB_BUDGETS: weakref.WeakSet[Budget] = weakref.WeakSet()   # the budgets jobs run under
_REPORTED: weakref.WeakSet[Budget] = weakref.WeakSet()      # ... whose limit has been said
_OWNER: contextvars.ContextVar[object] = contextvars.ContextVar("job_owner", default=None)


@contextmanager
def owned_by(owner: object) -> Iterator[None]:
    """Jobs started in this block belong to `owner` (a Session): end_jobs(owner) ends them."""
    token = _OWNER.set(owner)
    try:
        yield
    finally:
        _OWNER.reset(token)


class JobTable:
    """One shell's jobs (a subshell starts with an empty table, as in bash)."""

    def __init__(self, inherited: JobTable | None = None) -> None:
        self.jobs: dict[int, Job] = {}
        # the parent's table, which `jobs` and `kill %1` still see from a pipeline stage or
        # $( ) until this shell starts a job of its own (bash: `jobs -p | wc -l`, `$(jobs -p)`)
        self.inherited = inherited
        self.reaped: dict[int, int] = {}    # pid -> status of jobs no longer listed (bgpids)
        self.lock = threading.Lock()
        # bash's current (%+) and previous (%-) job: the newest started, or the last stopped
        self.current: int | None = None
        self.previous: int | None = None
        # job control: the thread of the REPL's own shell (foreground jobs, Ctrl-Z), or None; a
        # local REPL runs on the main thread, a served student's on a thread of its own
        self.control: threading.Thread | None = None
        self.exit_warned = False   # `exit` (or Ctrl-D) said "There are stopped jobs." already
        self.foreground: Job | None = None   # the job the shell waits for now (Ctrl-Z stops it)

    def visible(self) -> JobTable:
        """The table `jobs` lists: this shell's, or its parent's while it has none."""
        if self.jobs or self.inherited is None:
            return self
        return self.inherited.visible()

    # -------------------------------------------------------------- listing
    def stopped_warning(self) -> bool:
        """bash leaving with stopped jobs: it says so once and stays; a second attempt right
        after (or after `jobs`) leaves, the jobs get SIGHUP."""
        if self.exit_warned or not any(j.stopped and j.status is None for j in self.jobs.values()):
            return False
        self.exit_warned = True
        return True

    def ordered(self) -> list[Job]:
        return [self.jobs[n] for n in sorted(self.jobs)]

    def make_current(self, num: int) -> None:
        """A job started or stopped becomes %+, the one before it %- (bash's set_current_job)."""
        if self.current != num:
            self.previous, self.current = self.current, num

    def marks(self) -> dict[int, str]:
        """'+' for the current job, '-' for the previous one; when those have left the table,
        the newest stopped job, else the newest job (bash's reset_current)."""
        nums = sorted(self.jobs)
        out = {n: " " for n in nums}

        def pick(exclude: int | None) -> int | None:
            rest = [n for n in nums if n != exclude]
            stopped = [n for n in rest if self.jobs[n].stopped]
            return (stopped or rest or [None])[-1]

        cur = self.current if self.current in self.jobs else pick(None)
        prev = self.previous if self.previous in self.jobs and self.previous != cur else pick(cur)
        if cur is not None:
            out[cur] = "+"
        if prev is not None:
            out[prev] = "-"
        return out

    def line(self, job: Job, mark: str, long: bool = False) -> str:
        amp = " &" if job.running else ""
        pid = f" {job.pid:5d}" if long else " "
        return f"[{job.number}]{mark}{pid} {job.state_text(long):<24}{job.text}{amp}\n"

    def forget(self, job: Job) -> None:
        with self.lock:
            if self.jobs.get(job.number) is job:
                del self.jobs[job.number]
                if self.current == job.number:
                    self.current, self.previous = self.previous, None
                elif self.previous == job.number:
                    self.previous = None
            if job.status is not None:
                self.reaped[job.last_pid] = job.status
                self.reaped[job.pid] = job.status

    def settle(self) -> None:
        """Before each command of a non-interactive shell: a job that had already ended when
        the previous command began is reaped and forgotten, as bash's SIGCHLD handler does
        (`(exit 3) & sleep 1; wait %1` finds no job; `false & wait -n` still sees it)."""
        for job in list(self.jobs.values()):
            if job.status is not None and not job.fresh:
                job.notified = True
                self.forget(job)
            job.fresh = False

    def sweep(self, interactive: bool) -> str:
        """Finished jobs leave the table: their Done lines (interactive shells only)."""
        marks = self.marks()
        text = ""
        for job in self.ordered():
            if job.status is None and not job.stop_told:
                job.stop_told = True   # bash: a blank line, then the job (Ctrl-Z, kill -STOP)
                text += "\n" + self.line(job, marks[job.number]) if interactive else ""
            if job.status is not None:
                if interactive and not job.notified:
                    text += self.line(job, marks[job.number])
                job.notified = True
                self.forget(job)
        return text

    # -------------------------------------------------------------- job specs
    def find(self, spec: str) -> Job | None | str:
        """The job a jobspec (%1 %+ %% %- %name %?text) names; None when there is none;
        "ambiguous" when a prefix names several jobs."""
        body = spec.removeprefix("%")
        marks = self.marks()
        if body in ("", "%", "+"):
            num = next((n for n, m in marks.items() if m == "+"), None)
            return self.jobs.get(num) if num is not None else None
        if body == "-":
            num = next((n for n, m in marks.items() if m == "-"), None)
            if num is None:
                num = next((n for n, m in marks.items() if m == "+"), None)
            return self.jobs.get(num) if num is not None else None
        if body.isdigit():
            return self.jobs.get(int(body))
        if body.startswith("?"):  # bash looks in each process: `sleep 1 | cat` holds two
            hits = [j for j in self.ordered() for part in (j.parts or [j.text]) if body[1:] in part]
        else:
            hits = [j for j in self.ordered() if j.text.startswith(body)]
        if len(hits) > 1:
            return "ambiguous"
        return hits[0] if hits else None

    def by_pid(self, pid: int) -> Job | None:
        return next((j for j in self.ordered() if pid in (j.pid, j.last_pid)), None)

    def next_number(self) -> int:
        return max(self.jobs, default=0) + 1

    # -------------------------------------------------------------- starting
    def start(self, interp: Interpreter, node: ast.Command | Body, ctx: Context, text: str,
              parts: list[str], foreground: bool = False) -> Job:
        """Run `node` as a background job: a subshell (its own process) on its own thread.
        `node` may be a Body (a program whose words are expanded already); a `foreground`
        job reads the terminal and its starter waits for it (shell/interp/foreground.py)."""
        from shelldojo.shell.interp import procs
        st = interp.state
        proc = procs.subshell_process(st)
        pid = proc.pid if proc is not None else st.pid + 1
        lim = st.limits
        owner = _OWNER.get()
        with _LIVE_LOCK:
            crowded = len(_LIVE.get(owner, ())) >= lim.max_processes
        if crowded:  # `f(){ f & f & }; f`: a fork bomb ends, as a pipeline's does
            if proc is not None:
                st.machine.procs.reap(proc.pid)
            st.budget.cancel(LimitExceeded("fork: too many processes running at once"))
            raise st.budget.cancelled  # type: ignore[misc]
        # a job started by a job shares its budget (time, commands): one tree, one bound
        budget = st.budget if st.budget in _JOB_BUDGETS else Budget(
            lim.wall_time_s, lim.max_commands, lim.max_processes, lim.memory_bytes,
            attended=st.budget.attended)
        _JOB_BUDGETS.add(budget)
        with self.lock:
            job = Job(self.next_number(), pid, pid, text, budget, parts=parts, owner=_OWNER.get(),
                      procs=st.machine.procs)
            self.jobs[job.number] = job
            self.make_current(job.number)
        sub = interp.subshell()
        sub.state.budget = budget
        sub.exec_last = not callable(node) and procs.lone_command(node)  # `sleep 30 &`: $! is sleep
        if proc is not None:
            proc.deliver = JobDeliver(job, sub.state, proc.pending)
        # without job control a background job reads /dev/null (bash); the job has its own budget
        stdin = ctx.stdin if foreground else NullInput()
        if foreground and callable(getattr(stdin, "budget", None)):
            stdin = copy.copy(stdin)  # the keyboard waits under the job's budget: Ctrl-Z stops the read
            stdin.budget = lambda: budget  # type: ignore[union-attr]
        jctx = dataclasses.replace(ctx, stdin=stdin, budget=budget)
        thread = threading.Thread(target=_run_job, args=(job, sub, node, jctx, proc), daemon=True,
                                  name=f"job-{job.number}")
        job.thread = thread
        with _LIVE_LOCK:
            _LIVE.setdefault(job.owner, set()).add(job)
        try:
            thread.start()
        except RuntimeError:  # the host refused a thread: the job fails as a failed fork would
            _finish(job, 1, st.machine, proc)
        return job


def background(interp: Interpreter, item: ast.Command, ctx: Context) -> int:
    """`cmd &`: start the job; `$!` is its pid; an interactive shell says `[1] PID`."""
    from shelldojo.shell.interp.unparse import command_text
    from shelldojo.shell.syntax import ast
    st = interp.state
    st.budget.count()
    stages = item.commands if isinstance(item, ast.Pipeline) else [item]
    text = command_text(item)  # bash's first process carries the whole pipeline's text
    job = st.jobs.start(interp, item, ctx, text, [text, *(command_text(c) for c in stages[1:])])
    st.last_bg_pid = job.last_pid
    if st.interactive and not interp.is_subshell:
        ctx.err(f"[{job.number}] {job.pid}\n")  # on stderr, interactive shells only
    st.status = 0
    return 0


def _run_job(job: Job, sub: Interpreter, node: ast.Command | Body, ctx: Context, proc: Process | None) -> None:
    status = 1
    _OWNER.set(job.owner)  # the jobs it starts belong to the same session
    try:
        with acting_as(ctx.creds):  # identity is per thread (filesystem/credentials.py)
            sub.lock_thread = threading.get_ident()
            if callable(node):
                sub.state.process = proc
                status = node(sub, ctx)
            else:
                status = sub.run_isolated(node, ctx, process=proc)
    except Signalled as sig:
        job.signum = sig.signum
        status = SIGNAL_BASE + sig.signum
    except Interrupted:
        status = INTERRUPTED
    except LimitExceeded as e:
        if job.budget not in _REPORTED:  # a tree of jobs says its limit once
            _REPORTED.add(job.budget)
            _say(ctx, f"shelldojo: {e}\n")
        status = LIMIT
    except BrokenPipe:
        status = BROKEN_PIPE
    except RecursionError:
        _say(ctx, f"shelldojo: maximum nesting depth exceeded ({ctx.limits.max_call_depth})\n")
        status = LIMIT
    except BaseException:  # noqa: BLE001 - a job's failure is its status, never a traceback
        status = 1
    finally:
        _finish(job, status, sub.state.machine, proc)


def _say(ctx: Context, text: str) -> None:
    try:
        ctx.stderr.write(text.encode())
    except (OSError, ValueError, LimitExceeded):
        pass


def _finish(job: Job, status: int, machine: Machine, proc: Process | None) -> None:
    if proc is not None:
        machine.procs.reap(proc.pid)
    job.status = status
    job.finished.set()
    with _LIVE_LOCK:
        live = _LIVE.get(job.owner)
        if live is not None:
            live.discard(job)
            if not live:
                del _LIVE[job.owner]


def end_jobs(owner: object, join_s: float = JOIN_S) -> None:
    """The session ends: every job it still runs is killed (SIGHUP, as bash sends its jobs
    on exit) and its thread joined, so no host thread outlives the session."""
    with _LIVE_LOCK:
        live = list(_LIVE.get(owner, ()))
    for job in live:
        job.signal(1)
    from shelldojo.filesystem.credentials import machine_released
    with machine_released():
        for job in live:
            if job.thread is not None and job.thread.ident is not None:
                job.thread.join(join_s)


def wait_for(jobs: list[Job], check: Callable[[], None], any_one: bool = False) -> Job | None:
    """Block until every job (or, any_one, the first of them) has ended; `check` raises on
    Ctrl-C or the time limit.  The machine's lock is let go meanwhile (the jobs need it)."""
    from shelldojo.filesystem.credentials import machine_released
    pending = [j for j in jobs if j.status is None and not j.stopped]
    if any_one:
        done = next((j for j in jobs if j.status is not None), None)
        if done is not None:
            return done
    with machine_released():
        while pending:
            check()
            for j in pending:
                j.finished.wait(0.02 if len(pending) > 1 else 0.05)
                if j.status is not None and any_one:
                    return j
            pending = [j for j in pending if j.status is None and not j.stopped]
    return jobs[-1] if jobs else None
