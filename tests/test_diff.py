"""diff: expected outputs recorded from GNU diffutils 3.8."""
from __future__ import annotations

from shelldojo.filesystem import accounts, acting_as
from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run

FILES = {"x": b"a\nb\nc\n", "y": b"a\nB\nc\nd\n", "m": b"".join(b"%d\n" % i for i in range(1, 17)),
         "n": b"1\n2\nX\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\nY\n15\n16", "d1/f": b"1\n", "d2/f": b"2\n",
         "d1/only": b"o\n"}


def d(*args: str):
    m = fresh_machine()
    with acting_as(accounts.credentials_for(m.vfs, "learner")):
        for name, data in FILES.items():
            path = "/home/learner/" + name
            m.vfs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
            m.vfs.write_bytes(path, data)
    r = run(["diff", *args], machine=m)
    return r.status, r.out, r.err


def test_normal():
    assert d("x", "x") == (0, "", "")
    assert d("x", "y") == (1, "2c2\n< b\n---\n> B\n3a4\n> d\n", "")
    assert d("y", "x") == (1, "2c2\n< B\n---\n> b\n4d3\n< d\n", "")
    assert d("-q", "x", "y") == (1, "Files x and y differ\n", "")
    assert d("-s", "x", "x") == (0, "Files x and x are identical\n", "")
    assert d("-i", "x", "y") == (1, "3a4\n> d\n", "")


def test_unified_body():
    out = d("-u", "m", "n")[1].split("\n", 2)
    assert out[0].startswith("--- m\t") and out[1].startswith("+++ n\t")
    assert out[2] == ("@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+X\n 4\n 5\n 6\n@@ -11,6 +11,6 @@\n 11\n 12\n 13\n-14\n+Y\n"
                      " 15\n-16\n+16\n\\ No newline at end of file\n")


def test_dirs_and_errors():
    assert d("d1", "d2") == (1, "diff d1/f d2/f\n1c1\n< 1\n---\n> 2\nOnly in d1: only\n", "")
    assert d("x", "ghost") == (2, "", "diff: ghost: No such file or directory\n")
    assert d("x") == (2, "", "diff: missing operand after 'x'\ndiff: Try 'diff --help' for more information.\n")
    assert d("-k", "x", "y") == (2, "", "diff: invalid option -- 'k'\ndiff: Try 'diff --help' for more information.\n")
