"""grep's input lines: a file's bytes at once, standard input as it comes.

Standard input is read chunk by chunk so `yes | grep -m1 y` stops at the first match.  As
GNU grep does per buffer, a chunk holding a NUL turns the input binary from there on, and
NULs then end lines too (GNU's "nul zapper": an endless /dev/zero never makes one line)."""
from __future__ import annotations

from collections.abc import Callable, Iterator

from shelldojo.shell.streams import InputStream, ReadError


class Lines:
    def __init__(self, data: bytes | InputStream, text: bool,
                 on_error: Callable[[OSError], None] | None = None) -> None:
        self.data, self.text, self.on_error = data, text, on_error
        self.binary = not text and isinstance(data, bytes) and b"\0" in data

    def __iter__(self) -> Iterator[bytes]:
        data = self.data
        if isinstance(data, bytes):
            lines = data.split(b"\n")
            if lines and lines[-1] == b"":
                lines.pop()
            yield from lines
            return
        parts: list[bytes] = []
        while True:
            try:
                chunk = data.read1(65536)
            except ReadError as exc:  # GNU grep reports it and ends this input (`grep x < /tmp`)
                if self.on_error is None:
                    raise
                self.on_error(exc)
                chunk = b""
            if not chunk:
                break
            if not self.text and b"\0" in chunk:
                self.binary = True
            if self.binary:
                chunk = chunk.replace(b"\0", b"\n")
            if b"\n" not in chunk:
                parts.append(chunk)
                continue
            parts.append(chunk)
            *full, rest = b"".join(parts).split(b"\n")
            parts = [rest] if rest else []
            yield from full
        if parts:
            yield b"".join(parts)
