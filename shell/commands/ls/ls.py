"""ls, as GNU coreutils 9.1 prints it (one per line to a pipe, columns and colors on a terminal)."""
from __future__ import annotations

import errno
import posixpath
import stat as st
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shelldojo.filesystem import accounts, strerror
from shelldojo.filesystem.vfs import WalkEntry
from shelldojo.shell.commands.files.make_remove import lstat
from shelldojo.shell.commands.files.perms import mode_string
from shelldojo.shell.commands.ls.format import (
    SIX_MONTHS,
    color_code,
    columns,
    full_time,
    ls_time,
    parse_ls_colors,
)
from shelldojo.shell.commands.ls.names import VARIABLE_QUOTES, quote_name, version_key
from shelldojo.shell.commands.ls.opts import Opts, parse_opts
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.sizes import human_size
from shelldojo.shell.commands.system.date_format import strftime
from shelldojo.shell.context import Context, squote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("ls", short="abcdfghiklmnopqrstuvw:xABCDFGHI:LNQRST:UXZ1", long=[
    "all", "almost-all", "author", "escape", "block-size=", "ignore-backups", "color=?", "directory", "dired",
    "classify=?", "file-type", "format=", "full-time", "group-directories-first", "no-group",
    "human-readable", "si", "dereference-command-line", "dereference-command-line-symlink-to-dir",
    "hide=", "hyperlink=?", "indicator-style=", "inode", "ignore=", "kibibytes", "dereference",
    "numeric-uid-gid", "literal", "hide-control-chars", "show-control-chars", "quote-name",
    "quoting-style=", "reverse", "recursive", "size", "sort=", "time=", "time-style=", "tabsize=",
    "width=", "context", "zero"], help=verbatim("ls/ls_help"), usage_status=2)



@dataclass
class Entry:
    name: str           # as shown (operand text or entry name)
    path: str           # absolute
    st: Any             # lstat (or stat when followed)
    target: Any = None  # stat of a symlink's target (None when dangling)
    link: str = ""      # symlink target text


class Lister:
    def __init__(self, ctx: Context, o: Opts) -> None:
        self.ctx, self.o, self.status = ctx, o, 0
        self.now = time.time()
        self.kinds, self.exts = parse_ls_colors(ctx.env.get("LS_COLORS"))
        self.color_targets = "LS_COLORS" in ctx.env
        self.started_color = False
        self.first_block = True
        self.header = False   # ls -R: the operand being walked gets a "dir:" line

    # -- gathering -------------------------------------------------------------
    def entry(self, name: str, path: str, cmdline: bool, s: Any = None) -> Entry:
        """`s`: the lstat already read (by the walk), else looked up by path."""
        vfs = self.ctx.vfs
        if s is None:
            s = lstat(self.ctx, path)
        e = Entry(name, path, s)
        if st.S_ISLNK(s.st_mode):
            try:
                e.link = vfs.readlink(path)
            except OSError:
                pass
            try:
                e.target = vfs.stat(path)
            except OSError as exc:
                e.target = None
                # a link operand ls would follow (or any with -L) that cannot be stat'ed for a reason
                # other than dangling is not listed, as GNU's stat-then-lstat-on-ENOENT does
                if cmdline and (self.o.deref or exc.errno != errno.ENOENT and not self.o.directory
                                and not self.o.long and self.o.classify != "F"):
                    raise
            follow = self.o.deref or (cmdline and not self.o.directory and not self.o.long
                                      and self.o.classify != "F" and e.target is not None
                                      and st.S_ISDIR(e.target.st_mode))
            if cmdline and (self.o.deref or follow) and e.target is not None or self.o.deref and e.target is not None:
                e.st, e.target, e.link = e.target, None, ""
        return e

    def sort(self, entries: list[Entry]) -> list[Entry]:
        o = self.o
        if o.sort == "none":
            out = list(entries)
        else:
            out = sorted(entries, key=lambda e: e.name.encode("utf-8", "surrogateescape"))
            if o.sort == "time":
                out.sort(key=lambda e: -getattr(e.st, f"st_{o.time_field}"))
            elif o.sort == "size":
                out.sort(key=lambda e: -e.st.st_size)
            elif o.sort == "version":
                out.sort(key=lambda e: version_key(e.name))
            elif o.sort == "ext":
                out.sort(key=lambda e: e.name.rpartition(".")[2] if "." in e.name.lstrip(".") else "")
            if o.reverse:
                out.reverse()
        if o.group_dirs:
            out.sort(key=lambda e: not st.S_ISDIR((e.target or e.st).st_mode))
        return out

    # -- running ---------------------------------------------------------------
    def run(self, operands: list[str]) -> int:
        ctx, o = self.ctx, self.o
        files: list[Entry] = []
        dirs: list[Entry] = []
        for op in operands:
            try:
                e = self.entry(op, ctx.abspath(op), True)
            except OSError as exc:
                ctx.error(f"cannot access {squote(op)}: {strerror(exc)}")
                self.status = 2
                continue
            if st.S_ISDIR(e.st.st_mode) and not o.directory:
                dirs.append(e)
            else:
                files.append(e)
        if files:
            self.show(self.sort(files))
            self.first_block = False
        header = len(operands) > 1 or o.recursive
        for d in self.sort(dirs):
            self.list_dir(d.name, d.path, header, top=True)
        return self.status

    def list_dir(self, shown: str, path: str, header: bool, top: bool) -> None:
        """List directory `path` (shown as `shown`); with -R, the VFS walk lists those below
        it in the order they are shown (its arrange step is where each block is printed)."""
        ctx = self.ctx
        ctx.check()
        try:
            if not self.o.recursive:  # one directory: its names, each stat'ed by path
                names = ctx.vfs.listdir(path)
                self.block(shown, path, lambda: ctx.vfs.stat(path), [(n, None) for n in names], header)
                return
            node = ctx.vfs.node(path)
        except OSError as exc:
            ctx.error(f"cannot open directory {squote(shown)}: {strerror(exc)}")
            self.status = 2 if top else max(self.status, 1)
            return
        self.header = header
        for _ in ctx.vfs.walk(WalkEntry(shown, path.rstrip("/") or "/", "", 0, node), stat_names=True,
                              follow=self.o.deref, loops=True, on_error=self.unlisted, check=ctx.check,
                              arrange=self.arrange):
            pass

    def unlisted(self, e: WalkEntry, exc: OSError) -> bool:
        if e.error is not None:
            return True  # a name that cannot be stat'ed: its block says so, in its place
        self.ctx.error(f"cannot open directory {squote(e.path)}: {strerror(exc)}")
        self.status = 2 if e.depth == 0 else max(self.status, 1)
        return False

    def arrange(self, d: WalkEntry, found: list[WalkEntry]) -> list[WalkEntry]:
        """ls -R: print the block of `d`; its subdirectories to list next, in shown order."""
        deref = self.o.deref  # (-L: the walk holds the target; ls wants the link's lstat first)
        shown = self.block(d.path, d.abspath, d.stat, [
            (w.name, None if deref or w.error else w.stat()) for w in found], self.header or d.depth > 0)
        below = {w.name: w for w in found}
        return [below[e.name] for e in shown
                if e.name in below and st.S_ISDIR(e.st.st_mode) and not e.link]

    def block(self, shown: str, path: str, here: Callable[[], Any], found: list[tuple[str, Any]],
              header: bool) -> list[Entry]:
        """Print one directory's block from its (name, lstat or None) in directory order;
        the entries as shown."""
        ctx, o = self.ctx, self.o
        if not self.first_block:
            ctx.out("\n")
        self.first_block = False
        if header:
            ctx.out(f"{self.quote(shown)}:\n")
        if not (o.all or o.almost):
            found = [f for f in found if not f[0].startswith(".")]
        entries = []
        for n, lst in found:
            try:
                entries.append(self.entry(n, posixpath.join(path, n), False, lst))
                if o.deref and entries[-1].target is None and st.S_ISLNK(entries[-1].st.st_mode) and (
                        o.long or o.recursive or o.classify or o.size_blocks or o.sort in ("time", "size")):
                    ctx.vfs.stat(posixpath.join(path, n))  # -L: say why the link cannot be followed
            except OSError as exc:
                ctx.error(f"cannot access {squote(posixpath.join(shown, n))}: {strerror(exc)}")
                self.status = max(self.status, 1)
        if o.all:
            parent = posixpath.join(path, "..")  # resolved as the kernel does: /bin/.. is /usr
            entries.append(Entry(".", path, here()))
            entries.append(Entry("..", parent, ctx.vfs.stat(parent)))
        entries = self.sort(entries)
        if o.long or o.size_blocks:
            total = sum(_blocks(e.st) for e in entries)
            ctx.out(f"total {human_size(total * 1024, o.human) if o.human else total}\n")
        self.show(entries)
        return entries

    # -- output ----------------------------------------------------------------
    def quote(self, name: str) -> str:
        return quote_name(name, self.o.quoting, self.o.qmark)

    def indicator(self, e: Entry) -> str:
        c = self.o.classify
        if not c:
            return ""
        mode = e.st.st_mode
        if st.S_ISDIR(mode):
            return "/"
        if c == "p":
            return ""
        if st.S_ISLNK(mode):
            return "" if self.o.long else "@"
        if st.S_ISFIFO(mode):
            return "|"
        if st.S_ISSOCK(mode):
            return "="
        if c == "F" and st.S_ISREG(mode) and mode & 0o111:
            return "*"
        return ""

    def paint(self, text: str, code: str) -> str:
        if not self.o.color or not code:
            return text
        prefix = "" if self.started_color else "\x1b[0m"
        self.started_color = True
        return f"{prefix}\x1b[{code}m{text}\x1b[0m"

    def name_of(self, e: Entry) -> tuple[str, int]:
        """The displayed name (colored, with indicator) and its width."""
        q = self.quote(e.name)
        code = color_code(e.name, e.st.st_mode, self.kinds, self.exts,
                          broken=bool(e.link) and e.target is None, nlink=e.st.st_nlink) if self.o.color else ""
        ind = self.indicator(e)
        return self.paint(q, code) + ind, len(q) + len(ind)

    def show(self, entries: list[Entry]) -> None:
        o, ctx = self.o, self.ctx
        if not entries:
            return
        if o.long:
            self.show_long(entries)
            return
        prefixes = [self.prefix(e) for e in entries]
        pw = max((len(p) for p in prefixes), default=0)
        quoted_any = o.fmt in ("cols", "across") and o.quoting in VARIABLE_QUOTES and any(
            self.quote(e.name) != e.name for e in entries)
        shown = []
        for e, p in zip(entries, prefixes, strict=True):
            text, w = self.name_of(e)
            lead = " " if quoted_any and self.quote(e.name) == e.name else ""
            pre = (p.rjust(pw) + " ") if p else ""
            shown.append((pre + lead + text, len(pre) + len(lead) + w))
        if o.fmt == "one":
            ctx.out("".join(t + "\n" for t, _ in shown))
        elif o.fmt == "commas":
            self.show_commas(shown)
        else:
            ctx.out(columns([t for t, _ in shown], [w for _, w in shown], o.width,
                            tabs=not o.color, across=o.fmt == "across"))

    def show_commas(self, shown: list[tuple[str, int]]) -> None:
        out, pos = [], 0
        for i, (t, w) in enumerate(shown):
            sep = "," if i < len(shown) - 1 else ""
            if i and pos + 1 + w + len(sep) > self.o.width:
                out.append("\n")
                pos = 0
            elif i:
                out.append(" ")
                pos += 1
            out.append(t + sep)
            pos += w + len(sep)
        self.ctx.out("".join(out) + "\n")

    def prefix(self, e: Entry) -> str:
        parts = []
        if self.o.inode:
            parts.append(str(e.st.st_ino))
        if self.o.size_blocks:
            b = _blocks(e.st)
            parts.append(human_size(b * 1024, self.o.human) if self.o.human else str(b))
        return " ".join(parts)

    def when(self, t: float) -> str:
        style = self.o.time_style
        if style == "locale":
            return ls_time(t, self.now)
        if style == "full-iso":
            return full_time(t)
        recent = self.now - SIX_MONTHS < t <= self.now + 1
        if style == "long-iso":
            fmt = "%Y-%m-%d %H:%M"
        elif style == "iso":
            fmt = "%m-%d %H:%M" if recent else "%Y-%m-%d "
        else:
            old, _, new = style[1:].partition("\n")
            fmt = new if new and recent else old
        return strftime(fmt, t)

    def show_long(self, entries: list[Entry]) -> None:
        o, vfs = self.o, self.ctx.vfs
        rows = []
        for e in entries:
            s = e.st
            size = _size(s)
            cols = []
            if o.inode:
                cols.append(str(s.st_ino))
            if o.size_blocks:
                cols.append(human_size(_blocks(s) * 1024, o.human) if o.human else str(_blocks(s)))
            cols.append(mode_string(s.st_mode))
            cols.append(str(_nlink(self.ctx, e)))
            if o.show_owner:
                cols.append(str(s.st_uid) if o.numeric else accounts.user_name(vfs, s.st_uid))
            if o.show_group:
                cols.append(str(s.st_gid) if o.numeric else accounts.group_name(vfs, s.st_gid))
            cols.append(human_size(size, o.human) if o.human else str(size))
            rows.append(cols)
        ncols = len(rows[0])
        widths = [max(len(r[i]) for r in rows) for i in range(ncols)]
        mode_idx = int(o.inode) + int(o.size_blocks)
        left = {mode_idx + 2, mode_idx + 3} & set(range(mode_idx + 2, ncols - 1))
        out = []
        for e, cols in zip(entries, rows, strict=True):
            cells = [c.ljust(widths[i]) if i in left or i == mode_idx else c.rjust(widths[i])
                     for i, c in enumerate(cols)]
            t = getattr(e.st, f"st_{o.time_field}")
            when = self.when(t)
            name, _ = self.name_of(e)
            if e.link:
                target = self.quote(e.link)
                if self.color_targets and o.color:
                    code = color_code(e.link, e.target.st_mode, self.kinds, self.exts) if e.target else \
                        self.kinds.get("or") or self.kinds.get("ln", "")
                    target = self.paint(target, code)
                if e.target is not None and o.classify == "F":
                    target += Lister.indicator(self, Entry(e.link, e.path, e.target))
                name += " -> " + target
            out.append(" ".join(cells) + f" {when} {name}\n")
        self.ctx.out("".join(out))


def _size(s: Any) -> int:
    if st.S_ISDIR(s.st_mode):
        return 4096
    return s.st_size


def _blocks(s: Any) -> int:
    """1K blocks as ext4 allocates them: whole 4K blocks; fast symlinks take none."""
    if st.S_ISLNK(s.st_mode):
        return 0
    return (_size(s) + 4095) // 4096 * 4


def _nlink(ctx: Context, e: Entry) -> int:
    s = e.st
    if not st.S_ISDIR(s.st_mode):
        return s.st_nlink
    try:
        return ctx.vfs.nlink(ctx.vfs.node(e.path))
    except OSError:
        return 2


@command("ls", family="navigation")
def ls(ctx: Context, argv: list[str]) -> int:
    parsed = SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    o = parse_opts(ctx, parsed)
    if isinstance(o, int):
        return o
    return Lister(ctx, o).run(parsed.operands or ["."])
