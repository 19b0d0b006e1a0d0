"""Run hostile command lines in a real `shelldojo run` process and measure what they cost.

Used by the hostile suites (tests/test_hostile_*.py): each case asserts that the command line
ended within its limit (+ 1 s), that the process's peak memory stayed under the budget (+ the
interpreter's own), that no traceback or `internal error` reached the user, and that no host
file appeared.  The child's peak RSS comes from os.wait4's rusage for that child alone.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
# the interpreter, pyfakefs and the base image: what a `shelldojo run -c true` costs
BASE_RSS_MB = 80
BUDGET_MB = 256
WALL_LIMIT_S = 8.0


@dataclass
class Outcome:
    stdout: bytes
    stderr: bytes
    status: int
    seconds: float
    peak_mb: float

    @property
    def text(self) -> str:
        return (self.stdout + self.stderr).decode("utf-8", "replace")

    def assert_clean(self) -> None:
        """No Python leaked through: no traceback, no internal error, no exception names."""
        for bad in ("Traceback", "internal error", "Error:  File", "RecursionError", "MemoryError",
                    "OverflowError", "IndexError", "UnicodeEncodeError", ".py\""):
            assert bad not in self.text, f"{bad!r} in output: {self.text[-2000:]!r}"

    def assert_bounded(self, wall_s: float = WALL_LIMIT_S, mem_mb: float = BUDGET_MB) -> None:
        assert self.seconds <= wall_s + 1.0 + STARTUP_S, f"took {self.seconds:.2f}s"
        assert self.peak_mb <= mem_mb + BASE_RSS_MB, f"peak {self.peak_mb:.0f} MB"


STARTUP_S = 1.0  # a loaded CI machine starting Python; the limit itself is the command line's


def run_cli(*argv: str, stdin: bytes | int | None = None, env: dict[str, str] | None = None,
            cwd: str | None = None, kill_after: float = 60.0) -> Outcome:
    """`python -m shelldojo ARGV...` in a child process, measured; killed (and failed) after kill_after."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)
    stdin_arg = stdin if isinstance(stdin, int) else (subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "shelldojo", *argv], stdin=stdin_arg, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=full_env, cwd=cwd or str(ROOT))
    chunks: dict[str, bytes] = {}

    def drain(name: str, stream: IO[bytes]) -> None:
        chunks[name] = stream.read()

    readers = [threading.Thread(target=drain, args=(n, s), daemon=True)
               for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for t in readers:
        t.start()
    if isinstance(stdin, bytes) and proc.stdin is not None:
        try:
            proc.stdin.write(stdin)
            proc.stdin.close()
        except BrokenPipeError:
            pass
    killer = threading.Timer(kill_after, proc.kill)
    killer.start()
    try:
        # wait4 reaps this child alone, with its own peak RSS (RUSAGE_CHILDREN only ever grows)
        _, wstatus, usage = os.wait4(proc.pid, 0)
    finally:
        killer.cancel()
    seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(wstatus)
    for t in readers:
        t.join()
    if seconds >= kill_after:
        raise AssertionError(f"{argv!r} did not end within {kill_after}s")
    return Outcome(chunks.get("out", b""), chunks.get("err", b""), proc.returncode, seconds,
                   usage.ru_maxrss / 1024)


def run_c(script: str, *extra: str, stdin: bytes | None = None, **kw) -> Outcome:
    return run_cli("run", "-c", script, *extra, stdin=stdin, **kw)


def run_source_in_process(script: str, *, user: str = "learner") -> tuple[int, str, str]:
    """Session.run_source on a fresh machine in this process: (status, stdout, stderr)."""
    from shelldojo.shell.machines import fresh_machine
    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import BufferOutput

    out, err = BufferOutput(), BufferOutput()
    session = Session(fresh_machine(), user=user, stdout=out, stderr=err)
    status = session.run_source(script)
    return status, out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace")
