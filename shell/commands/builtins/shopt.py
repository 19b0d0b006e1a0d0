"""shopt: bash's own option set (nullglob, failglob, expand_aliases, ...).

An option that is on is kept in ShellState.options under its own name (no shopt name
clashes with a `set -o` name); options on by default are recorded as "shopt-off:NAME"
once turned off, so a fresh state needs no initialisation.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from shelldojo.shell.commands.builtins.set import SET_OPTIONS
from shelldojo.shell.commands.builtins.util import scan
from shelldojo.shell.interp.state import Interp
from shelldojo.shell.registry import builtin

if TYPE_CHECKING:
    from shelldojo.shell.context import Context


SHOPT_OPTIONS = [
    "autocd", "assoc_expand_once", "cdable_vars", "cdspell", "checkhash", "checkjobs",
    "checkwinsize", "cmdhist", "compat31", "compat32", "compat40", "compat41", "compat42",
    "compat43", "compat44", "complete_fullquote", "direxpand", "dirspell", "dotglob",
    "execfail", "expand_aliases", "extdebug", "extglob", "extquote", "failglob",
    "force_fignore", "globasciiranges", "globskipdots", "globstar", "gnu_errfmt",
    "histappend", "histreedit", "histverify", "hostcomplete", "huponexit", "inherit_errexit",
    "interactive_comments", "lastpipe", "lithist", "localvar_inherit", "localvar_unset",
    "login_shell", "mailwarn", "no_empty_cmd_completion", "nocaseglob", "nocasematch",
    "noexpand_translation", "nullglob", "patsub_replacement", "progcomp", "progcomp_alias",
    "promptvars", "restricted_shell", "shift_verbose", "sourcepath", "varredir_close",
    "xpg_echo"]
DEFAULT_ON = {"checkwinsize", "cmdhist", "complete_fullquote", "extquote", "force_fignore",
              "globasciiranges", "globskipdots", "hostcomplete", "interactive_comments",
              "patsub_replacement", "progcomp", "promptvars", "sourcepath"}


def shopt_on(interp: Interp, name: str) -> bool:
    opts = interp.state.options
    if name in DEFAULT_ON:
        return f"shopt-off:{name}" not in opts
    if name == "expand_aliases" and interp.state.interactive:
        return "shopt-off:expand_aliases" not in opts
    return name in opts


def _set(interp: Interp, name: str, on: bool) -> None:
    opts = interp.state.options
    if on:
        opts.add(name)
        opts.discard(f"shopt-off:{name}")
    else:
        opts.discard(name)
        opts.add(f"shopt-off:{name}")


@builtin("shopt")
def shopt(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    parsed = scan(interp, ctx, argv, "pqsuo")
    if isinstance(parsed, int):
        return parsed
    opts, names = parsed
    flags = "".join(o[1] for o, _ in opts)
    if "s" in flags and "u" in flags:
        interp.error(ctx, "shopt: cannot set and unset shell options simultaneously")
        return 1
    if "o" in flags:
        return _set_o(interp, ctx, flags, names)
    status = 0
    for name in names:
        if name not in SHOPT_OPTIONS:
            interp.error(ctx, f"shopt: {name}: invalid shell option name")
            status = 1
    if status:
        return status
    if "s" in flags or "u" in flags:
        if names:
            for name in names:
                _set(interp, name, "s" in flags)
            return 0
        want = "s" in flags
        shown = [n for n in SHOPT_OPTIONS if shopt_on(interp, n) == want]
        _show(interp, ctx, shown, "p" in flags)
        return 0
    shown = names or SHOPT_OPTIONS
    if "q" in flags:
        return 0 if all(shopt_on(interp, n) for n in shown) else 1
    _show(interp, ctx, shown, "p" in flags)
    return 0 if all(shopt_on(interp, n) for n in shown) or not names else 1


def _show(interp: Interp, ctx: Context, names: list[str], as_command: bool) -> None:
    for n in names:
        on = shopt_on(interp, n)
        if as_command:
            ctx.out(f"shopt {'-s' if on else '-u'} {n}\n")
        else:
            ctx.out(f"{n:<15}\t{'on' if on else 'off'}\n")


def _set_o(interp: Interp, ctx: Context, flags: str, names: list[str]) -> int:
    """shopt -o: the `set -o` options."""
    opts = interp.state.options
    for name in names:
        if name not in SET_OPTIONS:
            interp.error(ctx, f"shopt: {name}: invalid option name")
            return 1
    if "s" in flags or "u" in flags:
        for name in names:
            (opts.add if "s" in flags else opts.discard)(name)
        return 0
    shown = names or SET_OPTIONS
    if "q" not in flags:
        for n in shown:
            if "p" in flags:
                ctx.out(f"set {'-' if n in opts else '+'}o {n}\n")
            else:
                ctx.out(f"{n:<15}\t{'on' if n in opts else 'off'}\n")
    return 0 if all(n in opts for n in shown) else 1
