"""The range of file times the machine's disk can hold.

Ubuntu's root file system is ext4 (256-byte inodes): its timestamps run from -2**31
(1901-12-13 20:45:52 UTC) to 0x37FFFFFFF (2446-05-10 22:38:55 UTC), and Linux silently clamps
any time set outside that range (`touch -d @99999999999`, a tar member's mtime) to its ends.
"""
from __future__ import annotations

import math

TIME_MIN = -(1 << 31)
TIME_MAX = 0x37FFFFFFF


def clamp_time(t: float) -> float:
    """t within the disk's range, as the kernel stores it (NaN, never a real time, is 0)."""
    if math.isnan(t):
        return 0
    if t < TIME_MIN:
        return TIME_MIN
    if t > TIME_MAX:
        return TIME_MAX
    return t
