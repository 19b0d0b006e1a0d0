"""A class's progress store: every student of one class in one database, keyed by name.
SQLite (stdlib) is the embedded default; PostgreSQL sits behind the same interface so several
`shelldojo serve` processes can share one store (issue 18).

    open_student_store(name, data_dir=DIR, url=None) -> StudentStore   (what the trainer uses:
        ProgressStore's methods, each scoped to one student)
    open_class_store(DIR, url=None) -> ClassStore                        (the dashboard's view:
        students(), student(name), close())

`url`: None (DIR/class.sqlite3), a SQLite file (`sqlite:///abs/path` or a plain path) or
`postgresql://user:pw@host/db` (its connector comes from the serving front end, which alone may
open sockets: shell/serve/pgstore.py registers it).

One database per class, students as a column, rather than one SQLite file per student: one schema
and ONE code path for both backends (the same tests prove both), the dashboard lists the class in
one query, and a class is one file to back up.  SQLite's single writer is no bottleneck here: a
write is one short transaction (WAL, see the measured rate in tests/test_stores.py's benchmark).

Concurrency: every write is one transaction, committed before the call returns.  Different
students never touch the same rows.  The same student written from two processes: each row is
last-writer-wins (upserts; counters such as hints are incremented in the database, never lost).
To keep two trainers off one student, a front end takes the student's lease (`claim`/`release`,
a row with a holder and an expiry) and refuses or takes over when another process holds it.

The dialects, the schema, the SQLite connector and the connection pool are in store_sql.py
(re-exported here: `from shelldojo.challenges.stores import Dialect` keeps working).
"""
from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from shelldojo.challenges.progress import CardRow, StoreDamaged, _probe
from shelldojo.challenges.store_sql import SCHEMA, SQLITE, Connect, Connector, Dialect, _dead, _Pool, _sqlite

__all__ = ["MAX_MACHINE_BYTES", "MAX_NAME", "MAX_SETTING_BYTES", "SCHEMA", "SQLITE", "STORE_FILE", "ClassStore",
           "Connect", "Connector", "Dialect", "MachineTooLarge", "StudentRow", "StudentStore", "check_name",
           "close_all", "open_class_store", "open_student_store", "register_connector"]

STORE_FILE = "class.sqlite3"
MAX_NAME = 32
MAX_MACHINE_BYTES = 32 * 1024 * 1024   # a compressed cloud; a class of 50 stays a few GB at worst
MAX_SETTING_BYTES = 16 * 1024 * 1024   # the trainer's where/ JSON: up to 10,000 commands and 64 KiB output
MAX_KEY = 512
_NAME = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._-]{{0,{MAX_NAME - 1}}}", re.ASCII)
_CONNECTORS: dict[str, Connector] = {}


def register_connector(scheme: str, connector: Connector) -> None:
    """How to reach `scheme://` stores (the serving front end registers postgresql)."""
    _CONNECTORS[scheme] = connector


class MachineTooLarge(ValueError):
    """A machine (or setting) bigger than the class store keeps: the previous save stays."""


def check_name(name: str) -> str:
    """The student's name as a key, or ValueError saying what is wrong: 1-32 ASCII letters,
    digits, `.`, `_`, `-`, starting with a letter or digit (the serving front end's rule too):
    safe as an SSH user name, a file name, a CSV cell and an HTML text, one spelling per name."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"the name must be 1 to {MAX_NAME} letters, digits, '.', '_' or '-', "
                         "starting with a letter or digit")
    return name


@dataclass(frozen=True)
class StudentRow:
    """One student as the dashboard lists them."""
    name: str
    created: float
    last_active: float
    current: tuple[str, str] | None
    progress: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)  # -> (status, hints)


class ClassStore:
    """One class's database.  Thread-safe: the serving front end runs trainers in worker threads."""

    def __init__(self, dialect: Dialect, connect: Connect, *, data_dir: str, where: str,
                 pool_size: int = 4, max_machine_bytes: int = MAX_MACHINE_BYTES) -> None:
        self.dialect, self.where = dialect, where
        self.path = os.path.join(os.path.abspath(data_dir), STORE_FILE)  # its folder: the data dir
        self.max_machine_bytes = max_machine_bytes
        self._pool = _Pool(connect, pool_size)
        with self.tx() as ex:
            if dialect.schema_lock:
                ex(dialect.schema_lock)
            for statement in dialect.schema():
                ex(statement)

    @contextmanager
    def _first(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, Any]]:
        """A connection and the cursor of its first statement.  A pooled connection that died
        while idle (the PostgreSQL server restarted) is replaced once: nothing had run on it."""
        for attempt in range(2):
            with self._pool.conn() as conn:
                try:
                    cur = conn.execute(sql, params)
                except Exception:
                    if attempt or not _dead(conn):
                        raise
                    continue
                yield conn, cur
                return

    @contextmanager
    def tx(self) -> Iterator[Callable[..., Any]]:
        """One transaction: yields `ex(sql, params)` (placeholders `?`, translated per dialect)."""
        with self._first(self.dialect.begin) as (conn, _):
            try:
                yield lambda sql, params=(): conn.execute(self.dialect.sql(sql), params)
            except BaseException:
                with suppress(Exception):  # a dead connection: the server rolled back
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._first(self.dialect.sql(sql), params) as (_, cur):
            return [tuple(row) for row in cur.fetchall()]

    def student(self, name: str) -> StudentStore:
        return StudentStore(self, check_name(name))

    def students(self) -> list[StudentRow]:
        """Every student of the class, by name, with where they are and their progress."""
        current = dict(self.read("SELECT student, value FROM dojo_settings WHERE key='current'"))
        progress: dict[str, dict[tuple[str, str], tuple[str, int]]] = {}
        for student, pack, challenge, status, hints in self.read(
                "SELECT student, pack, challenge, status, hints_used FROM dojo_progress"):
            progress.setdefault(student, {})[(pack, challenge)] = (status, int(hints))
        rows = []
        for name, created, active in self.read(
                "SELECT student, created, last_active FROM dojo_students ORDER BY student"):
            rows.append(StudentRow(name, float(created), float(active), _where(current.get(name)),
                                   progress.get(name, {})))
        return rows

    def close(self) -> None:
        self._pool.close()
        with _OPEN_LOCK:
            for key, store in list(_OPEN.items()):
                if store is self:
                    del _OPEN[key]


def _where(value: str | None) -> tuple[str, str] | None:
    if not value or "/" not in value:
        return None
    pack, challenge = value.split("/", 1)
    return pack, challenge


class StudentStore:
    """ProgressStore's interface (what challenges/trainer.py calls) for one student of a class."""

    def __init__(self, room: ClassStore, name: str) -> None:
        self.room, self.name, self.path = room, name, room.path
        now = time.time()
        with room.tx() as ex:
            ex("INSERT INTO dojo_students(student, created, last_active) VALUES (?,?,?) "
               "ON CONFLICT(student) DO NOTHING", (name, now, now))

    @contextmanager
    def _write(self) -> Iterator[Callable[..., Any]]:
        with self.room.tx() as ex:
            yield ex
            ex("UPDATE dojo_students SET last_active=? WHERE student=?", (time.time(), self.name))

    def _one(self, sql: str, *params: Any) -> Any:
        rows = self.room.read(sql, (self.name, *params))
        return rows[0][0] if rows else None

    def close(self) -> None:
        """The connections belong to the class store (shared by its students): nothing to do."""

    # -- challenge status ------------------------------------------------------
    def status(self, pack: str, challenge: str) -> str:
        return self._one("SELECT status FROM dojo_progress WHERE student=? AND pack=? AND challenge=?",
                         pack, challenge) or ""

    def set_status(self, pack: str, challenge: str, status: str) -> None:
        with self._write() as ex:
            ex("INSERT INTO dojo_progress(student, pack, challenge, status, updated) VALUES (?,?,?,?,?) "
               "ON CONFLICT(student, pack, challenge) DO UPDATE SET status=excluded.status, "
               "updated=excluded.updated", (self.name, pack, challenge, status, time.time()))

    def statuses(self, pack: str) -> dict[str, str]:
        return dict(self.room.read("SELECT challenge, status FROM dojo_progress WHERE student=? AND pack=?",
                                   (self.name, pack)))

    def hints_used(self, pack: str, challenge: str) -> int:
        return int(self._one("SELECT hints_used FROM dojo_progress WHERE student=? AND pack=? AND challenge=?",
                             pack, challenge) or 0)

    def use_hint(self, pack: str, challenge: str) -> int:
        """Count one more hint (in the database: two processes never lose one); how many now."""
        with self._write() as ex:
            row = ex("INSERT INTO dojo_progress(student, pack, challenge, hints_used, updated) "
                     "VALUES (?,?,?,1,?) ON CONFLICT(student, pack, challenge) DO UPDATE SET "
                     "hints_used=dojo_progress.hints_used+1, updated=excluded.updated RETURNING hints_used",
                     (self.name, pack, challenge, time.time())).fetchone()
        return int(row[0])

    # -- where the learner is ------------------------------------------------------
    def setting(self, key: str) -> str | None:
        value = self._one("SELECT value FROM dojo_settings WHERE student=? AND key=?", key)
        return None if value is None else str(value)

    def set_setting(self, key: str, value: str) -> None:
        if len(key) > MAX_KEY or len(value) > MAX_SETTING_BYTES:
            raise MachineTooLarge(f"the setting {key[:40]!r} is too large to save ({len(value)} characters)")
        with self._write() as ex:
            ex("INSERT INTO dojo_settings(student, key, value) VALUES (?,?,?) "
               "ON CONFLICT(student, key) DO UPDATE SET value=excluded.value", (self.name, key, value))

    def current(self) -> tuple[str, str] | None:
        return _where(self.setting("current"))

    def set_current(self, pack: str, challenge: str) -> None:
        self.set_setting("current", f"{pack}/{challenge}")

    # -- the learner's machine per pack ---------------------------------------------
    def save_machine(self, pack: str, challenge: str, state: bytes) -> None:
        if len(state) > self.room.max_machine_bytes:
            raise MachineTooLarge(f"the machine is too large to save ({len(state)} bytes compressed; "
                                  f"the class store keeps at most {self.room.max_machine_bytes})")
        with self._write() as ex:
            ex("INSERT INTO dojo_machines(student, pack, challenge, state, updated) VALUES (?,?,?,?,?) "
               "ON CONFLICT(student, pack) DO UPDATE SET challenge=excluded.challenge, state=excluded.state, "
               "updated=excluded.updated", (self.name, pack, challenge, bytes(state), time.time()))

    def load_machine(self, pack: str) -> tuple[str, bytes] | None:
        rows = self.room.read("SELECT challenge, state FROM dojo_machines WHERE student=? AND pack=?",
                              (self.name, pack))
        return (str(rows[0][0]), bytes(rows[0][1])) if rows else None

    def drop_machine(self, pack: str) -> None:
        with self._write() as ex:
            ex("DELETE FROM dojo_machines WHERE student=? AND pack=?", (self.name, pack))

    # -- the cheat sheet ---------------------------------------------------------------
    def unlock_card(self, command: str, meaning: str, examples: tuple[str, ...], pack: str,
                    challenge: str) -> bool:
        """Add a card to the learner's cheat sheet; False if it was already there."""
        with self._write() as ex:
            cur = ex("INSERT INTO dojo_cards(student, command, meaning, examples, pack, challenge, unlocked) "
                     "VALUES (?,?,?,?,?,?,?) ON CONFLICT(student, command) DO NOTHING",
                     (self.name, command, meaning, "\n".join(examples), pack, challenge, time.time()))
            return bool(cur.rowcount == 1)

    def cards(self) -> list[CardRow]:
        rows = self.room.read("SELECT command, meaning, examples, pack, challenge FROM dojo_cards "
                              "WHERE student=? ORDER BY unlocked, command", (self.name,))
        return [CardRow(c, m, tuple(e.split("\n")) if e else (), p, ch) for c, m, e, p, ch in rows]

    # -- one trainer per student across processes ------------------------------------------
    def claim(self, holder: str, ttl: float = 120.0, now: float | None = None) -> bool:
        """Take (or renew) this student's lease for `holder` (e.g. host:pid:connection); False
        while another holder's lease has not expired.  Renew it more often than `ttl`."""
        now = time.time() if now is None else now
        with self.room.tx() as ex:
            cur = ex("INSERT INTO dojo_leases(student, holder, expires) VALUES (?,?,?) "
                     "ON CONFLICT(student) DO UPDATE SET holder=excluded.holder, expires=excluded.expires "
                     "WHERE dojo_leases.holder=excluded.holder OR dojo_leases.expires<?",
                     (self.name, holder, now + ttl, now))
            return bool(cur.rowcount == 1)

    def release(self, holder: str) -> None:
        with self.room.tx() as ex:
            ex("DELETE FROM dojo_leases WHERE student=? AND holder=?", (self.name, holder))


_OPEN: dict[str, ClassStore] = {}
_OPEN_LOCK = threading.Lock()


def open_class_store(data_dir: str, url: str | None = None, **kw: Any) -> ClassStore:
    """The class store of `data_dir` (or `url`), shared by every caller in this process."""
    scheme = url.split("://", 1)[0] if url and "://" in url else ""
    if scheme and scheme != "sqlite":
        if scheme not in _CONNECTORS:
            raise ValueError(f"{scheme}:// stores are opened by `shelldojo serve` (unsupported here)")
        dialect, connect, label = _CONNECTORS[scheme](url or "")
        key, where = f"{scheme}|{url}", ""
    else:
        path = url[len("sqlite://"):] if url and scheme == "sqlite" else url or os.path.join(data_dir, STORE_FILE)
        path = os.path.abspath(path)
        key, where, label, dialect, connect = f"sqlite|{path}", path, path, SQLITE, _sqlite(path)
    with _OPEN_LOCK:
        if key in _OPEN:
            return _OPEN[key]
        if where:   # a local file: its folder, and a damaged file said plainly (kept as it is)
            os.makedirs(os.path.dirname(where), exist_ok=True)
            if os.path.isdir(where):
                raise StoreDamaged(where, "a folder is where the database file should be")
            _probe(where)
        store = ClassStore(dialect, connect, data_dir=data_dir, where=where or label, **kw)
        _OPEN[key] = store
        return store


def open_student_store(name: str, *, data_dir: str, url: str | None = None) -> StudentStore:
    """The progress store of one student (ValueError for a name that cannot be a key)."""
    return open_class_store(data_dir, url).student(name)


def close_all() -> None:
    """Close every class store this process opened (the server's shutdown; tests)."""
    with _OPEN_LOCK:
        stores = list(_OPEN.values())
    for store in stores:
        store.close()
