"""md5sum, sha1sum, sha256sum, sha512sum (GNU coreutils 9.1), with -c checking."""
from __future__ import annotations

import hashlib
import re

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec, Parsed
from shelldojo.shell.commands.textio import Inputs, chunks, close_input, lines, open_input, quotef
from shelldojo.shell.context import Context
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
}
_SPECS = {name: OptionSpec(name, short="bctwz", long=_LONG, help=a[3], version=a[4])
          for name, a in _ALGOS.items()}


def _hash(ctx: Context, algo: str, stream: InputStream) -> str:
    """Hex digest of a stream's bytes; raises OSError on a read error."""
    h = hashlib.new(algo)
    for data in chunks(ctx, stream):
        h.update(data)
    return h.hexdigest()


def _digest(ctx: Context, algo: str, name: str) -> str:
    """Hex digest of a listed file (-c); raises OSError (open or read)."""
    stream = open_input(ctx, name)
    try:
        return _hash(ctx, algo, stream)
    finally:
        close_input(ctx, stream)


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


def _parse_line(line: str, tag: str, digits: int) -> tuple[str, str] | None:
    """(hex digest, file name) of one checksum line, or None when misformatted."""
    line = line.lstrip(" \t")
    escaped = line.startswith("\\")
    if escaped:
        line = line[1:]
    m = re.fullmatch(re.escape(tag) + r" ?\((.*)\) ?= ?([0-9a-fA-F]+)", line, re.DOTALL)
    if m:
        name, hexd = m.group(1), m.group(2)
    else:
        m = re.fullmatch(r"([0-9a-fA-F]+) [ *](.+)", line, re.DOTALL)
        if not m:
            return None
        hexd, name = m.group(1), m.group(2)
    if len(hexd) != digits:
        return None
    if escaped:
        unescaped = _unescape(name)
        if unescaped is None:
            return None
        name = unescaped
    return hexd.lower(), name


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _check(ctx: Context, p: Parsed, algo: str, tag: str, digits: int) -> int:
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
                parsed = _parse_line(text.removesuffix("\r"), tag, digits)
                if parsed is None:
                    bad_format += 1
                    if warn:
                        ctx.error(f"{quotef(shown)}: {lineno}: improperly formatted {tag} checksum line")
                    continue
                proper += 1
                want, name = parsed
                prefix, esc = _escape(name)
                try:
                    got = _digest(ctx, algo, name)
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


def _usage_error(ctx: Context, name: str, message: str) -> int:
    ctx.err(f"{name}: {message}\nTry '{name} --help' for more information.\n")
    return 1


def _checksum(ctx: Context, argv: list[str]) -> int:
    name = argv[0].rsplit("/", 1)[-1]
    algo, tag, digits, _help, _version = _ALGOS[name]
    p = _SPECS[name].parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    check = p.has("-c", "--check")
    if check:
        if p.has("--tag"):
            return _usage_error(ctx, name, "the --tag option is meaningless when verifying checksums")
        if p.has("-z", "--zero"):
            pass
        return _check(ctx, p, algo, tag, digits)
    for opt, what in (("--ignore-missing", "--ignore-missing"), ("--quiet", "--quiet"),
                      ("--status", "--status"), ("--strict", "--strict")):
        if p.has(opt):
            return _usage_error(ctx, name, f"the {what} option is meaningful only when verifying checksums")
    if p.has("-w", "--warn"):
        return _usage_error(ctx, name, "the --warn option is meaningful only when verifying checksums")
    bsd, zero = p.has("--tag"), p.has("-z", "--zero")
    binary = p.last("-b", "--binary", "-t", "--text") is not None and [
        o for o, _ in p.options if o in ("-b", "--binary", "-t", "--text")][-1] in ("-b", "--binary")
    if bsd and p.has("-t", "--text"):
        return _usage_error(ctx, name, "--tag does not support --text mode")
    end = "\0" if zero else "\n"
    inputs = Inputs(ctx, p.operands)
    for op, stream in inputs:
        with inputs.reading(op):
            hexd = _hash(ctx, algo, stream)
            prefix, esc = ("", op) if zero else _escape(op)
            if bsd:
                ctx.out(f"{prefix}{tag} ({esc}) = {hexd}{end}")
            else:
                ctx.out(f"{prefix}{hexd} {'*' if binary else ' '}{esc}{end}")
    return inputs.status


for _name in _ALGOS:  # man's NAME line: "compute and check SHA256 message digest"
    command(_name, family="text", summary=f"compute and check {_name[:-3].upper()} message digest")(_checksum)
