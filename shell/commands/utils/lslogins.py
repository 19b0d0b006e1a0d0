"""lslogins (util-linux 2.38) from /etc/passwd and /etc/shadow, read through the VFS.

/etc/shadow is readable by root only: run by an ordinary user, the password columns stay empty
and the detail view leaves out the password lines, as the real tool does on Ubuntu (whose
nsswitch reads shadow from files only).  The last login is the session's (last and who)."""
from __future__ import annotations

import time

from shelldojo.filesystem import accounts
from shelldojo.shell.commands.users.info import _START, _login_user
from shelldojo.shell.commands.utils.hw import table
from shelldojo.shell.commands.utils.runs import _short_opts
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

UID_MIN, UID_MAX, SYS_UID_MAX = 1000, 60000, 999


def _shadow(ctx: Context) -> dict[str, list[str]] | None:
    """name -> the shadow fields, or None when the caller may not read /etc/shadow."""
    try:
        text = ctx.vfs.read_bytes("/etc/shadow").decode("utf-8", "replace")
    except OSError:
        return None
    return {f[0]: f for f in (line.split(":") for line in text.splitlines()) if len(f) >= 9}


def _when(t: float, now: float) -> str:
    """lslogins' short time: the time today, the day this year, else year and day."""
    g, n = time.gmtime(t), time.gmtime(now)
    if (g.tm_year, g.tm_yday) == (n.tm_year, n.tm_yday):
        return time.strftime("%H:%M", g)
    return time.strftime("%b%d" if g.tm_year == n.tm_year else "%Y-%b%d", g)


def _valid(hash_: str) -> bool:
    """A crypt(3) hash (not `*`, `!`, empty)."""
    return hash_.startswith("$") or (len(hash_) == 13 and hash_.isascii() and "!" not in hash_ and "*" not in hash_)


def _pwd(shadow: dict[str, list[str]] | None, name: str) -> tuple[str, str, str]:
    """(locked, empty, denied) as "0"/"1", or empty strings without shadow."""
    if shadow is None or name not in shadow:
        return "", "", ""
    pw = shadow[name][1]
    locked = pw.startswith("!") and _valid(pw[1:])
    return str(int(locked)), str(int(pw == "")), str(int(not _valid(pw) and not locked and pw != ""))


@command("lslogins", family="utils", summary="display information about known users in the system")
def lslogins(ctx: Context, argv: list[str]) -> int:
    parsed = _short_opts(ctx, "lslogins", argv[1:], {**dict.fromkeys("acefhmnrsuxzV", False),
                                                     **dict.fromkeys("glo", True)},
                         {"acc-expiration": "a", "colon-separate": "c", "export": "e", "failed": "f",
                          "groups": "g", "logins": "l", "supp-groups": "G", "newline": "n", "output": "o",
                          "raw": "r", "system-accs": "s", "user-accs": "u", "help": "h", "version": "V",
                          "print0": "z", "noheadings": "H", "notruncate": "notruncate"}, 1)
    if isinstance(parsed, int):
        return parsed
    opts, rest = parsed
    letters = {c for c, _ in opts}
    if letters & {"h", "V"}:
        ctx.out(verbatim("utils/lslogins_help") if "h" in letters else verbatim("utils/lslogins_version"))
        return 0
    users = list(accounts.users(ctx.vfs))
    shadow = _shadow(ctx)
    if len(rest) > 1:
        ctx.err("lslogins: only one user may be specified. Use -l for multiple users.\n"
                "Try 'lslogins --help' for more information.\n")
        return 1
    if rest:
        hit = [u for u in users if rest[0] in (u.name, str(u.uid))]
        if not hit:
            ctx.err(f"lslogins: cannot found '{rest[0]}'\n")
            return 1
        ctx.out(_detail(ctx, hit[0], shadow))
        return 0
    for c, value in opts:
        if c == "l":
            names = value.split(",")
            users = [u for u in users if u.name in names or str(u.uid) in names]
    if "u" in letters and "s" not in letters:
        users = [u for u in users if u.uid == 0 or UID_MIN <= u.uid <= UID_MAX]
    elif "s" in letters and "u" not in letters:
        users = [u for u in users if 0 < u.uid <= SYS_UID_MAX or u.uid == 65534]
    users.sort(key=lambda u: u.uid)
    procs = list(ctx.machine.procs)
    now = time.time()
    login = _login_user(ctx)
    rows = [[str(u.uid), u.name, str(sum(1 for p in procs if p.uid == u.uid and not p.kernel)),
             *_pwd(shadow, u.name)[::2], _when(_START, now) if u.name == login else "", u.gecos]
            for u in users]
    ctx.out(table(["UID", "USER", "PROC", "PWD-LOCK", "PWD-DENY", "LAST-LOGIN", "GECOS"], rows, {0, 2, 3, 4, 5}))
    return 0


def _detail(ctx: Context, u: accounts.PasswdEntry, shadow: dict[str, list[str]] | None) -> str:
    now = time.time()
    locked, empty, denied = _pwd(shadow, u.name)
    yes = {"0": "no", "1": "yes", "": ""}
    nologin = u.shell in ("/usr/sbin/nologin", "/sbin/nologin", "/bin/false", "/usr/bin/false")
    rows = [("Username", u.name), ("UID", str(u.uid)), ("Gecos field", u.gecos), ("Home directory", u.home),
            ("Shell", u.shell), ("No login", "yes" if nologin else "no")]
    if shadow is not None and u.name in shadow:
        rows += [("Password is locked", yes[locked]), ("Password not required (empty)", yes[empty]),
                 ("Login by password disabled", yes[denied])]
    rows += [("Primary group", accounts.group_name(ctx.vfs, u.gid)), ("GID", str(u.gid))]
    supp = [g for g in accounts.groups(ctx.vfs) if u.name in g.members and g.gid != u.gid]
    if supp:
        rows += [("Supplementary groups", ",".join(g.name for g in supp)),
                 ("Supplementary group IDs", ",".join(str(g.gid) for g in supp))]
    mine = u.name == _login_user(ctx)
    if mine:
        rows.append(("Last login", _when(_START, now)))
    rows += [("Last terminal", "pts/0" if mine else ""), ("Last hostname", "10.0.2.2" if mine else ""),
             ("Hushed", "yes" if ctx.vfs.exists(f"{u.home}/.hushlogin") else "no")]
    if shadow is not None and u.name in shadow:
        f = shadow[u.name]
        changed = int(f[2]) * 86400 if f[2].isdigit() else 0
        rows += [("Password expiration warn interval", f[5]), ("Password changed", _when(changed, now))]
        if f[3] not in ("", "0"):
            rows.append(("Minimum change time", f[3]))
        rows.append(("Maximum change time", f[4]))
    count = sum(1 for p in ctx.machine.procs if p.uid == u.uid and not p.kernel)
    rows.append(("Running processes", str(count)))
    return "".join(f"{k + ':':<36}{v:<36}\n" for k, v in rows) + "\nLast logs:\n\n"
