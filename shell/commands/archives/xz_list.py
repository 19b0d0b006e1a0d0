"""xz -l: streams, blocks, sizes and check of .xz files, read from each stream's index
(the footer says where the index is; the index lists each block's sizes)."""
from __future__ import annotations

from shelldojo.shell.context import Context

_CHECKS = {0: "None", 1: "CRC32", 4: "CRC64", 10: "SHA-256"}
HEAD = "Strms  Blocks   Compressed Uncompressed  Ratio  Check   Filename\n"


def _varint(data: bytes, i: int) -> tuple[int, int]:
    n, shift = 0, 0
    while True:
        b = data[i]
        n |= (b & 0x7F) << shift
        i, shift = i + 1, shift + 7
        if not b & 0x80:
            return n, i


def _info(data: bytes) -> tuple[int, int, int, str] | None:
    """(streams, blocks, uncompressed size, check) of one single-stream file, None if not .xz."""
    if len(data) < 32 or not data.startswith(b"\xfd7zXZ\x00") or data[-2:] != b"YZ":
        return None
    backward = (int.from_bytes(data[-8:-4], "little") + 1) * 4
    index = data[-12 - backward:-12]
    if not index or index[0] != 0:
        return None
    count, i = _varint(index, 1)
    plain = 0
    for _ in range(count):
        _unpadded, i = _varint(index, i)
        size, i = _varint(index, i)
        plain += size
    return 1, count, plain, _CHECKS.get(data[7] & 0x0F, "Unknown-" + str(data[7] & 0x0F))


def _size(n: int) -> str:
    return f"{n:,} B" if n < 1024 else f"{n / 1024:,.1f} KiB" if n < 1024 * 1024 else f"{n / 1048576:,.1f} MiB"


def _ratio(packed: int, plain: int) -> str:
    return "---" if plain == 0 or packed / plain > 9.999 else f"{packed / plain:.3f}"


def _row(streams: int, blocks: int, packed: int, plain: int, check: str, name: str) -> str:
    return f"{streams:5d} {blocks:7d} {_size(packed):>12} {_size(plain):>12} {_ratio(packed, plain):>6}  {check:<7} {name}\n"


def xz_list(ctx: Context, prog: str, files: list[str]) -> int:
    if not files or "-" in files:
        ctx.err(f"{prog}: --list does not support reading from standard input\n")
        return 1
    rows, total = [], [0, 0, 0, 0]
    for name in files:
        try:
            data = ctx.vfs.read_bytes(ctx.abspath(name))
        except OSError as exc:
            ctx.err(f"{prog}: {name}: {exc.strerror}\n")
            return 1
        info = _info(data)
        if info is None:
            why = "Too small to be a valid .xz file" if len(data) < 32 else "File format not recognized"
            ctx.err(f"{prog}: {name}: {why}\n")
            return 1
        streams, blocks, plain, check = info
        rows.append(_row(streams, blocks, len(data), plain, check, name))
        total = [total[0] + streams, total[1] + blocks, total[2] + len(data), total[3] + plain]
        last_check = check
    ctx.out(HEAD + "".join(rows))
    if len(files) > 1:
        ctx.out("-" * 79 + "\n" + _row(*total, last_check, f"{len(files)} files"))
    return 0
