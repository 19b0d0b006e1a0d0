"""The challenge machinery: loading errors, every check kind, variants, validate, progress."""
from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from shelldojo.challenges.checks import Observation, evaluate, run_check, visible
from shelldojo.challenges.loader import load_challenge, load_pack
from shelldojo.challenges.model import Check, PackError
from shelldojo.challenges.progress import ProgressStore
from shelldojo.challenges.replay import command_lines, replay
from shelldojo.challenges.setup import prepare, run_as, start_cwd
from shelldojo.challenges.validate import validate
from shelldojo.challenges.variants import instantiate

GOOD = """\
id = "order-tree"
title = "A home for orders"
goal = "Create restaurants/CMG/CHI/LP/orders."
hints = ["mkdir can make parents", "mkdir -p"]

[[cards]]
command = "mkdir -p"
meaning = "make a directory and its parents"
examples = ["mkdir -p a/b/c"]

[setup]
dirs = ["restaurants"]

[[checks]]
dir = "restaurants/CMG/CHI/LP/orders"
message = "restaurants/CMG/CHI/LP/orders does not exist yet."

[solution]
script = "mkdir -p restaurants/CMG/CHI/LP/orders"
"""


def write_pack(tmp: Path, challenge: str = GOOD, cid: str = "order-tree") -> Path:
    folder = tmp / "demo"
    folder.mkdir(exist_ok=True)
    (folder / "pack.toml").write_text(f'id = "demo"\ntitle = "Demo"\nchallenges = ["{cid}"]\n')
    (folder / f"{cid}.toml").write_text(challenge)
    return folder


def test_good_pack_loads(tmp_path: Path) -> None:
    pack = load_pack(str(write_pack(tmp_path)))
    c = pack.challenges[0]
    assert (pack.id, c.id, c.teaches, c.checks[0].kind, c.checks[0].line) == (
        "demo", "order-tree", ("mkdir -p",), "dir", 15)


@pytest.mark.parametrize(("change", "expected"), [
    (("dir = ", "dri = "), ":15: checks[0].dri: unknown check kind"),
    (('hints = ["mkdir can make parents", "mkdir -p"]', 'hints = "x"'), ":4: hints: expected a list of strings"),
    (('title = "A home for orders"\n', ""), ": title: missing (a string expected)"),
    (("[setup]\n", "[setup]\ncolour = 1\n"), ":12: setup.colour: unknown key"),
    (('message = "restaurants/CMG/CHI/LP/orders does not exist yet."', ""), "checks[0].message: missing"),
    (('id = "order-tree"', 'id = "Order Tree"'), ":1: id: expected lowercase letters"),
    (("[solution]", "[answer]"), ":18: answer: unknown key"),
    (('dirs = ["restaurants"]', 'dirs = ["restaurants"\n'), "invalid TOML"),
    (('message = "restaurants', 'mode = "x"\nmessage = "restaurants'), "several check kinds"),
])
def test_loading_errors_name_file_line_and_key(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    folder = write_pack(tmp_path, GOOD.replace(*change))
    with pytest.raises(PackError) as info:
        load_pack(str(folder))
    assert str(info.value).startswith(str(folder / "order-tree.toml"))
    assert expected in str(info.value)


def test_pack_errors(tmp_path: Path) -> None:
    folder = write_pack(tmp_path)
    (folder / "pack.toml").write_text('id = "demo"\ntitle = "Demo"\nchallenges = ["nope"]\n')
    with pytest.raises(PackError, match="challenge 'nope' has no file nope.toml"):
        load_pack(str(folder))
    (folder / "pack.toml").write_text('id = "demo"\ntitle = "Demo"\nchallenges = ["order-tree", "order-tree"]\n')
    with pytest.raises(PackError, match="listed twice"):
        load_pack(str(folder))


def _challenge(tmp_path: Path) -> object:
    return load_challenge(str(write_pack(tmp_path) / "order-tree.toml"))


CHECKS = [
    ("exists", "notes.txt", {}, True), ("exists", "nothere", {}, False),
    ("file", "notes.txt", {}, True), ("file", "d", {}, False),
    ("dir", "d", {}, True), ("dir", "notes.txt", {}, False),
    ("missing", "nothere", {}, True), ("missing", "notes.txt", {}, False),
    ("symlink", "link", {"target": "notes.txt"}, True), ("symlink", "link", {"target": "x"}, False),
    ("content_equals", "notes.txt", {"text": "barbacoa\nsofritas"}, True),
    ("content_equals", "notes.txt", {"text": "barbacoa"}, False),
    ("content_contains", "notes.txt", {"text": "sofritas"}, True),
    ("content_contains", "notes.txt", {"text": "steak"}, False),
    ("content_matches", "notes.txt", {"text": "^sof"}, True),
    ("content_matches", "notes.txt", {"text": "^x"}, False),
    ("line_count", "notes.txt", {"count": 2}, True), ("line_count", "notes.txt", {"count": 3}, False),
    ("mode", "notes.txt", {"is": "0640"}, True), ("mode", "notes.txt", {"is": "-rw-r-----"}, True),
    ("mode", "notes.txt", {"is": "0644"}, False),
    ("owner", "notes.txt", {"user": "learner", "group": "learner"}, True),
    ("owner", "/etc/passwd", {"user": "learner"}, False),
    ("package", "coreutils", {}, None), ("package_missing", "tree", {}, True),
    ("user_exists", "learner", {}, True), ("user_exists", "bob", {}, False),
    ("user_missing", "bob", {}, True), ("user_in_group", "learner", {"group": "sudo"}, True),
    ("user_in_group", "learner", {"group": "root"}, False),
    ("cwd", "d", {}, True), ("cwd", "~", {}, False),
    ("output_contains", "bar", {}, True), ("output_contains", "steak", {}, False),
    ("output_equals", "barbacoa", {}, True), ("output_equals", "bar", {}, False),
    ("command_used", "cat", {}, True), ("command_used", "ls", {}, False),
    ("script", "test -f notes.txt && grep -q sofritas notes.txt", {}, True),
    ("script", "rm notes.txt; false", {}, False),
]


@pytest.mark.parametrize(("kind", "subject", "options", "passes"), CHECKS)
def test_check_kinds(tmp_path: Path, kind: str, subject: str, options: dict, passes: bool | None) -> None:
    machine = prepare(_challenge(tmp_path))  # type: ignore[arg-type]
    run_as(machine, "learner", "printf 'barbacoa\\nsofritas\\n' > notes.txt; chmod 640 notes.txt; mkdir d; "
                               "ln -s notes.txt link", "/home/learner")
    obs = Observation(cwd="/home/learner/d", output="barbacoa\n", commands=["cat", "grep"])
    result = run_check(Check(kind, subject, "msg", options), machine, obs)
    if passes is None:  # depends on the base image's dpkg status
        return
    assert result.passed is passes, result
    assert machine.vfs.exists("/home/learner/notes.txt")  # script checks ran on a copy


def test_hidden_checks_and_messages() -> None:
    a, b = Check("exists", "a", "make a", {}), Check("exists", "b", "now b", {}, hidden=True)
    from shelldojo.challenges.checks import CheckResult
    assert [r.check for r in visible([CheckResult(a, False), CheckResult(b, False)])] == [a]
    assert [r.check for r in visible([CheckResult(a, True), CheckResult(b, False)])] == [a, b]
    assert CheckResult(b, False).message == "now b" and CheckResult(b, True).message == ""


def test_replay_and_solution(tmp_path: Path) -> None:
    challenge = _challenge(tmp_path)
    machine = prepare(challenge)  # type: ignore[arg-type]
    assert [r.passed for r in evaluate(challenge, machine, Observation(cwd=start_cwd(machine, challenge.setup)))] \
        == [False]  # type: ignore[union-attr, arg-type]
    obs, _ = replay(machine, challenge, challenge.solution + "\ncd restaurants\npwd")  # type: ignore[union-attr, arg-type]
    assert obs.output == "/home/learner/restaurants\n" and obs.cwd == "/home/learner/restaurants"
    assert obs.commands == ["mkdir", "cd", "pwd"]
    assert command_lines("for x in a b; do\n echo $x\ndone\necho end") == ["for x in a b; do\n echo $x\ndone", "echo end"]


def test_variants_are_seeded(tmp_path: Path) -> None:
    text = GOOD.replace("[setup]", '[variables]\norder = ["A127B", "B311C", "C042D", "D555E"]\n\n[setup]') \
        .replace("LP/orders", "LP/orders/{{order}}")
    challenge = load_challenge(str(write_pack(tmp_path, text) / "order-tree.toml"))
    seen = {instantiate(challenge, f"student{i}").checks[0].subject for i in range(20)}
    assert len(seen) > 1 and all("{{" not in s for s in seen)
    assert instantiate(challenge, "ann").solution == instantiate(challenge, "ann").solution


def test_validate_reports_problems(tmp_path: Path) -> None:
    assert validate([str(write_pack(tmp_path))]).problems == []
    trivial = GOOD.replace('dir = "restaurants/CMG/CHI/LP/orders"', 'dir = "restaurants"')
    problems = validate([str(write_pack(tmp_path, trivial))]).problems
    assert any("already passes before the learner" in p for p in problems)
    wrong = GOOD.replace('script = "mkdir -p restaurants/CMG/CHI/LP/orders"', 'script = "mkdir restaurants/x"')
    problems = validate([str(write_pack(tmp_path, wrong))]).problems
    assert any(":15: the reference solution fails the check dir" in p for p in problems)


def test_progress_store_roundtrip(tmp_path: Path) -> None:
    store = ProgressStore(str(tmp_path / "p.sqlite3"))
    store.set_status("demo", "order-tree", "done")
    assert store.use_hint("demo", "x") == 1 and store.use_hint("demo", "x") == 2
    store.set_current("demo", "x")
    store.save_machine("demo", "x", b"tar")
    assert store.unlock_card("ls", "list", ("ls -l",), "demo", "x")
    assert not store.unlock_card("ls", "list", ("ls -l",), "demo", "x")
    store.close()
    again = ProgressStore(str(tmp_path / "p.sqlite3"))
    assert again.status("demo", "order-tree") == "done" and again.current() == ("demo", "x")
    assert again.load_machine("demo") == ("x", b"tar") and [c.command for c in again.cards()] == ["ls"]


def _writer(path: str) -> None:
    store = ProgressStore(path)
    i = 0
    while True:  # killed by the parent at a random moment
        store.set_status("demo", f"c{i}", "done")
        store.save_machine("demo", f"c{i}", os.urandom(20_000))
        i += 1


def test_killing_the_writer_loses_nothing_acknowledged(tmp_path: Path) -> None:
    path = str(tmp_path / "p.sqlite3")
    ProgressStore(path).close()
    ctx = multiprocessing.get_context("fork")
    for _ in range(3):
        proc = ctx.Process(target=_writer, args=(path,))
        proc.start()
        proc.join(0.3)
        proc.kill()
        proc.join()
        store = ProgressStore(path)  # reopens cleanly; every committed row is intact
        done = store.statuses("demo")
        assert all(v == "done" for v in done.values())
        saved = store.load_machine("demo")
        assert saved is None or len(saved[1]) == 20_000
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        store.close()


def test_two_stores_at_once(tmp_path: Path) -> None:
    a, b = ProgressStore(str(tmp_path / "p.sqlite3")), ProgressStore(str(tmp_path / "p.sqlite3"))
    for i in range(50):
        a.set_status("p", f"a{i}", "done")
        b.set_status("p", f"b{i}", "done")
    assert len(a.statuses("p")) == 100


