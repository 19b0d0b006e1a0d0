"""Pattern analysis for shell.regexengine: respelling Python patterns for other engines, and
the shape of a pattern that bounds how long Python's backtracking `re` may take on it.

RE2 and the `regex` module spell Python's Unicode classes (`\\w`, `\\s`, `\\d`, `\\b`) differently;
`respell` gives each its spelling of Python's meaning, and raises Unsupported for what RE2
cannot express (back-references, lookarounds).  `shape` measures nested quantifiers.
"""
from __future__ import annotations

import re
from re import _constants as C
from typing import Any

_WORD = r"\pL\pN_"
# exactly what Python's Unicode `\s` matches, in RE2's spelling and in the `regex` module's
_SPACE = (r"\t\n\x0b\f\r \x1c-\x1f\x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}"
          r"\x{205f}\x{3000}")
_SPACE_RX = re.sub(r"\\x\{(\w+)\}", lambda m: "\\u" + m.group(1).zfill(4), _SPACE)
_QUANT = re.compile(r"\{(\d*)(,?)(\d*)\}")


class Unsupported(Exception):
    """RE2 cannot express this construct; the bounded path takes the pattern."""


class _Spelling:
    """How one engine spells Python's Unicode classes (RE2 is ASCII, `regex` follows TR18)."""

    def __init__(self, space: str, re2: bool) -> None:
        self.re2 = re2
        self.outside = {"w": f"[{_WORD}]", "W": f"[^{_WORD}]", "s": f"[{space}]", "S": f"[^{space}]",
                        "d": r"\p{Nd}", "D": r"\P{Nd}"} | ({"Z": r"\z"} if re2 else {})
        self.inside = {"w": _WORD, "s": space, "d": r"\p{Nd}", "D": r"\P{Nd}"} | ({"b": r"\x08"} if re2 else {})


RE2_SPELLING, RX_SPELLING = _Spelling(_SPACE, True), _Spelling(_SPACE_RX, False)


def respell(p: str, sp: _Spelling) -> tuple[str, bool]:
    """Pattern `p` with Python's meanings spelled for another engine; raises Unsupported (RE2)."""
    out: list[str] = []
    ascii_only = False
    i, n = 0, len(p)
    while i < n:
        c = p[i]
        if c == "\\":
            d = p[i + 1]
            if d in sp.outside:
                out.append(sp.outside[d])
            elif sp.re2 and (d.isdigit() and d != "0" or d in "uUN"):
                raise Unsupported(d)   # back-reference, or an escape RE2 spells otherwise
            else:
                ascii_only = ascii_only or d in "bB"
                out.append(p[i:i + 2])
            i += 2
        elif c == "[":
            if p.startswith("[^\\W]", i):   # translate()'s spelling of \w
                out.append(f"[{_WORD}]")
                i += 5
                continue
            i = _bracket(p, i, out, sp)
        elif sp.re2 and (c == "(" and p.startswith("(?", i) and p[i + 2:i + 3] in ("=", "!", "<", ">", "#", "(")
                         and not p.startswith("(?<", i) or p.startswith(("(?<=", "(?<!", "(?P="), i)):
            raise Unsupported("lookaround")
        elif sp.re2 and c == "{" and (m := _QUANT.match(p, i)) and (m.group(2) or m.group(3)) \
                and not m.group(1):
            out.append("{0" + m.group(2) + m.group(3) + "}")   # Python's {,n} is {0,n}
            i = m.end()
        else:
            out.append(c)
            i += 1
    return "".join(out), ascii_only


def _bracket(p: str, i: int, out: list[str], sp: _Spelling) -> int:
    """Copy the class starting at p[i] == '['; return the index after its ']'."""
    out.append("[")
    i += 1
    if p.startswith("^", i):
        out.append("^")
        i += 1
    first = True
    while True:
        c = p[i]
        if c == "]" and not first:
            out.append("]")
            return i + 1
        first = False
        if c == "\\":
            d = p[i + 1]
            if d in sp.inside:
                out.append(sp.inside[d])
            elif sp.re2 and (d in "WSuUN" or d.isdigit() and d != "0"):
                raise Unsupported(d)
            else:
                out.append(p[i:i + 2])
            i += 2
        else:   # both read `[:` inside a class as a POSIX class; Python's `re` does not
            out.append("\\[" if c == "[" else "\\]" if c == "]" else c)
            i += 1


class Exponential(Exception):
    """Nested repetition: backtracking may take exponential time."""


_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)


def shape(items: Any) -> tuple[int, float]:
    """(exponent, factor): a backtracking search over n characters takes at most about
    factor * n ** (exponent + 1) steps; raises _Exponential for nested repetition."""
    e, f = 0, 1.0
    for op, av in items:
        if op in _REPEATS:
            lo, hi, sub = av
            se, sf = shape(sub)
            if se or sf > 1:
                if hi == C.MAXREPEAT or hi > 8:
                    raise Exponential
                e, f = e + se * hi, f * sf ** hi
            e += hi != lo
        elif op is C.SUBPATTERN:
            se, sf = shape(av[-1])
            e, f = e + se, f * sf
        elif op is C.BRANCH:
            shapes = [shape(b) for b in av[1]]
            e, f = e + max(x for x, _ in shapes), f * sum(y for _, y in shapes)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            se, sf = shape(av[1])
            e, f = e + se, f * sf
        elif op is C.ATOMIC_GROUP:
            se, sf = shape(av)
            e, f = e + se, f * sf
        elif op is C.GROUPREF:
            e += 1   # comparing a group costs up to n
        elif op is C.GROUPREF_EXISTS:
            raise Exponential
    return e, f
