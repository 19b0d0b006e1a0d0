"""${x#pat} ${x%pat} ${x/pat/rep} ${x^pat}: glob patterns applied to a value.

One compiled regex scan per value instead of trying every slice (which is cubic on long
values).  bash wants the longest (## %% / //) or shortest (# %) match; Python's regex is
leftmost-first, which is the longest for plain globs (`*` greedy, `?` and [..] one
character); patterns with extglob lists fall back to trying ends, checking the budget."""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from shelldojo.shell import regexengine
from shelldojo.shell.interp import pattern
from shelldojo.shell.interp.expand_base import Chunk, E, L
from shelldojo.shell.regexengine import Regex

Check = Callable[[], None]


def _noop() -> None:
    pass


@lru_cache(maxsize=256)
def _regex(pat: str) -> tuple[Regex, Regex, bool]:
    """(pattern, pattern anchored at the end, whether leftmost-first is the longest), on the
    bounded engine: `${x//*b*/}` on a long value backtracks for ages in `re`."""
    src = pattern.to_regex(pat)
    simple = "(?" not in src and "|" not in src
    return (regexengine.compile(src, re.DOTALL), regexengine.compile(f"(?:{src})\\Z", re.DOTALL), simple)


def _longest_end(rx: Regex, value: str, start: int, simple: bool, check: Check,
                 nonempty: bool) -> int | None:
    """End of the longest match of rx starting at `start` (None: no match)."""
    m = rx.match(value, start)
    if m is None:
        return None
    if simple and (m.end() > start or not nonempty):
        return m.end()
    low = start + 1 if nonempty else start
    for j in range(len(value), low - 1, -1):
        if j & 255 == 0:
            check()
        if rx.fullmatch(value, start, j):
            return j
    return None


def remove(value: str, pat: str, op: str, check: Check = _noop) -> str:
    rx, rx_end, simple = _regex(pat)
    n = len(value)
    if op == "##":
        end = _longest_end(rx, value, 0, simple, check, False)
        return value if end is None else value[end:]
    if op == "%%":
        m = rx_end.search(value)  # leftmost start whose rest matches: the longest suffix
        return value if m is None else value[:m.start()]
    rng = range(n + 1) if op == "#" else range(n, -1, -1)
    for i in rng:
        if i & 255 == 0:
            check()
        if (rx.fullmatch(value, 0, i) if op == "#" else rx.fullmatch(value, i)):
            return value[i:] if op == "#" else value[:i]
    return value


def replace(value: str, pat: str, repl: list[Chunk], op: str, check: Check = _noop) -> str:
    rx, rx_end, simple = _regex(pat)
    n = len(value)

    def sub(matched: str) -> str:
        return "".join(t.replace("&", matched) if k in (L, E) else t.replace("\\&", "&") for k, t in repl)

    if op == "/#":
        end = _longest_end(rx, value, 0, simple, check, False)
        return value if end is None else sub(value[:end]) + value[end:]
    if op == "/%":
        m = rx_end.search(value)
        return value if m is None else value[:m.start()] + sub(value[m.start():])
    if not pat:
        return value
    out: list[str] = []
    i = 0
    while i < n:
        check()
        m = rx.search(value, i)  # the leftmost start where something matches
        if m is None:
            break
        start = m.start()
        end = _longest_end(rx, value, start, simple, check, True)
        out.append(value[i:start])
        if end is None:  # only an empty match: bash inserts the replacement, keeps one char
            out.append(sub("") + value[start])
            i = start + 1
        else:
            out.append(sub(value[start:end]))
            i = end
        if op == "/":
            break
    out.append(value[i:])
    return "".join(out)


def case_mod(value: str, pat: str, op: str) -> str:
    rx = _regex(pat)[0]
    chars = list(value)
    for i, c in enumerate(chars):
        if rx.fullmatch(c):
            if op[0] == "~":
                chars[i] = c.lower() if c.isupper() else c.upper()
            else:
                chars[i] = c.upper() if op[0] == "^" else c.lower()
            if len(op) == 1:
                break
        elif len(op) == 1:
            break
    return "".join(chars)
