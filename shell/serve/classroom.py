"""The class room: one trainer per connected student, their live state, and an event bus.

API (the web bridge, the SSH server and the dashboard code against it):

    room = ClassRoom(pack_dirs, data_dir, store_url=None, class_code="CODE", limits=ServeLimits(),
                     workers=0)
    await room.start() ... await room.close()   the worker processes (workers > 0), if any
    room.check_code(code) -> bool            constant-time compare with the class code
    valid_name(name) -> str                  the name, or ValueError saying why (length, charset)
    terminal = room.terminal(sink, get_size, download=None)
        the connection's terminal (terminal.py): `sink` an OutputSink (bridge.py) to the
        client, `get_size()` its size, `download(name, text)` for `dojo cheat --export` (the
        browser's; None over SSH).  The connection calls terminal.feed(keys), .resize(),
        .close() at the end.
    status = await room.run_student(name, terminal)
        runs the SAME trainer as the terminal `shelldojo --student NAME` (seat.py) with the local
        trainer's limits: in a thread of this process (workers=0) or in the least busy worker
        process (workers.py), until the student leaves, is idle too long (saved, then closed),
        or logs in elsewhere (the newer connection takes over: never two trainers on one
        store).  Raises Refused (limits.py) when the class is full or the older session will
        not end.  A crash inside a trainer (or of a worker process) is logged, the student is
        told, and run_student returns 1: the server goes on.
    room.leave(name, terminal)               the connection is gone: its trainer ends (saved)
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

from prompt_toolkit.data_structures import Size
from shelldojo.challenges.listing import load_packs
from shelldojo.challenges.listing import pack_dirs as all_pack_dirs
from shelldojo.challenges.model import Pack
from shelldojo.shell.serve import pgstore  # noqa: F401 - registers postgresql:// with the stores
from shelldojo.shell.serve.limits import AddressBook, Refused, ServeLimits
from shelldojo.shell.serve.seat import TrainerRun, open_student
from shelldojo.shell.serve.terminal import LocalTerminal, RemoteTerminal

log = logging.getLogger("shelldojo.serve")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
RECENT = 50  # command lines kept per student for the dashboard


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

    def apply(self, snap: dict[str, Any]) -> list[dict[str, Any]]:
        """A state snapshot (seat.py) taken in; the events for what changed."""
        before_solved, before_skipped, before_hints = set(self.solved), set(self.skipped), dict(self.hints)
        if snap.get("pack"):
            self.pack, self.challenge = str(snap["pack"]), str(snap["challenge"])
        for pack, statuses in dict(snap.get("statuses", {})).items():
            for cid, status in dict(statuses).items():
                key = f"{pack}/{cid}"
                (self.solved if status == "done" else self.skipped if status == "skipped" else set()).add(key)
        self.hints.update({str(k): int(v) for k, v in dict(snap.get("hints", {})).items()})
        events = [{"type": "solved", "name": self.name, "challenge": k} for k in sorted(self.solved - before_solved)]
        events += [{"type": "skip", "name": self.name, "challenge": k} for k in sorted(self.skipped - before_skipped)]
        events += [{"type": "hint", "name": self.name, "challenge": k, "hints": n}
                   for k, n in self.hints.items() if n > before_hints.get(k, 0)]
        return events


class _Seat:
    """One running trainer as the room sees it: its terminal, how to stop it, when it ended."""

    def __init__(self, name: str, terminal: Any) -> None:
        self.name, self.terminal = name, terminal
        self.run: TrainerRun | None = None       # in this process (workers=0)
        self.reason = ""
        self.done = threading.Event()
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self._lock = threading.Lock()

    def finish(self) -> None:
        """The trainer has ended: set `done` and wake every `ended()` waiting for it."""
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
        if not self.reason:
            self.reason = reason or "left"
            if reason:
                self.terminal.say(f"\n{reason}\n")
        if isinstance(self.terminal, RemoteTerminal):
            self.terminal.stop()
        elif self.run is not None:
            self.run.stop()
        else:
            self.terminal.hang_up()


class ClassRoom:
    def __init__(self, pack_dirs: Sequence[str] = (), data_dir: str = ".", store_url: str | None = None,
                 class_code: str = "", limits: ServeLimits | None = None, workers: int = 0) -> None:
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
        self.packs: list[Pack] = load_packs(all_pack_dirs(self.data_dir, self.pack_dirs),
                                            lambda w: log.warning("%s", w))
        self.pool: Any = None
        if workers > 0:
            from shelldojo.shell.serve.workers import WorkerPool
            self.pool = WorkerPool(workers, {"data_dir": self.data_dir, "store_url": store_url,
                                             "pack_dirs": self.pack_dirs})
        self._known()

    async def start(self) -> None:
        """Start the worker processes (none with workers=0)."""
        self.loop = asyncio.get_running_loop()
        if self.pool is not None:
            await self.pool.start()

    async def close(self) -> None:
        """Stop every trainer (each saves) and the worker processes."""
        for seat in list(self.seats.values()):
            seat.stop("shelldojo: the class server is stopping; your work is saved.")
        for seat in list(self.seats.values()):
            await seat.ended(self.limits.takeover_wait_s)
        if self.pool is not None:
            await self.pool.close()

    # -- who and what ---------------------------------------------------------------------
    def check_code(self, code: str) -> bool:
        return isinstance(code, str) and hmac.compare_digest(code.encode(), self.class_code.encode())

    def challenges(self) -> list[tuple[str, str, str]]:
        return [(p.id, c.id, c.title) for p in self.packs for c in p.challenges]

    def students(self) -> list[StudentState]:
        return sorted(self.state.values(), key=lambda s: s.name.lower())

    def _known(self) -> None:
        """Students who came before this server started (the class store)."""
        from shelldojo.challenges.stores import open_class_store
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

    def open_store(self, name: str) -> Any:
        """The student's progress store (their rows in the class store)."""
        return open_student(valid_name(name), self.data_dir, self.store_url)

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

    def _on_loop(self, func: Callable[..., None], *args: Any) -> None:
        """Run `func` on the event loop (from a trainer's thread)."""
        if self.loop is not None:
            try:
                self.loop.call_soon_threadsafe(func, *args)
            except RuntimeError:  # the server is shutting down
                pass

    def _recorded(self, name: str, entry: dict[str, Any]) -> None:
        """A command line of `name`'s (what `--record` writes), for the dashboard."""
        st = self.state.get(name)
        if st is not None:
            st.recent.append(entry)
        self.publish({"type": "command", "name": name, **entry})

    def _observed(self, name: str, snap: dict[str, Any]) -> None:
        st = self.state.get(name)
        if st is not None:
            for event in st.apply(snap):
                self.publish(event)

    # -- running a student ----------------------------------------------------------------
    def terminal(self, sink: Any, get_size: Callable[[], Size],
                 download: Callable[[str, str], None] | None = None) -> LocalTerminal | RemoteTerminal:
        """The connection's terminal: where the trainer will run decides its kind."""
        kind = RemoteTerminal if self.pool is not None else LocalTerminal
        return kind(sink, get_size, download)

    async def run_student(self, name: str, terminal: Any) -> int:
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
        seat = _Seat(name, terminal)
        self.seats[name] = seat
        st = self.state.setdefault(name, StudentState(name))
        st.connected, st.last_active = True, time.time()
        self.publish({"type": "joined", "name": name})
        watchdog = asyncio.create_task(self._idle_watch(seat, st))
        try:
            if self.pool is not None:
                status, refused = await self.pool.run(name, terminal, lambda e: self._recorded(name, e),
                                                      lambda s: self._observed(name, s))
                seat.finish()
            else:
                status, refused = await self._run_here(seat)
        finally:
            watchdog.cancel()
            if self.seats.get(name) is seat:
                del self.seats[name]
                st.connected = False
            self.publish({"type": "left", "name": name})
        if refused is not None:
            raise Refused(refused)
        return status

    async def _run_here(self, seat: _Seat) -> tuple[int, str | None]:
        """The trainer in a thread of this process (workers=0)."""
        name = seat.name
        run = seat.run = TrainerRun(name, seat.terminal, open_store=self.open_store, pack_dirs=self.pack_dirs,
                                    packs=self.packs,
                                    on_record=lambda e: self._on_loop(self._recorded, name, e),
                                    on_state=lambda s: self._on_loop(self._observed, name, s))
        if seat.reason:  # stopped before it began
            run.stopped.set()
        result: list[tuple[int, str | None]] = []

        def main() -> None:
            try:
                result.append((run.main(), None))
            except Refused as exc:
                result.append((1, str(exc)))
            finally:
                seat.finish()

        threading.Thread(target=main, name=f"student-{name}", daemon=True).start()
        await seat.ended()
        return result[0] if result else (1, None)

    async def _idle_watch(self, seat: _Seat, st: StudentState) -> None:
        timeout = self.limits.idle_timeout_s
        while not seat.done.is_set():
            idle = time.time() - st.last_active
            if idle >= timeout:
                minutes = max(1, round(timeout / 60))
                seat.stop(f"shelldojo: no key pressed for {minutes} minute{'s' if minutes != 1 else ''}: "
                          "your work is saved and this session is closed.")
                return
            await asyncio.sleep(min(timeout - idle, 5.0) + 0.01)

    def leave(self, name: str, terminal: Any) -> None:
        """The connection behind `terminal` is gone: its trainer ends (saved after every command)."""
        seat = self.seats.get(name)
        if seat is not None and seat.terminal is terminal:
            seat.stop()

    def touch(self, name: str) -> None:
        """A key from `name`: not idle."""
        st = self.state.get(name)
        if st is not None:
            st.last_active = time.time()
