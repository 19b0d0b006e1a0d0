"""head and tail (GNU coreutils 9.1)."""
from __future__ import annotations

import errno
import re
from collections import deque
from collections.abc import Callable

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import CHUNK, Inputs, chunks, lines, parse_count, read_all
from shelldojo.shell.context import Context, squote
from shelldojo.shell.registry import command
from shelldojo.shell.streams import InputStream
from shelldojo.shell.texts import verbatim


# -- head / tail --------------------------------------------------------------------------------
def _header(ctx: Context, name: str, first: bool) -> None:
    label = "standard input" if name == "-" else name
    ctx.out(("" if first else "\n") + f"==> {label} <==\n")


def _bad_count(ctx: Context, lines_mode: bool, text: str) -> int:
    ctx.error(f"invalid number of {'lines' if lines_mode else 'bytes'}: \u2018{text}\u2019")
    return 1


HEAD = OptionSpec("head", short="c:n:qvz", long=["bytes=", "lines=", "quiet", "silent", "verbose",
                  "zero-terminated"], help=verbatim("text/head_help"), version=verbatim("text/head_version"))


def _head_stream(ctx: Context, stream: InputStream, by_lines: bool, count: int, elide: bool,
                 delim: bytes) -> None:
    if by_lines and not elide:
        if count <= 0:
            return
        for line in lines(ctx, stream, delim):
            ctx.out(line)
            count -= 1
            if count <= 0:
                return
    elif by_lines:
        window: deque[bytes] = deque()
        for line in lines(ctx, stream, delim):
            window.append(line)
            if len(window) > count:
                ctx.out(window.popleft())
    elif not elide:
        while count > 0:
            ctx.check()
            data = stream.read(min(count, CHUNK))
            if not data:
                return
            ctx.out(data)
            count -= len(data)
    else:
        buf = b""
        for data in chunks(ctx, stream):
            buf += data
            if len(buf) > count:
                cut = len(buf) - count
                ctx.out(buf[:cut])
                buf = buf[cut:]


@command("head", family="text")
def head(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    if args and (m := re.fullmatch(r"-(\d+)([bkm]?)([clqvz]*)", args[0])):
        mult = {"": 1, "b": 512, "k": 1024, "m": 1048576}[m.group(2)]
        opt = "-c" if "c" in m.group(3) or m.group(2) else "-n"
        args = [opt, str(int(m.group(1)) * mult)] + [f"-{c}" for c in m.group(3) if c in "qvz"] + args[1:]
    p = HEAD.parse(ctx, args)
    if isinstance(p, int):
        return p
    by_lines, count, elide, verbose, delim = True, 10, False, False, b"\n"
    for opt, val in p.options:
        if opt in ("-n", "--lines", "-c", "--bytes"):
            by_lines = opt in ("-n", "--lines")
            text = val or ""
            elide = text.startswith("-")
            n = parse_count(text[1:] if elide else text)
            if n is None:
                return _bad_count(ctx, by_lines, text[1:] if elide else text)
            count = n
        elif opt in ("-q", "--quiet", "--silent"):
            verbose = False
        elif opt in ("-v", "--verbose"):
            verbose = True
        elif opt in ("-z", "--zero-terminated"):
            delim = b"\0"
    files = p.operands or ["-"]
    headers = verbose if p.has("-q", "--quiet", "--silent", "-v", "--verbose") else len(files) > 1
    return _each_file(ctx, files, headers, lambda s: _head_stream(ctx, s, by_lines, count, elide, delim))


def _each_file(ctx: Context, files: list[str], headers: bool, work: Callable[[InputStream], None]) -> int:
    """Run work(stream) on each operand with head/tail's headers and messages."""
    first = True

    def header(name: str) -> None:
        nonlocal first
        if headers:
            _header(ctx, name, first)
            first = False

    def cannot(name: str, exc: OSError) -> None:
        if exc.errno == errno.EISDIR and not inputs.opened:
            header(name)  # Linux opens a directory; reading it is what fails
        if inputs.opened or exc.errno == errno.EISDIR:
            ctx.error(f"error reading {squote(name)}: {strerror(exc)}")
        else:
            ctx.error(f"cannot open {squote(name)} for reading: {strerror(exc)}")

    inputs = Inputs(ctx, files, on_error=cannot)
    for name, stream in inputs:
        header(name)
        with inputs.reading(name):
            work(stream)
    return inputs.status


TAIL = OptionSpec("tail", short="c:n:fFqsvz", long=["bytes=", "lines=", "follow=?", "retry", "pid=",
                  "quiet", "silent", "sleep-interval=", "max-unchanged-stats=", "verbose",
                  "zero-terminated"], help=verbatim("text/tail_help"), version=verbatim("text/tail_version"))


def _tail_data(data: bytes, by_lines: bool, count: int, from_start: bool, delim: bytes) -> bytes:
    if not by_lines:
        if from_start:
            return data[max(count - 1, 0):]
        return data[len(data) - count:] if count else b""
    if from_start:
        pos = 0
        for _ in range(max(count - 1, 0)):
            i = data.find(delim, pos)
            if i < 0:
                return b""
            pos = i + 1
        return data[pos:]
    if count <= 0:
        return b""
    end = len(data) - 1 if data.endswith(delim) else len(data)
    pos = end
    for _ in range(count):
        i = data.rfind(delim, 0, pos)
        if i < 0:
            return data
        pos = i
    return data[pos + 1:]


@command("tail", family="text")
def tail(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    if len(args) in (1, 2) and not (len(args) == 2 and args[1].startswith("-") and args[1] != "-") \
            and (m := re.fullmatch(r"([+-])(\d*)([bcl]?)(f?)", args[0])) and args[0] != "-" \
            and not (m.group(1) == "-" and args[0] == "-c"):
        sign, digits, unit = m.group(1), m.group(2) or "10", m.group(3)
        n = int(digits) * (512 if unit == "b" else 1)
        args = ["-c" if unit in "bc" and unit else "-n", ("+" if sign == "+" else "") + str(n)] + args[1:]
    p = TAIL.parse(ctx, args)
    if isinstance(p, int):
        return p
    by_lines, count, from_start, verbose, delim = True, 10, False, False, b"\n"
    for opt, val in p.options:
        if opt in ("-n", "--lines", "-c", "--bytes"):
            by_lines = opt in ("-n", "--lines")
            text = val or ""
            from_start = text.startswith("+")
            n = parse_count(text.removeprefix("-"))
            if n is None:
                return _bad_count(ctx, by_lines, text.removeprefix("-"))
            count = n
        elif opt in ("-q", "--quiet", "--silent"):
            verbose = False
        elif opt in ("-v", "--verbose"):
            verbose = True
        elif opt in ("-z", "--zero-terminated"):
            delim = b"\0"
    files = p.operands or ["-"]
    headers = verbose if p.has("-q", "--quiet", "--silent", "-v", "--verbose") else len(files) > 1

    def work(stream: InputStream) -> None:
        if from_start and not by_lines:
            skip = max(count - 1, 0)
            while skip > 0:
                data = stream.read(min(skip, CHUNK))
                if not data:
                    return
                skip -= len(data)
            for data in chunks(ctx, stream):
                ctx.out(data)
        elif from_start:
            for i, line in enumerate(lines(ctx, stream, delim)):
                if i + 1 >= count:
                    ctx.out(line)
        else:
            ctx.out(_tail_data(read_all(ctx, stream), by_lines, count, from_start, delim))
    return _each_file(ctx, files, headers, work)
