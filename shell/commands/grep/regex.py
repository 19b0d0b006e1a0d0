"""POSIX BRE/ERE (GNU flavour) and emacs regex (find -regex) translated to Python `re`.

Python's `re` is leftmost-first where POSIX is leftmost-longest; line selection is the
same, only -o/--color spans may differ on alternations.  The translated pattern is compiled by
shell.regexengine (RE2 in linear time, backtracking only for back-references, time-bounded).
"""
from __future__ import annotations

import re

from shelldojo.shell import regexengine
from shelldojo.shell.budget import Budget

_CLASSES = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v", "blank": " \\t", "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    "print": "\\x20-\\x7e", "graph": "\\x21-\\x7e", "cntrl": "\\x00-\\x1f\\x7f", "xdigit": "0-9A-Fa-f",
}
_ESCAPES = {"w": r"[^\W]", "W": r"\W", "s": r"\s", "S": r"\S", "b": r"\b", "B": r"\B",
            "<": r"\b(?=\w)", ">": r"\b(?<=\w)", "`": r"\A", "'": r"\Z"}
_INTERVAL = re.compile(r"(\d*)(?:(,)(\d*))?")


class RegexError(Exception):
    """A pattern GNU rejects; the message is GNU's text."""


def _cls(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else c


def bracket(p: str, i: int) -> tuple[str, int]:
    """Translate the bracket expression starting after '[' at p[i]; return (class, next index)."""
    if i >= len(p):
        raise RegexError("Invalid regular expression")
    start = i
    neg = p[i] == "^"
    if neg:
        i += 1
    items: list[str] = []
    first = True
    while True:
        if i >= len(p):
            raise RegexError("Unmatched [, [^, [:, [., or [=")
        c = p[i]
        if c == "]" and not first:
            i += 1
            break
        first = False
        if c == "[" and i + 1 < len(p) and p[i + 1] in ":=.":
            kind = p[i + 1]
            end = p.find(kind + "]", i + 2)
            if end < 0:
                raise RegexError("Unmatched [, [^, [:, [., or [=")
            name = p[i + 2:end]
            i = end + 2
            if kind == ":":
                if name not in _CLASSES:
                    raise RegexError("Invalid character class name")
                items.append(_CLASSES[name])
                continue
            c = name[:1] or "["
        else:
            i += 1
        if i + 1 < len(p) and p[i] == "-" and p[i + 1] != "]":
            hi = p[i + 1]
            i += 2
            if hi == "[" and i < len(p) and p[i] in ".=":
                end = p.find(p[i] + "]", i + 1)
                hi, i = p[i + 1:end][:1] or "[", end + 2
            if ord(hi) < ord(c):
                raise RegexError("Invalid range end")
            items.append(f"{_cls(c)}-{_cls(hi)}")
        else:
            items.append(_cls(c))
    body = p[start:i - 1]
    if body.startswith(":") and body.endswith(":") and len(body) > 1:
        raise RegexError(f"character class syntax is [[:{body[1:-1]}:]], not [:{body[1:-1]}:]")
    return ("[^" if neg else "[") + "".join(items) + "]", i


def translate(p: str, flavor: str = "bre", offset: int = 0,
              warn: list[str] | None = None) -> tuple[str, int]:
    """Python regex for pattern `p`; flavor is 'bre', 'ere' or 'emacs'.

    `offset` renumbers groups (several patterns joined by |); returns (regex, groups).
    """
    ere = flavor == "ere"
    stack: list[list[tuple[str, bool]]] = [[]]   # atoms (text, quantifiable) per open group
    groups_open: list[int] = []
    closed: set[int] = set()
    ngroups = 0
    i, n = 0, len(p)

    def at_start() -> bool:
        cur = stack[-1]
        return not cur or cur[-1][0] == "|" or (cur[-1][0] == "^" and len(cur) == 1)

    def quantify(q: str, sym: str) -> None:
        cur = stack[-1]
        if at_start() or not cur[-1][1]:
            if ere:
                if warn is not None:
                    warn.append(f"{sym} at start of expression")
                return
            cur.append((re.escape(sym if sym != "{...}" else "{"), True))
            return
        text, _ = cur[-1]
        if text.endswith(("*", "+", "?", "}")) and not text.endswith("\\}") or text in (r"\b", r"\B"):
            text = f"(?:{text})"
        cur[-1] = (text + q, True)

    while i < n:
        c = p[i]
        i += 1
        special = c
        if c == "\\":
            if i >= n:
                raise RegexError("Trailing backslash")
            c = p[i]
            i += 1
            special = "\\" + c
            if ere and c in "(){}|+?":
                stack[-1].append((re.escape(c), True))
                continue
        elif not ere and c in "(){}|+?" and not (flavor == "emacs" and c in "+?"):
            stack[-1].append((re.escape(c), True))
            continue
        cur = stack[-1]
        if special in ("(", "\\(") and (ere or special == "\\("):
            ngroups += 1
            groups_open.append(ngroups)
            stack.append([])
        elif special in (")", "\\)"):
            if not groups_open:
                if ere:
                    cur.append((re.escape(")"), True))
                    continue
                raise RegexError("Unmatched ) or \\)")
            inner = stack.pop()
            closed.add(groups_open.pop())
            stack[-1].append(("(" + "".join(t for t, _ in inner) + ")", True))
        elif special in ("|", "\\|"):
            cur.append(("|", False))
        elif special in ("*", "+", "?", "\\+", "\\?"):
            quantify(special[-1], special[-1])
        elif special in ("{", "\\{"):
            m = _INTERVAL.match(p, i)
            assert m is not None
            j = m.end()
            close = "}" if ere else "\\}"
            if not p.startswith(close, j) or (not m.group(1) and not m.group(2)):
                if ere:
                    cur.append((re.escape("{"), True))
                    continue
                raise RegexError("Unmatched \\{" if not p.startswith(close, j) else "Invalid content of \\{\\}")
            lo, comma, hi = m.group(1), m.group(2), m.group(3)
            if lo and hi and int(hi) < int(lo):
                raise RegexError("Invalid content of \\{\\}")
            if max(int(lo or 0), int(hi or 0)) > 32767:
                raise RegexError("Regular expression too big")
            i = j + len(close)
            quantify("{" + (lo or "0") + (comma or "") + (hi or "") + "}", "{...}")
        elif c == "^" and special == "^":
            if ere or at_start() or flavor == "emacs":
                cur.append(("^", False))
            else:
                cur.append((re.escape("^"), True))
        elif c == "$" and special == "$":
            rest = p[i:]
            if ere or not rest or rest.startswith(("\\)", "\\|")):
                cur.append(("$", False))
            else:
                cur.append((re.escape("$"), True))
        elif special == ".":
            cur.append((".", True))
        elif special == "[":
            cls, i = bracket(p, i)
            cur.append((cls, True))
        elif special[0] == "\\" and c.isdigit() and c != "0":
            k = int(c)
            if k not in closed:
                raise RegexError("Invalid back reference")
            cur.append((f"(?:\\{k + offset})", True))
        elif special[0] == "\\" and c in _ESCAPES:
            cur.append((_ESCAPES[c], c in "wWsS"))
        else:
            cur.append((re.escape(c), True))
    if groups_open:
        raise RegexError("Unmatched ( or \\(")
    return "".join(t for t, _ in stack[0]), ngroups


def compile_patterns(patterns: list[str], flavor: str, fixed: bool = False, icase: bool = False,
                     word: bool = False, line: bool = False, warn: list[str] | None = None,
                     budget: Budget | None = None) -> regexengine.Regex:
    """One Python regex selecting what any of `patterns` selects (grep semantics)."""
    parts: list[str] = []
    total = 0
    for pat in patterns:
        if fixed:
            body = re.escape(pat)
        else:
            body, ng = translate(pat, flavor, total, warn)
            total += ng
        if line:
            body = f"^(?:{body})$"
        elif word:
            body = f"(?<!\\w)(?:{body})(?!\\w)"
        parts.append(f"(?:{body})")
    try:
        return regexengine.compile("|".join(parts), re.IGNORECASE if icase else 0, budget)
    except re.error as exc:  # a construct we translate imperfectly
        raise RegexError("Invalid regular expression") from exc
