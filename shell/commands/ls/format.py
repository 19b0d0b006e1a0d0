"""Helpers for ls and friends: GNU's column layout, LS_COLORS, ls -l dates, touch date parsing."""
from __future__ import annotations

import calendar
import math
import re
import stat as st
import time
from typing import Any

from shelldojo.shell.commands.system.date_format import Civil

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SIX_MONTHS = 31556952 // 2


# -- dates -------------------------------------------------------------------
def ls_time(t: float, now: float | None = None) -> str:
    """'%b %e %H:%M' for the last six months, else '%b %e  %Y' (UTC, as the machine's TZ)."""
    now = time.time() if now is None else now
    tm = Civil(t)
    if not tm.in_range():  # GNU: a time localtime cannot convert shows as its seconds
        return f"{math.floor(t) if math.isfinite(t) else 0:>12}"
    mon = MONTHS[tm.month - 1]
    if now - SIX_MONTHS < t <= now + 1:
        return f"{mon} {tm.day:2d} {tm.hour:02d}:{tm.minute:02d}"
    return f"{mon} {tm.day:2d}  {tm.year}"


def full_time(t: float) -> str:
    """'2024-01-01 10:00:00.000000000 +0000' as stat and ls --full-time print it."""
    ns = round((t - int(t)) * 1e9) if isinstance(t, float) and math.isfinite(t) and t >= 0 else 0
    if ns >= 1_000_000_000:
        ns = 999_999_999
    tm = Civil(t)
    if not tm.in_range():  # GNU stat: seconds.nanoseconds when localtime fails
        return f"{math.floor(t) if math.isfinite(t) else 0}.{ns:09d}"
    return (f"{tm.year}-{tm.month:02d}-{tm.day:02d} {tm.hour:02d}:{tm.minute:02d}:{tm.second:02d}"
            f".{ns:09d} +0000")


_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
                   r"\s*(?:(Z|UTC|[+-]\d{2}:?\d{2}))?")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_AGO = re.compile(r"([+-]?\d+)?\s*(second|sec|minute|min|hour|day|week|fortnight|month|year)s?(\s+ago)?")


def _tz_offset(tz: str | None) -> int:
    if not tz or tz in ("Z", "UTC"):
        return 0
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)


def _add_months(t: float, months: int) -> float:
    tm = time.gmtime(t)
    y, m = divmod(tm.tm_mon - 1 + months, 12)
    return calendar.timegm((tm.tm_year + y, m + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec))


def parse_date(text: str, machine: Any = None, now: float | None = None) -> float | None:
    """A small GNU date -d parser (UTC): ISO dates, '@epoch', now/today/yesterday/tomorrow,
    'HH:MM', 'Mon DD YYYY', 'N days ago'.  None when not understood."""
    now = time.time() if now is None else now
    s = text.strip().lower()
    if s.startswith("@"):
        from shelldojo.shell.commands.system.date_parse import epoch_seconds
        return epoch_seconds(s)
    if s in ("", "now", "today"):
        return now
    midnight = now - now % 86400
    if s == "yesterday":
        return now - 86400
    if s == "tomorrow":
        return now + 86400
    m = _DATE.fullmatch(s.upper() if "t" in s else s)
    if m:
        y, mo, d, hh, mm, ss, tz = m.groups()
        try:
            base = calendar.timegm((int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0)))
        except (ValueError, OverflowError):
            return None
        if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31 and int(hh or 0) < 24):
            return None
        return base - _tz_offset(tz)
    m = _CLOCK.fullmatch(s)
    if m:
        return midnight + int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3] or 0)
    parts = s.split()
    if len(parts) in (2, 3) and parts[0][:3].title() in MONTHS and parts[1].isdigit():
        year = int(parts[2]) if len(parts) == 3 and parts[2].isdigit() else time.gmtime(now).tm_year
        return calendar.timegm((year, MONTHS.index(parts[0][:3].title()) + 1, int(parts[1]), 0, 0, 0))
    m = _AGO.fullmatch(s)
    if m:
        n = int(m[1] or 1) * (-1 if m[3] else 1)
        unit = m[2]
        if unit in ("month", "year"):
            return _add_months(now, n * (12 if unit == "year" else 1))
        secs = {"second": 1, "sec": 1, "minute": 60, "min": 60, "hour": 3600, "day": 86400,
                "week": 604800, "fortnight": 1209600}[unit]
        return now + n * secs
    return None


def parse_touch_stamp(text: str, now: float | None = None) -> float | None:
    """touch -t [[CC]YY]MMDDhhmm[.ss]."""
    m = re.fullmatch(r"(\d{8}|\d{10}|\d{12})(?:\.(\d{2}))?", text)
    if not m:
        return None
    digits, ss = m[1], int(m[2] or 0)
    now = time.time() if now is None else now
    if len(digits) == 12:
        year, digits = int(digits[:4]), digits[4:]
    elif len(digits) == 10:
        yy = int(digits[:2])
        year, digits = (1900 + yy if yy >= 69 else 2000 + yy), digits[2:]
    else:
        year = time.gmtime(now).tm_year
    mo, d, hh, mm = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6:8])
    if not (1 <= mo <= 12 and 1 <= d <= 31 and hh < 24 and mm < 60 and ss <= 60):
        return None
    return calendar.timegm((year, mo, d, hh, mm, ss))


# -- columns -----------------------------------------------------------------
def columns(names: list[str], widths: list[int], line_length: int, tabs: bool, across: bool = False) -> str:
    """GNU ls -C / -x layout: the most columns that fit in `line_length`."""
    n = len(names)
    if n == 0:
        return ""
    max_cols = max(1, min(n, line_length // 3))
    best_cols, best_arr = 1, [max(widths)]
    for cols in range(1, max_cols + 1):
        rows = (n + cols - 1) // cols
        arr = [3] * cols
        for i, w in enumerate(widths):
            idx = i % cols if across else i // rows
            real = w + (0 if idx == cols - 1 else 2)
            arr[idx] = max(arr[idx], real)
        if sum(arr) < line_length:
            best_cols, best_arr = cols, arr
    cols = best_cols
    rows = (n + cols - 1) // cols
    out: list[str] = []
    for r in range(rows):
        pos = 0
        line = []
        idxs = range(r * cols, min(n, r * cols + cols)) if across else range(r, n, rows)
        idxs = list(idxs)
        for k, i in enumerate(idxs):
            col = i % cols if across else i // rows
            line.append(names[i])
            if k == len(idxs) - 1:
                break
            start = pos
            pos = start + widths[i]
            target = start + best_arr[col]
            line.append(_indent(pos, target, tabs))
            pos = target
        out.append("".join(line) + "\n")
    return "".join(out)


def _indent(frm: int, to: int, tabs: bool) -> str:
    out = []
    while frm < to:
        if tabs and to // 8 > (frm + 1) // 8:
            out.append("\t")
            frm += 8 - frm % 8
        else:
            out.append(" ")
            frm += 1
    return "".join(out)


# -- colors ------------------------------------------------------------------
DEFAULT_COLORS = {"rs": "0", "di": "01;34", "ln": "01;36", "pi": "33", "so": "01;35", "bd": "01;33",
                  "cd": "01;33", "ex": "01;32", "do": "01;35", "su": "37;41", "sg": "30;43",
                  "st": "37;44", "ow": "34;42", "tw": "30;42", "mh": "00", "ca": "00"}


def parse_ls_colors(value: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """(type codes, '*.ext' codes) from $LS_COLORS, GNU's defaults when unset."""
    if value is None:
        return dict(DEFAULT_COLORS), {}
    kinds: dict[str, str] = {}
    exts: dict[str, str] = {}
    for item in value.split(":"):
        key, eq, code = item.partition("=")
        if not eq:
            continue
        if key.startswith("*"):
            exts[key[1:]] = code
        else:
            kinds[key] = code
    return kinds, exts


def color_code(name: str, mode: int, kinds: dict[str, str], exts: dict[str, str], broken: bool = False,
               nlink: int = 1) -> str:
    """The SGR code GNU ls picks for a file (empty for none)."""
    def k(key: str) -> str:
        return kinds.get(key, "")
    if st.S_ISLNK(mode):
        return (k("or") or k("ln")) if broken else k("ln")
    if st.S_ISDIR(mode):
        if mode & st.S_ISVTX and mode & 0o002 and k("tw"):
            return k("tw")
        if mode & 0o002 and k("ow"):
            return k("ow")
        if mode & st.S_ISVTX and k("st"):
            return k("st")
        return k("di")
    if st.S_ISFIFO(mode):
        return k("pi")
    if st.S_ISSOCK(mode):
        return k("so")
    if st.S_ISCHR(mode):
        return k("cd")
    if st.S_ISBLK(mode):
        return k("bd")
    if mode & st.S_ISUID and k("su"):
        return k("su")
    if mode & st.S_ISGID and k("sg"):
        return k("sg")
    if mode & 0o111 and k("ex"):
        return k("ex")
    for ext in sorted(exts, key=len, reverse=True):
        if name.endswith(ext):
            return exts[ext]
    if nlink > 1 and k("mh") not in ("", "0", "00"):
        return k("mh")
    return k("fi") if k("fi") not in ("0", "00") else ""
