"""wall and last (util-linux 2.38) over the machine's one login: the learner's session on pts/0
from 10.0.2.2 (as who and w report it) since the machine booted (hardware.boot_time).

wall writes to the terminals of the logged-in users: the session's own terminal in the REPL;
without a terminal (a script, `shelldojo run`) nobody is logged in to see it, and nothing shows,
as on a host where no one is logged in.  last reads a wtmp of three records: the boot, the
runlevel change and the session, still logged in."""
from __future__ import annotations

import time

from shelldojo.filesystem import accounts, strerror
from shelldojo.shell.commands.users.info import _START, _login_user
from shelldojo.shell.commands.utils.runs import _short_opts
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

TERM_WIDTH = 79


def _ctime(t: float) -> str:
    g = time.gmtime(t)
    return time.strftime("%a %b ", g) + f"{g.tm_mday:2d}" + time.strftime(" %H:%M:%S %Y", g)


# ----------------------------------------------------------------------------- wall
@command("wall", family="utils", summary="write a message to all users")
def wall(ctx: Context, argv: list[str]) -> int:
    parsed = _short_opts(ctx, "wall", argv[1:], {"n": False, "t": True, "g": True, "h": False, "V": False},
                         {"nobanner": "n", "timeout": "t", "group": "g", "help": "h", "version": "V"}, 1)
    if isinstance(parsed, int):
        return parsed
    opts, words = parsed
    letters = {c for c, _ in opts}
    if letters & {"h", "V"}:
        ctx.out(verbatim("utils/wall_help") if "h" in letters else verbatim("utils/wall_version"))
        return 0
    banner = True
    for c, value in opts:
        if c == "n":
            if ctx.creds.is_root:
                banner = False
            else:
                ctx.err("wall: --nobanner is available only for root\n")
        elif c == "t" and (not value.isdigit() or int(value) == 0):
            ctx.err(f"wall: invalid timeout argument: {value}\n" if value.isdigit() else
                    f"wall: invalid timeout argument: '{value}'\n")
            return 1
        elif c == "g" and accounts.group_by_name(ctx.vfs, value) is None and not value.isdigit():
            ctx.err(f"wall: invalid group argument: '{value}'\n")
            return 1
    lines: list[str]
    if len(words) == 1 and ctx.vfs.exists(ctx.abspath(words[0])):
        try:
            lines = ctx.vfs.read_bytes(ctx.abspath(words[0])).decode("utf-8", "replace").splitlines()
        except OSError as exc:
            ctx.err(f"wall: {words[0]}: {strerror(exc)}\n")
            return 1
    elif words:
        lines = [" ".join(words)]
    else:
        lines = [raw.decode("utf-8", "replace").rstrip("\n") for raw in ctx.stdin_lines()]
    if ctx.terminal is None:
        return 0     # no logged-in terminal to write to
    text = ""
    if banner:
        who = accounts.user_name(ctx.vfs, ctx.creds.uid)
        head = f"Broadcast message from {who}@{ctx.machine.hostname} (pts/0) ({_ctime(time.time())}):"
        text += f"\r{'':>{TERM_WIDTH}}\r\n{head:<{TERM_WIDTH}.{TERM_WIDTH}}\a\a\r\n"
    text += f"{'':>{TERM_WIDTH}}\r\n" + "".join(line + "\r\n" for line in lines) + f"{'':>{TERM_WIDTH}}\r\n"
    ctx.err(text)
    return 0


# ----------------------------------------------------------------------------- last
def _records(ctx: Context) -> list[tuple[str, str, str, float, str]]:
    """(user, line, host, login time, state), newest first, as wtmp holds them."""
    hw = ctx.machine.hardware
    boot = hw.boot_time
    return [(_login_user(ctx), "pts/0", "10.0.2.2", _START, "logged in"),
            ("runlevel", "(to lvl 5)", hw.kernel_release, boot + 6, "running"),
            ("reboot", "system boot", hw.kernel_release, boot, "running")]


@command("last", family="utils", summary="show a listing of last logged in users")
def last(ctx: Context, argv: list[str]) -> int:
    args = [f"-n{a[1:]}" if a[:1] == "-" and a[1:].isdigit() else a for a in argv[1:]]
    parsed = _short_opts(ctx, "last", args, {**dict.fromkeys("adFhiRwxVT", False), **dict.fromkeys("fnpst", True)},
                         {"hostlast": "a", "dns": "d", "file": "f", "fulltimes": "F", "ip": "i", "limit": "n",
                          "nohostname": "R", "present": "p", "since": "s", "until": "t", "fullnames": "w",
                          "system": "x", "time-format": "T", "help": "h", "version": "V"}, 1)
    if isinstance(parsed, int):
        return parsed
    opts, names = parsed
    letters = {c for c, _ in opts}
    if letters & {"h", "V"}:
        ctx.out(verbatim("utils/last_help") if "h" in letters else verbatim("utils/last_version"))
        return 0
    limit = 0
    for c, value in opts:
        if c == "n":
            if not value.isdigit():
                ctx.err(f"last: failed to parse number: '{value}'\n")
                return 1
            limit = int(value)
        elif c == "f" and value not in ("/var/log/wtmp", "/var/log/btmp") and not ctx.vfs.exists(ctx.abspath(value)):
            ctx.err(f"last: cannot open {value}: No such file or directory\n")
            return 1
    records = [r for r in _records(ctx) if "x" in letters or r[0] != "runlevel"]
    if names:
        records = [r for r in records if r[0] in names or r[1] in names or r[1] == f"pts/{names[0]}"]
    if limit:
        records = records[:limit]
    full = "F" in letters
    out = []
    for user, line, host, when, state in records:
        g = time.gmtime(when)
        login = _ctime(when) if full else time.strftime("%a %b ", g) + f"{g.tm_mday:2d}" + time.strftime(" %H:%M", g)
        where = "" if "R" in letters else f"{host:<16.16} "
        out.append(f"{user:<8.8} {line:<12.12} {where}{login}   still {state}\n")
    boot = ctx.machine.hardware.boot_time
    ctx.out("".join(out) + f"\nwtmp begins {_ctime(boot)}\n")
    return 0
