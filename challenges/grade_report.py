"""The grader's reports: a text table, JSON (schema below), JUnit XML, GitHub Classroom's result.

JSON schema (`--format json`), version 1:

    {"version": 1, "pack": ID, "max_score": N, "passed": bool,
     "students": [{"student": NAME, "score": N, "max_score": N,
                   "challenges": [{"challenge": ID, "title": TEXT, "points": N, "max_points": N,
                                   "passed": bool, "duration": SECONDS, "error": TEXT|null,
                                   "variant": {VAR: VALUE},
                                   "checks": [{"kind": KIND, "subject": TEXT, "passed": bool,
                                               "message": TEXT}]}]}]}

Everything but the `duration` fields is deterministic (`--no-timing` sets them to 0).
"""
from __future__ import annotations

import json
from dataclasses import asdict
from xml.etree import ElementTree as ET

from challenges.grader import StudentOutcome


def to_json(pack_id: str, students: list[StudentOutcome], timing: bool = True) -> str:
    data = {"version": 1, "pack": pack_id, "max_score": sum(s.max_score for s in students),
            "passed": all_passed(students), "students": [asdict(s) for s in students]}
    if not timing:
        for s in data["students"]:
            for c in s["challenges"]:
                c["duration"] = 0
    return json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def all_passed(students: list[StudentOutcome]) -> bool:
    return all(c.passed for s in students for c in s.challenges)


def to_text(pack_id: str, students: list[StudentOutcome]) -> str:
    if not students:
        return f"{pack_id}: no submissions\n"
    ids = [c.challenge for c in students[0].challenges]
    width = max([len("student"), *(len(s.student) for s in students)])
    lines = [f"pack {pack_id}: {len(students)} student(s), {len(ids)} challenge(s)", ""]
    for n, cid in enumerate(ids, 1):
        lines.append(f"  {n:2d} = {cid}")
    lines.append("")
    lines.append(f"{'student':<{width}}  " + " ".join(f"{n:>2d}" for n in range(1, len(ids) + 1)) + "   score")
    for s in students:
        marks = " ".join(f"{'✔' if c.passed else ('!' if c.error else '✘'):>2}" for c in s.challenges)
        lines.append(f"{s.student:<{width}}  {marks}   {s.score}/{s.max_score}")
    problems = [(s.student, c) for s in students for c in s.challenges if not c.passed]
    if problems:
        lines += ["", "why not passed:"]
        for student, c in problems:
            reason = c.error or next((k.message for k in c.checks if not k.passed), "failed")
            lines.append(f"  {student} / {c.challenge}: {reason}")
    return "\n".join(lines) + "\n"


def to_junit(pack_id: str, students: list[StudentOutcome]) -> str:
    suites = ET.Element("testsuites", name=f"shelldojo {pack_id}")
    for s in students:
        failures = sum(1 for c in s.challenges if not c.passed and not c.error)
        errors = sum(1 for c in s.challenges if c.error)
        suite = ET.SubElement(suites, "testsuite", name=s.student, tests=str(len(s.challenges)),
                              failures=str(failures), errors=str(errors),
                              time=f"{sum(c.duration for c in s.challenges):.3f}")
        for c in s.challenges:
            case = ET.SubElement(suite, "testcase", classname=f"{pack_id}.{s.student}", name=c.challenge,
                                 time=f"{c.duration:.3f}")
            if c.error:
                ET.SubElement(case, "error", message=c.error).text = c.error
            elif not c.passed:
                failed = [k for k in c.checks if not k.passed]
                message = failed[0].message if failed else "failed"
                ET.SubElement(case, "failure", message=message).text = "\n".join(
                    f"{k.kind} {k.subject}: {k.message}" for k in failed)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def to_classroom(students: list[StudentOutcome]) -> str:
    """The result object GitHub Classroom's autograding-grading-reporter reads (one student)."""
    tests = []
    for s in students:
        for c in s.challenges:
            status = "error" if c.error and not c.checks else ("pass" if c.passed else "fail")
            failed = [k.message for k in c.checks if not k.passed]
            message = c.error or ("; ".join(failed) if failed else "")
            name = c.challenge if len(students) == 1 else f"{s.student}: {c.challenge}"
            tests.append({"name": name, "status": status, "score": c.points, "message": message,
                          "line_no": 0, "execution_time": f"{c.duration:.2f}s"})
    overall = "error" if any(t["status"] == "error" for t in tests) else \
        ("pass" if all(t["status"] == "pass" for t in tests) else "fail")
    result = {"version": 1, "status": overall, "max_score": sum(s.max_score for s in students), "tests": tests}
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
