"""du and df (GNU coreutils 9.1): disk usage as ext4 would count it."""
from __future__ import annotations

import errno
import math
import stat as st
from typing import Any

from shelldojo.filesystem import strerror
from shelldojo.filesystem.vfs import DirectoryLoop, WalkEntry
from shelldojo.shell.commands.files.make_remove import usage
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.sizes import human_size
from shelldojo.shell.context import Context, squote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

# -- du / df ----------------------------------------------------------------------
DU_SPEC = OptionSpec("du", short="0abBcd:DhHklLmsSxX:t:", long=[
    "null", "all", "apparent-size", "block-size=", "bytes", "total", "max-depth=", "dereference-args",
    "human-readable", "inodes", "dereference", "count-links", "no-dereference", "separate-dirs", "si",
    "summarize", "threshold=", "time=?", "time-style=", "exclude-from=", "exclude=", "one-file-system",
    "files0-from="], help=verbatim("files/du_help"))


def _kblocks(s: Any) -> int:
    if st.S_ISLNK(s.st_mode):
        return 0
    size = 4096 if st.S_ISDIR(s.st_mode) else s.st_size
    return (size + 4095) // 4096 * 4


def _apparent(s: Any) -> int:
    return 4096 if st.S_ISDIR(s.st_mode) else s.st_size


_UNITS = {"": 1, "K": 1024, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40, "KB": 1000, "MB": 10 ** 6,
          "GB": 10 ** 9, "TB": 10 ** 12, "KIB": 1024, "MIB": 1 << 20, "GIB": 1 << 30}


def _block_size(text: str) -> int | None:
    """-B SIZE: an integer and/or a unit (K, M, G, KB, MiB...)."""
    digits = text[:len(text) - len(text.lstrip("0123456789"))]
    suffix = text[len(digits):].upper()
    if suffix not in _UNITS or not text or (digits and int(digits) == 0):
        return None
    return (int(digits) if digits else 1) * _UNITS[suffix]


@command("du", family="files")
def du(ctx: Context, argv: list[str]) -> int:
    parsed = DU_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    all_files = parsed.has("-a", "--all")
    depth_text = parsed.last("-d", "--max-depth")
    depth = None
    if depth_text is not None:
        if not depth_text.isdigit():
            ctx.error(f"invalid maximum depth {squote(depth_text)}")
            return 1
        depth = int(depth_text)
    if parsed.has("-s", "--summarize"):
        if depth not in (None, 0):
            return usage(ctx, f"warning: summarizing conflicts with --max-depth={depth}")
        depth = 0
    unit = 1024                   # bytes per printed unit
    fmt_human = 0
    apparent = False
    for o, v in parsed.options:
        if o in ("-h", "--human-readable"):
            fmt_human = 1024
        elif o == "--si":
            fmt_human = 1000
        elif o == "-k":
            unit, fmt_human = 1024, 0
        elif o == "-m":
            unit, fmt_human = 1 << 20, 0
        elif o in ("-b", "--bytes"):
            unit, fmt_human, apparent = 1, 0, True
        elif o == "--apparent-size":
            apparent = True
        elif o in ("-B", "--block-size"):
            size = _block_size(v or "")
            if size is None:
                ctx.error(f"invalid -B argument {squote(v or '')}" if o == "-B"
                          else f"invalid --block-size argument {squote(v or '')}")
                return 1
            unit, fmt_human = size, 0
    end = "\0" if parsed.has("-0", "--null") else "\n"
    deref, deref_args = False, False   # -L: follow every symlink; -H/-D: only the operands
    for o, _ in parsed.options:
        if o in ("-L", "--dereference", "-P", "--no-dereference"):
            deref = o in ("-L", "--dereference")
        elif o in ("-H", "-D", "--dereference-args"):
            deref_args = True

    def show(n: int, name: str) -> None:
        text = human_size(n, fmt_human) if fmt_human else str(math.ceil(n / unit))
        ctx.out(f"{text}\t{name}{end}")
    seen: set[int] = set()   # nodes counted already (hard links, -L meeting a directory twice)
    status = 0
    total = 0

    def keep(e: WalkEntry) -> bool:
        key = id(e.node)
        if key in seen:
            return False
        seen.add(key)
        return True

    def on_error(e: WalkEntry, exc: OSError) -> bool:
        nonlocal status
        if isinstance(exc, DirectoryLoop):
            return False  # -L back into an ancestor: already counted, and GNU du says nothing
        status = 1
        if e.error is None:
            ctx.error(f"cannot read directory {squote(e.path)}: {strerror(exc)}")
        else:
            dangling = deref and exc.errno == errno.ENOENT and e.is_symlink()
            ctx.error(f"cannot access {squote(e.path)}" + ("" if dangling else f": {strerror(exc)}"))
        return False

    def measure(path: str, shown: str) -> int:
        """The operand's total, printing its lines (post-order: a directory after its entries)."""
        nonlocal status
        ctx.check()
        follow = deref or deref_args
        try:
            node = ctx.vfs.node(path, follow)
        except OSError as e:
            dangling = follow and e.errno == errno.ENOENT and ctx.vfs.islink(path)
            ctx.error(f"cannot access {squote(shown)}" + ("" if dangling else f": {strerror(e)}"))
            status = 1
            return 0
        top = WalkEntry(shown, path, "", 0, node)
        if not keep(top):
            return 0
        sums: dict[int, int] = {}   # depth -> total of the finished entries of the directory being read
        size = 0
        for e in ctx.vfs.walk(top, order="post", follow=deref, stat_names=True, tidy=True,
                              on_error=on_error, check=ctx.check, keep=keep):
            level = e.depth
            size = _apparent(e.node) if apparent else _kblocks(e.node) * 1024
            if e.is_dir():
                size += sums.pop(level + 1, 0)
                if depth is None or level <= depth:
                    show(size, e.path)
            elif (all_files or level == 0) and (depth is None or level <= depth):
                show(size, e.path)
            sums[level] = sums.get(level, 0) + size
        return size
    for op in parsed.operands or ["."]:
        total += measure(ctx.abspath(op), op)
    if parsed.has("-c", "--total"):
        show(total, "total")
    return status


DF_SPEC = OptionSpec("df", short="aB:hHiklPt:Tx:v", long=[
    "all", "block-size=", "human-readable", "si", "inodes", "local", "no-sync", "output=?", "portability",
    "print-type", "sync", "total", "type=", "exclude-type="], help=verbatim("files/df_help"))


@command("df", family="system")
def df(ctx: Context, argv: list[str]) -> int:
    parsed = DF_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    status = 0
    for op in parsed.operands:
        if not ctx.vfs.exists(ctx.abspath(op)):
            ctx.error(f"{op}: {strerror(errno.ENOENT)}")
            status = 1
    if parsed.operands and status and all(not ctx.vfs.exists(ctx.abspath(op)) for op in parsed.operands):
        ctx.error("no file systems processed")
        return 1
    hum = 1024 if parsed.has("-h", "--human-readable") else 1000 if parsed.has("-H", "--si") else 0
    typed = parsed.has("-T", "--print-type")
    quota = ctx.machine.limits.quota_bytes
    try:
        used_bytes = ctx.vfs.disk_usage().used
    except (AttributeError, OSError):
        used_bytes = 0
    used_k = math.ceil(used_bytes / 1024)
    total_k = quota // 1024
    avail_k = max(0, total_k - used_k)
    pct = "-" if not total_k else f"{math.ceil(used_k * 100 / max(1, used_k + avail_k))}%"
    if hum:
        vals = [human_size(total_k * 1024, hum), human_size(used_k * 1024, hum), human_size(avail_k * 1024, hum)]
        heads = ["Size", "Used", "Avail"]
    else:
        vals = [str(total_k), str(used_k), str(avail_k)]
        heads = ["1K-blocks", "Used", "Available"]
    head = ["Filesystem"] + (["Type"] if typed else []) + heads + ["Use%", "Mounted on"]
    row = ["/dev/root"] + (["ext4"] if typed else []) + vals + [pct, "/"]
    widths = [max(len(h), len(v)) for h, v in zip(head, row, strict=True)]
    widths[0] = max(widths[0], 14)
    n_num = 3
    first_num = 2 if typed else 1
    if typed:
        widths[1] = max(widths[1], 4)
    for i in range(first_num, first_num + n_num):
        widths[i] = max(widths[i], 5)
    widths[first_num + n_num] = max(widths[first_num + n_num], 4)

    def line(cells: list[str]) -> str:
        out = []
        for i, c in enumerate(cells):
            if i == len(cells) - 1:
                out.append(c)
            elif i < first_num:
                out.append(c.ljust(widths[i]))
            else:
                out.append(c.rjust(widths[i]))
        return " ".join(out) + "\n"
    ctx.out(line(head) + line(row))
    return status
