"""/proc: a directory whose entries are made from the process table on every lookup.

Mounted on the machine's /proc (`mount(machine)`), it answers the VFS as any directory of the
fake disk does (its `_entries` is a mapping that builds a node when asked for it), so `ls`,
`cat`, `find`, `cd` and `readlink` need nothing special, and nothing is stale: a process that
ended is no longer there.  The nodes are never added to the disk (no quota, no inode count,
not saved: archive.py skips /proc).  The texts come from the model (processes.py) and from the
machine's stated size (hardware.py: cpuinfo, meminfo, uptime, loadavg, version, mounts).
Writes fail as the kernel's: no new names (ENOENT), no removal (EPERM), a read-only file opened
by root fails at write (EIO; EINVAL for a process's files); `/proc/PID/comm` takes a new name.
"""
from __future__ import annotations

import errno
import io
import stat as st
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from pyfakefs.fake_file import FakeDirectory, FakeFile
from shelldojo.filesystem import accounts
from shelldojo.filesystem.credentials import current
from shelldojo.filesystem.errors import oserror
from shelldojo.filesystem.procfs_text import cmdline_bytes, environ_bytes, stat_line, status_text

if TYPE_CHECKING:
    from shelldojo.filesystem.machine import Machine
    from shelldojo.filesystem.processes import Process
    from shelldojo.filesystem.selffd import FdSource

PROC_DEV = 21                   # proc's device (0:21), so `find -xdev`, `du -x` stay out
INO_BASE = 4026531840           # the kernel numbers proc's own inodes from here
SYSTEM_FILES = ("cpuinfo", "loadavg", "meminfo", "uptime", "version")
PID_FILES = {  # name -> mode; cwd, exe, fd and mounts are links or directories
    "cmdline": 0o444, "comm": 0o644, "environ": 0o400, "mounts": 0o444, "stat": 0o444, "status": 0o444}
PID_ENTRIES = ("cmdline", "comm", "cwd", "environ", "exe", "fd", "mounts", "stat", "status")
TERMINAL_FDS = {0: ("/dev/pts/{tty}", 0o700), 1: ("/dev/pts/{tty}", 0o700), 2: ("/dev/pts/{tty}", 0o700)}


class Entries(Mapping[str, FakeFile]):
    """A directory's entries, made when asked for: `names()` in directory order, `make(name)`
    the node or None."""

    def __init__(self, names: Callable[[], list[str]], make: Callable[[str], FakeFile | None]) -> None:
        self._names, self._make = names, make

    def __getitem__(self, name: str) -> FakeFile:
        node = self._make(name) if isinstance(name, str) else None
        if node is None:
            raise KeyError(name)
        return node

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._make(name) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


def _stamp(node: FakeFile, uid: int, gid: int, mtime: float, ino: int) -> None:
    sr = node.stat_result
    sr.st_uid, sr.st_gid, sr.st_ino, sr.st_dev, sr.st_nlink = uid, gid, ino, PROC_DEV, 1
    sr.st_mtime = sr.st_atime = sr.st_ctime = mtime


class ProcDir(FakeDirectory):
    """A directory of /proc: no size, no new names, nothing removed."""

    virtual = True

    def __init__(self, fs: Any, name: str, mode: int, entries: Callable[[], Mapping[str, FakeFile]] | None) -> None:
        FakeDirectory.__init__(self, name, mode, fs)
        self._gen = entries

    @property  # type: ignore[override]
    def _entries(self) -> Mapping[str, FakeFile]:
        gen = self.__dict__.get("_gen")
        return gen() if gen is not None else {}

    @_entries.setter
    def _entries(self, value: object) -> None:
        pass  # FakeDirectory.__init__ sets {}: the entries are made, never stored

    @property
    def size(self) -> int:
        return 0

    @size.setter
    def size(self, value: int) -> None:
        raise oserror(errno.EISDIR, self.name)

    def add_entry(self, path_object: FakeFile) -> None:
        raise oserror(errno.ENOENT, path_object.name)

    def remove_entry(self, pathname_name: str, recursive: bool = True) -> None:
        raise oserror(errno.EPERM, pathname_name)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_gen"] = None   # the machine is not pickled with the disk: mount() binds it again
        return state


class ProcFile(FakeFile):
    """A file of /proc: its bytes are made on each read; st_size is 0 as the kernel says."""

    virtual = True

    def __init__(self, fs: Any, name: str, mode: int, text: Callable[[], bytes],
                 write_error: int = errno.EIO, writer: Callable[[bytes], None] | None = None) -> None:
        FakeFile.__init__(self, name, st.S_IFREG | mode, None, fs)
        self._text, self._write_error, self._writer = text, write_error, writer

    @property
    def byte_contents(self) -> bytes:
        return self._text()

    def set_contents(self, contents: Any, encoding: str | None = None) -> bool:
        raise oserror(self._write_error, self.name)

    @property
    def size(self) -> int:
        return 0

    @size.setter
    def size(self, value: int) -> None:
        raise oserror(self._write_error, self.name)

    def open_node(self, writing: bool) -> ProcHandle:
        """What VFS.open hands out; writes go to the kernel's handler."""
        return ProcHandle(self)


class ProcHandle(io.BytesIO):
    """An opened /proc file: its text is made at the first read (as the kernel's seq_file
    does: `tr < /proc/PID/status` sees the process as it is then); writes fail (or rename,
    for comm) at once."""

    unbuffered = True   # streams hand each write on at once (shell/streams.py FileOutput)

    def __init__(self, node: ProcFile) -> None:
        super().__init__()
        self.node = self.file_object = node
        self.name = node.name
        self._made = False

    def _make(self) -> None:
        if not self._made:
            self._made = True
            super().write(self.node._text())
            self.seek(0)

    def read(self, n: int | None = -1) -> bytes:
        self._make()
        return super().read(n)

    def read1(self, n: int = -1) -> bytes:
        self._make()
        return super().read1(n)

    def readline(self, limit: int | None = -1) -> bytes:
        self._make()
        return super().readline(limit)

    def __next__(self) -> bytes:
        self._make()
        return super().__next__()

    def write(self, data: Any) -> int:
        writer = self.node._writer
        if writer is None:
            raise oserror(self.node._write_error, self.name)
        writer(bytes(data))
        return len(data)

    def truncate(self, size: int | None = None) -> int:
        return 0


class ProcLink(FakeFile):
    """A symlink of /proc whose target is read when followed; `target()` may refuse (EACCES:
    another user's process) or have none (ENOENT: a kernel thread's exe)."""

    virtual = True

    def __init__(self, fs: Any, name: str, target: Callable[[], str], mode: int = 0o777) -> None:
        FakeFile.__init__(self, name, st.S_IFLNK | mode, None, fs)
        self._target = target

    @property
    def contents(self) -> str:  # type: ignore[override]
        return self._target()

    @property
    def byte_contents(self) -> bytes:
        return self._target().encode("utf-8", "surrogateescape")

    @property
    def size(self) -> int:
        return 0

    @size.setter
    def size(self, value: int) -> None:
        raise oserror(errno.EINVAL, self.name)


class ProcFS:
    """The /proc of one machine: every node made from its process table when looked up."""

    def __init__(self, machine: Machine) -> None:
        self.machine = machine
        self.fs = machine.fake

    # -- /proc itself -------------------------------------------------------------
    def root_entries(self) -> Entries:
        return Entries(self._root_names, self._root_node)

    def _root_names(self) -> list[str]:
        return [*SYSTEM_FILES, "mounts", "self", *(str(p.pid) for p in self.machine.procs)]

    def _root_node(self, name: str) -> FakeFile | None:
        boot = self.machine.hardware.boot_time
        if name in SYSTEM_FILES:
            node: FakeFile = ProcFile(self.fs, name, 0o444, lambda: self.system_text(name).encode())
            _stamp(node, 0, 0, boot, INO_BASE + 40 + SYSTEM_FILES.index(name))
            return node
        if name == "mounts":
            node = ProcLink(self.fs, name, lambda: "self/mounts")
        elif name == "self":
            node = ProcLink(self.fs, name, lambda: str(self.reader()))
        elif name.isdigit() and name == str(int(name)):
            proc = self.machine.procs.get(int(name))
            return self.pid_dir(proc) if proc is not None else None
        else:
            return None
        _stamp(node, 0, 0, boot, INO_BASE + (1 if name == "self" else 30))
        return node

    def reader(self) -> int:
        """The pid /proc/self names: the process running in this thread, else (a check, a
        trainer's look) the newest shell of the acting user."""
        procs = self.machine.procs
        pid = procs.current()
        if pid is not None and procs.get(pid) is not None:
            return pid
        uid = current().uid
        shells = [p.pid for p in procs if p.deliver is not None and p.uid == uid]
        return shells[-1] if shells else 1

    def system_text(self, name: str) -> str:
        from shelldojo.filesystem.hardware import usage  # on use: start-up does not pay for it

        now = usage(self.machine.procs)   # the same reading free, uptime and vmstat make
        text = self.machine.hardware.proc_text(name, extra_rss_kib=now.extra_rss_kib, busy=now.busy,
                                               tasks=now.tasks)
        return text or ""

    # -- /proc/PID ----------------------------------------------------------------
    def pid_dir(self, proc: Process) -> ProcDir:
        d = ProcDir(self.fs, str(proc.pid), 0o555, lambda: Entries(lambda: list(PID_ENTRIES),
                                                                   lambda n: self._pid_node(proc, n)))
        _stamp(d, proc.uid, proc.gid, proc.start, self._ino(proc, 0))
        return d

    def _ino(self, proc: Process, index: int) -> int:
        return (proc.pid << 6) + 1_000_000 + index

    def _alive(self, proc: Process) -> None:
        if self.machine.procs.get(proc.pid) is not proc:
            raise oserror(errno.ESRCH, str(proc.pid))  # it ended while its directory was open

    def _pid_node(self, proc: Process, name: str) -> FakeFile | None:
        if name not in PID_ENTRIES:
            return None
        fs = self.fs
        node: FakeFile
        if name in ("cwd", "exe"):
            node = ProcLink(fs, name, lambda: self._link(proc, name))
        elif name == "fd":
            node = ProcDir(fs, "fd", 0o500, lambda: Entries(lambda: [str(n) for n in self.fds(proc)],
                                                             lambda n: self._fd_node(proc, n)))
        else:
            node = ProcFile(fs, name, PID_FILES[name], lambda: self._pid_text(proc, name), errno.EINVAL,
                            writer=(lambda data: self._rename(proc, data)) if name == "comm" else None)
        _stamp(node, proc.uid, proc.gid, proc.start, self._ino(proc, 1 + PID_ENTRIES.index(name)))
        return node

    def _pid_text(self, proc: Process, name: str) -> bytes:
        self._alive(proc)
        if name == "cmdline":
            return cmdline_bytes(proc)
        if name == "comm":
            return proc.comm.encode("utf-8", "surrogateescape") + b"\n"
        if name == "environ":
            return environ_bytes(proc)
        if name == "mounts":
            return self.system_text("mounts").encode()
        if name == "stat":
            return stat_line(proc, self.machine.procs, self.machine.hardware.boot_time).encode()
        return status_text(proc, self._groups(proc), self.machine.hardware).encode()

    def _groups(self, proc: Process) -> list[int]:
        if proc.kernel or proc.pid < 1000:
            return []
        user = accounts.user_by_uid(self.machine.vfs, proc.uid)
        return sorted(accounts.supplementary_gids(self.machine.vfs, user.name, user.gid)) if user else [proc.gid]

    def _rename(self, proc: Process, data: bytes) -> None:
        """Writing comm renames the process (15 bytes, newline and all, as the kernel keeps)."""
        self._alive(proc)
        proc.comm = data[:15].decode("utf-8", "replace")

    def _may_trace(self, proc: Process) -> None:
        """The kernel's ptrace check on cwd, exe and fd/N: the owner or root."""
        creds = current()
        if not creds.is_root and creds.uid != proc.uid:
            raise oserror(errno.EACCES, str(proc.pid))

    def _link(self, proc: Process, name: str) -> str:
        self._alive(proc)
        self._may_trace(proc)
        if name == "cwd":
            return proc.cwd or "/"
        if proc.kernel or not proc.exe:
            raise oserror(errno.ENOENT, str(proc.pid))
        return proc.exe

    # -- /proc/PID/fd ---------------------------------------------------------------
    def fds(self, proc: Process) -> dict[int, tuple[str, int]]:
        """fd -> (what it is open on, its link's mode): the terminal, a pipe, a file."""
        if proc.kernel:
            return {}
        own = getattr(proc, "fds", None)
        if own:
            return dict(own)
        source = self._self_source(proc)
        if source is not None:  # the running command's own: what it could not name, as before
            plain = self._plain_fds(proc)
            return {fd: (where or plain.get(fd, (f"pipe:[{40000 + fd}]", 0))[0], mode)
                    for fd, (where, mode) in source.fds().items()}
        return self._plain_fds(proc)

    def _plain_fds(self, proc: Process) -> dict[int, tuple[str, int]]:
        if proc.tty.startswith("pts/"):
            where = "/dev/" + proc.tty
            return {0: (where, 0o700), 1: (where, 0o700), 2: (where, 0o700)}
        return {0: ("/dev/null", 0o500), 1: ("/dev/null", 0o300), 2: ("/dev/null", 0o300)}

    def _self_source(self, proc: Process) -> FdSource | None:
        """The running command's descriptors when proc is the one /proc/self names (selffd.py)."""
        source = self.machine.vfs.self_fds.current()
        return source if source is not None and proc.pid == self.reader() else None

    def _fd_node(self, proc: Process, name: str) -> FakeFile | None:
        if not name.isdigit():
            return None
        fd = int(name)
        if name != str(fd) or fd not in self.fds(proc):
            return None
        node = ProcLink(self.fs, name, lambda: self._fd_target(proc, fd), self.fds(proc)[fd][1])
        _stamp(node, proc.uid, proc.gid, proc.start, self._ino(proc, 20 + min(fd, 40)))
        node.stat_result.st_size = 64   # the kernel's size of an fd link
        source = self._self_source(proc)
        if source is not None:
            node.self_fd = (fd, source)  # followed, it opens the descriptor itself (vfs.node)
        return node

    def _fd_target(self, proc: Process, fd: int) -> str:
        self._alive(proc)
        self._may_trace(proc)
        found = self.fds(proc).get(fd)
        if found is None:
            raise oserror(errno.ENOENT, str(fd))
        return found[0]


def mount(machine: Machine) -> None:
    """Put the machine's /proc in its tree (again after a clone or a load: the pickled one is
    unbound), in place of the image's empty directory."""
    root = machine.fake.root
    old = root._entries.get("proc")
    if old is None:
        return  # a machine being built: the image makes /proc, its clones mount it
    procfs = ProcFS(machine)
    node = ProcDir(machine.fake, "proc", 0o555, procfs.root_entries)
    _stamp(node, 0, 0, machine.procs.boot_time, old.st_ino if old is not None and old.st_ino else INO_BASE)
    node.parent_dir = root
    root._entries["proc"] = node
