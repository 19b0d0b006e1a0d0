"""Grading one task: one student's answer to one challenge, in this process.

Each (student, challenge) gets a fresh machine with the challenge's setup (its variant
seeded by the student's name), the answer replayed as the learner would have typed it,
then the checks.  The outcome types live here too: the worker pool (grader_pool.py) and
the class-level grader (grader.py) both build on this module.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field

from shelldojo.challenges import setup_net
from shelldojo.challenges.checks import CheckResult, Observation, changes_machine, run_check
from shelldojo.challenges.model import Challenge
from shelldojo.challenges.replay import command_lines, replay
from shelldojo.challenges.setup import SetupError, prepare
from shelldojo.challenges.variants import choose, instantiate
from shelldojo.filesystem import Machine
from shelldojo.shell.limits import Limits
from shelldojo.shell.syntax import ast
from shelldojo.shell.syntax.parser import Parser

RECHECK_SEED = "#recheck"
MAX_ANSWER_BYTES = 256 * 1024          # a longer answer file is refused, not truncated
MAX_OUTPUT_BYTES = 4 * 1024 * 1024     # output of one command line of an answer
# A transcript (what each replayed command line printed) is kept small in the report: each
# command line and each output is cut at 4 KiB, and once an answer's transcript holds 64 KiB
# the command lines after it are only counted (`transcript_omitted`).
MAX_STEP_BYTES = 4 * 1024
MAX_TRANSCRIPT_BYTES = 64 * 1024
TRUNCATED = "… (truncated)"


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
class Step:
    """One replayed command line of an answer: what was typed, its status, what it printed."""
    command: str
    status: int
    output: str


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes (never inside a character), with a marker if cut."""
    data = text.encode("utf-8", "surrogateescape")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore") + TRUNCATED


class Transcript:
    """Collects an answer's Steps within MAX_STEP_BYTES each and MAX_TRANSCRIPT_BYTES in all."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.omitted = 0
        self.room = MAX_TRANSCRIPT_BYTES

    def __call__(self, command: str, status: int, output: str) -> None:
        if self.room <= 0:
            self.omitted += 1
            return
        step = Step(clip(command, MAX_STEP_BYTES), status, clip(output, min(MAX_STEP_BYTES, self.room)))
        self.room -= len(step.command.encode("utf-8", "surrogateescape")) + len(step.output.encode(
            "utf-8", "surrogateescape"))
        self.steps.append(step)


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
    transcript: list[Step] = field(default_factory=list)
    transcript_omitted: int = 0        # command lines run but left out of `transcript` (its size limit)


@dataclass
class StudentOutcome:
    student: str
    score: int
    max_score: int
    challenges: list[ChallengeOutcome]


class _Prepared:
    """Prepared machines per (challenge, setup), cloned for each student (setup is costly).

    Least recently used entries go first; snapshots are small (~60 KB a machine).  A snapshot is
    the challenge's whole cloud: a check on web1 sees what this student's answer did there."""

    def __init__(self, size: int = 512) -> None:
        self.cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self.size = size

    def machine(self, challenge: Challenge) -> Machine:
        key = (challenge.id, repr(challenge.setup))  # the instantiated setup decides the machine
        snap = self.cache.get(key)
        if snap is None:
            snap = setup_net.snapshot(prepare(challenge))
            self.cache[key] = snap
            if len(self.cache) > self.size:
                self.cache.popitem(last=False)
        else:
            self.cache.move_to_end(key)
        return setup_net.restore(snap)


_PREPARED = _Prepared()


def syntax_error(answer: str | list[tuple[int, str]]) -> str | None:
    """bash's message for the first command line of `answer` that does not parse: the answer's
    text, or the numbered command lines the shell ran (Observation.lines: not the lines a
    command such as sqlite3 read as its input)."""
    lines = [(0, text) for text in command_lines(answer)] if isinstance(answer, str) else answer
    line_no = 1
    for number, text in lines:
        line_no = number or line_no
        try:
            Parser(text).parse_all()
        except ast.ParseError as exc:
            if exc.message:
                return f"syntax error in the answer near line {line_no}: {exc.message}"
        line_no += text.count("\n") + 1
    return None


def evaluate_disposable(challenge: Challenge, machine: Machine, obs: Observation) -> list[CheckResult]:
    """The checks' results, as checks.evaluate gives them, on a machine thrown away afterwards.

    Reading checks run first (they change nothing); each check whose kind changes the machine
    (`script`) runs in a clone of it so it cannot affect the checks after it, except the last
    one, which may use the machine itself: nothing looks at it afterwards (this saves a clone
    per grading)."""
    results: dict[int, CheckResult] = {}
    writers = [n for n, c in enumerate(challenge.checks) if changes_machine(c)]
    for n, check in enumerate(challenge.checks):
        if n not in writers:
            results[n] = run_check(check, machine, obs)
    for n in writers:
        results[n] = run_check(challenge.checks[n], machine, obs, disposable=n == writers[-1])
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
        transcript = Transcript()  # the student's own data only, not --recheck's other variant
        obs, session = replay(machine, inst, answer, limits=limits, on_line=transcript if n == 0 else None)
        results = evaluate_disposable(inst, machine, obs)
        session.end()   # its background jobs (`cmd &`) end once the checks have seen them
        if n == 0:
            out.transcript, out.transcript_omitted = transcript.steps, transcript.omitted
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
                    out.error = syntax_error(obs.lines)
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


