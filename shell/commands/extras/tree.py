"""tree (package tree 2.0.2): an indented listing of a directory and its subdirectories."""
from __future__ import annotations

import stat as st

from shelldojo.filesystem.vfs import WalkEntry
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("tree", short="adlfL:rnCF", long=["noreport", "dirsfirst"], help=verbatim("extras/tree_help"),
                  version=verbatim("extras/tree_version"), usage_status=2)


class _Tree:
    """tree's listing of one operand on the VFS walk: its order and selection (-a, -d, -r,
    --dirsfirst) arranged per directory, lines drawn in pre-order."""

    def __init__(self, ctx: Context, all_: bool, dirs_only: bool, full: bool, level: int | None,
                 reverse: bool, dirsfirst: bool, classify: bool) -> None:
        self.ctx, self.all, self.dirs_only, self.full = ctx, all_, dirs_only, full
        self.level, self.reverse, self.dirsfirst, self.classify = level, reverse, dirsfirst, classify
        self.dirs = self.files = 0
        self.last: set[WalkEntry] = set()   # the last entry of each directory listed so far
        self.nonempty = False               # the operand lists something

    @staticmethod
    def _mode(e: WalkEntry) -> int:
        return 0 if e.error is not None else e.mode  # a name its directory lets us read, not stat

    def arrange(self, parent: WalkEntry, entries: list[WalkEntry]) -> list[WalkEntry]:
        if not self.all:
            entries = [e for e in entries if not e.name.startswith(".")]
        entries.sort(key=lambda e: e.name.encode("utf-8", "surrogateescape"), reverse=self.reverse)
        if self.dirs_only:
            entries = [e for e in entries if st.S_ISDIR(self._mode(e))]
        if self.dirsfirst:
            entries.sort(key=lambda e: not st.S_ISDIR(self._mode(e)))
        if entries:
            self.last.add(entries[-1])
            self.nonempty = self.nonempty or parent.depth == 0
        return entries

    def draw(self, full: str, shown: str) -> None:
        ctx, vfs = self.ctx, self.ctx.vfs
        prefixes = [""]   # what goes before the connector, per depth
        top = WalkEntry(shown, full.rstrip("/") or "/", "", 0, vfs.node(full))
        walk = vfs.walk(top, stat_names=True, maxdepth=-1 if self.level is None else self.level,
                        on_error=lambda e, exc: e.error is not None, check=ctx.check, arrange=self.arrange)
        next(walk)
        for e in walk:
            last = e in self.last
            self.last.discard(e)
            mode = self._mode(e)
            suffix = ""
            if st.S_ISLNK(mode):
                suffix = f" -> {vfs.readlink(e.abspath)}"
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
            if st.S_ISDIR(mode) and not vfs.access(e.abspath, 5):
                error = "  [error opening dir]"
                e.prune = True
            prefix = prefixes[e.depth - 1]
            ctx.out(f"{prefix}{'└── ' if last else '├── '}{e.path if self.full else e.name}{suffix}{error}\n")
            del prefixes[e.depth:]
            prefixes.append(prefix + ("    " if last else "│   "))


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
    tree_ = _Tree(ctx, parsed.has("-a"), parsed.has("-d"), parsed.has("-f"), level, parsed.has("-r"),
                  parsed.has("--dirsfirst"), parsed.has("-F"))
    status = 0
    for operand in parsed.operands or ["."]:
        full = ctx.abspath(operand)
        if not ctx.vfs.isdir(full):
            ctx.out(f"{operand}  [error opening dir]\n")
            status = 2
            continue
        ctx.out(f"{operand}\n")
        tree_.nonempty = False
        tree_.draw(full, operand)
        tree_.dirs += 1 if tree_.nonempty else 0
    if not parsed.has("--noreport"):
        report = _plural(tree_.dirs, "directory", "directories")
        if not tree_.dirs_only:
            report += ", " + _plural(tree_.files, "file", "files")
        ctx.out(f"\n{report}\n")
    return status
