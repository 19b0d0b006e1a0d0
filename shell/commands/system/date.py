"""`date`: options, output formats and the (never permitted) clock setting.

FORMAT is in date_format, the -d STRING parser in date_parse. The machine's time zone is
UTC, so every time is a UTC epoch (float seconds) read from the host clock.
"""
from __future__ import annotations

import math
import time

from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.system.date_format import Civil, strftime
from shelldojo.shell.commands.system.date_parse import DateError, parse_date, posix_time
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("date", short="d:f:I::r:Rs:u",
                  long=["date=", "file=", "iso-8601=?", "reference=", "rfc-email", "rfc-822", "rfc-2822",
                        "rfc-3339=", "set=", "utc", "universal", "debug", "resolution"],
                  help=verbatim("system/date_help"))
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
        return _show(ctx, fmt, t)
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
            t = parse_date(text, now)
        except (DateError, OverflowError, ValueError):
            ctx.error(f"invalid date {cquote(text)}")
            status = 1
            continue
        status |= _show(ctx, fmt, t)
    return status


def _show(ctx: Context, fmt: str, t: float) -> int:
    """GNU's show_date: a time whose year overflows struct tm is an error, not a date."""
    if not Civil(t).in_range():
        ctx.error(f"time {cquote(str(math.floor(t)))} is out of range")
        return 1
    ctx.out(strftime(fmt, t) + "\n")
    return 0


def _set_date(ctx: Context, setting: str | None, operand: str | None, now: float, fmt: str) -> int:
    """Setting the clock is never allowed in the sandbox (EPERM as for a normal user)."""
    text = setting if setting is not None else operand or ""
    try:
        t = parse_date(text, now) if setting is not None else posix_time(text, now)
    except (DateError, OverflowError, ValueError):
        ctx.error(f"invalid date {cquote(text)}")
        return 1
    ctx.error("cannot set date: Operation not permitted")
    ctx.out(strftime(fmt, t) + "\n")
    return 1
