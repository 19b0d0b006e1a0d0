"""The shell's processes in the machine's table (filesystem/processes.py).

The session's shell, each subshell (pipeline stages, `( )`, `$( )`) and each program the
interpreter runs get an entry while they run.  A shell's entry takes its signals through
`deliver` into `pending`; the interpreter looks at them after each simple command
(`take_signals`): a trap runs, an ignored signal is dropped, a fatal one ends the shell with
128+n (the executor raises ExitSignal), as bash's default action does.
"""
from __future__ import annotations

import shlex
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from shelldojo.filesystem.processes import IGNORED, STOPPING, Process, signal_name

if TYPE_CHECKING:
    from shelldojo.filesystem import Credentials, Machine
    from shelldojo.shell.interp.executor import Interpreter
    from shelldojo.shell.interp.state import ShellState

BASH = "/usr/bin/bash"
# An interactive bash ignores these (it catches INT to abandon the line it runs).
INTERACTIVE_IGNORES = frozenset({"TERM", "INT", "QUIT", "TSTP", "TTIN", "TTOU"})


def new_shell(machine: Machine, ppid: int, creds: Credentials, argv: Sequence[str], *,
              cwd: str, env: Mapping[str, str] | None = None, tty: str | None = None,
              stat: str = "") -> Process:
    """A bash process (login shell, su's shell, a script's bash) that takes its signals."""
    proc = machine.procs.spawn(ppid, creds.uid, creds.gid, argv, exe=BASH, comm="bash", cwd=cwd,
                               env=env, tty=tty, stat=stat)
    proc.deliver = proc.pending.append
    return proc


def subshell_process(state: ShellState) -> Process | None:
    """A subshell's own entry: a copy of its parent shell (bash forks)."""
    parent = state.process
    if parent is None:
        return None
    proc = state.machine.procs.spawn(parent.pid, parent.uid, parent.gid, parent.argv, exe=parent.exe,
                                     comm=parent.comm, cwd=state.cwd, env=parent.env)
    proc.deliver = proc.pending.append
    return proc


@contextmanager
def running_program(interp: Interpreter, argv: Sequence[str], exe: str, comm: str | None,
                    cwd: str, env: Mapping[str, str], uid: int, gid: int) -> Iterator[Process]:
    """A program's entry for as long as it runs; /proc/self names it meanwhile."""
    st = interp.state
    procs = st.machine.procs
    own = st.process
    if interp.exec_last and own is not None:
        # the subshell's only command: bash execs it in the subshell's own process
        interp.exec_last = False
        saved = own.argv, own.comm, own.exe, own.deliver, own.env, own.cwd
        own.argv, own.comm, own.exe = list(argv), comm or exe.rsplit("/", 1)[-1][:15], exe
        if not getattr(own.deliver, "keeps_on_exec", False):  # a job's signals still reach the job
            own.deliver = None
        own.env, own.cwd = env, cwd  # execve's environment; the subshell may have cd'd
        interp.started()  # exec'd: the pipeline's earlier stages may run (they see it in ps)
        procs.enter(own.pid)
        try:
            yield own
        finally:
            procs.leave()
            own.argv, own.comm, own.exe, own.deliver, own.env, own.cwd = saved
        return
    proc = procs.spawn(st.bashpid, uid, gid, argv, exe=exe, comm=comm, cwd=cwd, env=env, state="R",
                       stat="+" if st.terminal is not None else "")
    procs.enter(proc.pid)
    try:
        yield proc
    finally:
        procs.leave()
        procs.reap(proc.pid)
    report_killed(interp, proc)


def lone_command(node: object) -> bool:
    """A body that is one simple command (through lists of one item, a lone and-or, a
    one-stage pipeline): a subshell running it execs the program rather than forking."""
    from shelldojo.shell.syntax import ast
    while True:
        if isinstance(node, ast.SimpleCommand):
            return True
        if isinstance(node, ast.CommandList) and len(node.items) == 1 and not any(node.background):
            node = node.items[0]
        elif isinstance(node, ast.AndOr) and not node.rest:
            node = node.first
        elif (isinstance(node, ast.Pipeline) and len(node.commands) == 1 and not node.negated
              and not node.timed):
            node = node.commands[0]
        else:
            return False


def take_signals(interp: Interpreter) -> int | None:
    """Act on the signals sent to this shell's process since the last command; the status
    the shell must end with (128+n) when one is fatal, else None."""
    st = interp.state
    proc = st.process
    if proc is None:
        return None
    while proc.pending:
        signum = proc.pending.pop(0)
        name = signal_name(signum)
        action = st.traps.get(name) if name not in ("KILL", "STOP") else None
        if action is not None:
            if action:  # '' means ignored
                interp.run_source(action, None)
            continue
        if name in IGNORED or name == "CONT" or name in STOPPING:
            continue  # a shell runs synchronously here: it has nothing to stop
        if st.interactive and name in INTERACTIVE_IGNORES:
            continue
        st.machine.procs.reap(proc.pid)
        proc.pending.clear()
        proc.status = 128 + signum
        return proc.status
    return None


# strsignal(3) texts bash prints for a child killed by a signal
DESCRIPTIONS = {"HUP": "Hangup", "QUIT": "Quit", "ILL": "Illegal instruction", "TRAP": "Trace/breakpoint trap",
                "ABRT": "Aborted", "BUS": "Bus error", "FPE": "Floating point exception", "KILL": "Killed",
                "USR1": "User defined signal 1", "SEGV": "Segmentation fault", "USR2": "User defined signal 2",
                "ALRM": "Alarm clock", "STKFLT": "Stack fault", "XCPU": "CPU time limit exceeded",
                "XFSZ": "File size limit exceeded", "VTALRM": "Virtual timer expired",
                "PROF": "Profiling timer expired", "IO": "I/O possible", "PWR": "Power failure",
                "SYS": "Bad system call"}


def report_killed(interp: Interpreter, proc: Process) -> None:
    """A non-interactive bash says so when the child it waited for died of a signal
    (not INT, not PIPE; not for a pipeline's stages): `Terminated`, else its job line."""
    if proc.status is None or interp.pipeline_stage or interp.state.interactive:
        return
    name = signal_name(proc.status - 128)
    if name in ("INT", "PIPE"):
        return
    if name == "TERM":
        text = "Terminated\n"
    else:
        desc = DESCRIPTIONS.get(name, f"Unknown signal {proc.status - 128}")
        text = f"{interp.state.error_prefix()}{proc.pid:5d} {desc:<24}{' '.join(shlex.quote(a) for a in proc.argv)}\n"
    ctx = interp.current_ctx
    if ctx is not None:
        try:
            ctx.err(text)
        except OSError:
            pass
