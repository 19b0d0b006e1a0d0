"""`shelldojo list [PACK]`: packs and their challenges (with the learner's status when known)."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable

from shelldojo.challenges.loader import builtin_pack_dirs, load_pack
from shelldojo.challenges.model import Pack, PackError

StatusOf = Callable[[str, str], str]   # (pack id, challenge id) -> "done", "skipped", "" ...


def find_packs(selector: str | None = None) -> list[Pack]:
    """Built-in packs, or the one named by id or folder."""
    if selector and os.path.exists(os.path.join(selector, "pack.toml")):
        return [load_pack(selector)]
    packs = [load_pack(d) for d in builtin_pack_dirs()]
    if selector:
        packs = [p for p in packs if p.id == selector]
    return packs


def store_status(data_dir: str) -> StatusOf | None:
    """The learner's statuses from the progress store in `data_dir` (None when there is none yet).

    Raises StoreDamaged for a store that is not a database any more, sqlite3.Error or OSError
    when it cannot be read."""
    from shelldojo.challenges.progress import ProgressStore

    path = os.path.join(data_dir, "progress.sqlite3")
    if not os.path.lexists(path):
        return None
    store = ProgressStore(path)
    try:
        statuses: dict[str, dict[str, str]] = {}
        for pack, challenge, status in store.db.execute("SELECT pack, challenge, status FROM progress"):
            statuses.setdefault(pack, {})[challenge] = status
    finally:
        store.close()
    return lambda pack, challenge: statuses.get(pack, {}).get(challenge, "")


def cli(selector: str | None, data_dir: str) -> int:
    """`shelldojo list`: a store that cannot be read is said in one line (status 1), not ignored."""
    import sqlite3

    from shelldojo.challenges.progress import StoreDamaged

    try:
        status_of = store_status(data_dir)
    except StoreDamaged as exc:
        print(f"shelldojo list: {exc}; run shelldojo to start over (it keeps a copy of the damaged file)",
              file=sys.stderr)
        return 1
    except (sqlite3.Error, OSError) as exc:
        print(f"shelldojo list: cannot read the progress store in {data_dir}: {exc}", file=sys.stderr)
        return 1
    return main(selector, status_of)


def main(selector: str | None = None, status_of: StatusOf | None = None,
         out: Callable[[str], None] = print) -> int:
    try:
        packs = find_packs(selector)
    except PackError as exc:
        out(f"shelldojo: {exc}")
        return 1
    if not packs:
        out(f"shelldojo: no such pack: {selector}" if selector else "shelldojo: no packs installed")
        return 1
    for pack in packs:
        out(f"{pack.id}: {pack.title}")
        for i, c in enumerate(pack.challenges, 1):
            status = status_of(pack.id, c.id) if status_of else ""
            mark = {"done": "✔", "skipped": "↷", "started": "…"}.get(status, " ")
            out(f"  {mark} {i:2d}. {c.id:<28} {c.title}")
    return 0
