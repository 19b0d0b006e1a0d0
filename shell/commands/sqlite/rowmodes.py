"""sqlite3's row-at-a-time output modes (shell.c 3.40.1's shell_callback): list, tabs, ascii,
csv, line, json, quote, insert, html, tcl.  Each row is drawn as soon as SQLite returns it."""
from __future__ import annotations

from collections.abc import Callable

from shelldojo.shell.commands.sqlite.modes import Settings, csv_field, json_string, quote_name, sql_string

# SQLite 3.40.1's keywords (sqlite3_keyword_check): such names are quoted in INSERT statements
_KEYWORD_LIST = """\
ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT BEFORE BEGIN
BETWEEN BY CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONFLICT CONSTRAINT CREATE CROSS CURRENT
CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP DATABASE DEFAULT DEFERRABLE DEFERRED DELETE DESC
DETACH DISTINCT DO DROP EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE EXISTS EXPLAIN FAIL FILTER
FIRST FOLLOWING FOR FOREIGN FROM FULL GENERATED GLOB GROUP GROUPS HAVING IF IGNORE IMMEDIATE IN
INDEX INDEXED INITIALLY INNER INSERT INSTEAD INTERSECT INTO IS ISNULL JOIN KEY LAST LEFT LIKE
LIMIT MATCH MATERIALIZED NATURAL NO NOT NOTHING NOTNULL NULL NULLS OF OFFSET ON OR ORDER OTHERS
OUTER OVER PARTITION PLAN PRAGMA PRECEDING PRIMARY QUERY RAISE RANGE RECURSIVE REFERENCES REGEXP
REINDEX RELEASE RENAME REPLACE RESTRICT RETURNING RIGHT ROLLBACK ROW ROWS SAVEPOINT SELECT SET
TABLE TEMP TEMPORARY THEN TIES TO TRANSACTION TRIGGER UNBOUNDED UNION UNIQUE UPDATE USING VACUUM
VALUES VIEW VIRTUAL WHEN WHERE WINDOW WITH WITHOUT"""
KEYWORDS = frozenset(_KEYWORD_LIST.split())


def is_keyword(name: str) -> bool:
    return name.upper() in KEYWORDS


def ident(name: str) -> str:
    return quote_name(name, is_keyword)


def sql_value(v: object, text: str, real: Callable[[float], str], escaped: bool = True) -> str:
    """A value as SQL text (quote and insert modes, .dump)."""
    if v is None:
        return "NULL"
    if isinstance(v, bytes):
        return "X'" + v.hex() + "'"
    if isinstance(v, int):
        return text
    if isinstance(v, float):
        if v == float("inf"):
            return "1e999"
        if v == float("-inf"):
            return "-1e999"
        return real(v)
    return sql_string(text) if escaped else "'" + text.replace("'", "''") + "'"


def _html(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def _c_string(text: str) -> str:
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch < " " or ch == "\x7f":
            out.append(f"\\{ord(ch):03o}")
        else:
            out.append(ch)
    return "".join(out) + '"'


def row(s: Settings, names: list[str], values: tuple, texts: list[str | None], count: int,
        real: Callable[[float], str]) -> str:
    """One row in mode s.mode; `count` rows were already drawn for this statement."""
    mode, sep, end = s.mode, s.col_sep, s.row_sep
    shown = [s.null if t is None else t for t in texts]
    if mode == "line":
        w = max([5, *map(len, names)])
        lead = end if count else ""
        return lead + "".join(f"{n:>{w}} = {v}{end}" for n, v in zip(names, shown))
    if mode == "json":
        body = ",".join(json_string(n) + ":" + _json_value(v, t, real) for n, v, t in zip(names, values, texts))
        return ("[{" if count == 0 else ",\n{") + body + "}"
    if mode in ("quote", "insert"):
        vals = [sql_value(v, t or "", real, escaped=mode == "insert") for v, t in zip(values, texts)]
        if mode == "insert":
            cols = "(" + ",".join(map(ident, names)) + ")" if s.headers else ""
            return f"INSERT INTO {s.table}{cols} VALUES(" + ",".join(vals) + ");\n"
        head = sep.join("'" + n.replace("'", "''") + "'" for n in names) + end if s.headers and not count else ""
        return head + sep.join(vals) + end
    if mode == "html":
        head = ("<TR>" + "".join(f"<TH>{_html(n)}</TH>\n" for n in names) + "</TR>\n"
                if s.headers and not count else "")
        return head + "<TR>" + "".join(f"<TD>{_html(v)}</TD>\n" for v in shown) + "</TR>\n"
    if mode == "tcl":
        head = sep.join(map(_c_string, names)) + end if s.headers and not count else ""
        return head + sep.join(map(_c_string, shown)) + end
    if mode == "csv":
        head = sep.join(csv_field(n, sep) for n in names) + end if s.headers and not count else ""
        return head + sep.join(s.null if t is None else csv_field(t, sep) for t in texts) + end
    # list, tabs, ascii: the fields as they are
    head = sep.join(names) + end if s.headers and not count else ""
    return head + sep.join(shown) + end


def _json_value(v: object, text: str | None, real: Callable[[float], str]) -> str:
    if v is None:
        return "null"
    if isinstance(v, bytes):  # the whole blob, NULs included
        return json_string(v.decode("utf-8", "surrogateescape"))
    if isinstance(v, float):
        return sql_value(v, text or "", real)
    if isinstance(v, int):
        return text or "0"
    return json_string(text or "")


def statement_end(s: Settings, count: int) -> str:
    return "]\n" if s.mode == "json" and count else ""
