"""ps (procps-ng 4.0): the machine's process table in ps's own layouts.

Selection (`-e`/`-A`/`ax`, `-u`, `-p`, `-C`, or the default: my processes on my terminal)
and formats (default, `-f`, BSD `u`, `-o` lists with `=HEADER`) are two small tables;
`--forest` indents children under their parent as ps draws them.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from shelldojo.filesystem import accounts
from shelldojo.filesystem.processes import Process
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    left: bool
    value: Callable[[Process, View], str]


class View:
    """What the columns need besides the process: the clock, names, memory size."""

    def __init__(self, ctx: Context) -> None:
        self.now = time.time()
        self.vfs = ctx.vfs
        self.mem_kib = ctx.machine.hardware.mem_total_kib if hasattr(ctx.machine, "hardware") else 4_015_532
        self._names: dict[int, str] = {}

    def user(self, uid: int) -> str:
        if uid not in self._names:
            name = accounts.user_name(self.vfs, uid)
            self._names[uid] = name if len(name) <= 8 else name[:7] + "+"
        return self._names[uid]


def _clock(seconds: float, days_sep: str = "-") -> str:
    s = int(seconds)
    d, s = divmod(s, 86400)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    text = f"{h:02d}:{m:02d}:{s:02d}"
    return f"{d}{days_sep}{text}" if d else text


def _etime(p: Process, v: View) -> str:
    s = max(0, int(v.now - p.start))
    d, s = divmod(s, 86400)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    text = f"{m:02d}:{s:02d}"
    if d or h:
        text = f"{h:02d}:{text}"
    return f"{d}-{text}" if d else text


def _start(p: Process, v: View) -> str:
    t = time.localtime(p.start)
    if v.now - p.start < 86400:
        return time.strftime("%H:%M", t)
    return time.strftime("%b%d", t) if v.now - p.start < 365 * 86400 else time.strftime("%Y", t)


def _bsdtime(p: Process, v: View) -> str:
    s = int(p.cpu_seconds(v.now))
    return f"{s // 60}:{s % 60:02d}"


def _pcpu(p: Process, v: View) -> str:
    return f"{p.cpu:.1f}"


def _pmem(p: Process, v: View) -> str:
    return f"{p.rss * 100 / v.mem_kib:.1f}"


def _stat(p: Process, v: View) -> str:
    return p.state + p.stat


COLUMNS: dict[str, Column] = {
    "pid": Column("PID", 5, False, lambda p, v: str(p.pid)),
    "ppid": Column("PPID", 5, False, lambda p, v: str(p.ppid)),
    "user": Column("USER", 8, True, lambda p, v: v.user(p.uid)),
    "uid": Column("UID", 5, False, lambda p, v: str(p.uid)),
    "comm": Column("COMMAND", 15, True, lambda p, v: p.comm),
    "ucmd": Column("CMD", 15, True, lambda p, v: p.comm),
    "args": Column("COMMAND", 27, True, lambda p, v: p.cmdline),
    "cmd": Column("CMD", 27, True, lambda p, v: p.cmdline),
    "stat": Column("STAT", 4, True, _stat),
    "s": Column("S", 1, True, lambda p, v: p.state),
    "%cpu": Column("%CPU", 4, False, _pcpu),
    "%mem": Column("%MEM", 4, False, _pmem),
    "rss": Column("RSS", 5, False, lambda p, v: str(p.rss)),
    "vsz": Column("VSZ", 6, False, lambda p, v: str(p.vsz)),
    "tty": Column("TT", 8, True, lambda p, v: p.tty),
    "etime": Column("ELAPSED", 11, False, _etime),
    "time": Column("TIME", 8, False, lambda p, v: _clock(p.cpu_seconds(v.now))),
    "ni": Column("NI", 3, False, lambda p, v: str(p.nice)),
    "c": Column("C", 2, False, lambda p, v: str(int(p.cpu))),
    "stime": Column("STIME", 5, True, _start),
    "start": Column("START", 5, True, _start),
    "bsdtime": Column("TIME", 6, False, _bsdtime),
}
ALIASES = {"command": "args", "pcpu": "%cpu", "pmem": "%mem", "tt": "tty", "tname": "tty",
           "rssize": "rss", "vsize": "vsz", "state": "s", "euser": "user", "uname": "user",
           "euid": "uid", "cputime": "time", "start_time": "stime", "nice": "ni", "fname": "comm",
           "lstart": "start"}
# the named layouts: (key, header override)
DEFAULT = [("pid", None), ("tty", "TTY"), ("time", None), ("ucmd", None)]
FULL = [("user", "UID"), ("pid", None), ("ppid", None), ("c", None), ("stime", None), ("tty", "TTY"),
        ("time", None), ("cmd", None)]
BSD_USER = [("user", None), ("pid", None), ("%cpu", None), ("%mem", None), ("vsz", None), ("rss", None),
            ("tty", "TTY"), ("stat", None), ("start", None), ("bsdtime", None), ("args", None)]


class Usage(Exception):
    """ps's `error: ...` line, then its usage text (status 1)."""


def _parse_format(spec: str, out: list[tuple[str, str | None]]) -> None:
    """An -o list: NAME or NAME=HEADER items split at commas and blanks."""
    for part in spec.replace(" ", ",").split(","):
        name, eq, header = part.partition("=")
        if not name:
            continue
        key = ALIASES.get(name.lower(), name.lower())
        if key not in COLUMNS:
            raise Usage(f'unknown user-defined format specifier "{name}"')
        out.append((key, header if eq else None))


def _split_list(text: str) -> list[str]:
    return [x for x in text.replace(" ", ",").split(",") if x]


@command("ps", "system", summary="report a snapshot of the current processes.")
def ps(ctx: Context, argv: list[str]) -> int:
    if argv[1:] == ["--help"]:  # procps prints its short usage on stdout (the topics are not kept)
        ctx.out(verbatim("procs/ps_usage"))
        return 0
    try:
        return _ps(ctx, argv[1:])
    except Usage as exc:
        ctx.err(f"error: {exc}\n" + verbatim("procs/ps_usage"))
        return 1


def _ps(ctx: Context, args: list[str]) -> int:
    every = forest = False
    layout: list[tuple[str, str | None]] | None = None
    fmt: list[tuple[str, str | None]] = []
    pids: set[int] = set()
    users: set[int] = set()
    names: set[str] = set()
    full = bsd_user = bsd_all = bsd_x = False
    i = 0
    while i < len(args):
        a = args[i]
        i += 1

        def value(opt: str = a) -> str:
            nonlocal i
            if i >= len(args):
                raise Usage("list of process IDs must follow -p" if opt == "-p" else "unknown gnu long option")
            i += 1
            return args[i - 1]

        if a == "--forest":
            forest = True
        elif a in ("-o", "--format", "o"):
            _parse_format(value(), fmt)
        elif a.startswith("-o") and len(a) > 2:
            _parse_format(a[2:], fmt)
        elif a in ("-p", "--pid", "p"):
            text = value()
            for x in _split_list(text):
                if not x.isdigit():
                    raise Usage("process ID list syntax error")
                pids.add(int(x))
        elif a in ("-u", "-U", "--user", "U"):
            for name in _split_list(value()):
                uid = int(name) if name.isdigit() else _uid(ctx, name)
                if uid is None:
                    raise Usage("user name does not exist")
                users.add(uid)
        elif a == "-C":
            names.update(_split_list(value()))
        elif a.isdigit():
            pids.add(int(a))
        elif a.startswith("-") and len(a) > 1 and not a.startswith("--"):
            for j, ch in enumerate(a[1:], 1):
                if ch in "eA":
                    every = True
                elif ch == "f":
                    full = True
                elif ch in "opuUC":  # bundled with a value: -eo pid,comm, -fu root, -opid
                    args.insert(i, f"-{ch}")
                    if a[j + 1:]:
                        args.insert(i + 1, a[j + 1:])
                    break
                elif ch not in "wl":
                    raise Usage("unsupported SysV option")
        elif not a.startswith("-"):
            for ch in a:
                if ch == "a":
                    bsd_all = True
                elif ch == "x":
                    bsd_x = True
                elif ch == "u":
                    bsd_user = True
                elif ch == "f":
                    forest = True
                elif ch not in "wl":
                    raise Usage("unsupported option (BSD syntax)")
        else:
            raise Usage("unknown gnu long option")
    if fmt:
        layout = fmt
    elif bsd_user:
        layout = BSD_USER
    elif full:
        layout = FULL
    else:
        layout = DEFAULT
    table = ctx.machine.procs
    me = table.get(table.current() or 0)
    my_tty = me.tty if me is not None else "?"
    uid = ctx.creds.uid
    selected: list[Process] = []
    for p in table:
        if pids or users or names:
            ok = p.pid in pids or p.uid in users or p.comm in names
        elif every or (bsd_all and bsd_x):
            ok = True
        elif bsd_all:
            ok = p.tty != "?"
        elif bsd_x:
            ok = p.uid == uid
        else:
            ok = p.uid == uid and p.tty == my_tty
        if ok:
            selected.append(p)
    if forest:
        selected = _forest_order(selected)
    view = View(ctx)
    cols = [(COLUMNS[k], h) for k, h in layout]
    lines: list[str] = []
    if any(h != "" for _, h in cols):
        lines.append(_row([(c, c.header if h is None else h) for c, h in cols], header=True))
    for p, depth in selected if forest else [(p, 0) for p in selected]:  # type: ignore[misc]
        cells = []
        for c, _ in cols:
            text = c.value(p, view)
            if forest and c.header in ("COMMAND", "CMD"):
                text = "    " * (depth - 1) + " \\_ " + text if depth else text
            cells.append((c, text))
        lines.append(_row(cells))
    ctx.out("".join(line + "\n" for line in lines))
    return 0 if selected else 1


def _row(cells: list[tuple[Column, str]], header: bool = False) -> str:
    """Cells padded to their widths, one space apart; the last one is never padded or cut,
    a left-aligned command column in the middle is cut to its width."""
    out = []
    for i, (col, text) in enumerate(cells):
        last = i == len(cells) - 1
        if last:
            out.append(text if col.left else text.rjust(col.width))
        elif col.left:
            if col.header in ("COMMAND", "CMD") and not header:
                text = text[:col.width]
            out.append(text.ljust(col.width))
        else:
            out.append(text.rjust(col.width))
    return " ".join(out).rstrip(" ") if cells and cells[-1][0].left else " ".join(out)


def _forest_order(procs: list[Process]) -> list[tuple[Process, int]]:  # type: ignore[override]
    """Each process followed by its children, depth-first, with its depth below a root."""
    chosen = {p.pid: p for p in procs}
    kids: dict[int, list[Process]] = {}
    for p in procs:
        kids.setdefault(p.ppid if p.ppid in chosen else 0, []).append(p)
    out: list[tuple[Process, int]] = []

    def walk(pid: int, depth: int) -> None:
        for child in kids.get(pid, []):
            out.append((child, depth))
            walk(child.pid, depth + 1)

    walk(0, 0)
    return out


def _uid(ctx: Context, name: str) -> int | None:
    account = accounts.user_by_name(ctx.vfs, name)
    return None if account is None else account.uid
