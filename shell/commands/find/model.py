"""find's building blocks: the walk's entries, the parsed program, GNU's error type, file
facts as find prints and tests them, and the parsing of test arguments (globs, modes, N/+N/-N)."""
from __future__ import annotations

import re
import stat as st
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shelldojo.filesystem.vfs import VFS, WalkEntry
from shelldojo.shell import regexengine


class FindError(Exception):
    """A bad expression: the message is GNU's text (without 'find: ')."""

    def __init__(self, message: str, extra: str = "") -> None:
        super().__init__(message)
        self.extra = extra


# What the walk yields: path (as printed), abspath, name, depth, node (lstat view, or the
# target with -L), prune (set by -prune).
Entry = WalkEntry


Pred = Callable[[Entry], bool]


@dataclass
class Program:
    """The parsed expression plus the global options it set."""

    root: Pred
    has_action: bool = False
    maxdepth: int = -1
    mindepth: int = 0
    depth_first: bool = False
    uses_prune: bool = False
    uses_delete: bool = False
    execs: list[Any] = field(default_factory=list)   # pending -exec ... + batches


def glob_regex(pattern: str, icase: bool = False) -> regexengine.Regex:
    """fnmatch(3) without FNM_PERIOD: * and ? match '/' and leading dots; \\ escapes."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        i += 1
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "\\" and i < n:
            out.append(re.escape(pattern[i]))
            i += 1
        elif c == "[":
            j = i
            if j < n and pattern[j] in "!^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            j = pattern.find("]", j)
            if j < 0:
                out.append("\\[")
                continue
            body = pattern[i:j]
            neg = body[:1] in ("!", "^")
            body = body[1:] if neg else body
            cls = "".join("\\" + ch if ch in "\\^[]" else ch for ch in body)
            out.append(("[^" if neg else "[") + cls + "]")
            i = j + 1
        else:
            out.append(re.escape(c))
    # many *s backtrack polynomially in `re`: the shared engine bounds them
    return regexengine.compile("(?s:" + "".join(out) + r")\Z", re.IGNORECASE if icase else 0)


def mode_string(mode: int) -> str:
    kinds = {st.S_IFDIR: "d", st.S_IFLNK: "l", st.S_IFCHR: "c", st.S_IFBLK: "b", st.S_IFIFO: "p",
             st.S_IFSOCK: "s"}
    out = [kinds.get(st.S_IFMT(mode), "-")]
    for shift, special, ch in ((6, st.S_ISUID, "s"), (3, st.S_ISGID, "s"), (0, st.S_ISVTX, "t")):
        bits = (mode >> shift) & 7
        out.append("r" if bits & 4 else "-")
        out.append("w" if bits & 2 else "-")
        x = bits & 1
        out.append((ch if x else ch.upper()) if mode & special else ("x" if x else "-"))
    return "".join(out)


def type_letter(mode: int) -> str:
    return {st.S_IFDIR: "d", st.S_IFLNK: "l", st.S_IFCHR: "c", st.S_IFBLK: "b", st.S_IFIFO: "p",
            st.S_IFSOCK: "s", st.S_IFREG: "f"}.get(st.S_IFMT(mode), "U")


def node_size(node: Any) -> int:
    """st_size as ext4 reports it: directories 4096, symlinks the target length."""
    mode = node.st_mode
    if st.S_ISDIR(mode):
        return 4096
    return int(node.st_size or 0)


node_nlink = VFS.nlink  # link count as on ext4: a directory has 2 plus one per subdirectory


def numarg(value: str, pred: str) -> tuple[str, int]:
    """A numeric test argument N, +N or -N as (sign, N); GNU's message when it is not one."""
    m = re.fullmatch(r"([+-]?)(\d+)", value)
    if not m:
        raise FindError(f"invalid argument `{value}' to `{pred}'")
    return m.group(1), int(m.group(2))


def compare(sign: str, n: int) -> Callable[[float], bool]:
    """+N: more than N, -N: less than N, N: exactly N."""
    if sign == "+":
        return lambda v: v > n
    if sign == "-":
        return lambda v: v < n
    return lambda v: v == n


_SYM = re.compile(r"([ugoa]*)([-+=])([rwxXst]*|[ugo])")


def parse_mode(text: str) -> int | None:
    """Octal or symbolic mode (applied to 0), as find -perm takes it."""
    if re.fullmatch(r"[0-7]+", text):
        value = int(text, 8)
        return value if value <= 0o7777 else None
    mode = 0
    for clause in text.split(","):
        m = _SYM.fullmatch(clause)
        if not m:
            return None
        who = m.group(1) or "a"
        who_mask = sum({"u": 0o4700, "g": 0o2070, "o": 0o1007, "a": 0o7777}[w] for w in who)
        bits = 0
        for p in m.group(3):
            bits |= {"r": 0o444, "w": 0o222, "x": 0o111, "X": 0o111, "s": 0o6000, "t": 0o1000}.get(p, 0)
        bits &= who_mask
        if m.group(2) == "-":
            mode &= ~bits
        elif m.group(2) == "=":
            mode = (mode & ~who_mask) | bits
        else:
            mode |= bits
    return mode
