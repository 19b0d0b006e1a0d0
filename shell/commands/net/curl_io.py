"""curl's output besides the body: the progress meter, -v's trace and -w's variables.

The meter's numbers are deterministic (a transfer here takes no time: the speed shown is the
size, as if it took a second).
"""
from __future__ import annotations

import json
import re

METER_HEAD = ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
              "                                 Dload  Upload   Total   Spent    Left  Speed\n")
NO_TIME = "--:--:--"
ERRORS = {1: "Unsupported protocol", 3: "URL using bad/illegal format or missing URL",
          6: "Couldn't resolve host name", 7: "Couldn't connect to server", 22: "HTTP response code said error",
          23: "Failed writing received data to disk/application", 47: "Number of redirects hit maximum amount"}
_VAR = re.compile(r"%\{([^}]*)\}|%%|\\[nrt\\]")


def max5(n: int) -> str:
    """curl's max5data: a size in at most five characters."""
    kb, mb = 1024, 1024 * 1024
    if n < 100000:
        return f"{n:5d}"
    if n < 10000 * kb:
        return f"{n // kb:4d}k"
    if n < 100 * mb:
        return f"{n // mb:2d}.{(n % mb) // (mb // 10)}M"
    return f"{n // mb:4d}M"


def meter_line(total: int, received: int) -> str:
    pct = 100 if total and received >= total else 0
    speed = received
    return (f"\r{pct:3d} {max5(total)}  {pct:3d} {max5(received)}    0     0  {max5(speed)}      0 "
            f"{NO_TIME} {NO_TIME} {NO_TIME} {max5(speed)}")


def write_out(fmt: str, values: dict[str, object]) -> tuple[str, list[str]]:
    """-w's text with %{var} filled in; the unknown variables' names (curl warns of them)."""
    unknown: list[str] = []

    def sub(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok == "%%":
            return "%"
        if tok.startswith("\\"):
            return {"\\n": "\n", "\\r": "\r", "\\t": "\t", "\\\\": "\\"}[tok]
        name = m.group(1)
        if name == "json":
            return json.dumps({k: values[k] for k in sorted(values)}, separators=(",", ":"))
        if name not in values:
            unknown.append(name)
            return ""
        value = values[name]
        return "" if value is None else str(value)

    return _VAR.sub(sub, fmt), unknown
