"""Variable assignment: NAME=, NAME+=, NAME[i]=, NAME=(...), with declare's -i/-u/-l attributes.

The value is expanded as an assignment word (shell.interp.expand); an integer variable's value
and an indexed array's subscript are evaluated arithmetically.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from shelldojo.shell.interp.expand import expand_words
from shelldojo.shell.interp.expand_base import case_attr
from shelldojo.shell.interp.expand_params import bounded, element, eval_arith, expand_word, set_element
from shelldojo.shell.interp.state import ExpansionError, Interp, ReadonlyError, Var
from shelldojo.shell.syntax import ast

if TYPE_CHECKING:
    from shelldojo.shell.context import Context


def assign(interp: Interp, ctx: Context | None, a: ast.Assign) -> None:
    """NAME=, NAME+=, NAME[i]=, NAME=(...); a readonly name prints an error (status 1)."""
    st = interp.state
    try:
        if a.array is not None:
            _assign_array(interp, a)
        elif a.index is not None:
            value = expand_word(interp, a.value, assignment=True) if a.value else ""
            if a.append:
                value = (element(interp, a.name, a.index) or "") + value
            set_element(interp, a.name, a.index, value)
        else:
            value = expand_word(interp, a.value, assignment=True) if a.value else ""
            var = st.lookup(a.name)
            if var is not None and var.integer:
                value = str(_int_value(interp, value))
                if a.append:
                    value = str(int(var.scalar() or "0") + int(value))
            elif a.append and var is not None:
                value = bounded(interp, var.scalar() + value)
            value = case_attr(var, value)
            st.set(a.name, value)
            if "allexport" in st.options:
                st.set(a.name, value, export=True)
    except ReadonlyError as exc:
        interp.error(ctx, str(exc))  # type: ignore[arg-type]
        raise ExpansionError(1) from None


def _int_value(interp: Interp, text: str) -> int:
    return eval_arith(interp, ast.Word([ast.Lit(text)]))


def _assign_array(interp: Interp, a: ast.Assign) -> None:
    st = interp.state
    var = st.lookup(a.name)
    if var is not None and var.readonly:
        raise ReadonlyError(a.name)
    assoc = var is not None and var.kind == "assoc"
    new: dict = {}
    if a.append and var is not None:
        new = dict(var.value) if isinstance(var.value, dict) else {0: var.value}
    nxt = (max(new) + 1) if new and not assoc else 0
    for word in a.array or []:
        lit = word.parts[0] if word.parts else None
        if isinstance(lit, ast.Lit) and lit.text.startswith("[") and "]=" in "".join(
                p.text for p in word.parts if isinstance(p, ast.Lit)):
            text = expand_word(interp, word)
            key, _, value = text[1:].partition("]=")
            if assoc:
                new[key] = value
            else:
                nxt = _int_value(interp, key)
                new[nxt] = value
                nxt += 1
            continue
        for value in expand_words(interp, [word]):
            if assoc:
                new[value] = ""
            else:
                new[nxt] = value
                nxt += 1
    if var is None:
        var = Var(new, kind="indexed")
        st.scopes[0][a.name] = var
    else:
        var.value = new
        if var.kind == "scalar":
            var.kind = "indexed"
