"""A Session: one shell (bash -c or the REPL's) running on a machine as one user."""
from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from filesystem import Machine, accounts, acting_as
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
               "PATH": programs.DEFAULT_PATH, "LANG": "C.UTF-8", "PWD": self.state.cwd,
               "HOSTNAME": machine.hostname, "SHLVL": "1"}
        if interactive:
            env["TERM"] = "xterm-256color"
        programs.init_variables(self.state, env)
        self.interp = Interpreter(self.state)
        self.exited = False

    # ------------------------------------------------------------------ running
    def context(self) -> Context:
        st = self.state
        return Context("bash", self.machine, st.cwd, st.env(), self.stdin, self.stdout, self.stderr,
                       st.creds, st.limits, st.budget, self.interp, interactive=st.interactive,
                       umask=st.umask, columns=st.columns, terminal=terminal_of(st))

    def run_source(self, source: str) -> int:
        """bash -c semantics: parse one complete command at a time and run it; a syntax error prints
        'bash: line N: MESSAGE' then 'bash: line N: `SOURCE_LINE'' and stops with status 2.
        Takes acting_as(state.creds) and a fresh Budget per top-level complete command."""
        from shell.syntax.parser import Parser
        st = self.state
        parser = Parser(source, aliases=st.aliases if st.interactive else None)
        status = st.status
        while not self.exited:
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
                    return st.status
                self._warnings(parser)
                if node is None:
                    break
                status = self.run_command(node)
                if status in (124, 130) and st.budget.cancelled is not None and not st.interactive:
                    break
        self._flush()
        return status

    def _err_text(self, text: str) -> None:
        self.stderr.write(text.encode("utf-8", "surrogateescape"))

    def run_command(self, node: ast.Command) -> int:
        """Run one parsed top-level command (the caller holds acting_as)."""
        st = self.state
        try:
            status = self.interp.run_node(node, self.interp.apply_fd_override(self.context()))
        except ExitSignal as e:
            status = e.status
            self.exited = True
        except ExpansionError as e:
            status = e.status
            if e.fatal and not st.interactive:
                self.exited = True
        except LimitExceeded as e:
            self._flush()
            self.raw_stderr.write(f"shelldojo: {e}\n".encode())
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
        st.status = status
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
