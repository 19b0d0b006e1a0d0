"""cp and mv (GNU coreutils 9.1 messages); install (copymove_install) reuses the copy.

Options, operand planning and backups shared by the three live in copymove_plan."""
from __future__ import annotations

import errno
import posixpath
import stat as st
from typing import Any

from shelldojo.filesystem import strerror
from shelldojo.filesystem.vfs import DirectoryLoop, WalkEntry
from shelldojo.shell.commands.files.copymove_plan import (
    CopyOpts,
    Fail,
    backup_options,
    inside,
    make_backup,
    plan_pairs,
    quiet,
    same_file,
)
from shelldojo.shell.commands.files.make_remove import ask, lstat
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context, squote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

CP_SPEC = OptionSpec("cp", short="abdfHilLnPprst:TuvxRS:Z", long=[
    "archive", "attributes-only", "backup=?", "copy-contents", "debug", "force", "interactive", "link",
    "dereference", "no-clobber", "no-dereference", "preserve=?", "no-preserve=", "parents", "recursive",
    "reflink=?", "remove-destination", "sparse=", "strip-trailing-slashes", "symbolic-link", "suffix=",
    "target-directory=", "no-target-directory", "update", "verbose", "one-file-system", "context=?"],
    help=verbatim("files/cp_help"))
MV_SPEC = OptionSpec("mv", short="bfinS:t:TuvZ", long=[
    "backup=?", "debug", "force", "interactive", "no-clobber", "no-copy", "strip-trailing-slashes",
    "suffix=", "target-directory=", "no-target-directory", "update", "verbose", "context"],
    help=verbatim("files/mv_help"))


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
    bad = backup_options(ctx, parsed, o)
    if bad is not None:
        return bad
    plan = plan_pairs(ctx, parsed.operands, parsed.last("-t", "--target-directory"),
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


def copy_one(ctx: Context, src: str, dst: str, o: CopyOpts, top: bool = True) -> None:
    """Copy src to dst (a directory with o.recursive, on the VFS walk); raises Fail with
    GNU's message, or _Silent when entries below failed (their messages already printed)."""
    ctx.check()
    sp = ctx.abspath(src)
    follow = o.deref if o.deref is not None else not o.recursive
    try:
        top_entry = WalkEntry(src, sp.rstrip("/") or "/", posixpath.basename(sp), 0, ctx.vfs.node(sp, follow))
    except OSError as e:
        raise Fail(f"cannot stat {squote(src)}: {strerror(e)}") from e
    if not (o.recursive and top_entry.is_dir()):
        _copy_entry(ctx, src, dst, top_entry.stat(), o, top)
        return
    failed = False
    dirs: list[list[Any]] = []   # [stat, made, listed] of each directory being copied

    def on_error(e: WalkEntry, exc: OSError) -> bool:
        nonlocal failed
        failed = True
        if e.error is None:  # a directory that cannot be read
            dirs[-1][2] = False  # no final chmod, as GNU stops before it
            ctx.error(f"cannot access {squote(e.path)}: {strerror(exc)}")
        elif isinstance(exc, DirectoryLoop):
            ctx.error(f"cannot copy cyclic symbolic link {squote(e.path)}")
        else:
            ctx.error(f"cannot stat {squote(e.path)}: {strerror(exc)}")
        return False
    skip = len(src.rstrip("/"))
    dbase = dst.rstrip("/")
    walk = ctx.vfs.walk(top_entry, order="both", follow=bool(o.deref), stat_names=True, tidy=True,
                        on_error=on_error, check=ctx.check)
    for e in walk:
        d = dbase + e.path[skip:] if e.depth else dst
        if e.post:
            s, new, listed = dirs.pop()
            if listed:
                _finish_dir(ctx, d, s, o, new)
            continue
        s = e.stat()
        try:
            new = _copy_entry(ctx, e.path, d, s, o, e.depth == 0)
        except Fail as exc:
            if not e.depth:
                raise
            failed = True
            e.prune = True
            ctx.error(str(exc))
            continue
        if new is not None:
            dirs.append([s, new, True])
    if failed:
        raise _Silent()


def _copy_entry(ctx: Context, src: str, dst: str, s: Any, o: CopyOpts, top: bool) -> bool | None:
    """Copy one file met by the walk (stat `s`); for a directory, make it (True) or find it
    already there (False) before its entries are copied.  Raises Fail with GNU's message."""
    vfs = ctx.vfs
    dp = ctx.abspath(dst)
    try:
        d = vfs.stat(dp)
    except OSError as e:
        d = None
        if e.errno not in (errno.ENOENT, errno.ENOTDIR):
            raise Fail(f"cannot stat {squote(dst)}: {strerror(e)}") from e
    if st.S_ISDIR(s.st_mode):
        if not o.recursive:
            raise Fail(f"-r not specified; omitting directory {squote(src)}")
        if d is not None and not st.S_ISDIR(d.st_mode):
            raise Fail(f"cannot overwrite non-directory {squote(dst)} with directory {squote(src)}")
        into_itself = top and inside(ctx, src, dst)
        if into_itself and d is not None:
            raise Fail(f"cannot copy a directory, {squote(src)}, into itself, {squote(dst)}")
        if d is not None:
            return False
        try:
            vfs.mkdir(dp.rstrip("/"), s.st_mode & 0o7777 | 0o700)
        except OSError as e:
            raise Fail(f"cannot create directory {squote(dst)}: {strerror(e)}") from e
        if into_itself:  # GNU makes the new directory before it notices
            quiet(lambda: vfs.chmod(dp.rstrip("/"), s.st_mode & 0o7777 & ~ctx.vfs.umask))
            raise Fail(f"cannot copy a directory, {squote(src)}, into itself, {squote(dst)}")
        if o.verbose:
            ctx.out(f"{squote(src)} -> {squote(dst)}\n")
        return True
    if d is not None:
        if same_file(s, d):
            raise Fail(f"{squote(src)} and {squote(dst)} are the same file")
        if st.S_ISDIR(d.st_mode):
            raise Fail(f"cannot overwrite directory {squote(dst)} with non-directory")
        if o.no_clobber:
            return None
        if o.update and d.st_mtime >= s.st_mtime:
            return None
        if o.interactive and not ask(ctx, f"{ctx.name}: overwrite {squote(dst)}? "):
            return None
    elif dst.endswith("/"):  # GNU: ENOENT when the parent is missing too (open fails first)
        parent_ok = ctx.vfs.isdir(posixpath.dirname(dp.rstrip("/")) or "/")
        why = "Not a directory" if parent_ok else strerror(errno.ENOENT)
        raise Fail(f"cannot create regular file {squote(dst)}: {why}")
    backup = make_backup(ctx, dst, o) if d is not None else ""
    exists = d is not None and not backup
    if o.link or o.symlink or st.S_ISLNK(s.st_mode):
        _make_link(ctx, src, dst, s, o, exists)
    else:
        copy_file(ctx, src, dst, s, o, exists)
    if o.verbose:
        ctx.out(f"{squote(src)} -> {squote(dst)}{backup}\n")
    return None


def _finish_dir(ctx: Context, dst: str, s: Any, o: CopyOpts, made: bool) -> None:
    """After a directory's entries: its mode (and times with -p), as GNU sets them last."""
    vfs, dp = ctx.vfs, ctx.abspath(dst).rstrip("/")
    if made or o.preserve:
        mode = s.st_mode & 0o7777 if o.preserve else s.st_mode & 0o7777 & ~vfs.umask
        quiet(lambda: vfs.chmod(dp, mode))
    if o.preserve:
        quiet(lambda: vfs.utime(dp, (s.st_atime, s.st_mtime)))


class _Silent(Fail):
    """A directory copy failed below; its messages are already printed."""


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


def copy_file(ctx: Context, src: str, dst: str, s: Any, o: CopyOpts, exists: bool) -> None:
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
            quiet(lambda: vfs.unlink(dp))
        raise Fail(f"error writing {squote(dst)}: {strerror(e)}") from e
    umask = ctx.vfs.umask
    if o.mode is not None:
        quiet(lambda: vfs.chmod(dp, o.mode or 0))
    elif o.preserve:
        quiet(lambda: vfs.chmod(dp, s.st_mode & 0o7777))
        quiet(lambda: vfs.utime(dp, (s.st_atime, s.st_mtime)))
    elif not exists and s.st_mode & 0o777 & ~umask != 0o666 & ~umask:  # else open made it so
        quiet(lambda: vfs.chmod(dp, s.st_mode & 0o777 & ~umask))


@command("mv", family="files")
def mv(ctx: Context, argv: list[str]) -> int:
    parsed = MV_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    mode = ""
    for opt, _ in parsed.options:
        if opt in ("-f", "--force", "-i", "--interactive", "-n", "--no-clobber"):
            mode = opt.lstrip("-")[0]
    plan = plan_pairs(ctx, parsed.operands, parsed.last("-t", "--target-directory"),
                 parsed.has("-T", "--no-target-directory"))
    if isinstance(plan, int):
        return plan
    verbose, update = parsed.has("-v", "--verbose"), parsed.has("-u", "--update")
    o = CopyOpts()
    bad = backup_options(ctx, parsed, o)
    if bad is not None:
        return bad
    status = 0
    for src, dst in plan:
        try:
            _move(ctx, src, dst, mode, update, verbose, o)
        except Fail as e:
            ctx.error(str(e))
            status = 1
    return status


def _move(ctx: Context, src: str, dst: str, mode: str, update: bool, verbose: bool, o: CopyOpts) -> None:
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
        if same_file(s, d):
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
    if st.S_ISDIR(s.st_mode) and inside(ctx, src, dst):
        raise Fail(f"cannot move {squote(src)} to a subdirectory of itself, {squote(dst)}")
    try:
        for parent in {posixpath.dirname(sp) or "/", posixpath.dirname(dp.rstrip("/")) or "/"}:
            if vfs.exists(parent) and not vfs.access(parent, 3):
                raise OSError(errno.EACCES, "")
        backup = make_backup(ctx, dst, o) if d is not None else ""
        if not backup and d is not None and st.S_ISDIR(d.st_mode) and not vfs.is_empty_dir(dp):
            raise OSError(errno.ENOTEMPTY, "")
        if not backup and d is not None and st.S_ISDIR(d.st_mode):
            vfs.rmdir(dp.rstrip("/"))
        vfs.rename(sp, dp.rstrip("/") or "/")
    except OSError as e:
        raise Fail(f"cannot move {squote(src)} to {squote(dst)}: {strerror(e)}") from e
    if verbose:
        ctx.out(f"renamed {squote(src)} -> {squote(dst)}{backup}\n")
