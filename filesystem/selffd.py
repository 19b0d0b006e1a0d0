"""/proc/self/fd/N (and so /dev/stdin, /dev/stdout, /dev/stderr, /dev/fd/N, Ubuntu's links to
it) opening the running command's own descriptor N, as Linux's magic links do.

The descriptors live in the shell (a command's Context); while a command runs, the shell puts
a `FdSource` for it on this thread (`SelfFds.serving`).  procfs then lists those fds under
/proc/self/fd and marks each link; the VFS, following a marked link at the end of a path,
hands out `open_fd(fd, writing)` rather than the link's target.  With no source (a check, the
trainer) /proc/self/fd is the login shell's terminal as before.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Protocol


class FdSource(Protocol):
    def fds(self) -> dict[int, tuple[str | None, int]]:
        """fd -> (what /proc/self/fd/N names or None if unknown, the link's mode) for every
        open descriptor."""

    def open_fd(self, fd: int, writing: bool) -> IO[bytes]:
        """A file object on descriptor fd (closing it leaves the descriptor open)."""


class SelfFds:
    """The per-thread stack of running commands' descriptor sources (nested: `command`, xargs)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def current(self) -> FdSource | None:
        stack = getattr(self._local, "stack", None)
        return stack[-1] if stack else None

    @contextmanager
    def serving(self, source: FdSource) -> Iterator[None]:
        stack = getattr(self._local, "stack", None)
        if stack is None:
            stack = self._local.stack = []
        stack.append(source)
        try:
            yield
        finally:
            stack.pop()
