"""diff's line comparison (GNU diffutils 3.8 output): its options, Myers' minimal edit script,
hunks, and the normal and unified formats."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shelldojo.shell.context import Context


class TryPrefixed:
    """Stands in for ctx while diffutils parses options: cmp, diff, diff3 and sdiff put their
    name before the Try line (`diff: Try 'diff --help' for more information.`)."""

    def __init__(self, ctx: Context, prog: str) -> None:
        self.ctx, self.prog = ctx, prog

    def out(self, text: str | bytes) -> None:
        self.ctx.out(text)

    def err(self, text: str | bytes) -> None:
        t = text if isinstance(text, str) else text.decode()
        self.ctx.err(t.replace(f"\nTry '{self.prog}", f"\n{self.prog}: Try '{self.prog}"))


@dataclass
class Opts:
    """What diff's options select: the output format and what counts as a difference."""

    fmt: str = "normal"       # normal, unified, context, brief
    context: int = 3
    icase: bool = False
    all_space: bool = False
    space_change: bool = False
    trailing: bool = False
    blank_lines: bool = False
    recursive: bool = False
    new_file: bool = False
    report_same: bool = False
    text: bool = False
    switches: str = ""


def myers(a: list[str], b: list[str]) -> list[tuple[str, int, int]]:
    """Edit script as ('=', i, j) / ('-', i, -1) / ('+', -1, j), minimal, deletions first."""
    n, m = len(a), len(b)
    pre = 0
    while pre < n and pre < m and a[pre] == b[pre]:
        pre += 1
    suf = 0
    while suf < n - pre and suf < m - pre and a[n - 1 - suf] == b[m - 1 - suf]:
        suf += 1
    A, B = a[pre:n - suf], b[pre:m - suf]
    N, M = len(A), len(B)
    mx = N + M
    v = {1: 0}
    trace = []
    for d in range(mx + 1):
        trace.append(dict(v))
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[k - 1] < v[k + 1]):
                x = v[k + 1]
            else:
                x = v[k - 1] + 1
            y = x - k
            while x < N and y < M and A[x] == B[y]:
                x, y = x + 1, y + 1
            v[k] = x
            if x >= N and y >= M:
                break
        else:
            continue
        break
    ops: list[tuple[str, int, int]] = []
    x, y = N, M
    for d in range(len(trace) - 1, -1, -1):
        vd = trace[d]
        k = x - y
        if d == 0:
            while x > 0 and y > 0:
                x, y = x - 1, y - 1
                ops.append(("=", x, y))
            break
        if k == -d or (k != d and vd[k - 1] < vd[k + 1]):
            pk = k + 1
        else:
            pk = k - 1
        px = vd[pk]
        py = px - pk
        while x > px and y > py:
            x, y = x - 1, y - 1
            ops.append(("=", x, y))
        if x > px:
            ops.append(("-", px, -1))
        else:
            ops.append(("+", -1, py))
        x, y = px, py
    ops.reverse()
    body = [(o, i + pre if i >= 0 else -1, j + pre if j >= 0 else -1) for o, i, j in ops]
    return ([("=", i, i) for i in range(pre)] + body +
            [("=", n - suf + i, m - suf + i) for i in range(suf)])


def _key(o: Opts, line: str) -> str:
    if o.all_space:
        line = re.sub(r"\s+", "", line)
    elif o.space_change:
        line = re.sub(r"\s+", " ", line).rstrip(" ")
    elif o.trailing:
        line = line.rstrip()
    return line.lower() if o.icase else line


def hunks(o: Opts, a: list[str], b: list[str], ea: bool = True,
          eb: bool = True) -> list[tuple[int, int, int, int]]:
    """Changed regions (a_start, a_end, b_start, b_end), 0-based, end exclusive."""
    ka, kb = [_key(o, x) for x in a], [_key(o, x) for x in b]
    if ka and not ea:
        ka[-1] += "\0"  # a last line without newline differs from the same text with one
    if kb and not eb:
        kb[-1] += "\0"
    ops = myers(ka, kb)
    out: list[tuple[int, int, int, int]] = []
    ai = bi = 0
    cur: list[int] | None = None
    for op, _i, _j in ops:
        if op == "=":
            if cur:
                out.append((cur[0], ai, cur[1], bi))
                cur = None
            ai, bi = ai + 1, bi + 1
            continue
        if cur is None:
            cur = [ai, bi]
        if op == "-":
            ai += 1
        else:
            bi += 1
    if cur:
        out.append((cur[0], ai, cur[1], bi))
    if o.blank_lines:
        out = [h for h in out if any(x.strip() for x in a[h[0]:h[1]] + b[h[2]:h[3]])]
    return out


def _rng(start: int, end: int) -> str:
    """Normal-format line range (1-based); an empty range names the line before."""
    if end - start <= 1:
        return str(max(start, end))
    return f"{start + 1},{end}"


def _emit(out: list[str], mark: str, lines: list[str], idx: int, last: int, eol: bool) -> None:
    out.append(f"{mark}{lines[idx]}\n")
    if idx == last - 1 and not eol:
        out.append("\\ No newline at end of file\n")


def normal(o: Opts, a: list[str], b: list[str], ea: bool, eb: bool) -> str:
    out: list[str] = []
    for a0, a1, b0, b1 in hunks(o, a, b, ea, eb):
        kind = "c" if a1 > a0 and b1 > b0 else ("d" if a1 > a0 else "a")
        out.append(f"{_rng(a0, a1) if kind != 'a' else a0}{kind}{_rng(b0, b1) if kind != 'd' else b0}\n")
        for i in range(a0, a1):
            _emit(out, "< ", a, i, len(a), ea)
        if kind == "c":
            out.append("---\n")
        for j in range(b0, b1):
            _emit(out, "> ", b, j, len(b), eb)
    return "".join(out)


def _urange(start: int, count: int) -> str:
    if count == 1:
        return str(start + 1)
    return f"{start + 1 if count else start},{count}"


def unified(o: Opts, a: list[str], b: list[str], ea: bool, eb: bool) -> str:
    hs = hunks(o, a, b, ea, eb)
    out: list[str] = []
    c = o.context
    groups: list[list[tuple[int, int, int, int]]] = []
    for h in hs:
        if groups and h[0] - groups[-1][-1][1] <= 2 * c:
            groups[-1].append(h)
        else:
            groups.append([h])
    for g in groups:
        s_a = max(0, g[0][0] - c)
        s_b = g[0][2] - (g[0][0] - s_a)
        e_a = min(len(a), g[-1][1] + c)
        e_b = g[-1][3] + (e_a - g[-1][1])
        out.append(f"@@ -{_urange(s_a, e_a - s_a)} +{_urange(s_b, e_b - s_b)} @@\n")
        ai = s_a
        for a0, a1, b0, b1 in g:
            for i in range(ai, a0):
                _emit(out, " ", a, i, len(a), ea)
            for i in range(a0, a1):
                _emit(out, "-", a, i, len(a), ea)
            for j in range(b0, b1):
                _emit(out, "+", b, j, len(b), eb)
            ai = a1
        for i in range(ai, e_a):
            _emit(out, " ", a, i, len(a), ea)
    return "".join(out)
