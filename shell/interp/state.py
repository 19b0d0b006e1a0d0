"""The interpreter's state (variables, functions, options, cwd, identity) and its signals.

Shared by the executor (interp/executor.py), the expansions (interp/expand.py) and the
interpreter-level builtins (interp/builtins_*.py).
"""
from __future__ import annotations

import copy
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from shelldojo.filesystem import Credentials, Machine
from shelldojo.shell.budget import Budget
from shelldojo.shell.limits import Limits

if TYPE_CHECKING:
    from shelldojo.shell.context import Context
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
@dataclass
class Var:
    """A shell variable. value: str (scalar), dict[int, str] (indexed array),
    dict[str, str] (associative array, kind "assoc")."""

    value: str | dict
    exported: bool = False
    readonly: bool = False
    integer: bool = False
    kind: str = "scalar"   # "scalar" | "indexed" | "assoc"

    def scalar(self) -> str:
        if isinstance(self.value, dict):
            if self.kind == "indexed":
                return self.value.get(0, "")
            return self.value.get("0", "")
        return self.value


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
    umask: int = 0o022
    history: list[str] = field(default_factory=list)
    call_depth: int = 0
    line: int = 1                                # line of the command being run (messages)
    script_name: str = "bash"                    # "bash" for -c; error prefix word
    last_bg_pid: int | None = None
    pid: int = 4242
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
    bg_statuses: dict[int, int] = field(default_factory=dict)   # `cmd &` pid -> status, for wait

    # -- variables ------------------------------------------------------------
    def lookup(self, name: str) -> Var | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def get(self, name: str) -> str | None:
        var = self.lookup(name)
        return None if var is None else var.scalar()

    def set(self, name: str, value: str, *, export: bool | None = None) -> None:
        """Assign in the innermost scope that has the name, else globally.
        Raises ReadonlyError for readonly variables."""
        var = self.lookup(name)
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

    def unset(self, name: str) -> None:
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

    def subshell(self) -> ShellState:
        """A copy for ( ), $( ) and pipeline stages: changes do not reach the parent."""
        new = copy.copy(self)
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
        new.bg_statuses = dict(self.bg_statuses)
        new.func_sources = dict(self.func_sources)
        return new

    def publish_frames(self) -> None:
        """Refresh FUNCNAME, BASH_SOURCE and BASH_LINENO from `frames`."""
        from shelldojo.shell.interp.builtins_util import PendingVar
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


class Interp(Protocol):
    """What builtins and expansions may ask of the executor."""

    state: ShellState

    def run_source(self, source: str, name: str | None = None,
                   ctx: Context | None = None) -> int: ...   # eval / source

    def run_node(self, node: ast.Command, ctx: Context) -> int: ...

    def capture(self, node: ast.Command) -> tuple[int, bytes]: ...            # $(...): status, stdout

    def run_argv(self, ctx: Context, argv: list[str]) -> int: ...             # for xargs, env, find -exec

    def error(self, ctx: Context, message: str) -> None: ...                  # prefix + message on stderr


# Interpreter-level builtins (need the state): name -> fn(interp, ctx, argv) -> status.
BuiltinFunc = Callable[[Interp, "Context", list[str]], int]
class BuiltinTable(dict):
    """name -> builtin; a builtins_*.py module is imported when one of its names is first
    needed (startup speed).  shell/interp/_builtin_index.py says which module holds what."""

    _all_loaded = False

    def _load(self, name: str) -> None:
        from shelldojo.shell.interp._builtin_index import BUILTINS
        module = BUILTINS.get(name)
        if module is not None:
            importlib.import_module(f"shelldojo.shell.interp.{module}")

    def load_all(self) -> None:
        if not self._all_loaded:
            import shelldojo.shell.interp as package
            for mod in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
                if mod.startswith("builtins_"):
                    importlib.import_module(f"shelldojo.shell.interp.{mod}")
            BuiltinTable._all_loaded = True

    def get(self, name: str, default: BuiltinFunc | None = None) -> BuiltinFunc | None:  # type: ignore[override]
        if not dict.__contains__(self, name):
            self._load(name)
        return dict.get(self, name, default)

    def __contains__(self, name: object) -> bool:
        if not dict.__contains__(self, name) and isinstance(name, str):
            self._load(name)
        return dict.__contains__(self, name)

    def __getitem__(self, name: str) -> BuiltinFunc:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self):  # type: ignore[no-untyped-def]
        self.load_all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self.load_all()
        return dict.__len__(self)

    def keys(self):  # type: ignore[no-untyped-def, override]
        self.load_all()
        return dict.keys(self)

    def items(self):  # type: ignore[no-untyped-def, override]
        self.load_all()
        return dict.items(self)


INTERP_BUILTINS: BuiltinTable = BuiltinTable()


def builtin_index_source() -> str:
    """The text of shell/interp/_builtin_index.py; regenerate with
    `python -c 'from shell.interp.state import builtin_index_source as s; print(s(), end="")' \
        > shell/interp/_builtin_index.py` (tests/test_registry.py checks it is current)."""
    lines = ['"""Generated from shell.interp.state.builtin_index_source(): builtin -> its module."""',
             "BUILTINS: dict[str, str] = {"]
    lines += [f"    {name!r}: {module!r}," for name, module in builtin_index().items()]
    return "\n".join([*lines, "}"]) + "\n"


def builtin_index() -> dict[str, str]:
    """name -> module of every interpreter builtin (source of _builtin_index.py)."""
    INTERP_BUILTINS.load_all()
    return {name: dict.__getitem__(INTERP_BUILTINS, name).__module__.rsplit(".", 1)[-1]
            for name in sorted(dict.keys(INTERP_BUILTINS))}
SPECIAL_BUILTINS = {"break", ":", ".", "continue", "eval", "exec", "exit", "export", "readonly",
                    "return", "set", "shift", "trap", "unset", "source"}


def builtin(name: str) -> Callable[[BuiltinFunc], BuiltinFunc]:
    def register(func: BuiltinFunc) -> BuiltinFunc:
        INTERP_BUILTINS[name] = func
        return func
    return register
