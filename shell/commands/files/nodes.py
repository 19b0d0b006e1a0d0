"""link, unlink, mkfifo, mknod and sync (GNU coreutils 9.1): one system call each, on the
virtual disk.  A FIFO is a node of its own (`ls -l` shows p); opening one stops the command
line with our limit instead of waiting forever (see shell/budget.fifo_limit)."""
from __future__ import annotations

import errno
import stat as st

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.files.link import _check_hardlink
from shelldojo.shell.commands.files.perms import adjust_mode, parse_mode
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context, cquote, squote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_LINK = OptionSpec("link", help=verbatim("files/link_help"), version=verbatim("files/link_version"))
_UNLINK = OptionSpec("unlink", help=verbatim("files/unlink_help"), version=verbatim("files/unlink_version"))
_MKFIFO = OptionSpec("mkfifo", short="m:Z", long=["mode=", "context=?"],
                     help=verbatim("files/mkfifo_help"), version=verbatim("files/mkfifo_version"))
_MKNOD = OptionSpec("mknod", short="m:Z", long=["mode=", "context=?"],
                    help=verbatim("files/mknod_help"), version=verbatim("files/mknod_version"))
_SYNC = OptionSpec("sync", short="df", long=["data", "file-system"],
                   help=verbatim("files/sync_help"), version=verbatim("files/sync_version"))


def _usage(ctx: Context, message: str, extra: str = "") -> int:
    ctx.err(f"{ctx.name}: {message}\n{extra}Try '{ctx.name} --help' for more information.\n")
    return 1


def _operands(ctx: Context, operands: list[str], want: int) -> int | None:
    """GNU's operand-count complaints for a tool taking exactly `want` operands."""
    if not operands:
        return _usage(ctx, "missing operand")
    if len(operands) < want:
        return _usage(ctx, f"missing operand after {cquote(operands[-1])}")
    if len(operands) > want:
        return _usage(ctx, f"extra operand {cquote(operands[want])}")
    return None


@command("link", family="files", summary="call the link function to create a link to a file")
def link(ctx: Context, argv: list[str]) -> int:
    p = _LINK.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    bad = _operands(ctx, p.operands, 2)
    if bad is not None:
        return bad
    src, dst = p.operands
    try:
        if ctx.vfs.isdir(ctx.abspath(src)) and not ctx.vfs.islink(ctx.abspath(src)):
            raise OSError(errno.EPERM, "")  # Linux refuses hard links to directories
        _check_hardlink(ctx, ctx.abspath(src))
        if ctx.vfs.exists(ctx.abspath(dst), follow=False):
            raise OSError(errno.EEXIST, "")
        ctx.vfs.link(ctx.abspath(src), ctx.abspath(dst))
    except OSError as exc:
        ctx.error(f"cannot create link {squote(dst)} to {squote(src)}: {strerror(exc)}")
        return 1
    return 0


@command("unlink", family="files", summary="call the unlink function to remove the specified file")
def unlink(ctx: Context, argv: list[str]) -> int:
    p = _UNLINK.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    bad = _operands(ctx, p.operands, 1)
    if bad is not None:
        return bad
    name = p.operands[0]
    path = ctx.abspath(name)
    try:
        if ctx.vfs.isdir(path) and not ctx.vfs.islink(path):
            ctx.vfs.node(path)
            raise OSError(errno.EISDIR, "")
        ctx.vfs.unlink(path)
    except OSError as exc:
        ctx.error(f"cannot unlink {squote(name)}: {strerror(exc)}")
        return 1
    return 0


def _mode(ctx: Context, text: str | None) -> int | None:
    """-m MODE applied to 0666 (the umask does not apply then); -1 without -m; None if invalid."""
    if text is None:
        return -1
    changes = parse_mode(text)
    if changes is None:
        ctx.error("invalid mode")
        return None
    mode = adjust_mode(0o666, False, ctx.umask, changes)
    if mode & ~0o777:
        ctx.error("mode must specify only file permission bits")
        return None
    return mode


def _make(ctx: Context, name: str, kind: int, mode: int, what: str) -> bool:
    path = ctx.abspath(name)
    try:
        if kind != st.S_IFIFO and not ctx.creds.is_root:
            raise OSError(errno.EPERM, "")
        ctx.vfs.mknod(path, kind | 0o666)
        if mode >= 0:
            ctx.vfs.chmod(path, mode)
    except OSError as exc:
        ctx.error(f"cannot create fifo {squote(name)}: {strerror(exc)}" if what == "fifo"
                  else f"{name}: {strerror(exc)}")
        return False
    return True


@command("mkfifo", family="files", summary="make FIFOs (named pipes)")
def mkfifo(ctx: Context, argv: list[str]) -> int:
    p = _MKFIFO.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    if not p.operands:
        return _usage(ctx, "missing operand")
    mode = _mode(ctx, p.last("-m", "--mode"))
    if mode is None:
        return 1
    ok = True
    for name in p.operands:
        ok = _make(ctx, name, st.S_IFIFO, mode, "fifo") and ok
    return 0 if ok else 1


_TYPES = {"b": st.S_IFBLK, "c": st.S_IFCHR, "u": st.S_IFCHR, "p": st.S_IFIFO}


@command("mknod", family="files", summary="make block or character special files")
def mknod(ctx: Context, argv: list[str]) -> int:
    p = _MKNOD.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    ops = p.operands
    mode = _mode(ctx, p.last("-m", "--mode"))
    if mode is None:
        return 1
    special = "Special files require major and minor device numbers.\n"
    if len(ops) < 2:
        return _usage(ctx, f"missing operand after {cquote(ops[-1])}" if ops else "missing operand")
    is_fifo = ops[1] == "p"
    if is_fifo and len(ops) > 2:
        return _usage(ctx, f"extra operand {cquote(ops[2])}", "Fifos do not have major and minor device numbers.\n")
    if not is_fifo and len(ops) < 4:
        return _usage(ctx, f"missing operand after {cquote(ops[-1])}", special if len(ops) == 2 else "")
    if not is_fifo and len(ops) > 4:
        return _usage(ctx, f"extra operand {cquote(ops[4])}")
    if ops[1] not in _TYPES:
        return _usage(ctx, f"invalid device type {cquote(ops[1])}")
    if not is_fifo:
        for number, which in ((ops[2], "major"), (ops[3], "minor")):
            if not number.isdigit():
                ctx.error(f"invalid {which} device number {cquote(number)}")
                return 1
    return 0 if _make(ctx, ops[0], _TYPES[ops[1]], mode, "node") else 1


@command("sync", family="files", summary="Synchronize cached writes to persistent storage")
def sync(ctx: Context, argv: list[str]) -> int:
    p = _SYNC.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    data, fs = p.has("-d", "--data"), p.has("-f", "--file-system")
    if data and not p.operands:
        ctx.error("--data needs at least one argument")
        return 1
    if data and fs:
        ctx.error("cannot specify both --data and --file-system")
        return 1
    status = 0
    for name in p.operands:  # the disk is memory: nothing to flush, but each file must open
        path = ctx.abspath(name)
        try:
            ctx.vfs.node(path)
            if not ctx.vfs.isdir(path) and not ctx.vfs.access(path, 4) and not ctx.vfs.access(path, 2):
                raise OSError(errno.EACCES, "")
        except OSError as exc:
            ctx.error(f"error opening {squote(name)}: {strerror(exc)}")
            status = 1
    return status
