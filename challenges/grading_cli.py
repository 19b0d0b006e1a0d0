"""`shelldojo grade`: read submissions, grade, write the report; status 0 only if all passed."""
from __future__ import annotations

import argparse
import os
import sys

from shelldojo.challenges import grade_report
from shelldojo.challenges.grader import StudentOutcome, grade, not_graded, read_submissions
from shelldojo.challenges.listing import find_packs
from shelldojo.challenges.model import PackError


def main(args: argparse.Namespace) -> int:
    try:
        packs = find_packs(args.pack)
    except PackError as exc:
        print(f"shelldojo grade: {exc}", file=sys.stderr)
        return 2
    if not packs:
        print(f"shelldojo grade: no such pack: {args.pack}", file=sys.stderr)
        return 2
    pack = packs[0]
    if not os.path.isdir(args.submissions):
        print(f"shelldojo grade: {args.submissions}: not a directory", file=sys.stderr)
        return 2
    try:
        submissions = read_submissions(args.submissions, pack, args.student)
        skipped = not_graded(args.submissions, args.student)
    except OSError as exc:
        print(f"shelldojo grade: {args.submissions}: {exc.strerror}", file=sys.stderr)
        return 2
    if args.student and args.student not in submissions:
        print(f"shelldojo grade: no submissions for student {args.student!r}", file=sys.stderr)
        return 2
    if args.jobs < 0 or not args.timeout > 0:
        print("shelldojo grade: --jobs must be >= 0 and --timeout > 0", file=sys.stderr)
        return 2
    try:
        students = grade(pack.path, submissions, jobs=args.jobs, timeout=args.timeout, recheck=args.recheck)
    except KeyboardInterrupt:  # the pool has already ended its workers
        print("shelldojo grade: interrupted", file=sys.stderr)
        return 130
    if args.no_timing:  # every format then byte-identical between runs
        for s in students:
            for c in s.challenges:
                c.duration = 0.0
    if args.format == "json":
        text = grade_report.to_json(pack.id, students, timing=not args.no_timing)
    elif args.format == "junit":
        text = grade_report.to_junit(pack.id, students)
    elif args.format == "classroom":
        text = grade_report.to_classroom(students)
    else:
        text = grade_report.to_text(pack.id, students, skipped)
    if args.format != "text":  # the machine-readable reports keep their schema: say it aside
        for name, why in skipped:
            print(f"shelldojo grade: not graded: {grade_report.shown(name)}: {why}", file=sys.stderr)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as f:  # the report the instructor asked for
                f.write(text)
        except OSError as exc:
            print(f"shelldojo grade: {args.output}: {exc.strerror}", file=sys.stderr)
            return 2
    else:
        sys.stdout.write(text)
    if args.transcripts and (problem := write_transcripts(args.transcripts, pack.id, students)):
        print(f"shelldojo grade: {problem}", file=sys.stderr)
        return 2
    return 0 if students and grade_report.all_passed(students) else 1


def write_transcripts(folder: str, pack_id: str, students: list[StudentOutcome]) -> str | None:
    """DIR/STUDENT.txt for each student (grade_report.transcript_text); what went wrong, if anything.

    File names come from grade_report.file_name (no path, no hidden file); a file is never
    written through a symbolic link, and names that only differ in case get a suffix so that
    none overwrites another on a case-insensitive disk."""
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        return f"{folder}: {exc.strerror}"
    used: set[str] = set()
    for s in students:
        base = grade_report.file_name(s.student)
        name, n = base, 1
        while name.casefold() in used:
            n += 1
            name = f"{base}~{n}"
        used.add(name.casefold())
        path = os.path.join(folder, name + ".txt")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o644)
            with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as f:  # the folder the instructor named
                f.write(grade_report.transcript_text(pack_id, s))
        except OSError as exc:
            return f"{path}: {exc.strerror}"
    return None
