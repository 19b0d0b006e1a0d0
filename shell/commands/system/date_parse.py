"""GNU date's -d STRING parser (a subset: ISO and US dates, times, zones, relative items,
weekdays) and the MMDDhhmm[[CC]YY][.ss] form of `date STRING`; all times are UTC epochs."""
from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta

from shelldojo.shell.commands.system.date_format import DAYS, MONTHS, to_datetime

_UNITS = {"year": "y", "month": "mo", "fortnight": "w2", "week": "w", "day": "d", "hour": "h",
          "minute": "mi", "min": "mi", "second": "s", "sec": "s"}
_WEEKDAYS = {name.lower(): i for i, name in enumerate(DAYS)}
_WEEKDAYS.update({name[:3].lower(): i for i, name in enumerate(DAYS)})
_WEEKDAYS.update({"tues": 1, "wednes": 2, "thur": 3, "thurs": 3})
_MONTHS = {name.lower(): i + 1 for i, name in enumerate(MONTHS)}
_MONTHS.update({name[:3].lower(): i + 1 for i, name in enumerate(MONTHS)})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_UNIT_RE = r"(years?|months?|fortnights?|weeks?|days?|hours?|minutes?|mins?|seconds?|secs?)"
_ORD = {"last": -1, "this": 0, "next": 1, "first": 1, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
        "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
_ORD_RE = "|".join(_ORD)
_ZONE = r"(?:\s*(utc|gmt|z|[+-]\d{2}:?\d{2}))?"

_PATTERNS = [
    ("iso", re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:t(?=\d))?")),
    ("ymd", re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")),
    ("mdy", re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?")),
    ("time", re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(am|pm|a\.m\.|p\.m\.)?" + _ZONE)),
    ("hampm", re.compile(r"(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.)" + _ZONE)),
    ("rel", re.compile(r"([+-]?)\s*(\d+)\s*" + _UNIT_RE + r"\b(\s+ago\b)?")),
    ("ordrel", re.compile(rf"({_ORD_RE})\s+" + _UNIT_RE + r"\b(\s+ago\b)?")),
    ("ordday", re.compile(rf"({_ORD_RE})\s+([a-z]+)\.?,?")),
    ("monthday", re.compile(rf"({_MONTH_RE})\.?\s+(\d{{1,2}})(?:(?:,\s*|\s+)(\d{{4}}))?\b")),
    ("daymonth", re.compile(rf"(\d{{1,2}})\s*-?\s*({_MONTH_RE})\.?(?:\s*-?\s*(\d{{4}}))?\b")),
    ("unit", re.compile(_UNIT_RE + r"\b(\s+ago\b)?")),
    ("digits", re.compile(r"(\d{8}|\d{1,4})\b")),
    ("word", re.compile(r"([a-z]+)\.?,?")),
    ("zone", re.compile(r"(utc|gmt|z|[+-]\d{2}:?\d{2})\b")),
]


class DateError(ValueError):
    pass


_EPOCH = re.compile(r"@\s*([-+]?)(\d+)(?:[.,](\d+))?")


def epoch_seconds(s: str) -> float | None:
    """GNU's `@SECONDS[.FRACTION]` (a time_t: no exponent, inf or hex); None when invalid.
    Whole seconds stay an int: a float would round times past 2**53."""
    m = _EPOCH.fullmatch(s.strip())
    if not m:
        return None
    whole = int(m[2]) * (-1 if m[1] == "-" else 1)
    if not -(1 << 63) <= whole < 1 << 63:
        return None
    if not m[3]:
        return whole
    return whole + float("0." + m[3]) * (-1 if m[1] == "-" else 1)


def _unit_add(rel: dict[str, float], unit: str, n: float) -> None:
    key = _UNITS[unit.rstrip("s") if unit.rstrip("s") in _UNITS else unit]
    if key == "w2":
        key, n = "d", n * 14
    elif key == "w":
        key, n = "d", n * 7
    rel[key] = rel.get(key, 0) + n


def parse_date(text: str, now: float) -> float:
    """GNU-style `date -d` for common inputs; raises DateError when invalid."""
    s = text.strip().lower()
    if s.startswith("@"):
        t = epoch_seconds(s)
        if t is None:
            raise DateError(text)
        return t
    date: tuple[int, int, int] | None = None
    if not s:  # GNU: the empty string is today's midnight
        cur = to_datetime(now)
        date = (cur.year, cur.month, cur.day)
    clock: tuple[int, int, int, float] | None = None
    zone = 0
    weekday: tuple[int, int] | None = None
    rel: dict[str, float] = {}
    pos = 0
    while pos < len(s):
        if s[pos] in " \t\n,":
            pos += 1
            continue
        for kind, pat in _PATTERNS:
            m = pat.match(s, pos)
            if m:
                break
        else:
            raise DateError(text)
        g = m.groups()
        if kind in ("iso", "ymd"):
            date = (int(g[0]), int(g[1]), int(g[2]))
        elif kind == "mdy":
            year = to_datetime(now).year if g[2] is None else int(g[2])
            year += 2000 if g[2] and len(g[2]) == 2 and year < 69 else 1900 if g[2] and len(g[2]) == 2 else 0
            date = (year, int(g[0]), int(g[1]))
        elif kind == "monthday":
            date = (int(g[2]) if g[2] else to_datetime(now).year, _MONTHS[g[0]], int(g[1]))
        elif kind == "daymonth":
            date = (int(g[2]) if g[2] else to_datetime(now).year, _MONTHS[g[1]], int(g[0]))
        elif kind in ("time", "hampm"):
            if kind == "hampm":
                g = (g[0], "0", None, None, g[1], g[2])
            hour, minute = int(g[0]), int(g[1])
            sec = int(g[2]) if g[2] else 0
            frac = float("0." + g[3]) if g[3] else 0.0
            if g[4]:
                if not 1 <= hour <= 12:
                    raise DateError(text)
                hour = hour % 12 + (12 if g[4].startswith("p") else 0)
            if hour > 23 or minute > 59 or sec > 59:
                raise DateError(text)
            clock = (hour, minute, sec, frac)
            if g[5]:
                zone = _zone(g[5])
        elif kind == "rel":
            n = int(g[1]) * (-1 if g[0] == "-" else 1) * (-1 if g[3] else 1)
            _unit_add(rel, g[2], n)
        elif kind == "ordrel":
            _unit_add(rel, g[1], _ORD[g[0]] * (-1 if g[2] else 1))
        elif kind == "unit":
            _unit_add(rel, g[0], -1 if g[1] else 1)
        elif kind == "ordday":
            if g[1] not in _WEEKDAYS:
                raise DateError(text)
            weekday = (_WEEKDAYS[g[1]], _ORD[g[0]])
        elif kind == "digits":
            if len(g[0]) == 8:
                date = (int(g[0][:4]), int(g[0][4:6]), int(g[0][6:]))
            elif date is not None and clock is None:
                n = int(g[0])
                if n // 100 > 23 or n % 100 > 59:
                    raise DateError(text)
                clock = (n // 100, n % 100, 0, 0.0) if len(g[0]) > 2 else (n, 0, 0, 0.0)
            elif date is not None and len(g[0]) == 4:
                date = (int(g[0]), date[1], date[2])
            else:
                raise DateError(text)
        elif kind == "word":
            word = g[0]
            if word in ("now", "today"):
                pass
            elif word == "yesterday":
                _unit_add(rel, "day", -1)
            elif word == "tomorrow":
                _unit_add(rel, "day", 1)
            elif word in _WEEKDAYS:
                weekday = (_WEEKDAYS[word], 0)
            elif word in ("utc", "gmt", "z"):
                zone = 0
            else:
                raise DateError(text)
        elif kind == "zone":
            zone = _zone(g[0])
        pos = m.end()
    return _combine(text, now, date, clock, zone, weekday, rel)


def _zone(z: str) -> int:
    if z in ("utc", "gmt", "z"):
        return 0
    digits = z[1:].replace(":", "")
    off = int(digits[:2]) * 3600 + int(digits[2:]) * 60
    return -off if z[0] == "-" else off


def _combine(text: str, now: float, date: tuple[int, int, int] | None,
             clock: tuple[int, int, int, float] | None, zone: int, weekday: tuple[int, int] | None,
             rel: dict[str, float]) -> float:
    cur = to_datetime(now)
    if date is not None:
        year, month, day = date
        if not (1 <= month <= 12 and 1 <= day <= 31) or day > calendar.monthrange(year, month)[1] \
                or not 1 <= year <= 9999:
            raise DateError(text)
    else:
        year, month, day = cur.year, cur.month, cur.day
    if clock is not None:
        hour, minute, sec, frac = clock
    elif date is not None or weekday is not None:
        hour, minute, sec, frac = 0, 0, 0, 0.0
    else:
        hour, minute, sec, frac = cur.hour, cur.minute, cur.second, now % 1
    # calendar-relative parts first, normalized like mktime (Jan 31 + 1 month = Mar 2)
    month0 = month - 1 + int(rel.get("mo", 0)) + 12 * int(rel.get("y", 0))
    year, month = year + month0 // 12, month0 % 12 + 1
    try:
        base = datetime(year, month, 1, tzinfo=UTC) + timedelta(days=day - 1 + rel.get("d", 0))
    except (OverflowError, ValueError):
        raise DateError(text) from None
    if weekday is not None:
        target, ordinal = weekday
        delta = (target - base.weekday()) % 7
        if ordinal > 0 and delta == 0:
            delta = 7
        delta += 7 * (ordinal - 1) if ordinal > 1 else (-7 if ordinal < 0 else 0)
        base += timedelta(days=delta)
    t = calendar.timegm((base.year, base.month, base.day, hour, minute, sec)) + frac - zone
    return t + rel.get("h", 0) * 3600 + rel.get("mi", 0) * 60 + rel.get("s", 0)


def posix_time(text: str, now: float) -> float:
    """MMDDhhmm[[CC]YY][.ss]."""
    m = re.fullmatch(r"(\d{2})(\d{2})(\d{2})(\d{2})(\d{2}|\d{4})?(?:\.(\d{2}))?", text)
    if not m:
        raise DateError(text)
    mo, d, h, mi, y, sec = m.groups()
    year = to_datetime(now).year if y is None else int(y) if len(y) == 4 else \
        (2000 + int(y) if int(y) < 69 else 1900 + int(y))
    return parse_date(f"{year:04d}-{mo}-{d} {h}:{mi}:{sec or '00'}", now)
