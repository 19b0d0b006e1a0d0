"""What rsync prints about each entry (log.c): -v's names, -i's 11-letter change summary
(`YXcstpoguax`), --out-format's escapes, the deletions, and the counts --stats prints.

A mixin of rsync_run.Transfer (its attributes are declared here for the type checker).  One
mechanism serves all three: -v is the format "%n%L", -i is "%i %n%L", --out-format is its own.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shelldojo.filesystem.credentials import current
from shelldojo.shell.commands.net.rsync_engine import Item, Side

if TYPE_CHECKING:
    from shelldojo.shell.commands.net.rsync_run import Options, Stats
    from shelldojo.shell.context import Context

KINDS = ("reg", "dir", "link", "dev", "special")
_KIND_INDEX = {"f": 0, "d": 1, "l": 2, "o": 4}
_KIND_LETTER = {"f": "f", "d": "d", "l": "L", "o": "S"}
_ESCAPE = re.compile(r"%(-?)(\d*)(')?([a-zA-Z])")
# the wire cost of one whole file beyond its data (tokens' headers, its checksum, the index) as
# %b shows it for a local transfer; see rsync.py for the summary's estimate
_FILE_OVERHEAD = 43
_FIELD_MAX = 4095   # an escape's value fits rsync's MAXPATHLEN buffer (the rest is cut)
_LINE_MAX = 5120    # log_formatted()'s line buffer: MAXPATHLEN + 1024
DIR_SIZE = 4096   # a directory's st_size as this machine's ls and stat show it (ext4's block)


class FormatOverflow(Exception):
    """A line of --out-format that rsync's buffer cannot hold: rsync exits with code 13."""

    def __init__(self, message: str, where: str) -> None:
        super().__init__(message)
        self.message, self.where = message, where


@dataclass
class Counts:
    """A --stats count and its breakdown by kind (reg, dir, link, dev, special)."""

    by_kind: list[int] = field(default_factory=lambda: [0] * 5)

    def add(self, kind: str) -> None:
        self.by_kind[_KIND_INDEX.get(kind, 4)] += 1

    def line(self, prefix: str) -> str:
        """rsync's output_itemized_counts(): the kinds that are not zero, in that order."""
        total = sum(self.by_kind)
        parts = [f"{label}: {n:,}" for label, n in zip(KINDS, self.by_kind) if n]
        return f"{prefix}: {total:,}" + (f" ({', '.join(parts)})" if parts else "") + "\n"


@dataclass
class Change:
    """What the receiver found different (rsync's ITEM_REPORT_* bits); `new`: not there."""

    new: bool = False
    checksum: bool = False
    size: bool = False
    time: str = "."      # "t": the time differs and is kept; "T": set to the transfer's time
    perms: bool = False
    owner: bool = False
    group: bool = False

    def significant(self) -> bool:
        return self.new or self.checksum or self.size or self.time != "." or self.perms or self.owner or self.group


def item_flags(update: str, kind: str, ch: Change) -> str:
    """The 11 letters of %i: update type, file type, then c s t p o g u a x."""
    if ch.new:
        return update + _KIND_LETTER.get(kind, "S") + "+" * 9
    rest = ("c" if ch.checksum else ".") + ("s" if ch.size else ".") + ch.time + ("p" if ch.perms else ".") \
        + ("o" if ch.owner else ".") + ("g" if ch.group else ".") + "..."
    if update in ".hc" and rest == "." * 9:
        rest = " " * 9
    return update + _KIND_LETTER.get(kind, "S") + rest


def source_base(path: str) -> str:
    """What %f puts before an entry's name: the operand (a contents copy) or its directory."""
    if path.endswith(("/", "/.")) or path in (".", ""):
        return path.rstrip("/") or "/"
    return path.rstrip("/").rpartition("/")[0]


def perm_string(mode: int) -> str:
    return "".join(c if mode & (1 << (8 - k)) else "-" for k, c in enumerate("rwxrwxrwx"))


class Logging:
    opts: Options
    ctx: Context
    src: Side
    dst: Side
    stats: Stats
    source_base: str

    # the --stats counts (created and deleted by kind; transfers counted even by -n)
    listed_kinds: Counts
    created: Counts
    deleted_kinds: Counts
    xferred: int
    xferred_size: int

    @property
    def log_format(self) -> str | None:
        """--out-format, else what -i or -v print (rsync's stdout_format)."""
        o = self.opts
        if o.out_format is not None:
            return o.out_format
        if o.itemize:
            return "%i %n%L"
        return "%n%L" if o.verbose else None

    @property
    def has_i(self) -> int:
        """stdout_format_has_i: 0 without %i; 2 (-ii) also lists unchanged entries."""
        fmt = self.log_format
        return max(self.opts.itemize, 1) if fmt is not None and "%i" in fmt else 0

    def names(self, text: str) -> None:
        """Lines at -v's name level, which -i (or %i in --out-format) switches on too."""
        if (self.opts.verbose or self.has_i) and not self.opts.quiet:
            self.ctx.out(text)

    def change(self, item: Item, got: Item | None, transfer: bool, local_change: bool = False) -> Change:
        """itemize()'s comparison of the sender's entry with the receiver's `got`."""
        if got is None:
            return Change(new=True)
        o = self.opts
        keep_time = o.times and not (item.kind == "d" and o.omit_dir_times)
        ch = Change()
        ch.size = item.kind == "f" and got.kind == "f" and item.size != got.size
        if ((transfer or local_change) and not keep_time) or (keep_time and int(got.mtime) != int(item.mtime)):
            ch.time = "t" if keep_time else "T"
        ch.perms = o.perms and item.mode != got.mode
        if o.owner or o.group:
            with self.dst.enter():
                root = current().is_root
            ch.owner = o.owner and root and item.uid != got.uid
            ch.group = o.group and root and item.gid != got.gid
        return ch

    def log_item(self, item: Item, update: str, ch: Change, *, transferred: bool = False,
                 listed: bool = False) -> None:
        """One entry's line: always for what is sent or made; with %i also for entries whose
        attributes differ (every entry with -ii)."""
        fmt = self.log_format
        if fmt is None or self.opts.quiet:
            return
        shown = transferred or ch.new or listed
        if not shown and not (self.has_i and (ch.significant() or self.has_i > 1)):
            return
        if update == ">" and self.dst.remote:
            update = "<"
        nbytes = item.size + _FILE_OVERHEAD if transferred and not self.opts.dry_run else 0
        self.ctx.out(self.format(fmt, item, item_flags(update, item.kind, ch), "recv" if self.src.remote else "send",
                                 nbytes) + "\n")

    def log_delete(self, rel: str, got: Item) -> None:
        """A deletion: through the format when it shows %i or %o, else "deleting NAME"."""
        self.deleted_kinds.add(got.kind)
        fmt = self.log_format
        if self.opts.quiet or (fmt is None and not self.opts.verbose):
            return
        gone = Item(rel, "", got.kind, got.mode, 0, got.mtime, got.atime, "", got.uid, got.gid)
        if fmt is not None and ("%i" in fmt or "%o" in fmt):
            self.ctx.out(self.format(fmt, gone, "*deleting  ", "del.", 0, link=False) + "\n")
        else:
            self.ctx.out(f"deleting {rel}{'/' if got.kind == 'd' else ''}\n")

    def format(self, fmt: str, item: Item, flags: str, op: str, nbytes: int, link: bool = True) -> str:
        """log_formatted(): %n %L %i %l %f %o %b %B %M %U %G, with a width ('-': to the left)
        and "'" for digits in groups; anything else stays as typed."""
        if len(fmt) >= _LINE_MAX:
            raise FormatOverflow("log-format string is WAY too long!", "log.c(521)")
        name = ("./" if item.rel == "." else f"{item.rel}/") if item.kind == "d" else item.rel
        length = DIR_SIZE if item.kind == "d" and item.src else item.size if item.kind != "l" else len(item.target)

        def one(m: re.Match[str]) -> str:
            left, width, commas, letter = m.groups()
            value: str | int
            if letter == "n":
                value = name
            elif letter == "L":
                value = f" -> {item.target}" if link and item.kind == "l" else ""
            elif letter == "i":
                value = flags
            elif letter == "l":
                value = length
            elif letter == "b":
                value = nbytes
            elif letter == "o":
                value = op
            elif letter == "f":
                value = self.full_name(item)
            elif letter == "B":
                value = perm_string(item.mode)
            elif letter == "M":
                value = time.strftime("%Y/%m/%d-%H:%M:%S", time.localtime(item.mtime))
            elif letter == "U":
                value = item.uid if self.opts.owner else 0
            elif letter == "G":
                value = item.gid if self.opts.group else "DEFAULT"
            else:
                return m.group(0)
            text = f"{value:,}" if commas and isinstance(value, int) else str(value)
            size = min(int(width or 0), _FIELD_MAX)
            text = (text.ljust(size) if left else text.rjust(size))[:_FIELD_MAX]
            total[0] += len(text) - len(m.group(0))
            if total[0] >= _LINE_MAX:
                raise FormatOverflow(f"buffer overflow expanding %{letter} -- exiting", "log.c(772)")
            return text
        total = [len(fmt)]
        return _ESCAPE.sub(one, fmt)

    def full_name(self, item: Item) -> str:
        """%f: the sender's path of the entry, without a leading '/' (the root of a
        contents copy shows as "DIR/.")."""
        base = self.source_base
        path = item.rel if not base else f"{base}/{item.rel}"
        return path.lstrip("/") or "."

    def stats_block(self, human: Callable[[int, int], str]) -> str:
        """--stats's lines before the summary (File list size and the times as a quick local
        transfer prints them: its flist goes by no wire); `human` is rsync_run.human."""
        level = self.opts.human
        return ("\n" + self.listed_kinds.line("Number of files") + self.created.line("Number of created files")
                + self.deleted_kinds.line("Number of deleted files")
                + f"Number of regular files transferred: {self.xferred:,}\n"
                f"Total file size: {human(self.stats.total_size, level)} bytes\n"
                f"Total transferred file size: {human(self.xferred_size, level)} bytes\n"
                f"Literal data: {human(0 if self.opts.dry_run else self.xferred_size, level)} bytes\n"
                "Matched data: 0 bytes\nFile list size: 0\n"
                "File list generation time: 0.001 seconds\nFile list transfer time: 0.000 seconds\n")

