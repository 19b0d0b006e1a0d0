"""The grader's worker pool: a crash, a torn write or a hung task loses only its own task;
Ctrl-C ends the workers."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from shelldojo.challenges import grader_pool

from tests.test_grader import GOOD, grade_json, make_pack, outcome, submit, validate_schema


@pytest.fixture()
def pack_dir(tmp_path: Path) -> str:
    return make_pack(tmp_path)


def test_a_crashing_worker_loses_only_its_task(pack_dir: str, tmp_path: Path, monkeypatch) -> None:
    real = grader_pool.grade_one

    def crashing(challenge, student, answer, timeout, recheck=False):
        if student == "crasher" and challenge.id == "count-lines":
            os._exit(3)
        if student == "raiser" and challenge.id == "count-lines":
            raise SystemExit(4)
        return real(challenge, student, answer, timeout, recheck)
    monkeypatch.setattr(grader_pool, "grade_one", crashing)
    subs = submit(tmp_path, {n: GOOD for n in ("alice", "bob", "crasher", "raiser", "zed")})
    _status, data = grade_json(pack_dir, subs, tmp_path / "r.json")
    validate_schema(data)
    for name in ("crasher", "raiser"):
        o = outcome(data, name, "count-lines")
        assert o["error"] == "the grading process crashed while grading this answer" and o["points"] == 0
        assert outcome(data, name, "make-dir")["passed"] and outcome(data, name, "order-dir")["passed"]
    for name in ("alice", "bob", "zed"):
        assert all(c["passed"] for c in next(s for s in data["students"] if s["student"] == name)["challenges"])


def test_a_worker_dying_half_way_through_a_write(pack_dir: str, tmp_path: Path, monkeypatch) -> None:
    real = grader_pool.grade_one

    def half_write(challenge, student, answer, timeout, recheck=False):
        if student == "torn" and challenge.id == "make-dir":
            import gc
            import struct
            from multiprocessing.connection import Connection
            conn = next(o for o in gc.get_objects() if isinstance(o, Connection) and not o.closed)
            os.write(conn.fileno(), struct.pack("!i", 100000) + b"partial")
            os._exit(1)
        return real(challenge, student, answer, timeout, recheck)
    monkeypatch.setattr(grader_pool, "grade_one", half_write)
    subs = submit(tmp_path, {n: GOOD for n in ("alice", "torn", "zed")})
    _status, data = grade_json(pack_dir, subs, tmp_path / "r.json")
    assert "crashed" in outcome(data, "torn", "make-dir")["error"]
    assert outcome(data, "torn", "order-dir")["passed"]
    assert outcome(data, "alice", "make-dir")["passed"] and outcome(data, "zed", "make-dir")["passed"]


def test_a_task_over_its_deadline_is_killed_and_reported(pack_dir: str, tmp_path: Path, monkeypatch) -> None:
    import time
    real = grader_pool.grade_one

    def hanging(challenge, student, answer, timeout, recheck=False):
        if student == "hang" and challenge.id == "make-dir":
            time.sleep(1000)  # not interruptible by the shell's own limits
        return real(challenge, student, answer, timeout, recheck)
    monkeypatch.setattr(grader_pool, "grade_one", hanging)
    monkeypatch.setattr(grader_pool, "task_deadline", lambda timeout: 1.5)
    subs = submit(tmp_path, {n: GOOD for n in ("alice", "hang", "zed")})
    start = time.monotonic()
    status, data = grade_json(pack_dir, subs, tmp_path / "r.json")
    assert time.monotonic() - start < 30
    o = outcome(data, "hang", "make-dir")
    assert o["error"].startswith("timed out") and o["points"] == 0 and o["checks"] == []
    assert outcome(data, "hang", "count-lines")["passed"]
    assert status == 1




def test_ctrl_c_ends_the_workers(pack_dir: str, tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time
    subs = submit(tmp_path, {f"s{n}": {"make-dir.sh": "sleep 1000\n"} for n in range(4)})
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen([sys.executable, "-m", "shelldojo", "grade", pack_dir, "--submissions", subs, "--jobs", "2",
                             "--timeout", "100"], cwd=root, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    children: list[int] = []
    deadline = time.monotonic() + 20
    while len(children) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
        children = [int(p) for t in Path(f"/proc/{proc.pid}/task").iterdir()
                    for p in (t / "children").read_text().split()]
    assert len(children) >= 2, "the workers did not start"
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert b"interrupted" in err and b"Traceback" not in err
    def running(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
        except FileNotFoundError:
            return False
    deadline = time.monotonic() + 20   # polled, not paced: a loaded machine may take a while
    while any(map(running, children)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in children if running(pid)], "a worker is still running"
