"""The free-practice cloud on the host: one tar in the data dir, replaced atomically.

The tar is `shelldojo run --save-state`'s: the learner's machine, the other machines of the
cloud that were reached riding along (shell/cloud.py)."""
from __future__ import annotations

import os

from shelldojo.filesystem.network import Network

SANDBOX_FILE = "sandbox.tar"
# A pickled snapshot of the same machine, valid only for the tar whose hash it records: loads
# ~5x faster than the tar (startup budget), and is ignored whenever the two disagree.
FAST_FILE = "sandbox.snapshot"


def state_path(data_dir: str) -> str:
    return os.path.join(data_dir, SANDBOX_FILE)


def load(data_dir: str, fresh: bool = False) -> tuple[Network, str | None]:
    """The saved cloud (or a fresh one) and a warning if the saved one could not be read."""
    from shelldojo.filesystem.archive import ArchiveError
    from shelldojo.shell.cloud import fresh_cloud, load_cloud

    base = fresh_cloud()
    if fresh:
        return base, None
    path = state_path(data_dir)
    try:
        with open(path, "rb") as f:  # our own state file in the data dir (front end only)
            data = f.read()
    except FileNotFoundError:
        return base, None
    except OSError as exc:
        return base, f"could not read {path}: {exc.strerror}; starting a fresh machine"
    fast = _load_fast(data_dir, data)
    if fast is not None:
        return fast, None
    try:
        return load_cloud(data), None
    except (ArchiveError, OSError, ValueError) as exc:
        return fresh_cloud(), f"could not load {path} ({exc}); starting a fresh machine"


def _digest(data: bytes) -> bytes:
    import hashlib
    return hashlib.sha256(data).digest()


def _load_fast(data_dir: str, tar: bytes) -> Network | None:
    try:
        with open(os.path.join(data_dir, FAST_FILE), "rb") as f:  # our own cache file
            blob = f.read()
    except OSError:
        return None
    if blob[:32] != _digest(tar):
        return None
    try:
        from shelldojo.shell.cloud import fresh_cloud

        net = fresh_cloud()
        net.restore(blob[32:])
        return net
    except Exception:  # noqa: BLE001 - a stale or broken cache only costs speed
        return None


def _write_atomic(path: str, data: bytes) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def save(network: Network, data_dir: str) -> None:
    """Write the cloud as a tar: tmp file, fsync, rename (a crash leaves the old or the new one)."""
    import io

    from shelldojo.shell.cloud import save_cloud

    buf = io.BytesIO()
    save_cloud(network, buf)
    os.makedirs(data_dir, exist_ok=True)
    tar = buf.getvalue()
    _write_atomic(state_path(data_dir), tar)
    try:
        _write_atomic(os.path.join(data_dir, FAST_FILE), _digest(tar) + network.snapshot())
    except OSError:
        pass  # the tar is what counts
