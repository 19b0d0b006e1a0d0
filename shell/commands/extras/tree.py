"""tree (package tree 2.0.2): an indented listing of a directory and its subdirectories."""
from __future__ import annotations

import posixpath
import stat as st

from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("tree", short="adlfL:rnCF", long=["noreport", "dirsfirst"], help=verbatim("extras/tree_help"),
                  version=verbatim("extras/tree_version"), usage_status=2)


class _Walk:
    def __init__(self, ctx: Context, all_: bool, dirs_only: bool, full: bool, level: int | None,
                 reverse: bool, dirsfirst: bool, classify: bool) -> None:
        self.ctx, self.all, self.dirs_only, self.full = ctx, all_, dirs_only, full
        self.level, self.reverse, self.dirsfirst, self.classify = level, reverse, dirsfirst, classify
        self.dirs = self.files = 0

    def entries(self, path: str) -> list[str]:
        names = [n for n in self.ctx.vfs.listdir(path) if self.all or not n.startswith(".")]
        names.sort(key=lambda n: n.encode("utf-8", "surrogateescape"), reverse=self.reverse)
        if self.dirs_only:
            names = [n for n in names if self._isdir(posixpath.join(path, n))]
        if self.dirsfirst:
            names.sort(key=lambda n: not self._isdir(posixpath.join(path, n)))
        return names

    def _isdir(self, path: str) -> bool:
        try:
            return st.S_ISDIR(self.ctx.vfs.lstat(path).st_mode)
        except OSError:
            return False

    def walk(self, path: str, shown: str, prefix: str, depth: int) -> None:
        try:
            names = self.entries(path)
        except OSError:
            return
        for i, name in enumerate(names):
            self.ctx.check()
            last = i == len(names) - 1
            full = posixpath.join(path, name)
            label = posixpath.join(shown, name) if self.full else name
            try:
                mode = self.ctx.vfs.lstat(full).st_mode
            except OSError:
                mode = 0
            suffix = ""
            if st.S_ISLNK(mode):
                suffix = f" -> {self.ctx.vfs.readlink(full)}"
                self.files += 1
            elif st.S_ISDIR(mode):
                self.dirs += 1
                if self.classify:
                    suffix = "/"
            else:
                self.files += 1
                if self.classify and mode & 0o111:
                    suffix = "*"
            error = ""
            if st.S_ISDIR(mode) and not self.ctx.vfs.access(full, 5):
                error = "  [error opening dir]"
            self.ctx.out(f"{prefix}{'└── ' if last else '├── '}{label}{suffix}{error}\n")
            if st.S_ISDIR(mode) and not error and (self.level is None or depth < self.level):
                self.walk(full, posixpath.join(shown, name), prefix + ("    " if last else "│   "), depth + 1)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@command("tree", family="packages", package="tree", summary="list contents of directories in a tree-like format")
def tree(ctx: Context, argv: list[str]) -> int:
    parsed = SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    level = None
    for opt, value in parsed.options:
        if opt == "-L":
            try:
                level = int(value or "")
                if level < 1:
                    raise ValueError
            except ValueError:
                ctx.err("tree: Invalid level, must be greater than 0.\n")
                return 2
    walk = _Walk(ctx, parsed.has("-a"), parsed.has("-d"), parsed.has("-f"), level, parsed.has("-r"),
                 parsed.has("--dirsfirst"), parsed.has("-F"))
    status = 0
    for operand in parsed.operands or ["."]:
        full = ctx.abspath(operand)
        if not ctx.vfs.isdir(full):
            ctx.out(f"{operand}  [error opening dir]\n")
            status = 2
            continue
        ctx.out(f"{operand}\n")
        try:
            nonempty = bool(walk.entries(full))
        except OSError:
            nonempty = False
        walk.dirs += 1 if nonempty else 0
        walk.walk(full, operand, "", 1)
    if not parsed.has("--noreport"):
        report = _plural(walk.dirs, "directory", "directories")
        if not walk.dirs_only:
            report += ", " + _plural(walk.files, "file", "files")
        ctx.out(f"\n{report}\n")
    return status
