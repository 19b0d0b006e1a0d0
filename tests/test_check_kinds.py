"""One table of check kinds (challenges/check_kinds.py) read by the loader, the checker, validate and
the grader; package state through the package database; the trainer speaking in data; no import
circle between the grader and its pool."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from shelldojo.challenges import check_kinds
from shelldojo.challenges.check_kinds import KINDS, CheckKind, Option
from shelldojo.challenges.checks import Observation, evaluate, run_check
from shelldojo.challenges.loader import load_challenge, load_pack
from shelldojo.challenges.model import Check, PackError
from shelldojo.challenges.progress import ProgressStore
from shelldojo.challenges.setup import prepare, run_as
from shelldojo.challenges.trainer import Progress, Trainer, Turn
from shelldojo.filesystem import ROOT, acting_as
from shelldojo.shell.packages.db import Database
from shelldojo.shell.repl import trainer_view
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, NullInput

ROOT_DIR = Path(__file__).resolve().parent.parent
FIRST = ROOT_DIR / "challenges" / "packs" / "01-first-steps"
HEAD = 'id = "c"\ntitle = "t"\ngoal = "g"\nhints = ["h"]\n\n[[checks]]\ndir = "ok"\nmessage = "m"\n\n[[checks]]\n'
TAIL = '\n\n[solution]\nscript = "true"\n'
ALL = ", ".join(KINDS)


def _write(tmp_path: Path, check: str) -> str:
    path = tmp_path / "c.toml"
    path.write_text(HEAD + check + TAIL)
    return str(path)


def _error(tmp_path: Path, check: str) -> str:
    with pytest.raises(PackError) as info:
        load_challenge(_write(tmp_path, check))
    return str(info.value).replace(str(tmp_path), "D")


# ----------------------------------------------------------------------------- the table
def test_every_kind_is_one_entry_and_the_loader_names_exactly_those() -> None:
    assert list(KINDS) == ["exists", "file", "dir", "missing", "symlink", "content_equals", "content_contains",
                           "content_matches", "line_count", "mode", "owner", "package", "package_missing",
                           "user_exists", "user_missing", "user_in_group", "cwd", "output_contains",
                           "output_equals", "command_used", "script", "service", "process", "process_missing",
                           "jobs", "journal_contains", "http", "sql"]
    for name, kind in KINDS.items():
        assert isinstance(kind, CheckKind) and kind.name == name and callable(kind.judge) and kind.confirms
    assert [k for k, v in KINDS.items() if v.changes_machine] == ["script"]


# the loader's messages, byte for byte as before the table (file, line, key, what was expected)
MESSAGES = [
    ('dir = 3', "D/c.toml:11: checks[1].dir: expected a string"),
    ('dirr = "x"', f"D/c.toml:11: checks[1].dirr: unknown check kind (expected one of: {ALL})"),
    ('message = "m"', f"D/c.toml:10: checks[1]: no check kind: a check has exactly one of: {ALL}"),
    ('dir = "a"\nfile = "b"', (f"D/c.toml:10: checks[1]: several check kinds (dir, file): a check has exactly one "
                              f"of: {ALL}")),
    ('dir = "a"\ntext = "x"', "D/c.toml:12: checks[1].text: unknown key (expected one of: dir, hidden, machine, message)"),
    ('content_equals = "a"', "D/c.toml:10: checks[1].text: missing (a string expected)"),
    ('content_matches = "a"\ntext = "("', ("D/c.toml:12: checks[1].text: not a valid regular expression: missing ), "
                                         "unterminated subpattern at position 0")),
    ('content_contains = "a"\ntext = 3', "D/c.toml:12: checks[1].text: expected a string, got an integer"),
    ('line_count = "a"\ncount = "3"', "D/c.toml:12: checks[1].count: expected an integer, got a string"),
    ('mode = "a"', 'D/c.toml:10: checks[1].is: missing (a mode like "0644" or "-rw-r--r--" expected)'),
    ('mode = "a"\nis = "999"', 'D/c.toml:12: checks[1].is: expected a mode like "0644" or "-rw-r--r--"'),
    ('mode = "a"\nis = 644', ('D/c.toml:12: checks[1].is: expected a mode like "0644" or "-rw-r--r--", got an '
                             'integer')),
    ('owner = "a"\nuser = 3', "D/c.toml:12: checks[1].user: expected a string"),
    ('symlink = "a"\ntarget = 1', "D/c.toml:12: checks[1].target: expected a string"),
    ('user_in_group = "a"', "D/c.toml:10: checks[1].group: missing (a string expected)"),
    ('user_in_group = "a"\ngroup = 2', "D/c.toml:12: checks[1].group: expected a string, got an integer"),
    ('dir = "a"\nmessage = " "', "D/c.toml:12: checks[1].message: must not be empty"),
    ('dir = "a"', "D/c.toml:10: checks[1].message: missing (the message the learner sees while it fails expected)"),
    ('dir = "a"\nmessage = "m"\nhidden = 1', "D/c.toml:13: checks[1].hidden: expected true or false, got an integer"),
    ('package = "tree"\nmessage = "m"\ncount = 3', ("D/c.toml:13: checks[1].count: unknown key (expected one of: "
                                                  "hidden, machine, message, package)")),
    ('bogus = 1\ndir = "a"', "D/c.toml:11: checks[1].bogus: unknown key (expected one of: dir, hidden, machine, message)"),
]


@pytest.mark.parametrize(("check", "message"), MESSAGES)
def test_loader_messages_name_file_line_and_key(tmp_path: Path, check: str, message: str) -> None:
    assert _error(tmp_path, check) == message


def _file_size(check: Check, machine, obs: Observation) -> bool:  # type: ignore[no-untyped-def]
    from shelldojo.challenges.setup import resolve
    return machine.vfs.lstat(resolve(machine, obs.user, check.subject)).st_size == check.options["bytes"]


def test_adding_a_kind_is_adding_one_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new kind in the table is loaded, validated, judged and described with no other change."""
    positive = Option("bytes", int, required=True, verify=lambda n: None if n >= 0 else "expected a size >= 0")
    kinds = dict(KINDS, file_size=CheckKind("file_size", _file_size, "{subject} is {bytes} bytes long", (positive,)))
    monkeypatch.setattr(check_kinds, "KINDS", kinds)
    for module in ("shelldojo.challenges.loader", "shelldojo.challenges.checks", "shelldojo.shell.repl.trainer_view"):
        monkeypatch.setattr(sys.modules[module], "KINDS", kinds)
    assert _error(tmp_path, 'file_size = "notes.txt"\nbytes = -1\nmessage = "m"') == \
        "D/c.toml:12: checks[1].bytes: expected a size >= 0"
    assert "expected one of: exists" in _error(tmp_path, 'file_sise = "x"') and "file_size" in \
        _error(tmp_path, 'file_sise = "x"')
    challenge = load_challenge(_write(tmp_path, 'file_size = "notes.txt"\nbytes = 9\nmessage = "not 9 bytes"'))
    check = challenge.checks[1]
    assert (check.kind, check.subject, check.options, check.line) == ("file_size", "notes.txt", {"bytes": 9}, 11)
    machine = prepare(challenge)
    run_as(machine, "learner", "echo barbacoa > notes.txt", "/home/learner")
    assert run_check(check, machine, Observation()).passed
    run_as(machine, "learner", "echo x >> notes.txt", "/home/learner")
    result = run_check(check, machine, Observation())
    assert not result.passed and result.message == "not 9 bytes"
    assert trainer_view.describe(check) == "notes.txt is 9 bytes long"


DESCRIBED = [("exists", "a", {}, "a exists"), ("line_count", "f", {"count": 3}, "f has 3 lines"),
             ("user_in_group", "bob", {"group": "cooks"}, "bob is in group cooks"),
             ("output_equals", "x", {}, "your last command printed what was asked"),
             ("command_used", "pwd", {}, "you used pwd"), ("script", "true", {}, "done"), ("nonesuch", "x", {}, "done")]


@pytest.mark.parametrize(("kind", "subject", "options", "text"), DESCRIBED)
def test_dojo_check_describes_a_passing_check_from_its_entry(kind: str, subject: str, options: dict,
                                                            text: str) -> None:
    assert trainer_view.describe(Check(kind, subject, "m", options)) == text


def test_an_unknown_kind_does_not_run() -> None:
    machine = prepare(load_pack(str(FIRST)).challenges[0])
    result = run_check(Check("nonesuch", "x", "m"), machine, Observation())
    assert (result.passed, result.error) == (False, "unknown check kind 'nonesuch'")


# ----------------------------------------------------------------------------- packages
def test_package_state_comes_from_the_package_database(monkeypatch: pytest.MonkeyPatch) -> None:
    machine = prepare(load_pack(str(FIRST)).challenges[0])
    installed, missing = Check("package", "figlet", "m"), Check("package_missing", "figlet", "m")
    assert not run_check(installed, machine, Observation()).passed
    asked: list[str] = []

    def spy(self: Database, name: str) -> bool:
        asked.append(name)
        return name == "figlet"

    monkeypatch.setattr(Database, "installed", spy)
    assert run_check(installed, machine, Observation()).passed
    assert not run_check(missing, machine, Observation()).passed
    assert asked == ["figlet", "figlet"]


def test_package_checks_follow_apt(tmp_path: Path) -> None:
    machine = prepare(load_pack(str(FIRST)).challenges[0])
    check = Check("package", "tree", "m")
    assert not run_check(check, machine, Observation()).passed
    status, _out, err = run_as(machine, "root", "apt-get install -y tree", "/root")
    assert status == 0, err
    assert run_check(check, machine, Observation()).passed
    with acting_as(ROOT):  # a damaged status file: not installed, and no traceback
        machine.vfs.write_bytes("/var/lib/dpkg/status", b"\xff\x00garbage\n\n:::\n")
    assert not run_check(check, machine, Observation()).passed


# ----------------------------------------------------------------------------- layers
def test_the_grader_and_its_pool_import_no_circle() -> None:
    sys.path.insert(0, str(ROOT_DIR / "tests"))
    try:
        import test_architecture as arch
    finally:
        sys.path.pop(0)
    circles = [c for c in arch.cycles(arch.graph()) if any(".challenges." in m for m in c)]
    assert circles == []
    assert "shelldojo.challenges.grader" not in arch.graph()["shelldojo.challenges.grader_pool"]


def test_no_presentation_in_challenges() -> None:
    """Styles and prompt_toolkit belong to the REPL (shell/repl/): the trainer answers in data."""
    for path in (ROOT_DIR / "challenges").glob("*.py"):
        text = path.read_text()
        assert not re.search(r"^\s*(from|import) prompt_toolkit", text, re.MULTILINE), path
        assert not re.search(r"class:[a-z]", text), path


# ----------------------------------------------------------------------------- the trainer's data
def _learner_types(trainer: Trainer, line: str) -> tuple[Session, str]:
    out = BufferOutput()
    a = trainer.active
    session = Session(a.machine, user=a.challenge.setup.user, cwd=a.cwd, stdin=NullInput(), stdout=out,
                      stderr=out)
    session.run_source(line + "\n")
    return session, out.getvalue().decode()


def test_the_trainer_answers_in_data(tmp_path: Path) -> None:
    store = ProgressStore.in_data_dir(str(tmp_path))
    try:
        trainer = Trainer(store, [load_pack(str(FIRST))])
        welcome = trainer.welcome_parts()
        assert welcome.first_run and welcome.notice == "" and "Where am I?" == welcome.goal.challenge.title
        progress = trainer.progress()
        assert progress == Progress("Where am I?", 0, 1, False, "You have not asked the terminal where you are yet.")
        session, output = _learner_types(trainer, "echo hi")
        assert trainer.observe(session, "echo hi", 0, output) == Turn()
        session, output = _learner_types(trainer, "pwd")
        turn = trainer.observe(session, "pwd", 0, output)
        assert turn.solved is not None and turn.solved.id == "where-am-i" and turn.has_next and not turn.switched
        assert [c.command for c in turn.cards] == ["pwd"]
        assert trainer.progress() == Progress("Where am I?", 2, 2, True, None)
        trainer.advance()  # `dojo next`: the front end is told once to start a new session
        assert trainer.observe(session, "dojo next", 0, "") == Turn(switched=True)
        assert trainer.observe(session, "true", 0, "") == Turn()
        assert trainer.progress().title == "What is in this kitchen?"
    finally:
        store.close()


def test_the_repl_draws_the_trainer_bar() -> None:
    from shelldojo.shell.repl.toolbar import trainer_toolbar
    bar = trainer_toolbar(Progress("Where am I?", 0, 1, False, "Not yet."))
    assert "".join(t for _s, t in bar) == " Where am I?  0/1 checks   dojo hint   dojo check  \n ✘ Not yet. "
    assert ("class:bottom-toolbar.key", " Where am I? ") in bar
    bar = trainer_toolbar(Progress("Where am I?", 2, 2, True, None))
    assert "".join(t for _s, t in bar) == " Where am I?  2/2 checks   ✔ solved  type dojo next to go on "


def test_evaluate_gives_every_kind_a_verdict_on_the_first_pack() -> None:
    for challenge in load_pack(str(FIRST)).challenges:
        from shelldojo.challenges.variants import instantiate
        inst = instantiate(challenge, "seed")
        results = evaluate(inst, prepare(inst), Observation(cwd="/home/learner"))
        assert len(results) == len(inst.checks) and all(r.error is None for r in results)
        assert not all(r.passed for r in results)
