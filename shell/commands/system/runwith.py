"""stdbuf and chroot (GNU coreutils 9.1): run a command in a changed setting, as timeout and nice
do (system/runners.py).  Our streams have no stdio buffers, so stdbuf checks its modes and runs
the command; chroot needs root, and the virtual disk cannot give a command another `/`: as root
it runs commands in `/` itself, and elsewhere answers as a real chroot into a directory without
the program (`failed to run command`), which is what a learner sees with an empty directory."""
from __future__ import annotations

import dataclasses
import errno
import posixpath
import re

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.system.runners import _start
from shelldojo.shell.context import Context, cquote, squote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

CANCELED, NOT_FOUND = 125, 127
STDBUF = OptionSpec("stdbuf", short="i:o:e:", long=["input=", "output=", "error="], posix=True,
                    help=verbatim("system/stdbuf_help"), version=verbatim("system/stdbuf_version"))
CHROOT = OptionSpec("chroot", long=["groups=", "userspec=", "skip-chdir"], posix=True,
                    help=verbatim("system/chroot_help"), version=verbatim("system/chroot_version"),
                    usage_status=CANCELED)
_SIZE = re.compile(r"\d+(?:[kKMGTPEZY](?:B|iB)?|b)?")


def _usage(ctx: Context, message: str) -> int:
    ctx.err(f"{ctx.name}: {message}\nTry '{ctx.name} --help' for more information.\n")
    return CANCELED


@command("stdbuf", family="system", summary="Run COMMAND, with modified buffering operations for its standard streams.")
def stdbuf(ctx: Context, argv: list[str]) -> int:
    p = STDBUF.parse(ctx, argv[1:])
    if isinstance(p, int):
        return CANCELED if p else 0
    for opt, value in p.options:
        mode = value or ""
        if opt in ("-i", "--input") and mode == "L":
            return _usage(ctx, "line buffering stdin is meaningless")
        if mode != "L" and not _SIZE.fullmatch(mode):
            ctx.error(f"invalid mode {cquote(mode)}")
            return CANCELED
    if not p.operands:
        return _usage(ctx, "missing operand")
    if not p.options:
        return _usage(ctx, "you must specify a buffering mode option")
    cmd = p.operands
    failed = _start(ctx, cmd, "stdbuf")
    if failed is not None:
        return failed
    return ctx.runner.run_argv(dataclasses.replace(ctx, name=cmd[0]), cmd)


@command("chroot", family="system", directory="/usr/sbin", summary="run command or interactive shell with special root directory")
def chroot(ctx: Context, argv: list[str]) -> int:
    p = CHROOT.parse(ctx, argv[1:])
    if isinstance(p, int):
        return CANCELED if p else 0
    if not p.operands:
        return _usage(ctx, "missing operand")
    root, cmd = p.operands[0], p.operands[1:]
    path = ctx.abspath(root)
    try:
        if not ctx.vfs.isdir(path):
            ctx.vfs.stat(path)
            raise OSError(errno.ENOTDIR, "")
        if not ctx.creds.is_root:
            raise OSError(errno.EPERM, "")
    except OSError as exc:
        ctx.error(f"cannot change root directory to {squote(root)}: {strerror(exc)}")
        return CANCELED
    if not cmd:
        cmd = [ctx.env.get("SHELL") or "/bin/bash", "-i"]
    if posixpath.normpath(ctx.vfs.realpath(path)) == "/":  # chroot / is the same machine
        failed = _start(ctx, cmd, "chroot")
        if failed is not None:
            return failed
        return ctx.runner.run_argv(dataclasses.replace(ctx, name=cmd[0]), cmd)
    ctx.error(f"failed to run command {cquote(cmd[0])}: {strerror(errno.ENOENT)}")
    return NOT_FOUND
