"""echo, printf, test, [, true and false: bash builtins that Ubuntu also ships in /usr/bin.

They behave as bash's builtins (echo prints --help literally, printf reuses its
format, test's errors are "NAME: message"); the executor adds the "bash: line N: "
prefix to nothing, so messages are printed as "NAME: ...".
"""
from __future__ import annotations

import re

from shell.commands.context import Context
from shell.commands.printf_format import PRINTF_HELP, PRINTF_USAGE, Printf, Stop, dec, enc, expand_escapes
from shell.commands.registry import command
from shell.interp import testexpr

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\[.*\])?\Z", re.DOTALL)


@command("true", family="shell", builtin=True, summary="do nothing, successfully")
def true(ctx: Context, argv: list[str]) -> int:
    return 0


@command("false", family="shell", builtin=True, summary="do nothing, unsuccessfully")
def false(ctx: Context, argv: list[str]) -> int:
    return 1


@command("echo", family="shell", builtin=True, summary="display a line of text")
def echo(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    newline, escapes = True, False
    # leading words made only of n, e, E after '-' are options; anything else is text
    while args and len(args[0]) > 1 and args[0][0] == "-" and all(c in "neE" for c in args[0][1:]):
        for c in args[0][1:]:
            if c == "n":
                newline = False
            else:
                escapes = c == "e"
        args = args[1:]
    data = enc(" ".join(args))
    if escapes:
        try:
            data = expand_escapes(data, "echo")
        except Stop as stop:
            ctx.out(stop.args[0])
            return 0
    ctx.out(data + b"\n" if newline else data)
    return 0


def _test(ctx: Context, argv: list[str]) -> int:
    status, message = testexpr.evaluate(ctx.vfs, ctx.cwd, argv[1:], ctx.name)
    if message:
        ctx.err(message + "\n")
    return status


@command("test", family="shell", builtin=True, summary="check file types and compare values")
def test(ctx: Context, argv: list[str]) -> int:
    return _test(ctx, argv)


@command("[", family="shell", builtin=True, summary="check file types and compare values")
def bracket(ctx: Context, argv: list[str]) -> int:
    return _test(ctx, argv)


def _usage_error(ctx: Context, message: str) -> int:
    ctx.err(f"{ctx.name}: {message}\n")
    ctx.err(PRINTF_USAGE)
    return 2


@command("printf", family="shell", builtin=True, summary="format and print data")
def printf(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    var: str | None = None
    # bash's builtin option parsing: only -v NAME, then "--" or the format
    while args and args[0].startswith("-") and args[0] != "-":
        a = args[0]
        if a == "--":
            args = args[1:]
            break
        if a == "--help":
            ctx.out(PRINTF_HELP)
            return 2
        if a.startswith("-v"):
            if len(a) > 2:
                var, args = a[2:], args[1:]
            elif len(args) > 1:
                var, args = args[1], args[2:]
            else:
                return _usage_error(ctx, "-v: option requires an argument")
            continue
        return _usage_error(ctx, f"-{a[1]}: invalid option")
    if var is not None and not _NAME_RE.match(var):
        ctx.err(f"{ctx.name}: `{var}': not a valid identifier\n")
        return 2
    if not args:
        ctx.err(PRINTF_USAGE)
        return 2
    p = Printf(enc(args[0]), [enc(a) for a in args[1:]], lambda m: ctx.err(f"{ctx.name}: {m}\n"))
    status = p.run()
    if var is not None:
        state = getattr(ctx.runner, "state", None)
        setter = getattr(state, "set", None)
        if callable(setter):
            try:
                setter(var, dec(bytes(p.out)))
            except Exception as exc:  # noqa: BLE001 - readonly and similar: bash reports, status 1
                ctx.err(f"{ctx.name}: {exc}\n")
                return 1
            return status
    ctx.out(bytes(p.out))
    return status
