"""grep: expected outputs recorded from GNU grep 3.8 (C.UTF-8)."""
from __future__ import annotations

from shelldojo.filesystem import accounts, acting_as
from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run

FILES = {"f": b"cat\ncatalog\nthe cat sat\nfoo bar\nx\nfoo\ny\nz\nw\nfoo\nq\n", "g": b"apple\nbanana\n",
         "d/a.txt": b"todo 1\n", "d/s/b.txt": b"todo 2\nno\n", "bin": b"todo\x00x\n"}


def machine():
    m = fresh_machine()
    with acting_as(accounts.credentials_for(m.vfs, "learner")):
        for name, data in FILES.items():
            path = "/home/learner/" + name
            m.vfs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
            m.vfs.write_bytes(path, data)
    return m


def g(*args: str, stdin: bytes = b""):
    r = run(["grep", *args], machine=machine(), stdin=stdin)
    return r.status, r.out, r.err


def test_basic_and_status():
    assert g("cat", "f") == (0, "cat\ncatalog\nthe cat sat\n", "")
    assert g("zzz", "f") == (1, "", "")
    assert g("-c", "a", "f", "g") == (0, "f:4\ng:2\n", "")
    assert g("-w", "cat", "f") == (0, "cat\nthe cat sat\n", "")
    assert g("-x", "cat", "f") == (0, "cat\n", "")
    assert g("-o", "cat[a-z]*", "f") == (0, "cat\ncatalog\ncat\n", "")
    assert g("-E", "log|sat", "f") == (0, "catalog\nthe cat sat\n", "")


def test_context_and_numbers():
    assert g("-n", "-C1", "foo", "f") == (0, "3-the cat sat\n4:foo bar\n5-x\n6:foo\n7-y\n--\n9-w\n10:foo\n11-q\n", "")
    assert g("-m2", "-n", "a", "f") == (0, "1:cat\n2:catalog\n", "")
    assert g("-b", "foo", "f") == (0, "24:foo bar\n34:foo\n44:foo\n", "")


def test_errors():
    assert g() == (2, "", "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n")
    assert g("-k", "x") == (2, "", ("grep: invalid option -- 'k'\nUsage: grep [OPTION]... PATTERNS [FILE]...\n"
                                   "Try 'grep --help' for more information.\n"))
    assert g("x", "nope") == (2, "", "grep: nope: No such file or directory\n")
    assert g("x", "d") == (2, "", "grep: d: Is a directory\n")
    assert g("\\(", "f") == (2, "", "grep: Unmatched ( or \\(\n")
    assert g("[[:foo:]]", "f") == (2, "", "grep: Invalid character class name\n")
    assert g("[:space:]", "f") == (2, "", "grep: character class syntax is [[:space:]], not [:space:]\n")
    assert g("-A", "x", "a") == (2, "", "grep: x: invalid context length argument\n")
    assert g("-q", "foo", "nope", "f") == (0, "", "grep: nope: No such file or directory\n")


def test_recursive_and_binary():
    assert g("-r", "todo", "d") == (0, "d/a.txt:todo 1\nd/s/b.txt:todo 2\n", "")
    assert g("-rl", "todo", "d/") == (0, "d/a.txt\nd/s/b.txt\n", "")
    assert g("todo", "bin") == (0, "", "grep: bin: binary file matches\n")
    assert g("-c", "todo", "bin") == (0, "1\n", "")


def test_regex_translation():
    assert g("\\(ca\\)t\\1", "f") == (1, "", "")
    assert g("a\\{1,2\\}n", "g") == (0, "banana\n", "")
    assert g("an\\+a$", "g") == (0, "banana\n", "")
    assert g("-E", "(an)+a$", "g") == (0, "banana\n", "")
    assert g("\\<cat\\>", "f") == (0, "cat\nthe cat sat\n", "")
    assert g("-F", "a[", "f") == (1, "", "")


def test_stdin_and_color():
    assert g("-H", "a", stdin=b"a\nb\n") == (0, "(standard input):a\n", "")
    assert g("--color=always", "foo", "g", "f")[1].startswith(
        "\x1b[35m\x1b[Kf\x1b[m\x1b[K\x1b[36m\x1b[K:\x1b[m\x1b[K\x1b[01;31m\x1b[Kfoo\x1b[m\x1b[K bar\n")
