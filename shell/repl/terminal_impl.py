"""The prompt_toolkit implementation of `shelldojo.shell.terminal.Terminal`, and the keyboard as stdin."""
from __future__ import annotations

import os
import select
import sys
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from shelldojo.shell.budget import Budget
from shelldojo.shell.streams import InputStream, OutputStream


def _host_size() -> tuple[int, int]:
    try:
        size = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
        return size.columns, size.lines
    except (OSError, ValueError, AttributeError):
        return 80, 24


class _Hidden(Processor):
    """Shows nothing of what is typed (sudo's password prompt echoes nothing, not even `*`)."""

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        return Transformation([], source_to_display=lambda i: 0, display_to_source=lambda i: 0)


class PtkTerminal:
    """What commands (sudo, read -p, nano, less) use to reach the person at the keyboard.

    Every wait for the person runs inside the current command line's `budget().waiting()`:
    the minutes spent typing a password, reading in less or editing in nano are not the
    command's running time."""

    def __init__(self, input: Any = None, output: Any = None, out_stream: Any = None,
                 budget: Callable[[], Budget] | None = None) -> None:
        self.input, self.output = input, output
        self.out_stream = out_stream or sys.stdout
        self.budget = budget
        self.interrupted = False   # the last read_line/read_secret ended with Ctrl-C

    def _waiting(self) -> Any:
        return self.budget().waiting() if self.budget is not None else nullcontext()

    @property
    def columns(self) -> int:
        if self.output is not None:
            try:
                return self.output.get_size().columns
            except Exception:  # noqa: BLE001 - DummyOutput and friends
                return 80
        return _host_size()[0]

    @property
    def lines(self) -> int:
        if self.output is not None:
            try:
                return self.output.get_size().rows
            except Exception:  # noqa: BLE001
                return 24
        return _host_size()[1]

    def _prompt(self, prompt: str, **kw: Any) -> str | None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.formatted_text import ANSI
        self.interrupted = False  # Ctrl-C rather than Ctrl-D: sqlite3's prompt tells them apart
        try:
            with self._waiting():
                return PromptSession(input=self.input, output=self.output).prompt(ANSI(prompt), **kw)
        except EOFError:
            return None
        except KeyboardInterrupt:
            self.interrupted = True
            return None

    def read_line(self, prompt: str) -> str | None:
        return self._prompt(prompt)

    def read_secret(self, prompt: str) -> str | None:
        return self._prompt(prompt, input_processors=[_Hidden()])

    def run_app(self, app: Any) -> Any:
        if self.input is not None:
            app.input = self.input
        if self.output is not None:
            app.output = self.output
        with self._waiting():
            return app.run()

    def clear(self) -> None:
        if self.output is not None:
            self.output.erase_screen()
            self.output.cursor_goto(0, 0)
            self.output.flush()
        else:
            self.out_stream.write("\x1b[H\x1b[2J\x1b[3J")
            self.out_stream.flush()


class KeyboardInput(InputStream):
    """The terminal as a command's stdin (`cat`, `read`): the tty in cooked mode, so the
    kernel echoes and edits the line; Ctrl-D ends input; Ctrl-C cancels the budget."""

    def __init__(self, budget: Callable[[], Budget], fd: int | None = None) -> None:
        self.budget = budget
        self.fd = sys.stdin.fileno() if fd is None else fd
        self.pending = b""

    def _fill(self) -> bool:
        budget = self.budget()
        with budget.waiting():  # the person may take minutes to type: not running time
            while True:
                budget.check()  # Ctrl-C (and the memory of other stages) still end the wait
                try:
                    ready, _, _ = select.select([self.fd], [], [], 0.1)
                except (OSError, ValueError):
                    return False
                if ready:
                    break
        try:
            data = os.read(self.fd, 4096)
        except OSError:
            return False
        if not data:
            return False
        self.pending += data
        return True

    def read(self, n: int = -1) -> bytes:
        if n < 0:
            while self._fill():
                pass
            out, self.pending = self.pending, b""
            return out
        if not self.pending:
            self._fill()
        out, self.pending = self.pending[:n], self.pending[n:]
        return out

    def read1(self, n: int = 65536) -> bytes:
        return self.read(n)

    def readline(self) -> bytes:
        while b"\n" not in self.pending:
            if not self._fill():
                break
        i = self.pending.find(b"\n")
        end = len(self.pending) if i < 0 else i + 1
        out, self.pending = self.pending[:end], self.pending[end:]
        return out

    def isatty(self) -> bool:
        return True


class TeeOutput(OutputStream):
    """The terminal for commands: writes through, keeps the last `keep` bytes for the hooks."""

    def __init__(self, inner: OutputStream, keep: int = 1 << 16) -> None:
        self.inner, self.keep = inner, keep
        self.captured = bytearray()

    def write(self, data: bytes) -> None:
        self.inner.write(data)
        self.captured += data
        if len(self.captured) > 2 * self.keep:
            del self.captured[:len(self.captured) - self.keep]

    def take(self) -> str:
        text = bytes(self.captured[-self.keep:]).decode("utf-8", "replace")
        self.captured.clear()
        return text

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return True
