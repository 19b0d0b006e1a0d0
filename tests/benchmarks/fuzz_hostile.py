"""The hostile fuzz run, on demand (issue 11): 100,000 generated command lines in-process, with
every package of the catalog installed, hostile sqlite3/zip/jq/pip lines and catastrophic
regexes among them.

    .venv/bin/python -m tests.benchmarks.fuzz_hostile [--cases 100000] [--jobs 2] [--seed 1]

Prints the figures for the notes: cases, wall time, cases per second, and the distinct
failures by kind (exception = a Python exception escaping Session.run_source, internal =
"internal error"/"Traceback" shown to the user, hang = still running after HANG_S, host = a
host write/exec/sqlite3 connection seen by the audit hook, slow = over SLOW_S), then each
distinct failure's shortest reproducer (tests/fuzz/fuzz_commands.py with these defaults).
Exit status 1 when anything was found.
"""
from __future__ import annotations

import sys

from tests.fuzz import fuzz_commands as fz

if __name__ == "__main__":
    sys.exit(fz.main(sys.argv[1:], cases=100_000, jobs=2))
