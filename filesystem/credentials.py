"""Who is acting on a machine, and the process-wide switch of pyfakefs's identity.

pyfakefs keeps the current uid/gid in module globals and knows no supplementary
groups, so every operation runs inside `acting_as()`, which holds one process-wide
lock while the globals name the acting user.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from pyfakefs import fake_file, helpers

# One lock for the whole process: pyfakefs's identity globals are shared.
MACHINE_LOCK = threading.RLock()


@dataclass(frozen=True)
class Credentials:
    uid: int
    gid: int
    groups: frozenset[int] = field(default_factory=frozenset)
    user: str = ""

    @property
    def is_root(self) -> bool:
        return self.uid == 0

    def in_group(self, gid: int) -> bool:
        return gid == self.gid or gid in self.groups


ROOT = Credentials(0, 0, frozenset({0}), "root")

_current: list[Credentials] = [ROOT]


def current() -> Credentials:
    return _current[-1]


@contextmanager
def acting_as(creds: Credentials) -> Iterator[Credentials]:
    """Run the block as `creds`; nests, and restores the previous identity."""
    with MACHINE_LOCK:
        _current.append(creds)
        helpers.set_uid(creds.uid)
        helpers.set_gid(creds.gid)
        try:
            yield creds
        finally:
            _current.pop()
            prev = _current[-1]
            helpers.set_uid(prev.uid)
            helpers.set_gid(prev.gid)


@contextmanager
def pyfakefs_as_root() -> Iterator[None]:
    """Let pyfakefs itself act as root for one call whose rule the VFS already checked.

    Flips only pyfakefs's globals (no lock: the caller already holds the machine's
    identity, possibly from a pipeline thread)."""
    helpers.set_uid(0)
    try:
        yield
    finally:
        helpers.set_uid(current().uid)


def permits(mode: int, uid: int, gid: int, want: int, creds: Credentials | None = None) -> bool:
    """Unix permission check for `want` (a mix of 4, 2, 1) on an inode."""
    creds = creds or current()
    if creds.is_root:
        # root passes read/write always, execute when any x bit is set
        return not (want & 1) or bool(mode & 0o111) or (mode & 0o170000) == 0o040000
    if creds.uid == uid:
        bits = (mode >> 6) & 7
    elif creds.in_group(gid):
        bits = (mode >> 3) & 7
    else:
        bits = mode & 7
    return bits & want == want


def _has_permission(self: fake_file.FakeFile, permission_bits: int) -> bool:
    # pyfakefs's own check ignores supplementary groups; use the real rule.
    want = (permission_bits >> 6) & 7
    return permits(self.st_mode, self.st_uid, self.st_gid, want)


fake_file.FakeFile.has_permission = _has_permission  # type: ignore[method-assign]
helpers.set_uid(0)
helpers.set_gid(0)
