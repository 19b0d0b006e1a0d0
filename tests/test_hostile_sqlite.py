"""sqlite3 sealed to the virtual disk and bounded (issue 11).

Every database the program opens, attaches, saves or vacuums into, every file readfile(),
writefile() and the dot-commands touch, is a file of the virtual disk; the host stays untouched.
SQLite's work ends with the command line's time limit, Ctrl-C, its length limit and a heap limit.
Error texts are sqlite3 3.40.1's ("Error: in prepare, MSG", "Error: stepping, MSG (RC)": the code when above 1).
"""
from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from shelldojo.filesystem import accounts, acting_as
from shelldojo.shell.budget import Budget, Interrupted
from shelldojo.shell.context import Context
from shelldojo.shell.limits import Limits
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.registry import load_all
from shelldojo.shell.streams import BufferOutput, BytesInput

from tests.cmdutil import ENV, DirectRunner
from tests.hostile import run_c, run_source_in_process

INSTALL = "sudo apt-get install -y sqlite3 >/dev/null 2>&1\n"
TOO_BIG = "Error: stepping, string or blob too big (18)\n"


def sh(script: str, host_dir: Path | None = None) -> tuple[int, str, str]:
    """Run in a fresh machine; host_dir (a host tmp dir) is made on the virtual disk too, so the
    same absolute names exist inside and the test can tell the two disks apart."""
    mkdir = f"mkdir -p '{host_dir}'\n" if host_dir else ""
    return run_source_in_process(INSTALL + mkdir + script)


# -- bounds: each probe ends with a message, in time and memory ------------------------------
def test_endless_recursive_query_ends_at_the_time_limit() -> None:
    o = run_c(INSTALL + "sqlite3 :memory: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) "
              "SELECT count(*) FROM c'")
    o.assert_clean()
    o.assert_bounded()
    assert o.status == 124
    assert o.stderr.decode().endswith("shelldojo: time limit exceeded (8s per command line)\n")


@pytest.mark.parametrize("query", ["select zeroblob(500000000)", "select randomblob(1e9)",
                                   "select length(zeroblob(200000000))"])
def test_huge_blobs_are_too_big(query: str) -> None:
    o = run_c(INSTALL + f'sqlite3 :memory: "{query}"; echo "status $?"')
    o.assert_clean()
    o.assert_bounded()
    assert (o.stdout, o.stderr.decode()) == (b"status 18\n", TOO_BIG)


def test_ctrl_c_stops_a_running_query_at_once() -> None:
    machine = fresh_machine()
    creds = accounts.credentials_for(machine.vfs, "learner")
    assert creds is not None
    limits = Limits()
    budget = Budget(60.0, limits.max_commands)
    out, err = BufferOutput(), BufferOutput()
    ctx = Context("sqlite3", machine, "/home/learner", dict(ENV), BytesInput(b""), out, err, creds,
                  limits, budget, DirectRunner())
    sql = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c"
    pressed: list[float] = []

    def ctrl_c() -> None:  # what the REPL's SIGINT handler does
        pressed.append(time.monotonic())
        budget.cancel(Interrupted())

    timer = threading.Timer(0.3, ctrl_c)
    timer.start()
    with acting_as(creds), pytest.raises(Interrupted):
        load_all()["sqlite3"].func(ctx, ["sqlite3", ":memory:", sql])
    stopped = time.monotonic()
    timer.join()
    assert stopped - pressed[0] < 0.5


# -- holes: the host is never touched ------------------------------------------------------------
def test_attach_of_a_host_path_stays_on_the_virtual_disk(tmp_path: Path) -> None:
    host = tmp_path / "made.db"
    status, out, err = sh(f"sqlite3 :memory: \"ATTACH '{host}' AS x; CREATE TABLE x.t(a); "
                          "INSERT INTO x.t VALUES(42);\"\n"
                          f"sqlite3 :memory: \"ATTACH '{host}' AS y; SELECT a FROM y.t\"\n"
                          f"sqlite3 '{host}' .tables", tmp_path)
    assert (status, out, err) == (0, "42\nt\n", "")
    assert not host.exists()


def test_existing_host_database_is_neither_read_nor_changed(tmp_path: Path) -> None:
    host = tmp_path / "host.db"
    con = sqlite3.connect(host)
    con.execute("CREATE TABLE secret(v)")
    con.execute("INSERT INTO secret VALUES('host data')")
    con.commit()
    con.close()
    before = host.read_bytes()
    _status, out, err = sh(f"sqlite3 :memory: \"ATTACH '{host}' AS h; SELECT * FROM h.secret\"\n"
                          f"sqlite3 :memory: \"ATTACH '{host}' AS h; INSERT INTO h.secret VALUES('x')\"\n"
                          f"sqlite3 '{host}' 'SELECT * FROM secret'", tmp_path)
    assert "host data" not in out
    assert err.count("Error: in prepare, no such table: h.secret\n") == 2
    assert host.read_bytes() == before


def test_vacuum_into_a_host_path_writes_the_virtual_file(tmp_path: Path) -> None:
    host = tmp_path / "vac.db"
    _status, out, err = sh(f"sqlite3 :memory: \"CREATE TABLE t(a); INSERT INTO t VALUES(7); VACUUM INTO '{host}'\"\n"
                          f"sqlite3 '{host}' 'SELECT a FROM t'\n"
                          f"sqlite3 :memory: \"VACUUM INTO '{host}'\"; echo \"status $?\"", tmp_path)
    assert out == "7\nstatus 1\n"
    assert err == "Error: stepping, output file already exists\n"
    assert not host.exists()


def test_host_reaching_sql_is_not_authorized() -> None:
    _status, out, err = sh("sqlite3 :memory: \"SELECT load_extension('/usr/lib/x.so')\"; echo $?\n"
                          "sqlite3 :memory: \"ATTACH 'a' || 'b' AS x\"; echo $?\n"
                          "sqlite3 :memory: 'PRAGMA temp_store = FILE'; echo $?\n"
                          "sqlite3 :memory: \"PRAGMA temp_store_directory = '/tmp'\"; echo $?\n"
                          "sqlite3 :memory: 'PRAGMA hard_heap_limit = 0'; echo $?\n"
                          "sqlite3 :memory: 'PRAGMA temp_store' .load\\ /tmp/evil; echo $?")
    assert out == "1\n23\n23\n23\n23\n2\n1\n"
    assert err == ("Error: in prepare, not authorized to use function: load_extension\n"
                   + "Error: in prepare, not authorized (23)\n" * 4
                   + "Error: /tmp/evil.so: cannot open shared object file: No such file or directory\n")


def test_readfile_reads_the_virtual_disk(tmp_path: Path) -> None:
    host = tmp_path / "host.txt"
    host.write_text("host secret\n")
    status, out, err = sh("echo virtual > v.txt\n"
                          f"sqlite3 :memory: \"SELECT readfile('{host}') IS NULL, readfile('v.txt'), "
                          "readfile('/etc/hostname'), readfile('/etc/shadow') IS NULL\"", tmp_path)
    assert (status, out, err) == (0, "1|virtual\n|dojo\n|1\n", "")


def test_writefile_writes_the_virtual_disk(tmp_path: Path) -> None:
    host = tmp_path / "w" / "out.txt"
    _status, out, err = sh(f"sqlite3 :memory: \"SELECT writefile('{host}', 'hello')\"\n"
                          f"cat '{host}'; echo\n"
                          "sqlite3 :memory: \"SELECT writefile('/root/x', 'no') IS NULL\"\n"
                          "sqlite3 :memory: \"SELECT writefile('/root/x', 'no', 420)\"; echo $?", tmp_path)
    assert out == "5\nhello\n1\n1\n"
    assert err == "Error: stepping, failed to write file: /root/x\n"
    assert not host.parent.exists()


def test_dot_commands_with_host_paths_use_the_virtual_disk(tmp_path: Path) -> None:
    names = {n: tmp_path / n for n in ("out.txt", "once.txt", "save.db", "backup.db", "open.db")}
    script = ("CREATE TABLE t(a);\nINSERT INTO t VALUES(1),(2);\n"
              f".output {names['out.txt']}\nSELECT a FROM t;\n.output\n"
              f".once {names['once.txt']}\nSELECT 'once';\nSELECT 'after';\n"
              f".save {names['save.db']}\n.backup main {names['backup.db']}\n"
              f".open {names['open.db']}\nCREATE TABLE o(b);\n")
    status, out, err = sh(f"printf '%s' \"{script}\" | sqlite3\n"
                          f"cat {names['out.txt']} {names['once.txt']}\n"
                          f"sqlite3 {names['save.db']} 'SELECT count(*) FROM t'\n"
                          f"sqlite3 {names['backup.db']} 'SELECT count(*) FROM t'\n"
                          f"sqlite3 {names['open.db']} .tables", tmp_path)
    assert (status, out, err) == (0, "after\n1\n2\nonce\n2\n2\no\n", "")
    for path in names.values():
        assert not path.exists()


def test_import_and_read_of_host_files_cannot_open(tmp_path: Path) -> None:
    csv_host, sql_host = tmp_path / "data.csv", tmp_path / "cmds.sql"
    csv_host.write_text("a,b\n1,2\n")
    sql_host.write_text("SELECT 'from the host';\n")
    _status, out, err = sh(f"sqlite3 :memory: '.import --csv {csv_host} t'; echo $?\n"
                          f"sqlite3 :memory: '.read {sql_host}'; echo $?\n"
                          "printf 'a,b\\n1,2\\n3\\n' > d.csv; printf \"SELECT b FROM t;\\nSELECT * FROM nope;\\n\" > c.sql\n"
                          "sqlite3 :memory: '.import --csv d.csv t' '.read c.sql'; echo $?", tmp_path)
    assert "from the host" not in out
    assert out == "1\n1\n2\n\n1\n"
    assert err == (f'Error: cannot open "{csv_host}"\nError: cannot open "{sql_host}"\n'
                   "d.csv:3: expected 2 columns but found 1 - filling the rest with NULL\n"
                   "Parse error near line 2: no such table: nope\n")


def test_output_to_a_file_the_user_cannot_write() -> None:
    _status, out, err = sh("sqlite3 :memory: '.output /root/o' 'select 1'; echo $?\n"
                          "sqlite3 :memory: '.save /root/s.db'; echo $?")
    assert out == "1\n1\n"
    assert err == ('Error: cannot open "/root/o"\nError: cannot write to "/root/o"\n'
                   'Error: cannot open "/root/s.db"\n')


# -- the virtual disk behaves like a disk ----------------------------------------------------------
def test_attached_virtual_database_persists() -> None:
    status, out, err = sh("sqlite3 kitchen.db 'CREATE TABLE dish(name); INSERT INTO dish VALUES(\"soup\")'\n"
                          "sqlite3 :memory: \"ATTACH 'kitchen.db' AS k; INSERT INTO k.dish VALUES('pie'); "
                          "DETACH k; ATTACH 'kitchen.db' AS again; SELECT name FROM again.dish\"\n"
                          "sqlite3 kitchen.db 'SELECT count(*) FROM dish'\n"
                          "sqlite3 kitchen.db .databases")
    assert (status, out, err) == (0, "soup\npie\n2\nmain: /home/learner/kitchen.db r/w\n", "")


def test_permissions_of_the_running_user() -> None:
    _status, out, err = sh("sudo sqlite3 /root/r.db \"CREATE TABLE t(v); INSERT INTO t VALUES('secret')\"\n"
                          "sudo cp /root/r.db /tmp/r.db; sudo chmod 600 /tmp/r.db\n"
                          "sqlite3 /tmp/r.db 'SELECT * FROM t'; echo $?\n"
                          "sqlite3 :memory: \"ATTACH '/tmp/r.db' AS r; SELECT * FROM r.t\"; echo $?\n"
                          "sqlite3 :memory: \"SELECT readfile('/tmp/r.db') IS NULL\"\n"
                          "sudo chmod 644 /tmp/r.db\n"
                          "sqlite3 /tmp/r.db \"INSERT INTO t VALUES('x')\"; echo $?\n"
                          "sqlite3 :memory: \"ATTACH '/tmp/r.db' AS r; DELETE FROM r.t\"; echo $?\n"
                          "sudo sqlite3 /tmp/r.db 'SELECT * FROM t'")
    assert out == "1\n14\n1\n8\n8\nsecret\n"
    assert err == ('Error: unable to open database "/tmp/r.db": unable to open database file\n'
                   "Error: stepping, unable to open database: /tmp/r.db (14)\n"
                   + "Error: stepping, attempt to write a readonly database (8)\n" * 2)


def test_temp_store_is_memory_and_errors_have_3_40_texts() -> None:
    _status, out, err = sh("sqlite3 :memory: 'PRAGMA temp_store' 'SELECT * FROM nope'; echo $?\n"
                          "printf 'SELECT 1;\\nSELECT x FROM;\\nSELECT 2;\\n' | sqlite3; echo $?")
    assert out == "2\n1\n1\n2\n1\n"
    assert err == ("Error: in prepare, no such table: nope\n"
                   'Parse error near line 2: near ";": syntax error\n  SELECT x FROM;\n               ^--- error here\n')


def test_attach_of_a_file_that_is_not_a_database_is_refused_at_once() -> None:
    """SQLite reads the header at ATTACH: a text file is 'file is not a database' (26) there,
    as the real CLI answers, not silently attached."""
    _status, out, err = sh("sqlite3 o.db \"create table o(a); attach '/etc/passwd' as p;\"; echo st=$?")
    assert out == "st=26\n"
    assert err.endswith("Error: stepping, file is not a database (26)\n")
