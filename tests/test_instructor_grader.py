"""Issue 13, items 13, 15, 16, 17, 19: an instructor plays their own pack (--pack, the data dir's
packs/), --no-timing in every format, a linked answer is refused, the replayed transcripts, and
README's set-up command installs no test tools."""
from __future__ import annotations

import io
import os
import re
import subprocess
import threading
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from shelldojo.challenges import grade_report
from shelldojo.challenges.grade_task import MAX_STEP_BYTES, MAX_TRANSCRIPT_BYTES, TRUNCATED
from shelldojo.challenges.grader import Rejected, not_graded, read_submissions
from shelldojo.challenges.listing import main as list_main
from shelldojo.challenges.loader import load_pack
from shelldojo.challenges.trainer import strip_ansi
from shelldojo.challenges.variants import instantiate
from shelldojo.shell.cli import main as cli_main
from shelldojo.shell.repl.trainer_app import main as trainer_main

from tests.test_grader import GOOD, grade_json, make_pack, outcome, run_grade, submit

ROOT = Path(__file__).resolve().parent.parent

MY_PACK = '''id = "mypack"
title = "My own pack"
challenges = ["make-note", "name-file"]
'''
MAKE_NOTE = '''id = "make-note"
title = "A first note"
goal = "Create the file note.txt in your home."
hints = ["touch creates an empty file."]

[[checks]]
file = "note.txt"
message = "There is no note.txt in your home yet."

[solution]
script = "touch note.txt"
'''
NAME_FILE = '''id = "name-file"
title = "A named file"
goal = "Create the file {{who}}-{{num}}.txt in your home."
hints = ["touch makes it."]

[variables]
who = ["ada", "bob", "cyd", "dee", "eve", "fay", "gus", "hal", "ivy", "jon"]
num = { range = [100, 999] }

[[checks]]
file = "{{who}}-{{num}}.txt"
message = "{{who}}-{{num}}.txt does not exist yet."

[solution]
script = "touch {{who}}-{{num}}.txt"
'''


def my_pack(where: Path, pack_id: str = "mypack") -> Path:
    where.mkdir(parents=True)
    (where / "pack.toml").write_text(MY_PACK.replace('"mypack"', f'"{pack_id}"'))
    (where / "make-note.toml").write_text(MAKE_NOTE)
    (where / "name-file.toml").write_text(NAME_FILE)
    return where


def play(data: Path, lines: list[str], **kw: object) -> tuple[int, str]:
    """`shelldojo [--pack DIR] [--student NAME]` on `data`: the lines typed ahead, then Ctrl-D."""
    out = io.BytesIO()
    result: list[int] = []
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text("".join(line + "\r" for line in lines) + "\x04")  # read as the REPL asks for it

        def go() -> None:
            result.append(trainer_main(data_dir=str(data), input=inp, output=DummyOutput(), stdout=out, **kw))

        t = threading.Thread(target=go, daemon=True)  # the store lives in the REPL's thread
        t.start()
        t.join(120)
        assert not t.is_alive(), "the trainer did not end"
    return result[0], strip_ansi(out.getvalue().decode("utf-8", "replace"))


# ----------------------------------------------------------------------------- item 13
def test_pack_dropped_in_the_data_dir_appears_in_dojo_list(tmp_path: Path) -> None:
    data = tmp_path / "data"
    my_pack(data / "packs" / "mine")
    status, screen = play(data, ["dojo list mypack", "dojo start mypack/make-note"])
    assert status == 0
    assert "no such pack" not in screen and "no such challenge" not in screen
    assert "make-note" in screen and "name-file" in screen
    assert "A first note" in screen  # dojo start showed its goal card
    assert "Create the file note.txt in your home." in screen


def test_shelldojo_list_shows_packs_of_the_data_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    my_pack(data / "packs" / "mine")
    (data / "packs" / "broken").mkdir()
    (data / "packs" / "broken" / "pack.toml").write_text("id = 3\n")
    assert list_main(None, None, data_dir=str(data)) == 0
    captured = capsys.readouterr()
    assert "mypack: My own pack" in captured.out and "first-steps: " in captured.out
    assert f"shelldojo: pack left out: {data}/packs/broken/pack.toml:1: id: expected a string" in captured.err


def test_pack_flag_starts_in_the_pack_with_the_students_variant(tmp_path: Path) -> None:
    pack_dir = my_pack(tmp_path / "authoring" / "mypack")
    status, screen = play(tmp_path / "data", ["dojo start mypack/name-file"], packs=[str(pack_dir)],
                          student="alice")
    assert status == 0
    assert "A first note" in screen  # --pack: the trainer starts in that pack, not in first-steps
    challenge = load_pack(str(pack_dir)).challenge("name-file")
    assert challenge is not None
    mine = instantiate(challenge, "alice").goal
    assert mine in screen  # the very file name the grader will ask alice for
    assert instantiate(challenge, "bob").goal != mine


def test_pack_flag_is_repeatable_and_a_broken_pack_leaves_the_others(tmp_path: Path) -> None:
    good = my_pack(tmp_path / "one")
    other = my_pack(tmp_path / "two", "otherpack")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pack.toml").write_text('id = "broken"\ntitle = "Broken"\nchallenges = ["nothing-here"]\n')
    status, screen = play(tmp_path / "data", ["dojo list otherpack"],
                          packs=[str(broken), str(good), str(other)])
    assert status == 0
    # validate's own message for the broken pack, then the trainer as usual
    assert (f"shelldojo: pack left out: {broken}/pack.toml:3: challenges: challenge 'nothing-here' has no "
            "file nothing-here.toml") in " ".join(screen.split())  # however the notice is wrapped
    assert "A first note" in screen and "otherpack" in screen and "no such pack" not in screen


def test_cli_passes_repeated_pack_options_to_the_trainer(monkeypatch: pytest.MonkeyPatch) -> None:
    from shelldojo.shell.repl import trainer_app

    seen: dict[str, object] = {}
    monkeypatch.setattr(trainer_app, "main", lambda **kw: seen.update(kw) or 0)
    assert cli_main(["--pack", "one", "--student", "alice", "--pack", "two"]) == 0
    assert seen["packs"] == ["one", "two"] and seen["student"] == "alice"


def test_authoring_says_how_to_play_a_pack() -> None:
    text = (ROOT / "challenges" / "AUTHORING.md").read_text()
    assert "shelldojo --pack my-pack" in text and "packs/" in text


# ----------------------------------------------------------------------------- item 15
@pytest.mark.parametrize("fmt", ["json", "junit", "text", "classroom"])
def test_no_timing_makes_every_format_byte_identical(fmt: str, tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    subs = submit(tmp_path, {"alice": GOOD, "bob": {"make-dir.sh": "sleep 0.05\nmkdir kitchn\n"}})
    _, first = run_grade(pack, subs, tmp_path / "a", "--format", fmt, "--no-timing")
    _, second = run_grade(pack, subs, tmp_path / "b", "--format", fmt, "--no-timing", "--jobs", "1")
    assert first and first == second
    assert set(re.findall(r'time="([^"]*)"', first)) <= {"0.000"}
    assert set(re.findall(r'"execution_time": "([^"]*)"', first)) <= {"0.00s"}
    assert set(re.findall(r'"duration": ([^,\n]*)', first)) <= {"0"}


# ----------------------------------------------------------------------------- item 16
def test_a_linked_answer_is_refused_not_missing(tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    subs = Path(submit(tmp_path, {"mallory": {"count-lines.sh": GOOD["count-lines.sh"]}}))
    (tmp_path / "elsewhere.sh").write_text("mkdir kitchen\n")
    os.symlink(tmp_path / "elsewhere.sh", subs / "mallory" / "make-dir.sh")
    os.mkfifo(subs / "mallory" / "order-dir.sh")  # would block a reader: refused unread
    found = read_submissions(str(subs), load_pack(pack))
    assert found["mallory"]["make-dir"] == Rejected("refused: symbolic link")
    assert found["mallory"]["order-dir"] == Rejected("refused: not a regular file")
    status, data = grade_json(pack, str(subs), tmp_path / "r.json")
    assert status == 1
    assert outcome(data, "mallory", "make-dir")["error"] == "refused: symbolic link"
    assert outcome(data, "mallory", "count-lines")["passed"] is True
    _, text = run_grade(pack, str(subs), tmp_path / "r.txt")
    assert "mallory / make-dir: refused: symbolic link" in text


def test_a_linked_recorded_session_is_listed_as_not_graded(tmp_path: Path) -> None:
    subs = Path(submit(tmp_path, {"alice": GOOD}))
    (tmp_path / "s.jsonl").write_text("{}\n")
    os.symlink(tmp_path / "s.jsonl", subs / "alice" / "session.jsonl")
    why = "a recorded session that is a symbolic link: links are never followed"
    assert not_graded(str(subs)) == [("alice/session.jsonl", why)]
    assert not_graded(str(subs), "alice") == [("alice/session.jsonl", why)]


# ----------------------------------------------------------------------------- item 17
def test_json_report_holds_each_replayed_command_and_its_output(tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    subs = submit(tmp_path, {"bob": {"count-lines.sh": "cd ~\nwc -l orders.txt\nls nowhere\nfor i in 1 2\ndo echo $i\ndone\n"}})
    _, data = grade_json(pack, subs, tmp_path / "r.json")
    steps = outcome(data, "bob", "count-lines")["transcript"]
    assert steps == [
        {"command": "cd ~", "status": 0, "output": ""},
        {"command": "wc -l orders.txt", "status": 0, "output": "3 orders.txt\n"},
        {"command": "ls nowhere", "status": 2,
         "output": "ls: cannot access 'nowhere': No such file or directory\n"},
        {"command": "for i in 1 2\ndo echo $i\ndone", "status": 0, "output": "1\n2\n"}]
    assert outcome(data, "bob", "count-lines")["transcript_omitted"] == 0
    assert outcome(data, "bob", "make-dir")["transcript"] == []  # no answer: nothing ran


def test_transcripts_are_bounded(tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    flood = "head -c 100000 /dev/zero | tr '\\0' x\n"
    many = "".join(f"head -c 3000 /dev/zero | tr '\\0' {n % 10}\n" for n in range(60))
    subs = submit(tmp_path, {"eve": {"make-dir.sh": flood, "count-lines.sh": many}})
    _, data = grade_json(pack, subs, tmp_path / "r.json")
    (step,) = outcome(data, "eve", "make-dir")["transcript"]
    assert step["output"] == "x" * MAX_STEP_BYTES + TRUNCATED
    long = outcome(data, "eve", "count-lines")
    size = sum(len(s["command"]) + len(s["output"].encode()) for s in long["transcript"])
    assert MAX_TRANSCRIPT_BYTES <= size <= MAX_TRANSCRIPT_BYTES + 2 * MAX_STEP_BYTES
    assert long["transcript_omitted"] == 60 - len(long["transcript"]) > 0


def test_transcripts_folder_one_file_per_student(tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    odd = ".hid\x1b[31mden"
    subs = submit(tmp_path, {"alice": GOOD, "bob": {"make-dir.sh": "mkdir kitchn\nprintf '\\033[2J'\n"}})
    (Path(subs) / odd).mkdir()
    (Path(subs) / odd / "make-dir.sh").write_text("mkdir kitchen\n")
    out = tmp_path / "transcripts"
    status, _ = run_grade(pack, subs, tmp_path / "r.txt", "--transcripts", str(out))
    assert status == 1
    assert sorted(os.listdir(out)) == ["alice.txt", "bob.txt"]
    bob = (out / "bob.txt").read_text()
    assert bob.startswith("student: bob\npack: gradetest\nscore: 0/5\n")
    assert ("== make-dir: not passed (0/3) ==\nwhy: There is no kitchen folder yet.\n$ mkdir kitchn\n"
            "$ printf '\\033[2J'\n\\x1b[2J\n") in bob  # what the answer printed, escaped
    assert "== count-lines: not passed (0/1) ==\nwhy: no answer submitted\n" in bob
    assert "$ wc -l orders.txt\n3 orders.txt\n" in (out / "alice.txt").read_text()
    # a hidden student graded by name: its file is visible, its name escaped
    status, _ = run_grade(pack, subs, tmp_path / "r2.txt", "--student", odd, "--transcripts", str(out))
    assert "%2Ehid%1B%5B31mden.txt" in os.listdir(out)


def test_transcript_file_names_are_safe() -> None:
    assert grade_report.file_name("alice") == "alice"
    assert grade_report.file_name("..") == "%2E."
    assert grade_report.file_name("a/b c%") == "a%2Fb%20c%25"
    assert grade_report.file_name("z\udcff") == "z%FF"  # a byte that was not UTF-8
    long = grade_report.file_name("é" * 300)
    assert len(long) <= 200 and long != grade_report.file_name("é" * 301)


def test_transcripts_never_write_through_a_link(tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    subs = submit(tmp_path, {"alice": GOOD})
    out = tmp_path / "t"
    out.mkdir()
    target = tmp_path / "precious"
    target.write_text("keep me\n")
    os.symlink(target, out / "alice.txt")
    status = cli_main(["grade", pack, "--submissions", subs, "--transcripts", str(out), "--output",
                       str(tmp_path / "r.txt")])
    assert status == 2
    assert target.read_text() == "keep me\n"


# ----------------------------------------------------------------------------- item 19
def _readme_block(marker: str) -> str:
    """The README block as .ci/run extracts it (its own `block` function)."""
    run = (ROOT / ".ci" / "run").read_text()
    func = re.search(r"^block\(\) \{.*?^\}", run, re.MULTILINE | re.DOTALL)
    assert func
    return subprocess.run(["bash", "-c", f"{func.group()}\nblock {marker}"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout


def test_setup_command_installs_only_what_running_needs() -> None:
    setup, tests = _readme_block("setup-command"), _readme_block("test-command")
    assert "pip install" in setup and "[test]" not in setup and "pytest" not in setup
    install, _, run = tests.partition("&&")
    assert "pip install" in install and "'.[test]'" in install and "pytest" in run
    extra = re.search(r"^test = \[(.*)\]$", (ROOT / "pyproject.toml").read_text(), re.MULTILINE)
    assert extra and "pytest" in extra.group(1)


def test_a_first_run_with_pack_is_welcomed_as_a_first_run(tmp_path: Path) -> None:
    # --pack chooses where to start before the trainer looks: it is still the learner's first time
    pack_dir = my_pack(tmp_path / "authoring" / "mypack")
    _status, screen = play(tmp_path / "data", ["true"], packs=[str(pack_dir)])
    assert "Welcome to the shelldojo trainer" in screen and "Welcome back" not in screen
    _status, screen = play(tmp_path / "data", ["true"], packs=[str(pack_dir)])
    assert "Welcome back" in screen
