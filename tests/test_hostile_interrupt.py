"""Ctrl-C in the REPL stops the foreground command line within 1 s, whatever it is doing, and
the prompt comes back (issue 11).  Each case runs the real `shelldojo sandbox` in a
pseudo-terminal: the command line prints a marker first, so ^C is sent only once the heavy part
has started (no sleeps), and the time from ^C to the next prompt is measured."""
from __future__ import annotations

import os
import pty
import re
import select
import signal
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROMPT = re.compile(rb"learner@dojo(?:\x1b\[[0-9;?]*[A-Za-z]|[^\n$\x1b])*\$")  # colours between the parts
INTERRUPT_BOUND_S = 1.0


class Pty:
    def __init__(self, data_dir: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": "100", "LINES": "30"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the sandbox on the pty
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "shelldojo", "sandbox", "--fresh", "--data-dir",
                                       data_dir], env)
        self.buf = b""

    def read_until(self, pattern: re.Pattern[bytes] | bytes, timeout: float) -> float:
        """Seconds until `pattern` appears in new output (the output up to it is consumed)."""
        start = time.monotonic()
        while True:
            m = pattern.search(self.buf) if isinstance(pattern, re.Pattern) else None
            pos = (m.end() if m else -1) if isinstance(pattern, re.Pattern) else (
                self.buf.find(pattern) + len(pattern) if pattern in self.buf else -1)
            if pos >= 0:
                self.buf = self.buf[pos:]
                return time.monotonic() - start
            left = timeout - (time.monotonic() - start)
            if left <= 0:
                raise AssertionError(f"{pattern!r} not seen in {timeout}s; last output: {self.buf[-500:]!r}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    self.buf += os.read(self.fd, 65536)
                except OSError:
                    raise AssertionError(f"the sandbox ended; last output: {self.buf[-500:]!r}") from None

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory):
    p = Pty(str(tmp_path_factory.mktemp("sandbox")))
    p.read_until(PROMPT, 30)
    p.send(b"sudo apt install -y sqlite3 >/dev/null 2>&1; echo RE''ADY\r")
    p.read_until(b"password for learner:", 30)
    p.send(b"learner\r")
    p.read_until(b"READY\r\n", 60)
    p.read_until(PROMPT, 30)
    yield p
    p.close()


HEAVY = [
    "while :; do :; done",
    "sleep 100",
    "yes > /dev/null",
    "head -c 100000 /dev/zero | tr '\\0' a | grep -E '(a*)*b'",
    "head -c 30000 /dev/zero | tr '\\0' a | grep '\\(a*\\)*\\1b'",
    "s=$(head -c 30000 /dev/zero | tr '\\0' a); [[ $s =~ (a|a)*b ]]",
    "seq 2000000 | sort -R | sort -n | tail -1",
    "awk 'BEGIN { while (1) n++ }'",
    "sqlite3 :memory: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c'",
    "f() { f; }; f",
    "trap 'while :; do :; done' EXIT; exit 0",
]


@pytest.mark.parametrize("line", HEAVY)
def test_ctrl_c_stops_the_command_line_within_a_second(sandbox: Pty, line: str) -> None:
    # 'bash -c' keeps `exit` in the trap case from ending the sandbox itself
    body = f"bash -c {_quote(line)}" if "exit" in line else line
    sandbox.send(f"echo ST''ART; {body}\r".encode())
    sandbox.read_until(b"START\r\n", 10)
    sandbox.send(b"\x03")
    seconds = sandbox.read_until(PROMPT, 10)
    assert seconds <= INTERRUPT_BOUND_S, f"{line!r}: the prompt came back after {seconds:.2f}s"
    sandbox.send(b"echo status=$?\r")
    sandbox.read_until(b"status=130", 5)
    sandbox.read_until(PROMPT, 5)


def _quote(s: str) -> str:
    return "'" + s.replace("'", "'\\''") + "'"
