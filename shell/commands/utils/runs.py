"""Commands of util-linux 2.38 that run another command: setsid and flock.

The command runs through ctx.runner as nice's does (shell/commands/system/runners.py).  flock's
locks are held in a table of the machine's (a lock file on the virtual disk, held while the
command runs): a second flock on the same file waits, fails at once (-n), or gives up after -w
seconds, the wait checking the budget so Ctrl-C and the time limit end it."""
from __future__ import annotations

import dataclasses
import errno
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.system.system import _lookup
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

EX_USAGE, EX_DATAERR, EX_NOINPUT, EX_UNAVAILABLE = 64, 65, 66, 69
_LOCKS: weakref.WeakKeyDictionary[object, dict[str, list[bool]]] = weakref.WeakKeyDictionary()


def _try_help(ctx: Context, tool: str, message: str, status: int) -> int:
    ctx.err(f"{tool}: {message}\nTry '{tool} --help' for more information.\n")
    return status


def _exec(ctx: Context, tool: str, cmd: list[str], fail_status: int | None = None) -> int:
    """Run cmd as exec would; util-linux's 'failed to execute' when it cannot start."""
    found = _lookup(ctx, cmd[0], ctx.env.get("PATH", "/bin:/usr/bin"))
    if isinstance(found, int):
        ctx.err(f"{tool}: failed to execute {cmd[0]}: {strerror(found)}\n")
        if fail_status is not None:
            return fail_status
        return 126 if found == errno.EACCES else 127
    return ctx.runner.run_argv(dataclasses.replace(ctx, name=cmd[0]), cmd)


def _short_opts(ctx: Context, tool: str, args: list[str], spec: dict[str, bool],
                longs: dict[str, str], status: int) -> tuple[list[tuple[str, str]], list[str]] | int:
    """Options up to the first operand ('+' getopt), as (letter, value); spec: letter -> takes a value."""
    opts: list[tuple[str, str]] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            return opts, args[i:]
        if not arg.startswith("-") or arg == "-":
            return opts, args[i - 1:]
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            matches = [name] if name in longs else [n for n in longs if n.startswith(name)]
            if len(matches) != 1:
                return _try_help(ctx, tool, f"unrecognized option '{arg}'" if not matches else
                                 f"option '{arg}' is ambiguous", status)
            c = longs[matches[0]]
            if spec[c] and not eq:
                if i >= len(args):
                    return _try_help(ctx, tool, f"option '--{matches[0]}' requires an argument", status)
                value, i = args[i], i + 1
            opts.append((c, value))
            continue
        j = 1
        while j < len(arg):
            c = arg[j]
            j += 1
            if c not in spec:
                return _try_help(ctx, tool, f"invalid option -- '{c}'", status)
            if not spec[c]:
                opts.append((c, ""))
                continue
            value = arg[j:]
            if not value:
                if i >= len(args):
                    return _try_help(ctx, tool, f"option requires an argument -- '{c}'", status)
                value, i = args[i], i + 1
            opts.append((c, value))
            break
    return opts, []


# ----------------------------------------------------------------------------- setsid
@command("setsid", family="utils", summary="run a program in a new session")
def setsid(ctx: Context, argv: list[str]) -> int:
    parsed = _short_opts(ctx, "setsid", argv[1:], {"c": False, "f": False, "w": False, "h": False, "V": False},
                         {"ctty": "c", "fork": "f", "wait": "w", "help": "h", "version": "V"}, 1)
    if isinstance(parsed, int):
        return parsed
    opts, cmd = parsed
    letters = {c for c, _ in opts}
    if "h" in letters or "V" in letters:
        ctx.out(verbatim("utils/setsid_help") if "h" in letters else verbatim("utils/setsid_version"))
        return 0
    if not cmd:
        return _try_help(ctx, "setsid", "no command specified", 1)
    status = _exec(ctx, "setsid", cmd)
    # a process group leader (an interactive shell's job) forks: the parent exits at once with 0
    if ("f" in letters or ctx.interactive) and "w" not in letters and status < 126:
        return 0
    return status


# ----------------------------------------------------------------------------- flock
_FLOCK_SPEC = {"s": False, "e": False, "x": False, "n": False, "o": False, "u": False, "w": True,
               "E": True, "F": False, "h": False, "V": False}
_FLOCK_LONG = {"shared": "s", "exclusive": "x", "nonblock": "n", "nb": "n", "close": "o", "unlock": "u",
               "timeout": "w", "wait": "w", "conflict-exit-code": "E", "no-fork": "F", "verbose": "v",
               "help": "h", "version": "V"}


@contextmanager
def _holding(ctx: Context, key: str, shared: bool, wait: float | None) -> Iterator[bool]:
    """Take the lock (shared or exclusive) on key, waiting up to `wait` seconds (None: forever)."""
    table = _LOCKS.setdefault(ctx.machine, {})
    deadline = None if wait is None else time.monotonic() + wait
    while True:
        holders = table.get(key, [])
        if not holders or (shared and all(holders)):
            break
        if deadline is not None and time.monotonic() >= deadline:
            yield False
            return
        ctx.check()
        time.sleep(0.02)
    table.setdefault(key, []).append(shared)
    try:
        yield True
    finally:
        table[key].remove(shared)
        if not table[key]:
            del table[key]


@command("flock", family="utils", summary="manage locks from shell scripts")
def flock(ctx: Context, argv: list[str]) -> int:
    spec = dict(_FLOCK_SPEC)
    parsed = _short_opts(ctx, "flock", argv[1:], spec | {"v": False}, _FLOCK_LONG, EX_USAGE)
    if isinstance(parsed, int):
        return parsed
    opts, rest = parsed
    if any(c == "v" for c, _ in opts) and "--verbose" not in argv:
        return _try_help(ctx, "flock", "invalid option -- 'v'", EX_USAGE)
    shared, wait, conflict, unlock = False, None, 1, False
    for c, value in opts:
        if c in "hV":
            ctx.out(verbatim("utils/flock_help") if c == "h" else verbatim("utils/flock_version"))
            return 0
        if c == "s":
            shared = True
        elif c in "ex":
            shared = False
        elif c == "n":
            wait = 0.0
        elif c == "u":
            unlock = True
        elif c == "w":
            try:
                wait = float(value)
            except ValueError:
                ctx.err(f"flock: invalid timeout value: '{value}'\n")
                return EX_USAGE
        elif c == "E":
            if not value.isdigit() or int(value) > 255:
                ctx.err(f"flock: invalid exit code: '{value}'\n")
                return EX_USAGE
            conflict = int(value)
    if not rest:
        return _try_help(ctx, "flock", "not enough arguments", EX_USAGE)
    target, cmd = rest[0], rest[1:]
    if cmd[:1] in (["-c"], ["--command"]):
        if len(cmd) != 2:
            return _try_help(ctx, "flock", f"{cmd[0]} requires exactly one command argument", EX_USAGE)
        cmd = [ctx.env.get("SHELL", "/bin/sh") or "/bin/sh", "-c", cmd[1]]
    if not cmd:
        if not target.isdigit():
            ctx.err(f"flock: bad file descriptor: '{target}'\n")
            return EX_USAGE
        fds = ctx.extra.get("fds", {})
        if int(target) > 2 and int(target) not in fds:  # type: ignore[operator]
            ctx.err(f"flock: {target}: Bad file descriptor\n")
            return EX_DATAERR
        return 0
    path = ctx.abspath(target)
    try:
        if not ctx.vfs.isdir(path):
            ctx.vfs.write_bytes(path, b"", append=True)  # O_CREAT, as flock opens its lock file
    except OSError as exc:
        ctx.err(f"flock: cannot open lock file {target}: {strerror(exc)}\n")
        return EX_NOINPUT
    if unlock:
        return _exec(ctx, "flock", cmd, EX_UNAVAILABLE)
    with _holding(ctx, ctx.vfs.realpath(path), shared, wait) as got:
        if not got:
            return conflict
        return _exec(ctx, "flock", cmd, EX_UNAVAILABLE)
