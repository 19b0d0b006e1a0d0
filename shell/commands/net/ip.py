"""ip (iproute2 5.15): the machine's interfaces, addresses, routes and neighbours (read only:
changing them needs CAP_NET_ADMIN, which a learner's sandbox never grants, as RTNETLINK says)."""
from __future__ import annotations

from shelldojo.shell.context import Context
from shelldojo.shell.net import iface
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

# ip's objects and global options, matched by prefix as iproute2's matches() does
_OBJECTS = ["address", "addrlabel", "amt", "fou", "help", "ila", "ioam", "l2tp", "link", "macsec",
            "maddress", "monitor", "mptcp", "mroute", "mrule", "neighbor", "neighbour", "netconf", "netns",
            "nexthop", "ntable", "ntbl", "route", "rule", "sr", "tap", "tcpmetrics", "token", "tunnel",
            "tuntap", "vrf", "xfrm"]
_FLAGS = ["Version", "statistics", "details", "resolve", "human-readable", "human", "iec", "json", "pretty",
          "family", "loops", "brief", "oneline", "timestamp", "tshort", "batch", "rcvbuf", "netns", "Numeric",
          "all", "color", "force", "help"]


def _matches(word: str, full: str) -> bool:
    return bool(word) and full.startswith(word)


@command("ip", family="network", directory="/usr/sbin",
         summary="show / manipulate routing, network devices, interfaces and tunnels")
def ip(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    family, brief = "", False
    while args and args[0].startswith("-") and len(args[0]) > 1:
        opt = args.pop(0)
        word = opt[2:] if opt.startswith("--") else opt[1:]
        if word in ("4", "6", "0"):
            family = {"4": "inet", "6": "inet6", "0": "link"}[word]
        elif word == "V" or _matches(word, "Version"):
            ctx.out(verbatim("net/ip_version"))
            return 0
        elif word == "h" or _matches(word, "help"):
            ctx.err(verbatim("net/ip_help"))
            return 255
        elif word.startswith("br") and _matches(word, "brief"):
            brief = True
        elif word.startswith("c") and (_matches(word, "color") or word.startswith("color=")):
            pass
        elif word == "f" or _matches(word, "family"):
            if not args:
                ctx.err('Option "-family" requires an argument.\n' if word != "f" else verbatim("net/ip_help"))
                return 255
            family = args.pop(0)
        elif any(_matches(word, f) for f in _FLAGS):
            pass   # statistics, details...: the same listing here
        else:
            ctx.err(f'Option "{opt}" is unknown, try "ip -help".\n')
            return 255
    if not args:
        ctx.err(verbatim("net/ip_help"))
        return 255
    obj, rest = args[0], args[1:]
    if obj == "help" or (obj.startswith("h") and _matches(obj, "help")):
        ctx.err(verbatim("net/ip_help"))
        return 0
    if obj in ("a", "addr") or _matches(obj, "address"):
        return _address(ctx, rest, family, brief)
    if obj == "l" or _matches(obj, "link"):
        return _address(ctx, rest, "link", brief, "link")
    if obj == "r" or _matches(obj, "route"):
        return _route(ctx, rest, family)
    if obj == "n" or _matches(obj, "neighbour") or _matches(obj, "neighbor"):
        return _neigh(ctx, rest)
    if obj in _OBJECTS:
        return 0   # nothing of that kind is configured on the machine
    ctx.err(f'Object "{obj}" is unknown, try "ip help".\n')
    return 1


def _subcommand(ctx: Context, rest: list[str], what: str) -> tuple[str, str | None] | int:
    """(the listing verb, the device named or None), or the status after an error."""
    verb = rest[0] if rest else "show"
    if verb in ("add", "del", "delete", "change", "replace", "set", "flush", "append", "prepend"):
        ctx.err("RTNETLINK answers: Operation not permitted\n")
        return 2
    if verb == "help":
        ctx.err(verbatim(f"net/ip_{what}_help") if what in ("address", "route") else "")
        return 255
    if not any(_matches(verb, v) for v in ("show", "list", "lst")):
        ctx.err(f'Command "{verb}" is unknown, try "ip {what} help".\n')
        return 255
    words = rest[1:]
    if words and words[0] == "dev":
        words = words[1:]
    return verb, words[0] if words else None


def _flags(nic: iface.Interface) -> str:
    return "<LOOPBACK,UP,LOWER_UP>" if nic.name == "lo" else "<BROADCAST,MULTICAST,UP,LOWER_UP>"


def _state(nic: iface.Interface) -> str:
    return "UNKNOWN" if nic.name == "lo" else "UP"


def _address(ctx: Context, rest: list[str], family: str, brief: bool, what: str = "address") -> int:
    parsed = _subcommand(ctx, rest, what)
    if isinstance(parsed, int):
        return parsed
    _verb, device = parsed
    nics = iface.interfaces(ctx.machine)
    if device is not None:
        nics = [n for n in nics if n.name == device]
        if not nics:
            ctx.err(f'Device "{device}" does not exist.\n')
            return 1
    out = []
    for nic in nics:
        v6 = "::1/128" if nic.name == "lo" else f"{iface.link_local6(nic.mac)}/64"
        if brief:
            if family == "link":
                out.append(f"{nic.name:<16} {_state(nic):<14} {nic.mac} {_flags(nic)} \n")
            else:
                shown = [f"{nic.address}/{nic.prefix}"] * (family != "inet6") + [v6] * (family != "inet")
                out.append(f"{nic.name:<16} {_state(nic):<14} " + "".join(a + " " for a in shown) + "\n")
            continue
        qdisc = "noqueue" if nic.name == "lo" else "fq_codel"
        mode = " mode DEFAULT" if family == "link" else ""
        out.append(f"{nic.index}: {nic.name}: {_flags(nic)} mtu {nic.mtu} qdisc {qdisc} state {_state(nic)}"
                   f"{mode} group default qlen 1000\n")
        if family in ("", "link"):
            kind = "loopback" if nic.name == "lo" else "ether"
            brd = "00:00:00:00:00:00" if nic.name == "lo" else "ff:ff:ff:ff:ff:ff"
            out.append(f"    link/{kind} {nic.mac} brd {brd}\n")
        if family in ("", "inet"):
            if nic.name == "lo":
                out.append(f"    inet {nic.address}/{nic.prefix} scope host lo\n")
            else:
                out.append(f"    inet {nic.address}/{nic.prefix} brd {nic.broadcast} scope global {nic.name}\n")
            out.append("       valid_lft forever preferred_lft forever\n")
        if family in ("", "inet6"):
            out.append(f"    inet6 {v6} scope {'host' if nic.name == 'lo' else 'link'} \n"
                       "       valid_lft forever preferred_lft forever\n")
    ctx.out("".join(out))
    return 0


def _route(ctx: Context, rest: list[str], family: str) -> int:
    if rest and rest[0] == "get":
        return _route_get(ctx, rest[1:])
    parsed = _subcommand(ctx, rest, "route")
    if isinstance(parsed, int):
        return parsed
    nic = iface.eth0(ctx.machine)
    if family == "inet6":
        ctx.out("::1 dev lo proto kernel metric 256 pref medium\n"
                "fe80::/64 dev eth0 proto kernel metric 256 pref medium\n")
        return 0
    ctx.out(f"default via {iface.gateway_of(ctx.machine)} dev eth0 proto static \n"
            f"{nic.network} dev eth0 proto kernel scope link src {nic.address} \n")
    return 0


def _route_get(ctx: Context, rest: list[str]) -> int:
    import ipaddress

    if not rest:
        ctx.err('need at least a destination address\n')
        return 1
    try:
        target = ipaddress.IPv4Address(rest[-1])
    except ValueError:
        ctx.err(f'Error: any valid prefix is expected rather than "{rest[-1]}".\n')
        return 1
    nic = iface.eth0(ctx.machine)
    uid = ctx.creds.uid
    if target.is_loopback:
        ctx.out(f"local {target} dev lo src 127.0.0.1 uid {uid} \n    cache <local> \n")
    elif target in nic.network:
        ctx.out(f"{target} dev eth0 src {nic.address} uid {uid} \n    cache \n")
    else:
        ctx.out(f"{target} via {iface.gateway_of(ctx.machine)} dev eth0 src {nic.address} uid {uid} \n    cache \n")
    return 0


def _neigh(ctx: Context, rest: list[str]) -> int:
    parsed = _subcommand(ctx, rest, "neigh")
    if isinstance(parsed, int):
        return parsed
    gateway = iface.gateway_of(ctx.machine)
    ctx.out(f"{gateway} dev eth0 lladdr {iface.mac_of(gateway)} REACHABLE \n")
    return 0
