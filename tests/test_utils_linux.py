"""Issue 15, R3: egrep/fgrep/rgrep, cmp, and util-linux's column, getopt, whereis, flock, setsid,
mountpoint, namei (byte-for-byte cases are in tests/golden/utils_linux.sh)."""
from __future__ import annotations

from tests.hostile import run_c, run_source_in_process


def sh(script: str) -> tuple[int, str, str]:
    return run_source_in_process(script)


def test_egrep_is_grep_dash_e_and_speaks_as_grep() -> None:
    status, out, err = sh("printf 'ab\\nc\\n' > f; egrep 'a|c' f; fgrep -x c f; egrep '(' f")
    assert out == "ab\nc\nc\n"
    assert err.endswith("grep: Unmatched ( or \\(\n") and "egrep:" not in err
    assert status == 2


def test_cmp_reports_first_difference_and_eof() -> None:
    _status, out, err = sh("printf 'abcdef\\n' > a; printf 'abXdeY\\n' > b; printf ab > c\n"
                          "cmp a b; echo $?; cmp -l a b; cmp a c; echo $?; cmp -bl a b")
    assert out == ("a b differ: byte 3, line 1\n1\n3 143 130\n6 146 131\n1\n"
                   "3 143 c    130 X\n6 146 f    131 Y\n")
    assert err == "cmp: EOF on c after byte 2, in line 1\n"


def test_cmp_usage_status_is_2() -> None:
    status, _, err = sh("cmp -n x a b")
    assert status == 2 and err == "cmp: invalid --bytes value 'x'\ncmp: Try 'cmp --help' for more information.\n"


def test_getopt_quotes_and_reorders() -> None:
    status, out, err = sh("getopt -o ab:c:: -l beta:,gamma:: -- -a --beta=1 --gam file \"it's\" -cz -z")
    assert out == " -a --beta '1' --gamma '' -c 'z' -- 'file' 'it'\\''s'\n"
    assert err == "getopt: invalid option -- 'z'\n" and status == 1


def test_getopt_test_mode_and_missing_optstring() -> None:
    assert sh("getopt -T")[0] == 4
    status, _, err = sh("getopt")
    assert status == 2 and err.startswith("getopt: missing optstring argument\n")


def test_column_fill_and_table() -> None:
    _status, out, _ = sh("seq 1 30 | column; printf 'name age\\nalice 30\\n' | column -t -R 2")
    assert out.splitlines()[0] == "1\t4\t7\t10\t13\t16\t19\t22\t25\t28"
    assert out.endswith("name   age\nalice   30\n")


def test_column_json_needs_names() -> None:
    status, _, err = sh("echo a | column -J")
    assert (status, err) == (1, "column: option --table-columns required for --json\n")
    status, out, _ = sh("echo 'a b' | column -J -N x,y")
    assert out == '{\n   "table": [\n      {\n         "x": "a",\n         "y": "b"\n      }\n   ]\n}\n'


def test_whereis_finds_binary_and_manpage() -> None:
    assert sh("whereis ls cd")[1] == "ls: /usr/bin/ls /usr/share/man/man1/ls.1.gz\ncd:\n"
    assert sh("whereis -b useradd")[1] == "useradd: /usr/sbin/useradd\n"


def test_flock_holds_a_lock_on_the_virtual_disk() -> None:
    _status, out, _ = sh("flock lf flock -n lf echo inner; echo $?; flock -n lf echo free; ls lf")
    assert out == "1\nfree\nlf\n"
    assert sh("flock -n -E 7 lf flock -n -E 7 lf true")[0] == 7
    assert sh("flock -s lf flock -s -n lf echo shared")[1] == "shared\n"


def test_flock_waiting_on_a_held_lock_checks_the_budget() -> None:
    # real flock would wait forever here; the wait ends with timeout's deadline, not a hang
    outcome = run_c("flock lf timeout 0.3 flock lf true; echo $?")
    outcome.assert_bounded(wall_s=10)
    assert outcome.stdout == b"124\n" and outcome.status == 0


def test_setsid_runs_the_command() -> None:
    assert sh("setsid sh -c 'exit 5'; echo $?")[1] == "5\n"
    status, _, err = sh("setsid")
    assert status == 1 and err.startswith("setsid: no command specified\n")


def test_mountpoint_uses_the_machines_mounts() -> None:
    _status, out, _ = sh("mountpoint /; mountpoint /home; echo $?; mountpoint -d /proc; mountpoint -q /run; echo $?")
    assert out == "/ is a mountpoint\n/home is not a mountpoint\n32\n0:21\n0\n"


def test_namei_follows_symlinks() -> None:
    status, out, _ = sh("namei /bin/ls")
    assert out == "f: /bin/ls\n d /\n l bin -> usr/bin\n   d usr\n   d bin\n - ls\n"
    status, out, _ = sh("namei /nope/x")
    assert status == 1 and out == "f: /nope/x\n d /\n   nope - No such file or directory\n"
