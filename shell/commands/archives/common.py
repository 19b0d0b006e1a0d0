"""What tar, gzip, bzip2 and xz share: the three codecs of the standard library, streamed.

Every byte stays on the virtual disk: sources are VFS file objects or the command's stdin,
sinks are `FileOutput`s over VFS files (the file-size limit and the disk's free space are
checked at each write, so a decompression bomb ends with ENOSPC/EFBIG after what fits) or
the command's stdout.  Nothing is read whole: data moves in CHUNK-sized pieces, and each
piece re-checks the time budget.
"""
from __future__ import annotations

import bz2
import gzip
import lzma
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from shelldojo.shell.context import Context
from shelldojo.shell.streams import FileOutput

CHUNK = 64 * 1024

# what the codecs raise on damaged data (besides OSError, which gzip/bz2/lzma also use)
DAMAGED = (EOFError, zlib.error, lzma.LZMAError, ValueError, gzip.BadGzipFile)


class StdinReader:
    """ctx.stdin as a binary file object (read only), for the codecs and tarfile."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def read(self, n: int = -1) -> bytes:
        self.ctx.check()
        if n is None or n < 0:
            chunks = []
            while chunk := self.ctx.stdin.read(CHUNK):
                self.ctx.check()
                chunks.append(chunk)
            return b"".join(chunks)
        out = bytearray()
        while len(out) < n:  # tarfile wants exactly n bytes unless the input ends
            chunk = self.ctx.stdin.read(n - len(out))
            if not chunk:
                break
            out += chunk
        return bytes(out)


class StdoutWriter:
    """ctx.stdout as a binary file object (write only)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def write(self, data: bytes) -> int:
        self.ctx.stdout.write(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def output_file(ctx: Context, path: str) -> FileOutput:
    """A new (truncated) file on the virtual disk, bounded like a `>` redirection."""
    f = ctx.vfs.open(path, "wb")
    return FileOutput(f, ctx.machine.limits.max_file_bytes, free=lambda: ctx.vfs.disk_usage().free)


def copy(ctx: Context, read: Callable[[int], bytes], write: Callable[[bytes], Any]) -> int:
    """Move everything from read to write in chunks; the number of bytes moved."""
    total = 0
    while True:
        ctx.check()
        chunk = read(CHUNK)
        if not chunk:
            return total
        write(chunk)
        total += len(chunk)


@dataclass(frozen=True)
class Codec:
    """One compression format: how to open a decompressing reader and a compressing writer."""

    name: str                 # the tool: gzip, bzip2, xz
    suffix: str               # .gz, .bz2, .xz
    magic: bytes

    def reader(self, src: IO[bytes]) -> IO[bytes]:
        if self.name == "gzip":
            return gzip.GzipFile(fileobj=src, mode="rb")  # type: ignore[return-value]
        if self.name == "bzip2":
            return bz2.BZ2File(src, "rb")  # type: ignore[return-value]
        return lzma.LZMAFile(src, "rb")  # type: ignore[return-value]

    def writer(self, dst: Any, level: int, *, name: str = "", mtime: float = 0, extreme: bool = False
               ) -> IO[bytes]:
        if self.name == "gzip":  # gzip -n: neither name nor time in the header (deterministic bytes)
            return gzip.GzipFile(filename=name, fileobj=_UnixHeader(dst), mode="wb", compresslevel=level,  # type: ignore[return-value]
                                 mtime=int(mtime))
        if self.name == "bzip2":
            return bz2.BZ2File(dst, "wb", compresslevel=level)  # type: ignore[return-value]
        preset = level | (lzma.PRESET_EXTREME if extreme else 0)
        return lzma.LZMAFile(dst, "wb", preset=preset, check=lzma.CHECK_CRC64)  # type: ignore[return-value]


class _UnixHeader:
    """Python's gzip writes OS 255 (unknown) in byte 9 of the header; gzip on Linux writes 3."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.n = inner, 0

    def write(self, data: bytes) -> int:
        data = bytes(data)
        if self.n <= 9 < self.n + len(data):
            i = 9 - self.n
            data = data[:i] + b"\x03" + data[i + 1:]
        self.n += len(data)
        self.inner.write(data)
        return len(data)

    def flush(self) -> None:
        pass


GZIP = Codec("gzip", ".gz", b"\x1f\x8b")
BZIP2 = Codec("bzip2", ".bz2", b"BZh")
XZ = Codec("xz", ".xz", b"\xfd7zXZ\x00")
CODECS = {"gzip": GZIP, "bzip2": BZIP2, "xz": XZ}


def sniff(head: bytes) -> Codec | None:
    """The codec whose magic number starts `head` (tar -x without z/j/J, as GNU tar does)."""
    for codec in CODECS.values():
        if head.startswith(codec.magic):
            return codec
    return None


class Prefixed:
    """A reader that gives back the bytes already peeked at, then the rest of `src`."""

    def __init__(self, head: bytes, src: Any) -> None:
        self.head, self.src = head, src

    def read(self, n: int = -1) -> bytes:
        if not self.head:
            return self.src.read(n)  # type: ignore[no-any-return]
        if n is None or n < 0:
            out, self.head = self.head + self.src.read(), b""
            return out  # type: ignore[no-any-return]
        out, self.head = self.head[:n], self.head[n:]
        if len(out) < n:
            out += self.src.read(n - len(out))
        return out  # type: ignore[no-any-return]
