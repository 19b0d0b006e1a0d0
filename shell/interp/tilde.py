"""Tilde expansion: ~, ~user, ~+, ~- at the start of a word (and after `:` in assignments)."""
from __future__ import annotations

import re

from shelldojo.filesystem import accounts
from shelldojo.shell.interp.state import Interp
from shelldojo.shell.syntax import ast


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


_ASSIGN_LIKE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\[[^]]*\])?\+?=")


def tilde(interp: Interp, word: ast.Word, assignment: bool) -> ast.Word:
    parts = word.parts
    if not parts or not isinstance(parts[0], ast.Lit):
        return word
    text = parts[0].text
    # bash (not in posix mode) expands a word that looks like an assignment as one: `echo a=~`
    like = None if assignment else _ASSIGN_LIKE.match(text)
    value_at = like.end() if like else 0
    assignment = assignment or like is not None
    if not (text.startswith("~", value_at) or (assignment and ":~" in text[value_at:])):
        return word
    more = len(parts) > 1
    pieces: list[ast.WordPart] = []
    starts = [value_at] if text.startswith("~", value_at) else []
    if assignment:
        starts += [m.start() + 1 for m in re.finditer(":~", text) if m.start() >= value_at]
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
