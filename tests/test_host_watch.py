"""The host is watched while the golden suite and a fuzz run (every package installed, hostile
sqlite3/zip/jq/pip lines and catastrophic regexes included) run in this process: afterwards
nothing on the host is newer than a marker made before they started, outside the places a
test run itself writes (pytest's temporary folders, the data dir, Python's bytecode caches)."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import platformdirs
import pytest

from tests.fuzz import fuzz_commands as fz
from tests.golden.harness import GOLDEN, parse_cases, run_case

SKIP_TOP = {"/proc", "/sys", "/dev", "/run"}
SKIP_NAMES = {"__pycache__", ".pytest_cache", ".git", ".ruff_cache"}


def _skipped_trees(tmp_root: str) -> set[str]:
    trees = {sys.prefix, sys.base_prefix, os.path.realpath(sys.base_prefix), tmp_root,
             platformdirs.user_data_dir("shelldojo"), os.environ.get("SHELLDOJO_HOME", "/nonexistent"),
             "/usr", "/var/log", "/var/cache", "/var/lib/apt", "/var/lib/dpkg", "/var/lib/systemd"}
    return {os.path.realpath(t) for t in trees}


def newer_than(marker: float, tmp_root: str) -> list[str]:
    """Host paths (files, dirs, links) changed after `marker`, as find / -newer would list them."""
    skipped = _skipped_trees(tmp_root)
    found = []
    for top, dirs, files in os.walk("/"):
        if top == "/":
            dirs[:] = [d for d in dirs if "/" + d not in SKIP_TOP]
        dirs[:] = [d for d in dirs if d not in SKIP_NAMES and os.path.realpath(os.path.join(top, d)) not in skipped]
        for name in dirs + files:
            path = os.path.join(top, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            # a directory whose entries changed: only a new or removed entry is news (checked below)
            if st.st_mtime > marker and not os.path.isdir(path):
                found.append(path)
            elif os.path.isdir(path) and st.st_mtime > marker and top != "/":
                found.append(path + "/")
    return found


def test_golden_and_fuzz_leave_the_host_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a relative host path written by mistake would land here: watched too
    tmp_root = os.path.realpath(str(tmp_path.parent.parent))  # pytest's basetemp for this run
    for stale in Path(tempfile.gettempdir()).glob(os.path.basename(fz.HOST_TMP) + "*"):
        stale.unlink()  # left by an earlier, unsealed run: this run must not make them again
    fz.base_machine()  # built (and the base image cached) before the marker
    marker_file = Path(tempfile.gettempdir()) / f"shelldojo-host-marker-{os.getpid()}"
    marker_file.write_text("marker")
    marker = marker_file.stat().st_mtime
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
            source = fz.package_line(rng)
            p = fz.run_case("learner", source)
            if p and p["kind"] in ("host", "exception", "internal"):
                problems.append((p["kind"], p["detail"], source))
        assert not problems, problems[:5]
        changed = [p for p in newer_than(marker, tmp_root) if p != str(marker_file)
                   and not p.startswith(str(tmp_path)) and p not in (tempfile.gettempdir() + "/",)]
        probes = [p for p in os.listdir(tempfile.gettempdir()) if p.startswith(os.path.basename(fz.HOST_TMP))]
        assert not probes, probes
        assert not changed, changed[:20]
    finally:
        marker_file.unlink()
