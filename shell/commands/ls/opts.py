"""ls option handling: the Opts record and GNU ls's reading of its options (argmatch too)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shelldojo.shell.commands.ls.names import STYLES
from shelldojo.shell.context import Context, cquote


@dataclass
class Opts:
    all: bool = False
    almost: bool = False
    long: bool = False
    fmt: str = "one"          # one, cols, across, commas, long
    recursive: bool = False
    directory: bool = False
    classify: str = ""        # "", "F" (all indicators), "p" (slash only), "file-type"
    reverse: bool = False
    sort: str = "name"        # name, time, size, ext, none, version
    time_field: str = "mtime"
    human: int = 0            # 0, 1024, 1000
    inode: bool = False
    numeric: bool = False
    show_owner: bool = True
    show_group: bool = True
    size_blocks: bool = False
    full_time: bool = False
    deref: bool = False
    color: bool = False
    tty: bool = False
    width: int = 80
    group_dirs: bool = False
    quoting: str = "literal"
    time_style: str = "locale"  # or full-iso, long-iso, iso, +FORMAT
    qmark: bool = False       # show unprintable characters as '?'


# argmatch tables: argument -> value, in GNU's order (groups share a value).
_WHEN = {"always": "always", "yes": "always", "force": "always", "never": "never", "no": "never",
         "none": "never", "auto": "auto", "tty": "auto", "if-tty": "auto"}
_TABLES: dict[str, dict[str, str]] = {
    "sort": {"none": "none", "time": "time", "size": "size", "extension": "ext", "version": "version",
             "width": "width"},
    "format": {"verbose": "long", "long": "long", "commas": "commas", "horizontal": "across",
               "across": "across", "vertical": "cols", "single-column": "one"},
    "time": {"atime": "atime", "access": "atime", "use": "atime", "ctime": "ctime", "status": "ctime",
             "birth": "mtime", "creation": "mtime"},
    "indicator-style": {"none": "", "slash": "p", "file-type": "file-type", "classify": "F"},
    "quoting-style": {s: s for s in STYLES},
    "color": _WHEN, "classify": _WHEN, "hyperlink": _WHEN,
}


def argmatch(ctx: Context, option: str, value: str) -> str | None:
    """GNU argmatch: exact or unique-prefix match, else its message listing the choices."""
    table = _TABLES[option]
    if value in table:
        return table[value]
    hits = {table[k] for k in table if k.startswith(value)} if value else set()
    if len(hits) == 1:
        return hits.pop()
    kind = "ambiguous" if hits else "invalid"
    lines = [f"ls: {kind} argument {cquote(value)} for {cquote('--' + option)}\n", "Valid arguments are:"]
    groups: dict[str, list[str]] = {}
    for k, v in table.items():
        groups.setdefault(v, []).append(cquote(k))
    lines += [f"\n  - {', '.join(g)}" for g in groups.values()]
    ctx.err("".join(lines) + "\nTry 'ls --help' for more information.\n")
    return None


def parse_opts(ctx: Context, parsed: Any) -> Opts | int:
    o = Opts(tty=ctx.stdout.isatty(), width=ctx.columns)
    o.fmt = "cols" if o.tty else "one"
    env_style = ctx.env.get("QUOTING_STYLE", "")
    o.quoting = env_style if env_style in STYLES else "shell-escape" if o.tty else "literal"
    o.qmark = o.tty
    for opt, val in parsed.options:
        f = opt.lstrip("-")
        if f in _TABLES:
            if val is None:
                val = "always"
            else:
                matched = argmatch(ctx, f, val)
                if matched is None:
                    return 1
                val = matched
        if f in ("a", "all"):
            o.all, o.almost = True, False
        elif f in ("A", "almost-all"):
            o.almost, o.all = True, False
        elif f in ("l", "full-time", "n", "numeric-uid-gid", "g", "o"):
            o.fmt, o.long = "long", True
            o.full_time |= f == "full-time"
            o.numeric |= f in ("n", "numeric-uid-gid")
            o.show_owner &= f != "g"
            o.show_group &= f != "o"
        elif f in ("G", "no-group"):
            o.show_group = False
        elif f == "1":
            o.fmt, o.long = "one", False
        elif f == "C":
            o.fmt, o.long = "cols", False
        elif f == "x":
            o.fmt, o.long = "across", False
        elif f == "m":
            o.fmt, o.long = "commas", False
        elif f == "format":
            o.fmt = val or "cols"
            o.long = o.fmt == "long"
        elif f in ("R", "recursive"):
            o.recursive = True
        elif f in ("d", "directory"):
            o.directory = True
        elif f in ("F", "classify"):
            o.classify = "F" if val in (None, "always") or (val == "auto" and o.tty) else ""
        elif f == "p":
            o.classify = "p"
        elif f == "file-type":
            o.classify = "file-type"
        elif f == "indicator-style":
            o.classify = val or ""
        elif f in ("r", "reverse"):
            o.reverse = True
        elif f == "t":
            o.sort = "time"
        elif f == "S":
            o.sort = "size"
        elif f == "X":
            o.sort = "ext"
        elif f in ("U", "f"):
            o.sort = "none"
            if f == "f":
                o.all = True
        elif f == "v":
            o.sort = "version"
        elif f == "sort":
            o.sort = "name" if val == "width" else val or "name"
        elif f == "c":
            o.time_field = "ctime"
        elif f == "u":
            o.time_field = "atime"
        elif f == "time":
            o.time_field = val or "mtime"
        elif f in ("h", "human-readable"):
            o.human = 1024
        elif f == "si":
            o.human = 1000
        elif f in ("i", "inode"):
            o.inode = True
        elif f in ("s", "size"):
            o.size_blocks = True
        elif f in ("L", "dereference"):
            o.deref = True
        elif f == "color":
            o.color = val == "always" or (val == "auto" and o.tty)
        elif f == "w" or f == "width":
            if not (val or "").isdigit():
                ctx.error(f"invalid line width: {cquote(val or '')}")
                return 2
            o.width = int(val or 0) or 1 << 30
        elif f == "group-directories-first":
            o.group_dirs = True
        elif f == "tabsize" or f == "T":
            if not (val or "").isdigit():
                ctx.error(f"invalid tab size: {cquote(val or '')}")
                return 2
        elif f == "quoting-style":
            o.quoting = val or "literal"
        elif f in ("N", "literal"):
            o.quoting = "literal"
        elif f in ("b", "escape"):
            o.quoting = "escape"
        elif f in ("Q", "quote-name"):
            o.quoting = "c"
        elif f in ("q", "hide-control-chars"):
            o.qmark = True
        elif f == "show-control-chars":
            o.qmark = False
        elif f == "time-style":
            o.time_style = val or ""
    if o.full_time and not parsed.has("--time-style"):
        o.time_style = "full-iso"
    elif not parsed.has("--time-style") and ctx.env.get("TIME_STYLE"):
        o.time_style = ctx.env["TIME_STYLE"]
    if o.long and not _time_style_ok(ctx, o):
        return 2
    return o


_TIME_STYLES = ("full-iso", "long-iso", "iso", "locale")


def _time_style_ok(ctx: Context, o: Opts) -> bool:
    style = o.time_style
    while style.startswith("posix-"):
        # posix-STYLE is STYLE unless LC_TIME is POSIX; C.UTF-8 counts as a real locale here.
        style = style[len("posix-"):]
    if style.startswith("+") or style in _TIME_STYLES:
        o.time_style = style
        return True
    hits = [s for s in _TIME_STYLES if s.startswith(style)] if style else []
    if len(hits) == 1:
        o.time_style = hits[0]
        return True
    ctx.err(f"ls: invalid argument {cquote(style)} for ‘time style’\nValid arguments are:\n"
            "  - [posix-]full-iso\n  - [posix-]long-iso\n  - [posix-]iso\n  - [posix-]locale\n"
            "  - +FORMAT (e.g., +%H:%M) for a 'date'-style format\nTry 'ls --help' for more information.\n")
    return False
