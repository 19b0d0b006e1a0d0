"""The host terminal's streams (front ends only): the real stdout/stderr and stdin."""
from __future__ import annotations

import os
import select
from collections.abc import Callable
from typing import IO

from shelldojo.shell.budget import Budget, LimitExceeded
from shelldojo.shell.streams import InputStream, OutputStream


class HostOutput(OutputStream):
    """The real terminal's stdout/stderr (front ends only), bounded.

    Buffered for speed; `partner` (the other of stdout/stderr) is flushed before each
    write so a terminal shows both in the order they were written, as with bash."""

    def __init__(self, f: IO[bytes], limit: int = 1 << 62, tty: bool = False,
                 partner: HostOutput | None = None) -> None:
        self.f, self.size, self.limit, self.tty = f, 0, limit, tty
        self.dirty = False
        self.partner = partner
        if partner is not None:
            partner.partner = self

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise LimitExceeded("output limit exceeded")
        p = self.partner
        if p is not None and p.dirty:
            p.f.flush()
            p.dirty = False
        self.f.write(data)
        self.dirty = True

    def flush(self) -> None:
        self.f.flush()
        self.dirty = False

    def isatty(self) -> bool:
        return self.tty


class HostInput(InputStream):
    """The real standard input (front ends only: `shelldojo run -c` as `bash -c`), read as it
    comes in chunks; every wait re-checks the current command line's budget (`budget()`), so
    a limit or Ctrl-C ends a wait for input that never comes."""

    def __init__(self, fd: int, budget: Callable[[], Budget]) -> None:
        self.fd, self.budget = fd, budget
        self.pending, self.pos, self.eof = b"", 0, False

    def _next(self) -> bytes:
        """The next chunk from the host (b"" at its end), waiting in short steps."""
        if self.eof:
            return b""
        while True:
            self.budget().check()
            if select.select([self.fd], [], [], 0.05)[0]:
                break
        data = os.read(self.fd, 65536)
        self.eof = not data
        return data

    def _take(self, n: int) -> bytes:
        """n bytes of what was read (all with n < 0); the rest stays, without being copied."""
        end = len(self.pending) if n < 0 else self.pos + n
        out, self.pos = self.pending[self.pos:end], min(end, len(self.pending))
        return out

    def _gather(self, parts: list[bytes]) -> None:
        self.pending, self.pos = b"".join(parts), 0

    def read(self, n: int = -1) -> bytes:
        parts = [self.pending[self.pos:]]
        size = len(parts[0])
        while n < 0 or size < n:
            data = self._next()
            if not data:
                break
            parts.append(data)
            size += len(data)
        self._gather(parts)
        return self._take(n)

    def read1(self, n: int = 65536) -> bytes:
        if self.pos >= len(self.pending):
            self.pending, self.pos = self._next(), 0
        return self._take(n)

    def readline(self) -> bytes:
        i = self.pending.find(b"\n", self.pos)
        if i < 0:
            parts = [self.pending[self.pos:]]
            size = len(parts[0])
            while i < 0:
                data = self._next()
                if not data:
                    break
                parts.append(data)
                i = data.find(b"\n")
                size += len(data)
                if i >= 0:
                    i += size - len(data)
            self._gather(parts)
        return self._take(-1 if i < 0 else i + 1 - self.pos)

    def isatty(self) -> bool:
        return os.isatty(self.fd)
