"""Builtins that work on variables: export, unset, local, declare/typeset, readonly, let,
shift (read, getopts and mapfile are in read.py, `set` in set.py)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from shelldojo.shell.commands.builtins.util import (
    NAME_RE,
    declare_line,
    scan,
)
from shelldojo.shell.interp import expand, xtrace
from shelldojo.shell.interp.assignment import assign
from shelldojo.shell.interp.state import ExpansionError, Interp, PendingVar, ReadonlyError, Var
from shelldojo.shell.interp.unparse import function_text
from shelldojo.shell.registry import CommandFunc, builtin
from shelldojo.shell.syntax import ast

if TYPE_CHECKING:
    from shelldojo.shell.context import Context


def _lit(text: str) -> ast.Word:
    return ast.Word([ast.SingleQuoted(text)])


def _declare_one(interp: Interp, ctx: Context, cmd: str, arg: str, flags: dict[str, bool],
                 local: bool) -> int:
    """NAME or NAME=VALUE or NAME=(a b) with attribute changes; returns status."""
    st = interp.state
    name, eq, value = arg.partition("=")
    append = name.endswith("+")
    if append:
        name = name[:-1]
    index = None
    if "[" in name and name.endswith("]"):
        name, _, idx = name[:-1].partition("[")
        index = idx
    if not NAME_RE.fullmatch(name):
        interp.error(ctx, f"{cmd}: `{arg}': not a valid identifier")
        return 1
    scope = st.scopes[-1] if local else None
    ref = flags.get("n")
    if ref is not None or (scope is None and getattr(st.lookup_raw(name), "nameref", False)):
        bad = _nameref_error(name, value, eq, ref)
        if bad:
            interp.error(ctx, f"{cmd}: {bad}")
            return 1
        var = scope.get(name) if scope is not None else st.lookup_raw(name)
    else:
        var = scope.get(name) if scope is not None else st.lookup(name)
    if var is None:
        kind = "assoc" if flags.get("A") else "indexed" if flags.get("a") else "scalar"
        old = st.lookup(name) if local else None
        init: str | dict = {} if kind != "scalar" else ""
        if local and old is not None and not eq and kind == "scalar":
            init = ""
        # declared without a value: exists, but expands as unset until assigned
        var = Var(init, kind=kind) if eq else PendingVar(init, kind=kind)
        (scope if scope is not None else st.scopes[0])[name] = var
    elif var.readonly and (eq or flags.get("r") is False):
        interp.error(ctx, f"{name}: readonly variable")
        return 1
    if flags.get("A") and var.kind != "assoc":
        var.kind, var.value = "assoc", {}
    elif flags.get("a") and var.kind == "scalar":
        var.kind, var.value = "indexed", ({0: var.value} if var.value else {})
    if ref is not None:
        var.nameref = ref
        if ref and eq:  # the reference itself is set, not what it refers to
            var.value = value
            eq = ""
    if "i" in flags:
        var.integer = flags["i"]
    if "x" in flags:
        var.exported = flags["x"]
    for letter in "ul":
        if flags.get(letter):
            var.__dict__["case"] = letter
        elif letter in flags and var.__dict__.get("case") == letter:
            del var.__dict__["case"]
    if eq:
        try:
            if value.startswith("(") and value.endswith(")") and index is None:
                words = [_array_word(w) for w in _split_array(value[1:-1])]
                a = ast.Assign(name, None, append=append, array=words)
                assign(interp, ctx, a)
            else:
                idx = _lit(index) if index is not None else None
                assign(interp, ctx, ast.Assign(name, _lit(value), append=append, index=idx))
        except ExpansionError:
            return 1
    if flags.get("r"):
        var.readonly = True
    return 0


def _nameref_error(name: str, value: str, eq: str, ref: bool | None) -> str:
    """bash's complaint about `declare -n NAME=VALUE`, or ''."""
    if not ref or not eq or not value:
        return ""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\[.*\])?", value, re.DOTALL):
        return f"`{value}': invalid variable name for name reference"
    if value == name:
        return f"{name}: nameref variable self references not allowed"
    return ""


def _array_word(text: str) -> ast.Word:
    """One element of an array literal given as text: `[key]=value` keeps its key form."""
    m = re.fullmatch(r"\[([^\]]*)\]=(.*)", text, re.DOTALL)
    if m:
        return ast.Word([ast.Lit(f"[{m.group(1)}]="), ast.SingleQuoted(m.group(2))])
    return _lit(text)


def _split_array(text: str) -> list[str]:
    """Words of an array literal given as an argument (declare a='(...)' / declare -a a=(x y))."""
    import shlex

    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def _in_function(interp: Interp) -> bool:
    return interp.func_depth > 0


def _declare(interp: Interp, ctx: Context, argv: list[str], local: bool = False,
             forced: str = "") -> int:
    cmd = argv[0]
    if local and not _in_function(interp):
        interp.error(ctx, "local: can only be used in a function")
        return 1
    parsed = scan(interp, ctx, argv, "aAfFgiIlnrtuxp", plus=True)
    if isinstance(parsed, int):
        return parsed
    opts, names = parsed
    flags: dict[str, bool] = {c: True for c in forced}
    show = False
    funcs = False
    for o, _ in opts:
        if o == "-p":
            show = True
        elif o in ("-f", "-F"):
            funcs = True
        elif o[1] in "aAirxuln":
            flags[o[1]] = o[0] == "-"
    if funcs:
        return _show_functions(interp, ctx, cmd, names, any(o == "-F" for o, _ in opts))
    if show or (not names and not local):
        return _print_vars(interp, ctx, cmd, names, flags)
    status = 0
    for arg in names:
        status |= _declare_one(interp, ctx, cmd, arg, flags, local or (_in_function(interp) and cmd != "export"
                                                                      and cmd != "readonly"
                                                                      and "g" not in [o[1] for o, _ in opts]))
    return status


def _print_vars(interp: Interp, ctx: Context, cmd: str, names: list[str], flags: dict[str, bool]) -> int:
    st = interp.state
    status = 0
    if names:
        for n in names:
            var = st.lookup_raw(n)  # a name reference shows itself
            if var is None:
                interp.error(ctx, f"{cmd}: {n}: not found")
                status = 1
                continue
            ctx.out(declare_line(n, var) + "\n")
        return status
    allvars: dict[str, Var] = {}
    for scope in st.scopes:
        allvars.update(scope)
    for n in sorted(allvars):
        var = allvars[n]
        if flags.get("x") and not var.exported:
            continue
        if flags.get("r") and not var.readonly:
            continue
        if flags.get("n") and not var.nameref:
            continue
        ctx.out(declare_line(n, var) + "\n")
    return status


def _show_functions(interp: Interp, ctx: Context, cmd: str, names: list[str], only_names: bool) -> int:

    funcs = interp.state.functions
    status = 0
    for n in names or sorted(funcs):
        if n not in funcs:
            status = 1
            continue
        if only_names:
            ctx.out(f"{n}\n" if names else f"declare -f {n}\n")
        else:
            ctx.out(function_text(n, funcs[n]) + "\n")
    return status


@builtin("declare")
def declare(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    return _declare(interp, ctx, argv)


@builtin("typeset")
def typeset(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    return _declare(interp, ctx, argv)


@builtin("local")
def local(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    return _declare(interp, ctx, argv, local=True)


def _traced(func: CommandFunc) -> CommandFunc:
    """export/readonly: after the builtin ran, bash's set -x shows each NAME=VALUE once more."""
    def run(ctx: Context, argv: list[str]) -> int:
        status = func(ctx, argv)
        if "xtrace" in ctx.shell.state.options:
            xtrace.trace_declared(ctx.shell, ctx, argv[1:])  # type: ignore[arg-type]
        return status
    return run


@builtin("export")
@_traced
def export(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    parsed = scan(interp, ctx, argv, "fnp")
    if isinstance(parsed, int):
        return parsed
    opts, names = parsed
    st = interp.state
    if not names or any(o == "-p" for o, _ in opts):
        return _print_vars(interp, ctx, "export", [], {"x": True})
    unexport = any(o == "-n" for o, _ in opts)
    status = 0
    for arg in names:
        name = arg.partition("=")[0].rstrip("+")
        if not NAME_RE.fullmatch(name):
            interp.error(ctx, f"export: `{arg}': not a valid identifier")
            status = 1
            continue
        if "=" in arg and _declare_one(interp, ctx, "export", arg, {}, False):
            status = 1
            continue
        var = st.lookup(name)
        if var is None:
            var = PendingVar("")
            st.scopes[0][name] = var
        var.exported = not unexport
    return status


@builtin("readonly")
@_traced
def readonly(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    parsed = scan(interp, ctx, argv, "aAfp")
    if isinstance(parsed, int):
        return parsed
    opts, names = parsed
    if not names:
        return _print_vars(interp, ctx, "readonly", [], {"r": True})
    flags = {"r": True}
    for o, _ in opts:
        if o[1] in "aA":
            flags[o[1]] = True
    status = 0
    for arg in names:
        status |= _declare_one(interp, ctx, "readonly", arg, flags, False)
    return status


@builtin("unset")
def unset(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    parsed = scan(interp, ctx, argv, "fvn")
    if isinstance(parsed, int):
        return parsed
    opts, names = parsed
    st = interp.state
    funcs_only = any(o == "-f" for o, _ in opts)
    vars_only = any(o == "-v" for o, _ in opts)
    ref = any(o == "-n" for o, _ in opts)  # `unset -n`: the reference itself
    status = 0
    for name in names:
        if funcs_only:
            st.functions.pop(name, None)
            continue
        base, _, idx = name.partition("[")
        if not NAME_RE.fullmatch(base) or (idx and not idx.endswith("]")):
            interp.error(ctx, f"unset: `{name}': not a valid identifier")
            status = 1
            continue
        var = st.lookup_raw(base) if ref else st.lookup(base)
        try:
            if idx and var is not None and isinstance(var.value, dict):
                if var.readonly:
                    raise ReadonlyError(base)
                key: object = idx[:-1]
                if var.kind == "indexed":
                    key = expand.eval_arith(interp, _lit(idx[:-1]))
                var.value.pop(key, None)  # type: ignore[call-overload]
            elif var is not None:
                st.unset(base, ref=ref)
            elif not vars_only:
                st.functions.pop(base, None)
        except ReadonlyError:
            interp.error(ctx, f"unset: {base}: cannot unset: readonly variable")
            status = 1
        except ExpansionError:
            status = 1
    return status


@builtin("let")
def let(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    if len(argv) < 2:
        interp.error(ctx, "let: expression expected")
        return 1
    value = 0
    for arg in argv[1:]:
        try:
            value = expand.eval_arith(interp, _lit(arg), "let: ")
        except ExpansionError:
            return 1
    return 0 if value else 1


@builtin("shift")
def shift(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    st = interp.state
    n = 1
    if len(argv) > 1:
        arg = argv[1]
        try:
            n = int(arg)
        except ValueError:
            interp.error(ctx, f"shift: {arg}: numeric argument required")
            return 1
        if n < 0:
            interp.error(ctx, f"shift: {arg}: shift count out of range")
            return 1
    if n > len(st.positional):
        return 1
    st.positional = st.positional[n:]
    return 0

