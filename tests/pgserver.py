"""A throwaway PostgreSQL server for tests: initdb + pg_ctl in a private temp folder, listening on
a unix socket only (no TCP port), run as an ordinary user (`postgres` when the tests run as root;
PostgreSQL refuses to run as root).  Never the system's cluster."""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PORT = 54329   # only names the socket file (.s.PGSQL.54329) inside the private folder


def binaries() -> Path | None:
    """Where initdb and pg_ctl are (PATH or Debian's /usr/lib/postgresql/N/bin), or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for bindir in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    return None


def why_not() -> str:
    """Why the PostgreSQL tests cannot run here ('' when they can)."""
    if binaries() is None:
        return "PostgreSQL is not installed (initdb/pg_ctl not found; Debian: apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run the test server as"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test]')"
    return ""


@contextmanager
def server(*, fsync: bool = False) -> Iterator[str]:
    """Start a server; yields the URL of its `postgres` database.  fsync off for the tests (they
    never crash the host); on for the benchmark, to measure what a class would get."""
    bindir = binaries()
    assert bindir is not None
    folder = tempfile.mkdtemp(prefix="dojo-pg-")
    as_user: list[str] = []
    user = pwd.getpwuid(os.geteuid()).pw_name
    if os.geteuid() == 0:
        user = "postgres"
        as_user = ["runuser", "-u", user, "--"]
        shutil.chown(folder, user)
    data = os.path.join(folder, "data")

    def run(*argv: str) -> None:
        subprocess.run([*as_user, *argv], check=True, capture_output=True, timeout=120, cwd=folder,
                       stdin=subprocess.DEVNULL)

    try:
        run(str(bindir / "initdb"), "-D", data, "-U", user, "-A", "trust", "--no-sync", "-E", "UTF8")
        opts = f"-c listen_addresses='' -c unix_socket_directories={folder} -p {PORT} -c fsync={'on' if fsync else 'off'}"
        run(str(bindir / "pg_ctl"), "-D", data, "-o", opts, "-w", "-t", "60", "-l",
            os.path.join(folder, "log"), "start")
        try:
            yield f"postgresql://{user}@/postgres?host={folder}&port={PORT}"
        finally:
            run(str(bindir / "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(url: str, name: str) -> str:
    """A new empty database on the server at `url`; its URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.replace("@/postgres?", f"@/{name}?")
