"""Users and groups as the machine's /etc/passwd and /etc/group say (read on each call)."""
from __future__ import annotations

from dataclasses import dataclass

from shelldojo.filesystem.credentials import Credentials
from shelldojo.filesystem.vfs import VFS


@dataclass(frozen=True)
class PasswdEntry:
    """One valid /etc/passwd line (lines with a non-numeric id are skipped, as getpwent does)."""
    name: str
    password: str
    uid: int
    gid: int
    gecos: str
    home: str
    shell: str


@dataclass(frozen=True)
class GroupEntry:
    """One valid /etc/group line."""
    name: str
    password: str
    gid: int
    members: tuple[str, ...]


def _raw(vfs: VFS, path: str) -> bytes:
    try:
        node = vfs.node(path)  # bypasses read permission: the system reads these for everyone
    except OSError:
        return b""
    return node.byte_contents or b""


def _rows(text: bytes) -> list[list[str]]:
    rows = []
    for line in text.decode("utf-8", "replace").splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split(":"))
    return rows


# Parsed account files, keyed by their bytes: every command reads them, they rarely change.
_USERS: dict[bytes, tuple[PasswdEntry, ...]] = {}
_GROUPS: dict[bytes, tuple[GroupEntry, ...]] = {}


def _remember(cache: dict, key: bytes, value: tuple) -> tuple:
    if len(cache) > 64:
        cache.clear()
    cache[key] = value
    return value


def users(vfs: VFS) -> tuple[PasswdEntry, ...]:
    text = _raw(vfs, "/etc/passwd")
    found = _USERS.get(text)
    if found is not None:
        return found
    out = [PasswdEntry(f[0], f[1], int(f[2]), int(f[3]), f[4], f[5], f[6]) for f in _rows(text)
           if len(f) >= 7 and f[2].isdigit() and f[3].isdigit()]
    return _remember(_USERS, text, tuple(out))


def groups(vfs: VFS) -> tuple[GroupEntry, ...]:
    text = _raw(vfs, "/etc/group")
    found = _GROUPS.get(text)
    if found is not None:
        return found
    out = [GroupEntry(f[0], f[1], int(f[2]), tuple(m for m in f[3].split(",") if m)) for f in _rows(text)
           if len(f) >= 4 and f[2].isdigit()]
    return _remember(_GROUPS, text, tuple(out))


def user_by_name(vfs: VFS, name: str) -> PasswdEntry | None:
    return next((u for u in users(vfs) if u.name == name), None)


def user_by_uid(vfs: VFS, uid: int) -> PasswdEntry | None:
    return next((u for u in users(vfs) if u.uid == uid), None)


def group_by_name(vfs: VFS, name: str) -> GroupEntry | None:
    return next((g for g in groups(vfs) if g.name == name), None)


def group_by_gid(vfs: VFS, gid: int) -> GroupEntry | None:
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
