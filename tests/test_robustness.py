"""Robustness: hostile or odd input never gives a traceback, an escaping exception or a hang.

Regression tests for the distinct failures tests/fuzz/fuzz_commands.py found (xfail while
they still fail: the mark goes when the bug is fixed), hostile scripts for the host's
safety, and a fixed-seed smoke run of the fuzzer."""
from __future__ import annotations

import time
from dataclasses import dataclass

import pytest
from shelldojo.shell.limits import Limits
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput

LIMITS = Limits(max_commands=5_000, max_call_depth=100, max_output_bytes=256 * 1024,
                max_brace_results=2_000, wall_time_s=2.0)


@dataclass
class Run:
    status: int
    out: bytes
    err: bytes
    seconds: float


def run(source: str, user: str = "learner", limits: Limits = LIMITS) -> Run:
    out, err = BufferOutput(), BufferOutput()
    session = Session(fresh_machine(), user=user, stdout=out, stderr=err, limits=limits)
    start = time.monotonic()
    status = session.run_source(source)  # must not raise
    return Run(status, out.getvalue(), err.getvalue(), time.monotonic() - start)


def sane(r: Run, max_seconds: float = 1.5) -> None:
    assert b"Traceback" not in r.err and b"internal error" not in r.err, r.err[-500:]
    assert r.seconds < max_seconds, r.seconds


def xfail(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


# ------------------------------------------------ messages to a failing stderr (/dev/full, closed)
# Found by the fuzzer: `yes --= 2> /dev/full` raised OSError out of Session.run_source.  The
# error message itself cannot be written; bash and GNU tools then just keep their status.
FULL_STDERR = [
    ("yes --= 2>/dev/full; echo $?", b"1\n"),
    ("ls nofile 2>/dev/full; echo $?", b"2\n"),
    ("ls nofile 2>&-; echo $?", b"2\n"),
    ("yes --= 2>&-; echo $?", b"1\n"),
    ("cat nofile 2>/dev/full; echo $?", b"1\n"),
    ("cd nofile 2>/dev/full; echo $?", b"1\n"),
    ("nosuchcmd 2>/dev/full; echo $?", b"127\n"),
]


@pytest.mark.parametrize("source, out", FULL_STDERR)
def test_error_message_to_failing_stderr(source: str, out: bytes) -> None:
    r = run(source)
    sane(r)
    assert r.out == out


def test_pipeline_stage_with_failing_stderr() -> None:
    r = run("grep -r x / 2>/dev/full | head -1; echo after")
    sane(r)
    assert r.out.endswith(b"after\n")


def test_write_errors_to_dev_full_are_reported() -> None:
    r = run("echo hi >/dev/full; echo $?; printf hi >/dev/full; echo $?")
    sane(r)
    assert r.out == b"1\n1\n"
    assert r.err == (b"bash: line 1: echo: write error: No space left on device\n"
                     b"bash: line 1: printf: write error: No space left on device\n")


def test_cat_write_error_text() -> None:
    r = run("cat /etc/hostname > /dev/full; echo $?")
    assert (r.out, r.err) == (b"1\n", b"cat: write error: No space left on device\n")


# each checked with `CMD > /dev/full` on coreutils 9.1 / grep 3.8 / findutils 4.9 / sed / gawk
BIG = "yes aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | head -n 400 > big; "
FULL = "No space left on device"


@pytest.mark.parametrize("source, err", [
    ("head -n1 /etc/passwd", f"head: write error: {FULL}\n1"),
    ("head -n 300 big", f"head: error writing 'standard output': {FULL}\n1"),
    ("tail -c 10000 big", f"tail: error writing 'standard output': {FULL}\n1"),
    ("yes", f"yes: standard output: {FULL}\n1"),
    ("tee < big", f"tee: 'standard output': {FULL}\n1"),
    ("sort big", f"sort: write failed: 'standard output': {FULL}\nsort: write error\n2"),
    ("ls", f"ls: write error: {FULL}\n2"),
    ("wc big", "wc: write error\n1"),
    ("paste big", f"paste: write error: {FULL}\npaste: write error\n1"),
    ("find .", f"find: \u2018standard output\u2019: {FULL}\nfind: write error\n1"),
    ("env", f"env: write error: {FULL}\n125"),
    ("hostname", "0"),
    ("/usr/bin/printf hi", f"/usr/bin/printf: write error: {FULL}\n1"),
    ("{ echo a; echo b; }", f"bash: line 1: echo: write error: {FULL}\n" * 2 + "1"),
])
def test_gnu_write_error_messages(source: str, err: str) -> None:
    r = run(BIG + source + " > /dev/full; echo $? >&2")
    assert r.err.decode() == err + "\n"  # the messages, then the status


# ------------------------------------------------ hangs / time limit overshoot
def test_seq_huge_equal_bounds() -> None:
    r = run("seq 1e300 1e300 | wc -l", limits=Limits(wall_time_s=0.3))
    sane(r, 0.5)
    assert r.out == b"1\n"


@pytest.mark.parametrize("source, out", [
    # GNU seq's integer fast path prints the long double value of 1e300 / 1e30
    ("seq 1e300 1e300 | cut -c1-30", b"100000000000000000000899732407\n"),
    ("seq 1e30 1e30", b"1000000000000000000024696061952\n"),
    ("seq 1e20 1 100000000000000000003", b"100000000000000000000\n"),
    ("seq 100000000000000000000000001 100000000000000000000000002",
     b"100000000000000000000000001\n100000000000000000000000002\n"),
    ("seq 0 0.1 0.3", b"0.0\n0.1\n0.2\n0.3\n"),
    ("seq 5 1; seq -s, 1 3", b"1,2,3\n"),
])
def test_seq_edge_cases(source: str, out: bytes) -> None:
    assert run(source).out == out


@xfail("mkdir -p / rm -r on a deep tree are quadratic (500 levels: ~3 s each) and do not check "
       "the time limit (2000 levels: 30 s with a 3 s limit)")
def test_deep_tree_is_fast() -> None:
    r = run("mkdir -p " + "a/" * 150 + " && rm -r a && echo ok")
    sane(r, 0.1)
    assert r.out == b"ok\n"


def test_pattern_substitution_on_long_value() -> None:
    r = run('x=$(printf "%010000d" 0); y=${x//1/2}; z=${x/0/ab}; w=${x//0/ab}; echo ${#y} ${#z} ${#w}',
            limits=Limits(wall_time_s=1.0))
    sane(r, 0.2)
    assert r.out == b"10000 10001 20000\n"


@pytest.mark.parametrize("source, out", [
    # bash's longest/leftmost semantics, empty matches included (checked against bash 5.2)
    ("x=abcabcabc; echo ${x//b/X} ${x/#a*c/Z} ${x/%b*c/Z} ${x//?/-} ${x/#/P} ${x/%/S}",
     b"aXcaXcaXc Z aZ --------- Pabcabcabc abcabcabcS\n"),
    ("x=abcabcabc; echo ${x#*b} ${x##*b} ${x%b*} ${x%%b*}", b"cabcabc c abcabca a\n"),
    ("shopt -s extglob\ny=aaabbb; echo ${y//+(a|ab)/X} ${y//@(a|aa)/X} ${y//*(c)/R} ${y//*(b)/R}",
     b"Xbb XXbbb RaRaRaRbRbRb RaRaRaR\n"),
])
def test_pattern_substitution_semantics(source: str, out: bytes) -> None:
    assert run(source).out == out


@xfail("the lexer takes ~15 us a word: a 1 MB command line of short words takes ~8 s")
def test_long_line_of_short_words() -> None:
    r = run("echo " + "a " * 30_000 + "| wc -w", limits=Limits(wall_time_s=5.0))
    sane(r, 0.1)
    assert r.out == b"30000\n"


# ------------------------------------------------ wrong output found along the way
def test_huge_fd_numbers() -> None:
    r = run("echo x >&99999999999; echo x 99999999999>f; cat f")
    assert r.out == b"x 99999999999\n"
    assert r.err == b"bash: line 1: 99999999999: Bad file descriptor\n"
    # an int-sized number is an fd: beyond `ulimit -n` (1024) dup2 fails after the file is created
    r = run("echo x 2147483647>g; echo $?; echo y 3>&99999999999; echo x 1023>h; ls")
    assert r.out == b"1\nx\ng\nh\n"
    assert r.err == b"bash: line 1: 2147483647: Bad file descriptor\nbash: line 1: 3: Bad file descriptor\n"


def test_circular_nameref() -> None:
    r = run("declare -n a=b; declare -n b=a; echo \"[$a]\"")
    assert r.out == b"[]\n"
    assert r.err == b"bash: line 1: warning: a: circular name reference\n"


def test_builtin_help_option() -> None:
    r = run("read --help; echo $?")
    assert r.out.startswith(b"read: read [-ers] [-a array]") and r.out.endswith(b"\n2\n")
    assert r.err == b""
    r = run("cd --help >/dev/null; echo $?; echo --help; true --help; echo $?")
    assert (r.out, r.err) == (b"2\n--help\n0\n", b"")


# ------------------------------------------------ hostile scripts (host safety, no crash)
N = 300
HOSTILE = [
    "rm -rf / 2>/dev/null; ls /",
    "cp -r / /tmp/x 2>/dev/null; ls /tmp | head -3",
    "echo x > /proc/sys/kernel/hostname; echo 1 > /proc/self/oom_score_adj; cat /proc/self/status",
    "cat ../../../../etc/passwd | head -1; cd ../../../../..; pwd",
    "cat <<EOF | wc -l\n" + "line\n" * 50_000 + "EOF",
    "cat <<EOF\n" + "unterminated\n" * 1000,
    "echo " + "$(echo " * N + "x" + ")" * N,
    "echo $((" + "(" * 10_000 + "1" + ")" * 10_000 + "))",
    "(" * N + "echo x" + ")" * N,
    "{ " * N + "echo x; " + "} " * N,
    "echo " + "${x:-" * N + "y" + "}" * N,
    "[[ " + "( " * N + "a" + " )" * N + " ]]",
    "echo " + "a" * 1_000_000 + " | wc -c",
    "x='eval \"$x\"'; eval \"$x\"",
    "shopt -s globstar; echo /** | wc -c",
    "ln -s l1 l2; ln -s l2 l1; cat l1; ls -L l1; find -L . | wc -l",
    "a[99999999999]=1; echo ${#a[@]}; echo ${a[-5]}",
    "exec > /dev/null; echo hidden; exec 2>&1; ls nofile",
    ":(){ :|:& };:",
    "x=$(</dev/zero)",
]


@pytest.mark.parametrize("source", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_script_no_crash(source: str) -> None:
    sane(run(source, "learner"), 2.5)
    sane(run(source, "root"), 2.5)


def test_shell_goes_on_after_hostile_line() -> None:
    out, err = BufferOutput(), BufferOutput()
    session = Session(fresh_machine(), user="root", stdout=out, stderr=err, limits=LIMITS)
    session.run_source("rm -rf --no-preserve-root / 2>/dev/null")
    session.run_source("echo still here")
    assert out.getvalue().endswith(b"still here\n")


# ------------------------------------------------ fuzz smoke run
def test_fuzz_smoke() -> None:
    from tests.fuzz import fuzz_commands as fz
    failures = []
    for user, source in fz.generate_cases(seed=7, n=300):
        p = fz.run_case(user, source)
        # timing is judged by the on-demand fuzzer, not in the default (maybe loaded) test run
        if p and p["kind"] != "slow":
            failures.append((p["kind"], p["detail"], source))
    assert not failures, failures[:5]
