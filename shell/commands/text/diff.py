"""diff (GNU diffutils 3.8): compare files line by line (normal, unified, brief; -r for trees)."""
from __future__ import annotations

import posixpath
import stat as st
import time

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.text.diff_hunks import Opts, TryPrefixed, hunks, normal, unified
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("diff", short="0123456789abBC:cdD:eEfhHiI:lL:nNpPqrsS:tTuU:vwWx:X:yZ",
                  long=["brief", "report-identical-files", "ignore-case", "ignore-all-space",
                        "ignore-space-change", "ignore-blank-lines", "ignore-trailing-space",
                        "ignore-tab-expansion", "recursive", "new-file", "unified=?", "context=?",
                        "normal", "text", "label=", "minimal", "expand-tabs", "initial-tab",
                        "side-by-side", "width=", "strip-trailing-cr", "exclude=", "color=?",
                        "suppress-common-lines", "speed-large-files", "from-file=", "to-file="],
                  help=verbatim("text/diff_help"), version=verbatim("text/diff_version"), usage_status=2)



def _lines(data: bytes) -> tuple[list[str], bool]:
    text = data.decode("utf-8", "surrogateescape")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
        return lines, True
    return lines, False


def _stamp(mtime: float) -> str:
    ns = round(mtime * 1e9) % 1_000_000_000
    lt = time.localtime(int(mtime))
    return time.strftime("%Y-%m-%d %H:%M:%S", lt) + f".{ns:09d} " + time.strftime("%z", lt)


@command("diff", family="text")
def diff(ctx: Context, argv: list[str]) -> int:
    parsed = SPEC.parse(TryPrefixed(ctx, "diff"), argv[1:])  # type: ignore[arg-type]
    if isinstance(parsed, int):
        return parsed
    o = Opts()
    switches: list[str] = []
    for opt, val in parsed.options:
        switches.append(opt if val is None else (f"{opt}{val}" if opt.startswith("-") and len(opt) == 2
                                                 else f"{opt}={val}"))
        if opt in ("-q", "--brief"):
            o.fmt = "brief"
        elif opt in ("-u", "--unified", "-U"):
            o.fmt = "unified"
            if val:
                o.context = int(val) if val.isdigit() else 3
        elif opt in ("-c", "--context", "-C"):
            o.fmt = "context"
        elif opt == "--normal":
            o.fmt = "normal"
        elif opt in ("-i", "--ignore-case"):
            o.icase = True
        elif opt in ("-w", "--ignore-all-space"):
            o.all_space = True
        elif opt in ("-b", "--ignore-space-change"):
            o.space_change = True
        elif opt in ("-Z", "--ignore-trailing-space"):
            o.trailing = True
        elif opt in ("-B", "--ignore-blank-lines"):
            o.blank_lines = True
        elif opt in ("-r", "--recursive"):
            o.recursive = True
        elif opt in ("-N", "--new-file"):
            o.new_file = True
        elif opt in ("-s", "--report-identical-files"):
            o.report_same = True
        elif opt in ("-a", "--text"):
            o.text = True
    o.switches = " ".join(switches)
    ops = parsed.operands
    if len(ops) < 2:
        ctx.err(f"diff: missing operand after '{ops[-1] if ops else 'diff'}'\ndiff: Try 'diff --help' for more "
                "information.\n")
        return 2
    if len(ops) > 2:
        ctx.err(f"diff: extra operand '{ops[2]}'\ndiff: Try 'diff --help' for more information.\n")
        return 2
    return compare(ctx, o, ops[0], ops[1], top=True)


def _stat(ctx: Context, name: str) -> st.stat_result | None:
    if name == "-":
        return None
    return ctx.vfs.stat(ctx.abspath(name))


def compare(ctx: Context, o: Opts, na: str, nb: str, top: bool = False) -> int:
    try:
        sa = _stat(ctx, na)
    except OSError as exc:
        if not (o.new_file and not top):
            ctx.error(f"{na}: {strerror(exc)}")
            return 2
        sa = None
    try:
        sb = _stat(ctx, nb)
    except OSError as exc:
        ctx.error(f"{nb}: {strerror(exc)}")
        return 2
    dir_a = sa is not None and st.S_ISDIR(sa.st_mode)
    dir_b = sb is not None and st.S_ISDIR(sb.st_mode)
    if dir_a and dir_b:
        return compare_dirs(ctx, o, na, nb)
    if dir_a != dir_b and top:
        if dir_a:
            na = posixpath.join(na, posixpath.basename(nb))
        else:
            nb = posixpath.join(nb, posixpath.basename(na))
        return compare(ctx, o, na, nb)
    return compare_files(ctx, o, na, nb, header=not top)


def _read(ctx: Context, name: str) -> bytes:
    return ctx.stdin.read() if name == "-" else ctx.vfs.read_bytes(ctx.abspath(name))


def compare_files(ctx: Context, o: Opts, na: str, nb: str, header: bool = False) -> int:
    try:
        da = _read(ctx, na)
    except OSError as exc:
        ctx.error(f"{na}: {strerror(exc)}")
        return 2
    try:
        db = _read(ctx, nb)
    except OSError as exc:
        ctx.error(f"{nb}: {strerror(exc)}")
        return 2
    if da == db:
        if o.report_same:
            ctx.out(f"Files {na} and {nb} are identical\n")
        return 0
    if not o.text and (b"\0" in da or b"\0" in db):
        ctx.out(f"Binary files {na} and {nb} differ\n")
        return 1
    a, ea = _lines(da)
    b, eb = _lines(db)
    if o.fmt == "brief":
        if hunks(o, a, b, ea, eb):
            ctx.out(f"Files {na} and {nb} differ\n")
            return 1
        return 0
    if o.fmt in ("unified", "context"):
        body = unified(o, a, b, ea, eb)
    else:
        body = normal(o, a, b, ea, eb)
    if not body:
        return 0
    if header:
        ctx.out(f"diff {o.switches + ' ' if o.switches else ''}{na} {nb}\n")
    if o.fmt in ("unified", "context"):
        ma = 0.0 if na == "-" else ctx.vfs.stat(ctx.abspath(na)).st_mtime
        mb = 0.0 if nb == "-" else ctx.vfs.stat(ctx.abspath(nb)).st_mtime
        ctx.out(f"--- {na}\t{_stamp(ma)}\n+++ {nb}\t{_stamp(mb)}\n")
    ctx.out(body)
    return 1


def compare_dirs(ctx: Context, o: Opts, na: str, nb: str) -> int:
    try:
        la = set(ctx.vfs.listdir(ctx.abspath(na)))
        lb = set(ctx.vfs.listdir(ctx.abspath(nb)))
    except OSError as exc:
        ctx.error(f"{na}: {strerror(exc)}")
        return 2
    status = 0
    for name in sorted(la | lb):
        ctx.check()
        pa, pb = posixpath.join(na, name), posixpath.join(nb, name)
        if name not in lb or name not in la:
            if o.new_file:
                status = max(status, compare_files(ctx, o, pa, pb, header=True) if name in la and name in lb
                             else _new_file(ctx, o, pa, pb, name in la))
                continue
            ctx.out(f"Only in {na if name in la else nb}: {name}\n")
            status = max(status, 1)
            continue
        da, db = ctx.vfs.isdir(ctx.abspath(pa)), ctx.vfs.isdir(ctx.abspath(pb))
        if da and db:
            if o.recursive:
                status = max(status, compare_dirs(ctx, o, pa, pb))
            else:
                ctx.out(f"Common subdirectories: {pa} and {pb}\n")
        elif da != db:
            kinds = ("directory" if da else "regular file", "directory" if db else "regular file")
            ctx.out(f"File {pa} is a {kinds[0]} while file {pb} is a {kinds[1]}\n")
            status = max(status, 1)
        else:
            status = max(status, compare_files(ctx, o, pa, pb, header=True))
    return status


def _new_file(ctx: Context, o: Opts, pa: str, pb: str, in_a: bool) -> int:
    """-N: a file missing on one side compares as empty."""
    try:
        data = _read(ctx, pa if in_a else pb)
    except OSError as exc:
        ctx.error(f"{pa if in_a else pb}: {strerror(exc)}")
        return 2
    lines, eol = _lines(data)
    a, b = (lines, []) if in_a else ([], lines)
    ea, eb = (eol, True) if in_a else (True, eol)
    body = unified(o, a, b, ea, eb) if o.fmt in ("unified", "context") else normal(o, a, b, ea, eb)
    ctx.out(f"diff {o.switches + ' ' if o.switches else ''}{pa} {pb}\n")
    if o.fmt in ("unified", "context"):
        ctx.out(f"--- {pa}\t{_stamp(0.0)}\n+++ {pb}\t{_stamp(0.0)}\n")
    ctx.out(body)
    return 1
