"""Word expansion in bash's order: brace, tilde, parameter / command / arithmetic
substitution, word splitting on IFS, pathname expansion, quote removal.

A word first becomes a list of chunks (kind, text): Q quoted text (never split or
globbed), L unquoted literal source text (globbed, never split), E unquoted expansion
result (split and globbed), BRK / SOFT field breaks between the elements of "$@" / $@.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from shelldojo.filesystem import accounts
from shelldojo.shell.budget import LimitExceeded
from shelldojo.shell.interp import brace
from shelldojo.shell.interp.expand_params import BRK, SOFT, Chunk, E, L, Q, expand_param, ifs, report
from shelldojo.shell.interp.state import ExpansionError, Interp, ReadonlyError
from shelldojo.shell.syntax import ast

if TYPE_CHECKING:
    from shelldojo.shell.context import Context

_GLOB_SPECIAL = set("*?[]\\()|@!+")  # ()|@!+: extglob lists
_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


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
            w = _tilde(interp, w, assignment=False)
            for n, field in enumerate(_split(interp, word_chunks(interp, w, False))):
                if not n & 4095 and n:
                    st.budget.check()
                if sum(len(t) for t, _ in field) > 65536:
                    bounded(interp, "".join(t for t, _ in field))
                out.extend(_glob(interp, field))
    return out


def expand_word(interp: Interp, word: ast.Word, assignment: bool = False) -> str:
    """One string: no splitting, no globbing ("$@" joined by spaces)."""
    chunks = word_chunks(interp, _tilde(interp, word, assignment), False)
    return bounded(interp, "".join(" " if k in (BRK, SOFT) else t for k, t in chunks))


def bounded(interp: Interp, text: str) -> str:
    """Limits.max_word_bytes on one word or variable value (x=$x$x doubles fast)."""
    limit = interp.state.limits.max_word_bytes
    if len(text) > limit:
        raise LimitExceeded(f"word too long (more than {limit} bytes in one word or variable)")
    return text


def expand_pattern(interp: Interp, word: ast.Word) -> str:
    """A pattern: quoted characters backslash-escaped, unquoted ones active."""
    chunks = word_chunks(interp, _tilde(interp, word, False), False)
    parts = []
    for kind, text in chunks:
        if kind == Q:
            parts.append("".join("\\" + c if c in _GLOB_SPECIAL else c for c in text))
        elif kind in (BRK, SOFT):
            parts.append(" ")
        else:
            parts.append(text)
    return "".join(parts)


def replacement_chunks(interp: Interp, word: ast.Word | None) -> list[Chunk]:
    """The replacement of ${x/p/r}: unquoted `&` stands for the match (patsub_replacement)."""
    if word is None:
        return []
    return word_chunks(interp, word, False)


def eval_arith(interp: Interp, word: ast.Word, where: str = "") -> int:
    """Evaluate `word` arithmetically; `where` names the caller in messages ("((: ", "let: ")."""
    from shelldojo.shell.interp import arith

    text = expand_word(interp, word)
    try:
        return arith.evaluate(text, _ArithEnv(interp))
    except arith.ArithError as exc:
        report(interp, where + str(exc.args[0] if exc.args else exc))
        raise ExpansionError(1) from None
    except ReadonlyError as exc:
        report(interp, str(exc))
        raise ExpansionError(1) from None


class _ArithEnv:
    def __init__(self, interp: Interp) -> None:
        self.interp = interp

    def get(self, name: str) -> str | None:
        m = re.fullmatch(r"([A-Za-z_][A-Za-z_0-9]*)\[(.*)\]", name)
        if m:
            from shelldojo.shell.interp.expand_params import element
            return element(self.interp, m.group(1), ast.Word([ast.Lit(m.group(2))]))
        from shelldojo.shell.interp.expand_params import special_value
        return special_value(self.interp, name)

    def set(self, name: str, value: str) -> None:
        m = re.fullmatch(r"([A-Za-z_][A-Za-z_0-9]*)\[(.*)\]", name)
        if m:
            from shelldojo.shell.interp.assignment import (
                set_element,  # assignment expands: imported when used
            )
            set_element(self.interp, m.group(1), ast.Word([ast.Lit(m.group(2))]), value)
        else:
            self.interp.state.set(name, value)


# ----------------------------------------------------------------------------- chunks
def word_chunks(interp: Interp, word: ast.Word, quoted: bool) -> list[Chunk]:
    out: list[Chunk] = []
    for part in word.parts:
        out.extend(_part_chunks(interp, part, quoted))
    return out


def _has_at(parts: list[ast.WordPart]) -> bool:
    for p in parts:
        if isinstance(p, ast.ParamSub) and (p.name == "@" or (p.index is not None and p.index.literal() == "@")):
            return True
    return False


def _part_chunks(interp: Interp, part: ast.WordPart, quoted: bool) -> list[Chunk]:
    if isinstance(part, ast.Lit):
        return [(Q if quoted else L, part.text)]
    if isinstance(part, (ast.Escaped, ast.SingleQuoted)):
        return [(Q, part.text)]
    if isinstance(part, ast.DoubleQuoted):
        out: list[Chunk] = [] if _has_at(part.parts) else [(Q, "")]
        for sub in part.parts:
            out.extend(_part_chunks(interp, sub, True))
        return out
    if isinstance(part, ast.ParamSub):
        return expand_param(interp, part, quoted)
    if isinstance(part, ast.CommandSub):
        status, data = _read_only_sub(interp, part.body) or interp.capture(part.body)
        interp.state.status = status
        text = data.decode("utf-8", "surrogateescape").rstrip("\n").replace("\0", "")
        return [(Q if quoted else E, text)]
    if isinstance(part, ast.ArithSub):
        return [(Q if quoted else E, str(eval_arith(interp, part.expr)))]
    return []


def _read_only_sub(interp: Interp, body: ast.Command) -> tuple[int, bytes] | None:
    """$(< file): bash reads the file itself instead of running a command."""
    if isinstance(body, ast.CommandList) and len(body.items) == 1:
        body = body.items[0]
    if not (isinstance(body, ast.SimpleCommand) and not body.words and not body.assigns
            and len(body.redirects) == 1 and body.redirects[0].op == "<"
            and body.redirects[0].fd in (None, 0)):
        return None
    from shelldojo.filesystem import strerror

    name = expand_word(interp, body.redirects[0].target)
    st = interp.state
    path = name if name.startswith("/") else st.cwd.rstrip("/") + "/" + name
    status, data = 0, b""
    try:
        if not st.machine.vfs.isdir(path):  # bash reads nothing from a directory, silently
            data = st.machine.vfs.read_bytes(path)
    except OSError as exc:
        interp.error(None, f"{name}: {strerror(exc)}")  # type: ignore[arg-type]
        status = 1
    if hasattr(interp, "last_sub_status"):
        interp.last_sub_status = status  # type: ignore[attr-defined]
    return status, data


# ----------------------------------------------------------------------------- tilde
def _home_of(interp: Interp, name: str) -> str | None:
    st = interp.state
    if name == "":
        home = st.get("HOME")
        if home is not None:
            return home
        user = accounts.user_by_uid(st.machine.vfs, st.creds.uid)
        return user.home if user else None
    if name == "+":
        return st.get("PWD")
    if name == "-":
        return st.get("OLDPWD")
    user = accounts.user_by_name(st.machine.vfs, name)
    return user.home if user else None


def _tilde(interp: Interp, word: ast.Word, assignment: bool) -> ast.Word:
    parts = word.parts
    if not parts or not isinstance(parts[0], ast.Lit):
        return word
    if not (parts[0].text.startswith("~") or (assignment and ":~" in parts[0].text)):
        return word
    text = parts[0].text
    more = len(parts) > 1
    pieces: list[ast.WordPart] = []
    starts = [0] if text.startswith("~") else []
    if assignment:
        starts += [m.start() + 1 for m in re.finditer(":~", text)]
    pos = 0
    for s in starts:
        stops = [i for i in (text.find("/", s), text.find(":", s) if assignment else -1) if i >= 0]
        end = min(stops) if stops else len(text)
        if end == len(text) and more:
            continue
        home = _home_of(interp, text[s + 1:end])
        if home is None:
            continue
        if s > pos:
            pieces.append(ast.Lit(text[pos:s]))
        pieces.append(ast.SingleQuoted(home))
        pos = end
    if pos == 0 and not pieces:
        return word
    if pos < len(text):
        pieces.append(ast.Lit(text[pos:]))
    return ast.Word(pieces + list(parts[1:]))


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
    from shelldojo.shell.interp import globbing

    plain = "".join(t for t, _ in field)
    st = interp.state
    magic = "*?[(" if "extglob" in st.options else "*?["
    if "noglob" in st.options or not any(a and any(c in magic for c in t) for t, a in field):
        return [plain]
    pat = "".join(t if a else "".join("\\" + c if c in _GLOB_SPECIAL else c for c in t) for t, a in field)
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
    from shelldojo.shell.interp import expand_cond

    return expand_cond.evaluate(interp, ctx, expr)


# The builtins register themselves on import; the executor imports this module.
