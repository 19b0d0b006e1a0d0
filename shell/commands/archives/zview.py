"""zless, zmore, zcmp, zdiff and their bz/xz kin: the scripts gzip, bzip2 and xz-utils ship.
Each runs the decompressor (`gzip -cdfq -- FILE`...) and hands its output to less, more, cmp
or diff; here the decompressor is our own command with its stdout captured in memory (bounded
by the file-size limit), and the result goes to the pager or comparer as stdin or a /dev/fd/5
pipe, as the scripts' plumbing does."""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from shelldojo.filesystem.devices import FdPipe
from shelldojo.shell.commands.archives.bzip2 import bzip2
from shelldojo.shell.commands.archives.gzip import gzip_
from shelldojo.shell.commands.archives.xz import xz
from shelldojo.shell.commands.pagers.pager import less, more, on_terminal, page
from shelldojo.shell.commands.text.cmp import cmp
from shelldojo.shell.commands.text.diff import diff
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.streams import BufferOutput, BytesInput, OutputStream
from shelldojo.shell.texts import verbatim

_TOOLS: dict[str, tuple[Callable[[Context, list[str]], int], list[str]]] = {
    "z": (gzip_, ["gzip", "-cdfq", "--"]), "bz": (bzip2, ["bzip2", "-cdfq"]), "xz": (xz, ["xz", "-cdfqQ", "--"])}
_SUFFIX = {"z": r"[-.]gz.*|[-.][zZ]|\.t[ga]z", "bz": r"[-.]bz2|[-.]tbz2?", "xz": r"[-.]xz|[-.]lzma|\.t[xl]z"}


def unpacked(ctx: Context, family: str, name: str, err: OutputStream | None = None) -> tuple[int, bytes]:
    """The decompressor's status and output for one file (its complaints on `err`)."""
    tool, argv = _TOOLS[family]
    out = BufferOutput(ctx.machine.limits.max_file_bytes)
    status = tool(dataclasses.replace(ctx, name=argv[0], stdout=out, stderr=err or ctx.stderr), [*argv, name])
    return status, out.getvalue()


def _family(name: str) -> str:
    return "bz" if name.startswith("bz") else "xz" if name.startswith("xz") else "z"


def _zero(name: str) -> str:
    return f"/usr/bin/{name}"


# ----------------------------------------------------------------------------- pagers
def zless(ctx: Context, argv: list[str]) -> int:
    """zless/xzless: less with LESSOPEN="|gzip -cdfq -- %s" (a file's complaint, then less's)."""
    name, family = argv[0].rsplit("/", 1)[-1], _family(argv[0].rsplit("/", 1)[-1])
    if argv[1:2] in (["--help"], ["--version"]):
        ctx.out(verbatim(f"archives/{name}_{argv[1][2:]}"))
        return 0
    files = [a for a in argv[1:] if not a.startswith(("-", "+")) or a == "-"]
    if not files:
        return less(ctx, argv)
    docs: list[tuple[str, str]] = []
    for f in files:
        status, data = unpacked(ctx, family, f)
        if status == 1 and not data:
            less(dataclasses.replace(ctx, name="less"), ["less", f])  # less's own "No such file"
        elif on_terminal(ctx):
            docs.append((f, data.decode("utf-8", "surrogateescape")))
        else:
            ctx.out(data)
    if docs:
        page(ctx, docs)
    return 0


def zmore(ctx: Context, argv: list[str]) -> int:
    """zmore: every file (with more's :::: header when several) through gzip into more, 2>&1."""
    zero, args = _zero("zmore"), argv[1:]
    if args and args[0].startswith("--h"):
        ctx.out(verbatim("archives/zmore_help"))
        return 0
    if args and args[0].startswith("--v"):
        ctx.out(verbatim("archives/zmore_version"))
        return 0
    if args and args[0] == "--":
        args = args[1:]
    elif args and args[0].startswith("-") and args[0] != "-":
        ctx.err(f"{zero}: {args[0]}: unknown option; try '{zero} --help' for help\n")
        return 1
    if not args:
        if ctx.stdin.isatty():
            ctx.err(f"{zero}: missing operands; try '{zero} --help' for help\n")
            return 1
        args = ["-"]
    text = BufferOutput(ctx.machine.limits.max_file_bytes)
    for f in args:
        if len(args) > 1:
            text.write(f"::::::::::::::\n{f}\n::::::::::::::\n".encode())
        _status, data = unpacked(dataclasses.replace(ctx, stdout=text), "z", f, err=text)
        text.write(data)
    return more(dataclasses.replace(ctx, name="more", stdin=BytesInput(text.getvalue())), ["more"])


def xzmore(ctx: Context, argv: list[str]) -> int:
    """xzmore, bzmore (and bzless, a link to bzmore): a `------> FILE <------` line, then more."""
    name = argv[0].rsplit("/", 1)[-1]
    family = _family(name)
    if family == "xz" and argv[1:2] in (["--help"], ["--version"]):
        ctx.out(verbatim(f"archives/xzmore_{argv[1][2:]}"))
        return 0
    if not argv[1:]:
        if ctx.stdin.isatty():
            if family == "bz":
                ctx.out(f"usage: {name} files...\n")
                return 0
            ctx.out(verbatim("archives/xzmore_help"))
            return 1
        _status, data = unpacked(ctx, family, "-")
        return more(dataclasses.replace(ctx, name="more", stdin=BytesInput(data)), ["more"])
    for f in argv[1:]:
        if family == "xz" and not ctx.vfs.exists(ctx.abspath(f)):
            ctx.err(f"{_zero(name)}: 60: cannot open {f}: No such file\n")
            continue
        ctx.out(f"------> {f} <------\n")
        _status, data = unpacked(ctx, family, f)
        more(dataclasses.replace(ctx, name="more", stdin=BytesInput(data)), ["more"])
    return 0


# ----------------------------------------------------------------------------- comparers
def zdiff(ctx: Context, argv: list[str], tool: str) -> int:
    """zdiff/zcmp and xz's/bzip2's: FILE1 [FILE2] through their decompressor into cmp or diff."""
    name = argv[0].rsplit("/", 1)[-1]
    family = _family(name)
    zero = _zero("zdiff" if family == "z" else name)  # zcmp execs zdiff
    opts: list[str] = []
    files: list[str] = []
    only_files = False
    words = argv[1:]
    while words:
        a = words.pop(0)
        if not only_files and a.startswith("--h") and family != "bz":
            ctx.out(verbatim(f"archives/{name}_help"))
            return 0
        if not only_files and a.startswith("--v") and family != "bz":
            ctx.out(verbatim(f"archives/{name}_version"))
            return 0
        if not only_files and a == "--":
            only_files = True
        elif not only_files and a.startswith("-") and a != "-":
            opts.append(a)
            if a in ("-C", "-D", "-F", "-I", "-S", "-U", "-W", "-X", "-x") and words:
                opts.append(words.pop(0))
        else:
            files.append(a)
    if family == "bz":
        for f in files[:2]:
            if not ctx.vfs.isfile(ctx.abspath(f)):
                ctx.out(f"{name}: {f} not found or not a regular file\n")
                return 1
        if not files or len(files) > 2:
            ctx.out(verbatim("archives/bzdiff_usage").format(name=name, tool=tool))
            return 1
    elif not files or (family == "xz" and len(files) > 2):
        if family == "xz" and files:
            files = files[:1]  # xzdiff a b c: the operand count is checked after opening
        else:
            word = "missing operand" if family == "z" else f"Invalid number of operands; try `{name} --help' for help"
            ctx.err(f"{zero}: {word}\n")
            return 2
    elif len(files) > 2:
        ctx.err(f"{zero}: extra operand '{files[2]}'\n")
        return 2
    for i, f in enumerate(files):
        if f != "-" and not ctx.vfs.exists(ctx.abspath(f)):
            line = 65 if family == "xz" else (92 if i == 0 else 96)
            ctx.err(f"{zero}: {line}: cannot open {f}: No such file\n")
            return 2
    packed = re.compile(rf".*({_SUFFIX[family]})")
    run = cmp if tool == "cmp" else diff
    sub = dataclasses.replace(ctx, name=tool)
    if len(files) == 1:
        m = packed.fullmatch(files[0])
        if not m:
            ctx.err(f"{zero}: {files[0]}: unknown compressed file extension\n")
            return 2
        _s, data = unpacked(ctx, family, files[0])
        return run(dataclasses.replace(sub, stdin=BytesInput(data)), [tool, *opts, "--", "-", files[0][:m.start(1)]])
    a, b = files
    pa, pb = bool(packed.fullmatch(a)) or a == "-", bool(packed.fullmatch(b)) or b == "-"
    if pa and pb:
        _s, first = unpacked(ctx, family, a)
        _s, second = unpacked(ctx, family, b)
        return _with_fd5(ctx, first, lambda: run(dataclasses.replace(sub, stdin=BytesInput(second)),
                                                 [tool, *opts, "--", "/dev/fd/5", "-"]))
    if pa or pb:
        _s, data = unpacked(ctx, family, a if pa else b)
        names = ["-", b] if pa else [a, "-"]
        return run(dataclasses.replace(sub, stdin=BytesInput(data)), [tool, *opts, "--", *names])
    return run(sub, [tool, *opts, "--", a, b])


def _with_fd5(ctx: Context, data: bytes, body: Callable[[], int]) -> int:
    """Run body while /dev/fd/5 reads `data` (the scripts' `5<&0` pipe)."""
    pipe = FdPipe(5, True, data)
    ctx.vfs.fd_pipes.add(pipe)
    try:
        return body()
    finally:
        ctx.vfs.fd_pipes.remove(pipe)


for _p, _what in (("z", "compressed"), ("bz", "bzip2 compressed"), ("xz", "xz compressed")):
    command(f"{_p}cmp", family="files", summary=f"compare {_what} files byte by byte")(
        lambda ctx, argv: zdiff(ctx, argv, "cmp"))
    command(f"{_p}diff", family="files", summary=f"compare {_what} files line by line")(
        lambda ctx, argv: zdiff(ctx, argv, "diff"))
command("zless", family="files", summary="file perusal filter for crt viewing of compressed text")(zless)
command("xzless", family="files", summary="view xz or lzma compressed (text) files")(zless)
command("zmore", family="files", summary="file perusal filter for crt viewing of compressed text")(zmore)
command("xzmore", family="files", summary="view xz or lzma compressed (text) files")(xzmore)
command("bzmore", family="files", summary="file perusal filter for crt viewing of bzip2 compressed text")(xzmore)
command("bzless", family="files", summary="file perusal filter for crt viewing of bzip2 compressed text")(xzmore)
