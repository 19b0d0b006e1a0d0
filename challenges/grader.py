"""Grade a class: every student's answers to every challenge of a pack, safely and reproducibly.

Each (student, challenge) gets a fresh machine with the challenge's setup (its variant
seeded by the student's name), the answer replayed as the learner would have typed it,
then the checks.  Work is spread over worker processes; a task that outlives its time
is killed with its worker (which is replaced), and a crash costs only that task.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import queue
import time
from dataclasses import asdict, dataclass, field

from challenges.checks import evaluate
from challenges.loader import load_pack
from challenges.model import Challenge, Pack
from challenges.replay import replay
from challenges.setup import SetupError, prepare
from challenges.variants import choose, instantiate
from filesystem import Machine
from shell.limits import Limits

RECHECK_SEED = "#recheck"
MAX_ANSWER_BYTES = 256 * 1024


@dataclass
class CheckOutcome:
    kind: str
    subject: str
    passed: bool
    message: str


@dataclass
class ChallengeOutcome:
    challenge: str
    title: str
    points: int
    max_points: int
    passed: bool
    duration: float = 0.0
    error: str | None = None
    variant: dict[str, str] = field(default_factory=dict)
    checks: list[CheckOutcome] = field(default_factory=list)


@dataclass
class StudentOutcome:
    student: str
    score: int
    max_score: int
    challenges: list[ChallengeOutcome]


# ----------------------------------------------------------------------------- submissions
def read_submissions(folder: str, pack: Pack, only: str | None = None) -> dict[str, dict[str, str]]:
    """student -> challenge id -> the commands typed.

    A student is a folder holding CHALLENGE_ID.sh files, or a session recorded by the
    trainer (`*.jsonl`, one {"pack", "challenge", "command"} object per line)."""
    out: dict[str, dict[str, str]] = {}
    for student in sorted(os.listdir(folder)):
        path = os.path.join(folder, student)
        if not os.path.isdir(path) or student.startswith(".") or (only and student != only):
            continue
        answers: dict[str, str] = {}
        for name in sorted(os.listdir(path)):
            full = os.path.join(path, name)
            if not os.path.isfile(full) or os.path.islink(full):
                continue  # never follow links out of the submission
            if name.endswith(".sh") and pack.challenge(name[:-3]):
                answers[name[:-3]] = _read_text(full)
            elif name.endswith(".jsonl"):
                for cid, command in _recorded(full, pack.id):
                    if pack.challenge(cid):
                        answers[cid] = answers.get(cid, "") + command + "\n"
        out[student] = answers
    return out


def _read_text(path: str) -> str:
    with open(path, "rb") as f:  # a student's answer file, read only (bounded)
        return f.read(MAX_ANSWER_BYTES).decode("utf-8", "replace")


def _recorded(path: str, pack_id: str) -> list[tuple[str, str]]:
    rows = []
    for line in _read_text(path).splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and obj.get("pack", pack_id) == pack_id \
                and isinstance(obj.get("challenge"), str) and isinstance(obj.get("command"), str):
            rows.append((obj["challenge"], obj["command"]))
    return rows


# ----------------------------------------------------------------------------- one task
class _Prepared:
    """Prepared machines per (challenge, variant), cloned for each student (setup is costly)."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str], bytes] = {}

    def machine(self, challenge: Challenge) -> Machine:
        key = (challenge.id, repr(challenge.setup))  # the instantiated setup decides the machine
        snap = self.cache.get(key)
        if snap is None:
            snap = prepare(challenge).snapshot()
            if len(self.cache) > 256:
                self.cache.clear()
            self.cache[key] = snap
        return Machine.from_snapshot(snap)


_PREPARED = _Prepared()


def grade_one(challenge: Challenge, student: str, answer: str | None, timeout: float,
              recheck: bool = False) -> ChallengeOutcome:
    """Grade one answer (in this process)."""
    start = time.perf_counter()
    out = ChallengeOutcome(challenge.id, challenge.title, 0, challenge.points, False,
                           variant=choose(challenge, student) if challenge.variables else {})
    if answer is None:
        out.error = "no answer submitted"
        out.duration = round(time.perf_counter() - start, 3)
        return out
    seeds = [student, student + RECHECK_SEED] if recheck and challenge.variables else [student]
    for n, seed in enumerate(seeds):
        inst = instantiate(challenge, seed)
        try:
            machine = _PREPARED.machine(inst)
        except SetupError as exc:
            out.error = f"setup failed: {exc}"
            break
        limits = Limits(wall_time_s=timeout, max_output_bytes=4 * 1024 * 1024)
        obs, _session = replay(machine, inst, answer, limits=limits)
        results = evaluate(inst, machine, obs)
        if n == 0:
            out.checks = [CheckOutcome(r.check.kind, r.check.subject, r.passed, r.message) for r in results]
            out.passed = all(r.passed for r in results)
            if obs.stopped and not out.passed:
                out.error = f"stopped by a limit: {obs.stopped}"
        elif not all(r.passed for r in results):
            out.passed = False
            out.error = "the answer passes on this student's data but fails on other data (--recheck): " \
                        "is it hard-coded to one instance?"
        if not out.passed:
            break
    out.points = challenge.points if out.passed else 0
    out.duration = round(time.perf_counter() - start, 3)
    return out


# ----------------------------------------------------------------------------- the pool
def _worker(pack_dir: str, tasks: mp.Queue, results: mp.Queue, timeout: float, recheck: bool) -> None:
    pack = load_pack(pack_dir)
    while True:
        task = tasks.get()
        if task is None:
            return
        index, student, cid, answer = task
        challenge = pack.challenge(cid)
        assert challenge is not None
        try:
            outcome = grade_one(challenge, student, answer, timeout, recheck)
        except Exception as exc:  # noqa: BLE001 - a bug in grading one answer must not lose the others
            outcome = ChallengeOutcome(cid, challenge.title, 0, challenge.points, False,
                                       error=f"internal error: {type(exc).__name__}: {exc}")
        results.put((index, asdict(outcome)))


def grade(pack_dir: str, submissions: dict[str, dict[str, str]], *, jobs: int = 0, timeout: float = 10.0,
          recheck: bool = False) -> list[StudentOutcome]:
    pack = load_pack(pack_dir)
    tasks = [(student, c.id, answers.get(c.id)) for student, answers in submissions.items()
             for c in pack.challenges]
    outcomes: dict[int, ChallengeOutcome] = {}
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks) or 1))
    if jobs == 1 and len(tasks) <= 2:
        for i, (student, cid, answer) in enumerate(tasks):
            c = pack.challenge(cid)
            assert c is not None
            outcomes[i] = grade_one(c, student, answer, timeout, recheck)
    else:
        outcomes = _run_pool(pack, pack_dir, tasks, jobs, timeout, recheck)
    students = []
    i = 0
    for student in submissions:
        rows = []
        for _c in pack.challenges:
            rows.append(outcomes[i])
            i += 1
        students.append(StudentOutcome(student, sum(r.points for r in rows), sum(r.max_points for r in rows), rows))
    return students


def _run_pool(pack: Pack, pack_dir: str, tasks: list[tuple[str, str, str | None]], jobs: int, timeout: float,
              recheck: bool) -> dict[int, ChallengeOutcome]:
    ctx = mp.get_context("fork")
    results: mp.Queue = ctx.Queue()
    deadline_s = timeout * 3 + 10  # a whole answer: many command lines, each bounded by `timeout`
    workers: list[dict] = []

    def spawn() -> dict:
        q: mp.Queue = ctx.Queue()
        p = ctx.Process(target=_worker, args=(pack_dir, q, results, timeout, recheck), daemon=True)
        p.start()
        return {"proc": p, "queue": q, "task": None, "since": 0.0}

    workers = [spawn() for _ in range(jobs)]
    pending = list(enumerate(tasks))[::-1]
    outcomes: dict[int, ChallengeOutcome] = {}

    def fail(index: int, why: str) -> None:
        _student, cid, _ = tasks[index]
        c = pack.challenge(cid)
        assert c is not None
        outcomes[index] = ChallengeOutcome(cid, c.title, 0, c.points, False, duration=round(deadline_s, 3), error=why)

    while len(outcomes) < len(tasks):
        for w in workers:
            if w["task"] is None and pending:
                index, task = pending.pop()
                w["task"], w["since"] = index, time.monotonic()
                w["queue"].put((index, *task))
        try:
            index, data = results.get(timeout=0.2)
            data["checks"] = [CheckOutcome(**c) for c in data["checks"]]
            outcomes[index] = ChallengeOutcome(**data)
            for w in workers:
                if w["task"] == index:
                    w["task"] = None
        except queue.Empty:
            pass
        for n, w in enumerate(workers):
            busy = w["task"]
            if busy is None:
                continue
            dead = not w["proc"].is_alive()
            late = time.monotonic() - w["since"] > deadline_s
            if dead or late:
                w["proc"].kill()
                w["proc"].join()
                if busy not in outcomes:
                    fail(busy, "timed out: the answer ran too long" if late else "the grading process crashed")
                workers[n] = spawn()
    for w in workers:
        w["queue"].put(None)
    for w in workers:
        w["proc"].join(2)
        if w["proc"].is_alive():
            w["proc"].kill()
    return outcomes
