"""Shell glob patterns on long values ([[ == ]], case, ${x//pat/}, ${x%%pat}, ${x##pat}) run on
the bounded regex engine: `*a*a*a*b` against 3 MB once backtracked for minutes in `re`."""
from __future__ import annotations

import pytest

from tests.hostile import run_c

LONG = 'x=$(head -c 3000000 /dev/zero | tr "\\0" a); '
CASES = [
    (LONG + "[[ $x == *a*a*a*b ]]; echo $?", "1\n"),
    (LONG + "case $x in *a*a*b) echo m;; *) echo n;; esac", "n\n"),
    (LONG + "y=${x//*b*/}; echo ${#y}", "3000000\n"),
    (LONG + "y=${x%%*b}; echo ${#y}", "3000000\n"),
    ('x=$(head -c 300000 /dev/zero | tr "\\0" a); y=${x##*a*b}; echo ${#y}', "300000\n"),
]


@pytest.mark.parametrize(("script", "out"), CASES)
def test_glob_pattern_on_a_long_value_ends_at_once(script: str, out: str) -> None:
    o = run_c(script)
    o.assert_clean()
    o.assert_bounded(wall_s=3.0)
    assert (o.stdout.decode(), o.status) == (out, 0)
