"""echo, printf, test and [ as bash's builtins: output, messages and statuses."""
from __future__ import annotations

import pytest
from shelldojo.filesystem import accounts, acting_as
from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run


@pytest.mark.parametrize("argv,out", [
    (["echo", "a", "", "b"], "a  b\n"),
    (["echo", "-n", "x"], "x"),
    (["echo", "-e", "a\\tb\\x41\\0101\\u00e9"], "a\tbAAé\n"),
    (["echo", "-e", "a\\1b\\x\\q"], "a\\1b\\x\\q\n"),
    (["echo", "-ne", "x\\ty"], "x\ty"),
    (["echo", "-neE", "x\\ty"], "x\\ty"),
    (["echo", "-e", "a\\cb", "c"], "a"),
    (["echo", "-nx", "a"], "-nx a\n"),
    (["echo", "--help"], "--help\n"),
    (["echo", "--", "a"], "-- a\n"),
    (["echo", "a", "-n"], "a -n\n"),
])
def test_echo(argv: list[str], out: str) -> None:
    r = run(argv)
    assert (r.status, r.out, r.err) == (0, out, "")


@pytest.mark.parametrize("argv,out", [
    (["printf", "%s-%s\n", "1", "2", "3"], "1-2\n3-\n"),
    (["printf", "%d %s\n"], "0 \n"),
    (["printf", "a\n", "b"], "a\n"),
    (["printf", "%5.2f|%-5d|%05d|%+d|% d|%x|%X|%o|%#x|%#o\n", "3.14159", "42", "42", "42", "42",
      "255", "255", "8", "255", "8"], " 3.14|42   |00042|+42| 42|ff|FF|10|0xff|010\n"),
    (["printf", "%e|%g|%G|%.3e|%10.4g\n", "12345.678", "0.0001", "1e20", "1234.5", "3.14159"],
     "1.234568e+04|0.0001|1E+20|1.234e+03|     3.142\n"),
    (["printf", "%u %x\n", "-1", "-1"], "18446744073709551615 ffffffffffffffff\n"),
    (["printf", "%d %d %d %d\n", "0x1F", "077", "'A", " 7"], "31 63 65 7\n"),
    (["printf", "%.3s|%5s|%-5s|%c|\n", "abcdef", "ab", "ab", "hello"], "abc|   ab|ab   |h|\n"),
    (["printf", "%*d|%-*d|%.*f\n", "5", "42", "4", "7", "2", "3.14159"], "   42|7   |3.14\n"),
    (["printf", "%.2d|%.0d|%8.3d\n", "5", "0", "7"], "05||     007\n"),
    (["printf", "%b|\n", "a\\nb", "\\0101", "\\101"], "a\nb|\nA|\nA|\n"),
    (["printf", "%s|%b|%s\n", "a", "x\\cy", "b"], "a|x"),
    (["printf", "\\101\\0101\\x41\\c%s\n", "x"], "A\x081A\\cx\n"),
    (["printf", "%q\n", "a b", "", "it's", "~x", "#a", "a#", "a\tb", "é"],
     "a\\ b\n''\nit\\'s\n\\~x\n\\#a\na#\n$'a\\tb'\né\n"),
    (["printf", "%d%%\n", "5"], "5%\n"),
    (["printf", "--", "%s\n", "a"], "a\n"),
    (["printf", "%s\n", "-v"], "-v\n"),
])
def test_printf(argv: list[str], out: str) -> None:
    r = run(argv)
    assert (r.status, r.out, r.err) == (0, out, "")


@pytest.mark.parametrize("argv,out,err,status", [
    (["printf", "%d\n", "abc", "12abc", "08", "0xg"], "0\n12\n0\n0\n",
     ("printf: abc: invalid number\nprintf: 12abc: invalid number\n"
     "printf: 08: invalid octal number\nprintf: 0xg: invalid hex number\n"), 1),
    (["printf", "%d\n", "99999999999999999999"], "9223372036854775807\n",
     "printf: warning: 99999999999999999999: Numerical result out of range\n", 0),
    (["printf", "%f\n", "abc"], "0.000000\n", "printf: abc: invalid number\n", 1),
    (["printf", "%z"], "", "printf: `%z': missing format character\n", 1),
    (["printf", "ab%"], "ab", "printf: `%': missing format character\n", 1),
    (["printf", "%s %y\n", "1", "2"], "1 ", "printf: `y': invalid format character\n", 1),
    (["printf", "%b\n", "\\x"], "\\x\n", "printf: missing hex digit for \\x\n", 0),
    (["printf"], "", "printf: usage: printf [-v var] format [arguments]\n", 2),
    (["printf", "-x"], "", "printf: -x: invalid option\nprintf: usage: printf [-v var] format [arguments]\n", 2),
    (["printf", "-v"], "",
     "printf: -v: option requires an argument\nprintf: usage: printf [-v var] format [arguments]\n", 2),
    (["printf", "-v", "1x", "a"], "", "printf: `1x': not a valid identifier\n", 2),
])
def test_printf_errors(argv: list[str], out: str, err: str, status: int) -> None:
    r = run(argv)
    assert (r.status, r.out, r.err) == (status, out, err)


def test_printf_help_and_true_false() -> None:
    r = run(["printf", "--help"])
    assert r.status == 2 and r.out.startswith("printf: printf [-v var] format [arguments]\n")
    assert run(["true", "--help"]).status == 0 and run(["false", "x"]).status == 1


@pytest.mark.parametrize("argv,status,err", [
    (["["], 2, "[: missing `]'\n"),
    (["[", "a"], 2, "[: missing `]'\n"),
    (["[", "--help"], 2, "[: missing `]'\n"),
    (["test", "--help"], 0, ""),
    (["[", "]"], 1, ""),
    (["[", "a", "b", "]"], 2, "[: a: unary operator expected\n"),
    (["[", "-eq", "1", "]"], 2, "[: -eq: unary operator expected\n"),
    (["test", "x", "y", "z", "w"], 2, "test: too many arguments\n"),
    (["[", "(", "a", "b", "]"], 2, "[: a: binary operator expected\n"),
    (["[", "1", "-eq", "1", "-a", "]"], 2, "[: argument expected\n"),
    (["[", "a", "-a", "(", "b", "]"], 2, "[: `)' expected, found ]\n"),
    (["[", "x", "-eq", "1", "]"], 2, "[: x: integer expression expected\n"),
    (["[", "", "-eq", "1", "]"], 2, "[: : integer expression expected\n"),
    (["[", "1", "-eq", "1", "-x", "y", "]"], 2, "[: syntax error: `-x' unexpected\n"),
    (["[", "a", "-Q", "b", "]"], 2, "[: -Q: binary operator expected\n"),
    (["test", "-t", "1", "2"], 2, "test: 1: binary operator expected\n"),
    (["[", " 12 ", "-eq", "12", "]"], 0, ""),
    (["[", "-12", "-eq", "+12", "]"], 1, ""),
    (["[", "!", "]"], 0, ""),
    (["[", "(", "]"], 0, ""),
    (["[", "=", "=", "=", "]"], 0, ""),
    (["[", "!", "a", "=", "a", "]"], 1, ""),
    (["[", "(", "a", ")", "-a", "b", "]"], 0, ""),
    (["[", "a", "<", "b", "]"], 0, ""),
    (["[", "-n", "", "-o", "-z", "", "]"], 0, ""),
    (["test", "!", "!", "a"], 0, ""),
])
def test_test_syntax(argv: list[str], status: int, err: str) -> None:
    r = run(argv)
    assert (r.status, r.out, r.err) == (status, "", err)


@pytest.mark.parametrize("expr,status", [
    (["-d", "/tmp"], 0), (["-d", "/etc/passwd"], 1), (["-f", "/etc/passwd"], 0), (["-e", "/nope"], 1),
    (["-r", "/etc/shadow"], 1), (["-w", "/etc/passwd"], 1), (["-r", "/etc/passwd"], 0),
    (["-x", "/usr/bin/ls"], 0), (["-s", "/etc/hostname"], 0), (["-L", "/bin"], 0), (["-h", "/bin"], 0),
    (["-d", "/bin"], 0), (["-k", "/tmp"], 0), (["-O", "/tmp"], 1), (["-O", "."], 0), (["-G", "."], 0),
    (["-f", ".bashrc"], 0), (["-e", ""], 1), (["/etc/passwd", "-ef", "/etc/../etc/passwd"], 0),
    (["/etc/passwd", "-nt", "/nope"], 0), (["/nope", "-ot", "/etc/passwd"], 0),
])
def test_test_files(expr: list[str], status: int) -> None:
    assert run(["test", *expr]).status == status


def test_permissions_follow_the_acting_user() -> None:
    m = fresh_machine()
    creds = accounts.credentials_for(m.vfs, "learner")
    assert creds is not None
    with acting_as(creds):
        m.vfs.write_bytes("/home/learner/s", b"x")
        m.vfs.chmod("/home/learner/s", 0o100)
    assert run(["test", "-x", "s"], machine=m).status == 0
    assert run(["test", "-r", "s"], machine=m).status == 1
    assert run(["test", "-r", "s"], machine=m, user="root").status == 0
