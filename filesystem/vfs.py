"""The one filesystem interface every command uses: os-like calls on absolute paths.

Calls raise `OSError` with a real errno (use `strerror()` for the text GNU prints;
do not print `exc.filename`, which pyfakefs fills inconsistently: print the operand
the user typed).  Permission rules pyfakefs lacks are closed here: search permission
for `cd`, chmod only by the owner or root, chown only by root (metadata.py), the sticky bit,
supplementary groups (see credentials.py), the disk quota and the file-count cap.
"""
from __future__ import annotations

import errno
import posixpath
import stat as st
import threading
import time
from typing import IO, TYPE_CHECKING, Any

from pyfakefs.fake_file import FakeFile
from shelldojo.filesystem.credentials import current, permits
from shelldojo.filesystem.devices import DeviceFile, FdTable, fd_file_node, fd_node
from shelldojo.filesystem.errors import FifoBlocked, oserror, strerror
from shelldojo.filesystem.metadata import MetadataCalls
from shelldojo.filesystem.nodefile import NodeFile
from shelldojo.filesystem.scan import DirEntry, DiskUsage, Node, ScanCalls, Umask
from shelldojo.filesystem.selffd import SelfFds
from shelldojo.filesystem.walk import DirectoryLoop, WalkCalls, WalkEntry

__all__ = ["VFS", "DeviceFile", "DirEntry", "DirectoryLoop", "DiskUsage", "Node", "Umask", "WalkEntry",
           "oserror", "strerror"]

if TYPE_CHECKING:
    from shelldojo.filesystem.machine import Machine

PATH_MAX, NAME_MAX = 4096, 255  # Linux: bytes in a path (with its NUL), in one name


def check_length(path: str, name: str = "") -> None:
    """ENAMETOOLONG as Linux gives it: a path of PATH_MAX bytes or more, a name over NAME_MAX."""
    if len(path.encode("utf-8", "surrogateescape")) >= PATH_MAX or \
            len(name.encode("utf-8", "surrogateescape")) > NAME_MAX:
        raise oserror(errno.ENAMETOOLONG, path)


class VFS(ScanCalls, WalkCalls, MetadataCalls):
    """Filesystem calls for the acting user (see credentials.acting_as)."""

    def __init__(self, machine: Machine) -> None:
        self.machine = machine
        self.fake = machine.fake
        self.os = machine.os
        self._open = machine.open
        self._file_count = -1
        self._running = threading.local()
        self.fd_pipes = FdTable()  # /dev/fd/N of the process substitutions open now
        self.self_fds = SelfFds()  # the running command's own descriptors (/proc/self/fd/N)
        # every change to the disk counts here (creating, removing, writing, metadata): a saver
        # that finds the same count has nothing new to save (the trainer after `ls`)
        self.changes = 0

    def changed(self) -> None:
        self.changes += 1

    # -- lookup ----------------------------------------------------------------
    def node(self, path: str, follow: bool = True) -> Any:
        """The pyfakefs object at `path`, walking the directory objects directly.

        Much faster than pyfakefs's own resolution (the hot path of every command);
        same rules: search (x) permission on every directory passed through, symlinks
        followed in the middle and, with `follow`, at the end; a trailing slash needs
        a directory."""
        if not path or path[0] != "/":
            raise oserror(errno.ENOENT, path)  # callers pass absolute paths
        if path.startswith("/dev/fd/") and self.fd_pipes.pipes:  # a process substitution's pipe
            got = fd_node(self.fd_pipes, path, follow, self.fake, current().uid, current().gid)
            if got is not None:
                return got
        if len(path) > PATH_MAX // 4:
            check_length(path)
        root = self.fake.root
        creds = current()
        is_root, uid = creds.is_root, creds.uid
        node = root
        parts = path.split("/")
        trailing = path.endswith("/") and len(path) > 1
        hops = 0
        i, n = 0, len(parts)
        S_IFDIR, S_IFLNK, S_IFMT = st.S_IFDIR, st.S_IFLNK, 0o170000
        while i < n:
            name = parts[i]
            i += 1
            if not name or name == ".":
                if name == "." and node.stat_result.st_mode & S_IFMT != S_IFDIR:
                    raise oserror(errno.ENOTDIR, path)
                continue
            sr = node.stat_result
            mode = sr.st_mode
            if mode & S_IFMT != S_IFDIR:
                raise oserror(errno.ENOTDIR, path)
            if not is_root:  # search permission, inlined from credentials.permits (hot loop)
                if uid == sr.st_uid:
                    allowed = mode & 0o100
                elif creds.in_group(sr.st_gid):
                    allowed = mode & 0o010
                else:
                    allowed = mode & 0o001
                if not allowed:
                    raise oserror(errno.EACCES, path)
            if name == "..":
                node = node.parent_dir or root
                continue
            child = node._entries.get(name)
            if child is None:
                if len(name) > NAME_MAX // 4:
                    check_length(path, name)
                raise oserror(errno.ENOENT, path)
            if child.stat_result.st_mode & S_IFMT == S_IFLNK and (
                    follow or trailing or not all(not p or p == "." for p in parts[i:])):
                if getattr(child, "self_fd", None) is not None:  # /proc/self/fd/N: the fd itself
                    return fd_file_node(child, parts[i:], path)
                hops += 1
                if hops > 40:
                    raise oserror(errno.ELOOP, path)
                target = child.contents or ""
                rest = parts[i:]
                if target.startswith("/"):
                    node = root
                parts = target.split("/") + rest
                i, n = 0, len(parts)
                continue
            node = child
        if trailing and node.stat_result.st_mode & S_IFMT != S_IFDIR:
            raise oserror(errno.ENOTDIR, path)
        return node

    # -- queries -------------------------------------------------------------
    def stat(self, path: str, follow: bool = True) -> Any:
        return self.node(path, follow).stat_result.copy()

    def lstat(self, path: str) -> Any:
        return self.node(path, False).stat_result.copy()

    def exists(self, path: str, follow: bool = True) -> bool:
        try:
            self.node(path, follow)
            return True
        except OSError:
            return False

    def isdir(self, path: str) -> bool:
        try:
            return st.S_ISDIR(self.node(path).stat_result.st_mode)
        except OSError:
            return False

    def isfile(self, path: str) -> bool:
        try:
            return st.S_ISREG(self.node(path).stat_result.st_mode)
        except OSError:
            return False

    def islink(self, path: str) -> bool:
        try:
            return st.S_ISLNK(self.node(path, False).stat_result.st_mode)
        except OSError:
            return False

    def listdir(self, path: str) -> list[str]:
        """Entry names (unsorted, without . and ..); needs read permission."""
        d = self.node(path)
        s = d.stat_result
        if not st.S_ISDIR(s.st_mode):
            raise oserror(errno.ENOTDIR, path)
        if not permits(s.st_mode, s.st_uid, s.st_gid, 4):
            raise oserror(errno.EACCES, path)
        return list(d._entries)

    def realpath(self, path: str, strict: bool = False) -> str:
        """Physical absolute path; with strict, every component must exist."""
        out = "/"
        parts = [p for p in path.split("/") if p and p != "."]
        hops = 0
        while parts:
            name = parts.pop(0)
            if name == "..":
                out = posixpath.dirname(out)
                continue
            nxt = posixpath.join(out, name)
            try:
                s = self.node(nxt, False).stat_result
            except OSError:
                if strict:
                    raise
                out = nxt
                continue
            if st.S_ISLNK(s.st_mode):
                hops += 1
                if hops > 40:
                    raise oserror(errno.ELOOP, path)
                target = self.os.readlink(nxt)
                if target.startswith("/"):
                    out = "/"
                parts = [p for p in target.split("/") if p and p != "."] + parts
            else:
                if parts and not st.S_ISDIR(s.st_mode) and strict:
                    raise oserror(errno.ENOTDIR, path)
                out = nxt
        return out

    def access(self, path: str, want: int) -> bool:
        """want is a mix of 4 (read), 2 (write), 1 (execute/search)."""
        try:
            s = self.node(path).stat_result
        except OSError:
            return False
        return permits(s.st_mode, s.st_uid, s.st_gid, want)

    def can_enter(self, path: str) -> None:
        """Raise unless `path` is a directory the user may search (cd)."""
        s = self.node(path).stat_result
        if not st.S_ISDIR(s.st_mode):
            raise oserror(errno.ENOTDIR, path)
        if not permits(s.st_mode, s.st_uid, s.st_gid, 1):
            raise oserror(errno.EACCES, path)

    # -- contents ------------------------------------------------------------
    def open(self, path: str, mode: str = "rb") -> IO[bytes]:
        """Binary file object; "w"/"a"/"x" modes create with 0666 & ~umask, owned by the user."""
        if "b" not in mode:
            mode += "b"
        writing = any(c in mode for c in "wax+")
        if writing:
            self.changes += 1
        try:
            existing = self.node(path)
        except OSError as exc:
            if exc.errno != errno.ENOENT or not writing or "r" in mode:
                raise
            existing = None
        if existing is None:
            if path.endswith("/"):
                raise oserror(errno.EISDIR, path)
            if self.islink(path):  # a dangling symlink: the file is created where it points
                path = self.realpath(path)
            parent = self._dir_for_create(path)
            self._reserve_inode(path)
            node = FakeFile(posixpath.basename(path), st.S_IFREG | (0o666 & ~self.umask),
                            filesystem=self.fake)
            parent.add_entry(node)
            self._own(path, parent)
            _stamp(node.st_mtime, parent)
            return NodeFile(node, read="+" in mode, write=True, append="a" in mode,  # type: ignore[return-value]
                            truncate=False, on_flush=self.changed)
        if "x" in mode:
            raise oserror(errno.EEXIST, path)
        s = existing.stat_result
        if st.S_ISCHR(s.st_mode):
            if not permits(s.st_mode, s.st_uid, s.st_gid, (4 if not writing else 0) | (2 if writing else 0)):
                raise oserror(errno.EACCES, path)
            return DeviceFile(existing.name)  # type: ignore[return-value]
        if st.S_ISDIR(s.st_mode) and writing:
            raise oserror(errno.EISDIR, path)
        want = (4 if ("r" in mode or "+" in mode) else 0) | (2 if writing else 0)
        if not permits(s.st_mode, s.st_uid, s.st_gid, want):
            raise oserror(errno.EACCES, path)
        opener = getattr(existing, "open_node", None)
        if opener is not None:  # a synthesized file (/proc) opens itself
            return opener(writing)  # type: ignore[no-any-return]
        if st.S_ISFIFO(s.st_mode):  # mkfifo's node: nothing ever opens its other end
            raise FifoBlocked(errno.ENXIO, strerror(errno.ENXIO), path)
        if st.S_ISREG(s.st_mode):
            return NodeFile(existing, read="r" in mode or "+" in mode, write=writing,  # type: ignore[return-value]
                            append="a" in mode, truncate="w" in mode, on_flush=self.changed)
        return self._open(path, mode)

    def read_bytes(self, path: str) -> bytes:
        """A whole regular file, straight from its node (no file object: the hot path of
        running every program and reading small files)."""
        node = self.node(path)
        s = node.stat_result
        if st.S_ISDIR(s.st_mode):
            raise oserror(errno.EISDIR, path)
        if not st.S_ISREG(s.st_mode):
            with self.open(path, "rb") as f:
                return f.read()
        if not permits(s.st_mode, s.st_uid, s.st_gid, 4):
            raise oserror(errno.EACCES, path)
        return node.byte_contents or b""

    def write_bytes(self, path: str, data: bytes, append: bool = False) -> None:
        """Write all or nothing: on a full disk the old content is kept."""
        limit = self.machine.limits.max_file_bytes
        old_size = 0
        if self.exists(path):
            if self.isdir(path):
                raise oserror(errno.EISDIR, path)
            old_size = self.node(path).stat_result.st_size
        if (old_size if append else 0) + len(data) > limit:
            raise oserror(errno.EFBIG, path)
        # Check the quota before opening: "wb" truncates, and a failed write must keep the old bytes.
        growth = len(data) - (0 if append else old_size)
        if growth > 0 and growth > self.fake.get_disk_usage().free:
            raise oserror(errno.ENOSPC, path)
        with self.open(path, "ab" if append else "wb") as f:
            f.write(data)

    # -- changes -------------------------------------------------------------
    def mkdir(self, path: str, mode: int = 0o777) -> None:
        parent = self._dir_for_create(path)
        self._reserve_inode(path)
        perms = mode & ~self.umask & 0o7777
        self.os.mkdir(path, perms)
        self._own(path, parent)
        node = self.node(path, False)
        # the acting process's umask, not pyfakefs's machine-wide one; setgid directories pass it on
        node.stat_result.st_mode = st.S_IFDIR | perms | (parent.stat_result.st_mode & st.S_ISGID)
        _stamp(node.st_mtime, parent)

    def makedirs(self, path: str, exist_ok: bool = False) -> None:
        """mkdir -p: every missing directory on the way, each owned by the user."""
        parts = [p for p in path.split("/") if p]
        cur = ""
        for i, name in enumerate(parts):
            cur += "/" + name
            if self.isdir(cur):
                if i == len(parts) - 1 and not exist_ok:
                    raise oserror(errno.EEXIST, path)
                continue
            self.mkdir(cur)

    # Like Linux, every entry added to or removed from a directory sets its mtime and ctime,
    # and a change of an inode's link count (link, unlink, rename) its ctime: see _stamp.
    def rmdir(self, path: str) -> None:
        parent = self._dir_for_remove(path)
        self.os.rmdir(path)
        _stamp(time.time(), parent)

    def unlink(self, path: str) -> None:
        parent = self._dir_for_remove(path)
        gone = self._lookup(path)
        self.os.unlink(path)
        self._file_count -= 1 if self._file_count > 0 else 0
        _stamp(time.time(), parent, inodes=(gone,))

    def rename(self, src: str, dst: str) -> None:
        old_dir = self._dir_for_remove(src)
        moved, replaced = self._lookup(src), self._lookup(dst)
        new_dir = self._dir_for_remove(dst) if replaced is not None else self._dir_for_create(dst)
        self.os.rename(src, dst)
        if replaced is not moved:  # two names of one inode: Linux changes nothing, times included
            _stamp(time.time(), old_dir, new_dir, inodes=(moved, replaced))

    def symlink(self, target: str, path: str) -> None:
        parent = self._dir_for_create(path)
        self._reserve_inode(path)
        self.os.symlink(target, path)
        self._own(path, parent)
        _stamp(self.node(path, False).st_mtime, parent)

    def link(self, src: str, dst: str) -> None:
        node = self.node(src, False)  # search permission on the way to the source
        parent = self._dir_for_create(dst)
        self.os.link(src, dst)
        _stamp(time.time(), parent, inodes=(node,))

    def mknod(self, path: str, mode: int) -> None:
        """A FIFO or device node (mkfifo, mknod); mode holds the type bits, the umask applies."""
        if self.exists(path, follow=False):
            raise oserror(errno.EEXIST, path)
        parent = self._dir_for_create(path)
        self._reserve_inode(path)
        node = FakeFile(posixpath.basename(path), st.S_IFMT(mode) | (mode & 0o7777 & ~self.umask),
                        b"", filesystem=self.fake)
        parent.add_entry(node)
        self._own(path, parent)
        _stamp(node.st_mtime, parent)

    def readlink(self, path: str) -> str:
        node = self.node(path, False)
        if hasattr(node, "fd_pipe"):
            return node.contents or ""
        return self.os.readlink(path)

    # -- permission rules (pyfakefs itself runs as root; see credentials.py) --------
    def _dir_for_create(self, path: str, removing: bool = False) -> Any:
        """The parent directory of a new entry; needs write and search permission."""
        parent = posixpath.dirname(path.rstrip("/")) or "/"
        check_length(path, posixpath.basename(path.rstrip("/")))
        node = self.node(parent)
        s = node.stat_result
        if not st.S_ISDIR(s.st_mode):
            raise oserror(errno.ENOTDIR, path)
        if getattr(node, "virtual", False) and not removing:
            raise oserror(errno.ENOENT, path)  # /proc makes its names: none can be added
        if not permits(s.st_mode, s.st_uid, s.st_gid, 3):
            raise oserror(errno.EACCES, path)
        self.changes += 1   # an entry is about to be added, removed or renamed here
        return node

    def _dir_for_remove(self, path: str) -> Any:
        """Removing or renaming an entry: write + search on its directory, and the sticky bit."""
        parent = self._dir_for_create(path, removing=True)
        if getattr(parent, "virtual", False):
            raise oserror(errno.EPERM, path)  # /proc: nothing is removed or renamed
        creds = current()
        if creds.is_root or not parent.stat_result.st_mode & st.S_ISVTX:
            return parent
        try:
            s = self.node(path, False).stat_result
        except OSError:
            return parent
        if creds.uid not in (s.st_uid, parent.stat_result.st_uid):
            raise oserror(errno.EPERM, path)
        return parent

    def _lookup(self, path: str) -> Any:
        """The entry itself at `path`, or None (the operation then fails with its own error)."""
        try:
            return self.node(path, False)
        except OSError:
            return None

    def _own(self, path: str, parent: Any) -> None:
        """Give a new entry to the acting user (group: the directory's if it is setgid)."""
        creds = current()
        node = self.node(path, False)
        node.st_uid = creds.uid
        ps = parent.stat_result
        node.st_gid = ps.st_gid if ps.st_mode & st.S_ISGID else creds.gid

    def _reserve_inode(self, path: str) -> None:
        cap = self.machine.limits.max_files
        if self._file_count < 0 or self._file_count >= cap:
            self._file_count = self._count_inodes()
        if self._file_count >= cap:
            raise oserror(errno.ENOSPC, path)
        self._file_count += 1

    def _count_inodes(self) -> int:
        count, stack = 0, [self.fake.root]
        while stack:
            node = stack.pop()
            count += 1
            # looked up in the class and the instance's own dict: getattr on a plain file goes
            # through FakeFile.__getattr__ and a raised AttributeError (most of this walk's time)
            entries = None if getattr(type(node), "virtual", False) else vars(node).get("_entries")
            if entries:
                stack.extend(entries.values())
        return count


def _stamp(now: float, *dirs: Any, inodes: tuple[Any, ...] = ()) -> None:
    """The kernel's times for a changed directory entry: each directory whose entries changed
    gets mtime and ctime `now`; each inode whose link count (or, renamed, its name) changed gets
    ctime `now`."""
    for d in dirs:
        d.st_mtime = d.st_ctime = now
    for node in inodes:
        if node is not None:
            node.st_ctime = now
