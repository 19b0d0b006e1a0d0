"""System commands: sleep yes env printenv which whoami id groups hostname uname clear nproc tty.

(`date` lives in date.py.)  Identity comes from ctx.creds and the machine's
/etc/passwd and /etc/group; the machine is "dojo", an Ubuntu 22.04 box on 5.15.
"""
from __future__ import annotations

import dataclasses
import errno
import math
import posixpath
import re
import time

from filesystem import accounts, strerror
from shell.commands import system_help as H
from shell.commands.context import Context, cquote
from shell.commands.options import OptionSpec
from shell.commands.registry import command

VERSION_HOSTNAME = "hostname 3.23\n"


def _extra(ctx: Context, operand: str, status: int = 1) -> int:
    ctx.err(f"{ctx.name}: extra operand {cquote(operand)}\nTry '{ctx.name} --help' for more information.\n")
    return status


# ----------------------------------------------------------------------------- sleep, yes
SLEEP = OptionSpec("sleep", help=H.SLEEP_HELP)
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
    # wait in small steps so Ctrl-C and the time limit stop us
    end = time.monotonic() + min(total, 1e9)
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


YES = OptionSpec("yes", help=H.YES_HELP, posix=True)


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
                 "list-signal-handling"], help=H.ENV_HELP, usage_status=125, posix=True)


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
        return 126 if found == errno.EACCES else 127
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


PRINTENV = OptionSpec("printenv", short="0", long=["null"], help=H.PRINTENV_HELP, usage_status=2)


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


WHICH_USAGE = "Usage: /usr/bin/which [-a] args\n"


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
                ctx.out(WHICH_USAGE)
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


# ----------------------------------------------------------------------------- identity
WHOAMI = OptionSpec("whoami", help=H.WHOAMI_HELP)


@command("whoami", family="system")
def whoami(ctx: Context, argv: list[str]) -> int:
    parsed = WHOAMI.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.operands:
        return _extra(ctx, parsed.operands[0])
    user = accounts.user_by_uid(ctx.vfs, ctx.creds.uid)
    if user is None:
        ctx.error(f"cannot find name for user ID {ctx.creds.uid}")
        return 1
    ctx.out(user.name + "\n")
    return 0


ID = OptionSpec("id", short="agGnruzZ", long=["context", "group", "groups", "name", "real", "user", "zero"],
                help=H.ID_HELP)


def _find_user(ctx: Context, name: str) -> accounts.User | None:
    user = accounts.user_by_name(ctx.vfs, name)
    if user is None and name.isdigit():
        user = accounts.user_by_uid(ctx.vfs, int(name))
    return user


def _ident(ctx: Context, user: accounts.User | None) -> tuple[int, int, list[int]]:
    """uid, gid and groups (primary first) of a named user or of the current process."""
    if user is not None:
        return user.uid, user.gid, accounts.supplementary_gids(ctx.vfs, user.name, user.gid)
    c = ctx.creds
    return c.uid, c.gid, [c.gid, *sorted(g for g in c.groups if g != c.gid)]


@command("id", family="system")
def id_(ctx: Context, argv: list[str]) -> int:
    parsed = ID.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    opts = {o for o, _ in parsed.options}
    if opts & {"-Z", "--context"}:
        ctx.error("--context (-Z) works only on an SELinux-enabled kernel")
        return 1
    which_ = [k for k, names in (("u", {"-u", "--user"}), ("g", {"-g", "--group"}), ("G", {"-G", "--groups"}))
              if opts & names]
    names_only, zero = bool(opts & {"-n", "--name"}), bool(opts & {"-z", "--zero"})
    if len(which_) > 1:
        ctx.error('cannot print "only" of more than one choice')
        return 1
    if not which_ and (names_only or opts & {"-r", "--real"}):
        ctx.error("cannot print only names or real IDs in default format")
        return 1
    if not which_ and zero:
        ctx.error("option --zero not permitted in default format")
        return 1
    status = 0
    for name in parsed.operands or [None]:
        user = None
        if name is not None:
            user = _find_user(ctx, name)
            if user is None:
                ctx.error(f"{cquote(name)}: no such user")
                status = 1
                continue
        uid, gid, gids = _ident(ctx, user)
        end = "\0" if zero else "\n"
        if which_:
            ids = [uid] if which_[0] == "u" else [gid] if which_[0] == "g" else gids
            lookup = accounts.user_name if which_[0] == "u" else accounts.group_name
            words = [lookup(ctx.vfs, i) if names_only else str(i) for i in ids]
            ctx.out(("\0" if zero else " ").join(words) + end)
            continue
        ctx.out(f"uid={_named(uid, accounts.user_by_uid(ctx.vfs, uid))} gid={_gnamed(ctx, gid)} groups="
                + ",".join(_gnamed(ctx, g) for g in gids) + "\n")
    return status


def _named(uid: int, user: accounts.User | None) -> str:
    return f"{uid}({user.name})" if user else str(uid)


def _gnamed(ctx: Context, gid: int) -> str:
    group = accounts.group_by_gid(ctx.vfs, gid)
    return f"{gid}({group.name})" if group else str(gid)


GROUPS = OptionSpec("groups", help=H.GROUPS_HELP)


@command("groups", family="system")
def groups(ctx: Context, argv: list[str]) -> int:
    parsed = GROUPS.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not parsed.operands:
        _, _, gids = _ident(ctx, None)
        ctx.out(" ".join(accounts.group_name(ctx.vfs, g) for g in gids) + "\n")
        return 0
    status = 0
    for name in parsed.operands:
        user = _find_user(ctx, name)
        if user is None:
            ctx.error(f"{cquote(name)}: no such user")
            status = 1
            continue
        _, _, gids = _ident(ctx, user)
        ctx.out(f"{name} : " + " ".join(accounts.group_name(ctx.vfs, g) for g in gids) + "\n")
    return status


# ----------------------------------------------------------------------------- the machine
HOSTNAME = OptionSpec("hostname", short="aAbdfF:iIsyhV", long=["alias", "all-fqdns", "boot", "domain", "fqdn",
                      "long", "file=", "ip-address", "all-ip-addresses", "short", "yp", "nis"],
                      help=H.HOSTNAME_HELP, version=VERSION_HOSTNAME, usage_status=255)


@command("hostname", family="system", directory="/usr/bin")
def hostname(ctx: Context, argv: list[str]) -> int:
    parsed = HOSTNAME.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    opts = [o for o, _ in parsed.options]
    if "-h" in opts:
        ctx.out(H.HOSTNAME_HELP)
        return 0
    if "-V" in opts:
        ctx.out(VERSION_HOSTNAME)
        return 0
    name = ctx.machine.hostname
    if parsed.operands:
        if len(parsed.operands) > 1:
            ctx.err(H.HOSTNAME_HELP)
            return 255
        if not ctx.creds.is_root:
            ctx.error("you must be root to change the host name")
            return 1
        try:
            ctx.vfs.write_bytes("/etc/hostname", (parsed.operands[0] + "\n").encode())
        except OSError as exc:
            ctx.error(strerror(exc))
            return 1
        return 0
    last = opts[-1] if opts else ""
    if last in ("-s", "--short"):
        ctx.out(name.split(".")[0] + "\n")
    elif last in ("-d", "--domain", "-y", "--yp", "--nis"):
        ctx.out(("".join(name.partition(".")[2]) if "-y" not in last and "yp" not in last and "nis" not in last
                 else "(none)") + "\n")
    elif last in ("-i", "--ip-address"):
        ctx.out("127.0.1.1\n")
    elif last in ("-I", "--all-ip-addresses"):
        ctx.out("10.0.2.15 \n")
    elif last in ("-A", "--all-fqdns"):
        ctx.out(f"{name} \n")
    elif last in ("-a", "--alias"):
        ctx.out("\n")
    else:
        ctx.out(name + "\n")
    return 0


UNAME = OptionSpec("uname", short="asnrvmpio", long=["all", "kernel-name", "nodename", "kernel-release",
                   "kernel-version", "machine", "processor", "hardware-platform", "operating-system"],
                   help=H.UNAME_HELP)
_UNAME_FIELDS = "snrvmpio"
_UNAME_LONG = {"--kernel-name": "s", "--nodename": "n", "--kernel-release": "r", "--kernel-version": "v",
               "--machine": "m", "--processor": "p", "--hardware-platform": "i", "--operating-system": "o"}


@command("uname", family="system")
def uname(ctx: Context, argv: list[str]) -> int:
    parsed = UNAME.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.operands:
        return _extra(ctx, parsed.operands[0])
    wanted: set[str] = set()
    for opt, _ in parsed.options:
        if opt in ("-a", "--all"):
            wanted |= set(_UNAME_FIELDS)
        else:
            wanted.add(_UNAME_LONG.get(opt, opt[1:]))
    values = {"s": "Linux", "n": ctx.machine.hostname, "r": "5.15.0-91-generic",
              "v": "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023", "m": "x86_64", "p": "x86_64",
              "i": "x86_64", "o": "GNU/Linux"}
    ctx.out(" ".join(values[f] for f in _UNAME_FIELDS if f in (wanted or {"s"})) + "\n")
    return 0


NPROC = OptionSpec("nproc", long=["all", "ignore="], help=H.NPROC_HELP)


@command("nproc", family="system")
def nproc(ctx: Context, argv: list[str]) -> int:
    parsed = NPROC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.operands:
        return _extra(ctx, parsed.operands[0])
    ignore = 0
    for opt, val in parsed.options:
        if opt == "--ignore":
            text = (val or "").strip()
            if not text.isdigit():
                ctx.error(f"invalid number: {cquote(val or '')}")
                return 1
            ignore = int(text)
    ctx.out(f"{max(1, 2 - ignore)}\n")
    return 0


# clear's output per terminal type, as ncurses 6.4's terminfo says (clear, then E3)
_CLEAR = {"xterm": ("\x1b[H\x1b[2J", "\x1b[3J"), "xterm-color": ("\x1b[H\x1b[2J", ""),
          "linux": ("\x1b[H\x1b[J", "\x1b[3J"), "tmux": ("\x1b[H\x1b[J", "\x1b[3J"),
          "screen": ("\x1b[H\x1b[J", ""), "vt100": ("\x1b[H\x1b[J", ""), "vt220": ("\x1b[H\x1b[J", ""),
          "ansi": ("\x1b[H\x1b[J", ""), "rxvt": ("\x1b[H\x1b[2J", "")}
CLEAR_USAGE = ("Usage: clear [options]\n\nOptions:\n  -T TERM     use this instead of $TERM\n"
               "  -V          print curses-version\n  -x          do not try to clear scrollback\n")


@command("clear", family="system")
def clear(ctx: Context, argv: list[str]) -> int:
    term = ctx.env.get("TERM")
    scrollback = True
    args = argv[1:]
    while args and args[0].startswith("-") and args[0] != "-":
        arg = args.pop(0)
        j = 1
        while j < len(arg):
            c = arg[j]
            j += 1
            if c == "x":
                scrollback = False
            elif c == "V":
                ctx.out("ncurses 6.4.20221231\n")
                return 0
            elif c == "T" and (arg[j:] or args):
                term = arg[j:] or args.pop(0)
                break
            else:
                ctx.err(f"clear: {'invalid option' if c != 'T' else 'option requires an argument'} -- '{c}'\n")
                ctx.err(CLEAR_USAGE)
                return 1
    if args:
        ctx.err(CLEAR_USAGE)
        return 1
    if not term:
        ctx.err("TERM environment variable not set.\n")
        return 1
    if term == "dumb":
        return 1
    seq = _CLEAR.get(term) or _CLEAR.get(term.split("-")[0]) if term != "xterm-color" else _CLEAR[term]
    if seq is None:
        ctx.err(f"'{term}': unknown terminal type.\n")
        return 1
    ctx.out(seq[0] + (seq[1] if scrollback else ""))
    return 0


TTY = OptionSpec("tty", short="s", long=["silent", "quiet"], help=H.TTY_HELP, usage_status=2)


@command("tty", family="system")
def tty(ctx: Context, argv: list[str]) -> int:
    parsed = TTY.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.operands:
        return _extra(ctx, parsed.operands[0], 2)
    is_tty = ctx.stdin.isatty()
    if not parsed.options:
        ctx.out("/dev/pts/0\n" if is_tty else "not a tty\n")
    return 0 if is_tty else 1
