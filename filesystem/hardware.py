"""The machine's stated size: cores, memory, swap, boot time, kernel, mounts.

One object per machine, the single source that nproc, free, uptime, vmstat, top and the
synthesized /proc/{cpuinfo,meminfo,uptime,loadavg,version,mounts} all read, so every tool
tells the same story.  Nothing here looks at the host: the numbers are a model of a small
Ubuntu 22.04 VM (2 cores, 4 GB, 2 GB swap file) whose memory use grows with the resident
size of the model processes and whose load follows the CPU share of the busy ones.
"""
from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from shelldojo.filesystem.processes import FIRST_USER_PID, Process
from shelldojo.filesystem.processes import boot_time as booted_now

KERNEL_RELEASE = "5.15.0-91-generic"
KERNEL_VERSION = "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023"


CPU_FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 "
             "clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl "
             "xtopology nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 "
             "sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm abm "
             "3dnowprefetch invpcid_single pti fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms "
             "invpcid rtm rdseed adx smap xsaveopt arat md_clear arch_capabilities")
CPU_BUGS = ("cpu_meltdown spectre_v1 spectre_v2 spec_store_bypass l1tf mds swapgs taa "
            "mmio_stale_data retbleed")


@dataclass(frozen=True)
class Mount:
    device: str
    point: str
    fstype: str
    options: str


MOUNTS = (
    Mount("sysfs", "/sys", "sysfs", "rw,nosuid,nodev,noexec,relatime"),
    Mount("proc", "/proc", "proc", "rw,nosuid,nodev,noexec,relatime"),
    Mount("udev", "/dev", "devtmpfs", "rw,nosuid,relatime,size=1967228k,nr_inodes=491807,mode=755,inode64"),
    Mount("devpts", "/dev/pts", "devpts", "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000"),
    Mount("tmpfs", "/run", "tmpfs", "rw,nosuid,nodev,noexec,relatime,size=401556k,mode=755,inode64"),
    Mount("/dev/sda1", "/", "ext4", "rw,relatime"),
    Mount("tmpfs", "/dev/shm", "tmpfs", "rw,nosuid,nodev,inode64"),
    Mount("tmpfs", "/run/lock", "tmpfs", "rw,nosuid,nodev,noexec,relatime,size=5120k,inode64"),
)


@dataclass(frozen=True)
class Memory:
    """One reading of memory, in KiB, as /proc/meminfo states it (free reads the same)."""

    total: int
    free: int
    available: int
    buffers: int
    cached: int
    sreclaimable: int
    shmem: int
    swap_total: int
    swap_free: int

    @property
    def used(self) -> int:
        return self.total - self.available          # procps-ng 4.0: used = total - available

    @property
    def cache(self) -> int:
        return self.cached + self.sreclaimable      # free's "cache" column

    @property
    def swap_used(self) -> int:
        return self.swap_total - self.swap_free


@dataclass(frozen=True)
class Usage:
    """What the model processes take: memory beyond the base, the busy ones (CPU share 0..1,
    start), and (runnable, total, last pid) as /proc/loadavg counts them."""

    extra_rss_kib: int
    busy: tuple[tuple[float, float], ...]
    tasks: tuple[int, int, int]


def usage(procs: Iterable[Process]) -> Usage:
    """The one reading of the process table that free, uptime, vmstat and /proc share."""
    table = list(procs)
    extra = sum(p.rss for p in table if p.pid >= FIRST_USER_PID and not p.kernel)
    busy = tuple((p.cpu / 100, p.start) for p in table if p.state == "R" and p.cpu > 0)
    running = max(1, sum(1 for p in table if p.state == "R"))
    last = max((p.pid for p in table), default=1)
    return Usage(extra, busy, (running, max(1, len(table)), last))


@dataclass
class Hardware:
    """What the machine says it is.  `boot_time` is a UTC epoch (the sandbox's clock is the host's)."""

    cores: int = 2
    cpu_model: str = "Intel(R) Xeon(R) CPU @ 2.20GHz"
    cpu_mhz: str = "2199.998"
    mem_total_kib: int = 4_015_532
    swap_total_kib: int = 2_097_148
    base_used_kib: int = 298_716    # kernel, init and the base daemons
    buffers_kib: int = 58_412
    cached_kib: int = 1_021_116
    sreclaimable_kib: int = 86_220
    shmem_kib: int = 1_428
    kernel_release: str = KERNEL_RELEASE
    kernel_version: str = KERNEL_VERSION
    boot_time: float = field(default_factory=booted_now)
    mounts: tuple[Mount, ...] = MOUNTS

    # -- readings ----------------------------------------------------------------
    def memory(self, extra_rss_kib: int = 0) -> Memory:
        """Memory now, with `extra_rss_kib` taken by model processes beyond the base."""
        used = min(self.base_used_kib + max(0, extra_rss_kib),
                   self.mem_total_kib - self.buffers_kib - self.cached_kib - self.sreclaimable_kib)
        available = self.mem_total_kib - used
        free = available - self.buffers_kib - self.cached_kib - self.sreclaimable_kib
        return Memory(self.mem_total_kib, free, available, self.buffers_kib, self.cached_kib,
                      self.sreclaimable_kib, self.shmem_kib, self.swap_total_kib, self.swap_total_kib)

    def uptime(self, now: float | None = None) -> float:
        return max(0.0, (time.time() if now is None else now) - self.boot_time)

    def load_average(self, busy: Iterable[tuple[float, float]] = (), now: float | None = None) -> tuple[float, ...]:
        """The kernel's 1, 5 and 15 minute averages for busy model processes, each given as
        (CPU share 0..1, when it started): each approaches its share exponentially."""
        now = time.time() if now is None else now
        loads = [0.0, 0.0, 0.0]
        for share, since in busy:
            age = max(0.0, now - since)
            for i, minutes in enumerate((1, 5, 15)):
                loads[i] += share * (1 - math.exp(-age / (60 * minutes)))
        return tuple(loads)

    # -- /proc files --------------------------------------------------------------
    def proc_text(self, name: str, *, extra_rss_kib: int = 0, busy: Iterable[tuple[float, float]] = (),
                  tasks: tuple[int, int, int] = (1, 1, 1), now: float | None = None) -> str | None:
        """The text of /proc/NAME for the machine-wide files, or None for any other name.
        `tasks` is (runnable, total, last pid) for loadavg."""
        now = time.time() if now is None else now
        if name == "cpuinfo":
            return "".join(self._cpu(i) for i in range(self.cores))
        if name == "meminfo":
            return meminfo_text(self.memory(extra_rss_kib), self.cores)
        if name == "uptime":
            up = self.uptime(now)
            return f"{up:.2f} {up * self.cores * 0.97:.2f}\n"
        if name == "loadavg":
            one, five, fifteen = self.load_average(busy, now)
            return f"{one:.2f} {five:.2f} {fifteen:.2f} {tasks[0]}/{tasks[1]} {tasks[2]}\n"
        if name == "version":
            return (f"Linux version {self.kernel_release} (buildd@lcy02-amd64-086) (gcc (Ubuntu "
                    "11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) 2.38) "
                    f"{self.kernel_version}\n")
        if name == "mounts":
            return "".join(f"{m.device} {m.point} {m.fstype} {m.options} 0 0\n" for m in self.mounts)
        return None

    def _cpu(self, i: int) -> str:
        rows = [("processor", str(i)), ("vendor_id", "GenuineIntel"), ("cpu family", "6"), ("model", "79"),
                ("model name", self.cpu_model), ("stepping", "0"), ("microcode", "0xffffffff"),
                ("cpu MHz", self.cpu_mhz), ("cache size", "56320 KB"), ("physical id", "0"),
                ("siblings", str(self.cores)), ("core id", str(i)), ("cpu cores", str(self.cores)),
                ("apicid", str(i)), ("initial apicid", str(i)), ("fpu", "yes"), ("fpu_exception", "yes"),
                ("cpuid level", "13"), ("wp", "yes"),
                ("flags", CPU_FLAGS), ("bugs", CPU_BUGS),
                ("bogomips", "4399.99"), ("clflush size", "64"), ("cache_alignment", "64"),
                ("address sizes", "46 bits physical, 48 bits virtual"), ("power management", "")]
        # /proc/cpuinfo pads the name with tabs to the second tab stop: "name\t\t: value"
        return "".join(k + ("\t" if len(k) >= 8 else "\t\t") + f": {v}\n" if v else f"{k}:\n"
                       for k, v in rows) + "\n"


def meminfo_text(m: Memory, cores: int = 2) -> str:
    """/proc/meminfo in the kernel's layout: the name, its colon, the value right-aligned."""
    anon = max(0, m.used - 120_000)
    rows = [("MemTotal", m.total), ("MemFree", m.free), ("MemAvailable", m.available),
            ("Buffers", m.buffers), ("Cached", m.cached), ("SwapCached", 0),
            ("Active", anon // 2 + m.cached // 3), ("Inactive", anon // 2 + m.cached // 2),
            ("Active(anon)", anon // 2), ("Inactive(anon)", anon // 2),
            ("Active(file)", m.cached // 3), ("Inactive(file)", m.cached // 2),
            ("Unevictable", 0), ("Mlocked", 0), ("SwapTotal", m.swap_total), ("SwapFree", m.swap_free),
            ("Zswap", 0), ("Zswapped", 0), ("Dirty", 124), ("Writeback", 0), ("AnonPages", anon),
            ("Mapped", 98_304), ("Shmem", m.shmem), ("KReclaimable", m.sreclaimable),
            ("Slab", m.sreclaimable + 51_200), ("SReclaimable", m.sreclaimable), ("SUnreclaim", 51_200),
            ("KernelStack", 2_784), ("PageTables", 4_392), ("SecPageTables", 0), ("NFS_Unstable", 0),
            ("Bounce", 0), ("WritebackTmp", 0), ("CommitLimit", m.total // 2 + m.swap_total),
            ("Committed_AS", m.used + 400_000), ("VmallocTotal", 34359738367), ("VmallocUsed", 22_016),
            ("VmallocChunk", 0), ("Percpu", 1_040 * cores // 2),
            ("AnonHugePages", 0), ("ShmemHugePages", 0), ("ShmemPmdMapped", 0), ("FileHugePages", 0),
            ("FilePmdMapped", 0)]
    text = "".join(f"{name + ':':<16}{value:>8} kB\n" for name, value in rows)
    text += "".join(f"{name + ':':<16}{value:>8}\n" for name, value in
                    [("HugePages_Total", 0), ("HugePages_Free", 0), ("HugePages_Rsvd", 0), ("HugePages_Surp", 0)])
    rest = [("Hugepagesize", 2048), ("Hugetlb", 0), ("DirectMap4k", 176_064), ("DirectMap2M", 4_018_176)]
    return text + "".join(f"{name + ':':<16}{value:>8} kB\n" for name, value in rest)
