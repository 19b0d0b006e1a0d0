"""diff3 (GNU diffutils 3.8): compare three files line by line.

As GNU diff3 does, it diffs OLDER against MINE and OLDER against YOURS (diff_hunks' one
comparison), joins hunks whose OLDER ranges touch into blocks, and prints the blocks in the
default format, as an ed script (-e -E -x -X -3 -A) or merged (-m)."""
from __future__ import annotations

from dataclasses import dataclass

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.text.diff_hunks import Opts, TryPrefixed, hunks
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("diff3", short="3aAeEiL:mTvxX",
                  long=["text", "show-all", "ed", "show-overlap", "label=", "merge", "initial-tab",
                        "overlap-only", "easy-only", "strip-trailing-cr", "diff-program="],
                  help=verbatim("text/diff3_help"), version=verbatim("text/diff3_version"), usage_status=2)
ALL, FIRST, SECOND, THIRD = "", "1", "2", "3"  # which file is the odd one out ("" = all differ)



@dataclass
class Block:
    kind: str
    ranges: list[tuple[int, int]]  # [start, end) in mine, older, yours


def _usage(ctx: Context, message: str) -> int:
    ctx.err(f"diff3: {message}\ndiff3: Try 'diff3 --help' for more information.\n")
    return 2


def blocks(o: Opts, files: list[list[str]], eols: list[bool]) -> list[Block]:
    """The three-way blocks, in order (diff3.c make_3way_diff, over OLDER's line numbers)."""
    mine, older, yours = files
    threads = [hunks(o, older, mine, eols[1], eols[0]), hunks(o, older, yours, eols[1], eols[2])]
    pos = [0, 0]
    delta = [0, 0]  # other file's line minus older's line after the hunks used so far
    out: list[Block] = []
    while pos[0] < len(threads[0]) or pos[1] < len(threads[1]):
        heads = [threads[t][pos[t]] if pos[t] < len(threads[t]) else None for t in (0, 1)]
        t = 0 if heads[1] is None or (heads[0] is not None and heads[0][0] <= heads[1][0]) else 1
        lo, hi = heads[t][0], heads[t][1]  # type: ignore[index]
        used: list[list[tuple[int, int, int, int]]] = [[], []]
        used[t].append(heads[t])  # type: ignore[arg-type]
        pos[t] += 1
        grew = True
        while grew:
            grew = False
            for u in (0, 1):
                while pos[u] < len(threads[u]) and threads[u][pos[u]][0] <= hi:
                    h = threads[u][pos[u]]
                    used[u].append(h)
                    hi = max(hi, h[1])
                    pos[u] += 1
                    grew = True
        ranges: list[tuple[int, int]] = []
        for u in (0, 1):
            if used[u]:
                first, last = used[u][0], used[u][-1]
                ranges.append((lo + first[2] - first[0], hi + last[3] - last[1]))
                delta[u] = last[3] - last[1]
            else:
                ranges.append((lo + delta[u], hi + delta[u]))
        (m0, m1), (y0, y1) = ranges
        if used[0] and used[1]:
            kind = SECOND if mine[m0:m1] == yours[y0:y1] else ALL
        else:
            kind = FIRST if used[0] else THIRD
        out.append(Block(kind, [(m0, m1), (lo, hi), (y0, y1)]))
    return out


def _read(ctx: Context, name: str) -> tuple[list[str], bool]:
    data = ctx.stdin.read() if name == "-" else ctx.vfs.read_bytes(ctx.abspath(name))
    lines = data.decode("utf-8", "surrogateescape").split("\n")
    if lines[-1] == "":
        lines.pop()
        return lines, True
    return lines, False


@command("diff3", family="text", summary="compare three files line by line")
def diff3(ctx: Context, argv: list[str]) -> int:
    p = SPEC.parse(TryPrefixed(ctx, "diff3"), argv[1:])  # type: ignore[arg-type]
    if isinstance(p, int):
        return p
    if p.has("-v"):
        ctx.out(verbatim("text/diff3_version"))
        return 0
    modes = [opt for opt, _ in p.options if opt in ("-e", "--ed", "-E", "--show-overlap", "-x", "--overlap-only",
                                                   "-X", "-3", "--easy-only", "-A", "--show-all")]
    merge = p.has("-m", "--merge")
    labels = [v or "" for opt, v in p.options if opt in ("-L", "--label")]
    if len(modes) > 1:
        return _usage(ctx, "incompatible options")
    if len(labels) > 3:
        return _usage(ctx, "too many file label options")
    names = p.operands
    if len(names) < 3:
        after = names[-1] if names else (argv[-1] if len(argv) > 1 else "diff3")
        return _usage(ctx, f"missing operand after '{after}'")
    if len(names) > 3:
        return _usage(ctx, f"extra operand '{names[3]}'")
    files, eols = [], []
    for name in names:
        try:
            lines, eol = _read(ctx, name)
        except OSError as exc:
            ctx.err(f"diff3: {name}: {strerror(exc)}\n")
            return 2
        files.append(lines)
        eols.append(eol)
    labels += names[len(labels):]
    o = Opts(text=p.has("-a", "--text"))
    bl = blocks(o, files, eols)
    mode = {"--ed": "-e", "--show-overlap": "-E", "--overlap-only": "-x", "--easy-only": "-3",
            "--show-all": "-A"}.get(modes[0], modes[0]) if modes else ("-A" if merge else "")
    if not mode:
        ctx.out(_default(bl, files, eols, "\t" if p.has("-T", "--initial-tab") else "  "))
        return 0
    # -X prints as -x does in diffutils 3.8 (recorded); -A and -m alone bracket and show OLDER
    flagging, show_2nd = mode in ("-E", "-A"), mode == "-A"
    chosen = [b for b in bl if _selected(b.kind, mode)]
    if merge:
        text, conflicts = _merge(chosen, files, eols, labels, flagging, show_2nd)
    else:
        text, conflicts = _edscript(chosen, files, labels, flagging, show_2nd)
        if p.has("-i"):
            text += "w\nq\n"
    ctx.out(text)
    return 1 if conflicts else 0


def _selected(kind: str, mode: str) -> bool:
    if kind == SECOND:
        return mode == "-A"
    if kind == THIRD:
        return mode not in ("-x", "-X")
    if kind == ALL:
        return mode != "-3"
    return False


def _default(bl: list[Block], files: list[list[str]], eols: list[bool], prefix: str) -> str:
    out: list[str] = []
    for b in bl:
        out.append(f"===={b.kind}\n")
        dontprint = 3 if b.kind == ALL else (1 if b.kind == FIRST else 0)
        for i in ((0, 2, 1) if b.kind == SECOND else (0, 1, 2)):  # MINE = YOURS: OLDER last
            s, e = b.ranges[i]
            where = f"{s}a" if e == s else (f"{s + 1}c" if e == s + 1 else f"{s + 1},{e}c")
            out.append(f"{i + 1}:{where}\n")
            if i == dontprint:
                continue
            for k in range(s, e):
                out.append(f"{prefix}{files[i][k]}\n")
                if k == len(files[i]) - 1 and not eols[i]:
                    out.append("\\ No newline at end of file\n")
    return "".join(out)


def _dotlines(out: list[str], lines: list[str]) -> bool:
    dot = False
    for line in lines:
        if line.startswith("."):
            dot = True
            line = "." + line
        out.append(line + "\n")
    return dot


def _undot(out: list[str], dot: bool, start: int, num: int) -> None:
    out.append(".\n")
    if dot:
        out.append(f"{start}s/^\\.//\n" if num == 1 else f"{start},{start + num - 1}s/^\\.//\n")


def _edscript(bl: list[Block], files: list[list[str]], labels: list[str], flagging: bool,
              show_2nd: bool) -> tuple[str, bool]:
    out: list[str] = []
    conflicts = False
    for b in reversed(bl):
        (m0, m1), (o0, o1), (y0, y1) = b.ranges
        conflict = b.kind == SECOND or (b.kind == ALL and flagging)
        if b.kind == SECOND:  # MINE already has YOURS' text: bracket it with OLDER's
            conflicts = True
            out.append(f"{m1}a\n>>>>>>> {labels[2]}\n.\n{m0}a\n<<<<<<< {labels[1]}\n")
            dot = _dotlines(out, files[1][o0:o1])
            out.append("=======\n")
            _undot(out, dot, m0 + 2, o1 - o0)
        elif conflict:
            conflicts = True
            out.append(f"{m1}a\n")
            dot = False
            if b.kind == ALL:
                if show_2nd:
                    out.append(f"||||||| {labels[1]}\n")
                    dot = _dotlines(out, files[1][o0:o1])
                out.append("=======\n")
                dot = _dotlines(out, files[2][y0:y1]) or dot
            out.append(f">>>>>>> {labels[2]}\n")
            _undot(out, dot, m1 + 2, (o1 - o0) + (y1 - y0) + 1)
            out.append(f"{m0}a\n<<<<<<< {labels[0]}\n.\n")
        elif y1 == y0:
            out.append(f"{m1}d\n" if m1 == m0 + 1 else f"{m0 + 1},{m1}d\n")
        else:
            out.append(f"{m0}a\n" if m1 == m0 else (f"{m1}c\n" if m1 == m0 + 1 else f"{m0 + 1},{m1}c\n"))
            _undot(out, _dotlines(out, files[2][y0:y1]), m0 + 1, y1 - y0)
    return "".join(out), conflicts


def _merge(bl: list[Block], files: list[list[str]], eols: list[bool], labels: list[str], flagging: bool,
           show_2nd: bool) -> tuple[str, bool]:
    out: list[str] = []

    def copy(f: int, s: int, e: int) -> None:
        out.extend(line + "\n" for line in files[f][s:e])
        if e == len(files[f]) > s and not eols[f]:
            out[-1] = out[-1][:-1]
    mine = files[0]
    i = 0
    conflicts = False
    for b in bl:
        (m0, m1), (o0, o1), (y0, y1) = b.ranges
        copy(0, i, m0)
        conflict = b.kind == SECOND or (b.kind == ALL and flagging)
        if b.kind == SECOND:
            conflicts = True
            out.append(f"<<<<<<< {labels[1]}\n")
            copy(1, o0, o1)
            out.append("=======\n")
        elif conflict:
            conflicts = True
            out.append(f"<<<<<<< {labels[0]}\n")
            copy(0, m0, m1)
            if show_2nd:
                out.append(f"||||||| {labels[1]}\n")
                copy(1, o0, o1)
            out.append("=======\n")
        copy(2, y0, y1)
        if conflict or b.kind == SECOND:
            out.append(f">>>>>>> {labels[2]}\n")
        i = m1
    copy(0, i, len(mine))
    return "".join(out), conflicts
