"""Pathname expansion on the machine, component by component, as bash does it.

Results are sorted as one list by their bytes (strcoll in C.UTF-8 is code point
order), relative patterns give relative paths, a trailing slash keeps only
directories, and names starting with '.' need an explicit leading '.' in the pattern
(never '.' or '..' unless written literally).  Unreadable directories are skipped.
"""
from __future__ import annotations

import posixpath
from collections.abc import Collection
from typing import Any

from shelldojo.shell.interp.pattern import has_magic, match, unescape

MAX_RESULTS = 100_000     # a guard against runaway patterns on huge trees


def _key(path: str) -> bytes:
    return path.encode("utf-8", "surrogateescape")


def _listdir(vfs: Any, path: str) -> list[str]:
    try:
        return list(vfs.listdir(path))
    except (OSError, ValueError):
        return []


def _lexists(vfs: Any, path: str) -> bool:
    try:
        vfs.lstat(path)
        return True
    except (OSError, ValueError):
        return False


def expand(vfs: Any, cwd: str, pat: str, options: Collection[str] = ()) -> list[str]:
    """Sorted matches of the pattern; [] when nothing matches or there is no magic.
    `options`: the shell's, for shopt dotglob, nocaseglob and extglob."""
    extglob = "extglob" in options
    nocase = "nocaseglob" in options
    dotglob = "dotglob" in options
    if not has_magic(pat, extglob):
        return []
    absolute = pat.startswith("/")
    parts = pat.split("/")
    if absolute:
        # keep the leading slashes as typed ('/' or '//')
        lead = len(pat) - len(pat.lstrip("/"))
        prefix = "/" * lead
        parts = pat[lead:].split("/")
    else:
        prefix = ""
    trailing = len(parts) > 1 and parts[-1] == ""
    if trailing:
        parts = parts[:-1]
    # each candidate: (display text, absolute path on the machine)
    cands: list[tuple[str, str]] = [(prefix, prefix or cwd)]
    for idx, comp in enumerate(parts):
        last = idx == len(parts) - 1
        nxt: list[tuple[str, str]] = []
        if comp == "":
            # '//' inside the pattern: keep the extra slash
            nxt = [(shown + "/", real) for shown, real in cands]
        elif has_magic(comp, extglob):
            dot_ok = dotglob or comp.startswith((".", "\\."))
            for shown, real in cands:
                for name in _listdir(vfs, real):
                    if name.startswith(".") and not dot_ok:
                        continue
                    if name in (".", ".."):
                        continue
                    if match(comp, name, extglob, nocase):
                        nxt.append((_join(shown, name), posixpath.join(real, name)))
                        if len(nxt) > MAX_RESULTS:
                            break
        else:
            name = unescape(comp)
            for shown, real in cands:
                if name in (".", ".."):
                    # resolve now: the machine's calls want paths without dot components
                    if vfs.isdir(real):
                        full = vfs.realpath(posixpath.join(real, name)) if name == ".." else real
                        nxt.append((_join(shown, name), full))
                    continue
                full = posixpath.join(real, name)
                # intermediate literal components are checked by the next listdir
                if not last or _lexists(vfs, full):
                    nxt.append((_join(shown, name), full))
        cands = nxt
        if not cands:
            return []
    if trailing:
        cands = [(shown + "/", real) for shown, real in cands if vfs.isdir(real)]
    return sorted((shown for shown, _ in cands), key=_key)


def _join(shown: str, name: str) -> str:
    if not shown:
        return name
    if shown.endswith("/"):
        return shown + name
    return shown + "/" + name
