"""The running command's descriptors as /proc/self/fd/N shows and opens them (filesystem/selffd.py):
so every command that opens a file operand reads `/dev/stdin`, writes `/dev/stderr`, reads
`/dev/fd/3` of `3<file` as on Linux, through the one VFS open path."""
from __future__ import annotations

import errno
from collections.abc import Iterator
from typing import TYPE_CHECKING, Self

from shelldojo.filesystem.errors import oserror
from shelldojo.shell.interp.redirect import ClosedStream, ReadWriteFile, Stream, fd_table
from shelldojo.shell.streams import InputStream, NullInput, NullOutput, PipeReader, PipeWriter

if TYPE_CHECKING:
    from shelldojo.shell.context import Context


class FdFile:
    """A file object on one of the command's streams; closing it leaves the stream open (it
    is another open of the same descriptor)."""

    def __init__(self, stream: Stream) -> None:
        self.stream = stream
        self.closed = False

    def read(self, n: int | None = -1) -> bytes:
        return self.stream.read(-1 if n is None else n)

    def read1(self, n: int = 65536) -> bytes:
        return self.stream.read1(n)

    def readline(self, limit: int | None = -1) -> bytes:
        return self.stream.readline()

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line

    def write(self, data: bytes) -> int:
        self.stream.write(bytes(data))
        return len(data)

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def flush(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.stream.flush()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class CommandFds:
    """One command's descriptor table (its Context) as an `FdSource`."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def fds(self) -> dict[int, tuple[str | None, int]]:
        out: dict[int, tuple[str | None, int]] = {}
        for fd, stream in sorted(fd_table(self.ctx).items()):
            if not isinstance(stream, ClosedStream):
                out[fd] = (_target(stream), _mode(stream))
        return out

    def open_fd(self, fd: int, writing: bool) -> FdFile:
        stream = fd_table(self.ctx).get(fd)
        if stream is None or isinstance(stream, ClosedStream):
            raise oserror(errno.ENOENT, f"/proc/self/fd/{fd}")
        return FdFile(stream)


def _mode(stream: Stream) -> int:
    """The link's mode as the kernel shows an fd: lr-x read, l-wx write, lrwx both."""
    if isinstance(stream, ReadWriteFile):
        return 0o700
    return 0o500 if isinstance(stream, InputStream) else 0o300


def _target(stream: Stream) -> str | None:
    """What readlink /proc/self/fd/N says: the file's path, /dev/null, the terminal, a pipe;
    None for the session's own streams (procfs names them as for any process)."""
    if isinstance(stream, (NullInput, NullOutput)) and type(stream) in (NullInput, NullOutput):
        return "/dev/null"
    if stream.isatty():
        return "/dev/pts/0"
    node = getattr(getattr(stream, "f", None), "file_object", None)
    path = getattr(node, "path", None)
    if isinstance(path, str) and path.startswith("/"):
        return path
    if isinstance(stream, (PipeReader, PipeWriter)):
        return f"pipe:[{40000 + (id(stream.p) >> 4) % 60000}]"
    return None
