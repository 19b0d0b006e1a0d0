"""`shelldojo list [PACK]`: packs and their challenges (with the learner's status when known)."""
from __future__ import annotations

import os
from collections.abc import Callable

from challenges.loader import builtin_pack_dirs, load_pack
from challenges.model import Pack, PackError

StatusOf = Callable[[str, str], str]   # (pack id, challenge id) -> "done", "skipped", "" ...


def find_packs(selector: str | None = None) -> list[Pack]:
    """Built-in packs, or the one named by id or folder."""
    if selector and os.path.exists(os.path.join(selector, "pack.toml")):
        return [load_pack(selector)]
    packs = [load_pack(d) for d in builtin_pack_dirs()]
    if selector:
        packs = [p for p in packs if p.id == selector]
    return packs


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
            mark = {"done": "✔", "skipped": "↷"}.get(status, " ")
            out(f"  {mark} {i:2d}. {c.id:<28} {c.title}")
    return 0
