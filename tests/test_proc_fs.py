"""/proc made from the process table (filesystem/procfs.py) and pgrep/pkill/pidof/killall/pstree."""
from __future__ import annotations

import pytest
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput

from tests.hostile import run_c


@pytest.fixture()
def session() -> Session:
    return Session(fresh_machine(), stdout=BufferOutput(), stderr=BufferOutput())


def out(session: Session, line: str) -> str:
    """What one command line printed (stdout, then stderr)."""
    o, e = session.raw_stdout, session.raw_stderr
    start_o, start_e = len(o.getvalue()), len(e.getvalue())
    session.run_source(line)
    return (o.getvalue()[start_o:] + e.getvalue()[start_e:]).decode()


def test_pid_directory_follows_the_table(session: Session) -> None:
    procs = session.machine.procs
    p = procs.spawn(1, 1000, 1000, ["dishwasher", "--hot"], exe="/usr/bin/dishwasher", cpu=99.0, state="R")
    assert out(session, f"cat /proc/{p.pid}/comm") == "dishwasher\n"
    assert out(session, f"tr '\\0' ' ' < /proc/{p.pid}/cmdline") == "dishwasher --hot "
    assert f"\n{p.pid}\n" in out(session, "ls /proc")
    assert "State:\tR (running)\n" in out(session, f"cat /proc/{p.pid}/status")
    procs.reap(p.pid)
    assert out(session, f"ls /proc/{p.pid}") == f"ls: cannot access '/proc/{p.pid}': No such file or directory\n"
    assert f"\n{p.pid}\n" not in out(session, "ls /proc")


def test_self_is_the_reader(session: Session) -> None:
    shell = session.state.pid
    assert out(session, "cat /proc/self/comm") == "cat\n"
    pid = int(out(session, "readlink /proc/self"))
    assert pid > shell
    assert out(session, "cd /tmp && readlink /proc/self/cwd") == "/tmp\n"
    assert out(session, "readlink /proc/self/exe") == "/usr/bin/readlink\n"


def test_environ_and_links_belong_to_the_owner(session: Session) -> None:
    assert out(session, "cat /proc/1/environ") == "cat: /proc/1/environ: Permission denied\n"
    assert out(session, "stat -c '%a %U' /proc/$$/environ") == "400 learner\n"
    assert out(session, "cd /proc/1/cwd") == "bash: line 1: cd: /proc/1/cwd: Permission denied\n"
    assert out(session, "ls /proc/1/fd") == "ls: cannot open directory '/proc/1/fd': Permission denied\n"
    assert "HOME=/home/learner" in out(session, "X=1 cat /proc/self/environ | tr '\\0' '\\n'")


def test_fd_links_of_a_process(session: Session) -> None:
    text = out(session, "ls -l /proc/self/fd")
    assert text.startswith("total 0\nlr-x------ 1 learner learner 64 ")
    assert "l-wx------" in text and "2 -> /dev/null" in text


def test_writes_fail_as_the_kernel(session: Session) -> None:
    assert out(session, "echo x > /proc/uptime") == "bash: line 1: /proc/uptime: Permission denied\n"
    assert out(session, "touch /proc/x") == "touch: cannot touch '/proc/x': No such file or directory\n"
    assert out(session, "sudo rm /proc/uptime") == "rm: cannot remove '/proc/uptime': Operation not permitted\n"
    assert out(session, "sudo bash -c 'echo x > /proc/uptime'").endswith("echo: write error: Input/output error\n")
    assert out(session, "sudo bash -c 'echo x > /proc/self/status'").endswith(
        "echo: write error: Invalid argument\n")
    assert out(session, "sudo cp /etc/hostname /proc/uptime") == \
        "cp: error writing '/proc/uptime': Input/output error\n"


def test_comm_takes_a_new_name(session: Session) -> None:
    assert out(session, "echo chef > /proc/$$/comm; cat /proc/$$/comm | od -c | head -1") == \
        "0000000   c   h   e   f  \\n  \\n\n"


def test_system_files_agree_with_free(session: Session) -> None:
    total = out(session, "awk '/MemTotal/ {print $2}' /proc/meminfo").strip()
    assert out(session, "free | awk 'NR==2 {print $2}'").strip() == total
    assert out(session, "grep -c ^processor /proc/cpuinfo") == out(session, "nproc")
    assert out(session, "cat /proc/version").startswith("Linux version ")


def test_proc_is_not_saved_or_counted(session: Session) -> None:
    machine = session.machine
    clone = machine.clone()          # the pickled /proc is bound again to the clone's table
    assert clone.vfs.read_bytes("/proc/1/comm") == b"systemd\n"
    assert clone.vfs.readlink("/proc/mounts") == "self/mounts"
    assert machine.vfs.disk_usage() == clone.vfs.disk_usage()


def test_pgrep_pkill_pidof_killall(session: Session) -> None:
    procs = session.machine.procs
    a = procs.spawn(1, 1000, 1000, ["dishwasher"], cpu=99.0, state="R")
    b = procs.spawn(1, 1000, 1000, ["dishwasher", "--eco"])
    r = procs.spawn(1, 0, 0, ["oven"])
    assert out(session, "pgrep dish") == f"{a.pid}\n{b.pid}\n"
    assert out(session, "pgrep -l -n dish") == f"{b.pid} dishwasher\n"
    assert out(session, "pgrep -af eco") == f"{b.pid} dishwasher --eco\n"
    assert out(session, "pgrep -c -u learner dishwasher") == "2\n"
    assert out(session, "pidof dishwasher") == f"{b.pid} {a.pid}\n"
    assert out(session, "pidof -s dishwasher") == f"{b.pid}\n"
    assert out(session, "pkill -e -x oven 2>&1; echo $?") == f"pkill: killing pid {r.pid} failed: Operation not permitted\n1\n"
    assert out(session, "killall oven 2>&1; echo $?") == f"oven({r.pid}): Operation not permitted\noven: no process found\n1\n"
    assert out(session, "pkill -9 -e -f eco; echo $?") == f"dishwasher killed (pid {b.pid})\n0\n"
    assert procs.get(b.pid) is None and procs.get(a.pid) is not None
    assert out(session, "killall -v dishwasher 2>&1; echo $?") == f"Killed dishwasher({a.pid}) with signal 15\n0\n"
    assert out(session, "pidof dishwasher; echo $?") == "1\n"


def test_pstree_ascii_and_pids(session: Session) -> None:
    procs = session.machine.procs
    shell = session.state.pid
    for _ in range(3):
        procs.spawn(shell, 1000, 1000, ["sleep", "30"])
    assert out(session, "pstree $$") == "bash-+-pstree\n     `-3*[sleep]\n"
    text = out(session, "pstree -p $$")
    assert text.startswith(f"bash({shell})-+-pstree(") and text.count("sleep(") == 3
    assert out(session, "pstree -U $$").startswith("bash─┬─pstree\n     └─3*[sleep]")
    assert out(session, "pstree | head -1").startswith("systemd-+-")


def test_hostile_walks_of_proc_end_cleanly() -> None:
    r = run_c("find -L /proc > /dev/null 2>&1; du -s /proc >/dev/null 2>&1; cat /proc/*/status > /dev/null 2>&1;"
              " cp -r /proc /tmp/p 2>/dev/null; ls /tmp/p | head -2; echo done")
    r.assert_clean()
    r.assert_bounded(30, 400)
    assert r.stdout.endswith(b"done\n")
