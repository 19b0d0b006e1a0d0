"""The host is watched while the golden suite and a fuzz run (every package installed, hostile
sqlite3/zip/jq/pip lines and catastrophic regexes included) run in this process: afterwards
the process wrote nothing through any file descriptor (its kernel write counter), no host path
in the quiet places (and no name the fuzz vocabulary could make in /tmp) is newer than a marker
made before they started, and the audit hook saw no host write, exec or sqlite3 connection."""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import platformdirs
import pytest

from tests.fuzz import fuzz_commands as fz
from tests.fuzz.hostile_lines import HOST_TMP, package_line
from tests.golden.harness import GOLDEN, parse_cases, run_case

# Other programs on this computer write too (/tmp, logs, caches): the scan looks where nothing
# else writes during a test, and the process's own write counter covers every other place.
REPO_PARENT = str(Path(__file__).resolve().parent.parent.parent)  # the checkout and ../shared
QUIET_TREES = ["/etc", "/root", "/home", "/usr/local", "/opt", "/srv", "/var/tmp", "/var/www", REPO_PARENT]
SKIP_NAMES = {"__pycache__", ".pytest_cache", ".git", ".ruff_cache", ".venv", ".pyenv", ".rustup", ".m2",
              ".cargo", ".npm", ".cache", ".library", "site-packages"}


def _skipped_trees(tmp_root: str) -> set[str]:
    trees = {sys.prefix, sys.base_prefix, tmp_root, platformdirs.user_data_dir("shelldojo"),
             os.environ.get("SHELLDOJO_HOME", "/nonexistent")}
    return {os.path.realpath(t) for t in trees}


def newer_than(marker: float, tmp_root: str, roots: list[str]) -> list[str]:
    """Paths under `roots` changed after `marker` (as find ROOTS -newer MARKER lists them)."""
    skipped = _skipped_trees(tmp_root)
    found = []
    for root in roots:
        for top, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in SKIP_NAMES
                       and os.path.realpath(os.path.join(top, d)) not in skipped]
            for name in files + dirs:
                path = os.path.join(top, name)
                try:
                    if os.lstat(path).st_mtime > marker:
                        found.append(path)
                except OSError:
                    continue
    return found


def _bytes_written() -> int:
    """Bytes this process (all its threads) has passed to write(2) and friends: C libraries
    such as SQLite count too.  0 where the kernel has no I/O accounting."""
    try:
        with open("/proc/self/io") as f:
            return int(dict(line.split(": ") for line in f.read().splitlines())["wchar"])
    except (OSError, KeyError, ValueError):
        return 0


def _mtime(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except (OSError, ValueError):  # absent, or not a possible name (too long, a NUL)
        return 0.0


def _tmp_names() -> set[str]:
    """Names under /tmp the fuzz vocabulary could create there, and the hostile lines' probes."""
    words = [*fz.FILES, *fz.TEXTS, *fz.OPTVALS, "x", "big", "h", "host_probe_rel"]
    names = {w[len("/tmp/"):].split("/")[0] for w in words if w.startswith("/tmp/")} | {
        w for w in words if "/" not in w}
    return names - {"", ".", ".."}


def test_golden_and_fuzz_leave_the_host_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a relative host path written by mistake would land here: watched too
    tmp_root = os.path.realpath(str(tmp_path.parent.parent))  # pytest's basetemp for this run
    for stale in Path(tempfile.gettempdir()).glob(os.path.basename(HOST_TMP) + "*"):
        stale.unlink()  # left by an earlier, unsealed run: this run must not make them again
    fz.base_machine()  # built (and the base image cached) before the marker
    marker_file = Path(tempfile.gettempdir()) / f"shelldojo-host-marker-{os.getpid()}"
    marker_file.write_text("marker")
    marker = marker_file.stat().st_mtime
    written = _bytes_written()
    try:
        for case_file in sorted(GOLDEN.glob("*.sh")):
            expected = json.loads(case_file.with_suffix(".expected.json").read_text())
            for case in parse_cases(case_file):
                if case["id"] in expected:
                    run_case(case["script"])
        problems = []
        for user, source in fz.generate_cases(seed=11, n=250):
            p = fz.run_case(user, source)
            if p and p["kind"] in ("host", "exception", "internal"):
                problems.append((p["kind"], p["detail"], source))
        rng = __import__("random").Random(3)
        for _ in range(120):  # the hostile package lines alone, many times
            source = package_line(rng)
            p = fz.run_case("learner", source)
            if p and p["kind"] in ("host", "exception", "internal"):
                problems.append((p["kind"], p["detail"], source))
        assert not problems, problems[:5]
        assert _bytes_written() == written, "the run wrote to a host file descriptor"
        changed = newer_than(marker, tmp_root, [str(tmp_path), *QUIET_TREES])
        tmp = Path(tempfile.gettempdir())
        changed += [str(tmp / n) for n in _tmp_names() if _mtime(tmp / n) > marker]
        probes = [p for p in os.listdir(tempfile.gettempdir()) if p.startswith(os.path.basename(HOST_TMP))]
        assert not probes, probes
        assert not changed, changed[:20]
    finally:
        marker_file.unlink()


def test_the_watch_sees_a_host_write(tmp_path: Path) -> None:
    """The watch can fail: a file written after the marker is seen both ways."""
    marker = time.time() - 1
    written = _bytes_written()
    (tmp_path / "escaped").write_bytes(b"x" * 100)
    assert _bytes_written() >= written + 100 or not Path("/proc/self/io").exists()
    assert str(tmp_path / "escaped") in newer_than(marker, "/nonexistent", [str(tmp_path)])
