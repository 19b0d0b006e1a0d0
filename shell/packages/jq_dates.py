"""jq 1.6's date builtins (UTC only, as jq's gmtime/timegm): now, gmtime, mktime, strftime,
strptime, todate, fromdate and their iso8601 names. Broken-down times are jq's arrays:
[year, month (0-11), day, hours, minutes, seconds, weekday, day of the year (0-365)]."""
from __future__ import annotations

import calendar
import math
import time
from typing import Any

from shelldojo.shell.packages.jq_builtins import simple, with_args
from shelldojo.shell.packages.jq_lex import JqError

_ISO = "%Y-%m-%dT%H:%M:%SZ"


def _gmtime(v: Any) -> list:
    if not isinstance(v, float):
        raise JqError("gmtime() requires a number")
    whole = math.floor(v)
    t = time.gmtime(whole)
    return [float(t.tm_year), float(t.tm_mon - 1), float(t.tm_mday), float(t.tm_hour), float(t.tm_min),
            float(t.tm_sec) + (v - whole), float((t.tm_wday + 1) % 7), float(t.tm_yday - 1)]


def _struct(v: Any, who: str) -> time.struct_time:
    if isinstance(v, float):
        v = _gmtime(v)
    if not isinstance(v, list) or len(v) < 6 or not all(isinstance(x, float) for x in v):
        raise JqError(f"{who} requires parsed datetime inputs")
    year, mon, day, hour, minute, sec = (int(x) for x in v[:6])
    wday = int(v[6]) if len(v) > 6 else 0
    yday = int(v[7]) if len(v) > 7 else 0
    return time.struct_time((year, mon + 1, day, hour, minute, sec, (wday - 1) % 7, yday + 1, 0))


def _mktime(v: Any) -> float:
    if not isinstance(v, list) or len(v) < 6 or not all(isinstance(x, float) for x in v):
        raise JqError("mktime requires parsed datetime inputs")
    return float(calendar.timegm(_struct(v, "mktime")))


def _strftime(v: Any, fmt: Any) -> str:
    if not isinstance(fmt, str):
        raise JqError("strftime/1 requires a string format")
    return time.strftime(fmt, _struct(v, "strftime/1"))


def _strptime(v: Any, fmt: Any) -> list:
    if not isinstance(v, str) or not isinstance(fmt, str):
        raise JqError("strptime/1 requires string inputs and arguments")
    try:
        t = time.strptime(v, fmt)
    except ValueError:
        raise JqError(f'date "{v}" does not match format "{fmt}"') from None
    return _gmtime(float(calendar.timegm(t)))


@simple("now")
def _now(v: Any) -> float:
    return time.time()


simple("gmtime")(_gmtime)
simple("mktime")(_mktime)
with_args("strftime", 1)(_strftime)
with_args("strptime", 1)(_strptime)
for _name in ("todate", "todateiso8601"):
    simple(_name)(lambda v: _strftime(v, _ISO))
for _name in ("fromdate", "fromdateiso8601"):
    simple(_name)(lambda v: _mktime(_strptime(v, _ISO)))

