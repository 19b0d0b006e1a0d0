"""ping (iputils): echo requests over the simulated network, with deterministic round-trip times.

No packet leaves the host: a reply comes when the address is a machine of the network, the
gateway, loopback or a site of the simulated internet.  Times are fixed by the pair of
addresses with a small variation per sequence number (iputils works in whole microseconds,
so do we); the interval waits on the command's budget, so Ctrl-C and the limits apply.
"""
from __future__ import annotations

import ipaddress
import math
import time
from dataclasses import dataclass, field

from shelldojo.shell.budget import Interrupted
from shelldojo.shell.commands.net.getopt import GetoptError, getopt
from shelldojo.shell.context import Context
from shelldojo.shell.net import iface, links
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_OPTS = "46?aAbBc:CdDfF:hI:i:l:Lm:M:nN:Op:qQ:rRs:S:t:T:UvVw:W:"
_LONG_MAX = 9223372036854775807


@dataclass
class _Stats:
    sent: int = 0
    received: int = 0
    errors: int = 0
    times: list[int] = field(default_factory=list)   # microseconds


def _usage(ctx: Context, message: str) -> int:
    ctx.err(f"ping: {message}\n" + verbatim("net/ping_help"))
    return 2


def _number(ctx: Context, value: str, low: int, high: int) -> int | None:
    try:
        n = int(value, 0)
    except ValueError:
        ctx.err(f"ping: invalid argument: '{value}'\n")
        return None
    if not low <= n <= high:
        ctx.err(f"ping: invalid argument: '{value}': out of range: {low} <= value <= {high}\n")
        return None
    return n


def _seconds(ctx: Context, value: str) -> float:
    """iputils' strtod with a warning for trailing garbage (the value read so far is kept)."""
    text = value.strip()
    end = len(text)
    while end and not _is_float(text[:end]):
        end -= 1
    if end < len(text):
        ctx.err(f"ping: option argument contains garbage: {text[end:] if end else value}\n"
                "ping: this will become fatal error in the future\n")
    return float(text[:end]) if end else 0.0


def _is_float(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


@command("ping", family="network", directory="/usr/bin", summary="send ICMP ECHO_REQUEST to network hosts")
def ping(ctx: Context, argv: list[str]) -> int:
    try:
        opts, operands = getopt(argv[1:], _OPTS)
    except GetoptError as exc:
        return _usage(ctx, exc.message)
    count, interval, deadline, quiet = 0, 1.0, 0, False
    for opt, value in opts:
        if opt in ("h", "?"):
            ctx.err(verbatim("net/ping_help"))
            return 2
        if opt == "V":
            ctx.out(verbatim("net/ping_version"))
            return 0
        if opt == "6":
            ctx.err("ping: connect: Network is unreachable\n")
            return 2
        if opt == "c":
            n = _number(ctx, value, 1, _LONG_MAX)
            if n is None:
                return 1
            count = n
        elif opt == "w":
            n = _number(ctx, value, 0, 2147483647)
            if n is None:
                return 1
            deadline = n
        elif opt == "i":
            interval = _seconds(ctx, value)
        elif opt == "W":
            if not _is_float(value):
                ctx.err(f"ping: invalid argument: '{value}'\n")
                return 1
        elif opt == "q":
            quiet = True
    if not operands:
        ctx.err("ping: usage error: Destination address required\n")
        return 1
    target = operands[-1]   # as iputils: the last operand is the destination
    address = links.resolve(ctx.machine, target)
    if address is None:
        ctx.err(f"ping: {target}: Name or service not known\n")
        return 2
    numeric = _is_address(target)
    ctx.out(f"PING {target} ({address}) 56(84) bytes of data.\n")
    if interval < 0.002 and not ctx.creds.is_root:
        ctx.err("ping: cannot flood; minimal interval allowed for user is 2ms\n")
        return 2
    if deadline and not count:
        count = max(1, int(deadline / max(interval, 0.002)) + 1)
    return _run(ctx, target, address, numeric, count, interval, quiet)


def _is_address(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
        return True
    except ValueError:
        return False


def _run(ctx: Context, target: str, address: str, numeric: bool, count: int, interval: float,
         quiet: bool) -> int:
    me = iface.address_of(ctx.machine)
    reply = _reply(ctx, address)
    shown = address if numeric else f"{_reverse(ctx, address)} ({address})"
    stats = _Stats()
    try:
        seq = 0
        while not count or seq < count:
            seq += 1
            stats.sent += 1
            if reply is None:
                if _on_link(ctx, address):
                    stats.errors += 1
                    if not quiet:
                        ctx.out(f"From {me} icmp_seq={seq} Destination Host Unreachable\n")
            else:
                ttl, base = reply
                micros = _trip(base, me, address, seq)
                stats.received += 1
                stats.times.append(micros)
                if not quiet:
                    ctx.out(f"64 bytes from {shown}: icmp_seq={seq} ttl={ttl} time={_ms(micros)} ms\n")
            if count and seq >= count:
                break
            _wait(ctx, interval)
    except Interrupted:
        _release_interrupt(ctx)
    _summary(ctx, target, stats, interval)
    return 0 if stats.received else 1


def _reply(ctx: Context, address: str) -> tuple[int, int] | None:
    """(ttl, base round trip in µs) of the host at `address`, or None when nothing answers."""
    if links.is_loopback(address):
        return 64, 30
    net = ctx.machine.network
    if address == iface.address_of(ctx.machine):
        return 64, 30
    if net is not None and net.at(address) is not None:
        return 64, 350
    if address == iface.gateway_of(ctx.machine):
        return 64, 450
    if net is not None and net.site_at(address) is not None:
        return 117, 11500
    return None


def _on_link(ctx: Context, address: str) -> bool:
    return ipaddress.IPv4Address(address) in iface.eth0(ctx.machine).network


def _trip(base: int, me: str, address: str, seq: int) -> int:
    """The round trip: the pair's own latency (±40%) and a small variation per packet."""
    pair = base + int(base * 0.8 * (iface.spread(me, address) - 0.5))
    return max(1, pair + int(pair * 0.3 * (iface.spread(me, address, str(seq)) - 0.5)))


def _ms(micros: int) -> str:
    """iputils' precision: three significant decimals below 1 ms, fewer above."""
    if micros >= 100000 - 50:
        return f"{(micros + 500) // 1000}"
    if micros >= 10000 - 5:
        return f"{(micros + 50) // 1000}.{((micros + 50) % 1000) // 100}"
    if micros >= 1000:
        return f"{(micros + 5) // 1000}.{((micros + 5) % 1000) // 10:02d}"
    return f"{micros // 1000}.{micros % 1000:03d}"


def _reverse(ctx: Context, address: str) -> str:
    """The name a reply is shown with: /etc/hosts first, then the network's (PTR) name."""
    from shelldojo.filesystem.network import etc_hosts

    for name, addr in etc_hosts(ctx.machine).items():
        if addr == address:
            return name
    net = ctx.machine.network
    found = net.name_of(address) if net is not None else None
    return found or address


def _wait(ctx: Context, seconds: float) -> None:
    """Wait as sleep does: in small steps, so Ctrl-C and the time limit stop it."""
    end = time.monotonic() + seconds
    with ctx.budget.waiting():
        while True:
            ctx.check()
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, 0.05))


def _release_interrupt(ctx: Context) -> None:
    """ping catches SIGINT: it prints its statistics and exits normally, so the command line
    goes on (bash runs the next command when the child did not die of the signal)."""
    budget = ctx.budget
    while budget is not None:
        if isinstance(budget.cancelled, Interrupted):
            budget.cancelled = None
        budget = getattr(budget, "parent", None)


def _summary(ctx: Context, target: str, stats: _Stats, interval: float) -> None:
    elapsed = int((stats.sent - 1) * (interval * 1000 + 1)) if stats.sent > 1 else 0
    loss = (stats.sent - stats.received) * 100.0 / stats.sent if stats.sent else 0.0
    errors = f", +{stats.errors} errors" if stats.errors else ""
    ctx.out(f"\n--- {target} ping statistics ---\n"
            f"{stats.sent} packets transmitted, {stats.received} received{errors}, "
            f"{loss:g}% packet loss, time {elapsed}ms\n")
    if stats.times:
        n = len(stats.times)
        total, squares = sum(stats.times) // n, sum(t * t for t in stats.times) // n
        mdev = math.isqrt(max(0, squares - total * total))
        parts = [min(stats.times), total, max(stats.times), mdev]
        ctx.out("rtt min/avg/max/mdev = " + "/".join(f"{p // 1000}.{p % 1000:03d}" for p in parts) + " ms\n")
    elif stats.errors:
        ctx.out("\n")
