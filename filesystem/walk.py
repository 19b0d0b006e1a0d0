"""The one tree walk of every recursive command: find, grep -r, du, chmod/chown/chgrp -R,
cp -r, rm -r, ls -R, tree, zip -r, and useradd -m / usermod -u / userdel -r on a home.

`VFS.walk(top, ...)` yields typed `WalkEntry`s in pre-order (lazily: a directory is listed
only when the consumer resumes after it, so `chmod -R u+rx` can open what it just opened
up), post-order (du, find -depth) or both (fts's FTS_D and FTS_DP: cp makes a directory
before its entries and sets its mode after them, rm asks before and removes after).
Permissions are checked as Linux does; a failure is handed to the tool's
`on_error(entry, exc)` so each tool prints its own message:

- a directory that cannot be listed: `on_error(dir, EACCES/ENOTDIR)`;
- `stat_names=True` (fts, as du, chmod and cp use it): listing needs read permission
  only, and without search permission each name fails on its own (`on_error(child,
  EACCES)`); with False (find, grep today) the directory needs both, and fails as a whole;
- `follow=True` (find -L, grep -R, du -L): a symlink is replaced by what it points to,
  resolved by path (search permission on the way); a failure goes to `on_error(link,
  exc)`, a directory that is its own ancestor to `on_error(link, DirectoryLoop)`.
  When `on_error` returns True the entry is still yielded, with `error` set, and never
  descended into.  `loops=True` (zip) skips that ancestor check, as tools without one
  do: the path grows until resolving it fails (ELOOP, ENAMETOOLONG) like any link.

`arrange(parent, entries)`, as fts's compar, gets a directory's entries in directory
order (`ls -U`'s) and returns them in the order (and selection) the tool wants them
yielded (tree -r, --dirsfirst; ls -R descends in its display order); the directory is
read whole before its first entry is yielded.

Symlinks are never followed unless asked; `check()` runs once per entry, so a walk
stays interruptible and within its budget.
"""
from __future__ import annotations

import errno
import stat as st
from collections.abc import Callable, Iterator
from typing import Any

from shelldojo.filesystem.credentials import permits
from shelldojo.filesystem.errors import oserror
from shelldojo.filesystem.scan import Node

_S_IFMT, _S_IFDIR, _S_IFLNK = 0o170000, st.S_IFDIR, st.S_IFLNK


class WalkEntry:
    """One file met by a walk, as `os.DirEntry` names it: `path` is the operand as the user
    typed it joined with the names below it (what tools print), `abspath` the absolute one.
    `node` is the lstat view (the target once a symlink was followed); `mode` its st_mode
    when the walk met it (read once: the file type for the hot loops of every tool)."""

    __slots__ = ("abspath", "depth", "error", "mode", "name", "node", "path", "post", "prune")

    def __init__(self, path: str, abspath: str, name: str, depth: int, node: Node,
                 mode: int | None = None) -> None:
        self.path, self.abspath, self.name, self.depth, self.node = path, abspath, name, depth, node
        self.mode: int = node.st_mode if mode is None else mode
        self.prune = False                 # set in pre-order to skip what is below
        self.post = False                  # order "both": True on a directory's second visit
        self.error: OSError | None = None  # why it was not stat'ed / followed (see on_error)

    def is_dir(self) -> bool:
        return self.mode & _S_IFMT == _S_IFDIR

    def is_symlink(self) -> bool:
        return self.mode & _S_IFMT == _S_IFLNK

    def stat(self) -> Any:
        """A snapshot of `node`'s stat (as `VFS.lstat`, or `VFS.stat` once followed)."""
        return self.node.stat_result.copy()


class DirectoryLoop(OSError):
    """A followed symlink leads back to a directory the walk is inside (`ancestor`)."""

    def __init__(self, path: str, ancestor: WalkEntry) -> None:
        super().__init__(errno.ELOOP, "Too many levels of symbolic links", path)
        self.ancestor = ancestor


OnError = Callable[[WalkEntry, OSError], Any]
Arrange = Callable[[WalkEntry, list[WalkEntry]], list[WalkEntry]]


def _never(entry: WalkEntry, exc: OSError) -> bool:
    return False


def _nothing() -> None:
    return None


class WalkCalls:
    """Mixed into VFS: needs its permission-checked `node` lookup."""

    def node(self, path: str, follow: bool = True) -> Any:  # provided by VFS
        raise NotImplementedError

    def walk(self, top: WalkEntry, *, order: str = "pre", follow: bool = False,
             stat_names: bool = False, tidy: bool = False, maxdepth: int = -1,
             on_error: OnError = _never, check: Callable[[], object] = _nothing,
             keep: Callable[[WalkEntry], bool] | None = None,
             loops: bool = False, arrange: Arrange | None = None) -> Iterator[WalkEntry]:
        """Every file under `top` (which the caller resolved), `top` included.

        order "pre", "post" or "both" (a directory the walk entered is yielded again
        after its entries, with `post` set); names in sorted order unless `arrange`
        orders them; `maxdepth` >= 0 stops descending below that depth; `keep(entry)` False drops an entry before it is yielded or
        entered (du's "already counted"); `tidy` joins shown names as cp and du do
        ("a//" + "b" -> "a/b") instead of as find does ("a//b")."""
        walk = _Walk(self, follow, stat_names, tidy, maxdepth, on_error, check, keep, loops, arrange)
        if order == "post":
            return walk.post(top)
        return walk.pre(top, order == "both")


class _Walk:
    def __init__(self, vfs: WalkCalls, follow: bool, stat_names: bool, tidy: bool, maxdepth: int,
                 on_error: OnError, check: Callable[[], object],
                 keep: Callable[[WalkEntry], bool] | None, loops: bool = False,
                 arrange: Arrange | None = None) -> None:
        self.vfs, self.follow, self.stat_names, self.tidy = vfs, follow, stat_names, tidy
        self.maxdepth, self.on_error, self.check, self.keep = maxdepth, on_error, check, keep
        self.inside: dict[int, WalkEntry] = {}   # id(directory node) -> its entry, on the way down
        self.loops, self.arrange = loops, arrange
        self.unlisted: WalkEntry | None = None   # the last directory that could not be read
        self.listing = self.children if arrange is None else self.arranged

    def descends(self, e: WalkEntry) -> bool:
        return (e.mode & _S_IFMT == _S_IFDIR and not e.prune and e.error is None
                and (self.maxdepth < 0 or e.depth < self.maxdepth))

    def pre(self, top: WalkEntry, both: bool = False) -> Iterator[WalkEntry]:
        self.check()
        yield top
        if not self.descends(top):
            return
        inside, children, maxdepth = self.inside, self.listing, self.maxdepth
        stack = [(top, children(top))]
        inside[id(top.node)] = top
        while stack:
            e = next(stack[-1][1], None)
            if e is None:
                parent = stack.pop()[0]
                inside.pop(id(parent.node), None)  # (entered twice with loops=True)
                if both:
                    parent.post = True
                    yield parent
                continue
            yield e
            # descend (inlined `descends`: the hot loop), reading the directory only now
            if (e.mode & _S_IFMT == _S_IFDIR and not e.prune and e.error is None
                    and (maxdepth < 0 or e.depth < maxdepth)):
                inside[id(e.node)] = e
                stack.append((e, children(e)))

    def post(self, top: WalkEntry) -> Iterator[WalkEntry]:
        self.check()
        if not self.descends(top):
            yield top
            return
        inside, children, descends = self.inside, self.listing, self.descends
        stack = [(top, children(top))]
        inside[id(top.node)] = top
        while stack:
            e = next(stack[-1][1], None)
            if e is None:
                parent = stack.pop()[0]
                inside.pop(id(parent.node), None)
                yield parent
            elif descends(e):
                inside[id(e.node)] = e
                stack.append((e, children(e)))
            else:
                yield e

    def arranged(self, parent: WalkEntry) -> Iterator[WalkEntry]:
        found = list(self.children(parent))
        if self.unlisted is parent:  # could not be read (on_error said so): nothing to arrange
            return iter(())
        return iter(self.arrange(parent, found))  # type: ignore[misc]

    def children(self, parent: WalkEntry) -> Iterator[WalkEntry]:
        """The entries of directory `parent`, sorted by name, each checked and followed."""
        node = parent.node
        sr = node.stat_result  # type: ignore[attr-defined]  # (the node's own fields: no pyfakefs lookup)
        mode, uid, gid = sr.st_mode, sr.st_uid, sr.st_gid
        searchable = True
        if not permits(mode, uid, gid, 4 if self.stat_names else 5):
            self.unlisted = parent
            self.on_error(parent, oserror(errno.EACCES, parent.abspath))
            return
        if self.stat_names:
            searchable = permits(mode, uid, gid, 1)
        entries = node.entries  # type: ignore[attr-defined]
        names = sorted(entries) if self.arrange is None else list(entries)
        path, shown = parent.abspath, parent.path
        base = path + "/" if path != "/" else "/"
        if self.tidy:
            sbase = shown.rstrip("/") + "/"
        else:
            sbase = shown if not shown or shown[-1] == "/" else shown + "/"
        depth = parent.depth + 1
        follow, keep, check, on_error = self.follow, self.keep, self.check, self.on_error
        for name in names:
            check()
            cnode = entries.get(name)
            if cnode is None:  # removed meanwhile (find -delete, rm)
                continue
            cmode = cnode.stat_result.st_mode
            e = WalkEntry(sbase + name, base + name, name, depth, cnode, cmode)
            if not searchable:
                e.error = oserror(errno.EACCES, e.abspath)
                if on_error(e, e.error):
                    yield e
                continue
            if follow and cmode & _S_IFMT == _S_IFLNK:
                try:  # by path: search permission on every directory the link leads through
                    target = self.vfs.node(e.abspath)
                except OSError as exc:
                    e.error = exc
                    if on_error(e, exc):
                        yield e
                    continue
                ancestor = None if self.loops else self.inside.get(id(target))
                if ancestor is not None:
                    e.error = DirectoryLoop(e.abspath, ancestor)
                    if on_error(e, e.error):
                        yield e
                    continue
                e.node, e.mode = target, target.stat_result.st_mode
            if keep is None or keep(e):
                yield e
