"""`date`: GNU date's FORMAT (strftime with GNU flags) and a subset of its -d STRING parser.

The machine's time zone is UTC, so every time is a UTC epoch (float seconds) read
from the host clock.
"""
from __future__ import annotations

import calendar
import re
import time
from datetime import UTC, datetime, timedelta

from shell.commands.context import Context, cquote
from shell.commands.options import OptionSpec
from shell.commands.registry import command
from shell.commands.system_help import DATE_HELP

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


def _number(c: str, d: datetime, t: float) -> int:
    wday = (d.weekday() + 1) % 7
    yday = d.timetuple().tm_yday - 1
    values = {"d": d.day, "e": d.day, "H": d.hour, "k": d.hour, "I": (d.hour % 12) or 12,
              "l": (d.hour % 12) or 12, "m": d.month, "M": d.minute, "S": d.second, "j": yday + 1,
              "U": (yday + 7 - wday) // 7, "W": (yday + 7 - (wday + 6) % 7) // 7,
              "V": d.isocalendar()[1], "y": d.year % 100, "C": d.year // 100,
              "g": d.isocalendar()[0] % 100, "Y": d.year, "G": d.isocalendar()[0],
              "u": d.weekday() + 1, "w": wday, "s": int(t // 1), "q": (d.month - 1) // 3 + 1}
    return values[c]


def _text(c: str, d: datetime, colons: int) -> str | None:
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
    d = to_datetime(t)
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
            frac = f"{round((t % 1) * 1e9):09d}"[:9]
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


# ----------------------------------------------------------------------------- parsing
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
        try:
            return float(s[1:].strip())
        except ValueError:
            raise DateError(text) from None
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


# ----------------------------------------------------------------------------- the command
SPEC = OptionSpec("date", short="d:f:I::r:Rs:u",
                  long=["date=", "file=", "iso-8601=?", "reference=", "rfc-email", "rfc-822", "rfc-2822",
                        "rfc-3339=", "set=", "utc", "universal", "debug", "resolution"], help=DATE_HELP)
_ISO = {"date": "%Y-%m-%d", "hours": "%Y-%m-%dT%H%:z", "minutes": "%Y-%m-%dT%H:%M%:z",
        "seconds": "%Y-%m-%dT%H:%M:%S%:z", "ns": "%Y-%m-%dT%H:%M:%S,%N%:z"}
_RFC3339 = {"date": "%Y-%m-%d", "seconds": "%Y-%m-%d %H:%M:%S%:z", "ns": "%Y-%m-%d %H:%M:%S.%N%:z"}


def _argmatch(ctx: Context, option: str, value: str, table: dict[str, str]) -> str | None:
    """GNU argmatch: exact or unique prefix, else the 'Valid arguments' error."""
    hits = [k for k in table if k.startswith(value)] if value else []
    if value in table:
        return table[value]
    if len(hits) == 1:
        return table[hits[0]]
    what = "invalid" if not hits else "ambiguous"
    valid = "".join(f"  - {cquote(k)}\n" for k in (["hours", "minutes", "date", "seconds", "ns"]
                                                    if option == "--iso-8601" else table))
    ctx.err(f"date: {what} argument {cquote(value)} for {cquote(option)}\nValid arguments are:\n{valid}"
            "Try 'date --help' for more information.\n")
    return None


@command("date", family="system")
def date(ctx: Context, argv: list[str]) -> int:
    parsed = SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    fmt: str | None = None
    dates: list[str] = []
    datefile = reference = setting = None
    for opt, val in parsed.options:
        new_fmt = None
        if opt in ("-d", "--date"):
            dates = [val or ""]
        elif opt in ("-f", "--file"):
            datefile = val
        elif opt in ("-r", "--reference"):
            reference = val
        elif opt in ("-s", "--set"):
            setting = val
        elif opt in ("-I", "--iso-8601"):
            new_fmt = _argmatch(ctx, "--iso-8601", val, _ISO) if val else _ISO["date"]
            if new_fmt is None:
                return 1
        elif opt in ("-R", "--rfc-email", "--rfc-822", "--rfc-2822"):
            new_fmt = "%a, %d %b %Y %H:%M:%S %z"
        elif opt == "--rfc-3339":
            new_fmt = _argmatch(ctx, "--rfc-3339", val or "", _RFC3339)
            if new_fmt is None:
                return 1
        elif opt == "--resolution":
            new_fmt = "resolution"
        if new_fmt is not None:
            if fmt is not None:
                ctx.error("multiple output formats specified")
                return 1
            fmt = new_fmt
    if sum(x is not None for x in (datefile, reference, setting)) + bool(dates) > 1:
        ctx.err("date: the options to specify dates for printing are mutually exclusive\n"
                "Try 'date --help' for more information.\n")
        return 1
    operands = parsed.operands
    if operands and operands[0].startswith("+"):
        if fmt is not None:
            ctx.error("multiple output formats specified")
            return 1
        fmt, operands = operands[0][1:], operands[1:]
        if operands:
            ctx.err(f"date: extra operand {cquote(operands[0])}\n"
                    "Try 'date --help' for more information.\n")
            return 1
    if len(operands) > 1 or (operands and (dates or datefile or reference)):
        ctx.err(f"date: extra operand {cquote(operands[-1] if len(operands) > 1 else operands[0])}\n"
                "Try 'date --help' for more information.\n")
        return 1
    if fmt == "resolution":
        ctx.out("0.000000001\n")
        return 0
    fmt = fmt if fmt is not None else "%a %b %e %H:%M:%S %Z %Y"
    now = time.time()
    if operands or setting is not None:
        return _set_date(ctx, setting, operands[0] if operands else None, now, fmt)
    if reference is not None:
        try:
            t = ctx.vfs.stat(ctx.abspath(reference)).st_mtime
        except OSError as exc:
            ctx.oserror(reference, exc)
            return 1
        ctx.out(strftime(fmt, t) + "\n")
        return 0
    if datefile is not None:
        try:
            data = ctx.stdin.read() if datefile == "-" else ctx.vfs.read_bytes(ctx.abspath(datefile))
        except OSError as exc:
            ctx.oserror(datefile, exc)
            return 1
        dates = data.decode("utf-8", "surrogateescape").splitlines()
    elif not dates:
        ctx.out(strftime(fmt, now) + "\n")
        return 0
    status = 0
    for text in dates:
        ctx.check()
        try:
            ctx.out(strftime(fmt, parse_date(text, now)) + "\n")
        except (DateError, OverflowError, ValueError):
            ctx.error(f"invalid date {cquote(text)}")
            status = 1
    return status


def _set_date(ctx: Context, setting: str | None, operand: str | None, now: float, fmt: str) -> int:
    """Setting the clock is never allowed in the sandbox (EPERM as for a normal user)."""
    text = setting if setting is not None else operand or ""
    try:
        t = parse_date(text, now) if setting is not None else _posix_time(text, now)
    except (DateError, OverflowError, ValueError):
        ctx.error(f"invalid date {cquote(text)}")
        return 1
    ctx.error("cannot set date: Operation not permitted")
    ctx.out(strftime(fmt, t) + "\n")
    return 1


def _posix_time(text: str, now: float) -> float:
    """MMDDhhmm[[CC]YY][.ss]."""
    m = re.fullmatch(r"(\d{2})(\d{2})(\d{2})(\d{2})(\d{2}|\d{4})?(?:\.(\d{2}))?", text)
    if not m:
        raise DateError(text)
    mo, d, h, mi, y, sec = m.groups()
    year = to_datetime(now).year if y is None else int(y) if len(y) == 4 else \
        (2000 + int(y) if int(y) < 69 else 1900 + int(y))
    return parse_date(f"{year:04d}-{mo}-{d} {h}:{mi}:{sec or '00'}", now)
