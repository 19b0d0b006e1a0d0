"""The `time` reserved word: run a pipeline, then report its times on the shell's stderr.

As bash's time_command (execute_cmd.c): real is wall time (monotonic, so a wait at the
keyboard counts), user is the CPU time this thread spent running the pipeline, sys is 0
(the simulated machine has no kernel time).  The report follows TIMEFORMAT, interpreted as
bash's print_formatted_time does; an empty TIMEFORMAT prints nothing.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from shelldojo.shell.interp.state import BreakSignal, ContinueSignal, ExitSignal

if TYPE_CHECKING:
    from shelldojo.shell.context import Context
    from shelldojo.shell.interp.executor import Interpreter
    from shelldojo.shell.syntax import ast

POSIX_TIMEFORMAT = "real %2R\nuser %2U\nsys %2S"
BASH_TIMEFORMAT = "\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS"
_PRECS = (0, 100, 10, 1)


class BadFormat(ValueError):
    """TIMEFORMAT holds `%` followed by an unknown letter (bash prints nothing else)."""

    def __init__(self, char: str) -> None:
        super().__init__(char)
        self.char = char


def run_timed(interp: Interpreter, node: ast.Pipeline, ctx: Context,
              run: Callable[[], int]) -> int:
    """Run the pipeline with `run` and report its times.  `exit`, `break` and `continue`
    still report (bash longjmps through time_command and prints first); `return` does not."""
    real0, cpu0 = time.monotonic(), time.thread_time()
    try:
        status = run()
    except (ExitSignal, BreakSignal, ContinueSignal):
        _report(interp, node, ctx, real0, cpu0)
        raise
    _report(interp, node, ctx, real0, cpu0)
    return status


def _report(interp: Interpreter, node: ast.Pipeline, ctx: Context, real0: float, cpu0: float) -> None:
    real_us = max(0, round((time.monotonic() - real0) * 1_000_000))
    user_us = max(0, round((time.thread_time() - cpu0) * 1_000_000))
    if node.posix:
        fmt: str | None = POSIX_TIMEFORMAT
    else:
        fmt = interp.state.get("TIMEFORMAT")
        if fmt is None:
            fmt = BASH_TIMEFORMAT
    if not fmt:
        return
    try:
        text = format_times(fmt, real_us, user_us, 0)
    except BadFormat as exc:
        interp.error(ctx, f"TIMEFORMAT: `{exc.char}': invalid format character")
        return
    try:
        ctx.err(text + "\n")
    except OSError:
        pass  # stderr closed or full: bash's fprintf fails silently


def _secs(us: int) -> tuple[int, int]:
    """Seconds and thousandths, the fraction rounded as bash's timeval_to_secs does."""
    sec, frac_us = divmod(us, 1_000_000)
    frac = frac_us * 1000 // 1_000_000 + (1 if frac_us % 1000 >= 500 else 0)
    if frac >= 1000:
        sec, frac = sec + 1, frac - 1000
    return sec, frac


def _mkfmt(prec: int, lng: bool, sec: int, frac: int) -> str:
    """One `%[prec][l]X` field (bash's mkfmt): the fraction truncated to prec digits."""
    out = ""
    if lng:
        out = f"{sec // 60}m"
        sec %= 60
    out += str(sec)
    if prec:
        digits = ""
        for p in _PRECS[1:prec + 1]:
            digits += str(frac // p)
            frac %= p
        out += "." + digits
    return out + ("s" if lng else "")


def _cpu(real_us: int, busy_us: int) -> int:
    """Percent CPU times 100 (bash's timeval_to_cpu)."""
    return busy_us * 10000 // real_us if real_us else 0


def format_times(fmt: str, real_us: int, user_us: int, sys_us: int) -> str:
    """TIMEFORMAT with `%%`, `%P` and `%[p][l]R|E|U|S` replaced; BadFormat on others."""
    fields = {"R": _secs(real_us), "E": _secs(real_us), "U": _secs(user_us), "S": _secs(sys_us)}
    out: list[str] = []
    i, n = 0, len(fmt)
    while i < n:
        c = fmt[i]
        if c != "%" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        nxt = fmt[i + 1]
        if nxt == "%":
            out.append("%")
            i += 2
            continue
        if nxt == "P":
            cpu = _cpu(real_us, user_us + sys_us)
            out.append(_mkfmt(2, False, cpu // 100, (cpu % 100) * 10))
            i += 2
            continue
        i += 1
        prec, lng = 3, False
        if i < n and fmt[i].isdigit() and fmt[i].isascii():
            prec = min(3, int(fmt[i]))
            i += 1
        if i < n and fmt[i] == "l":
            lng = True
            i += 1
        letter = fmt[i] if i < n else "\0"  # bash reads the string's terminating NUL
        if letter not in fields:
            raise BadFormat(letter)
        out.append(_mkfmt(prec, lng, *fields[letter]))
        i += 1
    return "".join(out)
