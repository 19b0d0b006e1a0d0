"""vi's motions and patterns: pure functions over a list of lines (no editor state), so the
normal-mode commands, operators (d, c, y + motion) and visual mode share one definition."""
from __future__ import annotations

import re

Pos = tuple[int, int]   # (row, col), both from 0


def _cls(ch: str) -> int:
    """vim's character classes for w/b/e: blank 0, punctuation 1, word character 2."""
    if ch in " \t":
        return 0
    return 2 if ch.isalnum() or ch == "_" else 1


def _chars(lines: list[str], pos: Pos) -> str:
    row, col = pos
    line = lines[row]
    return line[col] if col < len(line) else "\n"


def _next(lines: list[str], pos: Pos) -> Pos | None:
    row, col = pos
    if col < len(lines[row]):
        return row, col + 1
    return (row + 1, 0) if row + 1 < len(lines) else None


def _prev(lines: list[str], pos: Pos) -> Pos | None:
    row, col = pos
    if col > 0:
        return row, col - 1
    return (row - 1, len(lines[row - 1])) if row > 0 else None


def _kind(lines: list[str], pos: Pos) -> int:
    ch = _chars(lines, pos)
    if ch == "\n":
        return 3 if lines[pos[0]] == "" else 0   # an empty line is a word of its own
    return _cls(ch)


def word_forward(lines: list[str], pos: Pos, count: int) -> Pos:
    for _ in range(count):
        start = _kind(lines, pos)
        cur: Pos | None = pos
        while cur is not None and _kind(lines, cur) == start and start != 3 and _chars(lines, cur) != "\n":
            cur = _next(lines, cur)
        while cur is not None and _kind(lines, cur) == 0:
            cur = _next(lines, cur)
        if cur is None:
            last = len(lines) - 1
            return last, max(len(lines[last]) - 1, 0)
        pos = cur
    return pos


def word_end(lines: list[str], pos: Pos, count: int) -> Pos:
    for _ in range(count):
        cur = _next(lines, pos)
        while cur is not None and _kind(lines, cur) in (0, 3):
            cur = _next(lines, cur)
        if cur is None:
            return pos
        kind = _kind(lines, cur)
        while True:
            nxt = _next(lines, cur)
            if nxt is None or _kind(lines, nxt) != kind or _chars(lines, nxt) == "\n":
                break
            cur = nxt
        pos = cur
    return pos


def word_back(lines: list[str], pos: Pos, count: int) -> Pos:
    for _ in range(count):
        cur = _prev(lines, pos)
        while cur is not None and _kind(lines, cur) == 0:
            cur = _prev(lines, cur)
        if cur is None:
            return 0, 0
        kind = _kind(lines, cur)
        while True:
            prv = _prev(lines, cur)
            if prv is None or _kind(lines, prv) != kind or _chars(lines, prv) == "\n" or kind == 3:
                break
            cur = prv
        pos = cur
    return pos


def first_nonblank(line: str) -> int:
    return len(line) - len(line.lstrip(" \t")) if line.strip(" \t") else max(len(line) - 1, 0)


def vim_regex(pattern: str) -> re.Pattern[str] | None:
    """vim's 'magic' pattern as a Python regex: \\( \\) \\| \\+ \\? \\= \\{ are the groups and
    repeats, ( ) | + ? { are literal, \\< \\> are word edges; None if it does not compile."""
    out, i = [], 0
    specials = {"(": "(", ")": ")", "|": "|", "+": "+", "?": "?", "=": "?", "{": "{", "}": "}",
                "<": r"\b(?=\w)", ">": r"\b(?<=\w)"}
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            out.append(specials.get(nxt, "\\" + nxt))
            i += 2
            continue
        if ch == "~":
            ch = "\\~"
        out.append(re.escape(ch) if ch in "()|+?{}" else ch)
        i += 1
    try:
        return re.compile("".join(out))
    except re.error:
        return None


def search(lines: list[str], pos: Pos, rx: re.Pattern[str], forward: bool) -> tuple[Pos, bool] | None:
    """The next match from pos (not at pos) and whether the search wrapped around the end."""
    n = len(lines)
    row, col = pos
    if forward:
        m = rx.search(lines[row], col + 1) if col + 1 <= len(lines[row]) else None
        if m and m.start() > col:
            return (row, m.start()), False
        for step in range(1, n + 1):
            r = (row + step) % n
            m = rx.search(lines[r])
            if m:
                return (r, m.start()), row + step >= n
        return None
    starts = [m.start() for m in rx.finditer(lines[row]) if m.start() < col]
    if starts:
        return (row, starts[-1]), False
    for step in range(1, n + 1):
        r = (row - step) % n
        found = [m.start() for m in rx.finditer(lines[r])]
        if found:
            return (r, found[-1]), row - step < 0
    return None
