"""sqlite3: the connection sealed to the virtual disk and bounded.

Every database lives in SQLite's memory (Connection.deserialize) and is read from and written
back to the virtual disk through ctx.vfs as the running user; SQLite never names a host file.
The authorizer refuses what would reach the host (ATTACH the program did not make itself,
VACUUM INTO, load_extension, pragmas that move temporary files or lift the memory bounds);
temp_store is forced to MEMORY so sorts and temporary tables never spill to host files.
Work is bounded by the command line's budget (progress handler: time limit, Ctrl-C, memory),
by SQLite's limits (string or blob too big) and by a hard heap limit.
"""
from __future__ import annotations

import errno
import posixpath
import sqlite3 as sq
import stat as st
from dataclasses import dataclass

from shelldojo.shell.context import Context

OK, DENY = sq.SQLITE_OK, sq.SQLITE_DENY
PROGRESS_OPS = 1000              # VM instructions between two looks at the budget (well under 1 ms)
# pragmas the user may read but not set: they reach host files or lift the program's bounds
FIXED_PRAGMAS = frozenset({"temp_store", "temp_store_directory", "data_store_directory",
                           "hard_heap_limit", "soft_heap_limit", "mmap_size"})
# functions that load host code or hand out native pointers
DENIED_FUNCTIONS = frozenset({"load_extension", "fts3_tokenizer"})
READ_ACTIONS = frozenset({sq.SQLITE_SELECT, sq.SQLITE_READ, sq.SQLITE_FUNCTION, sq.SQLITE_RECURSIVE})
WRITE_ACTIONS = frozenset({sq.SQLITE_INSERT, sq.SQLITE_UPDATE, sq.SQLITE_DELETE, sq.SQLITE_CREATE_INDEX,
                           sq.SQLITE_CREATE_TABLE, sq.SQLITE_CREATE_TRIGGER, sq.SQLITE_CREATE_VIEW,
                           sq.SQLITE_DROP_INDEX, sq.SQLITE_DROP_TABLE, sq.SQLITE_DROP_TRIGGER,
                           sq.SQLITE_DROP_VIEW, sq.SQLITE_ALTER_TABLE, sq.SQLITE_REINDEX, sq.SQLITE_ANALYZE})
FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


class StepError(Exception):
    """An error SQLite itself would report while stepping a statement: message and result code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Backing:
    """The virtual file behind one schema (None: an in-memory database)."""
    path: str | None
    readonly: bool = False
    saved: bytes = b""


def memory_budget(ctx: Context) -> int:
    return int(getattr(ctx.limits, "memory_bytes", 0) or 256 * 1024 * 1024)


class Sealed:
    """One connection whose every schema is held in memory and backed by a virtual file."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.stopped: BaseException | None = None   # the budget's exception, once it ends the work
        self.internal = False                        # the program's own statements pass the authorizer
        self.dirty = False
        self.readonly_write = False                  # the statement prepared writes a read-only file
        self.func_error: str | None = None           # writefile()'s own message (Python cannot set one)
        self.files: dict[str, Backing] = {}
        budget = memory_budget(ctx)
        self.max_length = budget // 4
        self.db = self._connect(budget)

    def _connect(self, budget: int) -> sq.Connection:
        db = sq.connect(":memory:", isolation_level=None, check_same_thread=False, cached_statements=0)
        db.text_factory = lambda b: b.decode("utf-8", "surrogateescape")
        db.setlimit(sq.SQLITE_LIMIT_LENGTH, self.max_length)
        db.setlimit(sq.SQLITE_LIMIT_SQL_LENGTH, min(self.max_length, 100_000_000))
        db.setlimit(sq.SQLITE_LIMIT_WORKER_THREADS, 0)
        db.execute("PRAGMA temp_store = MEMORY")
        # process-wide and only ever lowered by SQLite: the heap SQLite may hold at once
        heap = budget // 2
        current = db.execute("PRAGMA hard_heap_limit").fetchone()[0]
        if current == 0 or current > heap:
            db.execute(f"PRAGMA hard_heap_limit = {heap}")
        db.set_authorizer(self._authorize)
        db.set_progress_handler(self._progress, PROGRESS_OPS)
        db.create_function("readfile", 1, self._readfile)
        for n in (2, 3, 4):
            db.create_function("writefile", n, self._writefile)
        self.files["main"] = Backing(None)
        return db

    # -- the guards ---------------------------------------------------------------
    def _authorize(self, action: int, arg1: str | None, arg2: str | None, schema: str | None,
                   _trigger: str | None) -> int:
        if self.internal:
            return OK
        if action not in READ_ACTIONS:
            self.dirty = True
        if action in (sq.SQLITE_ATTACH,):
            return DENY
        if action == sq.SQLITE_PRAGMA and arg2 is not None and (arg1 or "").lower() in FIXED_PRAGMAS:
            return DENY
        if action == sq.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
            return DENY
        if action in WRITE_ACTIONS and schema is not None:
            backing = self._backing(schema)
            if backing is not None and backing.readonly:
                self.readonly_write = True   # run under query_only: SQLite's own "readonly" error
        return OK

    def _progress(self) -> int:
        try:
            self.ctx.budget.check()
        except BaseException as exc:  # noqa: BLE001 - the budget's own exception, re-raised after the statement
            self.stopped = exc
            return 1
        return 0

    def check_stopped(self) -> None:
        if self.stopped is not None:
            raise self.stopped

    def internal_sql(self, sql: str) -> None:
        self.internal = True
        try:
            self.db.execute(sql)
        finally:
            self.internal = False

    def read_only(self, on: bool) -> bool:
        """Turn query_only on for a statement that writes a read-only database; True if it
        was turned on here (and must be turned off after the statement)."""
        if not on or self.db.execute("PRAGMA query_only").fetchone()[0]:
            return False
        self.internal_sql("PRAGMA query_only = ON")
        return True

    # -- files ----------------------------------------------------------------------
    def path(self, name: str) -> str:
        return self.ctx.abspath(name)

    def load(self, path: str, create: bool = True) -> tuple[bytes, bool]:
        """A database file's bytes and whether it is read-only for the user; a missing file is
        created empty, as SQLite does on open.  Raises OSError."""
        vfs = self.ctx.vfs
        if vfs.exists(path):
            data = vfs.read_bytes(path)
            return data, not vfs.access(path, 2)
        if not create:
            raise OSError(errno.ENOENT, "No such file or directory", path)
        vfs.write_bytes(path, b"")
        return b"", False

    def open_main(self, name: str | None, readonly: bool = False, new: bool = False) -> None:
        """(Re)open the main database on a virtual file (None: in memory).  Raises OSError."""
        data, ro = b"", False
        path = None if name in (None, "", ":memory:") else self.path(name or "")
        if path is not None:
            if new and self.ctx.vfs.exists(path):
                self.ctx.vfs.write_bytes(path, b"")
            data, ro = self.load(path, create=not readonly)
        # a new connection, as the CLI's .open closes the old one (attached and temp go too)
        self.db.close()
        self.files = {}
        self.db = self._connect(memory_budget(self.ctx))
        if data:
            self.internal = True  # sqlite3_deserialize runs an ATTACH of its own
            try:
                self.db.deserialize(data)
            finally:
                self.internal = False
        self.files["main"] = Backing(path, ro or readonly, data)

    def _backing(self, schema: str) -> Backing | None:
        for name, backing in self.files.items():
            if name.lower() == schema.lower():
                return backing
        return None

    def attach(self, filename: str, schema: str) -> None:
        """ATTACH 'file' AS schema, the file read from the virtual disk."""
        path = None if filename in ("", ":memory:") else self.path(filename)
        data, ro = b"", False
        if path is not None:
            try:
                data, ro = self.load(path)
            except OSError:
                raise StepError(f"unable to open database: {filename}", sq.SQLITE_CANTOPEN) from None
        self.internal = True
        try:
            self.db.execute("ATTACH ':memory:' AS " + quote_id(schema))
            if data:
                self.db.deserialize(data, name=schema)
                try:  # SQLite reads the header at ATTACH: a text file is refused there
                    self.db.execute(f"SELECT count(*) FROM {quote_id(schema)}.sqlite_master").fetchone()
                except sq.DatabaseError as exc:
                    self.db.execute("DETACH " + quote_id(schema))
                    raise StepError(str(exc), getattr(exc, "sqlite_errorcode", sq.SQLITE_NOTADB)) from None
        finally:
            self.internal = False
        self.files[schema] = Backing(path, ro, data)

    def detach(self, schema: str) -> None:
        self.save()
        self.db.execute("DETACH " + quote_id(schema))
        for name in list(self.files):
            if name.lower() == schema.lower():
                del self.files[name]

    def serialize(self, schema: str = "main") -> bytes:
        self.internal = True
        try:
            if not self.db.execute(f"PRAGMA {quote_id(schema)}.page_count").fetchone()[0]:
                return b""
            return self.db.serialize(name=schema)
        finally:
            self.internal = False

    def vacuum_into(self, schema: str, filename: str) -> None:
        if self._backing(schema) is None:
            raise StepError(f"unknown database {schema}")
        if self.db.in_transaction:
            raise StepError("cannot VACUUM from within a transaction")
        if filename == ":memory:":
            return
        path, vfs = self.path(filename), self.ctx.vfs
        if vfs.exists(path) and (vfs.isdir(path) or vfs.stat(path).st_size > 0):
            raise StepError("output file already exists")
        self.write_file(path, self.serialize(schema) or _empty_image(), filename)

    def write_file(self, path: str, data: bytes, shown: str) -> None:
        try:
            self.ctx.vfs.write_bytes(path, data)
        except OSError as exc:
            if exc.errno in FULL:
                raise StepError("database or disk is full", sq.SQLITE_FULL) from None
            raise StepError(f"unable to open database: {shown}", sq.SQLITE_CANTOPEN) from None

    def save(self) -> None:
        """Write back every changed database backed by a virtual file (not inside a transaction:
        SQLite would not have committed yet)."""
        if not self.dirty or self.db.in_transaction:
            return
        self.dirty = False
        for schema, backing in self.files.items():
            if backing.path is None or backing.readonly:
                continue
            data = self.serialize(schema)
            if data != backing.saved:
                self.write_file(backing.path, data, backing.path)
                backing.saved = data

    # -- readfile() and writefile(), on the virtual disk -----------------------------------
    def _readfile(self, name: object) -> bytes | None:
        if name is None:
            return None
        try:
            return self.ctx.vfs.read_bytes(self.path(_text(name)))
        except OSError:
            return None

    def _writefile(self, name: object, data: object, mode: object = None, mtime: object = None) -> int | None:
        if name is None:
            return None
        shown = _text(name)
        path = self.path(shown)
        try:
            written = self._write_one(path, data, int(mode) if isinstance(mode, (int, float)) else None)
            if isinstance(mtime, (int, float)):
                self.ctx.vfs.utime(path, (float(mtime), float(mtime)), follow=False)
        except (OSError, ValueError):
            if mode is not None:
                kind = int(mode) if isinstance(mode, (int, float)) else 0
                what = "create symlink" if st.S_ISLNK(kind) else \
                    "create directory" if st.S_ISDIR(kind) else "write file"
                self.func_error = f"failed to {what}: {shown}"
                raise ValueError(self.func_error) from None
            return None
        return written

    def _write_one(self, path: str, data: object, mode: int | None) -> int | None:
        vfs = self.ctx.vfs
        if mode is not None and st.S_ISLNK(mode):
            vfs.symlink(_text(data), path)
            return None
        if mode is not None and st.S_ISDIR(mode):
            if not vfs.isdir(path):
                self._make_parents(path)
                vfs.mkdir(path, mode & 0o777)
            return None
        blob = _bytes(data)
        try:
            vfs.write_bytes(path, blob)
        except FileNotFoundError:
            self._make_parents(path)
            vfs.write_bytes(path, blob)
        if mode is not None:
            vfs.chmod(path, mode & 0o7777)
        return len(blob)

    def _make_parents(self, path: str) -> None:
        parent = posixpath.dirname(path.rstrip("/"))
        if parent and not self.ctx.vfs.isdir(parent):
            self.ctx.vfs.makedirs(parent, exist_ok=True)


def _empty_image() -> bytes:
    """An empty database as VACUUM INTO writes it: one page, no schema."""
    scratch = sq.connect(":memory:")
    try:
        scratch.execute("PRAGMA user_version = 0")
        scratch.execute("CREATE TABLE x(a)")
        scratch.execute("DROP TABLE x")
        scratch.execute("VACUUM")
        return scratch.serialize()
    finally:
        scratch.close()


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    return str(value)


def _bytes(value: object) -> bytes:
    if value is None:
        return b""
    if isinstance(value, bytes):
        return value
    return _text(value).encode("utf-8", "surrogateescape")


def quote_id(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
