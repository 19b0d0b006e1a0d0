"""sqlite3: the dot-commands that touch files, on the virtual disk only (sqlite3 3.40.1's texts);
the ones about settings and the schema are in dot_more.py.

Each returns 0 (done), 1 (an error; the command line's status) or 2 (.quit)."""
from __future__ import annotations

import csv
import io
import sqlite3 as sq
from collections.abc import Callable
from typing import TYPE_CHECKING

from shelldojo.shell.commands.sqlite import dot_more
from shelldojo.shell.commands.sqlite.dot_more import unescape
from shelldojo.shell.commands.sqlite.engine import SqlError
from shelldojo.shell.commands.sqlite.guard import StepError, quote_id
from shelldojo.shell.texts import verbatim

if TYPE_CHECKING:
    from shelldojo.shell.commands.sqlite.engine import Shell

MAX_READ_DEPTH = 64   # .read inside .read: the real CLI runs out of file descriptors


def _import_help() -> str:
    return verbatim("sqlite/dot-import_help")


def words(line: str) -> list[str]:
    """A dot-command's arguments as do_meta_command() splits them: blanks separate, '...' is
    literal, "..." resolves backslash escapes, an unclosed quote runs to the end."""
    out, h, n = [], 0, len(line)
    while h < n:
        while h < n and line[h].isspace():
            h += 1
        if h >= n:
            break
        if line[h] in "'\"":
            delim, h = line[h], h + 1
            start = h
            while h < n and line[h] != delim:
                h += 2 if line[h] == "\\" and delim == '"' and h + 1 < n else 1
            word = line[start:h]
            h += 1
            out.append(unescape(word) if delim == '"' else word)
        else:
            start = h
            while h < n and not line[h].isspace():
                h += 1
            out.append(line[start:h])
    return out


def run(shell: Shell, line: str) -> int:
    argv = words(line.strip())
    if not argv:
        return 0
    name = argv[0][1:]
    fn = _find(name)
    if fn is None:
        shell.ctx.err(f'Error: unknown command or invalid arguments:  "{name}". Enter ".help" for help\n')
        return 1
    try:
        return fn(shell, argv[1:])
    except (sq.Error, MemoryError) as exc:  # e.g. .tables on a file that is not a database
        shell.guard.check_stopped()
        shell.ctx.err(f"Error: {'out of memory' if isinstance(exc, MemoryError) else exc}\n")
        return 1


def _find(name: str) -> Callable[[Shell, list[str]], int] | None:
    if not name:
        return None
    for full, fn in COMMANDS.items():
        if full.startswith(name) and (len(name) >= MIN_PREFIX.get(full, 2) or full == name):
            return fn
    return None


# -- output ---------------------------------------------------------------------------
def _output(shell: Shell, args: list[str], once: bool) -> int:
    files = [a for a in args if not a.startswith("-")]
    opts = [a for a in args if a.startswith("-") and a != "-"]
    if opts or len(files) > 1:
        bad = opts[0] if opts else files[1]
        shell.out(f'ERROR: unknown option: "{bad}".  Usage:\n' if opts else "ERROR: extra parameter: "
                  f'"{bad}".  Usage:\n')
        shell.out(".once ?OPTIONS? ?FILE?   Output for the next SQL command only to FILE\n" if once else
                  ".output ?FILE?           Send output to FILE or stdout if FILE is omitted\n")
        return 1
    return shell.redirect(files[0] if files else None, once)


def dot_output(shell: Shell, args: list[str]) -> int:
    return _output(shell, args, once=False)


def dot_once(shell: Shell, args: list[str]) -> int:
    return _output(shell, args, once=True)


# -- files ----------------------------------------------------------------------------
def dot_read(shell: Shell, args: list[str]) -> int:
    if len(args) != 1:
        shell.ctx.err("Usage: .read FILE\n")
        return 1
    name = args[0]
    if name.startswith("|"):
        shell.ctx.err("Error: pipes are not supported in this OS\n")
        return 1
    if shell.depth >= MAX_READ_DEPTH:
        shell.ctx.err(f'Error: cannot open "{name}"\n')
        return 1
    try:
        data = shell.ctx.vfs.read_bytes(shell.ctx.abspath(name))
    except OSError:
        shell.ctx.err(f'Error: cannot open "{name}"\n')
        return 1
    shell.depth += 1
    try:
        return shell.process(data.decode("utf-8", "surrogateescape").split("\n"), from_file=True)
    finally:
        shell.depth -= 1


def _copy(shell: Shell, schema: str, name: str) -> int:
    if shell.guard.db.execute("SELECT 1 FROM pragma_database_list WHERE name = ? COLLATE NOCASE",
                              (schema,)).fetchone() is None:
        shell.ctx.err(f"Error: unknown database {schema}\n")
        return 1
    try:
        shell.guard.write_file(shell.ctx.abspath(name), shell.guard.serialize(schema), name)
    except StepError:
        shell.ctx.err(f'Error: cannot open "{name}"\n')
        return 1
    return 0


def dot_backup(shell: Shell, args: list[str]) -> int:
    plain = [a for a in args if not a.startswith("-")]
    if len(plain) == 1:
        return _copy(shell, "main", plain[0])
    if len(plain) == 2:
        return _copy(shell, plain[0], plain[1])
    shell.ctx.err("Usage: .backup ?DB? ?OPTIONS? FILENAME\n" if len(plain) > 2 else "missing FILENAME argument on .backup\n")
    return 1


def dot_save(shell: Shell, args: list[str]) -> int:
    return dot_backup(shell, args)


def dot_open(shell: Shell, args: list[str]) -> int:
    new = readonly = False
    name: str | None = None
    for a in args:
        if a in ("--new", "-new"):
            new = True
        elif a in ("--readonly", "-readonly"):
            readonly = True
        elif a.startswith("-"):
            shell.ctx.err(f"unknown option: {a}\n")
            return 1
        elif name is not None:
            shell.ctx.err(f"extra argument: \"{a}\"\n")
            return 1
        else:
            name = a
    shell.save()
    try:
        shell.guard.open_main(name, readonly=readonly, new=new)
    except OSError:
        shell.ctx.err(f'Error: unable to open database "{name}": unable to open database file\n')
        shell.guard.open_main(None)
    shell.db_name = name or ""
    return 0


def dot_load(shell: Shell, args: list[str]) -> int:
    if not args:
        shell.ctx.err("Usage: .load FILE ?ENTRYPOINT?\n")
        return 1
    # no extension can be loaded: SQLite's own message for a library it cannot find
    shell.ctx.err(f"Error: {args[0]}.so: cannot open shared object file: No such file or directory\n")
    return 1


def dot_import(shell: Shell, args: list[str]) -> int:
    sep = "\x1f" if shell.s.mode == "ascii" else shell.s.col_sep[:1] or "|"
    skip, schema, plain = 0, None, []
    it = iter(args)
    for a in it:
        if a in ("--csv", "-csv"):
            sep = ","
        elif a in ("--ascii", "-ascii"):
            sep = "\x1f"
        elif a in ("--skip", "-skip", "--schema", "-schema"):
            val = next(it, "")
            if a.endswith("skip"):
                skip = int(val) if val.lstrip("-").isdigit() else 0
            else:
                schema = val
        elif a in ("-v",):
            continue
        elif a.startswith("-"):
            shell.out(f'ERROR: unknown option: "{a}".  Usage:\n{_import_help()}')
            return 1
        else:
            plain.append(a)
    if len(plain) != 2:
        if len(plain) > 2:
            shell.out(f'ERROR: extra argument: "{plain[2]}".  Usage:\n{_import_help()}')
        else:
            shell.out(f"ERROR: missing {'FILE' if not plain else 'TABLE'} argument. Usage:\n{_import_help()}")
        return 1
    name, table = plain
    if name.startswith("|"):
        shell.ctx.err("Error: pipes are not supported in this OS\n")
        return 1
    try:
        data = shell.ctx.vfs.read_bytes(shell.ctx.abspath(name)).decode("utf-8", "surrogateescape")
    except OSError:
        shell.ctx.err(f'Error: cannot open "{name}"\n')
        return 1
    return _import_rows(shell, name, _rows(data, sep), table, schema, skip)


def _rows(data: str, sep: str) -> list[list[str]]:
    if sep == "\x1f":
        return [r.split("\x1f") for r in data.split("\x1e") if r]
    lines = data.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [row for row in csv.reader(io.StringIO("\n".join(lines) + "\n"), delimiter=sep, strict=False)]


def _import_rows(shell: Shell, name: str, rows: list[list[str]], table: str, schema: str | None,
                 skip: int) -> int:
    db = shell.guard.db
    full = (quote_id(schema) + "." if schema else "") + quote_id(table)
    lineno = 0
    try:
        ncol = len(db.execute(f"SELECT * FROM {full} LIMIT 0").description or ())
        exists = True
    except Exception:  # noqa: BLE001 - no such table: the first row names the columns
        exists = False
    rows = rows[skip:]
    lineno = skip
    if not exists:
        if not rows:
            shell.ctx.err(f"{name}: empty file\n")
            return 1
        header, rows = rows[0], rows[1:]
        lineno += 1
        create = f"CREATE TABLE {full}(\n" + ", ".join(f"{quote_id(h)} TEXT" for h in header) + ")"
        try:
            shell.execute(create)
        except SqlError as exc:
            shell.ctx.err(f"CREATE TABLE {full}(...) failed: {exc.message}\n")
            return 1
        ncol = len(header)
    insert = f"INSERT INTO {full} VALUES({','.join('?' * ncol)})"
    begun = not db.in_transaction
    if begun:
        db.execute("BEGIN")
    for row in rows:
        lineno += 1
        shell.ctx.check()
        if len(row) < ncol:
            shell.ctx.err(f"{name}:{lineno}: expected {ncol} columns but found {len(row)} - "
                          "filling the rest with NULL\n")
            row = row + [None] * (ncol - len(row))  # type: ignore[list-item]
        elif len(row) > ncol:
            shell.ctx.err(f"{name}:{lineno}: expected {ncol} columns but found {len(row)} - extras ignored\n")
            row = row[:ncol]
        try:
            db.execute(insert, row)
        except Exception as exc:  # noqa: BLE001 - reported per row, as the CLI does
            shell.guard.check_stopped()
            shell.ctx.err(f"{name}:{lineno}: INSERT failed: {exc}\n")
    if begun:
        db.execute("COMMIT")
    shell.save()
    return 0


# -- the existing ones ------------------------------------------------------------------
def dot_quit(shell: Shell, args: list[str]) -> int:
    return 2


def dot_exit(shell: Shell, args: list[str]) -> int:
    shell.exit_code = int(args[0]) if args and args[0].lstrip("-").isdigit() else 0
    return 2


def dot_databases(shell: Shell, args: list[str]) -> int:
    for _, name, _file in shell.guard.db.execute("PRAGMA database_list"):
        backing = shell.guard.files.get(name)
        path = backing.path if backing and backing.path else '""'
        shell.out(f"{name}: {path} {'r/o' if backing and backing.readonly else 'r/w'}\n")
    return 0


def dot_help(shell: Shell, args: list[str]) -> int:
    shell.out(verbatim("sqlite/dot_help"))
    return 0


COMMANDS: dict[str, Callable[[Shell, list[str]], int]] = {
    "backup": dot_backup, "databases": dot_databases, "exit": dot_exit,
    "help": dot_help, "import": dot_import, "load": dot_load, "once": dot_once,
    "open": dot_open, "output": dot_output, "quit": dot_quit, "read": dot_read, "save": dot_save,
    **dot_more.COMMANDS,
}
MIN_PREFIX = {"databases": 2, "exit": 4, "quit": 4, "once": 2, "open": 2, "output": 3, "headers": 2,
              "schema": 2, "save": 2}
