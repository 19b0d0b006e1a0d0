"""Every bound of shell.limits.Limits (and the machine's DiskLimits) ends the command line
quickly with a clear message and a non-zero status; the shell then goes on with the next
command line.  Small limits keep each test well under a second."""
from __future__ import annotations

import time
from dataclasses import dataclass

import pytest
from shelldojo.filesystem import DiskLimits
from shelldojo.shell.limits import Limits
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput

SMALL = Limits(max_commands=5_000, max_call_depth=50, max_output_bytes=64 * 1024,
               max_brace_results=1_000, wall_time_s=3.0, max_processes=16)


@dataclass
class Run:
    status: int
    out: bytes
    err: bytes
    seconds: float


class Shell:
    """One session kept across command lines, as `shelldojo run` or the REPL would."""

    def __init__(self, limits: Limits = SMALL, disk: DiskLimits | None = None, user: str = "learner") -> None:
        self.out, self.err = BufferOutput(), BufferOutput()
        self.machine = fresh_machine(disk)
        self.session = Session(self.machine, user=user, stdout=self.out, stderr=self.err, limits=limits)

    def run(self, source: str) -> Run:
        self.out.chunks.clear()
        self.err.chunks.clear()
        start = time.monotonic()
        status = self.session.run_source(source)
        return Run(status, self.out.getvalue(), self.err.getvalue(), time.monotonic() - start)

    def goes_on(self) -> None:
        """The next command line runs normally after a limit was hit."""
        r = self.run("echo next")
        assert (r.status, r.out, r.err) == (0, b"next\n", b"")


def limited(r: Run, message: bytes, max_seconds: float = 1.0) -> None:
    assert r.status != 0
    assert message in r.err, r.err
    assert b"Traceback" not in r.err and b"internal error" not in r.err
    assert r.seconds < max_seconds, r.seconds


# --------------------------------------------------------------- commands / loop iterations
@pytest.mark.parametrize("source", [
    "while true; do :; done",
    "while :; do echo x; done > /dev/null",
    "until false; do true; done",
    "for ((;;)); do :; done",
    "while true; do x=1; done",
])
def test_endless_loop_hits_command_limit(source: str) -> None:
    sh = Shell()
    r = sh.run(source)
    limited(r, b"shelldojo: too many commands or loop iterations in one command line\n")
    assert r.status == 124
    sh.goes_on()


def test_command_limit_abandons_rest_of_line_only() -> None:
    sh = Shell()
    r = sh.run("while :; do :; done; echo after")
    limited(r, b"too many commands")
    assert b"after" not in r.out
    sh.goes_on()


# --------------------------------------------------------------- recursion
def test_function_recursion_depth() -> None:
    sh = Shell()
    r = sh.run("f() { f; }; f")
    limited(r, b"f: maximum function nesting level exceeded (50)\n")
    sh.goes_on()


def test_mutual_recursion_and_recursive_subshells() -> None:
    sh = Shell()
    limited(sh.run("a() { b; }; b() { a; }; a"), b"maximum function nesting level exceeded")
    sh.goes_on()
    r = sh.run("g() { ( g ); }; g")
    assert r.status != 0 and r.seconds < 2
    assert b"Traceback" not in r.err and b"internal error" not in r.err
    sh.goes_on()


def test_recursion_at_default_depth_no_python_recursion_error() -> None:
    # the default max_call_depth (1000) must fit in Python's stack as the session sets it
    sh = Shell(Limits(wall_time_s=5.0))
    r = sh.run("f() { f; }; f")
    limited(r, b"maximum function nesting level exceeded (1000)", max_seconds=3.0)
    sh.goes_on()


def test_recursive_source_is_bounded() -> None:
    sh = Shell(Limits(wall_time_s=0.5))
    r = sh.run("echo 'source ./s' > s; source ./s")
    assert r.status != 0 and r.seconds < 4  # generous: today it overshoots the time limit
    assert b"Traceback" not in r.err and b"internal error" not in r.err
    sh.goes_on()


def test_recursive_source_uses_call_depth_limit() -> None:
    sh = Shell(Limits(max_call_depth=50, wall_time_s=0.5))
    r = sh.run("echo 'source ./s' > s; source ./s; echo $?")
    assert r.seconds < 0.5, r.seconds
    assert r.out == b"1\n"
    assert r.err == b"./s: line 1: ./s: maximum source nesting level exceeded (50)\n"
    r = sh.run("x='eval \"$x\"'; eval \"$x\"; echo $?")
    assert (r.out, r.err) == (b"1\n", b"bash: line 1: eval: maximum eval nesting level exceeded (50)\n")


# --------------------------------------------------------------- output bytes
def test_yes_to_terminal_hits_output_limit() -> None:
    sh = Shell()
    r = sh.run("yes")
    limited(r, b"shelldojo: output limit exceeded (65536 bytes per command line)\n")
    assert len(r.out) <= 64 * 1024
    sh.goes_on()


def test_command_substitution_of_endless_output() -> None:
    sh = Shell()
    limited(sh.run("x=$(yes); echo ${#x}"), b"output limit exceeded")
    sh.goes_on()
    limited(sh.run("echo $(cat /dev/zero | tr '\\0' a)"), b"shelldojo: ")
    sh.goes_on()


def test_output_limit_is_per_command_line() -> None:
    sh = Shell()
    for _ in range(3):  # 40 KB each: under the 64 KB bound every time
        r = sh.run("head -c 40000 /dev/zero")
        assert r.status == 0 and len(r.out) == 40000


# --------------------------------------------------------------- file size / disk
DISK = DiskLimits(quota_bytes=200_000, max_files=450, max_file_bytes=50_000)  # a fresh image holds ~330 inodes


@pytest.mark.parametrize("source", ["yes > f", "cat /dev/zero > f", "yes >> f"])
def test_file_size_limit(source: str) -> None:
    sh = Shell(disk=DISK)
    r = sh.run(source)
    assert r.status != 0 and r.seconds < 1
    assert b"File too large" in r.err
    assert sh.machine.vfs.stat("/home/learner/f").st_size <= 50_000
    sh.goes_on()


def test_disk_quota_no_space_left() -> None:
    sh = Shell(disk=DISK)
    for i in range(4):  # 4 x 45 KB > the ~187 KB left
        r = sh.run(f"head -c 45000 /dev/zero > f{i}")
    assert b"No space left on device" in r.err
    sh.goes_on()
    free = sh.machine.fake.get_disk_usage().free
    assert free < 45_000
    r = sh.run(f"head -c {free + 10} /dev/zero > last")
    assert b"No space left on device" in r.err


def test_disk_full_write_error_is_the_commands() -> None:
    sh = Shell(disk=DISK)
    for i in range(4):
        r = sh.run(f"head -c 45000 /dev/zero > f{i}")
    assert (r.status, r.err) == (1, b"head: error writing 'standard output': No space left on device\n")
    r = sh.run("echo more > g")
    assert r.status in (0, 1)  # a few bytes may still fit
    r = sh.run("rm f0 f1 && echo ok > g && cat g")
    assert r.status == 0 and r.out == b"ok\n"  # space comes back


def test_disk_full_keeps_old_content_of_overwritten_file() -> None:
    sh = Shell(disk=DISK)
    assert sh.run("echo precious > keep").status == 0
    for i in range(4):
        sh.run(f"head -c 45000 /dev/zero > f{i}")
    free = sh.machine.fake.get_disk_usage().free
    # a write that cannot fit must fail without losing what was there (all or nothing)
    with pytest.raises(OSError):
        from shelldojo.filesystem import acting_as
        from shelldojo.filesystem.accounts import credentials_for
        creds = credentials_for(sh.machine.vfs, "learner")
        assert creds is not None
        with acting_as(creds):
            sh.machine.vfs.write_bytes("/home/learner/keep", b"x" * (free + 100))
    assert sh.run("cat keep").out == b"precious\n"


def test_file_count_cap() -> None:
    sh = Shell(disk=DISK)
    r = sh.run("for i in $(seq 1 400); do touch f$i || break; done")
    assert r.seconds < 1
    assert b"No space left on device" in r.err
    r = sh.run("mkdir d")
    assert r.status == 1
    assert r.err == "mkdir: cannot create directory ‘d’: No space left on device\n".encode()
    r = sh.run("echo x > new")
    assert r.status == 1 and b"new: No space left on device" in r.err
    r = sh.run("rm f1 f2 && mkdir d && echo ok")
    assert (r.status, r.out) == (0, b"ok\n")


def test_cp_recursive_root_into_tmp_is_bounded() -> None:
    sh = Shell(Limits(wall_time_s=3.0), user="root")
    r = sh.run("cp -r / /tmp/x 2>/dev/null; echo $?")
    assert r.seconds < 3.0
    assert b"Traceback" not in r.err and b"internal error" not in r.err
    sh.goes_on()


# --------------------------------------------------------------- brace expansion
@pytest.mark.parametrize("source", ["echo {1..10000000}", "echo {a..z}{a..z}{a..z}", "echo {1..100}{1..100}"])
def test_brace_expansion_limit(source: str) -> None:
    sh = Shell()
    r = sh.run(source)
    limited(r, b"brace expansion: too many results")
    assert r.out == b""
    sh.goes_on()


def test_brace_expansion_under_limit_works() -> None:
    r = Shell().run("echo {1..5}")
    assert (r.status, r.out) == (0, b"1 2 3 4 5\n")


# --------------------------------------------------------------- wall time
@pytest.mark.parametrize("source", ["sleep 100", "sleep 1; sleep 1; sleep 1", "read x < /dev/zero; sleep 100"])
def test_wall_time(source: str) -> None:
    sh = Shell(Limits(wall_time_s=0.3))
    r = sh.run(source)
    limited(r, b"shelldojo: time limit exceeded (0.3s per command line)\n")
    assert r.status == 124
    sh.goes_on()


def test_wall_time_busy_loop() -> None:
    sh = Shell(Limits(wall_time_s=0.3, max_commands=10**9))
    limited(sh.run("while :; do :; done"), b"time limit exceeded")
    sh.goes_on()


# --------------------------------------------------------------- processes (fork bomb)
@pytest.mark.parametrize("source", [":(){ :|:& };:", "b() { b | b; }; b"])
def test_fork_bomb(source: str) -> None:
    sh = Shell()
    r = sh.run(source)
    assert r.seconds < 1
    if "&" not in source:  # `:|:&` is a background job: bash's status is 0 (bounded: test_jobs.py)
        assert r.status != 0
        assert b"shelldojo: fork: too many processes running at once" in r.err or b"nesting level" in r.err
    assert b"Traceback" not in r.err and b"internal error" not in r.err
    sh.goes_on()


def test_long_pipeline_under_process_limit() -> None:
    r = Shell().run("echo hi" + " | cat" * 10)
    assert (r.status, r.out) == (0, b"hi\n")


def test_pipeline_longer_than_process_limit() -> None:
    sh = Shell()
    r = sh.run("echo hi" + " | cat" * 40)
    assert r.status != 0 and b"too many processes" in r.err
    sh.goes_on()


# --------------------------------------------------------------- streaming producers stop
@pytest.mark.parametrize("source, out", [
    ("yes | head -n 3", b"y\ny\ny\n"),
    ("cat /dev/zero | head -c 5", b"\0" * 5),
    ("seq 1 100000000 | head -n 1", b"1\n"),
    ("find / | head -n 1", b"/\n"),
    ("yes | cat | cat | head -n 2", b"y\ny\n"),
    ("seq inf | head -n 2", b"1\n2\n"),
    ("head -c 3 /dev/zero | wc -c", b"3\n"),
    ("yes | grep -m1 y", b"y\n"),
    ("yes | grep -m2 -n y", b"1:y\n2:y\n"),
])
def test_streaming_pipelines_end_at_once(source: str, out: bytes) -> None:
    sh = Shell(Limits(wall_time_s=0.8))
    r = sh.run(source)
    assert r.seconds < 0.6, (source, r.seconds, r.err)
    assert r.status == 0 and r.out == out, (r.status, r.out[:100], r.err[:300])


@pytest.mark.parametrize("source", ["cat /dev/zero | wc -c", "sort /dev/zero", "yes | tail -n 1",
                                    "tail -c 3 /dev/zero", "x=$(cat /dev/zero)"])
def test_reading_endless_input_is_bounded(source: str) -> None:
    sh = Shell()
    r = sh.run(source)
    limited(r, b"shelldojo: ")
    sh.goes_on()


# --------------------------------------------------------------- big words
def test_huge_variable_value_is_bounded() -> None:
    sh = Shell(Limits(max_word_bytes=100_000, wall_time_s=1.0))
    r = sh.run("x=a; for i in {1..24}; do x=$x$x; done; echo ${#x}")  # 16 MB > 100 KB
    assert r.status != 0 and r.seconds < 1
    assert b"Traceback" not in r.err and b"internal error" not in r.err
    assert b"shelldojo: word too long (more than 100000 bytes in one word or variable)" in r.err
    sh.goes_on()


def test_printf_huge_width_is_bounded() -> None:
    sh = Shell(Limits(wall_time_s=1.0, max_output_bytes=64 * 1024))
    r = sh.run("printf '%99999999d' 1")  # 100 MB of padding
    assert r.seconds < 0.1 and r.status != 0
    assert b"Traceback" not in r.err and b"internal error" not in r.err
    sh.goes_on()
