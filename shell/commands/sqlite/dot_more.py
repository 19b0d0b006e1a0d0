"""sqlite3's dot-commands for settings and the schema (.mode, .headers, .separator, .nullvalue,
.width, .print, .echo, .bail, .changes, .timer, .show, .tables, .indexes, .schema, .dump), as
shell.c 3.40.1 words them.  Each returns 0, 1 (an error) like dot.py's."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from shelldojo.shell.commands.sqlite import modes, rowmodes
from shelldojo.shell.commands.sqlite.engine import _text

if TYPE_CHECKING:
    from shelldojo.shell.commands.sqlite.engine import Shell

MODES = "ascii box column csv html insert json line list markdown qbox quote table tabs tcl"
# .mode NAME in shell.c's order (a prefix takes the first): (name, mode drawn, column and row
# separators it sets, None: left as they are)
ORDER: list[tuple[str, str, str | None, str | None]] = [
    ("lines", "line", None, "\n"), ("columns", "column", None, "\n"), ("list", "list", "|", "\n"),
    ("html", "html", None, None), ("tcl", "tcl", " ", "\n"), ("csv", "csv", ",", "\r\n"),
    ("tabs", "list", "\t", None), ("insert", "insert", None, None), ("quote", "quote", ",", "\n"),
    ("ascii", "ascii", "\x1f", "\x1e"), ("markdown", "markdown", None, None), ("table", "table", None, None),
    ("box", "box", None, None), ("json", "json", None, None), ("qbox", "qbox", None, None)]
_ESC = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a", "b": "\b",
        "f": "\f", "v": "\v", "e": "\x1b"}


def unescape(text: str) -> str:
    """resolve_backslashes(): \\n, \\t, \\NNN (octal) and friends in a separator."""
    def one(m: re.Match[str]) -> str:
        body = m.group(1)
        if body[0] in "01234567":
            return chr(int(body, 8) & 0xFF)
        return _ESC.get(body, body)
    return re.sub(r"\\([0-7]{1,3}|.)", one, text, flags=re.DOTALL)


def boolean(word: str) -> bool | None:
    """booleanValue(): on/off, yes/no, true/false, numbers; None for anything else."""
    w = word.lower()
    if w in ("on", "yes", "true"):
        return True
    if w in ("off", "no", "false"):
        return False
    if re.fullmatch(r"-?\d+|0x[0-9a-f]+", w):
        return int(w, 0) != 0
    return None


def set_mode(shell: Shell, name: str, table: str | None = None) -> bool:
    """.mode NAME (or -NAME on the command line); False if there is no such mode."""
    s = shell.s
    found = [m for m in ORDER if m[0].startswith(name.lower())] if name else []
    if not found:
        return False
    _, mode, col, row = found[0]
    s.col_sep = s.col_sep if col is None else col
    s.row_sep = s.row_sep if row is None else row
    if mode in modes.COLUMNAR:
        s.wrap, s.wordwrap, s.quote = 60, False, mode == "qbox"
    if mode == "column" and not s.header_set:
        s.headers = True
    if mode == "insert":
        s.table = rowmodes.ident(table or "table")
    s.mode = mode
    return True


def dot_mode(shell: Shell, args: list[str]) -> int:
    s = shell.s
    if not args:
        extra = (f" --wrap {s.wrap} --wordwrap {'on' if s.wordwrap else 'off'} "
                 f"--{'quote' if s.quote else 'noquote'}") if s.mode in modes.COLUMNAR else ""
        shown = "box" if s.mode == "qbox" else s.mode
        shell.out(f"current output mode: {shown}{extra}\n")
        return 0
    wrap, wordwrap, quote = 60, False, False   # each .mode starts from the default options
    name: str | None = None
    table: str | None = None
    i = 0
    while i < len(args):
        a, opt = args[i], args[i].lstrip("-") if args[i].startswith("-") else ""
        if opt == "wrap" and i + 1 < len(args):
            wrap = int(args[i + 1]) if re.fullmatch(r"-?\d+", args[i + 1]) else 0
            i += 1
        elif opt == "wordwrap" and i + 1 < len(args):
            wordwrap = bool(boolean(args[i + 1]))
            i += 1
        elif opt in ("ww", "quote", "noquote"):
            wordwrap = wordwrap or opt == "ww"
            quote = quote if opt == "ww" else opt == "quote"
        elif name is None:
            name = a
            if a == "qbox":
                wrap, wordwrap, quote = 60, False, True
        elif table is None:
            table = a
        i += 1
    if name is None:  # options alone: the current mode is shown, then set again with them
        dot_mode(shell, [])
        name = "box" if s.mode == "qbox" else s.mode
    if not set_mode(shell, name, table):
        shell.ctx.err(f"Error: mode should be one of: {MODES}\n")
        return 1
    if s.mode in modes.COLUMNAR:
        s.wrap, s.wordwrap, s.quote = wrap, wordwrap, quote
    return 0


def _flag(shell: Shell, args: list[str], usage: str, set_to: Callable[[bool], None]) -> int:
    value = boolean(args[0]) if len(args) == 1 else None
    if value is None:
        shell.ctx.err(f"Usage: {usage}\n")
        return 1
    set_to(value)
    return 0


def dot_headers(shell: Shell, args: list[str]) -> int:
    def on(v: bool) -> None:
        shell.s.headers, shell.s.header_set = v, True
    return _flag(shell, args, ".headers on|off", on)


def dot_echo(shell: Shell, args: list[str]) -> int:
    return _flag(shell, args, ".echo on|off", lambda v: setattr(shell, "echo", v))


def dot_bail(shell: Shell, args: list[str]) -> int:
    return _flag(shell, args, ".bail on|off", lambda v: setattr(shell, "bail", v))


def dot_changes(shell: Shell, args: list[str]) -> int:
    return _flag(shell, args, ".changes on|off", lambda v: setattr(shell, "changes", v))


def dot_timer(shell: Shell, args: list[str]) -> int:
    return _flag(shell, args, ".timer on|off", lambda v: setattr(shell, "timer", v))


def dot_separator(shell: Shell, args: list[str]) -> int:
    if not 1 <= len(args) <= 2:
        shell.ctx.err("Usage: .separator COL ?ROW?\n")
        return 1
    shell.s.col_sep = unescape(args[0])
    if len(args) == 2:
        shell.s.row_sep = unescape(args[1])
    return 0


def dot_nullvalue(shell: Shell, args: list[str]) -> int:
    if len(args) != 1:
        shell.ctx.err("Usage: .nullvalue STRING\n")
        return 1
    shell.s.null = unescape(args[0])
    return 0


def dot_width(shell: Shell, args: list[str]) -> int:
    shell.s.widths = [int(a) if re.fullmatch(r"[-+]?\d+", a) else 0 for a in args]
    return 0


def dot_print(shell: Shell, args: list[str]) -> int:
    shell.out(" ".join(args) + "\n")
    return 0


def _c_quoted(text: str) -> str:
    out = "".join({"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\"}.get(c, c) for c in text)
    return f'"{out}"'


def dot_show(shell: Shell, args: list[str]) -> int:
    s = shell.s
    rows = [("echo", "on" if shell.echo else "off"), ("eqp", "off"), ("explain", "auto"),
            ("headers", "on" if s.headers else "off"), ("mode", s.mode), ("nullvalue", _c_quoted(s.null)),
            ("output", shell.target or "stdout"), ("colseparator", _c_quoted(s.col_sep)),
            ("rowseparator", _c_quoted(s.row_sep)), ("stats", "off"),
            ("width", "".join(f"{w} " for w in s.widths)), ("filename", shell.db_name or ":memory:")]
    shell.out("".join(f"{k:>12}: {v}\n" for k, v in rows))
    return 0


# -- the schema -----------------------------------------------------------------------------
def columns_of_names(shell: Shell, names: list[str]) -> None:
    """.tables/.indexes: names in columns down the page, 80 characters wide, padded."""
    if not names:
        return
    width = max(map(len, names))
    per_row = max(1, 80 // (width + 2))
    rows = (len(names) + per_row - 1) // per_row
    for i in range(rows):
        line = ""
        for j in range(i, len(names), rows):
            line += ("" if j < rows else "  ") + names[j].ljust(width)
        shell.out(line + "\n")


def dot_tables(shell: Shell, args: list[str]) -> int:
    q = ("SELECT name FROM sqlite_schema WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%'"
         + (" AND name LIKE ?" if args else "") + " ORDER BY 1")
    columns_of_names(shell, [r[0] for r in shell.guard.db.execute(q, tuple(args[:1]))])
    return 0


def dot_indexes(shell: Shell, args: list[str]) -> int:
    if len(args) > 1:
        shell.ctx.err("Usage: .indexes ?LIKE-PATTERN?\n")
        return 1
    q = ("SELECT name FROM sqlite_schema WHERE type='index'"
         + (" AND tbl_name LIKE ?" if args else "") + " ORDER BY 1")
    columns_of_names(shell, [r[0] for r in shell.guard.db.execute(q, tuple(args))])
    return 0


def schema_line(sql: str) -> str:
    """printSchemaLine(): a table with a quoted name is shown as CREATE TABLE IF NOT EXISTS."""
    if re.match(r"CREATE TABLE ['\"]", sql):
        return "CREATE TABLE IF NOT EXISTS " + sql[13:]
    return sql


def dot_schema(shell: Shell, args: list[str]) -> int:
    db = shell.guard.db
    q = "SELECT sql, type, name FROM sqlite_schema WHERE sql IS NOT NULL AND type != 'meta'"
    if args:
        q += " AND lower(tbl_name) LIKE lower(?)"
    for text, kind, name in db.execute(q + " ORDER BY rowid", tuple(args[:1])).fetchall():
        if kind == "view":  # shell_add_schema(): a view's columns in a comment
            cols = [r[1] for r in db.execute("SELECT * FROM pragma_table_info(?)", (name,))]
            text += f"\n/* {rowmodes.ident(name)}({','.join(map(rowmodes.ident, cols))}) */"
        shell.out(schema_line(text) + ";\n")
    return 0


def dot_dump(shell: Shell, args: list[str]) -> int:
    db = shell.guard.db
    like = " AND (" + " OR ".join("name LIKE ? ESCAPE '\\'" for _ in args) + ")" if args else ""
    shell.out("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n")
    tables = db.execute("SELECT name, sql FROM sqlite_schema WHERE type='table' AND sql NOT NULL" + like
                        + " ORDER BY name='sqlite_sequence', rowid", tuple(args)).fetchall()
    for name, sql in tables:
        shell.ctx.check()
        if name == "sqlite_sequence":
            shell.out("DELETE FROM sqlite_sequence;\n")
        elif name == "sqlite_stat1":
            shell.out("ANALYZE sqlite_schema;\n")
        elif name.startswith("sqlite_") or sql.upper().startswith("CREATE VIRTUAL TABLE"):
            continue
        else:
            shell.out(schema_line(sql) + ";\n")
        target = rowmodes.ident(name)
        for values in db.execute(f"SELECT * FROM {rowmodes.ident(name)}"):
            shell.ctx.check()
            vals = [rowmodes.sql_value(v, _text(v), shell.real20) for v in values]
            shell.out(f"INSERT INTO {target} VALUES(" + ",".join(vals) + ");\n")
    for (sql,) in db.execute("SELECT sql FROM sqlite_schema WHERE sql NOT NULL AND type IN "
                             "('index','trigger','view')" + like + " ORDER BY rowid", tuple(args)):
        shell.out(sql + ";\n")
    shell.out("COMMIT;\n")
    return 0


COMMANDS: dict[str, Callable[[Shell, list[str]], int]] = {
    "bail": dot_bail, "changes": dot_changes, "dump": dot_dump, "echo": dot_echo, "headers": dot_headers,
    "indexes": dot_indexes, "mode": dot_mode, "nullvalue": dot_nullvalue, "print": dot_print,
    "schema": dot_schema, "separator": dot_separator, "show": dot_show, "tables": dot_tables,
    "timer": dot_timer, "width": dot_width,
}
