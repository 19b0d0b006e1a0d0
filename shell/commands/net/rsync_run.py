"""rsync's transfer between two sides: the file list, the receiver's quick check (size and
modification time), its creations, updates and --delete, and the lines -v and --progress print.

The order is rsync 3.2.7's incremental recursion: a directory, then its files (names sorted
bytewise), then each subdirectory with what it holds.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.net.rsync_engine import Item, Side
from shelldojo.shell.commands.net.rsync_filter import Filters
from shelldojo.shell.commands.net.rsync_log import Change, Counts, Logging
from shelldojo.shell.commands.net.rsync_prune import Pruning
from shelldojo.shell.commands.net.rsync_prune import join as _join
from shelldojo.shell.context import Context

VERSION = "3.2.7"


@dataclass
class Options:
    verbose: int = 0
    quiet: bool = False
    recursive: bool = False
    links: bool = False
    perms: bool = False
    times: bool = False
    group: bool = False
    owner: bool = False
    devices: bool = False
    dry_run: bool = False
    delete: bool = False
    progress: bool = False
    human: int = 1
    checksum: bool = False
    update: bool = False
    ignore_existing: bool = False
    existing: bool = False
    mkpath: bool = False
    size_only: bool = False
    ignore_times: bool = False
    omit_dir_times: bool = False
    delete_excluded: bool = False
    modify_window: int = 0
    max_size: int | None = None
    min_size: int | None = None
    itemize: int = 0                 # -i (-ii: unchanged entries too)
    out_format: str | None = None
    stats: bool = False
    filters: Filters = field(default_factory=Filters)


@dataclass
class Stats:
    """What the summary lines count (see rsync.py's estimate of the protocol's bytes)."""

    listed: int = 0          # entries of the file list
    name_bytes: int = 0
    transferred: int = 0     # files whose data went over
    data: int = 0
    total_size: int = 0
    deleted: int = 0
    errors: int = 0          # "some files/attrs were not transferred" (23)
    fatal: tuple[int, str] | None = None   # (code, rsync error trailer) that stops the run
    xfr: int = 0
    to_check: int = 0
    total_entries: int = 0


@dataclass
class Transfer(Pruning, Logging):
    ctx: Context
    opts: Options
    src: Side
    dst: Side
    stats: Stats = field(default_factory=Stats)
    made_dest: str | None = None   # the destination directory rsync made ("created directory")
    source_base: str = ""          # what %f shows before the names of the list being sent
    listed_kinds: Counts = field(default_factory=Counts)
    created: Counts = field(default_factory=Counts)
    deleted_kinds: Counts = field(default_factory=Counts)
    xferred: int = 0               # files sent (-n too) and their bytes, for --stats
    xferred_size: int = 0

    def info(self, text: str) -> None:
        if self.opts.verbose and not self.opts.quiet:
            self.ctx.out(text)

    def note(self, text: str) -> None:
        """Messages rsync prints without -v (skipping ...), silenced by -q."""
        if not self.opts.quiet:
            self.ctx.out(text)

    def error(self, role: str, text: str) -> None:
        self.stats.errors += 1
        self.ctx.err(f"rsync: [{role}] {text}\n")

    # -- the sender's list -------------------------------------------------------------------
    def file_list(self, arg: str, path: str) -> list[Item]:
        """The items one source operand sends (an error printed and [] when it is missing)."""
        contents = arg.endswith(("/", "/.")) or arg == "."
        try:
            top = self.src.lstat(path, follow=contents or not self.opts.links)
        except OSError as exc:
            self.error("sender", f'link_stat "{self.src.abspath(path.rstrip("/") or "/")}" failed: '
                                 f'{strerror(exc)} ({exc.errno})')
            return []
        name = "." if contents else posixpath.basename(path.rstrip("/")) or "/"
        top.rel = name
        if top.kind != "d":
            return [top]
        if not self.opts.recursive:
            self.note(f"skipping directory {name}\n")
            return []

        def unreadable(shown: str, exc: OSError) -> None:
            self.error("sender", f'opendir "{self.src.abspath(shown)}" failed: {strerror(exc)} ({exc.errno})')

        items = self.keep(self.src.tree(path, name, self.ctx, unreadable))
        return _incremental_order(items) if items else []

    # -- the receiver ------------------------------------------------------------------------
    def run(self, items: list[Item], dest: str, dest_is_file: bool) -> None:
        self.stats.total_entries += len(items)
        self.stats.to_check = self.stats.total_entries
        for item in items:
            self.ctx.check()
            self.stats.to_check -= 1
            self.stats.listed += 1
            self.stats.name_bytes += len(item.rel)
            self.listed_kinds.add(item.kind)
            if item.kind in ("f", "l"):
                self.stats.total_size += item.size if item.kind == "f" else len(item.target)
            target = dest if dest_is_file else _join(dest, item.rel)
            if item.kind == "d":
                self.receive_dir(item, target)
            elif item.kind == "f":
                self.receive_file(item, target)
            elif item.kind == "l" and self.opts.links:
                self.receive_link(item, target)
            else:
                self.note(f'skipping non-regular file "{item.rel}"\n')
        if not self.opts.dry_run:
            for item in reversed(items):   # directories' modes and times once they are filled
                if item.kind == "d":
                    self.finish_dir(item, dest if dest_is_file else _join(dest, item.rel))

    def receive_dir(self, item: Item, target: str) -> None:
        """Deletions inside it come first; the directory is listed when it is new (the root
        too, when rsync just made the destination) or, with -t, when its time differs."""
        got = self.dst.stat_or_none(target)
        if got is not None and got.kind != "d":
            self.delete_path(target, item.rel, got)
            got = None
        if got is None:
            self.created.add("d")
            self.log_item(item, "c", Change(new=True))
            if not self.opts.dry_run:
                try:
                    self.dst.make_dir(target, item.mode | 0o700)
                    self._made.add(target)
                except OSError as exc:
                    self.error("generator", f'recv_generator: mkdir "{self.dst.abspath(target)}" failed: '
                                           f'{strerror(exc)} ({exc.errno})')
            return
        if self.opts.delete and self.opts.recursive:
            # compared with the times from before the deletion, as rsync does (it sets the
            # directory's times at the end anyway)
            self.delete_extraneous(item, target)
        fresh = item.rel == "." and self.made_dest is not None
        if fresh:
            self._made.add(target)
        if fresh:
            self.created.add("d")
            self.log_item(item, "c", Change(new=True))
            return
        ch = self.change(item, got, transfer=False)
        times = self.opts.times and not self.opts.omit_dir_times
        differs = times and not self.same_time(got, item)   # -v lists it too (the window applies)
        ch.time = "t" if differs else "."
        self.log_item(item, ".", ch, listed=differs)

    def finish_dir(self, item: Item, target: str) -> None:
        self.owners(item, target)
        try:
            if self.opts.perms:
                self.dst.set_meta(target, mode=item.mode)
            elif target in self._made:   # made u+rwx to be filled: the source's mode less the umask
                self.dst.set_meta(target, mode=item.mode & ~self.umask() & 0o7777)
            if self.opts.times and not self.opts.omit_dir_times:
                self.dst.set_meta(target, times=(item.atime, item.mtime))
        except OSError:
            pass

    def umask(self) -> int:
        with self.dst.enter():
            return self.dst.vfs.umask

    def receive_file(self, item: Item, target: str) -> None:
        got = self.dst.stat_or_none(target)
        if got is not None and got.kind == "d":
            if not self.make_way(item, target):
                return
            got = None
        if got is not None and (self.opts.ignore_existing or self.unchanged(item, got, target)):
            # skipped by -u (newer there) or --ignore-existing: left as it is, unlisted
            newer = self.opts.update and int(got.mtime) > int(item.mtime)
            if got.kind == "f" and not self.opts.ignore_existing and not newer:
                self.log_item(item, ".", self.change(item, got, transfer=False))
                if not self.opts.dry_run:
                    self.attrs(item, target)
            return
        if got is None and self.opts.existing:
            return
        if (self.opts.max_size is not None and item.size > self.opts.max_size) or \
                (self.opts.min_size is not None and item.size < self.opts.min_size):
            return
        ch = self.change(item, got if got is not None and got.kind == "f" else None, transfer=True)
        ch.checksum = self.opts.checksum and got is not None and not ch.new and not ch.size
        if ch.new:
            self.created.add("f")
        self.xferred += 1
        self.xferred_size += item.size
        self.log_item(item, ">", ch, transferred=True)
        if self.opts.dry_run:
            return
        try:
            data = self.src.read(item)
        except OSError as exc:
            self.error("sender", f'send_files failed to open "{item.src}": {strerror(exc)} ({exc.errno})')
            return
        try:
            if got is not None and got.kind == "l":
                self.dst.remove(target)
            self.dst.write_file(target, data, new_mode=item.mode, mode=item.mode if self.opts.perms else None,
                                times=(item.atime, item.mtime) if self.opts.times else None)
        except OSError as exc:
            self.error("receiver", f'mkstemp "{_temp_name(self.dst.abspath(target))}" failed: '
                                   f'{strerror(exc)} ({exc.errno})')
            return
        self.owners(item, target)
        self.stats.transferred += 1
        self.stats.data += item.size
        self.stats.xfr += 1
        if self.opts.progress and not self.opts.quiet:
            self.ctx.out(progress_line(item.size, self.stats.xfr, self.stats.to_check,
                                       self.stats.total_entries, self.opts.human))

    def make_way(self, item: Item, target: str) -> bool:
        """A directory where a file comes: removed when empty (or emptied by --delete, which
        lists what goes), else it stays and the file is not sent."""
        try:
            if self.opts.delete and self.opts.recursive:
                whole = self._delete_contents(target, item.rel, quiet=False)
            else:
                whole = not self.dst.listdir(target)
            if whole and not self.opts.dry_run:
                self.dst.remove(target)
        except OSError:
            whole = False
        if not whole:
            self.stats.errors += 1
            self.ctx.err(f"could not make way for new regular file: {item.rel}\n")
            self.note(f"cannot delete non-empty directory: {item.rel}\n")
        return whole

    def unchanged(self, item: Item, got: Item, target: str) -> bool:
        """The quick check: same size and modification time (whole seconds, within
        --modify-window); --size-only: size alone; -I: never; -c: same contents."""
        if self.opts.update and int(got.mtime) > int(item.mtime):   # newer there: kept
            return True
        if got.kind != "f" or got.size != item.size:
            return False
        if self.opts.ignore_times:
            return False
        if self.opts.checksum:
            try:
                return self.src.read(item) == self.dst.read(Item("", self.dst.abspath(target), "f", 0, 0, 0, 0))
            except OSError:
                return False
        return self.opts.size_only or self.same_time(got, item)

    def same_time(self, got: Item, item: Item) -> bool:
        """rsync 3.2's same_mtime(): whole seconds within --modify-window (a negative window:
        to the nanosecond)."""
        window = self.opts.modify_window
        if window < 0:
            return got.mtime == item.mtime
        return abs(int(got.mtime) - int(item.mtime)) <= window

    def owners(self, item: Item, target: str) -> None:
        if self.opts.owner or self.opts.group:
            try:
                got = self.dst.lstat(target)
                self.dst.give(target, item.uid if self.opts.owner else got.uid,
                              item.gid if self.opts.group else got.gid)
            except OSError:
                pass

    def attrs(self, item: Item, target: str) -> None:
        self.owners(item, target)
        try:
            if self.opts.perms:
                self.dst.set_meta(target, mode=item.mode)
            if self.opts.times:
                self.dst.set_meta(target, times=(item.atime, item.mtime))
        except OSError:
            pass

    def receive_link(self, item: Item, target: str) -> None:
        got = self.dst.stat_or_none(target)
        same = got is not None and got.kind == "l"
        if same and got is not None and got.target == item.target:
            self.log_item(item, ".", self.change(item, got, transfer=False))
            if not self.opts.dry_run:
                self.link_time(item, target)
            return
        ch = self.change(item, got if same else None, transfer=False, local_change=True)
        ch.checksum = not ch.new
        if ch.new:
            self.created.add("l")
        self.log_item(item, "c", ch, listed=True)
        if self.opts.dry_run:
            return
        try:
            if got is not None:
                self.delete_path(target, item.rel, got, quiet=True)
            self.dst.symlink(item.target, target)
            self.owners(item, target)
            self.link_time(item, target)
        except OSError as exc:
            self.error("receiver", f'symlink "{self.dst.abspath(target)}" -> "{item.target}" failed: '
                                   f'{strerror(exc)} ({exc.errno})')

    def link_time(self, item: Item, target: str) -> None:
        """-t keeps a symlink's own time too (lutimes), as Linux's rsync does."""
        if self.opts.times:
            try:
                self.dst.set_meta(target, times=(item.atime, item.mtime), follow=False)
            except OSError:
                pass

    # set by prepare(): what the sender lists under each directory, and directories made
    _children: dict[str, set[str]] = field(default_factory=dict)
    _made: set[str] = field(default_factory=set)

    def prepare(self, items: list[Item]) -> None:
        for item in items:
            if item.rel != "." and item is not items[0]:
                parent, _, name = item.rel.rpartition("/")
                self._children.setdefault(parent or ".", set()).add(name)


def _temp_name(path: str) -> str:
    """The receiver's temporary file beside `path` (.NAME.XXXXXX: mkstemp's six letters, fixed
    here from the name so that runs repeat)."""
    import hashlib

    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    digest = hashlib.sha256(path.encode("utf-8", "surrogateescape")).digest()
    head, _, name = path.rpartition("/")
    return f"{head}/.{name}." + "".join(letters[b % len(letters)] for b in digest[:6])


def _incremental_order(items: list[Item]) -> list[Item]:
    """Pre-order (sorted) -> rsync's order: a directory, its non-directories, then each
    subdirectory in turn."""
    children: dict[str, list[Item]] = {}
    for item in items[1:]:
        parent = item.rel.rpartition("/")[0] if "/" in item.rel else ""
        children.setdefault(parent, []).append(item)
    out: list[Item] = []

    def emit(directory: Item) -> None:
        out.append(directory)
        below = children.get(directory.rel if directory.rel != "." else "", [])
        out.extend(i for i in below if not i.is_dir)
        for sub in below:
            if sub.is_dir:
                emit(sub)

    emit(items[0])
    return out


def human(n: float, level: int, decimals: bool = False) -> str:
    """rsync's human_num (level 1: digits in groups of 3; 2: units of 1000; 3: of 1024)."""
    if level >= 2 and n >= 1000:
        mult = 1024 if level >= 3 else 1000
        for unit in "KMGTP":
            n /= mult
            if n < mult:
                break
        return f"{n:.2f}{unit}"
    if decimals:
        whole, frac = f"{n:.2f}".split(".")
        return f"{int(whole):,}.{frac}"
    return f"{int(n):,}"


def progress_line(size: int, xfr: int, left: int, total: int, level: int) -> str:
    """--progress's two refreshes of a finished file (a deterministic 1 ms per file)."""
    num = human(size, level)
    rate = size / 1024 / 0.001
    units = "kB/s"
    if rate >= 1024:
        rate, units = rate / 1024, "MB/s"
    if rate >= 1024:
        rate, units = rate / 1024, "GB/s"
    return (f"\r{num:>15} 100%    0.00kB/s    0:00:00  "
            f"\r{num:>15} 100% {rate:7.2f}{units}    0:00:00 (xfr#{xfr}, to-chk={left}/{total})\n")
