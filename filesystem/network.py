"""The simulated network of one sandbox: its machines by name and address, and a small internet.

Nothing here opens a socket or asks a real resolver: a name resolves through the asking
machine's /etc/hosts, then this network's own table (as a cloud's internal DNS would), then
the simulated internet's sites.  Machines other than the learner's are built on first use
(a factory per name), so a sandbox that never leaves its machine pays for one.
"""
from __future__ import annotations

import ipaddress
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from shelldojo.filesystem.machine import Machine

MachineFactory = Callable[["Network", str], Machine]
SiteSource = Callable[[], Iterable["Site"]]
LOOPBACK = "127.0.0.1"
MAX_MACHINES = 8   # a pack's cloud is small: each machine is a whole disk in memory


@dataclass
class Site:
    """A host of the simulated internet: only HTTP(S), its files by URL path (for downloads)."""

    name: str
    address: str
    files: dict[str, bytes] = field(default_factory=dict)   # "/tool-1.2.tar.gz" -> content
    content_types: dict[str, str] = field(default_factory=dict)   # path -> Content-Type, if not guessed
    https: bool = True


@dataclass
class Node:
    """A machine's place on the network; `machine` is None until someone first reaches it."""

    name: str
    address: str
    machine: Machine | None = None
    factory: MachineFactory | None = None
    aliases: tuple[str, ...] = ()


class Network:
    """The machines of a sandbox (the first added is the learner's) and what they can reach."""

    def __init__(self, domain: str = "") -> None:
        self.nodes: dict[str, Node] = {}
        self._sites: dict[str, Site] = {}
        self._site_sources: list[SiteSource] = []
        self.domain = domain
        self.main = ""

    # -- machines ----------------------------------------------------------------------------
    def add(self, name: str, address: str, machine: Machine | None = None,
            factory: MachineFactory | None = None, aliases: tuple[str, ...] = ()) -> Node:
        if machine is None and factory is None:
            raise ValueError(f"machine {name}: neither a machine nor a factory")
        if name not in self.nodes and len(self.nodes) >= MAX_MACHINES:
            raise ValueError(f"at most {MAX_MACHINES} machines per sandbox")
        ipaddress.IPv4Address(address)  # ValueError for a bad address
        node = Node(name, address, machine, factory, aliases)
        self.nodes[name] = node
        if machine is not None:
            machine.network = self
        if not self.main:
            self.main = name
        return node

    def add_site(self, site: Site) -> None:
        self._sites[site.name.lower()] = site

    def add_sites_later(self, source: SiteSource) -> None:
        """Sites made by `source` when a name or an address is first looked up: a sandbox that
        never goes online does not import (or build) the internet (`shelldojo run` start-up)."""
        self._site_sources.append(source)

    @property
    def sites(self) -> dict[str, Site]:
        while self._site_sources:
            for site in self._site_sources.pop(0)():
                self.add_site(site)
        return self._sites

    @sites.setter
    def sites(self, sites: dict[str, Site]) -> None:
        self._sites, self._site_sources = sites, []

    @property
    def main_machine(self) -> Machine:
        machine = self.machine(self.main)
        assert machine is not None
        return machine

    def machine(self, name: str) -> Machine | None:
        """The machine called `name` (built now if it was not yet), or None."""
        node = self.nodes.get(name)
        if node is None:
            return None
        if node.machine is None:
            assert node.factory is not None
            node.machine = node.factory(self, name)
            node.machine.network = self
        return node.machine

    def built(self) -> list[Node]:
        """The machines that exist so far (the others are still as their factory makes them)."""
        return [n for n in self.nodes.values() if n.machine is not None]

    def node_of(self, machine: Machine) -> Node | None:
        for node in self.nodes.values():
            if node.machine is machine:
                return node
        return None

    def address_of(self, machine: Machine) -> str:
        node = self.node_of(machine)
        return node.address if node is not None else LOOPBACK

    def at(self, address: str) -> Node | None:
        """The machine's node with this address (not the internet's sites)."""
        for node in self.nodes.values():
            if node.address == address:
                return node
        return None

    # -- names -------------------------------------------------------------------------------
    def resolve(self, asker: Machine, name: str) -> str | None:
        """The IPv4 address `name` means to `asker`: an address itself, its /etc/hosts, this
        network's table (short and fully qualified names), then the internet's sites."""
        name = name.rstrip(".").lower()
        if not name:
            return None
        try:
            return str(ipaddress.IPv4Address(name))
        except ValueError:
            pass
        hosts = etc_hosts(asker)
        if name in hosts:
            return hosts[name]
        if name == "localhost":
            return LOOPBACK
        short = name.removesuffix(f".{self.domain}") if self.domain else name
        for node in self.nodes.values():
            if short == node.name.lower() or short in node.aliases:
                return node.address
        site = self.sites.get(name)
        return site.address if site is not None else None

    def name_of(self, address: str) -> str | None:
        """Reverse lookup: the network's name for an address (PTR), or None."""
        node = self.at(address)
        if node is not None:
            return node.name
        for site in self.sites.values():
            if site.address == address:
                return site.name
        return None

    def site_at(self, address: str) -> Site | None:
        for site in self.sites.values():
            if site.address == address:
                return site
        return None

    # -- copies ------------------------------------------------------------------------------
    def snapshot(self) -> bytes:
        """Every machine built so far, the unbuilt ones by name (their factories are code, kept
        by the caller: `restore` needs a network made the same way), and the sites."""
        disks = {n.name: (n.address, n.machine.snapshot() if n.machine is not None else None,
                          n.machine.limits if n.machine is not None else None, n.aliases)
                 for n in self.nodes.values()}
        return pickle.dumps((self.main, self.domain, disks, self.sites), protocol=pickle.HIGHEST_PROTOCOL)

    def restore(self, data: bytes) -> None:
        """Replace this network's machines with a snapshot's (factories of unbuilt ones stay)."""
        main, domain, disks, sites = pickle.loads(data)
        old = self.nodes
        self.nodes, self.main, self.domain, self.sites = {}, "", domain, sites
        for name, (address, disk, limits, aliases) in disks.items():
            factory = old[name].factory if name in old else None
            machine = Machine.from_snapshot(disk, limits) if disk is not None else None
            if machine is None and factory is None:
                continue   # a machine the snapshot never built, unknown here: it has nothing yet
            self.add(name, address, machine, factory, tuple(aliases))
        self.main = main if main in self.nodes else self.main


def etc_hosts(machine: Machine) -> dict[str, str]:
    """name -> address from the machine's /etc/hosts (IPv4 lines; the first mention wins)."""
    from shelldojo.filesystem.credentials import ROOT, acting_as

    try:
        with acting_as(ROOT):
            text = machine.vfs.read_bytes("/etc/hosts").decode("utf-8", "replace")
    except OSError:
        return {}
    table: dict[str, str] = {}
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) < 2:
            continue
        try:
            address = str(ipaddress.IPv4Address(fields[0]))
        except ValueError:
            continue
        for name in fields[1:]:
            table.setdefault(name.lower(), address)
    return table


def solo(machine: Machine, name: str = "dojo", address: str = "10.0.0.10") -> Network:
    """A network of one machine (a challenge or a saved state without a cloud)."""
    net = Network()
    net.add(name, address, machine)
    return net

