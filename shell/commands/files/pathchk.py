"""pathchk (GNU coreutils 9.1): is a file name valid here (-default), portable to any POSIX
system (-p), free of empty names and leading hyphens (-P)?"""
from __future__ import annotations

import errno
import re

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import quotef
from shelldojo.shell.context import Context, cquote, squote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("pathchk", short="pP", long=["portability"], help=verbatim("files/pathchk_help"),
                  version=verbatim("files/pathchk_version"))
PATH_MAX, NAME_MAX = 4096, 255
POSIX_PATH_MAX, POSIX_NAME_MAX = 256, 14
_PORTABLE = re.compile(r"[A-Za-z0-9._/-]*")


def _valid(ctx: Context, name: str, basic: bool, extra: bool) -> bool:
    if extra and any(part.startswith("-") for part in name.split("/")):
        ctx.error(f"leading '-' in a component of file name {squote(name)}")
        return False
    if (basic or extra) and not name:
        ctx.error("empty file name")
        return False
    exists = False
    if basic:
        bad = _PORTABLE.match(name)
        end = bad.end() if bad else 0
        if end < len(name):
            ctx.error(f"nonportable character {cquote(name[end])} in file name {squote(name)}")
            return False
    else:
        try:
            if not name or any(len(c.encode()) > NAME_MAX for c in name.split("/")) or len(name) >= PATH_MAX:
                raise OSError(errno.ENOENT if not name else errno.ENAMETOOLONG, "")
            ctx.vfs.lstat(ctx.abspath(name))
            exists = True
        except OSError as exc:
            if exc.errno != errno.ENOENT or not name:
                ctx.error(f"{quotef(name)}: {strerror(exc)}")
                return False
    size = len(name.encode("utf-8", "surrogateescape"))
    if basic and size >= POSIX_PATH_MAX:
        ctx.error(f"limit {POSIX_PATH_MAX - 1} exceeded by length {size} of file name {squote(name)}")
        return False
    limit = POSIX_NAME_MAX if basic else NAME_MAX
    if basic or not exists:
        for part in name.split("/"):
            length = len(part.encode("utf-8", "surrogateescape"))
            if length > limit:
                ctx.error(f"limit {limit} exceeded by length {length} of file name component {cquote(part)}")
                return False
    return True


@command("pathchk", family="files", summary="check whether file names are valid or portable")
def pathchk(ctx: Context, argv: list[str]) -> int:
    p = SPEC.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    if not p.operands:
        ctx.err("pathchk: missing operand\nTry 'pathchk --help' for more information.\n")
        return 1
    basic = p.has("-p", "--portability")
    extra = p.has("-P", "--portability")
    ok = True
    for name in p.operands:
        ok = _valid(ctx, name, basic, extra) and ok
    return 0 if ok else 1
