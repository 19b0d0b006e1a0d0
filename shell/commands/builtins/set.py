"""The `set` builtin: shell options (-e, -o pipefail...), positional parameters, and the
listing of every variable and function."""
from __future__ import annotations

from typing import TYPE_CHECKING

from shelldojo.shell.commands.builtins.util import USAGES, array_body, is_pending, set_quote
from shelldojo.shell.interp.expand_params import FLAG_LETTERS
from shelldojo.shell.interp.state import Interp, Var
from shelldojo.shell.interp.unparse import function_text
from shelldojo.shell.registry import builtin

if TYPE_CHECKING:
    from shelldojo.shell.context import Context

SET_OPTIONS = ["allexport", "braceexpand", "emacs", "errexit", "errtrace", "functrace", "hashall",
               "histexpand", "history", "ignoreeof", "interactive-comments", "keyword", "monitor",
               "noclobber", "noexec", "noglob", "nolog", "notify", "nounset", "onecmd", "physical",
               "pipefail", "posix", "privileged", "verbose", "vi", "xtrace"]
SHORT = dict(FLAG_LETTERS)


@builtin("set")
def set_builtin(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    st = interp.state
    if len(argv) == 1:
        return _list_set(interp, ctx)
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "--":
            st.positional = argv[i + 1:]
            return 0
        if a == "-":
            st.options -= {"xtrace", "verbose"}
            st.positional = argv[i + 1:]
            return 0
        if len(a) < 2 or a[0] not in "-+":
            st.positional = argv[i:]
            return 0
        on = a[0] == "-"
        for c in a[1:]:
            if c == "o":
                i += 1
                if i >= len(argv):
                    _print_o(ctx, st.options, on)
                    break
                optname = argv[i]
                if optname not in SET_OPTIONS:
                    interp.error(ctx, f"set: {optname}: invalid option name")
                    return 2
                _toggle(st.options, optname, on)
            elif c in SHORT:
                _toggle(st.options, SHORT[c], on)
            elif c in "bhkmnptvBCEHPT":
                continue
            else:
                interp.error(ctx, f"set: {a[0]}{c}: invalid option")
                ctx.err(f"set: usage: {USAGES['set']}\n")
                return 2
        i += 1
    return 0


def _toggle(options: set[str], name: str, on: bool) -> None:
    if on:
        options.add(name)
    else:
        options.discard(name)


def _print_o(ctx: Context, options: set[str], on: bool) -> None:
    options = options | {"interactive-comments"}  # always on in bash
    for name in SET_OPTIONS:
        if on:
            ctx.out(f"{name:<15}\t{'on' if name in options else 'off'}\n")
        else:
            ctx.out(f"set {'-' if name in options else '+'}o {name}\n")


def _list_set(interp: Interp, ctx: Context) -> int:

    st = interp.state
    allvars: dict[str, Var] = {}
    for scope in st.scopes:
        allvars.update(scope)
    for n in sorted(allvars):
        var = allvars[n]
        if is_pending(var):
            continue  # declared without a value: bash's `set` skips it
        if isinstance(var.value, dict):
            ctx.out(f"{n}={array_body(var)}\n")
        else:
            ctx.out(f"{n}={set_quote(var.value)}\n")
    for n in sorted(st.functions):
        ctx.out(function_text(n, st.functions[n]) + "\n")
    return 0
