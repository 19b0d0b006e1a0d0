"""Grade a class: every student's answers to every challenge of a pack, safely and reproducibly.

Each (student, challenge) is graded by grade_task.py: a fresh machine with the challenge's
setup (its variant seeded by the student's name), the answer replayed as the learner would
have typed it, then the checks.  Work is spread over worker processes (grader_pool.py); a
task that outlives its time is killed with its worker (which is replaced), and a crash costs
only that task.
"""
from __future__ import annotations

import json
import os
import stat

from shelldojo.challenges.grade_task import (
    MAX_ANSWER_BYTES,
    MAX_OUTPUT_BYTES,
    RECHECK_SEED,
    Answer,
    ChallengeOutcome,
    CheckOutcome,
    Rejected,
    StudentOutcome,
    evaluate_disposable,
    failed_outcome,
    grade_one,
    syntax_error,
)
from shelldojo.challenges.grader_pool import run_pool
from shelldojo.challenges.loader import load_pack
from shelldojo.challenges.model import Pack

# what callers of the grader import from here (one task's grading lives in grade_task.py)
__all__ = ["MAX_ANSWER_BYTES", "MAX_OUTPUT_BYTES", "RECHECK_SEED", "Answer", "ChallengeOutcome", "CheckOutcome",
           "Rejected", "StudentOutcome", "evaluate_disposable", "failed_outcome", "grade", "grade_one",
           "not_graded", "read_submissions", "syntax_error"]


# ----------------------------------------------------------------------------- submissions
def read_submissions(folder: str, pack: Pack, only: str | None = None) -> dict[str, dict[str, Answer]]:
    """student -> challenge id -> the commands typed (or why the answer is refused).

    A student is a folder holding CHALLENGE_ID.sh files, or a session recorded by the
    trainer (`*.jsonl`, one {"pack", "challenge", "command", "status"} object per line);
    a CHALLENGE_ID.sh file wins over recorded commands for the same challenge.  Symbolic
    links (student folders or files) are never followed: a CHALLENGE_ID.sh that is a link (or
    no regular file) is a refused answer, said in the report; nothing is ever written."""
    out: dict[str, dict[str, Answer]] = {}
    for student in sorted(os.listdir(folder)):
        path = os.path.join(folder, student)
        if (student.startswith(".") if only is None else student != only) or not _is_real_dir(path):
            continue  # hidden folders are only graded when named (see not_graded)
        answers: dict[str, Answer] = {}
        recorded: dict[str, list[str]] = {}
        for name in sorted(os.listdir(path)):
            full = os.path.join(path, name)
            refused = _not_a_file(full)
            if name.endswith(".sh") and pack.challenge(name[:-3]):
                answers[name[:-3]] = Rejected(refused) if refused else _read_answer(full)
            elif name.endswith(".jsonl") and not refused:  # a linked one is listed by not_graded
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
    """(name, why) for what read_submissions passes over: folders of `folder` that are hidden
    (`.git` of a GitHub Classroom clone, `.github`...) or symbolic links, and recorded sessions
    (STUDENT/NAME.jsonl) that are links.  Plain files are not listed: a README or a grades
    sheet beside the student folders is expected."""
    out = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if only is not None and name != only:
            continue
        if os.path.islink(path):
            if os.path.isdir(path) and only is None:
                out.append((name, "a symbolic link to a folder: links are never followed"))
        elif name.startswith(".") and only is None and _is_real_dir(path):
            out.append((name, f"a hidden folder (its name starts with a dot): grade it with --student {name}"))
        elif _is_real_dir(path):
            out += [(f"{name}/{f}", "a recorded session that is a symbolic link: links are never followed")
                    for f in sorted(os.listdir(path)) if f.endswith(".jsonl") and os.path.islink(os.path.join(path, f))]
    return out


def _is_real_dir(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _not_a_file(path: str) -> str | None:
    """Why the answer at `path` is refused unread (None for a regular file): a link is never
    followed, a FIFO or a device could block or never end."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return f"cannot read the answer file: {exc.strerror}"
    if stat.S_ISLNK(mode):
        return "refused: symbolic link"
    if stat.S_ISDIR(mode):
        return "refused: a folder, not a file"
    return None if stat.S_ISREG(mode) else "refused: not a regular file"


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


# ----------------------------------------------------------------------------- a class
def grade(pack_dir: str, submissions: dict[str, dict[str, Answer]], *, jobs: int = 0, timeout: float = 10.0,
          recheck: bool = False) -> list[StudentOutcome]:
    """Grade every student on every challenge of the pack in `pack_dir` (in worker processes)."""
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
