"""Builtins for control flow: exit, return, break, continue, source/., eval, :, exec, trap
(wait, jobs, fg, bg, disown are in jobctl.py; type, command, hash, alias... are in type.py; cd, pwd, umask in dirs.py)."""
from __future__ import annotations

import errno
import posixpath
import stat
from typing import TYPE_CHECKING

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.builtins.shopt import shopt_on
from shelldojo.shell.commands.builtins.util import USAGES, scan, squote_value
from shelldojo.shell.interp.state import (
    BreakSignal,
    ContinueSignal,
    ExitSignal,
    Interp,
    ReturnSignal,
)
from shelldojo.shell.registry import builtin
from shelldojo.shell.status import SIGNAL_BASE

if TYPE_CHECKING:
    from shelldojo.shell.context import Context

SIGNALS = ["HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
           "PIPE", "ALRM", "TERM"]


def _int(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


# ----------------------------------------------------------------------------- flow
@builtin(":")
def colon(ctx: Context, argv: list[str]) -> int:
    return 0


@builtin("exit")
def exit_builtin(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    st = interp.state
    if st.interactive:
        login = ctx.host is not None and ctx.host.login_shell
        ctx.err("logout\n" if login else "exit\n")  # bash says logout
        if not interp.is_subshell and st.jobs.stopped_warning():
            ctx.err("There are stopped jobs.\n")
            return 1
    args = argv[2:] if argv[1:2] == ["--"] else argv[1:]
    if args:
        n = _int(args[0])  # a non-number is reported before "too many arguments", as bash does
        if n is None:
            interp.error(ctx, f"exit: {args[0]}: numeric argument required")
            raise ExitSignal(2)
        if len(args) > 1:
            interp.error(ctx, "exit: too many arguments")
            raise ExitSignal(1)
        raise ExitSignal(n & 255)
    raise ExitSignal(st.status)


def _in_function_or_source(interp: Interp) -> bool:
    return interp.func_depth > 0 or interp.state.source_depth > 0


@builtin("return")
def return_builtin(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    status = interp.state.status
    if len(argv) > 1:  # the argument is checked first, even outside a function, as in bash
        n = _int(argv[1])
        if n is None:
            interp.error(ctx, f"return: {argv[1]}: numeric argument required")
            n = 2
        status = n & 255
    if not _in_function_or_source(interp):
        interp.error(ctx, "return: can only `return' from a function or sourced script")
        return 2
    raise ReturnSignal(status)


def _loop_jump(interp: Interp, ctx: Context, argv: list[str], signal: type) -> int:
    name = argv[0]
    depth = interp.loop_depth
    if depth == 0:
        interp.error(ctx, f"{name}: only meaningful in a `for', `while', or `until' loop")
        return 0
    n = 1
    if len(argv) > 1:
        v = _int(argv[1])
        if v is None:
            # bash treats this as fatal: the shell exits with 128 + $?
            interp.error(ctx, f"{name}: {argv[1]}: numeric argument required")
            raise ExitSignal((SIGNAL_BASE + interp.state.status) & 255)
        if v < 1:
            # bash leaves every enclosing loop
            interp.error(ctx, f"{name}: {argv[1]}: loop count out of range")
            raise BreakSignal(depth or 1, status=1)  # the loops it leaves end with status 1
        n = v
    raise signal(n)


@builtin("break")
def break_builtin(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    return _loop_jump(interp, ctx, argv, BreakSignal)


@builtin("continue")
def continue_builtin(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    return _loop_jump(interp, ctx, argv, ContinueSignal)


@builtin("eval")
def eval_builtin(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    scanned = scan(interp, ctx, argv, "")  # eval takes no options: `-x` is bash's invalid option
    if isinstance(scanned, int):
        return scanned
    args = scanned[1]
    if not args:
        return 0
    return interp.run_source(" ".join(args), None, ctx)


def _source(interp: Interp, ctx: Context, argv: list[str]) -> int:
    st = interp.state
    scanned = scan(interp, ctx, argv, "")  # no options: `-x` is bash's invalid option
    if isinstance(scanned, int):
        return scanned
    args = scanned[1]
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
    depth = st.source_depth
    st.source_depth = depth + 1
    try:
        return interp.run_source(text, name, ctx)
    except ReturnSignal as sig:
        return sig.status
    finally:
        st.source_depth = depth
        if len(args) > 1:
            st.positional = saved


@builtin("source")
def source(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    return _source(interp, ctx, argv)


@builtin(".")
def dot(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    return _source(interp, ctx, argv)


@builtin("exec")
def exec_builtin(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    scanned = scan(interp, ctx, argv, "cla:")  # -c, -l and -a NAME are accepted, not modelled
    if isinstance(scanned, int):
        return scanned
    if not scanned[1]:
        return 0
    status = _exec_failure(interp, ctx, scanned[1][0])
    if status is None:
        raise ExitSignal(interp.run_argv(ctx, scanned[1]))
    # bash's failed_exec: a non-interactive shell exits unless `shopt -s execfail`; a subshell always
    if interp.is_subshell or not (interp.state.interactive or shopt_on(interp, "execfail")):
        raise ExitSignal(status)
    return status


def _exec_failure(interp: Interp, ctx: Context, name: str) -> int | None:
    """Why `exec NAME` cannot replace the shell (bash's messages printed), None when it can.
    A name with a slash is shown as bash's full_pathname: the cwd joined as typed."""
    from shelldojo.shell.interp import programs

    vfs = ctx.vfs
    if "/" not in name:
        if programs.find_in_path(interp.state, name, ctx.env.get("PATH", programs.DEFAULT_PATH)):
            return None
        if vfs.isdir(ctx.abspath(name)):
            interp.error(ctx, f"exec: {name}: cannot execute: Is a directory")
            return 126
        interp.error(ctx, f"exec: {name}: not found")
        return 127
    full = name if name.startswith("/") else f"{ctx.cwd.rstrip('/')}/{name.removeprefix('./')}"
    try:
        s = vfs.stat(full)
        why = "Is a directory" if stat.S_ISDIR(s.st_mode) else \
            "" if stat.S_ISREG(s.st_mode) and vfs.access(full, 1) else "Permission denied"
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            interp.error(ctx, f"{full}: {strerror(exc)}")
            return 127
        why = strerror(exc)
    if not why:
        return None
    interp.error(ctx, f"{full}: {why}")
    interp.error(ctx, f"exec: {full}: cannot execute: {why}")
    return 126


@builtin("trap")
def trap(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    st = interp.state
    traps = st.traps
    scanned = scan(interp, ctx, argv, "lp")
    if isinstance(scanned, int):
        return scanned
    opts, args = scanned[0], scanned[1]
    if ("-l", None) in opts:
        ctx.out(" ".join(f"{i + 1:2d}) SIG{s}" for i, s in enumerate(SIGNALS)) + "\n")
        return 0
    if not args or ("-p", None) in opts:
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
