"""Issue 15 (R1b): the file/system coreutils that were missing — mktemp, dd, truncate, sync, shred,
link, unlink, mkfifo, mknod, stdbuf, stty, logname, users, pinky, hostid, arch, dir, vdir, pathchk,
base32, basenc, b2sum, cksum, sum, sha224sum, sha384sum, chroot.  Messages recorded from the real
tools are in tests/golden/coreutils_more.sh; here: what goldens cannot show (a terminal, root,
saved state, limits) and hostile input."""
from __future__ import annotations

import re

import pytest
from shelldojo.filesystem import accounts, acting_as
from shelldojo.shell.budget import Budget
from shelldojo.shell.context import Context
from shelldojo.shell.limits import Limits
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.registry import load_all
from shelldojo.shell.streams import BufferOutput, BytesInput

from tests.cmdutil import ENV, DirectRunner, run
from tests.hostile import run_c, run_source_in_process

PROGRAMS = ["mktemp", "dd", "truncate", "sync", "shred", "link", "unlink", "mkfifo", "mknod", "stdbuf", "stty",
            "logname", "users", "pinky", "hostid", "arch", "dir", "vdir", "pathchk", "base32", "basenc", "b2sum",
            "cksum", "sum", "sha224sum", "sha384sum", "chroot"]


@pytest.mark.parametrize("name", PROGRAMS)
def test_program_exists_with_help_and_version(name: str) -> None:
    assert name in load_all()
    assert re.match(rf"{name} \((GNU )?coreutils\) 9\.1\n", run([name, "--version"]).out)  # dd says "(coreutils)"
    assert run([name, "--help"]).status == 0


def test_chroot_lives_in_sbin() -> None:
    assert load_all()["chroot"].directory == "/usr/sbin"


# -- a terminal: stty, logname, users, pinky ------------------------------------------------------
class _Tty(BytesInput):
    def isatty(self) -> bool:
        return True


class _Terminal:
    columns, lines = 132, 43


class _Host:
    login_user, login_shell, sudo_time = "learner", True, None

    def users(self) -> list[str]:
        return ["learner"]


def _on_terminal(argv: list[str], tty: bool = True) -> tuple[int, str, str]:
    machine = fresh_machine()
    creds = accounts.credentials_for(machine.vfs, "learner")
    assert creds is not None
    out, err = BufferOutput(), BufferOutput()
    limits = Limits()
    stdin = _Tty(b"") if tty else BytesInput(b"")
    ctx = Context(argv[0], machine, "/home/learner", dict(ENV), stdin, out, err, creds, limits,
                  Budget(limits.wall_time_s, limits.max_commands), DirectRunner(),
                  terminal=_Terminal(), host=_Host())  # type: ignore[arg-type]
    with acting_as(creds):
        status = load_all()[argv[0]].func(ctx, argv)
    return status, out.getvalue().decode(), err.getvalue().decode()


def test_stty_reports_the_real_terminal_size() -> None:
    assert _on_terminal(["stty", "size"]) == (0, "43 132\n", "")
    status, out, _ = _on_terminal(["stty", "-a"])
    assert status == 0 and out.startswith("speed 38400 baud; rows 43; columns 132; line = 0;\n")
    assert _on_terminal(["stty", "-echo"]) == (0, "", "")
    assert _on_terminal(["stty", "sane"]) == (0, "", "")
    assert _on_terminal(["stty", "bogus"])[0] == 1


def test_stty_off_a_terminal_is_enotty() -> None:
    want = (1, "", "stty: 'standard input': Inappropriate ioctl for device\n")
    assert _on_terminal(["stty", "size"], tty=False) == want
    result = run(["stty", "-a"])
    assert (result.status, result.err) == (1, want[2])


def test_login_names_in_a_terminal_session() -> None:
    assert _on_terminal(["logname"]) == (0, "learner\n", "")
    assert _on_terminal(["users"]) == (0, "learner\n", "")
    status, out, _ = _on_terminal(["pinky"])
    assert status == 0 and re.fullmatch(r"learner  Learner {14}pts/0 {11}\S+ \S+ 10\.0\.2\.2", out.splitlines()[1])
    assert run(["logname"]).err == "logname: no login name\n"


# -- root-only nodes, chroot ----------------------------------------------------------------
def test_mknod_devices_need_root() -> None:
    status, out, err = run_source_in_process("mknod c c 1 3; echo $?", user="learner")
    assert out == "1\n" and err == "mknod: c: Operation not permitted\n"
    status, out, err = run_source_in_process("cd /root && mknod c c 1 3 && ls -l c | cut -c1-10", user="root")
    assert (status, out, err) == (0, "crw-r--r--\n", "")


def test_chroot_as_root() -> None:
    _, out, err = run_source_in_process("mkdir /jail; chroot /jail; echo $?; chroot / echo hi", user="root")
    assert out == "127\nhi\n"
    assert err == "chroot: failed to run command \u2018/bin/bash\u2019: No such file or directory\n"
    _, out, err = run_source_in_process("chroot /tmp; echo $?")
    assert err == "chroot: cannot change root directory to '/tmp': Operation not permitted\n" and out == "125\n"


# -- FIFOs: a node on the disk; opening one is bounded by our limit ------------------------------
def test_fifo_is_a_node_and_ls_shows_p() -> None:
    _, out, _ = run_source_in_process("mkfifo p; ls -l p | cut -c1; test -p p && echo fifo; stat -c %F p")
    assert out == "p\nfifo\nfifo\n"


@pytest.mark.parametrize("script", ["mkfifo p; cat p", "mkfifo p; echo hi > p", "mkfifo p; head -1 < p",
                                    "mkfifo p; dd if=p status=none"])
def test_unpaired_fifo_stops_with_the_limit_message(script: str) -> None:
    outcome = run_c(script)
    outcome.assert_bounded(wall_s=10)
    assert outcome.status == 124
    assert outcome.stderr.decode().endswith("shelldojo: FIFO wait exceeded (nothing opens the other end of p)\n")


def test_fifo_survives_saved_state(tmp_path) -> None:
    tar = tmp_path / "state.tar"
    assert run_c("mkfifo p; mknod q p", "--save-state", str(tar)).status == 0
    again = run_c("ls -l p q | cut -c1-10", "--load-state", str(tar))
    assert again.stdout.decode() == "prw-r--r--\nprw-r--r--\n"


# -- dd's summary and limits ----------------------------------------------------------------
def test_dd_transfer_summary_shape() -> None:
    _, _, err = run_source_in_process("dd if=/dev/zero bs=1M count=2 of=/dev/null; printf abc | dd of=x")
    lines = err.splitlines()
    assert lines[:2] == ["2+0 records in", "2+0 records out"]
    assert re.fullmatch(r"2097152 bytes \(2\.1 MB, 2\.0 MiB\) copied, [0-9.e-]+ s, [0-9.]+ [kMGT]?B/s", lines[2])
    assert lines[3:5] == ["0+1 records in", "0+1 records out"]
    assert re.fullmatch(r"3 bytes copied, [0-9.e-]+ s, [0-9.]+ [kMGT]?B/s", lines[5])


def test_dd_and_truncate_respect_the_file_size_limit() -> None:
    outcome = run_c("dd if=/dev/zero of=big bs=1M count=4096 status=none; echo $?; truncate -s 1T t; echo $?;"
                    " touch u; shred -n 2 -s 1G u; echo $?")
    outcome.assert_bounded(wall_s=20)
    assert outcome.stdout.decode() == "1\n1\n1\n"
    assert "dd: error writing 'big': File too large" in outcome.stderr.decode()
    assert "truncate: failed to truncate 't' at 1099511627776 bytes: File too large" in outcome.stderr.decode()


def test_dd_endless_input_is_bounded() -> None:
    outcome = run_c("dd if=/dev/zero of=/dev/null bs=1M")
    outcome.assert_bounded(wall_s=30)
    assert outcome.status != 0


# -- encodings and sums -----------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["--base64", "--base64url", "--base32", "--base32hex", "--base16",
                                      "--base2msbf", "--base2lsbf", "--z85"])
def test_basenc_round_trip(encoding: str) -> None:
    _, out, err = run_source_in_process(
        f"head -c 4000 /dev/urandom > r; basenc {encoding} r | basenc {encoding} -d | cmp - r && echo same")
    assert (out, err) == ("same\n", "")


def test_cksum_crc_matches_posix() -> None:
    _, out, _ = run_source_in_process("printf '' | cksum; printf 'abc' | cksum; seq 1000 | cksum")
    assert out == "4294967295 0\n1219131554 3\n1830648734 3893\n"
