"""The sandbox never touches the host: hostile scripts leave the real disk alone,
and the source holds no way to reach it (a static audit)."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = "/tmp/host_probe_xyz"

HOSTILE = [
    "rm -rf / 2>/dev/null; echo done",
    "rm -rf --no-preserve-root / 2>/dev/null; ls /",
    "> /etc/passwd; echo x > /etc/hostname",
    "cp -r / /tmp/x 2>/dev/null; ls /tmp",
    f"touch {PROBE}; echo hi > {PROBE}; mkdir -p {PROBE}_dir/a/b",
    f"cd /tmp && touch host_probe_rel && ln -s /etc/passwd {PROBE}_link",
    "mv /home /tmp/h 2>/dev/null; chmod -R 777 / 2>/dev/null; true",
    "echo data > ~/.bashrc; rm -rf ~; mkdir -p /root/x 2>/dev/null",
    "dd if=/dev/zero of=/tmp/big bs=1M count=10 2>/dev/null; true",
    "cat /etc/shadow; cat /proc/self/environ; ls /home; true",
]


def _host_snapshot(directory: str) -> list[tuple[str, int, float]]:
    out = []
    for dirpath, dirnames, filenames in os.walk(directory):
        for name in sorted(dirnames + filenames):
            full = os.path.join(dirpath, name)
            try:
                s = os.lstat(full)
            except OSError:
                continue
            out.append((full, s.st_size, s.st_mtime))
    return sorted(out)


@pytest.mark.parametrize("script", HOSTILE)
def test_hostile_script_leaves_host_alone(script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session_mod = pytest.importorskip("shelldojo.shell.session")
    from shelldojo.shell.machines import fresh_machine
    from shelldojo.shell.streams import BufferOutput

    (tmp_path / "keep.txt").write_text("keep")
    monkeypatch.chdir(tmp_path)
    probes = [PROBE, f"{PROBE}_dir", f"{PROBE}_link", "/tmp/host_probe_rel", "/tmp/x", "/tmp/h", "/tmp/big"]
    before_probes = {p: os.path.lexists(p) for p in probes}
    before_tmp = _host_snapshot(str(tmp_path))
    before_home = sorted(os.listdir(os.path.expanduser("~")))
    passwd = Path("/etc/passwd").read_bytes()
    hostname = Path("/etc/hostname").read_bytes() if Path("/etc/hostname").exists() else None
    machine = fresh_machine()
    session = session_mod.Session(machine, user="learner", stdout=BufferOutput(), stderr=BufferOutput())
    session.run_source(script)
    session = session_mod.Session(machine, user="root", stdout=BufferOutput(), stderr=BufferOutput())
    session.run_source(script)
    assert {p: os.path.lexists(p) for p in probes} == before_probes
    assert _host_snapshot(str(tmp_path)) == before_tmp
    assert sorted(os.listdir(os.path.expanduser("~"))) == before_home
    assert Path("/etc/passwd").read_bytes() == passwd
    if hostname is not None:
        assert Path("/etc/hostname").read_bytes() == hostname


def test_sandbox_sees_its_own_files_not_the_hosts(tmp_path: Path) -> None:
    session_mod = pytest.importorskip("shelldojo.shell.session")
    from shelldojo.shell.machines import fresh_machine
    from shelldojo.shell.streams import BufferOutput

    secret = tmp_path / "host_secret.txt"
    secret.write_text("HOST SECRET")
    out = BufferOutput()
    session = session_mod.Session(fresh_machine(), user="root", stdout=out, stderr=BufferOutput())
    session.run_source(f"cat {secret}; ls {tmp_path}; cat /etc/hostname")
    assert b"HOST SECRET" not in out.getvalue()
    assert b"dojo" in out.getvalue()


def test_archive_load_never_writes_host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import tarfile

    from shelldojo.filesystem.archive import ArchiveError, load_tar
    from shelldojo.shell.machines import fresh_machine

    monkeypatch.chdir(tmp_path)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name in ("tmp/host_probe_xyz", str(tmp_path / "abs").lstrip("/")):
            info = tarfile.TarInfo(name)
            info.size = 1
            tar.addfile(info, io.BytesIO(b"x"))
        evil = tarfile.TarInfo("../../../../" + str(tmp_path / "evil").lstrip("/"))
        evil.size = 1
        tar.addfile(evil, io.BytesIO(b"x"))
    with pytest.raises(ArchiveError):
        load_tar(buf.getvalue(), base=fresh_machine())
    assert not os.path.lexists(PROBE)
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- static audit
FORBIDDEN = [
    (re.compile(r"^\s*(import|from)\s+subprocess\b", re.MULTILINE), "subprocess"),
    (re.compile(r"(?<![\w.])os\.(system|popen|exec\w*|spawn\w*|fork|remove|unlink|rmdir|mkdir|makedirs|rename|chmod"
                r"|chown|listdir|scandir|walk)\s*\("), "host os call"),
    (re.compile(r"^\s*(import|from)\s+(shutil|pathlib|glob|tempfile)\b", re.MULTILINE), "host file module"),
    (re.compile(r"\bPatcher\b"), "pyfakefs Patcher"),
    (re.compile(r"\badd_real_\w+"), "pyfakefs add_real_*"),
    (re.compile(r"\bFileHistory\b"), "prompt_toolkit FileHistory"),
    (re.compile(r"\bPathCompleter\b"), "prompt_toolkit PathCompleter"),
    (re.compile(r"(?<!def )(?<![\w.])open\s*\("), "builtin open"),
    (re.compile(r"\b(fake_filesystem_shutil|fake_pathlib|FakeShutilModule|FakePathlibModule)\b"),
     "pyfakefs shutil/pathlib"),
]
# Host file handling allowed only where a front end reads or writes files the user named.
ALLOWED = {
    ("shell/cli.py", "builtin open"),
    ("shell/cli.py", "host file module"),
    ("shell/cli.py", "host os call"),
    ("shell/machines.py", "host os call"),  # the base-image cache in the user's data dir
    ("shell/repl.py", "host file module"),
    ("challenges/store.py", "host file module"),
    ("challenges/store.py", "builtin open"),
    ("challenges/loader.py", "builtin open"),     # the instructor's pack files (read)
    ("challenges/loader.py", "host os call"),
    ("challenges/grader.py", "builtin open"),     # students' answer files (read, bounded)
    ("challenges/grader.py", "host os call"),
    ("challenges/grading_cli.py", "builtin open"),  # the report file the instructor named
    ("challenges/grading_cli.py", "host os call"),  # the --transcripts folder the instructor named
    ("challenges/listing.py", "host os call"),
    ("challenges/progress.py", "host os call"),   # the progress database in the data dir
    ("shell/repl/persist.py", "host os call"),    # the sandbox machine saved in the data dir
    ("challenges/stores.py", "host os call"),     # the class's progress database in the data dir
    ("shell/serve/classroom.py", "host os call"),  # the serving front end's data dir (students' stores)
    ("shell/serve/sshd.py", "host os call"),      # its SSH host key, kept in the data dir (0600)
}


def _sources() -> list[Path]:
    files: list[Path] = []
    for pkg in ("shell", "filesystem", "challenges"):
        files.extend(sorted((ROOT / pkg).rglob("*.py")))
    return files


def _strip_comments_and_docstrings(text: str) -> str:
    """The code without comments and string literals (messages may say "open (13: ...)")."""
    import io
    import tokenize

    out, last = [], (1, 0)
    lines = text.splitlines(keepends=True)

    def between(a: tuple[int, int], b: tuple[int, int]) -> str:
        if a[0] == b[0]:
            return lines[a[0] - 1][a[1]:b[1]] if a[0] <= len(lines) else ""
        return lines[a[0] - 1][a[1]:] + "".join(lines[a[0]:b[0] - 1]) + (lines[b[0] - 1][:b[1]] if b[0] <= len(lines) else "")

    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        out.append(between(last, tok.start))
        if tok.type == tokenize.STRING or (hasattr(tokenize, "FSTRING_START") and tok.type in (
                tokenize.FSTRING_START, tokenize.FSTRING_MIDDLE, tokenize.FSTRING_END)):
            out.append('""' + "\n" * tok.string.count("\n"))
        elif tok.type != tokenize.COMMENT:
            out.append(tok.string)
        last = tok.end
    return "".join(out)


def test_static_audit_no_host_access() -> None:
    problems = []
    for path in _sources():
        rel = path.relative_to(ROOT).as_posix()
        code = _strip_comments_and_docstrings(path.read_text(encoding="utf-8"))
        for pattern, what in FORBIDDEN:
            if (rel, what) in ALLOWED:
                continue
            if what == "builtin open" and not rel.startswith(("shell/commands/", "challenges/")) \
                    and rel != "filesystem/vfs.py":
                # outside commands, open( is the VFS's or the machine's own method (self._open, machine.open)
                continue
            for m in pattern.finditer(code):
                line = code[:m.start()].count("\n") + 1
                problems.append(f"{rel}:{line}: {what}: {m.group(0).strip()}")
    assert not problems, "host access found:\n" + "\n".join(problems)


def test_audit_catches_a_planted_violation() -> None:
    bad = "import subprocess\nimport shutil\nx = open('/etc/passwd')\nos.system('rm -rf /')\n"
    hits = {what for pattern, what in FORBIDDEN if pattern.search(bad)}
    assert {"subprocess", "host file module", "builtin open", "host os call"} <= hits


def test_temp_dir_untouched_by_fresh_machines() -> None:
    from shelldojo.shell.machines import fresh_machine

    tmp = tempfile.gettempdir()
    before = sorted(os.listdir(tmp))
    for _ in range(3):
        fresh_machine()
    after = sorted(os.listdir(tmp))
    assert [n for n in after if n not in before and n.startswith("host_probe")] == []
