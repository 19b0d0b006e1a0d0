"""Text commands that stream files: cat tee rev (GNU coreutils 9.1, util-linux rev).

head/tail live in text_headtail, wc/nl in text_count; shared input helpers in textio.
"""
from __future__ import annotations

import errno
import posixpath

from shelldojo.filesystem import strerror
from shelldojo.filesystem.vfs import oserror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import (
    Inputs,
    chunks,
    fix_errno,
    lines,
    quotef,
    same_as_output,
)
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.streams import WriteError
from shelldojo.shell.texts import verbatim

# -- cat ----------------------------------------------------------------------------------------
CAT = OptionSpec("cat", short="AbeEnstTuv", long=["show-all", "number-nonblank", "show-ends", "number",
                 "squeeze-blank", "show-tabs", "show-nonprinting"], help=verbatim("text/cat_help"),
                 version=verbatim("text/cat_version"))


def _nonprinting(data: bytes, tabs: bool) -> bytes:
    out = bytearray()
    for b in data:
        if b >= 128:
            out += b"M-"
            b -= 128
        if b == 9 and not tabs:
            out.append(9)
        elif b == 10:
            out.append(10)
        elif b < 32:
            out += b"^" + bytes([b + 64])
        elif b == 127:
            out += b"^?"
        else:
            out.append(b)
    return bytes(out)


@command("cat", family="text")
def cat(ctx: Context, argv: list[str]) -> int:
    p = CAT.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    flags = {o for o, _ in p.options}
    number_nb = bool(flags & {"-b", "--number-nonblank"})
    number = number_nb or bool(flags & {"-n", "--number"})
    ends = bool(flags & {"-A", "-e", "-E", "--show-all", "--show-ends"})
    tabs = bool(flags & {"-A", "-t", "-T", "--show-all", "--show-tabs"})
    vis = bool(flags & {"-A", "-e", "-t", "-v", "--show-all", "--show-nonprinting"})
    squeeze = bool(flags & {"-s", "--squeeze-blank"})
    plain = not (number or ends or tabs or vis or squeeze)
    lineno, at_bol, blanks = 0, True, 0
    inputs = Inputs(ctx, p.operands)
    for name, stream in inputs:
        if same_as_output(ctx, stream):
            inputs.fail(name, "input file is output file")
            continue
        try:
            if plain:
                for data in chunks(ctx, stream):
                    ctx.out(data)
                continue
            for line in lines(ctx, stream):
                ctx.check()
                body, nl = (line[:-1], b"\n") if line.endswith(b"\n") else (line, b"")
                if at_bol and not body and nl:
                    blanks += 1
                    if squeeze and blanks > 1:
                        continue
                elif at_bol:
                    blanks = 0
                out = b""
                if at_bol and number and not (number_nb and not body and nl):
                    lineno += 1
                    out = f"{lineno:>6}\t".encode()
                if vis:
                    body = _nonprinting(body, tabs)
                elif tabs:
                    body = body.replace(b"\t", b"^I")
                out += body
                if nl:
                    out += b"$\n" if ends else b"\n"
                ctx.out(out)
                at_bol = bool(nl)
        except WriteError:
            raise  # the output failed, not this input: reported as GNU's write error
        except OSError as exc:
            inputs.fail(name, exc)
    return inputs.status


# -- tee ----------------------------------------------------------------------------------------
TEE = OptionSpec("tee", short="aip", long=["append", "ignore-interrupts", "output-error=?"],
                 help=verbatim("text/tee_help"), version=verbatim("text/tee_version"))


@command("tee", family="text")
def tee(ctx: Context, argv: list[str]) -> int:
    p = TEE.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    mode = "ab" if p.has("-a", "--append") else "wb"
    status = 0
    outs: list[tuple[str, object]] = []
    for name in p.operands:
        try:
            if posixpath.normpath(ctx.abspath(name)) == "/dev/null":
                continue  # a device: writes vanish (the image's node may not be writable)
            if ctx.vfs.isdir(ctx.abspath(name)):
                raise oserror(errno.EISDIR, name)  # Linux checks this before write permission
            outs.append((name, ctx.vfs.open(ctx.abspath(name), mode)))
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(fix_errno(ctx, ctx.abspath(name), exc))}")
            status = 1
    try:
        for data in chunks(ctx, ctx.stdin):
            ctx.out(data)
            for item in list(outs):
                try:
                    item[1].write(data)  # type: ignore[attr-defined]
                except OSError as exc:
                    ctx.error(f"{quotef(item[0])}: {strerror(exc)}")
                    outs.remove(item)
                    status = 1
    finally:
        for _name, f in outs:
            try:
                f.close()  # type: ignore[attr-defined]
            except OSError:
                pass
    return status


# -- rev (util-linux) ----------------------------------------------------------------------------
REV = OptionSpec("rev", short="0Vh", long=["zero"], help=verbatim("text/rev_help"),
                 version=verbatim("text/rev_version"))


@command("rev", family="text")
def rev(ctx: Context, argv: list[str]) -> int:
    p = REV.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    if p.has("-h"):
        ctx.out(verbatim("text/rev_help"))
        return 0
    if p.has("-V"):
        ctx.out(verbatim("text/rev_version"))
        return 0
    delim = b"\0" if p.has("-0", "--zero") else b"\n"

    def cannot(name: str, exc: OSError) -> None:  # util-linux words it its own way
        if exc.errno == errno.EISDIR:
            ctx.error(f"{name}: 0: {strerror(exc)}")
        else:
            ctx.error(f"cannot open {name}: {strerror(exc)}")

    inputs = Inputs(ctx, p.operands, on_error=cannot)
    for _name, stream in inputs:
        for line in lines(ctx, stream, delim):
            body, end = (line[:-1], delim) if line.endswith(delim) else (line, b"")
            text = body.decode("utf-8", "surrogateescape")[::-1]
            ctx.out(text.encode("utf-8", "surrogateescape") + end)
    return inputs.status
