"""Worker processes for a class: the trainers run in a few processes of their own, so a class
uses every core (one Python process is bound by its GIL to one), and a worker that dies takes
down only its own students (they reconnect; their work is saved after every command line).

The front process (web.py, sshd.py, the dashboard) keeps the connections, the limits and the
live state; each student's trainer runs in the least busy worker.  They talk over one socket
pair per worker, in frames: a header (payload length, kind, session id) and the payload.

    front -> worker   S start {"name", "rows", "cols", "download"}   K keys   Z "ROWS COLS"
                      H hang up   X stop (hang up, cancel the running line)   Q quit (sid 0)
    worker -> front   W ready (sid 0)   O terminal bytes   D download {"name", "text"}
                      R a command line (the --record entry)   T state snapshot (seat.py)
                      E end {"status", "refused"}

Workers are started with multiprocessing's "spawn" (a fresh interpreter: the front's threads
and event loop are not forked).  They ignore SIGINT (the teacher's Ctrl-C is the front's to
handle) and end their trainers, which save, when the front says quit or goes away.
"""
from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import multiprocessing
import signal
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from prompt_toolkit.data_structures import Size

log = logging.getLogger("shelldojo.serve")
HEADER = struct.Struct(">IcI")       # payload length, kind, session id
MAX_PAYLOAD = 1 << 16                # terminal bytes go in pieces of at most this
MAX_FRAME = 64 << 20                 # a larger frame is a broken peer: the link is dropped
START_S = 60.0                       # a worker must say it is ready within this
QUIT_S = 15.0                        # ... and be gone this long after quit (its trainers save)
CRASHED = ("\nshelldojo: your session stopped on an internal problem (its worker process ended); "
           "your work up to the last command is saved: reconnect to go on.\n")


# ----------------------------------------------------------------------------- the worker side
class Link:
    """The worker's end of its socket: frames out from any thread, frames in on one."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.lock = threading.Lock()
        self.broken = False

    def send(self, kind: bytes, sid: int, payload: bytes = b"") -> None:
        if self.broken:
            return
        try:
            with self.lock:
                for at in range(0, max(len(payload), 1), MAX_PAYLOAD):
                    piece = payload[at:at + MAX_PAYLOAD]
                    self.sock.sendall(HEADER.pack(len(piece), kind, sid) + piece)
        except OSError:  # the front is gone: the reader sees it too and ends every trainer
            self.broken = True

    def frames(self) -> Iterator[tuple[bytes, int, bytes]]:
        while True:
            head = self._exactly(HEADER.size)
            if head is None:
                return
            length, kind, sid = HEADER.unpack(head)
            if length > MAX_FRAME:
                return
            payload = self._exactly(length) if length else b""
            if payload is None:
                return
            yield kind, sid, payload

    def _exactly(self, n: int) -> bytes | None:
        chunks, got = [], 0
        while got < n:
            try:
                chunk = self.sock.recv(min(n - got, 1 << 20))
            except OSError:
                return None
            if not chunk:
                return None
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)


class FrameSink:
    """What one trainer writes (prompt_toolkit's output and the commands' bytes), as frames to
    the front; the front's OutputSink adds the tty's onlcr and bounds what waits for a client."""

    encoding = "utf-8"
    errors = "surrogateescape"

    def __init__(self, link: Link, sid: int) -> None:
        self.link, self.sid = link, sid

    def write(self, data: str | bytes) -> int:
        raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else bytes(data)
        if raw:
            self.link.send(b"O", self.sid, raw)
        return len(data)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


def worker_main(sock: socket.socket, config: dict[str, Any]) -> None:
    """A worker process: run the trainers the front starts, until it says quit or goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s[worker]: %(message)s")
    from shelldojo.challenges.listing import load_packs, pack_dirs
    from shelldojo.shell.serve.limits import Refused
    from shelldojo.shell.serve.seat import TrainerRun, open_student
    from shelldojo.shell.serve.terminal import LocalTerminal

    data_dir, store_url, chosen = config["data_dir"], config["store_url"], config["pack_dirs"]
    packs = load_packs(pack_dirs(data_dir, chosen), lambda w: None)
    link = Link(sock)
    runs: dict[int, tuple[TrainerRun, LocalTerminal, list[Size]]] = {}
    threads: list[threading.Thread] = []

    def send_json(kind: bytes, sid: int, value: Any) -> None:
        link.send(kind, sid, json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogateescape"))

    def start(sid: int, info: dict[str, Any]) -> None:
        box = [Size(rows=int(info["rows"]), columns=int(info["cols"]))]
        download = (lambda name, text: send_json(b"D", sid, {"name": name, "text": text})) \
            if info.get("download") else None
        terminal = LocalTerminal(FrameSink(link, sid), lambda: box[0], download)
        run = TrainerRun(str(info["name"]), terminal, open_store=lambda n: open_student(n, data_dir, store_url),
                         pack_dirs=chosen, packs=packs, on_record=lambda e: send_json(b"R", sid, e),
                         on_state=lambda s: send_json(b"T", sid, s))
        runs[sid] = (run, terminal, box)

        def main() -> None:
            status, refused = 1, None
            try:
                status = run.main()
            except Refused as exc:
                refused = str(exc)
            finally:
                runs.pop(sid, None)
                terminal.close()
                send_json(b"E", sid, {"status": status, "refused": refused})

        thread = threading.Thread(target=main, name=f"student-{info['name']}", daemon=True)
        threads.append(thread)
        thread.start()

    link.send(b"W", 0)
    for kind, sid, payload in link.frames():
        if kind == b"Q":
            break
        if kind == b"S":
            try:
                start(sid, json.loads(payload))
            except Exception:  # this student only: the worker serves the others
                log.exception("a trainer could not start")
                send_json(b"E", sid, {"status": 1, "refused": "the class server could not start your session"})
            continue
        entry = runs.get(sid)
        if entry is None:
            continue
        run, terminal, box = entry
        if kind == b"K":
            terminal.feed(payload)
        elif kind == b"Z":
            rows, cols = (int(x) for x in payload.split())
            box[0] = Size(rows=rows, columns=cols)
            terminal.resize()
        elif kind == b"H":
            terminal.hang_up()
        elif kind == b"X":
            run.stop()
    for run, _terminal, _box in list(runs.values()):  # quit, or the front is gone: all save and end
        run.stop()
    for thread in threads:
        thread.join(QUIT_S)


# ----------------------------------------------------------------------------- the front side
@dataclass
class _Session:
    name: str
    terminal: Any
    on_record: Callable[[dict[str, Any]], None]
    on_state: Callable[[dict[str, Any]], None]
    done: asyncio.Future[tuple[int, str | None]]


@dataclass
class Worker:
    process: Any
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    sessions: dict[int, _Session] = field(default_factory=dict)
    alive: bool = True
    pump: asyncio.Task[None] | None = None

    def send(self, kind: bytes, sid: int, payload: bytes = b"") -> None:
        if self.alive and not self.writer.is_closing():
            for at in range(0, max(len(payload), 1), MAX_PAYLOAD):
                piece = payload[at:at + MAX_PAYLOAD]
                self.writer.write(HEADER.pack(len(piece), kind, sid) + piece)


async def _frame(reader: asyncio.StreamReader) -> tuple[bytes, int, bytes]:
    length, kind, sid = HEADER.unpack(await reader.readexactly(HEADER.size))
    if length > MAX_FRAME:
        raise ConnectionError("a frame too large")
    return kind, sid, await reader.readexactly(length) if length else b""


class WorkerPool:
    """`size` worker processes, each running many students' trainers."""

    def __init__(self, size: int, config: dict[str, Any]) -> None:
        self.size, self.config = size, config
        self.workers: list[Worker] = []
        self.ids = itertools.count(1)
        self.closing = False
        self._spawning: asyncio.Lock | None = None

    async def start(self) -> None:
        self._spawning = asyncio.Lock()
        self.workers = list(await asyncio.gather(*(self._spawn() for _ in range(self.size))))

    async def _spawn(self) -> Worker:
        ctx = multiprocessing.get_context("spawn")
        front, back = socket.socketpair()
        process = ctx.Process(target=worker_main, args=(back, self.config), name="shelldojo-worker", daemon=True)
        try:
            await asyncio.to_thread(process.start)
        finally:
            back.close()
        reader, writer = await asyncio.open_connection(sock=front, limit=MAX_PAYLOAD * 4)
        kind, _sid, _payload = await asyncio.wait_for(_frame(reader), START_S)
        if kind != b"W":
            raise RuntimeError("a worker process did not start")
        worker = Worker(process, reader, writer)
        worker.pump = asyncio.create_task(self._pump(worker))
        return worker

    async def _place(self) -> Worker:
        """The least busy live worker; one that died is replaced first."""
        assert self._spawning is not None, "WorkerPool.start() first"
        async with self._spawning:
            for i, worker in enumerate(self.workers):
                if not worker.alive and not self.closing:
                    self.workers[i] = await self._spawn()
        live = [w for w in self.workers if w.alive]
        if not live:
            raise RuntimeError("no worker process is running")
        return min(live, key=lambda w: len(w.sessions))

    async def run(self, name: str, terminal: Any, on_record: Callable[[dict[str, Any]], None],
                  on_state: Callable[[dict[str, Any]], None]) -> tuple[int, str | None]:
        """Run `name`'s trainer in a worker on `terminal` (a RemoteTerminal) until it ends:
        (status, why it was refused or None)."""
        worker = await self._place()
        sid = next(self.ids)
        session = _Session(name, terminal, on_record, on_state, asyncio.get_running_loop().create_future())
        worker.sessions[sid] = session
        size = terminal.get_size()
        worker.send(b"S", sid, json.dumps({"name": name, "rows": size.rows, "cols": size.columns,
                                           "download": terminal.download is not None}).encode())
        terminal.link(lambda kind, payload: worker.send(kind, sid, payload))
        return await session.done

    async def _pump(self, worker: Worker) -> None:
        try:
            while True:
                kind, sid, payload = await _frame(worker.reader)
                session = worker.sessions.get(sid)
                if session is None:
                    continue
                try:
                    self._dispatch(worker, sid, session, kind, payload)
                except Exception:  # one session's bad frame never ends the others
                    log.exception("a frame from a worker could not be handled")
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            worker.alive = False
            worker.writer.close()
            if not self.closing and worker.process.is_alive():
                worker.process.kill()   # its link broke but it runs: no trainer may outlive its link
            if worker.sessions and not self.closing:
                await self._release(worker)
            for session in worker.sessions.values():
                if not self.closing:
                    session.terminal.say(CRASHED)
                if not session.done.done():
                    session.done.set_result((1, None))
            worker.sessions.clear()
            if not self.closing:
                log.error("a worker process ended (exit code %s)", worker.process.exitcode)

    async def _release(self, worker: Worker) -> None:
        """A dead worker's leases (its students) are free at once, not in LEASE_S: they can
        come straight back, to another worker."""
        from shelldojo.shell.serve.seat import holder, open_student
        await asyncio.to_thread(worker.process.join, 5)
        gone = holder(worker.process.pid)
        for session in list(worker.sessions.values()):
            try:
                store = await asyncio.to_thread(open_student, session.name, self.config["data_dir"],
                                                self.config["store_url"])
                await asyncio.to_thread(store.release, gone)
            except Exception:  # the lease then expires on its own
                log.exception("cannot free the lease of %r", session.name)

    def _dispatch(self, worker: Worker, sid: int, session: _Session, kind: bytes, payload: bytes) -> None:
        if kind == b"O":
            session.terminal.sink.write(payload)
        elif kind == b"D":
            if session.terminal.download is not None:
                data = json.loads(payload)
                session.terminal.download(str(data["name"]), str(data["text"]))
        elif kind == b"R":
            session.on_record(json.loads(payload))
        elif kind == b"T":
            session.on_state(json.loads(payload))
        elif kind == b"E":
            data = json.loads(payload)
            del worker.sessions[sid]
            if not session.done.done():
                session.done.set_result((int(data["status"]), data.get("refused")))

    async def close(self) -> None:
        """Quit every worker (their trainers save and end) and wait for them."""
        self.closing = True
        for worker in self.workers:
            worker.send(b"Q", 0)
        for worker in self.workers:
            await asyncio.to_thread(worker.process.join, QUIT_S)
            if worker.process.is_alive():
                worker.process.terminate()
                await asyncio.to_thread(worker.process.join, 5)
            worker.writer.close()
            if worker.pump is not None:
                worker.pump.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await worker.pump
