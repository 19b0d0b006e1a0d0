"""Loading `[[setup.processes]]`: model processes a challenge places (see setup_procs.py).

Each entry is checked here so a mistake names its file, line and key, as every other key does.
"""
from __future__ import annotations

import re
from typing import Any, Protocol

from shelldojo.challenges.model import PackError, ProcessSpec
from shelldojo.filesystem.processes import signal_number

PROCESS_KEYS = {"name", "argv", "user", "cpu", "memory", "state", "nice", "count", "parent", "ignores"}
PROCESS_STATES = ("R", "S", "T", "Z", "D")
MAX_COUNT = 50                       # copies of one process (a model each: they cost nothing real)
MAX_CPU = 800.0                      # percent of one core (a busy multi-threaded program)
MAX_MEMORY_KIB = 64 * 1024 * 1024    # 64G
_MEMORY = re.compile(r"(\d+(?:\.\d+)?)\s*([KMG]i?B?)?", re.IGNORECASE)
_UNIT_KIB = {"K": 1, "M": 1024, "G": 1024 * 1024}
UNCATCHABLE = ("KILL", "STOP")


class Reader(Protocol):
    """What loader._Reader offers (loader.py imports this module, not the other way round)."""

    def fail(self, key_path: tuple, message: str) -> PackError: ...
    def keys(self, table: dict, allowed: set[str], where: tuple) -> None: ...
    def get(self, table: dict, key: str, kind: type | tuple, where: tuple, default: Any = ...,
            what: str = "") -> Any: ...
    def strings(self, table: dict, key: str, where: tuple) -> tuple[str, ...]: ...


def memory_kib(value: object) -> int | None:
    """"512M", "2G", "800K" or "1.5G" (a bare number is KiB, as ps's RSS) -> KiB; None if unreadable."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 0 else None
    if not isinstance(value, str) or not (m := _MEMORY.fullmatch(value.strip())):
        return None
    unit = (m.group(2) or "K")[0].upper()
    return int(float(m.group(1)) * _UNIT_KIB[unit])


def process_specs(r: Reader, items: list[Any], table: str = "setup") -> list[ProcessSpec]:
    """`table`: the setup table they belong to ("setup" or "setup.machines.NAME")."""
    specs: list[ProcessSpec] = []
    for i, p in enumerate(items):
        where = (f"{table}.processes", i)  # its [[setup.processes]] table, for the line number
        if not isinstance(p, dict):
            raise r.fail((table, "processes"), 'expected a list of tables { name = "dishwasher", cpu = 99.0 }')
        r.keys(p, PROCESS_KEYS, where)
        name = r.get(p, "name", str, where, what="the program's name, as ps shows it")
        if not name or "/" in name or len(name) > 15 or not name.isprintable():
            raise r.fail((*where, "name"), f"{name!r}: a program name of 1 to 15 characters without / "
                                           "(Linux keeps 15: put a longer command line in argv)")
        argv = r.strings(p, "argv", where)
        cpu = r.get(p, "cpu", (int, float), where, 0.0, "a number (percent of one core)")
        if isinstance(cpu, bool) or not 0 <= cpu <= MAX_CPU:
            raise r.fail((*where, "cpu"), f"expected a percentage of one core from 0 to {MAX_CPU:g}")
        raw_memory = p.get("memory", 0)
        memory = memory_kib(raw_memory)
        if memory is None or memory > MAX_MEMORY_KIB:
            raise r.fail((*where, "memory"), 'expected a size like "512M", "2G" or "800K" (at most 64G)')
        state = r.get(p, "state", str, where, "")
        if state and state not in PROCESS_STATES:
            raise r.fail((*where, "state"), f"state {state!r}: expected one of {', '.join(PROCESS_STATES)}")
        nice = r.get(p, "nice", int, where, 0)
        if not -20 <= nice <= 19:
            raise r.fail((*where, "nice"), "expected a niceness from -20 to 19")
        count = r.get(p, "count", int, where, 1)
        if not 1 <= count <= MAX_COUNT:
            raise r.fail((*where, "count"), f"expected 1 to {MAX_COUNT} copies")
        parent = r.get(p, "parent", str, where, "")
        if parent and parent not in {s.name for s in specs}:
            raise r.fail((*where, "parent"), f"parent {parent!r} is not a process listed before it")
        ignores = r.strings(p, "ignores", where)
        for sig in ignores:
            num = signal_number(sig)
            if not num:
                raise r.fail((*where, "ignores"), f"{sig!r} is not a signal name (TERM, INT, HUP...)")
            if sig.upper().removeprefix("SIG") in UNCATCHABLE or num in (9, 19):
                raise r.fail((*where, "ignores"), f"{sig} cannot be caught or ignored")
        specs.append(ProcessSpec(name, argv, r.get(p, "user", str, where, ""), float(cpu), memory, state,
                                 nice, count, parent, ignores))
    return specs
