"""chmod / chown / chgrp against GNU coreutils 9.1's texts, as learner."""
from __future__ import annotations

import pytest
from shelldojo.shell.commands.files.perms import adjust_mode, mode_string, parse_mode
from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run


def _mode(text: str, old: int, is_dir: bool = False, umask: int = 0o022) -> int:
    changes = parse_mode(text)
    assert changes is not None
    return adjust_mode(old, is_dir, umask, changes)


@pytest.mark.parametrize(("text", "old", "want"), [
    ("755", 0o644, 0o755), ("u+x", 0o644, 0o744), ("g+w", 0o744, 0o764), ("o-r", 0o764, 0o760),
    ("u=rwx,g=rx,o=", 0o760, 0o750), ("a-w", 0o750, 0o550), ("+x", 0o644, 0o755), ("=r", 0o777, 0o444),
    ("go=u", 0o700, 0o777), ("u+s", 0o755, 0o4755), ("+t", 0o755, 0o1755), ("a+X", 0o644, 0o644),
])
def test_mode_arithmetic(text: str, old: int, want: int) -> None:
    assert _mode(text, old) == want


def test_dir_keeps_setgid_with_short_octal() -> None:
    assert _mode("755", 0o2755, is_dir=True) == 0o2755
    assert _mode("00755", 0o2755, is_dir=True) == 0o755
    assert _mode("a+X", 0o644, is_dir=True) == 0o755


@pytest.mark.parametrize("bad", ["999", "abc", "u+q", "f", "8"])
def test_invalid_modes(bad: str) -> None:
    assert parse_mode(bad) is None


def test_mode_string_special_bits() -> None:
    assert mode_string(0o100644) == "-rw-r--r--"
    assert mode_string(0o41777) == "drwxrwxrwt"
    assert mode_string(0o106000) == "---S--S---"


def test_chmod_and_errors() -> None:
    m = fresh_machine()
    assert run(["touch", "f"], m).status == 0
    assert run(["chmod", "u+x,g+w", "f"], m).status == 0
    assert run(["stat", "-c", "%A", "f"], m).out == "-rwxrw-r--\n"
    r = run(["chmod", "abc", "f"], m)
    assert (r.status, r.err) == (1, "chmod: invalid mode: \u2018abc\u2019\nTry 'chmod --help' for more information.\n")
    r = run(["chmod", "+x"], m)
    assert r.err == "chmod: missing operand after \u2018+x\u2019\nTry 'chmod --help' for more information.\n"
    r = run(["chmod", "644", "ghost"], m)
    assert (r.status, r.err) == (1, "chmod: cannot access 'ghost': No such file or directory\n")
    r = run(["chmod", "777", "/etc/passwd"], m)
    assert (r.status, r.err) == (1, "chmod: changing permissions of '/etc/passwd': Operation not permitted\n")


def test_chmod_option_like_mode_diagnoses_umask() -> None:
    m = fresh_machine()
    run(["touch", "f"], m)
    run(["chmod", "666", "f"], m)
    r = run(["chmod", "-w", "f"], m)
    assert (r.status, r.err) == (1, "chmod: f: new permissions are r--rw-rw-, not r--r--r--\n")


def test_chmod_verbose_recursive_reference() -> None:
    m = fresh_machine()
    run(["mkdir", "-p", "p/s"], m)
    run(["touch", "p/s/f"], m)
    assert run(["chmod", "-R", "go-rwx", "p"], m).status == 0
    assert run(["stat", "-c", "%a %n", "p", "p/s", "p/s/f"], m).out == "700 p\n700 p/s\n600 p/s/f\n"
    r = run(["chmod", "-v", "644", "p/s/f"], m)
    assert r.out == "mode of 'p/s/f' changed from 0600 (rw-------) to 0644 (rw-r--r--)\n"
    r = run(["chmod", "-c", "644", "p/s/f"], m)
    assert r.out == ""
    run(["chmod", "--reference=p", "p/s/f"], m)
    assert run(["stat", "-c", "%a", "p/s/f"], m).out == "700\n"


def test_chown_chgrp() -> None:
    m = fresh_machine()
    run(["touch", "f"], m)
    r = run(["chown", "bob", "f"], m)
    assert (r.status, r.err) == (1, "chown: invalid user: \u2018bob\u2019\n")
    r = run(["chown", "learner:nogrp", "f"], m)
    assert r.err == "chown: invalid group: \u2018learner:nogrp\u2019\n"
    r = run(["chown", "root", "f"], m)
    assert (r.status, r.err) == (1, "chown: changing ownership of 'f': Operation not permitted\n")
    r = run(["chgrp", "root", "f"], m)
    assert r.err == "chgrp: changing group of 'f': Operation not permitted\n"
    assert run(["chgrp", "sudo", "f"], m).status == 0   # learner is a member of sudo
    assert run(["stat", "-c", "%U:%G", "f"], m).out == "learner:sudo\n"
    r = run(["chown", "-v", "learner:", "f"], m)
    assert r.out == "changed ownership of 'f' from learner:sudo to learner:learner\n"
    r = run(["chown", "root"], m)
    assert r.err == "chown: missing operand after \u2018root\u2019\nTry 'chown --help' for more information.\n"
    assert run(["chown", "root:root", "f"], m, user="root").status == 0
    assert run(["stat", "-c", "%U:%G", "f"], m).out == "root:root\n"
