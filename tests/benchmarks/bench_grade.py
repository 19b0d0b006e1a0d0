"""Grading speed, run on demand: .venv/bin/python -m pytest tests/benchmarks/bench_grade.py -q -s
(or .venv/bin/python -m tests.benchmarks.bench_grade [--profile]).

A 20-challenge pack is built from the built-in packs; synthetic students answer every
challenge, half with the challenge's reference solution for their own variant (passes), half
with a wrong answer.  Targets (2-core machine): >= 100 gradings per second per core, and a
300-student x 20-challenge class in <= 60 s on 2 cores.
"""
from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time

from shelldojo.challenges.grader import Answer, grade
from shelldojo.challenges.loader import builtin_pack_dirs, load_pack
from shelldojo.challenges.variants import instantiate

CHALLENGES = 20


def build_pack(folder: str) -> str:
    """A pack of the first CHALLENGES challenges of the built-in packs (their TOML files copied)."""
    pack_dir = os.path.join(folder, "bench-pack")
    os.makedirs(pack_dir)
    ids: list[str] = []
    for src in builtin_pack_dirs():
        for c in load_pack(src).challenges:
            if len(ids) < CHALLENGES and c.id not in ids:
                shutil.copy(c.path, os.path.join(pack_dir, f"{c.id}.toml"))
                ids.append(c.id)
    with open(os.path.join(pack_dir, "pack.toml"), "w", encoding="utf-8") as f:
        f.write('id = "bench"\ntitle = "Benchmark"\nchallenges = [' + ", ".join(f'"{i}"' for i in ids) + "]\n")
    return pack_dir


def class_answers(pack_dir: str, students: int) -> dict[str, dict[str, Answer]]:
    pack = load_pack(pack_dir)
    subs: dict[str, dict[str, Answer]] = {}
    for n in range(students):
        name = f"student{n:03d}"
        subs[name] = {c.id: instantiate(c, name).solution if n % 2 == 0 else "echo wrong\n"
                      for c in pack.challenges}
    return subs


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system  # workers count once reaped


def time_grading(pack_dir: str, students: int, jobs: int, runs: int = 3) -> tuple[float, float, int]:
    """Median wall time and CPU time (parent + workers) of grading the class, and how many
    answers passed (a sanity check).  CPU time gives the per-core rate on a busy machine."""
    subs = class_answers(pack_dir, students)
    times, cpus, passed = [], [], 0
    for _ in range(runs):
        start, cpu = time.perf_counter(), _cpu()
        result = grade(pack_dir, subs, jobs=jobs, timeout=10)
        times.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
        passed = sum(c.passed for s in result for c in s.challenges)
    return statistics.median(times), statistics.median(cpus), passed


def test_gradings_per_second_per_core() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pack_dir = build_pack(tmp)
        students = 20
        one, one_cpu, passed = time_grading(pack_dir, students, jobs=1)
        two, two_cpu, _ = time_grading(pack_dir, students, jobs=2)
    n = students * CHALLENGES
    assert passed >= n // 2, f"{passed} of {n} passed: every reference solution should pass"
    print(f"\n{n} gradings, 20-challenge pack (target >= 100/s/core, load average {os.getloadavg()[0]:.1f}):\n"
          f"  1 worker:  median {one:.2f} s wall = {n / one:.0f}/s; CPU {one_cpu:.2f} s = {n / one_cpu:.0f}/s/core\n"
          f"  2 workers: median {two:.2f} s wall = {n / two / 2:.0f}/s/core; CPU {two_cpu:.2f} s = "
          f"{n / two_cpu:.0f}/s/core")


def test_class_of_300_on_2_cores() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pack_dir = build_pack(tmp)
        wall, cpu, passed = time_grading(pack_dir, 300, jobs=2, runs=1)
    print(f"\n300 students x {CHALLENGES} challenges on 2 cores: {wall:.1f} s wall, {cpu:.1f} s CPU "
          f"(= {cpu / 2:.1f} s on 2 idle cores), {passed} passed (target <= 60 s; load average "
          f"{os.getloadavg()[0]:.1f})")


def profile(students: int = 10) -> None:
    """cProfile of grading in this process as one worker grades (without the pool): after the
    parent's prewarm, with an empty prepared-machine cache, tasks in the pool's order (a
    challenge's students together).  Challenges with variables prepare a machine for most
    students, so the setup's cost belongs in the profile."""
    import cProfile
    import pstats

    from shelldojo.challenges import grade_task
    from shelldojo.challenges.grader_pool import _prewarm
    with tempfile.TemporaryDirectory() as tmp:
        pack_dir = build_pack(tmp)
        pack = load_pack(pack_dir)
        subs = class_answers(pack_dir, students)
        _prewarm()
        grade_task._PREPARED = grade_task._Prepared()

        def work() -> None:
            for c in pack.challenges:
                for name, answers in subs.items():
                    grade_task.grade_one(c, name, answers[c.id], 10)
        prof = cProfile.Profile()
        prof.runcall(work)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    if "--profile" in sys.argv:
        profile()
    else:
        test_gradings_per_second_per_core()
        test_class_of_300_on_2_cores()
