"""sqlite3's state between commands: the sealed connection, the output settings and where
output goes (.output/.once), running SQL text and drawing its rows (shell.c 3.40.1).

Errors carry their phase ("in prepare" / "stepping"), SQLite's message and result code and the
caret context; the caller words them for its input (argument, file or pipe, terminal)."""
from __future__ import annotations

import math
import sqlite3 as sq
from collections.abc import Callable, Iterable

from shelldojo.shell.commands.sqlite import modes, rowmodes
from shelldojo.shell.commands.sqlite.guard import Sealed, StepError
from shelldojo.shell.commands.sqlite.sql import (
    Attach,
    Detach,
    VacuumInto,
    error_context,
    error_offset,
    recognise,
    spans,
)
from shelldojo.shell.context import Context

FLUSH_BYTES = 64 * 1024
TIMER = "Run Time: real 0.000 user 0.000000 sys 0.000000\n"   # our clock is not the host's: zeros


class SqlError(Exception):
    """A statement failed: phase, SQLite's message, result code and caret lines."""

    def __init__(self, phase: str, message: str, code: int, context: str = "") -> None:
        super().__init__(message)
        self.phase, self.message, self.code, self.context = phase, message, code, context

    def tail(self) -> str:
        return f"{self.message}{f' ({self.code})' if self.code > 1 else ''}{self.context}"

    def one_shot(self) -> str:
        """An SQL argument on the command line: "Error: in prepare, ..."."""
        return f"Error: {self.phase}, {self.tail()}\n"

    def in_input(self, line: int | None) -> str:
        """SQL read from a file or a pipe (line N) or typed at the prompt (None)."""
        kind = "Parse error" if self.phase == "in prepare" else "Runtime error"
        where = f"{kind} near line {line}:" if line is not None else f"{kind}:"
        return f"{where} {self.tail()}\n"


class Shell:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.guard = Sealed(ctx)
        self.db_name = ""
        self.s = modes.Settings()
        self.echo = self.bail = self.timer = self.changes = False
        self.interactive = False
        self.batch = False                # -batch: no prompt even on a terminal
        self.depth = 0                    # .read nesting
        self.exit_code: int | None = None  # .exit CODE
        self.target: str | None = None    # .output/.once: a virtual file (None: standard output)
        self.discard = False              # .output off
        self.once = 0                     # commands left before .once's file closes
        self.pending = bytearray()
        self.last_code = 0
        self._printf: sq.Connection | None = None
        # process_input() over lines (sqlite3.py sets it: .read runs a file's lines through it)
        self.process: Callable[[Iterable[str | None], bool], int] = lambda lines, from_file: 0

    # -- output -----------------------------------------------------------------------------
    def out(self, text: str | bytes) -> None:
        data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
        if self.discard or not data:
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

    def execute(self, text: str) -> None:
        """Run every statement of `text` until one fails (raises SqlError)."""
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace").split("\0")[0]
        for ctx_at, start, end in spans(text):
            self.ctx.check()
            self.guard.func_error = None
            stmt = text[start:end]
            special = recognise(stmt)
            try:
                if special is None:
                    self.statement(stmt, text[ctx_at:], start - ctx_at)
                elif isinstance(special, Attach):
                    self.guard.attach(special.filename, special.schema)
                elif isinstance(special, Detach):
                    self.guard.detach(special.schema)
                elif isinstance(special, VacuumInto):
                    self.guard.vacuum_into(special.schema, special.filename)
                self.guard.save()
            except StepError as exc:
                raise SqlError("stepping", str(exc), exc.code) from None
            except (sq.Error, MemoryError) as exc:
                self.guard.check_stopped()
                msg, code = _explain(exc)
                raise SqlError("stepping", self.guard.func_error or msg, code) from None

    def statement(self, stmt: str, rest: str, at: int) -> None:
        db, guard = self.guard.db, self.guard
        guard.readonly_write = False
        try:
            db(stmt)  # prepare only: SQLite's parse errors are "in prepare"
        except (sq.Error, MemoryError) as exc:
            guard.check_stopped()
            msg, code = _explain(exc)
            offset = error_offset(db, stmt, msg) if isinstance(exc, sq.Error) else -1
            raise SqlError("in prepare", msg, code,
                           error_context(rest, at + offset if offset >= 0 else -1)) from None
        forced = guard.read_only(guard.readonly_write)
        try:
            cur = db.execute(stmt)
            names = [d[0] for d in cur.description] if cur.description else []
            self.draw(names, cur)
        finally:
            if forced:
                guard.internal_sql("PRAGMA query_only = OFF")
        guard.check_stopped()

    def draw(self, names: list[str], cur: sq.Cursor) -> None:
        s, count = self.s, 0
        if s.mode in modes.COLUMNAR:
            rows = []
            for values in cur:
                self.ctx.check()
                rows.append([self.cell(v) for v in values])
            self.out(modes.columnar(s, names, rows))
            return
        for values in cur:
            self.ctx.check()
            texts = [None if v is None else _text(v) for v in values]
            self.out(rowmodes.row(s, names, values, texts, count, self.real20))
            count += 1
        self.out(rowmodes.statement_end(s, count))

    def cell(self, v: object) -> str:
        if self.s.quote:
            return rowmodes.sql_value(v, _text(v), self.real20, escaped=False)
        return self.s.null if v is None else _text(v)

    def real20(self, v: float) -> str:
        """SQLite's own "%!.20g" (quote, insert and json modes)."""
        if self._printf is None:
            self._printf = sq.connect(":memory:")
        return str(self._printf.execute("SELECT printf('%!.20g', ?)", (v,)).fetchone()[0])

    def changes_line(self) -> str:
        n = self.guard.db.execute("SELECT changes()").fetchone()[0]
        return f"changes: {n}   total_changes: {self.guard.db.total_changes}\n"

    def close(self) -> None:
        self.flush()
        self.guard.db.close()
        if self._printf is not None:
            self._printf.close()


def _explain(exc: BaseException) -> tuple[str, int]:
    if isinstance(exc, MemoryError):
        return "out of memory", sq.SQLITE_NOMEM
    code = getattr(exc, "sqlite_errorcode", None)
    return str(exc), (code & 0xFF) if isinstance(code, int) else sq.SQLITE_ERROR


def _real(v: float) -> str:
    """A REAL as SQLite prints it ("%!.15g")."""
    if math.isnan(v):
        return ""
    if v == 0:
        return "0.0"  # -0.0 too
    if v in (float("inf"), float("-inf")):
        return "Inf" if v > 0 else "-Inf"
    s = f"{v:.15g}"
    mant, _, exp = s.partition("e")
    if "." not in mant:
        mant += ".0"
    return mant + ("e" + exp if exp else "")


def _text(v: object) -> str:
    """sqlite3_column_text() as the CLI prints it with %s (up to a NUL)."""
    if v is None:
        return ""
    if isinstance(v, float):
        return _real(v)
    if isinstance(v, bytes):
        return v.split(b"\0")[0].decode("utf-8", "surrogateescape")
    return str(v).split("\0")[0]
