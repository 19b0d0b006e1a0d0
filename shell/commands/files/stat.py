"""stat: GNU coreutils 9.1's default display, -c/--printf formats, -L, -t."""
from __future__ import annotations

import re
import stat as st
from typing import Any

from shelldojo.filesystem import accounts, strerror
from shelldojo.shell.commands.files.make_remove import lstat, usage
from shelldojo.shell.commands.files.perms import mode_string
from shelldojo.shell.commands.ls.format import full_time
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context, squote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("stat", short="c:fLt", long=["dereference", "file-system", "format=", "printf=", "terse",
                                              "cached="], help=verbatim("files/stat_help"))

DEVICE = (8, 1)   # a plausible constant /dev/sda1
DEFAULT = ("  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n"
           "Device: %Hd,%Ld\tInode: %-11i Links: %h\n"
           "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n"
           "Access: %x\nModify: %y\nChange: %z\n Birth: %w\n")
TERSE = "%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o\n"
_DIRECTIVE = re.compile(r"%([-#+ 0']*)(\d*)(?:\.(\d*))?([HL]?)(.)?", re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "a": "\a", "b": "\b", "f": "\f", "r": "\r",
            "v": "\v", "e": "\x1b"}


def file_type(mode: int, size: int) -> str:
    if st.S_ISREG(mode):
        return "regular empty file" if size == 0 else "regular file"
    for test, name in ((st.S_ISDIR, "directory"), (st.S_ISLNK, "symbolic link"), (st.S_ISFIFO, "fifo"),
                       (st.S_ISSOCK, "socket"), (st.S_ISCHR, "character special file"),
                       (st.S_ISBLK, "block special file")):
        if test(mode):
            return name
    return "weird file"


def _size(s: Any) -> int:
    return 4096 if st.S_ISDIR(s.st_mode) else s.st_size


def _blocks512(s: Any) -> int:
    if st.S_ISLNK(s.st_mode):
        return 0
    return (_size(s) + 4095) // 4096 * 8


def _nlink(ctx: Context, path: str, s: Any) -> int:
    if not st.S_ISDIR(s.st_mode):
        return s.st_nlink
    try:
        return ctx.vfs.nlink(ctx.vfs.node(path))
    except OSError:
        return 2


def _shell_quote(name: str) -> str:
    return squote(name)


def _value(ctx: Context, conv: str, hl: str, op: str, path: str, s: Any) -> str | int:
    vfs = ctx.vfs
    t_birth = getattr(s, "st_birthtime", None) or s.st_ctime
    simple: dict[str, Any] = {
        "a": f"{s.st_mode & 0o7777:o}", "A": mode_string(s.st_mode), "b": _blocks512(s), "B": 512,
        "C": "?", "d": DEVICE[0] * 256 + DEVICE[1], "D": f"{DEVICE[0] * 256 + DEVICE[1]:x}",
        "f": f"{s.st_mode:x}", "F": file_type(s.st_mode, _size(s)), "g": s.st_gid, "i": s.st_ino,
        "m": "/", "n": op, "o": 4096, "s": _size(s), "t": "0", "T": "0", "u": s.st_uid,
        "w": full_time(t_birth), "W": int(t_birth), "x": full_time(s.st_atime), "X": int(s.st_atime),
        "y": full_time(s.st_mtime), "Y": int(s.st_mtime), "z": full_time(s.st_ctime), "Z": int(s.st_ctime),
    }
    if conv == "d" and hl:
        return DEVICE[0] if hl == "H" else DEVICE[1]
    if conv in simple:
        return simple[conv]
    if conv == "h":
        return _nlink(ctx, path, s)
    if conv == "U":
        return accounts.user_name(vfs, s.st_uid)
    if conv == "G":
        return accounts.group_name(vfs, s.st_gid)
    if conv == "N":
        out = _shell_quote(op)
        if st.S_ISLNK(s.st_mode):
            try:
                out += " -> " + _shell_quote(vfs.readlink(path))
            except OSError:
                pass
        return out
    return "?"


def render(ctx: Context, fmt: str, op: str, path: str, s: Any, escapes: bool) -> str:
    out: list[str] = []
    i, n = 0, len(fmt)
    while i < n:
        c = fmt[i]
        if c == "\\" and escapes and i + 1 < n:
            nxt = fmt[i + 1]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            m = re.match(r"[0-7]{1,3}", fmt[i + 1:])
            if m:
                out.append(chr(int(m[0], 8)))
                i += 1 + len(m[0])
                continue
            out.append("\\")
            i += 1
            continue
        if c != "%":
            out.append(c)
            i += 1
            continue
        m = _DIRECTIVE.match(fmt, i)
        assert m is not None
        flags, width, prec, hl, conv = m.groups()
        i = m.end()
        if conv is None:
            out.append("%")
            continue
        if conv == "%":
            out.append("%")
            continue
        if conv not in "aAbBCdDfFgGhimnNostTuUwWxXyYzZ":
            out.append(m[0])
            continue
        val = _value(ctx, conv, hl, op, path, s)
        text = str(val)
        if prec and isinstance(val, str):
            text = text[: int(prec)]
        if width:
            w = int(width)
            if "-" in flags:
                text = text.ljust(w)
            elif "0" in flags and (isinstance(val, int) or conv == "a"):
                text = text.rjust(w, "0")
            else:
                text = text.rjust(w)
        out.append(text)
    return "".join(out)


@command("stat", family="files")
def stat(ctx: Context, argv: list[str]) -> int:
    parsed = SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not parsed.operands:
        return usage(ctx, "missing operand")
    follow = parsed.has("-L", "--dereference")
    fmt, escapes = None, False
    for o, v in parsed.options:
        if o in ("-c", "--format"):
            fmt, escapes = (v or "") + "\n", False
        elif o == "--printf":
            fmt, escapes = v or "", True
    if fmt is None:
        fmt = TERSE if parsed.has("-t", "--terse") else DEFAULT
    status = 0
    for op in parsed.operands:
        path = ctx.abspath(op)
        try:
            s = ctx.vfs.stat(path) if follow else lstat(ctx, path)
            if op.endswith("/") and not st.S_ISDIR(ctx.vfs.stat(path).st_mode):
                raise OSError(20, "")
        except OSError as e:
            ctx.error(f"cannot statx {squote(op)}: {strerror(e)}")
            status = 1
            continue
        if fmt is DEFAULT:
            name = op if not any(ch in op for ch in " '\"\\$`*?[]{}()<>|&;!#~\t\n") else squote(op)
            f = DEFAULT.replace("%N", name.replace("%", "%%") + (
                " -> " + ctx.vfs.readlink(path).replace("%", "%%") if st.S_ISLNK(s.st_mode) else ""))
            ctx.out(render(ctx, f, op, path, s, False))
        else:
            ctx.out(render(ctx, fmt, op, path, s, escapes))
    return status
