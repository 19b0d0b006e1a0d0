"""Text commands that stream files: cat head tail wc tee rev nl (GNU coreutils 9.1, util-linux rev).

Shared input helpers live here too (textproc and textmisc import them).
"""
from __future__ import annotations

import errno
import posixpath
import random
import re
import stat as st
import unicodedata
from collections import deque
from collections.abc import Iterator

from filesystem import strerror
from filesystem.vfs import oserror
from shell.commands import text_help as H
from shell.commands.context import Context, squote
from shell.commands.options import OptionSpec
from shell.commands.registry import command
from shell.streams import Budget, FileInput, InputStream, LimitExceeded, ZeroInput

CHUNK = 65536
MAX_LINE = 64 * 1024 * 1024  # an endless line (cat /dev/zero | sort) stops here, not in memory exhaustion


# -- shared helpers -----------------------------------------------------------------------------
class RandomInput(InputStream):
    """/dev/urandom: endless random bytes."""

    def __init__(self, budget: Budget | None = None) -> None:
        self.budget = budget

    def read(self, n: int = -1) -> bytes:
        if self.budget:
            self.budget.check()
        if n < 0:
            raise LimitExceeded("reading an endless device to its end")
        return random.randbytes(min(n, CHUNK))

    def readline(self) -> bytes:
        return self.read(256)


_SHELL_SPECIAL = set(" !\"$&'()*:;<=>?[\\^`|")


def quotef(name: str) -> str:
    """GNU's quotef: the name bare when safe, else shell-quoted ('a b', "a'b", 'a'$'\\n''b')."""
    def ctrl(c: str) -> bool:
        return ord(c) < 32 or ord(c) == 127

    if name and not any(c in _SHELL_SPECIAL or ctrl(c) for c in name) and name[0] not in "#~":
        return name
    if not any(ctrl(c) for c in name):
        return squote(name)
    out: list[str] = []
    run = ""
    for c in name:
        if not ctrl(c):
            run += c
            continue
        if run:
            out.append("'" + run.replace("'", "'\\''") + "'")
            run = ""
        elif not out:
            out.append("''")
        esc = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a", "\b": "\\b", "\f": "\\f",
               "\v": "\\v", "\x1b": "\\E"}.get(c, f"\\{ord(c):03o}")
        out.append(f"$'{esc}'")
    if run:
        out.append("'" + run.replace("'", "'\\''") + "'")
    return "".join(out)


def _fix_errno(ctx: Context, path: str, exc: OSError) -> OSError:
    """pyfakefs says ENOENT where Linux says ENOTDIR (a file used as a directory)."""
    if exc.errno != errno.ENOENT:
        return exc
    parts = path.rstrip("/").split("/")
    for i in range(2, len(parts)):
        prefix = "/".join(parts[:i])
        try:
            if not st.S_ISDIR(ctx.vfs.stat(prefix).st_mode):
                return oserror(errno.ENOTDIR, path)
        except OSError:
            return exc
    if path.endswith("/") and ctx.vfs.exists(path.rstrip("/")):
        return oserror(errno.ENOTDIR, path)
    return exc


def open_input(ctx: Context, name: str) -> InputStream:
    """Open an operand for reading ("-" is stdin); raises OSError with the real errno."""
    if name == "-":
        return ctx.stdin
    path = ctx.abspath(name)
    norm = posixpath.normpath(path)
    if norm == "/dev/zero":
        return ZeroInput(b"\0", ctx.budget)
    if norm in ("/dev/urandom", "/dev/random"):
        return RandomInput(ctx.budget)
    if norm in ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"):
        return ctx.stdin
    try:
        return FileInput(ctx.vfs.open(path))
    except OSError as exc:
        raise _fix_errno(ctx, path, exc) from None


def close_input(ctx: Context, stream: InputStream) -> None:
    if stream is not ctx.stdin:
        stream.close()


def read_some(stream: InputStream, n: int = CHUNK) -> bytes:
    """Up to n bytes, without waiting for more than a pipe already holds (so pipelines stream)."""
    fill = getattr(stream, "_fill", None)
    if fill is not None and hasattr(stream, "pending"):
        if not stream.pending:  # type: ignore[attr-defined]
            fill()
        data = stream.pending[:n]  # type: ignore[attr-defined]
        stream.pending = stream.pending[n:]  # type: ignore[attr-defined]
        return data  # type: ignore[no-any-return]
    return stream.read(n)


def chunks(ctx: Context, stream: InputStream) -> Iterator[bytes]:
    while True:
        ctx.check()
        data = read_some(stream)
        if not data:
            return
        yield data


def read_all(ctx: Context, stream: InputStream) -> bytes:
    parts, size = [], 0
    for data in chunks(ctx, stream):
        parts.append(data)
        size += len(data)
        if size > MAX_LINE:
            raise LimitExceeded("input too large")
    return b"".join(parts)


def lines(ctx: Context, stream: InputStream, delim: bytes = b"\n") -> Iterator[bytes]:
    """Lines with their terminator (the last one may lack it), read as they arrive."""
    if delim == b"\n":
        pending = b""
        while True:
            ctx.check()
            line = stream.readline()
            if not line:
                if pending:
                    yield pending
                return
            if line.endswith(b"\n"):
                yield pending + line
                pending = b""
            else:
                pending += line
                if len(pending) > MAX_LINE:
                    raise LimitExceeded("line too long")
        return
    buf = b""
    for data in chunks(ctx, stream):
        buf += data
        *done, buf = buf.split(delim)
        for item in done:
            yield item + delim
        if len(buf) > MAX_LINE:
            raise LimitExceeded("line too long")
    if buf:
        yield buf


def same_as_output(ctx: Context, stream: InputStream) -> bool:
    """True when the input file is also stdout's file and not empty ('input file is output file')."""
    out_f = getattr(ctx.stdout, "f", None)
    in_f = getattr(stream, "f", None)
    if out_f is None or in_f is None:
        return False
    a, b = getattr(out_f, "file_object", None), getattr(in_f, "file_object", None)
    return a is not None and a is b and st.S_ISREG(a.st_mode) and a.size > 0


def parse_count(text: str) -> int | None:
    """A GNU size count with optional multiplier suffix (b, K, KB, KiB, M...); None if invalid."""
    m = re.fullmatch(r"\s*\+?(\d+)(b|[KMGTPEZY](?:iB|B)?|kB|k)?", text)
    if not m:
        return None
    n, suf = int(m.group(1)), m.group(2) or ""
    if suf == "b":
        return n * 512
    if suf:
        power = "KMGTPEZY".index(suf[0].upper()) + 1
        return n * ((1000 if suf.endswith("B") and not suf.endswith("iB") else 1024) ** power)
    return n


# -- cat ----------------------------------------------------------------------------------------
CAT = OptionSpec("cat", short="AbeEnstTuv", long=["show-all", "number-nonblank", "show-ends", "number",
                 "squeeze-blank", "show-tabs", "show-nonprinting"], help=H.CAT_HELP, version=H.CAT_VERSION)


def _nonprinting(data: bytes, tabs: bool) -> bytes:
    out = bytearray()
    for b in data:
        if b >= 128:
            out += b"M-"
            b -= 128
        if b == 9 and not tabs:
            out.append(9)
        elif b == 10:
            out.append(10)
        elif b < 32:
            out += b"^" + bytes([b + 64])
        elif b == 127:
            out += b"^?"
        else:
            out.append(b)
    return bytes(out)


@command("cat", family="text")
def cat(ctx: Context, argv: list[str]) -> int:
    p = CAT.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    flags = {o for o, _ in p.options}
    number_nb = bool(flags & {"-b", "--number-nonblank"})
    number = number_nb or bool(flags & {"-n", "--number"})
    ends = bool(flags & {"-A", "-e", "-E", "--show-all", "--show-ends"})
    tabs = bool(flags & {"-A", "-t", "-T", "--show-all", "--show-tabs"})
    vis = bool(flags & {"-A", "-e", "-t", "-v", "--show-all", "--show-nonprinting"})
    squeeze = bool(flags & {"-s", "--squeeze-blank"})
    plain = not (number or ends or tabs or vis or squeeze)
    status, lineno, at_bol, blanks = 0, 0, True, 0
    for name in p.operands or ["-"]:
        try:
            stream = open_input(ctx, name)
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(exc)}")
            status = 1
            continue
        try:
            if same_as_output(ctx, stream):
                ctx.error(f"{quotef(name)}: input file is output file")
                status = 1
                continue
            if plain:
                for data in chunks(ctx, stream):
                    ctx.out(data)
                continue
            for line in lines(ctx, stream):
                ctx.check()
                body, nl = (line[:-1], b"\n") if line.endswith(b"\n") else (line, b"")
                if at_bol and not body and nl:
                    blanks += 1
                    if squeeze and blanks > 1:
                        continue
                elif at_bol:
                    blanks = 0
                out = b""
                if at_bol and number and not (number_nb and not body and nl):
                    lineno += 1
                    out = f"{lineno:>6}\t".encode()
                if vis:
                    body = _nonprinting(body, tabs)
                elif tabs:
                    body = body.replace(b"\t", b"^I")
                out += body
                if nl:
                    out += b"$\n" if ends else b"\n"
                ctx.out(out)
                at_bol = bool(nl)
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(exc)}")
            status = 1
        finally:
            close_input(ctx, stream)
    return status


# -- head / tail --------------------------------------------------------------------------------
def _header(ctx: Context, name: str, first: bool) -> None:
    label = "standard input" if name == "-" else name
    ctx.out(("" if first else "\n") + f"==> {label} <==\n")


def _bad_count(ctx: Context, lines_mode: bool, text: str) -> int:
    ctx.error(f"invalid number of {'lines' if lines_mode else 'bytes'}: \u2018{text}\u2019")
    return 1


HEAD = OptionSpec("head", short="c:n:qvz", long=["bytes=", "lines=", "quiet", "silent", "verbose",
                  "zero-terminated"], help=H.HEAD_HELP, version=H.HEAD_VERSION)


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


def _each_file(ctx: Context, files: list[str], headers: bool, work: object) -> int:
    """Run work(stream) on each operand with head/tail's headers and messages."""
    status, first = 0, True
    for name in files:
        try:
            stream = open_input(ctx, name)
        except OSError as exc:
            if exc.errno == errno.EISDIR:
                if headers:
                    _header(ctx, name, first)
                    first = False
                ctx.error(f"error reading {squote(name)}: {strerror(exc)}")
            else:
                ctx.error(f"cannot open {squote(name)} for reading: {strerror(exc)}")
            status = 1
            continue
        if headers:
            _header(ctx, name, first)
            first = False
        try:
            work(stream)  # type: ignore[operator]
        except OSError as exc:
            ctx.error(f"error reading {squote(name)}: {strerror(exc)}")
            status = 1
        finally:
            close_input(ctx, stream)
    return status


TAIL = OptionSpec("tail", short="c:n:fFqsvz", long=["bytes=", "lines=", "follow=?", "retry", "pid=",
                  "quiet", "silent", "sleep-interval=", "max-unchanged-stats=", "verbose",
                  "zero-terminated"], help=H.TAIL_HELP, version=H.TAIL_VERSION)


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


# -- wc -----------------------------------------------------------------------------------------
WC = OptionSpec("wc", short="clLmw", long=["bytes", "chars", "lines", "files0-from=", "max-line-length",
                "words", "total="], help=H.WC_HELP, version=H.WC_VERSION)
_WSPACE = set(" \t\n\v\f\r\u1680\u2028\u2029\u205f\u3000") | {chr(c) for c in range(0x2000, 0x200B)} - {"\u2007"}


def _char_width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def _wc_counts(data: bytes, need_chars: bool, need_words: bool, need_len: bool) -> list[int]:
    """[lines, words, chars, bytes, max line length] as GNU wc counts them in C.UTF-8."""
    lines_n, words, chars, maxlen = data.count(b"\n"), 0, 0, 0
    if not (need_chars or need_words or need_len):
        return [lines_n, 0, 0, len(data), 0]
    text = data.decode("utf-8", "surrogateescape")
    if data.isascii() and not need_len:
        chars = len(data)
        if need_words:
            words = len(re.findall(rb"[!-~]+", re.sub(rb"[\x00-\x08\x0e-\x1f\x7f]", b"", data)))
        return [lines_n, words, chars, len(data), 0]
    in_word, pos = False, 0
    for c in text:
        o = ord(c)
        if 0xDC80 <= o <= 0xDCFF:
            continue  # an invalid byte: not a character, not a word boundary
        chars += 1
        if c in "\n\r\f":
            maxlen, pos = max(maxlen, pos), 0
        elif c == "\t":
            pos += 8 - pos % 8
        elif c == " ":
            pos += 1
        elif c in _WSPACE:
            pass
        elif c.isprintable() or unicodedata.category(c) == "Cf":
            pos += _char_width(c)
            in_word = True
            continue
        else:
            continue
        words += in_word
        in_word = False
    words += in_word
    return [lines_n, words, chars, len(data), max(maxlen, pos)]


@command("wc", family="text")
def wc(ctx: Context, argv: list[str]) -> int:
    p = WC.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    want = [p.has("-l", "--lines"), p.has("-w", "--words"), p.has("-m", "--chars"),
            p.has("-c", "--bytes"), p.has("-L", "--max-line-length")]
    if not any(want):
        want = [True, True, False, True, False]
    total_mode = p.last("--total") or "auto"
    if total_mode not in ("auto", "always", "only", "never"):
        ctx.error(f"invalid argument \u2018{total_mode}\u2019 for \u2018--total\u2019")
        ctx.err("Valid arguments are:\n  - \u2018auto\u2019\n  - \u2018always\u2019\n  - \u2018only\u2019\n"
                "  - \u2018never\u2019\nTry 'wc --help' for more information.\n")
        return 1
    files = p.operands or ["-"]
    # Column width as GNU computes it: digits of the regular files' total size, at least 7
    # when some input is not a regular file; 1 for a single count of a single file.
    width, min_width, reg_total = 1, 1, 0
    if not (len(files) == 1 and sum(want) == 1):
        for i, name in enumerate(files):
            mode, size = _fstat(ctx, name)
            if mode is None:
                if i == 0:
                    break
                continue
            if st.S_ISREG(mode):
                reg_total += size
            else:
                min_width = 7
        else:
            width = max(len(str(reg_total)), min_width)
    results: list[tuple[list[int], str | None]] = []
    status = 0
    totals = [0] * 5
    for name in files:
        try:
            stream = open_input(ctx, name)
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(exc)}")
            status = 1
            if exc.errno == errno.EISDIR:
                results.append(([0] * 5, name))
            continue
        try:
            counts = _wc_counts(read_all(ctx, stream), want[2], want[1], want[4])
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(exc)}")
            status = 1
            continue
        finally:
            close_input(ctx, stream)
        totals = [a + b if i < 4 else max(a, b) for i, (a, b) in enumerate(zip(totals, counts))]
        results.append((counts, None if name == "-" and not p.operands else name))
    if total_mode == "only":
        results = []
    if total_mode in ("always", "only") or (total_mode == "auto" and len(files) > 1):
        results.append((totals, "total" if total_mode != "only" else None))
    for counts, label in results:
        cols = [f"{n:>{width}}" for n, w in zip(counts, want) if w]
        if total_mode == "only":
            cols = [str(n) for n, w in zip(counts, want) if w]
        ctx.out(" ".join(cols) + (f" {label}" if label is not None else "") + "\n")
    return status


def _fstat(ctx: Context, name: str) -> tuple[int | None, int]:
    if name == "-":
        f = getattr(ctx.stdin, "f", None)
        obj = getattr(f, "file_object", None)
        if obj is not None and st.S_ISREG(obj.st_mode):
            return obj.st_mode, obj.size
        return st.S_IFIFO, 0
    try:
        s = ctx.vfs.stat(ctx.abspath(name))
    except OSError:
        return None, 0
    return s.st_mode, s.st_size


# -- tee ----------------------------------------------------------------------------------------
TEE = OptionSpec("tee", short="aip", long=["append", "ignore-interrupts", "output-error=?"],
                 help=H.TEE_HELP, version=H.TEE_VERSION)


@command("tee", family="text")
def tee(ctx: Context, argv: list[str]) -> int:
    p = TEE.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    mode = "ab" if p.has("-a", "--append") else "wb"
    status = 0
    outs: list[tuple[str, object]] = []
    for name in p.operands:
        try:
            outs.append((name, ctx.vfs.open(ctx.abspath(name), mode)))
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(_fix_errno(ctx, ctx.abspath(name), exc))}")
            status = 1
    try:
        for data in chunks(ctx, ctx.stdin):
            ctx.out(data)
            for item in list(outs):
                try:
                    item[1].write(data)  # type: ignore[attr-defined]
                except OSError as exc:
                    ctx.error(f"{quotef(item[0])}: {strerror(exc)}")
                    outs.remove(item)
                    status = 1
    finally:
        for _name, f in outs:
            try:
                f.close()  # type: ignore[attr-defined]
            except OSError:
                pass
    return status


# -- rev (util-linux) ----------------------------------------------------------------------------
REV = OptionSpec("rev", short="0Vh", long=["zero"], help=H.REV_HELP, version=H.REV_VERSION)


@command("rev", family="text")
def rev(ctx: Context, argv: list[str]) -> int:
    p = REV.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    if p.has("-h"):
        ctx.out(H.REV_HELP)
        return 0
    if p.has("-V"):
        ctx.out(H.REV_VERSION)
        return 0
    delim = b"\0" if p.has("-0", "--zero") else b"\n"
    status = 0
    for name in p.operands or ["-"]:
        try:
            stream = open_input(ctx, name)
        except OSError as exc:
            if exc.errno == errno.EISDIR:
                ctx.error(f"{name}: 0: {strerror(exc)}")
            else:
                ctx.error(f"cannot open {name}: {strerror(exc)}")
            status = 1
            continue
        try:
            for line in lines(ctx, stream, delim):
                body, end = (line[:-1], delim) if line.endswith(delim) else (line, b"")
                text = body.decode("utf-8", "surrogateescape")[::-1]
                ctx.out(text.encode("utf-8", "surrogateescape") + end)
        finally:
            close_input(ctx, stream)
    return status


# -- nl -----------------------------------------------------------------------------------------
NL = OptionSpec("nl", short="b:d:f:h:i:l:n:ps:v:w:", long=["body-numbering=", "section-delimiter=",
                "footer-numbering=", "header-numbering=", "line-increment=", "join-blank-lines=",
                "number-format=", "no-renumber", "number-separator=", "starting-line-number=",
                "number-width="], help=H.NL_HELP, version=H.NL_VERSION)
_NL_STYLE_ERR = {"b": "body", "h": "header", "f": "footer"}


def _nl_int(ctx: Context, text: str, what: str, minimum: int | None) -> int | None:
    try:
        n = int(text)
    except ValueError:
        ctx.error(f"invalid {what}: \u2018{text}\u2019")
        return None
    if minimum is not None and n < minimum:
        ctx.error(f"invalid {what}: \u2018{text}\u2019: Numerical result out of range")
        return None
    return n


@command("nl", family="text")
def nl(ctx: Context, argv: list[str]) -> int:
    p = NL.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    styles = {"h": "n", "b": "t", "f": "n"}
    regexes: dict[str, re.Pattern[bytes]] = {}
    fmt, width, sep, start, incr, join, renumber, delim = "rn", 6, "\t", 1, 1, 1, True, "\\:"
    for opt, val in p.options:
        val = val or ""
        key = opt[1] if len(opt) == 2 else {"--body-numbering": "b", "--header-numbering": "h",
                                             "--footer-numbering": "f"}.get(opt, opt)
        if key in styles:
            if val in ("a", "t", "n"):
                styles[key] = val
            elif val.startswith("p"):
                try:
                    regexes[key] = re.compile(_bre_to_py(val[1:]).encode())
                except re.error:
                    ctx.error("invalid regular expression")
                    return 1
                styles[key] = "p"
            else:
                ctx.error(f"invalid {_NL_STYLE_ERR[key]} numbering style: \u2018{val}\u2019")
                ctx.err("Try 'nl --help' for more information.\n")
                return 1
        elif opt in ("-n", "--number-format"):
            if val not in ("ln", "rn", "rz"):
                ctx.error(f"invalid line numbering format: \u2018{val}\u2019")
                ctx.err("Try 'nl --help' for more information.\n")
                return 1
            fmt = val
        elif opt in ("-w", "--number-width"):
            n = _nl_int(ctx, val, "line number field width", 1)
            if n is None:
                return 1
            width = n
        elif opt in ("-v", "--starting-line-number", "-i", "--line-increment", "-l", "--join-blank-lines"):
            what = {"v": "starting line number", "i": "line number increment",
                    "l": "line number of blank lines"}[opt[1] if len(opt) == 2 else
                                                       {"--starting-line-number": "v",
                                                        "--line-increment": "i"}.get(opt, "l")]
            n = _nl_int(ctx, val, what, 1 if what.startswith("line number of") else None)
            if n is None:
                return 1
            if what.startswith("start"):
                start = n
            elif what.startswith("line number inc"):
                incr = n
            else:
                join = n
        elif opt in ("-s", "--number-separator"):
            sep = val
        elif opt in ("-p", "--no-renumber"):
            renumber = False
        elif opt in ("-d", "--section-delimiter"):
            delim = val + ":" if len(val) == 1 else val
    marks = {(delim * 3).encode(): "h", (delim * 2).encode(): "b", delim.encode(): "f"}
    lineno, section, blank_run, status = start, "b", 0, 0
    for name in p.operands or ["-"]:
        try:
            stream = open_input(ctx, name)
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(exc)}")
            status = 1
            continue
        try:
            for line in lines(ctx, stream):
                body = line[:-1] if line.endswith(b"\n") else line
                if delim and body in marks:
                    section = marks[body]
                    if renumber:
                        lineno = start
                    ctx.out(b"\n")
                    continue
                style = styles[section]
                if style == "a" and not body:
                    blank_run += 1
                    numbered = blank_run >= join
                    if numbered:
                        blank_run = 0
                else:
                    blank_run = 0
                    numbered = style == "a" or (style == "t" and bool(body)) or \
                        (style == "p" and bool(regexes[section].search(body)))
                if numbered:
                    num = {"ln": f"{lineno:<{width}}", "rn": f"{lineno:>{width}}",
                           "rz": f"{lineno:0{width}}" if lineno >= 0 else f"-{-lineno:0{width - 1}}"}[fmt]
                    ctx.out(num.encode() + sep.encode("utf-8", "surrogateescape") + line)
                    lineno += incr
                else:
                    ctx.out(b" " * (width + len(sep.encode("utf-8", "surrogateescape"))) + line)
        finally:
            close_input(ctx, stream)
    return status


def _bre_to_py(bre: str) -> str:
    """A small POSIX basic regex to Python translation (enough for nl -bp)."""
    out, i = [], 0
    while i < len(bre):
        c = bre[i]
        if c == "\\" and i + 1 < len(bre):
            n = bre[i + 1]
            out.append(n if n in "(){}|+?" else "\\" + n)
            i += 2
            continue
        out.append("\\" + c if c in "(){}|+?" else c)
        i += 1
    return "".join(out)
