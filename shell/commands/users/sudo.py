"""sudo and su as programs in /usr/bin; the work is in shell/interp/builtins_sudo.py (needs the interpreter)."""
from __future__ import annotations

from shelldojo.shell.context import Context
from shelldojo.shell.registry import command


@command("sudo", family="users")
def sudo(ctx: Context, argv: list[str]) -> int:
    from shelldojo.shell.interp import builtins_sudo
    return builtins_sudo.sudo(ctx.runner, ctx, argv)


@command("su", family="users")
def su(ctx: Context, argv: list[str]) -> int:
    from shelldojo.shell.interp import builtins_sudo
    return builtins_sudo.su(ctx.runner, ctx, argv)
