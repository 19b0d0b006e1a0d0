"""cd, pwd and umask: the builtins that change where and how the shell creates things."""
from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from filesystem import strerror
from shell.interp.builtins_util import scan
from shell.interp.state import Interp, ReadonlyError, builtin

if TYPE_CHECKING:
    from shell.commands.context import Context


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


@builtin("cd")
def cd(interp: Interp, ctx: Context, argv: list[str]) -> int:
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
            interp.error(ctx, f"cd: {target}: {strerror(exc)}")
            return 1
    if physical:
        new = vfs.realpath(new)
    old = st.get("PWD") or st.cwd
    try:
        st.set("OLDPWD", old)
        st.set("PWD", new)
    except ReadonlyError as exc:
        interp.error(ctx, f"cd: {exc}")
    st.cwd = new
    ctx.cwd = new
    if show:
        ctx.out(new + "\n")
    return 0


@builtin("pwd")
def pwd(interp: Interp, ctx: Context, argv: list[str]) -> int:
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


@builtin("umask")
def umask(interp: Interp, ctx: Context, argv: list[str]) -> int:
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
    st.umask = new
    ctx.umask = new
    st.machine.fake.umask = new
    return 0
