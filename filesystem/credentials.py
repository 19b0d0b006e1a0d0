"""Who is acting on a machine: a per-thread identity, and pyfakefs's own kept at root.

pyfakefs keeps one process-wide uid/gid and knows no supplementary groups.  Instead of
flipping those globals around each command (which breaks as soon as two identities run
at once, as in `sudo cat f | grep x`), pyfakefs itself always runs as root and the VFS
(vfs.py) makes every permission decision for the identity of the *current thread*, set
with `acting_as()`.  A pipeline thread starts with `acting_as(ctx.creds)`.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from pyfakefs import fake_file, helpers

# Held by a Session around each command line, so two sessions in one process (the
# grader's threads) never interleave their commands on shared pyfakefs internals.
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

_local = threading.local()


@contextmanager
def machine_released() -> Iterator[None]:
    """Around a blocking wait (sleep, `wait`, the keyboard): let go of MACHINE_LOCK, however
    deeply this thread holds it, so a background job of the session can run meanwhile."""
    owned = MACHINE_LOCK._is_owned()  # type: ignore[attr-defined]
    if not owned:
        yield
        return
    saved = MACHINE_LOCK._release_save()  # type: ignore[attr-defined]  # as threading.Condition does
    try:
        yield
    finally:
        MACHINE_LOCK._acquire_restore(saved)  # type: ignore[attr-defined]


def current() -> Credentials:
    """The identity of the calling thread (root when none was set)."""
    stack = getattr(_local, "stack", None)
    return stack[-1] if stack else ROOT


@contextmanager
def acting_as(creds: Credentials) -> Iterator[Credentials]:
    """Run the block, in this thread, as `creds`; nests and restores."""
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    stack.append(creds)
    try:
        yield creds
    finally:
        stack.pop()


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
# pyfakefs acts as root for good; the VFS checks every permission itself.
helpers.set_uid(0)
helpers.set_gid(0)
