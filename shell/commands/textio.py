"""Input helpers shared by the text commands: opening operands, streaming reads, GNU quoting."""
from __future__ import annotations

import errno
import posixpath
import random
import re
import stat as st
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from shelldojo.filesystem import strerror
from shelldojo.filesystem.errors import FifoBlocked
from shelldojo.filesystem.vfs import oserror
from shelldojo.shell import read_errors
from shelldojo.shell.budget import Budget, LimitExceeded, fifo_limit
from shelldojo.shell.context import Context, squote
from shelldojo.shell.streams import FileInput, InputStream, NullInput, ReadError, WriteError, ZeroInput

CHUNK = 65536
MAX_LINE = 64 * 1024 * 1024  # an endless line (cat /dev/zero | sort) stops here, not in memory exhaustion


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


def fix_errno(ctx: Context, path: str, exc: OSError) -> OSError:
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
    if norm in ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0") and ctx.vfs.exists(norm):
        return ctx.stdin  # the stream itself (it streams); closed (`<&-`), the VFS says ENOENT
    if norm == "/dev/null" and not ctx.vfs.exists(norm):
        return NullInput()
    try:
        return FileInput(ctx.vfs.open(path))
    except FifoBlocked:
        raise fifo_limit(name) from None
    except OSError as exc:
        raise fix_errno(ctx, path, exc) from None


def close_input(ctx: Context, stream: InputStream) -> None:
    if stream is not ctx.stdin:
        stream.close()


class Inputs:
    """"For each input file", as the GNU text tools loop over their operands ("-" if none):

        inputs = Inputs(ctx, p.operands)
        for name, stream in inputs:
            with inputs.reading(name):     # a read error is reported and the loop goes on
                ...
        return inputs.status

    Each operand is opened in turn and closed when the loop moves on (or is left); one that
    cannot be opened is reported and skipped.  The report is GNU's `NAME: quotef(name):
    strerror`, or `on_error(name, exc)` for a tool that words it differently (`opened` tells
    it a read error from an open error).  `status` is 1 once anything failed; with `stop`
    the loop ends at the first failure, as sort and comm give up."""

    def __init__(self, ctx: Context, operands: list[str],
                 on_error: Callable[[str, OSError], None] | None = None, *, stop: bool = False) -> None:
        self.ctx, self.names, self.on_error, self.stop = ctx, operands or ["-"], on_error, stop
        self.status = 0
        self.opened = False  # True while the loop body holds an operand: a failure now is a read error

    def __iter__(self) -> Iterator[tuple[str, InputStream]]:
        for name in self.names:
            if self.stop and self.status:
                return
            try:
                stream = open_input(self.ctx, name)
            except OSError as exc:
                self.fail(name, exc)
                continue
            self.opened = True
            try:
                yield name, stream
            finally:
                self.opened = False
                close_input(self.ctx, stream)

    @contextmanager
    def reading(self, name: str) -> Iterator[None]:
        """Report an error reading this operand (through fail) and go on; a write error is the
        output's, not this input's, so it propagates (GNU's `write error`)."""
        try:
            yield
        except WriteError:
            raise
        except OSError as exc:
            self.fail(name, exc)

    def fail(self, name: str, problem: OSError | str) -> None:
        """Report one operand's failure (an error, or a message such as "input file is output file")."""
        self.status = 1
        if not isinstance(problem, str) and stdin_failed(self.ctx, name, problem):
            pass
        elif isinstance(problem, str):
            self.ctx.error(f"{quotef(name)}: {problem}")
        elif self.on_error is not None:
            self.on_error(name, problem)
        else:
            self.ctx.error(f"{quotef(name)}: {strerror(problem)}")


def stdin_failed(ctx: Context, name: str, exc: OSError) -> bool:
    """Report a failed read of stdin (`head < /tmp`) in the program's own words, if it has
    them (shell.read_errors); False when the caller should report it as for any operand."""
    said = read_errors.report(ctx.name, exc) if name == "-" and isinstance(exc, ReadError) else None
    if said is not None:
        ctx.err(said[0])
    return said is not None


def read_some(stream: InputStream, n: int = CHUNK) -> bytes:
    """Up to n bytes, without waiting for more than a pipe already holds (so pipelines stream)."""
    return stream.read1(n)


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


def read_records(ctx: Context, stream: InputStream, delim: bytes) -> list[bytes]:
    """All records of a stream, split on delim (a final terminator adds no empty record)."""
    data = read_all(ctx, stream)
    if not data:
        return []
    recs = data.split(delim)
    if recs[-1] == b"":
        recs.pop()
    return recs
