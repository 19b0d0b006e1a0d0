"""The cron daemon's work, done on the machine's clock between the learner's command lines.

Before each command line the session calls `tick`: while cron.service is active, the jobs due
since the last look (filesystem/cron.py decides which) run now, each as its user through
`/bin/sh -c` in a shell of its own (cron's environment, cwd = home) under the session's limits,
as a `CRON` child of the cron daemon visible in the process table while it runs.  Ubuntu has no
MTA: output is discarded and the journal says so, as real cron logs it.  Bounded: at most
MAX_JOBS runs per look, each entry once, only the last MAX_MINUTES minutes scanned, a short wall
time per job.  Nothing runs while the learner waits at the prompt (no thread).
"""
from __future__ import annotations

import dataclasses
import re
import threading
import time
import weakref
from typing import TYPE_CHECKING

from shelldojo.filesystem import accounts, cron
from shelldojo.filesystem.credentials import ROOT, acting_as
from shelldojo.shell.streams import BytesInput, OutputStream

if TYPE_CHECKING:
    from shelldojo.filesystem import Machine
    from shelldojo.shell.session import Session

DAEMON = "/usr/sbin/cron"
UNIT = "cron.service"
MAX_JOBS = 8               # runs per look
MAX_MINUTES = 60           # minutes scanned per look
MAX_ENTRIES = 2_000        # entries looked at, all tables together
JOB_SECONDS = 2.0          # wall time of one job (a `sleep 3600` job must not hold the prompt)
MAX_TABLE = 1 << 20
CRON_D_NAME = re.compile(r"^[A-Za-z0-9_-]+$")   # run-parts' rule: files with dots are ignored

clock = time.time          # the machine's clock (tests replace it)


@dataclasses.dataclass
class _Seen:
    last: float                 # the last look
    since: float | None         # when the daemon we saw started (a restart runs @reboot again)


_seen: weakref.WeakKeyDictionary[Machine, _Seen] = weakref.WeakKeyDictionary()
_parsed: weakref.WeakKeyDictionary[Machine, dict[str, tuple[tuple[float, int, int], list[cron.CronEntry]]]] = \
    weakref.WeakKeyDictionary()
_local = threading.local()      # .running: a job's own shell (this thread) does not look again


class _Counter(OutputStream):
    """Where a job's output goes (no MTA): counted, then dropped."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> None:
        self.size += len(data)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def tick(session: Session) -> None:
    """Run the jobs due since the last look (cheap when cron is not installed)."""
    machine = session.machine
    if getattr(_local, "running", False) or not machine.vfs.exists(DAEMON):
        return
    with acting_as(ROOT):
        st = machine.services.state(UNIT)
    now = clock()
    seen = _seen.get(machine)
    if st.active != "active":
        _seen.pop(machine, None)
        return
    if seen is None or seen.since != st.since:     # the daemon (re)started: @reboot jobs run
        _seen[machine] = _Seen(now, st.since)
        runs = [(now, e) for e in _tables(machine) if e.reboot]
    elif now < seen.last:                         # the clock went back: nothing is due again
        seen.last, runs = now, []
    else:
        entries = [e for e in _tables(machine) if not e.reboot]
        runs = cron.due(entries, seen.last, now, max_minutes=MAX_MINUTES, max_jobs=MAX_JOBS)
        seen.last = max(seen.last, now)
    if not runs:
        return
    _local.running = True
    try:
        for when, entry in runs[:MAX_JOBS]:
            _run(session, st.main_pid, entry, when)
    finally:
        _local.running = False


def _tables(machine: Machine) -> list[cron.CronEntry]:
    """Every entry cron would load: the spool's (named by user), /etc/crontab, /etc/cron.d/*.
    A table with an error is skipped whole, as cron does."""
    vfs = machine.vfs
    found: list[cron.CronEntry] = []
    with acting_as(ROOT):
        sources: list[tuple[str, str]] = []            # (path, user or "" for system tables)
        try:
            sources += [(f"{cron.SPOOL}/{n}", n) for n in sorted(vfs.listdir(cron.SPOOL))]
        except OSError:
            pass
        sources += [(p, "") for p in cron.SYSTEM_TABLES]
        try:
            sources += [(f"{cron.CRON_D}/{n}", "") for n in sorted(vfs.listdir(cron.CRON_D))
                        if CRON_D_NAME.match(n)]
        except OSError:
            pass
        cache = _parsed.setdefault(machine, {})
        for path, user in sources:
            try:
                st = vfs.stat(path)
                key = (st.st_mtime, st.st_size, st.st_ino)
                if path in cache and cache[path][0] == key:     # vixie rereads a changed file only
                    found += cache[path][1]
                    continue
                if not vfs.isfile(path):
                    continue
                text = vfs.read_bytes(path)[:MAX_TABLE].decode("utf-8", "surrogateescape")
            except OSError:
                continue
            table = cron.parse(text, system=not user)
            entries = [] if table.error is not None else table.entries
            for entry in entries:
                if user:
                    entry.user = user
            cache[path] = (key, entries)
            found += entries
        for gone in set(cache) - {p for p, _u in sources}:
            del cache[gone]
    return found[:MAX_ENTRIES]


def _run(session: Session, daemon_pid: int, entry: cron.CronEntry, when: float) -> None:
    """One job, as vixie's do_command: a CRON child logs the command, runs /bin/sh -c."""
    job_session = type(session)        # a Session of its own (no import: session.py imports us)
    machine = session.machine
    account = accounts.user_by_name(machine.vfs, entry.user)
    if account is None:
        return
    journal = machine.services.journal
    child = machine.procs.spawn(daemon_pid or 1, 0, 0, ["/usr/sbin/CRON", "-f", "-P"], exe=DAEMON, comm="cron",
                                tty="?")
    command, stdin = entry.shell_parts()
    journal.log(UNIT, f"({entry.user}) CMD ({command})", pid=child.pid, ident="CRON", when=when)
    out = _Counter()
    limits = dataclasses.replace(session.limits, wall_time_s=min(session.limits.wall_time_s, JOB_SECONDS))
    try:
        job = job_session(machine, user=entry.user, limits=limits, stdin=BytesInput(stdin.encode()),
                         stdout=out, stderr=out, cwd=account.home, script_name="/bin/sh", arg0="/bin/sh")
    except (ValueError, OSError):
        machine.procs.reap(child.pid)
        return
    proc = job.state.process
    if proc is not None:
        proc.ppid, proc.argv, proc.comm, proc.exe = child.pid, ["/bin/sh", "-c", command], "sh", "/usr/bin/dash"
    env = {"HOME": account.home, "LOGNAME": entry.user, "PATH": "/usr/bin:/bin", "SHELL": "/bin/sh",
           **{k: v for k, v in entry.env.items() if k not in ("LOGNAME",)}}
    for name in ("USER", "HOSTNAME", "SHLVL", "LANG"):
        job.state.unset(name)
    for name, value in env.items():
        job.state.set(name, value, export=True)
    try:
        job.run_source(command)
    finally:
        job.end()
        if proc is not None:
            machine.procs.reap(proc.pid)
        machine.procs.reap(child.pid)
    if out.size:
        journal.log(UNIT, "(CRON) info (No MTA installed, discarding output)", pid=child.pid, ident="CRON",
                    when=when)
