"""What a command gets: the machine, its cwd and environment, its streams and identity."""
from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from shelldojo.filesystem import Credentials, Machine, strerror
from shelldojo.filesystem.vfs import VFS
from shelldojo.shell.budget import Budget
from shelldojo.shell.limits import Limits
from shelldojo.shell.streams import InputStream, OutputStream
from shelldojo.shell.terminal import Terminal

if TYPE_CHECKING:
    from shelldojo.shell.interp.state import ShellState
    from shelldojo.shell.syntax import ast


class Runner(Protocol):
    """The interpreter, as seen by commands that start other commands (xargs, find -exec, env)."""

    def run_argv(self, ctx: Context, argv: list[str]) -> int: ...

    def user_name(self, uid: int) -> str: ...

    def group_name(self, gid: int) -> str: ...


class Shell(Runner, Protocol):
    """The interpreter as the builtins that work on its state see it (ctx.shell): cd, set,
    read, declare, eval, source, trap, type... (shell/interp/executor.py implements it)."""

    state: ShellState
    loop_depth: int        # enclosing loops (break/continue)
    func_depth: int        # enclosing function calls (return, local)

    def run_source(self, source: str, name: str | None = None,
                   ctx: Context | None = None) -> int: ...   # eval / source

    def run_node(self, node: ast.Command, ctx: Context) -> int: ...

    def capture(self, node: ast.Command) -> tuple[int, bytes]: ...            # $(...): status, stdout

    def error(self, ctx: Context, message: str) -> None: ...                  # prefix + message on stderr

    def dispatch(self, ctx: Context, argv: list[str], functions: bool = True) -> int: ...  # `command`


class Host(Protocol):
    """The session a shell runs in (shell/session.py): what sudo, su, exit and who ask of it."""

    login_user: str               # who logged in (who, users)
    login_shell: bool             # the current shell is a login shell (`exit` says logout)
    sudo_time: float | None       # sudo's timestamp: no password asked again before it expires

    def users(self) -> list[str]: ...   # users with a live shell, first the one who logged in

    def push_shell(self, creds: Credentials, env: dict[str, str], cwd: str, *, login: bool,
                   shell: str = "/bin/bash", machine: Machine | None = None, farewell: str = "",
                   tty: str | None = None) -> None:
        """Start a nested interactive shell as another user (su, sudo -i, sudo -s), or a login
        on another machine of the network (ssh: `farewell` is printed when it ends)."""


@dataclass
class Context:
    name: str                      # argv[0] as GNU prints it in messages
    machine: Machine
    cwd: str                       # logical current directory (absolute)
    env: dict[str, str]            # the exported environment
    stdin: InputStream
    stdout: OutputStream
    stderr: OutputStream
    creds: Credentials
    limits: Limits
    budget: Budget
    runner: Runner
    interactive: bool = False      # an interactive REPL (ls colors and columns, prompts)
    columns: int = 80              # terminal width when stdout is a terminal
    extra: dict[str, object] = field(default_factory=dict)
    terminal: Terminal | None = None  # the person at the keyboard, in the REPL only
    host: Host | None = None          # the session (None for a machine used without one)

    @property
    def umask(self) -> int:
        """The running process's umask: kept by the VFS (see VFS.running), never copied here."""
        return self.machine.vfs.umask

    @property
    def vfs(self) -> VFS:
        return self.machine.vfs

    @property
    def shell(self) -> Shell:
        """The interpreter running this command, for the builtins that change its state."""
        return self.runner  # type: ignore[return-value]  # the executor is both

    # -- output helpers -------------------------------------------------------
    def out(self, text: str | bytes) -> None:
        self.stdout.write(text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text)

    def err(self, text: str | bytes) -> None:
        self.stderr.write(text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text)

    def error(self, message: str) -> None:
        """Print 'NAME: message' on stderr, as GNU tools do."""
        self.err(f"{self.name}: {message}\n")

    def oserror(self, what: str, exc: OSError | int) -> None:
        """'NAME: what: Strerror' (what already quoted by the caller)."""
        self.error(f"{what}: {strerror(exc)}")

    # -- paths ----------------------------------------------------------------
    def abspath(self, path: str) -> str:
        """Absolute form of a user path, relative to cwd; keeps a trailing slash."""
        if not path:
            return path
        full = path if path.startswith("/") else posixpath.join(self.cwd, path)
        return full

    def check(self) -> None:
        """Call in long loops: raises when the time limit or Ctrl-C stops the command."""
        self.budget.check()

    # -- input helpers --------------------------------------------------------
    def stdin_lines(self) -> Iterator[bytes]:
        for line in self.stdin:
            self.budget.check()
            yield line


def squote(name: str) -> str:
    """Name in 'single quotes' as most GNU messages print it (cannot access 'x')."""
    if "'" not in name:
        return f"'{name}'"
    if '"' not in name and "\\" not in name and "$" not in name and "`" not in name:
        return f'"{name}"'
    return "'" + name.replace("'", "'\\''") + "'"


def cquote(name: str) -> str:
    """Name in ‘curly quotes’, as mkdir, chmod, find, head, seq, date, expr, tr print it."""
    return f"\u2018{name}\u2019"
