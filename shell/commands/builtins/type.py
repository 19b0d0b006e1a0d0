"""Builtins that look commands up or name them: type, command, builtin, hash, alias,
unalias, history."""
from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from shelldojo.shell.commands.builtins.util import USAGES, scan, squote_value
from shelldojo.shell.interp.state import Interp
from shelldojo.shell.interp.unparse import function_text
from shelldojo.shell.registry import BUILTIN, SPECIAL, builtin, kind_of, lookup

if TYPE_CHECKING:
    from shelldojo.shell.context import Context

KEYWORDS = {"if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until",
            "do", "done", "in", "function", "time", "{", "}", "!", "[[", "]]", "coproc"}


# ----------------------------------------------------------------------------- lookup
def path_lookup(interp: Interp, name: str, every: bool = False) -> list[str]:
    st = interp.state
    vfs = st.machine.vfs
    if "/" in name:
        full = name if name.startswith("/") else posixpath.join(st.cwd, name)
        return [name] if vfs.isfile(full) and vfs.access(full, 1) else []
    found = []
    for d in (st.get("PATH") or "").split(":"):
        d = d or "."
        full = posixpath.join(d if d.startswith("/") else posixpath.join(st.cwd, d), name)
        if vfs.isfile(full) and vfs.access(full, 1):
            found.append(posixpath.join(d, name))
            if not every:
                break
    return found


def _is_builtin(name: str) -> bool:
    return kind_of(name) in (SPECIAL, BUILTIN)


def _describe(interp: Interp, ctx: Context, name: str, mode: str, every: bool, path_only: bool) -> bool:
    """Print what `name` is for type (mode "", "t", "p", "P") / command -v ("v") / -V."""
    st = interp.state
    found = False
    if not path_only:
        if name in st.aliases:
            found = True
            ctx.out({"t": "alias\n", "v": f"alias {name}={squote_value(st.aliases[name])}\n", "p": ""}.get(
                mode, f"{name} is aliased to `{st.aliases[name]}'\n"))
            if not every:
                return True
        if name in KEYWORDS:
            found = True
            ctx.out({"t": "keyword\n", "v": f"{name}\n", "p": ""}.get(mode, f"{name} is a shell keyword\n"))
            if not every:
                return True
        if name in st.functions:
            found = True
            ctx.out({"t": "function\n", "v": f"{name}\n", "p": ""}.get(
                mode, f"{name} is a function\n{function_text(name, st.functions[name])}\n"))
            if not every:
                return True
        if _is_builtin(name):
            found = True
            ctx.out({"t": "builtin\n", "v": f"{name}\n", "p": ""}.get(mode, f"{name} is a shell builtin\n"))
            if not every:
                return True
    hashed = st.hashed.get(name)
    if hashed is not None and not every and mode == "":
        ctx.out(f"{name} is hashed ({hashed})\n")
        return True
    for path in path_lookup(interp, name, every):
        found = True
        ctx.out({"t": "file\n", "v": f"{path}\n", "p": f"{path}\n", "P": f"{path}\n"}.get(
            mode, f"{name} is {path}\n"))
    return found


@builtin("type")
def type_builtin(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    parsed = scan(interp, ctx, argv, "afptP")
    if isinstance(parsed, int):
        return parsed
    opts, names = parsed
    letters = "".join(o[1] for o, _ in opts)
    mode = "P" if "P" in letters else "t" if "t" in letters else "p" if "p" in letters else ""
    status = 0
    for name in names:
        if not _describe(interp, ctx, name, mode, "a" in letters, mode == "P"):
            status = 1
            if mode == "":
                interp.error(ctx, f"type: {name}: not found")
    return status


@builtin("command")
def command_builtin(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    parsed = scan(interp, ctx, argv, "pvV")
    if isinstance(parsed, int):
        return parsed
    opts, names = parsed
    letters = "".join(o[1] for o, _ in opts)
    if "v" in letters or "V" in letters:
        any_found = False
        for name in names:
            if _describe(interp, ctx, name, "v" if "v" in letters else "", False, False):
                any_found = True
            elif "V" in letters:
                interp.error(ctx, f"command: {name}: not found")
        return 0 if any_found else 1
    if not names:
        return 0
    return interp.dispatch(ctx, names, functions=False)


@builtin("builtin")
def builtin_builtin(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    if len(argv) < 2:
        return 0
    name = argv[1]
    info = lookup(name)
    if info is not None and info.shell:
        return info.func(ctx, argv[1:])
    if _is_builtin(name):
        return interp.run_argv(ctx, argv[1:])
    interp.error(ctx, f"builtin: {name}: not a shell builtin")
    return 1


@builtin("hash")
def hash_builtin(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    parsed = scan(interp, ctx, argv, "lrp:dt")
    if isinstance(parsed, int):
        return parsed
    opts, names = parsed
    table, hits = interp.state.hashed, interp.state.hash_hits
    if any(o == "-r" for o, _ in opts):
        table.clear()
        hits.clear()
    if not names:
        if not table and not opts:
            ctx.out("hash: hash table empty\n")
        elif table:
            ctx.out("hits\tcommand\n" + "".join(f"{hits.get(n, 0):4d}\t{p}\n" for n, p in table.items()))
        return 0
    status = 0
    for name in names:
        found = path_lookup(interp, name)
        if _is_builtin(name) or name in interp.state.functions:
            continue
        if not found:
            interp.error(ctx, f"hash: {name}: not found")
            status = 1
        else:
            table[name], hits[name] = found[0], 0
    return status


@builtin("alias")
def alias(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    aliases = interp.state.aliases
    args = [a for a in argv[1:] if a != "-p"]
    if not args:
        for name in sorted(aliases):
            ctx.out(f"alias {name}={squote_value(aliases[name])}\n")
        return 0
    status = 0
    for arg in args:
        name, eq, value = arg.partition("=")
        if eq:
            aliases[name] = value
        elif name in aliases:
            ctx.out(f"alias {name}={squote_value(aliases[name])}\n")
        else:
            interp.error(ctx, f"alias: {name}: not found")
            status = 1
    return status


@builtin("unalias")
def unalias(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    parsed = scan(interp, ctx, argv, "a")
    if isinstance(parsed, int):
        return parsed
    opts, names = parsed
    aliases = interp.state.aliases
    if opts:
        aliases.clear()
        return 0
    if not names:
        ctx.err(f"unalias: usage: {USAGES['unalias']}\n")
        return 2
    status = 0
    for name in names:
        if aliases.pop(name, None) is None:
            interp.error(ctx, f"unalias: {name}: not found")
            status = 1
    return status


@builtin("history")
def history(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    st = interp.state
    if not st.interactive:
        return 0
    if "-c" in argv[1:]:
        st.history.clear()
        return 0
    items = list(enumerate(st.history, 1))
    if len(argv) > 1 and argv[1].isdigit():
        items = items[-int(argv[1]):] if int(argv[1]) else []
    for n, line in items:
        ctx.out(f"{n:5d}  {line}\n")
    return 0
