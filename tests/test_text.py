"""cat head tail wc tee rev nl: outputs recorded from GNU coreutils 9.1 / util-linux rev."""
from __future__ import annotations

import pytest
from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run

HOME = "/home/learner"


@pytest.fixture
def machine():
    m = fresh_machine()
    files = {"f": b"one two\nthree\n", "g": b"x", "nums": b"".join(b"%d\n" % i for i in range(1, 21))}
    for name, data in files.items():
        m.fake.create_file(f"{HOME}/{name}", contents=data)
        m.os.chown(f"{HOME}/{name}", 1000, 1000)
    m.fake.create_dir(f"{HOME}/d")
    return m


def test_cat_joins_and_numbers(machine):
    assert run(["cat", "f", "g"], machine).out == "one two\nthree\nx"
    assert run(["cat", "-n", "f", "g"], machine).out == "     1\tone two\n     2\tthree\n     3\tx"


def test_cat_errors_continue(machine):
    r = run(["cat", "nope", "d", "f"], machine)
    assert r.out == "one two\nthree\n"
    assert r.err == "cat: nope: No such file or directory\ncat: d: Is a directory\n"
    assert r.status == 1
    r = run(["cat", "*.log", "f/x", "/etc/shadow"], machine)
    assert r.err == ("cat: '*.log': No such file or directory\ncat: f/x: Not a directory\n"
                     "cat: /etc/shadow: Permission denied\n")


def test_cat_show_all_and_squeeze():
    assert run(["cat", "-A"], stdin=b"a\tb\x01\x7f\xc3\xa9\n").out == "a^Ib^A^?M-CM-)$\n"
    assert run(["cat", "-s", "-b"], stdin=b"a\n\n\n\nb\n").out == "     1\ta\n\n     2\tb\n"


def test_cat_stdin_dash(machine):
    assert run(["cat", "g", "-", "g"], machine, stdin=b"in\n").out == "xin\nx"


def test_head_counts(machine):
    assert run(["head", "-n", "3", "nums"], machine).out == "1\n2\n3\n"
    assert run(["head", "-2", "nums"], machine).out == "1\n2\n"
    assert run(["head", "-c", "5", "nums"], machine).out == "1\n2\n3"
    assert run(["head", "-n", "-17", "nums"], machine).out == "1\n2\n3\n"
    assert run(["head", "-c", "-3", "f"], machine).out == "one two\nthr"


def test_head_headers_and_errors(machine):
    r = run(["head", "-n", "1", "f", "d", "g", "nope"], machine)
    assert r.out == "==> f <==\none two\n\n==> d <==\n\n==> g <==\nx"
    assert r.err == ("head: error reading 'd': Is a directory\n"
                     "head: cannot open 'nope' for reading: No such file or directory\n")
    assert r.status == 1
    r = run(["head", "-n", "abc", "f"], machine)
    assert (r.status, r.err) == (1, "head: invalid number of lines: \u2018abc\u2019\n")
    r = run(["head", "-n"], machine)
    assert r.err == "head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n"


def test_tail(machine):
    assert run(["tail", "-n", "3", "nums"], machine).out == "18\n19\n20\n"
    assert run(["tail", "-1", "nums"], machine).out == "20\n"
    assert run(["tail", "-n", "+19", "nums"], machine).out == "19\n20\n"
    assert run(["tail", "+19", "nums"], machine).out == "19\n20\n"
    assert run(["tail", "-c", "4", "nums"], machine).out == "\n20\n"
    assert run(["tail", "-n", "1"], stdin=b"a\nb\nc").out == "c"
    r = run(["tail", "-n", "1", "f", "nope"], machine)
    assert r.out == "==> f <==\nthree\n"
    assert r.err == "tail: cannot open 'nope' for reading: No such file or directory\n"


def test_wc_widths(machine):
    assert run(["wc", "f", "g"], machine).out == " 2  3 14 f\n 0  1  1 g\n 2  4 15 total\n"
    assert run(["wc", "-l", "f"], machine).out == "2 f\n"
    assert run(["wc"], stdin=b"one two\nthree\n").out == "      2       3      14\n"
    assert run(["wc", "-l"], stdin=b"a\nb\nc\n").out == "3\n"
    r = run(["wc", "-l", "d", "f"], machine)
    assert r.out == "      0 d\n      2 f\n      2 total\n"
    assert (r.err, r.status) == ("wc: d: Is a directory\n", 1)
    r = run(["wc", "nope", "f"], machine)
    assert r.out == "2 3 14 f\n2 3 14 total\n"
    assert run(["wc", "-lwcmL", "f", "g"], machine).out == \
        " 2  3 14 14  7 f\n 0  1  1  1  1 g\n 2  4 15 15  7 total\n"


def test_wc_chars_and_width():
    assert run(["wc", "-m"], stdin="h\u00e9llo w\u00f6rld\n".encode()).out == "12\n"
    assert run(["wc", "-L"], stdin=b"a\tb\n").out == "9\n"


def test_tee(machine):
    r = run(["tee", "a", "b"], machine, stdin=b"hi\n")
    assert r.out == "hi\n"
    assert run(["cat", "a", "b"], machine).out == "hi\nhi\n"
    run(["tee", "-a", "a"], machine, stdin=b"more\n")
    assert run(["cat", "a"], machine).out == "hi\nmore\n"
    r = run(["tee", "d"], machine, stdin=b"x\n")
    assert (r.out, r.err, r.status) == ("x\n", "tee: d: Is a directory\n", 1)


def test_rev(machine):
    assert run(["rev"], stdin="abc\nh\u00e9\n".encode()).out == "cba\n\u00e9h\n"
    r = run(["rev", "nope", "d"], machine)
    assert r.err == "rev: cannot open nope: No such file or directory\nrev: d: 0: Is a directory\n"


def test_nl():
    assert run(["nl"], stdin=b"one\n\ntwo\n").out == "     1\tone\n       \n     2\ttwo\n"
    assert run(["nl", "-b", "a"], stdin=b"one\n\ntwo\n").out == "     1\tone\n     2\t\n     3\ttwo\n"
    assert run(["nl", "-n", "ln", "-w", "3", "-s:"], stdin=b"a\n").out == "1  :a\n"
    assert run(["nl", "-n", "rz"], stdin=b"a\n").out == "000001\ta\n"
    r = run(["nl", "-b", "x"])
    assert r.err == "nl: invalid body numbering style: \u2018x\u2019\nTry 'nl --help' for more information.\n"


def test_help_and_version():
    assert run(["cat", "--help"]).out.startswith("Usage: cat [OPTION]... [FILE]...\n")
    assert run(["wc", "--version"]).out.startswith("wc (GNU coreutils) 9.1\n")


def test_read_some_returns_what_a_pipe_holds():
    # cat/tee/tr stream through pipes: a chunk comes back before the writer closes.
    from shelldojo.shell.budget import Budget
    from shelldojo.shell.commands.textio import read_some
    from shelldojo.shell.streams import Pipe

    pipe = Pipe(Budget(10.0, 1000))
    pipe.writer.write(b"first\n")
    assert read_some(pipe.reader) == b"first\n"
    pipe.writer.write(b"abcdef")
    assert read_some(pipe.reader, 4) == b"abcd"
    assert read_some(pipe.reader) == b"ef"
    pipe.writer.close()
    assert read_some(pipe.reader) == b""


def test_command_modules():
    # each family module stays small: the text commands are split by family
    from shelldojo.shell import registry
    where = {n: registry.lookup(n).func.__module__ for n in ("cat", "head", "wc", "sort", "cut", "tr")}
    assert where == {"cat": "shelldojo.shell.commands.text.cat", "head": "shelldojo.shell.commands.text.headtail",
                     "wc": "shelldojo.shell.commands.text.count", "sort": "shelldojo.shell.commands.text.sort_uniq",
                     "cut": "shelldojo.shell.commands.text.cut", "tr": "shelldojo.shell.commands.text.tr"}
