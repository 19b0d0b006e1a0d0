"""System commands: sleep yes env printenv which.

(whoami, id, groups live in identity.py; hostname, uname, nproc, clear, tty in
machineinfo.py; date in date.py.)
"""
from __future__ import annotations

import dataclasses
import errno
import math
import posixpath
import re
import time

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.status import CANNOT_EXECUTE, NOT_FOUND
from shelldojo.shell.texts import verbatim


def extra_operand(ctx: Context, operand: str, status: int = 1) -> int:
    ctx.err(f"{ctx.name}: extra operand {cquote(operand)}\nTry '{ctx.name} --help' for more information.\n")
    return status


# ----------------------------------------------------------------------------- sleep, yes
SLEEP = OptionSpec("sleep", help=verbatim("system/sleep_help"))
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_FLOAT = re.compile(r"\s*[+-]?(0x[0-9a-f]*\.?[0-9a-f]*(p[+-]?\d+)?|\d*\.?\d*(e[+-]?\d+)?|inf(inity)?|nan)", re.IGNORECASE)


@command("sleep", family="system")
def sleep(ctx: Context, argv: list[str]) -> int:
    parsed = SLEEP.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not parsed.operands:
        ctx.err("sleep: missing operand\nTry 'sleep --help' for more information.\n")
        return 1
    total = 0.0
    bad = False
    for arg in parsed.operands:
        seconds = _interval(arg)
        if seconds is None:
            ctx.error(f"invalid time interval {cquote(arg)}")
            bad = True
        else:
            total += seconds
    if bad:
        ctx.err("Try 'sleep --help' for more information.\n")
        return 1
    # wait in small steps so Ctrl-C and the time limit stop us; in the REPL (someone is there
    # to press Ctrl-C, as in bash) the time asleep is not counted against the limit
    end = time.monotonic() + min(total, 1e9)
    with ctx.budget.waiting():
        while True:
            ctx.check()
            left = end - time.monotonic()
            if left <= 0:
                return 0
            time.sleep(min(left, 0.05))


def _interval(arg: str) -> float | None:
    m = _FLOAT.match(arg)
    if not m or not m.group(0).strip() or m.group(0).strip() in "+-.":
        return None
    unit = arg[m.end():]
    if unit not in _UNIT:
        return None
    text = m.group(0).strip()
    try:
        value = float.fromhex(text) if "0x" in text.lower() else float(text)
    except ValueError:
        return None
    if math.isnan(value) or value < 0:
        return None
    return value * _UNIT[unit]


YES = OptionSpec("yes", help=verbatim("system/yes_help"), posix=True)


@command("yes", family="system")
def yes(ctx: Context, argv: list[str]) -> int:
    parsed = YES.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    line = (" ".join(parsed.operands) if parsed.operands else "y").encode("utf-8", "surrogateescape") + b"\n"
    chunk = line * max(1, 8192 // len(line))
    while True:  # ends on BrokenPipe (propagates), Ctrl-C or a limit
        ctx.check()
        ctx.out(chunk)


# ----------------------------------------------------------------------------- environment
ENV = OptionSpec("env", short="0iu:C:S:v", long=["null", "ignore-environment", "unset=", "chdir=",
                 "split-string=", "debug", "default-signal=?", "ignore-signal=?", "block-signal=?",
                 "list-signal-handling"], help=verbatim("system/env_help"), usage_status=125, posix=True)


@command("env", family="system")
def env(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    parsed = ENV.parse(ctx, args)
    if isinstance(parsed, int):
        return parsed
    newenv = dict(ctx.env)
    null = False
    cwd = None
    operands = parsed.operands
    if operands and operands[0] == "-":
        newenv, operands = {}, operands[1:]
    for opt, val in parsed.options:
        if opt in ("-i", "--ignore-environment"):
            newenv = {}
        elif opt in ("-0", "--null"):
            null = True
        elif opt in ("-u", "--unset"):
            if not val or "=" in (val or ""):
                ctx.error(f"cannot unset {cquote(val or '')}: Invalid argument")
                return 125
            newenv.pop(val, None)
        elif opt in ("-C", "--chdir"):
            cwd = val
        elif opt in ("-S", "--split-string"):
            operands = (val or "").split() + operands
    while operands and "=" in operands[0] and not operands[0].startswith("="):
        name, _, value = operands.pop(0).partition("=")
        newenv[name] = value
    if not operands:
        if cwd is not None:
            ctx.err("env: must specify command with --chdir (-C)\nTry 'env --help' for more information.\n")
            return 125
        ctx.out("".join(f"{k}={v}" + ("\0" if null else "\n") for k, v in newenv.items()))
        return 0
    if null:
        ctx.err("env: cannot specify --null (-0) with command\nTry 'env --help' for more information.\n")
        return 125
    workdir = ctx.cwd
    if cwd is not None:
        target = posixpath.normpath(ctx.abspath(cwd))
        try:
            ctx.vfs.can_enter(target)
        except OSError as exc:
            ctx.error(f"cannot change directory to {cquote(cwd)}: {strerror(exc)}")
            return 125
        workdir = target
    name = operands[0]
    found = _lookup(ctx, name, newenv.get("PATH", "/bin:/usr/bin"))  # execvp's default
    if isinstance(found, int):
        ctx.error(f"{cquote(name)}: {strerror(found)}")
        return CANNOT_EXECUTE if found == errno.EACCES else NOT_FOUND
    sub = dataclasses.replace(ctx, env=newenv, cwd=workdir, name=name)
    return ctx.runner.run_argv(sub, operands)


def _lookup(ctx: Context, name: str, path: str) -> str | int:
    """The executable `name` resolves to (execvp's search), or an errno."""
    if "/" in name:
        full = ctx.abspath(name)
        if not ctx.vfs.exists(full):
            return errno.ENOENT
        if ctx.vfs.isdir(full) or not ctx.vfs.access(full, 1):
            return errno.EACCES
        return full
    denied = False
    for element in path.split(":"):
        full = posixpath.join(ctx.abspath(element or "."), name)
        if ctx.vfs.isfile(full):
            if ctx.vfs.access(full, 1):
                return full
            denied = True
    return errno.EACCES if denied else errno.ENOENT


PRINTENV = OptionSpec("printenv", short="0", long=["null"], help=verbatim("system/printenv_help"),
                      usage_status=2)


@command("printenv", family="system")
def printenv(ctx: Context, argv: list[str]) -> int:
    parsed = PRINTENV.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    end = "\0" if parsed.has("-0", "--null") else "\n"
    if not parsed.operands:
        ctx.out("".join(f"{k}={v}{end}" for k, v in ctx.env.items()))
        return 0
    status = 0
    for name in parsed.operands:
        if "=" not in name and name in ctx.env:
            ctx.out(ctx.env[name] + end)
        else:
            status = 1
    return status


@command("which", family="system")
def which(ctx: Context, argv: list[str]) -> int:
    # debianutils' which is a sh script using getopts: no long options, no --help
    args = argv[1:]
    every = False
    while args and args[0].startswith("-") and args[0] != "-":
        arg = args.pop(0)
        if arg == "--":
            break
        for c in arg[1:]:
            if c != "a":
                ctx.err(f"Illegal option -{c}\n")
                ctx.out(verbatim("system/which_usage"))
                return 2
            every = True
    status = 1 if not args else 0
    path = ctx.env.get("PATH", "")
    if path.endswith(":"):
        path += ":"
    for name in args:
        ctx.check()
        found = False
        if "/" in name:
            full = ctx.abspath(name)
            if ctx.vfs.isfile(full) and ctx.vfs.access(full, 1):
                ctx.out(name + "\n")
                found = True
        else:
            for element in path.split(":"):
                element = element or "."
                full = posixpath.join(ctx.abspath(element), name)
                if ctx.vfs.isfile(full) and ctx.vfs.access(full, 1):
                    ctx.out(f"{element}/{name}\n")
                    found = True
                    if not every:
                        break
        if not found:
            status = 1
    return status
