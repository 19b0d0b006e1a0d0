"""Text processing: sort uniq cut tr paste comm (GNU coreutils 9.1, C.UTF-8: byte order)."""
from __future__ import annotations

import functools
import hashlib
import math
import random
import re
from dataclasses import dataclass
from decimal import Decimal

from filesystem import strerror
from shell.commands import textproc_help as H
from shell.commands.context import Context
from shell.commands.options import OptionSpec
from shell.commands.registry import command
from shell.commands.text import chunks, close_input, lines, open_input, quotef, read_all
from shell.streams import InputStream

BLANKS = b" \t"
MONTHS = [b"JAN", b"FEB", b"MAR", b"APR", b"MAY", b"JUN", b"JUL", b"AUG", b"SEP", b"OCT", b"NOV", b"DEC"]


def _read_records(ctx: Context, stream: InputStream, delim: bytes) -> list[bytes]:
    data = read_all(ctx, stream)
    if not data:
        return []
    recs = data.split(delim)
    if recs[-1] == b"":
        recs.pop()
    return recs


# -- sort ---------------------------------------------------------------------------------------
SORT = OptionSpec("sort", short="bcCdfghik:mMno:rRsS:t:T:uVz", long=[
    "ignore-leading-blanks", "dictionary-order", "ignore-case", "general-numeric-sort",
    "ignore-nonprinting", "month-sort", "human-numeric-sort", "numeric-sort", "random-sort",
    "random-source=", "reverse", "sort=", "version-sort", "batch-size=", "check=?", "compress-program=",
    "debug", "files0-from=", "key=", "merge", "output=", "stable", "buffer-size=", "field-separator=",
    "temporary-directory=", "unique", "zero-terminated", "parallel="],
    help=H.SORT_HELP, version=H.SORT_VERSION, usage_status=2)

_FLAG_LONG = {"--ignore-leading-blanks": "b", "--dictionary-order": "d", "--ignore-case": "f",
              "--general-numeric-sort": "g", "--ignore-nonprinting": "i", "--month-sort": "M",
              "--human-numeric-sort": "h", "--numeric-sort": "n", "--random-sort": "R",
              "--reverse": "r", "--version-sort": "V"}
_SORT_WORDS = {"general-numeric": "g", "human-numeric": "h", "month": "M", "numeric": "n",
               "random": "R", "version": "V"}


@dataclass
class Key:
    sword: int = 0
    schar: int = 0
    eword: int = -1          # -1: to the end of the line (0-based field otherwise)
    echar: int = 0           # 0: to the end of field eword
    flags: str = ""          # ordering flags: b (start), B (end blanks), d f g h i M n R r V


class SortError(Exception):
    pass


def _parse_key(spec: str) -> Key:
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
_GNUM = re.compile(rb"[ \t\n\v\f\r]*([+-]?(?:inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?))", re.IGNORECASE)


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
    v = float(m.group(1))
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
                a, b = bytes(c for c in a if chr(c).isalnum() or c in BLANKS), \
                    bytes(c for c in b if chr(c).isalnum() or c in BLANKS)
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


@command("sort", family="text")
def sort(ctx: Context, argv: list[str]) -> int:
    p = SORT.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    gflags, keys, tab, output, check = "", [], None, None, ""
    for opt, val in p.options:
        name = opt[1:] if len(opt) == 2 else opt
        try:
            if name in "bdfghiMnRrV" and len(name) == 1:
                gflags += name
            elif opt in _FLAG_LONG:
                gflags += _FLAG_LONG[opt]
            elif opt == "--sort":
                gflags += _SORT_WORDS.get(val or "", "")
            elif name in ("k", "--key"):
                keys.append(_parse_key(val or ""))
            elif name in ("t", "--field-separator"):
                sep = (val or "").encode("utf-8", "surrogateescape")
                if sep == b"\\0":
                    sep = b"\0"
                if not sep:
                    raise SortError("empty tab")
                if len(sep) > 1:
                    raise SortError(f"multi-character tab \u2018{val}\u2019")
                if tab is not None and tab != sep:
                    raise SortError("incompatible tabs")
                tab = sep
            elif name in ("o", "--output"):
                output = val or ""
            elif name in ("c", "C", "--check"):
                check = "C" if name == "C" or val in ("quiet", "silent") else "c"
        except SortError as exc:
            ctx.error(str(exc))
            return 2
    kinds = [c for c in "ghMnRV" if c in gflags]
    if len(set(kinds)) > 1:
        ctx.error(f"options '-{''.join(sorted(set(kinds), key='ghMnRV'.index))}' are incompatible")
        return 2
    delim = b"\0" if p.has("-z", "--zero-terminated") else b"\n"
    sorter = Sorter(keys, gflags, tab, p.has("-s", "--stable"), p.has("-u", "--unique"))
    files = p.operands or ["-"]
    if check:
        if len(files) > 1:
            ctx.error(f"extra operand \u2018{files[1]}\u2019 not allowed with -{check}")
            return 2
        return _check(ctx, sorter, files[0], delim, check == "C")
    records: list[bytes] = []
    for name in files:
        try:
            stream = open_input(ctx, name)
        except OSError as exc:
            ctx.error(f"{'read failed' if exc.errno == 21 else 'cannot read'}: {quotef(name)}: {strerror(exc)}")
            return 2
        try:
            records.extend(_read_records(ctx, stream, delim))
        finally:
            close_input(ctx, stream)
        ctx.check()
    records.sort(key=functools.cmp_to_key(sorter.compare))
    if sorter.unique:
        kept: list[bytes] = []
        for rec in records:
            if not kept or (sorter.keycmp(kept[-1], rec) if sorter.keys else kept[-1] != rec):
                kept.append(rec)
        records = kept
    data = b"".join(r + delim for r in records)
    if output is not None and output != "-":
        try:
            ctx.vfs.write_bytes(ctx.abspath(output), data)
        except OSError as exc:
            ctx.error(f"open failed: {quotef(output)}: {strerror(exc)}")
            return 2
        return 0
    ctx.out(data)
    return 0


def _check(ctx: Context, sorter: Sorter, name: str, delim: bytes, quiet: bool) -> int:
    try:
        stream = open_input(ctx, name)
    except OSError as exc:
        ctx.error(f"cannot read: {quotef(name)}: {strerror(exc)}")
        return 2
    try:
        prev = None
        for i, rec in enumerate(lines(ctx, stream, delim), 1):
            rec = rec[:-1] if rec.endswith(delim) else rec
            if prev is not None:
                c = sorter.compare(prev, rec)
                if c > 0 or (c == 0 and sorter.unique):
                    if not quiet:
                        ctx.error(f"{name}:{i}: disorder: {rec.decode('utf-8', 'surrogateescape')}")
                    return 1
            prev = rec
    finally:
        close_input(ctx, stream)
    return 0


# -- uniq ---------------------------------------------------------------------------------------
UNIQ = OptionSpec("uniq", short="cdDf:is:uw:z", long=["count", "repeated", "all-repeated=?",
                  "skip-fields=", "group=?", "ignore-case", "skip-chars=", "unique", "zero-terminated",
                  "check-chars="], help=H.UNIQ_HELP, version=H.UNIQ_VERSION)


def _uniq_num(ctx: Context, text: str, what: str) -> int | None:
    if not re.fullmatch(r"\+?\d+", text.strip()):
        ctx.error(f"{text}: invalid number of {what}")
        return None
    return int(text)


@command("uniq", family="text")
def uniq(ctx: Context, argv: list[str]) -> int:
    p = UNIQ.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    skip_f = skip_c = 0
    width: int | None = None
    all_rep: str | None = None
    group: str | None = None
    for opt, val in p.options:
        if opt in ("-f", "--skip-fields", "-s", "--skip-chars", "-w", "--check-chars"):
            what = {"f": "fields to skip", "s": "bytes to skip", "w": "bytes to compare"}[
                opt[1] if len(opt) == 2 else {"--skip-fields": "f", "--skip-chars": "s"}.get(opt, "w")]
            n = _uniq_num(ctx, val or "", what)
            if n is None:
                return 1
            if what.startswith("fields"):
                skip_f = n
            elif what.startswith("bytes to skip"):
                skip_c = n
            else:
                width = n
        elif opt in ("-D", "--all-repeated"):
            all_rep = val or "none"
        elif opt == "--group":
            group = val or "separate"
    count, rep, uniq_only = p.has("-c", "--count"), p.has("-d", "--repeated"), p.has("-u", "--unique")
    if len(p.operands) > 2:
        ctx.error(f"extra operand \u2018{p.operands[2]}\u2019")
        ctx.err("Try 'uniq --help' for more information.\n")
        return 1
    if (all_rep or group) and count:
        ctx.error("printing all duplicated lines and repeat counts is meaningless")
        ctx.err("Try 'uniq --help' for more information.\n")
        return 1
    delim = b"\0" if p.has("-z", "--zero-terminated") else b"\n"
    fold = p.has("-i", "--ignore-case")

    def key(line: bytes) -> bytes:
        pos = 0
        for _ in range(skip_f):
            while pos < len(line) and line[pos] in BLANKS:
                pos += 1
            while pos < len(line) and line[pos] not in BLANKS:
                pos += 1
        k = line[pos + skip_c:]
        if width is not None:
            k = k[:width]
        return k.lower() if fold else k

    name = p.operands[0] if p.operands else "-"
    try:
        stream = open_input(ctx, name)
    except OSError as exc:
        ctx.error(f"{quotef(name)}: {strerror(exc)}")
        return 1
    try:
        recs = _read_records(ctx, stream, delim)
    except OSError as exc:
        ctx.error(f"{quotef(name)}: {strerror(exc)}")
        return 1
    finally:
        close_input(ctx, stream)
    groups: list[list[bytes]] = []
    for rec in recs:
        if groups and key(groups[-1][0]) == key(rec):
            groups[-1].append(rec)
        else:
            groups.append([rec])
    out: list[bytes] = []
    for i, g in enumerate(groups):
        if group:
            if (i > 0 and group in ("separate", "both")) or (i == 0 and group in ("prepend", "both")):
                out.append(delim)
            out.extend(r + delim for r in g)
            continue
        if all_rep:
            if len(g) > 1:
                if (all_rep == "prepend" or (all_rep == "separate" and any(len(x) > 1 for x in groups[:i]))):
                    out.append(delim)
                out.extend(r + delim for r in g)
            continue
        if (rep and len(g) < 2) or (uniq_only and len(g) > 1):
            continue
        out.append((f"{len(g):7d} ".encode() if count else b"") + g[0] + delim)
    if group in ("append", "both") and groups:
        out.append(delim)
    data = b"".join(out)
    if len(p.operands) == 2 and p.operands[1] != "-":
        try:
            ctx.vfs.write_bytes(ctx.abspath(p.operands[1]), data)
        except OSError as exc:
            ctx.error(f"{quotef(p.operands[1])}: {strerror(exc)}")
            return 1
    else:
        ctx.out(data)
    return 0


# -- cut ----------------------------------------------------------------------------------------
CUT = OptionSpec("cut", short="b:c:d:f:nsz", long=["bytes=", "characters=", "delimiter=", "fields=",
                 "complement", "only-delimited", "output-delimiter=", "zero-terminated"],
                 help=H.CUT_HELP, version=H.CUT_VERSION)


class CutError(Exception):
    pass


def _cut_list(spec: str, fields: bool) -> list[tuple[int, int]]:
    """Parse a LIST as GNU's set_fields does, with its messages."""
    ranges: list[tuple[int, int]] = []
    for item in re.split(r"[,\s]", spec):
        m = re.fullmatch(r"(\d*)(?:(-)(\d*))?", item)
        if not m:
            if item.count("-") > 1 and re.fullmatch(r"[\d-]+", item):
                raise CutError("invalid field range" if fields else "invalid byte or character range")
            bad = item.split("-", 1)[1] if re.match(r"\d+-", item) else item
            raise CutError(f"invalid field value \u2018{bad}\u2019" if fields
                           else f"invalid byte/character position \u2018{bad}\u2019")
        lo_s, dash, hi_s = m.group(1), m.group(2), m.group(3)
        if dash and not lo_s and not hi_s:
            raise CutError("invalid range with no endpoint: -")
        if (not dash and not lo_s) or (lo_s and int(lo_s) == 0):
            raise CutError("fields are numbered from 1" if fields else
                           "byte/character positions are numbered from 1")
        lo = int(lo_s) if lo_s else 1
        hi = (int(hi_s) if hi_s else 1 << 62) if dash else lo
        if hi < lo:
            raise CutError("invalid decreasing range")
        ranges.append((lo, hi))
    return ranges


@command("cut", family="text")
def cut(ctx: Context, argv: list[str]) -> int:
    p = CUT.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    mode = spec = None
    delim, out_delim = b"\t", None
    try:
        for opt, val in p.options:
            if opt in ("-b", "--bytes", "-c", "--characters", "-f", "--fields"):
                if mode is not None:
                    raise CutError("only one list may be specified")
                mode, spec = ("f" if opt in ("-f", "--fields") else "b"), val or ""
            elif opt in ("-d", "--delimiter"):
                d = (val or "").encode("utf-8", "surrogateescape")
                if len(d) > 1:
                    raise CutError("the delimiter must be a single character")
                delim = d or b"\0"
            elif opt == "--output-delimiter":
                out_delim = (val or "").encode("utf-8", "surrogateescape")
        if mode is None:
            raise CutError("you must specify a list of bytes, characters, or fields")
        if mode == "b" and p.has("-d", "--delimiter"):
            raise CutError("an input delimiter may be specified only\n\twhen operating on fields")
        if mode == "b" and p.has("-s", "--only-delimited"):
            raise CutError("suppressing non-delimited lines makes sense\n\tonly when operating on fields")
        ranges = _cut_list(spec or "", mode == "f")
    except CutError as exc:
        ctx.error(str(exc))
        ctx.err("Try 'cut --help' for more information.\n")
        return 1
    complement = p.has("--complement")
    only_delim = p.has("-s", "--only-delimited")
    eol = b"\0" if p.has("-z", "--zero-terminated") else b"\n"

    def chosen(i: int) -> bool:
        return any(lo <= i <= hi for lo, hi in ranges) != complement

    status = 0
    for name in p.operands or ["-"]:
        try:
            stream = open_input(ctx, name)
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(exc)}")
            status = 1
            continue
        try:
            for line in lines(ctx, stream, eol):
                body = line[:-1] if line.endswith(eol) else line
                if mode == "b":
                    if out_delim is None:
                        res = bytes(c for i, c in enumerate(body, 1) if chosen(i))
                    else:  # --output-delimiter separates the selected ranges
                        runs, prev = [], False
                        for i, c in enumerate(body, 1):
                            sel = chosen(i)
                            if sel and not prev:
                                runs.append(bytearray())
                            if sel:
                                runs[-1].append(c)
                            prev = sel
                        res = out_delim.join(bytes(r) for r in runs)
                    ctx.out(res + eol)
                    continue
                if delim not in body:
                    if not only_delim:
                        ctx.out(body + eol)
                    continue
                parts = body.split(delim)
                picked = [f for i, f in enumerate(parts, 1) if chosen(i)]
                ctx.out((delim if out_delim is None else out_delim).join(picked) + eol)
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(exc)}")
            status = 1
        finally:
            close_input(ctx, stream)
    return status


# -- tr -----------------------------------------------------------------------------------------
TR = OptionSpec("tr", short="cCdst", long=["complement", "delete", "squeeze-repeats", "truncate-set1"],
                help=H.TR_HELP, version=H.TR_VERSION)
_CLASSES = {
    "alnum": bytes(c for c in range(256) if chr(c).isascii() and chr(c).isalnum()),
    "alpha": bytes(c for c in range(256) if chr(c).isascii() and chr(c).isalpha()),
    "blank": b"\t ", "cntrl": bytes(list(range(32)) + [127]),
    "digit": b"0123456789", "graph": bytes(range(33, 127)),
    "lower": bytes(range(97, 123)), "print": bytes(range(32, 127)),
    "punct": bytes(c for c in range(33, 127) if not chr(c).isalnum()),
    "space": b"\t\n\v\f\r ", "upper": bytes(range(65, 91)),
    "xdigit": b"0123456789ABCDEFabcdef",
}
_ESC = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92}


class TrError(Exception):
    pass


def _tr_unescape(s: bytes) -> list[tuple[int, bool]]:
    """Bytes of a SET with escapes resolved; the flag marks escaped bytes (no special meaning)."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == 92 and i + 1 < len(s):
            n = chr(s[i + 1])
            m = re.match(rb"[0-7]{1,3}", s[i + 1:])
            if m and int(m.group(), 8) < 256:
                out.append((int(m.group(), 8), True))
                i += 1 + len(m.group())
                continue
            out.append((_ESC.get(n, s[i + 1]), True))
            i += 2
            continue
        out.append((c, False))
        i += 1
    return out


def _tr_set(text: str, is_set2: bool, fill_to: int = 0) -> tuple[list[int], list[str]]:
    """Expand a SET: ranges, [:class:], [=c=], [c*n]; returns bytes and the classes used."""
    items = _tr_unescape(text.encode("utf-8", "surrogateescape"))
    out: list[int] = []
    classes: list[str] = []
    fill_at = -1
    fill_byte = 0
    i = 0
    while i < len(items):
        c, esc = items[i]
        raw = bytes(b for b, _ in items[i:])
        if c == 91 and not esc:
            m = re.match(rb"\[:([a-z]+):\]", raw)
            if m:
                name = m.group(1).decode()
                if name not in _CLASSES:
                    raise TrError(f"invalid character class \u2018{name}\u2019")
                out.extend(_CLASSES[name])
                classes.append(name)
                i += len(m.group())
                continue
            m = re.match(rb"\[=(.)=\]", raw, re.DOTALL)
            if m:
                out.append(m.group(1)[0])
                i += 5
                continue
            m = re.match(rb"\[(.)\*(\d*)\]", raw, re.DOTALL)
            if m and i + 1 < len(items):
                if not is_set2:
                    raise TrError("the [c*] repeat construct may not appear in string1")
                ch, count = items[i + 1][0], m.group(2)
                n = int(count, 8 if count.startswith(b"0") else 10) if count else 0
                if n == 0:
                    fill_at, fill_byte = len(out), ch
                else:
                    out.extend([ch] * n)
                i += len(m.group())
                continue
        if i + 2 < len(items) and items[i + 1] == (45, False):
            hi = items[i + 2][0]
            if hi < c:
                a, b = chr(c), chr(hi)
                raise TrError(f"range-endpoints of '{a}-{b}' are in reverse collating sequence order")
            out.extend(range(c, hi + 1))
            i += 3
            continue
        out.append(c)
        i += 1
    if fill_at >= 0:
        out[fill_at:fill_at] = [fill_byte] * max(fill_to - len(out), 0)
    return out, classes


@command("tr", family="text")
def tr(ctx: Context, argv: list[str]) -> int:
    p = TR.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    comp = p.has("-c", "-C", "--complement")
    delete, squeeze, trunc = p.has("-d", "--delete"), p.has("-s", "--squeeze-repeats"), \
        p.has("-t", "--truncate-set1")
    ops = p.operands
    need = 2 if (delete and squeeze) or not (delete or squeeze) else 1
    if len(ops) < need:
        if not ops:
            ctx.error("missing operand")
        else:
            ctx.error(f"missing operand after \u2018{ops[-1]}\u2019")
            ctx.err("Two strings must be given when " +
                    ("both deleting and squeezing repeats.\n" if delete else "translating.\n"))
        ctx.err("Try 'tr --help' for more information.\n")
        return 1
    max_ops = 1 if delete and not squeeze else 2
    if len(ops) > max_ops:
        ctx.error(f"extra operand \u2018{ops[max_ops]}\u2019")
        if max_ops == 1:
            ctx.err("Only one string may be given when deleting without squeezing repeats.\n")
        ctx.err("Try 'tr --help' for more information.\n")
        return 1
    try:
        set1 = _tr_set(ops[0], False)[0]
        if comp:
            s1 = set(set1)
            set1 = [b for b in range(256) if b not in s1]
        set2: list[int] = []
        if len(ops) > 1:
            set2, cls2 = _tr_set(ops[1], True, len(set1))
            translating = not delete
            if translating and not set2 and not trunc:
                raise TrError("when not truncating set1, string2 must be non-empty")
            if translating and any(c not in ("upper", "lower") for c in cls2):
                raise TrError("when translating, the only character classes that may appear in\n"
                              "string2 are 'upper' and 'lower'")
    except TrError as exc:
        ctx.error(str(exc))
        return 1
    table = bytes(range(256))
    delete_bytes = b""
    squeeze_set = set()
    if delete:
        delete_bytes = bytes(set(set1))
        squeeze_set = set(set2) if squeeze else set()
    elif len(ops) > 1:
        if trunc:
            set1 = set1[:len(set2)]
        elif len(set2) < len(set1):
            set2 = set2 + [set2[-1]] * (len(set1) - len(set2))
        mapping = list(range(256))
        for a, b in zip(set1, set2):
            mapping[a] = b
        table = bytes(mapping)
        squeeze_set = set(set2) if squeeze else set()
    else:
        squeeze_set = set(set1)
    sq = re.compile(b"([" + b"".join(re.escape(bytes([c])) for c in sorted(squeeze_set)) + b"])\\1+") \
        if squeeze_set else None
    last = -1
    for data in chunks(ctx, ctx.stdin):
        data = data.translate(table, delete_bytes)
        if sq is not None and data:
            data = sq.sub(rb"\1", data)
            if data[0] == last and last in squeeze_set:
                data = data[1:]
            if data:
                last = data[-1]
        ctx.out(data)
    return 0


# -- paste --------------------------------------------------------------------------------------
PASTE = OptionSpec("paste", short="d:sz", long=["delimiters=", "serial", "zero-terminated"],
                   help=H.PASTE_HELP, version=H.PASTE_VERSION)


def _paste_delims(spec: str) -> list[bytes]:
    out, i, raw = [], 0, spec.encode("utf-8", "surrogateescape")
    while i < len(raw):
        if raw[i] == 92 and i + 1 < len(raw):
            n = chr(raw[i + 1])
            out.append({"n": b"\n", "t": b"\t", "\\": b"\\", "0": b"", "b": b"\b", "f": b"\f",
                        "r": b"\r", "v": b"\v"}.get(n, bytes([raw[i + 1]])))
            i += 2
        else:
            out.append(raw[i:i + 1])
            i += 1
    return out


@command("paste", family="text")
def paste(ctx: Context, argv: list[str]) -> int:
    p = PASTE.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    spec = p.last("-d", "--delimiters")
    delims = _paste_delims(spec) if spec is not None else [b"\t"]
    if spec is not None and spec.endswith("\\") and not spec.endswith("\\\\"):
        ctx.error(f"delimiter list ends with an unescaped backslash: {spec}")
        return 1
    if not delims:
        delims = [b""]
    eol = b"\0" if p.has("-z", "--zero-terminated") else b"\n"
    names = p.operands or ["-"]
    streams: list[InputStream] = []
    for name in names:
        try:
            streams.append(open_input(ctx, name))
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(exc)}")
            for s in streams:
                close_input(ctx, s)
            return 1
    try:
        if p.has("-s", "--serial"):
            for s in streams:
                recs = [r[:-1] if r.endswith(eol) else r for r in lines(ctx, s, eol)]
                if not recs:
                    continue
                out = recs[0]
                for i, r in enumerate(recs[1:]):
                    out += delims[i % len(delims)] + r
                ctx.out(out + eol)
            return 0
        iters = [lines(ctx, s, eol) for s in streams]
        while True:
            ctx.check()
            row = [next(it, None) for it in iters]
            if all(r is None for r in row):
                return 0
            out = b""
            for i, r in enumerate(row):
                if r is not None:
                    out += r[:-1] if r.endswith(eol) else r
                if i < len(row) - 1:
                    out += delims[i % len(delims)]
            ctx.out(out + eol)
    except OSError as exc:
        ctx.error(f"read error: {strerror(exc)}")
        return 1
    finally:
        for s in streams:
            close_input(ctx, s)


# -- comm ---------------------------------------------------------------------------------------
COMM = OptionSpec("comm", short="123z", long=["check-order", "nocheck-order", "output-delimiter=", "total",
                  "zero-terminated"], help=H.COMM_HELP, version=H.COMM_VERSION)


@command("comm", family="text")
def comm(ctx: Context, argv: list[str]) -> int:
    p = COMM.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    ops = p.operands
    if len(ops) < 2:
        ctx.error("missing operand" if not ops else f"missing operand after \u2018{ops[-1]}\u2019")
        ctx.err("Try 'comm --help' for more information.\n")
        return 1
    if len(ops) > 2:
        ctx.error(f"extra operand \u2018{ops[2]}\u2019")
        ctx.err("Try 'comm --help' for more information.\n")
        return 1
    show = [not p.has("-1"), not p.has("-2"), not p.has("-3")]
    sep_opt = p.last("--output-delimiter")
    sep = b"\t" if sep_opt is None else (sep_opt.encode("utf-8", "surrogateescape") or b"\0")
    check = "strict" if p.has("--check-order") else ("off" if p.has("--nocheck-order") else "default")
    eol = b"\0" if p.has("-z", "--zero-terminated") else b"\n"
    data: list[list[bytes]] = []
    for name in ops:
        try:
            stream = open_input(ctx, name)
            try:
                data.append(_read_records(ctx, stream, eol))
            finally:
                close_input(ctx, stream)
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(exc)}")
            return 1
    a, b = data
    i = j = 0
    counts = [0, 0, 0]
    warned = [False, False]
    unpairable = False

    def emit(col: int, line: bytes) -> None:
        counts[col] += 1
        if show[col]:
            ctx.out(sep * sum(show[:col]) + line + eol)

    def advance(which: int, idx: int) -> bool:
        recs = a if which == 0 else b
        if check == "off" or warned[which] or (check == "default" and not unpairable):
            return True
        if idx + 1 < len(recs) and recs[idx] > recs[idx + 1]:
            ctx.error(f"file {which + 1} is not in sorted order")
            warned[which] = True
            return check != "strict"
        return True

    while i < len(a) or j < len(b):
        ctx.check()
        if j >= len(b) or (i < len(a) and a[i] < b[j]):
            unpairable = True
            emit(0, a[i])
            ok = advance(0, i)
            i += 1
        elif i >= len(a) or b[j] < a[i]:
            unpairable = True
            emit(1, b[j])
            ok = advance(1, j)
            j += 1
        else:
            emit(2, a[i])
            ok = advance(0, i) and advance(1, j)
            i, j = i + 1, j + 1
        if not ok:
            return 1
    if p.has("--total"):
        ctx.out(sep.join(str(c).encode() for c in counts) + sep + b"total" + eol)
    if any(warned):
        ctx.error("input is not in sorted order")
        return 1
    return 0
