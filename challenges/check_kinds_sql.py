"""The `sql` check kind's judge: a query on a database file of the machine, read-only.

The file's bytes are read through the VFS and handed to an in-memory SQLite with
Connection.deserialize: SQLite never opens a host path.  The connection only reads (an
authorizer allows reading actions alone, so ATTACH, VACUUM INTO, writes and pragmas that set
are refused), runs under a time limit (the progress handler) and returns at most MAX_ROWS rows
of cells no longer than MAX_CELL bytes.  The expected result is `rows` (in order, or in any order
with `unordered = true`) or `value` (the single cell of a one-row, one-column result).

Cells compare as values, not as storage types: 3, 3.0 and '3' are equal (a CSV imported without
types holds text); a query that must see a type asks for it (`SELECT typeof(total) ...`).
NULL is read as the text "NULL" (TOML has no null).  The entry itself is in check_kinds.KINDS;
this module only judges and explains (check_kinds imports it, never the other way).
"""
from __future__ import annotations

import re
import sqlite3 as sq
import time
from dataclasses import dataclass
from typing import Any

from shelldojo.challenges.model import Check, Observation
from shelldojo.challenges.setup import resolve
from shelldojo.filesystem import Machine

QUERY_SECONDS = 2.0          # one check's query (the learner's tables are small)
PROGRESS_OPS = 1000          # VM instructions between two looks at the clock
MAX_ROWS = 10_000            # rows of a result the check looks at
MAX_CELL = 1 << 20           # SQLite's length limit for strings and blobs on this connection
SHOWN_ROWS = 12              # rows of each result set an explanation shows
READING = frozenset({sq.SQLITE_SELECT, sq.SQLITE_READ, sq.SQLITE_FUNCTION, sq.SQLITE_RECURSIVE})
# pragmas whose argument names what to read (table_info(orders)), not a value to set
ASKING = frozenset({"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
                    "foreign_key_check", "integrity_check", "quick_check"})
DENIED_FUNCTIONS = frozenset({"load_extension", "fts3_tokenizer", "readfile", "writefile"})
_NUMBER = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*")


class QueryBroken(Exception):
    """The query itself could not run as a check (too slow, too big, not a read)."""


@dataclass
class Result:
    """What the query gave: rows, or why there are none (`problem`, the learner's state)."""
    rows: list[tuple[Any, ...]] | None = None
    problem: str = ""


def _authorize(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
    if action == sq.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return sq.SQLITE_DENY
    if action in READING or (action == sq.SQLITE_PRAGMA and (arg2 is None or (arg1 or "").lower() in ASKING)):
        return sq.SQLITE_OK
    if action == sq.SQLITE_UPDATE and arg1 == "sqlite_master":
        return sq.SQLITE_OK    # what SQLite asks for a table-valued pragma: pragma_table_info('orders')
    return sq.SQLITE_DENY   # writes, ATTACH and VACUUM INTO (host files), pragmas that set: a check only reads


def run_query(machine: Machine, user: str, path: str, query: str) -> Result:
    """The rows of `query` on the database file `path` (relative: under `user`'s home)."""
    full = resolve(machine, user, path)
    if not machine.vfs.exists(full):
        return Result(problem=f"{path} does not exist")
    if not machine.vfs.isfile(full):
        return Result(problem=f"{path} is not a file")
    data = machine.vfs.read_bytes(full)
    db = sq.connect(":memory:", isolation_level=None, check_same_thread=False, cached_statements=0)
    try:
        db.text_factory = lambda b: b.decode("utf-8", "replace")
        db.setlimit(sq.SQLITE_LIMIT_LENGTH, MAX_CELL)
        db.setlimit(sq.SQLITE_LIMIT_ATTACHED, 0)
        if data:
            try:
                db.deserialize(data)
            except (sq.DatabaseError, OverflowError):
                return Result(problem=f"{path} is not a database")
        db.execute("PRAGMA query_only = ON")
        db.set_authorizer(_authorize)
        deadline = time.monotonic() + QUERY_SECONDS
        db.set_progress_handler(lambda: int(time.monotonic() > deadline), PROGRESS_OPS)
        try:
            cursor = db.execute(query)
            rows = cursor.fetchmany(MAX_ROWS + 1)
        except sq.Warning as exc:   # several statements in one query
            raise QueryBroken(f"the query is not one statement: {exc}") from None
        except sq.DatabaseError as exc:
            text = str(exc)
            if "interrupted" in text:
                raise QueryBroken(f"the query took longer than {QUERY_SECONDS:g} s") from None
            if getattr(exc, "sqlite_errorcode", 0) in (sq.SQLITE_AUTH, sq.SQLITE_READONLY) \
                    or "not authorized" in text or "attached databases" in text:
                raise QueryBroken("the query may only read (SELECT, or a PRAGMA that reads)") from None
            if "too big" in text:
                raise QueryBroken(f"the query's result holds a value over {MAX_CELL} bytes") from None
            if "file is not a database" in text or "malformed" in text:
                return Result(problem=f"{path} is not a database")
            return Result(problem=f"the query failed: {text}")
        if len(rows) > MAX_ROWS:
            raise QueryBroken(f"the query returns more than {MAX_ROWS} rows")
        return Result(rows=[tuple(r) for r in rows])
    finally:
        db.close()


# ----------------------------------------------------------------------------- comparing
def cell(value: Any) -> Any:
    """A cell as compared: a number (from a number or a text that is one), a text, or "NULL"."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = str(value)
    if _NUMBER.fullmatch(text):
        number = float(text)
        return int(number) if number.is_integer() and abs(number) < 2 ** 53 else number
    return text


def _row(values: Any) -> tuple[Any, ...]:
    return tuple(cell(v) for v in values)


def _sort_key(row: tuple[Any, ...]) -> tuple[tuple[int, Any], ...]:
    return tuple((0, v) if isinstance(v, (int, float)) else (1, str(v)) for v in row)


def expected_rows(check: Check) -> list[tuple[Any, ...]]:
    o = check.options
    if "value" in o:
        return [(cell(o["value"]),)]
    return [_row(r) for r in o.get("rows", [])]  # type: ignore[attr-defined]


def matches(check: Check, rows: list[tuple[Any, ...]]) -> bool:
    got, want = [_row(r) for r in rows], expected_rows(check)
    if check.options.get("unordered"):
        return sorted(got, key=_sort_key) == sorted(want, key=_sort_key)
    return got == want


def judge_sql(check: Check, machine: Machine, obs: Observation) -> bool:
    """True when the query's rows are the expected ones (raises QueryBroken: check_kinds words it)."""
    result = run_query(machine, obs.user, check.subject, str(check.options["query"]))
    return result.rows is not None and matches(check, result.rows)


# ----------------------------------------------------------------------------- for authors
def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _table(rows: list[tuple[Any, ...]], indent: str) -> list[str]:
    if not rows:
        return [f"{indent}(no rows)"]
    lines = [indent + "[" + ", ".join(_shown(v) for v in r) + "]" for r in rows[:SHOWN_ROWS]]
    if len(rows) > SHOWN_ROWS:
        lines.append(f"{indent}… ({len(rows) - SHOWN_ROWS} more rows)")
    return lines


def explain(check: Check, machine: Machine, obs: Observation) -> str:
    """validate's account of a failing sql check: both result sets, expected and got."""
    order = " (in any order)" if check.options.get("unordered") else ""
    lines = [f"  expected{order}:", *_table(expected_rows(check), "    ")]
    try:
        result = run_query(machine, obs.user, check.subject, str(check.options["query"]))
    except QueryBroken as exc:
        return "\n".join([*lines, f"  got: nothing ({exc})"])
    if result.rows is None:
        return "\n".join([*lines, f"  got: nothing ({result.problem})"])
    return "\n".join([*lines, "  got:", *_table([_row(r) for r in result.rows], "    ")])


def options_error(options: dict[str, Any]) -> str | None:
    """Why a sql check's options do not go together (exactly one of rows and value)."""
    if ("rows" in options) == ("value" in options):
        return "a sql check has exactly one of rows = [[...], ...] and value = ..."
    if "value" in options and options.get("unordered"):
        return "unordered goes with rows, not with value"
    return None


def rows_error(rows: list[Any]) -> str | None:
    if not all(isinstance(r, list) and all(isinstance(v, (str, int, float, bool)) for v in r) for r in rows):
        return 'expected a list of rows, each a list of values: [["LP", 3], ["WP", 1]]'
    return None


def query_error(query: str) -> str | None:
    if not query.strip():
        return "must not be empty"
    if not sq.complete_statement(query.rstrip().rstrip(";") + ";"):
        return "not a complete SQL statement"
    return None


def sql_says(check: Check) -> str:
    if "value" in check.options:
        return f"{check.subject} answers {_shown(check.options['value'])}"
    return f"{check.subject} holds the expected rows"
