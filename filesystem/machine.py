"""The simulated machine: one standalone pyfakefs filesystem per sandbox.

Only `FakeFilesystem`, `FakeOsModule` and `FakeFileOpen` are used; nothing here can
reach the host disk.  A machine is cloned cheaply from a base image pickled once per
process.
"""
from __future__ import annotations

import copyreg
import io
import pickle
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pyfakefs.fake_file import FakeDirectory, FakeFile
from pyfakefs.fake_filesystem import FakeFilesystem, OSType
from pyfakefs.fake_open import FakeFileOpen
from pyfakefs.fake_os import FakeOsModule
from pyfakefs.helpers import FakeStatResult
from shelldojo.filesystem import credentials as _credentials  # noqa: F401  (installs the group-aware check)
from shelldojo.filesystem import procfs
from shelldojo.filesystem.processes import ProcessTable, boot_time
from shelldojo.filesystem.vfs import VFS


@dataclass
class DiskLimits:
    """Named defaults for the disk of one machine."""

    quota_bytes: int = 64 * 1024 * 1024
    max_files: int = 20_000
    max_file_bytes: int = 16 * 1024 * 1024


def new_fake_filesystem() -> FakeFilesystem:
    fake = FakeFilesystem(path_separator="/", patcher=None, create_temp_dir=False)
    fake.os = OSType.LINUX
    fake.shuffle_listdir_results = False
    fake.umask = 0o022
    fake.is_case_sensitive = True
    return fake


if TYPE_CHECKING:
    from shelldojo.filesystem.hardware import Hardware
    from shelldojo.filesystem.network import Network
    from shelldojo.filesystem.services import ServiceManager

SNAPSHOT_FORMAT = 2   # how `Machine.snapshot` pickles (a cache of snapshots on disk names it)
_PLAIN_NODES = (FakeFile, FakeDirectory, FakeStatResult)   # exact types: subclasses pickle their own way


def _set_state(node: Any, state: dict[str, Any]) -> None:
    node.__dict__.update(state)


class _SnapshotPickler(pickle.Pickler):
    """Pickles the disk's nodes with a state setter of their own: unpickling otherwise asks each
    for `__setstate__`, which FakeFile's `__getattr__` answers with a raised AttributeError (a
    third of every clone's time)."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) in _PLAIN_NODES:
            return copyreg.__newobj__, (type(obj),), obj.__dict__, None, None, _set_state
        return NotImplemented


SERVICES_STATE = "/run/systemd/shelldojo-units.json"   # filesystem/services.py keeps its state there
MODELS_STATE = "/run/systemd/shelldojo-processes.json"   # filesystem/models.py keeps its state there


class Machine:
    """A sandboxed computer: its disk (through `vfs`), its hostname and its processes
    (`procs`: not saved with the disk, a new or loaded machine boots afresh)."""

    def __init__(self, fake: FakeFilesystem, limits: DiskLimits | None = None) -> None:
        self.fake = fake
        self.limits = limits or DiskLimits()
        self.os = FakeOsModule(fake)
        self.open = FakeFileOpen(fake)
        fake.set_disk_usage(self.limits.quota_bytes)
        self.vfs = VFS(self)
        self.network: Network | None = None   # the sandbox's network, once a Network adds it
        # one boot time for ps, uptime and /proc; a clone boots anew.  The stated size (cores,
        # memory) is made on first use: most command lines never ask (start-up speed)
        self.procs = ProcessTable(boot_time())
        self._hardware: Hardware | None = None
        procfs.mount(self)  # /proc, made from `procs` on each lookup
        # units and the journal, made on first use (start-up speed); a machine whose services ran
        # (their state file exists) gets its manager at once, so their processes come back
        self._services: ServiceManager | None = None
        if self.vfs.exists(SERVICES_STATE):
            _ = self.services
        if self.vfs.exists(MODELS_STATE):   # a challenge's model processes come back too
            from shelldojo.filesystem import models

            models.restore(self)

    @property
    def hardware(self) -> Hardware:
        """What the machine says it is (cores, memory): free, nproc, top and /proc agree on it."""
        if self._hardware is None:
            from shelldojo.filesystem.hardware import Hardware

            self._hardware = Hardware(boot_time=self.procs.boot_time)
        return self._hardware

    @property
    def services(self) -> ServiceManager:
        if self._services is None:
            from shelldojo.filesystem.services import ServiceManager  # units, journal, json: on demand

            self._services = ServiceManager(self)
        return self._services

    # -- cloning -----------------------------------------------------------------
    def sync_state(self) -> None:
        """Write what is kept in memory (the services' journal since their last change) to the disk,
        so a copy or a saved archive of the disk has it (sshd's login lines, for example)."""
        if self._services is not None:
            self._services._save()

    def snapshot(self) -> bytes:
        """The whole disk as bytes (pickle), for cloning."""
        self.sync_state()
        saved = self.fake.open_files, self.fake._free_fd_heap
        self.fake.open_files, self.fake._free_fd_heap = [], []
        try:
            buf = io.BytesIO()
            _SnapshotPickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(self.fake)
            return buf.getvalue()
        finally:
            self.fake.open_files, self.fake._free_fd_heap = saved

    @classmethod
    def from_snapshot(cls, data: bytes, limits: DiskLimits | None = None) -> Machine:
        return cls(pickle.loads(data), limits)

    def clone(self) -> Machine:
        return Machine.from_snapshot(self.snapshot(), self.limits)

    @property
    def hostname(self) -> str:
        try:
            return self.vfs.read_bytes("/etc/hostname").decode().strip() or "dojo"
        except OSError:
            return "dojo"
