"""A directory's mtime/ctime when entries appear or disappear, and the inodes' ctime.

Linux sets a directory's mtime and ctime on every link, unlink and rename in it (both
directories when a rename crosses), the moved inode's ctime on rename and the file's ctime
when its link count changes (link, unlink, a rename replacing it).  The VFS does it where each
operation is implemented, so every command gets it.  Times are set back to a fixed OLD value
before each call and compared with it: nothing depends on the date or on sleeping.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from shelldojo.filesystem import Machine, acting_as
from shelldojo.filesystem.credentials import ROOT
from shelldojo.shell.machines import fresh_machine

from tests.hostile import run_source_in_process

HOME = "/home/learner"
OLD = 1577836800.0  # 2020-01-01


@pytest.fixture
def m() -> Machine:
    m = fresh_machine()
    for d in ("d", "e", "d/sub"):
        m.fake.create_dir(f"{HOME}/{d}")
    for f in ("d/a", "d/c", "e/x"):
        m.fake.create_file(f"{HOME}/{f}", contents=b"x\n")
    return m


def _node(m: Machine, rel: str) -> Any:
    return m.fake.resolve(f"{HOME}/{rel}", follow_symlinks=False)


def _age(m: Machine, *rels: str) -> None:
    for rel in rels:
        s = _node(m, rel).stat_result
        s.st_mtime = s.st_ctime = OLD


def _changed(m: Machine, rel: str) -> tuple[bool, bool]:
    s = _node(m, rel).stat_result
    return s.st_mtime != OLD, s.st_ctime != OLD


P = f"{HOME}/d"
CASES: list[tuple[str, Callable[[Any], None]]] = [
    ("unlink", lambda v: v.unlink(f"{P}/a")),
    ("rmdir", lambda v: v.rmdir(f"{P}/sub")),
    ("mkdir", lambda v: v.mkdir(f"{P}/new")),
    ("symlink", lambda v: v.symlink("x", f"{P}/l")),
    ("link", lambda v: v.link(f"{P}/a", f"{P}/b")),
    ("mkfifo", lambda v: v.mknod(f"{P}/p", 0o10644)),
    ("rename", lambda v: v.rename(f"{P}/a", f"{P}/b")),
    ("rename over", lambda v: v.rename(f"{P}/a", f"{P}/c")),
    ("create", lambda v: v.open(f"{P}/n", "wb").close()),
]


@pytest.mark.parametrize("call", [c for _, c in CASES], ids=[n for n, _ in CASES])
def test_every_entry_change_sets_the_directory_times(m: Machine, call: Callable[[Any], None]) -> None:
    _age(m, "d", "e")
    with acting_as(ROOT):
        call(m.vfs)
    assert _changed(m, "d") == (True, True)
    assert _changed(m, "e") == (False, False)


def test_rename_across_directories_sets_both_and_the_moved_inode_ctime(m: Machine) -> None:
    _age(m, "d", "e", "d/a", "d/sub")
    with acting_as(ROOT):
        m.vfs.rename(f"{P}/a", f"{HOME}/e/a")
        m.vfs.rename(f"{P}/sub", f"{HOME}/e/sub")
    assert _changed(m, "d") == (True, True)
    assert _changed(m, "e") == (True, True)
    assert _changed(m, "e/a") == (False, True)    # a rename changes the inode's ctime only
    assert _changed(m, "e/sub") == (False, True)  # a moved directory keeps its mtime (ext4)


def test_link_count_changes_set_the_file_ctime(m: Machine) -> None:
    with acting_as(ROOT):
        m.vfs.link(f"{P}/a", f"{P}/b")
        _age(m, "d/a")
        m.vfs.link(f"{P}/a", f"{HOME}/e/a2")
        assert _changed(m, "d/a") == (False, True)
        _age(m, "d/a")
        m.vfs.unlink(f"{P}/b")
        assert _changed(m, "d/a") == (False, True)
        _age(m, "d/a", "d/c")
        m.vfs.rename(f"{P}/c", f"{HOME}/e/a2")  # replaces a link of a: its count drops
        assert _changed(m, "d/a") == (False, True)


def test_failed_calls_and_a_rename_onto_the_same_inode_change_nothing(m: Machine) -> None:
    with acting_as(ROOT):
        m.vfs.link(f"{P}/a", f"{P}/b")
        _age(m, "d", "d/a")
        m.vfs.rename(f"{P}/a", f"{P}/b")  # two names of one inode: Linux does nothing
        for call in (lambda: m.vfs.unlink(f"{P}/nothere"), lambda: m.vfs.rmdir(f"{P}/a"),
                     lambda: m.vfs.mkdir(f"{P}/sub"), lambda: m.vfs.link(f"{P}/a", f"{P}/c"),
                     lambda: m.vfs.rename(f"{P}/nothere", f"{P}/z"), lambda: m.vfs.rename(f"{P}/sub", f"{P}/a")):
            with pytest.raises(OSError):
                call()
    assert _changed(m, "d") == (False, False)
    assert _changed(m, "d/a") == (False, False)


def test_commands_see_it_find_newer() -> None:
    script = ("mkdir d e; touch d/f; touch -d 2020-01-01 d e; touch -d 2021-01-01 ref; "
              "rm d/f; mv e/../ref ref2; find . -maxdepth 1 -type d -newer ref2 | sort; ls -td e d")
    status, out, err = run_source_in_process(script)
    assert (status, out, err) == (0, ".\n./d\nd\ne\n", "")
