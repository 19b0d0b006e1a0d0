"""Guards for two speed regressions, checked without timing anything.

- Grading: a challenge pays only for the machines it reaches (a Pack 1 challenge builds no
  web1/db1), its prepared machine starts from the cloud's dojo made once (the learner's key is
  not written again for each setup), carries no service manager state it did not ask for, and a
  machine's snapshot unpickles without asking each file node for `__setstate__` (FakeFile's
  `__getattr__` answers that with a raised AttributeError: a third of every clone).
- `shelldojo run -c true`: no network, archive, server or trainer modules are imported, and a
  process that stays on dojo loads the cached dojo and builds no machine.
"""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from shelldojo.challenges import grade_task, setup_net
from shelldojo.challenges.grader import grade_one
from shelldojo.challenges.loader import builtin_pack_dirs, load_pack
from shelldojo.challenges.model import Challenge
from shelldojo.challenges.setup import prepare
from shelldojo.challenges.variants import instantiate
from shelldojo.filesystem import ROOT, Machine, acting_as
from shelldojo.filesystem.machine import SERVICES_STATE
from shelldojo.shell import cloud

REPO = Path(__file__).resolve().parent.parent
# what `run -c true` must not import: the internet (email, sockets, tarballs), state archives,
# the front ends' and the server's libraries, the trainer
NOT_FOR_RUN = ("email", "socket", "tarfile", "gzip", "shelldojo.shell.net", "shelldojo.filesystem.archive",
               "shelldojo.challenges", "shelldojo.shell.repl", "shelldojo.shell.serve", "prompt_toolkit",
               "pygments", "aiohttp", "asyncssh", "cryptography", "sqlite3", "_sqlite3")


def _challenge(pack_prefix: str, cid: str) -> Challenge:
    pack_dir = next(d for d in builtin_pack_dirs() if os.path.basename(d).startswith(pack_prefix))
    found = load_pack(pack_dir).challenge(cid)
    assert found is not None
    return found


def _built(snapshot: bytes) -> list[str]:
    """The machines a prepared cloud's snapshot holds (network.py's snapshot layout)."""
    _main, _domain, disks, _sites = pickle.loads(snapshot)
    return sorted(name for name, (_address, disk, _limits, _aliases) in disks.items() if disk is not None)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts of role machines built and learner keys written while the test runs."""
    cloud.dojo_machine()   # the process's dojo, made before counting (as the grader's prewarm does)
    counts = {"role_machine": 0, "give_learner_key": 0}
    for name in counts:
        real = getattr(cloud, name)

        def spy(*args, _real=real, _name=name, **kw):  # type: ignore[no-untyped-def]
            counts[_name] += 1
            return _real(*args, **kw)
        monkeypatch.setattr(cloud, name, spy)
    return counts


# ----------------------------------------------------------------------------- grading
def test_grading_a_first_steps_challenge_builds_no_other_machine(counted: dict[str, int]) -> None:
    challenge = _challenge("01", "what-is-here")
    good = grade_one(challenge, "speed-guard", instantiate(challenge, "speed-guard").solution, 10)
    bad = grade_one(challenge, "speed-guard", "echo wrong\n", 10)
    assert good.passed and not bad.passed
    assert counted == {"role_machine": 0, "give_learner_key": 0}
    assert _built(setup_net.snapshot(prepare(instantiate(challenge, "speed-guard")))) == ["dojo"]


def test_a_challenge_reaching_web1_still_builds_and_copies_it(counted: dict[str, int]) -> None:
    challenge = _challenge("07", "web-down")
    inst = instantiate(challenge, "speed-guard")
    assert _built(setup_net.snapshot(prepare(inst))) == ["dojo", "web1"]
    outcome = grade_one(challenge, "speed-guard", inst.solution, 10)
    assert outcome.passed, outcome
    assert counted["give_learner_key"] == 0   # dojo's key comes with the cloned dojo


def test_prepare_starts_from_the_keyed_dojo(counted: dict[str, int]) -> None:
    machine = prepare(instantiate(_challenge("02", "order-tree"), "speed-guard"))
    assert counted["give_learner_key"] == 0
    with acting_as(ROOT):
        assert machine.vfs.exists(cloud.SSH_CONFIG_D)
        assert machine.vfs.exists(f"{cloud.KEY_DIR}/learner/id_ed25519")


def test_a_setup_without_services_leaves_no_service_state() -> None:
    machine = prepare(instantiate(_challenge("01", "first-line"), "speed-guard"))
    snapshot = setup_net.snapshot(machine)
    copy = setup_net.restore(snapshot)
    with acting_as(ROOT):
        assert not copy.vfs.exists(SERVICES_STATE)
    assert copy._services is None   # a copy boots no service manager until a command asks


def test_a_setup_with_services_keeps_them() -> None:
    machine = prepare(instantiate(_challenge("06", "oven-down"), "speed-guard"))
    copy = setup_net.restore(setup_net.snapshot(machine))
    assert copy._services is not None   # its state came back with the copy
    assert copy.services.state("nginx").active == "failed"


def test_snapshots_unpickle_without_asking_nodes_for_setstate(monkeypatch: pytest.MonkeyPatch) -> None:
    from pyfakefs.fake_file import FakeFile

    snapshot = cloud.dojo_machine().snapshot()
    asked: list[str] = []
    real = FakeFile.__getattr__

    def spy(self, item):  # type: ignore[no-untyped-def]
        asked.append(item)
        return real(self, item)
    monkeypatch.setattr(FakeFile, "__getattr__", spy)
    copy = Machine.from_snapshot(snapshot)
    assert asked.count("__setstate__") < 10   # the few nodes of subclasses (devices, /proc) still ask; not ~500
    with acting_as(ROOT):
        assert copy.vfs.read_bytes("/etc/hostname") == b"dojo\n"
        assert copy.vfs.exists(cloud.SSH_KNOWN_HOSTS)


def test_counting_a_copys_files_does_not_ask_each_node_for_missing_attributes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy counts its files before its first new one (the disk's file cap): ~400 nodes."""
    from pyfakefs.fake_file import FakeFile

    copy = cloud.dojo_machine()
    asked: list[str] = []
    real = FakeFile.__getattr__

    def spy(self, item):  # type: ignore[no-untyped-def]
        asked.append(item)
        return real(self, item)
    monkeypatch.setattr(FakeFile, "__getattr__", spy)
    with acting_as(ROOT):
        copy.vfs.write_bytes("/tmp/new", b"x")
    assert len(asked) < 50, sorted(set(asked))
    assert copy.vfs._file_count == copy.vfs._count_inodes()


def test_the_grader_prewarms_the_dojo_before_forking(monkeypatch: pytest.MonkeyPatch) -> None:
    from shelldojo.challenges.grader_pool import _prewarm

    monkeypatch.setattr(cloud, "_ROLE_SNAPSHOTS", {})
    monkeypatch.setattr(grade_task, "_PREPARED", grade_task._Prepared())
    _prewarm()
    assert list(cloud._ROLE_SNAPSHOTS) == ["dojo"]   # workers inherit it; web1 and db1 stay unbuilt


def test_the_internet_comes_on_first_lookup_and_rides_along_in_copies() -> None:
    net = cloud.fresh_cloud()
    assert net._site_sources   # not made yet
    assert net.resolve(net.main_machine, "example.com") == "93.184.216.34"
    copy = setup_net.restore(net.snapshot()).network
    assert copy is not None and copy.site_at("203.0.113.10") is not None


# ----------------------------------------------------------------------------- run -c true
def _child(code: str, home: str) -> str:
    env = {**os.environ, "SHELLDOJO_HOME": home, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=REPO,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


RUN_TRUE = ("import json, sys; from shelldojo.shell.cli import main; status = main(['run', '-c', 'true']); "
            "from shelldojo.shell import cloud, machines; "
            "print(json.dumps({'status': status, 'modules': sorted(sys.modules), "
            "'base_loaded': machines._BASE_SNAPSHOT is not None, 'made': sorted(cloud._ROLE_SNAPSHOTS)}))")


@pytest.fixture(scope="module")
def warm_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir whose cache already holds the base image and the dojo (every run but the first)."""
    home = tmp_path_factory.mktemp("home")
    assert json.loads(_child(RUN_TRUE, str(home)))["status"] == 0   # builds the base image and the dojo
    return home


def test_run_true_imports_only_what_it_needs(warm_home: Path) -> None:
    seen = json.loads(_child(RUN_TRUE, str(warm_home)))
    assert seen["status"] == 0
    unwanted = [m for m in seen["modules"] if any(m == n or m.startswith(n + ".") for n in NOT_FOR_RUN)]
    assert unwanted == []


def test_run_true_loads_the_cached_dojo_and_builds_no_machine(warm_home: Path) -> None:
    assert sorted(p.name.split("-")[0] for p in (warm_home / "cache").iterdir()) == ["base", "dojo"]
    again = json.loads(_child(RUN_TRUE, str(warm_home)))
    assert again["status"] == 0 and again["made"] == ["dojo"]
    assert again["base_loaded"] is False   # the dojo came from the cache: no base image, no key written


def test_run_in_the_cached_dojo_still_reaches_the_cloud(warm_home: Path) -> None:
    code = ("import sys; from shelldojo.shell.cli import main; "
            "sys.exit(main(['run', '-c', 'ssh web1 hostname; getent hosts example.com; ls /etc/ssh/dojo/learner']))")
    assert _child(code, str(warm_home)) == "web1\n93.184.216.34   example.com\nid_ed25519\nid_ed25519.pub\n"
