"""`set -x`: the trace lines bash writes to stderr before running a command."""
from __future__ import annotations

from typing import TYPE_CHECKING

from shelldojo.shell.interp.state import ExpansionError
from shelldojo.shell.syntax import ast

if TYPE_CHECKING:
    from shelldojo.shell.context import Context
    from shelldojo.shell.interp.executor import Interpreter

_META = set(" \t\n'\"\\|&;()<>!{}*?[]^$`")


def xquote(word: str) -> str:
    """Quote a word as `set -x` shows it."""
    if word == "":
        return "''"
    if not any(c in _META for c in word) and not word.startswith(("~", "#")):
        return word
    return "'" + word.replace("'", "'\\''") + "'"


def trace_words(interp: Interpreter, ctx: Context, words: list[str], quote: bool = True) -> None:
    if words:
        trace(interp, ctx, " ".join(xquote(w) if quote else w for w in words))


def trace(interp: Interpreter, ctx: Context, text: str, ps4: str | None = None) -> None:
    """One `set -x` line: PS4 (expanded; its first character repeated once per level of
    command substitution), then text.  `ps4`: PS4's value to use (before an assignment)."""
    st = interp.state
    ps4 = st.get("PS4") if ps4 is None else ps4
    ps4 = "+ " if ps4 is None else ps4
    if "$" in ps4 or "`" in ps4:
        from shelldojo.shell.interp import expand
        from shelldojo.shell.syntax.parser import Parser
        saved = st.status
        try:
            ps4 = expand.expand_word(interp, Parser("").lx.words.heredoc_word(ps4, st.line))
        except (ExpansionError, ast.ParseError):
            pass
        finally:
            st.status = saved
    if ps4:
        ps4 = ps4[0] * st.xtrace_level + ps4
    ctx.err(ps4 + text + "\n")


def assign_trace(interp: Interpreter, a: ast.Assign, before: str | None) -> str:
    """How `set -x` shows an assignment just made (`before`: the old scalar value)."""
    from shelldojo.shell.interp.redirect import word_text
    op = "+=" if a.append else "="
    if a.array is not None:
        return f"{a.name}{op}(" + " ".join(word_text(w) for w in a.array) + ")"
    st = interp.state
    if a.index is not None:
        from shelldojo.shell.interp.expand_params import element
        try:
            value = element(interp, a.name, a.index) or ""
        except ExpansionError:
            value = ""
        name = f"{a.name}[{word_text(a.index)}]"
    else:
        value, name = st.get(a.name) or "", a.name
        if a.append and before and value.startswith(before):
            value = value[len(before):]
    return name + op + (xquote(value) if value else "")


def trace_declared(interp: Interpreter, ctx: Context, args: list[str]) -> None:
    """bash's set -x shows `export/readonly NAME=VALUE` once more as `NAME=VALUE`."""
    for arg in args:
        name, eq, value = arg.partition("=")
        if eq and name.isidentifier():
            trace(interp, ctx, f"{name}=" + (xquote(value) if value else ""))
