"""Character devices of /dev as the VFS opens them: null, zero, full, random/urandom, tty."""
from __future__ import annotations

import errno
import random
from typing import Self

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
