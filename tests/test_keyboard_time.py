"""Issue 13, items 1, 9 and 10: time spent waiting for the person at the keyboard does not count
against the wall-time limit (the REPL only: `shelldojo run` and the grader keep their hard
bounds), Ctrl-C still ends every wait within a second; Enter after Ctrl-R runs the line found,
Ctrl-C on a half-typed line shows `^C`; sudo's timestamp survives a change of machine.

Time passing is simulated with a clock that the test moves forward (shell.budget reads
`time.monotonic` through its module), never with sleeps."""
from __future__ import annotations

import io
import os
import re
import select
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from shelldojo.filesystem import ROOT, acting_as
from shelldojo.shell import budget as budget_module
from shelldojo.shell.budget import Budget, Interrupted, LimitExceeded
from shelldojo.shell.limits import Limits
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.repl.app import Repl
from shelldojo.shell.repl.terminal_impl import KeyboardInput, PtkTerminal
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput

from tests.test_hostile_interrupt import PROMPT, Pty

H = "/home/learner"


class Clock:
    """time.monotonic as shell.budget sees it, plus the seconds the test says have passed."""

    def __init__(self) -> None:
        self.offset = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(budget_module, "time", c)
    return c


def _until(ready: Any, what: str, deadline: float = 30) -> None:
    end = time.monotonic() + deadline
    while not ready():
        assert time.monotonic() < end, f"not {what} within {deadline} s"
        time.sleep(0.005)


# ------------------------------------------------------------------ the Budget's pause
def test_an_attended_budget_does_not_count_time_spent_waiting(clock: Clock) -> None:
    b = Budget(8.0, 1000, attended=True)
    with b.waiting():
        assert b.waiting_now
        clock.advance(600)       # ten minutes at the keyboard
        b.check()                # no limit while waiting
    assert not b.waiting_now
    b.check()                    # nor after: the wait was not running time
    clock.advance(7.5)
    b.check()
    clock.advance(1)             # but 8.5 s of work is past the limit
    with pytest.raises(LimitExceeded, match=r"time limit exceeded \(8s per command line\)"):
        b.check()


def test_nested_and_concurrent_waits_pause_once(clock: Clock) -> None:
    b = Budget(8.0, 1000, attended=True)
    with b.waiting():
        with b.waiting():        # `cat | read x`: two stages waiting on the same person
            clock.advance(100)
        clock.advance(100)
        b.check()
    clock.advance(7)
    b.check()


def test_an_unattended_budget_keeps_its_hard_bound(clock: Clock) -> None:
    """`shelldojo run` and the grader: nobody is typing, the deadline stays where it was."""
    b = Budget(8.0, 1000)
    with b.waiting():
        assert not b.waiting_now
        clock.advance(9)
        with pytest.raises(LimitExceeded):
            b.check()


def test_ctrl_c_still_ends_a_wait(clock: Clock) -> None:
    b = Budget(8.0, 1000, attended=True)
    with b.waiting():
        b.cancel(Interrupted())
        with pytest.raises(Interrupted):
            b.check()


# ------------------------------------------------------------------ the REPL's keyboard
class Keyboard:
    """A Session as the REPL builds it (a terminal, the keyboard as stdin) over an os.pipe."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.read_fd, self.write_fd = os.pipe()
        self.out, self.err = BufferOutput(), BufferOutput()
        self.machine = fresh_machine()
        current = lambda: self.session.state.budget
        self.session = Session(self.machine, interactive=True, limits=limits,
                               stdin=KeyboardInput(current, self.read_fd), stdout=self.out,
                               stderr=self.err, terminal=PtkTerminal(None, DummyOutput(), budget=current))

    def run_in_thread(self, source: str) -> tuple[threading.Thread, list[int]]:
        status: list[int] = []
        t = threading.Thread(target=lambda: status.append(self.session.run_source(source)), daemon=True)
        t.start()
        return t, status

    def close(self) -> None:
        for fd in (self.read_fd, self.write_fd):
            try:
                os.close(fd)
            except OSError:
                pass


@pytest.fixture
def keyboard() -> Iterator[Keyboard]:
    k = Keyboard()
    yield k
    k.close()


@pytest.mark.parametrize(("line", "typed", "expect"), [
    ("cat > shopping.txt; echo st=$?", b"milk\neggs\n", b"st=0\n"),
    ('read -p "Your name: " name; echo "st=$? name=$name"', b"Ada\n", b"st=0 name=Ada\n"),
    ("cat | sort; echo st=$?", b"pears\napples\n", b"apples\npears\nst=0\n"),
])
def test_typing_slowly_is_not_running_time(keyboard: Keyboard, clock: Clock, line: str, typed: bytes,
                                           expect: bytes) -> None:
    t, status = keyboard.run_in_thread(line)
    _until(lambda: keyboard.session.state.budget.waiting_now, "waiting for the keyboard")
    clock.advance(120)                       # the learner takes two minutes
    os.write(keyboard.write_fd, typed)
    os.close(keyboard.write_fd)              # Ctrl-D
    t.join(30)
    assert not t.is_alive()
    assert b"limit exceeded" not in keyboard.err.getvalue(), keyboard.err.getvalue()
    assert keyboard.out.getvalue().endswith(expect), keyboard.out.getvalue()
    assert status == [0]
    if "shopping" in line:
        with acting_as(ROOT):
            assert keyboard.machine.vfs.read_bytes(f"{H}/shopping.txt") == b"milk\neggs\n"


def test_a_computation_after_the_wait_is_still_bounded(keyboard: Keyboard, clock: Clock) -> None:
    t, status = keyboard.run_in_thread("read x; while :; do :; done")
    _until(lambda: keyboard.session.state.budget.waiting_now, "waiting for the keyboard")
    clock.advance(120)
    os.write(keyboard.write_fd, b"go\n")
    _until(lambda: not keyboard.session.state.budget.waiting_now, "reading the line")
    clock.advance(9)                         # the loop has run 9 s on its own
    t.join(30)
    assert status == [124]
    assert keyboard.err.getvalue().endswith(b"shelldojo: time limit exceeded (8s per command line)\n")


def test_the_terminals_prompts_and_full_screen_apps_pause_the_clock(clock: Clock, monkeypatch: pytest.MonkeyPatch
                                                                     ) -> None:
    """sudo/passwd (read_secret), read_line (apt's questions, sqlite3) and run_app (less, nano)."""
    b = Budget(8.0, 1000, attended=True)
    term = PtkTerminal(None, DummyOutput(), budget=lambda: b)

    def slow_person(*args: Any, **kw: Any) -> str:
        clock.advance(300)
        b.check()
        return "answer"

    class App:
        def run(self) -> int:
            return len(slow_person())

    import prompt_toolkit
    monkeypatch.setattr(prompt_toolkit.PromptSession, "prompt", slow_person)
    assert term.read_secret("[sudo] password for learner: ") == "answer"
    assert term.read_line("Do you want to continue? [Y/n] ") == "answer"
    assert term.run_app(App()) == 6
    b.check()


def test_sleep_in_the_repl_sleeps_in_full() -> None:
    k = Keyboard(Limits(wall_time_s=0.2))
    try:
        assert k.session.run_source("sleep 0.5; echo st=$?\n") == 0
        assert k.out.getvalue() == b"st=0\n" and k.err.getvalue() == b""
    finally:
        k.close()


def test_sleep_without_a_terminal_keeps_the_hard_bound() -> None:
    """`shelldojo run -c 'sleep 10'` and the grader: the limit as before."""
    out, err = BufferOutput(), BufferOutput()
    s = Session(fresh_machine(), limits=Limits(wall_time_s=0.2), stdout=out, stderr=err)
    assert s.run_source("sleep 10\n") == 124
    assert err.getvalue() == b"shelldojo: time limit exceeded (0.2s per command line)\n"


# ------------------------------------------------------------------ item 10: sudo's timestamp
def test_sudo_timestamp_survives_a_new_machine_on_the_same_terminal() -> None:
    def factory(**io_: Any) -> Session:
        return Session(fresh_machine(), interactive=True, **io_)

    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        repl = Repl(factory, input=inp, output=DummyOutput(), stdout=io.BytesIO())
        asked: list[str] = []

        def read_secret(prompt: str) -> str | None:
            asked.append(prompt)
            return "learner"
        repl.terminal.read_secret = read_secret  # type: ignore[method-assign]
        repl.start()
        assert repl.session.run_source("sudo true\n") == 0 and len(asked) == 1
        first = repl.session
        repl.replace_session(factory)       # the trainer moves to the next challenge
        assert repl.session is not first
        assert repl.session.run_source("sudo true\n") == 0
        assert len(asked) == 1, "sudo asked for the password again on the next challenge"
        repl.session.run_source("sudo -k\n")
        repl.session.run_source("sudo true\n")
        assert len(asked) == 2


# ------------------------------------------------------------------ in a real pseudo-terminal
@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pty]:
    p = Pty(str(tmp_path_factory.mktemp("sandbox")))
    p.read_until(PROMPT, 30)
    yield p
    p.close()


@pytest.mark.parametrize("line", ["cat", "cat > notes.txt", "read x", "read -p 'Your name: ' name", "sleep 100",
                                  "cat | sort"])
def test_ctrl_c_ends_a_wait_for_the_keyboard_within_a_second(sandbox: Pty, line: str) -> None:
    sandbox.send(f"echo ST''ART; {line}\r".encode())
    sandbox.read_until(b"START\r\n", 10)
    sandbox.send(b"\x03")
    seconds = sandbox.read_until(PROMPT, 10)
    assert seconds <= 1.0, f"{line!r}: the prompt came back after {seconds:.2f}s"
    sandbox.send(b"echo status=$?\r")
    sandbox.read_until(b"status=130", 5)
    sandbox.read_until(PROMPT, 5)


def _plain(data: bytes) -> bytes:
    return re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", data)


def _screen_until(p: Pty, pattern: re.Pattern[bytes], timeout: float) -> bytes:
    """What the terminal showed up to and including `pattern` (consumed), colours removed."""
    end = time.monotonic() + timeout
    while not pattern.search(p.buf):
        left = end - time.monotonic()
        assert left > 0, f"{pattern!r} not seen in {timeout}s; last output: {p.buf[-500:]!r}"
        if select.select([p.fd], [], [], left)[0]:
            p.buf += os.read(p.fd, 65536)
    m = pattern.search(p.buf)
    assert m is not None
    shown, p.buf = p.buf[:m.end()], p.buf[m.end():]
    return _plain(shown)


def test_enter_after_ctrl_r_runs_the_line_found(sandbox: Pty) -> None:
    sandbox.send(b"echo fo''und-it\r")
    sandbox.read_until(b"found-it\r\n", 10)
    sandbox.read_until(PROMPT, 10)
    sandbox.send(b"\x12fo''un")
    sandbox.read_until(b"fo''un", 5)           # the search shows what was found
    sandbox.send(b"\r")                        # bash: runs it (not only ends the search)
    sandbox.read_until(b"found-it\r\n", 5)
    sandbox.read_until(PROMPT, 5)


def test_ctrl_c_on_a_half_typed_line_shows_it_with_caret_c(sandbox: Pty) -> None:
    sandbox.send(b"echo half-typ")
    sandbox.send(b"\x03")
    # bash: `learner@dojo:~$ echo half-typ^C`, then the next prompt on a line of its own
    shown = _screen_until(sandbox, re.compile(rb"\^C(?:\x1b\[[0-9;?]*[A-Za-z]|\r)*\n"), 5)
    assert b"echo half-typ^C" in shown, shown
    sandbox.read_until(PROMPT, 5)
    sandbox.send(b"echo status=$?\r")
    sandbox.read_until(b"status=130", 5)      # the dropped line leaves $? at 130, as in bash
    sandbox.read_until(PROMPT, 5)
