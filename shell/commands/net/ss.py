"""ss (iproute2 5.15): socket statistics of the machine the command runs on.

Columns are laid out as ss does (render_calc_width): each column as wide as its widest cell
plus its left delimiter; on a terminal the spare width of the screen is shared out between
the columns of each output line, elsewhere nothing is padded.  The process column is shown
to root only (a normal user cannot read other users' /proc/PID/fd).
"""
from __future__ import annotations

from shelldojo.shell.commands.net.sockets import Socket, listening, service_name
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim


class _SsOptions(OptionSpec):
    def _usage(self, ctx: Context, message: str) -> int:
        ctx.err(f"ss: {message}\n" + verbatim("net/ss_help"))   # its usage(), exit(-1)
        return 255


SS = _SsOptions("ss", short="hVHsZzNbEOatulnpr0w4!6xSiemoKT::f:A:D:F:", long=[
    "help", "version", "no-header", "summary", "context", "contexts", "net=", "bpf", "events", "oneline",
    "all", "listening", "tcp", "udp", "numeric", "processes", "resolve", "packet", "raw", "unix",
    "ipv4", "ipv6", "sctp", "vsock", "dccp", "xdp", "mptcp", "info", "extended", "memory", "options",
    "kill", "threads", "cgroup", "tipc", "tos", "family=", "query=", "socket=", "diag=", "filter="],
    help=verbatim("net/ss_help"), version=verbatim("net/ss_version"))

# (header, right aligned, left delimiter)
_COLUMNS = [("Netid", False, ""), ("State", False, " "), ("Recv-Q", False, " "), ("Send-Q", False, " "),
            ("Local Address:", True, " "), ("Port", False, ""), ("Peer Address:", True, " "),
            ("Port", False, ""), ("Process", False, "")]


@command("ss", family="network", directory="/usr/bin", summary="another utility to investigate sockets")
def ss(ctx: Context, argv: list[str]) -> int:
    parsed = SS.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    flags = {o for o, _ in parsed.options}
    if flags & {"-h", "--help"}:
        ctx.out(verbatim("net/ss_help"))
        return 0
    if flags & {"-V", "--version"}:
        ctx.out(verbatim("net/ss_version"))
        return 0
    if flags & {"-s", "--summary"}:
        ctx.out(_summary(ctx))
        return 0
    numeric = bool(flags & {"-n", "--numeric"})
    tcp = bool(flags & {"-t", "--tcp"})
    udp = bool(flags & {"-u", "--udp"})
    v4 = not flags & {"-6", "--ipv6"} or bool(flags & {"-4", "--ipv4"})
    v6 = not flags & {"-4", "--ipv4"} or bool(flags & {"-6", "--ipv6"})
    listen = bool(flags & {"-l", "--listening", "-a", "--all"})
    show_netid = udp or not tcp
    rows: list[list[str]] = []
    # the simulated machines have no UDP sockets and no established connections to list
    for sock in listening(ctx.machine, v4, v6) if (listen and (tcp or not udp)) else []:
        rows.append(_row(ctx, sock, numeric, bool(flags & {"-p", "--processes"})))
    columns = [c for c in _COLUMNS if show_netid or c[0] != "Netid"]
    if not show_netid:
        rows = [r[1:] for r in rows]
    table = ([] if flags & {"-H", "--no-header"} else [[c[0] for c in columns]]) + rows
    ctx.out(_render(table, columns, ctx.columns if ctx.interactive else 0))
    return 0


def _row(ctx: Context, sock: Socket, numeric: bool, processes: bool) -> list[str]:
    listener = sock.listener
    local = f"[{sock.local}]" if sock.ipv6 else sock.local
    if not numeric and not sock.ipv6 and local == "0.0.0.0":
        local = "0.0.0.0"
    port = str(listener.port) if numeric else service_name(listener.port)
    process = ""
    if processes and ctx.creds.is_root and listener.pid:
        process = f' users:(("{listener.program}",pid={listener.pid},fd={sock.fd}))'
    return ["tcp", "LISTEN", "0", str(listener.backlog), local + ":", port,
            ("[::]" if sock.ipv6 else "0.0.0.0") + ":", "*", process]


def _render(table: list[list[str]], columns: list[tuple[str, bool, str]], screen: int) -> str:
    """ss's render_calc_width and render(): widths, then the screen's spare width shared out."""
    widths = []
    first = True
    for i, (_name, _right, delim) in enumerate(columns):
        longest = max(len(row[i]) for row in table) if table else 0
        width = longest + (len(delim) if not first and longest else 0)
        widths.append(min(width, screen) if screen else width)
        if width:
            first = False
    if screen:
        eol, length, count = -1, 0, 0
        for i, width in enumerate(widths):
            if not width:
                continue
            count += 1
            length += width
            nxt = next((j for j in range(i + 1, len(widths)) if widths[j]), None)
            if nxt is not None and length + widths[nxt] <= screen:
                continue
            pad = screen - length
            if pad < 0:
                break
            spacing, rem = divmod(pad, count)
            for j in range(i, eol, -1):
                if widths[j]:
                    widths[j] += spacing + (1 if rem else 0)
                    rem = max(0, rem - 1)
            eol, length, count = i, 0, 0
    lines = []
    for row in table:
        line, first = "", True
        for i, (_name, right, delim) in enumerate(columns):
            if not widths[i]:
                continue
            lead = "" if first else delim
            body = widths[i] - len(lead)
            line += lead + (row[i].rjust(body) if right else row[i].ljust(body))
            first = False
        lines.append(line + "\n")
    return "".join(lines)


def _summary(ctx: Context) -> str:
    v4 = len(listening(ctx.machine, True, False))
    v6 = len(listening(ctx.machine, False, True))
    total = v4 + v6
    return (f"Total: {total}\n"
            f"TCP:   {total} (estab 0, closed 0, orphaned 0, timewait 0)\n\n"
            "Transport Total     IP        IPv6\n"
            "RAW\t  0         0         0        \n"
            "UDP\t  0         0         0        \n"
            f"TCP\t  {total:<9} {v4:<9} {v6:<9}\n"
            f"INET\t  {total:<9} {v4:<9} {v6:<9}\n"
            "FRAG\t  0         0         0        \n")
