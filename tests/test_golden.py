"""Replay our own golden cases (recorded from real bash; see tests/golden/harness.py)."""
from __future__ import annotations

import json

import pytest

from tests.golden.harness import GOLDEN, diff, parse_cases, run_case


def _cases() -> list:
    params = []
    for case_file in sorted(GOLDEN.glob("*.sh")):
        expected_file = case_file.with_suffix(".expected.json")
        if not expected_file.exists():
            continue
        expected = json.loads(expected_file.read_text())
        for case in parse_cases(case_file):
            want = expected.get(case["id"])
            if want is not None and want["script"] == case["script"]:
                params.append(pytest.param(case, want, id=f"{case['id']} {case['name']}"))
    return params


@pytest.mark.parametrize(("case", "want"), _cases())
def test_golden(case: dict, want: dict) -> None:
    problems = diff(want, run_case(case["script"]))
    assert not problems, "\n".join(problems)
