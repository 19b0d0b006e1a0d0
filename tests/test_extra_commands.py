"""Unit tests for dircolors, the checksum tools, base64, od, sed and awk (golden cases hold the rest)."""
from __future__ import annotations

from shelldojo.filesystem import accounts, acting_as
from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run


def test_md5sum_stdin_and_check() -> None:
    r = run(["md5sum"], stdin=b"hi\n")
    assert r.out == "764efa883dda1e11db47671c4a3bbd9e  -\n" and r.status == 0
    r = run(["md5sum", "-c"], stdin=b"764efa883dda1e11db47671c4a3bbd9e  nofile\n")
    assert r.out == "nofile: FAILED open or read\n"
    assert r.err == ("md5sum: nofile: No such file or directory\n"
                     "md5sum: WARNING: 1 listed file could not be read\n")
    assert r.status == 1


def test_sha256sum_tag_check_is_usage_error() -> None:
    r = run(["sha256sum", "--tag", "-c"])
    assert r.status == 1 and "meaningless when verifying" in r.err


def test_base64_roundtrip_and_bad_input() -> None:
    assert run(["base64"], stdin=b"hello\n").out == "aGVsbG8K\n"
    assert run(["base64", "-d"], stdin=b"aGVsbG8K\n").out == "hello\n"
    r = run(["base64", "-d"], stdin=b"aGk\n")
    assert (r.out, r.err, r.status) == ("hi", "base64: invalid input\n", 1)


def test_dircolors_needs_term() -> None:
    r = run(["dircolors", "-b"])
    assert r.out.startswith("LS_COLORS='") and r.out.endswith("export LS_COLORS\n")


def test_od_default_and_repeat() -> None:
    assert run(["od", "-c"], stdin=b"ab\n").out == "0000000   a   b  \\n\n0000003\n"
    assert run(["od"], stdin=b"\0" * 32).out == "0000000 000000 000000 000000 000000 000000 000000 000000 000000\n*\n0000040\n"


def test_sed_substitute_and_errors() -> None:
    assert run(["sed", "s/o/0/g"], stdin=b"foo\n").out == "f00\n"
    r = run(["sed", "s/a/b"], stdin=b"")
    assert (r.err, r.status) == ("sed: -e expression #1, char 5: unterminated `s' command\n", 1)
    r = run(["sed", "p", "nofile"])
    assert (r.err, r.status) == ("sed: can't read nofile: No such file or directory\n", 2)


def test_sed_in_place_through_vfs() -> None:
    m = fresh_machine()
    creds = accounts.credentials_for(m.vfs, "learner")
    assert creds is not None
    with acting_as(creds):
        m.vfs.write_bytes("/home/learner/f", b"one\ntwo\n")
    assert run(["sed", "-i.bak", "2d", "f"], machine=m).status == 0
    with acting_as(creds):
        assert m.vfs.read_bytes("/home/learner/f") == b"one\n"
        assert m.vfs.read_bytes("/home/learner/f.bak") == b"one\ntwo\n"


def test_awk_fields_arrays_and_syntax_error() -> None:
    r = run(["awk", "{c[$1]++} END {for (k in c) print k, c[k]}"], stdin=b"a\nb\na\n")
    assert sorted(r.out.splitlines()) == ["a 2", "b 1"]
    r = run(["awk", "-F:", "-v", "x=1", "{print $2 + x}"], stdin=b"a:41\n")
    assert r.out == "42\n"
    r = run(["awk", "{print $1"])
    assert (r.err, r.status) == ("awk: line 2: missing } near end of file\n", 2)
