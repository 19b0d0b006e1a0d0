"""The one engine of gzip, bzip2 and xz: each file is streamed through its codec into a new
file on the virtual disk (or to stdout with -c), and the source removed unless -k.  The tools
differ in their options and words: each passes a `Dialect` (gzip.py, bzip2.py, xz.py)."""
from __future__ import annotations

import errno
import posixpath
import stat as st
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shelldojo.shell.commands.archives.common import (
    DAMAGED,
    Codec,
    Prefixed,
    StdinReader,
    StdoutWriter,
    copy,
    output_file,
)
from shelldojo.shell.context import Context
from shelldojo.shell.streams import WriteError


@dataclass
class Job:
    """What one run of the tool was asked for (after its options)."""

    decompress: bool = False
    stdout: bool = False
    keep: bool = False
    force: bool = False
    test: bool = False
    verbose: bool = False
    quiet: bool = False
    recursive: bool = False
    level: int = 6
    name: bool = True          # gzip -n / -N: the original name and time in the header
    extreme: bool = False
    suffix: str = ""
    files: list[str] = field(default_factory=list)


class Failed(Exception):
    """This file is done with; `status` is what it adds to the exit status."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


@dataclass
class Dialect:
    codec: Codec
    prog: str                                   # the name messages start with
    missing: Callable[[str, OSError], str]      # file cannot be opened
    has_suffix: Callable[[str], tuple[str, int]]
    exists: Callable[[str], tuple[str, int]]
    unknown_suffix: Callable[[str], tuple[str, int] | str]  # a str: the output name to use
    not_format: Callable[[str], tuple[str, int]]
    is_dir: Callable[[str], tuple[str, int]]
    verbose: Callable[[str, str, int, int, bool, bool], str]  # name, out name, in, out, decompress, replaced
    tty_out: str
    tty_in: str
    tested: Callable[[str], str] = lambda name: ""
    ask: Callable[[str], str] | None = None  # gzip's overwrite question on a terminal
    tries_suffix: bool = False  # gzip -d NAME looks for NAME.gz too, and names that when neither exists


def run(ctx: Context, job: Job, d: Dialect) -> int:
    status = 0
    files = job.files or ["-"]
    for name in files:
        try:
            if name == "-":
                _stream(ctx, job, d)
            else:
                status = max(status, _one(ctx, job, d, name))
        except Failed as f:
            status = max(status, f.status)
    return status


def _report(ctx: Context, message: tuple[str, int]) -> int:
    text, status = message
    if text:
        ctx.err(text)
    return status


def _stream(ctx: Context, job: Job, d: Dialect) -> None:
    if not job.decompress and not job.test and not job.force and ctx.stdout.isatty():
        ctx.err(d.tty_out)
        raise Failed(1)
    if (job.decompress or job.test) and not job.force and ctx.stdin.isatty():
        ctx.err(d.tty_in)
        raise Failed(1)
    _convert(ctx, job, d, StdinReader(ctx), StdoutWriter(ctx), "stdin", "", 0)


def _one(ctx: Context, job: Job, d: Dialect, name: str) -> int:
    full = ctx.abspath(name)
    suffix = job.suffix or d.codec.suffix
    if (job.decompress or job.test) and not ctx.vfs.exists(full) and ctx.vfs.exists(full + suffix):
        name, full = name + suffix, full + suffix  # gunzip x finds x.gz
    try:
        mode = ctx.vfs.stat(full).st_mode
    except OSError as exc:
        tried = d.tries_suffix and (job.decompress or job.test) and not name.endswith(suffix)
        ctx.err(d.missing(name + suffix if tried else name, exc))
        return 1
    if st.S_ISDIR(mode):
        if job.recursive:
            return _tree(ctx, job, d, name)
        return _report(ctx, d.is_dir(name))
    if job.stdout or job.test:
        out_name = ""
    elif job.decompress:
        if name.endswith(suffix) and len(name) > len(suffix):
            out_name = name[:-len(suffix)]
        else:
            guess = d.unknown_suffix(name)
            if not isinstance(guess, str):
                return _report(ctx, guess)
            out_name = guess
    else:
        if name.endswith(suffix):
            return _report(ctx, d.has_suffix(name))
        out_name = name + suffix
    try:
        src = ctx.vfs.open(full, "rb")
    except OSError as exc:
        ctx.err(d.missing(name, exc))
        return 1
    with src:
        if not out_name:
            _convert(ctx, job, d, src, StdoutWriter(ctx), name, "", ctx.vfs.stat(full).st_mtime)
            return 0
        out_full = ctx.abspath(out_name)
        if ctx.vfs.exists(out_full, follow=False):
            if not job.force and not _may_overwrite(ctx, d, out_name):
                return _report(ctx, d.exists(out_name))
            ctx.vfs.unlink(out_full)
        try:
            sink = output_file(ctx, out_full)
        except OSError as exc:
            ctx.err(d.missing(out_name, exc))
            return 1
        src_stat = ctx.vfs.stat(full)
        try:
            try:
                _convert(ctx, job, d, src, sink, name, out_name, src_stat.st_mtime)
            finally:
                sink.close()
        except (Failed, OSError):
            ctx.vfs.unlink(out_full)  # the tools remove what they could not finish
            raise
    try:  # the new file keeps the old one's mode and times, as the tools do
        ctx.vfs.chmod(out_full, src_stat.st_mode & 0o7777)
        ctx.vfs.utime(out_full, (src_stat.st_atime, src_stat.st_mtime))
    except OSError:
        pass
    if not job.keep:
        ctx.vfs.unlink(full)
    return 0


def _may_overwrite(ctx: Context, d: Dialect, out_name: str) -> bool:
    """gzip asks when a person is at the terminal; `n` (or anything not y) says not overwritten."""
    if d.ask is None or ctx.terminal is None or not ctx.stdin.isatty():
        return False
    from shelldojo.shell.ask import ask_line

    answer = ask_line(ctx, d.ask(out_name)) or ""
    if answer[:1] in ("y", "Y"):
        return True
    ctx.err("\tnot overwritten\n")
    raise Failed(2)


def _tree(ctx: Context, job: Job, d: Dialect, name: str) -> int:
    status = 0
    full = ctx.abspath(name)
    for entry in sorted(ctx.vfs.listdir(full)):
        ctx.check()
        sub = posixpath.join(name, entry)
        try:
            mode = ctx.vfs.lstat(ctx.abspath(sub)).st_mode
        except OSError:
            continue
        if st.S_ISDIR(mode):
            status = max(status, _tree(ctx, job, d, sub))
        elif st.S_ISREG(mode):
            sfx = job.suffix or d.codec.suffix
            if job.decompress and not sub.endswith(sfx):
                continue  # gzip -dr leaves the other files alone
            if not job.decompress and sub.endswith(sfx):
                continue
            try:
                status = max(status, _one(ctx, job, d, sub))
            except Failed as f:
                status = max(status, f.status)
    return status


class _Counter:
    """Counts the bytes written through it (for -v's ratio)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.n = inner, 0

    def write(self, data: bytes) -> int:
        self.inner.write(bytes(data))
        self.n += len(data)
        return len(data)

    def flush(self) -> None:
        pass


class _ReadCounter:
    def __init__(self, inner: Any) -> None:
        self.inner, self.n = inner, 0

    def read(self, n: int = -1) -> bytes:
        data: bytes = self.inner.read(n)
        self.n += len(data)
        return data


def _convert(ctx: Context, job: Job, d: Dialect, src: Any, sink: Any, name: str, out_name: str,
             mtime: float) -> None:
    counter = _Counter(sink)
    src = _ReadCounter(src)
    moved = 0
    try:
        if job.decompress or job.test:
            head = src.read(len(d.codec.magic))
            if not head.startswith(d.codec.magic) or len(head) < len(d.codec.magic):
                if job.stdout and job.force and not job.test:  # zcat -f passes other data through
                    counter.write(head)
                    copy(ctx, src.read, counter.write)
                    return
                raise Failed(_report(ctx, d.not_format(name)))
            reader = d.codec.reader(Prefixed(head, src))  # type: ignore[arg-type]
            write = (lambda b: None) if job.test else counter.write
            moved = copy(ctx, reader.read, write)
        else:
            base = posixpath.basename(name) if job.name and name != "stdin" else ""
            writer = d.codec.writer(counter, job.level, name=base, mtime=mtime if job.name else 0,
                                    extreme=job.extreme)
            moved = copy(ctx, src.read, writer.write)
            writer.close()
    except WriteError as exc:
        ctx.err(f"{d.prog}: {out_name or 'stdout'}: {exc.strerror}\n")
        raise Failed(1) from None
    except DAMAGED + (OSError,) as exc:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG):
            ctx.err(f"{d.prog}: {out_name or 'stdout'}: {exc.strerror}\n")
            raise Failed(1) from None
        raise Failed(_report(ctx, d.not_format(name) if not isinstance(exc, EOFError)
                             else (f"{d.prog}: {name}: unexpected end of file\n", 1))) from None
    if job.test:
        if job.verbose:
            ctx.err(d.tested(name))
        return
    if job.verbose:
        sizes = (moved, counter.n) if not job.decompress else (counter.n, src.n)
        ctx.err(d.verbose(name, out_name, *sizes, job.decompress, bool(out_name)))
