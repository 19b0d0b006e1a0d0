"""cd, pwd and umask: the builtins that change where and how the shell creates things."""
from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.builtins.util import scan
from shelldojo.shell.interp.state import Interp, ReadonlyError
from shelldojo.shell.registry import builtin

if TYPE_CHECKING:
    from shelldojo.shell.context import Context


def _logical(cwd: str, target: str) -> str:
    """Join and fold `.` / `..` lexically, as cd -L does."""
    path = target if target.startswith("/") else posixpath.join(cwd, target)
    parts: list[str] = []
    for p in path.split("/"):
        if p in ("", "."):
            continue
        if p == "..":
            if parts:
                parts.pop()
            continue
        parts.append(p)
    return "/" + "/".join(parts)


@builtin("cd", family="navigation")
def cd(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    parsed = scan(interp, ctx, argv, "LPe@")
    if isinstance(parsed, int):
        return parsed
    opts, args = parsed
    physical = bool(opts) and opts[-1][0] == "-P" or "physical" in interp.state.options
    st = interp.state
    if len(args) > 1:
        interp.error(ctx, "cd: too many arguments")
        return 1
    show = False
    if not args:
        target = st.get("HOME")
        if target is None:
            interp.error(ctx, "cd: HOME not set")
            return 1
        if target == "":
            return 0
    elif args[0] == "-":
        target = st.get("OLDPWD")
        if not target:
            interp.error(ctx, "cd: OLDPWD not set")
            return 1
        show = True
    else:
        target = args[0]
        if target == "":
            return 0
    if not target.startswith("/") and target.split("/")[0] not in (".", "..") and st.get("CDPATH"):
        # CDPATH: the first entry holding the directory wins; a non-empty one prints it
        for entry in (st.get("CDPATH") or "").split(":"):
            cand = posixpath.join(entry, target) if entry else target
            if _enter(interp, ctx, cand, physical, quiet=True) is not None:
                if entry:
                    ctx.out(st.cwd + "\n")
                return 0
    new = _enter(interp, ctx, target, physical)
    if new is None:
        return 1
    if show:
        ctx.out(new + "\n")
    return 0


def _enter(interp: Interp, ctx: Context, target: str, physical: bool, quiet: bool = False,
           name: str = "cd") -> str | None:
    """Change to target (logical unless physical), set PWD/OLDPWD; None after an error."""
    st = interp.state
    vfs = st.machine.vfs
    new = _logical(st.cwd, target)
    try:
        vfs.can_enter(new)
    except OSError as exc:
        # the logical path may fail where the physical one works (.. after a symlink)
        phys = posixpath.normpath(posixpath.join(vfs.realpath(st.cwd), target)) if not target.startswith("/") else None
        try:
            if phys is None:
                raise
            vfs.can_enter(phys)
            new = phys
        except OSError:
            if not quiet:
                interp.error(ctx, f"{name}: {target}: {strerror(exc)}")
            return None
    if physical:
        new = vfs.realpath(new)
    old = st.get("PWD") or st.cwd
    try:
        st.set("OLDPWD", old)
        st.set("PWD", new)
    except ReadonlyError as exc:
        interp.error(ctx, f"{name}: {exc}")
    st.cwd = new
    ctx.cwd = new
    return new


@builtin("pwd", family="navigation")
def pwd(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    parsed = scan(interp, ctx, argv, "LP")
    if isinstance(parsed, int):
        return parsed
    opts, _ = parsed
    st = interp.state
    if opts and opts[-1][0] == "-P":
        ctx.out(st.machine.vfs.realpath(st.cwd) + "\n")
    else:
        ctx.out(st.cwd + "\n")
    return 0


_SYM = re.compile(r"^([ugoa]*)([-+=])([rwx]*)$")


@builtin("umask", family="files")
def umask(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    parsed = scan(interp, ctx, argv, "pS")
    if isinstance(parsed, int):
        return parsed
    opts, args = parsed
    st = interp.state
    letters = "".join(o[1] for o, _ in opts)
    if not args:
        if "S" in letters:
            allowed = ~st.umask & 0o777
            parts = []
            for who, shift in (("u", 6), ("g", 3), ("o", 0)):
                bits = (allowed >> shift) & 7
                parts.append(who + "=" + "".join(c for c, b in (("r", 4), ("w", 2), ("x", 1)) if bits & b))
            text = ",".join(parts)
        else:
            text = f"{st.umask:04o}"
        ctx.out(("umask -S " if "S" in letters else "umask ") * ("p" in letters) + text + "\n")
        return 0
    mode = args[0]
    if mode[:1].isdigit():
        if not re.fullmatch(r"[0-7]+", mode) or int(mode, 8) > 0o777:
            interp.error(ctx, f"umask: {mode}: octal number out of range")
            return 1
        new = int(mode, 8)
    else:
        allowed = ~st.umask & 0o777
        for clause in mode.split(","):
            m = _SYM.match(clause)
            if not m:
                bad = next((c for c in clause if c not in "ugoa"), clause[-1:] if clause else "")
                interp.error(ctx, f"umask: `{bad}': invalid symbolic mode operator")
                return 1
            who, op, perms = m.groups()
            who = who or "a"
            mask = 0
            for w, shift in (("u", 6), ("g", 3), ("o", 0)):
                if w in who or "a" in who:
                    mask |= 7 << shift
            bits = 0
            for c, b in (("r", 4), ("w", 2), ("x", 1)):
                if c in perms:
                    bits |= b * 0o111
            bits &= mask
            if op == "+":
                allowed |= bits
            elif op == "-":
                allowed &= ~bits
            else:
                allowed = (allowed & ~mask) | bits
        new = ~allowed & 0o777
    st.umask = new  # the shell's own mask, the one its commands create files with
    return 0


# ----------------------------------------------------------------------------- dir stack
def _stack(interp: Interp) -> list[str]:
    return interp.state.dirstack


def _tilde(interp: Interp, path: str) -> str:
    home = interp.state.get("HOME")
    if home and home != "/" and (path == home or path.startswith(home + "/")):
        return "~" + path[len(home):]
    return path


def _print_stack(interp: Interp, ctx: Context, long: bool = False, lines: bool = False,
                 verbose: bool = False) -> None:
    items = [interp.state.cwd, *_stack(interp)]
    shown = [p if long else _tilde(interp, p) for p in items]
    if verbose:
        ctx.out("".join(f"{i:2d}  {p}\n" for i, p in enumerate(shown)))
    elif lines:
        ctx.out("".join(p + "\n" for p in shown))
    else:
        ctx.out(" ".join(shown) + "\n")


@builtin("dirs", family="navigation")
def dirs(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    parsed = scan(interp, ctx, argv, "clpv")
    if isinstance(parsed, int):
        return parsed
    opts, _ = parsed
    letters = "".join(o[1] for o, _ in opts)
    if "c" in letters:
        _stack(interp).clear()
        return 0
    _print_stack(interp, ctx, "l" in letters, "p" in letters, "v" in letters)
    return 0


@builtin("pushd", family="navigation")
def pushd(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    stack = _stack(interp)
    old = interp.state.cwd
    if not args:
        if not stack:
            interp.error(ctx, "pushd: no other directory")
            return 1
        target = stack.pop(0)
    else:
        target = args[0]
    if _enter(interp, ctx, target, False, name="pushd") is None:
        if not args:
            stack.insert(0, target)
        return 1
    stack.insert(0, old)
    _print_stack(interp, ctx)
    return 0


@builtin("popd", family="navigation")
def popd(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    stack = _stack(interp)
    if not stack:
        interp.error(ctx, "popd: directory stack empty")
        return 1
    if _enter(interp, ctx, stack[0], False, name="popd") is None:
        return 1
    stack.pop(0)
    _print_stack(interp, ctx)
    return 0
