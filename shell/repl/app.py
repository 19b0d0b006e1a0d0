"""The REPL loop: read a (possibly multi-line) command with prompt_toolkit, run it, repeat.

Composition root for the front end: a Session (interactive, on our Terminal), hooks for the
trainer (toolbar, after-command callback, extra builtins, welcome text), persistence through
a `save` callback.  The REPL never imports `challenges/`.
"""
from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.formatted_text import ANSI
from prompt_toolkit.history import InMemoryHistory
from shelldojo.shell.budget import Interrupted
from shelldojo.shell.hoststreams import HostOutput
from shelldojo.shell.repl import history as hist
from shelldojo.shell.repl.completer import ShellCompleter
from shelldojo.shell.repl.prompt import for_prompt_toolkit, render
from shelldojo.shell.repl.terminal_impl import KeyboardInput, PtkTerminal, TeeOutput

if TYPE_CHECKING:
    from shelldojo.shell.context import Context
    from shelldojo.shell.session import Session

ExtraBuiltin = Callable[["Context", list[str]], int]
SessionFactory = Callable[..., "Session"]


@dataclass
class ReplHooks:
    """What a front end (the trainer) plugs into the REPL."""

    toolbar: Callable[[], Any] | None = None                     # formatted text for the bottom bar
    after_command: Callable[[str, int, str], None] | None = None  # (line, status, output text)
    extra_builtins: dict[str, ExtraBuiltin] = field(default_factory=dict)  # e.g. `dojo`
    welcome: str | Callable[[int], str] | None = None   # text, or drawn for the terminal's width
    hints: bool = True


class AliasTable(dict):
    """The alias dict, callable as the parser's alias lookup (it takes `name -> value | None`)."""

    def __call__(self, name: str) -> str | None:
        return self.get(name)


class HistoryView(InMemoryHistory):
    """prompt_toolkit's view of `state.history` (the REPL adds lines itself, expanded)."""

    def set_lines(self, lines: list[str]) -> None:
        self._loaded_strings = list(reversed(lines))
        self._loaded = True

    def append_string(self, string: str) -> None:
        pass

    def load_history_strings(self):  # type: ignore[no-untyped-def]
        return iter(self._loaded_strings)


class Repl:
    def __init__(self, session_factory: SessionFactory, hooks: ReplHooks | None = None, *,
                 input: Any = None, output: Any = None, save: Callable[[Session], None] | None = None,
                 stdout: Any = None, stdin_fd: int | None = None, stdin: Any = None) -> None:
        self.hooks = hooks or ReplHooks()
        self.save = save
        host_out = stdout or sys.stdout.buffer
        self.host_out = host_out
        # the terminal pauses the current command line's clock while it waits for the person
        self.terminal = PtkTerminal(input, output, budget=lambda: self.session.state.budget)
        out = HostOutput(host_out, tty=True)
        err = HostOutput(host_out if stdout is not None else sys.stderr.buffer, tty=True, partner=out)
        self.out, self.err = TeeOutput(out), TeeOutput(err)
        # the keyboard reads through whichever session is current (replace_session swaps it)
        if stdin is None:  # a server passes its connection's keyboard (shell/serve/bridge.py)
            stdin = KeyboardInput(lambda: self.session.state.budget, stdin_fd) if stdin_fd is not None or \
                (input is None and sys.stdin.isatty()) else None
        self.session_io: dict[str, Any] = {"stdin": stdin, "stdout": self.out, "stderr": self.err,
                                           "terminal": self.terminal}
        self.session = session_factory(**self.session_io)
        self._setup_interpreter()
        self.prompt = PromptSession(
            history=HistoryView(), auto_suggest=AutoSuggestFromHistory(), completer=ShellCompleter(self.session),
            complete_while_typing=False, lexer=_lexer(), bottom_toolbar=self._toolbar,
            input=input, output=output, enable_history_search=False, style=_style(), key_bindings=_keys(),
        )
        self.first_history = 0

    def _setup_interpreter(self) -> None:
        s = self.session
        for name, func in self.hooks.extra_builtins.items():  # the session's overlay (functions still win)
            s.add_command(name, func)
        s.state.aliases = AliasTable(s.state.aliases)

    def replace_session(self, session_factory: SessionFactory) -> None:
        """Swap in a new Session on the same terminal (a front end changing machines) and start it."""
        old = self.session
        self.session = session_factory(**self.session_io)
        if self.session.login_user == old.login_user:
            # sudo's timestamp is the terminal's and the person's, not the machine's (15 minutes)
            self.session.sudo_time = old.sudo_time
        self._setup_interpreter()
        self.prompt.completer = ShellCompleter(self.session)
        self.start()

    # -- start -----------------------------------------------------------------------
    def start(self) -> None:
        """What bash does when an interactive shell starts: ~/.bashrc, then the history file."""
        st = self.session.state
        self._sync_columns()
        home = st.get("HOME") or "/"
        self._run(f". {_squote(home.rstrip('/') + '/.bashrc')}", quiet_missing=home.rstrip("/") + "/.bashrc")
        if not isinstance(st.aliases, AliasTable):
            st.aliases = AliasTable(st.aliases)
        st.history[:] = hist.load(self.session)
        self.first_history = len(st.history)
        self.prompt.history.set_lines(st.history)  # type: ignore[attr-defined]

    def _exists(self, path: str) -> bool:
        from shelldojo.filesystem import acting_as
        from shelldojo.filesystem.credentials import MACHINE_LOCK
        with MACHINE_LOCK, acting_as(self.session.state.creds):
            return self.session.machine.vfs.exists(path)

    def _sync_columns(self) -> None:
        st = self.session.state
        cols, rows = self.terminal.columns, self.terminal.lines
        st.columns = cols
        for name, value in (("COLUMNS", cols), ("LINES", rows)):
            var = st.lookup(name)
            if var is None or not var.readonly:  # a readonly COLUMNS is the user's choice
                st.set(name, str(value))

    # -- the loop --------------------------------------------------------------------
    def read_command(self) -> str | None:
        """One complete command (PS2 continuation lines joined); None on Ctrl-D."""
        from shelldojo.shell.syntax.parser import is_complete
        lines: list[str] = []
        while True:
            ps, title = for_prompt_toolkit(render(self.session, "PS1" if not lines else "PS2"))
            if title is not None and self.prompt.output is not None:
                self.prompt.output.set_title(title)
            try:
                line = self.prompt.prompt(ANSI(ps))
            except KeyboardInterrupt:  # bash: the line is dropped and $? is 130
                lines = []
                self.session.state.status = 130
                continue
            except EOFError:
                if lines:  # bash: unexpected end of file inside an unfinished command
                    self._write("bash: syntax error: unexpected end of file\n")
                    lines = []
                    continue
                return None
            lines.append(line)
            source = "\n".join(lines)
            try:
                done = is_complete(source + "\n")
            except Exception:  # noqa: BLE001 - the runner will report it
                done = True
            if done:
                return source

    def run(self) -> int:
        welcome = self.hooks.welcome
        if welcome:
            self._write(welcome if isinstance(welcome, str) else welcome(self.terminal.columns))
        self.start()
        while not self.session.exited:
            self._write(self.session.job_report())  # finished background jobs, as bash reports them
            source = self.read_command()
            if source is None:
                self._write("exit\n")
                if self._stopped_jobs_warning():
                    continue
                break
            if source.strip() not in ("jobs", "exit", "logout"):  # bash: a second try right after leaves
                self.session.state.jobs.exit_warned = False
            self.handle(source)
        self.finish()
        return self.session.state.status

    def _stopped_jobs_warning(self) -> bool:
        """bash on Ctrl-D with stopped jobs: it says so once and stays."""
        if not self.session.state.jobs.stopped_warning():
            return False
        self._write("There are stopped jobs.\n")
        return True

    def handle(self, source: str) -> int:
        st = self.session.state
        try:
            expanded, changed = hist.expand(source, st.history)
        except hist.EventNotFound as e:
            self._write(f"bash: {e.event}: event not found\n")
            return st.status
        if changed:
            self._write(expanded + "\n")  # bash shows the line it is about to run
        hist.add(self.session, hist.join_lines(expanded.split("\n")) if "\n" in expanded else expanded)
        self.prompt.history.set_lines(st.history)  # type: ignore[attr-defined]
        status = self._run(expanded)
        output = self._take_output()
        errors = self._last_err
        if self.hooks.hints:
            from shelldojo.shell.repl.hints import hint_for
            text = hint_for(expanded, status, errors, self._command_names)
            if text:
                self._write(f"\x1b[2m{text}\x1b[0m\n")
        if self.hooks.after_command:
            try:
                self.hooks.after_command(expanded, status, output)
            except Exception as exc:  # noqa: BLE001 - the trainer's bug must not end the session
                self._write(f"shelldojo: after-command hook failed: {exc}\n")
        self._persist()
        return status

    def _take_output(self) -> str:
        self._last_err = self.err.take()
        return self.out.take() + self._last_err

    _last_err = ""

    def _command_names(self) -> set[str]:
        return ShellCompleter(self.session).command_names()

    def _run(self, source: str, quiet_missing: str | None = None) -> int:
        """Run one command line with Ctrl-C turned into a cancel of its budget (status 130)."""
        if quiet_missing is not None and not self._exists(quiet_missing):
            return 0
        self._sync_columns()
        st = self.session.state
        interrupted: list[bool] = []

        def on_sigint(signum: int, frame: Any) -> None:
            interrupted.append(True)  # the foreground job dies of SIGINT, the line ends
            st.budget.cancel(Interrupted())

        def on_sigtstp(signum: int, frame: Any) -> None:
            # Ctrl-Z stops the foreground job (never shelldojo itself); nothing in a builtin
            from shelldojo.shell.interp.foreground import stop_foreground
            stop_foreground(st.jobs)

        old = old_tstp = None
        st.jobs.control = threading.current_thread()  # foreground programs run as jobs Ctrl-Z can stop
        try:
            old = signal.signal(signal.SIGINT, on_sigint)
            old_tstp = signal.signal(signal.SIGTSTP, on_sigtstp)
        except ValueError:  # not the main thread (tests): no Ctrl-C handling
            pass
        try:
            status = self.session.run_source(source + "\n")
        except Interrupted:
            status = 130
        except Exception as exc:  # noqa: BLE001 - an engine bug must not end the learner's session
            self._write(f"shelldojo: internal error: {type(exc).__name__}: {exc}\n")
            status = 1
        finally:
            if old is not None:
                signal.signal(signal.SIGINT, old)
            if old_tstp is not None:
                signal.signal(signal.SIGTSTP, old_tstp)
        if interrupted:
            self._write("\n")
            st.status = status = 130
        self.session.command_number += 1
        return status

    def _persist(self) -> None:
        if self.save is None:
            return
        try:
            self.save(self.session)
        except Exception as exc:  # noqa: BLE001 - say it, keep going
            self._write(f"shelldojo: could not save the machine: {exc}\n")

    def finish(self) -> None:
        """bash on exit: ~/.bash_logout is not read by non-login shells; history is appended."""
        hist.save(self.session, self.first_history)
        self._persist()
        self.session.end()  # no background job outlives the REPL

    def _toolbar(self) -> Any:
        if self.hooks.toolbar is not None:
            try:
                return self.hooks.toolbar()
            except Exception:  # noqa: BLE001
                return ""
        from shelldojo.shell.repl.toolbar import free_toolbar
        return free_toolbar(self.session)

    def _write(self, text: str) -> None:
        self.host_out.write(text.encode("utf-8", "surrogateescape"))
        self.host_out.flush()


def _squote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _lexer() -> Any:
    from shelldojo.shell.repl.highlight import bash_lexer
    return bash_lexer()


def _keys() -> Any:
    """Where bash's readline differs from prompt_toolkit's defaults: Enter after Ctrl-R runs the
    line found (not only ends the search); Ctrl-C leaves the typed text on the screen with `^C`
    after it, and the next prompt comes on a new line."""
    from prompt_toolkit import search
    from prompt_toolkit.filters import is_searching
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.key_binding.bindings.search import accept_search_and_accept_input

    kb = KeyBindings()
    kb.add("enter", filter=is_searching)(accept_search_and_accept_input)
    kb.add("c-z")(lambda event: None)  # bash: Ctrl-Z at the prompt does nothing

    @kb.add("c-c")
    def _interrupt(event: Any) -> None:
        if is_searching():
            search.accept_search()  # the line found stays on the screen, as in bash
        buffer = event.app.current_buffer
        buffer.cursor_position = len(buffer.text)
        buffer.insert_text("^C", fire_event=False)
        event.app.exit(exception=KeyboardInterrupt)

    return kb


def _style() -> Any:
    from prompt_toolkit.styles import Style
    return Style.from_dict({"bottom-toolbar": "#dddddd bg:#333333 noreverse",
                            "bottom-toolbar.key": "bold #ffffff bg:#005f87"})


def run_repl(session_factory: SessionFactory, hooks: ReplHooks | None = None, **kw: Any) -> int:
    """Run a REPL to its end; `session_factory(stdin=, stdout=, stderr=, terminal=)` builds the Session."""
    return Repl(session_factory, hooks, **kw).run()
