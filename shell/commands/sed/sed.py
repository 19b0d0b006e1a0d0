"""sed (GNU sed 4.9 subset): addresses, s y d p n N D P h H g G x q Q = l a i c b t T r w,
-n -e -f -E/-r -s -z and -i (edited through the VFS)."""
from __future__ import annotations

import posixpath
import stat as st

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.sed.execute import Sed
from shelldojo.shell.commands.sed.model import Cmd, SedError
from shelldojo.shell.commands.sed.parse import Parser
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim


class _Spec(OptionSpec):
    def _usage(self, ctx: Context, message: str) -> int:   # sed prints its whole usage after an error
        ctx.err(f"sed: {message}\n{verbatim('sed/sed_usage')}")
        return 1


SPEC = _Spec("sed", short="ne:f:i::Erszul:", long=[
    "quiet", "silent", "expression=", "file=", "in-place=?", "regexp-extended", "separate", "null-data",
    "zero-terminated", "unbuffered", "line-length=", "posix", "debug", "sandbox", "follow-symlinks"],
    help=verbatim("sed/sed_help"), version=verbatim("sed/sed_version"))


@command("sed", family="text", summary="stream editor for filtering and transforming text")
def sed(ctx: Context, argv: list[str]) -> int:
    p = SPEC.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    chunks: list[tuple[str, str]] = []
    in_place: str | None = None
    for opt, val in p.options:
        if opt in ("-e", "--expression"):
            chunks.append((val or "", f"-e expression #{len(chunks) + 1}"))
        elif opt in ("-f", "--file"):
            try:
                data = ctx.vfs.read_bytes(ctx.abspath(val or "")).decode("utf-8", "surrogateescape")
            except OSError as exc:
                ctx.error(f"couldn't open file {val}: {strerror(exc)}")
                return 1
            chunks.append((data.removesuffix("\n"), f"file {val}"))
        elif opt in ("-i", "--in-place"):
            in_place = val or ""
    operands = list(p.operands)
    if not chunks:
        if not operands:
            ctx.err(verbatim("sed/sed_usage"))
            return 1
        chunks.append((operands.pop(0), "-e expression #1"))
    try:
        cmds = Parser(chunks, p.has("-E", "-r", "--regexp-extended"), ctx.budget).parse()
    except SedError as exc:
        ctx.error(str(exc))
        return exc.status
    quiet = p.has("-n", "--quiet", "--silent")
    sep = "\0" if p.has("-z", "--null-data", "--zero-terminated") else "\n"
    separate = in_place is not None or p.has("-s", "--separate")
    try:
        if in_place is None and not separate:
            machine = Sed(ctx, cmds, quiet, sep, False)
            status = machine.run(operands or ["-"])
            _write_files(ctx, machine)
            return status
        if in_place is not None and not operands:
            ctx.error("no input files")
            return 4
        status = 0
        for name in operands or ["-"]:
            for c in cmds:
                c.active = False
            if in_place is None:
                machine = Sed(ctx, cmds, quiet, sep, True)
                status = machine.run([name]) or status
                _write_files(ctx, machine)
                continue
            result = _edit(ctx, cmds, quiet, sep, name, in_place)
            if result == 4:
                return 4
            status = result or status
        return status
    except SedError as exc:
        ctx.error(str(exc))
        return 4


def _edit(ctx: Context, cmds: list[Cmd], quiet: bool, sep: str, name: str, suffix: str) -> int:
    """sed -i on one file: run into a buffer, then replace the file (backup with a suffix)."""
    path = ctx.abspath(name)
    try:
        mode = ctx.vfs.stat(path).st_mode
    except OSError as exc:
        ctx.error(f"can't read {name}: {strerror(exc)}")
        return 2
    if not st.S_ISREG(mode):
        ctx.error(f"couldn't edit {name}: not a regular file")
        return 4
    from shelldojo.shell.streams import BufferOutput
    sub = Context(ctx.name, ctx.machine, ctx.cwd, ctx.env, ctx.stdin, BufferOutput(), ctx.stderr, ctx.creds,
                  ctx.limits, ctx.budget, ctx.runner)
    machine = Sed(sub, cmds, quiet, sep, True)
    status = machine.run([name])
    if status == 2:
        return 2
    data = sub.stdout.getvalue() if hasattr(sub.stdout, "getvalue") else b""
    try:
        if suffix:
            base = posixpath.basename(name)
            backup = suffix.replace("*", base) if "*" in suffix else base + suffix
            bpath = posixpath.join(posixpath.dirname(path), backup)
            ctx.vfs.write_bytes(bpath, ctx.vfs.read_bytes(path))
        ctx.vfs.write_bytes(path, data)
    except OSError as exc:
        ctx.error(f"couldn't open temporary file {name}: {strerror(exc)}")
        return 4
    _write_files(ctx, machine)
    return status


def _write_files(ctx: Context, machine: Sed) -> None:
    for name, chunks in machine.wfiles.items():
        target = "/dev/stdout" if name == "/dev/stdout" else ctx.abspath(name)
        try:
            if target == "/dev/stdout":
                ctx.out("".join(chunks))
            else:
                ctx.vfs.write_bytes(target, "".join(chunks).encode("utf-8", "surrogateescape"))
        except OSError as exc:
            ctx.error(f"couldn't open file {name}: {strerror(exc)}")
