"""System commands against the real tools' output (recorded from coreutils 9.1, bash 5.2)."""
from __future__ import annotations

import pytest
from shelldojo.filesystem import ROOT, acting_as
from shelldojo.shell.commands.system.date import parse_date, strftime
from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run

T = 1700000000  # Tue Nov 14 22:13:20 UTC 2023


@pytest.mark.parametrize(("args", "out"), [
    (["-d", "2024-03-15", "+%A"], "Friday\n"),
    (["-d", "2024-03-15", "+%d/%m/%Y"], "15/03/2024\n"),
    (["-d", "2024-02-28 +1 day", "+%F"], "2024-02-29\n"),
    (["-u", "-d", "@0", "+%Y-%m-%d %H:%M"], "1970-01-01 00:00\n"),
    (["-d", "2024-12-25", "+%a %d %b %Y, day %j"], "Wed 25 Dec 2024, day 360\n"),
    (["-d", "2024-01-31 +1 month", "+%F"], "2024-03-02\n"),
    (["-d", "2024-02-29 +1 year", "+%F"], "2025-03-01\n"),
    (["-d", "2024-01-01 10:00"], "Mon Jan  1 10:00:00 UTC 2024\n"),
    (["-d", "2024-01-01T10:00:05"], "Mon Jan  1 10:00:05 UTC 2024\n"),
    (["-d", "Jan 5 2024", "+%F"], "2024-01-05\n"),
    (["-d", "5 Jan 2024", "+%F"], "2024-01-05\n"),
    (["-d", "01/05/2024", "+%F"], "2024-01-05\n"),
    (["-d", "2024-01-01 5pm", "+%T"], "17:00:00\n"),
    (["-u", "-d", "2024-01-01 10:00 +0200", "+%T"], "08:00:00\n"),
    (["-d", "1 day ago 2024-01-01", "+%F"], "2023-12-31\n"),
    (["-d", "2024-01-01 -3 weeks", "+%F"], "2023-12-11\n"),
    (["-d", "@1.5", "+%s.%N"], "1.500000000\n"),
    (["-I", "-d", f"@{T}"], "2023-11-14\n"),
    (["-Iseconds", "-d", f"@{T}"], "2023-11-14T22:13:20+00:00\n"),
    (["-R", "-d", f"@{T}"], "Tue, 14 Nov 2023 22:13:20 +0000\n"),
    (["--rfc-3339=seconds", "-d", f"@{T}"], "2023-11-14 22:13:20+00:00\n"),
    (["+%Q"], "%Q\n"),
])
def test_date_ok(args: list[str], out: str) -> None:
    r = run(["date", *args])
    assert (r.status, r.out, r.err) == (0, out, "")


def test_date_format_codes() -> None:
    fmt = "%c|%x|%X|%r|%p|%P|%I|%l|%e|%k|%-d|%_d|%^a|%#b|%05d|%_5m|%-j|%U|%W|%V|%G|%g|%u|%w|%C|%h|%s|%N|%3N" \
          "|%:z|%::z|%Z|%q|%%|%n|%t|%D|%R|%T|%F|%y|%E|%O"
    assert strftime(fmt, T) == ("Tue Nov 14 22:13:20 2023|11/14/23|22:13:20|10:13:20 PM|PM|pm|10|10|14|22|14|14"
                                "|TUE|NOV|00014|   11|318|46|46|46|2023|23|2|2|20|Nov|1700000000|000000000|000"
                                "|+00:00|+00:00:00|UTC|4|%|\n|\t|11/14/23|22:13|22:13:20|2023-11-14|23|%E|%O")


def test_date_relative_weekdays() -> None:
    now = 1795567328.0  # Wed Nov 25 2026
    day = 86400
    assert strftime("%F %T", parse_date("next monday", now)) == "2026-11-30 00:00:00"
    assert strftime("%F", parse_date("last friday", now)) == "2026-11-20"
    assert strftime("%F", parse_date("wed", now)) == "2026-11-25"
    assert strftime("%F", parse_date("next wed", now)) == "2026-12-02"
    assert strftime("%F", parse_date("last wed", now)) == "2026-11-18"
    assert parse_date("yesterday", now) == now - day
    assert parse_date("3 days ago", now) == now - 3 * day
    assert parse_date("tomorrow", now) == now + day
    assert parse_date("now", now) == now
    assert strftime("%T", parse_date("", now)) == "00:00:00"


@pytest.mark.parametrize(("args", "err"), [
    (["-d", "not a date"], "date: invalid date ‘not a date’\n"),
    (["-d", "2024-13-01"], "date: invalid date ‘2024-13-01’\n"),
    (["-d", "25:00"], "date: invalid date ‘25:00’\n"),
    (["-d", "noon"], "date: invalid date ‘noon’\n"),
    (["x"], "date: invalid date ‘x’\n"),
    (["+%F", "+%T"], "date: extra operand ‘+%T’\nTry 'date --help' for more information.\n"),
    (["-I", "-R"], "date: multiple output formats specified\n"),
    (["-r", "nope"], "date: nope: No such file or directory\n"),
    (["-d", "x", "-r", "f"], ("date: the options to specify dates for printing are mutually exclusive\n"
                              "Try 'date --help' for more information.\n")),
])
def test_date_errors(args: list[str], err: str) -> None:
    r = run(["date", *args])
    assert (r.status, r.out, r.err) == (1, "", err)


def test_date_set_refused() -> None:
    r = run(["date", "010100002024"])
    assert (r.status, r.out, r.err) == (1, "Mon Jan  1 00:00:00 UTC 2024\n",
                                        "date: cannot set date: Operation not permitted\n")


def test_date_reference_file() -> None:
    m = fresh_machine()
    m.fake.create_file("/home/learner/f")
    m.os.utime("/home/learner/f", (T, T))
    assert run(["date", "-r", "f"], machine=m).out == "Tue Nov 14 22:13:20 UTC 2023\n"


def test_identity() -> None:
    assert run(["id"]).out == "uid=1000(learner) gid=1000(learner) groups=1000(learner),27(sudo)\n"
    assert run(["id", "-un"]).out == "learner\n"
    assert run(["id", "-gn"]).out == "learner\n"
    assert run(["id", "-G"]).out == "1000 27\n"
    assert run(["id", "-Gn"]).out == "learner sudo\n"
    assert run(["id", "root"]).out == "uid=0(root) gid=0(root) groups=0(root)\n"
    assert run(["id"], user="root").out == "uid=0(root) gid=0(root) groups=0(root)\n"
    assert run(["whoami"]).out == "learner\n"
    assert run(["whoami"], user="root").out == "root\n"
    assert run(["groups"]).out == "learner sudo\n"
    assert run(["groups", "root", "learner"]).out == "root : root\nlearner : learner sudo\n"


@pytest.mark.parametrize(("argv", "err"), [
    (["id", "nosuch"], "id: ‘nosuch’: no such user\n"),
    (["id", "-n"], "id: cannot print only names or real IDs in default format\n"),
    (["id", "-ug"], 'id: cannot print "only" of more than one choice\n'),
    (["id", "-z"], "id: option --zero not permitted in default format\n"),
    (["groups", "nosuch"], "groups: ‘nosuch’: no such user\n"),
    (["whoami", "x"], "whoami: extra operand ‘x’\nTry 'whoami --help' for more information.\n"),
    (["uname", "x"], "uname: extra operand ‘x’\nTry 'uname --help' for more information.\n"),
    (["nproc", "--ignore=x"], "nproc: invalid number: ‘x’\n"),
])
def test_identity_errors(argv: list[str], err: str) -> None:
    r = run(argv)
    assert (r.status, r.out, r.err) == (1, "", err)


def test_machine_info() -> None:
    assert run(["uname"]).out == "Linux\n"
    assert run(["uname", "-a"]).out == ("Linux dojo 5.15.0-91-generic #101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023"
                                        " x86_64 x86_64 x86_64 GNU/Linux\n")
    assert run(["uname", "-rs"]).out == "Linux 5.15.0-91-generic\n"
    assert run(["hostname"]).out == "dojo\n"
    assert run(["hostname", "x"]).err == "hostname: you must be root to change the host name\n"
    assert run(["nproc"]).out == "2\n"
    assert run(["nproc", "--ignore=5"]).out == "1\n"
    r = run(["tty"])
    assert (r.status, r.out, r.err) == (1, "not a tty\n", "")
    assert run(["tty", "-s"]).out == ""


def test_hostname_set_as_root() -> None:
    m = fresh_machine()
    assert run(["hostname", "box"], machine=m, user="root").status == 0
    assert run(["hostname"], machine=m).out == "box\n"


def test_env_and_printenv() -> None:
    assert run(["printenv", "HOME"]).out == "/home/learner\n"
    r = run(["printenv", "NOT_SET"])
    assert (r.status, r.out, r.err) == (1, "", "")
    assert "USER=learner\n" in run(["env"]).out
    assert run(["env", "-i", "A=1", "B=2"]).out == "A=1\nB=2\n"
    assert run(["env", "-i", "-0", "A=1"]).out == "A=1\0"
    assert "HOME=" not in run(["env", "-u", "HOME"]).out
    r = run(["env", "nosuch"])
    assert (r.status, r.err) == (127, "env: ‘nosuch’: No such file or directory\n")
    r = run(["env", "-Z"])
    assert (r.status, r.err) == (125, "env: invalid option -- 'Z'\nTry 'env --help' for more information.\n")
    r = run(["printenv", "-x"])
    assert r.status == 2


def test_env_runs_command_with_changed_environment() -> None:
    r = run(["env", "-i", "GREETING=hi", "printenv", "GREETING"])
    assert (r.status, r.out) == (0, "hi\n")


def test_which() -> None:
    r = run(["which", "ls"])
    assert (r.status, r.out, r.err) == (0, "/usr/bin/ls\n", "")
    assert run(["which", "-a", "ls"]).out == "/usr/bin/ls\n/bin/ls\n"
    r = run(["which", "nosuchcmd"])
    assert (r.status, r.out, r.err) == (1, "", "")
    r = run(["which", "-x"])
    assert (r.status, r.out, r.err) == (2, "Usage: /usr/bin/which [-a] args\n", "Illegal option -x\n")


def test_which_skips_non_executable() -> None:
    m = fresh_machine()
    with acting_as(ROOT):
        m.fake.create_file("/usr/local/bin/ls", contents=b"x")
        m.os.chmod("/usr/local/bin/ls", 0o644)
    assert run(["which", "ls"], machine=m).out == "/usr/bin/ls\n"


def test_sleep() -> None:
    assert run(["sleep", "0.01", "0.01s"]).status == 0
    r = run(["sleep", "1x"])
    assert (r.status, r.err) == (1, "sleep: invalid time interval ‘1x’\nTry 'sleep --help' for more information.\n")
    r = run(["sleep"])
    assert r.err == "sleep: missing operand\nTry 'sleep --help' for more information.\n"


def test_clear() -> None:
    assert run(["clear"]).err == "TERM environment variable not set.\n"
    assert run(["clear", "-T", "xterm-256color"]).out == "\x1b[H\x1b[2J\x1b[3J"
    assert run(["clear", "-x", "-T", "xterm"]).out == "\x1b[H\x1b[2J"
    r = run(["clear", "-T", "dumb"])
    assert (r.status, r.out, r.err) == (1, "", "")
    assert run(["clear", "-T", "foo"]).err == "'foo': unknown terminal type.\n"


def test_help_and_version() -> None:
    assert run(["uname", "--help"]).out.startswith("Usage: uname [OPTION]...\n")
    assert run(["id", "--version"]).out.startswith("id (GNU coreutils) 9.1\n")
    assert run(["hostname", "-V"]).out == "hostname 3.23\n"
