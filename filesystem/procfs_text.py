"""The texts of /proc/PID/{status,stat,cmdline,environ} as Linux 5.15 lays them out, with
the model's values (processes.py; the machine's size from hardware.py)."""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shelldojo.filesystem.hardware import Hardware
    from shelldojo.filesystem.processes import Process, ProcessTable

STATES = {"R": "R (running)", "S": "S (sleeping)", "D": "D (disk sleep)", "T": "T (stopped)",
          "t": "t (tracing stop)", "Z": "Z (zombie)", "X": "X (dead)", "I": "I (idle)"}
HZ = 100                            # USER_HZ: clock ticks in /proc/PID/stat
PAGE_KIB = 4
# Mems_allowed of an Ubuntu kernel (1024 NUMA nodes): 32 words, node 0 only
MEMS_ALLOWED = ",".join(["00000000"] * 31 + ["00000001"])


def cmdline_bytes(proc: Process) -> bytes:
    """argv, each NUL-terminated; a kernel thread has none."""
    if proc.kernel:
        return b""
    return b"".join(a.encode("utf-8", "surrogateescape") + b"\0" for a in proc.argv)


def environ_bytes(proc: Process) -> bytes:
    return b"".join(f"{k}={v}".encode("utf-8", "surrogateescape") + b"\0" for k, v in proc.env.items())


def _leader(proc: Process, procs: ProcessTable) -> int:
    """The session the process belongs to: the nearest ancestor leading one (stat 's')."""
    seen, p = 0, proc
    while p is not None and seen < 64:
        if "s" in p.stat or p.pid == 1:
            return p.pid
        p = procs.get(p.ppid)
        seen += 1
    return proc.pid


def _tty_nr(tty: str) -> int:
    """Device number of the controlling terminal: pts/N is major 136."""
    if tty.startswith("pts/") and tty[4:].isdigit():
        n = int(tty[4:])
        return (136 << 8) | (n & 0xFF) | ((n >> 8) << 20)
    return 0


def stat_line(proc: Process, procs: ProcessTable, boot_time: float) -> str:
    """/proc/PID/stat: the 52 fields of one line."""
    sid = 0 if proc.kernel else _leader(proc, procs)
    pgrp = 0 if proc.kernel else (proc.pid if "s" in proc.stat or "+" in proc.stat else sid)
    ticks = int(max(0.0, proc.start - boot_time) * HZ)
    cpu = int(proc.cpu_seconds(time.time()) * HZ)
    vsz, rss = (0, 0) if proc.kernel else (proc.vsz * 1024, proc.rss // PAGE_KIB)
    tty = _tty_nr(proc.tty)
    tpgid = (proc.pid if "+" in proc.stat else sid) if tty else -1
    flags = 0x208040 if proc.kernel else 0x400100
    fields = [proc.pid, f"({proc.comm})", proc.state, proc.ppid, pgrp, sid, tty, tpgid, flags,
              0, 0, 0, 0, cpu, 0, 0, 0, 20 + proc.nice, proc.nice, 1, 0, ticks, vsz, rss,
              18446744073709551615 if not proc.kernel else 0, *([0] * 27)]
    fields[37] = 17   # exit_signal: SIGCHLD
    return " ".join(str(f) for f in fields[:52]) + "\n"


def status_text(proc: Process, groups: list[int], hw: Hardware) -> str:
    """/proc/PID/status, Linux 5.15's lines in its order."""
    uid, gid = proc.uid, proc.gid
    rows = [("Name", proc.comm), ("Umask", "0022"), ("State", STATES.get(proc.state, proc.state)),
            ("Tgid", proc.pid), ("Ngid", 0), ("Pid", proc.pid), ("PPid", proc.ppid), ("TracerPid", 0),
            ("Uid", f"{uid}\t{uid}\t{uid}\t{uid}"), ("Gid", f"{gid}\t{gid}\t{gid}\t{gid}"),
            ("FDSize", 64 if proc.kernel else 256), ("Groups", " ".join(map(str, groups)) + " "),
            ("NStgid", proc.pid), ("NSpid", proc.pid), ("NSpgid", proc.pid), ("NSsid", proc.pid)]
    if not proc.kernel:
        rss, vsz = proc.rss, max(proc.vsz, proc.rss)
        anon = max(4, rss // 8)
        kb = [("VmPeak", vsz), ("VmSize", vsz), ("VmLck", 0), ("VmPin", 0), ("VmHWM", rss), ("VmRSS", rss),
              ("RssAnon", anon), ("RssFile", rss - anon), ("RssShmem", 0), ("VmData", max(4, vsz // 12)),
              ("VmStk", 132), ("VmExe", max(4, vsz // 40)), ("VmLib", max(4, vsz // 5)),
              ("VmPTE", 44 + vsz // 1000), ("VmSwap", 0), ("HugetlbPages", 0)]
        rows += [(k, f"{v:8d} kB") for k, v in kb] + [("CoreDumping", 0), ("THP_enabled", 1)]
    sigpending = hw.mem_total_kib // PAGE_KIB // 64
    ignored = "ffffffffffffffff" if proc.kernel else "0000000000000000"
    caps = "000001ffffffffff" if uid == 0 else "0000000000000000"
    cpus = (1 << hw.cores) - 1
    rows += [("Threads", 1), ("SigQ", f"0/{sigpending}"), ("SigPnd", "0" * 16), ("ShdPnd", "0" * 16),
             ("SigBlk", "0" * 16), ("SigIgn", ignored), ("SigCgt", "0" * 16), ("CapInh", "0" * 16),
             ("CapPrm", caps), ("CapEff", caps), ("CapBnd", "000001ffffffffff"), ("CapAmb", "0" * 16),
             ("NoNewPrivs", 0), ("Seccomp", 0), ("Seccomp_filters", 0),
             ("Speculation_Store_Bypass", "thread vulnerable"), ("SpeculationIndirectBranch", "conditional enabled"),
             ("Cpus_allowed", f"{cpus:x}"), ("Cpus_allowed_list", f"0-{hw.cores - 1}" if hw.cores > 1 else "0"),
             ("Mems_allowed", MEMS_ALLOWED), ("Mems_allowed_list", 0),
             ("voluntary_ctxt_switches", 0 if proc.kernel else 12), ("nonvoluntary_ctxt_switches", 0)]
    return "".join(f"{k}:\t{v}\n" for k, v in rows)
