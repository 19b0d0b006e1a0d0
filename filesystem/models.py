"""Model processes placed on a machine (by a challenge's setup): kept across clones and saves.

A placed process is a model in the process table (a name, a CPU share, a memory size): nothing
runs on the host.  The process table is not saved with the disk (a cloned or loaded machine
boots afresh), so the placed processes still alive are kept in one root-only file, STATE, as
the service manager keeps its services: a machine made from a disk that has it puts them back
(`restore`, from Machine), and every signal they take rewrites it, so a clone or a saved
machine has them as the learner left them (killed, stopped).  `record` notes what no signal
changes (renice) before a save.
"""
from __future__ import annotations

import json
import posixpath
from typing import TYPE_CHECKING

from shelldojo.filesystem.credentials import ROOT, acting_as
from shelldojo.filesystem.processes import Process, signal_name, signal_number

if TYPE_CHECKING:
    from shelldojo.filesystem.machine import Machine

STATE = "/run/systemd/shelldojo-processes.json"   # also named in machine.py
MAX_STATE_BYTES = 1 << 20
_FIELDS = ("pid", "ppid", "uid", "gid", "argv", "comm", "start", "state", "nice", "cpu", "rss", "vsz", "cwd")


def adopt(machine: Machine, procs: list[tuple[Process, tuple[str, ...]]]) -> None:
    """Keep these (process, signals it ignores) as the machine's placed processes."""
    for proc, ignores in procs:
        _watch(machine, proc, ignores)
    _save(machine, [_record_of(p, ignores) for p, ignores in procs])


def _watch(machine: Machine, proc: Process, ignores: tuple[str, ...]) -> None:
    """Signals reach the model through here: one it `ignores` is caught (the program says so in
    the journal, as a daemon does: `received SIGTERM, ignoring`), the others take the table's
    default action (KILL and STOP cannot be caught); then STATE is rewritten."""
    table = machine.procs
    caught = {n for n in (signal_number(s) for s in ignores) if n}

    def deliver(signum: int) -> None:
        if signum in caught:
            manager = machine.services
            manager.journal.log("", f"received SIG{signal_name(signum)}, ignoring", pid=proc.pid, ident=proc.comm)
            manager._save()   # the journal is kept with the services' state (a saved machine keeps it)
            return
        proc.deliver = None          # the table's own default action, then watch again if it lives
        try:
            table.signal(proc.pid, signum, 0)
        finally:
            if table.get(proc.pid) is proc:
                proc.deliver = deliver
            record(machine)
    proc.deliver = deliver


def _record_of(proc: Process, ignores: tuple[str, ...]) -> dict[str, object]:
    rec: dict[str, object] = {f: getattr(proc, f) for f in _FIELDS}
    rec["ignores"] = list(ignores)
    return rec


def _save(machine: Machine, records: list[dict[str, object]]) -> None:
    raw = json.dumps(records).encode()
    with acting_as(ROOT):
        try:
            if machine.vfs.exists(STATE) and machine.vfs.read_bytes(STATE) == raw:
                return   # unchanged: no write (a saver counting the disk's changes skips the line)
            machine.vfs.makedirs(posixpath.dirname(STATE), exist_ok=True)
            machine.vfs.write_bytes(STATE, raw)
            machine.vfs.chmod(STATE, 0o600)
        except OSError:
            pass


def _load(machine: Machine) -> list[dict[str, object]]:
    with acting_as(ROOT):
        try:
            data = json.loads(machine.vfs.read_bytes(STATE)[:MAX_STATE_BYTES])
        except (OSError, ValueError):
            return []
    return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []


def _ignores(rec: dict[str, object]) -> tuple[str, ...]:
    raw = rec.get("ignores")
    return tuple(str(s) for s in raw) if isinstance(raw, list) else ()


def record(machine: Machine) -> None:
    """Note the placed processes as they are now (the learner killed, stopped or reniced some)."""
    records = _load(machine)
    if not records:
        return
    kept = []
    for rec in records:
        pid = rec.get("pid")
        proc = machine.procs.get(pid) if isinstance(pid, int) else None
        if proc is not None and proc.comm == rec.get("comm"):
            kept.append(_record_of(proc, _ignores(rec)))
    _save(machine, kept)


def restore(machine: Machine) -> None:
    """Put the recorded processes back in a cloned or loaded machine's new process table (same
    pids when free).  Anything malformed is ignored: the file is on the machine's disk."""
    table = machine.procs
    new_pid: dict[int, int] = {}
    kept = []
    for rec in _load(machine):
        try:
            proc = Process(**{f: rec[f] for f in _FIELDS}, tty="?")  # type: ignore[arg-type]
            proc.argv = [str(a) for a in proc.argv]
            old = int(proc.pid)
        except (KeyError, TypeError, ValueError):
            continue
        proc.ppid = new_pid.get(proc.ppid, proc.ppid if table.get(proc.ppid) else 1)
        if table.get(old) is not None:  # a service restored first took its pid: the next free one
            proc.pid = table.spawn(proc.ppid, proc.uid, proc.gid, proc.argv).pid
        table.add(proc)
        new_pid[old] = proc.pid
        _watch(machine, proc, _ignores(rec))
        kept.append(_record_of(proc, _ignores(rec)))
    _save(machine, kept)
