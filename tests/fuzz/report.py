"""The figures of a fuzz run and its distinct failures, as the fuzz scripts print them."""
from __future__ import annotations

import collections
import resource


def report(distinct: dict[str, dict], cases: int, seconds: float, jobs: int) -> int:
    """Print the run's figures and each distinct failure; 1 when anything was found."""
    by_kind: collections.Counter[str] = collections.Counter()
    for p in distinct.values():
        by_kind[p["kind"]] += p["count"]
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN if jobs > 1 else resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{cases} cases ({jobs} jobs) in {seconds:.0f}s: {cases / max(seconds, 1e-9):.0f} cases/s; "
          f"peak worker RSS {peak_mb:.0f} MB")
    for kind in ("exception", "internal", "hang", "host", "slow"):
        n = sum(1 for p in distinct.values() if p["kind"] == kind)
        print(f"  {kind:9} {by_kind[kind]:6} cases, {n} distinct")
    for key, p in sorted(distinct.items()):
        print(f"== {key}  (x{p['count']}, case {p['index']}, {p['user']}, {p['seconds']}s)")
        print("   " + repr(p["source"])[:400])
        print("   " + p["detail"][:300].replace("\n", "\n   "))
    return 1 if distinct else 0
