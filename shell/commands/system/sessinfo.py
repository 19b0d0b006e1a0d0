"""logname, users, pinky, hostid, arch (GNU coreutils 9.1).

A login session (a utmp entry) exists only at the REPL's terminal, where the learner logged in
on pts/0; `shelldojo run` and scripts are not one, and answer as a host shell under runuser or
`script` does: `logname: no login name`, an empty `users`, pinky's heading alone."""
from __future__ import annotations

import time

from shelldojo.filesystem import accounts
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_START = time.time()  # when the REPL's learner logged in, as far as pinky's When column says


def _spec(name: str, short: str = "", long: list[str] | None = None) -> OptionSpec:
    return OptionSpec(name, short=short, long=long or [], help=verbatim(f"system/{name}_help"),
                      version=verbatim(f"system/{name}_version"))


LOGNAME, USERS, HOSTID, ARCH = _spec("logname"), _spec("users"), _spec("hostid"), _spec("arch")
PINKY = _spec("pinky", "bfhilpqsw", ["lookup"])


def _extra(ctx: Context, operand: str) -> int:
    ctx.err(f"{ctx.name}: extra operand {cquote(operand)}\nTry '{ctx.name} --help' for more information.\n")
    return 1


def login_users(ctx: Context) -> list[str]:
    """Who has a utmp entry: the REPL's logged-in user (and its nested shells), else nobody."""
    if ctx.terminal is None or ctx.host is None:
        return []
    return [ctx.host.login_user]


@command("logname", family="users", summary="print user's login name")
def logname(ctx: Context, argv: list[str]) -> int:
    p = LOGNAME.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    if p.operands:
        return _extra(ctx, p.operands[0])
    names = login_users(ctx)
    if not names:
        ctx.error("no login name")
        return 1
    ctx.out(names[0] + "\n")
    return 0


@command("users", family="users", summary="print the user names of users currently logged in to the current host")
def users(ctx: Context, argv: list[str]) -> int:
    p = USERS.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    if len(p.operands) > 1:
        return _extra(ctx, p.operands[1])
    names = [] if p.operands and p.operands[0] not in ("/var/run/utmp", "/run/utmp") else login_users(ctx)
    if names:
        ctx.out(" ".join(sorted(names)) + "\n")
    return 0


def _gecos(entry: accounts.PasswdEntry | None) -> str:
    return entry.gecos.split(",")[0] if entry is not None else "???"


@command("pinky", family="users", summary="lightweight finger")
def pinky(ctx: Context, argv: list[str]) -> int:
    p = PINKY.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    if p.has("-l"):
        if not p.operands:
            ctx.err("pinky: no username specified; at least one must be specified when using -l\n"
                    "Try 'pinky --help' for more information.\n")
            return 1
        for name in p.operands:
            entry = accounts.user_by_name(ctx.vfs, name)
            ctx.out(f"Login name: {name:<28}In real life:  {_gecos(entry)}\n")
            if entry is None:
                continue
            if not p.has("-b"):
                ctx.out(f"Directory: {entry.home:<29}Shell:  {entry.shell}\n")
            ctx.out("\n")
        return 0
    full = not p.has("-w", "-i", "-q")
    where, idle = not p.has("-i", "-q"), not p.has("-q")
    if not p.has("-f"):  # GNU's columns: login, name, tty, idle, when, where
        ctx.out(f"{'Login':<8}" + (f" {'Name':<19}" if full else "") + f" {' TTY':<9}"
                + (f" {'Idle':<6}" if idle else "") + f" {'When':<16}" + (" Where" if where else "") + "\n")
    stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(_START))
    for name in login_users(ctx):
        if p.operands and name not in p.operands:
            continue
        entry = accounts.user_by_name(ctx.vfs, name)
        ctx.out(f"{name:<8}" + (f" {_gecos(entry):<19.19}" if full else "") + "  pts/0   "
                + (f" {'':<6}" if idle else "") + f" {stamp}" + (" 10.0.2.2" if where else "") + "\n")
    return 0


@command("hostid", family="system", summary="print the numeric identifier for the current host")
def hostid(ctx: Context, argv: list[str]) -> int:
    p = HOSTID.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    if p.operands:
        return _extra(ctx, p.operands[0])
    ctx.out("007f0101\n")  # glibc's gethostid without /etc/hostid: the host's IPv4 (127.0.1.1) with halves swapped
    return 0


@command("arch", family="system", summary="print machine hardware name (same as uname -m)")
def arch(ctx: Context, argv: list[str]) -> int:
    p = ARCH.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    if p.operands:
        return _extra(ctx, p.operands[0])
    ctx.out("x86_64\n")
    return 0
