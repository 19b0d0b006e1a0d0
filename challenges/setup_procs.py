"""The setup's model processes and crontab.

A placed process is a model in the machine's process table (a name, a CPU share, a memory
size): nothing runs on the host, whatever its `cpu`.  filesystem/models.py keeps them across
clones and saves (a machine made from the disk puts them back itself).
"""
from __future__ import annotations

import shlex
import time
from collections.abc import Callable

from shelldojo.challenges.model import Setup
from shelldojo.filesystem import Machine, accounts, models
from shelldojo.filesystem.processes import DEFAULT_MEMORY, Process

STARTED_AGO_S = 20 * 60


class PlacementError(Exception):
    """A placed process names an unknown user or parent (setup.py reports it as a SetupError)."""


def place(machine: Machine, setup: Setup) -> None:
    """Start the setup's model processes (in order: a parent is placed before its children)."""
    if not setup.processes:
        return
    table = machine.procs
    started = float(int(time.time()) - STARTED_AGO_S)
    placed: dict[str, int] = {}
    adopted: list[tuple[Process, tuple[str, ...]]] = []
    for spec in setup.processes:
        user = spec.user or setup.user
        account = accounts.user_by_name(machine.vfs, user)
        if account is None:
            raise PlacementError(f"process {spec.name!r}: no such user {user!r}")
        if spec.parent and spec.parent not in placed:
            raise PlacementError(f"process {spec.name!r}: parent {spec.parent!r} is not a process placed before it")
        ppid = placed.get(spec.parent, 1)
        for _ in range(spec.count):
            proc = table.spawn(ppid, account.uid, account.gid, list(spec.argv or (spec.name,)), comm=spec.name,
                               cwd=account.home, tty="?", state=spec.state or ("R" if spec.cpu > 0 else "S"),
                               cpu=spec.cpu, rss=spec.memory or None)
            proc.start = started   # already at it when the learner arrives (ps's START and TIME say so)
            if spec.memory:
                proc.vsz = spec.memory + DEFAULT_MEMORY[1]   # mapped: its resident memory and more
            proc.nice = spec.nice
            proc.stat = "N" if spec.nice > 0 else "<" if spec.nice < 0 else ""
            placed.setdefault(spec.name, proc.pid)
            adopted.append((proc, spec.ignores))
    models.adopt(machine, adopted)


def install_crontab(machine: Machine, user: str, lines: tuple[str, ...],
                    run: Callable[[str, str], None]) -> None:
    """The user's crontab, installed by the machine's own `crontab -u USER -` (so the spool
    file is exactly what the command writes); `run(step, script)` runs a root script."""
    text = "printf '%s\\n' " + " ".join(shlex.quote(line) for line in lines) if lines else "printf ''"
    run("setup.crontab", f"{text} | crontab -u {shlex.quote(user)} -")

