"""The copy engine scp and rsync share: two ends (this machine or another one of the network),
a source tree read as a list of items, and the few writes a receiver makes.

A `Side` is one end: its machine, the directory its relative paths start from (the local cwd,
or the remote user's home) and how to act there (the local command's identity, or the remote
login's credentials and umask through the ssh link).  Each read or write enters its side for
one short block only: the credentials stack never interleaves two machines.
"""
from __future__ import annotations

import posixpath
import stat as st
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from shelldojo.filesystem import Machine, acting_as
from shelldojo.filesystem.credentials import current
from shelldojo.filesystem.vfs import VFS, WalkEntry
from shelldojo.shell.context import Context


@dataclass
class Item:
    """One file of a source tree, as the sender describes it to the receiver."""

    rel: str           # its name below the transfer's root ("src/sub/b"), "" for the root itself
    src: str           # absolute path on the sending side
    kind: str          # "f" regular, "d" directory, "l" symlink, "o" anything else
    mode: int          # permission bits (07777)
    size: int
    mtime: float
    atime: float
    target: str = ""   # a symlink's target
    uid: int = 0
    gid: int = 0

    @property
    def is_dir(self) -> bool:
        return self.kind == "d"


def kind_of(mode: int) -> str:
    if st.S_ISREG(mode):
        return "f"
    if st.S_ISDIR(mode):
        return "d"
    if st.S_ISLNK(mode):
        return "l"
    return "o"


class Side:
    """One end of a transfer (see the module's docstring)."""

    def __init__(self, machine: Machine, cwd: str, enter: Callable[[], AbstractContextManager[object]],
                 remote: bool = False, host: str = "", close: Callable[[], object] | None = None) -> None:
        self.machine, self.cwd, self.enter, self.remote, self.host = machine, cwd, enter, remote, host
        self._close = close

    def close(self) -> None:
        """End the ssh session behind a remote side (sshd logs the disconnect)."""
        if self._close is not None:
            self._close()
            self._close = None

    @classmethod
    def local(cls, ctx: Context) -> Side:
        return cls(ctx.machine, ctx.cwd, lambda: acting_as(ctx.creds))

    @property
    def vfs(self) -> VFS:
        return self.machine.vfs

    def abspath(self, path: str) -> str:
        """A path as the other end's program resolves it: relative to its directory; the empty
        path (`host:`) is that directory itself."""
        if not path:
            return self.cwd
        return path if path.startswith("/") else posixpath.join(self.cwd, path)

    # -- reading (each call enters the side once) ------------------------------------------
    def lstat(self, path: str, follow: bool = False) -> Item:
        """The item at `path` (OSError as the sender's stat fails)."""
        with self.enter():
            return _item(self.vfs, "", self.abspath(path), self.vfs.stat(self.abspath(path), follow))

    def tree(self, path: str, root_rel: str, ctx: Context,
             on_error: Callable[[str, OSError], None]) -> list[Item]:
        """Every item under directory `path` (pre-order, names sorted as rsync and a directory
        listing sort them), relative names starting with `root_rel`; unreadable directories
        go to `on_error(shown_path, exc)` and are left out below."""
        items: list[Item] = []
        errors: list[tuple[str, OSError]] = []
        with self.enter():
            top_abs = self.abspath(path).rstrip("/") or "/"
            node = self.vfs.node(top_abs, True)
            top = WalkEntry(path, top_abs, posixpath.basename(top_abs), 0, node)

            def failed(entry: WalkEntry, exc: OSError) -> bool:
                errors.append((entry.path, exc))
                return False

            for entry in self.vfs.walk(top, stat_names=True, on_error=failed, check=ctx.check):
                sub = entry.abspath[len(top_abs):].lstrip("/")
                rel = root_rel if entry is top else sub if root_rel == "." else posixpath.join(root_rel, sub)
                items.append(_item(self.vfs, rel.rstrip("/"), entry.abspath, entry.stat()))
        for shown, exc in errors:
            on_error(shown, exc)
        return items

    def read(self, item: Item) -> bytes:
        with self.enter():
            return self.vfs.read_bytes(item.src)

    def listdir(self, path: str) -> list[str]:
        with self.enter():
            return sorted(self.vfs.listdir(self.abspath(path)))

    # -- writing -------------------------------------------------------------------------------
    def is_dir(self, path: str) -> bool:
        with self.enter():
            return self.vfs.isdir(self.abspath(path))

    def exists(self, path: str) -> bool:
        with self.enter():
            return self.vfs.exists(self.abspath(path), follow=False)

    def stat_or_none(self, path: str) -> Item | None:
        try:
            return self.lstat(path)
        except OSError:
            return None

    def write_file(self, path: str, data: bytes, new_mode: int | None, mode: int | None = None,
                   times: tuple[float, float] | None = None) -> bool:
        """Write `data` to `path`; a file it creates gets `new_mode` (& ~umask), `mode` is set
        as is (-p); returns whether the file was new.  OSError as the write fails."""
        with self.enter():
            vfs, full = self.vfs, self.abspath(path)
            new = not vfs.exists(full)
            vfs.write_bytes(full, data)
            if new and new_mode is not None and mode is None:
                vfs.chmod(full, new_mode & ~vfs.umask & 0o7777)
            if mode is not None:
                vfs.chmod(full, mode)
            if times is not None:
                vfs.utime(full, times)
            return new

    def make_dir(self, path: str, mode: int) -> None:
        """mkdir with `mode` (the umask applies, as the receiver's mkdir does)."""
        with self.enter():
            self.vfs.mkdir(self.abspath(path), mode)

    def set_meta(self, path: str, mode: int | None = None,
                 times: tuple[float, float] | None = None, follow: bool = True) -> None:
        with self.enter():
            full = self.abspath(path)
            if mode is not None:
                self.vfs.chmod(full, mode, follow=follow)
            if times is not None:
                self.vfs.utime(full, times, follow=follow)

    def give(self, path: str, uid: int, gid: int) -> None:
        """chown as rsync -o/-g does: only a root receiver can (others keep their own files)."""
        with self.enter():
            if current().is_root:
                self.vfs.chown(self.abspath(path), uid, gid, follow=False)

    def symlink(self, target: str, path: str) -> None:
        with self.enter():
            self.vfs.symlink(target, self.abspath(path))

    def remove(self, path: str) -> None:
        """Remove a file, a symlink or an empty directory."""
        with self.enter():
            full = self.abspath(path)
            if st.S_ISDIR(self.vfs.lstat(full).st_mode):
                self.vfs.rmdir(full)
            else:
                self.vfs.unlink(full)


def _item(vfs: VFS, rel: str, path: str, sr: object) -> Item:
    mode = sr.st_mode  # type: ignore[attr-defined]
    kind = kind_of(mode)
    target = vfs.readlink(path) if kind == "l" else ""
    return Item(rel, path, kind, mode & 0o7777, sr.st_size if kind != "d" else 0,  # type: ignore[attr-defined]
                sr.st_mtime, sr.st_atime, target, sr.st_uid, sr.st_gid)  # type: ignore[attr-defined]


# -- reaching the other end ------------------------------------------------------------------------
def split_remote(arg: str) -> tuple[str | None, str, str] | None:
    """`[user@]host:path` as scp's colon() and rsync read it: (user, host, path), or None for a
    local path (no colon before the first slash; a leading colon is part of a file name)."""
    if not arg or arg[0] == ":":
        return None
    i = 0
    if arg[0] == "[":   # [ipv6]:path
        end = arg.find("]")
        if end < 0:
            return None
        i = end + 1
    while i < len(arg):
        c = arg[i]
        if c == "/":
            return None
        if c == ":":
            host, path = arg[:i], arg[i + 1:]
            user: str | None = None
            if "@" in host:
                user, _, host = host.rpartition("@")
            return user, host.strip("[]"), path
        i += 1
    return None


def open_side(ctx: Context, user: str | None, host: str, port: int | None = None,
              identity: str | None = None) -> Side | int:
    """An ssh login on `host` as the other end (ssh's own messages printed when it fails:
    the status ssh exits with)."""
    from shelldojo.shell.commands.net.sshlink import open_link

    target = f"{user}@{host}" if user else host
    link = open_link(ctx, target, port=port, identity=identity)
    if isinstance(link, int):
        return link
    return Side(link.machine, link.cwd(), link.as_remote, remote=True, host=host, close=link.close)
