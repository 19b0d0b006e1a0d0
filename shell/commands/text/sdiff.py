"""sdiff (GNU diffutils 3.8): side-by-side merge of two files.

Without -o, GNU sdiff execs `diff -y`, so its formatting and file errors are diff's; the side-by-side
layout (diff's side.c) is here, over diff_hunks' one comparison. With -o it asks, at each hunk,
which side to keep, reading the answers from stdin (a closed stdin ends it with status 2, as
sdiff does)."""
from __future__ import annotations

import unicodedata

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.text.diff_hunks import Opts, TryPrefixed, hunks
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("sdiff", short="abBdEHiI:lo:stvw:WZ",
                  long=["text", "ignore-blank-lines", "minimal", "ignore-tab-expansion", "speed-large-files",
                        "ignore-case", "ignore-matching-lines=", "left-column", "output=",
                        "suppress-common-lines", "expand-tabs", "width=", "ignore-all-space",
                        "ignore-trailing-space", "ignore-space-change", "strip-trailing-cr", "tabsize=",
                        "diff-program="],
                  help=verbatim("text/sdiff_help"), version=verbatim("text/sdiff_version"), usage_status=2)
_GUTTER = 3  # diff's GUTTER_WIDTH_MINIMUM



class Layout:
    """diff -y's columns (diff.c): the half width and where the right column starts."""

    def __init__(self, width: int, tabsize: int, expand: bool) -> None:
        t = 1 if expand else tabsize
        off = (width + t + _GUTTER) // (2 * t) * t
        self.half = max(0, min(off - _GUTTER, width - off))
        self.col2 = off if self.half < off else width
        self.tabsize, self.expand = tabsize, expand

    def tab_to(self, out: list[str], frm: int, to: int) -> int:
        if not self.expand:
            tab = frm + self.tabsize - frm % self.tabsize
            while tab <= to:
                out.append("\t")
                frm = tab
                tab += self.tabsize
        out.append(" " * max(0, to - frm))
        return to

    def half_line(self, out: list[str], line: str, bound: int) -> int:
        """side.c print_half_line: the line cut at bound columns; returns the column reached."""
        inp = outp = 0
        for c in line:
            if c == "\t":
                spaces = self.tabsize - inp % self.tabsize
                if inp == outp:
                    stop = outp + spaces
                    if self.expand:
                        stop = min(stop, bound)
                        out.append(" " * max(0, stop - outp))
                        outp = max(outp, stop)
                    elif stop < bound:
                        outp = stop
                        out.append(c)
                inp += spaces
            elif c == "\r":
                out.append(c)
                inp = outp = 0
            elif c == "\b":
                if inp and inp - 1 < bound:
                    inp -= 1
                    if outp <= inp:
                        out.append(" " * (inp - outp))
                        outp = inp
                    else:
                        outp = inp
                        out.append(c)
                elif inp:
                    inp -= 1
            elif c in "\f\v" or (ord(c) < 32 or ord(c) == 127):
                if inp < bound:
                    out.append(c)
            else:
                inp += 2 if unicodedata.east_asian_width(c) in "WF" else 1
                if inp <= bound:
                    outp = inp
                    out.append(c)
        return outp

    def row(self, left: tuple[str, bool] | None, sep: str, right: tuple[str, bool] | None) -> str:
        """side.c print_1sdiff_line; a side is (text, ends with newline)."""
        out: list[str] = []
        col = 0
        newline = False
        if left:
            newline = left[1]
            col = self.half_line(out, left[0], self.half)
        if sep != " ":
            col = self.tab_to(out, col, (self.half + self.col2 - 1) // 2) + 1
            if sep == "|" and right and newline != right[1]:
                sep = "/" if newline else "\\"
            out.append(sep)
        if right:
            newline = newline or right[1]
            if right[0] or not right[1]:
                col = self.tab_to(out, col, self.col2)
                self.half_line(out, right[0], self.half)
        if newline:
            out.append("\n")
        return "".join(out)


def _lines(data: bytes) -> list[tuple[str, bool]]:
    text = data.decode("utf-8", "surrogateescape")
    parts = text.split("\n")
    rows = [(p, True) for p in parts[:-1]]
    if parts[-1]:
        rows.append((parts[-1], False))
    return rows


def _read(ctx: Context, name: str) -> bytes:
    return ctx.stdin.read() if name == "-" else ctx.vfs.read_bytes(ctx.abspath(name))


def _usage(ctx: Context, message: str) -> int:
    ctx.err(f"sdiff: {message}\nsdiff: Try 'sdiff --help' for more information.\n")
    return 2


@command("sdiff", family="text", summary="side-by-side merge of file differences")
def sdiff(ctx: Context, argv: list[str]) -> int:
    p = SPEC.parse(TryPrefixed(ctx, "sdiff"), argv[1:])  # type: ignore[arg-type]
    if isinstance(p, int):
        return p
    if p.has("-v"):
        ctx.out(verbatim("text/sdiff_version"))
        return 0
    o = Opts(icase=p.has("-i", "--ignore-case"), all_space=p.has("-W", "--ignore-all-space"),
             space_change=p.has("-b", "--ignore-space-change"), trailing=p.has("-Z", "--ignore-trailing-space"),
             blank_lines=p.has("-B", "--ignore-blank-lines"), text=p.has("-a", "--text"))
    names = p.operands
    if len(names) < 2:
        return _usage(ctx, f"missing operand after '{names[-1] if names else (argv[-1] if len(argv) > 1 else 'sdiff')}'")
    if len(names) > 2:
        return _usage(ctx, f"extra operand '{names[2]}'")
    width_s, tab_s = p.last("-w", "--width") or "130", p.last("--tabsize") or "8"
    if not width_s.isdigit() or int(width_s) == 0:
        ctx.err(f"diff: invalid width '{width_s}'\ndiff: Try 'diff --help' for more information.\n")
        return 2
    if not tab_s.isdigit() or int(tab_s) == 0:
        ctx.err(f"diff: invalid tabsize '{tab_s}'\ndiff: Try 'diff --help' for more information.\n")
        return 2
    lay = Layout(min(int(width_s), 1 << 30), min(int(tab_s), 1 << 20), p.has("-t", "--expand-tabs"))
    data = []
    for name in names:
        try:
            data.append(_read(ctx, name))
        except OSError as exc:
            ctx.err(f"diff: {name}: {strerror(exc)}\n")
            return 2
    if not o.text and any(b"\0" in d for d in data):
        ctx.out(f"Binary files {names[0]} and {names[1]} differ\n")
        return 1
    a, b = _lines(data[0]), _lines(data[1])
    regions = hunks(o, [x[0] for x in a], [x[0] for x in b], not a or a[-1][1], not b or b[-1][1])
    quiet = p.has("-s", "--suppress-common-lines")
    left_only = p.has("-l", "--left-column")
    output = p.last("-o", "--output")
    if output is not None:
        return _interactive(ctx, output, lay, a, b, regions, quiet, left_only)
    show = _Shower(ctx, lay, a, b, left_only)
    for a0, a1, b0, b1 in regions:
        if not quiet:
            show.common(a0, b0)
        show.hunk(a0, a1, b0, b1)
    if not quiet:
        show.common(len(a), len(b))
    return 1 if regions else 0


class _Shower:
    """Writes common runs and hunks in order, remembering where the last one ended."""

    def __init__(self, ctx: Context, lay: Layout, a: list, b: list, left_only: bool) -> None:
        self.ctx, self.lay, self.a, self.b, self.left_only = ctx, lay, a, b, left_only
        self.i = self.j = 0

    def common(self, a_end: int, b_end: int) -> None:
        i, j, out = self.i, self.j, []
        if not self.left_only:
            while i < a_end and j < b_end:
                out.append(self.lay.row(self.a[i], " ", self.b[j]))
                i, j = i + 1, j + 1
            out.extend(self.lay.row(None, ")", self.b[jj]) for jj in range(j, b_end))
        out.extend(self.lay.row(self.a[ii], "(", None) for ii in range(i, a_end))
        self.ctx.check()
        self.ctx.out("".join(out))
        self.i, self.j = a_end, b_end

    def hunk(self, a0: int, a1: int, b0: int, b1: int) -> None:
        out, i, j = [], a0, b0
        if a1 > a0 and b1 > b0:
            while i < a1 and j < b1:
                out.append(self.lay.row(self.a[i], "|", self.b[j]))
                i, j = i + 1, j + 1
        out.extend(self.lay.row(None, ">", self.b[jj]) for jj in range(j, b1))
        out.extend(self.lay.row(self.a[ii], "<", None) for ii in range(i, a1))
        self.ctx.out("".join(out))
        self.i, self.j = a1, b1


def _text(rows: list[tuple[str, bool]]) -> str:
    return "".join(t + ("\n" if nl else "") for t, nl in rows)


def _interactive(ctx: Context, output: str, lay: Layout, a: list, b: list, regions: list,
                 quiet: bool, left_only: bool) -> int:
    """-o FILE: show each hunk, then read l/r/s/v/q from stdin; EOF or q stops with status 2."""
    path = ctx.abspath(output)
    merged: list[str] = []

    def save() -> int | None:
        try:
            ctx.vfs.write_bytes(path, "".join(merged).encode("utf-8", "surrogateescape"))
        except OSError as exc:
            ctx.err(f"sdiff: {output}: {strerror(exc)}\n")
            return 2
        return None

    if (bad := save()) is not None:
        return bad
    show = _Shower(ctx, lay, a, b, left_only)
    for a0, a1, b0, b1 in regions:
        merged.append(_text(a[show.i:a0]))
        if not quiet:
            show.common(a0, b0)
        show.i, show.j = a0, b0
        show.hunk(a0, a1, b0, b1)
        while True:
            ctx.out("%")
            answer = ctx.stdin.readline()
            cmd = answer.decode("utf-8", "replace").strip(" \t\n")
            if not answer or cmd == "q":
                return save() or 2
            if cmd in ("l", "1", "r", "2"):
                merged.append(_text(a[a0:a1] if cmd in ("l", "1") else b[b0:b1]))
                break
            if cmd in ("s", "v"):
                quiet = cmd == "s"
                continue
            ctx.err(verbatim("text/sdiff_commands"))
    merged.append(_text(a[show.i:]))
    if not quiet:
        show.common(len(a), len(b))
    return save() or (1 if regions else 0)
