"""Hostile command lines for the packaged programs (sqlite3, jq, zip, pip) and the regex engines,
used by the fuzzer (tests/fuzz/fuzz_commands.py) and tests/test_host_watch.py: each must end
within the limits, touch nothing on the host and print no Python text."""
from __future__ import annotations

import random
import shlex


# every package of the catalog is installed in the fuzz machine (its programs are fuzzed too)
def install_everything_script() -> str:
    from shelldojo.shell.packages.db import catalog
    installable = (name for name, pkg in catalog().items() if not pkg.unavailable)  # not Perl's rename
    return "apt-get install -y " + " ".join(sorted(installable)) + " >/dev/null 2>&1"


# hostile lines for the packaged programs and the regex engines: each must end within the limits,
# touch nothing on the host and print no Python text (HOST_TMP never appears on the host)
HOST_TMP = "/tmp/shelldojo-fuzz-host-probe"
REGEXES = ["(a*)*b", "(a|a)*b", "(a|aa)*c", "^(a+)+$", "\\(a*\\)*\\1b", "(x+x+)+y", "a{1000}{1000}",
           "(a*)*\\1b", "((a*)*)*b", "[[:alpha:]]*[[:alpha:]]*[[:alpha:]]*b", "(.*a){20}"]
SQL = [f"ATTACH '{HOST_TMP}.db' AS x; CREATE TABLE x.t(a);", f"VACUUM INTO '{HOST_TMP}2.db'",
       "SELECT load_extension('/usr/lib/x.so')", f"SELECT writefile('{HOST_TMP}3', 'x')",
       "SELECT readfile('/etc/passwd')", "SELECT readfile('a.txt')",
       "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c",
       "select zeroblob(500000000)", "select randomblob(1e9)", "select length(zeroblob(200000000))",
       "PRAGMA temp_store_directory='/tmp'", "PRAGMA hard_heap_limit=0", "PRAGMA temp_store=FILE",
       "create table t(a); insert into t values (1),(2); select * from t;", "SELEC 1", "select * from nope",
       f".output {HOST_TMP}4", f".once {HOST_TMP}5", f".save {HOST_TMP}6", f".backup {HOST_TMP}7",
       f".open {HOST_TMP}8", f".import {HOST_TMP}9 t", ".read /etc/passwd", ".tables", ".schema",
       "ATTACH 'data.db' AS d; select * from d.sqlite_master;", "ATTACH ':memory:' AS m;"]
JQ = [".", ".a[2].b", "[.[]]", "def f: f; f", "[range(1e9)]", "[limit(5; repeat(1))]", ".a | length",
      "reduce range(1e8) as $i (0; . + $i)", "\"x\" * 1000000000", "input", "$__loc__", "@base64d"]


def package_line(rng: random.Random) -> str:
    """A command line for an installed package or a regex engine, often hostile."""
    q = shlex.quote
    kind = rng.choice(["sqlite3", "sqlite3", "sqlite3", "regex", "regex", "jq", "zip", "pip"])
    if kind == "sqlite3":
        db = rng.choice([":memory:", "data.db", "new.db", "/root/r.db", "noperm", f"{HOST_TMP}.db", "dir"])
        sql = rng.choice(SQL)
        return rng.choice([f"sqlite3 {db} {q(sql)}", f"echo {q(sql)} | sqlite3 {db}",
                           f"sqlite3 {db} <<'EOF'\n{sql}\nEOF", f"sqlite3 -csv -header {db} {q(sql)}"])
    if kind == "regex":
        rx = rng.choice(REGEXES)
        subject = rng.choice(["long.txt", "a.txt", "/dev/zero"])
        return rng.choice([f"grep -E {q(rx)} {subject}", f"grep {q(rx)} {subject}", f"grep -P {q(rx)} {subject}",
                           f"grep -c -E {q(rx)} long.txt", f"sed -E {q('s/' + rx + '/x/')} long.txt",
                           f"awk {q('/' + rx + '/')} long.txt", f"s=$(cat long.txt); [[ $s =~ {rx} ]]; echo $?",
                           f"expr \"$(cat long.txt)\" : {q(rx)}", f"find / -regex {q(rx)} -quit",
                           f"head -c 100000 /dev/zero | tr '\\0' a | grep -E {q(rx)}"])
    if kind == "jq":
        return f"jq {q(rng.choice(JQ))} " + rng.choice(["a.json", "a.txt", "/dev/null", "nofile", "< a.json"])
    if kind == "zip":
        return rng.choice(["zip q.zip a.txt a.txt", f"zip {HOST_TMP}.zip a.txt", "zip -r all.zip . >/dev/null; unzip -l all.zip",
                           "unzip -o all.zip -d out", "unzip nofile.zip", "zip -r z.zip /root",
                           "echo PK > bad.zip; unzip bad.zip", "zip q.zip noperm", "unzip -p all.zip a.txt"])
    return rng.choice(["pip install requests", "pip install ../../../../etc/passwd", f"pip install {HOST_TMP}",
                       "pip download flask", "pip list", "pip install -r /etc/passwd", "pip show nope",
                       "pip install 'a'*100"])
