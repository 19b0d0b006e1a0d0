"""Grade a class: every student's answers to every challenge of a pack, safely and reproducibly.

Each (student, challenge) gets a fresh machine with the challenge's setup (its variant
seeded by the student's name), the answer replayed as the learner would have typed it,
then the checks.  Work is spread over worker processes (challenges/grader_pool.py); a task
that outlives its time is killed with its worker (which is replaced), and a crash costs
only that task.
"""
from __future__ import annotations

import json
import os
import stat
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from shelldojo.challenges.checks import SCRIPT_LIMITS, CheckResult, Observation, run_check
from shelldojo.challenges.loader import load_pack
from shelldojo.challenges.model import Challenge, Pack
from shelldojo.challenges.replay import command_lines, replay
from shelldojo.challenges.setup import SetupError, prepare, resolve, run_as
from shelldojo.challenges.variants import choose, instantiate
from shelldojo.filesystem import Machine
from shelldojo.shell.limits import Limits

RECHECK_SEED = "#recheck"
MAX_ANSWER_BYTES = 256 * 1024          # a longer answer file is refused, not truncated
MAX_OUTPUT_BYTES = 4 * 1024 * 1024     # output of one command line of an answer


@dataclass(frozen=True)
class Rejected:
    """An answer that is not graded at all (the reason goes to the report)."""
    reason: str


Answer = str | Rejected | None         # None: nothing submitted for that challenge


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
def read_submissions(folder: str, pack: Pack, only: str | None = None) -> dict[str, dict[str, Answer]]:
    """student -> challenge id -> the commands typed (or why the answer is refused).

    A student is a folder holding CHALLENGE_ID.sh files, or a session recorded by the
    trainer (`*.jsonl`, one {"pack", "challenge", "command", "status"} object per line);
    a CHALLENGE_ID.sh file wins over recorded commands for the same challenge.  Symbolic
    links (student folders or files) are never followed; nothing is ever written."""
    out: dict[str, dict[str, Answer]] = {}
    for student in sorted(os.listdir(folder)):
        path = os.path.join(folder, student)
        if (student.startswith(".") if only is None else student != only) or not _is_real_dir(path):
            continue  # hidden folders are only graded when named (see not_graded)
        answers: dict[str, Answer] = {}
        recorded: dict[str, list[str]] = {}
        for name in sorted(os.listdir(path)):
            full = os.path.join(path, name)
            if not _is_real_file(full):
                continue
            if name.endswith(".sh") and pack.challenge(name[:-3]):
                answers[name[:-3]] = _read_answer(full)
            elif name.endswith(".jsonl"):
                text = _read_answer(full)
                if isinstance(text, Rejected):
                    continue
                for cid, command in _recorded(text, pack.id):
                    if pack.challenge(cid):
                        recorded.setdefault(cid, []).append(command)
        for cid, commands in recorded.items():
            if cid not in answers:
                answers[cid] = "".join(c + "\n" for c in commands)
                if len(answers[cid]) > MAX_ANSWER_BYTES:
                    answers[cid] = Rejected(f"recorded answer too large (limit {MAX_ANSWER_BYTES} bytes)")
        out[student] = answers
    return out


def not_graded(folder: str, only: str | None = None) -> list[tuple[str, str]]:
    """(name, why) for the folders of `folder` that read_submissions passes over: hidden ones
    (`.git` of a GitHub Classroom clone, `.github`...) and symbolic links.  Plain files are
    not listed: a README or a grades sheet beside the student folders is expected."""
    if only is not None:
        return []
    out = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.islink(path):
            if os.path.isdir(path):
                out.append((name, "a symbolic link to a folder: links are never followed"))
        elif name.startswith(".") and _is_real_dir(path):
            out.append((name, f"a hidden folder (its name starts with a dot): grade it with --student {name}"))
    return out


def _is_real_dir(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _is_real_file(path: str) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _read_answer(path: str) -> str | Rejected:
    try:
        with open(path, "rb") as f:  # a student's answer file, read only and bounded
            data = f.read(MAX_ANSWER_BYTES + 1)
    except OSError as exc:
        return Rejected(f"cannot read the answer file: {exc.strerror}")
    if len(data) > MAX_ANSWER_BYTES:
        return Rejected(f"answer file too large (limit {MAX_ANSWER_BYTES} bytes)")
    if b"\0" in data:
        return Rejected("the answer file is binary, not commands")
    return data.decode("utf-8", "replace")


def _recorded(text: str, pack_id: str) -> list[tuple[str, str]]:
    rows = []
    for line in text.splitlines():
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
    """Prepared machines per (challenge, setup), cloned for each student (setup is costly).

    Least recently used entries go first; snapshots are small (~60 KB)."""

    def __init__(self, size: int = 512) -> None:
        self.cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self.size = size

    def machine(self, challenge: Challenge) -> Machine:
        key = (challenge.id, repr(challenge.setup))  # the instantiated setup decides the machine
        snap = self.cache.get(key)
        if snap is None:
            snap = prepare(challenge).snapshot()
            self.cache[key] = snap
            if len(self.cache) > self.size:
                self.cache.popitem(last=False)
        else:
            self.cache.move_to_end(key)
        return Machine.from_snapshot(snap)


_PREPARED = _Prepared()


def syntax_error(answer: str) -> str | None:
    """bash's message for the first command line of `answer` that does not parse."""
    from shelldojo.shell.syntax import ast
    from shelldojo.shell.syntax.parser import Parser
    line_no = 1
    for text in command_lines(answer):
        try:
            Parser(text).parse_all()
        except ast.ParseError as exc:
            if exc.message:
                return f"syntax error in the answer near line {line_no}: {exc.message}"
        line_no += text.count("\n") + 1
    return None


def evaluate_disposable(challenge: Challenge, machine: Machine, obs: Observation) -> list[CheckResult]:
    """The checks' results, as checks.evaluate gives them, on a machine thrown away afterwards.

    Reading checks run first (they change nothing); each `script` check runs in a clone of
    the machine so it cannot affect the checks after it, except the last one, which may use
    the machine itself: nothing looks at it afterwards (this saves a clone per grading)."""
    results: dict[int, CheckResult] = {}
    scripts = [n for n, c in enumerate(challenge.checks) if c.kind == "script"]
    for n, check in enumerate(challenge.checks):
        if check.kind != "script":
            results[n] = run_check(check, machine, obs)
    for n in scripts:
        if n != scripts[-1]:
            results[n] = run_check(challenge.checks[n], machine, obs)  # clones the machine itself
            continue
        check = challenge.checks[n]
        status, _out, err = run_as(machine, "root", check.subject, resolve(machine, obs.user, "~"), SCRIPT_LIMITS)
        if status == 124 and "shelldojo:" in err:
            results[n] = CheckResult(check, False, f"the check script hit a limit: {err.strip()[:200]}")
        else:
            results[n] = CheckResult(check, status == 0)
    return [results[n] for n in range(len(challenge.checks))]


def _disk_full(machine: Machine) -> str | None:
    """Why the disk looks flooded (a file at its size limit, or the quota nearly used), if it does."""
    total, used, free = machine.vfs.disk_usage()
    if free >= max(1, total // 100) and used < machine.limits.max_file_bytes:
        return None
    mib = 1024 * 1024
    return (f"the answer filled the disk: {used // mib} MiB written (limits: {machine.limits.max_file_bytes // mib} "
            f"MiB per file, {total // mib} MiB in all)")


def grade_one(challenge: Challenge, student: str, answer: Answer, timeout: float,
              recheck: bool = False) -> ChallengeOutcome:
    """Grade one answer (in this process)."""
    start = time.perf_counter()
    out = ChallengeOutcome(challenge.id, challenge.title, 0, challenge.points, False,
                           variant=choose(challenge, student) if challenge.variables else {})
    if answer is None or isinstance(answer, Rejected):
        out.error = "no answer submitted" if answer is None else answer.reason
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
        limits = Limits(wall_time_s=timeout, max_output_bytes=MAX_OUTPUT_BYTES)
        obs, _session = replay(machine, inst, answer, limits=limits)
        results = evaluate_disposable(inst, machine, obs)
        if n == 0:
            out.checks = [CheckOutcome(r.check.kind, r.check.subject, r.passed, r.message) for r in results]
            out.passed = all(r.passed for r in results)
            if not out.passed:
                broken = next((r.error for r in results if r.error), None)
                if obs.stopped:
                    out.error = f"stopped by a limit: {obs.stopped}"
                elif broken:
                    out.error = f"a check could not run: {broken}"
                elif full := _disk_full(machine):
                    out.error = full
                else:
                    out.error = syntax_error(answer)
        elif not all(r.passed for r in results):
            out.passed = False
            out.error = "the answer passes on this student's data but fails on other data (--recheck): " \
                        "is it hard-coded to one instance?"
        if not out.passed:
            break
    out.points = challenge.points if out.passed else 0
    out.duration = round(time.perf_counter() - start, 3)
    return out


def failed_outcome(challenge: Challenge, student: str, why: str, duration: float = 0.0) -> ChallengeOutcome:
    """The outcome of a task that produced none (timed out, crashed)."""
    return ChallengeOutcome(challenge.id, challenge.title, 0, challenge.points, False, duration=round(duration, 3),
                            error=why, variant=choose(challenge, student) if challenge.variables else {})


# ----------------------------------------------------------------------------- a class
def grade(pack_dir: str, submissions: dict[str, dict[str, Answer]], *, jobs: int = 0, timeout: float = 10.0,
          recheck: bool = False) -> list[StudentOutcome]:
    """Grade every student on every challenge of the pack in `pack_dir` (in worker processes)."""
    from shelldojo.challenges.grader_pool import run_pool
    pack = load_pack(pack_dir)
    tasks = [(student, c.id, answers.get(c.id)) for student, answers in submissions.items()
             for c in pack.challenges]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks) or 1))
    outcomes = run_pool(pack, tasks, jobs, timeout, recheck) if tasks else {}
    students = []
    i = 0
    for student in submissions:
        rows = []
        for _c in pack.challenges:
            rows.append(outcomes[i])
            i += 1
        students.append(StudentOutcome(student, sum(r.points for r in rows), sum(r.max_points for r in rows), rows))
    return students
