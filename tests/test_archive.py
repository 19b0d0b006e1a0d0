"""The machine's tar archive: round trips, and hostile archives refused."""
from __future__ import annotations

import io
import tarfile

import pytest
from shelldojo.filesystem import DiskLimits, Machine
from shelldojo.filesystem.archive import ArchiveError, load_tar, save_tar
from shelldojo.shell.machines import fresh_machine

H = "/home/learner"


def saved(machine: Machine) -> bytes:
    buf = io.BytesIO()
    save_tar(machine, buf)
    return buf.getvalue()


def members(data: bytes) -> dict[str, tarfile.TarInfo]:
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return {m.name.rstrip("/"): m for m in tar.getmembers()}


def build(*entries: tuple[str, str, bytes | str]) -> bytes:
    """A tar archive of (name, kind, payload) entries; kind: file dir sym lnk fifo chr."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, kind, payload in entries:
            info = tarfile.TarInfo(name)
            data = payload.encode() if isinstance(payload, str) else payload
            if kind == "file":
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
                continue
            info.type = {"dir": tarfile.DIRTYPE, "sym": tarfile.SYMTYPE, "lnk": tarfile.LNKTYPE,
                         "fifo": tarfile.FIFOTYPE, "chr": tarfile.CHRTYPE}[kind]
            if kind in ("sym", "lnk"):
                info.linkname = data.decode()
            tar.addfile(info)
    return buf.getvalue()


@pytest.fixture
def machine() -> Machine:
    m = fresh_machine()
    m.os.mkdir(f"{H}/d")
    m.fake.create_file(f"{H}/d/a.txt", contents=b"hello\n")
    m.os.chown(f"{H}/d/a.txt", 1000, 1000)
    m.os.chmod(f"{H}/d/a.txt", 0o640)
    m.os.link(f"{H}/d/a.txt", f"{H}/hard")
    m.os.symlink("d/a.txt", f"{H}/link")
    m.os.chmod(f"{H}/d", 0o1750)
    m.os.utime(f"{H}/d/a.txt", (1700000000, 1700000000))
    return m


def test_save_names_modes_owners_links(machine: Machine) -> None:
    got = members(saved(machine))
    assert "home/learner/.bashrc" in got and "etc/passwd" in got
    assert not any(n.split("/")[0] in ("dev", "proc", "sys") for n in got)
    a = got["home/learner/d/a.txt"]
    assert a.isfile() and a.mode == 0o640 and (a.uid, a.gid, a.uname, a.gname) == (1000, 1000, "learner", "learner")
    assert a.mtime == 1700000000
    assert got["home/learner/d"].isdir() and got["home/learner/d"].mode == 0o1750
    assert got["home/learner/link"].issym() and got["home/learner/link"].linkname == "d/a.txt"
    hard = got["home/learner/hard"]
    assert hard.islnk() and hard.linkname == "home/learner/d/a.txt"
    assert got["bin"].issym() and got["bin"].linkname == "usr/bin"
    assert got["tmp"].mode == 0o1777
    assert got["etc/shadow"].gname == "shadow" and got["etc/shadow"].mode == 0o640


def test_round_trip(machine: Machine) -> None:
    m2 = load_tar(saved(machine), base=fresh_machine())
    assert m2.vfs.read_bytes(f"{H}/d/a.txt") == b"hello\n"
    s = m2.os.stat(f"{H}/d/a.txt")
    assert (s.st_mode & 0o7777, s.st_uid, s.st_gid, int(s.st_mtime)) == (0o640, 1000, 1000, 1700000000)
    assert s.st_ino == m2.os.stat(f"{H}/hard").st_ino and s.st_nlink == 2
    assert m2.os.readlink(f"{H}/link") == "d/a.txt"
    assert m2.os.stat(f"{H}/d").st_mode & 0o7777 == 0o1750
    assert m2.os.readlink("/bin") == "usr/bin"
    assert m2.vfs.exists("/dev/zero")
    # a second save is the same archive (deterministic)
    assert members(saved(m2)).keys() == members(saved(machine)).keys()


def test_load_replaces_base_contents() -> None:
    m = fresh_machine()
    m.os.unlink(f"{H}/.bashrc")
    m2 = load_tar(saved(m), base=fresh_machine())
    assert sorted(m2.os.listdir(H)) == [".bash_logout", ".profile"]


def test_load_without_base_builds_dev() -> None:
    m2 = load_tar(build(("home/learner/x", "file", "x")))
    assert m2.vfs.read_bytes("/home/learner/x") == b"x"
    assert m2.vfs.exists("/dev/zero")
    assert m2.os.stat("/home").st_mode & 0o777 == 0o755


def test_load_leading_dot_slash_and_missing_parents() -> None:
    m2 = load_tar(build(("./a/b/c.txt", "file", "c")), base=fresh_machine())
    assert m2.vfs.read_bytes("/a/b/c.txt") == b"c"


def test_loaded_clone_is_usable_by_vfs() -> None:
    m2 = load_tar(build(("home/learner/x", "file", "x")), base=fresh_machine())
    m2.vfs.write_bytes("/home/learner/y", b"y")
    assert m2.vfs.read_bytes("/home/learner/y") == b"y"


@pytest.mark.parametrize("name", ["/etc/evil", "../evil", "a/../../evil", "home/../../evil"])
def test_refuses_escaping_names(name: str) -> None:
    with pytest.raises(ArchiveError, match="evil"):
        load_tar(build((name, "file", "x")), base=fresh_machine())


def test_symlink_is_only_text() -> None:
    m2 = load_tar(build(("home/learner/s", "sym", "/etc/passwd"), ("home/learner/t", "sym", "../../..")),
                  base=fresh_machine())
    assert m2.os.readlink("/home/learner/s") == "/etc/passwd"


def test_refuses_writing_through_symlink() -> None:
    data = build(("home/learner/s", "sym", "/etc"), ("home/learner/s/passwd", "file", "pwned"))
    with pytest.raises(ArchiveError, match="s/passwd"):
        load_tar(data, base=fresh_machine())


def test_refuses_hard_link_not_earlier_member() -> None:
    with pytest.raises(ArchiveError, match="home/learner/h"):
        load_tar(build(("home/learner/h", "lnk", "etc/passwd")), base=fresh_machine())
    with pytest.raises(ArchiveError, match="home/learner/h"):
        load_tar(build(("home/learner/h", "lnk", "../../etc/shadow")), base=fresh_machine())


def test_hard_link_to_earlier_member() -> None:
    m2 = load_tar(build(("a", "file", "x"), ("b", "lnk", "a")), base=fresh_machine())
    assert m2.os.stat("/a").st_ino == m2.os.stat("/b").st_ino


@pytest.mark.parametrize("kind", ["chr"])  # a FIFO is kept: mkfifo makes them (tests/test_coreutils_more.py)
def test_refuses_devices(kind: str) -> None:
    with pytest.raises(ArchiveError, match="home/learner/dev0"):
        load_tar(build(("home/learner/dev0", kind, "")), base=fresh_machine())


def test_archive_dev_members_ignored() -> None:
    m2 = load_tar(build(("dev/evil", "file", "x")), base=fresh_machine())
    assert not m2.vfs.exists("/dev/evil")


def test_limits() -> None:
    small = DiskLimits(quota_bytes=1000, max_files=500, max_file_bytes=100)
    with pytest.raises(ArchiveError, match="big"):
        load_tar(build(("big", "file", b"x" * 101)), limits=small, base=fresh_machine())
    many = [(f"f{i}", "file", b"x" * 90) for i in range(20)]
    with pytest.raises(ArchiveError, match="quota"):
        load_tar(build(*many), limits=small, base=fresh_machine())
    lots = [(f"f{i}", "file", b"") for i in range(600)]
    with pytest.raises(ArchiveError, match="too many files"):
        load_tar(build(*lots), limits=small, base=fresh_machine())


@pytest.mark.parametrize("data", [b"", b"garbage" * 100, b"\x1f\x8b" + b"\0" * 600])
def test_corrupt(data: bytes) -> None:
    with pytest.raises(ArchiveError):
        load_tar(data, base=fresh_machine())


def test_truncated() -> None:
    data = build(("a", "file", b"x" * 5000), ("b", "file", "y"))
    with pytest.raises(ArchiveError):
        load_tar(data[:3000], base=fresh_machine())


def test_file_replacing_directory_refused() -> None:
    with pytest.raises(ArchiveError, match="'d'"):
        load_tar(build(("d", "dir", ""), ("d", "file", "x")), base=fresh_machine())


def test_loading_never_touches_host(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    load_tar(build(("x", "file", "x"), ("home/learner/y", "file", "y")), base=fresh_machine())
    assert list(tmp_path.iterdir()) == []
