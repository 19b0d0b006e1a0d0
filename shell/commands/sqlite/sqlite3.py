"""sqlite3 (3.37.2): a real SQLite database held in memory, loaded from and saved to the
virtual file with Connection.deserialize/serialize (never a host file).

The connection and its guards are in pkg_sqlite3_guard, the dot-commands in pkg_sqlite3_dot,
statement splitting in pkg_sqlite3_sql.  Error texts follow 3.37.2: "Error: in prepare, MSG (RC)"
and "Error: stepping, MSG (RC)", with "near line N: " for input read from a file or a pipe."""
from __future__ import annotations

import csv
import io
import math
import sqlite3 as sq
from collections.abc import Iterable

from shelldojo.shell.commands.sqlite import dot
from shelldojo.shell.commands.sqlite.guard import Sealed, StepError
from shelldojo.shell.commands.sqlite.sql import Attach, Detach, VacuumInto, recognise, statements
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

FLUSH_BYTES = 64 * 1024


class SqlError(Exception):
    """A statement failed: the CLI's message (without "Error: ") and result code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


class Shell:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.guard = Sealed(ctx)
        self.db_name = ""
        self.headers = False
        self.mode = "list"
        self.depth = 0                    # .read nesting
        self.exit_code: int | None = None  # .exit CODE
        self.target: str | None = None    # .output/.once: a virtual file (None: standard output)
        self.discard = False              # .output off
        self.once = 0                     # commands left before .once's file closes
        self.pending = bytearray()
        self.last_code = 0

    # -- output -----------------------------------------------------------------------------
    def out(self, text: str | bytes) -> None:
        data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
        if self.discard:
            return
        if self.target is None:
            self.ctx.out(data)
            return
        self.pending += data
        if len(self.pending) >= FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        if self.target is not None and self.pending:
            try:
                self.ctx.vfs.write_bytes(self.target, bytes(self.pending), append=True)
            except OSError:
                pass  # fprintf to a full disk: the CLI does not notice either
            self.pending.clear()

    def redirect(self, name: str | None, once: bool) -> int:
        """.output FILE / .once FILE (None, "stdout": back to standard output; "off": nowhere)."""
        self.reset_output()
        if name is None or (name == "stdout" and not once):
            return 0
        if name.startswith("|"):
            self.ctx.err("Error: pipes are not supported in this OS\n")
            return 1
        if name == "off":
            self.discard = True
        else:
            path = self.ctx.abspath(name)
            try:
                self.ctx.vfs.write_bytes(path, b"")
            except OSError:
                self.ctx.err(f'Error: cannot open "{name}"\nError: cannot write to "{name}"\n')
                return 1
            self.target = path
        self.once = 2 if once else 0
        return 0

    def reset_output(self) -> None:
        self.flush()
        self.target, self.discard, self.once = None, False, 0

    def after_command(self, was_sql: bool) -> None:
        """.once lasts until the next SQL statement or the dot-command after it."""
        if self.once:
            self.once -= 1
            if was_sql or self.once == 0:
                self.reset_output()

    # -- SQL --------------------------------------------------------------------------------
    def save(self) -> None:
        self.guard.save()

    def run_one(self, text: str, prefix: str = "") -> bool:
        """Run SQL text (one or more statements); print the first error with `prefix`."""
        try:
            self.execute(text)
        except SqlError as exc:
            self.ctx.err(f"Error: {prefix}{exc}\n")
            self.last_code = exc.code
            return False
        return True

    def execute(self, text: str) -> None:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace").split("\0")[0]
        for stmt in statements(text):
            self.ctx.check()
            self.guard.func_error = None
            special = recognise(stmt)
            try:
                if special is None:
                    self.statement(stmt)
                elif isinstance(special, Attach):
                    self.guard.attach(special.filename, special.schema)
                elif isinstance(special, Detach):
                    self.guard.detach(special.schema)
                elif isinstance(special, VacuumInto):
                    self.guard.vacuum_into(special.schema, special.filename)
                self.guard.save()
            except StepError as exc:
                raise SqlError(f"stepping, {exc} ({exc.code})", exc.code) from None
            except (sq.Error, MemoryError) as exc:
                self.guard.check_stopped()
                msg, code = _explain(exc)
                raise SqlError(f"stepping, {self.guard.func_error or msg} ({code})", code) from None

    def statement(self, stmt: str) -> None:
        db, guard = self.guard.db, self.guard
        guard.readonly_write = False
        try:
            db(stmt)  # prepare only: SQLite's parse errors are "in prepare"
        except (sq.Error, MemoryError) as exc:
            guard.check_stopped()
            msg, code = _explain(exc)
            raise SqlError(f"in prepare, {msg} ({code})", code) from None
        forced = guard.read_only(guard.readonly_write)
        try:
            cur = db.execute(stmt)
            names = [d[0] for d in cur.description] if cur.description else []
            first = True
            for row in cur:
                self.ctx.check()
                self.show_row(names, row, first)
                first = False
        finally:
            if forced:
                guard.internal_sql("PRAGMA query_only = OFF")
        guard.check_stopped()

    def show_row(self, names: list[str], row: tuple, first: bool) -> None:
        if self.mode == "csv":
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\r\n")
            if first and self.headers:
                w.writerow(names)
            w.writerow([_text(v) for v in row])
            self.out(buf.getvalue())
        elif self.mode == "column":
            widths = [max(len(n), 10) for n in names]
            if first and self.headers:
                self.out("  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip() + "\n")
                self.out("  ".join("-" * w for w in widths) + "\n")
            self.out("  ".join(_text(v).ljust(w) for v, w in zip(row, widths)).rstrip() + "\n")
        else:
            if first and self.headers:
                self.out("|".join(names) + "\n")
            self.out(b"|".join(_raw(v) for v in row) + b"\n")

    # -- input ------------------------------------------------------------------------------
    def process(self, lines: Iterable[str | None], from_file: bool) -> int:
        """The CLI's process_input: dot-commands at the start of a line, SQL until complete.
        Returns 1 if anything failed, 2 after .quit."""
        errors = 0
        buf, start = "", 0
        for lineno, line in enumerate(lines, 1):
            if line is None:
                break
            self.ctx.check()
            if not buf and not line.strip():
                continue
            if not buf and line[:1] in (".", "#"):
                if line[0] == "#":
                    continue
                rc = dot.run(self, line)
                self.after_command(False)
                if rc == 2:
                    return 2
                errors += rc != 0
                continue
            if not buf:
                start = lineno
            buf += line + "\n"
            if sq.complete_statement(buf):
                where = f"near line {start}: " if from_file else ""
                errors += not self.run_one(buf, where)
                self.after_command(True)
                buf = ""
        if buf.strip():
            self.ctx.err(f"Error: incomplete SQL: {buf.rstrip(chr(10))}\n")
            errors += 1
        return 1 if errors else 0

    def close(self) -> None:
        self.flush()
        self.guard.db.close()


def _explain(exc: BaseException) -> tuple[str, int]:
    if isinstance(exc, MemoryError):
        return "out of memory", sq.SQLITE_NOMEM
    code = getattr(exc, "sqlite_errorcode", None)
    return str(exc), (code & 0xFF) if isinstance(code, int) else sq.SQLITE_ERROR


def _real(v: float) -> str:
    """A REAL as SQLite prints it ("%!.15g")."""
    if math.isnan(v):
        return ""
    if v in (float("inf"), float("-inf")):
        return "Inf" if v > 0 else "-Inf"
    s = f"{v:.15g}"
    mant, _, exp = s.partition("e")
    if "." not in mant:
        mant += ".0"
    return mant + ("e" + exp if exp else "")


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return _real(v)
    if isinstance(v, bytes):
        return v.decode("utf-8", "surrogateescape")
    return str(v)


def _raw(v: object) -> bytes:
    return v if isinstance(v, bytes) else _text(v).encode("utf-8", "surrogateescape")


@command("sqlite3", family="packages", package="sqlite3", summary="A command line interface for SQLite version 3")
def sqlite3(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    opts = [a for a in args if a.startswith("-")]
    rest = [a for a in args if not a.startswith("-")]
    headers, mode = False, "list"
    for o in opts:
        o = o.lstrip("-")
        if o == "version":
            ctx.out(verbatim("sqlite/sqlite3_version"))
            return 0
        if o == "help":
            ctx.err(verbatim("sqlite/sqlite3_help"))
            return 1
        if o in ("header", "noheader"):
            headers = o == "header"
        elif o in ("csv", "column", "list"):
            mode = o
        else:
            ctx.err(f"sqlite3: Error: unknown option: -{o}\nUse -help for a list of options.\n")
            return 1
    shell = Shell(ctx)
    try:
        return _main(shell, rest, headers, mode)
    finally:
        shell.close()


def _main(shell: Shell, rest: list[str], headers: bool, mode: str) -> int:
    ctx = shell.ctx
    name = rest[0] if rest else None
    try:
        shell.guard.open_main(name)
    except OSError:
        ctx.err(f'Error: unable to open database "{name}": unable to open database file\n')
        return 1
    shell.db_name = name or ""
    shell.headers, shell.mode = headers, mode
    if len(rest) > 1:
        for sql in rest[1:]:
            if sql.startswith("."):
                rc = dot.run(shell, sql)
                shell.after_command(False)
                if rc:
                    return 0 if rc == 2 else rc
            elif not shell.run_one(sql):
                return shell.last_code or 1
            else:
                shell.after_command(True)
        return 0
    term = ctx.terminal
    if term is None:
        text = ctx.stdin.read().decode("utf-8", "surrogateescape")
        rc = shell.process(text.split("\n"), from_file=True)
        return shell.exit_code if shell.exit_code is not None else (0 if rc == 2 else rc)
    ctx.out('SQLite version 3.37.2 2022-01-06 13:25:41\nEnter ".help" for usage hints.\n')
    if name is None:
        ctx.out("Connected to a transient in-memory database.\n"
                'Use ".open FILENAME" to reopen on a persistent database.\n')
    state = {"buf": False}

    def typed() -> Iterable[str | None]:
        while True:
            ctx.check()
            yield term.read_line("   ...> " if state["buf"] else "sqlite> ")

    shell.process(_tracking(typed(), state), from_file=False)
    return shell.exit_code or 0


def _tracking(lines: Iterable[str | None], state: dict[str, bool]) -> Iterable[str | None]:
    """Lines typed at the prompt; state["buf"] says whether an SQL statement is unfinished
    (for the continuation prompt)."""
    buf = ""
    for line in lines:
        yield line
        if line is None:
            return
        if not buf and (not line.strip() or line[:1] in (".", "#")):
            continue
        buf += line + "\n"
        if sq.complete_statement(buf):
            buf = ""
        state["buf"] = bool(buf)
