"""The class store (challenges/stores.py): one suite run against SQLite and a real PostgreSQL
server (started here, in a temp folder; skipped with the reason when PostgreSQL is not installed)."""
from __future__ import annotations

import inspect
import io
import itertools
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shelldojo.shell.serve.pgstore  # noqa: F401 - registers postgresql:// with the stores
from shelldojo.challenges import stores
from shelldojo.challenges.progress import Progress, ProgressStore, StoreDamaged
from shelldojo.challenges.store_pg import redact
from shelldojo.challenges.stores import (
    ClassStore,
    MachineTooLarge,
    StudentStore,
    check_name,
    open_class_store,
    open_student_store,
)

from tests import pgserver

_counter = itertools.count()
Opener = Callable[[], ClassStore]   # each call: a NEW class store (its own connections) on one database


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    reason = pgserver.why_not()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    with pgserver.server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """Opens class stores on one fresh database; two calls = two processes' connections."""
    data = str(tmp_path / "data")
    if request.param == "sqlite":
        url = None
    else:
        url = pgserver.fresh_database(request.getfixturevalue("pg_url"), f"t{next(_counter)}")
    made: list[ClassStore] = []

    def open_one() -> ClassStore:
        store = open_class_store(data, url)
        stores._OPEN.clear()   # the next call makes another ClassStore, as another process would
        made.append(store)
        return store

    yield open_one
    for store in made:
        store.close()


def script(store: Progress) -> list[Any]:
    """Every method the trainer uses, with what each returns."""
    out: list[Any] = [store.status("p", "c"), store.current(), store.setting("seed"), store.cards(),
                      store.hints_used("p", "c"), store.load_machine("p"), store.statuses("p")]
    store.set_setting("seed", "alice")
    store.set_current("p", "c")
    store.set_status("p", "c", "started")
    out += [store.use_hint("p", "c"), store.use_hint("p", "c"), store.hints_used("p", "c")]
    store.set_status("p", "c", "done")
    store.set_status("p", "d", "skipped")
    out += [store.status("p", "c"), store.statuses("p"), store.statuses("other"), store.current(),
            store.setting("seed"), store.setting("where/p")]
    store.save_machine("p", "c", b"first")
    store.save_machine("p", "c2", bytes(range(256)) * 3)
    out += [store.load_machine("p"), store.load_machine("q")]
    store.drop_machine("p")
    out.append(store.load_machine("p"))
    out += [store.unlock_card("ls", "list", ("ls", "ls -l"), "p", "c"),
            store.unlock_card("ls", "again", (), "p", "d"),
            store.unlock_card("pwd", "where", (), "p", "c"), store.cards()]
    store.set_setting("current", "no-slash")
    out.append(store.current())
    return out


def test_a_student_store_answers_as_the_learners_own_store(opener: Opener, tmp_path: Path) -> None:
    local = ProgressStore(str(tmp_path / "local.sqlite3"))
    try:
        expected = script(local)
    finally:
        local.close()
    assert script(opener().student("alice")) == expected


def test_both_stores_have_every_method_of_the_interface() -> None:
    members = [n for n in vars(Progress) if not n.startswith("_")]
    assert "save_machine" in members and "cards" in members
    for name in members:
        if name == "path":
            continue
        want = inspect.signature(getattr(Progress, name))
        for impl in (ProgressStore, StudentStore):
            assert inspect.signature(getattr(impl, name)) == want, (impl, name)


def test_students_are_kept_apart_and_listed_for_the_dashboard(opener: Opener) -> None:
    room = opener()
    alice, bob = room.student("alice"), room.student("bob")
    alice.set_current("p", "c")
    alice.set_status("p", "c", "done")
    alice.use_hint("p", "c")
    alice.save_machine("p", "c", b"alice's")
    bob.set_status("p", "d", "skipped")
    assert bob.status("p", "c") == "" and bob.load_machine("p") is None and bob.current() is None
    assert bob.statuses("p") == {"d": "skipped"}
    rows = {r.name: r for r in opener().students()}   # another process sees the same class
    assert list(rows) == ["alice", "bob"]
    assert rows["alice"].current == ("p", "c") and rows["alice"].progress == {("p", "c"): ("done", 1)}
    assert rows["bob"].current is None and rows["bob"].progress == {("p", "d"): ("skipped", 0)}
    assert rows["alice"].last_active >= rows["alice"].created


def test_progress_outlives_the_process_and_any_process_resumes(opener: Opener) -> None:
    first = opener()
    s = first.student("carol")
    s.set_current("p", "c")
    s.save_machine("p", "c", b"\x00machine\xff" * 1000)
    first.close()
    again = opener().student("carol")
    assert again.current() == ("p", "c") and again.load_machine("p") == ("c", b"\x00machine\xff" * 1000)


def test_machines_have_a_size_bound_and_a_refused_save_keeps_the_last(opener: Opener) -> None:
    room = opener()
    room.max_machine_bytes = 64 * 1024
    s = room.student("dave")
    s.save_machine("p", "c", b"x" * (64 * 1024))
    with pytest.raises(MachineTooLarge, match=r"the machine is too large to save \(65537 bytes"):
        s.save_machine("p", "c2", b"y" * (64 * 1024 + 1))
    assert s.load_machine("p") == ("c", b"x" * (64 * 1024))
    with pytest.raises(MachineTooLarge):
        s.set_setting("where/p", "z" * (stores.MAX_SETTING_BYTES + 1))


def test_two_processes_write_different_students_at_once(opener: Opener) -> None:
    rooms = [opener(), opener()]
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def work(room: ClassStore, name: str) -> None:
        try:
            s = room.student(name)
            start.wait()
            for i in range(25):
                s.set_status("p", f"c{i}", "done")
                s.save_machine("p", f"c{i}", name.encode() * 100)
                s.use_hint("p", "c0")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(rooms[i % 2], f"s{i}")) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    for row in opener().students():
        assert len(row.progress) == 25 and row.progress[("p", "c0")] == ("done", 25), row
    assert rooms[0].student("s3").load_machine("p") == ("c24", b"s3" * 100)


def test_the_same_student_from_two_processes(opener: Opener) -> None:
    """Counters never lose an increment; plain values: the last write wins; a lease keeps two
    trainers off one student."""
    a, b = opener().student("erin"), opener().student("erin")
    errors: list[BaseException] = []

    def hints(s: StudentStore) -> None:
        try:
            for _ in range(30):
                s.use_hint("p", "c")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=hints, args=(s,)) for s in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors and a.hints_used("p", "c") == 60
    a.set_setting("where/p", "from a")
    b.set_setting("where/p", "from b")
    assert a.setting("where/p") == "from b"
    assert a.claim("proc-a", ttl=60, now=1000.0)
    assert not b.claim("proc-b", ttl=60, now=1010.0)      # held by a
    assert a.claim("proc-a", ttl=60, now=1050.0)          # a renews
    assert not b.claim("proc-b", ttl=60, now=1100.0)
    assert b.claim("proc-b", ttl=60, now=1111.0)          # a's lease ran out: b takes over
    b.release("proc-b")
    assert a.claim("proc-a", ttl=60, now=1112.0)
    a.release("proc-b")                                   # not a's to release: nothing happens
    assert not b.claim("proc-b", ttl=60, now=1113.0)


@pytest.mark.parametrize("bad", ["", "a" * 33, "<script>alert(1)</script>", "=HYPERLINK(1)", "a b",
                                 "-rf", ".hidden", "../etc", "x/y", "tab\there", "nul\x00", "Zoë",
                                 "ali\u0441e", "alice\n"])
def test_names_that_cannot_be_keys_are_refused(bad: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="the name"):
        check_name(bad)
    with pytest.raises(ValueError, match="the name"):
        open_student_store(bad, data_dir=str(tmp_path))
    stores.close_all()


def test_names_that_are_fine() -> None:
    assert check_name("a" * 32) == "a" * 32
    assert [check_name(n) for n in ("alice", "b.o_b-2", "7th", "X")] == ["alice", "b.o_b-2", "7th", "X"]


def test_the_default_store_is_one_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    try:
        s = open_student_store("alice", data_dir=str(tmp_path))
        assert open_student_store("bob", data_dir=str(tmp_path)).room is s.room   # one per process
        assert s.path == str(tmp_path / "class.sqlite3") and (tmp_path / "class.sqlite3").is_file()
        other = tmp_path / "elsewhere.db"
        t = open_student_store("alice", data_dir=str(tmp_path), url=f"sqlite://{other}")
        assert t.room.where == str(other) and other.is_file() and t.room is not s.room
    finally:
        stores.close_all()


def test_a_damaged_sqlite_store_is_said_and_left_alone(tmp_path: Path) -> None:
    bad = tmp_path / "class.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreDamaged, match="the progress store is damaged"):
        open_student_store("alice", data_dir=str(tmp_path))
    assert bad.read_bytes() == b"not a database at all" * 100


def test_unknown_store_urls_are_refused_and_passwords_never_shown(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"mysql:// stores are opened by `shelldojo serve`"):
        open_student_store("alice", data_dir=str(tmp_path), url="mysql://x/y")
    assert redact("postgresql://dojo:s3cr%40t@db.example:5432/class") == "postgresql://dojo:***@db.example:5432/class"
    assert redact("postgresql:///class?host=/run/pg") == "postgresql:///class?host=/run/pg"


def test_the_pg_store_is_named_without_its_password(pg_url: str, tmp_path: Path) -> None:
    room = open_class_store(str(tmp_path), pg_url.replace("postgres@", "postgres:hunter2@"))
    try:
        assert "hunter2" not in room.where and ":***@" in room.where
    finally:
        room.close()


def test_running_commands_loads_no_database_driver() -> None:
    code = ("import sys; from shelldojo.shell.cli import main; import shelldojo.challenges.stores; "
            "main(['run', '-c', 'true']); print(sorted(m for m in sys.modules if m.startswith('psycopg')))")
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                         timeout=120)
    assert out.stdout.strip().endswith("[]"), out


# -- the real trainer on a class store ------------------------------------------------------------

def drive(store: StudentStore, lines: list[str]) -> str:
    """The trainer REPL (the same `build` the terminal and the server use) on `store`: type each
    line once the prompt for it is up, then Ctrl-D; what the learner saw."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput
    from shelldojo.challenges.trainer import strip_ansi
    from shelldojo.shell.repl.trainer_app import build

    out, errors, prompts = io.BytesIO(), [], threading.Semaphore(0)
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        repl = build(store, input=inp, output=DummyOutput(), stdout=out)
        ask = repl.prompt.prompt

        def counted(*args: Any, **kw: Any) -> Any:
            prompts.release()
            return ask(*args, **kw)
        repl.prompt.prompt = counted  # type: ignore[method-assign]

        def go() -> None:
            try:
                repl.run()
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
                prompts.release()
        t = threading.Thread(target=go, daemon=True)
        t.start()
        for line in [*lines, "\x04"]:
            assert prompts.acquire(timeout=60) and not errors, errors
            inp.send_text(line if line == "\x04" else line + "\r")
        t.join(60)
    assert not errors and not t.is_alive(), errors
    return strip_ansi(out.getvalue().decode("utf-8", "replace"))


def test_the_trainer_resumes_a_student_from_another_process(opener: Opener) -> None:
    drive(opener().student("frank"), ["dojo start first-steps/kitchen-folder", "mkdir half-done",
                                      "cd half-done"])
    screen = drive(opener().student("frank"), ["pwd"])
    assert "Welcome back" in screen and "/home/learner/half-done\n" in screen
    row, = opener().students()
    assert row.name == "frank" and row.current == ("first-steps", "kitchen-folder")


def test_a_restarted_postgresql_server_is_reconnected_to(pg_url: str, tmp_path: Path) -> None:
    import psycopg

    url = pgserver.fresh_database(pg_url, "restarted")
    room = open_class_store(str(tmp_path), url)
    try:
        s = room.student("gina")
        s.set_status("p", "c", "done")
        with psycopg.connect(pg_url, autocommit=True) as admin:   # every connection of the store dies
            killed = admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                   "WHERE datname='restarted'").fetchone()
        assert killed is not None and killed[0] >= 1
        assert s.status("p", "c") == "done"          # a read, then a write, on new connections
        s.set_status("p", "c", "skipped")
        assert s.statuses("p") == {"c": "skipped"}
    finally:
        room.close()
