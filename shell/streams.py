"""Byte streams between commands: pipes that stream, captures, files, the host terminal.

Commands read `ctx.stdin` and write `ctx.stdout` / `ctx.stderr`.  Writing to a pipe
whose reader has gone raises `BrokenPipe` (the command ends quietly, like SIGPIPE);
every blocking wait re-checks the budget so a limit or Ctrl-C stops it.
"""
from __future__ import annotations

import errno
import os
import select
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import IO, NoReturn

from shell.memory import megabytes, resident_bytes


class BrokenPipe(Exception):
    """The reading end of a pipe is closed (SIGPIPE); status 141, no message."""


class LimitExceeded(Exception):
    """A limit of shell.limits was reached; the message says which."""


class Interrupted(Exception):
    """Ctrl-C (status 130)."""


MEMORY_SAMPLE_S = 0.02       # how often check() looks at the resident memory
NEED_CHECK_BYTES = 1 << 20   # smaller single allocations are left to the sampling


def memory_exceeded(limit: int) -> LimitExceeded:
    return LimitExceeded(f"memory limit exceeded ({megabytes(limit)} per command line)")


class WriteError(OSError):
    """A write to an output failed (full disk, file size limit, /dev/full, closed fd).
    `big`: the output had gone past a 4 KiB stdio buffer, so a GNU tool meets the error
    while writing (head: "error writing 'standard output'") rather than at exit."""

    def __init__(self, code: int, big: bool = False) -> None:
        super().__init__(code, os.strerror(code))
        self.big = big


STDIO_BUFFER = 4096


class Budget:
    """Deadline, command counter and cancellation shared by one command line."""

    def __init__(self, wall_time_s: float, max_commands: int, max_processes: int = 64,
                 memory_bytes: int = 0) -> None:
        self.deadline = time.monotonic() + wall_time_s
        self.wall_time_s = wall_time_s
        self.commands_left = max_commands
        self.cancelled: BaseException | None = None
        self.processes_left = max_processes
        self._lock = threading.Lock()
        # memory: the growth of the process's resident set since the command line began,
        # sampled at most every MEMORY_SAMPLE_S from check() (0: no memory limit)
        self.memory_bytes = memory_bytes
        self.memory_base = resident_bytes() if memory_bytes else 0
        self._next_sample = 0.0

    def spawn(self, n: int) -> None:
        """Reserve n concurrent pipeline stages; a fork bomb ends the command line."""
        with self._lock:
            if n > self.processes_left:
                self.cancelled = LimitExceeded("fork: too many processes running at once")
                raise self.cancelled
            self.processes_left -= n

    def reap(self, n: int) -> None:
        with self._lock:
            self.processes_left += n

    def check(self) -> None:
        if self.cancelled is not None:
            raise self.cancelled
        now = time.monotonic()
        if now > self.deadline:
            self.cancelled = LimitExceeded(f"time limit exceeded ({self.wall_time_s:g}s per command line)")
            raise self.cancelled
        if self.memory_bytes and now >= self._next_sample:
            self._next_sample = now + MEMORY_SAMPLE_S
            if resident_bytes() - self.memory_base > self.memory_bytes:
                self.out_of_memory()

    def out_of_memory(self) -> NoReturn:
        """End the command line with the memory limit's message (also for a MemoryError)."""
        self.cancelled = memory_exceeded(self.memory_bytes)
        raise self.cancelled

    def need(self, n: int) -> None:
        """One step is about to allocate n bytes at once (a string, a sort's input, a here-doc):
        refuse it now if it would take the command line past its memory limit."""
        if self.memory_bytes and n >= NEED_CHECK_BYTES \
                and n + max(0, resident_bytes() - self.memory_base) > self.memory_bytes:
            self.out_of_memory()

    def count(self, n: int = 1) -> None:
        self.commands_left -= n
        if self.commands_left < 0:
            self.cancelled = LimitExceeded("too many commands or loop iterations in one command line")
            raise self.cancelled
        self.check()

    def cancel(self, exc: BaseException) -> None:
        self.cancelled = exc


class OutputStream:
    def write(self, data: bytes) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class InputStream:
    def read(self, n: int = -1) -> bytes:
        raise NotImplementedError

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
            raise WriteError(code, big=self.written >= STDIO_BUFFER)
        if self.pending_size >= self.CHUNK:
            self._drain()

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
        self.cond.wait(0.05)
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
