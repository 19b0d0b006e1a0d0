"""The whole machine as a tar archive, and a machine from an archive.

Saving walks the fake disk (never the host) and writes paths relative to `/`
("home/learner/x") with modes, owners (ids and names), mtimes, symlinks and hard
links.  Loading treats the archive as hostile: it only reads it from memory with
`tarfile` and creates every member itself in pyfakefs (never `extract*`), refusing
absolute names, `..`, devices and fifos, dangling hard links, and anything beyond
the machine's DiskLimits.
"""
from __future__ import annotations

import io
import stat as st
import tarfile
from typing import BinaryIO

from pyfakefs.fake_file import FakeDirectory, FakeFile
from shelldojo.filesystem import accounts
from shelldojo.filesystem.credentials import ROOT, acting_as
from shelldojo.filesystem.machine import DiskLimits, Machine
from shelldojo.filesystem.timestamps import clamp_time

# Top-level directories owned by the machine itself, never saved nor loaded.
SKIPPED = frozenset({"dev", "proc", "sys"})
MAX_NAME_BYTES = 4096
MAX_LINK_BYTES = 4095


class ArchiveError(Exception):
    """The archive is corrupt, hostile or too big; the message names the member."""


ARCHIVE_BYTES_PER_FILE = 2048  # a member's header, PAX record and padding, on average


def max_archive_bytes(limits: DiskLimits | None = None) -> int:
    """The largest archive a machine within `limits` can need: its data plus each file's headers.
    A loader reads at most this much (one byte more means: too big), never a stream to its end."""
    lim = limits or DiskLimits()
    return lim.quota_bytes + lim.max_files * ARCHIVE_BYTES_PER_FILE


# ----------------------------------------------------------------------------- saving
MACHINE_KEY = "SHELLDOJO.machine"   # PAX keyword of a member holding another machine's archive
ADDRESS_KEY = "SHELLDOJO.address"   # and that machine's network address
MAX_OTHER_MACHINES = 7


def save_tar(machine: Machine, out: BinaryIO, others: dict[str, tuple[str, bytes]] | None = None) -> None:
    """Write the whole machine (except /dev, /proc, /sys) to `out` as a tar archive; `others`
    (name -> its address and its own archive) follow as members marked with a PAX keyword, so the
    learner's tree stays plain (paths relative to `/`) for any tar reader."""
    machine.sync_state()   # the journal's latest lines go into the archive too
    with acting_as(ROOT):
        users = {u.uid: u.name for u in accounts.users(machine.vfs)}
        groups = {g.gid: g.name for g in accounts.groups(machine.vfs)}
        seen: dict[int, str] = {}  # inode -> first member name (hard links)
        with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            root = machine.fake.root
            assert isinstance(root, FakeDirectory)
            for name in sorted(root.entries):
                if name not in SKIPPED:
                    _save_node(tar, root.entries[name], name, users, groups, seen)
            for other, (address, data) in sorted((others or {}).items()):
                info = tarfile.TarInfo(f"{other}.machine.tar")
                info.size, info.mode = len(data), 0o600
                info.pax_headers = {MACHINE_KEY: other, ADDRESS_KEY: address}
                tar.addfile(info, io.BytesIO(data))


def _save_node(tar: tarfile.TarFile, node: FakeFile, name: str, users: dict[int, str],
               groups: dict[int, str], seen: dict[int, str]) -> None:
    info = tarfile.TarInfo(name)
    mode = node.st_mode
    info.mode = mode & 0o7777
    info.uid, info.gid = node.st_uid, node.st_gid
    info.uname, info.gname = users.get(node.st_uid, ""), groups.get(node.st_gid, "")
    info.mtime = node.st_mtime or 0
    if st.S_ISDIR(mode):
        info.type = tarfile.DIRTYPE
        tar.addfile(info)
        assert isinstance(node, FakeDirectory)
        for child in sorted(node.entries):
            _save_node(tar, node.entries[child], f"{name}/{child}", users, groups, seen)
    elif st.S_ISLNK(mode):
        info.type = tarfile.SYMTYPE
        info.linkname = node.contents or ""
        tar.addfile(info)
    elif st.S_ISFIFO(mode):  # mkfifo: a node without data
        info.type = tarfile.FIFOTYPE
        tar.addfile(info)
    elif st.S_ISCHR(mode) or st.S_ISBLK(mode):
        return  # a device root made with mknod: archives refuse devices (hostile input), so it is not kept
    elif node.st_ino is not None and node.st_ino in seen:
        info.type = tarfile.LNKTYPE
        info.linkname = seen[node.st_ino]
        tar.addfile(info)
    else:
        if node.st_ino is not None:
            seen[node.st_ino] = name
        data = node.byte_contents or b""
        info.type = tarfile.REGTYPE
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))


# ----------------------------------------------------------------------------- loading
def load_tar(data: bytes, limits: DiskLimits | None = None, base: Machine | None = None,
             others: dict[str, tuple[str, bytes]] | None = None) -> Machine:
    """A machine whose disk is the archive's content; /dev, /proc and /sys come from `base`
    (a fresh machine, loaded into and returned) or from a newly built image.  The archives of
    other machines it carries go to `others` (name -> address, archive) when given, else are ignored."""
    if base is None:
        from shelldojo.filesystem.image import build_base_image

        base = build_base_image(limits=limits)
    machine = base
    with acting_as(ROOT):
        root = machine.fake.root
        assert isinstance(root, FakeDirectory)
        for name in list(root.entries):
            if name not in SKIPPED:
                root.remove_entry(name)
        if limits is not None:
            machine.limits = limits
            try:
                machine.fake.set_disk_usage(limits.quota_bytes)
            except OSError:
                raise ArchiveError("the disk quota is smaller than /dev") from None
        loader = _Loader(machine)
        loader.load(data)
        if others is not None:
            others.update(loader.others)
    machine.vfs._file_count = -1  # recount lazily on the next create
    return machine


class _Loader:
    def __init__(self, machine: Machine) -> None:
        self.m = machine
        self.fake = machine.fake
        self.limits = machine.limits
        self.files: set[str] = set()       # regular files loaded so far (hard-link targets)
        self.dirs: list[tuple[str, int, float]] = []  # metadata applied after the children
        # what the kept /dev already takes (its links' targets count as bytes, as on a real disk)
        self.total = machine.fake.get_disk_usage().used
        self.count = machine.vfs._count_inodes()
        self.others: dict[str, tuple[str, bytes]] = {}   # other machines' archives (save_tar's `others`)

    def load(self, data: bytes) -> None:
        try:
            # "r:" only: no decompression, so every read is bounded by len(data)
            tar = tarfile.open(fileobj=io.BytesIO(data), mode="r:")  # noqa: SIM115 (closed below)
        except (tarfile.TarError, EOFError, ValueError, OSError) as exc:
            raise ArchiveError(f"not a tar archive: {exc}") from None
        last = "(start of archive)"
        with tar:
            while True:
                try:
                    member = tar.next()
                except (tarfile.TarError, EOFError, ValueError, OSError, UnicodeError) as exc:
                    raise ArchiveError(f"corrupt archive after member {last!r}: {exc}") from None
                if member is None:
                    break
                self.member(tar, member)
                last = member.name
        # deepest first, so a read-only parent does not matter and mtimes stick
        for path, mode, mtime in reversed(self.dirs):
            self.fake.chmod(path, mode, force_unix_mode=True)
            self._utime(path, mtime)

    def fail(self, member: tarfile.TarInfo, why: str) -> ArchiveError:
        return ArchiveError(f"member {member.name!r}: {why}")

    def member(self, tar: tarfile.TarFile, member: tarfile.TarInfo) -> None:
        if MACHINE_KEY in member.pax_headers:
            self.other(tar, member, member.pax_headers[MACHINE_KEY])
            return
        path = self.path_of(member)
        if path is None:
            return
        self.count += 1
        if self.count > self.limits.max_files:
            raise self.fail(member, f"too many files (limit {self.limits.max_files})")
        if member.uid < 0 or member.gid < 0 or member.uid > 0xFFFFFFFE or member.gid > 0xFFFFFFFE:
            raise self.fail(member, "bad owner")
        self.make_parents(member, path)
        existing = self.replaceable(member, path)
        try:
            if member.isdir():
                if not existing:
                    self.fake.create_dir(path)
                self.dirs.append((path, member.mode & 0o7777, member.mtime))
                self.m.os.chown(path, member.uid, member.gid)
                return
            if member.issym():
                target = member.linkname
                if not target or "\0" in target or len(target.encode("utf-8", "surrogateescape")) > MAX_LINK_BYTES:
                    raise self.fail(member, "bad symbolic link target")
                self.fake.create_symlink(path, target)
                self.m.os.chown(path, member.uid, member.gid, follow_symlinks=False)
                self._utime(path, member.mtime, follow=False)
                return
            if member.islnk():
                target = self.path_of_name(member, member.linkname)
                if target is None or target not in self.files:
                    raise self.fail(member, f"hard link to {member.linkname!r}, not an earlier file of the archive")
                self.fake.create_link(target, path, follow_symlinks=False, create_missing_dirs=False)
                return
            if member.isfifo():  # mkfifo's node, without data (opening one is bounded: shell/budget.py)
                self.fake.create_file(path, st_mode=st.S_IFIFO | (member.mode & 0o7777), create_missing_dirs=False)
                self.m.os.chown(path, member.uid, member.gid)
                self._utime(path, member.mtime)
                return
            if not member.isreg():
                raise self.fail(member, "unsupported member type (device or other)")
            if member.size > self.limits.max_file_bytes:
                raise self.fail(member, f"file too large ({member.size} bytes)")
            self.total += member.size
            if self.total > self.limits.quota_bytes:
                raise self.fail(member, "archive exceeds the disk quota")
            f = tar.extractfile(member)
            content = f.read(member.size + 1) if f else b""
            if len(content) != member.size:
                raise self.fail(member, "truncated data")
            self.fake.create_file(path, contents=content, create_missing_dirs=False)
            self.fake.chmod(path, member.mode & 0o7777, force_unix_mode=True)
            self.m.os.chown(path, member.uid, member.gid)
            self._utime(path, member.mtime)
            self.files.add(path)
        except ArchiveError:
            raise
        except (tarfile.TarError, EOFError, ValueError, OverflowError, OSError) as exc:
            raise self.fail(member, str(exc) or type(exc).__name__) from None

    def other(self, tar: tarfile.TarFile, member: tarfile.TarInfo, name: str) -> None:
        """Another machine's archive, kept whole (bounded) for the caller to load."""
        if not member.isreg() or not name or "/" in name or name in self.others:
            raise self.fail(member, "bad machine member")
        if len(self.others) >= MAX_OTHER_MACHINES:
            raise self.fail(member, f"too many machines (limit {MAX_OTHER_MACHINES + 1})")
        if member.size > max_archive_bytes(self.limits):
            raise self.fail(member, "machine archive too large")
        f = tar.extractfile(member)
        content = f.read(member.size + 1) if f else b""
        if len(content) != member.size:
            raise self.fail(member, "truncated data")
        self.others[name] = (member.pax_headers.get(ADDRESS_KEY, ""), content)

    def path_of(self, member: tarfile.TarInfo) -> str | None:
        """The member's absolute path in the machine, or None to skip it."""
        path = self.path_of_name(member, member.name)
        if path is None:
            raise self.fail(member, "absolute name or '..' component")
        if path == "/" or path.split("/")[1] in SKIPPED:
            return None
        return path

    def path_of_name(self, member: tarfile.TarInfo, name: str) -> str | None:
        if "\0" in name or len(name.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
            raise self.fail(member, "bad name")
        while name.startswith("./"):
            name = name[2:]
        if name.startswith("/"):
            return None
        parts = [p for p in name.split("/") if p and p != "."]
        if ".." in parts:
            return None
        return "/" + "/".join(parts)

    def make_parents(self, member: tarfile.TarInfo, path: str) -> None:
        """Create missing parents as plain directories; never go through a symlink."""
        node = self.fake.root
        parts = path.split("/")[1:-1]
        current = ""
        for part in parts:
            current += "/" + part
            assert isinstance(node, FakeDirectory)
            child = node.entries.get(part)
            if child is None:
                self.count += 1
                if self.count > self.limits.max_files:
                    raise self.fail(member, f"too many files (limit {self.limits.max_files})")
                self.fake.create_dir(current)
                child = node.entries[part]
            elif not isinstance(child, FakeDirectory) or st.S_ISLNK(child.st_mode):
                raise self.fail(member, f"parent {current[1:]!r} is not a directory")
            node = child

    def replaceable(self, member: tarfile.TarInfo, path: str) -> bool:
        """Handle a member already present: dirs merge, other files are replaced."""
        parent = self.fake.resolve(path.rsplit("/", 1)[0] or "/")
        name = path.rsplit("/", 1)[1]
        old = parent.entries.get(name) if isinstance(parent, FakeDirectory) else None
        if old is None:
            return False
        if isinstance(old, FakeDirectory) and not st.S_ISLNK(old.st_mode):
            if member.isdir():
                return True
            raise self.fail(member, "replaces a directory")
        parent.remove_entry(name)
        self.files.discard(path)
        self.count -= 1
        return False

    def _utime(self, path: str, mtime: float, follow: bool = True) -> None:
        mtime = clamp_time(mtime)  # as Linux does when tar sets a time outside ext4's range
        try:
            self.m.os.utime(path, times=(mtime, mtime), follow_symlinks=follow)
        except (OSError, OverflowError, ValueError):
            pass  # an absurd mtime is not worth refusing the archive
