"""What top (procps-ng 4.0.2) draws, as text: the five summary lines, the column header and
one row per task, at a given width.  Shared by batch mode (top.py), the full-screen
Application (top_app.py) and w's uptime line.  Everything is read from the machine's model
(the process table and hardware.usage()): nothing here looks at the host or spends its CPU.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from shelldojo.filesystem import accounts
from shelldojo.filesystem.hardware import Memory, usage
from shelldojo.filesystem.processes import Process
from shelldojo.shell.context import Context
from shelldojo.shell.texts import verbatim

# (header, width, left-aligned): one space between columns; COMMAND takes the rest
COLUMNS = (("PID", 5, False), ("USER", 8, True), ("PR", 3, False), ("NI", 3, False),
           ("VIRT", 7, False), ("RES", 6, False), ("SHR", 6, False), ("S", 1, True),
           ("%CPU", 5, False), ("%MEM", 5, False), ("TIME+", 9, False))
FIELDS = frozenset(verbatim("procs/top_fields").split())   # what -o accepts (top -O)


def uptime_line(ctx: Context, now: float) -> str:
    """` HH:MM:SS up …,  N user,  load average: …` as uptime, w and top (after `top -`) print it."""
    hw = ctx.machine.hardware
    busy = usage(ctx.machine.procs).busy
    up = int(hw.uptime(now))
    days, hours, minutes = up // 86400, up // 3600 % 24, up // 60 % 60
    text = time.strftime(" %H:%M:%S up ", time.gmtime(now))
    if days:
        text += f"{days} {'day' if days == 1 else 'days'}, "
    text += f"{hours:2d}:{minutes:02d}, " if hours else f"{minutes} min, "
    users = len(ctx.host.users()) if ctx.host is not None else 1
    one, five, fifteen = hw.load_average(busy, now)
    return text + f"{users:2d} {'user' if users <= 1 else 'users'},  load average: {one:.2f}, {five:.2f}, {fifteen:.2f}"


@dataclass
class Options:
    """What the command line (and the interactive keys M/P) chose."""

    sort: str = "%CPU"
    descending: bool = True
    pids: frozenset[int] = frozenset()
    uid: int | None = None
    width: int = 80
    summary_scale: str = "m"   # -E: k m g t p e
    task_scale: str = "k"      # -e: k m g t p
    cmdline: bool = False      # -c: command lines instead of names
    idle: bool = True          # -i off: only the tasks using CPU
    per_cpu: bool = False      # -1: one %Cpu line per core

SCALES = "kmgtpe"


def _scale_kib(kib: int, width: int, scale: str = "k") -> str:
    """top's scale_mem: KiB (or the -e unit) while it fits, then the next units, one decimal."""
    start = SCALES.index(scale)
    text = str(kib) if start == 0 else f"{kib / 1024 ** start:.1f}{scale}"
    for i in range(start + 1, 5):
        if len(text) <= width:
            return text
        text = f"{kib / 1024 ** i:.1f}{SCALES[i]}"
    return text


def _cpu_line(label: str, us: float, ni: float) -> str:
    idle = max(0.0, 100.0 - us - ni)
    return (f"{label}:{us:5.1f} us,{0.0:5.1f} sy,{ni:5.1f} ni,{idle:5.1f} id,{0.0:5.1f} wa,"
            f"{0.0:5.1f} hi,{0.0:5.1f} si,{0.0:5.1f} st ")


def _memory_lines(mem: Memory, scale: str) -> list[str]:
    """The MiB Mem / MiB Swap lines, in the unit -E asks for (KiB as whole numbers)."""
    div = 1024 ** SCALES.index(scale)
    unit = scale.upper() + "iB"

    def f(kib: int) -> str:
        return f"{kib:9d}" if div == 1 else f"{kib / div:9.1f}"

    return [(f"{unit} Mem :{f(mem.total)} total,{f(mem.free)} free,{f(mem.used)} used,"
            f"{f(mem.buffers + mem.cache)} buff/cache     "),
            (f"{unit} Swap:{f(mem.swap_total)} total,{f(mem.swap_free)} free,{f(mem.swap_used)} used."
            f"{f(mem.available)} avail Mem ")]


def _time_plus(seconds: float) -> str:
    """TIME+: minutes:seconds.hundredths, coarser when it no longer fits 9 columns."""
    cs = int(seconds * 100)
    m, rest = divmod(cs, 6000)
    text = f"{m}:{rest // 100:02d}.{rest % 100:02d}"
    if len(text) > 9:
        text = f"{m}:{rest // 100:02d}"
    if len(text) > 9:
        text = f"{m // 60},{m % 60:02d}"
    return text


class Frame:
    """One refresh: the tasks chosen and sorted, and the lines to show."""

    def __init__(self, ctx: Context, opts: Options, now: float | None = None,
                 me: int | None = None) -> None:
        self.ctx, self.opts = ctx, opts
        self.now = time.time() if now is None else now
        self.me = ctx.machine.procs.current() if me is None else me
        self.all = list(ctx.machine.procs)
        self.tasks = sort_tasks(self._chosen(), opts, self.now)
        self.mem_total = ctx.machine.hardware.mem_total_kib
        self._names: dict[int, str] = {}

    def _chosen(self) -> list[Process]:
        o = self.opts
        return [p for p in self.all if (not o.pids or p.pid in o.pids) and (o.uid is None or p.uid == o.uid)]

    def state(self, p: Process) -> str:
        return "R" if p.pid == self.me else p.state   # top is running while it looks

    def user(self, uid: int) -> str:
        if uid not in self._names:
            name = accounts.user_name(self.ctx.vfs, uid)
            self._names[uid] = name if len(name) <= 8 else name[:7] + "+"
        return self._names[uid]

    # -- the summary ------------------------------------------------------------
    def summary(self) -> list[str]:
        hw = self.ctx.machine.hardware
        mem = hw.memory(usage(self.ctx.machine.procs).extra_rss_kib)
        states = [self.state(p) for p in self._chosen()]
        run = sum(s == "R" for s in states)
        stop = sum(s == "T" for s in states)
        zomb = sum(s == "Z" for s in states)
        busy = [p for p in self.all if self.state(p) == "R" and p.cpu > 0]
        if self.opts.per_cpu:  # each busy model process on the least loaded core
            cores = [[0.0, 0.0] for _ in range(hw.cores)]
            for p in sorted(busy, key=lambda p: -p.cpu):
                core = min(cores, key=sum)
                core[1 if p.nice > 0 else 0] += min(p.cpu, 100.0 - sum(core))
            cpu = [_cpu_line(f"%Cpu{i:<3d}", us, ni) for i, (us, ni) in enumerate(cores)]
        else:
            us = min(100.0, sum(p.cpu for p in busy if p.nice <= 0) / hw.cores)
            ni = min(100.0 - us, sum(p.cpu for p in busy if p.nice > 0) / hw.cores)
            cpu = [_cpu_line("%Cpu(s)", us, ni)]
        return ["top -" + uptime_line(self.ctx, self.now),
                (f"Tasks:{len(states):4d} total,{run:4d} running,{len(states) - run - stop - zomb:4d} sleeping,"
                f"{stop:4d} stopped,{zomb:4d} zombie"),
                *cpu, *_memory_lines(mem, self.opts.summary_scale)]

    # -- the table --------------------------------------------------------------
    def cells(self, p: Process) -> list[str]:
        shr = 0 if p.kernel else p.rss * 11 // 20
        pr = "rt" if p.nice < -20 else str(20 + p.nice)
        scale = self.opts.task_scale
        return [str(p.pid), self.user(p.uid), pr, str(p.nice), _scale_kib(p.vsz, 7, scale),
                _scale_kib(p.rss, 6, scale), _scale_kib(shr, 6, scale), self.state(p), f"{p.cpu:.1f}", f"{p.rss * 100 / self.mem_total:.1f}",
                _time_plus(p.cpu_seconds(self.now))]

    def header(self) -> str:
        return _line([h for h, _, _ in COLUMNS], "COMMAND", self.opts.width)

    def row(self, p: Process) -> str:
        return _line(self.cells(p), p.cmdline if self.opts.cmdline else p.comm, self.opts.width)

    def lines(self, rows: int | None = None) -> list[str]:
        """The whole frame: summary, a blank line, the header, then `rows` tasks (all by default)."""
        width = self.opts.width
        out = [line[:width] for line in self.summary()] + ["", self.header()]
        tasks = self.tasks if self.opts.idle else [p for p in self.tasks if p.cpu > 0]
        tasks = tasks if rows is None else tasks[:max(0, rows - len(out) + 7)]
        return out + [self.row(p) for p in tasks]


def _line(cells: list[str], command: str, width: int) -> str:
    """The fields that fit the width, then COMMAND cut with a `+` where the width ends."""
    parts: list[str] = []
    used = 0
    for (_, size, left), text in zip(COLUMNS, cells):
        if used + size > width:
            return " ".join(parts)
        parts.append(text.ljust(size) if left else text.rjust(size))
        used += size + 1
    room = width - used
    if room <= 0:
        return " ".join(parts)
    if len(command) > room:
        command = command[:room - 1] + "+"
    return " ".join([*parts, command])


def _sort_key(name: str, now: float) -> Callable[[Process], object] | None:
    keys: dict[str, Callable[[Process], object]] = {
        "PID": lambda p: p.pid, "PPID": lambda p: p.ppid, "UID": lambda p: p.uid, "USER": lambda p: p.uid,
        "PR": lambda p: p.nice, "NI": lambda p: p.nice, "VIRT": lambda p: p.vsz, "RES": lambda p: p.rss,
        "RSS": lambda p: p.rss, "SHR": lambda p: p.rss, "S": lambda p: p.state, "%CPU": lambda p: p.cpu,
        "%MEM": lambda p: p.rss, "TIME+": lambda p: p.cpu_seconds(now), "TIME": lambda p: int(p.cpu_seconds(now)),
        "COMMAND": lambda p: p.comm, "TTY": lambda p: p.tty, "STARTED": lambda p: p.start,
        "ELAPSED": lambda p: -p.start,
    }
    return keys.get(name)


def sort_tasks(tasks: Iterable[Process], opts: Options, now: float) -> list[Process]:
    """In pid order, then stably by the sort field (high to low unless `-o -FIELD`)."""
    ordered = sorted(tasks, key=lambda p: p.pid)
    key = _sort_key(opts.sort, now)
    if key is None:
        return ordered
    # Python's sort stays stable with reverse=True: equal tasks keep their pid order
    return sorted(ordered, key=key, reverse=opts.descending)  # type: ignore[arg-type]
