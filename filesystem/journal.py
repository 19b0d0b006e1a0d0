"""The machine's journal: what systemd and the services said, with when, which unit and pid.

One `Journal` per machine, written by the service manager (filesystem/services.py).  Each
entry is mirrored to /var/log/syslog in rsyslog's traditional format, as Ubuntu 22.04 does;
journalctl reads the entries themselves (they know their unit, syslog lines do not).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from shelldojo.filesystem.credentials import ROOT, acting_as
from shelldojo.filesystem.vfs import VFS

SYSLOG = "/var/log/syslog"
MAX_ENTRIES = 2_000          # the oldest go first, as journald rotates
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class Entry:
    time: float
    unit: str          # the unit it is about ("" for none)
    ident: str         # SYSLOG_IDENTIFIER: "systemd", "nginx", "CRON"...
    pid: int
    message: str

    def short(self, hostname: str) -> str:
        """journalctl's default (short) line: `Dec 07 10:00:00 dojo systemd[1]: Started ...`."""
        t = time.gmtime(self.time)
        return f"{MONTHS[t.tm_mon - 1]} {t.tm_mday:02d} {time.strftime('%H:%M:%S', t)} " \
               f"{hostname} {self.ident}[{self.pid}]: {self.message}"

    def syslog(self, hostname: str) -> str:
        """rsyslog's traditional file format: the day padded with a space."""
        t = time.gmtime(self.time)
        return f"{MONTHS[t.tm_mon - 1]} {t.tm_mday:2d} {time.strftime('%H:%M:%S', t)} " \
               f"{hostname} {self.ident}[{self.pid}]: {self.message}"

    def to_list(self) -> list[object]:
        return [self.time, self.unit, self.ident, self.pid, self.message]

    @classmethod
    def from_list(cls, raw: object) -> Entry | None:
        """An entry from its saved form; anything malformed is dropped (the state file is on
        the machine's disk, which a learner may have edited)."""
        if not isinstance(raw, list) or len(raw) != 5:
            return None
        t, unit, ident, pid, message = raw
        if not isinstance(t, (int, float)) or not all(isinstance(x, str) for x in (unit, ident, message)) \
                or not isinstance(pid, int):
            return None
        return cls(float(t), unit, ident, pid, message)


def long_date(t: float) -> str:
    """systemd's timestamp style: `Thu 2023-12-07 10:00:00 UTC`."""
    g = time.gmtime(t)
    return f"{DAYS[g.tm_wday]} {time.strftime('%Y-%m-%d %H:%M:%S', g)} UTC"


class Journal:
    """The entries in time order; `log` appends one and mirrors it to /var/log/syslog."""

    def __init__(self, vfs: VFS, hostname: str = "dojo") -> None:
        self.vfs = vfs
        self.hostname = hostname
        self.entries: list[Entry] = []

    def log(self, unit: str, message: str, *, pid: int = 1, ident: str = "systemd",
            when: float | None = None) -> Entry:
        entry = Entry(time.time() if when is None else when, unit, ident, pid, message)
        self.entries.append(entry)
        del self.entries[:-MAX_ENTRIES]
        with acting_as(ROOT):
            try:
                if not self.vfs.exists(SYSLOG):
                    self.vfs.write_bytes(SYSLOG, b"")
                    self.vfs.chmod(SYSLOG, 0o640)
                    self.vfs.chown(SYSLOG, 0, 4)     # root:adm (Ubuntu's is syslog:adm 0640)
                self.vfs.write_bytes(SYSLOG, (entry.syslog(self.hostname) + "\n").encode(), append=True)
            except OSError:
                pass    # a full disk loses the mirror, never the entry
        return entry

    def for_unit(self, unit: str | None) -> list[Entry]:
        return [e for e in self.entries if unit is None or e.unit == unit]
