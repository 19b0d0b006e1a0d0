"""The machine's permission rules, limits, clones and base image, through machine.vfs."""
from __future__ import annotations

import errno

import pytest
from shelldojo.filesystem import ROOT, Credentials, DiskLimits, Machine, accounts, acting_as
from shelldojo.shell.machines import fresh_machine

H = "/home/learner"


def creds(machine: Machine, name: str) -> Credentials:
    c = accounts.credentials_for(machine.vfs, name)
    assert c is not None
    return c


def add_user(m: Machine, name: str, uid: int, groups: str = "") -> None:
    with acting_as(ROOT):
        m.vfs.write_bytes("/etc/passwd", f"{name}:x:{uid}:{uid}::/home/{name}:/bin/bash\n".encode(), append=True)
        m.vfs.write_bytes("/etc/group", f"{name}:x:{uid}:{groups}\n".encode(), append=True)


def errno_of(fn, *args) -> int:  # type: ignore[no-untyped-def]
    with pytest.raises(OSError) as info:
        fn(*args)
    return info.value.errno or 0


@pytest.fixture
def m() -> Machine:
    return fresh_machine()


def test_cd_needs_search_permission(m: Machine) -> None:
    learner = creds(m, "learner")
    with acting_as(learner):
        m.vfs.mkdir(f"{H}/locked")
        m.vfs.chmod(f"{H}/locked", 0o600)
        assert errno_of(m.vfs.can_enter, f"{H}/locked") == errno.EACCES
        assert errno_of(m.vfs.can_enter, f"{H}/.bashrc") == errno.ENOTDIR
        assert errno_of(m.vfs.can_enter, f"{H}/nope") == errno.ENOENT
        m.vfs.can_enter(H)
    with acting_as(ROOT):
        m.vfs.can_enter(f"{H}/locked")  # root searches any directory


def test_chmod_by_non_owner(m: Machine) -> None:
    with acting_as(creds(m, "learner")):
        assert errno_of(m.vfs.chmod, "/etc/passwd", 0o777) == errno.EPERM
        m.vfs.chmod(f"{H}/.bashrc", 0o600)
        assert m.vfs.stat(f"{H}/.bashrc").st_mode & 0o7777 == 0o600
    with acting_as(ROOT):
        m.vfs.chmod("/etc/passwd", 0o600)


def test_chown_only_root(m: Machine) -> None:
    with acting_as(creds(m, "learner")):
        assert errno_of(m.vfs.chown, f"{H}/.bashrc", 0, -1) == errno.EPERM
        assert errno_of(m.vfs.chown, "/etc/passwd", 1000, 1000) == errno.EPERM
        m.vfs.chown(f"{H}/.bashrc", -1, 27)  # own file to a group we are in: allowed
        assert errno_of(m.vfs.chown, f"{H}/.bashrc", -1, 0) == errno.EPERM
    with acting_as(ROOT):
        m.vfs.chown(f"{H}/.bashrc", 0, 0)
        assert m.vfs.stat(f"{H}/.bashrc").st_uid == 0


def test_group_permission_via_supplementary_group(m: Machine) -> None:
    with acting_as(ROOT):
        m.vfs.write_bytes("/srv/team.txt", b"secret")
        m.vfs.chown("/srv/team.txt", 0, 27)  # root:sudo
        m.vfs.chmod("/srv/team.txt", 0o640)
        m.vfs.write_bytes("/srv/other.txt", b"secret")
        m.vfs.chown("/srv/other.txt", 0, 50)  # root:staff, learner not a member
        m.vfs.chmod("/srv/other.txt", 0o640)
    with acting_as(creds(m, "learner")):
        assert m.vfs.read_bytes("/srv/team.txt") == b"secret"
        assert m.vfs.access("/srv/team.txt", 4) and not m.vfs.access("/srv/team.txt", 2)
        assert errno_of(m.vfs.read_bytes, "/srv/other.txt") == errno.EACCES
        assert errno_of(m.vfs.write_bytes, "/srv/team.txt", b"x") == errno.EACCES


def test_owner_bits_win_over_group_bits(m: Machine) -> None:
    with acting_as(creds(m, "learner")):
        m.vfs.write_bytes(f"{H}/f", b"x")
        m.vfs.chmod(f"{H}/f", 0o074)
        assert not m.vfs.access(f"{H}/f", 4)
        assert errno_of(m.vfs.read_bytes, f"{H}/f") == errno.EACCES


def test_sticky_tmp(m: Machine) -> None:
    add_user(m, "bob", 1001)
    with acting_as(creds(m, "bob")):
        m.vfs.write_bytes("/tmp/bobs", b"b")
        m.vfs.chmod("/tmp/bobs", 0o666)
    with acting_as(creds(m, "learner")):
        assert errno_of(m.vfs.unlink, "/tmp/bobs") == errno.EPERM
        assert errno_of(m.vfs.rename, "/tmp/bobs", "/tmp/mine") == errno.EPERM
        m.vfs.write_bytes("/tmp/bobs", b"overwrite is allowed by mode 666")
        m.vfs.write_bytes("/tmp/mine", b"m")
        m.vfs.unlink("/tmp/mine")
    with acting_as(ROOT):
        m.vfs.unlink("/tmp/bobs")


def test_root_home_and_shadow_unreadable(m: Machine) -> None:
    with acting_as(creds(m, "learner")):
        assert errno_of(m.vfs.listdir, "/root") == errno.EACCES
        assert errno_of(m.vfs.can_enter, "/root") == errno.EACCES
        assert errno_of(m.vfs.read_bytes, "/etc/shadow") == errno.EACCES
        assert m.vfs.read_bytes("/etc/passwd").startswith(b"root:x:0:0:")
        assert errno_of(m.vfs.write_bytes, "/etc/passwd", b"") == errno.EACCES
        assert errno_of(m.vfs.mkdir, "/etc/x") == errno.EACCES
    s = m.vfs.stat("/etc/shadow")
    assert (s.st_uid, s.st_gid, s.st_mode & 0o7777) == (0, 42, 0o640)
    with acting_as(ROOT):
        assert m.vfs.read_bytes("/etc/shadow").startswith(b"root:")
        m.vfs.listdir("/root")


def test_quota_keeps_old_content() -> None:
    m = fresh_machine(DiskLimits(quota_bytes=200_000, max_files=20_000, max_file_bytes=150_000))
    with acting_as(creds(m, "learner")):
        m.vfs.write_bytes(f"{H}/f", b"old")
        with pytest.raises(OSError) as info:
            for i in range(10):
                m.vfs.write_bytes(f"{H}/g{i}", b"x" * 100_000)
        assert info.value.errno == errno.ENOSPC
        assert errno_of(m.vfs.write_bytes, f"{H}/f", b"y" * 140_000) == errno.ENOSPC
        assert m.vfs.read_bytes(f"{H}/f") == b"old"


def test_quota_enospc() -> None:
    m = fresh_machine(DiskLimits(quota_bytes=200_000, max_files=20_000, max_file_bytes=150_000))
    with acting_as(creds(m, "learner")):
        with pytest.raises(OSError) as info:
            for i in range(10):
                m.vfs.write_bytes(f"{H}/g{i}", b"x" * 100_000)
        assert info.value.errno == errno.ENOSPC


def test_file_too_large() -> None:
    m = fresh_machine(DiskLimits(max_file_bytes=1000))
    with acting_as(creds(m, "learner")):
        assert errno_of(m.vfs.write_bytes, f"{H}/f", b"x" * 1001) == errno.EFBIG
        assert not m.vfs.exists(f"{H}/f")


def test_file_count_cap() -> None:
    m = fresh_machine()
    used = m.vfs._count_inodes()
    m = fresh_machine(DiskLimits(max_files=used + 3))
    with acting_as(creds(m, "learner")):
        m.vfs.write_bytes(f"{H}/a", b"")
        m.vfs.mkdir(f"{H}/b")
        m.vfs.symlink("a", f"{H}/c")
        assert errno_of(m.vfs.write_bytes, f"{H}/d", b"") == errno.ENOSPC
        assert errno_of(m.vfs.mkdir, f"{H}/e") == errno.ENOSPC
        m.vfs.unlink(f"{H}/a")
        m.vfs.write_bytes(f"{H}/d", b"")  # a freed inode can be reused


def test_clones_are_independent() -> None:
    a, b = fresh_machine(), fresh_machine()
    with acting_as(creds(a, "learner")):
        a.vfs.write_bytes(f"{H}/only_a", b"a")
        a.vfs.unlink(f"{H}/.bashrc")
    assert not b.vfs.exists(f"{H}/only_a") and b.vfs.exists(f"{H}/.bashrc")
    c = a.clone()
    with acting_as(ROOT):
        c.vfs.write_bytes(f"{H}/only_c", b"c")
    assert c.vfs.exists(f"{H}/only_a") and not a.vfs.exists(f"{H}/only_c")


def test_base_image() -> None:
    m = fresh_machine()
    with acting_as(ROOT):
        assert sorted(m.vfs.listdir(H)) == [".bash_logout", ".bashrc", ".profile"]
        s = m.vfs.stat(H)
        assert (s.st_uid, s.st_gid, s.st_mode & 0o7777) == (1000, 1000, 0o755)
        assert m.vfs.stat(f"{H}/.bashrc").st_uid == 1000
        assert m.vfs.stat("/tmp").st_mode & 0o7777 == 0o1777
        assert m.vfs.stat("/root").st_mode & 0o7777 == 0o700
        assert m.vfs.readlink("/bin") == "usr/bin" and m.vfs.readlink("/sbin") == "usr/sbin"
        assert m.vfs.read_bytes("/etc/hostname") == b"dojo\n"
        assert m.hostname == "dojo"
        assert m.vfs.isfile("/usr/bin/bash") and m.vfs.isfile("/bin/bash")
        assert m.vfs.isfile("/usr/bin/ls") and m.vfs.access("/usr/bin/ls", 1)
    learner = creds(m, "learner")
    assert (learner.uid, learner.gid, learner.groups) == (1000, 1000, frozenset({1000, 27}))
    assert accounts.user_by_name(m.vfs, "root").home == "/root"  # type: ignore[union-attr]


def test_umask_applies_to_new_files(m: Machine) -> None:
    with acting_as(creds(m, "learner")):
        m.vfs.write_bytes(f"{H}/f", b"")
        m.vfs.mkdir(f"{H}/d")
        assert m.vfs.stat(f"{H}/f").st_mode & 0o777 == 0o644
        assert m.vfs.stat(f"{H}/d").st_mode & 0o777 == 0o755
        assert m.vfs.stat(f"{H}/f").st_uid == 1000


def test_no_write_into_read_only_dir(m: Machine) -> None:
    with acting_as(creds(m, "learner")):
        m.vfs.mkdir(f"{H}/ro")
        m.vfs.write_bytes(f"{H}/ro/f", b"")
        m.vfs.chmod(f"{H}/ro", 0o555)
        assert errno_of(m.vfs.write_bytes, f"{H}/ro/g", b"") == errno.EACCES
        assert errno_of(m.vfs.unlink, f"{H}/ro/f") == errno.EACCES
        assert errno_of(m.vfs.mkdir, f"{H}/ro/d") == errno.EACCES
