"""The PostgreSQL dialect of the class store (challenges/stores.py): column types, placeholders,
and the lock that lets several `shelldojo serve` processes create the schema at once.

No driver here: the engine layers never open a socket (tests/test_architecture.py), so the psycopg
connection is made by the serving front end (shell/serve/pgstore.py), which registers itself with
`stores.register_connector`.
"""
from __future__ import annotations

import re

from shelldojo.challenges.stores import Dialect

# any fixed 64-bit key: pg_advisory_xact_lock serialises CREATE TABLE IF NOT EXISTS between
# processes starting together (without it, two may both try to create a table's row type and one
# fails with a unique violation on pg_type)
_SCHEMA_LOCK_KEY = 0x5D0_1A55

POSTGRESQL = Dialect(name="postgresql", blob="BYTEA", real="DOUBLE PRECISION", param="%s",
                     begin="BEGIN", schema_lock=f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK_KEY})")

SCHEMES = ("postgresql", "postgres")   # libpq accepts both URI prefixes


def is_postgresql(url: str) -> bool:
    return any(url.startswith(f"{scheme}://") for scheme in SCHEMES)


def redact(url: str) -> str:
    """The URL without its password, for messages and logs (postgresql://user:secret@host/db)."""
    return re.sub(r"^([a-z]+://[^/@:]*:)[^/@]*@", r"\1***@", url)
