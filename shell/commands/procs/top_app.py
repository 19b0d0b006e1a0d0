"""Interactive top: a key-driven state (testable without a terminal, with an injected clock)
and a thin full-screen prompt_toolkit Application around it (imported only when top runs).

Keys as top 4.0.2 has them: q and Ctrl-C quit, k asks `PID to signal/kill` then `Send pid N
signal [15/sigterm]` and signals through the machine's table (the path kill takes, with its
permission rules), M sorts by memory, P by CPU, N by pid, T by time, R reverses, c/i/1 toggle
command lines, idle tasks and per-cpu lines; the screen refreshes
every delay seconds (-d, 3 by default)."""
from __future__ import annotations

import errno
import time
from collections.abc import Callable
from typing import Any

from shelldojo.filesystem import strerror
from shelldojo.filesystem.processes import signal_number
from shelldojo.shell.commands.procs.top_text import Frame, Options
from shelldojo.shell.context import Context

SORT_KEYS = {"M": "%MEM", "P": "%CPU", "N": "PID", "T": "TIME+"}
TOGGLES = {"c": "cmdline", "i": "idle", "1": "per_cpu"}   # as -c, -i, -1 set them at start


class TopState:
    def __init__(self, ctx: Context, opts: Options, delay: float = 3.0, lines: int = 24,
                 me: int | None = None, iterations: int | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.ctx, self.opts, self.delay, self.height = ctx, opts, delay, max(lines, 8)
        self.me, self.iterations, self.clock = me, iterations, clock
        self.frames = 0
        self.done = False
        self.message = ""                  # the line under the summary: prompts and complaints
        self.asking: str | None = None     # "pid" or "signal" while k is being answered
        self.typed = ""
        self.target = 0
        self.last = float("-inf")
        self.frame: Frame | None = None

    # -- refreshing ---------------------------------------------------------------
    def refresh(self, now: float | None = None) -> None:
        """Read the machine again (top's every-delay redraw)."""
        now = self.clock() if now is None else now
        self.frame = Frame(self.ctx, self.opts, now=now, me=self.me)
        self.last = now
        self.frames += 1
        if self.iterations is not None and self.frames > self.iterations:
            self.done = True

    def due(self, now: float | None = None) -> bool:
        now = self.clock() if now is None else now
        return self.frame is None or now - self.last >= self.delay

    def screen_lines(self) -> list[str]:
        if self.due():
            self.refresh()
        assert self.frame is not None
        lines = self.frame.lines(rows=self.height - 7)
        lines[self.message_row] = self.prompt()
        return lines

    @property
    def message_row(self) -> int:
        """The blank line between the summary and the header (6th, or 7th with -1)."""
        return 5 + (self.ctx.machine.hardware.cores - 1 if self.opts.per_cpu else 0)

    def prompt(self) -> str:
        if self.asking == "pid":
            return f"PID to signal/kill [default pid = {self.default_pid()}] {self.typed}"
        if self.asking == "signal":
            return f"Send pid {self.target} signal [15/sigterm] {self.typed}"
        return self.message

    def default_pid(self) -> int:
        if self.frame is None:
            self.refresh()
        assert self.frame is not None
        return self.frame.tasks[0].pid if self.frame.tasks else 0

    # -- keys ---------------------------------------------------------------------
    def key(self, name: str) -> None:
        """`name` is a printable character, or "enter", "escape", "backspace"."""
        if self.asking is not None:
            self._answer(name)
            return
        self.message = ""
        if name == "q":
            self.done = True
        elif name in SORT_KEYS:
            self.opts.sort, self.opts.descending = SORT_KEYS[name], True
            self.refresh()
        elif name in TOGGLES:
            setattr(self.opts, TOGGLES[name], not getattr(self.opts, TOGGLES[name]))
            self.refresh()
        elif name == "R":
            self.opts.descending = not self.opts.descending
            self.refresh()
        elif name == "k":
            self.asking, self.typed = "pid", ""
        elif name in ("enter", " "):
            self.refresh()

    def _answer(self, name: str) -> None:
        if name == "escape":
            self.asking, self.typed = None, ""
        elif name == "backspace":
            self.typed = self.typed[:-1]
        elif name == "enter":
            text, self.typed = self.typed.strip(), ""
            if self.asking == "pid":
                if text and not text.lstrip("-").isdigit():
                    self.asking, self.message = None, " Unacceptable integer"
                    return
                self.target = int(text) if text else self.default_pid()
                if self.target <= 0:
                    self.asking = None
                    return
                self.asking = "signal"
            else:
                self.asking = None
                self._send(text or "15")
        elif len(name) == 1 and name.isprintable():
            self.typed += name

    def _send(self, spec: str) -> None:
        signum = signal_number(spec)
        if signum is None or signum == 0:
            self.message = " Unacceptable signal value"
            return
        try:
            self.ctx.machine.procs.signal(self.target, signum, self.ctx.creds.uid)
        except OSError as exc:
            code = exc.errno if exc.errno is not None else errno.EPERM
            self.message = f" Failed signal pid '{self.target}' with '{signum}': {strerror(code)}"
        self.refresh()


KEYS = {"c-m": "enter", "c-j": "enter", "escape": "escape", "c-h": "backspace", "backspace": "backspace"}


def build_top(st: TopState) -> Any:
    """A prompt_toolkit Application drawing `st`, redrawn every delay seconds until q."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    kb = KeyBindings()

    @kb.add("<any>")
    def _(event: Any) -> None:
        data = event.key_sequence[0].data
        key = event.key_sequence[0].key
        name = KEYS.get(getattr(key, "value", key), data if len(data) == 1 and data.isprintable() else "")
        if name:
            st.key(name)
        if st.done:
            _leave(event.app)

    @kb.add("c-c")
    def _quit(event: Any) -> None:
        st.done = True
        _leave(event.app)

    def body() -> Any:
        lines = st.screen_lines()
        if st.done:  # -n frames shown: leave at the next redraw
            from prompt_toolkit.application.current import get_app
            _leave(get_app())
        head = st.message_row + 1
        out: list[tuple[str, str]] = [("", "\n".join(lines[:head]) + "\n"),
                                      ("reverse", lines[head].ljust(st.opts.width))]
        out.append(("", "".join("\n" + line for line in lines[head + 1:])))
        return out

    # refresh_interval redraws the screen; screen_lines() reads the machine again when due
    interval = max(0.1, min(st.delay, 1.0))
    layout = Layout(HSplit([Window(FormattedTextControl(body), wrap_lines=False)]))
    return Application(layout=layout, key_bindings=kb, full_screen=True, refresh_interval=interval)


def _leave(app: Any) -> None:
    """Exit once: a key and the redraw after it may both see that the screen is done."""
    if app.future is not None and not app.future.done():
        app.exit()
