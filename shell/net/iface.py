"""A machine's network interfaces as ip, hostname -I, ss and ping see them.

Every machine has `lo` (127.0.0.1/8) and `eth0` with its address on the network (a /24, the
gateway at .1, MTU 1500); the MAC is derived from the address (as a cloud's virtual NICs
are: 52:54:00 plus the address's low bytes), so it is the same every time.  A machine used
alone (no network) still has eth0 with the default address of the learner's machine.
"""
from __future__ import annotations

import ipaddress
import zlib
from dataclasses import dataclass

from shelldojo.filesystem import Machine

DEFAULT_ADDRESS = "10.0.0.10"
PREFIX = 24
MTU = 1500
RESOLVER = "127.0.0.53"   # systemd-resolved's stub, as Ubuntu's /etc/resolv.conf names it


@dataclass(frozen=True)
class Interface:
    index: int
    name: str
    address: str
    prefix: int
    mac: str
    mtu: int

    @property
    def network(self) -> ipaddress.IPv4Network:
        return ipaddress.IPv4Network(f"{self.address}/{self.prefix}", strict=False)

    @property
    def broadcast(self) -> str:
        return str(self.network.broadcast_address)


def address_of(machine: Machine) -> str:
    """The machine's eth0 address."""
    net = machine.network
    if net is None:
        return DEFAULT_ADDRESS
    node = net.node_of(machine)
    return node.address if node is not None else DEFAULT_ADDRESS


def mac_of(address: str) -> str:
    """52:54:00 (QEMU/KVM's prefix) + the address's last three bytes."""
    last = ipaddress.IPv4Address(address).packed[1:]
    return "52:54:00:" + ":".join(f"{b:02x}" for b in last)


def gateway_of(machine: Machine) -> str:
    return str(next(eth0(machine).network.hosts()))


def eth0(machine: Machine) -> Interface:
    address = address_of(machine)
    return Interface(2, "eth0", address, PREFIX, mac_of(address), MTU)


def interfaces(machine: Machine) -> list[Interface]:
    return [Interface(1, "lo", "127.0.0.1", 8, "00:00:00:00:00:00", 65536), eth0(machine)]


def link_local6(mac: str) -> str:
    """The fe80:: address the kernel derives from the MAC (EUI-64)."""
    raw = bytes(int(x, 16) for x in mac.split(":"))
    eui = bytes([raw[0] ^ 2]) + raw[1:3] + b"\xff\xfe" + raw[3:]
    return str(ipaddress.IPv6Address(b"\xfe\x80" + bytes(6) + eui))


def spread(*parts: str) -> float:
    """A number in [0, 1) fixed by the parts (deterministic jitter: no clock, no randomness)."""
    return zlib.crc32("|".join(parts).encode()) / 2 ** 32


def _hosts_line(machine: Machine, name: str) -> list[str] | None:
    """The first /etc/hosts line naming `name` ([address, canonical, aliases...])."""
    from shelldojo.shell.net.links import config_lines

    for line in config_lines(machine, "/etc/hosts"):
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 2 and name.lower() in (f.lower() for f in fields[1:]):
            return fields
    return None


def host_address(machine: Machine) -> str:
    """hostname -i: what the host name resolves to (/etc/hosts' 127.0.1.1 line on Ubuntu)."""
    line = _hosts_line(machine, machine.hostname)
    return line[0] if line is not None else address_of(machine)


def fqdn(machine: Machine) -> str:
    """hostname -f: the canonical name of the host name (its /etc/hosts line, else the DNS)."""
    line = _hosts_line(machine, machine.hostname)
    if line is not None:
        return line[1]
    net = machine.network
    return f"{machine.hostname}.{net.domain}" if net is not None and net.domain else machine.hostname


def all_fqdns(machine: Machine) -> list[str]:
    """hostname -A: the reverse names of the non-loopback addresses (the network's DNS)."""
    net = machine.network
    name = net.name_of(address_of(machine)) if net is not None else None
    if name is None:
        return []
    return [f"{name}.{net.domain}" if net is not None and net.domain else name]
