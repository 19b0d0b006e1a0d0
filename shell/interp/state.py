"""The interpreter's state (variables, functions, options, cwd, identity) and its signals.

Shared by the executor (interp/executor.py), the expansions (interp/expand.py) and the
builtins that work on the shell's state (shell/commands/builtins/, through ctx.shell).
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shelldojo.filesystem import Credentials, Machine
from shelldojo.filesystem.processes import Process
from shelldojo.filesystem.vfs import Umask
from shelldojo.shell.budget import Budget
from shelldojo.shell.context import Shell
from shelldojo.shell.interp.jobs import JobTable
from shelldojo.shell.limits import Limits

if TYPE_CHECKING:
    from shelldojo.shell.registry import CommandInfo
    from shelldojo.shell.syntax import ast


# ----------------------------------------------------------------------------- signals
class ShellSignal(Exception):
    """Control flow that unwinds the Python stack."""


class ReturnSignal(ShellSignal):
    def __init__(self, status: int) -> None:
        self.status = status


class ExitSignal(ShellSignal):
    """`exit N`, `set -e` failure, or a fatal error: ends the (sub)shell with status."""

    def __init__(self, status: int) -> None:
        self.status = status


class BreakSignal(ShellSignal):
    def __init__(self, levels: int, status: int = 0) -> None:
        self.levels = levels
        self.status = status   # the loop's status (1 after `break 0`)


class ContinueSignal(ShellSignal):
    def __init__(self, levels: int) -> None:
        self.levels = levels


class ExpansionError(Exception):
    """A failed expansion (${x:?}, bad substitution, set -u): message already printed;
    the command is not run; status 1 (a non-interactive shell then exits if fatal)."""

    def __init__(self, status: int = 1, fatal: bool = False) -> None:
        self.status, self.fatal = status, fatal


class NestingLimit(ExpansionError):
    """The function nesting limit (bash's FUNCNEST message, already printed): the whole command
    line is abandoned, through subshells and command substitutions too, so an endless
    `f(){ echo $(f); }` ends with a failure rather than with the empty echo's 0."""


# ----------------------------------------------------------------------------- variables
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class Var:
    """A shell variable. value: str (scalar), dict[int, str] (indexed array),
    dict[str, str] (associative array, kind "assoc")."""

    value: str | dict
    exported: bool = False
    readonly: bool = False
    integer: bool = False
    kind: str = "scalar"   # "scalar" | "indexed" | "assoc"
    nameref: bool = False  # `declare -n`: the value names the variable used instead

    def scalar(self) -> str:
        if isinstance(self.value, dict):
            if self.kind == "indexed":
                return self.value.get(0, "")
            return self.value.get("0", "")
        return self.value


class PendingVar(Var):
    """A variable declared without a value (`local v`, `declare -a b`): it exists (declare -p
    shows it) but expands as unset until something assigns it."""

    pending = True

    def __setattr__(self, key: str, value: object) -> None:
        if key == "value" and "value" in self.__dict__:
            object.__setattr__(self, "pending", False)
        object.__setattr__(self, key, value)


def is_pending(var: Var | None) -> bool:
    return bool(getattr(var, "pending", False)) and not (isinstance(var.value, dict) and var.value)  # type: ignore[union-attr]


@dataclass
class ShellState:
    machine: Machine
    creds: Credentials
    cwd: str                                    # logical working directory
    limits: Limits
    budget: Budget
    interactive: bool = False
    scopes: list[dict[str, Var]] = field(default_factory=lambda: [{}])  # [0] global; locals after
    positional: list[str] = field(default_factory=list)                  # $1 ...
    arg0: str = "bash"                          # $0
    status: int = 0                             # $?
    functions: dict[str, ast.FunctionDef] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    options: set[str] = field(default_factory=lambda: {"braceexpand", "hashall"})
    mask: Umask = field(default_factory=Umask)   # this process's umask (filesystem/scan.py)
    history: list[str] = field(default_factory=list)
    call_depth: int = 0
    line: int = 1                                # line of the command being run (messages)
    script_name: str = "bash"                    # "bash" for -c; error prefix word
    last_bg_pid: int | None = None
    pid: int = 4242                              # $$: the top shell's pid (subshells keep it)
    process: Process | None = None               # this (sub)shell's own entry: $BASHPID
    columns: int = 80
    terminal: object | None = None               # shell.terminal.Terminal in the REPL
    # names of the commands really run (after alias expansion), shared with subshells, for
    # the trainer's "command used" checks; the trainer empties it
    commands_run: list[str] = field(default_factory=list)
    # bash's command hash table (hashall): name -> path found on PATH, and its hit counts
    hashed: dict[str, str] = field(default_factory=dict)
    hash_hits: dict[str, int] = field(default_factory=dict)
    # bash's call stack for FUNCNAME / BASH_SOURCE / BASH_LINENO: (name, source, line called
    # from), innermost last; a script starts with ("main", script, 0), `source` pushes "source"
    frames: list[tuple[str, str, int]] = field(default_factory=list)
    func_sources: dict[str, str] = field(default_factory=dict)   # function -> file defining it
    xtrace_level: int = 0                        # $( ) nesting, for set -x's `++`
    traps: dict[str, str] = field(default_factory=dict)   # signal name -> action (`trap`)
    inherited_exit: str | None = None            # the parent's EXIT trap: a subshell shows it, never runs it
    inherited_err: str | None = None             # likewise for ERR (bash without set -E)
    jobs: JobTable = field(default_factory=JobTable)   # `cmd &` (shell/interp/jobs.py)
    dirstack: list[str] = field(default_factory=list)       # pushd / popd / dirs, below the cwd
    source_depth: int = 0                        # files being sourced (`return` allowed)
    # the session's extra commands (the trainer's `dojo`), found before the registry; shared
    # with subshells and nested shells (su), not with child bash processes
    overlay: dict[str, CommandInfo] = field(default_factory=dict)
    # `ulimit` values set in this shell: (option letter, "S"/"H") -> limit (None: unlimited);
    # unset ones show the machine's (shell/commands/builtins/limits.py)
    ulimits: dict[tuple[str, str], int | None] = field(default_factory=dict)
    completions: dict[str, list[str]] = field(default_factory=dict)  # `complete`: name -> options
    warnings: list[str] = field(default_factory=list)  # found while resolving names, not yet shown

    # -- variables ------------------------------------------------------------
    def lookup_raw(self, name: str) -> Var | None:
        """The variable itself, a name reference not followed."""
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def lookup(self, name: str) -> Var | None:
        var = self.lookup_raw(name)
        if var is None or not var.nameref:
            return var
        target = self.resolve(name)
        return None if target is None else self.lookup_raw(target)

    def resolve(self, name: str) -> str | None:
        """The name a chain of name references leads to; None (and bash's warning kept in
        `warnings`) when it comes back on itself."""
        seen = {name}
        start = name
        while True:
            var = self.lookup_raw(name)
            if var is None or not var.nameref or isinstance(var.value, dict):
                return name
            target = var.value
            if not _NAME.fullmatch(target):
                return name  # unset reference, or one to an array element: used as it is
            if target in seen:
                self.warnings.append(f"warning: {start}: circular name reference")
                return None
            seen.add(target)
            name = target

    def take_warnings(self) -> list[str]:
        out, self.warnings[:] = list(self.warnings), []
        return out

    def get(self, name: str) -> str | None:
        var = self.lookup(name)
        return None if var is None else var.scalar()

    def set(self, name: str, value: str, *, export: bool | None = None) -> None:
        """Assign in the innermost scope that has the name, else globally.
        Raises ReadonlyError for readonly variables."""
        var = self.lookup_raw(name)
        if var is not None and var.nameref and var.value:  # through the reference
            target = self.resolve(name)
            if target is None:
                return
            name, var = target, self.lookup_raw(target)
        if var is None:
            var = Var("")
            self.scopes[0][name] = var
        if var.readonly:
            raise ReadonlyError(name)
        if name == "PATH":  # bash forgets every hashed command when PATH changes
            self.hashed.clear()
            self.hash_hits.clear()
        if isinstance(var.value, dict):
            var.value[0 if var.kind == "indexed" else "0"] = value
        else:
            var.value = value
        if export is not None:
            var.exported = export

    def unset(self, name: str, ref: bool = False) -> None:
        """`unset NAME`, through a name reference unless `ref` (`unset -n`)."""
        if not ref:
            target = self.resolve(name)
            if target is None:
                return
            name = target
        for scope in reversed(self.scopes):
            if name in scope:
                if scope[name].readonly:
                    raise ReadonlyError(name)
                del scope[name]
                if name == "PATH":
                    self.hashed.clear()
                    self.hash_hits.clear()
                return

    def env(self) -> dict[str, str]:
        """The exported variables, as commands see them."""
        out: dict[str, str] = {}
        for scope in self.scopes:
            for name, var in scope.items():
                if getattr(var, "pending", False):
                    continue  # declared without a value (`export g`, `local h`): not passed on
                if var.exported:
                    out[name] = var.scalar()
                elif name in out:
                    del out[name]
        return out

    @property
    def umask(self) -> int:
        return self.mask.value

    @umask.setter
    def umask(self, value: int) -> None:
        self.mask.value = value

    def subshell(self) -> ShellState:
        """A copy for ( ), $( ) and pipeline stages: changes do not reach the parent."""
        new = copy.copy(self)
        new.mask = self.mask.copy()
        new.scopes = [{k: _copy_var(v) for k, v in s.items()} for s in self.scopes]
        new.positional = list(self.positional)
        new.functions = dict(self.functions)
        new.aliases = dict(self.aliases)
        new.options = set(self.options)
        new.hashed, new.hash_hits = dict(self.hashed), dict(self.hash_hits)
        new.frames = list(self.frames)
        new.traps = dict(self.traps)
        new.inherited_exit = self.traps.get("EXIT")
        new.inherited_err = self.traps.get("ERR")
        new.jobs = JobTable(self.jobs)  # no jobs of its own yet; `jobs | wc` sees the parent's
        new.dirstack = list(self.dirstack)
        new.func_sources = dict(self.func_sources)
        new.ulimits, new.completions = dict(self.ulimits), dict(self.completions)
        return new

    @property
    def bashpid(self) -> int:
        return self.process.pid if self.process is not None else self.pid

    def publish_frames(self) -> None:
        """Refresh FUNCNAME, BASH_SOURCE and BASH_LINENO from `frames`."""
        frames = self.frames[::-1]
        scope = self.scopes[0]
        if any(name not in ("main", "source") for name, _, _ in frames):
            scope["FUNCNAME"] = Var(dict(enumerate(n for n, _, _ in frames)), kind="indexed")
        else:  # bash: FUNCNAME exists only while a function runs
            scope["FUNCNAME"] = PendingVar({}, kind="indexed")
        scope["BASH_SOURCE"] = Var(dict(enumerate(s for _, s, _ in frames)), kind="indexed")
        scope["BASH_LINENO"] = Var(dict(enumerate(str(n) for _, _, n in frames)), kind="indexed")

    def current_source(self) -> str:
        """The file a function defined now belongs to (BASH_SOURCE in its calls)."""
        if self.frames:
            return self.frames[-1][1]
        return "main" if self.interactive else "environment"

    def error_prefix(self) -> str:
        """'bash: line N: ' non-interactively (as bash -c), 'bash: ' in the REPL."""
        if self.interactive:
            return f"{self.script_name}: "
        return f"{self.script_name}: line {self.line}: "


def _copy_var(v: Var) -> Var:
    """A variable's copy for a subshell (much cheaper than copy.copy: run for every pipeline)."""
    new = object.__new__(v.__class__)
    new.__dict__.update(v.__dict__)
    if isinstance(v.value, dict):
        new.__dict__["value"] = dict(v.value)  # not via setattr: a PendingVar stays pending
    return new


class ReadonlyError(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(f"{name}: readonly variable")
        self.name = name


# What builtins and expansions may ask of the executor: the neutral protocol of shell/context.py.
Interp = Shell
