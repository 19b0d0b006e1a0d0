"""The limits of one command line: the exceptions that end it and its Budget.

Budget holds the deadline, the command and process counters and the memory limit (the
growth of the resident set, sampled); every blocking wait in shell.streams re-checks it.
The wall-time limit guards against runaway computation, not against a person: in the REPL
(an `attended` budget) time spent waiting for the keyboard, a pager, an editor or `sleep`
does not count (`waiting()`); Ctrl-C still ends such a wait.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import NoReturn

from shelldojo.filesystem.credentials import machine_released
from shelldojo.shell.memory import megabytes, resident_bytes


class BrokenPipe(Exception):
    """The reading end of a pipe is closed (SIGPIPE); status 141, no message."""


class LimitExceeded(Exception):
    """A limit of shell.limits was reached; the message says which."""


class Interrupted(Exception):
    """Ctrl-C (status 130)."""


def fifo_limit(name: str) -> LimitExceeded:
    """Opening a FIFO: nothing in the sandbox ever opens its other end while this one waits,
    so instead of blocking forever (as Linux would) the command line stops with our limit."""
    return LimitExceeded(f"FIFO wait exceeded (nothing opens the other end of {name})")


MEMORY_SAMPLE_S = 0.02       # how often check() looks at the resident memory
NEED_CHECK_BYTES = 1 << 20   # smaller single allocations are left to the sampling


def memory_exceeded(limit: int) -> LimitExceeded:
    return LimitExceeded(f"memory limit exceeded ({megabytes(limit)} per command line)")


class Budget:
    """Deadline, command counter and cancellation shared by one command line."""

    def __init__(self, wall_time_s: float, max_commands: int, max_processes: int = 64,
                 memory_bytes: int = 0, *, attended: bool = False) -> None:
        self._deadline = time.monotonic() + wall_time_s
        self.wall_time_s = wall_time_s
        # a person is at the keyboard (the REPL): waits for them pause the deadline
        self.attended = attended
        self._waiters = 0            # threads inside waiting() (a pipeline may wait twice)
        self._wait_start = 0.0
        self.commands_left = max_commands
        self.cancelled: BaseException | None = None
        self.processes_left = max_processes
        self._lock = threading.Lock()
        # memory: the growth of the process's resident set since the command line began,
        # sampled at most every MEMORY_SAMPLE_S from check() (0: no memory limit)
        self.memory_bytes = memory_bytes
        self.memory_base = resident_bytes() if memory_bytes else 0
        self._next_sample = 0.0
        # job control (shell/interp/jobs.py): a stopped job's checks block until it continues
        self._go = threading.Event()
        self._go.set()

    @property
    def deadline(self) -> float:
        """When the command line runs out of time; it moves on while someone is being waited for."""
        if self._waiters:
            return self._deadline + (time.monotonic() - self._wait_start)
        return self._deadline

    @deadline.setter
    def deadline(self, value: float) -> None:
        self._deadline = value

    @property
    def waiting_now(self) -> bool:
        """Someone is being waited for right now (the clock of this command line is paused)."""
        return self._waiters > 0

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """Around a wait for the person (the keyboard, a pager, nano, a password prompt, `sleep`
        in the REPL): in an attended budget its time is not counted against the deadline.
        The machine's lock is let go meanwhile, so the session's background jobs run on."""
        with machine_released():
            if not self.attended:
                yield
                return
            with self._counting_wait():
                yield

    @contextmanager
    def _counting_wait(self) -> Iterator[None]:
        with self._lock:
            if not self._waiters:
                self._wait_start = time.monotonic()
            self._waiters += 1
        try:
            yield
        finally:
            with self._lock:
                if self._waiters == 1:  # push the deadline first: check() never sees it early
                    self._deadline += time.monotonic() - self._wait_start
                self._waiters -= 1

    def spawn(self, n: int) -> None:
        """Reserve n concurrent pipeline stages; a fork bomb ends the command line."""
        with self._lock:
            if n > self.processes_left:
                self.cancelled = LimitExceeded("fork: too many processes running at once")
                raise self.cancelled
            self.processes_left -= n

    def reap(self, n: int) -> None:
        with self._lock:
            self.processes_left += n

    @property
    def stopped(self) -> bool:
        return not self._go.is_set()

    def stop(self) -> None:
        """SIGSTOP/SIGTSTP: the threads of this budget pause at their next check()."""
        self._go.clear()

    def resume(self) -> None:
        """SIGCONT: they run on."""
        self._go.set()

    def _paused(self) -> None:
        """Stopped: wait (the machine's lock let go, the time not counted) until continued
        or cancelled (`kill -9 %1` ends a stopped job)."""
        with machine_released(), self._counting_wait():
            while not self._go.wait(0.05) and self.cancelled is None:
                pass

    def check(self) -> None:
        if not self._go.is_set():
            self._paused()
        if self.cancelled is not None:
            raise self.cancelled
        now = time.monotonic()
        # waiters before the deadline: waiting() moves the deadline before it lets go
        if not self._waiters and now > self._deadline:
            self.cancelled = LimitExceeded(f"time limit exceeded ({self.wall_time_s:g}s per command line)")
            raise self.cancelled
        if self.memory_bytes and now >= self._next_sample:
            self._next_sample = now + MEMORY_SAMPLE_S
            if resident_bytes() - self.memory_base > self.memory_bytes:
                self.out_of_memory()

    def out_of_memory(self) -> NoReturn:
        """End the command line with the memory limit's message (also for a MemoryError)."""
        self.cancelled = memory_exceeded(self.memory_bytes)
        raise self.cancelled

    def need(self, n: int) -> None:
        """One step is about to allocate n bytes at once (a string, a sort's input, a here-doc):
        refuse it now if it would take the command line past its memory limit."""
        if self.memory_bytes and n >= NEED_CHECK_BYTES \
                and n + max(0, resident_bytes() - self.memory_base) > self.memory_bytes:
            self.out_of_memory()

    def count(self, n: int = 1) -> None:
        self.commands_left -= n
        if self.commands_left < 0:
            self.cancelled = LimitExceeded("too many commands or loop iterations in one command line")
            raise self.cancelled
        self.check()

    def cancel(self, exc: BaseException) -> None:
        self.cancelled = exc
        self._go.set()   # a stopped job wakes to end


class ScopedBudget(Budget):
    """A budget inside another for one command that must end sooner (`timeout`): the outer
    limits, Ctrl-C and counters are the parent's; its own deadline runs on real time (a
    person waiting does not stop it).  When it passes, `on_expiry` says what ends the
    command (the exception to raise) or None to let it run on (it may set a new deadline)."""

    def __init__(self, parent: Budget, seconds: float,
                 on_expiry: Callable[[ScopedBudget], BaseException | None]) -> None:
        # Budget.__init__ is not called: everything but the deadline is the parent's
        self.parent = parent
        self.ends_at = time.monotonic() + seconds
        self.on_expiry = on_expiry
        self.cancelled: BaseException | None = None
        self.expired = False

    attended = property(lambda self: self.parent.attended)
    wall_time_s = property(lambda self: self.parent.wall_time_s)
    waiting_now = property(lambda self: self.parent.waiting_now)
    commands_left = property(lambda self: self.parent.commands_left)

    @property
    def memory_bytes(self) -> int:  # type: ignore[override]
        return self.parent.memory_bytes

    @memory_bytes.setter
    def memory_bytes(self, value: int) -> None:
        self.parent.memory_bytes = value

    @property
    def deadline(self) -> float:
        return min(self.parent.deadline, self.ends_at)

    @deadline.setter
    def deadline(self, value: float) -> None:
        self.ends_at = value

    def waiting(self) -> AbstractContextManager[None]:  # type: ignore[override]
        return self.parent.waiting()

    def spawn(self, n: int) -> None:
        self.parent.spawn(n)

    def reap(self, n: int) -> None:
        self.parent.reap(n)

    def check(self) -> None:
        if self.cancelled is not None:
            raise self.cancelled
        self.parent.check()
        if time.monotonic() > self.ends_at:
            self.expired = True
            self.ends_at = float("inf")
            ending = self.on_expiry(self)
            if ending is not None:
                self.cancelled = ending
                raise ending

    def out_of_memory(self) -> NoReturn:
        self.parent.out_of_memory()

    def cancel(self, exc: BaseException) -> None:
        self.cancelled = exc   # its own end only: job control stops the parent

    def need(self, n: int) -> None:
        self.parent.need(n)

    def count(self, n: int = 1) -> None:
        self.parent.count(n)
        self.check()
