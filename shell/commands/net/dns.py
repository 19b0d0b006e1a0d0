"""host, nslookup and dig (BIND 9.18): DNS lookups answered by the machine's stub resolver
(systemd-resolved at 127.0.0.53, as on Ubuntu), which knows /etc/hosts, the network's names
and the simulated internet (no real resolver is ever asked)."""
from __future__ import annotations

import ipaddress
import time

from shelldojo.shell.commands.net.getopt import GetoptError, getopt
from shelldojo.shell.context import Context
from shelldojo.shell.net import iface, links
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

VERSION = "9.18.28-0ubuntu0.22.04.1-Ubuntu"
SERVER = iface.RESOLVER


def _reverse_zone(address: str) -> str:
    return ".".join(reversed(address.split("."))) + ".in-addr.arpa"


def _lookup(ctx: Context, name: str) -> str | None:
    return links.resolve(ctx.machine, name)


def _ptr(ctx: Context, address: str) -> str | None:
    """The PTR name of an address (fully qualified, with the final dot), or None."""
    net = ctx.machine.network
    if links.is_loopback(address) and address == "127.0.0.1":
        return "localhost."
    name = net.name_of(address) if net is not None else None
    if name is None:
        return None
    if net is not None and net.at(address) is not None and net.domain:
        return f"{name}.{net.domain}."
    return f"{name}."


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError:
        return None


# ----------------------------------------------------------------------------- host
@command("host", family="network", directory="/usr/bin", summary="DNS lookup utility")
def host(ctx: Context, argv: list[str]) -> int:
    try:
        opts, operands = getopt(argv[1:], "46aAc:dilnm:p:rsR:t:TUvVwW:CN:")
    except GetoptError as exc:
        # BIND's own getopt: "illegal option -- x", no quotes
        bad = exc.message.rsplit("-- ", 1)[-1].strip("'")
        verb = "illegal option" if exc.message.startswith("invalid") else "option requires an argument"
        ctx.err(f"host: {verb} -- {bad}\n" + verbatim("net/dns_host_usage"))
        return 1
    if any(o == "V" for o, _ in opts):
        ctx.err(f"host {VERSION}\n")
        return 0
    if not operands:
        ctx.err(verbatim("net/dns_host_usage"))
        return 1
    name = operands[0]
    address = _address(name)
    if address is not None:
        ptr = _ptr(ctx, address)
        if ptr is None:
            ctx.out(f"Host {_reverse_zone(address)}. not found: 3(NXDOMAIN)\n")
            return 1
        ctx.out(f"{_reverse_zone(address)} domain name pointer {ptr}\n")
        return 0
    found = _lookup(ctx, name)
    if found is None:
        ctx.out(f"Host {name} not found: 3(NXDOMAIN)\n")
        return 1
    ctx.out(f"{name} has address {found}\n")
    return 0


# ----------------------------------------------------------------------------- nslookup
_NSLOOKUP_SETTINGS = {"all", "class", "debug", "nodebug", "d2", "nod2", "domain", "search", "nosearch",
                      "port", "type", "querytype", "q", "t", "recurse", "norecurse", "retry", "timeout",
                      "vc", "novc", "fail", "nofail", "ndots"}
@command("nslookup", family="network", directory="/usr/bin", summary="query Internet name servers interactively")
def nslookup(ctx: Context, argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("-")]
    if any(a in ("-version", "-v") for a in argv[1:]):
        ctx.out(f"nslookup {VERSION}\n")
        return 0
    bad = [a for a in argv[1:] if a.startswith("-") and a[1:].partition("=")[0] not in _NSLOOKUP_SETTINGS]
    if bad:
        ctx.out("".join(f"*** Invalid option: {a[1:]}\n" for a in bad) + ("\n" if not args else ""))
        if not args:
            return 1
    if not args:
        ctx.err("nslookup: interactive mode is not available here; give a name: nslookup NAME\n")
        return 1
    name = args[0]
    head = f"Server:\t\t{SERVER}\nAddress:\t{SERVER}#53\n\n"
    address = _address(name)
    if address is not None:
        ptr = _ptr(ctx, address)
        if ptr is None:
            ctx.out(head + f"** server can't find {_reverse_zone(address)}: NXDOMAIN\n\n")
            return 1
        ctx.out(head + f"Non-authoritative answer:\n{_reverse_zone(address)}\tname = {ptr}\n\n"
                "Authoritative answers can be found from:\n\n")
        return 0
    found = _lookup(ctx, name)
    if found is None:
        ctx.out(head + f"** server can't find {name}: NXDOMAIN\n\n")
        return 1
    ctx.out(head + f"Non-authoritative answer:\nName:\t{name}\nAddress: {found}\n\n")
    return 0


# ----------------------------------------------------------------------------- dig
def _column(text: str, target: int) -> str:
    """Pad with tabs to a column, as BIND's master-file style lays out records."""
    col = len(text.expandtabs())
    if col >= target:
        return text + "\t"
    while col < target:
        text += "\t"
        col = (col // 8 + 1) * 8
    return text


def _record(owner: str, ttl: str, kind: str, data: str) -> str:
    line = _column(owner, 24) + ttl
    return _column(line, 32) + "IN\t" + kind + ("\t" + data if data else "") + "\n"


def _wire_len(name: str) -> int:
    return sum(len(label) + 1 for label in name.rstrip(".").split(".") if label) + 1


@command("dig", family="network", directory="/usr/bin", summary="DNS lookup utility")
def dig(ctx: Context, argv: list[str]) -> int:
    short, reverse, name, qtype = False, False, "", "A"
    args = argv[1:]
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg.startswith("+"):
            word = arg[1:]
            if word in ("short", "noall", "answer", "nocmd", "nostats", "noquestion", "nocomments",
                        "search", "nosearch", "tcp", "notcp", "trace", "noshort"):
                short = short if word != "short" else True
                continue
            ctx.err(f"Invalid option: {arg}\n" + verbatim("net/dns_dig_usage"))
            return 1
        if arg == "-x":
            if i >= len(args):
                ctx.err(verbatim("net/dns_dig_usage"))
                return 1
            reverse, name = True, args[i]
            i += 1
        elif arg in ("-v", "-V"):
            ctx.err(f"DiG {VERSION}\n")
            return 0
        elif arg.startswith("@"):
            continue
        elif arg.startswith("-") and arg not in ("-4", "-6"):
            ctx.err(f"Invalid option: {arg}\n" + verbatim("net/dns_dig_usage"))
            return 1
        elif arg.upper() in ("A", "AAAA", "MX", "NS", "TXT", "CNAME", "SOA", "PTR", "ANY"):
            qtype = arg.upper()
        elif not name:
            name = arg
    if not name:
        name, qtype = ".", "NS"
    if reverse:
        address = _address(name)
        if address is None:
            ctx.err(f"Invalid IP address {name}\n")
            return 1
        qname, qtype = _reverse_zone(address) + ".", "PTR"
        answer = _ptr(ctx, address)
    else:
        qname = name if name.endswith(".") else name + "."
        answer = _lookup(ctx, name) if qtype == "A" and name != "." else None
    if short:
        ctx.out(f"{answer}\n" if answer else "")
        return 0
    status = "NOERROR" if answer or qtype != "A" else "NXDOMAIN"
    ident = int(iface.spread(qname, qtype) * 65536)
    size = 12 + _wire_len(qname) + 4 + 11
    body = [f"\n; <<>> DiG {VERSION} <<>> {' '.join(argv[1:])}\n", ";; global options: +cmd\n",
            ";; Got answer:\n", f";; ->>HEADER<<- opcode: QUERY, status: {status}, id: {ident}\n",
            f";; flags: qr rd ra; QUERY: 1, ANSWER: {1 if answer else 0}, AUTHORITY: 0, ADDITIONAL: 1\n\n",
            ";; OPT PSEUDOSECTION:\n", "; EDNS: version: 0, flags:; udp: 65494\n",
            ";; QUESTION SECTION:\n", _record(";" + qname, "", qtype, ""), "\n"]
    if answer:
        body += [";; ANSWER SECTION:\n", _record(qname, "0", qtype, answer), "\n"]
        size += 2 + 10 + (4 if qtype == "A" else _wire_len(answer))
    when = time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime())   # the machine's zone: Etc/UTC
    body += [";; Query time: 0 msec\n", f";; SERVER: {SERVER}#53({SERVER}) (UDP)\n",
             f";; WHEN: {when}\n", f";; MSG SIZE  rcvd: {size}\n\n"]
    ctx.out("".join(body))
    return 0
