"""dd (GNU coreutils 9.1): copy in ibs-sized input blocks to obs-sized output blocks, with
skip/seek/count, conversions, and the records/transfer summary on stderr."""
from __future__ import annotations

import errno
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.textio import RandomInput, open_input, quotef
from shelldojo.shell.context import Context, cquote, squote
from shelldojo.shell.registry import command
from shelldojo.shell.streams import FileInput, InputStream, ZeroInput
from shelldojo.shell.texts import verbatim

_OPERANDS = ("bs", "cbs", "conv", "count", "ibs", "if", "iflag", "obs", "of", "oflag", "seek", "skip", "status",
             "iseek", "oseek")
_CONVS = {"ascii", "ebcdic", "ibm", "block", "unblock", "lcase", "ucase", "sparse", "swab", "sync", "excl",
          "nocreat", "notrunc", "noerror", "fdatasync", "fsync"}
_FLAGS = {"append", "binary", "cio", "direct", "directory", "dsync", "sync", "fullblock", "noatime",
          "nocache", "noctty", "nofollow", "nolinks", "nonblock", "text", "count_bytes", "skip_bytes",
          "seek_bytes"}
_MULT = {"c": 1, "w": 2, "b": 512, "kB": 1000, "K": 1024, "KiB": 1024}
for _i, _p in enumerate("MGTPEZY", 2):
    _MULT.update({f"{_p}B": 1000 ** _i, _p: 1024 ** _i, f"{_p}iB": 1024 ** _i})
_MULT["k"] = 1024


class Usage(Exception):
    """A bad operand: GNU's message, and whether the 'Try' line follows."""


@dataclass
class Opts:
    values: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    conv: set[str] = field(default_factory=set)
    iflag: set[str] = field(default_factory=set)
    oflag: set[str] = field(default_factory=set)
    status: str = ""


def _number(text: str) -> int:
    total = 1
    for part in text.split("x"):
        m = re.fullmatch(r"(\d+)([A-Za-z]*)", part)
        if not m or (m.group(2) and m.group(2) not in _MULT):
            raise Usage(f"invalid number: {cquote(text)}", False)
        total *= int(m.group(1)) * _MULT.get(m.group(2), 1)
    return total


def _parse(argv: list[str]) -> Opts:
    o = Opts()
    for arg in argv:
        key, eq, value = arg.partition("=")
        if not eq or key not in _OPERANDS:
            raise Usage(f"unrecognized operand {cquote(arg)}", True)
        if key in ("if", "of"):
            o.files[key] = value
        elif key == "status":
            if value not in ("none", "noxfer", "progress"):
                raise Usage(f"invalid status level: {cquote(value)}", True)
            o.status = value
        elif key in ("conv", "iflag", "oflag"):
            table, what = (_CONVS, "conversion") if key == "conv" else (
                _FLAGS, "input flag" if key == "iflag" else "output flag")
            for word in value.split(","):
                if word not in table:
                    raise Usage(f"invalid {what}: {cquote(word)}", True)
                getattr(o, key).add(word)
        else:
            n = _number(value)
            if n == 0 and key in ("bs", "ibs", "obs", "cbs"):
                raise Usage(f"invalid number: {cquote(value)}", False)
            o.values["skip" if key == "iseek" else "seek" if key == "oseek" else key] = n
    if {"lcase", "ucase"} <= o.conv:
        raise Usage("cannot combine lcase and ucase", False)
    if {"block", "unblock"} <= o.conv:
        raise Usage("cannot combine block and unblock", False)
    if {"excl", "nocreat"} <= o.conv:
        raise Usage("cannot combine excl and nocreat", False)
    return o


def _human(n: float) -> str:
    """human_readable with autoscale, SI or 1024, one decimal under 10."""
    return _scaled(n, 1000, "kMGTPEZY", "B")


def _scaled(n: float, base: int, prefixes: str, unit: str) -> str:
    if n < base:
        return f"{n:.0f} {unit}" if n == int(n) else f"{n:.1f} {unit}" if n < 10 else f"{n:.0f} {unit}"
    i = -1
    while n >= base and i + 1 < len(prefixes):
        n /= base
        i += 1
    text = f"{n:.1f}" if n < 10 else f"{n:.0f}"
    return f"{text} {prefixes[i]}{'i' if base == 1024 else ''}{unit}"


def summary(full_in: int, part_in: int, full_out: int, part_out: int, truncated: int, written: int,
            seconds: float, status: str) -> str:
    if status == "none":
        return ""
    text = f"{full_in}+{part_in} records in\n{full_out}+{part_out} records out\n"
    if truncated:
        text += f"{truncated} truncated record{'s' if truncated > 1 else ''}\n"
    if status == "noxfer":
        return text
    rate = _human(written / seconds) + "/s" if seconds > 0 else "Infinity B/s"
    si, iec = _scaled(written, 1000, "kMGTPEZY", "B"), _scaled(written, 1024, "KMGTPEZY", "B")
    if written < 1000:
        amount = f"{written} byte{'' if written == 1 else 's'}"
    elif written < 1024:
        amount = f"{written} bytes ({si})"
    else:
        amount = f"{written} bytes ({si}, {iec})"
    return text + f"{amount} copied, {seconds:.2g} s, {rate}\n"


class _WriteFailed(Exception):
    """A write to the output failed (the OSError is its cause): dd stops with 'error writing'."""


class _Output:
    """of= (a VFS file at the seek offset, within the quota) or the standard output."""

    def __init__(self, ctx: Context, f: IO[bytes] | None) -> None:
        self.ctx, self.f = ctx, f

    def write(self, data: bytes) -> None:
        try:
            self._write(data)
        except OSError as exc:
            raise _WriteFailed(exc) from exc

    def _write(self, data: bytes) -> None:
        if self.f is None:
            self.ctx.stdout.write(data)
            return
        if not hasattr(self.f, "tell"):  # a device
            self.f.write(data)
            return
        limit = self.ctx.machine.limits.max_file_bytes
        if self.f.tell() + len(data) > limit:
            raise OSError(errno.EFBIG, "")
        if len(data) > self.ctx.vfs.disk_usage().free:
            raise OSError(errno.ENOSPC, "")
        self.f.write(data)


def _open_output(ctx: Context, o: Opts, seek_bytes: int) -> IO[bytes]:
    name = o.files["of"]
    path = ctx.abspath(name)
    exists = ctx.vfs.exists(path)
    if exists and "excl" in o.conv:
        raise OSError(errno.EEXIST, "")
    if not exists and "nocreat" in o.conv:
        raise OSError(errno.ENOENT, "")
    f = ctx.vfs.open(path, "r+b") if exists else ctx.vfs.open(path, "wb")
    if not hasattr(f, "seek"):  # a device (/dev/null): nothing to position
        return f
    if "append" in o.oflag:
        f.seek(0, 2)
        return f
    size = f.seek(0, 2)
    if "notrunc" not in o.conv and size > seek_bytes:
        f.truncate(seek_bytes)
        size = seek_bytes
    if seek_bytes > size:
        if seek_bytes > ctx.machine.limits.max_file_bytes:
            raise OSError(errno.EFBIG, "")
        f.write(b"\0" * (seek_bytes - size))
    f.seek(seek_bytes)
    return f


def _converter(o: Opts, cbs: int) -> tuple[Callable[[bytes], bytes], list[int], Callable[[], bytes]]:
    """The conv= transformations of one input block; counts truncated records (block); the
    flush gives what block/unblock still hold at the end of the input."""
    truncated = [0]
    pending = bytearray()

    def convert(data: bytes) -> bytes:
        if "swab" in o.conv:
            swapped = bytearray(data)
            swapped[0:len(data) - len(data) % 2:2], swapped[1:len(data) - len(data) % 2:2] = \
                data[1:len(data) - len(data) % 2:2], data[0:len(data) - len(data) % 2:2]
            data = bytes(swapped)
        if "lcase" in o.conv:
            data = data.lower()
        elif "ucase" in o.conv:
            data = data.upper()
        if "block" in o.conv and cbs:
            pending.extend(data)
            out = bytearray()
            while b"\n" in pending:
                line, _, rest = bytes(pending).partition(b"\n")
                pending[:] = rest
                if len(line) > cbs:
                    truncated[0] += 1
                out += line[:cbs].ljust(cbs, b" ")
            return bytes(out)
        if "unblock" in o.conv and cbs:
            pending.extend(data)
            out = bytearray()
            while len(pending) >= cbs:
                out += bytes(pending[:cbs]).rstrip(b" ") + b"\n"
                del pending[:cbs]
            return bytes(out)
        return data

    def flush() -> bytes:
        if not pending:
            return b""
        last = bytes(pending)
        if "block" in o.conv:
            if len(last) > cbs:
                truncated[0] += 1
            return last[:cbs].ljust(cbs, b" ")
        return last.rstrip(b" ") + b"\n"

    return convert, truncated, flush


def _read_block(ctx: Context, stream: InputStream, n: int, full: bool) -> bytes:
    ctx.check()
    data = stream.read1(n)
    if full:
        while data and len(data) < n:
            more = stream.read1(n - len(data))
            if not more:
                break
            data += more
    return data


@command("dd", family="files", summary="convert and copy a file")
def dd(ctx: Context, argv: list[str]) -> int:
    if argv[1:2] == ["--help"]:
        ctx.out(verbatim("files/dd_help"))
        return 0
    if argv[1:2] == ["--version"]:
        ctx.out(verbatim("files/dd_version"))
        return 0
    args = argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    try:
        o = _parse(args)
    except Usage as exc:
        ctx.error(exc.args[0])
        if exc.args[1]:
            ctx.err("Try 'dd --help' for more information.\n")
        return 1
    bs = o.values.get("bs")
    ibs, obs = bs or o.values.get("ibs", 512), bs or o.values.get("obs", 512)
    cbs = o.values.get("cbs", 0)
    skip, seek, count = o.values.get("skip", 0), o.values.get("seek", 0), o.values.get("count")
    skip_bytes = skip if "skip_bytes" in o.iflag else skip * ibs
    seek_bytes = seek if "seek_bytes" in o.oflag else seek * obs
    count_bytes = None if count is None else count if "count_bytes" in o.iflag else count * ibs
    in_name = o.files.get("if", "-")
    try:
        stream = open_input(ctx, in_name) if "if" in o.files else ctx.stdin
    except OSError as exc:
        if exc.errno != errno.EISDIR:
            ctx.error(f"failed to open {squote(in_name)}: {strerror(exc)}")
            return 1
        ctx.error(f"error reading {squote(in_name)}: {strerror(exc)}")  # Linux opens it; read fails
        ctx.err(summary(0, 0, 0, 0, 0, 0, 0.0, o.status))
        return 1
    out_f = None
    if "of" in o.files:
        try:
            out_f = _open_output(ctx, o, seek_bytes)
        except OSError as exc:
            ctx.error(f"failed to open {squote(o.files['of'])}: {strerror(exc)}")
            return 1
    out = _Output(ctx, out_f)
    start = time.monotonic()
    full_in = part_in = full_out = part_out = written = 0
    status = 0
    convert, truncated, flush = _converter(o, cbs)
    buffered = bytearray()
    # a file or device fills each read; a pipe gives what it holds, unless iflag=fullblock
    whole = "fullblock" in o.iflag or isinstance(stream, (FileInput, ZeroInput, RandomInput))
    direct = bs is not None and not ({"block", "unblock"} & o.conv)  # bs=: each block goes out as read
    try:
        try:
            remaining = skip_bytes
            while remaining:
                data = _read_block(ctx, stream, min(remaining, ibs), True)
                if not data:
                    ctx.error(f"{quotef(in_name)}: cannot skip to specified offset")
                    break
                remaining -= len(data)
            copied = 0
            while count_bytes is None or copied < count_bytes:
                want = ibs if count_bytes is None else min(ibs, count_bytes - copied)
                data = _read_block(ctx, stream, want, whole)
                if not data:
                    break
                copied += len(data)
                if len(data) == ibs:
                    full_in += 1
                else:
                    part_in += 1
                    if "sync" in o.conv:
                        data = data.ljust(ibs, b" " if {"block", "unblock"} & o.conv else b"\0")
                data = convert(data)
                if direct:
                    if data:
                        out.write(data)
                        written += len(data)
                        full_out, part_out = (full_out + 1, part_out) if len(data) == obs else (full_out, part_out + 1)
                    continue
                buffered += data
                while len(buffered) >= obs:
                    out.write(bytes(buffered[:obs]))
                    del buffered[:obs]
                    written += obs
                    full_out += 1
        except _WriteFailed:
            raise
        except OSError as exc:
            if exc.errno == errno.EISDIR or "noerror" not in o.conv:  # stdin: GNU's name for it
                ctx.error(f"error reading {squote('standard input' if in_name == '-' else in_name)}: "
                          f"{strerror(exc)}")
                status = 1
        buffered += flush()
        if buffered:
            out.write(bytes(buffered))
            written += len(buffered)
            part_out += 1
    except _WriteFailed as failed:
        exc = failed.args[0]
        if not isinstance(exc, OSError) or exc.errno == errno.EPIPE or type(exc).__name__ == "BrokenPipe":
            raise exc from None
        ctx.error(f"error writing {squote(o.files.get('of', 'standard output'))}: {strerror(exc)}")
        status = 1
    finally:
        if out_f is not None:
            out_f.close()
        if "if" in o.files and stream is not ctx.stdin:
            stream.close()
    ctx.err(summary(full_in, part_in, full_out, part_out, truncated[0], written,
                    time.monotonic() - start, o.status))
    return status
