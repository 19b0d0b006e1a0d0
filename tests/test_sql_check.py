"""The `sql` check kind (challenges/check_kinds_sql.py): a read-only query on a database file of the
machine, compared as rows (ordered or not) or one value; bounded in time and size; explained by
validate; and answers replayed with interactive `sqlite3` sessions (the answer as bash's stdin)."""
from __future__ import annotations

import json
import os
import re
import sqlite3 as sq
import time
from pathlib import Path

import pytest
from shelldojo.challenges import check_kinds_sql
from shelldojo.challenges.checks import Observation, run_check
from shelldojo.challenges.grade_task import grade_one, syntax_error
from shelldojo.challenges.loader import load_challenge, load_pack
from shelldojo.challenges.model import Check, PackError
from shelldojo.challenges.replay import replay
from shelldojo.challenges.setup import prepare
from shelldojo.challenges.validate import validate
from shelldojo.filesystem import ROOT, acting_as
from shelldojo.shell.cli import main as cli_main
from shelldojo.shell.machines import fresh_machine

PACK8 = Path(__file__).resolve().parent.parent / "challenges" / "packs" / "08-databases"
HEAD = 'id = "c"\ntitle = "t"\ngoal = "g"\nhints = ["h"]\n\n[setup]\npackages = ["sqlite3"]\n\n[[checks]]\n'
TAIL = '\nmessage = "the orders are not right"\n\n[solution]\nscript = """{solution}"""\n'
MAKE = ("sqlite3 shop.db \"CREATE TABLE orders (id TEXT PRIMARY KEY, nb TEXT, qty INTEGER); "
        "INSERT INTO orders VALUES ('A127B', 'LP', 2), ('A128B', 'WP', 3);\"")


def _challenge(tmp_path: Path, check: str, solution: str = MAKE) -> str:
    path = tmp_path / "c.toml"
    path.write_text(HEAD + check + TAIL.format(solution=solution))
    return str(path)


def _error(tmp_path: Path, check: str) -> str:
    with pytest.raises(PackError) as info:
        load_challenge(_challenge(tmp_path, check))
    return str(info.value)


def _machine_with(db: bytes | None, path: str = "/home/learner/shop.db"):  # type: ignore[no-untyped-def]
    machine = fresh_machine()
    if db is not None:
        with acting_as(ROOT):
            machine.vfs.write_bytes(path, db)
    return machine


def _db(script: str) -> bytes:
    con = sq.connect(":memory:")
    con.executescript(script)
    data = con.serialize()
    con.close()
    return data


SHOP = _db("CREATE TABLE orders (id TEXT PRIMARY KEY, nb TEXT, qty INTEGER);"
           "INSERT INTO orders VALUES ('A127B', 'LP', 2), ('A128B', 'WP', 3);")


def _judge(machine, **options: object) -> tuple[bool, str | None]:  # type: ignore[no-untyped-def]
    check = Check("sql", "shop.db", "msg", dict(options))
    r = run_check(check, machine, Observation(user="learner", cwd="/home/learner"))
    return r.passed, r.error


# ----------------------------------------------------------------------------- loading
def test_a_sql_check_loads_with_rows_or_value(tmp_path: Path) -> None:
    c = load_challenge(_challenge(tmp_path, 'sql = "shop.db"\nquery = "SELECT id FROM orders"\n'
                                            'rows = [["A127B"], ["A128B"]]\nunordered = true'))
    assert c.checks[0].kind == "sql" and c.checks[0].options["rows"] == [["A127B"], ["A128B"]]
    assert load_challenge(_challenge(tmp_path, 'sql = "shop.db"\nquery = "SELECT 1"\nvalue = 1')).checks[0]


@pytest.mark.parametrize(("check", "says"), [
    ('sql = "shop.db"\nquery = "SELECT 1"', "exactly one of rows"),
    ('sql = "shop.db"\nquery = "SELECT 1"\nvalue = 1\nrows = [[1]]', "exactly one of rows"),
    ('sql = "shop.db"\nquery = "SELECT 1"\nvalue = 1\nunordered = true', "unordered goes with rows"),
    ('sql = "shop.db"\nvalue = 1', "missing (an SQL query expected)"),
    ('sql = "shop.db"\nquery = "  "\nvalue = 1', "must not be empty"),
    ('sql = "shop.db"\nquery = "SELECT \'oops"\nvalue = 1', "not a complete SQL statement"),
    ('sql = "shop.db"\nquery = "SELECT 1"\nrows = [1, 2]', "each a list of values"),
])
def test_a_badly_written_sql_check_is_refused_with_its_line(tmp_path: Path, check: str, says: str) -> None:
    text = _error(tmp_path, check)
    assert says in text and re.search(r"c\.toml:(9|1[0-2]): checks\[0\]", text)


# ----------------------------------------------------------------------------- judging
def test_rows_compare_in_order_unless_unordered() -> None:
    m = _machine_with(SHOP)
    assert _judge(m, query="SELECT id, qty FROM orders ORDER BY id", rows=[["A127B", 2], ["A128B", 3]]) == (True, None)
    assert _judge(m, query="SELECT id, qty FROM orders ORDER BY id", rows=[["A128B", 3], ["A127B", 2]])[0] is False
    assert _judge(m, query="SELECT id, qty FROM orders", rows=[["A128B", 3], ["A127B", 2]], unordered=True)[0]
    assert _judge(m, query="SELECT id FROM orders", rows=[["A127B"]], unordered=True)[0] is False  # a row too many


def test_a_value_is_the_single_cell_and_cells_compare_as_values() -> None:
    m = _machine_with(SHOP)
    assert _judge(m, query="SELECT sum(qty) FROM orders", value=5)[0]
    assert _judge(m, query="SELECT sum(qty) FROM orders", value="5")[0]      # {{n}} fills a string
    assert _judge(m, query="SELECT sum(qty) * 1.0 FROM orders", value=5)[0]
    assert _judge(m, query="SELECT sum(qty) FROM orders", value=6)[0] is False
    assert _judge(m, query="SELECT id FROM orders", value="A127B")[0] is False   # two rows, not one value
    assert _judge(m, query="SELECT NULL", value="NULL")[0]


def test_a_missing_empty_or_corrupt_file_or_a_missing_table_fails_the_check() -> None:
    assert _judge(_machine_with(None), query="SELECT 1", value=1) == (False, None)
    assert _judge(_machine_with(b""), query="SELECT count(*) FROM orders", value=0) == (False, None)
    assert _judge(_machine_with(b"not a database at all" * 100), query="SELECT 1 FROM orders", value=1) == (False, None)
    assert _judge(_machine_with(SHOP[:2000]), query="SELECT count(*) FROM orders", value=2)[0] is False
    assert _judge(_machine_with(SHOP), query="SELECT count(*) FROM menu", value=0) == (False, None)
    machine = _machine_with(None)
    with acting_as(ROOT):
        machine.vfs.makedirs("/home/learner/shop.db")
    assert _judge(machine, query="SELECT 1", value=1) == (False, None)


@pytest.mark.parametrize("query", [
    "DELETE FROM orders", "UPDATE orders SET qty = 0", "DROP TABLE orders", "CREATE TABLE x (y)",
    "ATTACH '/tmp/s17c_attached.db' AS x", "VACUUM INTO '/tmp/s17c_vacuumed.db'", "PRAGMA hard_heap_limit = 1",
    "SELECT load_extension('/tmp/x.so')",
])
def test_the_query_only_reads_and_never_reaches_a_host_file(query: str) -> None:
    m = _machine_with(SHOP)
    passed, error = _judge(m, query=query, value=0)
    assert not passed and error is not None and "query" in error
    with acting_as(ROOT):
        assert m.vfs.read_bytes("/home/learner/shop.db") == SHOP
    assert not os.path.exists("/tmp/s17c_attached.db") and not os.path.exists("/tmp/s17c_vacuumed.db")


def test_the_learner_cannot_hide_the_database_from_the_check() -> None:
    machine = _machine_with(SHOP)
    with acting_as(ROOT):
        machine.vfs.chmod("/home/learner/shop.db", 0)
    assert _judge(machine, query="SELECT count(*) FROM orders", value=2)[0]   # checks read as root


def test_a_runaway_query_is_stopped_by_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_kinds_sql, "QUERY_SECONDS", 0.3)
    start = time.monotonic()
    passed, error = _judge(_machine_with(SHOP), value=0, query=(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"))
    assert not passed and error is not None and "took longer than 0.3 s" in error
    assert time.monotonic() - start < 5


def test_a_huge_result_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_kinds_sql, "MAX_ROWS", 50)
    passed, error = _judge(_machine_with(SHOP), rows=[], query=(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 1000) SELECT i FROM n"))
    assert not passed and error is not None and "more than 50 rows" in error
    passed, error = _judge(_machine_with(SHOP), value=0, query="SELECT zeroblob(100000000)")
    assert not passed and error is not None and "over" in error


# ----------------------------------------------------------------------------- validate
def test_validate_shows_both_result_sets_when_the_solution_fails(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "pack.toml").write_text('id = "p"\ntitle = "p"\nchallenges = ["c"]\n')
    _challenge(folder, 'sql = "shop.db"\nquery = "SELECT id, qty FROM orders ORDER BY id"\n'
                       'rows = [["A127B", 2], ["A128B", 4]]')
    report = validate([str(folder)])
    text = "\n".join(report.problems)
    assert "the reference solution fails the check sql = 'shop.db'" in text
    assert "  expected:\n    ['A127B', 2]\n    ['A128B', 4]\n  got:\n    ['A127B', 2]\n    ['A128B', 3]" in text


def test_validate_says_why_there_are_no_rows(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "pack.toml").write_text('id = "p"\ntitle = "p"\nchallenges = ["c"]\n')
    _challenge(folder, 'sql = "shop.db"\nquery = "SELECT count(*) FROM menu"\nvalue = 1')
    text = "\n".join(validate([str(folder)]).problems)
    assert "got: nothing (the query failed: no such table: menu)" in text


# ----------------------------------------------------------------------------- replayed answers
INTERACTIVE = """sqlite3 shop.db
CREATE TABLE orders (id TEXT PRIMARY KEY, nb TEXT, qty INTEGER);
INSERT INTO orders VALUES ('A127B', 'LP', 2),
  ('A128B', 'WP', 3);
SELECT count(*) FROM orders;
.quit
echo after the session
"""


def test_an_interactive_sqlite3_session_in_an_answer_reads_the_lines_after_it(tmp_path: Path) -> None:
    c = load_challenge(_challenge(tmp_path, 'sql = "shop.db"\nquery = "SELECT id, qty FROM orders"\n'
                                            'rows = [["A127B", 2], ["A128B", 3]]\nunordered = true'))
    machine = prepare(c)
    seen: list[tuple[str, int, str]] = []
    obs, session = replay(machine, c, INTERACTIVE, on_line=lambda *step: seen.append(step))
    session.end()
    assert [line for line, _, _ in seen] == ["sqlite3 shop.db", "echo after the session"]
    assert seen[0][2] == "2\n" and seen[1][2] == "after the session\n"
    assert obs.lines == [(1, "sqlite3 shop.db"), (7, "echo after the session")]
    assert "sqlite3" in obs.commands and "CREATE" not in obs.commands
    assert syntax_error(obs.lines) is None          # the SQL lines were sqlite3's, not bash's
    assert syntax_error(INTERACTIVE) is not None    # read as bash, they would not parse


def test_an_answer_without_quit_gives_sqlite3_the_rest_as_bash_does(tmp_path: Path) -> None:
    c = load_challenge(_challenge(tmp_path, 'sql = "shop.db"\nquery = "SELECT count(*) FROM orders"\nvalue = 2'))
    obs, session = replay(prepare(c), c, INTERACTIVE.replace(".quit\n", ""))
    session.end()
    assert obs.lines == [(1, "sqlite3 shop.db")]   # `echo after` went to sqlite3: its line 5
    assert "Parse error near line 5: near \"echo\"" in obs.output


def test_read_and_cat_take_the_answer_lines_after_them(tmp_path: Path) -> None:
    c = load_challenge(_challenge(tmp_path, 'sql = "shop.db"\nquery = "SELECT 1"\nvalue = 1'))
    obs, session = replay(prepare(c), c, "read name\nLP\necho \"[$name]\"\ncat\nnot run\n")
    session.end()
    assert [line for _, line in obs.lines] == ["read name", 'echo "[$name]"', "cat"]
    assert obs.output == "not run\n"


def test_grading_an_interactive_answer_and_a_wrong_one(tmp_path: Path) -> None:
    c = load_challenge(_challenge(tmp_path, 'sql = "shop.db"\nquery = "SELECT id, qty FROM orders ORDER BY id"\n'
                                            'rows = [["A127B", 2], ["A128B", 3]]'))
    good = grade_one(c, "ana", INTERACTIVE, timeout=20)
    assert good.passed, good
    wrong = grade_one(c, "ben", INTERACTIVE.replace("('A128B', 'WP', 3)", "('A128B', 'WP', 30)"), timeout=20)
    assert not wrong.passed and wrong.checks[0].message == "the orders are not right"
    assert wrong.error is None   # no false "syntax error in the answer" for the SQL lines


def test_shelldojo_grade_on_pack_8_gives_the_sql_checks_message(tmp_path: Path) -> None:
    subs = tmp_path / "subs"
    for student, extra in (("ana", ""), ("ben", "WRONG")):
        (subs / student).mkdir(parents=True)
        pack = load_pack(str(PACK8))
        broken = next(ch for ch in pack.challenges if ch.id == "broken-link")
        from shelldojo.challenges.variants import instantiate
        answer = instantiate(broken, student).solution
        if extra:   # deletes the broken order instead of fixing it
            answer = answer.replace("UPDATE orders SET neighbourhood = 'LP' WHERE", "DELETE FROM orders WHERE")
        (subs / student / "broken-link.sh").write_text(answer)
    out = tmp_path / "report.json"
    status = cli_main(["grade", str(PACK8), "--submissions", str(subs), "--format", "json", "--output", str(out),
                       "--jobs", "1"])
    report = json.loads(out.read_text())
    by_student = {s["student"]: s for s in report["students"]}
    ana = next(c for c in by_student["ana"]["challenges"] if c["challenge"] == "broken-link")
    ben = next(c for c in by_student["ben"]["challenges"] if c["challenge"] == "broken-link")
    assert ana["passed"] and not ben["passed"] and status != 0
    messages = [c["message"] for c in ben["checks"] if not c["passed"]]
    assert messages and any("do not delete" in m for m in messages)
    assert all(c["kind"] == "sql" for c in ben["checks"] if not c["passed"])


def test_a_sql_check_on_another_machine_of_the_cloud(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('id = "c"\ntitle = "t"\ngoal = "g"\nhints = ["h"]\n\n[setup.machines.db1]\n\n'
                    '[[checks]]\nsql = "/srv/shop.db"\nmachine = "db1"\nquery = "SELECT count(*) FROM t"\nvalue = 2\n'
                    'message = "db1 has no table t with two rows"\n\n[solution]\nscript = "x"\n')
    c = load_challenge(str(path))
    assert c.checks[0].machine == "db1"
    machine = prepare(c)
    obs = Observation(user="learner", cwd="/home/learner")
    assert not run_check(c.checks[0], machine, obs).passed
    from shelldojo.challenges.setup_net import target
    db1 = target(machine, "db1")
    with acting_as(ROOT):
        db1.vfs.makedirs("/srv", exist_ok=True)
        db1.vfs.write_bytes("/srv/shop.db", _db("CREATE TABLE t (x); INSERT INTO t VALUES (1), (2);"))
    assert run_check(c.checks[0], machine, obs).passed
    assert not run_check(Check("sql", "/srv/shop.db", "m", {"query": "SELECT count(*) FROM t", "value": 2}),
                         machine, obs).passed   # the learner's own machine has no /srv/shop.db


def test_pack_8_has_at_least_8_challenges_each_with_a_sql_or_file_check() -> None:
    pack = load_pack(str(PACK8))
    assert len(pack.challenges) >= 8
    kinds = {c.kind for ch in pack.challenges for c in ch.checks}
    assert "sql" in kinds
    assert sum(any(c.kind == "sql" for c in ch.checks) for ch in pack.challenges) >= 6
