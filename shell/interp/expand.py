"""Word expansion in bash's order: brace, tilde, parameter / command / arithmetic
substitution, word splitting on IFS, pathname expansion, quote removal.

A word first becomes a list of chunks (expand_params.py: tilde, parameter, command and
arithmetic substitution); this module splits them into fields and globs them.
The one-word forms (expand_word, expand_pattern, eval_arith...) are re-exported from there.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from shelldojo.shell.interp import brace, expand_cond, globbing
from shelldojo.shell.interp.expand_base import BRK, GLOB_SPECIAL, SOFT, Chunk, L, Q, ifs, report
from shelldojo.shell.interp.expand_params import (
    bounded,
    eval_arith,
    expand_pattern,
    expand_word,
    replacement_chunks,
    word_chunks,
)
from shelldojo.shell.interp.state import ExpansionError, Interp
from shelldojo.shell.interp.tilde import tilde
from shelldojo.shell.syntax import ast

if TYPE_CHECKING:
    from shelldojo.shell.context import Context

__all__ = ["bounded", "eval_arith", "eval_cond", "expand_pattern", "expand_word", "expand_words",
           "ifs", "replacement_chunks", "word_chunks"]


# ----------------------------------------------------------------------------- public API
def expand_words(interp: Interp, words: list[ast.Word]) -> list[str]:
    """Full expansion of command words into fields."""
    st = interp.state
    out: list[str] = []
    for word in words:
        if "braceexpand" in st.options:
            try:
                braced = brace.expand_word(word, st.limits.max_brace_results)
            except brace.BraceLimit:
                report(interp, "brace expansion: too many results")
                raise ExpansionError(1) from None
        else:
            braced = [word]
        for w in braced:
            w = tilde(interp, w, assignment=False)
            for n, field in enumerate(_split(interp, word_chunks(interp, w, False))):
                if not n & 4095 and n:
                    st.budget.check()
                if sum(len(t) for t, _ in field) > 65536:
                    bounded(interp, "".join(t for t, _ in field))
                out.extend(_glob(interp, field))
    return out


# ----------------------------------------------------------------------------- splitting
Field = list[tuple[str, bool]]   # (text, glob-active)


def _split(interp: Interp, chunks: list[Chunk]) -> list[Field]:
    sep = ifs(interp)
    ws = {c for c in sep if c in " \t\n"}
    other = {c for c in sep if c not in " \t\n"}
    fields: list[Field] = []
    cur: Field = []
    exists = False
    ws_ended = False
    for n, (kind, text) in enumerate(chunks):
        if not n & 4095 and n:  # "${a[@]}" of millions of elements: time, memory, Ctrl-C
            interp.state.budget.check()
        if kind == BRK:
            fields.append(cur)
            cur, exists, ws_ended = [], False, False
        elif kind == SOFT:
            if exists:
                fields.append(cur)
            cur, exists, ws_ended = [], False, False
        elif kind == Q:
            cur.append((text, False))
            exists, ws_ended = True, False
        elif kind == L:
            if text:
                cur.append((text, True))
                exists, ws_ended = True, False
        else:
            buf: list[str] = []
            for c in text:
                if c in ws:
                    if buf:
                        cur.append(("".join(buf), True))
                        buf = []
                    if exists:
                        fields.append(cur)
                        cur, exists = [], False
                        ws_ended = True
                elif c in other:
                    if buf:
                        cur.append(("".join(buf), True))
                        buf = []
                    if ws_ended and not exists:
                        ws_ended = False
                        continue
                    fields.append(cur)
                    cur, exists, ws_ended = [], False, False
                else:
                    buf.append(c)
                    exists, ws_ended = True, False
            if buf:
                cur.append(("".join(buf), True))
    if exists:
        fields.append(cur)
    return fields


def _glob(interp: Interp, field: Field) -> list[str]:
    plain = "".join(t for t, _ in field)
    st = interp.state
    magic = "*?[(" if "extglob" in st.options else "*?["
    if "noglob" in st.options or not any(a and any(c in magic for c in t) for t, a in field):
        return [plain]
    pat = "".join(t if a else "".join("\\" + c if c in GLOB_SPECIAL else c for c in t) for t, a in field)
    if not globbing.has_magic(pat, "extglob" in st.options):
        return [plain]
    matches = globbing.expand(st.machine.vfs, st.cwd, pat, st.options)
    if matches:
        return matches
    if "nullglob" in st.options:
        return []
    if "failglob" in st.options:
        # bash abandons the command (and the rest of the line)
        interp.error(None, f"no match: {plain}")  # type: ignore[arg-type]
        raise ExpansionError(1)
    return [plain]


# ----------------------------------------------------------------------------- [[ ]]
def eval_cond(interp: Interp, ctx: Context | None, expr: ast.CondExpr) -> int:
    return expand_cond.evaluate(interp, ctx, expr)


# The builtins register themselves on import; the executor imports this module.
