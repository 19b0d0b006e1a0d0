"""The grader's reports: a text table, JSON (schema below), JUnit XML, GitHub Classroom's result.

JSON schema (`--format json`), version 1:

    {"version": 1, "pack": ID, "max_score": N, "passed": bool,
     "students": [{"student": NAME, "score": N, "max_score": N,
                   "challenges": [{"challenge": ID, "title": TEXT, "points": N, "max_points": N,
                                   "passed": bool, "duration": SECONDS, "error": TEXT|null,
                                   "variant": {VAR: VALUE},
                                   "checks": [{"kind": KIND, "subject": TEXT, "passed": bool,
                                               "message": TEXT}],
                                   "transcript": [{"command": TEXT, "status": N, "output": TEXT}],
                                   "transcript_omitted": N}]}]}

Types: NAME, ID, TEXT, KIND, VAR and VALUE are strings; N an integer >= 0; SECONDS a number
>= 0.  `score` is the sum of `points` (each 0 or `max_points`), `passed` at the top is true
only when every challenge of every student passed (the exit status is then 0).  `error`
says why an answer got no points beyond its failing checks: "no answer submitted", a
limit that stopped it, a syntax error, "timed out...", "the grading process crashed...",
a setup failure, a refused answer file.  `variant` is empty for challenges without
[variables]; `checks` is empty when the answer could not be graded at all.
`transcript`: each command line of the answer as it was replayed on the student's own data
(not --recheck's), its exit status and what it printed (standard output and error, as a
terminal shows them); empty when nothing ran.  It is bounded: a command line and an output
are cut at 4 KiB (ending with "… (truncated)"), and once an answer's transcript holds 64 KiB
the command lines after it are left out and counted in `transcript_omitted`.

Everything but the `duration` fields is deterministic (`--no-timing` sets them to 0 in every
format), except what an answer's own commands print from the clock or at random (`date`,
`ls -l` times, $RANDOM) into its transcript.
Bytes of a folder name that are not UTF-8 appear as `\\xHH` in JSON and Classroom (JSON is
UTF-8), as U+FFFD in JUnit.

Text (the default): every field (names, ids, messages) is shown with control and invisible
characters escaped as bash's $'...' writes them (`zz\\nalice`, `\\x1b`, `\\u202e`, a backslash
as `\\\\`), so a folder name can neither forge a line of the table nor drive the terminal.

JUnit (`--format junit`): one <testsuite> per student, one <testcase> per challenge; a
challenge that was graded and failed is a <failure>, one that could not be graded (no
checks ran: no answer, timed out, crashed, setup failed) an <error>.  Classroom
(`--format classroom`): the same split as "fail" and "error" statuses.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict
from typing import Any
from xml.etree import ElementTree as ET

from shelldojo.challenges.grader import ChallengeOutcome, StudentOutcome


def to_json(pack_id: str, students: list[StudentOutcome], timing: bool = True) -> str:
    data = {"version": 1, "pack": pack_id, "max_score": sum(s.max_score for s in students),
            "passed": all_passed(students), "students": [_utf8_all(asdict(s)) for s in students]}
    if not timing:
        for s in data["students"]:
            for c in s["challenges"]:
                c["duration"] = 0
    return json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


_ESCAPES = {"\\": "\\\\", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f",
            "\r": "\\r"}


def _escape_char(ch: str) -> str:
    if ch == " " or (ch.isprintable() and ch != "\\"):
        return ch
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte of the folder name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"  # C1, bidi, zero-width, NBSP...


def shown(text: str) -> str:
    """`text` as one visible, unambiguous line: what str.isprintable() refuses (but the space)
    and the backslash are escaped."""
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(_escape_char(ch) for ch in text)


def _utf8(text: str) -> str:
    """Text UTF-8 can carry: bytes of a name that were not UTF-8 as `\\xHH`."""
    return re.sub("[\udc80-\udcff]", lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", text)


def _utf8_all(obj: Any) -> Any:
    if isinstance(obj, str):
        return _utf8(obj)
    if isinstance(obj, dict):
        return {_utf8(k): _utf8_all(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_utf8_all(v) for v in obj]
    return obj


def transcript_text(pack_id: str, s: StudentOutcome) -> str:
    """One student's answers as replayed, for `--transcripts DIR` (DIR/STUDENT.txt): each
    challenge's result, then each command line (`$ `, continued with `> `), what it printed and
    a non-zero status; control characters escaped, so an answer cannot drive the terminal."""
    lines = [f"student: {shown(s.student)}", f"pack: {shown(pack_id)}", f"score: {s.score}/{s.max_score}"]
    for c in s.challenges:
        verdict = "passed" if c.passed else "not passed"
        lines += ["", f"== {shown(c.challenge)}: {verdict} ({c.points}/{c.max_points}) =="]
        failed = next((k.message for k in c.checks if not k.passed), None)
        if c.error or failed:
            lines.append(f"why: {_shown_line(c.error or failed or '')}")
        for step in c.transcript:
            lines += [("$ " if n == 0 else "> ") + _shown_line(text) for n, text in enumerate(step.command.split("\n"))]
            if step.output:
                lines += [_shown_line(text) for text in step.output.removesuffix("\n").split("\n")]
            if step.status:
                lines.append(f"[exit status {step.status}]")
        if c.transcript_omitted:
            lines.append(f"… {c.transcript_omitted} more command line(s) not shown "
                         "(a transcript keeps 64 KiB per answer)")
    return "\n".join(lines) + "\n"


def _shown_line(text: str) -> str:
    """A line of a transcript as shown() escapes it, but tabs (columns of ls, wc, cut) and
    backslashes (`tr '\\0' x`) stay as typed: readable, and still no control character."""
    return "".join(ch if ch in "\t\\" else _escape_char(ch) for ch in text)


_SAFE_NAME = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.")


def file_name(student: str) -> str:
    """A file name for a student's name, one per name: bytes other than letters, digits, `_`,
    `-` and a `.` that is not the first become %XX (no `/`, no `..`, no hidden file, no
    control character); a name too long for a file system is cut and given a digest after `~`."""
    data = student.encode("utf-8", "surrogateescape")
    out = "".join(chr(b) if b in _SAFE_NAME and not (n == 0 and b == ord(".")) else f"%{b:02X}"
                  for n, b in enumerate(data))
    if len(out) > 200:
        out = out[:180] + "~" + hashlib.sha256(data).hexdigest()[:16]
    return out


def all_passed(students: list[StudentOutcome]) -> bool:
    return all(c.passed for s in students for c in s.challenges)


def to_text(pack_id: str, students: list[StudentOutcome], skipped: list[tuple[str, str]] | None = None) -> str:
    """The table for a terminal; `skipped`: (folder, why) for folders not graded."""
    lines = _table(pack_id, students)
    if skipped:
        lines += ["", "not graded:"]
        lines += [f"  {shown(name)}: {shown(why)}" for name, why in skipped]
    return "\n".join(lines) + "\n"


def _table(pack_id: str, students: list[StudentOutcome]) -> list[str]:
    if not students:
        return [f"{shown(pack_id)}: no submissions"]
    ids = [shown(c.challenge) for c in students[0].challenges]
    names = [shown(s.student) for s in students]
    width = max([len("student"), *(len(n) for n in names)])
    lines = [f"pack {shown(pack_id)}: {len(students)} student(s), {len(ids)} challenge(s)", ""]
    for n, cid in enumerate(ids, 1):
        lines.append(f"  {n:2d} = {cid}")
    lines.append("")
    lines.append(f"{'student':<{width}}  " + " ".join(f"{n:>2d}" for n in range(1, len(ids) + 1)) + "   score")
    for name, s in zip(names, students):
        marks = " ".join(f"{'✔' if c.passed else ('!' if c.error else '✘'):>2}" for c in s.challenges)
        lines.append(f"{name:<{width}}  {marks}   {s.score}/{s.max_score}")
    problems = [(name, c) for name, s in zip(names, students) for c in s.challenges if not c.passed]
    if problems:
        lines += ["", "why not passed:"]
        for name, c in problems:
            reason = c.error or next((k.message for k in c.checks if not k.passed), "failed")
            lines.append(f"  {name} / {shown(c.challenge)}: {shown(reason)}")
    return lines


_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can carry (student folder names and messages may hold control characters)."""
    return _NOT_XML.sub("\ufffd", text)


def ungraded(c: ChallengeOutcome) -> bool:
    """No check ran: the answer could not be graded (an error rather than a failure)."""
    return bool(c.error) and not c.checks


def to_junit(pack_id: str, students: list[StudentOutcome]) -> str:
    suites = ET.Element("testsuites", name=f"shelldojo {pack_id}")
    for s in students:
        failures = sum(1 for c in s.challenges if not c.passed and not ungraded(c))
        errors = sum(1 for c in s.challenges if ungraded(c))
        suite = ET.SubElement(suites, "testsuite", name=_xml(s.student), tests=str(len(s.challenges)),
                              failures=str(failures), errors=str(errors),
                              time=f"{sum(c.duration for c in s.challenges):.3f}")
        for c in s.challenges:
            case = ET.SubElement(suite, "testcase", classname=_xml(f"{pack_id}.{s.student}"), name=_xml(c.challenge),
                                 time=f"{c.duration:.3f}")
            if ungraded(c):
                ET.SubElement(case, "error", message=_xml(c.error or "")).text = _xml(c.error or "")
            elif not c.passed:
                failed = [k for k in c.checks if not k.passed]
                message = c.error or (failed[0].message if failed else "failed")
                ET.SubElement(case, "failure", message=_xml(message)).text = _xml("\n".join(
                    [*([c.error] if c.error else []), *(f"{k.kind} {k.subject}: {k.message}" for k in failed)]))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def to_classroom(students: list[StudentOutcome]) -> str:
    """The result object GitHub Classroom's autograding-grading-reporter reads (one student)."""
    tests = []
    for s in students:
        for c in s.challenges:
            status = "error" if ungraded(c) else ("pass" if c.passed else "fail")
            failed = [k.message for k in c.checks if not k.passed]
            message = c.error or "\n".join(failed)
            name = c.challenge if len(students) == 1 else f"{s.student}: {c.challenge}"
            tests.append({"name": _utf8(name), "status": status, "score": c.points, "message": _utf8(message),
                          "line_no": 0, "execution_time": f"{c.duration:.2f}s"})
    overall = "error" if any(t["status"] == "error" for t in tests) else \
        ("pass" if all(t["status"] == "pass" for t in tests) else "fail")
    result = {"version": 1, "status": overall, "max_score": sum(s.max_score for s in students), "tests": tests}
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
