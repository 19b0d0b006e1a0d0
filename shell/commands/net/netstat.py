"""netstat (net-tools, not installed until `apt install net-tools`, as on Ubuntu): the machine's
listening TCP sockets in net-tools' fixed columns."""
from __future__ import annotations

from shelldojo.shell.commands.net.sockets import Socket, listening, program_of, service_name
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim


class _NetstatOptions(OptionSpec):
    def _usage(self, ctx: Context, message: str) -> int:
        ctx.err(f"netstat: {message}\n" + verbatim("net/netstat_help") + verbatim("net/netstat_help_families"))
        return 3


NETSTAT = _NetstatOptions("netstat", short="A:CFMacdeghilnNoprsStuUvVWw2fx64?", long=[
    "route", "interfaces", "groups", "statistics", "masquerade", "numeric", "numeric-hosts",
    "numeric-ports", "numeric-users", "symbolic", "verbose", "continuous", "extend", "programs",
    "timers", "all", "listening", "fib", "cache", "wide", "protocol=", "tcp", "udp", "udplite", "raw",
    "unix", "inet", "inet6", "ipx", "ax25", "netrom", "x25", "ddp", "appletalk", "sctp", "help", "version"],
    help=verbatim("net/netstat_help"), version=verbatim("net/netstat_version"))
_NOT_ROOT = ("(Not all processes could be identified, non-owned process info\n"
             " will not be shown, you would have to be root to see it all.)\n")


@command("netstat", family="packages", directory="/bin", package="net-tools",
         summary="Print network connections, routing tables, interface statistics, masquerade connections, "
                 "and multicast memberships")
def netstat(ctx: Context, argv: list[str]) -> int:
    parsed = NETSTAT.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    flags = {o for o, _ in parsed.options}
    if flags & {"-h", "-?", "--help"}:
        ctx.out(verbatim("net/netstat_help"))   # the families' list goes to stderr
        ctx.err(verbatim("net/netstat_help_families"))
        return 0
    if flags & {"-V", "--version"}:
        ctx.out(verbatim("net/netstat_version"))
        return 0
    listen = bool(flags & {"-l", "--listening"})
    every = bool(flags & {"-a", "--all"})
    numeric = bool(flags & {"-n", "--numeric", "--numeric-ports"})
    programs = bool(flags & {"-p", "--programs"})
    v4, v6 = not flags & {"-6", "--inet6"} or bool(flags & {"-4", "--inet"}), \
        not flags & {"-4", "--inet"} or bool(flags & {"-6", "--inet6"})
    if programs and not ctx.creds.is_root:
        ctx.err(_NOT_ROOT)
    kind = "only servers" if listen else "servers and established" if every else "w/o servers"
    head = f"Active Internet connections ({kind})\n" \
           "Proto Recv-Q Send-Q Local Address           Foreign Address         State      "
    ctx.out(head + (" PID/Program name    " if programs else "") + "\n")
    udp_only = bool(flags & {"-u", "--udp"}) and not flags & {"-t", "--tcp"}
    if (listen or every) and not udp_only:
        for sock in listening(ctx.machine, v4, v6):
            ctx.out(_row(ctx, sock, numeric, programs))
    return 0


def _row(ctx: Context, sock: Socket, numeric: bool, programs: bool) -> str:
    listener = sock.listener
    port = str(listener.port) if numeric else service_name(listener.port)
    if sock.ipv6:
        local, peer = (f":::{port}", ":::*") if numeric else (f"[::]:{port}", "[::]:*")
    else:
        local, peer = f"{listener.address}:{port}", "0.0.0.0:*"
    line = f"{'tcp6' if sock.ipv6 else 'tcp':<5} {0:6d} {0:6d} {local:<23} {peer:<23} {'LISTEN':<11}"
    if programs:
        shown = "-"
        if ctx.creds.is_root and listener.pid:
            shown = f"{listener.pid}/{program_of(ctx.machine, listener.pid, listener.program)}"[:20]
        line += f" {shown:<20}"
    return line + "\n"
