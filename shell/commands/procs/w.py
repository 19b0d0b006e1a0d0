"""w (procps-ng 4.0.2): the uptime line, then who is logged in and what they are doing.

The machine's one login is the learner's session as `who` reports it (pts/0 from 10.0.2.2,
logged in when the session started); JCPU and WHAT come from the process table: the session's
processes, and the newest of them (w itself when run from the shell)."""
from __future__ import annotations

import time

from shelldojo.filesystem import accounts
from shelldojo.filesystem.processes import FIRST_USER_PID
from shelldojo.shell.commands.procs.top_text import uptime_line
from shelldojo.shell.commands.users.info import _START, _login_user
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

USERLEN, FROMLEN = 8, 16
MIN_CMD, MAX_CMD = 7, 512
TTY, FROM = "pts/0", "10.0.2.2"
_LONG = {"--no-header": "h", "--no-current": "u", "--short": "s", "--from": "f", "--old-style": "o",
         "--ip-addr": "i", "--version": "V", "--help": "help"}


def ival7(t: float, centi: int, old: bool = False) -> str:
    """procps w's print_time_ival7: a 7-column interval."""
    s = int(t)
    if s >= 48 * 3600:
        return f" {s // 86400:2d}days"
    if s >= 3600:
        return f" {s // 3600:2d}:{s // 60 % 60:02d}" + (" " if old else "m")
    if s > 60:
        return f" {s // 60:2d}:{s % 60:02d}" + ("m" if old else " ")
    return "       " if old else f" {s:2d}.{centi:02d}s"


def _login_time(login: float, now: float) -> str:
    lt, cur = time.gmtime(login), time.gmtime(now)
    if now - login > 12 * 3600 and lt.tm_yday != cur.tm_yday:
        if now - login > 6 * 86400:
            return f" {lt.tm_mday:02d}{time.strftime('%b', lt):>3}{lt.tm_year % 100:02d}"
        return f" {time.strftime('%a', lt):>3}{lt.tm_hour:02d}  "
    return f" {lt.tm_hour:02d}:{lt.tm_min:02d}  "


def _usage(ctx: Context, bad: str) -> int:
    ctx.err(f"w: {bad}\n" + verbatim("procs/w_help"))
    return 1


@command("w", family="system", summary="Show who is logged on and what they are doing.")
def w(ctx: Context, argv: list[str]) -> int:
    flags: set[str] = set()
    from_ = True
    operands: list[str] = []
    for a in argv[1:]:
        if a.startswith("--") and a != "--":
            letter = _LONG.get(a)
            if letter is None:
                return _usage(ctx, f"unrecognized option '{a}'")
            letters = [letter]
        elif a.startswith("-") and a not in ("-", "--"):
            letters = list(a[1:])
        else:
            operands.append(a)
            continue
        for ch in letters:
            if ch == "help":
                ctx.out(verbatim("procs/w_help"))
                return 0
            if ch == "V":
                ctx.out("w from procps-ng 4.0.2\n")
                return 0
            if ch not in "husfoi":
                return _usage(ctx, f"invalid option -- '{ch}'")
            if ch == "f":
                from_ = not from_
            elif ch == "i":
                from_ = True
            flags.add(ch)
    long = "s" not in flags
    old = "o" in flags
    now = time.time()
    if "h" not in flags:
        head = f"{'USER':<{USERLEN}} TTY      " + (f"{'FROM':<{FROMLEN - 1}}" if from_ else "")
        head += "  LOGIN@   IDLE   JCPU   PCPU WHAT" if long else "   IDLE WHAT"
        ctx.out(uptime_line(ctx, now) + "\n" + head + "\n")
    user = _login_user(ctx)
    if operands and operands[0] != user:
        return 0
    ctx.out(_row(ctx, user, now, long, old, from_) + "\n")
    return 0


def _row(ctx: Context, user: str, now: float, long: bool, old: bool, from_: bool) -> str:
    account = accounts.user_by_name(ctx.vfs, user)
    uid = account.uid if account is not None else ctx.creds.uid
    mine = [p for p in ctx.machine.procs if not p.kernel and p.uid == uid and p.pid >= FIRST_USER_PID]
    jcpu = sum(p.cpu_seconds(now) for p in mine)
    # the foreground job's process: w itself when it runs on that terminal (a pipeline's other
    # stages are its process group, not its leader), else the newest process of the user
    here = ctx.machine.procs.get(ctx.machine.procs.current() or 0)
    best = here if here in mine else max(mine, key=lambda p: (p.start, p.pid), default=None)
    what = best.cmdline if best is not None else "-"
    pcpu = best.cpu_seconds(now) if best is not None else 0.0
    text = f"{user[:USERLEN]:<{USERLEN + 1}}{TTY:<9}"
    if from_:
        text += f"{FROM:<{FROMLEN}}"
    if long:
        text += _login_time(_START, now)
    text += ival7(0, 0, old)
    if long:
        text += ival7(jcpu, int(jcpu * 100) % 100, old)
        text += ival7(pcpu, int(pcpu * 100) % 100, old) if int(pcpu * 100) > 0 else "   ?   "
    return text + " " + what[:_maxcmd(ctx, long, from_)]


def _maxcmd(ctx: Context, long: bool, from_: bool) -> int:
    env = ctx.env.get("COLUMNS", "")
    cols = ctx.columns if ctx.stdout.isatty() else int(env) if env.isdigit() else MAX_CMD
    cols = min(max(cols, MIN_CMD), MAX_CMD)
    cols -= 21 + USERLEN + (FROMLEN if from_ else 0) + (20 if long else 0)
    return min(max(cols, MIN_CMD), MAX_CMD)
