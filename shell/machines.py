"""Fresh machines for the shell: the base image with a file for every command, cloned.

Building the image takes ~100 ms, so its pickled snapshot is cached in the user's data
dir (the only host location shelldojo writes to), keyed by everything that shapes it.
"""
from __future__ import annotations

import hashlib
import os

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
    from shelldojo.filesystem import image

    h = hashlib.sha256(image.RECIPE_DIGEST.encode())
    h.update(repr(sorted(programs.items())).encode())  # RECIPE_DIGEST covers pyfakefs's version
    return h.hexdigest()[:24]


def base_snapshot() -> bytes:
    global _BASE_SNAPSHOT
    if _BASE_SNAPSHOT is not None:
        return _BASE_SNAPSHOT
    from shelldojo.shell.registry import programs as registry_programs

    programs = {**registry_programs(), **SHELL_PROGRAMS}
    cache = os.path.join(data_dir(), "cache", f"base-image-{_image_key(programs)}.pickle")
    try:
        with open(cache, "rb") as f:
            _BASE_SNAPSHOT = f.read()
            return _BASE_SNAPSHOT
    except OSError:
        pass
    _BASE_SNAPSHOT = build_base_image(programs).snapshot()
    try:  # best effort: a read-only home only costs speed
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        tmp = f"{cache}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(_BASE_SNAPSHOT)
        os.replace(tmp, cache)
    except OSError:
        pass
    return _BASE_SNAPSHOT


def fresh_machine(limits: DiskLimits | None = None) -> Machine:
    """A new machine from the base image (built once, then cloned)."""
    return Machine.from_snapshot(base_snapshot(), limits)
