"""Directory reading for commands: scandir, node facts, disk usage, the per-process umask.

Split from vfs.py by concern; `VFS` inherits these calls, so commands use them as `ctx.vfs.X`.
Every call that reveals names or contents checks permissions as Linux does (read + search
on a directory to list it, read on a file to read it); nodes reached through symlinks are
resolved by path (`VFS.node`), so each directory traversed is searched with permission.
Commands never see pyfakefs: they get `Node` views (st_* attributes, as `os.stat_result`).
"""
from __future__ import annotations

import errno
import stat as st
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from shelldojo.filesystem.credentials import permits
from shelldojo.filesystem.errors import oserror

if TYPE_CHECKING:
    from pyfakefs.fake_filesystem import FakeFilesystem


class Node(Protocol):
    """What a command may read of an inode (the live object: do not keep it across changes)."""

    @property
    def st_mode(self) -> int: ...
    @property
    def st_uid(self) -> int: ...
    @property
    def st_gid(self) -> int: ...
    @property
    def st_size(self) -> int: ...
    @property
    def st_nlink(self) -> int: ...
    @property
    def st_ino(self) -> int | None: ...
    @property
    def st_atime(self) -> float: ...
    @property
    def st_mtime(self) -> float: ...
    @property
    def st_ctime(self) -> float: ...


class DiskUsage(NamedTuple):
    total: int
    used: int
    free: int


class DirEntry:
    """One name in a directory, as `os.scandir` gives it: `node` is the lstat view."""

    __slots__ = ("name", "node", "path")

    def __init__(self, name: str, path: str, node: Node) -> None:
        self.name, self.path, self.node = name, path, node

    @property
    def mode(self) -> int:
        """st_mode of the entry itself (lstat): file type and permission bits."""
        return self.node.st_mode

    def is_dir(self) -> bool:
        return st.S_ISDIR(self.node.st_mode)

    def is_file(self) -> bool:
        return st.S_ISREG(self.node.st_mode)

    def is_symlink(self) -> bool:
        return st.S_ISLNK(self.node.st_mode)


class Umask:
    """The file-creation mask of one process (a shell and each of its subshells owns one):
    the one place it is kept; `VFS.running(umask)` makes it the acting one."""

    __slots__ = ("value",)

    def __init__(self, value: int = 0o022) -> None:
        self.value = value

    def copy(self) -> Umask:
        """A child process's: it starts with its parent's mask."""
        return Umask(self.value)


class ScanCalls:
    """Mixed into VFS: needs its `fake` filesystem and its permission-checked `node`."""

    fake: FakeFilesystem
    _running: threading.local   # .stack: the Umask of each process entered in this thread

    def node(self, path: str, follow: bool = True) -> Any:  # provided by VFS
        raise NotImplementedError

    # -- directories ---------------------------------------------------------------
    def children(self, node: Node, path: str) -> list[tuple[str, Node]]:
        """(name, lstat node) of directory `node` (reached at `path`), sorted by name.

        The hot path of recursive walks: no path lookup per entry.  Needs read and search
        permission on the directory, as opendir + stat of its entries do."""
        mode = node.st_mode
        if not st.S_ISDIR(mode):
            raise oserror(errno.ENOTDIR, path)
        if not permits(mode, node.st_uid, node.st_gid, 5):
            raise oserror(errno.EACCES, path)
        entries = node.entries  # type: ignore[attr-defined]
        return [(name, entries[name]) for name in sorted(entries)]

    def scandir(self, path: str, follow: bool = True) -> list[DirEntry]:
        """The entries of the directory at `path` in directory order (no . and ..)."""
        d = self.node(path, follow)
        base = path if path.endswith("/") else path + "/"
        return [DirEntry(name, base + name, n) for name, n in self._read_dir(d, path).items()]

    def is_empty_dir(self, path: str) -> bool:
        """True for a directory without entries: what rmdir and rename check in the kernel,
        so only search permission on the way is needed, not read permission on it."""
        d = self.node(path, False)
        return st.S_ISDIR(d.st_mode) and not d.entries

    def _read_dir(self, d: Any, path: str) -> dict[str, Any]:
        if not st.S_ISDIR(d.st_mode):
            raise oserror(errno.ENOTDIR, path)
        if not permits(d.st_mode, d.st_uid, d.st_gid, 4):
            raise oserror(errno.EACCES, path)
        return dict(d.entries)

    # -- node facts (inode metadata: no permission beyond having reached the node) --------
    @staticmethod
    def nlink(node: Node) -> int:
        """Link count as ext4 has it: a directory has 2 plus one per subdirectory."""
        if st.S_ISDIR(node.st_mode):
            return 2 + sum(1 for c in node.entries.values() if st.S_ISDIR(c.st_mode))  # type: ignore[attr-defined]
        return int(node.st_nlink or 1)

    @staticmethod
    def has_entries(node: Node) -> bool:
        return bool(node.entries)  # type: ignore[attr-defined]

    @staticmethod
    def link_target(node: Node) -> str:
        """The text of a symlink node (readlink); "" for anything else."""
        return (node.contents or "") if st.S_ISLNK(node.st_mode) else ""  # type: ignore[attr-defined]

    def node_bytes(self, node: Node, path: str) -> bytes:
        """A regular file's contents from its node; needs read permission."""
        sr = node.stat_result  # type: ignore[attr-defined]  # its own fields: no pyfakefs forwarding
        if not permits(sr.st_mode, sr.st_uid, sr.st_gid, 4):
            raise oserror(errno.EACCES, path)
        return node.byte_contents or b""  # type: ignore[attr-defined]

    # -- the disk as a whole --------------------------------------------------------
    def disk_usage(self) -> DiskUsage:
        return DiskUsage(*self.fake.get_disk_usage())

    # -- the file-creation mask: per process -------------------------------------------
    @property
    def umask(self) -> int:
        """The umask of the process running in this thread (see `running`); the machine's
        default (the one new logins start from) when no process is running."""
        stack = getattr(self._running, "stack", None)
        return stack[-1].value if stack else self.fake.umask

    @umask.setter
    def umask(self, value: int) -> None:
        stack = getattr(self._running, "stack", None)
        if stack:
            stack[-1].value = value
        else:
            self.fake.umask = value

    @contextmanager
    def running(self, process: Umask) -> Iterator[Umask]:
        """Run the block, in this thread, as the process owning `process` (a shell, a
        subshell, a pipeline stage): files it creates take that umask, and `umask` sets
        that one only, so `(umask 077)` leaves its parent's alone."""
        stack = getattr(self._running, "stack", None)
        if stack is None:
            stack = self._running.stack = []
        stack.append(process)
        try:
            yield process
        finally:
            stack.pop()
