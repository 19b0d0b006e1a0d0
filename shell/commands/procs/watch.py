"""watch (procps-ng 4.0.2): run a command every N seconds, full-screen, until Ctrl-C or q.

Each run is a child command of the session, started through ctx.runner as timeout and sudo
start theirs (`sh -c CMD`, or the words themselves with -x), its output caught in a bounded
buffer (a command that writes more than a screenful or two meets a closed pipe, as it would
behind curses) and cut to the screen.  A key-driven state (testable with an injected clock)
sits under a thin prompt_toolkit Application.  Without a terminal there is no TERM: watch
says what ncurses says then."""
from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

from shelldojo.shell.budget import Interrupted, ScopedBudget
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.streams import BrokenPipe, BufferOutput, NullInput
from shelldojo.shell.texts import verbatim

CAPTURE_LIMIT = 64 * 1024       # bytes kept of one run's output
RUN_LIMIT_S = 10.0              # one run may not hold the screen (and its keys) longer


class _RunTooLong(Interrupted):
    """One run of the command passed RUN_LIMIT_S: it ends as if interrupted."""
_LONG = {"--beep": "b", "--color": "c", "--differences": "d", "--errexit": "e", "--chgexit": "g",
         "--equexit": "q", "--interval": "n", "--precise": "p", "--no-title": "t", "--no-wrap": "w",
         "--exec": "x", "--help": "h", "--version": "v"}


class _Screenful(BufferOutput):
    """Keeps the first CAPTURE_LIMIT bytes; past them the writer meets a closed pipe."""

    def write(self, data: bytes) -> None:
        if self.size + len(data) > CAPTURE_LIMIT:
            self.chunks.append(data[:CAPTURE_LIMIT - self.size])
            self.size = CAPTURE_LIMIT
            raise BrokenPipe()
        super().write(data)


@dataclasses.dataclass
class WatchOptions:
    interval: float = 2.0
    title: bool = True
    differences: bool = False
    exec_: bool = False
    errexit: bool = False
    chgexit: bool = False
    words: list[str] = dataclasses.field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.words)


class WatchState:
    """The screen of watch: `run()` runs the command once (the redraw), `key()` takes keys."""

    def __init__(self, ctx: Context, opts: WatchOptions, lines: int = 24, columns: int = 80,
                 clock: Callable[[], float] = time.time) -> None:
        self.ctx, self.opts, self.height, self.width, self.clock = ctx, opts, lines, columns, clock
        self.output = ""
        self.previous = ""
        self.status = 0
        self.runs = 0
        self.last = float("-inf")
        self.when = 0.0
        self.done = False
        self.message = ""

    def due(self) -> bool:
        return self.runs == 0 or self.clock() - self.last >= self.opts.interval

    def run(self) -> None:
        """Run the command once through the session, as a child command."""
        ctx, opts = self.ctx, self.opts
        buf = _Screenful()
        argv = list(opts.words) if opts.exec_ else ["sh", "-c", opts.text]
        scoped = ScopedBudget(ctx.budget, RUN_LIMIT_S, lambda budget: _RunTooLong(15))
        env = {**ctx.env, "COLUMNS": str(self.width), "LINES": str(self.height)}  # as watch exports them
        sub = dataclasses.replace(ctx, name=argv[0], env=env, stdin=NullInput(), stdout=buf, stderr=buf,
                                  terminal=None, columns=self.width, budget=scoped)
        try:
            self.status = ctx.runner.run_argv(sub, argv)
        except BrokenPipe:
            self.status = 141
        except _RunTooLong as exc:
            if exc is not scoped.cancelled:
                raise
            self.status = 143
        self.previous, self.output = self.output, buf.getvalue().decode("utf-8", "replace")
        self.last = self.clock()
        self.when = time.time()
        self.runs += 1
        if opts.errexit and self.status:
            self.message = "command exit with a non-zero status, press a key to exit"
        if opts.chgexit and self.runs > 1 and self.output != self.previous:
            self.done = True

    def header(self) -> str:
        host = self.ctx.machine.hostname
        right = f"{host}: " + time.strftime("%a %b %e %H:%M:%S %Y", time.localtime(self.when))
        left = f"Every {self.opts.interval:.1f}s: "
        room = self.width - len(right) - len(left) - 2   # two blanks before the clock, as watch 4.0.2
        cmd = self.opts.text
        if len(cmd) > room:
            cmd = cmd[:max(0, room - 3)] + "..." if room > 3 else ""
        if len(left) + len(right) >= self.width:
            return right[-self.width:].rjust(self.width)
        return (left + cmd).ljust(self.width - len(right)) + right

    def body(self) -> list[str]:
        """The output's lines, tabs expanded, wrapped at the width, cut to the screen."""
        rows = self.height - (2 if self.opts.title else 0)
        out: list[str] = []
        for line in self.output.split("\n"):
            line = line.expandtabs(8).replace("\r", "")
            while len(line) > self.width and len(out) < rows:
                out.append(line[:self.width])
                line = line[self.width:]
            out.append(line)
            if len(out) >= rows:
                break
        if out and out[-1] == "" and self.output.endswith("\n"):
            out.pop()
        return out[:rows]

    def changed(self, row: int, line: str) -> list[tuple[str, str]]:
        """-d: the characters that differ from the previous run in reverse video."""
        old = self.previous.split("\n")
        before = old[row] if row < len(old) else ""
        return [("reverse" if i >= len(before) or before[i] != ch else "", ch) for i, ch in enumerate(line)]

    def screen_lines(self) -> list[str]:
        if self.due() and not self.message and not self.done:
            self.run()
        lines = ([self.header(), ""] if self.opts.title else []) + self.body()
        if self.message:
            lines.append(self.message)
        return lines

    def key(self, name: str) -> None:
        if name == "q" or self.message:
            self.done = True


def _usage(ctx: Context, message: str | None = None) -> int:
    ctx.err((f"watch: {message}\n" if message else "") + verbatim("procs/watch_help"))
    return 1


def parse(ctx: Context, argv: list[str]) -> WatchOptions | int:
    o = WatchOptions()
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        if not a.startswith("-") or a == "-":
            o.words = argv[i - 1:]
            break
        if a == "--":
            o.words = argv[i:]
            break
        if a.startswith("--"):
            name, eq, val = a.partition("=")
            letter = _LONG.get(name)
            if letter is None:
                return _usage(ctx, f"unrecognized option '{a}'")
            pairs = [(letter, val if eq else None)]
            if letter in "nq" and not eq:
                if i >= len(argv):
                    return _usage(ctx, f"option '{name}' requires an argument")
                pairs, i = [(letter, argv[i])], i + 1
        else:
            pairs = []
            j = 1
            while j < len(a):
                ch = a[j]
                j += 1
                if ch in "nq":
                    val = a[j:]
                    if not val:
                        if i >= len(argv):
                            return _usage(ctx, f"option requires an argument -- '{ch}'")
                        val, i = argv[i], i + 1
                    pairs.append((ch, val))
                    break
                pairs.append((ch, None))
        for letter, val in pairs:
            if letter == "h":
                ctx.out(verbatim("procs/watch_help"))
                return 0
            if letter == "v":
                ctx.out("watch from procps-ng 4.0.2\n")
                return 0
            if letter == "n":
                try:
                    o.interval = max(0.1, float(val or ""))
                except ValueError:
                    ctx.err(f"watch: failed to parse argument: '{val}': Invalid argument\n")
                    return 1
            elif letter == "t":
                o.title = False
            elif letter == "d":
                o.differences = True
            elif letter == "x":
                o.exec_ = True
            elif letter == "e":
                o.errexit = True
            elif letter == "g":
                o.chgexit = True
            elif letter not in "bcpwq":
                return _usage(ctx, f"invalid option -- '{letter}'")
    if not o.words:
        return _usage(ctx)
    return o


@command("watch", family="system", summary="execute a program periodically, showing output fullscreen")
def watch(ctx: Context, argv: list[str]) -> int:
    parsed = parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if ctx.terminal is None:  # no terminal, no TERM: ncurses' initscr() gives up
        ctx.out("Error opening terminal: unknown.\n")
        return 1
    term = ctx.terminal
    state = WatchState(ctx, parsed, term.lines, term.columns)
    term.run_app(build_watch(state))
    return 0


def build_watch(st: WatchState) -> Any:
    """A prompt_toolkit Application showing `st`, re-running the command every interval."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    kb = KeyBindings()

    @kb.add("<any>")
    def _(event: Any) -> None:
        data = event.key_sequence[0].data
        st.key(data if len(data) == 1 else "")
        if st.done:
            _leave(event.app)

    @kb.add("c-c")
    def _quit(event: Any) -> None:
        st.done = True
        _leave(event.app)

    def body() -> Any:
        lines = st.screen_lines()
        if st.done:
            from prompt_toolkit.application.current import get_app
            _leave(get_app())
        start = 2 if st.opts.title else 0
        out: list[tuple[str, str]] = []
        for row, line in enumerate(lines):
            if row:
                out.append(("", "\n"))
            if st.opts.differences and start <= row and st.runs > 1 and line is not st.message:
                out.extend(st.changed(row - start, line))
            else:
                out.append(("", line))
        return out

    interval = max(0.1, min(st.opts.interval, 1.0))
    layout = Layout(HSplit([Window(FormattedTextControl(body), wrap_lines=False)]))
    return Application(layout=layout, key_bindings=kb, full_screen=True, refresh_interval=interval)


def _leave(app: Any) -> None:
    """Exit once: a key and the redraw after it may both see that the screen is done."""
    if app.future is not None and not app.future.done():
        app.exit()
