"""Brace expansion as bash does it: {a,b}, nesting, {1..5}, {01..03}, {a..e}, {1..10..3}.

Works on a word's parts: the characters of unquoted `Lit` parts may form braces; every
other part (quotes, escapes, $-expansions) is an opaque item, so `"{a,b}"`, `\\{a,b}` and
`${x}` never expand.
"""
from __future__ import annotations

import itertools
import re

from shelldojo.shell.syntax import ast

Item = str | ast.WordPart   # one character of unquoted text, or an opaque part


class BraceLimit(Exception):
    """More results than the limit allows."""


_INT_RANGE = re.compile(r"^([-+]?\d+)\.\.([-+]?\d+)(?:\.\.([-+]?\d+))?$")
_CHR_RANGE = re.compile(r"^([A-Za-z])\.\.([A-Za-z])(?:\.\.([-+]?\d+))?$")


def expand_word(word: ast.Word, limit: int) -> list[ast.Word]:
    """The words a brace expansion of `word` produces (the word itself when none)."""
    if not any(isinstance(p, ast.Lit) and "{" in p.text for p in word.parts):
        return [word]
    items: list[Item] = []
    for part in word.parts:
        if isinstance(part, ast.Lit):
            items.extend(part.text)
        else:
            items.append(part)
    results = _expand(items, limit)
    return [_to_word(seq) for seq in results]


def _to_word(seq: list[Item]) -> ast.Word:
    parts: list[ast.WordPart] = []
    buf: list[str] = []
    for item in seq:
        if isinstance(item, str):
            buf.append(item)
        else:
            if buf:
                parts.append(ast.Lit("".join(buf)))
                buf = []
            parts.append(item)
    if buf:
        parts.append(ast.Lit("".join(buf)))
    return ast.Word(parts)


def _matching_close(items: list[Item], start: int) -> tuple[int, list[int]] | None:
    """Index of the `}` closing the `{` at start, and the top-level comma positions."""
    depth = 0
    commas: list[int] = []
    for i in range(start, len(items)):
        c = items[i]
        if not isinstance(c, str):
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i, commas
        elif c == "," and depth == 1:
            commas.append(i)
    return None


def _expand(items: list[Item], limit: int) -> list[list[Item]]:
    i = 0
    while i < len(items):
        if items[i] == "{":
            found = _matching_close(items, i)
            if found is None:
                i += 1
                continue
            close, commas = found
            inner = items[i + 1:close]
            alts: list[list[Item]] | None = None
            if commas:
                bounds = [i, *commas, close]
                alts = []
                for a, b in itertools.pairwise(bounds):
                    alts.extend(_expand(items[a + 1:b], limit))
                    if len(alts) > limit:
                        raise BraceLimit()
            elif all(isinstance(c, str) for c in inner):
                seq = _sequence("".join(inner), limit)  # type: ignore[arg-type]
                if seq is not None:
                    alts = [list(s) for s in seq]
            if alts is None:
                i += 1
                continue
            prefix = items[:i]
            suffixes = _expand(items[close + 1:], limit)
            if len(alts) * len(suffixes) > limit:
                raise BraceLimit()
            return [prefix + a + s for a in alts for s in suffixes]
        i += 1
    return [items]


def _sequence(text: str, limit: int) -> list[str] | None:
    m = _INT_RANGE.match(text)
    if m:
        start, end = int(m.group(1)), int(m.group(2))
        step = abs(int(m.group(3))) if m.group(3) else 1
        step = step or 1
        count = abs(end - start) // step + 1
        if count > limit:
            raise BraceLimit()
        width = 0
        for s in (m.group(1), m.group(2)):
            digits = s.lstrip("-+")
            if len(digits) > 1 and digits.startswith("0"):
                width = max(len(m.group(1)), len(m.group(2)))
        values = range(start, end + 1, step) if start <= end else range(start, end - 1, -step)
        out = []
        for v in values:
            if width:
                out.append(("-" if v < 0 else "") + str(abs(v)).zfill(width - (1 if v < 0 else 0)))
            else:
                out.append(str(v))
        return out
    m = _CHR_RANGE.match(text)
    if m:
        start, end = ord(m.group(1)), ord(m.group(2))
        step = abs(int(m.group(3))) if m.group(3) else 1
        step = step or 1
        values = range(start, end + 1, step) if start <= end else range(start, end - 1, -step)
        return [chr(v) for v in values]
    return None
