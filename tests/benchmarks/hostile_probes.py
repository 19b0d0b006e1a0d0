"""Issue 11's probes, each in a fresh `shelldojo run` process, with its wall time, peak memory,
status and the last line it printed (the figures of the notes), on demand:

    .venv/bin/python -m tests.benchmarks.hostile_probes
"""
from __future__ import annotations

import os
import tempfile

from tests.hostile import run_c, run_cli

INSTALL = "sudo apt-get install -y sqlite3 zip >/dev/null 2>&1; "
PROBES: list[tuple[str, str]] = [
    ("sqlite3 ATTACH host path", INSTALL + "sqlite3 :memory: \"ATTACH '/tmp/x-probe.db' AS x; CREATE TABLE x.t(a);\"; "
     "ls -l /tmp/x-probe.db"),
    ("sqlite3 VACUUM INTO host path", INSTALL + "sqlite3 :memory: \"VACUUM INTO '/tmp/y-probe.db'\"; ls /tmp"),
    ("zip duplicate name", INSTALL + "touch z; zip q.zip z z"),
    ("grep -R through a link into /root", ("echo learner | sudo -S mkdir /root/sub 2>/dev/null; "
     "sudo sh -c 'echo secret > /root/sub/f'; mkdir d; ln -s /root/sub d/link; grep -R secret d; find -L d -name f")),
    ("grep -E '(a*)*b' on 100k a", "head -c 100000 /dev/zero | tr '\\0' a | grep -E '(a*)*b'"),
    ("grep '(a|a)*b'", "head -c 100000 /dev/zero | tr '\\0' a | grep -E '(a|a)*b'"),
    ("grep -P '(a*)*b'", "head -c 100000 /dev/zero | tr '\\0' a | grep -P '(a*)*b'"),
    ("sed -E", "head -c 100000 /dev/zero | tr '\\0' a | sed -E 's/(a*)*b/x/' | wc -c"),
    ("awk regex", "head -c 100000 /dev/zero | tr '\\0' a | awk '/(a*)*b/'"),
    ("[[ =~ ]]", "s=$(head -c 100000 /dev/zero | tr '\\0' a); [[ $s =~ (a*)*b ]]; echo $?"),
    ("back-reference", "head -c 30000 /dev/zero | tr '\\0' a | grep -E '^(a+)+\\1b'"),
    ("seq 2000000 | sort -R | sort -n | tail -1", "seq 2000000 | sort -R | sort -n | tail -1"),
    ("seq 2000000 > f; sort f", "seq 2000000 > f; sort f | tail -1"),
    ("sqlite3 endless recursive CTE", INSTALL + "sqlite3 :memory: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
     "SELECT x+1 FROM c) SELECT count(*) FROM c'"),
    ("sqlite3 zeroblob(500000000)", INSTALL + "sqlite3 :memory: 'select zeroblob(500000000)'"),
    ("sqlite3 randomblob(1e9)", INSTALL + "sqlite3 :memory: 'select randomblob(1e9)'"),
    ("trap endless loop on EXIT", "trap 'while :; do :; done' EXIT; exit 0"),
    ("awk s = s s", "awk 'BEGIN{s=\"x\"; while(1) s=s s}'"),
    ("set", "set | tail -1"),
    ("20,000 nested { }", "eval \"$(printf '{ %.0s' {1..20000}) true; $(printf '} %.0s' {1..20000})\""),
    ("f(){ echo $(f); }; f", "f(){ echo $(f); }; f; echo status=$?"),
    ("touch -d @1e300 f", "touch -d @1e300 f"),
    ("mkdir -p longer than PATH_MAX", "mkdir -p $(printf 'a/%.0s' {1..3000})"),
    ("form feed outside quotes", "echo a\fb | od -c | head -1"),
]


def main() -> None:
    rows = []
    for name, script in PROBES:
        o = run_c(script)
        last = o.text.strip().splitlines()[-1][:70] if o.text.strip() else ""
        rows.append((name, o.seconds, o.peak_mb, o.status, last))
    with tempfile.TemporaryDirectory() as d:
        script = os.path.join(d, "s.sh")
        with open(script, "w") as f:
            f.write("echo hi\n")
        zero = os.open("/dev/zero", os.O_RDONLY)
        for name, argv, stdin in [("run - < /dev/zero", ("run", "-"), zero), ("run /dev/zero", ("run", "/dev/zero"), None),
                                  ("--load-state /dev/zero", ("run", "--load-state", "/dev/zero", "-c", "true"), None),
                                  ("--load-state /tmp", ("run", "--load-state", "/tmp", "-c", "true"), None)]:
            o = run_cli(*argv, stdin=stdin)
            last = o.text.strip().splitlines()[-1][:70] if o.text.strip() else ""
            rows.append((name, o.seconds, o.peak_mb, o.status, last))
        os.close(zero)
    print("| probe | time | peak RSS | status | last line |\n| --- | --- | --- | --- | --- |")
    for name, sec, mb, st, last in rows:
        print(f"| {name} | {sec:.2f} s | {mb:.0f} MB | {st} | `{last}` |")


if __name__ == "__main__":
    main()
