"""The process's resident memory, sampled cheaply: the basis of the per-command-line memory limit.

Reads the kernel's own count of this process's resident pages (/proc/self/statm, a fixed
read-only host file, never a user path, opened once); where there is no /proc, the peak RSS
from getrusage stands in (it only grows, so the limit is then looser, never wrong the other way).
"""
from __future__ import annotations

import os
import resource
import sys

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_fd: int | None = None
_tried = False


def _statm_field(index: int) -> int | None:
    """One field of /proc/self/statm in bytes (0: address space, 1: resident), None without /proc."""
    global _fd, _tried
    if not _tried:
        _tried = True
        try:
            _fd = os.open("/proc/self/statm", os.O_RDONLY)
        except OSError:
            _fd = None
    if _fd is not None:
        try:
            return int(os.pread(_fd, 64, 0).split()[index]) * _PAGE
        except (OSError, ValueError, IndexError):
            pass
    return None


def address_space_bytes() -> int | None:
    """This process's virtual address space now, in bytes (None where /proc does not say)."""
    return _statm_field(0)


def resident_bytes() -> int:
    """This process's resident set size now, in bytes."""
    resident = _statm_field(1)
    if resident is not None:
        return resident
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _forget_parent() -> None:
    """In a forked child (the grader's workers): the inherited fd reads the parent's statm."""
    global _fd, _tried
    if _fd is not None:
        os.close(_fd)
    _fd, _tried = None, False


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_parent)


def megabytes(n: int) -> str:
    return f"{round(n / (1024 * 1024))} MB"
