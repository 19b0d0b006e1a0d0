"""ls: sorting, formats, long listing, colors and columns on a terminal, errors."""
from __future__ import annotations

from shelldojo.filesystem import Machine, accounts, acting_as
from shelldojo.shell.budget import Budget
from shelldojo.shell.commands.ls.format import columns, ls_time, parse_date
from shelldojo.shell.context import Context
from shelldojo.shell.limits import Limits
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.registry import load_all
from shelldojo.shell.streams import BufferOutput, BytesInput

from tests.cmdutil import ENV, DirectRunner, run


class TtyOutput(BufferOutput):
    def isatty(self) -> bool:
        return True


def run_tty(argv: list[str], m: Machine, columns_: int = 80, env: dict[str, str] | None = None) -> str:
    creds = accounts.credentials_for(m.vfs, "learner")
    assert creds is not None
    out, err, limits = TtyOutput(), BufferOutput(), Limits()
    ctx = Context("ls", m, "/home/learner", {**ENV, **(env or {})}, BytesInput(b""), out, err, creds, limits,
                  Budget(limits.wall_time_s, limits.max_commands), DirectRunner(), columns=columns_)
    with acting_as(creds):
        load_all()["ls"].func(ctx, argv)
    return out.getvalue().decode()


def test_sorting_and_hidden() -> None:
    m = fresh_machine()
    run(["touch", "banana", "apple", "Cherry", ".secret"], m)
    run(["mkdir", "dates"], m)
    assert run(["ls"], m).out == "Cherry\napple\nbanana\ndates\n"
    assert run(["ls", "-r"], m).out == "dates\nbanana\napple\nCherry\n"
    assert run(["ls", "-A"], m).out.startswith(".bash_logout\n.bashrc\n.profile\n.secret\n")
    assert run(["ls", "-a", "dates"], m).out == ".\n..\n"


def test_time_and_size_sort() -> None:
    m = fresh_machine()
    run(["touch", "-d", "2024-01-01 10:00", "old"], m)
    run(["touch", "-d", "2024-06-01 10:00", "new"], m)
    run(["touch", "-d", "2024-03-01 10:00", "mid"], m)
    assert run(["ls", "-t"], m).out == "new\nmid\nold\n"
    assert run(["ls", "-tr"], m).out == "old\nmid\nnew\n"
    for name, data in (("small", b"a\n"), ("big", b"a" * 10 + b"\n"), ("medium", b"aaaaa\n")):
        m.fake.create_file(f"/home/learner/s/{name}", contents=data)
    assert run(["ls", "-S", "s"], m).out == "big\nmedium\nsmall\n"


def test_classify_dirs_and_headers() -> None:
    m = fresh_machine()
    run(["mkdir", "dir", "b"], m)
    run(["touch", "plain", "run.sh", "b/y"], m)
    run(["chmod", "+x", "run.sh"], m)
    run(["ln", "-s", "plain", "link"], m)
    assert run(["ls", "-F"], m).out == "b/\ndir/\nlink@\nplain\nrun.sh*\n"
    assert run(["ls", "-d", "dir", "b/"], m).out == "b/\ndir\n"
    assert run(["ls", "b", "plain"], m).out == "plain\n\nb:\ny\n"
    assert run(["ls", "-R", "b"], m).out == "b:\ny\n"


def test_errors() -> None:
    m = fresh_machine()
    r = run(["ls", "missing"], m)
    assert (r.status, r.err) == (2, "ls: cannot access 'missing': No such file or directory\n")
    r = run(["ls", "/root"], m)
    assert (r.status, r.err) == (2, "ls: cannot open directory '/root': Permission denied\n")
    r = run(["ls", "-z"], m)
    assert (r.status, r.err) == (2, "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n")


def test_long_listing() -> None:
    m = fresh_machine()
    run(["mkdir", "d"], m)
    run(["touch", "d/inside"], m)
    m.fake.create_file("/home/learner/f", contents=b"x" * 5000)
    m.os.chown("/home/learner/f", 1000, 1000)
    run(["ln", "-s", "f", "l"], m)
    lines = run(["ls", "-l"], m).out.splitlines()
    assert lines[0] == "total 12"
    assert lines[1].startswith("drwxr-xr-x 2 learner learner 4096 ")
    assert lines[2].startswith("-rw-r--r-- 1 learner learner 5000 ")
    assert lines[3].startswith("lrwxrwxrwx 1 learner learner    1 ") and lines[3].endswith(" l -> f")
    assert run(["ls", "-lh", "f"], m).out.startswith("-rw-r--r-- 1 learner learner 4.9K ")
    assert run(["ls", "-ln", "f"], m).out.startswith("-rw-r--r-- 1 1000 1000 5000 ")
    assert run(["ls", "-ld", "/tmp"], m).out.startswith("drwxrwxrwt ")


def test_ls_time_format() -> None:
    now = parse_date("2024-06-15 12:00", now=0) or 0
    assert ls_time(parse_date("2024-06-01 10:05", now=0) or 0, now) == "Jun  1 10:05"
    assert ls_time(parse_date("2023-06-01 10:05", now=0) or 0, now) == "Jun  1  2023"
    assert ls_time(now + 86400 * 3, now) == "Jun 18  2024"


def test_columns_layout() -> None:
    names = ["alpha", "beta", "delta_long_name_here", "epsilon", "eta", "gamma", "iota", "kappa", "lambda",
             "mu", "theta", "zeta"]
    out = columns(names, [len(n) for n in names], 40, tabs=True)
    assert out == ("alpha\t\t      eta    lambda\nbeta\t\t      gamma  mu\n"
                   "delta_long_name_here  iota   theta\nepsilon\t\t      kappa  zeta\n")


def test_tty_columns_and_color() -> None:
    m = fresh_machine()
    run(["mkdir", "zdir"], m)
    run(["touch", "alpha", "beta"], m)
    run(["chmod", "+x", "alpha"], m)
    assert run_tty(["ls"], m) == "alpha  beta  zdir\n"
    out = run_tty(["ls", "--color=auto"], m)
    assert out == "\x1b[0m\x1b[01;32malpha\x1b[0m  beta  \x1b[01;34mzdir\x1b[0m\n"
    assert run(["ls", "--color=auto"], m).out == "alpha\nbeta\nzdir\n"
    run(["touch", "my file"], m)
    assert run_tty(["ls"], m) == " alpha\t beta  'my file'   zdir\n"  # as GNU on a tty
