"""ln: hard and symbolic links (GNU coreutils 9.1 messages, Linux's protected_hardlinks)."""
from __future__ import annotations

import errno
import posixpath
import stat as st

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.files.make_remove import usage
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context, squote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

LN_SPEC = OptionSpec("ln", short="bdfFinLPrsS:t:Tv", long=[
    "backup=?", "directory", "force", "interactive", "logical", "no-dereference", "no-target-directory",
    "physical", "relative", "suffix=", "symbolic", "target-directory=", "verbose"],
    help=verbatim("files/ln_help"))


@command("ln", family="files")
def ln(ctx: Context, argv: list[str]) -> int:
    parsed = LN_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    symbolic = parsed.has("-s", "--symbolic")
    force = parsed.has("-f", "--force")
    no_deref = parsed.has("-n", "--no-dereference")
    verbose = parsed.has("-v", "--verbose")
    relative = parsed.has("-r", "--relative")
    no_target = parsed.has("-T", "--no-target-directory")
    target_dir = parsed.last("-t", "--target-directory")
    ops = parsed.operands
    if not ops:
        return usage(ctx, "missing file operand")
    if target_dir is not None:
        if not ctx.vfs.isdir(ctx.abspath(target_dir)):
            ctx.error(f"target directory {squote(target_dir)}: {strerror(errno.ENOENT if not ctx.vfs.exists(ctx.abspath(target_dir)) else errno.ENOTDIR)}")
            return 1
        pairs = [(src, posixpath.join(target_dir, posixpath.basename(src.rstrip("/")))) for src in ops]
    elif len(ops) == 1:
        pairs = [(ops[0], posixpath.basename(ops[0].rstrip("/")) or ops[0])]
    elif no_target:
        if len(ops) > 2:
            return usage(ctx, f"extra operand {squote(ops[2])}")
        pairs = [(ops[0], ops[1])]
    else:
        last = ops[-1]
        lp = ctx.abspath(last)
        is_dir = ctx.vfs.isdir(lp) and not (no_deref and ctx.vfs.islink(lp))
        if len(ops) > 2 and not is_dir:
            code = errno.ENOTDIR if ctx.vfs.exists(lp) else errno.ENOENT
            ctx.error(f"target {squote(last)}: {strerror(code)}")
            return 1
        if is_dir:
            pairs = [(src, posixpath.join(last, posixpath.basename(src.rstrip("/")))) for src in ops[:-1]]
        else:
            pairs = [(ops[0], last)]
    status = 0
    for src, dst in pairs:
        if not _link_one(ctx, src, dst, symbolic, force, relative, verbose):
            status = 1
    return status


def _relative(ctx: Context, target: str, link: str) -> str:
    t = ctx.vfs.realpath(ctx.abspath(target))
    d = ctx.vfs.realpath(posixpath.dirname(ctx.abspath(link)) or "/")
    return posixpath.relpath(t, d)


def _link_one(ctx: Context, src: str, dst: str, symbolic: bool, force: bool, relative: bool, verbose: bool) -> bool:
    dpath = ctx.abspath(dst)
    kind = "symbolic link" if symbolic else "hard link"
    if not symbolic:
        spath = ctx.abspath(src)
        try:
            s = ctx.vfs.stat(spath)
        except OSError as e:
            ctx.error(f"failed to access {squote(src)}: {strerror(e)}")
            return False
        if st.S_ISDIR(s.st_mode):
            ctx.error(f"{src}: hard link not allowed for directory")
            return False
    try:
        if ctx.vfs.exists(dpath, follow=False):
            if not force:
                raise OSError(errno.EEXIST, "")
            if not symbolic and ctx.vfs.exists(ctx.abspath(src)):
                a, b = ctx.vfs.stat(ctx.abspath(src)), ctx.vfs.lstat(dpath)
                if (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev):
                    ctx.error(f"{squote(src)} and {squote(dst)} are the same file")
                    return False
            if ctx.vfs.isdir(dpath) and not ctx.vfs.islink(dpath):
                raise OSError(errno.EISDIR, "")
            ctx.vfs.unlink(dpath)
        if symbolic:
            ctx.vfs.symlink(_relative(ctx, src, dst) if relative else src, dpath)
        else:
            _check_hardlink(ctx, ctx.abspath(src))
            ctx.vfs.link(ctx.abspath(src), dpath)
    except OSError as e:
        arrow = "" if symbolic or e.errno == errno.EEXIST else f" => {squote(src)}"
        ctx.error(f"failed to create {kind} {squote(dst)}{arrow}: {strerror(e)}")
        return False
    if verbose:
        ctx.out(f"{squote(dst)} -> {squote(src)}\n" if symbolic else f"{squote(dst)} => {squote(src)}\n")
    return True


def _check_hardlink(ctx: Context, path: str) -> None:
    """Linux's fs.protected_hardlinks: only the owner may link a file it cannot read and write."""
    uid = ctx.creds.uid
    try:
        s = ctx.vfs.stat(path)
    except OSError:
        return
    if uid == 0 or uid == s.st_uid:
        return
    mode = s.st_mode
    if (not st.S_ISREG(mode) or mode & st.S_ISUID or (mode & st.S_ISGID and mode & st.S_IXGRP)
            or not ctx.vfs.access(path, 6)):
        raise OSError(errno.EPERM, "Operation not permitted")
