"""What cp, mv and install do before copying: their shared options (CopyOpts, --backup),
operand -> destination planning with GNU's messages, backups, and small file helpers."""
from __future__ import annotations

import errno
import posixpath
from dataclasses import dataclass
from typing import Any

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.files.make_remove import usage
from shelldojo.shell.context import Context, cquote, squote


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
    backup: str | None = None     # None, "simple", "numbered", "existing"
    suffix: str = "~"


_BACKUP_TYPES = {"none": None, "off": None, "simple": "simple", "never": "simple",
                 "existing": "existing", "nil": "existing", "numbered": "numbered", "t": "numbered"}


def backup_options(ctx: Context, parsed: Any, o: CopyOpts) -> int | None:
    """Read -b/--backup[=CONTROL] and -S/--suffix into o; an error status on a bad CONTROL."""
    wanted, control = False, None
    for opt, val in parsed.options:
        if opt == "-b":
            wanted = True
        elif opt == "--backup":
            wanted, control = True, val
    suffix = parsed.last("-S", "--suffix")
    if suffix is not None:
        wanted = True
    o.suffix = suffix or ctx.env.get("SIMPLE_BACKUP_SUFFIX") or "~"
    if not wanted:
        return None
    if control is None:
        control = ctx.env.get("VERSION_CONTROL") or "existing"
    hits = {v for k, v in _BACKUP_TYPES.items() if k.startswith(control)} if control else set()
    if control in _BACKUP_TYPES:
        hits = {_BACKUP_TYPES[control]}
    if len(hits) != 1:
        kind = "ambiguous" if hits else "invalid"
        ctx.err(f"{ctx.name}: {kind} argument {cquote(control)} for ‘backup type’\n"
                "Valid arguments are:\n  - ‘none’, ‘off’\n  - ‘simple’, ‘never’\n"
                "  - ‘existing’, ‘nil’\n  - ‘numbered’, ‘t’\n"
                f"Try '{ctx.name} --help' for more information.\n")
        return 1
    o.backup = hits.pop()
    return None


def make_backup(ctx: Context, dst: str, o: CopyOpts) -> str:
    """Rename the existing dst out of the way as GNU's backups do; returns ' (backup: ...)'."""
    if o.backup is None:
        return ""
    dp = ctx.abspath(dst).rstrip("/")
    directory, base = posixpath.split(dp)
    kind, suffix = o.backup, o.suffix
    if kind in ("numbered", "existing"):
        prefix = base + ".~"
        numbers = [int(n[len(prefix):-1]) for n in _listdir(ctx, directory)
                   if n.startswith(prefix) and n.endswith("~") and n[len(prefix):-1].isdigit()]
        if numbers or kind == "numbered":
            suffix = f".~{max(numbers, default=0) + 1}~"
    try:
        ctx.vfs.rename(dp, dp + suffix)
    except OSError as e:
        raise Fail(f"cannot backup {squote(dst)}: {strerror(e)}") from e
    return f" (backup: {squote(dst.rstrip('/') + suffix)})"


def _listdir(ctx: Context, path: str) -> list[str]:
    try:
        return ctx.vfs.listdir(path or "/")
    except OSError:
        return []


def plan_pairs(ctx: Context, ops: list[str], target_dir: str | None, no_target: bool,
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


def same_file(a: Any, b: Any) -> bool:
    return (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev)


def inside(ctx: Context, src: str, dst: str) -> bool:
    s = ctx.vfs.realpath(ctx.abspath(src))
    d = ctx.vfs.realpath(ctx.abspath(dst))
    return d == s or d.startswith(s.rstrip("/") + "/")


def quiet(fn: Any) -> None:
    try:
        fn()
    except OSError:
        pass

