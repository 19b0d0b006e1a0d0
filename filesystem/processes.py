"""The machine's process table: models of processes, never host threads or host CPU.

One `ProcessTable` per machine (it is not saved with the disk: a loaded or cloned machine
boots again).  At boot it holds what a freshly started Ubuntu shows in `ps -ef`: pid 1
(systemd), the kernel threads, systemd's own daemons.  The shell adds its login shell and
every program it runs (pipeline stages and subshells too) for as long as they run; a
challenge or a service may add a model process (a name, a CPU share, a memory size) that
costs nothing real.  Pids grow as on Linux and are never reused within a table.
"""
from __future__ import annotations

import errno
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from shelldojo.filesystem.errors import oserror

# Signal numbers of x86-64 Linux, in `kill -l` order (1..31; the real-time ones follow).
SIGNALS = ("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
           "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
           "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS")
SIGNUM = {name: i for i, name in enumerate(SIGNALS, 1)}
SIGRTMIN, SIGRTMAX = 34, 64
# Default actions other than "terminate": ignore, stop, continue.
IGNORED = frozenset({"CHLD", "URG", "WINCH"})
STOPPING = frozenset({"STOP", "TSTP", "TTIN", "TTOU"})

# (rss KiB, vsz KiB) of the programs a learner meets; any other program gets DEFAULT_MEMORY.
MEMORY = {"systemd": (12_468, 167_700), "systemd-journal": (15_360, 48_172),
          "systemd-logind": (7_808, 17_232), "systemd-udevd": (6_912, 25_388),
          "bash": (5_248, 8_972), "sh": (1_664, 2_892), "ps": (3_584, 11_200),
          "cron": (2_688, 6_816), "sleep": (1_024, 5_768)}
DEFAULT_MEMORY = (2_304, 6_212)

# Kernel threads of a 2-core Ubuntu 23.04 machine, as ps names them (pid, name, state).
KERNEL_THREADS = (
    (2, "kthreadd", "S"), (3, "rcu_gp", "I<"), (4, "rcu_par_gp", "I<"), (5, "slub_flushwq", "I<"),
    (6, "netns", "I<"), (8, "kworker/0:0H-events_highpri", "I<"), (10, "mm_percpu_wq", "I<"),
    (11, "rcu_tasks_kthread", "I"), (12, "rcu_tasks_rude_kthread", "I"),
    (13, "rcu_tasks_trace_kthread", "I"), (14, "ksoftirqd/0", "S"), (15, "rcu_preempt", "I"),
    (16, "migration/0", "S"), (17, "idle_inject/0", "S"), (18, "cpuhp/0", "S"),
    (19, "cpuhp/1", "S"), (20, "idle_inject/1", "S"), (21, "migration/1", "S"),
    (22, "ksoftirqd/1", "S"), (24, "kworker/1:0H-events_highpri", "I<"), (25, "kdevtmpfs", "S"),
    (26, "inet_frag_wq", "I<"), (27, "kauditd", "S"), (28, "khungtaskd", "S"),
    (29, "oom_reaper", "S"), (31, "writeback", "I<"), (32, "kcompactd0", "S"),
    (33, "ksmd", "SN"), (34, "khugepaged", "SN"), (35, "kintegrityd", "I<"),
    (36, "kblockd", "I<"), (37, "blkcg_punt_bio", "I<"), (80, "kworker/u4:2-events_unbound", "I"),
    (97, "jbd2/sda1-8", "S"), (98, "ext4-rsv-conver", "I<"),
)
# systemd's own daemons (what every Ubuntu runs whatever is installed): pid, argv, flags
DAEMONS = (
    (141, ("/lib/systemd/systemd-journald",), "Ss"),
    (178, ("/lib/systemd/systemd-udevd",), "Ss"),
    (402, ("/lib/systemd/systemd-logind",), "Ss"),
)
FIRST_USER_PID = 1000   # the learner's first shell; the next ones count on from here


@dataclass(slots=True)
class Process:
    """One process as ps and /proc/PID show it.  `cpu` is a share of one core in percent
    (a model: nothing runs); rss and vsz are KiB; `stat` holds ps's extra STAT letters."""

    pid: int
    ppid: int
    uid: int
    gid: int
    argv: list[str]
    comm: str
    start: float
    tty: str = "?"              # "pts/0" for the learner's terminal
    state: str = "S"            # R running, S sleeping, T stopped, Z zombie, I idle
    stat: str = ""              # s session leader, + foreground, < N niceness, l threads
    cwd: str = "/"
    env: Mapping[str, str] = field(default_factory=dict)
    exe: str = ""
    nice: int = 0
    cpu: float = 0.0
    rss: int = 0
    vsz: int = 0
    kernel: bool = False
    status: int | None = None   # the exit status once ended by a signal (128+n)
    # a process the shell really runs (itself, a subshell, a job) takes its signals through
    # this callback (traps, its own default action) instead of the model's default action
    deliver: Callable[[int], None] | None = None
    pending: list[int] = field(default_factory=list)   # signals its owner has yet to act on

    @property
    def cmdline(self) -> str:
        """What ps shows as args/CMD: the command line, or [name] for a kernel thread."""
        if self.kernel:
            return f"[{self.comm}]"
        return " ".join(self.argv) or f"[{self.comm}]"

    def cpu_seconds(self, now: float) -> float:
        """CPU time used so far, from the modelled share (nothing really ran)."""
        return max(0.0, now - self.start) * self.cpu / 100


EXEC_WAIT_S = 0.1   # the longest a reader of the table waits for forked pipeline stages to exec
BOOT_AGO_S = 3 * 3600 + 17 * 60 + 42   # the VM was started a while before the session


def boot_time() -> float:
    """When a machine made now says it booted (a whole second, as the kernel's btime)."""
    return float(int(time.time()) - BOOT_AGO_S)


def comm_of(path: str) -> str:
    """The kernel's comm: the program file's name, cut to 15 bytes."""
    return path.rsplit("/", 1)[-1][:15]


class ProcessTable:
    """All processes of one machine, by pid.  Thread-safe: pipeline stages register
    themselves from their own threads."""

    def __init__(self, boot_time: float | None = None) -> None:
        self.boot_time = time.time() - 300 if boot_time is None else boot_time
        self.procs: dict[int, Process] = {}
        self._last = 0
        self._lock = threading.Lock()
        self._current = threading.local()   # .stack: the pids running in this thread
        # pipeline stages forked but not yet exec'd (bash execs each at once): whoever reads
        # the table waits a moment for them, so `ps aux | grep x` lists the grep
        self._execing: set[int] = set()
        self._exec_done = threading.Condition(self._lock)
        self._boot()

    def _boot(self) -> None:
        t = self.boot_time
        self.add(Process(1, 0, 0, 0, ["/sbin/init"], "systemd", t, stat="s", exe="/usr/lib/systemd/systemd",
                         cpu=0.1, rss=MEMORY["systemd"][0], vsz=MEMORY["systemd"][1]))
        for pid, name, state in KERNEL_THREADS:
            self.add(Process(pid, 0 if pid == 2 else 2, 0, 0, [], name, t, state=state[0], stat=state[1:],
                             kernel=True, nice=-20 if "<" in state else 19 if "N" in state else 0))
        for pid, argv, stat in DAEMONS:
            comm = comm_of(argv[0])
            rss, vsz = MEMORY.get(comm, DEFAULT_MEMORY)
            self.add(Process(pid, 1, 0, 0, list(argv), comm, t + 1, stat=stat[1:], exe=argv[0], rss=rss, vsz=vsz))
        self._last = FIRST_USER_PID - 1

    # -- the table -------------------------------------------------------------
    def add(self, proc: Process) -> Process:
        with self._lock:
            self.procs[proc.pid] = proc
            self._last = max(self._last, proc.pid)
        return proc

    def spawn(self, ppid: int, uid: int, gid: int, argv: Sequence[str], *, exe: str = "",
              comm: str | None = None, cwd: str = "/", env: Mapping[str, str] | None = None,
              tty: str | None = None, state: str = "S", cpu: float = 0.0, rss: int | None = None,
              stat: str = "") -> Process:
        """A new process, child of `ppid` (which lends it its tty), with the next free pid."""
        name = comm if comm is not None else comm_of(exe or (argv[0] if argv else "?"))
        mem = MEMORY.get(name, DEFAULT_MEMORY)
        parent = self.procs.get(ppid)
        with self._lock:
            self._last += 1
            pid = self._last
        proc = Process(pid, ppid, uid, gid, list(argv), name, time.time(),
                       tty=tty if tty is not None else (parent.tty if parent else "?"),
                       state=state, stat=stat, cwd=cwd, env=env or {}, exe=exe, cpu=cpu,
                       rss=mem[0] if rss is None else rss, vsz=max(mem[1], rss or 0),
                       nice=parent.nice if parent else 0)  # a child inherits its niceness (nice, renice)
        self.procs[pid] = proc
        return proc

    def reap(self, pid: int) -> None:
        """The process ended: it leaves the table (its parent waited for it)."""
        self.procs.pop(pid, None)

    def get(self, pid: int) -> Process | None:
        return self.procs.get(pid)

    def expect_exec(self, pid: int) -> None:
        with self._lock:
            self._execing.add(pid)

    def exec_done(self, pid: int) -> None:
        with self._lock:
            self._execing.discard(pid)
            self._exec_done.notify_all()

    def __iter__(self) -> Iterator[Process]:
        """The processes in pid order (a snapshot: safe while others change the table)."""
        if self._execing:
            self._settle()
        procs = list(self.procs.values())
        return iter(sorted(procs, key=lambda p: p.pid))

    def _settle(self) -> None:
        """Wait (at most EXEC_WAIT_S, the machine's lock let go) for forked stages to exec."""
        from shelldojo.filesystem.credentials import machine_released
        deadline = time.monotonic() + EXEC_WAIT_S
        with machine_released(), self._lock:
            while self._execing and (left := deadline - time.monotonic()) > 0:
                self._exec_done.wait(left)

    def children(self, pid: int) -> list[Process]:
        return [p for p in self if p.ppid == pid]

    # -- the process running in this thread (what /proc/self names) -------------
    def enter(self, pid: int) -> None:
        stack = getattr(self._current, "stack", None)
        if stack is None:
            stack = self._current.stack = []
        stack.append(pid)

    def leave(self) -> None:
        stack = getattr(self._current, "stack", None)
        if stack:
            stack.pop()

    def current(self) -> int | None:
        stack = getattr(self._current, "stack", None)
        return stack[-1] if stack else None

    # -- signals ---------------------------------------------------------------
    def signal(self, pid: int, signum: int, uid: int) -> Process:
        """Send `signum` to `pid` as user `uid` and apply its default action to a model.
        Raises ESRCH (no such process) or EPERM (another user's, unless root).  Signal 0
        only checks.  The caller acts on the processes it runs itself (the shell)."""
        proc = self.procs.get(pid)
        if proc is None or proc.state == "Z":
            raise oserror(errno.ESRCH, str(pid))
        if uid != 0 and uid != proc.uid:
            raise oserror(errno.EPERM, str(pid))
        if signum == 0:
            return proc
        if proc.kernel or pid == 1:
            return proc  # the kernel and init ignore signals they have no handler for
        if proc.deliver is not None:
            proc.deliver(signum)
            return proc
        name = SIGNALS[signum - 1] if 0 < signum <= len(SIGNALS) else ""
        if name in IGNORED:
            return proc
        if name in STOPPING:
            proc.state = "T"
        elif name == "CONT":
            if proc.state == "T":
                proc.state = "R" if proc.cpu else "S"
        else:
            proc.status = 128 + signum
            self.reap(pid)
        return proc


def signal_number(name: str) -> int | None:
    """A signal by name (TERM, SIGTERM, sigterm, RTMIN+1) or number as kill takes it."""
    if name.isdigit():
        n = int(name)
        return n if 0 <= n <= SIGRTMAX else None
    key = name.upper().removeprefix("SIG")
    if key in SIGNUM:
        return SIGNUM[key]
    if key == "EXIT":
        return 0
    for base, start, sign in (("RTMIN", SIGRTMIN, 1), ("RTMAX", SIGRTMAX, -1)):
        if key == base:
            return start
        if key.startswith(base) and key[len(base):len(base) + 1] in "+-" and key[len(base) + 1:].isdigit():
            n = start + int(key[len(base):])
            return n if SIGRTMIN <= n <= SIGRTMAX else None
    return None


def signal_name(num: int) -> str:
    """The name bash's `kill -l N` prints (without SIG)."""
    if 0 < num <= len(SIGNALS):
        return SIGNALS[num - 1]
    if SIGRTMIN <= num <= SIGRTMAX:
        if num == SIGRTMIN:
            return "RTMIN"
        if num == SIGRTMAX:
            return "RTMAX"
        return f"RTMIN+{num - SIGRTMIN}" if num <= SIGRTMIN + 15 else f"RTMAX-{SIGRTMAX - num}"
    return ""
