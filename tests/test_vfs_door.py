"""One VFS door: the shared permission-checked walk, the per-process umask, no pyfakefs outside
filesystem/ (issue 12)."""
from __future__ import annotations

import ast
import errno
from pathlib import Path

import pytest
from shelldojo.filesystem import Machine, accounts, acting_as
from shelldojo.filesystem.vfs import DirectoryLoop, Umask, WalkEntry
from shelldojo.shell.machines import fresh_machine

from tests.hostile import run_c, run_source_in_process

ROOT = Path(__file__).resolve().parents[1]
HOME = "/home/learner"


def _tree(m: Machine) -> None:
    """~/t: a/f, a/b/g, c (unreadable), r (readable, not searchable, holding x), up -> .., dang."""
    m.fake.create_file(f"{HOME}/t/a/f", contents=b"x\n")
    m.fake.create_file(f"{HOME}/t/a/b/g", contents=b"x\n")
    m.fake.create_file(f"{HOME}/t/r/x", contents=b"x\n")
    m.fake.create_dir(f"{HOME}/t/c")
    m.fake.create_symlink(f"{HOME}/t/a/up", "..")
    m.fake.create_symlink(f"{HOME}/t/dang", "nowhere")
    for path in ("t", "t/a", "t/a/b", "t/c", "t/r", "t/a/f", "t/a/b/g", "t/r/x"):
        m.vfs.chown(f"{HOME}/{path}", 1000, 1000)
    m.vfs.chmod(f"{HOME}/t/c", 0o000)
    m.vfs.chmod(f"{HOME}/t/r", 0o644)


def _walk(order: str = "pre", **kw: object) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(path, depth) yielded and (path, errno) reported, walking ~/t as learner."""
    m = fresh_machine()
    _tree(m)
    creds = accounts.credentials_for(m.vfs, "learner")
    assert creds
    errors: list[tuple[str, int]] = []

    def on_error(e: WalkEntry, exc: OSError) -> bool:
        errors.append((e.path, exc.errno or 0))
        return False
    with acting_as(creds):
        top = WalkEntry("t", f"{HOME}/t", "t", 0, m.vfs.node(f"{HOME}/t"))
        seen = [(e.path, e.depth) for e in m.vfs.walk(top, order=order, on_error=on_error, **kw)]
    return seen, errors


def test_walk_pre_order_sorted_and_never_follows_unless_asked() -> None:
    seen, errors = _walk()
    assert seen == [("t", 0), ("t/a", 1), ("t/a/b", 2), ("t/a/b/g", 3), ("t/a/f", 2), ("t/a/up", 2),
                    ("t/c", 1), ("t/dang", 1), ("t/r", 1)]
    # c: no read permission; r: read but no search permission -> the directory fails as a whole
    assert errors == [("t/c", errno.EACCES), ("t/r", errno.EACCES)]


def test_walk_post_order_and_fts_names() -> None:
    seen, errors = _walk("post", stat_names=True)
    assert [p for p, _ in seen] == ["t/a/b/g", "t/a/b", "t/a/f", "t/a/up", "t/a", "t/c", "t/dang", "t/r", "t"]
    # fts: r's names are read, each fails on its own for want of search permission
    assert errors == [("t/c", errno.EACCES), ("t/r/x", errno.EACCES)]


def test_walk_follow_reports_loops_and_dangling_links() -> None:
    m = fresh_machine()
    _tree(m)
    found: list[tuple[str, str]] = []

    def on_error(e: WalkEntry, exc: OSError) -> bool:
        ancestor = exc.ancestor.path if isinstance(exc, DirectoryLoop) else ""
        found.append((e.path, ancestor or errno.errorcode[exc.errno or 0]))
        return False
    top = WalkEntry("t", f"{HOME}/t", "t", 0, m.vfs.node(f"{HOME}/t"))
    paths = [e.path for e in m.vfs.walk(top, follow=True, on_error=on_error)]
    assert ("t/a/up", "t") in found and ("t/dang", "ENOENT") in found
    assert paths == ["t", "t/a", "t/a/b", "t/a/b/g", "t/a/f", "t/c", "t/r", "t/r/x"]  # as root


def test_walk_is_lazy_checks_the_budget_and_prunes() -> None:
    m = fresh_machine()
    _tree(m)
    calls = []
    top = WalkEntry("t", f"{HOME}/t", "t", 0, m.vfs.node(f"{HOME}/t"))
    walk = m.vfs.walk(top, check=lambda: calls.append(1))
    seen = []
    for e in walk:
        seen.append(e.path)
        if e.path == "t/a":
            e.prune = True
        if e.path == "t/c":
            m.vfs.chmod(f"{HOME}/t/c", 0o755)  # listed only after we had our turn with it
    assert "t/a/f" not in seen and calls

    class Stop(Exception):
        pass

    def stop() -> None:
        raise Stop()
    with pytest.raises(Stop):
        list(m.vfs.walk(top, check=stop))


def test_walk_maxdepth_and_tidy_names() -> None:
    m = fresh_machine()
    _tree(m)
    top = WalkEntry("t//", f"{HOME}/t", "t", 0, m.vfs.node(f"{HOME}/t"))
    assert [e.path for e in m.vfs.walk(top, maxdepth=1)][:2] == ["t//", "t//a"]
    assert [e.path for e in m.vfs.walk(top, maxdepth=1, tidy=True)][:2] == ["t//", "t/a"]


SETUP = "mkdir -p t/a; echo x > t/a/f; ln -s .. t/a/up\n"


def test_find_L_reports_a_directory_loop_as_gnu_find() -> None:
    status, out, err = run_source_in_process(SETUP + "find -L t")
    message = "find: File system loop detected; ‘t/a/up’ is part of the same file system loop as ‘t’.\n"
    assert (status, out, err) == (1, "t\nt/a\nt/a/f\n", message)


def test_grep_R_warns_of_a_directory_loop_as_gnu_grep() -> None:
    status, out, err = run_source_in_process(SETUP + "grep -R x t")
    assert (status, out, err) == (0, "t/a/f:x\n", "grep: t/a/up: warning: recursive directory loop\n")


def test_du_L_counts_a_loop_once() -> None:
    status, out, err = run_source_in_process(SETUP + "du -L t")
    assert (status, out, err) == (0, "8\tt/a\n12\tt\n", "")


def test_find_L_on_a_loop_is_clean_and_bounded() -> None:
    r = run_c("mkdir -p t/a/b; ln -s ../.. t/a/b/loop; ln -s . t/self; find -L t | wc -l; grep -R q t; du -L t")
    r.assert_clean()
    r.assert_bounded(10, 300)
    assert r.stdout == b"3\n4\tt/a/b\n8\tt/a\n12\tt\n"


# -- umask: one per process, kept by the VFS ----------------------------------------------------
def test_subshells_pipelines_and_child_shells_keep_their_umask() -> None:
    script = ("(umask 077; touch f); touch g; x=$(umask 0; touch h); touch i; umask 027 | cat; touch j; "
              "bash -c 'umask 077; touch k'; touch l; umask; stat -c '%a %n' f g h i j k l")
    status, out, err = run_source_in_process(script)
    assert (status, err) == (0, "")
    assert out == "0022\n600 f\n644 g\n666 h\n644 i\n644 j\n600 k\n644 l\n"


def test_umask_applies_in_the_shell_and_its_subshells() -> None:
    script = "umask 027; mkdir m; touch n; (mkdir o; touch p | cat); umask 0; mkdir q; stat -c '%a %n' m n o p q"
    status, out, err = run_source_in_process(script)
    assert (status, out, err) == (0, "750 m\n640 n\n750 o\n640 p\n777 q\n", "")


def test_vfs_umask_is_the_running_process_s() -> None:
    m = fresh_machine()
    vfs = m.vfs
    assert vfs.umask == 0o022
    outer, inner = Umask(0o027), Umask(0o077)
    with vfs.running(outer):
        with vfs.running(inner):
            vfs.umask = 0o007
            vfs.mkdir("/tmp/d")
        assert vfs.umask == 0o027 and inner.value == 0o007
    assert vfs.umask == 0o022
    assert vfs.stat("/tmp/d").st_mode & 0o777 == 0o770


# -- nothing outside filesystem/ reaches into pyfakefs ------------------------------------------
_PRIVATE = {"fake", "byte_contents", "_entries", "entries", "contents", "add_entry", "create_file",
            "get_disk_usage", "set_disk_usage", "stat_result_copy", "root"}


def _reaches_into_pyfakefs(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            bad += [f"import {a.name}" for a in node.names if a.name.split(".")[0] == "pyfakefs"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "pyfakefs":
            bad.append(f"from {node.module}")
        elif isinstance(node, ast.Attribute):
            owner = node.value
            owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if node.attr == "fake" or (node.attr == "stat_result" and owner_name not in ("os", "st")) or (
                    node.attr in _PRIVATE and owner_name in ("vfs", "machine", "node", "fake")) or (
                    node.attr == "os" and owner_name in ("vfs", "machine")):
                bad.append(f"line {node.lineno}: .{node.attr}")
    return [f"{path.relative_to(ROOT)}: {b}" for b in bad]


def test_no_module_outside_filesystem_names_pyfakefs() -> None:
    bad: list[str] = []
    for top in ("shell", "challenges"):
        for path in sorted((ROOT / top).rglob("*.py")):
            bad += _reaches_into_pyfakefs(path)
    assert bad == []


def test_the_check_finds_a_reach_into_pyfakefs(tmp_path: Path) -> None:
    sample = ROOT / "shell" / "_vfs_door_sample.py"
    try:
        sample.write_text("from pyfakefs.fake_file import FakeFile\n"
                          "def f(ctx):\n    return ctx.vfs.os.listdir('/'), ctx.machine.fake, n.node.byte_contents\n")
        assert len(_reaches_into_pyfakefs(sample)) == 4
    finally:
        sample.unlink()


def test_scandir_entries_are_typed() -> None:
    m = fresh_machine()
    entries = {e.name: e for e in m.vfs.scandir("/")}
    assert entries["bin"].is_symlink() and entries["etc"].is_dir() and not entries["etc"].is_file()
    assert entries["tmp"].mode & 0o7777 == 0o1777
