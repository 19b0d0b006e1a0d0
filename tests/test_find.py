"""find: expected outputs recorded from GNU findutils 4.9 (sorted traversal)."""
from __future__ import annotations

from shelldojo.filesystem import accounts, acting_as
from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run


def machine():
    m = fresh_machine()
    with acting_as(accounts.credentials_for(m.vfs, "learner")):
        for d in ("proj/src/deep", "proj/docs"):
            m.vfs.makedirs("/home/learner/" + d)
        for f, data in (("proj/README.md", b"hi\n"), ("proj/src/Main.PY", b"x" * 2000), ("proj/src/deep/x.py", b""),
                        ("proj/docs/readme.md", b"")):
            m.vfs.write_bytes("/home/learner/" + f, data)
    return m


def f(*args: str):
    r = run(["find", *args], machine=machine())
    return r.status, r.out, r.err


def test_walk_and_tests():
    assert f("proj", "-maxdepth", "1")[1] == "proj\nproj/README.md\nproj/docs\nproj/src\n"
    assert f("proj", "-type", "f")[1] == "proj/README.md\nproj/docs/readme.md\nproj/src/Main.PY\nproj/src/deep/x.py\n"
    assert f("proj", "-mindepth", "2", "-type", "f")[1] == "proj/docs/readme.md\nproj/src/Main.PY\nproj/src/deep/x.py\n"
    assert f("proj", "-iname", "*.py")[1] == "proj/src/Main.PY\nproj/src/deep/x.py\n"
    assert f("proj", "-empty")[1] == "proj/docs/readme.md\nproj/src/deep/x.py\n"
    assert f("proj", "-size", "+1k")[1] == "proj\nproj/docs\nproj/src\nproj/src/Main.PY\nproj/src/deep\n"
    assert f("proj", "-name", "src", "-prune", "-o", "-type", "f", "-print")[1] == \
        "proj/README.md\nproj/docs/readme.md\n"
    assert f("proj/", "-maxdepth", "1", "-name", "R*")[1] == "proj/README.md\n"
    assert f("proj", "-regex", ".*\\.md")[1] == "proj/README.md\nproj/docs/readme.md\n"


def test_printf():
    out = f("proj/src", "-maxdepth", "1", "-printf", "%p|%f|%h|%s|%m|%y|%d|%P|%u\n")[1]
    assert out.splitlines()[0] == "proj/src|src|proj|4096|755|d|0||learner"
    assert out.splitlines()[1] == "proj/src/Main.PY|Main.PY|proj/src|2000|644|f|1|Main.PY|learner"


def test_errors():
    assert f("nowhere") == (1, "", "find: \u2018nowhere\u2019: No such file or directory\n")
    assert f("proj", "-foo") == (1, "", "find: unknown predicate `-foo'\n")
    assert f("proj", "-name") == (1, "", "find: missing argument to `-name'\n")
    assert f("proj", "-exec", "echo", "{}") == (1, "", "find: missing argument to `-exec'\n")
    assert f("proj", "-type", "z") == (1, "", "find: Unknown argument to -type: z\n")
    assert f(".", "-name", "a.txt", "proj") == (1, "", ("find: paths must precede expression: `proj'\n"
                                                      "find: possible unquoted pattern after predicate `-name'?\n"))
    assert f(".", "-name", "a.txt", "zz") == (1, "", "find: paths must precede expression: `zz'\n")
    assert f("proj", "(", "-name", "x") == (1, "", ("find: invalid expression; I was expecting to find a ')' "
                                                   "somewhere but did not see one.\n"))
    assert f("proj", "-user", "nobodyx") == (1, "", "find: \u2018nobodyx\u2019 is not the name of a known user\n")
    assert f("/root") == (1, "/root\n", "find: \u2018/root\u2019: Permission denied\n")


def test_delete():
    m = machine()
    r = run(["find", "proj", "-name", "*.md", "-delete"], machine=m)
    assert r.status == 0
    r = run(["find", "proj", "-name", "*.md"], machine=m)
    assert r.out == ""
