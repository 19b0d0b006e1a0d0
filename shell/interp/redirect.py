"""Redirections: build a command's file-descriptor table from its `ast.Redirect`s.

A command's streams live in its Context: stdin/stdout/stderr are fds 0-2 and any other
open fd (3-9, from `exec 3>f` or `3>f cmd`) is in `ctx.extra["fds"]`.  Redirections are
applied in order on a copy, so `2>&1 >f` and `>f 2>&1` differ as in bash.
"""
from __future__ import annotations

import dataclasses
import errno
import posixpath
import random
import stat as st
from typing import TYPE_CHECKING

from shelldojo.filesystem import strerror
from shelldojo.filesystem.errors import FifoBlocked
from shelldojo.shell.budget import fifo_limit
from shelldojo.shell.interp import varfd
from shelldojo.shell.streams import (
    STDIO_BUFFER,
    BufferOutput,
    BytesInput,
    DirectoryInput,
    FileInput,
    FileOutput,
    InputStream,
    NullInput,
    NullOutput,
    OutputStream,
    WriteError,
    ZeroInput,
)
from shelldojo.shell.syntax import ast

if TYPE_CHECKING:
    from shelldojo.shell.context import Context
    from shelldojo.shell.interp.executor import Interpreter

Stream = InputStream | OutputStream
MAX_FDS = varfd.MAX_FDS


class RedirectError(Exception):
    """A redirection failed; the message has been printed; the command is not run."""


class ClosedStream(InputStream, OutputStream):
    """An fd closed with `>&-`: reads give EOF-less errors, writes EBADF."""

    def read(self, n: int = -1) -> bytes:
        raise OSError(errno.EBADF, "Bad file descriptor")

    def readline(self) -> bytes:
        raise OSError(errno.EBADF, "Bad file descriptor")

    def write(self, data: bytes) -> None:
        raise WriteError(errno.EBADF)


class FullOutput(OutputStream):
    """/dev/full: every write fails with ENOSPC.  As with a program's stdio buffer, output
    under 4 KiB fails only when the command ends (the executor asks take_error())."""

    def __init__(self) -> None:
        self.tried = 0

    def write(self, data: bytes) -> None:
        self.tried += len(data)
        if self.tried >= STDIO_BUFFER:
            self.tried = 0
            raise WriteError(errno.ENOSPC, big=True)

    def take_error(self) -> WriteError | None:
        """The error of the flush at exit, if output is still buffered."""
        if not self.tried:
            return None
        self.tried = 0
        return WriteError(errno.ENOSPC)


class RandomInput(ZeroInput):
    """/dev/urandom: endless, deterministic pseudo-random bytes."""

    def __init__(self, budget: object = None) -> None:
        super().__init__(b"\0", budget)  # type: ignore[arg-type]
        self.rng = random.Random(4242)

    def read(self, n: int = -1) -> bytes:
        data = super().read(n)
        return self.rng.randbytes(len(data))


class ReadWriteFile(FileInput, FileOutput):
    """`<>`: one file object for both directions (written through, never gathered)."""

    CHUNK = 0
    write = FileOutput.write   # not InputStream's EBADF one (FileInput comes first)
    flush = FileOutput.flush

    def __init__(self, f: object) -> None:
        FileInput.__init__(self, f)  # type: ignore[arg-type]
        FileOutput.__init__(self, f)  # type: ignore[arg-type]


def fd_table(ctx: Context) -> dict[int, Stream]:
    table: dict[int, Stream] = {0: ctx.stdin, 1: ctx.stdout, 2: ctx.stderr}
    table.update(ctx.extra.get("fds", {}))  # type: ignore[arg-type]
    return table


def with_table(ctx: Context, table: dict[int, Stream]) -> Context:
    extra = dict(ctx.extra)
    extra["fds"] = {k: v for k, v in table.items() if k > 2}
    return dataclasses.replace(ctx, stdin=table[0], stdout=table[1], stderr=table[2],  # type: ignore[arg-type]
                               extra=extra)


def word_text(word: ast.Word) -> str:
    """The word roughly as typed (for 'ambiguous redirect' and xtrace)."""
    return "".join(_part_text(p) for p in word.parts)


def _part_text(p: ast.WordPart) -> str:
    if isinstance(p, ast.Lit):
        return p.text
    if isinstance(p, ast.Escaped):
        return "\\" + p.text
    if isinstance(p, ast.SingleQuoted):
        return "'" + p.text + "'"
    if isinstance(p, ast.DoubleQuoted):
        return '"' + "".join(_part_text(q) for q in p.parts) + '"'
    if isinstance(p, ast.ParamSub):
        if not p.braced and not p.op and p.index is None and not p.length:
            return "$" + p.name
        inner = ("#" if p.length else "") + p.name
        if p.index is not None:
            inner += "[" + word_text(p.index) + "]"
        if p.op and not p.length:
            inner += p.op + (word_text(p.arg) if p.arg else "")
            if p.arg2 is not None:
                inner += ("/" if p.op.startswith("/") else ":") + word_text(p.arg2)
        return "${" + inner + "}"
    if isinstance(p, ast.CommandSub):
        return ("`" + p.source + "`") if p.backtick else ("$(" + p.source + ")")
    if isinstance(p, ast.ArithSub):
        return "$((" + word_text(p.expr) + "))"
    return ""


class Redirector:
    """Applies a list of redirections for one command; closes what it opened."""

    def __init__(self, interp: Interpreter, ctx: Context, *, keep_var_fds: bool = True) -> None:
        self.interp, self.ctx = interp, ctx
        self.opened: list[Stream] = []
        # `{var}>file` fds stay open in the shell after the command (bash 5.2 without
        # `shopt -s varredir_close`); False: a forked null command, whose fds die with it
        self.keep_var_fds = keep_var_fds
        self.var_fds: list[int] = []

    def fail(self, message: str) -> RedirectError:
        self.interp.error(self.ctx, message)
        return RedirectError(message)

    def apply(self, redirects: list[ast.Redirect]) -> Context:
        if not redirects:
            return self.ctx
        table = fd_table(self.ctx)
        try:
            for r in redirects:
                if r.varname is not None:
                    varfd.apply(self, r, table)
                else:
                    self._one(r, table)
        except RedirectError:
            self.close()
            raise
        if self.var_fds and self.keep_var_fds:
            varfd.keep(self, table)
        return with_table(self.ctx, table)

    @staticmethod
    def is_free(table: dict[int, Stream], fd: int) -> bool:
        """No stream on fd, or one closed with `>&-` (varfd.py picks such fds)."""
        return fd not in table or isinstance(table[fd], ClosedStream)

    def close_fd(self, table: dict[int, Stream], fd: int) -> None:
        table[fd] = ClosedStream()

    def close(self) -> None:
        """Close files opened here (flushes); a full disk is reported like bash's write error."""
        opened, self.opened = self.opened, []
        for s in opened:
            try:
                s.close()
            except OSError as exc:
                self.interp.error(self.ctx, f"write error: {strerror(exc)}")

    # -- one redirection ---------------------------------------------------------
    def apply_one(self, r: ast.Redirect, table: dict[int, Stream]) -> None:
        self._one(r, table)

    def target_text(self, r: ast.Redirect) -> str:
        """The target word expanded (one word, else 'ambiguous redirect')."""
        return self._target(r)

    def _target(self, r: ast.Redirect) -> str:
        from shelldojo.shell.interp import expand
        words = expand.expand_words(self.interp, [r.target])
        if len(words) != 1:
            raise self.fail(f"{word_text(r.target)}: ambiguous redirect")
        return words[0]

    def _one(self, r: ast.Redirect, table: dict[int, Stream]) -> None:
        from shelldojo.shell.interp import expand
        op = r.op
        if r.fd is not None and r.fd >= MAX_FDS and op in ("<<", "<<-", "<<<", ">&", "<&"):
            raise self.fail(f"{r.fd}: Bad file descriptor")  # dup2 beyond RLIMIT_NOFILE fails
        if op in ("<<", "<<-"):
            doc = r.heredoc
            text = "" if doc is None else (doc.text if doc.quoted or doc.body is None
                                          else expand.expand_word(self.interp, doc.body))
            table[0 if r.fd is None else r.fd] = BytesInput(text.encode("utf-8", "surrogateescape"))
            return
        if op == "<<<":
            text = expand.expand_word(self.interp, r.target) + "\n"
            table[0 if r.fd is None else r.fd] = BytesInput(text.encode("utf-8", "surrogateescape"))
            return
        if op in (">&", "<&"):
            word = self._target(r)
            fd = r.fd if r.fd is not None else (1 if op == ">&" else 0)
            if word == "-":
                table[fd] = ClosedStream()
                return
            move = word.endswith("-") and word[:-1].isdigit()  # `N>&M-`: dup M to N, close M
            if move:
                word = word[:-1]
            if word.isdigit():
                src = int(word)
                if src > 2147483647 and r.fd is not None:
                    raise self.fail(f"{r.fd}: Bad file descriptor")  # bash's wording for N>&HUGE
                if src == fd:
                    return  # `3>&3`, `3>&3-`: bash does nothing, even when 3 is closed
                if src not in table or isinstance(table[src], ClosedStream):
                    # bash names the word as written: `>&$fd` says "$fd: Bad file descriptor"
                    raise self.fail(f"{word_text(r.target).removesuffix('-')}: Bad file descriptor")
                table[fd] = table[src]
                if move and src != fd:
                    table[src] = ClosedStream()
                return
            if op == "<&" or (r.fd is not None and r.fd != 1):  # bash: `1>&file` is `&>file` too
                raise self.fail(f"{word}: ambiguous redirect")
            op, path = "&>", word  # `>&file` means `&>file`
        else:
            path = self._target(r)
        if op in ("&>", "&>>"):
            stream = self._open(path, ">>" if op == "&>>" else ">", table)
            table[1] = table[2] = stream
            return
        default = 0 if op in ("<", "<>") else 1
        stream = self._open(path, op, table)
        if r.fd is not None and r.fd >= MAX_FDS:  # the file is opened (created), then dup2 fails
            raise self.fail(f"{r.fd}: Bad file descriptor")
        table[default if r.fd is None else r.fd] = stream

    def _file_cap(self, machine_cap: int) -> int:
        """The machine's file size limit, lowered by `ulimit -f` (bash: 1024-byte blocks)."""
        blocks = self.interp.state.ulimits.get(("f", "S"))
        return machine_cap if blocks is None else min(machine_cap, blocks * 1024)

    def _open(self, path: str, op: str, table: dict[int, Stream]) -> Stream:
        ctx, vfs = self.ctx, self.ctx.vfs
        # relative to the shell's directory now: a `cd` earlier on the line moved it since ctx was made
        full = posixpath.join(self.interp.state.cwd, path) if path else path
        reading = op == "<"
        special = _device(full, reading, table, ctx)
        if special is not None:
            return special
        if not path:
            raise self.fail(": No such file or directory")
        try:
            if op == ">" and "noclobber" in self.interp.state.options:
                try:
                    s = vfs.stat(full)
                except OSError:
                    s = None
                if s is not None and st.S_ISREG(s.st_mode):
                    raise self.fail(f"{path}: cannot overwrite existing file")
            if reading:
                if vfs.isdir(full):
                    return DirectoryInput()  # reading a directory: the command reports EISDIR
                stream: Stream = FileInput(vfs.open(full, "rb"))
            else:
                if vfs.isdir(full):
                    raise OSError(errno.EISDIR, "Is a directory")
                if op == "<>":
                    if not vfs.exists(full):
                        vfs.open(full, "wb").close()
                    stream = ReadWriteFile(vfs.open(full, "r+b"))
                else:
                    f = vfs.open(full, "ab" if op == ">>" else "wb")
                    cap = self._file_cap(ctx.machine.limits.max_file_bytes)
                    if op == ">>" and cap < ctx.machine.limits.max_file_bytes:  # the size counts
                        cap = max(0, cap - vfs.stat(full).st_size)
                    stream = FileOutput(f, cap, free=lambda: vfs.disk_usage().free)
                    if cap < ctx.machine.limits.max_file_bytes:
                        stream.xfsz = 25  # past RLIMIT_FSIZE the kernel sends SIGXFSZ
        except FifoBlocked:
            raise fifo_limit(path) from None
        except OSError as exc:
            raise self.fail(f"{path}: {strerror(exc)}") from None
        self.opened.append(stream)
        return stream


def exec_redirects(interp: Interpreter, node: ast.SimpleCommand, ctx: Context) -> int:
    """`exec` with only redirections: they stay in effect for the rest of the shell."""
    red = Redirector(interp, ctx)
    try:
        new = red.apply(node.redirects)
    except RedirectError:
        return 1
    old, table = fd_table(ctx), fd_table(new)
    interp.fd_override.update({fd: s for fd, s in table.items() if old.get(fd) is not s})
    interp.fd_version += 1
    return 0


def _device(full: str, reading: bool, table: dict[int, Stream], ctx: Context) -> Stream | None:
    import posixpath
    path = posixpath.normpath(full)
    if path.startswith("//"):
        path = path[1:]
    if path == "/dev/null":
        return NullInput() if reading else NullOutput()
    if path in ("/dev/stdin", "/dev/fd/0"):
        return table[0]
    if path in ("/dev/stdout", "/dev/fd/1"):
        return table[1]
    if path in ("/dev/stderr", "/dev/fd/2"):
        return table[2]
    if path == "/dev/zero":
        return ZeroInput(b"\0", ctx.budget) if reading else NullOutput()
    if path in ("/dev/urandom", "/dev/random"):
        return RandomInput(ctx.budget) if reading else NullOutput()
    if path == "/dev/full":
        return ZeroInput(b"\0", ctx.budget) if reading else FullOutput()
    if path == "/dev/tty":
        return NullInput() if reading else table[2]
    return None


def capture_stream(limit: int) -> BufferOutput:
    return BufferOutput(limit)
