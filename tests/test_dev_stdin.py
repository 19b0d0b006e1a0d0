"""/dev/stdin, /dev/stdout, /dev/stderr and /dev/fd/N as file operands: every command that
opens a file reaches the running command's own descriptor (Linux's /proc/self/fd magic links)."""
from __future__ import annotations

import pytest

from tests.hostile import run_c, run_source_in_process


def run(script: str) -> tuple[int, str, str]:
    return run_source_in_process(script)


@pytest.mark.parametrize(("script", "out"), [
    ("echo hi | grep h /dev/stdin", "hi\n"),
    ("echo hi | grep -H h /dev/stdin", "/dev/stdin:hi\n"),
    ("echo 'echo x' | source /dev/stdin", "x\n"),
    ("echo 'echo $1' | . /dev/stdin arg", "arg\n"),
    ("printf 'b\\na\\n' | sort /dev/stdin", "a\nb\n"),
    ("echo hi | wc -l /dev/stdin", "1 /dev/stdin\n"),
    ("echo 's/a/b/' | sed -f /dev/stdin <(echo a)", "b\n"),
    ("echo '{print \"<\" $0 \">\"}' | awk -f /dev/stdin <(echo a)", "<a>\n"),
    ("echo copied | cp /dev/stdin g; cat g", "copied\n"),
    ("echo f > f; cat /dev/fd/3 3<f", "f\n"),
    ("echo f > f; grep -c f /dev/fd/4 4<f", "1\n"),
    ("printf 'a\\n' > f; echo a | cmp f /dev/stdin && echo same", "same\n"),
    ("echo both | tee /dev/fd/1", "both\nboth\n"),
])
def test_operands_read_the_commands_own_descriptor(script: str, out: str) -> None:
    status, stdout, stderr = run(script)
    assert (status, stdout, stderr) == (0, out, "")


def test_tee_to_dev_stderr_writes_the_error_stream() -> None:
    assert run("echo t | tee /dev/stderr") == (0, "t\n", "t\n")


def test_a_closed_descriptor_is_no_such_file() -> None:
    status, _, err = run("cat /dev/fd/5; cat /dev/stdin <&-")
    assert status == 1
    assert err == ("cat: /dev/fd/5: No such file or directory\n"
                   "cat: /dev/stdin: No such file or directory\n")


def test_the_dev_links_are_there_as_on_ubuntu() -> None:
    _, out, _ = run("readlink /dev/stdin /dev/stdout /dev/stderr /dev/fd; ls -l /dev/stdin")
    lines = out.splitlines()
    assert lines[:4] == ["/proc/self/fd/0", "/proc/self/fd/1", "/proc/self/fd/2", "/proc/self/fd"]
    assert lines[4].startswith("lrwxrwxrwx 1 root root 15 ")
    assert lines[4].endswith(" /dev/stdin -> /proc/self/fd/0")


def test_proc_self_fd_lists_the_redirections() -> None:
    _, out, _ = run("echo f > f; ls /proc/self/fd/ 3<f 5>/dev/null")
    assert out.split() == ["0", "1", "2", "3", "5"]


def test_the_descriptor_is_no_directory() -> None:
    status, _, err = run("cat /dev/stdin/x </dev/null")
    assert (status, err) == (1, "cat: /dev/stdin/x: Not a directory\n")


def test_cli_reads_dev_stdin_cleanly() -> None:
    outcome = run_c("grep -c x /dev/stdin", stdin=b"x\nx\ny\n")
    outcome.assert_clean()
    assert outcome.stdout == b"2\n"
