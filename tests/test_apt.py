"""apt/dpkg over the catalog: install, dependencies, remove, errors, and a few packaged programs."""
from __future__ import annotations

from shelldojo.filesystem import acting_as
from shelldojo.filesystem.credentials import ROOT
from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run

LOCK = ("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n"
        "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n")
WARN = "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n"


def test_install_as_learner_is_refused():
    r = run(["apt", "install", "tree"])
    assert (r.status, r.out, r.err) == (100, "", WARN + LOCK)
    r = run(["apt-get", "install", "tree"])
    assert (r.status, r.err) == (100, LOCK)


def test_install_tree_and_twice():
    m = fresh_machine()
    r = run(["apt-get", "install", "tree"], machine=m, user="root")
    assert r.status == 0
    assert "The following NEW packages will be installed:\n  tree\n" in r.out
    assert "Need to get 47.9 kB of archives.\n" in r.out
    assert r.out.endswith("Unpacking tree (2.0.2-1) ...\nSetting up tree (2.0.2-1) ...\n")
    with acting_as(ROOT):
        assert m.vfs.read_bytes("/usr/bin/tree") == b"#!shelldojo builtin tree\n"
        assert b"Package: tree\n" in m.vfs.read_bytes("/var/lib/dpkg/status")
    r = run(["apt-get", "install", "tree"], machine=m, user="root")
    assert "tree is already the newest version (2.0.2-1).\n" in r.out
    r = run(["dpkg", "-s", "tree"], machine=m)
    assert r.out.startswith("Package: tree\nStatus: install ok installed\n")


def test_unknown_package():
    r = run(["apt-get", "install", "nosuch"], user="root")
    assert r.status == 100
    assert r.err == "E: Unable to locate package nosuch\n"


def test_dependencies_prompt_abort_and_remove_dependents():
    m = fresh_machine()
    r = run(["apt-get", "install", "sqlite3"], machine=m, user="root")
    assert r.status == 1 and r.out.endswith("Do you want to continue? [Y/n] Abort.\n")
    assert "The following additional packages will be installed:\n  libsqlite3-0\n" in r.out
    r = run(["apt-get", "install", "sqlite3"], machine=m, user="root", stdin=b"y\n")
    assert r.status == 0 and "Setting up sqlite3 (3.40.1-2+deb12u2) ...\n" in r.out
    r = run(["apt-get", "remove", "-y", "libsqlite3-0"], machine=m, user="root")
    assert "The following packages will be REMOVED:\n  libsqlite3-0 sqlite3\n" in r.out
    with acting_as(ROOT):
        assert not m.vfs.exists("/usr/bin/sqlite3")
    r = run(["dpkg", "-l", "sqlite3"], machine=m)
    assert (r.status, r.err) == (1, "dpkg-query: no packages found matching sqlite3\n")


def test_dpkg_errors():
    r = run(["dpkg", "-s", "nosuch"])
    assert r.status == 1
    assert r.err.startswith("dpkg-query: package 'nosuch' is not installed and no information is available\n")
    r = run(["dpkg", "-L", "nosuch"])
    assert r.err.startswith("dpkg-query: package 'nosuch' is not installed\n")
    r = run(["dpkg", "-r", "bash"])
    assert (r.status, r.err) == (2, "dpkg: error: requested operation requires superuser privilege\n")
    r = run(["dpkg", "-l", "bash"])
    assert "ii  bash           5.1-6ubuntu1.1 amd64        GNU Bourne Again SHell\n" in r.out


def test_tree_output():
    m = fresh_machine()
    run(["apt-get", "install", "tree"], machine=m, user="root")
    with acting_as(ROOT):
        m.vfs.mkdir("/tmp/t")
        m.vfs.write_bytes("/tmp/t/a", b"")
        m.vfs.write_bytes("/tmp/t/b", b"")
    r = run(["tree"], machine=m, cwd="/tmp/t")
    assert r.out == ".\n├── a\n└── b\n\n1 directory, 2 files\n"


def test_jq_basics():
    r = run(["jq", "-r", ".a[] | select(.v > 2) | .n"], stdin=b'{"a":[{"n":"x","v":3},{"n":"y","v":1}]}')
    assert (r.status, r.out) == (0, "x\n")
    r = run(["jq", ".a.b"], stdin=b'{"a":1}\n')
    assert (r.status, r.err) == (5, 'jq: error (at <stdin>:1): Cannot index number with string "b"\n')
