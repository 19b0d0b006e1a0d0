"""Issue 11, the grader and the trainer's host side: reports a folder name cannot forge, a
damaged progress store, `dojo cheat --export` as the one deliberate host write, and OS caps
on the grader's workers."""
from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import ClassVar
from xml.etree import ElementTree as ET

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from shelldojo.challenges import grade_report, grader_pool, worker_limits
from shelldojo.challenges.grader import grade, not_graded, read_submissions
from shelldojo.challenges.loader import load_pack
from shelldojo.challenges.progress import ProgressStore
from shelldojo.shell.cli import main as cli_main
from shelldojo.shell.repl.trainer_app import HostExport
from shelldojo.shell.repl.trainer_app import main as trainer_main

from tests.hostile import BASE_RSS_MB, BUDGET_MB, ROOT, run_cli
from tests.test_grader import GOOD, grade_json, make_pack, outcome, run_grade, submit
from tests.test_trainer import drive

FORGED = "zz\nalice     ✔  ✔  ✔   5\u22155"   # a newline, then what looks like alice's row
ANSI = "\x1b[2Jev\x1b[31mil"                  # clears the screen, turns the rest red
BIDI = "mal\u202elory"                       # right-to-left override


@pytest.fixture()
def pack_dir(tmp_path: Path) -> str:
    return make_pack(tmp_path)


# ----------------------------------------------------------------------------- forged reports
def test_shown_escapes_like_bash_dollar_quotes() -> None:
    assert grade_report.shown("alice") == "alice"
    assert grade_report.shown("O'Brien Jr") == "O'Brien Jr"
    assert grade_report.shown("zz\nalice") == "zz\\nalice"
    assert grade_report.shown("a\\nb") == "a\\\\nb"           # a literal backslash-n stays distinguishable
    assert grade_report.shown("\x1b[31m\t\r\x7f") == "\\x1b[31m\\t\\r\\x7f"
    assert grade_report.shown(BIDI) == "mal\\u202elory"
    assert grade_report.shown("bad\udcffname") == "bad\\xffname"  # a byte that is not UTF-8
    assert grade_report.shown("\u0085\u2028\u00a0\u200b") == "\\u0085\\u2028\\u00a0\\u200b"
    assert grade_report.shown("héllo ✔ 日本") == "héllo ✔ 日本"


def test_no_folder_name_forges_a_line_or_drives_the_terminal(pack_dir: str, tmp_path: Path) -> None:
    subs = Path(submit(tmp_path, {"alice": GOOD, FORGED: {"make-dir.sh": "mkdir x\n"}, ANSI: {}, BIDI: {}}))
    os.mkdir(os.fsencode(subs) + b"/bad\xffname")
    status, text = run_grade(pack_dir, str(subs), tmp_path / "r.txt")
    assert status == 1
    rows = text.splitlines()
    alice = [r for r in rows if r.startswith("alice")]
    assert len(alice) == 1 and alice[0].split() == ["alice", "✔", "✔", "✔", "5/5"]
    assert not any(ch in text for ch in "\x1b\r\u202e")
    assert "zz\\nalice     ✔  ✔  ✔   5∕5   ✘  !  !   0/5" in rows
    assert "\\x1b[2Jev\\x1b[31mil / make-dir: no answer submitted" in text and "mal\\u202elory" in text
    assert "bad\\xffname / make-dir: no answer submitted" in text
    assert all(r == r.strip("\n") for r in rows)


def test_json_junit_classroom_carry_the_names_safely(pack_dir: str, tmp_path: Path) -> None:
    subs = Path(submit(tmp_path, {FORGED: {"make-dir.sh": "mkdir kitchen\n"}, ANSI: {}}))
    os.mkdir(os.fsencode(subs) + b"/bad\xffname")
    pack = load_pack(pack_dir)
    students = grade(pack_dir, read_submissions(str(subs), pack), jobs=1)
    data = json.loads(grade_report.to_json(pack.id, students).encode("utf-8"))  # valid UTF-8
    assert [s["student"] for s in data["students"]] == [ANSI, "bad\\xffname", FORGED]
    suites = ET.fromstring(grade_report.to_junit(pack.id, students).encode("utf-8"))
    assert [s.get("name") for s in suites] == ["\ufffd[2Jev\ufffd[31mil", "bad\ufffdname", FORGED]
    room = json.loads(grade_report.to_classroom(students).encode("utf-8"))
    assert room["tests"][0]["name"] == f"{ANSI}: make-dir" and "bad\\xffname: make-dir" in \
        [t["name"] for t in room["tests"]]


def test_hidden_and_linked_folders_are_listed_not_silently_skipped(pack_dir: str, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    subs = Path(submit(tmp_path, {"alice": GOOD, ".hidden": GOOD}))
    (subs / ".git" / "objects").mkdir(parents=True)      # a GitHub Classroom clone of the class repo
    (subs / "README.md").write_text("grades for week 3\n")  # plain files: expected, not listed
    os.symlink(subs / "alice", subs / "alias")
    assert not_graded(str(subs)) == [
        (".git", "a hidden folder (its name starts with a dot): grade it with --student .git"),
        (".hidden", "a hidden folder (its name starts with a dot): grade it with --student .hidden"),
        ("alias", "a symbolic link to a folder: links are never followed")]
    status, text = run_grade(pack_dir, str(subs), tmp_path / "r.txt")
    assert status == 0  # the folders not graded do not fail the class
    assert text.endswith("\nnot graded:\n  .git: a hidden folder (its name starts with a dot): grade it with "
                         "--student .git\n  .hidden: a hidden folder (its name starts with a dot): grade it "
                         "with --student .hidden\n  alias: a symbolic link to a folder: links are never followed\n")
    status, data = grade_json(pack_dir, str(subs), tmp_path / "r.json")
    assert [s["student"] for s in data["students"]] == ["alice"]
    assert "shelldojo grade: not graded: .git: a hidden folder" in capsys.readouterr().err
    status, data = grade_json(pack_dir, str(subs), tmp_path / "r.json", "--student", ".hidden")
    assert status == 0 and [s["student"] for s in data["students"]] == [".hidden"]


# ----------------------------------------------------------------------------- a damaged store
def _good_store(path: Path) -> bytes:
    store = ProgressStore(str(path))
    for n in range(60):
        store.save_machine(f"pack{n}", "c", os.urandom(8000))
    store.set_status("first-steps", "where-am-i", "done")
    store.close()
    return path.read_bytes()


def _damage(data: Path, how: str) -> Path:
    data.mkdir(parents=True, exist_ok=True)
    path = data / "progress.sqlite3"
    good = _good_store(data / "good.sqlite3")
    if how == "garbage":
        path.write_bytes(bytes(range(256)) * 40)
    elif how == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif how == "not-a-database":
        path.write_text("these are my notes, not a database\n")
    elif how == "overwritten-middle":
        path.write_bytes(good[:4096 * 3] + b"\xa5" * 4096 * 4 + good[4096 * 7:])
    elif how == "directory":
        path.mkdir()
    return path


DAMAGES = ["garbage", "truncated", "not-a-database", "overwritten-middle", "directory"]


@pytest.mark.parametrize("how", DAMAGES)
def test_list_says_the_store_is_damaged_in_one_line(how: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = _damage(tmp_path / "d", how)
    assert cli_main(["list", "first-steps", "--data-dir", str(tmp_path / "d")]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"shelldojo list: {path}: the progress store is damaged (")
    assert err.endswith("; run shelldojo to start over (it keeps a copy of the damaged file)\n")


def test_list_with_a_sound_store_still_shows_statuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "d").mkdir()
    _good_store(tmp_path / "d" / "progress.sqlite3")
    assert cli_main(["list", "first-steps", "--data-dir", str(tmp_path / "d")]) == 0
    assert "  ✔  1. where-am-i" in capsys.readouterr().out


def _trainer(data: Path, answer: str) -> tuple[int, list[str]]:
    """`shelldojo` (no verb) on `data`, answering the question with `answer`, then Ctrl-D."""
    asked: list[str] = []

    def ask(question: str) -> str:
        asked.append(question)
        return answer

    result: list[int] = []
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text("\x04")  # waits in the pipe until the REPL reads it

        def go() -> None:
            result.append(trainer_main(data_dir=str(data), ask=ask, input=inp, output=DummyOutput(),
                                       stdout=io.BytesIO()))

        t = threading.Thread(target=go, daemon=True)  # the store lives in the REPL's thread
        t.start()
        t.join(30)
        assert not t.is_alive(), "the trainer did not end"
    return result[0], asked


@pytest.mark.parametrize("how", ["garbage", "truncated", "directory"])
def test_trainer_offers_to_start_over_keeping_the_damaged_file(how: str, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d"
    path = _damage(data, how)
    (data / "progress.sqlite3-wal").write_bytes(b"stale wal of the damaged file")
    kept = {n: (data / n).read_bytes() for n in ("progress.sqlite3", "progress.sqlite3-wal") if how != "directory"
            or n.endswith("-wal")}
    status, asked = _trainer(data, "n")
    err = capsys.readouterr().err
    assert status == 1 and len(asked) == 1 and asked[0].endswith("[y/N] ")
    assert f"shelldojo: {path}: the progress store is damaged" in err
    assert "nothing was changed" in err and "Traceback" not in err
    assert {n: (data / n).read_bytes() for n in kept} == kept  # the damaged file and its -wal as they were
    assert not [n for n in os.listdir(data) if "corrupt" in n]

    status, asked = _trainer(data, "y")
    err = capsys.readouterr().err
    assert status == 0 and len(asked) == 1
    backups = [n for n in os.listdir(data) if n.startswith("progress.sqlite3.corrupt-")]
    assert (data / (min(backups) + "-wal")).read_bytes() == b"stale wal of the damaged file"  # kept together
    backup = min(backups)  # the -wal and -shm names extend it
    assert re.fullmatch(r"progress\.sqlite3\.corrupt-\d{8}-\d{6}", backup)
    assert f"the damaged store is kept as {data / backup}; starting over" in err
    fresh = ProgressStore(str(path))  # a sound store, made by the trainer
    assert fresh.current() == ("first-steps", "where-am-i")
    fresh.close()


# ----------------------------------------------------------------------------- dojo cheat --export
def test_export_resolves_against_the_start_folder_not_the_current_one(tmp_path: Path, monkeypatch) -> None:
    start, elsewhere, home = tmp_path / "start", tmp_path / "elsewhere", tmp_path / "home"
    for d in (start, elsewhere, home):
        d.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(elsewhere)  # the process's cwd moved since the start: the start folder still counts
    exporter = HostExport(str(start))
    assert exporter.resolve("notes/cheat.md") == str(start / "notes" / "cheat.md")
    assert exporter.resolve("../x.md") == str(tmp_path / "x.md")
    assert exporter.resolve("~/cheat.md") == str(home / "cheat.md")
    assert exporter.resolve("/abs/c.md") == "/abs/c.md"
    with pytest.raises(ValueError, match="the folder you started shelldojo in is gone"):
        HostExport(None).resolve("c.md")


def test_export_in_the_trainer(tmp_path: Path, monkeypatch) -> None:
    start, home = tmp_path / "start", tmp_path / "home"
    start.mkdir()
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    (start / "kept.md").write_text("my own notes\n")
    run = drive(tmp_path / "d", [
        "pwd\r", "cd /tmp\r",                                 # the simulated cwd is not the host's
        "dojo cheat --export cheat.md\r",                     # relative: in the start folder
        "dojo cheat --export ~/home-cheat.md\r",              # ~ (expanded by the simulated shell)
        "dojo cheat --export=~/eq.md\r",                      # ~ left alone by the shell
        "dojo cheat --export kept.md\r", "n\r",               # exists: asks, no -> unchanged
        "dojo cheat --export cheat.md --force\r",             # --force: no question
        "dojo cheat --export kept.md\r", "y\r",               # yes -> replaced
        "dojo cheat --export nowhere/x.md; echo st=$?\r",
        "dojo cheat --export /tmp; echo st=$?\r",
        "dojo cheat --force; echo st=$?\r",
    ], start_dir=str(start))
    screen = run.screen
    said = " ".join(screen.split())   # wrapped to the terminal's width
    assert f"Your cheat sheet (1 card) is in {start / 'cheat.md'} on your real computer." in said
    assert f"is in {home / 'home-cheat.md'} on your real computer (~ is your own home folder there)." in said
    assert (home / "home-cheat.md").read_text().startswith("# My shelldojo cheat sheet\n")
    assert (home / "eq.md").exists()
    assert not os.path.exists("/home/learner/home-cheat.md")
    assert f"Nothing was written: {start / 'kept.md'} is unchanged." in said
    assert said.count(f"is in {start / 'cheat.md'} on your real computer.") == 2
    assert (start / "kept.md").read_text().startswith("# My shelldojo cheat sheet\n")
    assert (f"dojo cheat: {start / 'nowhere' / 'x.md'}: No such file or directory (on your computer, "
            "not in the simulated machine) st=1") in said
    assert "dojo cheat: /tmp: Is a directory (on your computer, not in the simulated machine) st=1" in said
    assert "dojo cheat: --force goes with --export FILE\n" in screen
    assert sorted(os.listdir(start)) == ["cheat.md", "kept.md"]


def test_export_without_a_terminal_never_overwrites(tmp_path: Path) -> None:
    from shelldojo.challenges.progress import CardRow
    from shelldojo.shell.repl.dojo import _export

    target = tmp_path / "c.md"
    target.write_text("keep me\n")
    errs: list[str] = []
    outs: list[str] = []

    class Ctx:
        env: ClassVar[dict[str, str]] = {"HOME": "/home/learner"}
        terminal = None
        columns = 200   # wide: the message is asserted on one line
        err = errs.append
        out = outs.append

    class T:
        export = HostExport(str(tmp_path))

    card = CardRow("pwd", "print the working directory", ("pwd",), "p", "c")
    assert _export(T(), Ctx(), "c.md", False, [card]) == 1  # type: ignore[arg-type]
    assert errs == [f"dojo cheat: {target} already exists on your computer: add --force to replace it\n"]
    assert target.read_text() == "keep me\n"
    assert _export(T(), Ctx(), "c.md", True, [card]) == 0  # type: ignore[arg-type]
    assert "## `pwd`" in target.read_text()


def test_help_says_where_the_export_goes(tmp_path: Path) -> None:
    from shelldojo.shell.repl.trainer_view import HELP

    assert "on your real computer" in HELP and "folder you started shelldojo in" in HELP
    assert "~" in HELP and "--force" in HELP


# ----------------------------------------------------------------------------- OS caps on workers
def test_a_worker_over_its_address_space_fails_that_answer_alone(pack_dir: str, tmp_path: Path,
                                                                 monkeypatch) -> None:
    real = grader_pool.grade_one

    def greedy(challenge, student, answer, timeout, recheck=False):  # what no shell limit sees
        if student == "greedy" and challenge.id == "make-dir":
            blob = bytearray(64 * 1024 ** 3)
            return blob
        if student == "creeper" and challenge.id == "make-dir":
            chunks = [b"x" * (16 * 1024 * 1024) for _ in range(400)]  # 6.4 GB, 16 MB at a time
            return chunks
        return real(challenge, student, answer, timeout, recheck)
    monkeypatch.setattr(grader_pool, "grade_one", greedy)
    subs = submit(tmp_path, {n: GOOD for n in ("alice", "creeper", "greedy", "zed")})
    _status, data = grade_json(pack_dir, subs, tmp_path / "r.json")
    for name in ("greedy", "creeper"):
        o = outcome(data, name, "make-dir")
        assert o["error"] == worker_limits.memory_message() and o["points"] == 0, (name, o)
        assert "MiB" in o["error"] and "internal error" not in o["error"]
        assert outcome(data, name, "count-lines")["passed"] and outcome(data, name, "order-dir")["passed"]
    for name in ("alice", "zed"):
        assert all(c["passed"] for c in next(s for s in data["students"] if s["student"] == name)["challenges"])


def test_workers_write_no_host_file(pack_dir: str, tmp_path: Path, monkeypatch) -> None:
    real = grader_pool.grade_one
    target = tmp_path / "leak.txt"

    def leaky(challenge, student, answer, timeout, recheck=False):
        if student == "leaky" and challenge.id == "make-dir":
            with open(target, "w") as f:  # a gap in the sandbox, simulated
                f.write("escaped")
        return real(challenge, student, answer, timeout, recheck)
    monkeypatch.setattr(grader_pool, "grade_one", leaky)
    subs = submit(tmp_path, {"leaky": GOOD})
    _status, data = grade_json(pack_dir, subs, tmp_path / "r.json")  # the parent still writes its report
    assert "File too large" in outcome(data, "leaky", "make-dir")["error"]
    assert not target.exists() or target.read_bytes() == b""


HOGS = {
    "awk": "awk 'BEGIN{s=\"x\"; while(1) s=s s}'\n",
    "head": "x=$(head -c 300000000 /dev/zero | tr '\\0' a)\n",
    "concat": "s=x; while :; do s=$s$s; done\n",
}


def test_hostile_answers_fail_with_a_message_and_the_grader_stays_small(pack_dir: str, tmp_path: Path) -> None:
    students: dict[str, dict[str, str | bytes]] = {n: {"make-dir.sh": a} for n, a in HOGS.items()}
    students["good"] = GOOD
    subs = submit(tmp_path, students)
    result = run_cli("grade", pack_dir, "--submissions", subs, "--format", "json", "--jobs", "2",
                     "--timeout", "4", cwd=str(ROOT))
    data = json.loads(result.stdout)
    for name in HOGS:
        o = outcome(data, name, "make-dir")
        assert not o["passed"] and re.search(r"limit|memory", o["error"] or ""), (name, o)
    assert all(c["passed"] for c in next(s for s in data["students"] if s["student"] == "good")["challenges"])
    assert b"Traceback" not in result.stderr
    # the peak of the grading process and of its largest worker (wait4 counts reaped children)
    assert result.peak_mb <= BUDGET_MB + BASE_RSS_MB + worker_limits.MARGIN / 2 ** 20, result.peak_mb


def test_worker_limits_are_set_in_a_forked_child() -> None:
    code = (f"import resource, sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from challenges import worker_limits\n"
            "ceiling = worker_limits.apply()\n"
            "print(resource.getrlimit(resource.RLIMIT_AS)[0], resource.getrlimit(resource.RLIMIT_FSIZE)[0],"
            " resource.getrlimit(resource.RLIMIT_CORE)[0], ceiling)\n"
            "worker_limits.cpu_backstop(10)\n"
            "print(resource.getrlimit(resource.RLIMIT_CPU)[0])\n")
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    first, second = out.stdout.splitlines()
    as_cap, fsize, core, ceiling = (int(x) for x in first.split())
    assert fsize == 0 and core == 0
    assert 0 < as_cap < 16 * 1024 ** 3 and 0 < ceiling < 1024 ** 3
    assert 20 <= int(second) <= 40


def test_sqlite_errors_other_than_damage_are_not_called_damage(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    ProgressStore(str(path)).close()
    locker = sqlite3.connect(str(path), isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    store = ProgressStore.__new__(ProgressStore)  # the constructor would wait 10 s for the lock
    store.path = str(path)
    store.db = sqlite3.connect(str(path), timeout=0.0, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):  # not StoreDamaged: nothing to set aside
            store._open()
    finally:
        store.db.close()
        locker.execute("ROLLBACK")
        locker.close()
