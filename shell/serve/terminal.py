"""A student's terminal as the class room sees it: the connection (a WebSocket or an SSH channel)
feeds keys and resizes into it, the trainer writes to it.

- LocalTerminal: the trainer runs where the terminal is (the server's own process, or a worker
  process on the far side of a RemoteTerminal): a prompt_toolkit pipe input, the tty's Keyboard
  (bridge.py) and a VT100 output written to the connection's sink.
- RemoteTerminal: the trainer runs in a worker process (workers.py): keys, resizes and hang-ups
  travel to it as frames, what it writes comes back into this terminal's sink.

Both: feed(bytes), resize(), hang_up(), say(text), close(); `sink` (an OutputSink: the tty's
onlcr, bounded), `get_size()`, and `download(name, text)` or None (SSH has no downloads).
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from shelldojo.shell.serve.bridge import Keyboard, make_output

Download = Callable[[str, str], None] | None


class LocalTerminal:
    def __init__(self, sink: Any, get_size: Callable[[], Size], download: Download = None) -> None:
        self.sink, self.get_size, self.download = sink, get_size, download
        self._stack = ExitStack()
        self.pipe = self._stack.enter_context(create_pipe_input())
        self.keyboard = Keyboard(self.pipe, sink.write)
        self.output = make_output(sink, get_size)

    def feed(self, data: bytes) -> None:
        self.keyboard.feed(data)

    def resize(self) -> None:
        self.keyboard.resize()

    def hang_up(self) -> None:
        self.keyboard.hang_up()

    def say(self, text: str) -> None:
        """A line from the server itself (why the session ends), outside the trainer's output."""
        try:
            self.sink.write(text)
        except Exception:  # noqa: BLE001, S110 - the connection may be gone already
            pass

    def close(self) -> None:
        self._stack.close()


class RemoteTerminal:
    """The connection's end of a terminal whose trainer runs in a worker process: until the
    pool links it to a session there, typed keys wait here (nothing typed is lost)."""

    def __init__(self, sink: Any, get_size: Callable[[], Size], download: Download = None) -> None:
        self.sink, self.get_size, self.download = sink, get_size, download
        self.send: Callable[[bytes, bytes], None] | None = None   # (kind, payload) to the session
        self.early: list[tuple[bytes, bytes]] = []

    def link(self, send: Callable[[bytes, bytes], None]) -> None:
        self.send = send
        early, self.early = self.early, []
        for kind, payload in early:
            send(kind, payload)

    def _post(self, kind: bytes, payload: bytes = b"") -> None:
        if self.send is None:
            self.early.append((kind, payload))
        else:
            self.send(kind, payload)

    def feed(self, data: bytes) -> None:
        self._post(b"K", bytes(data))

    def resize(self) -> None:
        size = self.get_size()
        self._post(b"Z", f"{size.rows} {size.columns}".encode())

    def hang_up(self) -> None:
        self._post(b"H")

    def stop(self) -> None:
        """End the trainer there: hang up and cancel a running command line."""
        self._post(b"X")

    def say(self, text: str) -> None:
        try:
            self.sink.write(text)
        except Exception:  # noqa: BLE001, S110 - the connection may be gone already
            pass

    def close(self) -> None:
        pass
