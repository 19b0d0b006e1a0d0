"""The trainer archives the machine after a command line only when the disk changed (the VFS
counts every change): `ls` costs no archive, `touch` does, and nothing done is lost."""
from __future__ import annotations

from pathlib import Path

import pytest
from shelldojo.challenges.progress import ProgressStore
from shelldojo.shell.cloud import fresh_cloud

from tests.test_trainer import drive


def test_the_vfs_counts_changes_not_reads() -> None:
    from shelldojo.filesystem import ROOT, acting_as

    vfs = fresh_cloud().main_machine.vfs
    with acting_as(ROOT):
        start = vfs.changes
        vfs.read_bytes("/etc/hostname")
        vfs.listdir("/home/learner")
        assert vfs.changes == start
        for change in (lambda: vfs.write_bytes("/tmp/a", b"1"), lambda: vfs.chmod("/tmp/a", 0o600),
                       lambda: vfs.mkdir("/tmp/d"), lambda: vfs.rename("/tmp/a", "/tmp/b"),
                       lambda: vfs.unlink("/tmp/b"), lambda: vfs.rmdir("/tmp/d")):
            before = vfs.changes
            change()
            assert vfs.changes > before
        with vfs.open("/tmp/late", "wb") as f:   # a write that lands after the open counts too
            before = vfs.changes
            f.write(b"x")
        assert vfs.changes > before


def test_a_line_that_changed_nothing_is_not_archived(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saves: list[str] = []
    real = ProgressStore.save_machine

    def counted(self: ProgressStore, pack: str, challenge: str, state: bytes) -> None:
        saves.append(challenge)
        real(self, pack, challenge, state)

    monkeypatch.setattr(ProgressStore, "save_machine", counted)
    data = tmp_path / "d"
    drive(data, ["dojo start first-steps/kitchen-folder\r"])
    before = len(saves)
    drive(data, [])   # a resumed session: its first save, and the one at its end (bash's history)
    base = len(saves) - before
    before = len(saves)
    drive(data, ["ls\r", "pwd\r", "cat /etc/hostname\r"])
    assert len(saves) - before == base   # reading lines archive nothing
    before = len(saves)
    drive(data, ["ls\r", "touch made-here\r", "ls\r"])
    assert len(saves) - before == base + 1   # the touch, and only it
    run = drive(data, ["ls made-here\r"])
    assert "ls: cannot access" not in run.screen and "made-here\n" in run.screen
