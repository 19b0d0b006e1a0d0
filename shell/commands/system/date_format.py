"""GNU date's FORMAT: strftime with GNU's flags (-_0^#), widths and %N, %:z ... conversions.

The machine's time zone is UTC, so every time is a UTC epoch (float seconds).
"""
from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

# conversion -> (default width, default pad) for numeric conversions
_NUM = {"d": (2, "0"), "e": (2, " "), "H": (2, "0"), "I": (2, "0"), "k": (2, " "), "l": (2, " "),
        "m": (2, "0"), "M": (2, "0"), "S": (2, "0"), "j": (3, "0"), "U": (2, "0"), "W": (2, "0"),
        "V": (2, "0"), "y": (2, "0"), "C": (2, "0"), "g": (2, "0"), "Y": (1, "0"), "G": (1, "0"),
        "u": (1, "0"), "w": (1, "0"), "s": (1, "0"), "q": (1, "0")}
_COMPOSITE = {"c": "%a %b %e %H:%M:%S %Y", "D": "%m/%d/%y", "F": "%+4Y-%m-%d", "R": "%H:%M",
              "T": "%H:%M:%S", "r": "%I:%M:%S %p", "x": "%m/%d/%y", "X": "%H:%M:%S", "h": "%b"}
_SPEC = re.compile(r"%([-_0^#+]*)(\d*)([EO]?)(:{0,3})(.?)", re.DOTALL)


def to_datetime(t: float) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=t)


# glibc's struct tm holds the year less 1900 in an int: GNU tools can show no time beyond
YEAR_MIN, YEAR_MAX = -(1 << 31) + 1900, (1 << 31) - 1 + 1900


def days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm, any year)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m - 3 if m > 2 else m + 9) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


class Civil:
    """A UTC broken-down time for any epoch second: Python's datetime and time.gmtime stop at
    year 9999 or at time_t, GNU's tools at a year that fits an int."""

    def __init__(self, t: float) -> None:
        self.epoch = secs = math.floor(t) if math.isfinite(t) else 0
        days, rem = divmod(secs, 86400)
        self.hour, rem = divmod(rem, 3600)
        self.minute, self.second = divmod(rem, 60)
        z = days + 719468
        era = z // 146097
        doe = z - era * 146097
        yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
        doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
        mp = (5 * doy + 2) // 153
        self.day = doy - (153 * mp + 2) // 5 + 1
        self.month = mp + 3 if mp < 10 else mp - 9
        self.year = yoe + era * 400 + (self.month <= 2)
        self.days = days
        self.yday = days - days_from_civil(self.year, 1, 1)  # 0-based

    def in_range(self) -> bool:
        return YEAR_MIN <= self.year <= YEAR_MAX

    def weekday(self) -> int:
        return (self.days + 3) % 7  # Monday 0; 1970-01-01 was a Thursday

    def isocalendar(self) -> tuple[int, int]:
        """(ISO year, ISO week)."""
        week = (self.yday + 1 - (self.weekday() + 1) + 10) // 7
        if week < 1:
            return self.year - 1, _iso_weeks(self.year - 1)
        if week > _iso_weeks(self.year):
            return self.year + 1, 1
        return self.year, week


def _iso_weeks(year: int) -> int:
    def p(y: int) -> int:
        return (y + y // 4 - y // 100 + y // 400) % 7
    return 53 if p(year) == 4 or p(year - 1) == 3 else 52


def _number(c: str, d: Civil, t: float) -> int:
    wday = (d.weekday() + 1) % 7
    yday = d.yday
    values = {"d": d.day, "e": d.day, "H": d.hour, "k": d.hour, "I": (d.hour % 12) or 12,
              "l": (d.hour % 12) or 12, "m": d.month, "M": d.minute, "S": d.second, "j": yday + 1,
              "U": (yday + 7 - wday) // 7, "W": (yday + 7 - (wday + 6) % 7) // 7,
              "V": d.isocalendar()[1], "y": d.year % 100, "C": d.year // 100,
              "g": d.isocalendar()[0] % 100, "Y": d.year, "G": d.isocalendar()[0],
              "u": d.weekday() + 1, "w": wday, "s": d.epoch, "q": (d.month - 1) // 3 + 1}
    return values[c]


def _text(c: str, d: Civil, colons: int) -> str | None:
    if c == "a":
        return DAYS[d.weekday()][:3]
    if c == "A":
        return DAYS[d.weekday()]
    if c == "b":
        return MONTHS[d.month - 1][:3]
    if c == "B":
        return MONTHS[d.month - 1]
    if c == "p":
        return "AM" if d.hour < 12 else "PM"
    if c == "P":
        return "am" if d.hour < 12 else "pm"
    if c == "Z":
        return "UTC"
    if c == "z":
        return ["+0000", "+00:00", "+00:00:00", "+00"][colons]
    return {"n": "\n", "t": "\t", "%": "%"}.get(c)


def strftime(fmt: str, t: float) -> str:
    """Format epoch `t` (UTC) as GNU date does, with its -_0^# flags and widths."""
    d = Civil(t)
    out: list[str] = []
    pos = 0
    for m in _SPEC.finditer(fmt):
        out.append(fmt[pos:m.start()])
        pos = m.end()
        flags, width_s, _mod, colons, c = m.groups()
        width = int(width_s) if width_s else None
        if c in _NUM and not colons:
            n = _number(c, d, t)
            dwidth, pad = _NUM[c]
            if "-" in flags:
                text = str(n)
            else:
                pad = "0" if flags.rfind("0") > flags.rfind("_") else (" " if "_" in flags else pad)
                w = width if width is not None else dwidth
                text = str(abs(n)).rjust(w - (n < 0), pad) if pad == "0" else str(n).rjust(w, pad)
                if n < 0 and pad == "0":
                    text = "-" + text
            out.append(text)
            continue
        if c == "N" and not colons:
            frac = f"{min(999_999_999, round((t % 1) * 1e9)):09d}" if isinstance(t, float) and math.isfinite(t) else "0" * 9
            out.append(frac[: width or 9].ljust(width or 9, "0"))
            continue
        if c in _COMPOSITE and not colons:
            text = strftime(_COMPOSITE[c].replace("%+4Y", "%Y"), t)
        elif c == "z" or not colons:
            got = _text(c, d, len(colons))
            if got is None:
                out.append(m.group(0))  # unknown: GNU prints it as is
                continue
            text = got
        else:
            out.append(m.group(0))
            continue
        if "^" in flags:
            text = text.upper()
        elif "#" in flags:
            text = text.lower() if c in "pZ" else text.upper()
        if width is not None and "-" not in flags:
            text = text.rjust(width, "0" if "0" in flags else " ")
        out.append(text)
    out.append(fmt[pos:])
    return "".join(out)
