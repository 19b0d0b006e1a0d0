"""Speed figures, run on demand: .venv/bin/python -m pytest tests/benchmarks/bench_speed.py -q -s

Each benchmark prints its median; the session benchmark runs real bash on a tmpfs
directory in the same run and prints the ratio.  Targets (2-core machine):
`run -c true` <= 150 ms, session <= 0.5x real bash, fresh machine <= 2 ms.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.session_script import session_script

ROOT = Path(__file__).resolve().parents[2]
# Measure what a user gets: Python writes and reuses its bytecode cache (some sandboxes turn it
# off with PYTHONDONTWRITEBYTECODE, which would make every run recompile the modules).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
SHELLDOJO = [sys.executable, "-m", "shelldojo"]
if (ROOT / ".venv/bin/shelldojo").exists():
    SHELLDOJO = [str(ROOT / ".venv/bin/shelldojo")]


def _median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def test_run_true_startup() -> None:
    def once() -> None:
        subprocess.run([*SHELLDOJO, "run", "-c", "true"], check=True, cwd=ROOT, env=ENV)
    once()
    median = _median_time(once, 15)
    print(f"\n`shelldojo run -c true`: median {median * 1000:.1f} ms (target <= 150 ms)")


def test_fresh_machine() -> None:
    from shelldojo.shell.machines import fresh_machine
    fresh_machine()
    median = _median_time(fresh_machine, 200)
    print(f"\nfresh machine: median {median * 1000:.3f} ms (target <= 2 ms)")


def test_session_vs_bash() -> None:
    script = session_script(1000)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "session.sh"
        path.write_text(script)
        shm = "/dev/shm" if os.path.isdir("/dev/shm") else tmp

        def dojo() -> None:
            subprocess.run([*SHELLDOJO, "run", str(path)], check=False, cwd=ROOT, env=ENV,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def bash() -> None:
            work = tempfile.mkdtemp(dir=shm)
            try:
                subprocess.run(["bash", str(path)], check=False, cwd=work,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            finally:
                shutil.rmtree(work)

        dojo()  # warm the bytecode cache
        d = _median_time(dojo, 5)
        b = _median_time(bash, 5)
    print(f"\n1,000-command session: shelldojo median {d:.3f} s, real bash (tmpfs) median {b:.3f} s, "
          f"ratio {d / b:.2f}x (target <= 0.5x)")


def test_find_and_grep_20k() -> None:
    from shelldojo.filesystem import accounts, acting_as
    from shelldojo.shell.machines import fresh_machine
    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import BufferOutput

    machine = fresh_machine()
    fake = machine.fake
    for d in range(200):
        for f in range(100):
            fake.create_file(f"/home/learner/tree/d{d:03d}/f{f:03d}.txt",
                             contents=f"line {d} {f}\nneedle {f % 7}\n".encode())
    creds = accounts.credentials_for(machine.vfs, "root")
    assert creds

    def run(cmd: str) -> None:
        out, err = BufferOutput(), BufferOutput()
        s = Session(machine, user="root", stdout=out, stderr=err, cwd="/home/learner")
        status = s.run_source(cmd)
        assert status == 0, err.getvalue()[:300]

    with acting_as(creds):
        pass
    find_t = _median_time(lambda: run("find tree -name 'f00*.txt' > /dev/null"), 5)
    grep_t = _median_time(lambda: run("grep -r 'needle 3' tree > /dev/null"), 5)
    print(f"\nfind over 20k files: median {find_t * 1000:.0f} ms; grep -r over 20k files: median {grep_t * 1000:.0f} ms")


def test_network_round_trips() -> None:
    """The simulated cloud: one command line each, in-process on a built cloud (web1 built once)."""
    from shelldojo.shell.cloud import fresh_cloud
    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import BufferOutput

    t = time.perf_counter()
    net = fresh_cloud()
    cloud_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    net.machine("web1")
    web1_ms = (time.perf_counter() - t) * 1000

    def run(cmd: str) -> None:
        out = BufferOutput()
        status = Session(net.main_machine, stdout=out, stderr=out).run_source(cmd)
        assert status == 0, out.getvalue()[:300]

    run("head -c 100000 /dev/urandom > f")
    figures = {cmd: _median_time(lambda c=cmd: run(c), 20) * 1000 for cmd in (
        "ssh web1 true", "curl -s http://web1/ > /dev/null", "scp -q f web1:/tmp/", "ping -c 1 -q web1 > /dev/null")}
    print(f"\nfresh cloud {cloud_ms:.1f} ms; web1 built on first use {web1_ms:.1f} ms")
    for cmd, ms in figures.items():
        print(f"  {cmd}: median {ms:.1f} ms")
