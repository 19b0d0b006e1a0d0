"""sqlite3 as the CLI of SQLite 3.40.1 answers (issue 17): the interactive shell on a terminal,
the error texts of each input, the output modes and dot-commands, the version it claims.

Most texts are golden cases recorded from the real 3.40.1 CLI (tests/golden/sqlite_cli.sh);
these tests cover what a golden case cannot: a terminal, Ctrl-C and Ctrl-D, and a few corners.
"""
from __future__ import annotations

import sqlite3 as host_sqlite

from shelldojo.filesystem import Machine
from shelldojo.shell.commands.sqlite import modes
from shelldojo.shell.commands.sqlite.sql import error_context, spans
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, NullInput
from shelldojo.shell.texts import verbatim

from tests.hostile import run_source_in_process

INSTALL = "sudo apt-get install -y sqlite3 >/dev/null 2>&1\n"


class _Tty(NullInput):
    def isatty(self) -> bool:
        return True


class _Terminal:
    """Typed lines; None is Ctrl-D, "^C" is Ctrl-C."""
    columns, lines = 80, 24

    def __init__(self, typed: list[str | None]) -> None:
        self.typed, self.prompts, self.interrupted = list(typed), [], False

    def read_line(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        line = self.typed.pop(0) if self.typed else None
        self.interrupted = line == "^C"
        return None if line == "^C" else line


def _machine() -> Machine:
    m = fresh_machine()
    out, err = BufferOutput(), BufferOutput()
    assert Session(m, stdout=out, stderr=err).run_source(INSTALL) == 0
    return m


def _typed(m: Machine, command: str, typed: list[str | None]) -> tuple[_Terminal, str, str]:
    term = _Terminal(typed)
    out, err = BufferOutput(), BufferOutput()
    session = Session(m, stdout=out, stderr=err, stdin=_Tty(), terminal=term)  # type: ignore[arg-type]
    session.run_source(command)
    return term, out.getvalue().decode(), err.getvalue().decode()


def sh(script: str) -> tuple[int, str, str]:
    return run_source_in_process(INSTALL + script)


# -- the interactive shell ---------------------------------------------------------------------
def test_done_when_box_in_the_shell_then_count_from_the_command_line() -> None:
    m = _machine()
    term, out, err = _typed(m, "sqlite3 shop.db; echo back $?",
                            ["create table t(x);", "insert into t values (1),(2);", ".mode box",
                             "select * from t;", ".quit"])
    assert out == ('SQLite version 3.40.1 2022-12-28 14:03:47\nEnter ".help" for usage hints.\n'
                   "┌───┐\n│ x │\n├───┤\n│ 1 │\n│ 2 │\n└───┘\nback 0\n")
    assert err == "" and term.prompts == ["sqlite> "] * 5
    _t, out, err = _typed(m, "sqlite3 shop.db 'select count(*) from t'", [])
    assert (out, err) == ("2\n", "")


def test_continuation_prompt_errors_without_line_numbers_and_ctrl_d() -> None:
    term, out, err = _typed(_machine(), "sqlite3; echo st=$?",
                            ["select", "  1 + 1", ";", "SELEC * FROM t;", "select * from nope;",
                             "select 1/0, 'x';", None])
    assert term.prompts == ["sqlite> ", "   ...> ", "   ...> ", "sqlite> ", "sqlite> ", "sqlite> ", "sqlite> "]
    assert out == ('SQLite version 3.40.1 2022-12-28 14:03:47\nEnter ".help" for usage hints.\n'
                   "Connected to a transient in-memory database.\n"
                   'Use ".open FILENAME" to reopen on a persistent database.\n'
                   "2\n|x\nst=0\n")
    assert err == ('Parse error: near "SELEC": syntax error\n  SELEC * FROM t;\n  ^--- error here\n'
                   "Parse error: no such table: nope\n")


def test_ctrl_c_drops_the_statement_being_typed_and_the_shell_goes_on() -> None:
    term, out, err = _typed(_machine(), "sqlite3 -bail; echo st=$?",
                            ["select 'lost'", "^C", "select 'kept';", "select x;", "select 2;", ".exit 3"])
    assert term.prompts == ["sqlite> ", "   ...> ", "sqlite> ", "sqlite> ", "sqlite> ", "sqlite> "]
    assert out.endswith("kept\n2\nst=3\n")          # no bail at the prompt
    assert err == "Parse error: no such column: x\n  select x;\n         ^--- error here\n"


# -- the version it claims, and its texts ------------------------------------------------------
def test_version_is_the_library_it_runs_and_the_package_says_so() -> None:
    _status, out, err = sh("sqlite3 -version; sqlite3 :memory: 'select sqlite_version()'\n"
                          "dpkg -l sqlite3 libsqlite3-0 | tail -2 | awk '{print $2, $3}' | sort")
    assert out == (f"{verbatim('sqlite/sqlite3_version')}{host_sqlite.sqlite_version}\n"
                   "libsqlite3-0 3.40.1-2+deb12u2\nsqlite3 3.40.1-2+deb12u2\n"), err
    assert verbatim("sqlite/sqlite3_version").startswith(host_sqlite.sqlite_version + " ")


def test_help_texts() -> None:
    _status, out, err = sh("sqlite3 -help; echo st=$?; sqlite3 :memory: .help | head -3; sqlite3 --bogus")
    assert out == ("st=1\n.archive ...             Manage SQL archives\n"
                   ".auth ON|OFF             Show authorizer callbacks\n"
                   ".backup ?DB? FILE        Backup DB (default \"main\") to FILE\n")
    assert err == (verbatim("sqlite/sqlite3_help")
                   + "sqlite3: Error: unknown option: -bogus\nUse -help for a list of options.\n")


# -- corners of the texts ----------------------------------------------------------------------
def test_error_context_of_a_long_statement_points_back() -> None:
    sql = "select a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p from t where nopecolumn = 1 and 2"
    at = sql.index("nopecolumn")
    assert error_context(sql, at) == ("\n  " + sql[at - 50:][:78] + "\n  " + " " * 36 + "error here ---^")
    assert error_context(sql, 7) == "\n  " + sql[:78] + "\n         ^--- error here"
    assert error_context(sql, -1) == ""


def test_spans_keep_the_text_the_cli_shows_under_an_error() -> None:
    text = "select 1;;; select;\n"
    assert [(text[c:], text[a:b]) for c, a, b in spans(text)] == [(text, "select 1;"), (";; select;\n", "select;")]


def test_wrapping_and_word_wrapping_of_cells() -> None:
    assert modes.cell_lines("abcdefghij", 4, False) == ["abcd", "efgh", "ij"]
    # shell.c breaks after the blank (which stays on the line) and skips the blanks after it
    assert modes.cell_lines("one two  three", 8, True) == ["one two ", "three"]
    assert modes.cell_lines("abcdefgh-ijk", 10, True) == ["abcdefgh-", "ijk"]
    assert modes.cell_lines("a\tb\nc\r\nd\n", 0, False) == ["a       b", "c", "d"]


def test_insert_mode_quotes_keywords_and_odd_names_and_csv_quotes_blanks() -> None:
    _status, out, err = sh("sqlite3 -header :memory: '.mode insert order' \"select 1 as 'group', 2 as ok, 'a b' as [x y]\"\n"
                          "sqlite3 -csv :memory: \"select '', 'a b', 'ab', null, 'é'\"")
    assert out == ('INSERT INTO "order"("group",ok,"x y") VALUES(1,2,\'a b\');\n'
                   '"","a b",ab,,"é"\n'), err


def test_tables_fill_columns_down_the_page() -> None:
    names = " ".join(f"create table t{i:02d}(x);" for i in range(25)) + " create table long_name_x(y);"
    _status, out, _err = sh(f"sqlite3 :memory: '{names}' .tables")
    # 80 // (11 + 2) = 6 columns, so 5 rows; names padded to 11, filled down then across
    lines = out.split("\n")[:-1]
    assert len(lines) == 5 and lines[0] == "  ".join(n.ljust(11) for n in ["long_name_x", "t04", "t09", "t14", "t19", "t24"])
    assert lines[4] == "  ".join(n.ljust(11) for n in ["t03", "t08", "t13", "t18", "t23"])


def test_read_file_errors_name_their_line_and_bail_stops() -> None:
    _status, out, err = sh("printf 'select 1;\\n\\nselect nope;\\nselect 2;\\n' > s.sql\n"
                          "sqlite3 :memory: '.read s.sql'; echo st=$?; sqlite3 -bail :memory: '.read s.sql'; echo st=$?")
    assert out == "1\n2\nst=1\n1\nst=1\n"
    assert err == ("Parse error near line 3: no such column: nope\n  select nope;\n         ^--- error here\n") * 2


def test_foreign_keys_are_off_until_asked_for() -> None:
    _status, out, err = sh("sqlite3 f.db 'create table p(id integer primary key); "
                          "create table c(p references p(id)); insert into c values(9)'; echo st=$?\n"
                          "printf 'pragma foreign_keys=on;\\ninsert into c values(8);\\n' | sqlite3 f.db; echo st=$?\n"
                          "sqlite3 f.db 'pragma foreign_keys=on; insert into c values(7)'; echo st=$?")
    assert out == "st=0\nst=1\nst=19\n"
    assert err == ("Runtime error near line 2: FOREIGN KEY constraint failed (19)\n"
                   "Error: stepping, FOREIGN KEY constraint failed (19)\n")
