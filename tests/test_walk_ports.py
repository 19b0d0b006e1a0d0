"""The remaining tree walks on the shared VFS walk (issue 12, "One VFS door"): cp -r, rm -r,
zip -r, useradd -m's skeleton copy, usermod -u's chown and userdel -r.  What each prints was
recorded from GNU coreutils 9.1 / Info-ZIP 3.0 (`runuser -u learner -- bash -c ...`)."""
from __future__ import annotations

import ast
import errno
from pathlib import Path

from shelldojo.filesystem import accounts, acting_as
from shelldojo.filesystem.vfs import VFS, WalkEntry
from shelldojo.shell.machines import fresh_machine

from tests.hostile import run_c, run_source_in_process

ROOT = Path(__file__).resolve().parents[1]
HOME = "/home/learner"


def _walk_t(**kw: object) -> list[tuple[str, bool]]:
    """(path, post) of a walk of ~/t (a/f, a/b/g, c unreadable) as learner."""
    m = fresh_machine()
    for path in ("t/a/f", "t/a/b/g"):
        m.fake.create_file(f"{HOME}/{path}", contents=b"x\n")
    m.fake.create_dir(f"{HOME}/t/c")
    m.vfs.chmod(f"{HOME}/t/c", 0)
    creds = accounts.credentials_for(m.vfs, "learner")
    assert creds
    with acting_as(creds):
        top = WalkEntry("t", f"{HOME}/t", "t", 0, m.vfs.node(f"{HOME}/t"))
        return [(e.path, e.post) for e in m.vfs.walk(top, **kw)]


# -- the walk's new option: both orders at once (fts's FTS_D and FTS_DP) ----------------------
def test_walk_both_yields_a_directory_before_and_after_its_entries() -> None:
    assert _walk_t(order="both") == [
        ("t", False), ("t/a", False), ("t/a/b", False), ("t/a/b/g", False), ("t/a/b", True),
        ("t/a/f", False), ("t/a", True), ("t/c", False), ("t/c", True), ("t", True)]


def test_walk_both_gives_no_second_visit_to_a_pruned_directory() -> None:
    m = fresh_machine()
    m.fake.create_file(f"{HOME}/t/a/f", contents=b"x\n")
    top = WalkEntry("t", f"{HOME}/t", "t", 0, m.vfs.node(f"{HOME}/t"))
    seen = []
    for e in m.vfs.walk(top, order="both"):
        seen.append((e.path, e.post))
        if e.path == "t/a":
            e.prune = True
    assert seen == [("t", False), ("t/a", False), ("t", True)]


def test_walk_loops_option_follows_a_loop_until_the_kernel_refuses() -> None:
    m = fresh_machine()
    m.fake.create_file(f"{HOME}/t/f", contents=b"x\n")
    m.fake.create_symlink(f"{HOME}/t/up", ".")
    top = WalkEntry("t", f"{HOME}/t", "t", 0, m.vfs.node(f"{HOME}/t"))
    errors: list[int] = []

    def on_error(e: WalkEntry, exc: OSError) -> bool:
        errors.append(exc.errno or 0)
        return False
    paths = [e.path for e in m.vfs.walk(top, follow=True, loops=True, on_error=on_error)]
    assert paths[:4] == ["t", "t/f", "t/up", "t/up/f"]
    assert errors == [errno.ELOOP] and paths[-1] == "t" + "/up" * 40 + "/f"


def test_walk_arrange_orders_and_selects_from_directory_order() -> None:
    m = fresh_machine()
    for name in ("b", "a", "c/x", "c/w"):
        m.fake.create_file(f"{HOME}/t/{name}", contents=b"x\n")
    m.fake.create_dir(f"{HOME}/t/u")
    m.vfs.chmod(f"{HOME}/t/u", 0)
    creds = accounts.credentials_for(m.vfs, "learner")
    assert creds
    given: list[list[str]] = []

    def arrange(d: WalkEntry, found: list[WalkEntry]) -> list[WalkEntry]:
        given.append([e.name for e in found])
        return sorted((e for e in found if e.name != "a"), key=lambda e: e.name, reverse=True)
    with acting_as(creds):
        top = WalkEntry("t", f"{HOME}/t", "t", 0, m.vfs.node(f"{HOME}/t"))
        paths = [e.path for e in m.vfs.walk(top, arrange=arrange)]
    assert given == [["b", "a", "c", "u"], ["x", "w"]]   # creation order; u: unreadable, not arranged
    assert paths == ["t", "t/u", "t/c", "t/c/x", "t/c/w", "t/b"]


def test_walk_entry_stat_is_a_snapshot() -> None:
    m = fresh_machine()
    m.fake.create_file(f"{HOME}/f", contents=b"x\n")
    e = WalkEntry("f", f"{HOME}/f", "f", 0, m.vfs.node(f"{HOME}/f"))
    s = e.stat()
    m.vfs.chmod(f"{HOME}/f", 0o600)
    assert s.st_mode & 0o777 == 0o644 and e.stat().st_mode & 0o777 == 0o600


def test_walk_names_is_gone() -> None:
    assert not hasattr(VFS, "walk_names")


# -- no hand-written recursion left in the ported tools ---------------------------------------
_PORTED = {
    "shell/commands/files/copymove.py": ("copy_one", "_copy_entry"),
    "shell/commands/files/make_remove.py": ("_remove", "_remove_tree", "_rm_entry"),
    "shell/commands/extras/zip.py": ("_collect",),
    "shell/commands/users/users.py": ("_copy_tree", "remove_tree", "copy_skel"),
    "shell/commands/users/mod.py": ("_chown_tree",),
    "shell/commands/extras/tree.py": ("draw", "arrange"),
    "shell/commands/ls/ls.py": ("list_dir", "arrange", "block"),
}


def test_ported_tools_walk_with_vfs_walk_not_by_hand() -> None:
    for rel, names in _PORTED.items():
        tree = ast.parse((ROOT / rel).read_text())
        funcs = {f.name: f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
        walks = False
        for name in names:
            for node in ast.walk(funcs[name]):
                if isinstance(node, ast.Call):
                    callee = node.func
                    called = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
                    assert called != name, f"{rel}: {name} recurses"
                    if name != "list_dir":  # (plain ls lists one directory: no walk)
                        assert called not in ("listdir", "walk_names"), f"{rel}: {name} lists by hand"
                    walks = walks or called == "walk"
        assert walks, f"{rel} does not use vfs.walk"


# -- cp -r ----------------------------------------------------------------------------------------
TREE = ("mkdir -p t/a t/r && echo x > t/a/f && echo y > t/r/y && chmod 644 t/r && "
        "mkdir -p q/a/b/c && touch q/a/b/c/f q/a/g && chmod 555 q/a/b; ")


def test_cp_r_reports_each_name_of_an_unsearchable_directory_and_keeps_its_mode() -> None:
    status, out, err = run_source_in_process(TREE + "cp -r t t2; echo $?; stat -c '%n %a' t2/r t2/a/f")
    assert (status, out, err) == (0, "1\nt2/r 644\nt2/a/f 644\n", "cp: cannot stat 't/r/y': Permission denied\n")


def test_cp_r_of_an_unreadable_directory_makes_it_and_says_so() -> None:
    script = "mkdir -p u/in; touch u/f; chmod 333 u; cp -rv u u2; echo $?; chmod 700 u2; ls -A u2 | wc -l"
    status, out, err = run_source_in_process(script)
    assert (status, out, err) == (0, "'u' -> 'u2'\n1\n0\n", "cp: cannot access 'u': Permission denied\n")


def test_cp_rL_stops_at_a_cyclic_link_as_gnu_cp() -> None:
    script = "mkdir -p s/x; echo a > s/x/f; ln -s .. s/x/up; cp -rL s s2; echo $?; find s2 | sort"
    _status, out, err = run_source_in_process(script)
    assert err == "cp: cannot copy cyclic symbolic link 's/x/up'\n"
    assert out == "1\ns2\ns2/x\ns2/x/f\n"


def test_cp_r_verbose_order_modes_and_existing_destination() -> None:
    script = ("mkdir -p c/x/z c/.y; echo 1 > c/x/one; chmod 600 c/x/one; ln -s x c/lx; chmod 750 c/x; "
              "cp -rv c d; cp -r c/x/. d/x; echo $?; stat -c '%n %a' d/x d/x/one d/lx d/.y")
    _status, out, err = run_source_in_process(script)
    assert err == ""
    assert out == ("'c' -> 'd'\n'c/.y' -> 'd/.y'\n'c/lx' -> 'd/lx'\n'c/x' -> 'd/x'\n'c/x/one' -> 'd/x/one'\n"
                   "'c/x/z' -> 'd/x/z'\n0\nd/x 750\nd/x/one 600\nd/lx 777\nd/.y 755\n")


def test_cp_r_into_itself() -> None:
    _status, out, err = run_source_in_process("mkdir -p d/sub; cp -r d d/sub; echo $?; ls d/sub")
    assert (out, err) == ("1\nd\n", "cp: cannot copy a directory, 'd', into itself, 'd/sub/d'\n")


def test_cp_r_of_5000_files_is_bounded() -> None:
    script = "mkdir t; cd t; for d in 0 1 2 3 4; do mkdir $d; touch $d/{1..1000}; done; cd ..; cp -r t u; find u | wc -l"
    r = run_c(script)
    r.assert_clean()
    r.assert_bounded(20, 400)
    assert r.stdout == b"5006\n"


# -- rm -r ----------------------------------------------------------------------------------------
def test_rm_r_keeps_every_directory_above_a_failure() -> None:
    _status, out, err = run_source_in_process(TREE + "rm -rv q; echo $?; find q | sort")
    assert out == "removed 'q/a/b/c/f'\nremoved 'q/a/g'\n1\nq\nq/a\nq/a/b\nq/a/b/c\n"
    assert err == "rm: cannot remove 'q/a/b/c': Permission denied\n"


def test_rm_ri_asks_before_descending_and_before_removing() -> None:
    script = "mkdir -p c/x c/y; touch c/x/f; printf 'y\\ny\\nn\\ny\\ny\\n' | rm -ri c; echo $?; find c | sort"
    _status, out, err = run_source_in_process(script)
    assert err == ("rm: descend into directory 'c'? rm: descend into directory 'c/x'? "
                   "rm: remove regular empty file 'c/x/f'? rm: remove directory 'c/x'? "
                   "rm: cannot remove 'c/x': Directory not empty\nrm: remove directory 'c/y'? ")
    assert out == "1\nc\nc/x\nc/x/f\n"


def test_rm_r_of_unreadable_directories() -> None:
    script = "mkdir -p e f/in; chmod 0 e f; rm -r e f; echo $?; ls -d e f"
    _status, out, err = run_source_in_process(script)
    assert (out, err) == ("1\nf\n", ("rm: cannot remove 'f': Permission denied\n"
                                     "ls: cannot access 'e': No such file or directory\n"))


# -- ls -R and tree ------------------------------------------------------------------------------
LISTED = ("mkdir -p d/sub/deep d/empty d/nr d/nx/in; echo a > d/a; echo e > d/sub/deep/e; touch d/nx/y; "
          "ln -s sub d/lnk; ln -s nowhere d/dang; touch -d 2001-01-01 d/sub; chmod 333 d/nr; chmod 644 d/nx; ")


def test_ls_R_descends_in_shown_order_and_reports_in_place() -> None:
    script = ("mkdir -p d/sub/deep d/empty d/nr; echo a > d/a; echo e > d/sub/deep/e; ln -s sub d/lnk; "
              "ln -s nowhere d/dang; chmod 333 d/nr; ls -Rr d 2>&1; echo $?")
    assert run_source_in_process(script)[1] == (
        "d:\nsub\nnr\nlnk\nempty\ndang\na\n\nd/sub:\ndeep\n\nd/sub/deep:\ne\n"
        "ls: cannot open directory 'd/nr': Permission denied\n\nd/empty:\n1\n")


def test_tree_draws_the_walk_with_its_own_order() -> None:
    r = run_c("sudo apt install -y tree >/dev/null 2>&1; " + LISTED + "tree -r --dirsfirst -F d; echo $?")
    assert r.stdout.decode() == (
        "d\n├── sub/\n│   └── deep/\n│       └── e\n├── nx/  [error opening dir]\n"
        "├── nr/  [error opening dir]\n├── empty/\n├── lnk -> sub\n├── dang -> nowhere\n└── a\n\n"
        "6 directories, 4 files\n0\n")


# -- zip -r, useradd -m, usermod -u, userdel -r ----------------------------------------------------
def test_zip_r_follows_links_in_name_order() -> None:
    script = ("mkdir -p c/x/z c/.y; echo 1 > c/x/one; echo 2 > c/.y/two; ln -s x c/lx; ln -s nowhere c/dang; "
              "zip -r a c; echo $?")
    r = run_c("sudo apt install -y zip >/dev/null 2>&1; " + script)
    assert r.stdout.decode() == (
        "  adding: c/ (stored 0%)\n  adding: c/.y/ (stored 0%)\n  adding: c/.y/two (stored 0%)\n"
        "  adding: c/lx/ (stored 0%)\n  adding: c/lx/one (stored 0%)\n  adding: c/lx/z/ (stored 0%)\n"
        "  adding: c/x/ (stored 0%)\n  adding: c/x/one (stored 0%)\n  adding: c/x/z/ (stored 0%)\n0\n")


def test_useradd_m_copies_a_nested_skeleton_and_userdel_r_removes_it() -> None:
    script = ("mkdir -p /etc/skel/sub/deeper; echo s > /etc/skel/sub/s; ln -s .bashrc /etc/skel/lnk; "
              "chmod 700 /etc/skel/sub/deeper; useradd -m bob; "
              "find /home/bob -printf '%P %m %u %l\\n' | sort; userdel -r bob 2>/dev/null; ls /home")
    _status, out, _err = run_source_in_process(script, user="root")
    assert out == (" 750 bob \n.bash_logout 644 bob \n.bashrc 644 bob \n.profile 644 bob \n"
                   "lnk 777 bob .bashrc\nsub 755 bob \nsub/deeper 700 bob \nsub/s 644 bob \nlearner\n")


def test_usermod_u_chowns_what_the_user_owned_below_the_home() -> None:
    script = ("useradd -m bob; mkdir /home/bob/d; touch /home/bob/d/mine /home/bob/d/root; chown -R bob /home/bob/d; "
              "chown root /home/bob/d/root; usermod -u 2000 bob; find /home/bob -printf '%P %U\\n' | sort")
    _status, out, _err = run_source_in_process(script, user="root")
    assert out == (" 2000\n.bash_logout 2000\n.bashrc 2000\n.profile 2000\nd 2000\nd/mine 2000\nd/root 0\n")
