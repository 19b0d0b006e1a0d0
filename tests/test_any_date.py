"""The suite passes on any date: the golden corpus replayed with the clock on the 1st of a month.

`ls -l` pads a one-digit day ("Jan  1"), so a case that cuts its output at fixed fields passes
on the 10th and fails on the 1st; CI was red on days 1-9 of every month for that reason.  The
clock here is the 1st of next month (the cached base image, built today, stays in the past),
advancing in step with the real one.
"""
from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from tests.golden.harness import diff, run_case
from tests.test_golden import _cases


def first_of_next_month(now: float) -> float:
    """The same time of day on the 1st of the month after `now` (UTC)."""
    today = datetime.fromtimestamp(now, UTC)
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return today.replace(year=year, month=month, day=1).timestamp()


@pytest.fixture
def first_of_month_clock(monkeypatch: pytest.MonkeyPatch) -> float:
    real = time.time
    offset = first_of_next_month(real()) - real()
    monkeypatch.setattr(time, "time", lambda: real() + offset)
    return offset


def test_the_clock_is_on_the_first(first_of_month_clock: float) -> None:
    assert datetime.fromtimestamp(time.time(), UTC).day == 1
    out = run_case("touch f; ls -l f")["stdout"]
    assert f" {datetime.fromtimestamp(time.time(), UTC):%b}  1 " in out


def test_a_case_cutting_ls_at_fixed_fields_fails_on_the_first(first_of_month_clock: float) -> None:
    # The shape of the two cases that made CI red on days 1-9: on the 1st the 9th field is the time.
    got = run_case("touch a-file; ls -l a-file | cut -d' ' -f9-")["stdout"]
    assert got != "a-file\n"


@pytest.mark.parametrize(("case", "want"), _cases())
def test_golden_on_the_first(case: dict, want: dict, first_of_month_clock: float) -> None:
    problems = diff(want, run_case(case["script"]))
    assert not problems, "\n".join(problems)


def test_the_old_ln_case_fails_on_the_first(first_of_month_clock: float) -> None:
    # tests/golden/files_cp.sh before the fix, with what real bash printed on a day >= 10
    got = run_case("ln -s nothere dangling; ls -l dangling | cut -d' ' -f9-")["stdout"]
    assert got != "dangling -> nothere\n"
