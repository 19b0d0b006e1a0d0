"""A Session: one shell (bash -c or the REPL's) running on a machine as one user."""
from __future__ import annotations

import re
import sys
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from shelldojo.filesystem import Credentials, Machine, accounts, acting_as
from shelldojo.filesystem.credentials import MACHINE_LOCK
from shelldojo.shell import cron_runner, state_size
from shelldojo.shell.budget import BrokenPipe, Budget, Interrupted, LimitExceeded
from shelldojo.shell.context import Context
from shelldojo.shell.interp import jobs, procs, programs
from shelldojo.shell.interp.executor import RECURSION_LIMIT, Interpreter
from shelldojo.shell.interp.source_text import report_syntax_error
from shelldojo.shell.interp.state import (
    BreakSignal,
    ContinueSignal,
    ExitSignal,
    ExpansionError,
    ReturnSignal,
    ShellState,
)
from shelldojo.shell.limits import Limits
from shelldojo.shell.memory import megabytes
from shelldojo.shell.registry import CommandFunc, CommandInfo
from shelldojo.shell.status import BROKEN_PIPE, INTERRUPTED, LIMIT
from shelldojo.shell.streams import InputStream, NullInput, OutputStream
from shelldojo.shell.syntax import ast
from shelldojo.shell.syntax.lexer import NestingTooDeep
from shelldojo.shell.terminal import Terminal

_LONE_SURROGATE = re.compile("[\ud800-\udc7f\udd00-\udfff]")


def bytes_safe(text: str) -> str:
    """Text as the shell holds it: every character encodable with surrogateescape.  A lone
    surrogate that no byte stands for (a caller's str, not bytes read from a host) becomes
    the three bytes UTF-8 would give it, as bash would see them."""
    if text.isascii() or not _LONE_SURROGATE.search(text):
        return text
    return _LONE_SURROGATE.sub(
        lambda m: m.group().encode("utf-8", "surrogatepass").decode("utf-8", "surrogateescape"), text)


@contextmanager
def _deep_recursion() -> Iterator[None]:
    """Raise Python's recursion limit while shell code runs (deeply nested functions)."""
    old = sys.getrecursionlimit()
    if old < RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)
    try:
        yield
    finally:
        if old < RECURSION_LIMIT:
            sys.setrecursionlimit(old)


class _Bounded(OutputStream):
    """The terminal as commands see it: at most `limit` bytes per command line."""

    def __init__(self, inner: OutputStream, limit: int) -> None:
        self.inner, self.limit, self.size = inner, limit, 0

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise LimitExceeded(f"output limit exceeded ({self.limit} bytes per command line)")
        self.inner.write(data)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()


def terminal_of(state: ShellState) -> Terminal | None:
    return state.terminal  # type: ignore[return-value]


class Session:
    """Implements the `Host` protocol of shell/context.py (ctx.host for sudo, su, exit, who)."""

    def __init__(self, machine: Machine, *, user: str = "learner", interactive: bool = False,
                 limits: Limits | None = None, stdin: InputStream | None = None,
                 stdout: OutputStream, stderr: OutputStream, cwd: str | None = None,
                 script_name: str = "bash", arg0: str = "bash", args: Sequence[str] = (),
                 terminal: Terminal | None = None) -> None:
        self.login_machine = machine   # where the session logged in (the sandbox's own machine)
        self.limits = limits or Limits()
        self.stdin = stdin or NullInput()
        self.raw_stdout, self.raw_stderr = stdout, stderr
        self.stdout = _Bounded(stdout, self.limits.max_output_bytes)
        self.stderr = _Bounded(stderr, self.limits.max_output_bytes)
        account = accounts.user_by_name(machine.vfs, user)
        creds = accounts.credentials_for(machine.vfs, user)
        if account is None or creds is None:
            raise ValueError(f"no such user: {user}")
        home = account.home
        # a person at a terminal (the REPL): time spent waiting for them is not counted
        self.attended = terminal is not None
        budget = self.new_budget()
        # extra commands of this session (the trainer's `dojo`), found before the registry
        self.overlay: dict[str, CommandInfo] = {}
        self.state = ShellState(machine=machine, creds=creds, cwd=cwd or home, limits=self.limits,
                                budget=budget, interactive=interactive, positional=list(args),
                                arg0=arg0, script_name=script_name, terminal=terminal,
                                overlay=self.overlay)
        # the login shell's process ($$): gone from the machine's table with the session
        proc = procs.new_shell(machine, 1, creds, ["-bash"] if interactive else ["bash"], cwd=self.state.cwd,
                               tty="pts/0" if terminal is not None else "?", stat="s")
        self.state.process, self.state.pid = proc, proc.pid
        weakref.finalize(self, machine.procs.reap, proc.pid)
        env = {"HOME": home, "USER": user, "LOGNAME": user, "SHELL": "/bin/bash",
               "PATH": programs.LOGIN_PATH if interactive else programs.DEFAULT_PATH,
               "LANG": "C.UTF-8", "PWD": self.state.cwd,
               "HOSTNAME": machine.hostname, "SHLVL": "1"}
        if interactive:
            env["TERM"] = "xterm-256color"
        programs.init_variables(self.state, env)
        proc.env = dict(env)  # what the login started it with (/proc/$$/environ)
        self.interp = Interpreter(self.state)
        self.exited = False
        self.last_limit: str | None = None
        # su / sudo -i in the REPL: the shells below the current one, and sudo's timestamp
        self.login_user = user
        self.shells: list[tuple[ShellState, Interpreter, bool]] = []
        self.farewells: list[str] = []    # what each nested shell's end prints (ssh's "Connection ... closed.")
        self.login_shell = False
        self.sudo_time: float | None = None
        self.command_number = 1   # the prompt's \# (the REPL counts the lines it ran)
        self._state_sizes: tuple[ShellState | None, dict[str, int]] = (None, {})

    @property
    def machine(self) -> Machine:
        """The machine of the current shell: after `ssh web1` in the REPL, web1."""
        return self.state.machine

    def add_command(self, name: str, func: CommandFunc, summary: str = "") -> None:
        """An extra command for this session only (a front end's `dojo`), run like a builtin."""
        self.overlay[name] = CommandInfo(name, func, "shell", None, summary=summary)

    # ------------------------------------------------------------------ running
    def new_budget(self) -> Budget:
        lim = self.limits
        return Budget(lim.wall_time_s, lim.max_commands, lim.max_processes, lim.memory_bytes,
                      attended=self.attended)

    def context(self) -> Context:
        st = self.state
        return Context("bash", self.machine, st.cwd, st.env(), self.stdin, self.stdout, self.stderr,
                       st.creds, st.limits, st.budget, self.interp, interactive=st.interactive,
                       columns=st.columns, terminal=terminal_of(st), host=self)

    def run_source(self, source: str) -> int:
        """bash -c semantics: parse one complete command at a time and run it; a syntax error prints
        'bash: line N: MESSAGE' then 'bash: line N: `SOURCE_LINE'' and stops with status 2.
        Takes acting_as(state.creds) and a fresh Budget per top-level complete command."""
        from shelldojo.shell.syntax.parser import Parser
        st = self.state
        source = bytes_safe(source)
        parser = Parser(source, aliases=st.aliases.get if st.interactive else None)
        parser.lx.extglob = lambda: "extglob" in self.state.options
        status = st.status
        while not self.exited:
            cron_runner.tick(self)  # the cron daemon's jobs due on the machine's clock
            st = self.state  # su / sudo -i / exit may have switched shells
            last_budget, st.budget = st.budget, self.new_budget()
            self.stdout.size = self.stderr.size = 0
            with MACHINE_LOCK, acting_as(st.creds), self.machine.vfs.running(st.mask), _deep_recursion():
                try:
                    node = parser.next_command()
                except (NestingTooDeep, RecursionError):  # deeper than any parser stack: a limit
                    self._limit(f"maximum nesting depth exceeded ({self.limits.max_call_depth})")
                    st.status = LIMIT
                    if not st.interactive:
                        self.exited = True
                        st.status = self._exit_trap(st.status)
                    return st.status
                except ast.ParseError as e:
                    self._warnings(parser)
                    # bash -c names the command string in syntax errors: "bash: -c: line N: "
                    where = "-c: " if st.script_name == "bash" else ""
                    prefix = f"{st.script_name}: " if st.interactive else f"{st.script_name}: {where}line {e.line}: "
                    st.status = report_syntax_error(self._err_text, prefix, e, st.status)
                    if not st.interactive:
                        self.exited = True
                        st.status = self._exit_trap(st.status)
                    return st.status
                self._warnings(parser)
                if node is None:
                    st.budget = last_budget  # the EXIT trap runs under the last command line's budget
                    break
                with jobs.owned_by(self):  # its `cmd &` jobs end with this session
                    status = self.run_command(node)
                if status in (LIMIT, INTERRUPTED) and st.budget.cancelled is not None and not st.interactive:
                    break
        if not self.state.interactive:
            with MACHINE_LOCK, acting_as(self.state.creds), self.machine.vfs.running(self.state.mask), \
                    _deep_recursion():
                status = self.state.status = self._exit_trap(status)
            self.end()  # bash -c is over: no job of it runs on (bash leaves orphans; we may not)
        self._flush()
        return status

    def end(self) -> None:
        """The session is over: its background jobs end (their threads are joined)."""
        jobs.end_jobs(self)

    def job_report(self) -> str:
        """What an interactive bash prints before its next prompt: the jobs that have ended
        since (`[1]+  Done                    sleep 5`); they leave the table."""
        return self.state.jobs.sweep(True)

    def _exit_trap(self, status: int) -> int:
        """The current shell ends: its EXIT trap runs (once); returns the final status."""
        try:
            return self.interp.finish(self.interp.apply_fd_override(self.context()), status)
        except LimitExceeded as e:  # the trap runs under the command line's budget
            if not (status == LIMIT and self.last_limit == str(e)):  # not said twice
                self._limit(str(e))
            return LIMIT
        except Interrupted:
            return INTERRUPTED
        except (BrokenPipe, ExpansionError):
            return status

    # ------------------------------------------------------------------ user switching
    def push_shell(self, creds: Credentials, env: dict[str, str], cwd: str, *, login: bool,
                   shell: str = "/bin/bash", machine: Machine | None = None, farewell: str = "",
                   tty: str | None = None) -> None:
        """Start a nested shell as another user (su, sudo -i, sudo -s in the REPL), or on another
        machine (ssh's login: `machine`, with `farewell` printed on stderr when it ends, and its
        own terminal `tty`); `exit` in it comes back to the current one (see pop_shell).  `env` is
        its exported environment; `shell` the account's login shell: an `sh` is our bash with $0
        sh and dash's prompt."""
        old = self.state
        machine = machine or old.machine
        budget = self.new_budget()
        name = shell.rsplit("/", 1)[-1] or "bash"
        posix = name in ("sh", "dash")
        state = ShellState(machine=machine, creds=creds, cwd=cwd, limits=self.limits, budget=budget,
                           interactive=old.interactive, arg0=("-" if login else "") + (name if posix else "bash"),
                           script_name="bash", terminal=old.terminal, columns=old.columns,
                           overlay=self.overlay)
        parent = old.bashpid if machine is old.machine else 1
        state.process = procs.new_shell(machine, parent, creds, [state.arg0], cwd=cwd, env=env,
                                        **({"tty": tty, "stat": "s"} if tty else {}))
        state.pid = state.process.pid
        programs.init_variables(state, {**env, "PWD": cwd})
        if posix and state.interactive:
            state.set("PS1", "# " if creds.uid == 0 else "$ ")
        self.shells.append((old, self.interp, self.login_shell))
        self.farewells.append(farewell)
        self.state, self.interp, self.login_shell = state, Interpreter(state), login

    def pop_shell(self) -> bool:
        """End the current nested shell; False when it is the session's first shell."""
        if not self.shells:
            return False
        if self.state.process is not None:
            self.machine.procs.reap(self.state.process.pid)
        status = self.state.status
        self.state, self.interp, self.login_shell = self.shells.pop()
        farewell = self.farewells.pop()
        if farewell:
            self._flush()
            self.raw_stderr.write(farewell.encode())
        self.state.status = status   # ssh's status is the remote shell's
        return True

    def users(self) -> list[str]:
        """Users with a live shell in this session, first the one who logged in."""
        out = [self.login_user]
        for st in [*(s for s, _, _ in self.shells), self.state]:
            if st.machine is not self.login_machine:
                continue   # a login on another machine (ssh) is that machine's user
            name = accounts.user_name(self.login_machine.vfs, st.creds.uid)
            if name not in out:
                out.append(name)
        return out

    def _err_text(self, text: str) -> None:
        self.stderr.write(text.encode("utf-8", "surrogateescape"))

    def run_command(self, node: ast.Command) -> int:
        """Run one parsed top-level command (the caller holds acting_as)."""
        st = self.state
        # the sizes measured after the previous command line of this shell are this one's "before"
        cached_state, before = self._state_sizes
        if cached_state is not st:
            before = state_size.sizes(st)
        functions, aliases = set(st.functions), set(st.aliases)
        try:
            try:
                status = self.interp.run_node(node, self.interp.apply_fd_override(self.context()))
            except MemoryError:  # a single allocation the host refused: the same limit, no traceback
                st.budget.cancelled = None
                st.budget.memory_bytes = st.budget.memory_bytes or self.limits.memory_bytes
                st.budget.out_of_memory()
        except ExitSignal as e:
            status = self._exit_trap(e.status)
            if not self.pop_shell():
                self.exited = True
        except ExpansionError as e:
            status = e.status
            if e.fatal and not st.interactive:
                self.exited = True
        except LimitExceeded as e:
            self._limit(str(e))
            status = LIMIT
        except Interrupted:
            status = INTERRUPTED
        except BrokenPipe:
            status = BROKEN_PIPE
        except ReturnSignal as e:
            status = e.status
        except (BreakSignal, ContinueSignal):
            status = 0
        except RecursionError:
            self._limit(f"maximum nesting depth exceeded ({self.limits.max_call_depth})")
            status = LIMIT
        after = state_size.sizes(st)
        if state_size.total(st, after) > self.limits.session_state_bytes:
            state_size.shrink(st, before, functions, aliases, self.limits.session_state_bytes)
            after = state_size.sizes(st)
            message = f"memory limit exceeded ({megabytes(self.limits.session_state_bytes)} of shell state per session)"
            if status != LIMIT:  # one limit message per command line
                self._limit(message)
            if st.budget.cancelled is None:  # a script stops here, as at any limit
                st.budget.cancelled = LimitExceeded(message)
            status = LIMIT
        self._state_sizes = (st, after)
        self.state.status = status
        self.interp.flush_fds()
        self._flush()
        return status

    def _limit(self, message: str) -> None:
        self._flush()
        self.raw_stderr.write(f"shelldojo: {message}\n".encode())
        self.last_limit = message  # the grader reports why an answer was stopped

    def _warnings(self, parser: object) -> None:
        warnings = getattr(parser, "warnings", None)
        name = self.state.script_name
        while warnings:
            line, msg = warnings.pop(0)
            prefix = f"{name}: " if self.state.interactive else f"{name}: line {line}: "
            self.stderr.write(f"{prefix}{msg}\n".encode("utf-8", "surrogateescape"))

    def _flush(self) -> None:
        for s in (self.raw_stdout, self.raw_stderr):
            try:
                s.flush()
            except (OSError, ValueError):
                pass
