"""The default cloud of a sandbox: the learner's machine `dojo`, `web1` (nginx) and `db1` (sqlite3).

Each machine is a whole machine as `fresh_machine` makes it, with its hostname, its host keys
and openssh-server running; the learner's key pair lives on dojo (in /etc/ssh/dojo, named by
an ssh_config.d file, so the home directory keeps only the skeleton files) and is authorized
on web1 and db1, as multi-node playgrounds set it up: `ssh web1` works at once.  A role's
machine is built once per process, then cloned; only the machines someone reaches are made.
"""
from __future__ import annotations

import hashlib
import io
import posixpath
from importlib import resources
from typing import BinaryIO

from shelldojo.filesystem import ROOT, DiskLimits, Machine, acting_as
from shelldojo.filesystem.network import Network, Site
from shelldojo.shell.machines import cached_snapshot, fresh_machine, image_key

DOMAIN = "dojo.internal"
SUBNET = "10.0.0"
# name -> (address, packages installed besides openssh-server)
CLOUD: dict[str, tuple[str, tuple[str, ...]]] = {
    "dojo": (f"{SUBNET}.10", ()),
    "web1": (f"{SUBNET}.11", ("nginx",)),
    "db1": (f"{SUBNET}.12", ("sqlite3",)),
}
KEY_DIR = "/etc/ssh/dojo"   # the learner's cloud key pair on dojo: KEY_DIR/learner/id_ed25519
HOST_KEY_TYPES = ("rsa", "ecdsa", "ed25519")
SSH_CONFIG_D = "/etc/ssh/ssh_config.d/dojo-cloud.conf"
SSH_KNOWN_HOSTS = "/etc/ssh/ssh_known_hosts"   # the cloud servers' host keys, on dojo

_ROLE_SNAPSHOTS: dict[str, bytes] = {}


def cloud_data(*parts: str) -> bytes:
    """A file of shell/packages/data/cloud (key pairs made once with OpenSSH's ssh-keygen)."""
    return resources.files("shelldojo.shell.packages").joinpath("data", "cloud", *parts).read_bytes()


def learner_public_key() -> bytes:
    return cloud_data("learner", "id_ed25519.pub")


def set_hostname(machine: Machine, name: str) -> None:
    """/etc/hostname and the 127.0.1.1 line of /etc/hosts, as the installer writes them."""
    vfs = machine.vfs
    with acting_as(ROOT):
        vfs.write_bytes("/etc/hostname", f"{name}\n".encode())
        try:
            hosts = vfs.read_bytes("/etc/hosts").decode()
        except OSError:
            hosts = "127.0.0.1\tlocalhost\n"
        lines = [f"127.0.1.1\t{name}" if line.startswith("127.0.1.1") else line for line in hosts.splitlines()]
        if not any(line.startswith("127.0.1.1") for line in lines):
            lines.insert(1, f"127.0.1.1\t{name}")
        vfs.write_bytes("/etc/hosts", ("\n".join(lines) + "\n").encode())


def _put(machine: Machine, path: str, data: bytes, mode: int, uid: int = 0, gid: int = 0) -> None:
    vfs = machine.vfs
    with acting_as(ROOT):
        parent = posixpath.dirname(path)
        if not vfs.exists(parent):
            vfs.makedirs(parent)
        vfs.write_bytes(path, data)
        machine.vfs.chmod(path, mode)
        machine.vfs.chown(path, uid, gid)


def _mkdir(machine: Machine, path: str, mode: int, uid: int = 0, gid: int = 0) -> None:
    with acting_as(ROOT):
        if not machine.vfs.exists(path):
            machine.vfs.makedirs(path)
        machine.vfs.chmod(path, mode)
        machine.vfs.chown(path, uid, gid)


def install_host_keys(machine: Machine, name: str) -> None:
    """The machine's SSH host keys (before openssh-server's install, which keeps existing keys)."""
    for kind in HOST_KEY_TYPES:
        key = f"ssh_host_{kind}_key"
        _put(machine, f"/etc/ssh/{key}", cloud_data(name, key), 0o600)
        _put(machine, f"/etc/ssh/{key}.pub", cloud_data(name, f"{key}.pub"), 0o644)


def authorize_learner(machine: Machine) -> None:
    """~learner/.ssh/authorized_keys with the learner's cloud key."""
    _mkdir(machine, "/home/learner/.ssh", 0o700, 1000, 1000)
    _put(machine, "/home/learner/.ssh/authorized_keys", learner_public_key(), 0o600, 1000, 1000)


def give_learner_key(machine: Machine, hosts: list[str]) -> None:
    """On dojo: the learner's key pair and the ssh_config.d file that names it for `hosts`."""
    _mkdir(machine, KEY_DIR, 0o755)
    _mkdir(machine, f"{KEY_DIR}/learner", 0o700, 1000, 1000)
    _put(machine, f"{KEY_DIR}/learner/id_ed25519", cloud_data("learner", "id_ed25519"), 0o600, 1000, 1000)
    _put(machine, f"{KEY_DIR}/learner/id_ed25519.pub", learner_public_key(), 0o644, 1000, 1000)
    config = ("# The dojo's cloud: web1 and db1 know the learner's key pair (as a cloud console\n"
              "# sets it up).  Keys of your own in ~/.ssh are tried first.\n"
              f"Host {' '.join(hosts)}\n"
              "    IdentityFile ~/.ssh/id_rsa\n"
              "    IdentityFile ~/.ssh/id_ecdsa\n"
              "    IdentityFile ~/.ssh/id_ed25519\n"
              f"    IdentityFile {KEY_DIR}/%u/id_ed25519\n")
    _put(machine, SSH_CONFIG_D, config.encode(), 0o644)
    # the servers' host keys, known machine-wide (as a cloud console writes them), so ssh
    # trusts web1 and db1 without the first-connection question (ssh's GlobalKnownHostsFile)
    known = b""
    for host in hosts:
        names = f"{host},{host}.{DOMAIN},{CLOUD[host][0]}" if host in CLOUD else host
        for kind in ("ed25519", "ecdsa", "rsa"):
            key = cloud_data(host, f"ssh_host_{kind}_key.pub").split()
            known += names.encode() + b" " + key[0] + b" " + key[1] + b"\n"
    _put(machine, SSH_KNOWN_HOSTS, known, 0o644)


def _run_as_root(machine: Machine, script: str) -> None:
    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import BufferOutput, NullInput

    out = BufferOutput()
    status = Session(machine, user="root", stdin=NullInput(), stdout=out, stderr=out).run_source(script)
    if status != 0:
        raise RuntimeError(f"building the cloud failed: {script}: {out.getvalue().decode(errors='replace')}")


def build_server(name: str, packages: tuple[str, ...], limits: DiskLimits | None = None) -> Machine:
    """A server of the cloud: hostname, host keys, openssh-server and `packages` installed (their
    services running), the learner's key authorized."""
    machine = fresh_machine(limits)
    set_hostname(machine, name)
    if name in CLOUD:
        install_host_keys(machine, name)
    _run_as_root(machine, "apt-get install -y -qq openssh-server " + " ".join(packages))
    authorize_learner(machine)
    return machine


def role_machine(name: str, limits: DiskLimits | None = None) -> Machine:
    """The default cloud's machine `name`, cloned from one built once per process."""
    snap = _ROLE_SNAPSHOTS.get(name)
    if snap is None:
        snap = _ROLE_SNAPSHOTS[name] = build_server(name, CLOUD[name][1]).snapshot()
    return Machine.from_snapshot(snap, limits)


def dojo_machine(limits: DiskLimits | None = None) -> Machine:
    """A fresh dojo with the learner's cloud key, cloned from one made once (writing the key files
    into each new machine would cost more than the clone itself: a challenge's machine starts
    from it too) and kept in the data dir's cache beside the base image, so a process that stays
    on dojo (`shelldojo run`) loads one machine and builds none."""
    snap = _ROLE_SNAPSHOTS.get("dojo")
    if snap is None:
        snap = _ROLE_SNAPSHOTS["dojo"] = cached_snapshot("dojo", _dojo_key(), _build_dojo)
    return Machine.from_snapshot(snap, limits)


def _build_dojo() -> Machine:
    machine = fresh_machine()
    give_learner_key(machine, [n for n in CLOUD if n != "dojo"])
    return machine


def _dojo_key() -> str:
    """What the cached dojo is made of: the base image, this module's code and the key files it writes."""
    h = hashlib.sha256(image_key().encode())
    h.update(resources.files("shelldojo.shell").joinpath("cloud.py").read_bytes())
    h.update(cloud_data("learner", "id_ed25519") + learner_public_key())
    for host in CLOUD:
        for kind in HOST_KEY_TYPES:
            h.update(cloud_data(host, f"ssh_host_{kind}_key.pub"))
    return h.hexdigest()[:24]


def _role_factory(net: Network, name: str) -> Machine:
    return role_machine(name)


def fresh_cloud(main: Machine | None = None, limits: DiskLimits | None = None) -> Network:
    """The default cloud; `main` (e.g. a challenge's machine) stands for dojo when given."""
    net = Network(domain=DOMAIN)
    if main is None:
        dojo = dojo_machine(limits)
    else:
        dojo = main
        if not dojo.vfs.exists(SSH_CONFIG_D):
            give_learner_key(dojo, [n for n in CLOUD if n != "dojo"])
    net.add("dojo", CLOUD["dojo"][0], dojo)
    for name, (address, _packages) in CLOUD.items():
        if name != "dojo":
            net.add(name, address, factory=_role_factory)
    net.add_sites_later(_internet)
    return net


def _internet() -> tuple[Site, ...]:
    from shelldojo.shell.net.internet import sites  # email, tarball and http: only once someone goes online

    return sites()


# ----------------------------------------------------------------------------- saving
def max_cloud_archive_bytes() -> int:
    """The whole cloud's archive within one machine's bound: every machine of it lives in the
    same process's memory budget, so several full disks could not be loaded anyway."""
    from shelldojo.filesystem.archive import max_archive_bytes  # tarfile: only when saving or loading

    return max_archive_bytes()


def save_cloud(net: Network, out: BinaryIO) -> None:
    """The learner's machine as a plain tar archive; the other machines built so far ride along
    as members of their own (filesystem/archive.py's `others`)."""
    from shelldojo.filesystem.archive import save_tar

    others: dict[str, tuple[str, bytes]] = {}
    for node in net.built():
        if node.name != net.main and node.machine is not None:
            buf = io.BytesIO()
            save_tar(node.machine, buf)
            others[node.name] = (node.address, buf.getvalue())
    save_tar(net.main_machine, out, others)


def load_cloud(data: bytes) -> Network:
    """A cloud from `save_cloud`'s archive (ArchiveError when it is hostile or broken); a plain
    one-machine archive gives the default cloud around it."""
    from shelldojo.filesystem.archive import ArchiveError, load_tar

    others: dict[str, tuple[str, bytes]] = {}
    main = load_tar(data, base=fresh_machine(), others=others)
    net = fresh_cloud(main=main)
    for name, (address, archive) in others.items():
        base = fresh_machine()   # not a role machine: its live service manager would outlive the load
        machine = load_tar(archive, base=base)
        node = net.nodes.get(name)
        try:
            net.add(name, node.address if node is not None else address, machine)
        except ValueError as exc:
            raise ArchiveError(f"machine {name!r}: {exc}") from None
    return net
