"""One regex engine for every command: no match may run unbounded.

Commands translate their dialect (BRE, ERE, emacs, bash's ERE) to Python `re` syntax as before
and compile it here.  `re` checks the pattern (so errors stay what they were); each match then
runs on the first engine that is both bounded and exact for that pattern and text:

- Python's `re` itself when its backtracking is provably cheap: the pattern's shape (how many
  quantifiers and alternatives follow one another, no nested repetition) bounds its steps by
  factor * n**(exponent + 1), so texts up to a computed length stay on `re` (the common case:
  short lines, where `re` is the fastest of the three);
- RE2 (google-re2, automata, linear time) for everything else it can express, so `(a*)*b`
  over 100,000 characters answers at once, as GNU grep's DFA does;
- the `regex` module (back-references, lookarounds, RE2's size limit, Unicode `\b` on non-ASCII
  text, invalid UTF-8, `$` before a final newline) with a timeout: each call gets at most
  SLICE_S and never more than the command line's remaining time, so Ctrl-C
  (`budget.cancelled`, set asynchronously) is seen within a second, and a match that needs more
  ends the command line through the budget (`shelldojo: ... exceeded`, status 124).

RE2 is only used where it gives Python's answer (leftmost-first alternation, Unicode `\\w` `\\s`
`\\d`, case folding, finditer's empty matches), so every command keeps its behaviour.
"""
from __future__ import annotations

import functools
import re
import time
import warnings
from collections.abc import Callable, Iterator
from re import _parser as sre_parse
from typing import Any, Protocol

from shelldojo.shell.budget import Budget, LimitExceeded
from shelldojo.shell.regexengine_shape import (
    RE2_SPELLING,
    RX_SPELLING,
    Exponential,
    Unsupported,
    respell,
    shape,
)

STEPS = 500_000   # backtracking steps Python's `re` may take on one call (a few ms)
SLICE_S = 0.25  # longest one backtracking call may run (the `regex` module overshoots by up to 2x)

_FLAGS = ((re.IGNORECASE, "i", "IGNORECASE"), (re.MULTILINE, "m", "MULTILINE"), (re.DOTALL, "s", "DOTALL"))
_UNANCHORED, _ANCHOR_START, _ANCHOR_BOTH = 0, 1, 2


@functools.cache
def _re2() -> Any:
    """RE2 and its anchors, imported when a long subject first needs them (not at start-up)."""
    import re2
    return re2, (re2._Anchor.UNANCHORED, re2._Anchor.ANCHOR_START, re2._Anchor.ANCHOR_BOTH)


def _to_re2(p: str) -> tuple[str, bool]:
    """RE2 syntax for Python pattern `p` (already valid for `re`); (pattern, ascii_only).

    ascii_only: `\\b`/`\\B` are ASCII in RE2, Unicode in Python, so use RE2 on ASCII text only.
    """
    return respell(p, RE2_SPELLING)


def _short_limit(pattern: str, flags: int) -> int:
    """Longest text Python's `re` may search with this pattern within STEPS (-1: never)."""
    try:
        e, f = shape(sre_parse.parse(pattern, flags))
    except (Exponential, RecursionError):
        return -1
    except Exception:   # noqa: BLE001 - a private parser: when in doubt, not `re`
        return -1
    return int((STEPS / f) ** (1 / (e + 1))) if f < STEPS else -1


class _Program:
    """A compiled pattern: Python's `re` for short texts, RE2, and the bounded `regex` module."""

    def __init__(self, pattern: str, flags: int) -> None:
        with warnings.catch_warnings():   # e.g. "Possible nested set": never to the user
            warnings.simplefilter("ignore")
            self.py = re.compile(pattern, flags)   # raises re.error as callers expect
            self.short = _short_limit(pattern, flags)
        self.groups = self.py.groups
        self.groupindex = dict(self.py.groupindex)
        self._fast: Any = None
        self._fast_built = False
        self.ascii_only = False
        # Python's `$` also matches before a final newline; RE2's does not (multiline aside)
        self.dollar = not flags & re.MULTILINE and "$" in pattern
        self._slow: Any = None
        self.pattern, self.flags = pattern, flags

    @property
    def fast(self) -> Any:
        """The RE2 program, built on first use; None when RE2 cannot give Python's answer."""
        if not self._fast_built:
            self._fast_built = True
            try:
                body: str | None
                body, self.ascii_only = _to_re2(self.pattern)
            except Unsupported:
                body = None
            if body is not None:
                re2 = _re2()[0]
                opts = re2.Options()
                opts.log_errors = False   # RE2 logs rejected patterns to the host's stderr
                inline = "".join(ch for flag, ch, _ in _FLAGS if self.flags & flag)
                try:
                    fast = re2._re2.RE2(((f"(?{inline})" if inline else "") + body).encode(), opts)
                    if fast.ok() and fast.NumberOfCapturingGroups() == self.groups:
                        self._fast = fast
                except Exception:   # noqa: BLE001 - any refusal sends the pattern to the bounded path
                    self._fast = None
        return self._fast

    @property
    def slow(self) -> Any:
        if self._slow is None:
            import regex  # the bounded path: imported when a pattern first needs it
            rflags = 0
            for flag, _, rflag in _FLAGS:
                if self.flags & flag:
                    rflags |= getattr(regex, rflag)
            self._slow = regex.compile(respell(self.pattern, RX_SPELLING)[0], rflags)
        return self._slow


@functools.lru_cache(maxsize=256)
def _program(pattern: str, flags: int) -> _Program:
    return _Program(pattern, flags)


class MatchLike(Protocol):
    def start(self, group: int = 0) -> int: ...
    def end(self, group: int = 0) -> int: ...
    def span(self, group: int = 0) -> tuple[int, int]: ...
    def group(self, *groups: int | str) -> Any: ...
    def groups(self, default: Any = None) -> tuple[Any, ...]: ...


class Match:
    """An RE2 match with the parts of re.Match the commands use (offsets in characters)."""

    __slots__ = ("_index", "_spans", "string")

    def __init__(self, string: str, spans: list[tuple[int, int]], index: dict[str, int]) -> None:
        self.string, self._spans, self._index = string, spans, index

    def _g(self, g: int | str) -> int:
        return self._index[g] if isinstance(g, str) else g

    def span(self, group: int | str = 0) -> tuple[int, int]:
        return self._spans[self._g(group)]

    def start(self, group: int | str = 0) -> int:
        return self._spans[self._g(group)][0]

    def end(self, group: int | str = 0) -> int:
        return self._spans[self._g(group)][1]

    def _text(self, g: int | str) -> str | None:
        a, b = self._spans[self._g(g)]
        return None if a < 0 else self.string[a:b]

    def group(self, *groups: int | str) -> Any:
        if len(groups) <= 1:
            return self._text(groups[0] if groups else 0)
        return tuple(self._text(g) for g in groups)

    def __getitem__(self, g: int | str) -> str | None:
        return self._text(g)

    def groups(self, default: Any = None) -> tuple[Any, ...]:
        return tuple(default if t is None else t for t in (self._text(i) for i in range(1, len(self._spans))))

    @property
    def lastindex(self) -> int | None:
        best = None
        for i in range(1, len(self._spans)):
            if self._spans[i][0] >= 0 and (best is None or self._spans[i][1] >= self._spans[best][1]):
                best = i
        return best




class Regex:
    """A compiled pattern bound to a command line's budget; the subset of re.Pattern commands use."""

    __slots__ = ("_prog", "budget", "flags", "groupindex", "groups", "pattern")

    def __init__(self, prog: _Program, budget: Budget | None) -> None:
        self._prog, self.budget = prog, budget
        self.pattern, self.groups, self.groupindex, self.flags = prog.pattern, prog.groups, prog.groupindex, prog.flags

    # -- the bounded path ------------------------------------------------------------------------
    def _bounded(self, call: Callable[..., Any], *args: Any) -> Any:
        budget = self.budget
        timeout = SLICE_S
        if budget is not None:
            budget.check()
            timeout = max(0.001, min(SLICE_S, budget.deadline - time.monotonic()))
        try:
            return call(*args, timeout=timeout)
        except TimeoutError:
            if budget is not None:
                budget.check()   # the deadline or Ctrl-C, if that is what ended the call
            exc = LimitExceeded(f"regular expression time exceeded ({SLICE_S:g}s per backtracking match)")
            if budget is not None:
                budget.cancel(exc)
            raise exc from None

    def _fast(self, text: str) -> bytes | None:
        """The UTF-8 text RE2 should search, or None when RE2 would not give Python's answer."""
        prog = self._prog
        if prog.fast is None or prog.dollar and text.endswith("\n"):
            return None
        try:
            data = text.encode()
        except UnicodeEncodeError:   # invalid UTF-8 (surrogateescape): RE2's `.` would skip it
            return None
        if prog.ascii_only and len(data) != len(text):
            return None
        return data

    def _iter(self, anchor: int, text: str, data: bytes, pos: int, endpos: int) -> Iterator[Match]:
        """Matches as Python's finditer finds them (an empty match may follow a non-empty one)."""
        fast, index = self._prog.fast, self.groupindex
        same = len(data) == len(text)   # every character is one byte: offsets agree
        bpos = pos if same else len(text[:pos].encode("utf-8", "surrogateescape"))
        bend = endpos if same else bpos + len(text[pos:endpos].encode("utf-8", "surrogateescape"))
        # byte offset -> character offset, converted incrementally (offsets mostly grow)
        cache_b, cache_c = bpos, pos
        budget, found = self.budget, 0
        re2_anchor = _re2()[1][anchor]
        while True:
            found += 1
            if budget is not None and not found & 1023:
                budget.check()   # millions of matches (gsub over a huge line): time, Ctrl-C, memory
            raw = fast.Match(re2_anchor, data, bpos, bend)
            if raw[0][0] < 0:
                return
            spans = raw
            if not same:
                conv: dict[int, int] = {}
                for off in sorted({o for s in raw for o in s if o >= 0}):
                    if off < cache_b:
                        conv[off] = len(data[:off].decode("utf-8", "surrogateescape"))
                        continue
                    cache_c += len(data[cache_b:off].decode("utf-8", "surrogateescape"))
                    cache_b = off
                    conv[off] = cache_c
                spans = [(conv[a], conv[b]) if a >= 0 else (-1, -1) for a, b in raw]
            yield Match(text, spans, index)
            start, bpos = raw[0]
            if anchor != _UNANCHORED or bpos == bend and start == bpos:
                return
            if start == bpos:   # an empty match: the next one starts a character further
                bpos += 1 if same else _char_len(data, bpos)

    def _run(self, anchor: int, text: str, pos: int, endpos: int | None) -> MatchLike | None:
        prog = self._prog
        end = len(text) if endpos is None else max(0, min(endpos, len(text)))
        if len(text) <= prog.short:
            eng = prog.py
        else:
            data = self._fast(text)
            if data is not None:
                pos = max(0, min(pos, len(text)))
                return None if pos > end else next(self._iter(anchor, text, data, pos, end), None)
            eng = prog.slow
        call = eng.search if anchor == _UNANCHORED else eng.match if anchor == _ANCHOR_START else eng.fullmatch
        return call(text, pos, end) if eng is prog.py else self._bounded(call, text, pos, end)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> MatchLike | None:
        if len(text) <= self._prog.short and endpos is None:
            return self._prog.py.search(text, pos)   # the common case, kept short
        return self._run(_UNANCHORED, text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> MatchLike | None:
        if len(text) <= self._prog.short and endpos is None:
            return self._prog.py.match(text, pos)   # find -name: once per file, kept short
        return self._run(_ANCHOR_START, text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None) -> MatchLike | None:
        if len(text) <= self._prog.short and endpos is None:
            return self._prog.py.fullmatch(text, pos)
        return self._run(_ANCHOR_BOTH, text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[MatchLike]:
        prog = self._prog
        end = len(text) if endpos is None else max(0, min(endpos, len(text)))
        if len(text) <= prog.short:
            return prog.py.finditer(text, pos, end)
        data = self._fast(text)
        if data is None:   # all at once, so the timeout measures matching, not the consumer
            return iter(self._bounded(lambda *a, **k: list(prog.slow.finditer(*a, **k)), text, pos, end))
        pos = max(0, min(pos, len(text)))
        if pos > end:
            return iter(())
        return self._iter(_UNANCHORED, text, data, pos, end)

    def findall(self, text: str) -> list[Any]:
        out: list[Any] = []
        for m in self.finditer(text):
            out.append(m.group() if not self.groups else m.group(1) if self.groups == 1 else m.groups(""))
        return out

    def split(self, text: str, maxsplit: int = 0) -> list[str | None]:
        if len(text) <= self._prog.short:
            return self._prog.py.split(text, maxsplit)
        pieces: list[str | None] = []
        last = 0
        for k, m in enumerate(self.finditer(text)):
            if maxsplit and k >= maxsplit:
                break
            pieces.append(text[last:m.start()])
            pieces.extend(m.group(g) for g in range(1, self.groups + 1))
            last = m.end()
        pieces.append(text[last:])
        return pieces

    def subn(self, repl: Callable[[Any], str], text: str, count: int = 0) -> tuple[str, int]:
        """re.subn with a function as replacement."""
        if len(text) <= self._prog.short:
            return self._prog.py.subn(repl, text, count)
        out: list[str] = []
        last = done = 0
        for m in self.finditer(text):
            if count and done >= count:
                break
            out.append(text[last:m.start()])
            out.append(repl(m))
            last = m.end()
            done += 1
        out.append(text[last:])
        return "".join(out), done

    def sub(self, repl: Callable[[Any], str], text: str, count: int = 0) -> str:
        return self.subn(repl, text, count)[0]


def _char_len(data: bytes, at: int) -> int:
    """Bytes of the character at `at` (a stray byte counts as one, as surrogateescape reads it)."""
    return len(data[at:at + 4].decode("utf-8", "surrogateescape")[:1].encode("utf-8", "surrogateescape"))


def compile(pattern: str, flags: int = 0, budget: Budget | None = None) -> Regex:
    """Compile a Python-syntax pattern; raises re.error exactly when re.compile would."""
    return Regex(_program(pattern, flags), budget)
