"""`shelldojo list [PACK]`: packs and their challenges (with the learner's status when known)."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from shelldojo.challenges.loader import builtin_pack_dirs, load_pack
from shelldojo.challenges.model import Pack, PackError

StatusOf = Callable[[str, str], str]   # (pack id, challenge id) -> "done", "skipped", "" ...


def pack_dirs(data_dir: str | None = None, extra: Sequence[str] = ()) -> list[str]:
    """Where packs are: the built-in ones, each folder in DATA_DIR/packs/ (a pack an instructor
    or a learner dropped there, in name order), then `extra` (`--pack` folders) in its order."""
    found = builtin_pack_dirs()
    if data_dir:
        root = os.path.join(data_dir, "packs")
        try:
            names = sorted(os.listdir(root))
        except OSError:  # no packs/ folder: nothing dropped there
            names = []
        found += [os.path.join(root, n) for n in names
                  if not n.startswith(".") and os.path.isdir(os.path.join(root, n))]
    return found + [os.path.abspath(d) for d in extra]


def load_packs(folders: Sequence[str], warn: Callable[[str], None]) -> list[Pack]:
    """The packs in `folders`.  One that does not load is left out with validate's message (not
    fatal: the others are still there); a pack with the id of an earlier one replaces it (an
    instructor's edited copy of a built-in pack), and that is said too."""
    packs: list[Pack] = []
    for folder in folders:
        try:
            pack = load_pack(folder)
        except PackError as exc:
            warn(f"shelldojo: pack left out: {exc}")
            continue
        same = next((n for n, p in enumerate(packs) if p.id == pack.id), None)
        if same is None:
            packs.append(pack)
        else:
            warn(f"shelldojo: pack {pack.id} from {folder} replaces the one in {packs[same].path}")
            packs[same] = pack
    return packs


def find_packs(selector: str | None = None, data_dir: str | None = None,
               warn: Callable[[str], None] | None = None) -> list[Pack]:
    """Built-in packs (and with `data_dir`, those in its packs/ folder: one that does not load is
    then said to `warn` and left out), or the one named by id or folder."""
    if selector and os.path.exists(os.path.join(selector, "pack.toml")):
        return [load_pack(selector)]
    if data_dir is None:
        packs = [load_pack(d) for d in builtin_pack_dirs()]
    else:
        packs = load_packs(pack_dirs(data_dir), warn or (lambda _text: None))
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
    return main(selector, status_of, data_dir=data_dir)


def main(selector: str | None = None, status_of: StatusOf | None = None,
         out: Callable[[str], None] = print, data_dir: str | None = None) -> int:
    try:
        packs = find_packs(selector, data_dir, warn=lambda text: print(text, file=sys.stderr))
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
