"""The one command registry: every command with its kind, family and where its file lives.

A command is `def cmd(ctx: Context, argv: list[str]) -> int` registered with
`@command("name", family="files")` (a program, with its file in /usr/bin) or
`@builtin("cd")` (a builtin of the shell).  Kinds (`CommandInfo.kind`):
- special builtin: POSIX's special builtins (break, export, set, ...);
- builtin: the rest of bash's builtins.  `shell=True` marks those that work on the
  interpreter's state through `ctx.shell` (cd, read, declare...) and print bash's own
  prefixed messages; builtins without it (echo, printf, test, help) are run with the
  shell's prefix on their stderr, and echo, printf, test... keep their file in /usr/bin too;
- program: a file in /usr/bin or /usr/sbin of the base image;
- package: a program that exists once its package is installed (apt).
`directory=None` means the command has no file on disk (pure shell builtins).  A session
may carry an overlay of extra commands (CommandInfo too), checked before this registry.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shelldojo.shell.context import Context

CommandFunc = Callable[["Context", list[str]], int]

FAMILIES = ("navigation", "files", "text", "system", "users", "packages", "network", "shell")
_COMMANDS_PACKAGE = "shelldojo.shell.commands"

SPECIAL, BUILTIN, PROGRAM, PACKAGE = "special builtin", "builtin", "program", "package"
# POSIX's special builtins (bash's `enable -s` list, those bash implements)
SPECIAL_BUILTINS = frozenset({"break", ":", ".", "continue", "eval", "exec", "exit", "export",
                              "readonly", "return", "set", "shift", "trap", "unset", "source"})


@dataclass(frozen=True)
class CommandInfo:
    name: str
    func: CommandFunc
    family: str
    directory: str | None = "/usr/bin"
    builtin: bool = False        # bash implements it itself (`type` says "shell builtin")
    summary: str = ""
    package: str | None = None   # installed by this package (apt), not in the base image
    shell: bool = False          # a builtin working on the interpreter's state (ctx.shell)

    @property
    def kind(self) -> str:
        if self.builtin:
            return SPECIAL if self.name in SPECIAL_BUILTINS else BUILTIN
        return PACKAGE if self.package else PROGRAM


REGISTRY: dict[str, CommandInfo] = {}


def command(name: str, family: str, *, directory: str | None = "/usr/bin", builtin: bool = False,
            summary: str = "", package: str | None = None,
            shell: bool = False) -> Callable[[CommandFunc], CommandFunc]:
    """Register a command; `package` commands exist only once their package is installed."""
    def register(func: CommandFunc) -> CommandFunc:
        REGISTRY[name] = CommandInfo(name, func, family, directory, builtin, summary, package, shell)
        return func
    return register


def builtin(name: str, family: str = "shell") -> Callable[[CommandFunc], CommandFunc]:
    """Register a builtin of the shell that works on the interpreter's state (no file on disk)."""
    return command(name, family, directory=None, builtin=True, shell=True)


_loaded = False


def load_all() -> dict[str, CommandInfo]:
    """Import every family module once (each registers its commands)."""
    global _loaded
    if not _loaded:
        package = importlib.import_module(_COMMANDS_PACKAGE)
        for mod in sorted(m.name for m in pkgutil.walk_packages(package.__path__, f"{_COMMANDS_PACKAGE}.")):
            importlib.import_module(mod)
        _loaded = True
    return REGISTRY


def lookup(name: str) -> CommandInfo | None:
    """One command, importing only its module (startup speed): the index says where."""
    info = REGISTRY.get(name)
    if info is not None or _loaded:
        return info
    entry = _index().get(name)
    if entry is None:
        return None
    importlib.import_module(f"{_COMMANDS_PACKAGE}.{entry[0]}")
    return REGISTRY.get(name)


def kind_of(name: str) -> str | None:
    """A command's kind without importing its module (None: not a registered command)."""
    info = REGISTRY.get(name)
    if info is not None:
        return info.kind
    entry = _index().get(name)
    return None if entry is None else entry[3]


def names() -> list[str]:
    """Every registered command's name (completion, listings), without importing them."""
    return list(_index())


def programs() -> dict[str, str]:
    """name -> directory for every command of the base image (from the index)."""
    return {name: directory for name, (_mod, directory, package, _kind) in _index().items()
            if directory and not package}


IndexEntry = tuple[str, str | None, str | None, str]


def build_index() -> dict[str, IndexEntry]:
    """name -> (module, directory, package, kind), from importing every module."""
    load_all()
    prefix = f"{_COMMANDS_PACKAGE}."
    return {i.name: (i.func.__module__.removeprefix(prefix), i.directory, i.package, i.kind) for i in sorted(
        REGISTRY.values(), key=lambda i: i.name) if i.func.__module__.startswith(prefix)}


def _index() -> dict[str, IndexEntry]:
    from shelldojo.shell import command_index as generated
    return generated.COMMANDS


def index_source() -> str:
    """The text of shell/command_index.py; regenerate with
    `python -m shelldojo.shell.registry > shell/command_index.py` (tests/test_registry.py checks it)."""
    lines = ['"""Generated by `python -m shelldojo.shell.registry`: command -> (module, directory, package, kind)."""',
             "COMMANDS: dict[str, tuple[str, str | None, str | None, str]] = {"]
    lines += [f"    {name!r}: {entry!r}," for name, entry in build_index().items()]
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    from shelldojo.shell import registry as real
    print(real.index_source(), end="")
