"""Character devices of /dev as the VFS opens them: null, zero, full, random/urandom, tty;
and /dev/fd/N while a process substitution's pipe is open."""
from __future__ import annotations

import errno
import random
import stat
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Self

from shelldojo.filesystem.errors import oserror


class DeviceFile:
    """An opened character device: null, zero, full, random/urandom, tty (none here)."""

    def __init__(self, name: str) -> None:
        if name == "tty":
            raise oserror(errno.ENXIO, "/dev/tty")
        self.name = name

    def read(self, n: int = -1) -> bytes:
        if self.name == "null":
            return b""
        if n < 0:
            raise oserror(errno.ENOMEM, f"/dev/{self.name}")  # an endless device read to its end
        if self.name in ("random", "urandom"):
            return random.randbytes(n)
        return b"\0" * n

    def readline(self) -> bytes:
        return self.read(4096)

    def write(self, data: bytes) -> int:
        if self.name == "full":
            raise oserror(errno.ENOSPC, "/dev/full")
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


# -- /dev/fd/N of a process substitution ------------------------------------------------------
class FdPipe:
    """The pipe behind one `<(list)` / `>(list)` while its command runs, named /dev/fd/N.

    For `<(...)` (reading) `data` holds the list's whole output (made up front, bounded by the
    shell); readers consume it as a pipe's: what one reader took, the next does not see.  For
    `>(...)` what writers put is kept (up to `limit` bytes) and handed to `on_done` once the
    name is closed and every opened writer has closed too, as the reader of a pipe sees EOF."""

    def __init__(self, fd: int, reading: bool, data: bytes = b"", limit: int = 1 << 30,
                 on_done: Callable[[bytes], None] | None = None, ino: int = 0) -> None:
        self.fd, self.reading, self.limit, self.on_done = fd, reading, limit, on_done
        self.buf = bytearray(data)
        self.ino = ino
        self.on_full: Callable[[], None] | None = None
        self.refs = 1          # the name itself; each open adds one
        self.done = False
        self.made = time.time()

    def open(self) -> PipeEnd:
        self.refs += 1
        return PipeEnd(self)

    def release(self) -> None:
        self.refs -= 1
        if self.refs <= 0 and not self.done:
            self.done = True
            if self.on_done is not None:
                data, self.buf = bytes(self.buf), bytearray()
                self.on_done(data)


class PipeEnd:
    """An opened /dev/fd/N: reads take from the pipe's buffer, writes add to it."""

    def __init__(self, pipe: FdPipe) -> None:
        self.pipe = pipe
        self.closed = False

    def read(self, n: int | None = -1) -> bytes:
        buf = self.pipe.buf if self.pipe.reading else bytearray()
        if n is None or n < 0:
            n = len(buf)
        out = bytes(buf[:n])
        del buf[:n]
        return out

    read1 = read

    def readline(self, limit: int | None = -1) -> bytes:
        buf = self.pipe.buf if self.pipe.reading else bytearray()
        nl = buf.find(b"\n")
        end = len(buf) if nl < 0 else nl + 1
        if limit is not None and limit >= 0:
            end = min(end, limit)
        return self.read(end)

    def __iter__(self) -> Iterator[bytes]:
        while True:
            line = self.readline()
            if not line:
                return
            yield line

    def write(self, data: bytes) -> int:
        pipe = self.pipe
        if pipe.reading or pipe.done:
            raise oserror(errno.EBADF, f"/dev/fd/{pipe.fd}")
        if len(pipe.buf) + len(data) > pipe.limit:
            if pipe.on_full is not None:
                pipe.on_full()  # the shell's own limit (it raises)
            raise oserror(errno.EPIPE, f"/dev/fd/{pipe.fd}")  # the reader stopped taking it
        pipe.buf += data
        return len(data)

    def readable(self) -> bool:
        return self.pipe.reading

    def writable(self) -> bool:
        return not self.pipe.reading

    def seekable(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "no host descriptor")

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.pipe.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class FdTable:
    """The machine's open process-substitution pipes by N; the newest with a number wins
    (an inner shell's /dev/fd/63 while the outer one's is made)."""

    def __init__(self) -> None:
        self.pipes: dict[int, list[FdPipe]] = {}
        self.lock = threading.Lock()

    def add(self, pipe: FdPipe) -> None:
        with self.lock:
            self.pipes.setdefault(pipe.fd, []).append(pipe)

    def remove(self, pipe: FdPipe) -> None:
        with self.lock:
            stack = self.pipes.get(pipe.fd, [])
            if pipe in stack:
                stack.remove(pipe)
            if not stack:
                self.pipes.pop(pipe.fd, None)
        pipe.release()

    def get(self, fd: int) -> FdPipe | None:
        stack = self.pipes.get(fd)
        return stack[-1] if stack else None


def fd_node(table: FdTable, path: str, follow: bool, fs: Any, uid: int, gid: int) -> Any:
    """The node of /dev/fd/N when N is an open pipe: a link `pipe:[INO]` (lr-x or l-wx as the
    kernel shows it) or, followed, the fifo itself; None otherwise."""
    name, _, rest = path[8:].partition("/")
    if not table.pipes or not name.isdigit() or not name.isascii():
        return None
    pipe = table.get(int(name))
    if pipe is None:
        return None
    if rest or path.endswith("/"):
        raise oserror(errno.ENOTDIR, path)  # a pipe is no directory
    from pyfakefs.fake_file import FakeFile
    if follow:
        node = FakeFile(name, stat.S_IFIFO | 0o600, b"", filesystem=fs)
        node.open_node = lambda writing: pipe.open()  # VFS.open hands this out
        node.st_size = 0
    else:
        node = FakeFile(name, stat.S_IFLNK | (0o500 if pipe.reading else 0o300), f"pipe:[{pipe.ino}]",
                        filesystem=fs)
        node.st_size = 64
    sr = node.stat_result
    sr.st_uid, sr.st_gid, sr.st_ino, sr.st_nlink = uid, gid, pipe.ino, 1
    sr.st_mtime = sr.st_atime = sr.st_ctime = pipe.made
    node.fd_pipe = pipe
    return node


def fd_file_node(link: Any, rest: list[str], path: str) -> Any:
    """/proc/self/fd/N followed (a magic link, `link.self_fd` set by procfs): a node whose
    opening gives the running command's descriptor N, not the file its target names."""
    if rest:  # `/dev/stdin/x`, `/dev/stdin/`: the descriptor is no directory
        raise oserror(errno.ENOTDIR, path)
    from pyfakefs.fake_file import FakeFile
    fd, source = link.self_fd
    node = FakeFile(str(fd), stat.S_IFIFO | 0o600, b"", filesystem=link.filesystem)
    node.open_node = lambda writing: source.open_fd(fd, writing)  # VFS.open hands this out
    node.st_size = 0
    sr, lsr = node.stat_result, link.stat_result
    sr.st_uid, sr.st_gid, sr.st_ino, sr.st_nlink = lsr.st_uid, lsr.st_gid, lsr.st_ino, 1
    sr.st_mtime = sr.st_atime = sr.st_ctime = lsr.st_mtime
    return node
