"""A socket as the student's terminal: what a kernel tty does between a network connection and
the trainer, so the web and SSH sides share it.

- `OutputSink`: everything the trainer writes (prompt_toolkit's Vt100_Output and the commands'
  bytes), with the tty's `onlcr` (\\n -> \\r\\n), queued for the event loop to send; bounded, so a
  slow or vanished client never grows the server's memory (past the bound output is dropped and
  the student is told once).
- `Keyboard`: what the client types.  While a prompt_toolkit application reads the terminal
  (the prompt, nano, less, a password prompt) keys go to its pipe input; while a command runs,
  the keyboard is the command's stdin in cooked mode, as a tty's line discipline: echo, erase,
  Enter ends a line, Ctrl-D ends input, Ctrl-C interrupts the command line, Ctrl-Z stops the
  foreground job.  Type-ahead nobody read goes to the next prompt, as in bash.
"""
from __future__ import annotations

import asyncio
import os
import re
import select
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from prompt_toolkit.data_structures import Size
from prompt_toolkit.output.color_depth import ColorDepth
from prompt_toolkit.output.vt100 import Vt100_Output
from shelldojo.shell.budget import Budget, Interrupted
from shelldojo.shell.streams import InputStream

DROPPED = b"\r\n[shelldojo: output dropped: the connection is too slow]\r\n"
CPR_REPLY = re.compile(rb"\x1b\[\d+;\d+R")   # a terminal's answer to "where is the cursor?"


class OutputSink:
    """A thread-safe, bounded byte queue drained by `pump()` on the event loop."""

    encoding = "utf-8"
    errors = "surrogateescape"

    def __init__(self, loop: asyncio.AbstractEventLoop, send: Callable[[bytes], Awaitable[None]],
                 limit: int = 4 << 20) -> None:
        self.loop, self.send, self.limit = loop, send, limit
        self.lock = threading.Lock()
        self.chunks: list[bytes] = []
        self.pending = 0
        self.dropping = False
        self.closed = False
        self.wake = asyncio.Event()

    def write(self, data: str | bytes) -> int:
        raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else bytes(data)
        raw = raw.replace(b"\n", b"\r\n")  # the tty's onlcr
        with self.lock:
            if self.closed:
                return len(data)
            if self.pending + len(raw) > self.limit:
                if not self.dropping:
                    self.dropping = True
                    self.chunks.append(DROPPED)
                    self.pending += len(DROPPED)
            else:
                self.dropping = False
                self.chunks.append(raw)
                self.pending += len(raw)
        self._notify()
        return len(data)

    def _notify(self) -> None:
        try:
            self.loop.call_soon_threadsafe(self.wake.set)
        except RuntimeError:  # the loop is closed: the connection is gone
            pass

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True

    def close(self) -> None:
        with self.lock:
            self.closed = True
            self.chunks.clear()
            self.pending = 0
        self._notify()

    async def pump(self) -> None:
        """Send what is queued until closed (run as a task beside the connection)."""
        while True:
            await self.wake.wait()
            self.wake.clear()
            with self.lock:
                chunks, self.chunks, self.pending = self.chunks, [], 0
                closed = self.closed
            if chunks:
                await self.send(b"".join(chunks))
            if closed:
                return


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def make_output(sink: Any, get_size: Callable[[], Size]) -> Vt100_Output:
    """The prompt_toolkit output for one connection (xterm.js and SSH clients are xterms).  It
    asks the terminal where the cursor is (CPR), as on a local terminal: only then does
    prompt_toolkit know the rows below the prompt and draw the trainer's bottom toolbar."""
    return Vt100_Output(sink, get_size, term="xterm-256color",
                        default_color_depth=ColorDepth.DEPTH_8_BIT, enable_cpr=True)


class Keyboard(InputStream):
    """The client's keys: to the prompt_toolkit application reading the terminal if there is
    one, else to the running command's stdin through a cooked-mode line discipline."""

    def __init__(self, pipe_input: Any, echo: Callable[[bytes], Any]) -> None:
        self.pipe = pipe_input
        self.echo = echo
        self.cond = threading.Condition()
        self.attached = 0
        self.line = bytearray()        # the line being typed (cooked mode)
        self.ready = bytearray()       # finished lines, not read yet
        self.eof = False               # Ctrl-D on an empty line
        self.closed = False
        self.budget: Callable[[], Budget] | None = None
        self.idle_budget: Budget | None = None
        self.stop_job: Callable[[], bool] | None = None   # True when a foreground job was stopped
        self.app: Any = None           # the application reading now, and its loop (for resizes)
        self.app_loop: asyncio.AbstractEventLoop | None = None
        self._attach = pipe_input.attach
        pipe_input.attach = self._attached  # prompt_toolkit attaches the input while it reads

    @contextmanager
    def _attached(self, callback: Callable[[], None]) -> Iterator[None]:
        from prompt_toolkit.application.current import get_app_or_none
        with self.cond:
            self.attached += 1
            self.app, self.app_loop = get_app_or_none(), _running_loop()
            typed, self.line, self.ready = bytes(self.ready + self.line), bytearray(), bytearray()
            if typed and not self.closed:
                self.pipe.send_bytes(typed)  # type-ahead: the prompt reads it
        try:
            with self._attach(callback):
                yield
        finally:
            with self.cond:
                self.attached -= 1
                if self.budget is not None:
                    self.idle_budget = self.budget()  # the last line's: the next gets a new one
                if not self.attached and not self.closed:
                    for byte in self._unread():  # typed after Enter: the command's, as on a tty
                        self._cook(byte)
                    self.cond.notify_all()

    def _unread(self) -> bytes:
        """Keys the application left unread: its typeahead and what is still in the pipe."""
        from prompt_toolkit.input.typeahead import get_typeahead
        data = "".join(k.data for k in get_typeahead(self.pipe)).encode("utf-8", "surrogateescape")
        fd = getattr(getattr(self.pipe, "pipe", None), "read_fd", None)
        while fd is not None:
            try:
                ready, _, _ = select.select([fd], [], [], 0)
                chunk = os.read(fd, 4096) if ready else b""
            except OSError:
                chunk = b""
            if not chunk:
                break
            data += chunk
        return data

    # -- from the connection (the event loop) --------------------------------------------
    def feed(self, data: bytes) -> None:
        with self.cond:
            if self.closed:
                return
            if self.attached:
                self.pipe.send_bytes(data)
                return
            # a late answer to the prompt's cursor question is no typing for the running command
            data = CPR_REPLY.sub(b"", data)
            for byte in data:
                self._cook(byte)
            self.cond.notify_all()

    def _cook(self, byte: int) -> None:
        if byte == 3:  # Ctrl-C: the command line is interrupted (SIGINT)
            self.line.clear()
            self.echo(b"^C")
            if self.budget is not None:
                self._interrupt()
        elif byte == 0x1A:  # Ctrl-Z: the foreground job stops (SIGTSTP)
            self.echo(b"^Z")
            if self.stop_job is not None:
                self._stop_job()
        elif byte == 4:  # Ctrl-D: the line so far is read; on an empty line, end of input
            if self.line:
                self.ready += self.line
                self.line.clear()
            else:
                self.eof = True
        elif byte in (13, 10):
            self.ready += self.line + b"\n"
            self.line.clear()
            self.echo(b"\r\n")
        elif byte in (0x7F, 8):
            if self.line:
                self.line.pop()
                self.echo(b"\b \b")
        elif byte == 0x15:  # Ctrl-U: kill the line
            self.echo(b"\b \b" * len(self.line))
            self.line.clear()
        else:
            self.line.append(byte)
            self.echo(bytes([byte]) if byte >= 32 or byte == 9 else b"^" + bytes([byte + 64]))

    def _interrupt(self) -> None:
        """Cancel the running command line; one typed right after Enter, before the line got
        its budget, is cancelled as soon as it has one (bash gets SIGINT then too)."""
        assert self.budget is not None
        budget = self.budget
        current = budget()
        current.cancel(Interrupted())
        if current is not self.idle_budget:
            return

        def later() -> None:
            for _ in range(100):
                if self.attached or self.closed:
                    return
                now = budget()
                if now is not current:
                    now.cancel(Interrupted())
                    return
                time.sleep(0.02)
        threading.Thread(target=later, daemon=True).start()

    def _stop_job(self) -> None:
        """Stop the foreground job; one typed right after Enter, before the line's program is a
        job, stops it as soon as it is one (while that line runs)."""
        assert self.stop_job is not None
        stop = self.stop_job
        if stop():
            return

        def later() -> None:
            for _ in range(50):
                time.sleep(0.02)
                if self.attached or self.closed or stop():
                    return
        threading.Thread(target=later, daemon=True).start()

    def resize(self) -> None:
        """Tell the application on screen that the terminal's size changed."""
        app, loop = self.app, self.app_loop
        if app is not None and loop is not None:
            try:
                loop.call_soon_threadsafe(app._on_resize)
            except RuntimeError:  # that application's loop has ended
                pass

    def close(self) -> None:
        pass  # a command closing its stdin does not hang up the terminal

    def hang_up(self) -> None:
        """The connection is gone: readers see end of input, the prompt an EOF."""
        with self.cond:
            self.closed = True
            self.eof = True
            self.cond.notify_all()
        try:
            self.pipe.close()
        except Exception:  # noqa: BLE001, S110 - already closed
            pass

    # -- the command's stdin (the trainer's thread) -------------------------------------
    def _wait(self) -> bool:
        """Wait until something can be read; False at end of input."""
        budget = self.budget() if self.budget is not None else None
        with self.cond:
            while not self.ready and not self.eof:
                if budget is not None:
                    budget.check()  # Ctrl-C ends the wait too
                self.cond.wait(0.1)
            return bool(self.ready)

    def _waiting(self) -> Any:
        from contextlib import nullcontext
        return self.budget().waiting() if self.budget is not None else nullcontext()

    def read(self, n: int = -1) -> bytes:
        with self._waiting():
            if n < 0:
                chunks = []
                while self._wait():
                    chunks.append(self._take(len(self.ready)))
                self._consume_eof()
                return b"".join(chunks)
            if not self._wait():
                self._consume_eof()
                return b""
            return self._take(n)

    def read1(self, n: int = 65536) -> bytes:
        return self.read(n)

    def readline(self) -> bytes:
        with self._waiting():
            out = bytearray()
            while self._wait():
                with self.cond:
                    i = self.ready.find(b"\n")
                    end = len(self.ready) if i < 0 else i + 1
                    out += self._take(end)
                if out.endswith(b"\n"):
                    return bytes(out)
            self._consume_eof()
            return bytes(out)

    def _take(self, n: int) -> bytes:
        with self.cond:
            out = bytes(self.ready[:n])
            del self.ready[:n]
            return out

    def _consume_eof(self) -> None:
        with self.cond:
            if not self.closed:
                self.eof = False  # Ctrl-D ends one read, as on a tty

    def isatty(self) -> bool:
        return True
