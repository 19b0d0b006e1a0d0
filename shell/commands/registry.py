"""The one command registry: name -> function, family, and where its file lives.

A command is `def cmd(ctx: Context, argv: list[str]) -> int` registered with
`@command("name", family="files")`.  `builtin=True` marks commands bash implements
itself (echo, printf, test, true, false, pwd...): `type` calls them shell builtins,
but they also keep their file in /usr/bin as on Ubuntu.  `directory=None` means the
command has no file on disk (pure shell builtins).
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shell.commands.context import Context

CommandFunc = Callable[["Context", list[str]], int]

FAMILIES = ("navigation", "files", "text", "system", "users", "packages", "shell")
_NOT_COMMANDS = {"context", "options", "registry"}


@dataclass(frozen=True)
class CommandInfo:
    name: str
    func: CommandFunc
    family: str
    directory: str | None = "/usr/bin"
    builtin: bool = False
    summary: str = ""


REGISTRY: dict[str, CommandInfo] = {}


def command(name: str, family: str, *, directory: str | None = "/usr/bin", builtin: bool = False,
            summary: str = "") -> Callable[[CommandFunc], CommandFunc]:
    def register(func: CommandFunc) -> CommandFunc:
        REGISTRY[name] = CommandInfo(name, func, family, directory, builtin, summary)
        return func
    return register


_loaded = False


def load_all() -> dict[str, CommandInfo]:
    """Import every family module once (each registers its commands)."""
    global _loaded
    if not _loaded:
        import shell.commands as package

        for mod in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
            if mod not in _NOT_COMMANDS:
                importlib.import_module(f"shell.commands.{mod}")
        _loaded = True
    return REGISTRY


def programs() -> dict[str, str]:
    """name -> directory for every command that has a file on disk."""
    return {i.name: i.directory for i in load_all().values() if i.directory}
