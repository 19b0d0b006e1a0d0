"""Job control builtins: jobs, wait, fg, bg, disown (bash 5.2), over the shell's job table
(shell/interp/jobs.py).  A non-interactive shell has no job control: fg and bg refuse."""
from __future__ import annotations

from typing import TYPE_CHECKING

from shelldojo.shell.commands.builtins.util import scan
from shelldojo.shell.interp import jobstop
from shelldojo.shell.interp.jobs import Job, JobTable, wait_for
from shelldojo.shell.interp.state import Interp, ReadonlyError
from shelldojo.shell.registry import builtin
from shelldojo.shell.status import NOT_FOUND

if TYPE_CHECKING:
    from shelldojo.shell.context import Context


def _table(interp: Interp) -> JobTable:
    return interp.state.jobs  # type: ignore[attr-defined, no-any-return]


def _resolve(interp: Interp, ctx: Context, name: str, spec: str | None) -> Job | None:
    """The job `spec` names (the current one when None), or bash's message and None."""
    found = _table(interp).find(spec if spec is not None else "%+")
    if isinstance(found, Job):
        return found
    word = "current" if spec is None else spec
    if found == "ambiguous":  # bash names the text, then still finds no job
        interp.error(ctx, f"{name}: {word.removeprefix('%').removeprefix('?')}: ambiguous job spec")
    interp.error(ctx, f"{name}: {word}: no such job")
    return None


# ----------------------------------------------------------------------------- jobs
@builtin("jobs")
def jobs(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    scanned = scan(interp, ctx, argv, "lnprsx")
    if isinstance(scanned, int):
        return scanned
    opts = {o for o, _ in scanned[0]}
    args = scanned[1]
    table = _table(interp).visible()
    if "-x" in opts:  # jobs -x COMMAND ARGS: each jobspec becomes its job's pid
        words = []
        for a in args:
            job = table.find(a) if a.startswith("%") else None
            words.append(str(job.pid) if isinstance(job, Job) else a)
        return interp.run_argv(ctx, words) if words else 0
    status = 0
    chosen: list[Job] = []
    for a in args:
        job = _resolve(interp, ctx, "jobs", a)
        if job is None:
            status = 1
        else:
            chosen.append(job)
    if not args:
        chosen = table.ordered()
    marks = table.marks()
    out = []
    for job in chosen:
        stopped = job.status is None and bool(job.stopped)
        if ("-r" in opts and not job.running) or ("-s" in opts and not stopped) \
                or ("-n" in opts and job.notified):
            continue
        if stopped:
            job.stop_told = True   # listed: the prompt does not announce it again
        if "-p" in opts:
            out.append(f"{job.pid}\n")
        else:
            out.append(table.line(job, marks[job.number], long="-l" in opts))
        if job.status is not None:
            job.notified = True  # shown once: an interactive shell then forgets it
    ctx.out("".join(out))
    for job in chosen:
        if job.notified:
            table.forget(job)
    return status


# ----------------------------------------------------------------------------- wait
@builtin("wait")
def wait(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    scanned = scan(interp, ctx, argv, "fnp:")
    if isinstance(scanned, int):
        return scanned
    opts = dict(scanned[0])
    args = scanned[1]
    table = _table(interp)
    if "-n" in opts:
        return _wait_any(interp, ctx, table, args, opts.get("-p"))
    if not args:  # every job; the status is 0
        _block(ctx, table.ordered())
        for job in table.ordered():
            if job.status is None:  # stopped: bash warns and leaves it in the table
                interp.error(ctx, f"wait: warning: job {job.number}[{job.pid}] stopped")
                continue
            job.notified = True
            table.forget(job)
        return 0
    status = 0
    for arg in args:
        job: Job | None = None
        if arg.startswith("%"):
            job = _resolve(interp, ctx, "wait", arg)
            if job is None:
                status = NOT_FOUND
                continue
        elif not arg.isdigit():
            interp.error(ctx, f"wait: `{arg}': not a pid or valid job spec")
            status = 1
            continue
        else:
            job = table.by_pid(int(arg))
            if job is None:
                if int(arg) in table.reaped:
                    status = table.reaped[int(arg)]
                else:
                    interp.error(ctx, f"wait: pid {arg} is not a child of this shell")
                    status = NOT_FOUND
                continue
        _block(ctx, [job])
        _set_pid_var(interp, ctx, opts.get("-p"), job)
        if job.status is None:  # it stopped: 128 + the signal, and it stays a job
            status = 128 + job.stopped
            continue
        status = job.status
        job.notified = True
        table.forget(job)
    return status


def _wait_any(interp: Interp, ctx: Context, table: JobTable, args: list[str], var: str | None) -> int:
    """wait -n: the next job to end (one already ended counts), among `args` if given."""
    pool: list[Job] = []
    for arg in args:
        found = table.find(arg) if arg.startswith("%") else (table.by_pid(int(arg)) if arg.isdigit() else None)
        if isinstance(found, Job):
            pool.append(found)
        else:
            interp.error(ctx, f"wait: {arg}: no such job")
    if not args:
        pool = table.ordered()
    if not pool:
        return NOT_FOUND
    job = next((j for j in pool if j.status is not None and not j.notified), None)
    if job is None:
        with ctx.budget.waiting():
            job = wait_for(pool, ctx.check, any_one=True)
    if job is None or job.status is None:
        return NOT_FOUND
    job.notified = True
    table.forget(job)
    _set_pid_var(interp, ctx, var, job)
    return job.status


def _block(ctx: Context, jobs: list[Job]) -> None:
    """Wait for the jobs to end; Ctrl-C or the time limit ends the wait (not the jobs).  The
    person may wait as long as they like (the REPL's clock stops, as for sleep)."""
    with ctx.budget.waiting():
        wait_for(jobs, ctx.check)


def _set_pid_var(interp: Interp, ctx: Context, var: str | None, job: Job) -> None:
    if var is None:
        return
    try:
        interp.state.set(var, str(job.last_pid))
    except ReadonlyError as e:
        interp.error(ctx, str(e))


# ----------------------------------------------------------------------------- fg, bg
@builtin("fg")
def fg(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    if not interp.state.interactive:
        interp.error(ctx, "fg: no job control")
        return 1
    scanned = scan(interp, ctx, argv, "")
    if isinstance(scanned, int):
        return scanned
    args = scanned[1]
    job = _resolve(interp, ctx, "fg", args[0] if args else None)
    if job is None:
        return 1
    table = _table(interp)
    if job.status is not None:
        interp.error(ctx, "fg: job has terminated")
        table.forget(job)
        return 1
    ctx.out(job.text + "\n")  # bash names the job it brings back
    jobstop.cont(job)
    from shelldojo.shell.interp.foreground import wait_fg
    return wait_fg(interp, ctx, job)  # Ctrl-C interrupts it, Ctrl-Z stops it again


@builtin("bg")
def bg(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    if not interp.state.interactive:
        interp.error(ctx, "bg: no job control")
        return 1
    scanned = scan(interp, ctx, argv, "")
    if isinstance(scanned, int):
        return scanned
    status = 0
    table = _table(interp)
    for spec in scanned[1] or [None]:
        job = _resolve(interp, ctx, "bg", spec)
        if job is None:
            status = 1
        elif job.status is not None:
            interp.error(ctx, "bg: job has terminated")
            status = 1
        elif job.stopped:  # bash: `[1]+ sleep 100 &`, and it runs on
            ctx.out(f"[{job.number}]{table.marks()[job.number]} {job.text} &\n")
            jobstop.cont(job)
        else:
            interp.error(ctx, f"bg: job {job.number} already in background")
    return status


# ----------------------------------------------------------------------------- disown
@builtin("disown")
def disown(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    scanned = scan(interp, ctx, argv, "ahr")
    if isinstance(scanned, int):
        return scanned
    opts = {o for o, _ in scanned[0]}
    table = _table(interp)
    if "-a" in opts or ("-r" in opts and not scanned[1]):
        chosen = [j for j in table.ordered() if j.running or "-r" not in opts]
        if "-h" not in opts:
            for job in chosen:
                table.forget(job)
        return 0
    status = 0
    for spec in scanned[1] or [None]:
        if spec is not None and spec.isdigit():
            job = table.by_pid(int(spec))
            if job is None:
                interp.error(ctx, f"disown: {spec}: no such job")
        else:
            job = _resolve(interp, ctx, "disown", spec)
        if job is None:
            status = 1
        elif "-h" not in opts:  # it runs on, out of the table (and ends with the session)
            table.forget(job)
    return status


# ----------------------------------------------------------------------------- suspend
@builtin("suspend")
def suspend(ctx: Context, argv: list[str]) -> int:
    """bash's messages; the shell itself is never stopped (that would stop shelldojo): an
    interactive shell answers as a login shell does, `suspend -f` as one without job control."""
    interp = ctx.shell
    scanned = scan(interp, ctx, argv, "f")
    if isinstance(scanned, int):
        return scanned
    if scanned[1]:
        interp.error(ctx, "suspend: too many arguments")
        return 2
    st = interp.state
    if st.interactive and not scanned[0]:
        interp.error(ctx, "suspend: cannot suspend a login shell")
    else:
        interp.error(ctx, "suspend: cannot suspend: no job control")
    return 1
