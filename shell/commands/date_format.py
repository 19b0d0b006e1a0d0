"""GNU date's FORMAT: strftime with GNU's flags (-_0^#), widths and %N, %:z ... conversions.

The machine's time zone is UTC, so every time is a UTC epoch (float seconds).
"""
from __future__ import annotations

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
