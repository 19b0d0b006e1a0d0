"""install: copy files and set attributes (GNU coreutils 9.1), built on cp's copy."""
from __future__ import annotations

import errno
import posixpath

from shelldojo.filesystem import accounts, strerror
from shelldojo.shell.commands.files.copymove import copy_file
from shelldojo.shell.commands.files.copymove_plan import CopyOpts, Fail, plan_pairs, quiet
from shelldojo.shell.commands.files.make_remove import usage
from shelldojo.shell.commands.files.perms import adjust_mode, parse_mode
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context, cquote, squote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

INSTALL_SPEC = OptionSpec("install", short="bcCdDg:m:o:psS:t:TvZ", long=[
    "backup=?", "compare", "debug", "directory", "group=", "mode=", "owner=", "preserve-timestamps",
    "strip", "strip-program=", "suffix=", "target-directory=", "no-target-directory", "verbose",
    "preserve-context", "context=?"], help=verbatim("files/install_help"))


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
    plan = plan_pairs(ctx, parsed.operands, parsed.last("-t", "--target-directory"),
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
                quiet(lambda d=dst: ctx.vfs.unlink(ctx.abspath(d)))
            if not ctx.vfs.exists(sp):
                raise Fail(f"cannot stat {squote(src)}: {strerror(errno.ENOENT)}")
            copy_file(ctx, src, dst, ctx.vfs.stat(sp), o, False)
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
