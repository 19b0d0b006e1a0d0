"""The PostgreSQL connector of the class store (`shelldojo serve --store postgresql://...`).

Here and not in challenges/: only the serving front end may open a socket
(tests/test_architecture.py).  Importing this module registers the `postgresql://` and
`postgres://` schemes with challenges/stores.py; psycopg itself is imported on the first connect,
so `shelldojo run` never loads it.
"""
from __future__ import annotations

from typing import Any

from shelldojo.challenges.store_pg import POSTGRESQL, SCHEMES, redact
from shelldojo.challenges.stores import Connect, Dialect, register_connector


def connector(url: str) -> tuple[Dialect, Connect, str]:
    def connect() -> Any:
        import psycopg  # the serve extra's dependency: psycopg[binary]

        # autocommit: the class store issues BEGIN/COMMIT itself, one transaction per write
        return psycopg.connect(url, autocommit=True, connect_timeout=10)
    return POSTGRESQL, connect, redact(url)


for _scheme in SCHEMES:
    register_connector(_scheme, connector)
