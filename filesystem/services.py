"""A small service manager: systemd as a learner meets it (units, states, the journal).

Units are files under /etc/systemd/system (the learner's, first) and /lib/systemd/system (apt's),
read by filesystem/units.py.  Enabling is the symlink in /etc/systemd/system/<target>.wants, as
systemd does it, so `ls` shows it.  A started service is
one or more model processes in the machine's process table (nginx's master and workers, cron,
sshd, or a unit's own ExecStart program): nothing runs on the host.

The runtime state (which services run, since when, their pids, the journal) is kept in one
root-only file, STATE, so it survives cloning and saving the machine: a machine that comes
back puts its services' model processes back in its new process table.
"""
from __future__ import annotations

import dataclasses
import json
import posixpath
import shlex
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shelldojo.filesystem.credentials import ROOT, acting_as
from shelldojo.filesystem.journal import Entry, Journal
from shelldojo.filesystem.processes import Process, comm_of
from shelldojo.filesystem.units import DAEMON_MODELS, Unit, parse_unit, unit_name

SERVICES_STATE = "/run/systemd/shelldojo-units.json"   # also named in machine.py (checked by a test)
# (unit, its main model process) -> (exit status, or None while it still runs; its output lines)
ProgramRunner = Callable[[Unit, Process], tuple[int | None, list[str]]]

if TYPE_CHECKING:
    from shelldojo.filesystem.machine import Machine

UNIT_DIRS = ("/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system")
ETC = "/etc/systemd/system"
STATE = SERVICES_STATE
MAX_STATE_BYTES = 1 << 20
# systemd's own services (part of the base system: their processes are booted by ProcessTable)
BASE_UNITS = {
    "systemd-journald.service": ("Journal Service", "/lib/systemd/systemd-journald", 141),
    "systemd-logind.service": ("User Login Management", "/lib/systemd/systemd-logind", 402),
    "systemd-udevd.service": ("Rule-based Manager for Device Events and Files", "/lib/systemd/systemd-udevd", 178),
}


@dataclass
class ServiceState:
    active: str = "inactive"       # active, inactive, failed
    sub: str = "dead"              # running, exited, dead, failed
    since: float | None = None
    main_pid: int = 0
    pids: list[int] = field(default_factory=list)
    result: str = ""               # exit-code when failed
    exit_status: int = 0           # the main process's status once it ended
    exit_code: str = "exited"      # exited or killed (by a signal)
    started: float | None = None   # when it last became active (CPU time grows from it)


class ServiceManager:
    """The services of one machine."""

    def __init__(self, machine: Machine) -> None:
        self.machine = machine
        self.vfs = machine.vfs
        self.journal = Journal(machine.vfs)
        self.states: dict[str, ServiceState] = {}
        self.loaded: dict[str, str] = {}     # unit name -> the text systemd loaded (daemon-reload)
        self._written: bytes | None = None   # what _save last wrote to STATE
        self._restore()

    # -- units -----------------------------------------------------------------
    def find(self, name: str) -> Unit | None:
        """The unit as systemd would load it (first directory that has it wins)."""
        name = unit_name(name)
        with acting_as(ROOT):
            for d in UNIT_DIRS:
                path = f"{d}/{name}"
                try:
                    if self.vfs.islink(path) and d == ETC:     # an Alias= link names the real unit
                        real = posixpath.basename(self.vfs.readlink(path))
                        if real != name and real.endswith(".service"):
                            return self.find(real)
                    if self.vfs.isfile(path):
                        text = self.vfs.read_bytes(path)[:MAX_STATE_BYTES].decode("utf-8", "replace")
                        return parse_unit(name, self._shown_path(d, name), text)
                except OSError:
                    continue
        if name in BASE_UNITS:
            desc, exe, _pid = BASE_UNITS[name]
            return Unit(name, f"/lib/systemd/system/{name}", desc, exec_start=[exe], type="notify",
                        wanted_by=["sysinit.target"])
        return None

    @staticmethod
    def _shown_path(directory: str, name: str) -> str:
        return f"{directory}/{name}"

    def names(self) -> list[str]:
        """Every service unit on disk (and systemd's own), sorted."""
        found = set(BASE_UNITS)
        with acting_as(ROOT):
            for d in UNIT_DIRS:
                try:
                    found.update(n for n in self.vfs.listdir(d) if n.endswith(".service"))
                except OSError:
                    continue
        return sorted(found)

    def changed_on_disk(self, unit: Unit) -> bool:
        loaded = self.loaded.get(unit.name)
        return loaded is not None and loaded != unit.text

    def daemon_reload(self) -> None:
        self.loaded = {}
        for name, st in self.states.items():
            unit = self.find(name)
            if unit is not None and st.active == "active":
                self.loaded[name] = unit.text
        self.journal.log("", "Reloading.")
        self._save()

    def state(self, name: str) -> ServiceState:
        name = unit_name(name)
        if name in BASE_UNITS and name not in self.states:
            pid = BASE_UNITS[name][2]
            boot = self.machine.procs.boot_time + 1
            return ServiceState("active", "running", boot, pid, [pid], started=boot)
        return self.states.get(name) or ServiceState()

    # -- enabling --------------------------------------------------------------
    def wants_links(self, unit: Unit) -> list[str]:
        """The links `enable` makes: aliases first, then the targets' wants, as systemctl lists them."""
        return [f"{ETC}/{alias}" for alias in unit.aliases if alias.endswith(".service")] + \
               [f"{ETC}/{target}.wants/{unit.name}" for target in unit.wanted_by]

    def enabled(self, unit: Unit) -> str:
        """is-enabled's word: enabled, disabled, static (no [Install]), or alias/masked aside."""
        if unit.name in BASE_UNITS:
            return "static"
        if not unit.wanted_by:
            return "static"
        with acting_as(ROOT):
            return "enabled" if any(self.vfs.islink(p) for p in self.wants_links(unit)) else "disabled"

    def enable(self, unit: Unit) -> list[tuple[str, str]]:
        """Make the [Install] symlinks; returns (link, target) for each one created."""
        made = []
        with acting_as(ROOT):
            for link in self.wants_links(unit):
                if self.vfs.islink(link):
                    continue
                self.vfs.makedirs(posixpath.dirname(link), exist_ok=True)
                self.vfs.symlink(unit.path, link)
                made.append((link, unit.path))
        return made

    def disable(self, unit: Unit) -> list[str]:
        """Remove the [Install] symlinks; returns the links removed."""
        gone = []
        with acting_as(ROOT):
            for link in self.wants_links(unit):
                if self.vfs.islink(link):
                    self.vfs.unlink(link)
                    gone.append(link)
        return gone

    # -- starting and stopping -------------------------------------------------
    def start(self, unit: Unit, *, when: float | None = None, run: ProgramRunner | None = None) -> bool:
        """Start the unit's model processes; False (and the journal says why) when it fails.
        `run` (the shell's, shell/unit_runner.py) really runs a unit's own program for a slice:
        its output goes to the journal, and a program that ended leaves the service dead or failed."""
        st = self.state(unit.name)
        if st.active == "active":
            return True
        now = time.time() if when is None else when
        self.journal.log(unit.name, f"Starting {unit.title}...", when=now)
        failure = self._exec_error(unit)
        if failure:
            proc = self.machine.procs.spawn(1, 0, 0, unit.exec_start)
            self.machine.procs.reap(proc.pid)
            ident = "(" + comm_of(unit.exec_start[0])[:13] + ")"   # systemd's child before exec
            exe = unit.exec_start[0]
            self.journal.log(unit.name, f"{unit.name}: Failed to locate executable {exe}: {failure}",
                             pid=proc.pid, ident=ident, when=now)
            self.journal.log(unit.name, f"{unit.name}: Failed at step EXEC spawning {exe}: {failure}",
                             pid=proc.pid, ident=ident, when=now)
            self._failed(unit, proc.pid, 203, now)
            return False
        if unit.exec_start_pre and run is not None and not self._control(unit, unit.exec_start_pre, run, now):
            self.journal.log(unit.name, f"Failed to start {unit.title}.", when=now)
            self._save()
            return False
        procs = self._spawn(unit, now)
        self.states[unit.name] = ServiceState("active", "running", now, procs[0].pid,
                                              [p.pid for p in procs], started=now)
        self.loaded[unit.name] = unit.text
        self.journal.log(unit.name, f"Started {unit.title}.", when=now)
        self._save()
        exe = unit.exec_start[0] if unit.exec_start else ""
        if run is not None and exe and comm_of(exe) not in DAEMON_MODELS:
            status, lines = run(unit, procs[0])
            ident = posixpath.basename(exe)
            for line in lines:
                self.journal.log(unit.name, line, pid=procs[0].pid, ident=ident, when=now)
            if status is not None:
                self._ended(unit, status, now)
        return True

    def _control(self, unit: Unit, argv: list[str], run: ProgramRunner, now: float) -> bool:
        """Run a control command (ExecStartPre=, ExecReload=) to its end; False, with systemd's
        journal lines and the unit failed, when it exits non-zero."""
        proc = self.machine.procs.spawn(1, 0, 0, argv)
        status, lines = run(dataclasses.replace(unit, exec_start=argv), proc)
        self.machine.procs.reap(proc.pid)
        for line in lines:
            self.journal.log(unit.name, line, pid=proc.pid, ident=comm_of(argv[0]), when=now)
        if not status:
            return True
        word = {1: "FAILURE"}.get(status, "")
        self.journal.log(unit.name, f"{unit.name}: Control process exited, code=exited, status={status}/{word}"
                         .rstrip("/"), when=now)
        self.journal.log(unit.name, f"{unit.name}: Failed with result 'exit-code'.", when=now)
        st = self.states.get(unit.name)
        if st is None or st.active != "active":   # a failed start; a failed reload keeps it running
            self.states[unit.name] = ServiceState("failed", "failed", now, 0, [], "exit-code", status, "exited")
        return False

    def reload_with(self, unit: Unit, run: ProgramRunner | None) -> bool:
        """systemctl reload: ExecReload= run through `run` (when given); False when it failed."""
        if run is not None and unit.exec_reload:
            now = time.time()
            self.journal.log(unit.name, f"Reloading {unit.title}...", when=now)
            if not self._control(unit, shlex.split(unit.exec_reload.lstrip("-@")), run, now):
                self._save()
                return False
            self.loaded[unit.name] = unit.text
            self.journal.log(unit.name, f"Reloaded {unit.title}.", when=now)
            self._save()
            return True
        self.reload(unit)
        return True

    def _ended(self, unit: Unit, status: int, now: float) -> None:
        """The main process of a started service exited by itself (systemd's messages)."""
        st = self.states.get(unit.name)
        if st is None:
            return
        for pid in st.pids:
            self.machine.procs.reap(pid)
        if status == 0:
            st.active, st.sub, st.since, st.pids = "inactive", "dead", now, []
            self.journal.log(unit.name, f"{unit.name}: Deactivated successfully.", when=now)
        else:
            word = {1: "FAILURE", 2: "INVALIDARGUMENT", 126: "", 127: "", 203: "EXEC", 217: "USER"}.get(status, "")
            self.journal.log(unit.name, f"{unit.name}: Main process exited, code=exited, status={status}/{word}"
                             .rstrip("/"), when=now)
            self.journal.log(unit.name, f"{unit.name}: Failed with result 'exit-code'.", when=now)
            st.active, st.sub, st.since, st.pids = "failed", "failed", now, []
            st.result, st.exit_status, st.exit_code = "exit-code", status, "exited"
        self._save()

    def stop(self, unit: Unit, *, when: float | None = None) -> None:
        st = self.states.get(unit.name)
        if st is None or st.active != "active":
            if st is not None and st.active == "failed":
                st.active, st.sub = "inactive", "dead"
                self._save()
            return
        now = time.time() if when is None else when
        self.journal.log(unit.name, f"Stopping {unit.title}...", when=now)
        for pid in st.pids:
            self.machine.procs.reap(pid)
        st.active, st.sub, st.since, st.pids, st.exit_status, st.exit_code = \
            "inactive", "dead", now, [], 0, "exited"
        self.journal.log(unit.name, f"{unit.name}: Deactivated successfully.", when=now)
        self.journal.log(unit.name, f"Stopped {unit.title}.", when=now)
        self._save()

    def fail(self, unit: Unit, message: str = "", status: int = 1, *, when: float | None = None) -> None:
        """Put the unit in the failed state as if its main process exited with `status`
        (a challenge's broken service); `message` is what the program said before it died."""
        now = time.time() if when is None else when
        self.stop(unit, when=now)
        self.journal.log(unit.name, f"Starting {unit.title}...", when=now)
        proc = self.machine.procs.spawn(1, 0, 0, unit.exec_start or ["?"])
        self.machine.procs.reap(proc.pid)
        if message:
            ident = comm_of(unit.exec_start[0]) if unit.exec_start else unit.name.removesuffix(".service")
            for line in message.splitlines():
                self.journal.log(unit.name, line, pid=proc.pid, ident=ident, when=now)
        self._failed(unit, proc.pid, status, now)

    def _failed(self, unit: Unit, pid: int, status: int, now: float) -> None:
        word = {1: "FAILURE", 203: "EXEC"}.get(status, "")
        self.journal.log(unit.name, f"{unit.name}: Main process exited, code=exited, status={status}/{word}"
                         .rstrip("/"), when=now)
        self.journal.log(unit.name, f"{unit.name}: Failed with result 'exit-code'.", when=now)
        self.journal.log(unit.name, f"Failed to start {unit.title}.", when=now)
        self.states[unit.name] = ServiceState("failed", "failed", now, pid, [], "exit-code", status, "exited")
        self._save()

    def reload(self, unit: Unit) -> None:
        self.journal.log(unit.name, f"Reloading {unit.title}...")
        self.loaded[unit.name] = unit.text
        self.journal.log(unit.name, f"Reloaded {unit.title}.")
        self._save()

    def _exec_error(self, unit: Unit) -> str:
        """Why ExecStart cannot run ("" when it can): its program is missing or not executable."""
        if not unit.exec_start:
            return ""
        exe = unit.exec_start[0]
        with acting_as(ROOT):
            if not exe.startswith("/") or not self.vfs.isfile(exe):
                return "No such file or directory"
            if not self.vfs.stat(exe).st_mode & 0o111:
                return "Permission denied"
        return ""

    def _spawn(self, unit: Unit, now: float) -> list[Process]:
        """The model processes of a running service, main one first."""
        table = self.machine.procs
        uid, gid = self._ids(unit.user) if unit.user else (0, 0)
        exe = unit.exec_start[0] if unit.exec_start else "/bin/true"
        prog = comm_of(exe)
        models = DAEMON_MODELS.get(prog)
        procs: list[Process] = []
        if models:
            for argv, user, count in models:
                for _ in range(count):
                    u, g = self._ids(user) if user else (uid, gid)
                    parent = procs[0].pid if procs else 1
                    p = table.spawn(parent, u, g, [argv], exe=exe, comm=prog, tty="?")
                    p.start, p.stat = now, "s" if not procs else ""
                    procs.append(p)
            return procs
        argv = list(unit.exec_start) or [exe]
        interp = self._interpreter(exe)
        p = table.spawn(1, uid, gid, interp + argv, exe=(interp[0] if interp else exe), comm=prog, tty="?")
        p.start, p.stat = now, "s"
        return [p]

    def _interpreter(self, exe: str) -> list[str]:
        """A script's `#!` line as the kernel runs it (ps shows `/bin/bash /path/script`)."""
        try:
            with acting_as(ROOT):
                head = self.vfs.read_bytes(exe)[:256]
        except OSError:
            return []
        if not head.startswith(b"#!") or head.startswith(b"#!shelldojo"):
            return []
        return head[2:].split(b"\n", 1)[0].decode("utf-8", "replace").split()[:2]

    def _ids(self, user: str) -> tuple[int, int]:
        from shelldojo.filesystem import accounts
        account = accounts.user_by_name(self.vfs, user)
        return (account.uid, account.gid) if account else (65534, 65534)

    def processes(self, name: str) -> Iterator[Process]:
        st = self.state(name)
        for pid in st.pids:
            proc = self.machine.procs.get(pid)
            if proc is not None:
                yield proc

    def check_alive(self, name: str) -> None:
        """A service whose main process was killed (kill -9 by hand) is dead: systemd notices."""
        st = self.states.get(unit_name(name))
        if st is None or st.active != "active" or self.machine.procs.get(st.main_pid) is not None:
            return
        for pid in st.pids:
            self.machine.procs.reap(pid)
        st.active, st.sub, st.pids, st.since = "failed", "failed", [], time.time()
        st.result, st.exit_code, st.exit_status = "signal", "killed", 9
        self.journal.log(unit_name(name), f"{unit_name(name)}: Main process exited, code=killed, status=9/KILL")
        self.journal.log(unit_name(name), f"{unit_name(name)}: Failed with result 'signal'.")
        self._save()

    # -- packages (what a package's maintainer scripts do: deb-systemd-helper, -invoke) --
    def package_installed(self, files: list[str]) -> list[str]:
        """Enable and start the services a package ships; the lines systemctl prints."""
        lines = []
        if "/usr/sbin/cron" in files:          # cron's postinst: the crontab group and the spool
            from shelldojo.filesystem import cron
            with acting_as(ROOT):
                cron.install_spool(self.vfs)
        for path in files:
            if path.startswith("/lib/systemd/system/") and path.endswith(".service"):
                unit = self.find(posixpath.basename(path))
                if unit is None:
                    continue
                lines += [f"Created symlink {link} \u2192 {target}.\n" for link, target in self.enable(unit)]
                self.start(unit)
        return lines

    def package_removed(self, files: list[str]) -> None:
        """Stop (and forget the links of) the services of a package being removed."""
        for path in files:
            if path.startswith("/lib/systemd/system/") and path.endswith(".service"):
                unit = self.find(posixpath.basename(path))
                if unit is not None:
                    self.stop(unit)
                    self.disable(unit)

    # -- persistence -----------------------------------------------------------
    def _save(self) -> None:
        data = {"states": {n: vars(s) for n, s in self.states.items()},
                "loaded": self.loaded, "journal": [e.to_list() for e in self.journal.entries]}
        raw = json.dumps(data).encode()
        with acting_as(ROOT):
            try:
                if raw == self._written and self.vfs.exists(STATE):
                    return   # nothing new: the disk (and a saver counting its changes) stays as it is
                self.vfs.makedirs(posixpath.dirname(STATE), exist_ok=True)
                self.vfs.write_bytes(STATE, raw)
                self.vfs.chmod(STATE, 0o600)
                self._written = raw
            except OSError:
                pass

    def _restore(self) -> None:
        """Read STATE back (a cloned or loaded machine) and put the running services' model
        processes back in the new process table.  Anything malformed is ignored."""
        with acting_as(ROOT):
            try:
                raw = self.vfs.read_bytes(STATE)[:MAX_STATE_BYTES]
                data = json.loads(raw)
            except (OSError, ValueError):
                return
        if not isinstance(data, dict):
            return
        entries = data.get("journal")
        if isinstance(entries, list):
            self.journal.entries = [e for e in map(Entry.from_list, entries) if e is not None]
        loaded = data.get("loaded")
        if isinstance(loaded, dict):
            self.loaded = {k: v for k, v in loaded.items() if isinstance(k, str) and isinstance(v, str)}
        states = data.get("states")
        for name, raw_state in (states.items() if isinstance(states, dict) else ()):
            try:
                st = ServiceState(**raw_state)
            except TypeError:
                continue
            self.states[name] = st
            unit = self.find(name)
            if st.active == "active" and unit is not None:
                procs = self._spawn(unit, st.since or time.time())
                st.main_pid, st.pids = procs[0].pid, [p.pid for p in procs]
