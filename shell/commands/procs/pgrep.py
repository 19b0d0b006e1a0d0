"""pgrep and pkill (procps-ng 4.0.2), pidof: find processes of the machine's table by name.

pgrep and pkill share one selection (pattern on the name or, with -f, the command line; -u,
-U, -G, -P, -t, -r; -n/-o; -v) and differ in what they do with it: list, or signal.
Exit statuses as procps: 0 something matched, 1 nothing did, 2 a usage error, 3 fatal.
"""
from __future__ import annotations

import errno
import re

from shelldojo.filesystem import accounts
from shelldojo.filesystem.processes import Process, signal_number
from shelldojo.shell import regexengine
from shelldojo.shell.commands.system.sysinfo import PROCPS_VERSION, ProcpsSpec
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_LONG = ["delimiter=", "list-name", "list-full", "inverse", "lightweight", "count", "full", "pgroup=",
         "group=", "ignore-case", "newest", "oldest", "older=", "parent=", "session=", "terminal=", "euid=",
         "uid=", "exact", "pidfile=", "logpidfile", "runstates=", "ignore-ancestors", "cgroup=", "ns=",
         "nslist=", "help", "version"]


def _spec(name: str) -> ProcpsSpec:
    kill = name == "pkill"
    short = ("q:e" if kill else "d:lavwc") + "fg:G:inoO:P:s:t:u:U:xF:Lr:AhV"
    long = _LONG + (["signal=", "queue=", "echo"] if kill else [])
    return ProcpsSpec(name, short=short, long=long, help=verbatim(f"procs/{name}_help"),
                      version=PROCPS_VERSION.format(name), usage_status=2)


def _fail(ctx: Context, name: str, message: str) -> int:
    ctx.err(f"{name}: {message}\nTry `{name} --help' for more information.\n")
    return 2


def _ids(ctx: Context, name: str, text: str, kind: str) -> set[int] | str:
    """A comma list of user or group names/numbers; the error text when one is unknown."""
    out: set[int] = set()
    for item in text.split(","):
        if item.isdigit():
            out.add(int(item))
            continue
        if kind == "user":
            u = accounts.user_by_name(ctx.vfs, item)
            if u is None:
                return f"invalid user name: {item}"
            out.add(u.uid)
        else:
            g = accounts.group_by_name(ctx.vfs, item)
            if g is None:
                return f"invalid group name: {item}"
            out.add(g.gid)
    return out


def _select(ctx: Context, name: str, argv: list[str]) -> tuple[list[Process], dict[str, str | None], int | None] | int:
    """Parse the shared options and return (matching processes, options, signal) or a status."""
    args = argv[1:]
    signum = None
    if name == "pkill" and args and args[0].startswith("-") and len(args[0]) > 1:
        num = signal_number(args[0][1:])
        if num is not None:   # `pkill -9 x`, `pkill -KILL x`: the signal comes first
            signum, args = num, args[1:]
    parsed = _spec(name).parse(ctx, args)
    if isinstance(parsed, int):
        return parsed
    opts: dict[str, str | None] = {}
    aliases = {"--delimiter": "-d", "--list-name": "-l", "--list-full": "-a", "--inverse": "-v", "--count": "-c",
               "--full": "-f", "--group": "-G", "--ignore-case": "-i", "--newest": "-n", "--oldest": "-o",
               "--parent": "-P", "--terminal": "-t", "--euid": "-u", "--uid": "-U", "--exact": "-x",
               "--runstates": "-r", "--echo": "-e", "--signal": "--signal", "--help": "-h", "--version": "-V"}
    for opt, value in parsed.options:
        opts[aliases.get(opt, opt)] = value
    if "-h" in opts:
        ctx.out(verbatim(f"procs/{name}_help"))
        return 0
    if "-V" in opts:
        ctx.out(PROCPS_VERSION.format(name))
        return 0
    if "--signal" in opts:
        num = signal_number(opts["--signal"] or "")
        if num is None:
            return _fail(ctx, name, f"Unknown signal \"{opts['--signal']}\".")
        signum = num
    if len(parsed.operands) > 1:
        return _fail(ctx, name, "only one pattern can be provided")
    criteria = ("-G", "-P", "-t", "-u", "-U", "-r")
    if not parsed.operands and not any(c in opts for c in criteria):
        return _fail(ctx, name, "no matching criteria specified")
    if "-n" in opts and "-o" in opts:
        ctx.err(verbatim(f"procs/{name}_help"))
        return 2
    rx = None
    if parsed.operands:
        try:
            rx = regexengine.compile(parsed.operands[0], re.IGNORECASE if "-i" in opts else 0)
        except re.error:
            ctx.err(f"{name}: regex error: Invalid regular expression\n")
            return 2
    users = groups = real = None
    for key, kind in (("-u", "user"), ("-U", "user"), ("-G", "group")):
        if key in opts:
            ids = _ids(ctx, name, opts[key] or "", kind)
            if isinstance(ids, str):
                ctx.err(f"{name}: {ids}\n")
                return 2
            if key == "-u":
                users = ids
            elif key == "-U":
                real = ids
            else:
                groups = ids
    parents = {int(x) for x in (opts.get("-P") or "").split(",") if x.isdigit()} if "-P" in opts else None
    ttys = {t.removeprefix("/dev/") for t in (opts.get("-t") or "").split(",")} if "-t" in opts else None
    states = set(opts.get("-r") or "") if "-r" in opts else None
    me = ctx.machine.procs.current()
    found = []
    for p in ctx.machine.procs:
        if p.pid == me:
            continue   # pgrep never lists itself
        ok = True
        if rx is not None:
            text = p.cmdline if "-f" in opts and not p.kernel and p.argv else p.comm
            ok = (rx.fullmatch(text) if "-x" in opts else rx.search(text)) is not None
        ok = ok and (users is None or p.uid in users) and (real is None or p.uid in real)
        ok = ok and (groups is None or p.gid in groups) and (parents is None or p.ppid in parents)
        ok = ok and (ttys is None or p.tty in ttys) and (states is None or p.state in states)
        if ok != ("-v" in opts):
            found.append(p)
    if found and ("-n" in opts or "-o" in opts):
        key = (lambda p: (p.start, p.pid))
        found = [max(found, key=key) if "-n" in opts else min(found, key=key)]
    return found, opts, signum


@command("pgrep", "system", summary="look up processes based on name and other attributes")
def pgrep(ctx: Context, argv: list[str]) -> int:
    picked = _select(ctx, "pgrep", argv)
    if isinstance(picked, int):
        return picked
    found, opts, _ = picked
    if "-c" in opts:
        ctx.out(f"{len(found)}\n")
        return 0 if found else 1
    if "-a" in opts:
        lines = [f"{p.pid} {p.cmdline}" for p in found]
    elif "-l" in opts:
        lines = [f"{p.pid} {p.comm}" for p in found]
    else:
        lines = [str(p.pid) for p in found]
    if lines:
        delim = opts.get("-d")
        ctx.out((delim.join(lines) if delim is not None else "\n".join(lines)) + "\n")
    return 0 if found else 1


@command("pkill", "system", summary="signal processes based on name and other attributes")
def pkill(ctx: Context, argv: list[str]) -> int:
    picked = _select(ctx, "pkill", argv)
    if isinstance(picked, int):
        return picked
    found, opts, signum = picked
    killed = 0
    for p in found:
        try:
            ctx.machine.procs.signal(p.pid, 15 if signum is None else signum, ctx.creds.uid)
        except OSError as exc:
            if exc.errno != errno.ESRCH:
                ctx.err(f"pkill: killing pid {p.pid} failed: Operation not permitted\n")
            continue
        killed += 1
        if "-e" in opts:
            ctx.out(f"{p.comm} killed (pid {p.pid})\n")
    return 0 if killed else 1


@command("pidof", "system", summary="find the process ID of a running program")
def pidof(ctx: Context, argv: list[str]) -> int:
    """pidof (procps-ng): the pids of the named programs, newest first; 1 when none."""
    names: list[str] = []
    single = quiet = False
    sep, omit = " ", set()
    args = argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a.startswith("-") and len(a) > 1 and a != "--":
            for j, c in enumerate(a[1:], 1):
                if c == "h":
                    ctx.out(verbatim("procs/pidof_help"))
                    return 0
                if c in "do":
                    value = a[j + 1:] or (args[i] if i < len(args) else "")
                    i += 0 if a[j + 1:] else 1
                    if c == "d":
                        sep = value
                    else:
                        omit |= {int(x) for x in value.split(",") if x.isdigit()}
                    break
                single |= c == "s"
                quiet |= c == "q"
            continue
        names.append(a)
    me = ctx.machine.procs.current()
    found = [p for p in reversed(list(ctx.machine.procs))
             if not p.kernel and p.pid != me and p.pid not in omit and p.state != "Z"
             and any(n in (p.comm, p.argv[0].rsplit("/", 1)[-1] if p.argv else "", p.exe) for n in names)]
    if single:
        found = found[:1]
    if found and not quiet:
        ctx.out(sep.join(str(p.pid) for p in found) + "\n")
    return 0 if found else 1
