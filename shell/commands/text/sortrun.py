"""sort's lean engine: millions of lines sorted by C code, with few Python objects per line.

Each key of a line becomes one bytes string whose plain byte order is the key's order (numbers,
months, hashes, case folding...; a reversed key has its bytes complemented), so list.sort
compares them with memcmp.  GNU's last-resort comparison of whole lines is a first, plain sort
of the lines: list.sort is stable, so lines with equal keys keep that order.  Key functions
that run in Python check the budget every few thousand lines (time, memory, Ctrl-C); the
version order (-V) keeps the comparison function of text_sortkey.
"""
from __future__ import annotations

import functools
import hashlib
import math
import struct
from collections.abc import Callable, Iterable

from shelldojo.shell.commands.text.sortkey import _GNUM, _NUM, BLANKS, MONTHS, Key, Sorter
from shelldojo.shell.context import Context

CHUNK = 1 << 16                     # lines between two budget checks
RUN = 1 << 18                       # lines sorted per C call before the final merge
_COMPLEMENT = bytes(range(255, -1, -1))
_LEN4 = [bytes([(n // 254 ** 3) % 254 + 1, (n // 254 ** 2) % 254 + 1, (n // 254) % 254 + 1, n % 254 + 1])
         for n in range(256)]
_PRINTABLE = bytes(range(32, 127))
_ALNUM_BLANK = bytes(c for c in range(256) if (c < 128 and chr(c).isalnum()) or c in BLANKS)
_DELETE_NONPRINT = bytes(c for c in range(256) if not 32 <= c < 127)
_DELETE_NONALNUM = bytes(c for c in range(256) if c not in _ALNUM_BLANK)


def _len4(n: int) -> bytes:
    """A length as 4 bytes in 1..254, so it sorts by value and never holds 0x00 or 0xff."""
    if n < 256:
        return _LEN4[n]
    return bytes([(n // 254 ** 3) % 254 + 1, (n // 254 ** 2) % 254 + 1, (n // 254) % 254 + 1, n % 254 + 1])


def numeric_bytes(s: bytes) -> bytes:
    """-n: blanks, '-', digits, '.' and digits (C locale); anything else counts as 0."""
    m = _NUM.match(s)
    assert m is not None
    digits, frac = m.group(2).lstrip(b"0"), (m.group(3) or b"").rstrip(b"0")
    if not digits and not frac:
        return b"\x02"
    body = _len4(len(digits)) + digits + frac
    return b"\x01" + body.translate(_COMPLEMENT) + b"\xff" if m.group(1) else b"\x03" + body


def _human_bytes(s: bytes) -> bytes:
    m = _NUM.match(s)
    assert m is not None
    value = numeric_bytes(s)
    if value == b"\x02":
        return b"\x02"
    suffix = s[m.end():m.end() + 1]
    rank = 1 if suffix == b"k" else (b"KMGTPEZYRQ".index(suffix) + 1 if suffix and suffix in b"KMGTPEZYRQ" else 0)
    return (b"\x01" + bytes([254 - rank]) if value[0] == 1 else b"\x03" + bytes([rank + 1])) + value


def _general_bytes(s: bytes) -> bytes:
    """-g: not a number < NaN < numbers in order (IEEE bits made sortable)."""
    m = _GNUM.match(s)
    if not m:
        return b"\x00"
    text = m.group(1).decode()
    v = float.fromhex(text) if "x" in text.lower() else float(text)
    if math.isnan(v):
        return b"\x01"
    (bits,) = struct.unpack(">Q", struct.pack(">d", v + 0.0))
    bits = bits ^ 0xFFFFFFFFFFFFFFFF if bits >> 63 else bits | 1 << 63
    return b"\x02" + bits.to_bytes(8, "big")


def _month_bytes(s: bytes) -> bytes:
    t = s.lstrip(BLANKS)[:3].upper()
    return bytes([MONTHS.index(t) + 1 if t in MONTHS else 0])


def key_encoder(sorter: Sorter, key: Key) -> Callable[[bytes], bytes] | None:
    """The function turning a key's field into sortable bytes; None for -V (no such form)."""
    f = key.flags
    if "n" in f:
        enc = numeric_bytes
    elif "h" in f:
        enc = _human_bytes
    elif "g" in f:
        enc = _general_bytes
    elif "M" in f:
        enc = _month_bytes
    elif "V" in f:
        return None
    else:
        drop = _DELETE_NONALNUM if "d" in f else (_DELETE_NONPRINT if "i" in f else b"")
        fold, salt = "f" in f, sorter.salt if "R" in f else None

        def enc(s: bytes) -> bytes:
            if drop:
                s = s.translate(None, drop)
            if fold:
                s = s.upper()
            return hashlib.md5(salt + s).digest() if salt is not None else s
    whole = key.sword == 0 and key.schar == 0 and key.eword < 0 and "b" not in f
    field = sorter._field
    if whole:
        return enc
    return lambda line: enc(field(line, key))


def _line_key(sorter: Sorter) -> Callable[[bytes], object] | None:
    """One key per line for all of sorter.keys: bytes, each key but the last made prefix-free
    (0x00 escaped as 0x00 0xff, ended by 0x00 0x00) so the next key starts at the same place in
    both lines; a reversed key has its bytes complemented.  None for -V."""
    parts = []
    for key in sorter.keys:
        enc = key_encoder(sorter, key)
        if enc is None:
            return None
        parts.append((enc, "r" in key.flags))
    if len(parts) == 1 and not parts[0][1]:
        return parts[0][0]

    def line_key(line: bytes) -> bytes:
        out = []
        for enc, rev in parts:
            seg = enc(line).replace(b"\0", b"\0\xff") + b"\0\0"
            out.append(seg.translate(_COMPLEMENT) if rev else seg)
        return b"".join(out)
    return line_key


Mapper = Callable[[list[bytes]], Iterable[object]]


def _fast_keys(sorter: Sorter, records: list[bytes]) -> Mapper | None:
    """Keys made by C code alone for the commonest sorts of whole lines: -R (the line's hash,
    salted per run) and -n of plain integers (seq's output: their int value)."""
    if len(sorter.keys) != 1:
        return None
    key = sorter.keys[0]
    if key.sword or key.schar or key.eword >= 0 or "b" in key.flags:
        return None
    rev = "r" in key.flags
    if set(key.flags) <= {"R", "r"}:
        # floats: list.sort compares them fastest; 53 bits keep collisions of distinct lines rare
        salt = int.from_bytes(sorter.salt, "big")
        return ((lambda c: map(float.__neg__, map(float, map(salt.__xor__, map(hash, c))))) if rev
                else (lambda c: map(float, map(salt.__xor__, map(hash, c)))))
    if set(key.flags) <= {"n", "r"} and _integers_only(records):
        return (lambda c: map(int.__neg__, map(int, c))) if rev else (lambda c: map(int, c))
    return None


def _keys(ctx: Context, records: list[bytes], mapper: Mapper) -> list[object]:
    """The key of every line, computed in chunks with the budget checked (time, memory) between."""
    keys: list[object] = []
    for i in range(0, len(records), CHUNK):
        keys.extend(mapper(records[i:i + CHUNK]))
        ctx.check()
    return keys


def _plain_sort(ctx: Context, records: list[bytes], reverse: bool) -> None:
    """Byte order in runs of RUN lines (each one short C call, the budget checked between),
    then one merge of the sorted runs (timsort finds them)."""
    if len(records) > 2 * RUN:
        for i in range(0, len(records), RUN):
            records[i:i + RUN] = sorted(records[i:i + RUN], reverse=reverse)
            ctx.check()
    records.sort(reverse=reverse)


def _integers_only(records: list[bytes]) -> bool:
    """Every line is digits without a leading zero (seq's output): equal values are equal lines."""
    # digits only: the smallest line starts with "0" if any does
    return (bool(records) and all(map(bytes.isdigit, records)) and min(records)[:1] != b"0"
            and max(map(len, records)) <= 4000)


def checked_compare(ctx: Context, sorter: Sorter) -> Callable[[bytes], object]:
    """A sort key comparing lines with sorter.compare (in Python), the budget checked as it goes."""
    n = [0]

    def compare(a: bytes, b: bytes) -> int:
        n[0] += 1
        if not n[0] & (CHUNK - 1):
            ctx.check()
        return sorter.compare(a, b)
    return functools.cmp_to_key(compare)


def sort_records(ctx: Context, sorter: Sorter, records: list[bytes]) -> Callable[[bytes], object] | None:
    """Sort in place as GNU sort does; returns the line key (for -u), None if lines compare whole."""
    if not sorter.keys:
        _plain_sort(ctx, records, "r" in sorter.gflags)
        return None
    line_key = _line_key(sorter)
    if line_key is None:  # -V: compare in Python, the budget checked as it goes
        records.sort(key=checked_compare(ctx, sorter))
        return None
    fast = _fast_keys(sorter, records)
    if fast is not None:  # equal keys are equal lines (or a hash collision): no last resort
        line_key = lambda line: next(iter(fast([line])))  # for -u
    elif not (sorter.stable or sorter.unique):
        _plain_sort(ctx, records, "r" in sorter.gflags)  # equal keys then keep the lines' order
    keys = _keys(ctx, records, fast or (lambda c: map(line_key, c)))
    records.sort(key=functools.partial(next, iter(keys)))  # list.sort takes the keys in order
    del keys
    ctx.check()
    return line_key


def unique(ctx: Context, records: list[bytes], line_key: Callable[[bytes], object] | None,
           sorter: Sorter) -> list[bytes]:
    """-u: the first line of each run of equal keys (whole lines without keys)."""
    kept: list[bytes] = []
    prev: object = None
    for i, rec in enumerate(records):
        if not i & (CHUNK - 1):
            ctx.check()
        k: object = rec if not sorter.keys else (line_key(rec) if line_key else None)
        if kept and (sorter.keycmp(kept[-1], rec) == 0 if k is None else k == prev):
            continue
        kept.append(rec)
        prev = k
    return kept


def write_records(ctx: Context, records: list[bytes], delim: bytes) -> None:
    """Write the lines in chunks, freeing each chunk once written (the next command of a
    pipeline can fill its own memory meanwhile)."""
    records.reverse()
    while records:
        chunk = records[-CHUNK:]
        del records[-CHUNK:]
        chunk.reverse()
        chunk.append(b"")
        ctx.out(delim.join(chunk))
        ctx.check()
