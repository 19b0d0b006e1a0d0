"""A directory (or a write-only fd) as standard input: each program reports the failed
read(2) in its own words, as on the reference host (tests/golden/stdin_directory.sh records
the full set); never silence, never a "write error"."""
from __future__ import annotations

import errno

import pytest
from shelldojo.shell import read_errors
from shelldojo.shell.streams import DirectoryInput, ReadError

from tests.hostile import run_c, run_source_in_process

# (script, stdout, stderr, status) checked against the host as user learner
CASES = [
    ("cat < /tmp", "", "cat: -: Is a directory\n", 1),
    ("head < /tmp", "", "head: error reading 'standard input': Is a directory\n", 1),
    ("wc < /tmp", "      0       0       0\n", "wc: 'standard input': Is a directory\n", 1),
    ("sort < /tmp", "", "sort: read failed: -: Is a directory\n", 2),
    ("uniq < /tmp", "", "uniq: error reading '-'\n", 1),
    ("grep -c x < /tmp", "0\n", "grep: (standard input): Is a directory\n", 2),
    ("tr a b < /tmp", "", "tr: read error: Is a directory\n", 1),
    ("nl < /tmp", "", "nl: -: Is a directory\n", 1),
    ("sed p < /tmp", "", "sed: read error on stdin: Is a directory\n", 4),
    ("tee < /tmp", "", "tee: read error: Is a directory\n", 1),
    ("base64 < /tmp", "", "base64: read error: Is a directory\n", 1),
    ("od < /tmp", "0000000\n", "od: 'standard input': Is a directory\n", 1),
    ("xargs echo hi < /tmp", "hi\n", "xargs: error closing file\n", 1),
    ("less < /tmp", "read error\n", "", 0),
    ("mapfile a < /tmp; echo ${#a[@]}", "0\n", "", 0),
    ("tr a b 0>/dev/null", "", "tr: read error: Bad file descriptor\n", 1),
    ("grep x 0>/dev/null", "", "grep: (standard input): Bad file descriptor\n", 2),
]


@pytest.mark.parametrize(("script", "out", "err", "status"), CASES, ids=[c[0] for c in CASES])
def test_each_program_reports_the_read_error(script: str, out: str, err: str, status: int) -> None:
    got_status, got_out, got_err = run_source_in_process(f"cd; {script}")
    assert (got_out, got_err.replace("bash: line 1: ", ""), got_status) == (out, err, status)


def test_directory_input_fails_every_read() -> None:
    stream = DirectoryInput()
    for read in (stream.read, stream.read1, stream.readline):
        with pytest.raises(ReadError) as info:
            read()
        assert info.value.errno == errno.EISDIR


def test_read_error_table_is_not_the_write_error() -> None:
    exc = ReadError(errno.EISDIR, "Is a directory")
    assert read_errors.report("/usr/bin/tr", exc) == ("/usr/bin/tr: read error: Is a directory\n", 1)
    assert read_errors.report("more", exc) == ("", 0)
    assert read_errors.report("cat", exc) is None  # worded as for any operand


def test_no_write_error_for_any_stdin_reader() -> None:
    """Every registered text reader, fed a directory: no 'write error', no internal error."""
    names = ["cat", "head", "tail", "wc", "sort", "uniq", "grep x", "tr a b", "nl", "cut -f1",
             "sed p", "awk 1", "od", "base64", "md5sum", "sha256sum", "tee", "xargs", "less",
             "more", "tac", "rev", "fold", "paste -", "fmt", "pr", "shuf", "split", "column",
             "numfmt", "expand", "unexpand", "ptx", "tsort", "comm - /dev/null"]
    script = "cd; " + "; ".join(f"{n} < /tmp" for n in names)
    _status, _out, err = run_source_in_process(script)
    assert "write error" not in err and "internal error" not in err and "Traceback" not in err
    quiet = {"less", "more", "tsort"}  # less says it on stdout; the others take it as empty input
    said = {line.split(":")[0] for line in err.splitlines()}
    assert said == {n.split()[0] for n in names} - quiet


def test_in_a_child_process_clean_and_bounded() -> None:
    outcome = run_c("cat < /tmp; sort < /tmp | wc -l; echo $?")
    outcome.assert_clean()
    outcome.assert_bounded()
    assert outcome.stderr == b"cat: -: Is a directory\nsort: read failed: -: Is a directory\n"
    assert outcome.stdout == b"0\n0\n"
