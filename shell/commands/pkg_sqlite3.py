"""sqlite3 (3.37.2): a real SQLite database held in memory, loaded from and saved to the
virtual file with Connection.deserialize/serialize (never a host file)."""
from __future__ import annotations

import sqlite3 as sq

from shell.commands.context import Context
from shell.commands.registry import command

HELP = """\
Usage: sqlite3 [OPTIONS] FILENAME [SQL]
FILENAME is the name of an SQLite database. A new database is created
if the file does not previously exist.
OPTIONS include:
   -header              turn headers on
   -noheader            turn headers off
   -csv                 set output mode to 'csv'
   -column              set output mode to 'column'
   -version             show SQLite version
"""
VERSION = "3.37.2 2022-01-06 13:25:41 872ba256cbf61d9290b571c0e6d82a20c224ca3ad82971edc46b29818d5dalt1\n"


class Shell:
    def __init__(self, ctx: Context, path: str | None) -> None:
        self.ctx, self.path = ctx, path
        self.db = sq.connect(":memory:")
        self.headers = False
        self.mode = "list"
        if path and ctx.vfs.isfile(path):
            data = ctx.vfs.read_bytes(path)
            if data:
                self.db.deserialize(data)

    def save(self) -> None:
        if self.path:
            data = self.db.serialize()
            if data or self.ctx.vfs.exists(self.path):
                self.ctx.vfs.write_bytes(self.path, data)

    def sql(self, text: str) -> bool:
        try:
            for stmt in _statements(text):
                cur = self.db.execute(stmt)
                rows = cur.fetchall()
                if cur.description:
                    self.show([d[0] for d in cur.description], rows)
            self.db.commit()
            self.save()
            return True
        except sq.Error as exc:
            where = "in prepare" if "no such" in str(exc) or "syntax" in str(exc) else "stepping"
            self.ctx.err(f"Error: {where}, {exc}\n" if where == "in prepare" else f"Error: {exc}\n")
            return False

    def show(self, names: list[str], rows: list[tuple]) -> None:
        def fmt(v: object) -> str:
            return "" if v is None else str(v)
        if self.mode == "csv":
            import csv
            import io
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            if self.headers:
                w.writerow(names)
            w.writerows([[fmt(v) for v in r] for r in rows])
            self.ctx.out(buf.getvalue())
        elif self.mode == "column":
            widths = [max([len(n), *(len(fmt(r[i])) for r in rows)]) for i, n in enumerate(names)]
            lines = []
            if self.headers:
                lines.append("  ".join(n.ljust(w) for n, w in zip(names, widths)))
                lines.append("  ".join("-" * w for w in widths))
            lines += ["  ".join(fmt(v).ljust(w) for v, w in zip(r, widths)) for r in rows]
            self.ctx.out("".join(line.rstrip() + "\n" for line in lines))
        else:
            if self.headers:
                self.ctx.out("|".join(names) + "\n")
            for r in rows:
                self.ctx.out("|".join(fmt(v) for v in r) + "\n")

    def dot(self, line: str) -> bool | None:
        """A dot command; returns None for .quit."""
        words = line.split()
        cmd = words[0]
        if cmd in (".quit", ".exit"):
            return None
        if cmd == ".tables":
            names = [r[0] for r in self.db.execute(
                "SELECT name FROM sqlite_schema WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY 1")]
            if names:
                self.ctx.out("  ".join(n.ljust(max(map(len, names))) for n in names).rstrip() + "\n")
            return True
        if cmd == ".schema":
            q = "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL"
            args: tuple = ()
            if len(words) > 1:
                q += " AND tbl_name = ?"
                args = (words[1],)
            for (text,) in self.db.execute(q + " ORDER BY rowid", args):
                self.ctx.out(text + ";\n")
            return True
        if cmd == ".headers" and len(words) > 1:
            self.headers = words[1] in ("on", "1", "yes")
            return True
        if cmd == ".mode" and len(words) > 1 and words[1] in ("list", "csv", "column"):
            self.mode = words[1]
            return True
        if cmd == ".help":
            self.ctx.out(".headers on|off   Turn display of headers on or off\n.mode MODE        Set output mode\n"
                         ".quit             Exit this program\n.schema ?TABLE?   Show the CREATE statements\n"
                         ".tables           List names of tables\n")
            return True
        self.ctx.err(f'Error: unknown command or invalid arguments:  "{cmd[1:]}". Enter ".help" for help\n')
        return False


def _statements(text: str) -> list[str]:
    out, cur = [], ""
    for part in text.split(";"):
        cur += part
        if sq.complete_statement(cur + ";"):
            if cur.strip():
                out.append(cur.strip())
            cur = ""
        else:
            cur += ";"
    if cur.strip():
        out.append(cur.strip())
    return out


@command("sqlite3", family="packages", package="sqlite3", summary="A command line interface for SQLite version 3")
def sqlite3(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    opts = [a for a in args if a.startswith("-")]
    rest = [a for a in args if not a.startswith("-")]
    headers, mode = False, "list"
    for o in opts:
        o = o.lstrip("-")
        if o == "version":
            ctx.out(VERSION)
            return 0
        if o == "help":
            ctx.err(HELP)
            return 1
        if o in ("header", "noheader"):
            headers = o == "header"
        elif o in ("csv", "column", "list"):
            mode = o
        else:
            ctx.err(f"sqlite3: Error: unknown option: -{o}\nUse -help for a list of options.\n")
            return 1
    path = ctx.abspath(rest[0]) if rest else None
    try:
        shell = Shell(ctx, path)
    except (OSError, sq.Error):
        ctx.err(f'Error: unable to open database "{rest[0]}": unable to open database file\n')
        return 1
    shell.headers, shell.mode = headers, mode
    if len(rest) > 1:
        ok = True
        for sql in rest[1:]:
            ok = (shell.dot(sql) is not False) if sql.startswith(".") else shell.sql(sql)
            if not ok:
                return 1
        return 0
    term = ctx.terminal
    if term is None:
        text = ctx.stdin.read().decode("utf-8", "replace")
        status = 0
        buf = ""
        for line in text.split("\n"):
            if not buf and line.startswith("."):
                if shell.dot(line) is None:
                    break
                continue
            buf += line + "\n"
            if sq.complete_statement(buf):
                status = 0 if shell.sql(buf) else 1
                buf = ""
        return status
    ctx.out('SQLite version 3.37.2 2022-01-06 13:25:41\nEnter ".help" for usage hints.\n')
    if path is None:
        ctx.out("Connected to a transient in-memory database.\n"
                'Use ".open FILENAME" to reopen on a persistent database.\n')
    buf = ""
    while True:
        ctx.check()
        line = term.read_line("   ...> " if buf else "sqlite> ")
        if line is None:
            return 0
        if not buf and line.strip().startswith("."):
            if shell.dot(line.strip()) is None:
                return 0
            continue
        buf += line + "\n"
        if sq.complete_statement(buf):
            shell.sql(buf)
            buf = ""
