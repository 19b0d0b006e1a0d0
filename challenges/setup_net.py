"""A challenge's cloud: the learner's machine as `dojo` of shell/cloud.py's cloud, the setup's
other machines (`[setup.machines.NAME]`) built and set up, and `hosts` lines in /etc/hosts.

Machines a challenge does not mention stay lazy (built on first use, as in the sandbox), so a
challenge on dojo alone pays for one machine.  Copies of a prepared cloud (the grader's, one
per student) go through `snapshot` / `restore`, which keep every machine built so far.
"""
from __future__ import annotations

from collections.abc import Callable

from shelldojo.challenges.model import HttpServiceSpec, MachineSetup, Setup
from shelldojo.filesystem import ROOT, Machine, acting_as
from shelldojo.filesystem.network import Network, Node
from shelldojo.shell import cloud
from shelldojo.shell.commands.net import sshkeys
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.net import apps

Apply = Callable[[Machine, Setup], None]
AUTHORIZED = "/home/learner/.ssh/authorized_keys"
HOST_KEY_KINDS = (("rsa", 3072), ("ecdsa", 256), ("ed25519", 256))   # what an OpenSSH 8.9 install makes
PACK_SSH_CONFIG = "/etc/ssh/ssh_config.d/dojo-pack.conf"   # the pack's own machines the learner's key opens


class CloudError(Exception):
    """A machine of the setup could not be made (the message says which and why)."""


def add_hosts(machine: Machine, lines: tuple[str, ...]) -> None:
    """Append `hosts` lines to the machine's /etc/hosts (as an admin would with tee -a)."""
    if not lines:
        return
    with acting_as(ROOT):
        try:
            text = machine.vfs.read_bytes("/etc/hosts").decode("utf-8", "replace")
        except OSError:
            text = ""
        if text and not text.endswith("\n"):
            text += "\n"
        machine.vfs.write_bytes("/etc/hosts", (text + "".join(f"{line}\n" for line in lines)).encode())


def _new_machine(spec: MachineSetup, apply: Apply) -> Machine:
    """A machine of the pack's own: its hostname, and (openssh) its own host keys, sshd running
    and the learner's key authorized, as shell/cloud.py builds web1."""
    machine = fresh_machine()
    cloud.set_hostname(machine, spec.name)
    if spec.openssh:
        with acting_as(ROOT):
            machine.vfs.makedirs("/etc/ssh", exist_ok=True)
            for kind, private, public in _host_keys(spec.name):
                machine.vfs.write_bytes(f"/etc/ssh/ssh_host_{kind}_key", private)
                machine.vfs.chmod(f"/etc/ssh/ssh_host_{kind}_key", 0o600)
                machine.vfs.write_bytes(f"/etc/ssh/ssh_host_{kind}_key.pub", public)
                machine.vfs.chmod(f"/etc/ssh/ssh_host_{kind}_key.pub", 0o644)
        apply(machine, Setup(packages=("openssh-server",)))   # its install keeps the keys
        cloud.authorize_learner(machine)
    return machine


_HOST_KEYS: dict[str, list[tuple[str, bytes, bytes]]] = {}


def _host_keys(name: str) -> list[tuple[str, bytes, bytes]]:
    """New host keys for a machine (made once per name and process, as an install makes them)."""
    if name not in _HOST_KEYS:
        keys = []
        for kind, bits in HOST_KEY_KINDS:
            private, public = sshkeys.generate(kind, bits, f"root@{name}", "")
            keys.append((kind, private, (public.line() + "\n").encode()))
        _HOST_KEYS[name] = keys
    return _HOST_KEYS[name]


def _forget_learner_key(machine: Machine) -> None:
    with acting_as(ROOT):
        if machine.vfs.exists(AUTHORIZED):
            machine.vfs.unlink(AUTHORIZED)


def build_cloud(dojo: Machine, setup: Setup, apply: Apply) -> Network:
    """The cloud around `dojo` (set up by the caller afterwards): every machine the setup names
    built and set up with `apply`; dojo's ssh knows the pack's own machines as it knows web1's."""
    net = cloud.fresh_cloud(main=dojo)
    own: list[tuple[str, Machine, bool]] = []
    for spec in setup.machines:
        try:
            if spec.name in net.nodes:
                machine = net.machine(spec.name)
            else:
                if net.at(spec.address) is not None:
                    raise ValueError(f"address {spec.address} is already {net.at(spec.address).name}'s")
                machine = _new_machine(spec, apply)
                net.add(spec.name, spec.address, machine)
                own.append((spec.name, machine, spec.learner_key))
        except (RuntimeError, ValueError) as exc:
            raise CloudError(f"setup.machines.{spec.name}: {exc}") from None
        assert machine is not None
        if not spec.learner_key:
            _forget_learner_key(machine)
        add_hosts(machine, spec.setup.hosts)
        apply(machine, spec.setup)
        for service in spec.http:
            install_http(machine, service)
    _know_own_machines(dojo, net, own)
    add_hosts(dojo, setup.hosts)
    return net


def _know_own_machines(dojo: Machine, net: Network, own: list[tuple[str, Machine, bool]]) -> None:
    """The pack's machines in dojo's ssh setup, as shell/cloud.py puts web1 and db1 there: their
    host keys in the machine-wide known_hosts (read from each machine: made by its openssh-server
    install), and the learner's key named for those it opens (a file of its own beside the cloud's)."""
    known = b""
    for name, machine, _keyed in own:
        names = f"{name},{name}.{cloud.DOMAIN},{net.nodes[name].address}".encode()
        for kind in ("ed25519", "ecdsa", "rsa"):
            with acting_as(ROOT):
                try:
                    key = machine.vfs.read_bytes(f"/etc/ssh/ssh_host_{kind}_key.pub").split()
                except OSError:
                    continue   # no sshd there (openssh = false)
            known += names + b" " + key[0] + b" " + key[1] + b"\n"
    keyed = [name for name, _machine, keyed in own if keyed]
    with acting_as(ROOT):
        if known:
            old = dojo.vfs.read_bytes(cloud.SSH_KNOWN_HOSTS) if dojo.vfs.exists(cloud.SSH_KNOWN_HOSTS) else b""
            dojo.vfs.write_bytes(cloud.SSH_KNOWN_HOSTS, old + known)
        if keyed:
            dojo.vfs.write_bytes(PACK_SSH_CONFIG, (
                "# The machines of this challenge know the learner's key pair too.\n"
                f"Host {' '.join(keyed)}\n"
                "    IdentityFile ~/.ssh/id_rsa\n"
                "    IdentityFile ~/.ssh/id_ecdsa\n"
                "    IdentityFile ~/.ssh/id_ed25519\n"
                f"    IdentityFile {cloud.KEY_DIR}/%u/id_ed25519\n").encode())
            dojo.os.chmod(PACK_SSH_CONFIG, 0o644)


def install_http(machine: Machine, service: HttpServiceSpec) -> None:
    """A pack's HTTP service on the machine, through the HTTP apps of shell/net."""
    routes = {}
    for route in service.routes:
        answer = {"body": route.body} if route.body is not None else \
            {"file": route.file} if route.file else {"script": route.script}
        routes[route.path] = {**answer, **({"content_type": route.content_type} if route.content_type else {})}
    try:
        apps.install_http_service(machine, service.name, service.port, routes, content_type=service.content_type,
                                  user=service.user)
    except (OSError, ValueError) as exc:
        raise CloudError(f"http service {service.name}: {exc}") from None


# ----------------------------------------------------------------------------- copies
def _skeleton() -> Network:
    """A network made as fresh_cloud makes it (the factories of machines not built yet)."""
    net = Network(domain=cloud.DOMAIN)
    for name, (address, _packages) in cloud.CLOUD.items():
        net.nodes[name] = Node(name, address, factory=lambda _net, role: cloud.role_machine(role))
    net.main = "dojo"
    return net


def snapshot(machine: Machine) -> bytes:
    """The whole cloud of a prepared machine (every machine built so far) as bytes."""
    net = machine.network
    if net is None:
        return cloud_of(machine).snapshot()
    return net.snapshot()


def restore(data: bytes) -> Machine:
    """A new copy of a snapshot's cloud: its learner's machine (the others hang off .network)."""
    net = _skeleton()
    net.restore(data)
    return net.main_machine


def cloud_of(machine: Machine) -> Network:
    """The machine's network (a machine alone gets the default cloud around it)."""
    return machine.network if machine.network is not None else cloud.fresh_cloud(main=machine)


def target(machine: Machine, name: str) -> Machine:
    """The machine of `machine`'s cloud that a check with `machine = name` judges."""
    if not name:
        return machine
    found = cloud_of(machine).machine(name)
    if found is None:
        raise LookupError(name)
    return found


def detached(machine: Machine) -> Machine:
    """A copy of `machine` to change freely (a script check), still on its network: the other
    machines are the same objects, only this one is a copy in a copy of the network's table."""
    copy = machine.clone()
    net = machine.network
    if net is None:
        return copy
    view = Network(domain=net.domain)
    view.sites, view.main = net.sites, net.main
    for name, node in net.nodes.items():
        view.nodes[name] = Node(node.name, node.address, copy if node.machine is machine else node.machine,
                                node.factory, node.aliases)
    copy.network = view
    return copy
