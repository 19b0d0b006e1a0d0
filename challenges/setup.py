"""Build a challenge's starting machine: a fresh dojo (shell/cloud.py), then the [setup] applied as root.

Users, groups and packages are made with the machine's own commands (groupadd, useradd,
chpasswd, apt-get), so the result is exactly what those commands leave behind.
"""
from __future__ import annotations

import posixpath
import shlex

from shelldojo.challenges import setup_net, setup_procs
from shelldojo.challenges.model import Challenge, Setup
from shelldojo.filesystem import ROOT, Machine, accounts, acting_as
from shelldojo.filesystem.vfs import strerror
from shelldojo.shell import cloud
from shelldojo.shell.limits import Limits
from shelldojo.shell.packages.db import Database
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, NullInput

SETUP_LIMITS = Limits(wall_time_s=20.0)


class SetupError(Exception):
    """The setup could not be applied (the message says which step and why)."""


def run_as(machine: Machine, user: str, script: str, cwd: str | None = None,
           limits: Limits | None = None) -> tuple[int, str, str]:
    """Run shell text non-interactively as `user`; returns (status, stdout, stderr)."""
    out, err = BufferOutput(), BufferOutput()
    session = Session(machine, user=user, stdin=NullInput(), stdout=out, stderr=err, cwd=cwd,
                      limits=limits or SETUP_LIMITS)
    status = session.run_source(script)
    return (status, out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace"))


def home_of(machine: Machine, user: str) -> str:
    account = accounts.user_by_name(machine.vfs, user)
    if account is None:
        raise SetupError(f"setup.user: no such user {user!r}")
    return account.home


def resolve(machine: Machine, user: str, path: str) -> str:
    """A challenge path: absolute as written, `~/x` or relative under the user's home."""
    if path.startswith("~"):
        path = path[1:].lstrip("/")
    if not path.startswith("/"):
        path = posixpath.join(home_of(machine, user), path)
    return posixpath.normpath(path)


def _root(machine: Machine, step: str, script: str, cwd: str = "/root") -> None:
    status, out, err = run_as(machine, "root", script, cwd)
    if status != 0:
        raise SetupError(f"{step}: `{script.strip()}` failed with status {status}: {(err or out).strip()[:500]}")


def apply_setup(machine: Machine, setup: Setup) -> None:
    """Apply a [setup] to `machine` (in place)."""
    for group in setup.groups:
        _root(machine, "setup.groups", f"groupadd {shlex.quote(group)}")
    for user in setup.users:
        cmd = f"useradd -m -s {shlex.quote(user.shell)}"
        if user.groups:
            cmd += f" -G {shlex.quote(','.join(user.groups))}"
        _root(machine, "setup.users", f"{cmd} {shlex.quote(user.name)}")
        if user.password is not None:
            _root(machine, "setup.users", f"echo {shlex.quote(user.name + ':' + user.password)} | chpasswd")
    if setup.packages:
        _root(machine, "setup.packages", "apt-get install -y -qq " + " ".join(map(shlex.quote, setup.packages)))
    owner = accounts.credentials_for(machine.vfs, setup.user)
    if owner is None:
        raise SetupError(f"setup.user: no such user {setup.user!r}")
    vfs = machine.vfs
    with acting_as(ROOT):
        try:
            for d in setup.dirs:
                path = resolve(machine, setup.user, d)
                _makedirs_owned(machine, path, owner.uid, owner.gid)
            for f in setup.files:
                path = resolve(machine, setup.user, f.path)
                _makedirs_owned(machine, posixpath.dirname(path), owner.uid, owner.gid)
                vfs.write_bytes(path, f.content.encode())
                uid, gid = _owner(machine, f.owner, owner.uid, owner.gid)
                vfs.chown(path, uid, gid)
                vfs.chmod(path, int(f.mode, 8) if f.mode else 0o644)
            for link, target in setup.symlinks:
                path = resolve(machine, setup.user, link)
                _makedirs_owned(machine, posixpath.dirname(path), owner.uid, owner.gid)
                vfs.symlink(target, path)
                vfs.chown(path, owner.uid, owner.gid, follow=False)
        except OSError as exc:
            raise SetupError(f"setup: {exc.filename or ''}: {strerror(exc)}") from None
    _services(machine, setup)
    try:
        setup_procs.place(machine, setup)
    except setup_procs.PlacementError as exc:
        raise SetupError(f"setup.processes: {exc}") from None
    if setup.crontab is not None:
        _crontab(machine, setup)
    if setup.script.strip():
        _root(machine, "setup.script", setup.script, home_of(machine, setup.user))


def _services(machine: Machine, setup: Setup) -> None:
    """Put each named service in its state, as systemd would have left it."""
    if not setup.services:
        return   # no manager made: a prepared machine with one saves and restores its state at every copy
    manager = machine.services
    for spec in setup.services:
        unit = manager.find(spec.name)
        if unit is None:
            raise SetupError(f"setup.services: no unit {spec.name!r} (install its package or write its unit file)")
        if spec.enabled is True:
            manager.enable(unit)
        elif spec.enabled is False:
            manager.disable(unit)
        if spec.state == "active":
            manager.start(unit)
        elif spec.state == "stopped":
            manager.stop(unit)
        else:
            manager.fail(unit, spec.log)


def _crontab(machine: Machine, setup: Setup) -> None:
    """The user's crontab, as `crontab -` installs it (the cron package brings the command)."""
    assert setup.crontab is not None
    user = setup.crontab.user or setup.user
    if accounts.user_by_name(machine.vfs, user) is None:
        raise SetupError(f"setup.crontab: no such user {user!r}")
    if not Database(machine.vfs).installed("cron"):
        raise SetupError('setup.crontab: the cron package is not installed (add packages = ["cron"])')
    setup_procs.install_crontab(machine, user, setup.crontab.lines, lambda step, script: _root(machine, step, script))


def _makedirs_owned(machine: Machine, path: str, uid: int, gid: int) -> None:
    vfs = machine.vfs
    missing = []
    cur = path
    while cur not in ("/", "") and not vfs.exists(cur):
        missing.append(cur)
        cur = posixpath.dirname(cur)
    for d in reversed(missing):
        vfs.mkdir(d, 0o755)
        vfs.chown(d, uid, gid)


def _owner(machine: Machine, spec: str | None, uid: int, gid: int) -> tuple[int, int]:
    if not spec:
        return uid, gid
    user, _, group = spec.partition(":")
    if user:
        u = accounts.user_by_name(machine.vfs, user)
        if u is None:
            raise SetupError(f"setup.files: owner {spec!r}: no such user {user!r}")
        uid, gid = u.uid, u.gid
    if group:
        g = accounts.group_by_name(machine.vfs, group)
        if g is None:
            raise SetupError(f"setup.files: owner {spec!r}: no such group {group!r}")
        gid = g.gid
    return uid, gid


def prepare(challenge: Challenge) -> Machine:
    """A fresh machine with the challenge's setup applied: the `dojo` of a cloud (its network,
    `machine.network`, holds the setup's other machines, set up first, and the lazy rest)."""
    machine = cloud.dojo_machine()   # the learner's key already there: build_cloud need not write it
    try:
        setup_net.build_cloud(machine, challenge.setup, apply_setup)
    except setup_net.CloudError as exc:
        raise SetupError(str(exc)) from None
    apply_setup(machine, challenge.setup)
    return machine


def start_cwd(machine: Machine, setup: Setup) -> str:
    return resolve(machine, setup.user, setup.cwd)
