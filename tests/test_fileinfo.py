"""readlink realpath basename dirname stat file du df."""
from __future__ import annotations

from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run


def test_basename_dirname() -> None:
    assert run(["basename", "/home/learner/notes/todo.txt", ".txt"]).out == "todo\n"
    assert run(["basename", "dir/sub/"]).out == "sub\n"
    assert run(["basename", "-a", "one/a.txt", "two/b.txt"]).out == "a.txt\nb.txt\n"
    assert run(["basename", "-s", ".txt", "one/a.txt", "two/b.txt"]).out == "a\nb\n"
    assert run(["basename", "/"]).out == "/\n"
    r = run(["basename"])
    assert (r.status, r.err) == (1, "basename: missing operand\nTry 'basename --help' for more information.\n")
    assert run(["basename", "a", "b", "c"]).err == (
        "basename: extra operand ‘c’\nTry 'basename --help' for more information.\n")
    assert run(["dirname", "/home/learner/notes/todo.txt", "todo.txt", "/", "a//b//"]).out == (
        "/home/learner/notes\n.\n/\na\n")


def test_readlink_realpath() -> None:
    m = fresh_machine()
    run(["mkdir", "-p", "a/b"], m)
    run(["touch", "a/b/t"], m)
    run(["ln", "-s", "a/b/t", "link"], m)
    assert run(["readlink", "link"], m).out == "a/b/t\n"
    assert run(["readlink", "-f", "link"], m).out == "/home/learner/a/b/t\n"
    assert run(["readlink", "a/b/t"], m).status == 1
    assert run(["readlink", "-e", "ghost/x"], m).status == 1
    assert run(["readlink", "-m", "ghost/x"], m).out == "/home/learner/ghost/x\n"
    assert run(["realpath", "a/b/../b/./", "."], m).out == "/home/learner/a/b\n/home/learner\n"
    assert run(["realpath", "ghost"], m).out == "/home/learner/ghost\n"
    r = run(["realpath", "-e", "ghost"], m)
    assert (r.status, r.err) == (1, "realpath: ghost: No such file or directory\n")
    assert run(["realpath", "no/such/file"], m).err == "realpath: no/such/file: No such file or directory\n"
    assert run(["realpath", "--relative-to=a", "link"], m).out == "b/t\n"
    assert run(["realpath", "-s", "link"], m).out == "/home/learner/link\n"


def test_stat_formats() -> None:
    m = fresh_machine()
    run(["touch", "empty"], m)
    m.fake.create_file("/home/learner/full", contents=b"hello\n")
    run(["mkdir", "dir"], m)
    run(["ln", "-s", "full", "link"], m)
    r = run(["stat", "-c", "%F: %n|%s|%a|%A|%U|%G|%u|%h|%b|%B|%o", "empty", "full", "dir", "link"], m)
    assert r.out == ("regular empty file: empty|0|644|-rw-r--r--|learner|learner|1000|1|0|512|4096\n"
                     "regular file: full|6|644|-rw-r--r--|root|root|0|1|8|512|4096\n"
                     "directory: dir|4096|755|drwxr-xr-x|learner|learner|1000|2|8|512|4096\n"
                     "symbolic link: link|4|777|lrwxrwxrwx|learner|learner|1000|1|0|512|4096\n")
    assert run(["stat", "-c", "%N", "link", "full"], m).out == "'link' -> 'full'\n'full'\n"
    assert run(["stat", "-L", "-c", "%F", "link"], m).out == "regular file\n"
    assert run(["stat", "--printf", "%n\\t%s\\n", "full"], m).out == "full\t6\n"
    assert run(["stat", "-c", "%04a|%-6s|%5h|", "full"], m).out == "0644|6     |    1|\n"
    run(["touch", "-d", "2024-01-01 10:00", "empty"], m)
    assert run(["stat", "-c", "%y %Y", "empty"], m).out == "2024-01-01 10:00:00.000000000 +0000 1704103200\n"
    r = run(["stat", "ghost"], m)
    assert (r.status, r.err) == (1, "stat: cannot statx 'ghost': No such file or directory\n")
    lines = run(["stat", "empty"], m).out.splitlines()
    assert lines[0] == "  File: empty"
    assert lines[1] == "  Size: 0         \tBlocks: 0          IO Block: 4096   regular empty file"
    assert lines[3] == "Access: (0644/-rw-r--r--)  Uid: ( 1000/ learner)   Gid: ( 1000/ learner)"
    assert lines[5] == "Modify: 2024-01-01 10:00:00.000000000 +0000"
    assert run(["stat", "link"], m).out.startswith("  File: link -> full\n")


def test_file() -> None:
    m = fresh_machine()
    files = {"t1": b"hello\n", "t2": "h\u00e9llo\n".encode(), "s1": b"#!/bin/bash\necho\n", "b1": b"\x00\x01\x02",
             "c1": b"a\r\nb\r\n", "n1": b"no newline", "e": b"", "i.png": b"\x89PNG\r\n\x1a\n0000"}
    for name, data in files.items():
        m.fake.create_file(f"/home/learner/{name}", contents=data)
    run(["chmod", "+x", "s1"], m, user="root")
    run(["mkdir", "d"], m)
    run(["ln", "-s", "t1", "l"], m)
    run(["ln", "-s", "nothing", "broken"], m)
    out = run(["file", "t1", "t2", "s1", "b1", "c1", "n1", "e", "i.png", "d", "l", "broken", "nope"], m).out
    assert out == ("t1:     ASCII text\n"
                   "t2:     Unicode text, UTF-8 text\n"
                   "s1:     Bourne-Again shell script, ASCII text executable\n"
                   "b1:     data\n"
                   "c1:     ASCII text, with CRLF line terminators\n"
                   "n1:     ASCII text, with no line terminators\n"
                   "e:      empty\n"
                   "i.png:  PNG image data\n"
                   "d:      directory\n"
                   "l:      symbolic link to t1\n"
                   "broken: broken symbolic link to nothing\n"
                   "nope:   cannot open `nope' (No such file or directory)\n")
    assert run(["file", "-b", "t1"], m).out == "ASCII text\n"


def test_du() -> None:
    m = fresh_machine()
    run(["mkdir", "-p", "d/sub"], m)
    m.fake.create_file("/home/learner/d/big", contents=b"x" * 5000)
    assert run(["du", "d"], m).out == "4\td/sub\n16\td\n"
    assert run(["du", "-a", "d"], m).out == "8\td/big\n4\td/sub\n16\td\n"
    assert run(["du", "-sh", "d"], m).out == "16K\td\n"
    assert run(["du", "-c", "d/big", "d/sub"], m).out == "8\td/big\n4\td/sub\n12\ttotal\n"
    r = run(["du", "nope"], m)
    assert (r.status, r.err) == (1, "du: cannot access 'nope': No such file or directory\n")


def test_df() -> None:
    lines = run(["df"]).out.splitlines()
    assert lines[0] == "Filesystem     1K-blocks  Used Available Use% Mounted on"
    assert lines[1].startswith("/dev/root          65536 ")
    assert run(["df", "-hT"]).out.splitlines()[0] == "Filesystem     Type  Size  Used Avail Use% Mounted on"
    r = run(["df", "/nonexist"])
    assert r.status == 1 and r.err.startswith("df: /nonexist: No such file or directory\n")
