"""Builtins for control flow and the shell's own state: exit, return, break, continue,
source/., eval, :, command, builtin, type, hash, alias, unalias, umask, cd, pwd, history,
exec, trap, wait, jobs."""
from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from filesystem import strerror
from shell.interp.builtins_util import USAGES, scan, squote_value
from shell.interp.state import (
    INTERP_BUILTINS,
    BreakSignal,
    ContinueSignal,
    ExitSignal,
    Interp,
    ReturnSignal,
    builtin,
)

if TYPE_CHECKING:
    from shell.commands.context import Context

KEYWORDS = {"if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until",
            "do", "done", "in", "function", "time", "{", "}", "!", "[[", "]]", "coproc"}
SIGNALS = ["HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
           "PIPE", "ALRM", "TERM"]


def _int(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


# ----------------------------------------------------------------------------- flow
@builtin(":")
def colon(interp: Interp, ctx: Context, argv: list[str]) -> int:
    return 0


@builtin("exit")
def exit_builtin(interp: Interp, ctx: Context, argv: list[str]) -> int:
    st = interp.state
    if st.interactive:
        ctx.err("exit\n")
    if len(argv) > 2:
        interp.error(ctx, "exit: too many arguments")
        raise ExitSignal(1)
    if len(argv) == 2:
        n = _int(argv[1])
        if n is None:
            interp.error(ctx, f"exit: {argv[1]}: numeric argument required")
            raise ExitSignal(2)
        raise ExitSignal(n & 255)
    raise ExitSignal(st.status)


def _in_function_or_source(interp: Interp) -> bool:
    depth = getattr(interp, "func_depth", None)
    in_func = depth > 0 if depth is not None else len(interp.state.scopes) > 1
    return in_func or getattr(interp.state, "source_depth", 0) > 0


@builtin("return")
def return_builtin(interp: Interp, ctx: Context, argv: list[str]) -> int:
    if not _in_function_or_source(interp):
        interp.error(ctx, "return: can only `return' from a function or sourced script")
        return 2
    status = interp.state.status
    if len(argv) > 1:
        n = _int(argv[1])
        if n is None:
            interp.error(ctx, f"return: {argv[1]}: numeric argument required")
            n = 2
        status = n & 255
    raise ReturnSignal(status)


def _loop_jump(interp: Interp, ctx: Context, argv: list[str], signal: type) -> int:
    name = argv[0]
    n = 1
    if len(argv) > 1:
        v = _int(argv[1])
        if v is None:
            interp.error(ctx, f"{name}: {argv[1]}: numeric argument required")
            return 1
        if v < 1:
            interp.error(ctx, f"{name}: {argv[1]}: loop count out of range")
            return 1
        n = v
    depth = getattr(interp, "loop_depth", None)
    if depth == 0:
        interp.error(ctx, f"{name}: only meaningful in a `for', `while', or `until' loop")
        return 0
    raise signal(n)


@builtin("break")
def break_builtin(interp: Interp, ctx: Context, argv: list[str]) -> int:
    return _loop_jump(interp, ctx, argv, BreakSignal)


@builtin("continue")
def continue_builtin(interp: Interp, ctx: Context, argv: list[str]) -> int:
    return _loop_jump(interp, ctx, argv, ContinueSignal)


@builtin("eval")
def eval_builtin(interp: Interp, ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        return 0
    return interp.run_source(" ".join(args), None)


def _source(interp: Interp, ctx: Context, argv: list[str]) -> int:
    st = interp.state
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        interp.error(ctx, f"{argv[0]}: filename argument required")
        ctx.err(f"{argv[0]}: usage: {USAGES[argv[0]]}\n")
        return 2
    name = args[0]
    vfs = st.machine.vfs
    path = None
    if "/" not in name:
        for d in (st.get("PATH") or "").split(":"):
            cand = posixpath.join(d or ".", name)
            cand = cand if cand.startswith("/") else posixpath.join(st.cwd, cand)
            if vfs.isfile(cand):
                path = cand
                break
    if path is None:
        path = name if name.startswith("/") else posixpath.join(st.cwd, name)
    if vfs.isdir(path):
        interp.error(ctx, f"{argv[0]}: {name}: is a directory")
        return 1
    try:
        text = vfs.read_bytes(path).decode("utf-8", "surrogateescape")
    except OSError as exc:
        interp.error(ctx, f"{name}: {strerror(exc)}")
        return 1
    saved = st.positional
    if len(args) > 1:
        st.positional = args[1:]
    depth = getattr(st, "source_depth", 0)
    st.source_depth = depth + 1  # type: ignore[attr-defined]
    try:
        return interp.run_source(text, name)
    except ReturnSignal as sig:
        return sig.status
    finally:
        st.source_depth = depth  # type: ignore[attr-defined]
        if len(args) > 1:
            st.positional = saved


@builtin("source")
def source(interp: Interp, ctx: Context, argv: list[str]) -> int:
    return _source(interp, ctx, argv)


@builtin(".")
def dot(interp: Interp, ctx: Context, argv: list[str]) -> int:
    return _source(interp, ctx, argv)


@builtin("exec")
def exec_builtin(interp: Interp, ctx: Context, argv: list[str]) -> int:
    if len(argv) == 1:
        return 0
    raise ExitSignal(interp.run_argv(ctx, argv[1:]))


@builtin("trap")
def trap(interp: Interp, ctx: Context, argv: list[str]) -> int:
    st = interp.state
    traps: dict[str, str] = st.__dict__.setdefault("traps", {})
    args = argv[1:]
    if args and args[0] == "-l":
        ctx.out(" ".join(f"{i + 1:2d}) SIG{s}" for i, s in enumerate(SIGNALS)) + "\n")
        return 0
    if args and args[0] in ("-p", "--"):
        args = args[1:]
    if not args or argv[1:2] == ["-p"]:
        for sig, action in traps.items():
            if not args or sig in args:
                ctx.out(f"trap -- {squote_value(action) if action else chr(39) * 2} {sig}\n")
        return 0
    action, sigs = args[0], args[1:]
    if not sigs:
        sigs, action = [action], "-"
    status = 0
    for s in sigs:
        name = s.upper().removeprefix("SIG")
        if name in ("0", "EXIT"):
            name = "EXIT"
        elif s.isdigit() and 0 < int(s) <= len(SIGNALS):
            name = SIGNALS[int(s) - 1]
        elif name not in SIGNALS and name not in ("ERR", "DEBUG", "RETURN"):
            interp.error(ctx, f"trap: {s}: invalid signal specification")
            status = 1
            continue
        if action == "-":
            traps.pop(name, None)
        else:
            traps[name] = action
    return status


def run_exit_trap(interp: Interp) -> None:
    """For the executor: run the EXIT trap once when the shell ends."""
    traps = interp.state.__dict__.get("traps", {})
    action = traps.pop("EXIT", None)
    if action:
        interp.run_source(action, None)


@builtin("wait")
def wait(interp: Interp, ctx: Context, argv: list[str]) -> int:
    return 0


@builtin("jobs")
def jobs(interp: Interp, ctx: Context, argv: list[str]) -> int:
    return 0


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
    from shell.commands.registry import load_all

    info = load_all().get(name)
    return name in INTERP_BUILTINS or (info is not None and info.builtin)


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
    for path in path_lookup(interp, name, every):
        found = True
        ctx.out({"t": "file\n", "v": f"{path}\n", "p": f"{path}\n", "P": f"{path}\n"}.get(
            mode, f"{name} is {path}\n"))
    return found


@builtin("type")
def type_builtin(interp: Interp, ctx: Context, argv: list[str]) -> int:
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
def command_builtin(interp: Interp, ctx: Context, argv: list[str]) -> int:
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
    return interp.run_argv(ctx, names)


@builtin("builtin")
def builtin_builtin(interp: Interp, ctx: Context, argv: list[str]) -> int:
    if len(argv) < 2:
        return 0
    name = argv[1]
    if name in INTERP_BUILTINS:
        return INTERP_BUILTINS[name](interp, ctx, argv[1:])
    if _is_builtin(name):
        return interp.run_argv(ctx, argv[1:])
    interp.error(ctx, f"builtin: {name}: not a shell builtin")
    return 1


@builtin("hash")
def hash_builtin(interp: Interp, ctx: Context, argv: list[str]) -> int:
    parsed = scan(interp, ctx, argv, "lrp:dt")
    if isinstance(parsed, int):
        return parsed
    opts, names = parsed
    table: dict[str, str] = interp.state.__dict__.setdefault("hashed", {})
    if any(o == "-r" for o, _ in opts):
        table.clear()
    if not names:
        if not table and not opts:
            ctx.out("hash: hash table empty\n")
        elif table:
            ctx.out("hits\tcommand\n" + "".join(f"   1\t{p}\n" for p in table.values()))
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
            table[name] = found[0]
    return status


@builtin("alias")
def alias(interp: Interp, ctx: Context, argv: list[str]) -> int:
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
def unalias(interp: Interp, ctx: Context, argv: list[str]) -> int:
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
def history(interp: Interp, ctx: Context, argv: list[str]) -> int:
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


from shell.interp.builtins_dirs import cd, pwd, umask  # noqa: F401  (registers them)
from shell.interp.builtins_unparse import function_text
