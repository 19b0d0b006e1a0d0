"""An opened regular file, working on its pyfakefs node directly.

pyfakefs's own file objects resolve the path several times per open and copy the whole
file on every flush; the VFS needs neither.  Writes land in the node on flush/close
through `set_contents`, which checks the disk quota before changing anything (a full
disk keeps the old content).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Self


class NodeFile:
    def __init__(self, node: Any, *, read: bool, write: bool, append: bool, truncate: bool,
                 on_flush: Callable[[], None] | None = None) -> None:
        self.node, self.readable, self.writable, self.append = node, read, write, append
        self.on_flush = on_flush   # the VFS counts the change (a late write of a background job)
        if truncate and node.byte_contents:  # O_TRUNC happens at open: `sort f > f` reads nothing
            node.set_contents(b"")
            node.st_mtime = node.st_ctime = time.time()
        self.buf = bytearray(node.byte_contents or b"")
        self.pos = len(self.buf) if append else 0
        self.dirty = False
        self.closed = False
        self.name = node.name
        self.file_object = node  # as pyfakefs names it (commands compare files by it)

    # -- reading ---------------------------------------------------------------
    def read(self, n: int = -1) -> bytes:
        end = len(self.buf) if n is None or n < 0 else min(len(self.buf), self.pos + n)
        out = bytes(self.buf[self.pos:end])
        self.pos = max(self.pos, end)
        return out

    def read1(self, n: int = -1) -> bytes:
        return self.read(n)

    def readline(self, limit: int = -1) -> bytes:
        i = self.buf.find(b"\n", self.pos)
        end = len(self.buf) if i < 0 else i + 1
        if limit is not None and limit >= 0:
            end = min(end, self.pos + limit)
        out = bytes(self.buf[self.pos:end])
        self.pos = end
        return out

    def __iter__(self) -> NodeFile:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    # -- writing ---------------------------------------------------------------
    def write(self, data: bytes) -> int:
        if self.append:
            self.pos = len(self.buf)
        self.buf[self.pos:self.pos + len(data)] = data
        self.pos += len(data)
        self.dirty = True
        return len(data)

    def truncate(self, size: int | None = None) -> int:
        size = self.pos if size is None else size
        del self.buf[size:]
        self.dirty = True
        return size

    def flush(self) -> None:
        if self.dirty:
            self.node.set_contents(bytes(self.buf))  # raises ENOSPC before changing anything
            now = time.time()
            self.node.st_mtime = self.node.st_ctime = now
            self.dirty = False
            if self.on_flush is not None:
                self.on_flush()

    def close(self) -> None:
        if not self.closed:
            try:
                self.flush()
            finally:
                self.closed = True

    # -- position --------------------------------------------------------------
    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self.pos, 2: len(self.buf)}[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def tell(self) -> int:
        return self.pos

    def fileno(self) -> int:
        raise OSError("a machine file has no host descriptor")

    def isatty(self) -> bool:
        return False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
