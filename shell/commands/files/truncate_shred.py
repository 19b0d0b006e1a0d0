"""truncate and shred (GNU coreutils 9.1): resize a file, or overwrite it (and remove it with -u),
always within the disk's quota and the file-size limit."""
from __future__ import annotations

import errno
import posixpath
import random
import re
import stat as st

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import quotef
from shelldojo.shell.context import Context, cquote, squote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

BLOCK = 4096  # st_blksize of the virtual disk: truncate -o's unit, shred's rounding

TRUNCATE = OptionSpec("truncate", short="cor:s:", long=["no-create", "io-blocks", "reference=", "size="],
                      help=verbatim("files/truncate_help"), version=verbatim("files/truncate_version"))
SHRED = OptionSpec("shred", short="fn:s:uvxz", long=["force", "iterations=", "size=", "remove=?", "verbose",
                                                     "exact", "zero", "random-source="],
                   help=verbatim("files/shred_help"), version=verbatim("files/shred_version"))
_SUFFIX = re.compile(r"(\d+)(?:([kKMGTPEZY])(B|iB)?|(b))?")


def parse_size(text: str) -> int | None:
    """A size with GNU's multiplier suffixes (K, KB, KiB, M...); None when invalid."""
    m = _SUFFIX.fullmatch(text)
    if not m:
        return None
    n, letter, unit = int(m.group(1)), m.group(2), m.group(3)
    if m.group(4):
        return n * 512
    if not letter:
        return n
    power = "KMGTPEZY".index(letter.upper()) + 1
    return n * (1000 if unit == "B" else 1024) ** power


def _usage(ctx: Context, message: str) -> int:
    ctx.err(f"{ctx.name}: {message}\nTry '{ctx.name} --help' for more information.\n")
    return 1


def resize(ctx: Context, path: str, size: int) -> None:
    """Set a regular file's length: cut, or extended with zero bytes; raises OSError."""
    old = ctx.vfs.stat(path).st_size
    if size > ctx.machine.limits.max_file_bytes:
        raise OSError(errno.EFBIG, "")
    if size - old > ctx.vfs.disk_usage().free:
        raise OSError(errno.ENOSPC, "")
    with ctx.vfs.open(path, "r+b") as f:
        f.truncate(size)
        if size > old:
            f.seek(old)
            f.write(b"\0" * (size - old))


@command("truncate", family="files", summary="shrink or extend the size of a file to the specified size")
def truncate(ctx: Context, argv: list[str]) -> int:
    p = TRUNCATE.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    raw, ref = p.last("-s", "--size"), p.last("-r", "--reference")
    op, amount = "", 0
    if raw is not None:
        text = raw.lstrip(" \t\n")
        if text[:1] in ("+", "-", "<", ">", "/", "%"):
            op, text = text[0], text[1:].lstrip(" \t\n")
        value = parse_size(text)
        if value is None:
            ctx.error(f"Invalid number: {cquote(raw)}")
            return 1
        amount = value
        if op in ("/", "%") and amount == 0:
            ctx.error("division by zero")
            return 1
    if raw is None and ref is None:
        return _usage(ctx, f"you must specify either {cquote('--size')} or {cquote('--reference')}")
    if raw is not None and ref is not None and not op:
        return _usage(ctx, f"you must specify a relative {cquote('--size')} with {cquote('--reference')}")
    if not p.operands:
        return _usage(ctx, "missing file operand")
    blocks = p.has("-o", "--io-blocks")
    if blocks:
        amount *= BLOCK
    base = None
    if ref is not None:
        try:
            base = ctx.vfs.stat(ctx.abspath(ref)).st_size
        except OSError as exc:
            ctx.error(f"cannot stat {squote(ref)}: {strerror(exc)}")
            return 1
    status = 0
    for name in p.operands:
        path = ctx.abspath(name)
        try:
            if not ctx.vfs.exists(path):
                if p.has("-c", "--no-create"):
                    continue
                ctx.vfs.open(path, "wb").close()
            elif ctx.vfs.isdir(path):
                raise OSError(errno.EISDIR, "")
            else:
                ctx.vfs.open(path, "r+b").close()  # write permission, as open(O_WRONLY) checks
        except OSError as exc:
            ctx.error(f"cannot open {squote(name)} for writing: {strerror(exc)}")
            status = 1
            continue
        old = base if base is not None else ctx.vfs.stat(path).st_size
        new = {"": old if raw is None else amount, "+": old + amount, "-": max(0, old - amount), "<": min(old, amount),
               ">": max(old, amount), "/": old // max(amount, 1) * amount,
               "%": -(-old // max(amount, 1)) * amount}[op]
        try:
            resize(ctx, path, new)
        except OSError as exc:
            ctx.error(f"failed to truncate {squote(name)} at {new} bytes: {strerror(exc)}")
            status = 1
    return status


# shred's fixed patterns (GNU's table); the passes between random ones use them shuffled
_PATTERNS = ["000000", "ffffff", "555555", "aaaaaa", "249249", "492492", "924924", "6db6db", "b6db6d",
             "db6db6", "111111", "222222", "333333", "444444", "666666", "777777", "888888", "999999",
             "bbbbbb", "cccccc", "dddddd", "eeeeee", "124924", "36db6d", "800000", "c92492"]
_CHUNK = 3 << 18  # bytes written at once (a multiple of 3: the patterns are 3 bytes long)
_NAMESET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_."


def _passes(n: int) -> list[str]:
    """GNU's plan: random first, last and about every tenth pass; fixed patterns between."""
    if n <= 3:
        return ["random"] * n
    fixed = random.sample(_PATTERNS, len(_PATTERNS))
    plan = []
    for i in range(n):
        plan.append("random" if i in (0, n - 1) or i % 10 == 0 else fixed[(i - 1) % len(fixed)])
    return plan


def _remove(ctx: Context, name: str, how: str, verbose: bool) -> None:
    """-u: rename to ever shorter names of one repeated character, then unlink; raises OSError."""
    if verbose:
        ctx.err(f"shred: {name}: removing\n")
    current = name
    if how != "unlink":
        head, base = posixpath.split(name)
        for length in range(len(base), 0, -1):
            for c in _NAMESET:
                candidate = posixpath.join(head, c * length)
                if candidate == current or not ctx.vfs.exists(ctx.abspath(candidate), follow=False):
                    break
            if candidate == current:
                continue
            ctx.vfs.rename(ctx.abspath(current), ctx.abspath(candidate))
            if verbose:
                ctx.err(f"shred: {current}: renamed to {candidate}\n")
            current = candidate
    ctx.vfs.unlink(ctx.abspath(current))
    if verbose:
        ctx.err(f"shred: {name}: removed\n")


@command("shred", family="files", summary="overwrite a file to hide its contents, and optionally delete it")
def shred(ctx: Context, argv: list[str]) -> int:
    p = SHRED.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    raw_n, raw_s = p.last("-n", "--iterations"), p.last("-s", "--size")
    count = 3
    if raw_n is not None:
        if not raw_n.isdigit():
            ctx.error(f"invalid number of passes: {cquote(raw_n)}")
            return 1
        count = int(raw_n)
    limit = None
    if raw_s is not None:
        limit = parse_size(raw_s)
        if limit is None:
            ctx.error(f"invalid file size: {cquote(raw_s)}")
            return 1
    how = p.last("--remove")
    remove = p.has("-u") or how is not None
    verbose, zero, exact = p.has("-v", "--verbose"), p.has("-z", "--zero"), p.has("-x", "--exact")
    if not p.operands:
        return _usage(ctx, "missing file operand")
    status = 0
    for name in p.operands:
        path = ctx.abspath(name)
        try:
            s = ctx.vfs.stat(path)
            if st.S_ISDIR(s.st_mode):
                raise OSError(errno.EISDIR, "")
            if p.has("-f", "--force") and not ctx.vfs.access(path, 2):
                ctx.vfs.chmod(path, s.st_mode | 0o200)
            ctx.vfs.open(path, "r+b").close()
        except OSError as exc:
            ctx.error(f"{quotef(name)}: failed to open for writing: {strerror(exc)}")
            status = 1
            continue
        size = s.st_size if limit is None else min(limit, s.st_size) if exact else limit
        if limit is None and not exact and size % BLOCK:
            size += BLOCK - size % BLOCK
        plan = _passes(count) + (["000000"] if zero else [])
        try:
            for i, pattern in enumerate(plan, 1):
                ctx.check()
                if size and verbose:
                    ctx.err(f"shred: {name}: pass {i}/{len(plan)} ({pattern})...\n")
                old = ctx.vfs.stat(path).st_size
                if max(size, old) > ctx.machine.limits.max_file_bytes:
                    raise OSError(errno.EFBIG, "")
                if size - old > ctx.vfs.disk_usage().free:
                    raise OSError(errno.ENOSPC, "")
                fixed = bytes.fromhex(pattern) * (_CHUNK // 3) if pattern != "random" else b""
                with ctx.vfs.open(path, "r+b") as f:
                    for start in range(0, size, _CHUNK):  # a chunk at a time: memory stays small
                        ctx.check()
                        n = min(_CHUNK, size - start)
                        f.write(random.randbytes(n) if pattern == "random" else fixed[:n])
            if remove:
                _remove(ctx, name, how or "wipesync", verbose)
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(exc)}")
            status = 1
    return status
