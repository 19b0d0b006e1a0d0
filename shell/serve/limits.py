"""The server's bounds: how many sessions, how many connections and login attempts per IP,
how long a student may sit idle, how fast a client may type.  One object, named defaults."""
from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ServeLimits:
    max_sessions: int = 60            # trainers running at once (web + SSH)
    per_ip_connections: int = 60      # a classroom behind one NAT shares an address
    login_attempts: int = 20          # failed logins per IP per window ...
    login_window_s: float = 60.0      # ... before that IP is refused for the rest of the window
    idle_timeout_s: float = 30 * 60   # no keystroke for this long: save and close
    max_input_rate: int = 4096        # bytes per second a client may type (pastes included) ...
    input_burst: int = 16384          # ... with this much burst
    output_buffer: int = 4 << 20      # bytes waiting for a slow client before output is dropped
    takeover_wait_s: float = 10.0     # how long a newer tab waits for the older trainer to end


class Refused(Exception):
    """A connection or login the limits turn away; str() is what the client is told."""


class AddressBook:
    """Per-IP connection counts and failed-login windows (shared by the web and SSH sides)."""

    def __init__(self, limits: ServeLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits, self.clock = limits, clock
        self.connections: dict[str, int] = defaultdict(int)
        self.failures: dict[str, deque[float]] = defaultdict(deque)

    def connect(self, ip: str) -> None:
        if self.connections[ip] >= self.limits.per_ip_connections:
            raise Refused(f"too many connections from {ip}")
        self.connections[ip] += 1

    def disconnect(self, ip: str) -> None:
        self.connections[ip] -= 1
        if self.connections[ip] <= 0:
            del self.connections[ip]

    def _recent(self, ip: str) -> deque[float]:
        window = self.failures[ip]
        horizon = self.clock() - self.limits.login_window_s
        while window and window[0] < horizon:
            window.popleft()
        return window

    def may_try_login(self, ip: str) -> None:
        if len(self._recent(ip)) >= self.limits.login_attempts:
            raise Refused("too many failed logins from your address: wait a minute and try again")

    def login_failed(self, ip: str) -> None:
        self._recent(ip).append(self.clock())


class TokenBucket:
    """The maximum input rate: `take(n)` is False when a client types faster than allowed."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens, self.stamp = burst, clock()

    def take(self, n: int) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if n > self.tokens:
            return False
        self.tokens -= n
        return True
