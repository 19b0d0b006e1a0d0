"""`shelldojo grade`: read submissions, grade, write the report; status 0 only if all passed."""
from __future__ import annotations

import argparse
import os
import sys

from shelldojo.challenges import grade_report
from shelldojo.challenges.grader import grade, not_graded, read_submissions
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
    return 0 if students and grade_report.all_passed(students) else 1
