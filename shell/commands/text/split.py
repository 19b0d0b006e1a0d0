"""split (GNU coreutils 9.1): a file into pieces named PREFIXaa, PREFIXab..."""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import (
    close_input,
    open_input,
    parse_count,
    quotef,
    read_all,
    stdin_failed,
)
from shelldojo.shell.context import Context, cquote, squote
from shelldojo.shell.registry import command
from shelldojo.shell.streams import BytesInput, FileInput
from shelldojo.shell.texts import verbatim

SPLIT = OptionSpec("split", short="a:b:C:del:n:t:ux", long=[
    "suffix-length=", "additional-suffix=", "bytes=", "line-bytes=", "numeric-suffixes=?",
    "hex-suffixes=?", "elide-empty-files", "filter=", "lines=", "number=", "separator=",
    "unbuffered", "verbose"], help=verbatim("text/split_help"), version=verbatim("text/split_version"))


class SplitError(Exception):
    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def _names(prefix: str, alphabet: str, width: int, auto: bool, start: int, extra: str) -> Iterator[str]:
    """Output names in order; without -a the suffix widens (…yz, zaaa…) as GNU's does."""
    lead, n = "", start
    while True:
        total = len(alphabet) ** width
        while n < total:
            digits, m = [], n
            for _ in range(width):
                digits.append(alphabet[m % len(alphabet)])
                m //= len(alphabet)
            suffix = "".join(reversed(digits))
            if auto and suffix[0] == alphabet[-1]:
                break
            yield prefix + lead + suffix + extra
            n += 1
        else:
            return   # fixed width: exhausted
        lead += alphabet[-1]
        width += 1
        n = 0


def _number(text: str, what: str, limit: int = 1 << 64) -> int:
    n = parse_count(text)
    if n is None:
        raise SplitError(f"invalid number of {what}: {cquote(text)}")
    if n == 0:
        raise SplitError(f"invalid number of {what}: {cquote(text)}: Numerical result out of range")
    return n


@command("split", family="text", summary="split a file into pieces")
def split(ctx: Context, argv: list[str]) -> int:
    p = SPLIT.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    mode: tuple[str, int | str] | None = None
    width, auto, alphabet, start = 2, True, "abcdefghijklmnopqrstuvwxyz", 0
    extra = ""
    sep: bytes | None = None
    verbose, elide = p.has("--verbose"), p.has("-e", "--elide-empty-files")
    try:
        for opt, val in p.options:
            v = val or ""
            kind = {"-l": "l", "--lines": "l", "-b": "b", "--bytes": "b", "-C": "C",
                    "--line-bytes": "C", "-n": "n", "--number": "n"}.get(opt)
            if kind:
                if mode is not None and mode[0] != kind:
                    raise SplitError("cannot split in more than one way", usage=True)
                if kind == "n":
                    mode = ("n", v)
                else:
                    mode = (kind, _number(v, {"l": "lines", "b": "bytes", "C": "bytes"}[kind]))
            elif opt in ("-a", "--suffix-length"):
                if not re.fullmatch(r"\d+", v):
                    raise SplitError(f"invalid suffix length: {cquote(v)}")
                width, auto = max(int(v), 1), False
            elif opt in ("-d", "--numeric-suffixes", "-x", "--hex-suffixes"):
                alphabet = "0123456789" if opt in ("-d", "--numeric-suffixes") else "0123456789abcdef"
                if val:
                    if not re.fullmatch(r"\d+", v):
                        raise SplitError(f"invalid start value for numerical suffix: {cquote(v)}")
                    start = int(v)
                    auto = False
            elif opt in ("-t", "--separator"):
                t = b"\0" if v == "\\0" else v.encode("utf-8", "surrogateescape")
                if len(t) != 1:
                    raise SplitError(f"multi-character separator {cquote(v)}" if t
                                     else "empty record separator")
                if sep is not None and sep != t:
                    raise SplitError("multiple separator characters specified")
                sep = t
            elif opt == "--additional-suffix":
                if "/" in v:
                    raise SplitError(f"invalid suffix {cquote(v)}, contains directory separator", usage=True)
                extra = v
        if len(p.operands) > 2:
            raise SplitError(f"extra operand {cquote(p.operands[2])}", usage=True)
        if mode and mode[0] == "n":
            _pieces(b"", mode, b"\n")   # a bad CHUNKS is reported before the input is opened
    except SplitError as exc:
        ctx.error(str(exc))
        if exc.usage:
            ctx.err("Try 'split --help' for more information.\n")
        return 1
    name = p.operands[0] if p.operands else "-"
    prefix = p.operands[1] if len(p.operands) > 1 else "x"
    try:
        stream = open_input(ctx, name)
    except OSError as exc:
        ctx.error(f"cannot open {squote(name)} for reading: {strerror(exc)}")
        return 1
    if mode and mode[0] == "n" and not isinstance(stream, FileInput):   # a pipe has no size to divide
        close_input(ctx, stream)
        ctx.error(f"{quotef(name)}: cannot determine file size")
        return 1
    try:
        data = read_all(ctx, stream)
    except OSError as exc:
        if not stdin_failed(ctx, name, exc):
            ctx.error(f"{quotef(name)}: read error: {strerror(exc)}")
        return 1
    finally:
        close_input(ctx, stream)
    mode = mode or ("l", 1000)
    try:
        pieces = _pieces(data, mode, sep or b"\n")
    except SplitError as exc:
        ctx.error(str(exc))
        return 1
    if mode[0] == "n" and isinstance(pieces, bytes):   # K/N: that chunk to stdout
        ctx.out(pieces)
        return 0
    filt = p.last("--filter")
    names = _names(prefix, alphabet, width, auto and mode[0] != "n", start, extra)
    for piece in pieces:
        if elide and not piece:
            continue
        out = next(names, None)
        if out is None:
            ctx.error("output file suffixes exhausted")
            return 1
        if filt is not None:   # --filter: the piece goes to a shell command's stdin, $FILE naming it
            if verbose:
                ctx.out(f"executing with FILE={out}\n")
            shell = ctx.env.get("SHELL") or "/bin/sh"
            sub = dataclasses.replace(ctx, stdin=BytesInput(piece), env={**ctx.env, "FILE": out})
            code = int(ctx.runner.run_argv(sub, [shell, "-c", filt]))
            if code:
                ctx.error(f"with FILE={out}, exit {code} from command: {filt}")
                return code
            continue
        if verbose:
            ctx.out(f"creating file {squote(out)}\n")
        try:
            with ctx.vfs.open(ctx.abspath(out), "wb") as f:
                f.write(piece)
        except OSError as exc:
            ctx.error(f"{quotef(out)}: {strerror(exc)}")
            return 1
    return 0


def _pieces(data: bytes, mode: tuple[str, int | str], sep: bytes) -> list[bytes] | bytes:
    kind, arg = mode
    if kind == "b":
        n = int(arg)
        return [data[i:i + n] for i in range(0, len(data), n)]
    lines = [r + sep for r in data.split(sep)]
    lines[-1] = lines[-1][:-1]
    if not lines[-1]:
        lines.pop()
    if kind == "l":
        n = int(arg)
        return [b"".join(lines[i:i + n]) for i in range(0, len(lines), n)]
    if kind == "C":   # at most N bytes of whole lines (a longer line is cut)
        n, out, cur = int(arg), [], b""
        for line in lines:
            while len(line) > n:
                if cur:
                    out.append(cur)
                    cur = b""
                out.append(line[:n])
                line = line[n:]
            if len(cur) + len(line) > n:
                out.append(cur)
                cur = b""
            cur += line
        return out + ([cur] if cur else [])
    m = re.fullmatch(r"(?:([lr])/)?(?:(\d+)/)?(\d+)", str(arg))
    if not m or int(m.group(3)) == 0:
        raise SplitError(f"invalid number of chunks: {cquote(str(arg))}"
                         + (": Numerical result out of range" if m else ""))
    how, k, n = m.group(1), int(m.group(2)) if m.group(2) else 0, int(m.group(3))
    if m.group(2) and not 0 < k <= n:
        raise SplitError(f"invalid chunk number: {cquote(m.group(2))}")
    size = len(data)
    if how == "r":
        chunks = [b"".join(lines[i::n]) for i in range(n)]
    elif how == "l":
        chunks, pos, ci = [b""] * n, 0, 0
        for line in lines:
            while ci < n - 1 and pos > (ci + 1) * (size // n) - 1:
                ci += 1
            chunks[ci] += line
            pos += len(line)
    else:
        step = size // n
        chunks = [data[i * step:(i + 1) * step if i < n - 1 else size] for i in range(n)]
    return chunks[k - 1] if k else chunks
