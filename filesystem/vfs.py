"""The one filesystem interface every command uses: os-like calls on absolute paths.

Calls raise `OSError` with a real errno (use `strerror()` for the text GNU prints;
do not print `exc.filename`, which pyfakefs fills inconsistently: print the operand
the user typed).  Permission rules pyfakefs lacks are closed here: search permission
for `cd`, chmod only by the owner or root, chown only by root, the sticky bit,
supplementary groups (see credentials.py), the disk quota and the file-count cap.
"""
from __future__ import annotations

import errno
import posixpath
import stat as st
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from filesystem.credentials import current, permits, pyfakefs_as_root

if TYPE_CHECKING:
    from filesystem.machine import Machine

_MESSAGES = {
    errno.ENOENT: "No such file or directory",
    errno.EACCES: "Permission denied",
    errno.EEXIST: "File exists",
    errno.ENOTDIR: "Not a directory",
    errno.EISDIR: "Is a directory",
    errno.ENOTEMPTY: "Directory not empty",
    errno.EPERM: "Operation not permitted",
    errno.ENOSPC: "No space left on device",
    errno.ELOOP: "Too many levels of symbolic links",
    errno.EINVAL: "Invalid argument",
    errno.EXDEV: "Invalid cross-device link",
    errno.EFBIG: "File too large",
    errno.ENAMETOOLONG: "File name too long",
    errno.EBUSY: "Device or resource busy",
    errno.EROFS: "Read-only file system",
    errno.EBADF: "Bad file descriptor",
    errno.ENOEXEC: "Exec format error",
    errno.EMLINK: "Too many links",
}


def strerror(err: OSError | int) -> str:
    code = err if isinstance(err, int) else (err.errno or 0)
    return _MESSAGES.get(code, "Input/output error")


def oserror(code: int, path: str = "") -> OSError:
    return OSError(code, strerror(code), path)


class VFS:
    """Filesystem calls for the acting user (see credentials.acting_as)."""

    def __init__(self, machine: Machine) -> None:
        self.machine = machine
        self.fake = machine.fake
        self.os = machine.os
        self._open = machine.open
        self._file_count = -1

    # -- queries -------------------------------------------------------------
    def stat(self, path: str, follow: bool = True) -> Any:
        return self.os.stat(path, follow_symlinks=follow)

    def lstat(self, path: str) -> Any:
        # pyfakefs refuses lstat on "dir/.", "dir/.." and "link/"; those name the directory itself
        if path.endswith("/") or path.rsplit("/", 1)[-1] in (".", ".."):
            return self.os.stat(path)
        return self.os.lstat(path)

    def exists(self, path: str, follow: bool = True) -> bool:
        try:
            self.os.stat(path, follow_symlinks=follow)
            return True
        except OSError:
            return False

    def isdir(self, path: str) -> bool:
        try:
            return st.S_ISDIR(self.os.stat(path).st_mode)
        except OSError:
            return False

    def isfile(self, path: str) -> bool:
        try:
            return st.S_ISREG(self.os.stat(path).st_mode)
        except OSError:
            return False

    def islink(self, path: str) -> bool:
        try:
            return st.S_ISLNK(self.os.lstat(path).st_mode)
        except OSError:
            return False

    def listdir(self, path: str) -> list[str]:
        """Entry names (unsorted, without . and ..); needs read permission."""
        s = self.os.stat(path)
        if not st.S_ISDIR(s.st_mode):
            raise oserror(errno.ENOTDIR, path)
        if not permits(s.st_mode, s.st_uid, s.st_gid, 4):
            raise oserror(errno.EACCES, path)
        return self.os.listdir(path)

    def readlink(self, path: str) -> str:
        return self.os.readlink(path)

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
                s = self.os.lstat(nxt)
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
            s = self.os.stat(path)
        except OSError:
            return False
        return permits(s.st_mode, s.st_uid, s.st_gid, want)

    def can_enter(self, path: str) -> None:
        """Raise unless `path` is a directory the user may search (cd)."""
        s = self.os.stat(path)
        if not st.S_ISDIR(s.st_mode):
            raise oserror(errno.ENOTDIR, path)
        if not permits(s.st_mode, s.st_uid, s.st_gid, 1):
            raise oserror(errno.EACCES, path)

    def walk_names(self, path: str) -> Iterator[tuple[str, list[str]]]:
        """Depth-first (dir, sorted names) pairs, not following symlinks."""
        names = sorted(self.listdir(path))
        yield path, names
        for name in names:
            child = posixpath.join(path, name)
            if st.S_ISDIR(self.os.lstat(child).st_mode):
                try:
                    yield from self.walk_names(child)
                except OSError:
                    continue

    # -- contents ------------------------------------------------------------
    def open(self, path: str, mode: str = "rb") -> IO[bytes]:
        """Binary file object; "w"/"a"/"x" modes create with 0666 & ~umask."""
        if "b" not in mode:
            mode += "b"
        if any(c in mode for c in "wax+"):
            creating = not self.exists(path)
            if creating:
                self._check_parent_writable(path)
                self._reserve_inode(path)
        return self._open(path, mode)

    def read_bytes(self, path: str) -> bytes:
        if self.isdir(path):
            raise oserror(errno.EISDIR, path)
        with self._open(path, "rb") as f:
            return f.read()

    def write_bytes(self, path: str, data: bytes, append: bool = False) -> None:
        """Write all or nothing: on a full disk the old content is kept."""
        limit = self.machine.limits.max_file_bytes
        old_size = 0
        if self.exists(path):
            if self.isdir(path):
                raise oserror(errno.EISDIR, path)
            old_size = self.os.stat(path).st_size
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
        self._check_parent_writable(path)
        self._reserve_inode(path)
        self.os.mkdir(path, mode & ~self.fake.umask & 0o7777)

    def rmdir(self, path: str) -> None:
        self._check_sticky(path)
        self.os.rmdir(path)

    def unlink(self, path: str) -> None:
        self._check_sticky(path)
        self.os.unlink(path)
        self._file_count -= 1 if self._file_count > 0 else 0

    def rename(self, src: str, dst: str) -> None:
        self._check_sticky(src)
        if self.exists(dst, follow=False):
            self._check_sticky(dst)
        self.os.rename(src, dst)

    def symlink(self, target: str, path: str) -> None:
        self._check_parent_writable(path)
        self._reserve_inode(path)
        self.os.symlink(target, path)

    def link(self, src: str, dst: str) -> None:
        self._check_parent_writable(dst)
        self.os.link(src, dst)

    def chmod(self, path: str, mode: int, follow: bool = True) -> None:
        s = self.os.stat(path, follow_symlinks=follow)
        creds = current()
        if not creds.is_root and creds.uid != s.st_uid:
            raise oserror(errno.EPERM, path)
        if not creds.is_root and not creds.in_group(s.st_gid):
            mode &= ~0o2000  # the kernel drops setgid for non-members
        self.fake.chmod(path, mode & 0o7777, follow_symlinks=follow, force_unix_mode=True)

    def chown(self, path: str, uid: int, gid: int, follow: bool = True) -> None:
        """uid/gid of -1 leave that part unchanged."""
        s = self.os.stat(path, follow_symlinks=follow)
        creds = current()
        # non-root: only the owner, keeping the owner, giving a group they belong to
        if not creds.is_root and (uid not in (-1, s.st_uid) or creds.uid != s.st_uid
                                  or (gid != -1 and not creds.in_group(gid))):
            raise oserror(errno.EPERM, path)
        with pyfakefs_as_root():  # pyfakefs refuses every non-root chown; the rule is checked above
            self.os.chown(path, uid, gid, follow_symlinks=follow)

    def utime(self, path: str, times: tuple[float, float] | None = None, follow: bool = True) -> None:
        self.os.utime(path, times=times, follow_symlinks=follow)

    # -- rules pyfakefs lacks --------------------------------------------------
    def _check_parent_writable(self, path: str) -> None:
        parent = posixpath.dirname(path.rstrip("/")) or "/"
        try:
            s = self.os.stat(parent)
        except OSError:
            return  # pyfakefs reports the missing parent itself
        if st.S_ISDIR(s.st_mode) and not permits(s.st_mode, s.st_uid, s.st_gid, 3):
            raise oserror(errno.EACCES, path)

    def _check_sticky(self, path: str) -> None:
        creds = current()
        if creds.is_root:
            return
        parent = posixpath.dirname(path.rstrip("/")) or "/"
        try:
            ps = self.os.stat(parent)
            s = self.os.lstat(path)
        except OSError:
            return
        if ps.st_mode & st.S_ISVTX and creds.uid not in (s.st_uid, ps.st_uid):
            raise oserror(errno.EPERM, path)

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
            entries = getattr(node, "entries", None)
            if entries:
                stack.extend(entries.values())
        return count
