"""jq 1.6's regex builtins (test, match, capture, scan, split/2, splits, sub, gsub) over the
project's bounded regex engine (shell/regexengine.py): Oniguruma's syntax read as Python's."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from shelldojo.shell import regexengine
from shelldojo.shell.packages.jq_eval import BUDGET, Call, Pair
from shelldojo.shell.packages.jq_json import desc, kind
from shelldojo.shell.packages.jq_lex import JqError

REGEX: dict[tuple[str, int], Callable[[Call], Iterator[Pair]]] = {}
_FLAGS = {"i": re.IGNORECASE, "x": re.VERBOSE, "s": re.DOTALL, "g": 0, "n": 0, "l": 0, "p": re.DOTALL}


def _compile(pattern: Any, flags: Any) -> tuple[Any, re.Pattern[str], bool, bool]:
    if not isinstance(pattern, str):
        raise JqError(f"{desc(pattern)} cannot be matched, as it is not a string")
    if flags is not None and not isinstance(flags, str):
        raise JqError(f"{desc(flags)} is not a string")
    bits = 0
    for ch in flags or "":
        if ch not in _FLAGS:
            raise JqError(f"{flags} is not a valid modifier string")
        bits |= _FLAGS[ch]
    py = re.sub(r"\(\?<([A-Za-z_][A-Za-z0-9_]*)>", r"(?P<\1>", pattern)
    try:
        plain = re.compile(py, bits)
    except re.error as exc:
        raise JqError(f"{pattern} (at offset {exc.pos or 0}) is not a valid regex: {exc.msg}") from None
    return (regexengine.compile(py, bits, BUDGET.get()), plain, "g" in (flags or ""),
            "n" in (flags or "") or "p" in (flags or ""))


def _matches(text: Any, pattern: Any, flags: Any, test: bool = False) -> Iterator[dict]:
    if not isinstance(text, str):
        raise JqError(f"{desc(text)} cannot be matched, as it is not a string")
    rx, plain, glob, skip_empty = _compile(pattern, flags)
    names = {i: n for n, i in plain.groupindex.items()}
    start = 0
    while (m := rx.search(text, start)) is not None:
        # jq 1.6's loop: after an empty match it searches again one further on from where it
        # started, and it never searches from the end of the text (but for an empty text)
        start = start + 1 if m.end() == m.start() else m.end()
        if skip_empty and m.end() == m.start():
            if not glob or start >= len(text):
                return
            continue
        caps = []
        for g in range(1, plain.groups + 1):
            s = m.group(g)
            caps.append({"offset": float(m.start(g)) if s is not None else -1.0,
                         "length": float(len(s)) if s is not None else 0.0,
                         "string": s, "name": names.get(g)})
        yield {"offset": float(m.start()), "length": float(m.end() - m.start()),
               "string": m.group(0), "captures": caps}
        if not glob or test or start >= len(text):
            return


def _args(c: Call, arity: int) -> Iterator[tuple[Any, Any]]:
    """(regex, flags) from `f(re; flags)` or from `f(re)` where re may be [re, flags]."""
    if arity == 2:
        for flags in c.vals(1):
            for pattern in c.vals(0):
                yield pattern, flags
        return
    for val in c.vals(0):
        if isinstance(val, list) and val:
            yield val[0], val[1] if len(val) > 1 else None
        elif isinstance(val, str):
            yield val, None
        else:
            raise JqError(f"{kind(val)} not a string or array")


def _register(name: str, arities: tuple[int, ...]) -> Callable:
    def wrap(fn: Callable[[Any, Any, Any], Iterator[Any]]) -> Callable:
        for arity in arities:
            def run(c: Call, arity: int = arity) -> Iterator[Pair]:
                for pattern, flags in _args(c, arity):
                    for out in fn(c.v, pattern, flags):
                        yield c.nonpath(out)
            REGEX[(name, arity)] = run
        return fn
    return wrap


@_register("test", (1, 2))
def _test(v: Any, pattern: Any, flags: Any) -> Iterator[Any]:
    yield any(True for _ in _matches(v, pattern, flags, test=True))


@_register("match", (1, 2))
def _match(v: Any, pattern: Any, flags: Any) -> Iterator[Any]:
    yield from _matches(v, pattern, flags)


def _capture_object(m: dict) -> dict:
    return {c["name"]: c["string"] for c in m["captures"] if c["name"] is not None}


@_register("capture", (1, 2))
def _capture(v: Any, pattern: Any, flags: Any) -> Iterator[Any]:
    for m in _matches(v, pattern, flags):
        yield _capture_object(m)


@_register("scan", (1,))
def _scan(v: Any, pattern: Any, flags: Any) -> Iterator[Any]:
    for m in _matches(v, pattern, (flags or "") + "g"):
        yield [c["string"] for c in m["captures"]] if m["captures"] else m["string"]


def _split_all(v: Any, pattern: Any, flags: Any) -> list:
    out, last = [], 0
    for m in _matches(v, pattern, (flags or "") + "g"):
        start = int(m["offset"])
        out.append(v[last:start])
        last = start + int(m["length"])
    out.append(v[last:] if isinstance(v, str) else v)
    return out


REGEX[("split", 2)] = lambda c: (c.nonpath(_split_all(c.v, p, f)) for f in c.vals(1) for p in c.vals(0))


@_register("splits", (1, 2))
def _splits(v: Any, pattern: Any, flags: Any) -> Iterator[Any]:
    yield from _split_all(v, pattern, flags)


def _sub(c: Call, glob: bool, arity: int) -> Iterator[Pair]:
    flag_values = list(c.vals(2)) if arity == 3 else [None]
    for flags in flag_values:
        for pattern in c.vals(0):
            text = c.v
            if not isinstance(text, str):
                raise JqError(f"{desc(text)} cannot be matched, as it is not a string")
            found = list(_matches(text, pattern, (flags or "") + ("g" if glob else "")))
            out, last = [], 0
            for m in found:
                start = int(m["offset"])
                repl = next(iter(c.vals(1, _capture_object(m), True)), None)
                if not isinstance(repl, str):
                    raise JqError(f"{desc(_concat_error(out, text[last:start]))} and {desc(repl)} "
                                  "cannot be added")
                out.append(text[last:start] + repl)
                last = start + int(m["length"])
            out.append(text[last:])
            yield c.nonpath("".join(out))


def _concat_error(out: list, head: str) -> str:
    return "".join(out) + head


for _arity in (2, 3):
    REGEX[("sub", _arity)] = lambda c, a=_arity: _sub(c, False, a)
    REGEX[("gsub", _arity)] = lambda c, a=_arity: _sub(c, True, a)
