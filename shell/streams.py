"""Byte streams between commands: pipes that stream, captures, files.

Commands read `ctx.stdin` and write `ctx.stdout` / `ctx.stderr`.  Writing to a pipe
whose reader has gone raises `BrokenPipe` (the command ends quietly, like SIGPIPE);
every blocking wait re-checks the budget (shell.budget) so a limit or Ctrl-C stops it.
The host terminal's streams are in shell.hoststreams.
"""
from __future__ import annotations

import errno
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import IO

from shelldojo.filesystem.credentials import machine_released
from shelldojo.shell.budget import BrokenPipe, Budget, LimitExceeded


class WriteError(OSError):
    """A write to an output failed (full disk, file size limit, /dev/full, closed fd).
    `big`: the output had gone past a 4 KiB stdio buffer, so a GNU tool meets the error
    while writing (head: "error writing 'standard output'") rather than at exit."""

    def __init__(self, code: int, big: bool = False) -> None:
        super().__init__(code, os.strerror(code))
        self.big = big
        self.signal = 0  # the signal the kernel would send instead (SIGXFSZ), if any


STDIO_BUFFER = 4096


class OutputStream:
    def write(self, data: bytes) -> None:
        raise NotImplementedError

    # an fd open for writing only (`cat 0>/dev/null`): read(2) fails with EBADF
    def read(self, n: int = -1) -> bytes:
        raise ReadError(errno.EBADF, "Bad file descriptor")

    def read1(self, n: int = 65536) -> bytes:
        return self.read(n)

    def readline(self) -> bytes:
        return self.read()

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class InputStream:
    def read(self, n: int = -1) -> bytes:
        raise NotImplementedError

    def write(self, data: bytes) -> None:
        """An fd open for reading only (`echo hi 1</etc/hostname`): write(2) fails with EBADF."""
        raise WriteError(errno.EBADF)

    def flush(self) -> None:
        pass

    def read1(self, n: int = 65536) -> bytes:
        """Up to n bytes, whatever is available now (b"" only at end of input): for streaming."""
        return self.read(n)

    def readline(self) -> bytes:
        chunks = []
        while True:
            c = self.read(1)
            if not c:
                break
            chunks.append(c)
            if c == b"\n":
                break
        return b"".join(chunks)

    def __iter__(self) -> Iterator[bytes]:
        while True:
            line = self.readline()
            if not line:
                return
            yield line

    def close(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class NullInput(InputStream):
    def read(self, n: int = -1) -> bytes:
        return b""

    def readline(self) -> bytes:
        return b""


class BytesInput(InputStream):
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def read(self, n: int = -1) -> bytes:
        end = len(self.data) if n < 0 else min(len(self.data), self.pos + n)
        out, self.pos = self.data[self.pos:end], end
        return out

    def readline(self) -> bytes:
        i = self.data.find(b"\n", self.pos)
        end = len(self.data) if i < 0 else i + 1
        out, self.pos = self.data[self.pos:end], end
        return out


class ReadError(OSError):
    """A read(2) that failed (a directory as stdin, an fd open for writing only): unlike a
    WriteError, the program reports it as its own read error (shell.interp.read_errors)."""


class DirectoryInput(NullInput):
    """A directory opened for reading (`cmd < /tmp`): open(2) succeeds and each read(2) fails
    with EISDIR, which each command reports in its own words."""

    error = ReadError(errno.EISDIR, "Is a directory")

    def read(self, n: int = -1) -> bytes:
        raise ReadError(errno.EISDIR, "Is a directory")

    def readline(self) -> bytes:
        return self.read()


class FileInput(InputStream):
    """Reads a (fake) file object opened by the VFS."""

    def __init__(self, f: IO[bytes]) -> None:
        self.f = f

    def read(self, n: int = -1) -> bytes:
        return self.f.read(n)

    def readline(self) -> bytes:
        return self.f.readline()

    def close(self) -> None:
        self.f.close()


class ZeroInput(InputStream):
    """/dev/zero and /dev/urandom: endless input."""

    def __init__(self, byte: bytes = b"\0", budget: Budget | None = None) -> None:
        self.byte, self.budget = byte, budget

    def read(self, n: int = -1) -> bytes:
        if self.budget:
            self.budget.check()
        if n < 0:
            raise LimitExceeded("reading an endless device to its end")
        return self.byte * min(n, 65536)

    def readline(self) -> bytes:
        return self.read(65536)


class BufferOutput(OutputStream):
    """Collects output in memory (command substitution, tests), bounded."""

    def __init__(self, limit: int = 1 << 62) -> None:
        self.chunks: list[bytes] = []
        self.size, self.limit = 0, limit

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise LimitExceeded("output limit exceeded")
        self.chunks.append(data)

    def getvalue(self) -> bytes:
        return b"".join(self.chunks)


class NullOutput(OutputStream):
    def write(self, data: bytes) -> None:
        pass


class FileOutput(OutputStream):
    """Writes to a (fake) file object opened by the VFS.

    Writes are gathered into large chunks: pyfakefs copies the whole file on each of its
    own flushes, so many small writes (`yes > f`) would cost quadratic time.  The file size
    limit and the disk's free space (`free()`) are checked at each write, so the command
    gets its ENOSPC/EFBIG while it writes, after what still fits was written, as from the
    kernel."""

    CHUNK = 1 << 20

    def __init__(self, f: IO[bytes], max_bytes: int = 1 << 62,
                 free: Callable[[], int] | None = None) -> None:
        self.f, self.written, self.max_bytes = f, 0, max_bytes
        self.pending: list[bytes] = []
        self.pending_size = 0
        self.free = free
        self.room = 0  # free space known to be left after the pending bytes
        self.xfsz = 0  # 25 (SIGXFSZ) when max_bytes is the shell's `ulimit -f`

    def _space(self, n: int) -> tuple[int, int]:
        """(bytes that fit of n, errno if not all fit)."""
        room, code = self.max_bytes - self.written, errno.EFBIG
        if self.free is not None and n > self.room:
            self.room = self.free() - self.pending_size
            if self.room < room:
                room, code = max(self.room, 0), errno.ENOSPC
        return (n, 0) if n <= room else (room, code)

    def write(self, data: bytes) -> None:
        fits, code = self._space(len(data))
        if code:
            data = data[:fits]
        self.written += len(data)
        self.room -= len(data)
        self.pending.append(data)
        self.pending_size += len(data)
        if code:
            self._drain()
            exc = WriteError(code, big=self.written >= STDIO_BUFFER)
            if code == errno.EFBIG:
                exc.signal = self.xfsz  # `ulimit -f`'s SIGXFSZ ends a program (write_errors.guard)
            raise exc
        if self.pending_size >= self.CHUNK:
            self._drain()
        elif getattr(self.f, "unbuffered", False):
            try:  # a /proc file answers each write (EIO, EINVAL) to the writer
                self._drain()
            except OSError as exc:
                raise WriteError(exc.errno or errno.EIO) from None

    def _drain(self) -> None:
        if self.pending:
            data = b"".join(self.pending)
            self.pending, self.pending_size = [], 0
            self.f.write(data)

    def flush(self) -> None:
        self._drain()
        self.f.flush()

    def close(self) -> None:
        try:
            self._drain()
        finally:
            self.f.close()


class PrefixedOutput(OutputStream):
    """Puts `prefix` before every line: bash's "bash: line N: " on its builtins' messages."""

    def __init__(self, inner: OutputStream, prefix: bytes) -> None:
        self.inner, self.prefix, self.at_line_start = inner, prefix, True

    def write(self, data: bytes) -> None:
        if not data:
            return
        lines = data.split(b"\n")
        out = []
        for i, line in enumerate(lines):
            if i:
                out.append(b"\n")
            if line and (self.at_line_start or i):
                out.append(self.prefix)
            out.append(line)
        self.at_line_start = data.endswith(b"\n")
        self.inner.write(b"".join(out))

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()


class QuietErrors(OutputStream):
    """A command's stderr: a message that cannot be written (/dev/full, `2>&-`) is dropped,
    as the kernel's EIO/ENOSPC is for a program that ignores it; the status stays."""

    def __init__(self, inner: OutputStream) -> None:
        self.inner = inner

    def write(self, data: bytes) -> None:
        try:
            self.inner.write(data)
        except OSError:
            pass

    def flush(self) -> None:
        try:
            self.inner.flush()
        except (OSError, ValueError):
            pass

    def isatty(self) -> bool:
        return self.inner.isatty()


def quiet(stream: OutputStream) -> OutputStream:
    return stream if isinstance(stream, QuietErrors) else QuietErrors(stream)


class Pipe:
    """A bounded in-memory pipe between two threads."""

    def __init__(self, budget: Budget, capacity: int = 64 * 1024) -> None:
        self.budget, self.capacity = budget, capacity
        self.buf: deque[bytes] = deque()
        self.size = 0
        self.writer_closed = self.reader_closed = False
        self.cond = threading.Condition()
        self.reader, self.writer = PipeReader(self), PipeWriter(self)

    def _wait(self) -> None:
        # a blocking wait: other threads may use the machines meanwhile (a pipeline stage that
        # reaches a cloud machine for the first time builds it through a Session of its own)
        # (the pipe is let go before the machine is taken back: lock order machine, then pipe)
        try:
            with machine_released():
                try:
                    self.cond.wait(0.05)
                finally:
                    self.cond.release()
        finally:
            self.cond.acquire()
        self.budget.check()


class PipeWriter(OutputStream):
    def __init__(self, pipe: Pipe) -> None:
        self.p = pipe

    def write(self, data: bytes) -> None:
        p = self.p
        with p.cond:
            while True:
                if p.reader_closed:
                    raise BrokenPipe()
                if p.size < p.capacity:
                    break
                p._wait()
            p.buf.append(bytes(data))
            p.size += len(data)
            p.cond.notify_all()

    def close(self) -> None:
        with self.p.cond:
            self.p.writer_closed = True
            self.p.cond.notify_all()


class PipeReader(InputStream):
    def __init__(self, pipe: Pipe) -> None:
        self.p = pipe
        self.pending = b""

    def _fill(self) -> bool:
        p = self.p
        with p.cond:
            while not p.buf:
                if p.writer_closed:
                    return False
                p._wait()
            self.pending += b"".join(p.buf)
            p.buf.clear()
            p.size = 0
            p.cond.notify_all()
            return True

    def read(self, n: int = -1) -> bytes:
        if n < 0:
            while self._fill():
                pass
            out, self.pending = self.pending, b""
            return out
        while len(self.pending) < n and self._fill():
            pass
        out, self.pending = self.pending[:n], self.pending[n:]
        return out

    def read1(self, n: int = 65536) -> bytes:
        if not self.pending:
            self._fill()
        out, self.pending = self.pending[:n], self.pending[n:]
        return out

    def readline(self) -> bytes:
        while b"\n" not in self.pending and self._fill():
            pass
        i = self.pending.find(b"\n")
        end = len(self.pending) if i < 0 else i + 1
        out, self.pending = self.pending[:end], self.pending[end:]
        return out

    def close(self) -> None:
        with self.p.cond:
            self.p.reader_closed = True
            self.p.buf.clear()
            self.p.cond.notify_all()
