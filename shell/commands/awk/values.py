"""awk values as mawk 1.3.4 treats them: strnums, number/string conversion, truth, sprintf,
and the exceptions that carry control flow and errors through the interpreter."""
from __future__ import annotations

import math
import re
from collections.abc import Callable

NUMERIC = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")
_LEADNUM = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


class Strnum(str):
    """Input text that looks numeric: compares as a number (POSIX strnum)."""


class _Next(Exception):
    pass


class _Exit(Exception):
    pass


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Return(Exception):
    def __init__(self, value: object) -> None:
        self.value = value


class AwkError(Exception):
    pass


class AwkFatal(Exception):
    """An error mawk reports as plain 'awk: message' (exit 2)."""


def num(v: object) -> float:
    if isinstance(v, float):
        return v
    m = _LEADNUM.match(str(v))
    return float(m.group()) if m else 0.0


def fmt_num(x: float, conv: str = "%.6g") -> str:
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if math.isnan(x):
        return "nan" if math.copysign(1, x) > 0 else "-nan"
    if x == int(x) and abs(x) < 2147483648:
        return str(int(x))
    return conv % x


def to_str(v: object, conv: str = "%.6g") -> str:
    return fmt_num(v, conv) if isinstance(v, float) else str(v)


def truth(v: object) -> bool:
    if isinstance(v, float):
        return v != 0
    if isinstance(v, Strnum):
        return num(v) != 0
    return v != ""


def sprintf(fmt: str, args: list[object], need: Callable[[int], None] | None = None) -> str:
    """`need(n)` is told of a width or precision that would make a string of n bytes at once."""
    out, ai = [], 0

    def nxt() -> object:
        nonlocal ai
        v = args[ai] if ai < len(args) else ""
        ai += 1
        return v
    for m in re.finditer(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([a-zA-Z%])|[^%]+|%", fmt):
        if not m.group().startswith("%") or m.group() == "%":
            out.append(m.group())
            continue
        flags, width, prec, conv = m.group(1), m.group(2), m.group(3), m.group(4)
        if conv == "%":
            out.append("%")
            continue
        width = str(int(num(nxt()))) if width == "*" else width
        prec = str(int(num(nxt()))) if prec == "*" else prec
        spec = "%" + flags + (width or "") + ("." + prec if prec is not None else "")
        if need is not None and len(spec) > 7:  # %999999999d: the memory limit, not 1 GB of spaces
            need(max(abs(int(width or 0)), int(prec or 0) if conv not in "sc" else 0))
        v = nxt()
        if conv in "di":
            n = num(v)
            out.append((spec + "d") % (int(n) if not math.isinf(n) else 0))
        elif conv in "ouxX":
            out.append((spec + conv) % (int(num(v)) & 0xFFFFFFFFFFFFFFFF if num(v) < 0 else int(num(v))))
        elif conv in "eEfFgG":
            out.append((spec + conv) % num(v))
        elif conv == "c":
            s = chr(int(num(v)) & 0xFF) if isinstance(v, float) else to_str(v)[:1]
            out.append((spec + "s") % s)
        elif conv == "s":
            out.append((spec + "s") % to_str(v))
        else:
            out.append(m.group())
    return "".join(out)
