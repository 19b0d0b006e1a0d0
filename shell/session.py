"""A Session: one shell (bash -c or the REPL's) running on a machine as one user."""
from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from filesystem import Credentials, Machine, accounts, acting_as
from filesystem.credentials import MACHINE_LOCK
from shell.commands.context import Context
from shell.interp import programs
from shell.interp.executor import RECURSION_LIMIT, Interpreter
from shell.interp.state import (
    BreakSignal,
    ContinueSignal,
    ExitSignal,
    ExpansionError,
    ReturnSignal,
    ShellState,
)
from shell.limits import Limits
from shell.streams import BrokenPipe, Budget, InputStream, Interrupted, LimitExceeded, NullInput, OutputStream
from shell.syntax import ast
from shell.terminal import Terminal


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
    def __init__(self, machine: Machine, *, user: str = "learner", interactive: bool = False,
                 limits: Limits | None = None, stdin: InputStream | None = None,
                 stdout: OutputStream, stderr: OutputStream, cwd: str | None = None,
                 script_name: str = "bash", arg0: str = "bash", args: Sequence[str] = (),
                 terminal: Terminal | None = None) -> None:
        self.machine = machine
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
        budget = Budget(self.limits.wall_time_s, self.limits.max_commands, self.limits.max_processes)
        self.state = ShellState(machine=machine, creds=creds, cwd=cwd or home, limits=self.limits,
                                budget=budget, interactive=interactive, positional=list(args),
                                arg0=arg0, script_name=script_name, terminal=terminal)
        env = {"HOME": home, "USER": user, "LOGNAME": user, "SHELL": "/bin/bash",
               "PATH": programs.LOGIN_PATH if interactive else programs.DEFAULT_PATH,
               "LANG": "C.UTF-8", "PWD": self.state.cwd,
               "HOSTNAME": machine.hostname, "SHLVL": "1"}
        if interactive:
            env["TERM"] = "xterm-256color"
        programs.init_variables(self.state, env)
        self.interp = Interpreter(self.state)
        self.exited = False
        self.last_limit: str | None = None
        # su / sudo -i in the REPL: the shells below the current one, and sudo's timestamp
        self.login_user = user
        self.shells: list[tuple[ShellState, Interpreter, bool]] = []
        self.login_shell = False
        self.sudo_time: float | None = None

    # ------------------------------------------------------------------ running
    def context(self) -> Context:
        st = self.state
        return Context("bash", self.machine, st.cwd, st.env(), self.stdin, self.stdout, self.stderr,
                       st.creds, st.limits, st.budget, self.interp, interactive=st.interactive,
                       umask=st.umask, columns=st.columns, terminal=terminal_of(st), extra={"session": self})

    def run_source(self, source: str) -> int:
        """bash -c semantics: parse one complete command at a time and run it; a syntax error prints
        'bash: line N: MESSAGE' then 'bash: line N: `SOURCE_LINE'' and stops with status 2.
        Takes acting_as(state.creds) and a fresh Budget per top-level complete command."""
        from shell.syntax.parser import Parser
        st = self.state
        parser = Parser(source, aliases=st.aliases.get if st.interactive else None)
        parser.lx.extglob = lambda: "extglob" in self.state.options
        status = st.status
        while not self.exited:
            st = self.state  # su / sudo -i / exit may have switched shells
            st.budget = Budget(self.limits.wall_time_s, self.limits.max_commands, self.limits.max_processes)
            self.stdout.size = self.stderr.size = 0
            with MACHINE_LOCK, acting_as(st.creds), _deep_recursion():
                self.machine.fake.umask = st.umask
                try:
                    node = parser.next_command()
                except ast.ParseError as e:
                    self._warnings(parser)
                    # bash -c names the command string in syntax errors: "bash: -c: line N: "
                    where = "-c: " if st.script_name == "bash" else ""
                    prefix = f"{st.script_name}: " if st.interactive else f"{st.script_name}: {where}line {e.line}: "
                    st.status = programs.report_syntax_error(self._err_text, prefix, e, st.status)
                    if not st.interactive:
                        self.exited = True
                        st.status = self._exit_trap(st.status)
                    return st.status
                self._warnings(parser)
                if node is None:
                    break
                status = self.run_command(node)
                if status in (124, 130) and st.budget.cancelled is not None and not st.interactive:
                    break
        if not self.state.interactive:
            with MACHINE_LOCK, acting_as(self.state.creds), _deep_recursion():
                status = self.state.status = self._exit_trap(status)
        self._flush()
        return status

    def _exit_trap(self, status: int) -> int:
        """The current shell ends: its EXIT trap runs (once); returns the final status."""
        try:
            return self.interp.finish(self.interp.apply_fd_override(self.context()), status)
        except (LimitExceeded, Interrupted, BrokenPipe, ExpansionError):
            return status

    # ------------------------------------------------------------------ user switching
    def push_shell(self, creds: Credentials, env: dict[str, str], cwd: str, *, login: bool) -> None:
        """Start a nested shell as another user (su, sudo -i, sudo -s in the REPL); `exit` in it
        comes back to the current one (see pop_shell).  `env` is its exported environment."""
        old = self.state
        budget = Budget(self.limits.wall_time_s, self.limits.max_commands, self.limits.max_processes)
        state = ShellState(machine=self.machine, creds=creds, cwd=cwd, limits=self.limits, budget=budget,
                           interactive=old.interactive, arg0="-bash" if login else "bash",
                           script_name="bash", terminal=old.terminal, columns=old.columns,
                           pid=old.pid + 100 * (len(self.shells) + 1))
        programs.init_variables(state, {**env, "PWD": cwd})
        self.shells.append((old, self.interp, self.login_shell))
        self.state, self.interp, self.login_shell = state, Interpreter(state), login

    def pop_shell(self) -> bool:
        """End the current nested shell; False when it is the session's first shell."""
        if not self.shells:
            return False
        self.state, self.interp, self.login_shell = self.shells.pop()
        return True

    def users(self) -> list[str]:
        """Users with a live shell in this session, first the one who logged in."""
        out = [self.login_user]
        for st in [*(s for s, _, _ in self.shells), self.state]:
            name = accounts.user_name(self.machine.vfs, st.creds.uid)
            if name not in out:
                out.append(name)
        return out

    def _err_text(self, text: str) -> None:
        self.stderr.write(text.encode("utf-8", "surrogateescape"))

    def run_command(self, node: ast.Command) -> int:
        """Run one parsed top-level command (the caller holds acting_as)."""
        st = self.state
        try:
            status = self.interp.run_node(node, self.interp.apply_fd_override(self.context()))
        except ExitSignal as e:
            status = self._exit_trap(e.status)
            if not self.pop_shell():
                self.exited = True
        except ExpansionError as e:
            status = e.status
            if e.fatal and not st.interactive:
                self.exited = True
        except LimitExceeded as e:
            self._flush()
            self.raw_stderr.write(f"shelldojo: {e}\n".encode())
            self.last_limit = str(e)  # the grader reports why an answer was stopped
            status = 124
        except Interrupted:
            status = 130
        except BrokenPipe:
            status = 141
        except ReturnSignal as e:
            status = e.status
        except (BreakSignal, ContinueSignal):
            status = 0
        except RecursionError:
            self.raw_stderr.write(b"shelldojo: maximum nesting depth exceeded\n")
            status = 124
        self.state.status = status
        self.interp.flush_fds()
        self._flush()
        return status

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
