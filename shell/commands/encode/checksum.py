"""md5sum, sha1sum, sha224sum, sha256sum, sha384sum, sha512sum, b2sum (GNU coreutils 9.1),
with -c checking; cksum (encode/cksum.py) reuses the hashing and the checking."""
from __future__ import annotations

import hashlib
import re

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec, Parsed
from shelldojo.shell.commands.textio import Inputs, chunks, close_input, lines, open_input, quotef
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.streams import InputStream
from shelldojo.shell.texts import verbatim

_LONG = ["binary", "check", "tag", "text", "zero", "ignore-missing", "quiet", "status", "strict", "warn"]
# name -> (hashlib name, BSD tag, hex digits, help, version)
_ALGOS = {
    "md5sum": ("md5", "MD5", 32, verbatim("encode/md5sum_help"), verbatim("encode/md5sum_version")),
    "sha1sum": ("sha1", "SHA1", 40, verbatim("encode/sha1sum_help"), verbatim("encode/sha1sum_version")),
    "sha256sum": ("sha256", "SHA256", 64, verbatim("encode/sha256sum_help"),
                  verbatim("encode/sha256sum_version")),
    "sha512sum": ("sha512", "SHA512", 128, verbatim("encode/sha512sum_help"),
                  verbatim("encode/sha512sum_version")),
    "sha224sum": ("sha224", "SHA224", 56, verbatim("encode/sha224sum_help"),
                  verbatim("encode/sha224sum_version")),
    "sha384sum": ("sha384", "SHA384", 96, verbatim("encode/sha384sum_help"),
                  verbatim("encode/sha384sum_version")),
    "b2sum": ("blake2b", "BLAKE2b", 128, verbatim("encode/b2sum_help"), verbatim("encode/b2sum_version")),
}
_SPECS = {name: OptionSpec(name, short="bctwz" + ("l:" if name == "b2sum" else ""),
                           long=_LONG + (["length="] if name == "b2sum" else []), help=a[3], version=a[4])
          for name, a in _ALGOS.items()}


def new_hash(algo: str, digits: int) -> hashlib._Hash:
    """A hashlib object; blake2b's length (-l) is its digest size."""
    if algo == "blake2b":
        return hashlib.blake2b(digest_size=digits // 2)
    return hashlib.new(algo)


def hash_stream(ctx: Context, algo: str, stream: InputStream, digits: int = 0) -> str:
    """Hex digest of a stream's bytes; raises OSError on a read error."""
    h = new_hash(algo, digits)
    for data in chunks(ctx, stream):
        h.update(data)
    return h.hexdigest()


def _digest(ctx: Context, algo: str, name: str, digits: int) -> str:
    """Hex digest of a listed file (-c); raises OSError (open or read)."""
    stream = open_input(ctx, name)
    try:
        return hash_stream(ctx, algo, stream, digits)
    finally:
        close_input(ctx, stream)


def blake_tag(digits: int) -> str:
    """BSD tag of a BLAKE2b sum: the length only when not the full 512 bits."""
    return "BLAKE2b" if digits == 128 else f"BLAKE2b-{digits * 4}"


def _escape(name: str) -> tuple[str, str]:
    """GNU's escaping of names with backslash or newline: (prefix, escaped name)."""
    if "\\" not in name and "\n" not in name and "\r" not in name:
        return "", name
    return "\\", name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def _unescape(name: str) -> str | None:
    out, i = [], 0
    while i < len(name):
        c = name[i]
        if c == "\\":
            nxt = name[i + 1:i + 2]
            if nxt not in ("\\", "n", "r"):
                return None
            out.append({"\\": "\\", "n": "\n", "r": "\r"}[nxt])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


# BSD tag -> (hashlib name, hex digits); BLAKE2b's lengths are checked apart
TAGS = {"MD5": ("md5", 32), "SHA1": ("sha1", 40), "SHA224": ("sha224", 56), "SHA256": ("sha256", 64),
        "SHA384": ("sha384", 96), "SHA512": ("sha512", 128), "BLAKE2b": ("blake2b", 128), "SM3": ("sm3", 64)}
Line = tuple[str, int, str, str]  # hashlib name, hex digits, expected hex digest, file name


def _tagged(tag: str, hexd: str) -> tuple[str, int] | None:
    """(hashlib name, digits) of a BSD tag, None when unknown or the digest length is wrong."""
    base, dash, bits = tag.partition("-")
    if base not in TAGS or (dash and (base != "BLAKE2b" or not bits.isdigit())):
        return None
    algo, digits = TAGS[base]
    if dash:
        digits = int(bits) // 4 if int(bits) % 8 == 0 and 0 < int(bits) <= 512 else -1
    return (algo, digits) if len(hexd) == digits else None


def parse_line(line: str, tags: tuple[str, ...], untagged: tuple[str, int] | None) -> Line | None:
    """One checksum line: a BSD line with one of `tags`, or (when `untagged` gives the algorithm
    and digits, 0 = any even length as b2sum accepts) 'HEX  NAME'; None when misformatted."""
    line = line.lstrip(" \t")
    escaped = line.startswith("\\")
    if escaped:
        line = line[1:]
    m = re.fullmatch(r"([A-Za-z0-9-]+) ?\((.*)\) ?= ?([0-9a-fA-F]+)", line, re.DOTALL)
    if m and m.group(1).partition("-")[0] in tags:
        name, hexd = m.group(2), m.group(3)
        found = _tagged(m.group(1), hexd)
        if found is None:
            return None
        algo, digits = found
    else:
        m = re.fullmatch(r"([0-9a-fA-F]+) [ *](.+)", line, re.DOTALL)
        if not m or untagged is None:
            return None
        hexd, name = m.group(1), m.group(2)
        algo, digits = untagged
        if digits == 0:
            digits = len(hexd) if len(hexd) % 2 == 0 and len(hexd) <= 128 else -1
        if len(hexd) != digits:
            return None
    if escaped:
        unescaped = _unescape(name)
        if unescaped is None:
            return None
        name = unescaped
    return algo, digits, hexd.lower(), name


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def check(ctx: Context, p: Parsed, tags: tuple[str, ...], untagged: tuple[str, int] | None) -> int:
    """-c: verify the sums listed in each operand (lines as `parse_line` reads them)."""
    quiet, status_only = p.has("--quiet"), p.has("--status")
    strict, warn, ignore_missing = p.has("--strict"), p.has("-w", "--warn"), p.has("--ignore-missing")
    ok = True
    for listing in p.operands or ["-"]:
        shown = "standard input" if listing == "-" else listing
        try:
            stream = open_input(ctx, listing)
        except OSError as exc:
            ctx.error(f"{quotef(shown)}: {strerror(exc)}")
            ok = False
            continue
        bad_format = unreadable = mismatched = matched = proper = 0
        try:
            for lineno, raw in enumerate(lines(ctx, stream), 1):
                text = raw.decode("utf-8", "surrogateescape").rstrip("\n")
                if text.startswith("#"):
                    continue
                parsed = parse_line(text.removesuffix("\r"), tags, untagged)
                if parsed is None:
                    bad_format += 1
                    if warn:
                        ctx.error(f"{quotef(shown)}: {lineno}: improperly formatted {tags[-1]} checksum line")
                    continue
                proper += 1
                algo, digits, want, name = parsed
                prefix, esc = _escape(name)
                try:
                    got = _digest(ctx, algo, name, digits)
                except OSError as exc:
                    if ignore_missing and exc.errno == 2:
                        continue
                    ctx.error(f"{quotef(name)}: {strerror(exc)}")
                    unreadable += 1
                    if not status_only:
                        ctx.out(f"{prefix}{esc}: FAILED open or read\n")
                    continue
                if got == want:
                    matched += 1
                    if not quiet and not status_only:
                        ctx.out(f"{prefix}{esc}: OK\n")
                else:
                    mismatched += 1
                    if not status_only:
                        ctx.out(f"{prefix}{esc}: FAILED\n")
        except OSError as exc:
            ctx.error(f"{quotef(shown)}: read error" if exc.errno == 21 else f"{quotef(shown)}: {strerror(exc)}")
            ok = False
            continue
        finally:
            close_input(ctx, stream)
        if not proper:
            ctx.error(f"{quotef(shown)}: no properly formatted checksum lines found")
            ok = False
            continue
        if not status_only:
            if bad_format:
                ctx.error(f"WARNING: {bad_format} "
                          + _plural(bad_format, "line is", "lines are") + " improperly formatted")
            if unreadable:
                ctx.error(f"WARNING: {unreadable} "
                          + _plural(unreadable, "listed file", "listed files") + " could not be read")
            if mismatched:
                ctx.error(f"WARNING: {mismatched} "
                          + _plural(mismatched, "computed checksum", "computed checksums") + " did NOT match")
        if ignore_missing and not matched and not mismatched and not unreadable:
            ctx.error(f"{quotef(shown)}: no file was verified")
            ok = False
        if mismatched or unreadable or (strict and bad_format):
            ok = False
    return 0 if ok else 1


def usage_error(ctx: Context, name: str, message: str) -> int:
    ctx.err(f"{name}: {message}\nTry '{name} --help' for more information.\n")
    return 1


def _checksum(ctx: Context, argv: list[str]) -> int:
    name = argv[0].rsplit("/", 1)[-1]
    algo, tag, digits, _help, _version = _ALGOS[name]
    p = _SPECS[name].parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    if name == "b2sum":
        length = blake_length(ctx, p.last("-l", "--length"))
        if length is None:
            return 1
        digits = length or digits
        tag = blake_tag(digits)
    if p.has("-c", "--check"):
        if p.has("--tag"):
            return usage_error(ctx, name, "the --tag option is meaningless when verifying checksums")
        return check(ctx, p, (tag.partition("-")[0],), (algo, 0 if name == "b2sum" else digits))
    for opt, what in (("--ignore-missing", "--ignore-missing"), ("--quiet", "--quiet"),
                      ("--status", "--status"), ("--strict", "--strict")):
        if p.has(opt):
            return usage_error(ctx, name, f"the {what} option is meaningful only when verifying checksums")
    if p.has("-w", "--warn"):
        return usage_error(ctx, name, "the --warn option is meaningful only when verifying checksums")
    bsd, zero = p.has("--tag"), p.has("-z", "--zero")
    binary = p.last("-b", "--binary", "-t", "--text") is not None and [
        o for o, _ in p.options if o in ("-b", "--binary", "-t", "--text")][-1] in ("-b", "--binary")
    if bsd and p.has("-t", "--text"):
        return usage_error(ctx, name, "--tag does not support --text mode")
    end = "\0" if zero else "\n"
    inputs = Inputs(ctx, p.operands)
    for op, stream in inputs:
        with inputs.reading(op):
            hexd = hash_stream(ctx, algo, stream, digits)
            prefix, esc = ("", op) if zero else _escape(op)
            if bsd:
                ctx.out(f"{prefix}{tag} ({esc}) = {hexd}{end}")
            else:
                ctx.out(f"{prefix}{hexd} {'*' if binary else ' '}{esc}{end}")
    return inputs.status


def blake_length(ctx: Context, raw: str | None) -> int | None:
    """-l BITS as hex digits (0 when not given); None after printing GNU's complaint."""
    if raw is None:
        return 0
    bits = int(raw) if raw.isdigit() else -1
    if bits == 0:
        return 0
    if bits < 0 or bits > 512 or bits % 8:
        ctx.error(f"invalid length: {cquote(raw)}")
        if bits > 512:
            ctx.error(f"maximum digest length for {cquote('BLAKE2b')} is 512 bits")
        elif bits > 0:
            ctx.error("length is not a multiple of 8")
        return None
    return bits // 4


for _name in _ALGOS:  # man's NAME line: "compute and check SHA256 message digest"
    _what = "BLAKE2" if _name == "b2sum" else _name[:-3].upper()
    command(_name, family="text", summary=f"compute and check {_what} message digest")(_checksum)
