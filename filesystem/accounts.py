"""Users and groups as the machine's /etc/passwd and /etc/group say (read on each call)."""
from __future__ import annotations

from dataclasses import dataclass

from filesystem.credentials import Credentials
from filesystem.vfs import VFS


@dataclass(frozen=True)
class User:
    name: str
    uid: int
    gid: int
    gecos: str
    home: str
    shell: str


@dataclass(frozen=True)
class Group:
    name: str
    gid: int
    members: tuple[str, ...]


def _lines(vfs: VFS, path: str) -> list[list[str]]:
    try:
        text = vfs.os.filesystem.resolve(path).byte_contents or b""  # bypasses read permission
    except OSError:
        return []
    rows = []
    for line in text.decode("utf-8", "replace").splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split(":"))
    return rows


def users(vfs: VFS) -> list[User]:
    out = []
    for f in _lines(vfs, "/etc/passwd"):
        if len(f) >= 7 and f[2].isdigit() and f[3].isdigit():
            out.append(User(f[0], int(f[2]), int(f[3]), f[4], f[5], f[6]))
    return out


def groups(vfs: VFS) -> list[Group]:
    out = []
    for f in _lines(vfs, "/etc/group"):
        if len(f) >= 4 and f[2].isdigit():
            out.append(Group(f[0], int(f[2]), tuple(m for m in f[3].split(",") if m)))
    return out


def user_by_name(vfs: VFS, name: str) -> User | None:
    return next((u for u in users(vfs) if u.name == name), None)


def user_by_uid(vfs: VFS, uid: int) -> User | None:
    return next((u for u in users(vfs) if u.uid == uid), None)


def group_by_name(vfs: VFS, name: str) -> Group | None:
    return next((g for g in groups(vfs) if g.name == name), None)


def group_by_gid(vfs: VFS, gid: int) -> Group | None:
    return next((g for g in groups(vfs) if g.gid == gid), None)


def user_name(vfs: VFS, uid: int) -> str:
    """The name `ls -l` shows: the user's name, or the number when unknown."""
    u = user_by_uid(vfs, uid)
    return u.name if u else str(uid)


def group_name(vfs: VFS, gid: int) -> str:
    g = group_by_gid(vfs, gid)
    return g.name if g else str(gid)


def supplementary_gids(vfs: VFS, name: str, primary: int) -> list[int]:
    """Every group of the user, primary first, then /etc/group order."""
    out = [primary]
    for g in groups(vfs):
        if name in g.members and g.gid not in out:
            out.append(g.gid)
    return out


def credentials_for(vfs: VFS, name: str) -> Credentials | None:
    u = user_by_name(vfs, name)
    if u is None:
        return None
    return Credentials(u.uid, u.gid, frozenset(supplementary_gids(vfs, u.name, u.gid)), u.name)
