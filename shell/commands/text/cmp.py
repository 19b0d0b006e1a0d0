"""cmp (GNU diffutils 3.8): compare two files byte by byte."""
from __future__ import annotations

import re
import stat as st

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.text.diff_hunks import TryPrefixed
from shelldojo.shell.commands.textio import close_input, open_input, read_all
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("cmp", short="bci:ln:sv", long=["print-bytes", "print-chars", "ignore-initial=", "verbose",
                                                   "bytes=", "quiet", "silent"],
                  help=verbatim("text/cmp_help"), version=verbatim("text/cmp_version"), usage_status=2)
# xstrtoumax's suffixes as cmp accepts them: K, M... (1024) and KB, MB... (1000), kB, k
_POWERS = "KMGTPEZY"



def parse_size(text: str) -> int | None:
    """A byte count with an optional multiplier suffix (1K, 2MB, 3kB, 4b), None if invalid."""
    m = re.fullmatch(r"(\d+)([kKMGTPEZY]?)(B|iB)?|(\d+)([bcw])", text)
    if not m:
        return None
    if m.group(4):
        return int(m.group(4)) * {"b": 512, "c": 1, "w": 2}[m.group(5)]
    n, suffix, unit = int(m.group(1)), m.group(2), m.group(3)
    if not suffix:
        return None if unit else n
    base = 1000 if unit == "B" else 1024
    return n * base ** (_POWERS.index(suffix.upper()) + 1)


def sprintc(c: int) -> str:
    """A byte as cat -v shows it: ^A, ^?, M-a, M-^@."""
    prefix = ""
    if c >= 128:
        prefix, c = "M-", c - 128
    if c < 32:
        return f"{prefix}^{chr(c + 64)}"
    if c == 127:
        return f"{prefix}^?"
    return prefix + chr(c)


def _usage(ctx: Context, message: str) -> int:
    ctx.err(f"cmp: {message}\ncmp: Try 'cmp --help' for more information.\n")
    return 2


@command("cmp", family="text", summary="compare two files byte by byte")
def cmp(ctx: Context, argv: list[str]) -> int:
    p = SPEC.parse(TryPrefixed(ctx, "cmp"), argv[1:])  # type: ignore[arg-type]
    if isinstance(p, int):
        return p
    skips = [0, 0]
    limit: int | None = None
    verbose = quiet = show_bytes = False
    for opt, val in p.options:
        if opt in ("-b", "-c", "--print-bytes", "--print-chars"):
            show_bytes = True
        elif opt in ("-l", "--verbose"):
            verbose = True
        elif opt in ("-s", "--quiet", "--silent"):
            quiet = True
        elif opt in ("-v",):
            ctx.out(SPEC.version or "")
            return 0
        elif opt in ("-n", "--bytes"):
            limit = parse_size(val or "")
            if limit is None:
                return _usage(ctx, f"invalid --bytes value '{val}'")
        elif opt in ("-i", "--ignore-initial"):
            first, colon, second = (val or "").partition(":")
            parts = [first, second if colon else first]
            for i, part in enumerate(parts):
                value = parse_size(part)
                if value is None:
                    return _usage(ctx, f"invalid --ignore-initial value '{part}'")
                skips[i] = value
    if verbose and quiet:
        return _usage(ctx, "options -l and -s are incompatible")
    ops = p.operands
    if not ops:
        return _usage(ctx, f"missing operand after '{argv[0]}'")
    if len(ops) > 4:
        return _usage(ctx, f"extra operand '{ops[4]}'")
    for i, text in enumerate(ops[2:4]):
        value = parse_size(text)
        if value is None:
            return _usage(ctx, f"invalid --ignore-initial value '{text}'")
        skips[i] = value
    names = [ops[0], ops[1] if len(ops) > 1 else "-"]
    data: list[bytes] = []
    for name in names:
        try:
            if name != "-" and st.S_ISDIR(ctx.vfs.stat(ctx.abspath(name)).st_mode):
                raise IsADirectoryError(21, "Is a directory")
            stream = open_input(ctx, name)
            try:
                data.append(read_all(ctx, stream))
            finally:
                close_input(ctx, stream)
        except OSError as exc:
            ctx.error(f"{name}: {strerror(exc)}")
            return 2
    if names[0] == names[1] and names[0] != "-" and skips[0] == skips[1]:
        return 0
    a, b = data[0][skips[0]:], data[1][skips[1]:]
    if limit is not None:
        a, b = a[:limit], b[:limit]
    return _report(ctx, names, a, b, verbose, quiet, show_bytes)


def _report(ctx: Context, names: list[str], a: bytes, b: bytes, verbose: bool, quiet: bool,
            show_bytes: bool) -> int:
    common = min(len(a), len(b))
    first = next((i for i in range(common) if a[i] != b[i]), -1) if a[:common] != b[:common] else -1
    status = 0
    if verbose:
        width = len(str(common))
        for i in range(first, common) if first >= 0 else ():
            if a[i] != b[i]:
                status = 1
                if show_bytes:
                    ctx.out(f"{i + 1:>{width}} {a[i]:3o} {sprintc(a[i]):<4} {b[i]:3o} {sprintc(b[i])}\n")
                else:
                    ctx.out(f"{i + 1:>{width}} {a[i]:3o} {b[i]:3o}\n")
    elif first >= 0:
        if not quiet:
            line = a[:first].count(b"\n") + 1
            msg = f"{names[0]} {names[1]} differ: byte {first + 1}, line {line}"
            if show_bytes:
                msg += f" is {a[first]:3o} {sprintc(a[first])} {b[first]:3o} {sprintc(b[first])}"
            ctx.out(msg + "\n")
        return 1
    if len(a) != len(b):
        if not quiet:
            short = names[0] if len(a) < len(b) else names[1]
            if common == 0:
                ctx.err(f"cmp: EOF on {short} which is empty\n")
            elif verbose:
                ctx.err(f"cmp: EOF on {short} after byte {common}\n")
            else:
                newlines = a[:common].count(b"\n")
                where = f"line {newlines}" if a[common - 1] == 10 else f"in line {newlines + 1}"
                ctx.err(f"cmp: EOF on {short} after byte {common}, {where}\n")
        return 1
    return status
