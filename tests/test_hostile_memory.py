"""Memory is bounded per command line (Limits.memory_bytes) and per session (session_state_bytes),
and what the CLI reads from the host (a script, standard input, a saved state) is read with a bound.

Each probe runs in a real `shelldojo run` child (tests/hostile.py) and must end with our limit
message (or the right answer), within the time limit + 1 s, under the memory budget + the
interpreter's own, with no Python text reaching the user.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.hostile import WALL_LIMIT_S, Outcome, run_c, run_cli, run_source_in_process

MEMORY = "shelldojo: memory limit exceeded (256 MB per command line)\n"
SESSION = "shelldojo: memory limit exceeded (64 MB of shell state per session)\n"
TIME = "shelldojo: time limit exceeded (8s per command line)\n"


def limited(o: Outcome, message: str = MEMORY) -> None:
    o.assert_clean()
    o.assert_bounded()
    assert o.stderr.endswith(message.encode()), o.stderr[-300:]
    assert o.status == 124


def test_awk_string_doubling_stops_at_the_memory_limit() -> None:
    limited(run_c("awk 'BEGIN{s=\"x\"; while(1) s=s s}'"))


def test_awk_printf_width_stops_at_the_memory_limit() -> None:
    limited(run_c("awk 'BEGIN{printf \"%999999999d\", 1}'"))


def test_jq_multiplying_results_stops() -> None:
    ones = "(" + ",".join("1" * 10) + ")"
    prog = "{" + ",".join(f"{k}:{ones}" for k in "abcdefgh") + "}"
    o = run_c(f"sudo apt install -y jq >/dev/null 2>&1; jq -n '{prog}' | wc -l")
    o.assert_clean()
    o.assert_bounded()
    assert o.status == 124 and o.stderr.endswith((MEMORY.encode(), TIME.encode())), o.stderr[-300:]


# ----------------------------------------------------------------------------- host input
SCRIPT_LIMIT = "script size limit exceeded (16 MB per script)\n"


def test_script_from_endless_standard_input_is_refused() -> None:
    fd = os.open("/dev/zero", os.O_RDONLY)
    try:
        o = run_cli("run", "-", stdin=fd)
    finally:
        os.close(fd)
    limited(o, "shelldojo: standard input: " + SCRIPT_LIMIT)
    assert o.stdout == b""


def test_endless_script_file_is_refused() -> None:
    limited(run_cli("run", "/dev/zero"), "shelldojo: /dev/zero: " + SCRIPT_LIMIT)


def test_yes_into_run_is_refused_without_running_anything() -> None:
    read_fd, write_fd = os.pipe()

    def feed() -> None:  # `yes 'echo hi'`: writes until the reader goes
        try:
            with os.fdopen(write_fd, "wb") as w:
                while True:
                    w.write(b"echo hi\n" * 8192)
        except OSError:
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        o = run_cli("run", "-", stdin=read_fd)
    finally:
        os.close(read_fd)
    feeder.join(5)
    limited(o, "shelldojo: standard input: " + SCRIPT_LIMIT)
    assert o.stdout == b""


def test_load_state_from_an_endless_device_is_refused() -> None:
    o = run_cli("run", "--load-state", "/dev/zero", "-c", "echo ran")
    o.assert_clean()
    o.assert_bounded()
    assert o.stderr == b"shelldojo: cannot load state /dev/zero: archive too large (over 103 MB)\n"
    assert o.status == 2 and o.stdout == b""


def test_load_state_from_a_directory_says_so_plainly(tmp_path: Path) -> None:
    o = run_cli("run", "--load-state", str(tmp_path), "-c", "echo ran")
    o.assert_clean()
    assert o.stderr == f"shelldojo: cannot load state {tmp_path}: Is a directory\n".encode()
    assert o.status == 2


def test_run_c_reads_the_host_standard_input_as_bash_c_does() -> None:
    o = run_c("cat; read -r x; echo \"after:$x:$?\"", stdin=b"hello\nworld\n")
    o.assert_clean()
    assert (o.status, o.stdout, o.stderr) == (0, b"hello\nworld\nafter::1\n", b"")


def test_a_wait_on_host_input_that_never_comes_ends_at_the_time_limit() -> None:
    read_fd, write_fd = os.pipe()  # the writer stays open and silent: `sleep 1000 | shelldojo run -c cat`
    try:
        o = run_cli("run", "-c", "cat; echo not reached", stdin=read_fd, kill_after=30)
    finally:
        os.close(read_fd)
        os.close(write_fd)
    limited(o, TIME)
    assert o.stdout == b""


# ----------------------------------------------------------------------------- sort
def test_sort_of_two_million_lines_stays_within_the_budget() -> None:
    o = run_c("seq 2000000 > f; sort f > g; head -n 3 g; tail -n 1 g; wc -l < g")
    o.assert_clean()
    o.assert_bounded()
    assert (o.status, o.stdout, o.stderr) == (0, b"1\n10\n100\n999999\n2000000\n", b"")


def test_random_then_numeric_sort_of_two_million_lines_ends_in_time() -> None:
    o = run_c("seq 2000000 | sort -R | sort -n | tail -1")
    o.assert_clean()
    o.assert_bounded()
    # an idle machine finishes; a loaded one may stop at the time limit, with its message
    assert (o.status, o.stdout, o.stderr) in ((0, b"2000000\n", b""), (124, b"", TIME.encode()))


@pytest.mark.parametrize(("script", "expected"), [
    # checked against GNU sort 9.1 in C.UTF-8
    ("printf '10\\n9\\n100\\n09\\n1\\n-2\\n-2.5\\nx\\n' | sort -n", "-2.5\n-2\nx\n1\n09\n9\n10\n100\n"),
    ("printf '10\\n9\\n100\\n9\\n1\\n' | sort -nr", "100\n10\n9\n9\n1\n"),
    ("printf '10\\n9\\n100\\n9\\n1\\n' | sort -nu", "1\n9\n10\n100\n"),
    ("printf 'b 2\\na 10\\nc 2\\nd 1\\n' | sort -k2,2nr -k1,1r", "a 10\nc 2\nb 2\nd 1\n"),
    ("printf 'b 2\\na 2\\nc 1\\n' | sort -s -k2,2n", "c 1\nb 2\na 2\n"),
    ("printf 'b 2\\na 2\\nc 1\\n' | sort -u -k2,2", "c 1\nb 2\n"),
    ("printf '1K\\n2M\\n-1G\\n3k\\n0\\n' | sort -h", "-1G\n0\n1K\n3k\n2M\n"),
    ("printf 'x\\xc3\\xa4b\\nxa\\n' | sort -d", "xa\nx\u00e4b\n"),
    ("printf 'feb\\nJAN\\nx\\nDec\\n' | sort -M", "x\nJAN\nfeb\nDec\n"),
    ("printf '1e3\\n-inf\\nnan\\n0x10\\n2\\n' | sort -g", "nan\n-inf\n2\n0x10\n1e3\n"),
    ("printf 'b\\na\\nb\\nc\\na\\nb\\n' | sort -R | uniq | sort", "a\nb\nc\n"),
    ("printf 'b\\na\\nb\\nc\\na\\nb\\n' | sort -R | uniq -c | sort", "      1 c\n      2 a\n      3 b\n"),
])
def test_sort_orders_as_gnu_sort(script: str, expected: str) -> None:
    assert run_source_in_process(script) == (0, expected, "")


# ----------------------------------------------------------------------------- per session and MemoryError
def test_many_command_lines_cannot_grow_the_session_without_bound() -> None:
    lines = ["x=$(head -c 3000000 /dev/zero | tr '\\0' a)"]
    lines += [f"v{i}=\"$x\"" for i in range(60)]  # 180 MB of variables, 3 MB per command line
    lines.append("echo survived")
    o = run_c("\n".join(lines))
    limited(o, SESSION)
    assert b"survived" not in o.stdout


def test_session_state_is_brought_back_under_its_cap() -> None:
    from shelldojo.shell.machines import fresh_machine
    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import BufferOutput

    out, err = BufferOutput(), BufferOutput()
    session = Session(fresh_machine(), stdout=out, stderr=err, interactive=True)
    assert session.run_source("x=$(head -c 3000000 /dev/zero | tr '\\0' a); keep=1") == 0
    statuses = [session.run_source(f"v{i}=\"$x\"") for i in range(30)]
    assert 124 in statuses
    assert SESSION.encode() in err.getvalue()
    # what took it past the cap is gone, the rest stays, and the shell goes on
    first = statuses.index(124)
    assert session.state.get(f"v{first}") is None and session.state.get("keep") == "1"
    assert session.run_source("echo ok") == 0 and out.getvalue().endswith(b"ok\n")


def test_memory_error_in_a_command_is_the_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from shelldojo.shell.commands.text import sortkey as text_sortkey
    def refuse(*_a: object, **_k: object) -> None:
        raise MemoryError()
    monkeypatch.setattr(text_sortkey.Sorter, "__init__", refuse)
    status, out, err = run_source_in_process("echo a | sort; echo next")
    assert (status, err) == (124, MEMORY)
    assert "internal error" not in err and "next" not in out


def test_memory_error_in_an_expansion_is_the_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from shelldojo.shell.interp import expand_params

    def refuse(*_a: object, **_k: object) -> str:
        raise MemoryError()
    monkeypatch.setattr(expand_params, "bounded", refuse)   # where a word's text is joined
    status, _, err = run_source_in_process("x=1; echo \"$x\"")
    assert (status, err) == (124, MEMORY)


def test_the_limits_have_named_defaults() -> None:
    from shelldojo.shell.limits import Limits

    lim = Limits()
    assert lim.memory_bytes == 256 * 1024 * 1024 and lim.max_script_bytes == 16 * 1024 * 1024
    assert 0 < lim.session_state_bytes < lim.memory_bytes
    assert WALL_LIMIT_S == lim.wall_time_s
