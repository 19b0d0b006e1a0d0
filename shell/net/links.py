"""How a command on one machine reaches another: names, addresses and listening ports.

Every network tool (ssh, scp, curl, wget, ping, nc, ss...) asks here; nothing opens a host
socket.  A machine listens on a port while the service that owns the port is active: each
kind of server registers a provider (`register_listeners`) that reads its own configuration
(sshd_config's Port, nginx's `listen`, a pack's HTTP service) from the machine's disk.
"""
from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from shelldojo.filesystem import ROOT, Machine, acting_as
from shelldojo.filesystem.network import LOOPBACK, Network, Site


@dataclass(frozen=True)
class Listener:
    """A listening TCP socket on a machine, as `ss -tlnp` lists it."""

    port: int
    service: str          # the systemd unit that owns it ("ssh.service")
    program: str          # the process name ("sshd", "nginx")
    pid: int              # its main process (0 if none)
    address: str = "0.0.0.0"
    ipv6: bool = True     # also listening on [::] (as sshd and nginx do by default)
    backlog: int = 511    # listen()'s backlog, ss's Send-Q of a listening socket (sshd: 128)


@dataclass(frozen=True)
class Peer:
    """What a name reached: a machine of the network (or this one, by loopback) or a site."""

    name: str             # as the user wrote it
    address: str
    machine: Machine | None = None
    site: Site | None = None

    @property
    def exists(self) -> bool:
        return self.machine is not None or self.site is not None


class Failure(enum.Enum):
    NO_NAME = "could not resolve"       # no such host name
    NO_ROUTE = "no route to host"       # an address where no machine is
    REFUSED = "connection refused"      # the machine is there, nothing listens on the port


ListenerProvider = Callable[[Machine], list[Listener]]
_PROVIDERS: list[ListenerProvider] = []


def register_listeners(provider: ListenerProvider) -> ListenerProvider:
    """Add a kind of server's listeners (decorator); called with each machine asked about."""
    _PROVIDERS.append(provider)
    return provider


def network_of(machine: Machine) -> Network | None:
    return machine.network


def resolve(machine: Machine, name: str) -> str | None:
    """The address `name` means on `machine` (its /etc/hosts, the network, the internet)."""
    net = machine.network
    if net is None:
        from shelldojo.filesystem.network import etc_hosts

        key = name.rstrip(".").lower()
        if key in ("localhost", LOOPBACK) or key == machine.hostname.lower():
            return LOOPBACK
        return etc_hosts(machine).get(key)
    return net.resolve(machine, name)


def is_loopback(address: str) -> bool:
    return address.startswith("127.")


def peer(machine: Machine, name: str) -> Peer | None:
    """Where `name` leads from `machine`; None when the name does not resolve."""
    address = resolve(machine, name)
    if address is None:
        return None
    net = machine.network
    if is_loopback(address):
        return Peer(name, address, machine)
    if net is not None:
        node = net.at(address)
        if node is not None:
            return Peer(name, address, net.machine(node.name))
        site = net.site_at(address)
        if site is not None:
            return Peer(name, address, site=site)
    return Peer(name, address)


# The servers' modules, imported on first use: each registers its provider.
PROVIDER_MODULES = ("shelldojo.shell.net.nginx", "shelldojo.shell.net.apps")
_imported = False


def _load_providers() -> None:
    global _imported
    if not _imported:
        import importlib

        _imported = True
        for name in PROVIDER_MODULES:
            importlib.import_module(name)


def listeners(machine: Machine) -> list[Listener]:
    """Every listening TCP port of the machine, by port."""
    _load_providers()
    found: dict[int, Listener] = {}
    for provider in _PROVIDERS:
        for listener in provider(machine):
            found.setdefault(listener.port, listener)
    return [found[p] for p in sorted(found)]


def listening(machine: Machine, port: int) -> Listener | None:
    for listener in listeners(machine):
        if listener.port == port:
            return listener
    return None


def connect(machine: Machine, name: str, port: int) -> tuple[Peer | None, Listener | Failure]:
    """Open a (simulated) TCP connection from `machine` to name:port: the peer and what answers,
    or why it failed.  A site of the internet answers on 80 and 443."""
    target = peer(machine, name)
    if target is None:
        return None, Failure.NO_NAME
    if target.site is not None:
        if port in (80, 443):
            return target, Listener(port, "", "", 0)
        return target, Failure.REFUSED
    if target.machine is None:
        return target, Failure.NO_ROUTE
    found = listening(target.machine, port)
    return target, found if found is not None else Failure.REFUSED


def active(machine: Machine, unit: str) -> tuple[bool, int]:
    """Whether a unit of the machine is active, and its main pid (services made on demand)."""
    if not machine.vfs.exists(f"/lib/systemd/system/{unit}") and not machine.vfs.exists(f"/etc/systemd/system/{unit}"):
        return False, 0
    services = machine.services
    services.check_alive(unit)
    state = services.state(unit)
    return state.active == "active", state.main_pid


def config_lines(machine: Machine, path: str) -> list[str]:
    """A configuration file's lines (read as root, as the daemon does); [] when it is missing."""
    try:
        with acting_as(ROOT):
            return machine.vfs.read_bytes(path).decode("utf-8", "replace").splitlines()
    except OSError:
        return []


@register_listeners
def _sshd(machine: Machine) -> list[Listener]:
    up, pid = active(machine, "ssh.service")
    if not up:
        return []
    ports = []
    for line in config_lines(machine, "/etc/ssh/sshd_config"):
        fields = line.split("#", 1)[0].split()
        if len(fields) == 2 and fields[0].lower() == "port" and fields[1].isdigit():
            ports.append(int(fields[1]))
    return [Listener(p, "ssh.service", "sshd", pid, backlog=128) for p in (ports or [22])]
