"""Run hostile command lines in a real `shelldojo run` process and measure what they cost.

Used by the hostile suites (tests/test_hostile_*.py): each case asserts that the command line
ended within its limit (+ 1 s), that the process's peak memory stayed under the budget (+ the
interpreter's own), that no traceback or `internal error` reached the user, and that no host
file appeared.  The child's peak RSS comes from os.wait4's rusage for that child alone, taken by
a small launcher process (tests/peak_launcher.py: not inherited from this big pytest process).
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
LAUNCHER = Path(__file__).resolve().parent / "peak_launcher.py"   # the command's own peak RSS
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
    report_r, report_w = os.pipe()
    try:
        proc = subprocess.Popen([sys.executable, "-S", str(LAUNCHER), str(report_w),
                                 sys.executable, "-m", "shelldojo", *argv], stdin=stdin_arg,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env,
                                cwd=cwd or str(ROOT), pass_fds=(report_w,), start_new_session=True)
    finally:
        os.close(report_w)
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

    def kill() -> None:   # the launcher and the command: one session, one process group
        try:
            os.killpg(proc.pid, 9)
        except ProcessLookupError:
            pass
    killer = threading.Timer(kill_after, kill)
    killer.start()
    try:
        proc.wait()
    finally:
        killer.cancel()
    seconds = time.monotonic() - start
    with os.fdopen(report_r, "rb") as f:
        report = f.read().split()
    for t in readers:
        t.join()
    if seconds >= kill_after or len(report) != 2:
        raise AssertionError(f"{argv!r} did not end within {kill_after}s")
    status, peak_kb = int(report[0]), int(report[1])
    return Outcome(chunks.get("out", b""), chunks.get("err", b""), os.waitstatus_to_exitcode(status), seconds,
                   peak_kb / 1024)


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
