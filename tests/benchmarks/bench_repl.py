"""REPL speed, run on demand: `python tests/benchmarks/bench_repl.py`.

Targets (issue 3): command -> first prompt <= 350 ms; completion keystroke in a directory
of 5,000 entries <= 50 ms.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)


def startup_ms(runs: int = 5) -> float:
    """Wall time from launching `shelldojo sandbox` in tmux until its prompt is on screen."""
    if shutil.which("tmux") is None:
        return float("nan")
    data = tempfile.mkdtemp()
    subprocess.run([sys.executable, "-m", "shelldojo", "run", "-c", "true"], cwd=ROOT, check=True,
                   env={**os.environ, "SHELLDOJO_HOME": data})  # warm the base-image cache
    times = []
    for i in range(runs):
        name = f"bench{os.getpid()}{i}"
        start = time.monotonic()
        subprocess.run(["tmux", "new", "-d", "-s", name, "-x", "100", "-y", "30",
                        f"{sys.executable} -m shelldojo sandbox --data-dir {data}"], cwd=ROOT, check=True)
        while True:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", name], capture_output=True,
                                    text=True, check=False).stdout
            if "learner@dojo:~$" in screen:
                break
            time.sleep(0.005)
        times.append((time.monotonic() - start) * 1000)
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)
    return statistics.median(times)


def completion_ms(entries: int = 5000, runs: int = 20) -> tuple[float, float]:
    """(median, max) time of one completion request in a directory of `entries` files."""
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document
    from shelldojo.filesystem import ROOT as ROOT_CREDS
    from shelldojo.filesystem import acting_as
    from shelldojo.shell.machines import fresh_machine
    from shelldojo.shell.repl.completer import ShellCompleter
    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import BufferOutput

    m = fresh_machine()
    with acting_as(ROOT_CREDS):
        m.vfs.mkdir("/home/learner/big")
        for i in range(entries):
            m.vfs.write_bytes(f"/home/learner/big/file{i:05d}.txt", b"")
    s = Session(m, interactive=True, stdout=BufferOutput(), stderr=BufferOutput(), cwd="/home/learner/big")
    comp = ShellCompleter(s)
    times = []
    for text in ["ls ", "ls file0", "ls file012", "cat fi", "ls ../big/file4"] * (runs // 5):
        start = time.perf_counter()
        list(comp.get_completions(Document(text), CompleteEvent(completion_requested=True)))
        times.append((time.perf_counter() - start) * 1000)
    cmd_start = time.perf_counter()
    list(comp.get_completions(Document("m"), CompleteEvent(completion_requested=True)))
    times.append((time.perf_counter() - cmd_start) * 1000)
    return statistics.median(times), max(times)


if __name__ == "__main__":
    print(f"startup to first prompt: {startup_ms():.0f} ms (target 350)")
    med, worst = completion_ms()
    print(f"completion in 5,000 entries: median {med:.1f} ms, worst {worst:.1f} ms (target 50)")
