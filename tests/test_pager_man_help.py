"""less, more, man and help: their behaviour without a terminal (as the real tools, recorded on
the reference host), man pages for every command, and the pager's keys without a terminal."""
from __future__ import annotations

import pytest
from shelldojo.shell.commands.pagers.pager_app import PagerState
from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run

HELP_CD = 'cd: cd [-L|[-P [-e]] [-@]] [dir]\n    Change the shell working directory.\n    \n    Change the current directory to DIR.  The default DIR is the value of the\n    HOME shell variable. If DIR is "-", it is converted to $OLDPWD.\n    \n    The variable CDPATH defines the search path for the directory containing\n    DIR.  Alternative directory names in CDPATH are separated by a colon (:).\n    A null directory name is the same as the current directory.  If DIR begins\n    with a slash (/), then CDPATH is not used.\n    \n    If the directory is not found, and the shell option `cdable_vars\' is set,\n    the word is assumed to be  a variable name.  If that variable has a value,\n    its value is used for DIR.\n    \n    Options:\n      -L\tforce symbolic links to be followed: resolve symbolic\n    \t\tlinks in DIR after processing instances of `..\'\n      -P\tuse the physical directory structure without following\n    \t\tsymbolic links: resolve symbolic links in DIR before\n    \t\tprocessing instances of `..\'\n      -e\tif the -P option is supplied, and the current working\n    \t\tdirectory cannot be determined successfully, exit with\n    \t\ta non-zero status\n      -@\ton systems that support it, present a file with extended\n    \t\tattributes as a directory containing the file attributes\n    \n    The default is to follow symbolic links, as if `-L\' were specified.\n    `..\' is processed by removing the immediately previous pathname component\n    back to a slash or the beginning of DIR.\n    \n    Exit Status:\n    Returns 0 if the directory is changed, and if $PWD is set successfully when\n    -P is used; non-zero otherwise.\n'
HELP_M_PWD = "NAME\n    pwd - Print the name of the current working directory.\n\nSYNOPSIS\n    pwd [-LP]\n\nDESCRIPTION\n    Print the name of the current working directory.\n    \n    Options:\n      -L\tprint the value of $PWD if it names the current working\n    \t\tdirectory\n      -P\tprint the physical directory, without any symbolic links\n    \n    By default, `pwd' behaves as if `-L' were specified.\n    \n    Exit Status:\n    Returns 0 unless an invalid option is given or the current directory\n    cannot be read.\n\nSEE ALSO\n    bash(1)\n\nIMPLEMENTATION\n    GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)\n    Copyright (C) 2022 Free Software Foundation, Inc.\n    License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n\n"


def _machine_with_files():
    machine = fresh_machine()
    machine.fake.create_file("/home/learner/f", contents="a\nb\n")
    machine.fake.create_file("/home/learner/g", contents="x")
    machine.fake.create_dir("/home/learner/d")
    machine.fake.create_file("/home/learner/p", contents="secret\n")
    for path in ("/home/learner/f", "/home/learner/g", "/home/learner/d", "/home/learner/p"):
        machine.os.chown(path, 1000, 1000)
    machine.os.chmod("/home/learner/p", 0)
    return machine


# -- less / more without a terminal --------------------------------------------------------
@pytest.mark.parametrize(("argv", "out", "err"), [
    (["less", "f"], "a\nb\n", ""),
    (["less", "nofile", "f"], "nofile: No such file or directory\na\nb\n", ""),
    (["less", "d", "f"], "d is a directory\na\nb\n", ""),
    (["less", "p"], "p: Permission denied\n", ""),
    (["less", "f", "f", "g"], "a\nb\nx", ""),
    (["less", "-Z", "f"], "a\nb\n", 'There is no -Z option ("less --help" for help)\n'),
    (["less", "--bogus"], "", 'There is no bogus option ("less --help" for help)\n'),
    (["less", "-x"], "", "Value is required after -x (--tabs)\n"),
    (["less", "-N", "-p", "b", "+2", "f"], "a\nb\n", ""),
    (["more", "f", "nofile"], "::::::::::::::\nf\n::::::::::::::\na\nb\n",
     "more: cannot open nofile: No such file or directory\n"),
    (["more", "g", "f"], "::::::::::::::\ng\n::::::::::::::\nx::::::::::::::\nf\n::::::::::::::\na\nb\n", ""),
    (["more", "d"], "\n*** d: directory ***\n\n", ""),
    (["more", "p"], "", "more: cannot open p: Permission denied\n"),
])
def test_pagers_copy_without_a_terminal(argv: list[str], out: str, err: str) -> None:
    result = run(argv, machine=_machine_with_files())
    assert (result.out, result.err, result.status) == (out, err, 0)


def test_pagers_read_standard_input() -> None:
    assert run(["less"], stdin=b"hi\n").out == "hi\n"
    result = run(["more", "g"], machine=_machine_with_files(), stdin=b"in\n")
    assert result.out == "in\n::::::::::::::\ng\n::::::::::::::\nx"


def test_more_usage_errors() -> None:
    result = run(["more", "-Z"])
    assert (result.status, result.err) == (1, "more: invalid option -- 'Z'\nTry 'more --help' for more information.\n")
    assert run(["more", "--version"]).out == "more from util-linux 2.38.1\n"
    assert run(["less", "--version"]).out.startswith("less 590 (GNU regular expressions)\n")
    assert run(["less", "--help"]).out.count("\n") == 258


# -- man ------------------------------------------------------------------------------------
def test_man_without_a_page() -> None:
    result = run(["man"])
    assert (result.status, result.out, result.err) == (
        1, "", "What manual page do you want?\nFor example, try 'man man'.\n")
    result = run(["man", "nosuch"])
    assert (result.status, result.err) == (16, "No manual entry for nosuch\n")
    result = run(["man", "--bogus"])
    assert (result.status, result.err) == (
        1, "man: unrecognized option '--bogus'\nTry 'man --help' or 'man --usage' for more information.\n")
    result = run(["man", "-k"])
    assert (result.status, result.out) == (1, "apropos what?\n")
    result = run(["man", "-k", "zzqq"])
    assert (result.status, result.err) == (16, "zzqq: nothing appropriate.\n")


def test_man_prints_the_page_without_a_terminal() -> None:
    result = run(["man", "ls"])
    lines = result.out.splitlines()
    assert result.status == 0
    assert lines[0] == "LS(1)                            User Commands                           LS(1)"
    assert lines[2:4] == ["NAME", "       ls - list directory contents"]
    assert lines[-1].endswith("LS(1)") and len(lines[-1]) == 78
    assert "EXAMPLES" in lines
    assert run(["man", "useradd"]).out.startswith("USERADD(8)")
    assert run(["man", "-f", "ls"]).out == "ls (1)               - list directory contents\n"
    assert "mkdir (1)            - make directories\n" in run(["man", "-k", "director"]).out


def test_every_command_and_builtin_has_a_page() -> None:
    from shelldojo.shell import manpages
    from shelldojo.shell.registry import load_all

    for name in load_all():
        result = run(["man", name])
        assert result.status == 0, name
    for name in manpages.names():
        assert all(len(line) <= 78 for line in manpages.load(name).splitlines()), name  # type: ignore[union-attr]
        assert manpages.summary(name), name


def test_man_refuses_paths() -> None:
    assert run(["man", "../etc/passwd"]).status == 16


# -- help -----------------------------------------------------------------------------------
def test_help_texts_are_bash_s() -> None:
    assert run(["help", "cd"]).out == HELP_CD
    assert run(["help", "-m", "pwd"]).out == HELP_M_PWD
    assert run(["help", "-d", "c?"]).out == "Shell commands matching keyword `c?'\n\ncd - Change the shell working directory.\n"
    assert run(["help", "-s", "e"]).out.splitlines()[:2] == ["echo: echo [-neE] [arg ...]",
                                                            "enable: enable [-a] [-dnps] [-f filename] [name ...]"]
    assert run(["help", "-d", "cd", "nosuch"]).status == 0


def test_help_errors() -> None:
    result = run(["help", "nosuch"])
    assert (result.status, result.err) == (
        1, "help: no help topics match `nosuch'.  Try `help help' or `man -k nosuch' or `info nosuch'.\n")
    result = run(["help", "-x"])
    assert (result.status, result.err) == (2, "help: -x: invalid option\nhelp: usage: help [-dms] [pattern ...]\n")
    assert run(["help", "--help"]).status == 2


def test_help_lists_commands_by_family() -> None:
    out = run(["help"]).out  # bash's own list of builtins only (issue 13)
    assert out.startswith("GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)\n")
    assert "Moving around" not in out
    out = run(["help", "commands"]).out  # the programs, by family
    assert "\nMoving around\n" in out and "  ls         List directory contents\n" in out
    assert "  cd         Change the shell's working directory\n" in out
    assert "man NAME" in out


# -- the pager's keys -----------------------------------------------------------------------
def test_pager_state_moves_and_searches() -> None:
    text = "".join(f"line {i}\n" for i in range(100))
    st = PagerState([("f", text)], height=11)
    assert st.screen_lines()[0] == "line 0" and st.prompt() == "f"
    st.key("space")
    assert st.top == 10 and st.prompt() == ":"
    st.key("b")
    assert st.top == 0
    for k in "/line 42":
        st.key(k)
    assert st.prompt() == "/line 42"
    st.key("enter")
    assert st.top == 42
    st.key("G")
    assert st.prompt() == "(END)" and st.screen_lines()[-1] == "line 99"
    st.key("g")
    st.key("q")
    assert st.done


def test_more_state_ends_at_the_end() -> None:
    st = PagerState([("a", "1\n2\n3\n"), ("b", "4\n")], style="more", height=3)
    assert st.prompt() == "--More--(66%)"
    st.key("space")
    assert st.prompt() == "--More--(100%) (Next file: b)"
    st.key("space")
    assert st.name == "b"
    st.key("space")
    assert st.done


def test_less_next_file_and_tilde() -> None:
    st = PagerState([("a", "1\n"), ("b", "2\n")], height=4)
    assert st.screen_lines() == ["1", "~", "~"]
    st.key(":")
    st.key("n")
    assert st.name == "b" and st.screen_lines()[0] == "2"
