"""free, uptime, vmstat (procps-ng 4.0.2): the machine's stated size (filesystem/hardware.py)
and the model processes of its table, never the host's."""
from __future__ import annotations

import struct
import time

from shelldojo.filesystem.hardware import Hardware, Memory, usage
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

PROCPS_VERSION = "{} from procps-ng 4.0.2\n"


class ProcpsSpec(OptionSpec):
    """procps's getopt errors: the message, then the whole usage text on stderr, status 1."""

    def _usage(self, ctx: Context, message: str) -> int:
        ctx.err(f"{self.name}: {message}\n{self.help}")
        return self.usage_status


def procps_spec(name: str, short: str, long: list[str]) -> ProcpsSpec:
    return ProcpsSpec(name, short=short, long=long, help=verbatim(f"system/{name}_help"),
                      version=PROCPS_VERSION.format(name))


def readings(ctx: Context) -> tuple[Hardware, Memory, tuple[tuple[float, float], ...], tuple[int, int, int]]:
    """The stated size, the memory now, the busy model processes (share, start) and the
    task counts (runnable, total, last pid), read from the machine's process table."""
    hw = ctx.machine.hardware
    now = usage(ctx.machine.procs)
    return hw, hw.memory(now.extra_rss_kib), now.busy, now.tasks


# ----------------------------------------------------------------------------- free
FREE = procps_spec("free", "bkmghltvs:c:wV", [
    "bytes", "kilo", "mega", "giga", "tera", "peta", "kibi", "mebi", "gibi", "tebi", "pebi", "human",
    "si", "lohi", "total", "committed", "seconds=", "count=", "wide"])
_UNITS = {"-b": (1, False), "--bytes": (1, False), "--kilo": (2, True), "--mega": (3, True),
          "--giga": (4, True), "--tera": (5, True), "--peta": (6, True), "-k": (2, False),
          "--kibi": (2, False), "-m": (3, False), "--mebi": (3, False), "-g": (4, False),
          "--gibi": (4, False), "--tebi": (5, False), "--pebi": (6, False)}


def _f32(x: float) -> float:
    """C's (float) cast: free prints its human sizes from a float."""
    return float(struct.unpack("f", struct.pack("f", x))[0])


def scale_size(kib: int, exponent: int, si: bool, human: bool) -> str:
    """procps free's scale_size(): a KiB count in the unit asked for."""
    base = 1000 if si else 1024
    size = kib * 1024
    if not human:
        if exponent == 0:
            return str(size // base)
        if exponent == 1:
            return str(size)
        return str(int(size / base ** (exponent - 1)))
    if len(text := f"{size}B") <= 4:
        return text
    for i, unit in enumerate("KMGTP", 1):
        value = size / base ** i
        suffix = unit if si else unit + "i"
        width = 4 if si else 5
        if len(text := f"{_f32(value):.1f}{suffix}") <= width:
            return text
        if len(text := f"{int(value)}{suffix}") <= width:
            return text
    return f"{size}B"


@command("free", family="system", summary="Display amount of free and used memory in the system")
def free(ctx: Context, argv: list[str]) -> int:
    parsed = FREE.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.has("-V"):
        ctx.out(PROCPS_VERSION.format("free"))
        return 0
    if parsed.operands:
        ctx.err(verbatim("system/free_help"))
        return 1
    exponent, si, human, wide = 0, False, False, False
    lohi = total = committed = False
    seconds: float | None = None
    count: int | None = None
    for opt, val in parsed.options:
        if opt in _UNITS:
            if exponent:
                ctx.error("Multiple unit options don't make sense.")
                return 1
            exponent, unit_si = _UNITS[opt]
            si = si or unit_si
        elif opt in ("-h", "--human"):
            human = True
        elif opt == "--si":
            si = True
        elif opt in ("-l", "--lohi"):
            lohi = True
        elif opt in ("-t", "--total"):
            total = True
        elif opt in ("-v", "--committed"):
            committed = True
        elif opt in ("-w", "--wide"):
            wide = True
        elif opt in ("-s", "--seconds"):
            try:
                seconds = float(val or "")
            except ValueError:
                ctx.error(f"seconds argument failed: '{val}': Invalid argument")
                return 1
            if not seconds > 0:
                ctx.error(f"seconds argument `{val}' is not positive number")
                return 1
        elif opt in ("-c", "--count"):
            text = (val or "").strip()
            if not text.lstrip("+-").isdigit():
                ctx.error(f"failed to parse count argument: '{val}'")
                return 1
            count = int(text)
            if count < 1:
                ctx.error(f"failed to parse count argument: '{val}': Numerical result out of range")
                return 1
    if count is not None and seconds is None:
        seconds = 1.0
    while True:
        ctx.out(_free_table(ctx, exponent, si, human, wide, lohi, total, committed))
        if count is not None:
            count -= 1
            if count < 1:
                return 0
        if seconds is None:
            return 0
        ctx.out("\n")
        ctx.stdout.flush()
        _pause(ctx, seconds)


def _free_table(ctx: Context, exponent: int, si: bool, human: bool, wide: bool, lohi: bool,
                total: bool, committed: bool) -> str:
    m = readings(ctx)[1]

    def row(name: str, *values: int) -> str:
        cells = [scale_size(v, exponent, si, human) for v in values]
        return f"{name:<9}{cells[0]:>11}" + "".join(f" {c:>11}" for c in cells[1:]) + "\n"

    head = ("               total        used        free      shared     buffers       cache   available\n"
            if wide else "               total        used        free      shared  buff/cache   available\n")
    caches = [m.buffers, m.cache] if wide else [m.buffers + m.cache]
    text = head + row("Mem:", m.total, m.used, m.free, m.shmem, *caches, m.available)
    if lohi:
        text += row("Low:", m.total, m.total - m.free, m.free) + row("High:", 0, 0, 0)
    text += row("Swap:", m.swap_total, m.swap_used, m.swap_free)
    if total:
        text += row("Total:", m.total + m.swap_total, m.used + m.swap_used, m.free + m.swap_free)
    if committed:
        limit, commit = m.total // 2 + m.swap_total, m.used + 400_000  # as meminfo_text states them
        text += row("Comm:", limit, commit, limit - commit)
    return text


def _pause(ctx: Context, seconds: float) -> None:
    """Sleep between reports; Ctrl-C and the limits end it (as sleep does)."""
    end = time.monotonic() + seconds
    with ctx.budget.waiting():
        while (left := end - time.monotonic()) > 0:
            ctx.check()
            time.sleep(min(left, 0.05))
    ctx.check()


# ----------------------------------------------------------------------------- uptime
UPTIME = procps_spec("uptime", "hpsV", ["pretty", "since"])


@command("uptime", family="system", summary="Tell how long the system has been running.")
def uptime(ctx: Context, argv: list[str]) -> int:
    parsed = UPTIME.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    opts = [o for o, _ in parsed.options]
    if "-h" in opts:
        ctx.out(verbatim("system/uptime_help"))
        return 0
    if "-V" in opts:
        ctx.out(PROCPS_VERSION.format("uptime"))
        return 0
    if parsed.operands:
        ctx.err(verbatim("system/uptime_help"))
        return 1
    hw, _, busy, _ = readings(ctx)
    now = time.time()
    if "-s" in opts or "--since" in opts:
        ctx.out(time.strftime("%Y-%m-%d %H:%M:%S\n", time.gmtime(hw.boot_time)))
        return 0
    up = int(hw.uptime(now))
    if "-p" in opts or "--pretty" in opts:
        ctx.out(pretty_uptime(up) + "\n")
        return 0
    days, hours, minutes = up // 86400, up // 3600 % 24, up // 60 % 60
    text = time.strftime(" %H:%M:%S up ", time.gmtime(now))
    if days:
        text += f"{days} {'day' if days == 1 else 'days'}, "
    text += f"{hours:2d}:{minutes:02d}, " if hours else f"{minutes} min, "
    users = len(ctx.host.users()) if ctx.host is not None else 1
    one, five, fifteen = hw.load_average(busy, now)
    text += f"{users:2d} {'user' if users <= 1 else 'users'},  load average: {one:.2f}, {five:.2f}, {fifteen:.2f}"
    ctx.out(text + "\n")
    return 0


def pretty_uptime(seconds: int) -> str:
    """uptime -p: 'up 1 week, 2 days, 3 hours, 4 minutes' (procps 4.0)."""
    minutes = seconds // 60
    parts = []
    for name, size in (("year", 525_600), ("week", 10_080), ("day", 1_440), ("hour", 60)):
        n, minutes = divmod(minutes, size)
        if n:
            parts.append(f"{n} {name}{'s' if n != 1 else ''}")
    if minutes or not parts:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return "up " + ", ".join(parts)


# ----------------------------------------------------------------------------- vmstat
VMSTAT = procps_spec("vmstat", "afmnsdDp:S:wtyV", [
    "active", "forks", "slabs", "one-header", "stats", "disk", "disk-sum", "partition=", "unit=",
    "wide", "timestamp", "no-first"])
_VM_UNITS = {"k": 1000, "K": 1024, "m": 1_000_000, "M": 1 << 20}


@command("vmstat", family="system", summary="Report virtual memory statistics")
def vmstat(ctx: Context, argv: list[str]) -> int:
    parsed = VMSTAT.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.has("-V"):
        ctx.out(PROCPS_VERSION.format("vmstat"))
        return 0
    unit = 1024
    for opt, val in parsed.options:
        if opt in ("-S", "--unit"):
            if val not in _VM_UNITS:
                ctx.error("-S requires k, K, m or M (default is KiB)")
                return 1
            unit = _VM_UNITS[val]
    numbers: list[int] = []
    for arg in parsed.operands[:2]:
        if not arg.isdigit():
            ctx.error(f"failed to parse argument: '{arg}'")
            return 1
        numbers.append(int(arg))
    if numbers and numbers[0] < 1:
        ctx.error("delay must be positive integer")
        return 1
    delay = numbers[0] if numbers else 0
    count = numbers[1] if len(numbers) > 1 else (0 if delay else 1)
    active = parsed.has("-a", "--active")
    n = 0
    while True:
        ctx.out(_vmstat_report(ctx, unit, active, header=n == 0))
        n += 1
        if count and n >= count:
            return 0
        ctx.stdout.flush()
        _pause(ctx, delay)


def _vmstat_report(ctx: Context, unit: int, active: bool, header: bool) -> str:
    hw, m, busy, tasks = readings(ctx)
    share = min(1.0, sum(s for s, _ in busy) / hw.cores)
    us = round(share * 100)

    def size(kib: int) -> int:
        return kib * 1024 // unit

    text = ""
    if header:
        text = ("procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n"
                + (" r  b   swpd   free  inact active   si   so    bi    bo   in   cs us sy id wa st\n" if active
                   else " r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n"))
    anon = max(0, m.used - 120_000)
    cols = (size(anon // 2 + m.cached // 2), size(anon // 2 + m.cached // 3)) if active \
        else (size(m.buffers), size(m.cache))
    return text + (f"{tasks[0]:2d} {0:2d} {size(m.swap_used):6d} {size(m.free):6d} {cols[0]:6d} {cols[1]:6d} "
                   f"{0:4d} {0:4d} {2:5d} {3:5d} {41:4d} {78:4d} {us:2d} {min(1, 100 - us):2d} "
                   f"{max(0, 99 - us):2d} {0:2d} {0:2d}\n")
