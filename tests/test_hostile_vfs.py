"""Every command reaches files through the VFS's permission-checked calls, and no library
leaks the host: symlinks into a 0700 directory, zip's duplicate names, a static audit."""
from __future__ import annotations

import gc
import re
import warnings

import pytest

from tests.hostile import run_c
from tests.test_host_safety import ROOT, _strip_comments_and_docstrings

SETUP_ROOT = "mkdir /root/sub; echo secret > /root/sub/f"
SETUP_USER = "mkdir d; ln -s /root/sub d/link; echo x > d/plain; ln -s nowhere d/dang; ln -s loop d/loop"
DENIED = "d/link: Permission denied"


@pytest.fixture(scope="module")
def machine():
    from shelldojo.shell.machines import fresh_machine
    m = fresh_machine()
    assert _session(m, "root").run_source(SETUP_ROOT) == 0
    assert _session(m, "learner").run_source(SETUP_USER) == 0
    return m


def _session(machine, user: str, out=None, err=None):
    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import BufferOutput
    return Session(machine, user=user, stdout=out or BufferOutput(), stderr=err or BufferOutput(),
                   cwd="/home/learner" if user == "learner" else "/root")


def _run(machine, script: str) -> tuple[int, str, str]:
    from shelldojo.shell.streams import BufferOutput
    out, err = BufferOutput(), BufferOutput()
    status = _session(machine, "learner", out, err).run_source(script)
    return status, out.getvalue().decode(), err.getvalue().decode()


# (command, stdout, stderr, status) as GNU grep 3.8 / findutils 4.9 / coreutils 9.1 answer as learner
CASES = [
    ("grep -R secret d", "", ("grep: d/dang: No such file or directory\ngrep: d/link: Permission denied\n"
     "grep: d/loop: Too many levels of symbolic links\n"), 2),
    ("grep -r secret d", "", "", 1),
    ("grep -r secret d/link", "", f"grep: {DENIED}\n", 2),
    ("grep -R secret d/link", "", f"grep: {DENIED}\n", 2),
    ("grep -R secret d/link/", "", "grep: d/link/: Permission denied\n", 2),
    ("find -L d -name f", "", ("find: ‘d/link’: Permission denied\n"
     "find: ‘d/loop’: Too many levels of symbolic links\n"), 1),
    ("find -L d", "d\nd/dang\nd/link\nd/plain\n", ("find: ‘d/link’: Permission denied\n"
     "find: ‘d/loop’: Too many levels of symbolic links\n"), 1),
    ("find -L d -type f -exec cat {} +", "x\n", ("find: ‘d/link’: Permission denied\n"
     "find: ‘d/loop’: Too many levels of symbolic links\n"), 1),
    ("find d -name f", "", "", 0),
    ("find d/link/", "", "find: ‘d/link/’: Permission denied\n", 1),
    ("find -H d/link", "", "find: ‘d/link’: Permission denied\n", 1),
    ("find -L d/link -name f", "", "find: ‘d/link’: Permission denied\n", 1),
    ("find -L d/dang", "d/dang\n", "", 0),
    ("du -L d/link", "", "du: cannot access 'd/link': Permission denied\n", 1),
    ("du -L d/dang", "", "du: cannot access 'd/dang'\n", 1),
    ("du -sL d", "8\td\n", ("du: cannot access 'd/dang'\ndu: cannot access 'd/link': Permission denied\n"
     "du: cannot access 'd/loop': Too many levels of symbolic links\n"), 1),
    ("cp -rL d/link e", "", "cp: cannot stat 'd/link': Permission denied\n", 1),
    ("cat d/link/f", "", "cat: d/link/f: Permission denied\n", 1),
]


@pytest.mark.parametrize(("cmd", "out", "err", "status"), CASES, ids=[c[0] for c in CASES])
def test_symlink_into_private_dir_is_refused(machine, cmd: str, out: str, err: str, status: int) -> None:
    got = _run(machine, cmd)
    assert "secret" not in got[1] + got[2]
    assert got == (status, out, err)


def test_ls_recursive_does_not_enter_link(machine) -> None:
    status, out, err = _run(machine, "ls -lR d >/dev/null; ls -R d/link")
    assert (status, out, err) == (2, "", "ls: cannot access 'd/link': Permission denied\n")
    status, out, err = _run(machine, "ls -LR d")
    assert (status, out) == (1, "d:\ndang\nlink\nloop\nplain\n")
    assert "ls: cannot access 'd/link': Permission denied\n" in err


def test_root_still_follows(machine) -> None:
    from shelldojo.shell.streams import BufferOutput
    out = BufferOutput()
    assert _session(machine, "root", out).run_source("cd /home/learner; grep -R secret d; find -L d -name f") == 1
    assert out.getvalue().decode() == "d/link/f:secret\nd/link/f\n"


# ----------------------------------------------------------------------------- zip: no library text
ZIP_SETUP = "sudo apt install -y zip unzip >/dev/null 2>&1; echo hi > z; mkdir dd; echo a > dd/z; "


def test_zip_duplicate_name_prints_no_python_warning() -> None:
    r = run_c(ZIP_SETUP + "zip q.zip z z; echo status $?; zip r.zip ./z z; echo status $?")
    r.assert_clean()
    text = r.text
    assert "Warning" not in text and ".py" not in text, text
    assert r.stdout.decode() == "  adding: z (stored 0%)\nstatus 0\nstatus 16\n"
    assert r.stderr.decode() == (
        "\tzip warning:   first full name: ./z\n"
        "                      second full name: z\n"
        "                     name in zip file repeated: z\n"
        "\nzip error: Invalid command arguments (cannot repeat names in zip file)\n")


def test_zip_raises_no_warning_at_all() -> None:
    """In-process: the zipfile calls themselves warn about nothing (updating replaces the entry)."""
    from shelldojo.shell.machines import fresh_machine
    m = fresh_machine()
    assert _session(m, "root").run_source("apt install -y zip unzip >/dev/null 2>&1") == 0
    gc.collect()  # an earlier test's garbage (an unclosed file's ResourceWarning) is not zip's
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        status, out, err = _run(m, "echo hi > z; zip q.zip z z; zip q.zip z; unzip -l q.zip | tail -1")
    # only zip's own warnings count: another test's thread or garbage may warn meanwhile
    assert [str(w.message) for w in caught if "zip" in w.filename] == []
    assert (status, out, err) == (0, ("  adding: z (stored 0%)\nupdating: z (stored 0%)\n"
                                     "        3                     1 file\n"), "")


def test_engine_import_silences_library_warnings() -> None:
    """Whatever library warns inside a command, no Python warning text reaches the learner."""
    import os
    import subprocess
    import sys
    code = "import shell, warnings, zipfile; warnings.warn('leak', UserWarning); print('ok')"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, timeout=60, check=False)
    assert (r.stdout, r.stderr) == (b"ok\n", b"")


# ----------------------------------------------------------------------------- static audit
# Commands and the trainer reach files only through the VFS: nothing under shell/ or challenges/
# names pyfakefs, the machine's private filesystem objects, or a node's pyfakefs internals.
PRIVATE = [
    (re.compile(r"\bpyfakefs\b"), "pyfakefs"),
    (re.compile(r"\b(Fake(File|Directory|Filesystem|OsModule|FileOpen|FileWrapper))\b"), "pyfakefs class"),
    (re.compile(r"\.fake\b"), "machine's private fs (.fake)"),
    (re.compile(r"\b(vfs|self\.m)\.(os|_open)\b|\bmachine\.(os|open|_open)\b"), "pyfakefs os/open behind the VFS"),
    (re.compile(r"\.(lresolve|resolve_path|get_object|byte_contents|contents|_entries)\b"),
     "pyfakefs node or resolution internals"),
    (re.compile(r"\bvfs\._\w+"), "VFS private"),
]
# Where naming them is truly needed (none today); each with its reason.
PRIVATE_ALLOWED: dict[tuple[str, str], str] = {}


def _engine_sources() -> list:
    return [p for pkg in ("shell", "challenges") for p in sorted((ROOT / pkg).rglob("*.py"))]


def _audit(code: str) -> list[tuple[int, str, str]]:
    hits = []
    for pattern, what in PRIVATE:
        for m in pattern.finditer(code):
            hits.append((code[:m.start()].count("\n") + 1, what, m.group(0)))
    return hits


def test_static_audit_commands_use_only_the_vfs() -> None:
    problems = []
    for path in _engine_sources():
        rel = path.relative_to(ROOT).as_posix()
        code = _strip_comments_and_docstrings(path.read_text(encoding="utf-8"))
        problems += [f"{rel}:{line}: {what}: {text}" for line, what, text in _audit(code)
                     if (rel, what) not in PRIVATE_ALLOWED]
    assert not problems, "direct filesystem access outside the VFS:\n" + "\n".join(problems)


@pytest.mark.parametrize("bad", [
    "import pyfakefs\n", "n = ctx.vfs.fake.resolve(p)\n", "ctx.machine.fake.get_disk_usage()\n",
    "names = ctx.vfs.os.listdir(p)\n", "data = node.byte_contents\n", "e = node._entries\n",
    "n = self.fake.lresolve(p)\n", "f = machine.open(p)\n",
])
def test_static_audit_catches_a_planted_bypass(bad: str) -> None:
    assert _audit(_strip_comments_and_docstrings(bad))
