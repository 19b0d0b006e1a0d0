"""Fresh machines for the shell: the base image with a file for every command, cloned.

Building the image takes ~100 ms, so its pickled snapshot is cached in the user's data
dir (the only host location shelldojo writes to), keyed by everything that shapes it; other
machines made from it once per install (the cloud's dojo) are cached the same way.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable

from shelldojo.filesystem import DiskLimits, Machine
from shelldojo.filesystem.image import build_base_image

# Programs the interpreter itself provides (not in the command registry).
SHELL_PROGRAMS = {"bash": "/usr/bin", "sh": "/usr/bin", "rbash": "/usr/bin", "pwd": "/usr/bin"}

_BASE_SNAPSHOT: bytes | None = None


def data_dir() -> str:
    """SHELLDOJO_HOME, else the platform's user data dir."""
    home = os.environ.get("SHELLDOJO_HOME")
    if home:
        return home
    import platformdirs

    return platformdirs.user_data_dir("shelldojo", appauthor=False)


def _image_key(programs: dict[str, str]) -> str:
    from shelldojo.filesystem import image, machine

    h = hashlib.sha256(f"{image.RECIPE_DIGEST} {machine.SNAPSHOT_FORMAT}".encode())
    h.update(repr(sorted(programs.items())).encode())  # RECIPE_DIGEST covers pyfakefs's version
    return h.hexdigest()[:24]


def _programs() -> dict[str, str]:
    from shelldojo.shell.registry import programs as registry_programs

    return {**registry_programs(), **SHELL_PROGRAMS}


def image_key() -> str:
    """The base image's cache key (what its snapshot is made of): other cached machines built
    from it put it in their own key."""
    return _image_key(_programs())


def base_snapshot() -> bytes:
    global _BASE_SNAPSHOT
    if _BASE_SNAPSHOT is None:
        _BASE_SNAPSHOT = cached_snapshot("base-image", image_key(), lambda: build_base_image(_programs()))
    return _BASE_SNAPSHOT


def cached_snapshot(name: str, key: str, build: Callable[[], Machine]) -> bytes:
    """The snapshot of the machine `build` makes, kept in the data dir's cache as NAME-KEY.pickle
    (`key` must name everything that shapes the machine): read when there, else built."""
    cache = os.path.join(data_dir(), "cache", f"{name}-{key}.pickle")
    try:
        with open(cache, "rb") as f:
            return f.read()
    except OSError:
        pass
    snapshot = build().snapshot()
    try:  # best effort: a read-only home only costs speed
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        tmp = f"{cache}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(snapshot)
        os.replace(tmp, cache)
    except OSError:
        pass
    return snapshot


def fresh_machine(limits: DiskLimits | None = None) -> Machine:
    """A new machine from the base image (built once, then cloned)."""
    return Machine.from_snapshot(base_snapshot(), limits)
