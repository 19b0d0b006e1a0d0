"""cp, mv and install (GNU coreutils 9.1 messages)."""
from __future__ import annotations

import errno
import posixpath
import stat as st
from dataclasses import dataclass
from typing import Any

from filesystem import accounts, strerror
from shell.commands.context import Context, cquote, squote
from shell.commands.copymove_help import CP_HELP, MV_HELP
from shell.commands.files import ask, lstat, usage
from shell.commands.files_help import INSTALL_HELP
from shell.commands.options import OptionSpec
from shell.commands.perms import adjust_mode, parse_mode
from shell.commands.registry import command


class Fail(Exception):
    """A message already formatted for 'cp: ...'."""


@dataclass
class CopyOpts:
    recursive: bool = False
    preserve: bool = False
    no_clobber: bool = False
    interactive: bool = False
    verbose: bool = False
    force: bool = False
    update: bool = False
    link: bool = False
    symlink: bool = False
    deref: bool | None = None     # None: follow on the command line unless -R
    mode: int | None = None       # install -m


CP_SPEC = OptionSpec("cp", short="abdfHilLnprst:TuvxRS:Z", long=[
    "archive", "attributes-only", "backup=?", "copy-contents", "debug", "force", "interactive", "link",
    "dereference", "no-clobber", "no-dereference", "preserve=?", "no-preserve=", "parents", "recursive",
    "reflink=?", "remove-destination", "sparse=", "strip-trailing-slashes", "symbolic-link", "suffix=",
    "target-directory=", "no-target-directory", "update", "verbose", "one-file-system", "context=?"],
    help=CP_HELP)
MV_SPEC = OptionSpec("mv", short="bfinS:t:TuvZ", long=[
    "backup=?", "debug", "force", "interactive", "no-clobber", "no-copy", "strip-trailing-slashes",
    "suffix=", "target-directory=", "no-target-directory", "update", "verbose", "context"], help=MV_HELP)


def _plan(ctx: Context, ops: list[str], target_dir: str | None, no_target: bool,
          follow_last: bool = True) -> list[tuple[str, str]] | int:
    """(source, destination) pairs, or an error status after GNU's message."""
    if not ops:
        return usage(ctx, "missing file operand")
    if target_dir is not None:
        tp = ctx.abspath(target_dir)
        if not ctx.vfs.isdir(tp):
            code = errno.ENOTDIR if ctx.vfs.exists(tp) else errno.ENOENT
            ctx.error(f"target directory {squote(target_dir)}: {strerror(code)}")
            return 1
        return [(s, _join(target_dir, s)) for s in ops]
    if len(ops) == 1:
        return usage(ctx, f"missing destination file operand after {squote(ops[0])}")
    if no_target:
        if len(ops) > 2:
            return usage(ctx, f"extra operand {squote(ops[2])}")
        return [(ops[0], ops[1])]
    last = ops[-1]
    lp = ctx.abspath(last)
    if ctx.vfs.isdir(lp):
        return [(s, _join(last, s)) for s in ops[:-1]]
    if len(ops) > 2:
        code = errno.ENOTDIR if ctx.vfs.exists(lp) else errno.ENOENT
        ctx.error(f"target {squote(last)}: {strerror(code)}")
        return 1
    return [(ops[0], last)]


def _join(directory: str, src: str) -> str:
    base = posixpath.basename(src.rstrip("/")) or src
    return directory + base if directory.endswith("/") else f"{directory}/{base}"


def _same(a: Any, b: Any) -> bool:
    return (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev)


def _inside(ctx: Context, src: str, dst: str) -> bool:
    s = ctx.vfs.realpath(ctx.abspath(src))
    d = ctx.vfs.realpath(ctx.abspath(dst))
    return d == s or d.startswith(s.rstrip("/") + "/")


@command("cp", family="files")
def cp(ctx: Context, argv: list[str]) -> int:
    parsed = CP_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    o = CopyOpts()
    for opt, val in parsed.options:
        f = opt.lstrip("-")
        if f in ("r", "R", "recursive"):
            o.recursive = True
        elif f in ("a", "archive"):
            o.recursive, o.preserve, o.deref = True, True, False
        elif f in ("p",) or (f == "preserve" and (val is None or "mode" in val or "all" in val
                                                   or "timestamps" in val)):
            o.preserve = True
        elif f in ("n", "no-clobber"):
            o.no_clobber, o.interactive = True, False
        elif f in ("i", "interactive"):
            o.interactive, o.no_clobber = True, False
        elif f in ("f", "force"):
            o.force = True
        elif f in ("v", "verbose"):
            o.verbose = True
        elif f in ("u", "update"):
            o.update = True
        elif f in ("l", "link"):
            o.link = True
        elif f in ("s", "symbolic-link"):
            o.symlink = True
        elif f in ("L", "dereference"):
            o.deref = True
        elif f in ("P", "d", "no-dereference"):
            o.deref = False
    plan = _plan(ctx, parsed.operands, parsed.last("-t", "--target-directory"),
                 parsed.has("-T", "--no-target-directory"))
    if isinstance(plan, int):
        return plan
    status = 0
    for src, dst in plan:
        try:
            copy_one(ctx, src, dst, o, top=True)
        except _Silent:
            status = 1
        except Fail as e:
            ctx.error(str(e))
            status = 1
    return status


def copy_one(ctx: Context, src: str, dst: str, o: CopyOpts, top: bool) -> None:
    """Copy src to dst (recursively with o.recursive); raises Fail with GNU's message."""
    ctx.check()
    vfs = ctx.vfs
    sp, dp = ctx.abspath(src), ctx.abspath(dst)
    follow = o.deref if o.deref is not None else (top and not o.recursive)
    try:
        s = vfs.stat(sp) if follow else lstat(ctx, sp)
    except OSError as e:
        raise Fail(f"cannot stat {squote(src)}: {strerror(e)}") from e
    try:
        d = vfs.stat(dp)
    except OSError:
        d = None
    if st.S_ISDIR(s.st_mode):
        if not o.recursive:
            raise Fail(f"-r not specified; omitting directory {squote(src)}")
        if d is not None and not st.S_ISDIR(d.st_mode):
            raise Fail(f"cannot overwrite non-directory {squote(dst)} with directory {squote(src)}")
        into_itself = top and _inside(ctx, src, dst)
        if into_itself and d is not None:
            raise Fail(f"cannot copy a directory, {squote(src)}, into itself, {squote(dst)}")
        made = False
        if d is None:
            try:
                vfs.mkdir(dp.rstrip("/"), s.st_mode & 0o7777 | 0o700)
                made = True
            except OSError as e:
                raise Fail(f"cannot create directory {squote(dst)}: {strerror(e)}") from e
            if into_itself:  # GNU makes the new directory before it notices
                _quiet(lambda: vfs.chmod(dp.rstrip("/"), s.st_mode & 0o7777 & ~ctx.machine.fake.umask))
                raise Fail(f"cannot copy a directory, {squote(src)}, into itself, {squote(dst)}")
            if o.verbose:
                ctx.out(f"{squote(src)} -> {squote(dst)}\n")
        try:
            names = sorted(vfs.listdir(sp))
        except OSError as e:
            raise Fail(f"cannot access {squote(src)}: {strerror(e)}") from e
        failed = False
        for name in names:
            try:
                copy_one(ctx, f"{src.rstrip('/')}/{name}", f"{dst.rstrip('/')}/{name}", o, top=False)
            except _Silent:
                failed = True
            except Fail as e:
                failed = True
                ctx.error(str(e))
        umask = ctx.machine.fake.umask
        if made or o.preserve:
            mode = s.st_mode & 0o7777 if o.preserve else s.st_mode & 0o7777 & ~umask
            _quiet(lambda: vfs.chmod(dp.rstrip("/"), mode))
        if o.preserve:
            _quiet(lambda: vfs.utime(dp.rstrip("/"), (s.st_atime, s.st_mtime)))
        if failed:
            raise _Silent()
        return
    if d is not None:
        if _same(s, d):
            raise Fail(f"{squote(src)} and {squote(dst)} are the same file")
        if st.S_ISDIR(d.st_mode):
            raise Fail(f"cannot overwrite directory {squote(dst)} with non-directory")
        if o.no_clobber:
            return
        if o.update and d.st_mtime >= s.st_mtime:
            return
        if o.interactive and not ask(ctx, f"{ctx.name}: overwrite {squote(dst)}? "):
            return
    elif dst.endswith("/"):
        raise Fail(f"cannot create regular file {squote(dst)}: Not a directory")
    if o.link or o.symlink or st.S_ISLNK(s.st_mode):
        _make_link(ctx, src, dst, s, o, d is not None)
    else:
        _copy_file(ctx, src, dst, s, o, d is not None)
    if o.verbose:
        ctx.out(f"{squote(src)} -> {squote(dst)}\n")


class _Silent(Fail):
    """A directory copy failed below; its messages are already printed."""


def _quiet(fn: Any) -> None:
    try:
        fn()
    except OSError:
        pass


def _make_link(ctx: Context, src: str, dst: str, s: Any, o: CopyOpts, exists: bool) -> None:
    vfs, sp, dp = ctx.vfs, ctx.abspath(src), ctx.abspath(dst)
    try:
        if exists:
            vfs.unlink(dp)
        if o.link:
            vfs.link(sp, dp)
        elif o.symlink:
            vfs.symlink(src, dp)
        else:
            vfs.symlink(vfs.readlink(sp), dp)
    except OSError as e:
        what = "hard link" if o.link else "symbolic link"
        raise Fail(f"cannot create {what} {squote(dst)}: {strerror(e)}") from e


def _copy_file(ctx: Context, src: str, dst: str, s: Any, o: CopyOpts, exists: bool) -> None:
    vfs, sp, dp = ctx.vfs, ctx.abspath(src), ctx.abspath(dst)
    try:
        data = vfs.read_bytes(sp)
        if not vfs.access(sp, 4):
            raise OSError(errno.EACCES, "")
    except OSError as e:
        raise Fail(f"cannot open {squote(src)} for reading: {strerror(e)}") from e
    if exists and not vfs.access(dp, 2):
        if not o.force:
            raise Fail(f"cannot create regular file {squote(dst)}: {strerror(errno.EACCES)}")
        try:
            vfs.unlink(dp)
            exists = False
        except OSError as e:
            raise Fail(f"cannot remove {squote(dst)}: {strerror(e)}") from e
    try:
        f = vfs.open(dp, "wb")
    except OSError as e:
        raise Fail(f"cannot create regular file {squote(dst)}: {strerror(e)}") from e
    try:
        with f:
            f.write(data)
    except OSError as e:
        if not exists:
            _quiet(lambda: vfs.unlink(dp))
        raise Fail(f"error writing {squote(dst)}: {strerror(e)}") from e
    umask = ctx.machine.fake.umask
    if o.mode is not None:
        _quiet(lambda: vfs.chmod(dp, o.mode or 0))
    elif o.preserve:
        _quiet(lambda: vfs.chmod(dp, s.st_mode & 0o7777))
        _quiet(lambda: vfs.utime(dp, (s.st_atime, s.st_mtime)))
    elif not exists:
        _quiet(lambda: vfs.chmod(dp, s.st_mode & 0o777 & ~umask))


@command("mv", family="files")
def mv(ctx: Context, argv: list[str]) -> int:
    parsed = MV_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    mode = ""
    for opt, _ in parsed.options:
        if opt in ("-f", "--force", "-i", "--interactive", "-n", "--no-clobber"):
            mode = opt.lstrip("-")[0]
    plan = _plan(ctx, parsed.operands, parsed.last("-t", "--target-directory"),
                 parsed.has("-T", "--no-target-directory"))
    if isinstance(plan, int):
        return plan
    verbose, update = parsed.has("-v", "--verbose"), parsed.has("-u", "--update")
    status = 0
    for src, dst in plan:
        try:
            _move(ctx, src, dst, mode, update, verbose)
        except Fail as e:
            ctx.error(str(e))
            status = 1
    return status


def _move(ctx: Context, src: str, dst: str, mode: str, update: bool, verbose: bool) -> None:
    vfs = ctx.vfs
    sp, dp = ctx.abspath(src).rstrip("/") or "/", ctx.abspath(dst)
    try:
        s = lstat(ctx, ctx.abspath(src))
    except OSError as e:
        raise Fail(f"cannot stat {squote(src)}: {strerror(e)}") from e
    try:
        d = lstat(ctx, dp)
    except OSError:
        d = None
    if d is not None:
        if _same(s, d):
            raise Fail(f"{squote(src)} and {squote(dst)} are the same file")
        if st.S_ISDIR(d.st_mode) and not st.S_ISDIR(s.st_mode):
            raise Fail(f"cannot overwrite directory {squote(dst)} with non-directory")
        if not st.S_ISDIR(d.st_mode) and st.S_ISDIR(s.st_mode):
            raise Fail(f"cannot overwrite non-directory {squote(dst)} with directory {squote(src)}")
        if mode == "n" or (update and d.st_mtime >= s.st_mtime):
            return
        if mode == "i" and not ask(ctx, f"mv: overwrite {squote(dst)}? "):
            return
    elif dst.endswith("/") and not st.S_ISDIR(s.st_mode):
        raise Fail(f"cannot move {squote(src)} to {squote(dst)}: Not a directory")
    if st.S_ISDIR(s.st_mode) and _inside(ctx, src, dst):
        raise Fail(f"cannot move {squote(src)} to a subdirectory of itself, {squote(dst)}")
    try:
        for parent in {posixpath.dirname(sp) or "/", posixpath.dirname(dp.rstrip("/")) or "/"}:
            if vfs.exists(parent) and not vfs.access(parent, 3):
                raise OSError(errno.EACCES, "")
        if d is not None and st.S_ISDIR(d.st_mode) and vfs.os.listdir(dp):
            raise OSError(errno.ENOTEMPTY, "")
        if d is not None and st.S_ISDIR(d.st_mode):
            vfs.rmdir(dp.rstrip("/"))
        vfs.rename(sp, dp.rstrip("/") or "/")
    except OSError as e:
        raise Fail(f"cannot move {squote(src)} to {squote(dst)}: {strerror(e)}") from e
    if verbose:
        ctx.out(f"renamed {squote(src)} -> {squote(dst)}\n")


INSTALL_SPEC = OptionSpec("install", short="bcCdDg:m:o:psS:t:TvZ", long=[
    "backup=?", "compare", "debug", "directory", "group=", "mode=", "owner=", "preserve-timestamps",
    "strip", "strip-program=", "suffix=", "target-directory=", "no-target-directory", "verbose",
    "preserve-context", "context=?"], help=INSTALL_HELP)


@command("install", family="files")
def install(ctx: Context, argv: list[str]) -> int:
    parsed = INSTALL_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    mode = 0o755
    mtext = parsed.last("-m", "--mode")
    if mtext is not None:
        changes = parse_mode(mtext)
        if changes is None:
            ctx.error(f"invalid mode {squote(mtext)}")
            return 1
        mode = adjust_mode(0, False, 0, changes)
    uid = gid = -1
    owner, group = parsed.last("-o", "--owner"), parsed.last("-g", "--group")
    if owner is not None:
        u = accounts.user_by_name(ctx.vfs, owner)
        if u is None and not owner.isdigit():
            ctx.error(f"invalid user {squote(owner)}")
            return 1
        uid = u.uid if u else int(owner)
    if group is not None:
        g = accounts.group_by_name(ctx.vfs, group)
        if g is None and not group.isdigit():
            ctx.error(f"invalid group {squote(group)}")
            return 1
        gid = g.gid if g else int(group)
    verbose = parsed.has("-v", "--verbose")
    status = 0
    if parsed.has("-d", "--directory"):
        if not parsed.operands:
            return usage(ctx, "missing file operand")
        for op in parsed.operands:
            if not _install_dirs(ctx, op, verbose, mode, uid, gid):
                status = 1
        return status
    plan = _plan(ctx, parsed.operands, parsed.last("-t", "--target-directory"),
                 parsed.has("-T", "--no-target-directory"))
    if isinstance(plan, int):
        return plan
    o = CopyOpts(mode=mode, preserve=parsed.has("-p", "--preserve-timestamps"))
    for src, dst in plan:
        try:
            if parsed.has("-D"):
                parent = posixpath.dirname(dst.rstrip("/"))
                if parent and not _install_dirs(ctx, parent, verbose, 0o755, -1, -1):
                    status = 1
                    continue
            sp = ctx.abspath(src)
            if ctx.vfs.isdir(sp):
                raise Fail(f"omitting directory {squote(src)}")
            if ctx.vfs.exists(ctx.abspath(dst)):
                _quiet(lambda d=dst: ctx.vfs.unlink(ctx.abspath(d)))
            if not ctx.vfs.exists(sp):
                raise Fail(f"cannot stat {squote(src)}: {strerror(errno.ENOENT)}")
            _copy_file(ctx, src, dst, ctx.vfs.stat(sp), o, False)
            if uid != -1 or gid != -1:
                try:
                    ctx.vfs.chown(ctx.abspath(dst), uid, gid)
                except OSError as e:
                    raise Fail(f"cannot change ownership of {squote(dst)}: {strerror(e)}") from e
            if verbose:
                ctx.out(f"{squote(src)} -> {squote(dst)}\n")
        except Fail as e:
            ctx.error(str(e))
            status = 1
    return status


def _install_dirs(ctx: Context, op: str, verbose: bool, mode: int, uid: int, gid: int) -> bool:
    shown = "/" if op.startswith("/") else ""
    parts = [p for p in op.split("/") if p]
    for i, part in enumerate(parts):
        shown = posixpath.join(shown, part) if shown else part
        path = ctx.abspath(shown)
        if ctx.vfs.isdir(path):
            continue
        try:
            ctx.vfs.mkdir(path)
            if verbose:
                ctx.out(f"install: creating directory {squote(shown)}\n")
            if i == len(parts) - 1:
                ctx.vfs.chmod(path, mode)
                if uid != -1 or gid != -1:
                    ctx.vfs.chown(path, uid, gid)
        except OSError as e:
            ctx.error(f"cannot create directory {cquote(shown)}: {strerror(e)}")
            return False
    return True
