"""The hostile fuzz run, on demand (issue 11): 100,000 generated command lines in-process, with
every package of the catalog installed, hostile sqlite3/zip/jq/pip lines and catastrophic
regexes among them.

    .venv/bin/python -m tests.benchmarks.fuzz_hostile [--cases 100000] [--jobs 2] [--seed 1]

Prints the figures for the notes: cases, wall time, cases per second, and the distinct
failures by kind (exception = a Python exception escaping Session.run_source, internal =
"internal error"/"Traceback" shown to the user, hang = still running after HANG_S, host = a
host write/exec/sqlite3 connection seen by the audit hook, slow = over SLOW_S), then each
distinct failure's shortest reproducer.  Exit status 1 when any exception/internal/hang/host.
"""
from __future__ import annotations

import argparse
import collections
import json
import resource
import sys
import time

from tests.fuzz import fuzz_commands as fz


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="write the distinct failures here")
    a = ap.parse_args()
    start = time.monotonic()
    distinct = fz.fuzz(a.seed, a.cases, a.jobs)
    seconds = time.monotonic() - start
    by_kind = collections.Counter()
    for p in distinct.values():
        by_kind[p["kind"]] += p["count"]
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{a.cases} cases (seed {a.seed}, {a.jobs} jobs) in {seconds:.0f}s: {a.cases / seconds:.0f} cases/s; "
          f"peak worker RSS {peak_mb:.0f} MB")
    for kind in ("exception", "internal", "hang", "host", "slow"):
        n = sum(1 for p in distinct.values() if p["kind"] == kind)
        print(f"  {kind:9} {by_kind[kind]:6} cases, {n} distinct")
    for key, p in sorted(distinct.items()):
        print(f"== {key}  (x{p['count']}, case {p['index']}, {p['user']}, {p['seconds']}s)")
        print("   " + repr(p["source"])[:300])
    if a.json:
        with open(a.json, "w") as f:
            json.dump(distinct, f, indent=1, ensure_ascii=False)
    bad = sum(by_kind[k] for k in ("exception", "internal", "hang", "host"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
