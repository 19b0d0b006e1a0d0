"""mkdir, rmdir, touch, rm, ln (cp, mv and install live in copymove.py)."""
from __future__ import annotations

import errno
import posixpath
import stat as st
from typing import Any

from shelldojo.filesystem import strerror
from shelldojo.filesystem.vfs import WalkEntry, check_length
from shelldojo.shell.commands.files.perms import adjust_mode, parse_mode
from shelldojo.shell.commands.ls.format import parse_date, parse_touch_stamp
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context, cquote, squote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim


def usage(ctx: Context, message: str) -> int:
    ctx.err(f"{ctx.name}: {message}\nTry '{ctx.name} --help' for more information.\n")
    return 1


def lstat(ctx: Context, path: str) -> Any:
    """lstat that also works on 'dir/.', 'dir/..' and 'link/' (see VFS.lstat)."""
    return ctx.vfs.lstat(path)


def describe(mode: int, size: int) -> str:
    """File type words as rm/cp prompts print them."""
    if st.S_ISDIR(mode):
        return "directory"
    if st.S_ISLNK(mode):
        return "symbolic link"
    if st.S_ISREG(mode):
        return "regular empty file" if size == 0 else "regular file"
    return "file"


def ask(ctx: Context, prompt: str) -> bool:
    """Print a y/n question on stderr and read the answer from stdin."""
    ctx.err(prompt)
    line = ctx.stdin.readline()
    return line[:1] in (b"y", b"Y")


MKDIR_SPEC = OptionSpec("mkdir", short="m:pvZ", long=["mode=", "parents", "verbose", "context=?"],
                        help=verbatim("files/mkdir_help"))


@command("mkdir", family="files")
def mkdir(ctx: Context, argv: list[str]) -> int:
    parsed = MKDIR_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not parsed.operands:
        return usage(ctx, "missing operand")
    parents = parsed.has("-p", "--parents")
    verbose = parsed.has("-v", "--verbose")
    mode_text = parsed.last("-m", "--mode")
    umask = ctx.vfs.umask
    final_mode: int | None = None
    if mode_text is not None:
        changes = parse_mode(mode_text)
        if changes is None:
            ctx.error(f"invalid mode {cquote(mode_text)}")
            return 1
        final_mode = adjust_mode(0o777, True, umask, changes)
    status = 0
    for op in parsed.operands:
        path = ctx.abspath(op)
        try:
            if parents:
                _mkdir_parents(ctx, op, verbose)
            else:
                ctx.vfs.mkdir(path)
                if verbose:
                    ctx.out(f"mkdir: created directory {squote(op)}\n")
            if final_mode is not None:
                ctx.vfs.chmod(path, final_mode)
        except _Failed as e:
            ctx.error(f"cannot create directory {cquote(e.shown)}: {strerror(e.code)}")
            status = 1
        except OSError as e:
            ctx.error(f"cannot create directory {cquote(op)}: {strerror(e)}")
            status = 1
    return status


class _Failed(Exception):
    def __init__(self, shown: str, code: int) -> None:
        super().__init__(shown)
        self.shown, self.code = shown, code


def _mkdir_parents(ctx: Context, op: str, verbose: bool) -> None:
    """mkdir -p: make each missing component; parents get u+wx as GNU ensures."""
    parts = [p for p in op.split("/") if p]
    shown = "/" if op.startswith("/") else ""
    umask = ctx.vfs.umask
    try:  # a path Linux cannot name fails at once, not after creating thousands of levels
        check_length(ctx.abspath(op))
    except OSError as e:
        raise _Failed(op, e.errno or errno.ENAMETOOLONG) from e
    for i, part in enumerate(parts):
        ctx.check()  # each level walks the path again: deep trees must stop at the time limit
        shown = posixpath.join(shown, part) if shown else part
        path = ctx.abspath(shown)
        last = i == len(parts) - 1
        try:
            s = ctx.vfs.stat(path)
        except OSError as e:
            if e.errno not in (errno.ENOENT,):
                raise _Failed(shown, e.errno or errno.EIO) from e
            try:
                ctx.vfs.mkdir(path)
                if not last and (0o777 & ~umask) & 0o300 != 0o300:
                    ctx.vfs.chmod(path, (0o777 & ~umask) | 0o300)
            except OSError as e2:
                raise _Failed(shown, e2.errno or errno.EIO) from e2
            if verbose:
                ctx.out(f"mkdir: created directory {squote(shown)}\n")
            continue
        if not st.S_ISDIR(s.st_mode):
            raise _Failed(shown, errno.EEXIST if last else errno.ENOTDIR)


RMDIR_SPEC = OptionSpec("rmdir", short="pv", long=["ignore-fail-on-non-empty", "parents", "verbose"],
                        help=verbatim("files/rmdir_help"))


@command("rmdir", family="files")
def rmdir(ctx: Context, argv: list[str]) -> int:
    parsed = RMDIR_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not parsed.operands:
        return usage(ctx, "missing operand")
    parents = parsed.has("-p", "--parents")
    verbose = parsed.has("-v", "--verbose")
    ignore = parsed.has("--ignore-fail-on-non-empty")
    status = 0
    for op in parsed.operands:
        targets = [op]
        if parents:
            cur = op.rstrip("/") or "/"
            while True:
                cur = posixpath.dirname(cur).rstrip("/")
                if not cur or cur in (".", "/"):
                    break
                targets.append(cur)
        for t in targets:
            if verbose:
                ctx.out(f"rmdir: removing directory, {squote(t)}\n")
            try:
                base = posixpath.basename(t.rstrip("/"))
                if base == ".":
                    raise OSError(errno.EINVAL, "")
                if base == "..":
                    raise OSError(errno.ENOTEMPTY, "")
                path = ctx.abspath(t)
                s = lstat(ctx, path)
                if not st.S_ISDIR(s.st_mode):
                    raise OSError(errno.ENOTDIR, "")
                ctx.vfs.rmdir(path)
            except OSError as e:
                if ignore and e.errno in (errno.ENOTEMPTY, errno.EEXIST):
                    break
                kind = "directory " if t is not op else ""
                ctx.error(f"failed to remove {kind}{squote(t)}: {strerror(e)}")
                status = 1
                break
    return status


TOUCH_SPEC = OptionSpec("touch", short="acd:fhmr:t:", long=["no-create", "date=", "no-dereference",
                                                          "reference=", "time="],
                        help=verbatim("files/touch_help"))


@command("touch", family="files")
def touch(ctx: Context, argv: list[str]) -> int:
    parsed = TOUCH_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not parsed.operands:
        return usage(ctx, "missing file operand")
    no_create = parsed.has("-c", "--no-create")
    follow = not parsed.has("-h", "--no-dereference")
    only_a, only_m = parsed.has("-a"), parsed.has("-m")
    t = parsed.last("--time")
    if t in ("atime", "access", "use"):
        only_a = True
    elif t in ("mtime", "modify"):
        only_m = True
    times: tuple[float, float] | None = None
    ref = parsed.last("-r", "--reference")
    if ref is not None:
        try:
            rs = ctx.vfs.stat(ctx.abspath(ref))
        except OSError as e:
            ctx.error(f"failed to get attributes of {squote(ref)}: {strerror(e)}")
            return 1
        times = (rs.st_atime, rs.st_mtime)
    stamp = parsed.last("-t")
    if stamp is not None:
        value = parse_touch_stamp(stamp)
        if value is None:
            ctx.error(f"invalid date format {cquote(stamp)}")
            return 1
        times = (value, value)
    date = parsed.last("-d", "--date")
    if date is not None:
        value = parse_date(date, ctx.machine)
        if value is None:
            ctx.error(f"invalid date format {cquote(date)}")
            return 1
        times = (value, value)
    status = 0
    for op in parsed.operands:
        path = ctx.abspath(op)
        try:
            exists = ctx.vfs.exists(path, follow=follow)
            if not exists:
                if no_create:
                    continue
                if op.endswith("/"):
                    raise OSError(errno.EISDIR if ctx.vfs.isdir(path) else errno.ENOENT, "")
                ctx.vfs.open(path, "ab").close()
                if times is None:
                    continue
            s = ctx.vfs.stat(path, follow=follow)
            new = times
            if new is None:
                import time
                now = time.time()
                new = (now, now)
            if only_a and not only_m:
                new = (new[0], s.st_mtime)
            elif only_m and not only_a:
                new = (s.st_atime, new[1])
            if not ctx.vfs.access(path, 2) and ctx.creds.uid not in (0, s.st_uid):
                # touch opens the file first: that open's EACCES is reported, unless it was
                # not tried (-c) or could not be (a directory).
                opened = exists and not no_create and not st.S_ISDIR(s.st_mode)
                what = "cannot touch" if opened else "setting times of"
                ctx.error(f"{what} {squote(op)}: {strerror(errno.EACCES)}")
                status = 1
                continue
            ctx.vfs.utime(path, new, follow=follow)
        except OSError as e:
            ctx.error(f"cannot touch {squote(op)}: {strerror(e)}")
            status = 1
    return status


RM_SPEC = OptionSpec("rm", short="dfiIrRv", long=["force", "interactive=?", "one-file-system", "no-preserve-root",
                                                  "preserve-root=?", "recursive", "dir", "verbose"],
                     help=verbatim("files/rm_help"))


@command("rm", family="files")
def rm(ctx: Context, argv: list[str]) -> int:
    parsed = RM_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    force = interactive = False
    for o, v in parsed.options:
        if o in ("-f", "--force"):
            force, interactive = True, False
        elif o == "-i" or (o == "--interactive" and v in (None, "always", "yes")):
            force, interactive = False, True
    opts = _RmOpts(force, interactive, parsed.has("-r", "-R", "--recursive"), parsed.has("-d", "--dir"),
                   parsed.has("-v", "--verbose"))
    if not parsed.operands:
        if force:
            return 0
        return usage(ctx, "missing operand")
    status = 0
    for op in parsed.operands:
        base = posixpath.basename(op.rstrip("/"))
        if base in (".", ".."):
            ctx.error(f"refusing to remove '.' or '..' directory: skipping {squote(op)}")
            status = 1
            continue
        path = ctx.abspath(op)
        if opts.recursive and posixpath.normpath(path) == "/" and not parsed.has("--no-preserve-root"):
            ctx.error(f"it is dangerous to operate recursively on {squote(op)}")
            ctx.error("use --no-preserve-root to override this failsafe")
            status = 1
            continue
        if not _remove(ctx, path, op, opts):
            status = 1
    return status


class _RmOpts:
    def __init__(self, force: bool, interactive: bool, recursive: bool, dirs: bool, verbose: bool) -> None:
        self.force, self.interactive, self.recursive = force, interactive, recursive
        self.dirs, self.verbose = dirs, verbose


def _remove(ctx: Context, path: str, shown: str, o: _RmOpts) -> bool:
    ctx.check()
    lpath = path.rstrip("/") or "/"
    try:
        s = lstat(ctx, lpath)
    except OSError as e:
        if o.force and e.errno == errno.ENOENT:
            return True
        ctx.error(f"cannot remove {squote(shown)}: {strerror(e)}")
        return False
    if path.endswith("/") and st.S_ISLNK(s.st_mode):
        # "link/" names the directory behind the link: rmdir on it fails, unlink refuses it.
        try:
            target_is_dir = st.S_ISDIR(ctx.vfs.stat(lpath).st_mode)
        except OSError:
            target_is_dir = False
        why = "Is a directory" if target_is_dir and not (o.recursive or o.dirs) else "Not a directory"
        ctx.error(f"cannot remove {squote(shown)}: {why}")
        return False
    if not st.S_ISDIR(s.st_mode):
        return _rm_entry(ctx, lpath, shown, o, s, False)
    if not o.recursive:
        if o.dirs:
            return _rm_entry(ctx, lpath, shown, o, s, True)
        ctx.error(f"cannot remove {squote(shown)}: Is a directory")
        return False
    return _remove_tree(ctx, lpath, shown, o)


def _remove_tree(ctx: Context, path: str, shown: str, o: _RmOpts) -> bool:
    """rm -r on the VFS walk: a directory is met before its entries (rm -i asks to descend)
    and again after them (removed if they all were); a failure keeps every directory above."""
    ok = [True]   # one flag per directory being emptied, the operand's outermost

    def on_error(e: WalkEntry, exc: OSError) -> bool:
        if e.error is None and _is_empty(ctx, e.abspath):
            return False  # an unreadable empty directory can still be removed
        ctx.error(f"cannot remove {squote(e.path)}: {strerror(exc)}")
        ok[-1] = False
        return False
    top = WalkEntry(shown, path, posixpath.basename(path), 0, ctx.vfs.node(path, False))
    for e in ctx.vfs.walk(top, order="both", stat_names=True, on_error=on_error, check=ctx.check):
        if e.post:
            if ok.pop():
                ok[-1] = _rm_entry(ctx, e.abspath, e.path, o, e.node, True) and ok[-1]
            else:
                ok[-1] = False
        elif e.is_dir():
            if o.interactive and _listed(ctx, e.abspath) and not ask(
                    ctx, f"rm: descend into directory {squote(e.path)}? "):
                e.prune = True
                continue
            ok.append(True)
        else:
            ok[-1] = _rm_entry(ctx, e.abspath, e.path, o, e.node, False) and ok[-1]
    return ok[0]


def _listed(ctx: Context, path: str) -> bool:
    """A directory that can be read and has entries (rm -i asks before descending into it)."""
    try:
        return bool(ctx.vfs.listdir(path))
    except OSError:
        return False


def _is_empty(ctx: Context, path: str) -> bool:
    try:
        return ctx.vfs.is_empty_dir(path)
    except OSError:
        return False


def _rm_entry(ctx: Context, path: str, shown: str, o: _RmOpts, s: object, is_dir: bool) -> bool:
    mode, size = s.st_mode, s.st_size
    if o.interactive:
        if not ask(ctx, f"rm: remove {describe(mode, size)} {squote(shown)}? "):
            return True
    elif (not o.force and not st.S_ISLNK(mode) and ctx.stdin.isatty() and not ctx.vfs.access(path, 2)
          and not ask(ctx, f"rm: remove write-protected {describe(mode, size)} {squote(shown)}? ")):
        return True
    try:
        _check_parent(ctx, path)
        if is_dir:
            ctx.vfs.rmdir(path)
        else:
            ctx.vfs.unlink(path)
    except OSError as e:
        ctx.error(f"cannot remove {squote(shown)}: {strerror(e)}")
        return False
    if o.verbose:
        ctx.out(f"removed directory {squote(shown)}\n" if is_dir else f"removed {squote(shown)}\n")
    return True


def _check_parent(ctx: Context, path: str) -> None:
    """Removing an entry needs write and search permission on its directory."""
    parent = posixpath.dirname(path) or "/"
    if not ctx.vfs.access(parent, 3):
        raise OSError(errno.EACCES, "Permission denied")
