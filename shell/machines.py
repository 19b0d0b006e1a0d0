"""Fresh machines for the shell: the base image with a file for every command, cloned."""
from __future__ import annotations

from filesystem import DiskLimits, Machine
from filesystem.image import build_base_image

# Programs the interpreter itself provides (not in the command registry).
SHELL_PROGRAMS = {"bash": "/usr/bin", "sh": "/usr/bin", "rbash": "/usr/bin", "pwd": "/usr/bin"}

_BASE_SNAPSHOT: bytes | None = None


def base_snapshot() -> bytes:
    global _BASE_SNAPSHOT
    if _BASE_SNAPSHOT is None:
        from shell.commands.registry import programs

        _BASE_SNAPSHOT = build_base_image({**programs(), **SHELL_PROGRAMS}).snapshot()
    return _BASE_SNAPSHOT


def fresh_machine(limits: DiskLimits | None = None) -> Machine:
    """A new machine from the base image (built once per process, then cloned)."""
    return Machine.from_snapshot(base_snapshot(), limits)
