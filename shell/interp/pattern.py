"""Bash glob patterns (case, [[ == ]], ${x#pat}, pathname expansion) as Python regexes.

Quoted characters arrive backslash-escaped; a backslash makes the next character
literal.  An unclosed `[` is a literal `[`.  Character classes follow C.UTF-8, where
letters beyond ASCII are [:alpha:] too.  Slashes get no special treatment here:
globbing.py splits paths into components before matching.
"""
from __future__ import annotations

import re
from functools import lru_cache

from shelldojo.shell import regexengine

ANY = r"(?s:.)"           # one character, newline included, without global flags (RE2 reads it too)

_CLASSES = {
    "alpha": r"[^\W\d_]",
    "digit": r"[0-9]",
    "alnum": r"[^\W_]",
    "upper": r"[A-Z]",
    "lower": r"[a-z]",
    "space": r"[ \t\n\r\f\v]",
    "blank": r"[ \t]",
    "punct": r"[!-/:-@\[-`{-~]",
    "print": r"[^\x00-\x1f\x7f]",
    "graph": r"[^\x00-\x20\x7f]",
    "cntrl": r"[\x00-\x1f\x7f]",
    "xdigit": r"[0-9A-Fa-f]",
    "word": r"\w",
}


def _cc(c: str) -> str:
    """A character as a character-class member, safe in any position."""
    return f"\\U{ord(c):08x}"


def _bracket(pat: str, i: int) -> tuple[str, int] | None:
    """Regex for the bracket expression starting at pat[i] == '[', and the index after
    it; None when the bracket is not closed (then '[' is literal)."""
    n = len(pat)
    j = i + 1
    negate = False
    if j < n and pat[j] in "!^":
        negate, j = True, j + 1
    alts: list[str] = []
    singles: list[str] = []
    first = True
    while True:
        if j >= n:
            return None
        c = pat[j]
        if c == "]" and not first:
            j += 1
            break
        first = False
        if c == "[" and j + 1 < n and pat[j + 1] in ":=.":
            kind = pat[j + 1]
            end = pat.find(kind + "]", j + 2)
            if end >= 0:
                name = pat[j + 2:end]
                j = end + 2
                if kind == ":":
                    alts.append(_CLASSES.get(name, "(?!)"))
                else:
                    singles.append("".join(_cc(ch) for ch in name))
                continue
        if c == "\\" and j + 1 < n:
            c = pat[j + 1]
            j += 2
        else:
            j += 1
        if j + 1 < n and pat[j] == "-" and pat[j + 1] != "]":
            hi = pat[j + 1]
            j += 2
            if hi == "\\" and j < n:
                hi = pat[j]
                j += 1
            if ord(c) <= ord(hi):   # a reversed range matches nothing, as in glibc
                singles.append(f"{_cc(c)}-{_cc(hi)}")
            continue
        singles.append(_cc(c))
    if singles:
        alts.insert(0, "[" + "".join(singles) + "]")
    body = "|".join(alts) if alts else "(?!)"
    if negate:
        return f"(?!{body}){ANY}", j
    return f"(?:{body})", j


def _group_end(pat: str, i: int) -> int:
    """Index of the `)` closing the extglob group whose `(` is pat[i]; -1 if unclosed."""
    depth, n = 0, len(pat)
    while i < n:
        c = pat[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            got = _bracket(pat, i)
            if got is not None:
                i = got[1]
                continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _split_alts(body: str) -> list[str]:
    """The `|`-separated alternatives of an extglob group (nested groups kept whole)."""
    alts, depth, start, i = [], 0, 0, 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            alts.append(body[start:i])
            start = i + 1
        i += 1
    alts.append(body[start:])
    return alts


def to_regex(pat: str, extglob: bool = True) -> str:
    """Regex source matching the whole pattern (caller uses fullmatch).  With `extglob`,
    ?(a|b) *(..) +(..) @(..) !(..) are ksh's pattern lists."""
    out: list[str] = []
    i, n = 0, len(pat)
    while i < n:
        c = pat[i]
        if extglob and c in "?*+@!" and i + 1 < n and pat[i + 1] == "(":
            end = _group_end(pat, i + 1)
            if end > 0:
                alts = "|".join(to_regex(a, True) for a in _split_alts(pat[i + 2:end]))
                if c == "!":
                    # anything but the list: refuse a start where the list and the rest match
                    rest = to_regex(pat[end + 1:], True)
                    out.append(f"(?:(?!(?:{alts}){rest}\\Z){ANY}*?){rest}")
                    return "".join(out)
                out.append(f"(?:{alts})" + {"?": "?", "*": "*", "+": "+", "@": ""}[c])
                i = end + 1
                continue
        if c == "*":
            while i < n and pat[i] == "*":
                i += 1
            out.append(f"{ANY}*")
            continue
        if c == "?":
            out.append(ANY)
        elif c == "[":
            got = _bracket(pat, i)
            if got is not None:
                out.append(got[0])
                i = got[1]
                continue
            out.append(re.escape("["))
        elif c == "\\":
            if i + 1 < n:
                i += 1
                out.append(re.escape(pat[i]))
            else:
                out.append(re.escape("\\"))
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


@lru_cache(maxsize=512)
def compile_pattern(pat: str, extglob: bool = False, nocase: bool = False) -> regexengine.Regex:
    """On the bounded engine: `*a*a*b` against a long value backtracks for ages in `re`."""
    try:
        return regexengine.compile(to_regex(pat, extglob), re.IGNORECASE if nocase else 0)
    except re.error:  # a pathological extglob: match it literally
        return regexengine.compile(re.escape(unescape(pat)))


def match(pat: str, text: str, extglob: bool = True, nocase: bool = False) -> bool:
    """Whether the whole text matches the glob pattern (extglob lists are recognised unless
    told otherwise: they only reach here when the shell accepted them)."""
    if not nocase and not has_magic(pat, extglob) and "\\" not in pat:
        return pat == text
    return compile_pattern(pat, extglob, nocase).fullmatch(text) is not None


def has_magic(pat: str, extglob: bool = False) -> bool:
    """An unescaped * or ?, a [ that starts a closed bracket expression, or (extglob) a
    pattern list."""
    i, n = 0, len(pat)
    while i < n:
        c = pat[i]
        if c == "\\":
            i += 2
            continue
        if c in "*?":
            return True
        if extglob and c in "+@!" and i + 1 < n and pat[i + 1] == "(" and _group_end(pat, i + 1) > 0:
            return True
        if c == "[" and _bracket(pat, i) is not None:
            return True
        i += 1
    return False


def unescape(pat: str) -> str:
    """The literal text of a pattern without magic (backslashes removed)."""
    out: list[str] = []
    i, n = 0, len(pat)
    while i < n:
        if pat[i] == "\\" and i + 1 < n:
            i += 1
        out.append(pat[i])
        i += 1
    return "".join(out)
