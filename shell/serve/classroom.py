"""The class room: one trainer per connected student, their live state, and an event bus.

API (the web bridge, the SSH server and the dashboard code against it):

    room = ClassRoom(pack_dirs, data_dir, store_url=None, class_code="CODE", limits=ServeLimits())
    room.check_code(code) -> bool            constant-time compare with the class code
    valid_name(name) -> str                  the name, or ValueError saying why (length, charset)
    keyboard = Keyboard(pipe_input, echo)    (bridge.py) what the connection feeds keys into
    status = await room.run_student(name, pipe_input, output, keyboard=keyboard, stdout=sink,
                                    download=callback)
        runs the SAME trainer as the terminal `shelldojo --student NAME` (trainer_app.build) on the
        given prompt_toolkit pipe input and Vt100_Output, in a thread of its own (command lines
        run off the event loop with the local trainer's limits) until the student leaves, is
        idle too long (saved, then closed), or logs in elsewhere (the newer connection takes
        over: never two trainers on one store).  `output`'s stdout must be thread-safe (use
        bridge.OutputSink + bridge.make_output).  Raises Refused (limits.py) when the class is
        full or the older session will not end.  A crash inside the trainer is logged, the
        student is told, and run_student returns 1: the server goes on.
    room.students() -> list[StudentState]    live state (name, pack, challenge, solved, hints,
                                             skipped, connected, last_active, recent commands)
    room.subscribe() -> asyncio.Queue        dict events: {"type": "joined"|"left"|"command"|
                                             "solved"|"hint"|"skip", "name": ..., ...}
    room.unsubscribe(queue)
    room.challenges() -> [(pack_id, challenge_id, title)]   the grid's columns
    room.addresses                           per-IP connection / failed-login book (limits.py)
"""
from __future__ import annotations

import asyncio
import hmac
import logging
import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from shelldojo.challenges.listing import load_packs
from shelldojo.challenges.listing import pack_dirs as all_pack_dirs
from shelldojo.challenges.model import Pack
from shelldojo.challenges.progress import ProgressStore
from shelldojo.shell.serve.bridge import Keyboard
from shelldojo.shell.serve.limits import AddressBook, Refused, ServeLimits

log = logging.getLogger("shelldojo.serve")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
RECENT = 50  # command lines kept per student for the dashboard
HOLDER = f"{os.uname().nodename}:{os.getpid()}"   # this process, as a holder of students' leases
LEASE_S = 120.0


def valid_name(name: str) -> str:
    """A student name usable as a key, a directory and an SSH user: 1-32 of A-Z a-z 0-9 . _ -"""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise ValueError("a name is 1 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit")
    return name


@dataclass
class StudentState:
    name: str
    pack: str = ""
    challenge: str = ""
    solved: set[str] = field(default_factory=set)      # "pack/challenge"
    skipped: set[str] = field(default_factory=set)
    hints: dict[str, int] = field(default_factory=dict)
    connected: bool = False
    last_active: float = 0.0                           # time.time()
    recent: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=RECENT))

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "pack": self.pack, "challenge": self.challenge,
                "solved": sorted(self.solved), "skipped": sorted(self.skipped), "hints": dict(self.hints),
                "connected": self.connected, "last_active": self.last_active, "recent": list(self.recent)}


class Download:
    """`dojo cheat --export FILE` over the network: the file goes to the student's browser,
    never to the server's disk (no `download` callback, as over SSH: refused with a reason)."""

    def __init__(self, send: Callable[[str, str], None] | None) -> None:
        self.send = send

    def resolve(self, name: str) -> str:
        if self.send is None:
            raise ValueError("exporting to a file works in the browser only; `dojo cheat` shows the sheet here")
        base = os.path.basename(name.rstrip("/")) or "cheatsheet.txt"
        return base

    def write(self, path: str, text: str, replace: bool) -> None:
        assert self.send is not None
        self.send(path, text)


class _Seat:
    """One running trainer: its thread's stop switch and what the connection gave it."""

    def __init__(self, name: str, keyboard: Keyboard, output: Any) -> None:
        self.name, self.keyboard, self.output = name, keyboard, output
        self.repl: Any = None
        self.store: Any = None
        self.refused: Refused | None = None
        self.done = threading.Event()
        self.reason = ""
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self._lock = threading.Lock()

    def finish(self) -> None:
        """The trainer's thread has ended: set `done` and wake every `ended()` waiting for it."""
        with self._lock:
            self.done.set()
            waiters, self._waiters = self._waiters, []
        for loop, fut in waiters:
            try:
                loop.call_soon_threadsafe(lambda f=fut: f.done() or f.set_result(None))
            except RuntimeError:  # that loop is closed: nobody waits any more
                pass

    async def ended(self, timeout: float | None = None) -> bool:
        """Wait for the trainer's end on the event loop, without holding a worker thread (one
        session per worker would starve every other to_thread once a class outgrows the pool)."""
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[None] = loop.create_future()
        with self._lock:
            if self.done.is_set():
                return True
            self._waiters.append((loop, fut))
        try:
            await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            return False
        return True

    def stop(self, reason: str = "") -> None:
        """End the trainer: the reason is shown, the input hangs up, a running line is cancelled."""
        from shelldojo.shell.budget import Interrupted
        if not self.reason:
            self.reason = reason or "left"
            if reason:
                _say(self.output, f"\n{reason}\n")
        self.keyboard.hang_up()
        repl = self.repl
        if repl is not None:
            repl.session.state.budget.cancel(Interrupted())


def _say(output: Any, text: str) -> None:
    try:
        output.write_raw(text)
        output.flush()
    except Exception:  # noqa: BLE001, S110 - the connection may be gone already
        pass


class ClassRoom:
    def __init__(self, pack_dirs: Sequence[str] = (), data_dir: str = ".", store_url: str | None = None,
                 class_code: str = "", limits: ServeLimits | None = None) -> None:
        self.pack_dirs = [os.path.abspath(d) for d in pack_dirs]
        self.data_dir = os.path.abspath(data_dir)
        self.store_url = store_url
        self.class_code = class_code
        self.limits = limits or ServeLimits()
        self.addresses = AddressBook(self.limits)
        self.seats: dict[str, _Seat] = {}
        self.state: dict[str, StudentState] = {}
        self.queues: list[asyncio.Queue[dict[str, Any]]] = []
        self.loop: asyncio.AbstractEventLoop | None = None
        self.packs: list[Pack] = load_packs(all_pack_dirs(self.data_dir, self.pack_dirs), lambda w: None)
        self._known()

    # -- who and what ---------------------------------------------------------------------
    def check_code(self, code: str) -> bool:
        return isinstance(code, str) and hmac.compare_digest(code.encode(), self.class_code.encode())

    def challenges(self) -> list[tuple[str, str, str]]:
        return [(p.id, c.id, c.title) for p in self.packs for c in p.challenges]

    def students(self) -> list[StudentState]:
        return sorted(self.state.values(), key=lambda s: s.name.lower())

    def _known(self) -> None:
        """Students who came before this server started (the class store, or their stores in
        the data dir)."""
        try:
            from shelldojo.challenges.stores import open_class_store
        except ImportError:
            open_class_store = None
        if open_class_store is not None:
            try:
                rows = open_class_store(self.data_dir, self.store_url).students()
            except Exception:  # an unreachable store: the dashboard fills in as students come
                log.exception("cannot list the class's students")
                return
            for row in rows:
                st = self.state[row.name] = StudentState(row.name, last_active=row.last_active)
                if row.current:
                    st.pack, st.challenge = row.current
                for (pack, cid), (status, hints) in row.progress.items():
                    key = f"{pack}/{cid}"
                    (st.solved if status == "done" else st.skipped if status == "skipped" else set()).add(key)
                    if hints:
                        st.hints[key] = hints
            return
        folder = os.path.join(self.data_dir, "students")
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return
        for name in names:
            if NAME.fullmatch(name):
                try:
                    store = self.open_store(name)
                except Exception:  # noqa: BLE001 - a damaged store shows as a student with nothing
                    self.state[name] = StudentState(name)
                    continue
                try:
                    self.state[name] = self._read(name, store)
                finally:
                    store.close()

    def _read(self, name: str, store: Any) -> StudentState:
        st = self.state.get(name) or StudentState(name)
        where = store.current()
        if where:
            st.pack, st.challenge = where
        for p in self.packs:
            for cid, status in store.statuses(p.id).items():
                key = f"{p.id}/{cid}"
                (st.solved if status == "done" else st.skipped if status == "skipped" else set()).add(key)
                used = store.hints_used(p.id, cid)
                if used:
                    st.hints[key] = used
        return st

    def open_store(self, name: str) -> Any:
        """The student's progress store: challenges/stores.py when present, else one SQLite
        ProgressStore per student under DATA_DIR/students/NAME/."""
        try:
            from shelldojo.challenges.stores import open_student_store
        except ImportError:
            open_student_store = None
        if open_student_store is not None:
            return open_student_store(name, data_dir=self.data_dir, url=self.store_url)
        folder = os.path.join(self.data_dir, "students", valid_name(name))
        os.makedirs(folder, exist_ok=True)
        return ProgressStore.in_data_dir(folder)

    # -- the event bus --------------------------------------------------------------------
    def subscribe(self) -> asyncio.Queue[dict[str, Any]]:
        q: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=1000)
        self.queues.append(q)
        return q

    def unsubscribe(self, q: asyncio.Queue[dict[str, Any]]) -> None:
        if q in self.queues:
            self.queues.remove(q)

    def publish(self, event: dict[str, Any]) -> None:
        """On the event loop; a full queue (a stalled dashboard) loses events, never blocks."""
        for q in list(self.queues):
            try:
                q.put_nowait(event)
            except asyncio.QueueFull:
                pass

    def _publish_threadsafe(self, event: dict[str, Any]) -> None:
        if self.loop is not None:
            try:
                self.loop.call_soon_threadsafe(self.publish, event)
            except RuntimeError:  # the server is shutting down
                pass

    # -- running a student ----------------------------------------------------------------
    async def run_student(self, name: str, pipe_input: Any, output: Any, *, keyboard: Keyboard | None = None,
                          stdout: Any = None, download: Callable[[str, str], None] | None = None) -> int:
        valid_name(name)
        self.loop = asyncio.get_running_loop()
        old = self.seats.get(name)
        if old is not None:  # the newer connection takes over: the older ends (saved) first
            old.stop(f"shelldojo: {name} logged in somewhere else; this session is closed (your work is saved).")
            ended = await old.ended(self.limits.takeover_wait_s)
            if not ended:
                raise Refused("your previous session is still ending: try again in a moment")
        elif len(self.seats) >= self.limits.max_sessions:
            raise Refused(f"the class is full ({self.limits.max_sessions} sessions): try again later")
        if keyboard is None:
            keyboard = Keyboard(pipe_input, lambda b: stdout.write(b) if stdout is not None else None)
        seat = _Seat(name, keyboard, output)
        self.seats[name] = seat
        st = self.state.setdefault(name, StudentState(name))
        st.connected, st.last_active = True, time.time()
        self.publish({"type": "joined", "name": name})
        result: list[int] = []
        thread = threading.Thread(target=self._trainer_thread, name=f"student-{name}", daemon=True,
                                  args=(seat, pipe_input, output, stdout, download, result))
        thread.start()
        watchdog = asyncio.create_task(self._idle_watch(seat, st))
        try:
            await seat.ended()
        finally:
            watchdog.cancel()
            if self.seats.get(name) is seat:
                del self.seats[name]
                st.connected = False
            self.publish({"type": "left", "name": name})
        if seat.refused is not None:
            raise seat.refused
        return result[0] if result else 1

    async def _idle_watch(self, seat: _Seat, st: StudentState) -> None:
        timeout = self.limits.idle_timeout_s
        renewed = time.monotonic()
        while not seat.done.is_set():
            if seat.store is not None and hasattr(seat.store, "claim") and time.monotonic() - renewed > LEASE_S / 4:
                renewed = time.monotonic()
                try:
                    await asyncio.to_thread(seat.store.claim, HOLDER, LEASE_S)
                except Exception:  # the store went away for a moment: the next round retries
                    log.exception("cannot renew the lease of %r", seat.name)
            idle = time.time() - st.last_active
            if idle >= timeout:
                minutes = max(1, round(timeout / 60))
                seat.stop(f"shelldojo: no key pressed for {minutes} minute{'s' if minutes != 1 else ''}: "
                          "your work is saved and this session is closed.")
                return
            await asyncio.sleep(min(timeout - idle, 5.0) + 0.01)

    def leave(self, name: str, keyboard: Keyboard) -> None:
        """The connection behind `keyboard` is gone: its trainer ends (saved after every command)."""
        seat = self.seats.get(name)
        if seat is not None and seat.keyboard is keyboard:
            seat.stop()

    def touch(self, name: str) -> None:
        """A key from `name`: not idle."""
        st = self.state.get(name)
        if st is not None:
            st.last_active = time.time()

    def _trainer_thread(self, seat: _Seat, pipe_input: Any, output: Any, stdout: Any,
                        download: Callable[[str, str], None] | None, result: list[int]) -> None:
        from prompt_toolkit.application import create_app_session
        try:
            # an app session of this student's own (as prompt_toolkit's telnet and SSH servers
            # do): without it every thread shares the default one, get_app() answers another
            # student's application and keys typed while others log in are silently lost
            with create_app_session(input=pipe_input, output=output):
                result.append(self._run_trainer(seat, pipe_input, output, stdout, download))
        except Refused as exc:
            seat.refused = exc
        except BaseException as exc:  # one student's crash never ends the server
            log.exception("the trainer of %r crashed", seat.name)
            _say(output, f"\nshelldojo: your session stopped on an internal problem ({type(exc).__name__}); "
                         "your work up to the last command is saved: reconnect to go on.\n")
            result.append(1)
        finally:
            seat.finish()

    def _run_trainer(self, seat: _Seat, pipe_input: Any, output: Any, stdout: Any,
                     download: Callable[[str, str], None] | None) -> int:
        from shelldojo.shell.interp.foreground import stop_foreground
        from shelldojo.shell.repl.trainer_app import build
        name = seat.name
        st = self.state[name]
        store = seat.store = self.open_store(name)
        claimed = self._claim(store)
        try:
            store.set_setting("seed", name)  # as `shelldojo --student NAME`: the grader's variants

            def record(entry: dict[str, Any]) -> None:  # what `--record` writes, for the dashboard
                entry = {**entry, "time": time.time()}
                st.recent.append(entry)
                self._publish_threadsafe({"type": "command", "name": name, **entry})

            if seat.reason:  # taken over or timed out before it began
                return 0
            repl = build(store, record=record, packs=self.pack_dirs, export=Download(download),
                         input=pipe_input, output=output, stdout=stdout, stdin=seat.keyboard)
            seat.repl = repl
            seat.keyboard.budget = lambda: repl.session.state.budget
            seat.keyboard.stop_job = lambda: stop_foreground(repl.session.state.jobs)
            inner = repl.hooks.after_command

            def after_command(line: str, status: int, out: str) -> None:
                if inner is not None:
                    inner(line, status, out)
                self._observe(name, store, repl.trainer)

            repl.hooks.after_command = after_command
            self._read(name, store)
            if seat.reason:
                return 0
            return repl.run()
        finally:
            if claimed:
                store.release(HOLDER)
            store.close()

    def _claim(self, store: Any) -> bool:
        """Another server process sharing the store may hold this student (challenges/stores.py's
        lease): one trainer per student across processes too."""
        if not hasattr(store, "claim"):
            return False
        if not store.claim(HOLDER, LEASE_S):
            raise Refused("you are logged in on another class server: close that tab, then try again")
        return True

    def _observe(self, name: str, store: Any, trainer: Any) -> None:
        """After each command line: the student's state, and events for what changed."""
        st = self.state[name]
        before_solved, before_skipped, before_hints = set(st.solved), set(st.skipped), dict(st.hints)
        a = trainer.active
        st.pack, st.challenge = a.pack.id, a.challenge.id
        for cid, status in store.statuses(a.pack.id).items():  # only the pack being worked on
            key = f"{a.pack.id}/{cid}"
            (st.solved if status == "done" else st.skipped if status == "skipped" else set()).add(key)
        used = store.hints_used(a.pack.id, a.challenge.id)
        if used:
            st.hints[f"{a.pack.id}/{a.challenge.id}"] = used
        for key in sorted(st.solved - before_solved):
            self._publish_threadsafe({"type": "solved", "name": name, "challenge": key})
        for key in sorted(st.skipped - before_skipped):
            self._publish_threadsafe({"type": "skip", "name": name, "challenge": key})
        for key, used in st.hints.items():
            if used > before_hints.get(key, 0):
                self._publish_threadsafe({"type": "hint", "name": name, "challenge": key, "hints": used})
