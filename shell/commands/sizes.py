"""Sizes as GNU's -h / --si print them (ls, du, df): 0..1023 as they are, then 4.0K, 12K, 1.1M."""
from __future__ import annotations

import math


def human_size(n: float, base: int = 1024) -> str:
    """GNU human_readable with ceiling rounding: one decimal below 10; base 1000 (--si) writes
    a lower-case k."""
    if n < base:
        return str(int(n))
    value, power = float(n), 0
    while power < len(_UNITS) and (power == 0 or value >= base):
        value /= base
        power += 1
    if value < 10:
        v = math.ceil(value * 10) / 10
        if v < 10:
            return f"{v:.1f}{_unit(power, base)}"
        value = v
    shown = math.ceil(value)
    if shown >= base and power < len(_UNITS):  # 1023.1K rounds up to 1024K: GNU says 1.0M
        return f"1.0{_unit(power + 1, base)}"
    return f"{shown}{_unit(power, base)}"


_UNITS = "KMGTPE"


def _unit(power: int, base: int) -> str:
    u = _UNITS[power - 1]
    return "k" if u == "K" and base == 1000 else u
