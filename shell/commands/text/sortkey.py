"""sort's keys and comparisons: field positions, -n -h -g -M -V -R orderings (GNU coreutils 9.1)."""
from __future__ import annotations

import hashlib
import math
import random
import re
from dataclasses import dataclass
from decimal import Decimal

BLANKS = b" \t"
MONTHS = [b"JAN", b"FEB", b"MAR", b"APR", b"MAY", b"JUN", b"JUL", b"AUG", b"SEP", b"OCT", b"NOV", b"DEC"]


@dataclass
class Key:
    sword: int = 0
    schar: int = 0
    eword: int = -1          # -1: to the end of the line (0-based field otherwise)
    echar: int = 0           # 0: to the end of field eword
    flags: str = ""          # ordering flags: b (start), B (end blanks), d f g h i M n R r V


class SortError(Exception):
    pass


def parse_key(spec: str) -> Key:
    def bad(msg: str) -> SortError:
        return SortError(f"{msg}: invalid field specification \u2018{spec}\u2019")

    def count(s: str, msg: str) -> tuple[int, str]:
        m = re.match(r"\d+", s)
        if not m:
            raise SortError(f"{msg}: invalid count at start of \u2018{s}\u2019")
        return int(m.group()), s[m.end():]

    key = Key()
    n, rest = count(spec, "invalid number at field start")
    if n == 0:
        raise bad("field number is zero")
    key.sword = n - 1
    if rest.startswith("."):
        n, rest = count(rest[1:], "invalid number after '.'")
        if n == 0:
            raise bad("character offset is zero")
        key.schar = n - 1
    flags = re.match(r"[bdfghiMnRrV]*", rest).group()  # type: ignore[union-attr]
    key.flags, rest = flags, rest[len(flags):]
    if rest.startswith(","):
        n, rest = count(rest[1:], "invalid number after ','")
        if n == 0:
            raise bad("field number is zero")
        key.eword = n - 1
        if rest.startswith("."):
            key.echar, rest = count(rest[1:], "invalid number after '.'")
        flags = re.match(r"[bdfghiMnRrV]*", rest).group()  # type: ignore[union-attr]
        key.flags += flags.replace("b", "B")
        rest = rest[len(flags):]
    if rest:
        raise bad("stray character in field spec")
    return key


def _begfield(line: bytes, key: Key, tab: bytes | None) -> int:
    ptr, lim, sword = 0, len(line), key.sword
    if tab is not None:
        while ptr < lim and sword:
            sword -= 1
            i = line.find(tab, ptr)
            ptr = lim if i < 0 else i + 1
    else:
        while ptr < lim and sword:
            sword -= 1
            while ptr < lim and line[ptr] in BLANKS:
                ptr += 1
            while ptr < lim and line[ptr] not in BLANKS:
                ptr += 1
    if "b" in key.flags:
        while ptr < lim and line[ptr] in BLANKS:
            ptr += 1
    return min(lim, ptr + key.schar)


def _limfield(line: bytes, key: Key, tab: bytes | None) -> int:
    ptr, lim = 0, len(line)
    if key.eword < 0:
        return lim
    eword, echar = key.eword, key.echar
    if echar == 0:
        eword += 1
    if tab is not None:
        while ptr < lim and eword:
            eword -= 1
            i = line.find(tab, ptr)
            ptr = lim if i < 0 else i
            if ptr < lim and (eword or echar):
                ptr += 1
    else:
        while ptr < lim and eword:
            eword -= 1
            while ptr < lim and line[ptr] in BLANKS:
                ptr += 1
            while ptr < lim and line[ptr] not in BLANKS:
                ptr += 1
    if echar:
        if "B" in key.flags:
            while ptr < lim and line[ptr] in BLANKS:
                ptr += 1
        ptr = min(lim, ptr + echar)
    return ptr


_NUM = re.compile(rb"[ \t]*(-?)(\d*)(?:\.(\d*))?")
_GNUM = re.compile(rb"[ \t\n\v\f\r]*([+-]?(?:inf(?:inity)?|nan|0x(?:[0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)"
                   rb"(?:p[+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?))", re.IGNORECASE)


def _numeric(s: bytes) -> Decimal:
    m = _NUM.match(s)
    assert m is not None
    digits, frac = m.group(2), m.group(3) or b""
    if not digits and not frac:
        return Decimal(0)
    return Decimal(f"{m.group(1).decode()}{digits.decode() or '0'}.{frac.decode() or '0'}")


def _human(s: bytes) -> tuple[int, int, Decimal]:
    m = _NUM.match(s)
    assert m is not None
    value = _numeric(s)
    suffix = s[m.end():m.end() + 1]
    rank = b"kKMGTPEZYRQ".find(suffix) if suffix else -1
    rank = max(rank, 0) if rank >= 0 else 0
    if suffix == b"k":
        rank = 1
    elif suffix and suffix in b"KMGTPEZYRQ":
        rank = b"KMGTPEZYRQ".index(suffix) + 1
    sign = -1 if value < 0 else (1 if value > 0 else 0)
    return sign, sign * rank, value


def _general(s: bytes) -> tuple[int, float]:
    m = _GNUM.match(s)
    if not m:
        return 0, 0.0
    text = m.group(1).decode()
    v = float.fromhex(text) if "x" in text.lower() else float(text)
    return (1, 0.0) if math.isnan(v) else (2, v)


def _month(s: bytes) -> int:
    t = s.lstrip(BLANKS)[:3].upper()
    return MONTHS.index(t) + 1 if t in MONTHS else 0


def _verkey(s: bytes) -> list[tuple[int, ...]]:
    """Debian-style version ordering (GNU filevercmp's core)."""
    out: list[tuple[int, ...]] = []
    for m in re.finditer(rb"(\D*)(\d*)", s):
        if not m.group(0):
            continue
        text = [(-1 if c == 0x7E else (c if chr(c).isalpha() else c + 256)) for c in m.group(1)]
        out.append((*text, 0, int(m.group(2) or b"0")))
    return out


def _filevercmp(a: bytes, b: bytes) -> int:
    if a == b:
        return 0
    for special in (b"", b".", b".."):
        if a == special or b == special:
            return -1 if a == special else 1
    if a.startswith(b".") != b.startswith(b"."):
        return -1 if a.startswith(b".") else 1
    suf = re.compile(rb"(?:\.[A-Za-z~][A-Za-z0-9~]*)*$")
    ap, bp = a[:suf.search(a).start()], b[:suf.search(b).start()]  # type: ignore[union-attr]
    ka, kb = _verkey(ap), _verkey(bp)
    if ka == kb:
        ka, kb = _verkey(a), _verkey(b)
    if ka == kb:
        return (a > b) - (a < b)
    return -1 if ka < kb else 1


class Sorter:
    def __init__(self, keys: list[Key], gflags: str, tab: bytes | None, stable: bool, unique: bool) -> None:
        self.tab, self.stable, self.unique, self.gflags = tab, stable, unique, gflags
        self.salt = random.randbytes(8)
        for key in keys:
            if not (set(key.flags) - {"b", "B"}) and not ("b" in key.flags or "B" in key.flags):
                key.flags = gflags.replace("b", "bB")
        if not keys and set(gflags) - {"r"}:
            keys = [Key(flags=gflags.replace("b", "bB"))]
        self.keys = keys

    def _field(self, line: bytes, key: Key) -> bytes:
        if key.sword == 0 and key.schar == 0 and key.eword < 0:
            beg = 0
            if "b" in key.flags:
                beg = len(line) - len(line.lstrip(BLANKS))
            return line[beg:]
        beg, lim = _begfield(line, key, self.tab), _limfield(line, key, self.tab)
        return line[beg:lim] if lim > beg else b""

    def _cmp_key(self, a: bytes, b: bytes, f: str) -> int:
        if "n" in f:
            x, y = _numeric(a), _numeric(b)
        elif "h" in f:
            x, y = _human(a), _human(b)  # type: ignore[assignment]
        elif "g" in f:
            x, y = _general(a), _general(b)  # type: ignore[assignment]
        elif "M" in f:
            x, y = _month(a), _month(b)  # type: ignore[assignment]
        elif "V" in f:
            return _filevercmp(a, b)
        else:
            if "d" in f:
                a, b = bytes(c for c in a if (c < 128 and chr(c).isalnum()) or c in BLANKS), \
                    bytes(c for c in b if (c < 128 and chr(c).isalnum()) or c in BLANKS)
            elif "i" in f:
                a, b = bytes(c for c in a if 32 <= c < 127), bytes(c for c in b if 32 <= c < 127)
            if "f" in f:
                a, b = a.upper(), b.upper()
            if "R" in f:
                x, y = hashlib.md5(self.salt + a).digest(), hashlib.md5(self.salt + b).digest()
                if x != y:
                    return -1 if x < y else 1
            return (a > b) - (a < b)
        return (x > y) - (x < y)  # type: ignore[operator]

    def keycmp(self, a: bytes, b: bytes) -> int:
        for key in self.keys:
            c = self._cmp_key(self._field(a, key), self._field(b, key), key.flags)
            if c:
                return -c if "r" in key.flags else c
        return 0

    def compare(self, a: bytes, b: bytes) -> int:
        if self.keys:
            c = self.keycmp(a, b)
            if c or self.stable or self.unique:
                return c
        c = (a > b) - (a < b)
        return -c if "r" in self.gflags else c
