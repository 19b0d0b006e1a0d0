"""The learner's progress and machines, in SQLite (stdlib sqlite3) under the data dir.

Every write is one transaction, committed before the call returns: killing the process
(or the computer) at any moment loses nothing already acknowledged.  WAL mode and a
busy timeout let two REPLs use the same store at once without corrupting it.
"""
from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

SCHEMA = """
CREATE TABLE IF NOT EXISTS progress (
    pack TEXT NOT NULL, challenge TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'started',      -- started | done | skipped
    hints_used INTEGER NOT NULL DEFAULT 0,
    updated REAL NOT NULL,
    PRIMARY KEY (pack, challenge)
);
CREATE TABLE IF NOT EXISTS machines (
    pack TEXT PRIMARY KEY, challenge TEXT NOT NULL, state BLOB NOT NULL, updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS cards (
    command TEXT PRIMARY KEY, meaning TEXT NOT NULL, examples TEXT NOT NULL,
    pack TEXT NOT NULL, challenge TEXT NOT NULL, unlocked REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class CardRow:
    command: str
    meaning: str
    examples: tuple[str, ...]
    pack: str
    challenge: str


class Progress(Protocol):
    """What the trainer and the REPL use of a progress store: ProgressStore (the learner's own
    SQLite file) and challenges/stores.py's StudentStore (one student of a class, SQLite or
    PostgreSQL) both provide it.  `path`: a file in the data dir (the trainer also loads the
    packs in its folder's packs/)."""
    path: str

    def close(self) -> None: ...
    def status(self, pack: str, challenge: str) -> str: ...
    def set_status(self, pack: str, challenge: str, status: str) -> None: ...
    def statuses(self, pack: str) -> dict[str, str]: ...
    def hints_used(self, pack: str, challenge: str) -> int: ...
    def use_hint(self, pack: str, challenge: str) -> int: ...
    def setting(self, key: str) -> str | None: ...
    def set_setting(self, key: str, value: str) -> None: ...
    def current(self) -> tuple[str, str] | None: ...
    def set_current(self, pack: str, challenge: str) -> None: ...
    def save_machine(self, pack: str, challenge: str, state: bytes) -> None: ...
    def load_machine(self, pack: str) -> tuple[str, bytes] | None: ...
    def drop_machine(self, pack: str) -> None: ...
    def unlock_card(self, command: str, meaning: str, examples: tuple[str, ...], pack: str,
                    challenge: str) -> bool: ...
    def cards(self) -> list[CardRow]: ...


class StoreDamaged(Exception):
    """The store's file is not a usable database (garbage, truncated, a folder in its place)."""

    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"{path}: the progress store is damaged ({why})")
        self.path, self.why = path, why


# what SQLite answers for a file that is not (or no longer) a database; anything else (locked,
# permission denied, disk full) is a plain sqlite3.Error: starting over would not help
_DAMAGED = ("SQLITE_NOTADB", "SQLITE_CORRUPT")


def _probe(path: str) -> None:
    """StoreDamaged if the existing file at `path` is not a sound database.  Read-only, so a
    damaged store is left exactly as it was (a read-write open would drop an invalid -wal)."""
    if not os.path.exists(path):
        return
    try:
        # SQLite's URI filename: only %, ? and # must be escaped (sqlite.org/uri.html); no urllib
        # in the engine (tests/test_architecture.py: nothing network-shaped)
        name = os.path.abspath(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
        db = sqlite3.connect(f"file:{name}?mode=ro", uri=True, timeout=10.0)
    except sqlite3.Error:
        return  # the read-write open says what is wrong
    try:
        problems = [row[0] for row in db.execute("PRAGMA quick_check(1)")]  # ~10 ms for 6 MB
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") in _DAMAGED:
            raise StoreDamaged(path, str(exc)) from None
        return
    finally:
        db.close()
    if problems != ["ok"]:
        raise StoreDamaged(path, "database disk image is malformed")  # SQLite's own words


class ProgressStore:
    def __init__(self, path: str) -> None:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self.path = path
        if os.path.isdir(path):
            raise StoreDamaged(path, "a folder is where the database file should be")
        _probe(path)
        self.db = sqlite3.connect(path, timeout=10.0, isolation_level=None)
        try:
            self._open()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            if getattr(exc, "sqlite_errorname", "") in _DAMAGED:
                raise StoreDamaged(path, str(exc)) from None
            raise

    def _open(self) -> None:
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA busy_timeout=10000")
        with self._tx() as db:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)

    @classmethod
    def in_data_dir(cls, data_dir: str) -> ProgressStore:
        return cls(os.path.join(data_dir, "progress.sqlite3"))

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # -- challenge status ------------------------------------------------------
    def status(self, pack: str, challenge: str) -> str:
        row = self.db.execute("SELECT status FROM progress WHERE pack=? AND challenge=?",
                              (pack, challenge)).fetchone()
        return row[0] if row else ""

    def set_status(self, pack: str, challenge: str, status: str) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO progress(pack, challenge, status, updated) VALUES (?,?,?,?) "
                       "ON CONFLICT(pack, challenge) DO UPDATE SET status=excluded.status, "
                       "updated=excluded.updated", (pack, challenge, status, time.time()))

    def statuses(self, pack: str) -> dict[str, str]:
        return dict(self.db.execute("SELECT challenge, status FROM progress WHERE pack=?", (pack,)))

    def hints_used(self, pack: str, challenge: str) -> int:
        row = self.db.execute("SELECT hints_used FROM progress WHERE pack=? AND challenge=?",
                              (pack, challenge)).fetchone()
        return row[0] if row else 0

    def use_hint(self, pack: str, challenge: str) -> int:
        """Count one more hint; returns how many have been shown now."""
        with self._tx() as db:
            db.execute("INSERT INTO progress(pack, challenge, hints_used, updated) VALUES (?,?,1,?) "
                       "ON CONFLICT(pack, challenge) DO UPDATE SET hints_used=hints_used+1, "
                       "updated=excluded.updated", (pack, challenge, time.time()))
        return self.hints_used(pack, challenge)

    # -- where the learner is ------------------------------------------------------
    def setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO settings(key, value) VALUES (?,?) "
                       "ON CONFLICT(key) DO UPDATE SET value=excluded.value", (key, value))

    def current(self) -> tuple[str, str] | None:
        value = self.setting("current")
        if not value or "/" not in value:
            return None
        pack, challenge = value.split("/", 1)
        return pack, challenge

    def set_current(self, pack: str, challenge: str) -> None:
        self.set_setting("current", f"{pack}/{challenge}")

    # -- the learner's machine per pack ---------------------------------------------
    def save_machine(self, pack: str, challenge: str, state: bytes) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO machines(pack, challenge, state, updated) VALUES (?,?,?,?) "
                       "ON CONFLICT(pack) DO UPDATE SET challenge=excluded.challenge, state=excluded.state, "
                       "updated=excluded.updated", (pack, challenge, sqlite3.Binary(state), time.time()))

    def load_machine(self, pack: str) -> tuple[str, bytes] | None:
        row = self.db.execute("SELECT challenge, state FROM machines WHERE pack=?", (pack,)).fetchone()
        return (row[0], bytes(row[1])) if row else None

    def drop_machine(self, pack: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM machines WHERE pack=?", (pack,))

    # -- the cheat sheet ---------------------------------------------------------------
    def unlock_card(self, command: str, meaning: str, examples: tuple[str, ...], pack: str,
                    challenge: str) -> bool:
        """Add a card to the learner's cheat sheet; False if it was already there."""
        with self._tx() as db:
            cur = db.execute("INSERT OR IGNORE INTO cards(command, meaning, examples, pack, challenge, unlocked) "
                             "VALUES (?,?,?,?,?,?)", (command, meaning, "\n".join(examples), pack, challenge,
                                                      time.time()))
            return cur.rowcount == 1

    def cards(self) -> list[CardRow]:
        rows = self.db.execute("SELECT command, meaning, examples, pack, challenge FROM cards ORDER BY unlocked")
        return [CardRow(c, m, tuple(e.split("\n")) if e else (), p, ch) for c, m, e, p, ch in rows]


def set_aside(path: str, stamp: str | None = None) -> str:
    """Rename a damaged store (and its -wal/-shm files, which belong to it) out of the way,
    keeping it for whoever wants to look at it; returns the backup's name."""
    stamp = stamp or time.strftime("%Y%m%d-%H%M%S")
    backup = f"{path}.corrupt-{stamp}"
    n = 1
    while os.path.lexists(backup):
        n += 1
        backup = f"{path}.corrupt-{stamp}-{n}"
    os.rename(path, backup)  # the learner's own data dir: the one place the trainer keeps files
    for suffix in ("-wal", "-shm"):
        if os.path.lexists(path + suffix):
            os.rename(path + suffix, backup + suffix)
    return backup
