"""Class store operations per second, SQLite and PostgreSQL (fsync on, as a class would run it).
On demand: .venv/bin/python -m pytest tests/benchmarks/bench_stores.py -q -s"""
from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable

import pytest
import shelldojo.shell.serve.pgstore  # noqa: F401 - registers postgresql://
from shelldojo.challenges import stores
from shelldojo.challenges.stores import ClassStore, StudentStore, open_class_store

from tests import pgserver

MACHINE = os.urandom(40_000) + bytes(60_000)   # ~ a saved cloud after a few challenges (zlib level 1)


def rate(run: Callable[[StudentStore, int], object], room: ClassStore, threads: int, n: int) -> float:
    """Operations per second with `threads` students working at once (n operations each)."""
    students = [room.student(f"bench{t}") for t in range(threads)]
    start = threading.Barrier(threads + 1)

    def work(s: StudentStore) -> None:
        start.wait()
        for i in range(n):
            run(s, i)
    pool = [threading.Thread(target=work, args=(s,)) for s in students]
    for t in pool:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in pool:
        t.join()
    return threads * n / (time.perf_counter() - began)


OPS: dict[str, Callable[[StudentStore, int], object]] = {
    "status (read)": lambda s, i: s.status("p", f"c{i % 10}"),
    "set_status": lambda s, i: s.set_status("p", f"c{i % 10}", "done"),
    "use_hint": lambda s, i: s.use_hint("p", "c"),
    "set_setting where/ (2 KB)": lambda s, i: s.set_setting("where/p", "x" * 2000),
    "save_machine (100 KB)": lambda s, i: s.save_machine("p", "c", MACHINE),
    "load_machine (100 KB)": lambda s, i: s.load_machine("p"),
}


def report(name: str, room: ClassStore) -> None:
    for threads in (1, 4):
        line = [f"{name:10} {threads} thread(s):"]
        for op, run in OPS.items():
            line.append(f"{op} {rate(run, room, threads, 200 // threads):.0f}/s")
        print("  ".join(line))


def test_sqlite_rate() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        room = open_class_store(tmp)
        try:
            report("sqlite", room)
        finally:
            stores.close_all()


def test_postgresql_rate() -> None:
    reason = pgserver.why_not()
    if reason:
        pytest.skip(reason)
    with pgserver.server(fsync=True) as url, tempfile.TemporaryDirectory() as tmp:
        room = open_class_store(tmp, pgserver.fresh_database(url, "bench"))
        try:
            report("postgresql", room)
        finally:
            stores.close_all()
