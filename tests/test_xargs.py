"""xargs: expected outputs recorded from GNU findutils 4.9."""
from __future__ import annotations

from shelldojo.shell.registry import load_all

from tests.cmdutil import run


def x(*args: str, stdin: bytes = b""):
    r = run(["xargs", *args], stdin=stdin)
    return r.status, r.out, r.err


def test_batches():
    if "echo" not in load_all():
        return  # echo belongs to another module
    assert x("echo", stdin=b"a\nb\nc\n") == (0, "a b c\n", "")
    assert x("-n", "2", "echo", stdin=b"a b c d\n") == (0, "a b\nc d\n", "")
    assert x("-I", "{}", "echo", "file: {}", stdin=b"x.txt\ny.txt\n") == (0, "file: x.txt\nfile: y.txt\n", "")
    assert x(stdin=b"a 'b c' \"d e\" f\\ g\n") == (0, "a b c d e f g\n", "")
    assert x("-0", stdin=b"a b\0c\n\0") == (0, "a b c\n\n", "")
    assert x("-L", "1", "echo", stdin=b"a b\nc \nd\ne\n") == (0, "a b\nc d\ne\n", "")
    assert x("-t", "echo", stdin=b"a b\n") == (0, "a b\n", "echo a b\n")
    assert x("-r", "echo", "x") == (0, "", "")
    assert x("echo", "x") == (0, "x\n", "")
    assert x("echo", stdin=b"a b 'c\n") == (1, "a b\n", ("xargs: unmatched single quote; by default quotes are "
                                                      "special to xargs unless you use the -0 option\n"))


def test_errors():
    assert x("-n", "0", stdin=b"a\n") == (1, "", ("xargs: value 0 for -n option should be >= 1\n"
                                                "Try 'xargs --help' for more information.\n"))
    assert x("nosuchcmd", stdin=b"a\n") == (127, "", "xargs: nosuchcmd: No such file or directory\n")
    if "false" in load_all():
        assert x("false", stdin=b"a\n") == (123, "", "")
