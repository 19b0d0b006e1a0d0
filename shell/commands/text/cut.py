"""cut, paste and comm (GNU coreutils 9.1)."""
from __future__ import annotations

import re

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import (
    Inputs,
    close_input,
    lines,
    open_input,
    quotef,
    read_records,
    stdin_failed,
)
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.streams import InputStream, WriteError
from shelldojo.shell.texts import verbatim

# -- cut ----------------------------------------------------------------------------------------
CUT = OptionSpec("cut", short="b:c:d:f:nsz", long=["bytes=", "characters=", "delimiter=", "fields=",
                 "complement", "only-delimited", "output-delimiter=", "zero-terminated"],
                 help=verbatim("text/cut_help"), version=verbatim("text/cut_version"))


class CutError(Exception):
    pass


def _cut_list(spec: str, fields: bool) -> list[tuple[int, int]]:
    """Parse a LIST as GNU's set_fields does, with its messages."""
    ranges: list[tuple[int, int]] = []
    for item in re.split(r"[,\s]", spec):
        m = re.fullmatch(r"(\d*)(?:(-)(\d*))?", item)
        if not m:
            if item.count("-") > 1 and re.fullmatch(r"[\d-]+", item):
                raise CutError("invalid field range" if fields else "invalid byte or character range")
            bad = item.split("-", 1)[1] if re.match(r"\d+-", item) else item
            raise CutError(f"invalid field value \u2018{bad}\u2019" if fields
                           else f"invalid byte/character position \u2018{bad}\u2019")
        lo_s, dash, hi_s = m.group(1), m.group(2), m.group(3)
        if dash and not lo_s and not hi_s:
            raise CutError("invalid range with no endpoint: -")
        if (not dash and not lo_s) or (lo_s and int(lo_s) == 0):
            raise CutError("fields are numbered from 1" if fields else
                           "byte/character positions are numbered from 1")
        lo = int(lo_s) if lo_s else 1
        hi = (int(hi_s) if hi_s else 1 << 62) if dash else lo
        if hi < lo:
            raise CutError("invalid decreasing range")
        ranges.append((lo, hi))
    return ranges


@command("cut", family="text")
def cut(ctx: Context, argv: list[str]) -> int:
    p = CUT.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    mode = spec = None
    delim, out_delim = b"\t", None
    try:
        for opt, val in p.options:
            if opt in ("-b", "--bytes", "-c", "--characters", "-f", "--fields"):
                if mode is not None:
                    raise CutError("only one list may be specified")
                mode, spec = ("f" if opt in ("-f", "--fields") else "b"), val or ""
            elif opt in ("-d", "--delimiter"):
                d = (val or "").encode("utf-8", "surrogateescape")
                if len(d) > 1:
                    raise CutError("the delimiter must be a single character")
                delim = d or b"\0"
            elif opt == "--output-delimiter":
                out_delim = (val or "").encode("utf-8", "surrogateescape")
        if mode is None:
            raise CutError("you must specify a list of bytes, characters, or fields")
        if mode == "b" and p.has("-d", "--delimiter"):
            raise CutError("an input delimiter may be specified only\n\twhen operating on fields")
        if mode == "b" and p.has("-s", "--only-delimited"):
            raise CutError("suppressing non-delimited lines makes sense\n\tonly when operating on fields")
        ranges = _cut_list(spec or "", mode == "f")
    except CutError as exc:
        ctx.error(str(exc))
        ctx.err("Try 'cut --help' for more information.\n")
        return 1
    complement = p.has("--complement")
    only_delim = p.has("-s", "--only-delimited")
    eol = b"\0" if p.has("-z", "--zero-terminated") else b"\n"

    def chosen(i: int) -> bool:
        return any(lo <= i <= hi for lo, hi in ranges) != complement

    inputs = Inputs(ctx, p.operands)
    for name, stream in inputs:
        try:
            for line in lines(ctx, stream, eol):
                body = line[:-1] if line.endswith(eol) else line
                if mode == "b":
                    if out_delim is None:
                        res = bytes(c for i, c in enumerate(body, 1) if chosen(i))
                    else:  # --output-delimiter separates the selected ranges
                        runs, prev = [], False
                        for i, c in enumerate(body, 1):
                            sel = chosen(i)
                            if sel and not prev:
                                runs.append(bytearray())
                            if sel:
                                runs[-1].append(c)
                            prev = sel
                        res = out_delim.join(bytes(r) for r in runs)
                    ctx.out(res + eol)
                    continue
                if delim not in body:
                    if not only_delim:
                        ctx.out(body + eol)
                    continue
                parts = body.split(delim)
                picked = [f for i, f in enumerate(parts, 1) if chosen(i)]
                ctx.out((delim if out_delim is None else out_delim).join(picked) + eol)
        except WriteError:
            raise  # the output failed: GNU's write error
        except OSError as exc:
            inputs.fail(name, exc)
    return inputs.status


# -- paste --------------------------------------------------------------------------------------
PASTE = OptionSpec("paste", short="d:sz", long=["delimiters=", "serial", "zero-terminated"],
                   help=verbatim("text/paste_help"), version=verbatim("text/paste_version"))


def _paste_delims(spec: str) -> list[bytes]:
    out, i, raw = [], 0, spec.encode("utf-8", "surrogateescape")
    while i < len(raw):
        if raw[i] == 92 and i + 1 < len(raw):
            n = chr(raw[i + 1])
            out.append({"n": b"\n", "t": b"\t", "\\": b"\\", "0": b"", "b": b"\b", "f": b"\f",
                        "r": b"\r", "v": b"\v"}.get(n, bytes([raw[i + 1]])))
            i += 2
        else:
            out.append(raw[i:i + 1])
            i += 1
    return out


@command("paste", family="text")
def paste(ctx: Context, argv: list[str]) -> int:
    p = PASTE.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    spec = p.last("-d", "--delimiters")
    delims = _paste_delims(spec) if spec is not None else [b"\t"]
    if spec is not None and spec.endswith("\\") and not spec.endswith("\\\\"):
        ctx.error(f"delimiter list ends with an unescaped backslash: {spec}")
        return 1
    if not delims:
        delims = [b""]
    eol = b"\0" if p.has("-z", "--zero-terminated") else b"\n"
    names = p.operands or ["-"]
    streams: list[InputStream] = []
    for name in names:
        try:
            streams.append(open_input(ctx, name))
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(exc)}")
            for s in streams:
                close_input(ctx, s)
            return 1
    try:
        if p.has("-s", "--serial"):
            for s in streams:
                recs = [r[:-1] if r.endswith(eol) else r for r in lines(ctx, s, eol)]
                if not recs:
                    continue
                out = recs[0]
                for i, r in enumerate(recs[1:]):
                    out += delims[i % len(delims)] + r
                ctx.out(out + eol)
            return 0
        iters = [lines(ctx, s, eol) for s in streams]
        while True:
            ctx.check()
            row = [next(it, None) for it in iters]
            if all(r is None for r in row):
                return 0
            out = b""
            for i, r in enumerate(row):
                if r is not None:
                    out += r[:-1] if r.endswith(eol) else r
                if i < len(row) - 1:
                    out += delims[i % len(delims)]
            ctx.out(out + eol)
    except WriteError:
        raise  # the output failed: GNU's write error
    except OSError as exc:
        if not stdin_failed(ctx, "-", exc):  # only stdin fails as a ReadError
            ctx.error(f"read error: {strerror(exc)}")
        return 1
    finally:
        for s in streams:
            close_input(ctx, s)


# -- comm ---------------------------------------------------------------------------------------
COMM = OptionSpec("comm", short="123z", long=["check-order", "nocheck-order", "output-delimiter=", "total",
                  "zero-terminated"], help=verbatim("text/comm_help"), version=verbatim("text/comm_version"))


@command("comm", family="text")
def comm(ctx: Context, argv: list[str]) -> int:
    p = COMM.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    ops = p.operands
    if len(ops) < 2:
        ctx.error("missing operand" if not ops else f"missing operand after \u2018{ops[-1]}\u2019")
        ctx.err("Try 'comm --help' for more information.\n")
        return 1
    if len(ops) > 2:
        ctx.error(f"extra operand \u2018{ops[2]}\u2019")
        ctx.err("Try 'comm --help' for more information.\n")
        return 1
    show = [not p.has("-1"), not p.has("-2"), not p.has("-3")]
    sep_opt = p.last("--output-delimiter")
    sep = b"\t" if sep_opt is None else (sep_opt.encode("utf-8", "surrogateescape") or b"\0")
    check = "strict" if p.has("--check-order") else ("off" if p.has("--nocheck-order") else "default")
    eol = b"\0" if p.has("-z", "--zero-terminated") else b"\n"
    data: list[list[bytes]] = []
    inputs = Inputs(ctx, ops, stop=True)
    for name, stream in inputs:
        with inputs.reading(name):
            data.append(read_records(ctx, stream, eol))
    if inputs.status:
        return 1
    a, b = data
    i = j = 0
    counts = [0, 0, 0]
    warned = [False, False]
    unpairable = False

    def emit(col: int, line: bytes) -> None:
        counts[col] += 1
        if show[col]:
            ctx.out(sep * sum(show[:col]) + line + eol)

    def advance(which: int, idx: int) -> bool:
        recs = a if which == 0 else b
        if check == "off" or warned[which] or (check == "default" and not unpairable):
            return True
        if idx + 1 < len(recs) and recs[idx] > recs[idx + 1]:
            ctx.error(f"file {which + 1} is not in sorted order")
            warned[which] = True
            return check != "strict"
        return True

    while i < len(a) or j < len(b):
        ctx.check()
        if j >= len(b) or (i < len(a) and a[i] < b[j]):
            unpairable = True
            emit(0, a[i])
            ok = advance(0, i)
            i += 1
        elif i >= len(a) or b[j] < a[i]:
            unpairable = True
            emit(1, b[j])
            ok = advance(1, j)
            j += 1
        else:
            emit(2, a[i])
            ok = advance(0, i) and advance(1, j)
            i, j = i + 1, j + 1
        if not ok:
            return 1
    if p.has("--total"):
        ctx.out(sep.join(str(c).encode() for c in counts) + sep + b"total" + eol)
    if any(warned):
        ctx.error("input is not in sorted order")
        return 1
    return 0
