"""getent (glibc) and who (coreutils): reading the account databases and the session's logins."""
from __future__ import annotations

import time

from shelldojo.filesystem.accounts_write import GROUP, GSHADOW, PASSWD, SHADOW, AccountFiles
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_DATABASES = {"passwd": PASSWD, "group": GROUP, "shadow": SHADOW, "gshadow": GSHADOW}
_KNOWN = ["ahosts", "ahostsv4", "ahostsv6", "aliases", "ethers", "group", "gshadow", "hosts", "initgroups", "netgroup", "networks", "passwd", "protocols", "rpc", "services", "shadow"]
_TRY = "Try `getent --help' or `getent --usage' for more information.\n"
GETENT = OptionSpec("getent", short="Ais:V?", long=["no-addrconfig", "no-idn", "service=", "usage"],
                    help=verbatim("users/getent_help"), version=verbatim("users/getent_version"))


@command("getent", family="users")
def getent(ctx: Context, argv: list[str]) -> int:
    parsed = GETENT.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.has("-?"):
        ctx.out(verbatim("users/getent_help"))
        return 0
    if parsed.has("--usage"):
        ctx.out(verbatim("users/getent_usage"))
        return 0
    if parsed.has("-V"):
        ctx.out(GETENT.version or "")
        return 0
    if not parsed.operands:
        ctx.err("getent: wrong number of arguments\n" + _TRY)
        return 1
    db_name, keys = parsed.operands[0], parsed.operands[1:]
    if db_name == "hosts":
        return _hosts(ctx, keys)
    path = _DATABASES.get(db_name)
    if path is None:
        if db_name in _KNOWN:
            return 2 if keys else 0  # databases the machine has no entries in
        ctx.err(f"Unknown database: {db_name}\n" + _TRY)
        return 1
    if path in (SHADOW, GSHADOW) and not ctx.creds.is_root:
        return 2  # the files are not readable: no entries
    rows = AccountFiles(ctx.vfs).rows(path)
    if not keys:
        ctx.out("".join(":".join(r) + "\n" for r in rows))
        return 0
    status = 0
    numeric = path in (PASSWD, GROUP)
    for key in keys:
        row = next((r for r in rows if r[0] == key), None)
        if row is None and numeric and key.isdigit():
            row = next((r for r in rows if len(r) > 2 and r[2].isdigit() and int(r[2]) == int(key)), None)
        if row is None:
            status = 2
            continue
        ctx.out(":".join(row) + "\n")
    return status


def _hosts(ctx: Context, keys: list[str]) -> int:
    try:
        text = ctx.vfs.read_bytes("/etc/hosts").decode("utf-8", "replace")
    except OSError:
        text = ""
    entries = [line.split("#", 1)[0].split() for line in text.splitlines()]
    entries = [e for e in entries if len(e) >= 2]
    if not keys:
        ctx.out("".join(f"{e[0]:<15} {' '.join(e[1:])}\n" for e in entries))
        return 0
    status = 0
    for key in keys:
        hit = next((e for e in entries if key == e[0] or key in e[1:]), None)
        if hit is None:
            hit = _from_network(ctx, key)   # then the DNS (the sandbox's network), as nsswitch says
        if hit is None:
            status = 2
            continue
        ctx.out(f"{hit[0]:<15} {' '.join(hit[1:])}\n")
    return status


def _from_network(ctx: Context, key: str) -> list[str] | None:
    """[address, name] from the network's names (an address: its PTR name), or None."""
    import ipaddress

    from shelldojo.shell.net import links

    net = ctx.machine.network
    try:
        address = str(ipaddress.IPv4Address(key))
    except ValueError:
        found = links.resolve(ctx.machine, key)
        return [found, key] if found is not None else None
    name = net.name_of(address) if net is not None else None
    return [address, name] if name is not None else None


# ----------------------------------------------------------------------------- who
WHO = OptionSpec("who", short="abdHlmpqrstTwu", long=["all", "boot", "dead", "heading", "ips", "login", "lookup",
                 "process", "count", "runlevel", "short", "time", "mesg", "users", "message", "writable"],
                 help=verbatim("users/who_help"))
_START = time.time()


def _login_user(ctx: Context) -> str:
    if ctx.host is not None:
        return ctx.host.login_user
    return ctx.env.get("SUDO_USER") or ctx.env.get("LOGNAME") or "learner"


@command("who", family="users")
def who(ctx: Context, argv: list[str]) -> int:
    parsed = WHO.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    ops = parsed.operands
    if len(ops) > 2 or (len(ops) == 1 and ops[0] not in ("/var/run/utmp", "/run/utmp")):
        if len(ops) > 2:
            ctx.err(f"who: extra operand {_q(ops[2])}\nTry 'who --help' for more information.\n")
            return 1
        return 0  # another utmp file: nothing recorded there
    user = _login_user(ctx)
    if parsed.has("-q", "--count"):
        ctx.out(f"{user}\n# users=1\n")
        return 0
    stamp = time.strftime("%Y-%m-%d %H:%M", time.gmtime(_START))
    if parsed.has("-b", "--boot") and not parsed.has("-a", "--all"):
        ctx.out(f"         system boot  {stamp}\n")
        return 0
    if parsed.has("-r", "--runlevel"):
        ctx.out(f"         run-level 5  {stamp}\n")
        return 0
    if parsed.has("-H", "--heading"):
        ctx.out("NAME     LINE         TIME             COMMENT\n")
    mesg = " +" if parsed.has("-T", "-w", "--mesg", "--message", "--writable") else ""
    idle = "   .          4242" if parsed.has("-u", "--users") else ""
    ctx.out(f"{user:<8}{mesg} pts/0        {stamp}{idle} (10.0.2.2)\n")
    return 0


def _q(text: str) -> str:
    from shelldojo.shell.context import squote
    return squote(text)
