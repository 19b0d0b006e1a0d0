"""cksum and sum (GNU coreutils 9.1): the POSIX CRC, the BSD and System V sums, and cksum -a for
every digest of encode/checksum.py (whose -c checking it shares)."""
from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable

from shelldojo.shell.commands.encode.checksum import (
    TAGS,
    blake_length,
    blake_tag,
    check,
    hash_stream,
    usage_error,
)
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import Inputs, chunks
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.streams import InputStream, ReadError
from shelldojo.shell.texts import verbatim

# POSIX cksum's CRC is CRC-32 unreflected (poly 0x04C11DB7, init 0); zlib's crc32 is the reflected
# one, so feeding it bit-reversed bytes and reversing its register gives the same value at C speed.
_REVERSE = bytes(int(f"{i:08b}"[::-1], 2) for i in range(256))


def _crc(ctx: Context, stream: InputStream) -> tuple[int, int]:
    """POSIX cksum's CRC (the length is fed in after the data, low byte first) and the byte count."""
    value, size = 0xFFFFFFFF, 0  # zlib's register starts at ~value: 0, as cksum's does
    for data in chunks(ctx, stream):
        size += len(data)
        value = zlib.crc32(data.translate(_REVERSE), value)
    n, tail = size, bytearray()
    while n:
        tail.append(n & 0xFF)
        n >>= 8
    value = zlib.crc32(bytes(tail).translate(_REVERSE), value)
    register = int(f"{~value & 0xFFFFFFFF:032b}"[::-1], 2)
    return ~register & 0xFFFFFFFF, size


def _bsd(ctx: Context, stream: InputStream) -> tuple[int, int]:
    total, size = 0, 0
    for data in chunks(ctx, stream):
        size += len(data)
        for b in data:
            total = ((total >> 1) + ((total & 1) << 15) + b) & 0xFFFF
    return total, size


def _sysv(ctx: Context, stream: InputStream) -> tuple[int, int]:
    total, size = 0, 0
    for data in chunks(ctx, stream):
        size += len(data)
        total += sum(data)
    r = (total & 0xFFFF) + ((total & 0xFFFFFFFF) >> 16)
    return (r & 0xFFFF) + (r >> 16), size


def _show_bsd(value: int, size: int) -> str:
    return f"{value:05d} {-(-size // 1024):5d}"


def _show_sysv(value: int, size: int) -> str:
    return f"{value} {-(-size // 512)}"


def _show_crc(value: int, size: int) -> str:
    return f"{value} {size}"


# the non-digest algorithms: (sum, how a line shows it)
_OLD: dict[str, tuple[Callable[[Context, InputStream], tuple[int, int]], Callable[[int, int], str]]] = {
    "bsd": (_bsd, _show_bsd), "sysv": (_sysv, _show_sysv), "crc": (_crc, _show_crc)}
_DIGESTS = {"md5": "MD5", "sha1": "SHA1", "sha224": "SHA224", "sha256": "SHA256", "sha384": "SHA384",
            "sha512": "SHA512", "blake2b": "BLAKE2b", "sm3": "SM3"}
_ALGORITHMS = ["bsd", "sysv", "crc", *_DIGESTS]


def _old_sums(ctx: Context, algo: str, operands: list[str], end: str = "\n") -> int:
    func, show = _OLD[algo]
    status = 0
    for operand in operands or ["-"]:
        if algo == "crc" and operand != "-" and ctx.vfs.isdir(ctx.abspath(operand)):
            ctx.out(show(0xFFFFFFFF, 0) + f" {operand}{end}")  # cksum 9.1 sums a directory as empty
            continue
        inputs = Inputs(ctx, [operand])
        for name, stream in inputs:
            with inputs.reading(name):
                try:
                    value, size = func(ctx, stream)
                except ReadError:
                    if algo != "crc":
                        raise
                    value, size = 0xFFFFFFFF, 0  # cksum 9.1's crc ignores a failed read: as empty
                ctx.out(show(value, size) + (f" {name}" if operands else "") + end)
        status |= inputs.status
    return status


SUM = OptionSpec("sum", short="rs", long=["sysv"], help=verbatim("encode/sum_help"),
                 version=verbatim("encode/sum_version"))
CKSUM = OptionSpec("cksum", short="a:bcl:twz",
                   long=["algorithm=", "check", "length=", "tag", "untagged", "zero", "ignore-missing", "quiet",
                         "status", "strict", "warn", "debug"],
                   help=verbatim("encode/cksum_help"), version=verbatim("encode/cksum_version"))


@command("sum", family="text", summary="checksum and count the blocks in a file")
def sum_(ctx: Context, argv: list[str]) -> int:
    p = SUM.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    last = [o for o, _ in p.options]
    return _old_sums(ctx, "sysv" if last and last[-1] in ("-s", "--sysv") else "bsd", p.operands)


def _escape(name: str) -> tuple[str, str]:
    if "\\" not in name and "\n" not in name and "\r" not in name:
        return "", name
    return "\\", name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


@command("cksum", family="text", summary="compute and verify file checksums")
def cksum(ctx: Context, argv: list[str]) -> int:
    p = CKSUM.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    if p.has("-b", "-t"):   # accepted by getopt, refused by cksum itself, without a message
        ctx.err("Try 'cksum --help' for more information.\n")
        return 1
    algo = "crc"
    raw = p.last("-a", "--algorithm")
    if raw is not None:
        if raw not in _ALGORITHMS:  # exact names only (argmatch_exact)
            valid = "".join(f"\n  - {cquote(a)}" for a in _ALGORITHMS)
            return usage_error(ctx, "cksum", f"invalid argument {cquote(raw)} for {cquote('--algorithm')}\n"
                               f"Valid arguments are:{valid}")
        algo = raw
    digits = 0
    raw_len = p.last("-l", "--length")
    if raw_len is not None:
        length = blake_length(ctx, raw_len)
        if length is None:
            return 1
        if algo != "blake2b":
            ctx.error("--length is only supported with --algorithm=blake2b")
            return 1
        digits = length
    if p.has("-c", "--check"):
        if algo in _OLD:
            if raw is None:  # no -a: tagged lines of any digest
                return check(ctx, p, tuple(TAGS), None)
            ctx.error("--check is not supported with --algorithm={bsd,sysv,crc}")
            return 1
        return check(ctx, p, (_DIGESTS[algo],), (algo, 0 if algo == "blake2b" else TAGS[_DIGESTS[algo]][1]))
    for opt in ("--ignore-missing", "--quiet", "--status", "--strict", "--warn"):
        if p.has(opt, *(["-w"] if opt == "--warn" else [])):
            return usage_error(ctx, "cksum", f"the {opt} option is meaningful only when verifying checksums")
    end = "\0" if p.has("-z", "--zero") else "\n"
    if algo in _OLD:
        return _old_sums(ctx, algo, p.operands, end)
    if algo == "sm3" and "sm3" not in hashlib.algorithms_available:
        ctx.error("sm3: unsupported digest")  # an OpenSSL without SM3
        return 1
    tagged = True
    for opt, _ in p.options:
        if opt in ("--tag", "--untagged"):
            tagged = opt == "--tag"
    digits = digits or TAGS[_DIGESTS[algo]][1]
    tag = blake_tag(digits) if algo == "blake2b" else _DIGESTS[algo]
    inputs = Inputs(ctx, p.operands)
    for name, stream in inputs:
        with inputs.reading(name):
            hexd = hash_stream(ctx, algo, stream, digits)
            prefix, esc = ("", name) if end == "\0" else _escape(name)
            ctx.out(f"{prefix}{tag} ({esc}) = {hexd}{end}" if tagged else f"{prefix}{hexd}  {esc}{end}")
    return inputs.status

