"""The machine's journal: what systemd and the services said, with when, which unit and pid.

One `Journal` per machine, written by the service manager (filesystem/services.py).  Each
entry is mirrored to /var/log/syslog in rsyslog's traditional format, as Ubuntu 22.04 does;
journalctl reads the entries themselves (they know their unit, syslog lines do not).
"""
from __future__ import annotations

import calendar
import re
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

    @property
    def tag(self) -> str:
        """`ident[pid]`, or the ident alone for a message logged without its pid (pid 0: `logger`)."""
        return f"{self.ident}[{self.pid}]" if self.pid else self.ident

    def short(self, hostname: str) -> str:
        """journalctl's default (short) line: `Dec 07 10:00:00 dojo systemd[1]: Started ...`."""
        t = time.gmtime(self.time)
        return f"{MONTHS[t.tm_mon - 1]} {t.tm_mday:02d} {time.strftime('%H:%M:%S', t)} " \
               f"{hostname} {self.tag}: {self.message}"

    def syslog(self, hostname: str) -> str:
        """rsyslog's traditional file format: the day padded with a space."""
        t = time.gmtime(self.time)
        return f"{MONTHS[t.tm_mon - 1]} {t.tm_mday:2d} {time.strftime('%H:%M:%S', t)} " \
               f"{hostname} {self.tag}: {self.message}"

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
        self.count = 0           # entries ever logged here (journalctl -f: how many are new)

    def log(self, unit: str, message: str, *, pid: int = 1, ident: str = "systemd",
            when: float | None = None) -> Entry:
        entry = Entry(time.time() if when is None else when, unit, ident, pid, message)
        self.entries.append(entry)
        self.count += 1
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


# systemd's time span units (parse_time), in seconds
_UNITS = {"us": 1e-6, "usec": 1e-6, "ms": 1e-3, "msec": 1e-3, "s": 1, "sec": 1, "second": 1, "seconds": 1,
          "m": 60, "min": 60, "minute": 60, "minutes": 60, "h": 3600, "hr": 3600, "hour": 3600, "hours": 3600,
          "d": 86400, "day": 86400, "days": 86400, "w": 604800, "week": 604800, "weeks": 604800,
          "M": 2629800, "month": 2629800, "months": 2629800, "y": 31557600, "year": 31557600, "years": 31557600}
_SPAN = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)")
_DATE = re.compile(r"^(?:(\d{4})-(\d{2})-(\d{2}))?\s*(?:(\d{2}):(\d{2})(?::(\d{2}))?)?$")


def _span(text: str) -> float | None:
    """`1h30min`, `10 min`, `90` (seconds): systemd's time span; None if it is not one."""
    total, pos = 0.0, 0
    text = text.strip()
    if not text:
        return None
    while pos < len(text):
        m = _SPAN.match(text, pos)
        if not m or m.end() == pos:
            return None
        unit = m.group(2)
        if unit and unit not in _UNITS:
            return None
        total += float(m.group(1)) * _UNITS.get(unit, 1)
        pos = m.end()
    return total


def parse_timestamp(text: str, now: float) -> float | None:
    """journalctl's --since/--until value (systemd's parse_timestamp, UTC): a date and time,
    today/yesterday/tomorrow/now, `-1h`, `+5min`, `10 min ago`, `@EPOCH`; None if bad."""
    t = text.strip()
    midnight = now - now % 86400
    words = {"now": now, "today": midnight, "yesterday": midnight - 86400, "tomorrow": midnight + 86400}
    if t in words:
        return words[t]
    if t.startswith("@"):
        span = _span(t[1:])
        return span
    if t[:1] in "+-" and t[1:2] != "":
        span = _span(t[1:])
        return None if span is None else now + (span if t[0] == "+" else -span)
    if t.endswith("ago"):
        span = _span(t[:-3])
        return None if span is None else now - span
    m = _DATE.match(t)
    if not m or not t:
        return None
    year, month, day, hour, minute, second = m.groups()
    if year is None:
        if hour is None:
            return None
        g = time.gmtime(now)
        year, month, day = str(g.tm_year), str(g.tm_mon), str(g.tm_mday)
    try:
        fields = (int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        if not (1 <= fields[1] <= 12 and 1 <= fields[2] <= 31 and fields[3] < 24 and fields[4] < 60
                and fields[5] < 60):
            return None
        return float(calendar.timegm((*fields, 0, 0, 0)))
    except (ValueError, OverflowError):
        return None


def level(entry: Entry) -> int:
    """The entry's syslog priority, as systemd logs these messages (3 err ... 6 info)."""
    m = entry.message
    if m.startswith("Failed to start ") or "Failed at step" in m or "Failed to locate" in m:
        return 3
    if "Failed with result" in m:
        return 4
    if "Main process exited" in m:
        return 5
    return 6
