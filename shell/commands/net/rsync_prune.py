"""rsync's filter rules at work in a transfer: the sender's list pruned of what they hide, and
--delete (delete.c): extraneous entries of the receiver deleted in rsync's order, what the
receiver's rules protect spared, with the messages rsync prints for both.

A mixin of rsync_run.Transfer (its attributes are declared here for the type checker).
"""
from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING

from shelldojo.shell.commands.net.rsync_engine import Item, Side
from shelldojo.shell.commands.net.rsync_filter import Rule, per_dir_rules

if TYPE_CHECKING:
    from shelldojo.shell.commands.net.rsync_run import Options, Stats


class Pruning:
    opts: Options
    src: Side
    dst: Side
    stats: Stats
    _children: dict[str, set[str]]

    def info(self, text: str) -> None: ...

    def note(self, text: str) -> None: ...

    if TYPE_CHECKING:   # rsync_log.Logging's (a stub here would hide it in Transfer's MRO)
        def log_delete(self, rel: str, got: Item) -> None: ...

    # -- filter rules ----------------------------------------------------------------------------
    def keep(self, items: list[Item]) -> list[Item]:
        """The sender's list less what the filter rules hide (an excluded directory's contents
        are not even looked at); the transfer's own root ('.') is never matched."""
        filters = self.opts.filters
        if not filters or not items:
            return items
        where = {i.rel: i.src for i in items if i.is_dir}
        read_merge = self.merge_reader(self.src, lambda d: where.get(d))
        root = items[0].rel
        kept_dirs = {"."} if root == "." else set()
        out: list[Item] = []
        for item in items:
            if item is items[0] and root == ".":
                out.append(item)
                continue
            parent = item.rel.rpartition("/")[0] or "."
            if item is not items[0] and parent not in kept_dirs:
                continue
            if filters.excluded(item.rel, item.is_dir, "sender", read_merge):
                continue
            out.append(item)
            if item.is_dir:
                kept_dirs.add(item.rel)
        return out

    def merge_reader(self, side: Side, locate: Callable[[str], str | None]
                     ) -> Callable[[str, str], list[Rule] | None]:
        """Per-directory merge files (dir-merge, -F) read on `side`, each once: `locate(rel dir)`
        gives the directory's path there.  A file's anchored rules start at its directory."""
        cache: dict[tuple[str, str], list[Rule] | None] = {}

        def read(rel_dir: str, rule: Rule) -> list[Rule] | None:
            key = (rel_dir, rule.pattern)
            if key not in cache:
                cache[key] = None
                base = locate(rel_dir)
                if base is not None:
                    try:
                        with side.enter():
                            data = side.vfs.read_bytes(posixpath.join(base, rule.pattern.rpartition("/")[2]))
                    except OSError:
                        data = None
                    if data is not None:
                        prefix = "" if rel_dir == "." else rel_dir
                        cache[key] = per_dir_rules(data.decode("utf-8", "surrogateescape"), rule, prefix,
                                                   self.opts.delete_excluded)
            return cache[key]
        return read

    def protected(self, rel: str, is_dir: bool, read_merge: Callable[[str, Rule], list[Rule] | None]) -> bool:
        """--delete spares what the receiver's rules exclude (all of it with --delete-excluded
        but protect rules)."""
        return bool(self.opts.filters) and self.opts.filters.excluded(rel, is_dir, "receiver", read_merge)

    # -- --delete ------------------------------------------------------------------------------
    def delete_extraneous(self, item: Item, target: str) -> None:
        """Entries of the receiver's directory the sender's list lacks (and no rule protects)."""
        wanted = self._children.get(item.rel, set())
        try:
            names = self.dst.listdir(target)
        except OSError:
            return
        for name, got in self._deletion_order(target, [n for n in names if n not in wanted]):
            rel = name if item.rel == "." else f"{item.rel}/{name}"
            if not self.protected(rel, got.kind == "d", self._dst_rules(target, item.rel)):
                self.delete_path(join(target, name), rel, got)

    def _deletion_order(self, path: str, names: list[str]) -> list[tuple[str, Item]]:
        """rsync deletes in reverse file-list order: in a directory its files sort before its
        subdirectories, so subdirectories (last name first) go first, then the files."""
        found = [(n, got) for n in names if (got := self.dst.stat_or_none(join(path, n))) is not None]
        found.sort(key=lambda e: (e[1].kind == "d", e[0].encode("utf-8", "surrogateescape")))
        return found[::-1]

    def _dst_rules(self, target: str, rel: str) -> Callable[[str, Rule], list[Rule] | None]:
        """Per-directory merge files as the receiver reads them: in its own directories."""
        top = target if rel == "." else target[: len(target) - len(rel)]
        top = (top[:-1] if len(top) > 1 and top.endswith("/") else top) or "."
        return self.merge_reader(self.dst, lambda d: self.dst.abspath(top if d == "." else join(top, d)))

    def delete_path(self, path: str, rel: str, got: Item, quiet: bool = False) -> None:
        if got.kind == "d" and not self._delete_contents(path, rel, quiet):
            self.note(f"cannot delete non-empty directory: {rel}\n")   # something protected inside
            return
        if not quiet:
            self.log_delete(rel, got)
        self.stats.deleted += 1
        if not self.opts.dry_run:
            self.dst.remove(path)

    def _delete_contents(self, path: str, rel: str, quiet: bool) -> bool:
        """Empty a directory being deleted (delete.c's delete_dir_contents): False when a
        protected entry stays; a subdirectory that stays is reported twice, as rsync does."""
        try:
            names = self.dst.listdir(path)
        except OSError:
            return False
        whole = True
        rules = self._dst_rules(path, rel)
        for name, child in self._deletion_order(path, names):
            child_rel, child_path = f"{rel}/{name}", join(path, name)
            if self.protected(child_rel, child.kind == "d", rules):
                whole = False
            elif child.kind == "d" and not self._delete_contents(child_path, child_rel, quiet):
                self.note(f"cannot delete non-empty directory: {child_rel}\n" * 2)
                whole = False
            else:
                if not quiet:
                    self.log_delete(child_rel, child)
                self.stats.deleted += 1
                if not self.opts.dry_run:
                    self.dst.remove(child_path)
        return whole


def join(dest: str, rel: str) -> str:
    if rel == ".":
        return dest
    return f"{dest.rstrip('/')}/{rel}" if dest not in ("", "/") else (f"/{rel}" if dest == "/" else rel)
