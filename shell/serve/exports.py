"""The class's results, live, in the formats `shelldojo grade` writes (issue 18).

A served class is not graded by replaying answers: the trainer has already judged every
challenge on the student's own machine.  So each (student, challenge) becomes the grader's
`ChallengeOutcome` (challenges/grade_task.py) from the trainer's verdict, and the grader's own
writers (challenges/grade_report.py) turn the list into JSON (schema version 1) and JUnit XML:
one schema, one set of writers.  How the trainer's states map:

    solved   -> passed, points = max_points, error null
    skipped  -> not passed, error "skipped"
    working  -> not passed, error "not solved yet"   (the challenge the student is on, or
                started earlier)
    untouched-> not passed, error "no answer submitted" (the grader's words for the same case)

`checks` is empty (no check ran for the export: JUnit shows an unsolved challenge as an
<error>, as the grader does for an answer it could not grade) and `transcript` holds the
student's recent command lines for that challenge (what `--record` writes: command and exit
status; the output is not kept), `duration` 0.

CSV is the gradebook: one row per student (`student,score,max_score,` then one column of points
per challenge, named by its id, then `hints_used`).  A cell that a spreadsheet would read as a
formula (starting with = + - @, a tab or a carriage return) gets a leading apostrophe.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from shelldojo.challenges import grade_report
from shelldojo.challenges.grade_task import MAX_STEP_BYTES, ChallengeOutcome, StudentOutcome, Transcript, clip
from shelldojo.challenges.model import Pack
from shelldojo.challenges.variants import choose


@dataclass(frozen=True)
class StudentResults:
    """What the trainer knows of one student in one pack (from the class room's live state or
    from their progress store)."""
    name: str
    statuses: Mapping[str, str] = field(default_factory=dict)   # challenge id -> started|done|skipped
    hints: Mapping[str, int] = field(default_factory=dict)      # challenge id -> hints shown
    current: str | None = None                                  # the challenge the student is on
    commands: Sequence[Mapping[str, object]] = ()               # recorded lines: pack, challenge, command, status


def outcome(pack: Pack, student: StudentResults) -> StudentOutcome:
    """The grader's StudentOutcome for one student of the class (see the module's docstring)."""
    challenges = []
    for c in pack.challenges:
        status = student.statuses.get(c.id, "")
        passed = status == "done"
        if passed:
            error = None
        elif status == "skipped":
            error = "skipped"
        elif status or c.id == student.current:
            error = "not solved yet"
        else:
            error = "no answer submitted"
        transcript = Transcript()   # the grader's bounds: 4 KiB a line, 64 KiB an answer
        for line in student.commands:
            if line.get("pack") == pack.id and line.get("challenge") == c.id:
                transcript(str(line.get("command", "")), _status(line.get("status")), "")
        challenges.append(ChallengeOutcome(
            c.id, c.title, c.points if passed else 0, c.points, passed, 0.0, error,
            variant=choose(c, student.name) if c.variables else {}, transcript=transcript.steps,
            transcript_omitted=transcript.omitted))
    score = sum(c.points for c in challenges)
    return StudentOutcome(student.name, score, sum(c.max_points for c in challenges), challenges)


def cut(text: str) -> str:
    """A command line as the grader's transcript keeps it: at most 4 KiB."""
    return clip(text, MAX_STEP_BYTES)


def _status(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def outcomes(pack: Pack, students: Iterable[StudentResults]) -> list[StudentOutcome]:
    return [outcome(pack, s) for s in sorted(students, key=lambda s: s.name)]


def to_json(pack: Pack, students: Iterable[StudentResults]) -> str:
    return grade_report.to_json(pack.id, outcomes(pack, students), timing=False)


def to_junit(pack: Pack, students: Iterable[StudentResults]) -> str:
    return grade_report.to_junit(pack.id, outcomes(pack, students))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a leading apostrophe before what it would
    evaluate (OWASP's advice for CSV injection)."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(pack: Pack, students: Iterable[StudentResults]) -> str:
    """The gradebook: student, score, max_score, the points of each challenge, hints used."""
    rows = list(students)
    hints = {s.name: sum(v for v in s.hints.values() if isinstance(v, int)) for s in rows}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")   # RFC 4180's line ends
    writer.writerow([safe_cell(x) for x in ["student", "score", "max_score", *(c.id for c in pack.challenges),
                                            "hints_used"]])
    for s in outcomes(pack, rows):
        writer.writerow([safe_cell(x) for x in [s.student, s.score, s.max_score, *(c.points for c in s.challenges),
                                                hints[s.student]]])
    return out.getvalue()
