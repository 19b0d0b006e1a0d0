"""mkdir rmdir touch rm cp mv ln install, with GNU coreutils 9.1's messages."""
from __future__ import annotations

from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run

LQ, RQ = "\u2018", "\u2019"


def test_mkdir() -> None:
    m = fresh_machine()
    assert run(["mkdir", "photos"], m).status == 0
    r = run(["mkdir", "photos"], m)
    assert (r.status, r.err) == (1, f"mkdir: cannot create directory {LQ}photos{RQ}: File exists\n")
    r = run(["mkdir", "a/b/c"], m)
    assert r.err == f"mkdir: cannot create directory {LQ}a/b/c{RQ}: No such file or directory\n"
    r = run(["mkdir", "-pv", "a/b"], m)
    assert r.out == "mkdir: created directory 'a'\nmkdir: created directory 'a/b'\n"
    assert run(["mkdir", "-p", "a/b"], m).status == 0
    run(["mkdir", "-m", "700", "priv"], m)
    assert run(["stat", "-c", "%a", "priv", "a"], m).out == "700\n755\n"
    r = run(["mkdir", "-m", "abc", "x"], m)
    assert r.err == f"mkdir: invalid mode {LQ}abc{RQ}\n"
    r = run(["mkdir", "/etc/newdir"], m)
    assert r.err == f"mkdir: cannot create directory {LQ}/etc/newdir{RQ}: Permission denied\n"
    r = run(["mkdir"], m)
    assert r.err == "mkdir: missing operand\nTry 'mkdir --help' for more information.\n"


def test_rmdir() -> None:
    m = fresh_machine()
    run(["mkdir", "-p", "full", "a/b/c"], m)
    run(["touch", "full/item", "f"], m)
    assert run(["rmdir", "full"], m).err == "rmdir: failed to remove 'full': Directory not empty\n"
    assert run(["rmdir", "f"], m).err == "rmdir: failed to remove 'f': Not a directory\n"
    assert run(["rmdir", "ghost"], m).err == "rmdir: failed to remove 'ghost': No such file or directory\n"
    assert run(["rmdir", "."], m).err == "rmdir: failed to remove '.': Invalid argument\n"
    r = run(["rmdir", "-pv", "a/b/c"], m)
    assert r.out == ("rmdir: removing directory, 'a/b/c'\nrmdir: removing directory, 'a/b'\n"
                     "rmdir: removing directory, 'a'\n")
    assert r.status == 0


def test_touch() -> None:
    m = fresh_machine()
    r = run(["touch"], m)
    assert (r.status, r.err) == (1, "touch: missing file operand\nTry 'touch --help' for more information.\n")
    assert run(["touch", "nodir/f"], m).err == "touch: cannot touch 'nodir/f': No such file or directory\n"
    assert run(["touch", "/etc/x"], m).err == "touch: cannot touch '/etc/x': Permission denied\n"
    run(["touch", "-d", "2024-01-01 10:00", "old"], m)
    run(["touch", "-t", "202403011000.30", "mid"], m)
    run(["touch", "-d", "@0", "epoch"], m)
    out = run(["stat", "-c", "%y %n", "old", "mid", "epoch"], m).out
    assert out == ("2024-01-01 10:00:00.000000000 +0000 old\n2024-03-01 10:00:30.000000000 +0000 mid\n"
                   "1970-01-01 00:00:00.000000000 +0000 epoch\n")
    r = run(["touch", "-d", "garbage", "g"], m)
    assert r.err == f"touch: invalid date format {LQ}garbage{RQ}\n"
    assert run(["touch", "-c", "nope"], m).status == 0
    assert run(["ls", "nope"], m).status == 2
    run(["touch", "-r", "old", "ref"], m)
    assert run(["stat", "-c", "%Y", "ref"], m).out == run(["stat", "-c", "%Y", "old"], m).out


def test_rm() -> None:
    m = fresh_machine()
    run(["touch", "a", "c"], m)
    r = run(["rm", "a", "b", "c"], m)
    assert (r.status, r.err) == (1, "rm: cannot remove 'b': No such file or directory\n")
    assert run(["rm", "-f", "ghost"], m).status == 0
    run(["mkdir", "-p", "d/sub"], m)
    run(["touch", "d/sub/x"], m)
    assert run(["rm", "d"], m).err == "rm: cannot remove 'd': Is a directory\n"
    assert run(["rm", "-d", "d"], m).err == "rm: cannot remove 'd': Directory not empty\n"
    r = run(["rm", "-r", "."], m)
    assert r.err == "rm: refusing to remove '.' or '..' directory: skipping '.'\n"
    r = run(["rm", "-rv", "d"], m)
    assert r.out == "removed 'd/sub/x'\nremoved directory 'd/sub'\nremoved directory 'd'\n"
    r = run(["rm"], m)
    assert r.err == "rm: missing operand\nTry 'rm --help' for more information.\n"


def test_rm_in_read_only_dir() -> None:
    m = fresh_machine()
    run(["mkdir", "ro"], m)
    run(["touch", "ro/file"], m)
    run(["chmod", "555", "ro"], m)
    r = run(["rm", "-rf", "ro"], m)
    assert (r.status, r.err) == (1, "rm: cannot remove 'ro/file': Permission denied\n")
    r = run(["mv", "ro/file", "here"], m)
    assert r.err == "mv: cannot move 'ro/file' to 'here': Permission denied\n"


def test_rm_interactive() -> None:
    m = fresh_machine()
    run(["touch", "a", "b"], m)
    r = run(["rm", "-i", "a"], m, stdin=b"n\n")
    assert r.err == "rm: remove regular empty file 'a'? "
    run(["rm", "-i", "b"], m, stdin=b"y\n")
    assert run(["ls"], m).out == "a\n"


def test_cp() -> None:
    m = fresh_machine()
    run(["touch", "a", "b", "c"], m)
    assert run(["cp", "a", "b", "c"], m).err == "cp: target 'c': Not a directory\n"
    assert run(["cp", "a", "b", "nodir"], m).err == "cp: target 'nodir': No such file or directory\n"
    r = run(["cp", "a"], m)
    assert r.err == "cp: missing destination file operand after 'a'\nTry 'cp --help' for more information.\n"
    assert run(["cp", "ghost", "x"], m).err == "cp: cannot stat 'ghost': No such file or directory\n"
    assert run(["cp", "a", "nodir/a"], m).err == "cp: cannot create regular file 'nodir/a': No such file or directory\n"
    assert run(["cp", "a", "nodir/"], m).err == "cp: cannot create regular file 'nodir/': Not a directory\n"
    assert run(["cp", "a", "a"], m).err == "cp: 'a' and 'a' are the same file\n"
    run(["mkdir", "d"], m)
    assert run(["cp", "d", "e"], m).err == "cp: -r not specified; omitting directory 'd'\n"
    r = run(["cp", "-r", "d", "d/inside"], m)
    assert r.err == "cp: cannot copy a directory, 'd', into itself, 'd/inside'\n"
    assert run(["cp", "-v", "a", "d"], m).out == "'a' -> 'd/a'\n"


def test_cp_modes_and_permissions() -> None:
    m = fresh_machine()
    m.fake.create_file("/home/learner/ro", contents=b"data\n")
    m.os.chown("/home/learner/ro", 1000, 1000)
    run(["chmod", "444", "ro"], m)
    run(["cp", "ro", "copy"], m)
    assert run(["stat", "-c", "%a", "copy"], m).out == "444\n"
    run(["touch", "src"], m)
    assert run(["cp", "src", "ro"], m).err == "cp: cannot create regular file 'ro': Permission denied\n"
    run(["chmod", "000", "src"], m)
    assert run(["cp", "src", "x"], m).err == "cp: cannot open 'src' for reading: Permission denied\n"
    run(["touch", "-d", "2020-05-05 00:00", "t"], m)
    run(["chmod", "600", "t"], m)
    run(["cp", "-p", "t", "t2"], m)
    assert run(["stat", "-c", "%a %Y", "t2"], m).out == run(["stat", "-c", "%a %Y", "t"], m).out


def test_cp_recursive() -> None:
    m = fresh_machine()
    run(["mkdir", "-p", "src/sub", "dst"], m)
    run(["touch", "src/sub/f"], m)
    run(["cp", "-r", "src", "new"], m)
    run(["cp", "-r", "src", "dst"], m)
    assert run(["ls", "-R", "new", "dst"], m).out == (
        "dst:\nsrc\n\ndst/src:\nsub\n\ndst/src/sub:\nf\n\nnew:\nsub\n\nnew/sub:\nf\n")


def test_mv() -> None:
    m = fresh_machine()
    run(["mkdir", "d", "archive"], m)
    run(["touch", "a", "b"], m)
    assert run(["mv", "-v", "a", "c"], m).out == "renamed 'a' -> 'c'\n"
    run(["mv", "b", "c", "archive"], m)
    assert run(["ls", "archive"], m).out == "b\nc\n"
    assert run(["mv", "ghost", "x"], m).err == "mv: cannot stat 'ghost': No such file or directory\n"
    assert run(["mv", "d", "d/inner"], m).err == "mv: cannot move 'd' to a subdirectory of itself, 'd/inner'\n"
    run(["touch", "f"], m)
    assert run(["mv", "f", "nodir/"], m).err == "mv: cannot move 'f' to 'nodir/': Not a directory\n"
    assert run(["mv", "f", "f"], m).err == "mv: 'f' and 'f' are the same file\n"
    r = run(["mv", "f"], m)
    assert r.err == "mv: missing destination file operand after 'f'\nTry 'mv --help' for more information.\n"


def test_ln() -> None:
    m = fresh_machine()
    run(["touch", "a", "b"], m)
    assert run(["ln", "-sv", "a", "s"], m).out == "'s' -> 'a'\n"
    assert run(["ln", "-s", "b", "s"], m).err == "ln: failed to create symbolic link 's': File exists\n"
    run(["ln", "-sf", "b", "s"], m)
    assert run(["readlink", "s"], m).out == "b\n"
    assert run(["ln", "-v", "a", "h"], m).out == "'h' => 'a'\n"
    assert run(["stat", "-c", "%h", "a"], m).out == "2\n"
    assert run(["ln", "a", "b"], m).err == "ln: failed to create hard link 'b': File exists\n"
    assert run(["ln", "x", "y"], m).err == "ln: failed to access 'x': No such file or directory\n"
    run(["mkdir", "d"], m)
    assert run(["ln", "d", "e"], m).err == "ln: d: hard link not allowed for directory\n"
    run(["ln", "-rs", "a", "d/r"], m)
    assert run(["readlink", "d/r"], m).out == "../a\n"


def test_install() -> None:
    m = fresh_machine()
    run(["touch", "f"], m)
    assert run(["install", "-d", "-v", "x/y"], m).out == (
        "install: creating directory 'x'\ninstall: creating directory 'x/y'\n")
    run(["install", "-m", "640", "f", "x/y/g"], m)
    assert run(["stat", "-c", "%a", "x/y/g", "x/y"], m).out == "640\n755\n"
    run(["install", "-D", "f", "p/q/f"], m)
    assert run(["stat", "-c", "%a", "p/q/f"], m).out == "755\n"
