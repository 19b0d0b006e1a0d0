"""The grader: determinism, hostile submissions, the reports' formats, points, exit status,
--student, --recheck, variants, recorded sessions, and a pool that survives its workers."""
from __future__ import annotations

import json
import os
import re
import uuid
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from shelldojo.challenges import grade_report
from shelldojo.challenges.grader import (
    MAX_ANSWER_BYTES,
    ChallengeOutcome,
    Rejected,
    grade,
    read_submissions,
    syntax_error,
)
from shelldojo.challenges.loader import load_pack
from shelldojo.challenges.variants import choose, instantiate
from shelldojo.shell.cli import main as cli_main

PACK_TOML = '''id = "gradetest"
title = "Grader test pack"
challenges = ["make-dir", "count-lines", "order-dir"]
'''

MAKE_DIR = '''id = "make-dir"
title = "Make a folder"
goal = "Create the folder kitchen in your home."
points = 3

[[checks]]
dir = "kitchen"
message = "There is no kitchen folder yet."

[solution]
script = "mkdir kitchen"
'''

COUNT_LINES = '''id = "count-lines"
title = "Count lines"
goal = "Print how many lines orders.txt has."

[[setup.files]]
path = "orders.txt"
content = "a\\nb\\nc\\n"

[[checks]]
command_used = "wc"
message = "Use wc."

[[checks]]
output_contains = "3"
message = "Your last output does not show 3."

[solution]
script = "wc -l < orders.txt"
'''

ORDER_DIR = '''id = "order-dir"
title = "File an order"
goal = "Create orders/{{order}}/{{hood}} (the order is in order.txt)."

[variables]
order = ["A127B", "A131C", "B204A", "C318D", "D777E", "E123F"]
hood = ["LP", "WP", "RN", "UP"]

[[setup.files]]
path = "order.txt"
content = "{{order}}/{{hood}}\\n"

[[checks]]
dir = "orders/{{order}}/{{hood}}"
message = "orders/{{order}}/{{hood}} does not exist yet."

[solution]
script = "mkdir -p orders/{{order}}/{{hood}}"
'''

GOOD = {"make-dir.sh": "mkdir kitchen\n", "count-lines.sh": "cd ~\nwc -l orders.txt\n",
        "order-dir.sh": 'mkdir -p "orders/$(cat order.txt)"\n'}


def make_pack(tmp_path: Path) -> str:
    d = tmp_path / "pack"
    d.mkdir()
    (d / "pack.toml").write_text(PACK_TOML)
    (d / "make-dir.toml").write_text(MAKE_DIR)
    (d / "count-lines.toml").write_text(COUNT_LINES)
    (d / "order-dir.toml").write_text(ORDER_DIR)
    return str(d)


@pytest.fixture()
def pack_dir(tmp_path: Path) -> str:
    return make_pack(tmp_path)


def submit(root: Path, students: dict[str, dict[str, str | bytes]]) -> str:
    subs = root / "subs"
    subs.mkdir(parents=True, exist_ok=True)
    for student, files in students.items():
        (subs / student).mkdir(exist_ok=True)
        for name, content in files.items():
            path = subs / student / name
            path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(subs)


def run_grade(pack: str, subs: str, out: Path, *extra: str) -> tuple[int, str]:
    status = cli_main(["grade", pack, "--submissions", subs, "--output", str(out), "--jobs", "2", *extra])
    return status, out.read_text(encoding="utf-8") if out.exists() else ""


def grade_json(pack: str, subs: str, out: Path, *extra: str) -> tuple[int, dict]:
    status, text = run_grade(pack, subs, out, "--format", "json", *extra)
    return status, json.loads(text)


def outcome(data: dict, student: str, challenge: str) -> dict:
    s = next(s for s in data["students"] if s["student"] == student)
    return next(c for c in s["challenges"] if c["challenge"] == challenge)


# ----------------------------------------------------------------------------- schema
def validate_schema(data: dict) -> None:
    """Every field of the documented schema (grade_report's docstring), with its type."""
    assert set(data) == {"version", "pack", "max_score", "passed", "students"}
    assert data["version"] == 1 and isinstance(data["pack"], str)
    assert isinstance(data["max_score"], int) and isinstance(data["passed"], bool)
    assert data["max_score"] == sum(s["max_score"] for s in data["students"])
    all_passed = True
    for s in data["students"]:
        assert set(s) == {"student", "score", "max_score", "challenges"}
        assert isinstance(s["student"], str)
        assert s["score"] == sum(c["points"] for c in s["challenges"])
        assert s["max_score"] == sum(c["max_points"] for c in s["challenges"])
        for c in s["challenges"]:
            assert set(c) == {"challenge", "title", "points", "max_points", "passed", "duration", "error",
                              "variant", "checks", "transcript", "transcript_omitted"}
            assert isinstance(c["transcript_omitted"], int) and c["transcript_omitted"] >= 0
            for step in c["transcript"]:
                assert set(step) == {"command", "status", "output"}
                assert isinstance(step["command"], str) and isinstance(step["output"], str)
                assert isinstance(step["status"], int) and step["status"] >= 0
            assert isinstance(c["challenge"], str) and isinstance(c["title"], str)
            assert isinstance(c["points"], int) and isinstance(c["max_points"], int)
            assert isinstance(c["passed"], bool)
            assert c["points"] == (c["max_points"] if c["passed"] else 0)
            assert isinstance(c["duration"], (int, float)) and c["duration"] >= 0
            assert c["error"] is None or isinstance(c["error"], str)
            assert isinstance(c["variant"], dict)
            assert all(isinstance(k, str) and isinstance(v, str) for k, v in c["variant"].items())
            for k in c["checks"]:
                assert set(k) == {"kind", "subject", "passed", "message"}
                assert isinstance(k["kind"], str) and isinstance(k["subject"], str)
                assert isinstance(k["passed"], bool) and isinstance(k["message"], str)
                assert (k["message"] == "") == k["passed"]
            if c["passed"]:
                assert all(k["passed"] for k in c["checks"]) and c["error"] is None
            all_passed = all_passed and c["passed"]
    assert data["passed"] == (all_passed and bool(data["students"]))


def test_good_answers_pass_with_points_and_status_0(pack_dir: str, tmp_path: Path) -> None:
    subs = submit(tmp_path, {"alice": GOOD, "bob": GOOD})
    status, data = grade_json(pack_dir, subs, tmp_path / "r.json")
    validate_schema(data)
    assert status == 0 and data["passed"] is True
    assert data["max_score"] == 2 * (3 + 1 + 1)
    assert [s["score"] for s in data["students"]] == [5, 5]
    assert outcome(data, "alice", "make-dir")["points"] == 3
    assert outcome(data, "alice", "make-dir")["max_points"] == 3


def test_one_failure_makes_status_1(pack_dir: str, tmp_path: Path) -> None:
    subs = submit(tmp_path, {"alice": GOOD, "bob": {**GOOD, "make-dir.sh": "mkdir kitchn\n"}})
    status, data = grade_json(pack_dir, subs, tmp_path / "r.json")
    validate_schema(data)
    assert status == 1 and data["passed"] is False
    bob = outcome(data, "bob", "make-dir")
    assert bob["points"] == 0 and bob["error"] is None
    assert bob["checks"] == [{"kind": "dir", "subject": "kitchen", "passed": False,
                              "message": "There is no kitchen folder yet."}]
    # a missing answer: no points, said so
    subs2 = submit(tmp_path / "x", {"carol": {"make-dir.sh": "mkdir kitchen"}})
    status, data = grade_json(pack_dir, subs2, tmp_path / "r2.json")
    assert status == 1
    assert outcome(data, "carol", "count-lines")["error"] == "no answer submitted"
    assert outcome(data, "carol", "make-dir")["passed"] is True


def test_determinism(pack_dir: str, tmp_path: Path) -> None:
    students = {f"s{n:02d}": GOOD if n % 2 else {"make-dir.sh": "mkdir kitchen", "order-dir.sh": "mkdir -p orders/A127B/LP"}
                for n in range(8)}
    subs = submit(tmp_path, students)
    _, first = run_grade(pack_dir, subs, tmp_path / "a.json", "--format", "json", "--no-timing")
    _, second = run_grade(pack_dir, subs, tmp_path / "b.json", "--format", "json", "--no-timing", "--jobs", "1")
    assert first == second
    _, timed1 = run_grade(pack_dir, subs, tmp_path / "c.json", "--format", "json")
    _, timed2 = run_grade(pack_dir, subs, tmp_path / "d.json", "--format", "json")

    def strip(text: str) -> str:
        return re.sub(r'"duration": [0-9.e-]+', '"duration": 0', text)
    assert strip(timed1) == strip(timed2) == first


# ----------------------------------------------------------------------------- hostile answers
HOSTILE = {
    "forkbomb": ":(){ :|:& };:\n",
    "loop": "while true; do :; done\n",
    "yes": "yes > f\n",
    "flood": "head -c 10000000 /dev/zero | tr '\\0' x\n",
    "sleeper": "sleep 1000\n",
    "syntax": "if then fi\n",
    "quote": "echo 'never closed\n",
    "deep": "f() { f; }; f\n",
}


def test_hostile_answers_get_zero_with_a_reason_and_grading_goes_on(pack_dir: str, tmp_path: Path) -> None:
    students = {name: {"make-dir.sh": answer, "count-lines.sh": GOOD["count-lines.sh"]}
                for name, answer in HOSTILE.items()}
    students["zgood"] = GOOD
    subs = submit(tmp_path, students)
    status, data = grade_json(pack_dir, subs, tmp_path / "r.json", "--timeout", "2")
    validate_schema(data)
    assert status == 1
    for name in HOSTILE:
        o = outcome(data, name, "make-dir")
        assert o["points"] == 0 and o["passed"] is False
        assert o["error"] or any(k["message"] for k in o["checks"]), name  # the reason is in the report
        assert outcome(data, name, "count-lines")["passed"] is True  # the next answer is graded as usual
    assert all(c["passed"] for c in next(s for s in data["students"] if s["student"] == "zgood")["challenges"])
    assert "filled the disk" in outcome(data, "yes", "make-dir")["error"]
    # `:|:&` runs as background jobs (replayed as typed: `[1] PID`), bounded by the session's process
    # limit (tests/test_jobs.py); the answer itself fails its check and grading went on above
    bomb = outcome(data, "forkbomb", "make-dir")
    assert bomb["transcript"][0]["output"].startswith("[1] ") and not bomb["passed"]
    assert "stopped by a limit" in outcome(data, "loop", "make-dir")["error"]
    assert "output limit" in outcome(data, "flood", "make-dir")["error"]
    assert "time limit" in outcome(data, "sleeper", "make-dir")["error"]
    assert "syntax error" in outcome(data, "syntax", "make-dir")["error"]
    assert "unexpected" in outcome(data, "quote", "make-dir")["error"]


def test_yes_into_a_file_fills_the_disk_not_the_host(pack_dir: str, tmp_path: Path) -> None:
    subs = submit(tmp_path, {"filler": {"make-dir.sh": "yes > f\ncat /dev/zero > g\nmkdir kitchen\n"}})
    _status, data = grade_json(pack_dir, subs, tmp_path / "r.json", "--student", "filler")
    o = outcome(data, "filler", "make-dir")
    assert o["passed"] is True  # the disk quota stopped yes; the answer went on
    assert not (tmp_path / "subs" / "filler" / "f").exists()


def test_writes_to_host_paths_stay_in_the_sandbox(pack_dir: str, tmp_path: Path) -> None:
    tag = uuid.uuid4().hex
    probe, copy = f"/tmp/host_probe_{tag}", f"/tmp/x_{tag}"
    answer = f"echo x > {probe}\ncp -r / {copy}\nmkdir -p {tmp_path}/escaped\ntouch ../../../tmp/rel_{tag}\nmkdir kitchen\n"
    subs = submit(tmp_path, {"escaper": {"make-dir.sh": answer}})
    before = sorted(os.listdir(tmp_path))
    _status, data = grade_json(pack_dir, subs, tmp_path / "r.json")
    assert outcome(data, "escaper", "make-dir")["passed"] is True
    for host in (probe, copy, f"/tmp/rel_{tag}", str(tmp_path / "escaped")):
        assert not os.path.exists(host), host
    assert sorted(os.listdir(tmp_path)) == sorted([*before, "r.json"])


def test_odd_submission_names(pack_dir: str, tmp_path: Path) -> None:
    subs = Path(submit(tmp_path, {"alice": GOOD}))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "make-dir.sh").write_text("mkdir kitchen\n")
    os.symlink(outside, subs / "linked")                       # a student folder that is a link: skipped
    (subs / "mallory").mkdir()
    os.symlink(outside / "make-dir.sh", subs / "mallory" / "make-dir.sh")  # a linked answer: refused unread
    (subs / "mallory" / "..sh").write_text("mkdir kitchen\n")
    (subs / "mallory" / "s.jsonl").write_text(
        json.dumps({"pack": "gradetest", "challenge": "../../etc/passwd", "command": "mkdir kitchen"}) + "\n"
        + json.dumps({"pack": "gradetest", "challenge": "/make-dir", "command": "mkdir kitchen"}) + "\n")
    (subs / ".hidden").mkdir()
    (subs / "stray-file.sh").write_text("mkdir kitchen\n")
    pack = load_pack(pack_dir)
    found = read_submissions(str(subs), pack)
    assert sorted(found) == ["alice", "mallory"]
    assert found["mallory"] == {"make-dir": Rejected("refused: symbolic link")}


def test_huge_and_binary_answer_files_are_refused(pack_dir: str, tmp_path: Path) -> None:
    subs = submit(tmp_path, {"big": {"make-dir.sh": "mkdir kitchen\n" + "#" * (MAX_ANSWER_BYTES + 10) + "\n",
                                     "count-lines.sh": b"wc -l orders.txt\0\1\2"}})
    status, data = grade_json(pack_dir, subs, tmp_path / "r.json")
    validate_schema(data)
    assert "too large" in outcome(data, "big", "make-dir")["error"]
    assert "binary" in outcome(data, "big", "count-lines")["error"]
    assert status == 1


def test_syntax_error_helper() -> None:
    assert syntax_error("echo ok\nif then fi\n") == \
        "syntax error in the answer near line 2: syntax error near unexpected token `then'"
    assert syntax_error("for i in 1 2\ndo echo $i\ndone\n") is None


def test_grade_api_in_order(pack_dir: str) -> None:
    subs = {"b": {"make-dir": "mkdir kitchen"}, "a": {"make-dir": Rejected("nope")}}
    students = grade(pack_dir, subs, jobs=2, timeout=5)
    assert [s.student for s in students] == ["b", "a"]
    assert [c.challenge for c in students[0].challenges] == ["make-dir", "count-lines", "order-dir"]
    assert isinstance(students[0].challenges[0], ChallengeOutcome) and students[0].challenges[0].passed
    assert students[1].challenges[0].error == "nope"


# ----------------------------------------------------------------------------- reports
def test_junit_parses_back_with_counts(pack_dir: str, tmp_path: Path) -> None:
    subs = submit(tmp_path, {"alice": GOOD, "bo\x01b": {"make-dir.sh": "mkdir nope\n", "count-lines.sh": "if then\n"}})
    status, text = run_grade(pack_dir, subs, tmp_path / "r.xml", "--format", "junit")
    assert status == 1
    root = ET.fromstring(text.encode())
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"alice", "bo\ufffdb"}
    alice, bob = suites["alice"], suites["bo\ufffdb"]
    assert (alice.get("tests"), alice.get("failures"), alice.get("errors")) == ("3", "0", "0")
    assert (bob.get("tests"), bob.get("failures"), bob.get("errors")) == ("3", "2", "1")
    cases = {c.get("name"): c for c in bob.findall("testcase")}
    assert cases["make-dir"].find("failure").get("message") == "There is no kitchen folder yet."
    assert "syntax error" in cases["count-lines"].find("failure").get("message")
    assert cases["order-dir"].find("error").get("message") == "no answer submitted"
    for case in root.iter("testcase"):
        float(case.get("time"))


def test_classroom_result(pack_dir: str, tmp_path: Path) -> None:
    subs = submit(tmp_path, {"answers": {**GOOD, "count-lines.sh": "echo 2\n"}, "other": GOOD})
    out = tmp_path / "result.json"
    status = cli_main(["grade", pack_dir, "--submissions", subs, "--student", "answers", "--format", "classroom",
                       "--output", str(out)])
    assert status == 1
    result = json.loads(out.read_text())
    assert result["version"] == 1 and result["status"] == "fail" and result["max_score"] == 5
    assert [t["name"] for t in result["tests"]] == ["make-dir", "count-lines", "order-dir"]
    assert [t["status"] for t in result["tests"]] == ["pass", "fail", "pass"]
    assert [t["score"] for t in result["tests"]] == [3, 0, 1]
    assert result["tests"][1]["message"] == "Use wc.\nYour last output does not show 3."
    for t in result["tests"]:
        assert set(t) >= {"name", "status", "score", "message"}
        assert isinstance(t["message"], str) and isinstance(t["score"], int)
    subs2 = submit(tmp_path / "two", {"answers": GOOD})
    assert cli_main(["grade", pack_dir, "--submissions", subs2, "--format", "classroom",
                     "--output", str(out)]) == 0
    assert json.loads(out.read_text())["status"] == "pass"
    subs3 = submit(tmp_path / "three", {"answers": {"make-dir.sh": "mkdir kitchen"}})
    cli_main(["grade", pack_dir, "--submissions", subs3, "--format", "classroom", "--output", str(out)])
    result = json.loads(out.read_text())
    assert result["status"] == "error" and result["tests"][1]["status"] == "error"


def test_text_report(pack_dir: str, tmp_path: Path) -> None:
    subs = submit(tmp_path, {"alice": GOOD, "bob": {"make-dir.sh": "mkdir nope"}})
    status, text = run_grade(pack_dir, subs, tmp_path / "r.txt")
    assert status == 1
    assert "\nalice     ✔  ✔  ✔   5/5\n" in text
    assert "bob / make-dir: There is no kitchen folder yet." in text
    assert "bob / count-lines: no answer submitted" in text


def test_student_option(pack_dir: str, tmp_path: Path, capsys) -> None:
    subs = submit(tmp_path, {"alice": GOOD, "bob": {}})
    status, data = grade_json(pack_dir, subs, tmp_path / "r.json", "--student", "alice")
    assert status == 0 and [s["student"] for s in data["students"]] == ["alice"]
    assert cli_main(["grade", pack_dir, "--submissions", subs, "--student", "nobody"]) == 2
    assert "no submissions for student 'nobody'" in capsys.readouterr().err
    assert cli_main(["grade", pack_dir, "--submissions", str(tmp_path / "none")]) == 2


# ----------------------------------------------------------------------------- variants
def test_variants_differ_per_student_and_are_reproducible(pack_dir: str) -> None:
    challenge = load_pack(pack_dir).challenge("order-dir")
    assert challenge is not None
    picks = [choose(challenge, f"student{n}") for n in range(20)]
    assert len({tuple(p.items()) for p in picks}) > 3
    assert picks == [choose(challenge, f"student{n}") for n in range(20)]
    inst = instantiate(challenge, "alice")
    assert inst.checks[0].subject == "orders/{order}/{hood}".format(**choose(challenge, "alice"))


def test_copied_answer_fails_and_recheck_catches_hard_coding(pack_dir: str, tmp_path: Path) -> None:
    challenge = load_pack(pack_dir).challenge("order-dir")
    assert challenge is not None
    alice_answer = instantiate(challenge, "alice").solution
    others = [f"s{n}" for n in range(12) if choose(challenge, f"s{n}") != choose(challenge, "alice")]
    copier = others[0]
    subs = submit(tmp_path, {"alice": {"order-dir.sh": alice_answer}, copier: {"order-dir.sh": alice_answer},
                             "general": {"order-dir.sh": GOOD["order-dir.sh"]}})
    _, data = grade_json(pack_dir, subs, tmp_path / "r.json")
    assert outcome(data, "alice", "order-dir")["passed"] is True
    assert outcome(data, copier, "order-dir")["passed"] is False
    assert outcome(data, "general", "order-dir")["passed"] is True
    assert outcome(data, "alice", "order-dir")["variant"] == choose(challenge, "alice")
    _, data = grade_json(pack_dir, subs, tmp_path / "r2.json", "--recheck")
    validate_schema(data)
    hard = outcome(data, "alice", "order-dir")
    if choose(challenge, "alice") != choose(challenge, "alice#recheck"):
        assert hard["passed"] is False and "--recheck" in hard["error"]
    assert outcome(data, "general", "order-dir")["passed"] is True


# ----------------------------------------------------------------------------- recorded sessions
def test_recorded_sessions(pack_dir: str, tmp_path: Path) -> None:
    lines = [
        {"pack": "gradetest", "challenge": "make-dir", "command": "mkdir kitchen", "status": 0},
        {"pack": "gradetest", "challenge": "count-lines", "command": "cat orders.txt", "status": 0},
        {"pack": "other-pack", "challenge": "count-lines", "command": "rm orders.txt", "status": 0},
        {"pack": "gradetest", "challenge": "count-lines", "command": "wc -l orders.txt", "status": 0},
        {"pack": "gradetest", "challenge": "order-dir", "command": "mkdir wrong", "status": 0},
    ]
    text = "\n".join(json.dumps(x) for x in lines) + "\nnot json\n[1, 2]\n"
    subs = submit(tmp_path, {"rec": {"session.jsonl": text, "order-dir.sh": GOOD["order-dir.sh"]}})
    found = read_submissions(subs, load_pack(pack_dir))
    assert found["rec"] == {"make-dir": "mkdir kitchen\n", "count-lines": "cat orders.txt\nwc -l orders.txt\n",
                            "order-dir": GOOD["order-dir.sh"]}
    status, _data = grade_json(pack_dir, subs, tmp_path / "r.json")
    assert status == 0
    assert grade_report.all_passed([]) is True


def test_disposable_evaluation_matches_the_trainers() -> None:
    """The grader's cheaper check evaluation gives checks.evaluate's results on every built-in challenge."""
    from shelldojo.challenges import setup_net
    from shelldojo.challenges.checks import evaluate
    from shelldojo.challenges.grader import evaluate_disposable
    from shelldojo.challenges.loader import builtin_pack_dirs
    from shelldojo.challenges.replay import replay
    from shelldojo.challenges.setup import prepare
    for pack_dir in builtin_pack_dirs():
        for challenge in load_pack(pack_dir).challenges:
            inst = instantiate(challenge, "alice")
            for answer in (inst.solution, "echo wrong"):
                machine = prepare(inst)
                obs, _ = replay(machine, inst, answer)
                expected = evaluate(inst, setup_net.restore(setup_net.snapshot(machine)), obs)   # the whole cloud
                assert evaluate_disposable(inst, machine, obs) == expected, challenge.id

