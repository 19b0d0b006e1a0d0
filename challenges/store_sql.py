"""The class store's SQL plumbing (challenges/stores.py): what differs between the databases (a
Dialect), the tables, the SQLite connector, and the pool of connections the students of one process
share.  The stores module builds ClassStore and StudentStore on these and re-exports them.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Dialect:
    """What differs between the SQL databases; everything else is the same statements."""
    name: str
    blob: str
    real: str
    param: str = "?"
    begin: str = "BEGIN IMMEDIATE"     # SQLite: take the write lock now, not at the first write
    schema_lock: str = ""

    def sql(self, text: str) -> str:
        return text if self.param == "?" else text.replace("?", self.param)

    def schema(self) -> list[str]:
        text = SCHEMA.format(blob=self.blob, real=self.real)
        return [statement.strip() for statement in text.split(";") if statement.strip()]


# the local store's tables (challenges/progress.py) with a student column; dojo_ prefixed, so a
# shared PostgreSQL database can hold them beside anything else
SCHEMA = """
CREATE TABLE IF NOT EXISTS dojo_students (
    student TEXT PRIMARY KEY, created {real} NOT NULL, last_active {real} NOT NULL);
CREATE TABLE IF NOT EXISTS dojo_progress (
    student TEXT NOT NULL, pack TEXT NOT NULL, challenge TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'started', hints_used INTEGER NOT NULL DEFAULT 0,
    updated {real} NOT NULL, PRIMARY KEY (student, pack, challenge));
CREATE TABLE IF NOT EXISTS dojo_machines (
    student TEXT NOT NULL, pack TEXT NOT NULL, challenge TEXT NOT NULL, state {blob} NOT NULL,
    updated {real} NOT NULL, PRIMARY KEY (student, pack));
CREATE TABLE IF NOT EXISTS dojo_cards (
    student TEXT NOT NULL, command TEXT NOT NULL, meaning TEXT NOT NULL, examples TEXT NOT NULL,
    pack TEXT NOT NULL, challenge TEXT NOT NULL, unlocked {real} NOT NULL, PRIMARY KEY (student, command));
CREATE TABLE IF NOT EXISTS dojo_settings (
    student TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (student, key));
CREATE TABLE IF NOT EXISTS dojo_leases (
    student TEXT PRIMARY KEY, holder TEXT NOT NULL, expires {real} NOT NULL)
"""
SQLITE = Dialect(name="sqlite", blob="BLOB", real="REAL")

Connect = Callable[[], Any]                 # a DB-API connection in autocommit mode
Connector = Callable[[str], tuple[Dialect, Connect, str]]   # url -> (dialect, connect, label)


class _Pool:
    """A few connections shared by the students of one process; a broken one (server restarted)
    is dropped and the next call connects again."""

    def __init__(self, connect: Connect, size: int) -> None:
        self._connect, self._idle = connect, []  # type: ignore[var-annotated]
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)
        self.closed = False

    @contextmanager
    def conn(self) -> Iterator[Any]:
        if self.closed:
            raise ValueError("the class store is closed")
        if not self._slots.acquire(timeout=60):
            raise TimeoutError("the class store is busy (no free connection for 60 s)")
        try:
            with self._lock:
                conn = self._idle.pop() if self._idle else None
            conn = conn or self._connect()
            try:
                yield conn
            finally:
                if _dead(conn) or self.closed:
                    _close(conn)
                else:
                    with self._lock:
                        self._idle.append(conn)
        finally:
            self._slots.release()

    def close(self) -> None:
        self.closed = True
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            _close(conn)


def _dead(conn: Any) -> bool:
    """psycopg's connection says so after a failed call; sqlite3's never dies."""
    return bool(getattr(conn, "broken", False)) or getattr(conn, "closed", False) is True


def _close(conn: Any) -> None:
    with suppress(Exception):  # closing a dead connection: nothing left to do
        conn.close()


def _sqlite(path: str) -> Connect:
    def connect() -> sqlite3.Connection:
        # check_same_thread off: the pool hands a connection to one thread at a time
        db = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")   # acknowledged = on disk, as the local store
        db.execute("PRAGMA busy_timeout=10000")
        return db
    return connect
