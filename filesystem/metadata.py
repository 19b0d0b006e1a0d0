"""Changing an inode's metadata (chmod, chown, utime) with the kernel's rules on who may.

Split from vfs.py by concern; `VFS` inherits these calls, so commands use them as `ctx.vfs.X`.
chmod: the owner or root (setgid dropped for non-members); chown: root, or the owner giving
a group they belong to; utime: explicit times by the owner or root, "now" also by a writer.
"""
from __future__ import annotations

import errno
from typing import TYPE_CHECKING, Any

from shelldojo.filesystem.credentials import current, permits
from shelldojo.filesystem.errors import oserror
from shelldojo.filesystem.timestamps import clamp_time

if TYPE_CHECKING:
    from pyfakefs.fake_filesystem import FakeFilesystem


class MetadataCalls:
    """Mixed into VFS: needs its `fake` filesystem, its fake `os` and its permission-checked `node`."""

    fake: FakeFilesystem
    os: Any
    changes: int   # the VFS's count of changes to the disk

    def node(self, path: str, follow: bool = True) -> Any:  # provided by VFS
        raise NotImplementedError

    def chmod(self, path: str, mode: int, follow: bool = True) -> None:
        s = self.node(path, follow).stat_result
        creds = current()
        if not creds.is_root and creds.uid != s.st_uid:
            raise oserror(errno.EPERM, path)
        if not creds.is_root and not creds.in_group(s.st_gid):
            mode &= ~0o2000  # the kernel drops setgid for non-members
        self.changes += 1
        self.fake.chmod(path, mode & 0o7777, follow_symlinks=follow, force_unix_mode=True)

    def chown(self, path: str, uid: int, gid: int, follow: bool = True) -> None:
        """uid/gid of -1 leave that part unchanged."""
        s = self.node(path, follow).stat_result
        creds = current()
        # non-root: only the owner, keeping the owner, giving a group they belong to
        if not creds.is_root and (uid not in (-1, s.st_uid) or creds.uid != s.st_uid
                                  or (gid != -1 and not creds.in_group(gid))):
            raise oserror(errno.EPERM, path)
        self.changes += 1
        self.os.chown(path, uid, gid, follow_symlinks=follow)

    def utime(self, path: str, times: tuple[float, float] | None = None, follow: bool = True) -> None:
        """Explicit times: owner or root only; "now": also anyone who may write the file."""
        s = self.node(path, follow).stat_result
        creds = current()
        if not creds.is_root and creds.uid != s.st_uid:
            if times is not None:
                raise oserror(errno.EPERM, path)
            if not permits(s.st_mode, s.st_uid, s.st_gid, 2):
                raise oserror(errno.EACCES, path)
        if times is not None:  # the kernel clamps to what ext4 can hold
            times = (clamp_time(times[0]), clamp_time(times[1]))
        self.changes += 1
        self.os.utime(path, times=times, follow_symlinks=follow)
