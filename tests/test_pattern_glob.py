"""Glob patterns (case, [[ ]], ${x#pat}) and pathname expansion on a machine."""
from __future__ import annotations

import pytest
from shelldojo.filesystem import accounts, acting_as
from shelldojo.shell.interp.globbing import expand
from shelldojo.shell.interp.pattern import has_magic, match, to_regex
from shelldojo.shell.machines import fresh_machine


@pytest.mark.parametrize("pat,text,ok", [
    ("*", "", True), ("*", ".hidden", True), ("a*c", "abbc", True), ("a**c", "ac", True),
    ("a?c", "abc", True), ("a?c", "ac", False), ("?", "é", True), ("a?b", "a\nb", True),
    ("[abc]", "b", True), ("[a-c]x", "cx", True), ("[!a-c]", "d", True), ("[^a-c]", "a", False),
    ("[]]", "]", True), ("[!]]", "]", False), ("[a-]", "-", True), ("[a-]", "b", False),
    ("[z-a]", "a", False), ("[\\\\]", "\\", True), ("[!!]", "!", False),
    ("[[:alpha:]]", "é", True), ("[[:digit:]]", "5", True), ("[[:space:]]", " ", True),
    ("[[:upper:]]", "a", False), ("[[:punct:]]", "!", True), ("[[:punct:]]", "x", False),
    ("[[:foo:]]", "x", False), ("[[:alnum:]_]", "_", True), ("[", "[", True), ("a[", "a[", True),
    ("a\\*", "a*", True), ("a\\*", "ab", False), ("\\[x]", "[x]", True), ("a\\", "a\\", True),
    ("*.txt", "notes.txt", True), ("*.txt", "notes.txt.bak", False), ("(x)+", "(x)+", True),
])
def test_match(pat: str, text: str, ok: bool) -> None:
    assert match(pat, text) is ok


def test_has_magic_and_regex() -> None:
    assert has_magic("*.c") and has_magic("a?") and has_magic("[ab]")
    assert not has_magic("a[") and not has_magic("\\*") and not has_magic("plain")
    assert to_regex("a.b") == "a\\.b"


@pytest.fixture(scope="module")
def machine():  # type: ignore[no-untyped-def]
    m = fresh_machine()
    creds = accounts.credentials_for(m.vfs, "learner")
    assert creds is not None
    with acting_as(creds):
        v = m.vfs
        base = "/home/learner/g"
        v.mkdir(base)
        for d in ("a", "a-b", "a.c", ".hd", "locked", "locked/in"):
            v.mkdir(f"{base}/{d}")
        for f in ("a/x", "a-b/x", "a.c/x", ".h", "b", "B", "c.txt", "d.txt", "sp ace", "locked/f"):
            v.write_bytes(f"{base}/{f}", b"")
        v.chmod(f"{base}/locked", 0)
    return m


def glob(m, pat: str, cwd: str = "/home/learner/g") -> list[str]:  # type: ignore[no-untyped-def]
    creds = accounts.credentials_for(m.vfs, "learner")
    assert creds is not None
    with acting_as(creds):
        return expand(m.vfs, cwd, pat)


@pytest.mark.parametrize("pat,result", [
    ("*", ["B", "a", "a-b", "a.c", "b", "c.txt", "d.txt", "locked", "sp ace"]),
    (".*", [".h", ".hd"]),
    ("*/x", ["a-b/x", "a.c/x", "a/x"]),
    ("*/", ["a-b/", "a.c/", "a/", "locked/"]),
    ("a*/..", ["a-b/..", "a.c/..", "a/.."]),
    ("*.txt", ["c.txt", "d.txt"]),
    ("./*.txt", ["./c.txt", "./d.txt"]),
    ("../g/[cd].txt", ["../g/c.txt", "../g/d.txt"]),
    ("[[:upper:]]*", ["B"]),
    ("nomatch*", []),
    ("\\*", []),
    ("locked/*", []),
    ("a/x*/", []),
    (".[!.]*", [".h", ".hd"]),
    ("/home/learner/g/a/*", ["/home/learner/g/a/x"]),
    ("/home/*/g/*.txt", ["/home/learner/g/c.txt", "/home/learner/g/d.txt"]),
    ("s\\p*", ["sp ace"]),
])
def test_expand(machine, pat: str, result: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert glob(machine, pat) == result


def test_expand_from_another_cwd(machine) -> None:  # type: ignore[no-untyped-def]
    assert glob(machine, "g/a*/x", cwd="/home/learner") == ["g/a-b/x", "g/a.c/x", "g/a/x"]
