"""The machine's stated size (filesystem/hardware.py) and the tools that report it: nproc, free,
uptime, vmstat and /proc agree; timeout, nohup, nice and renice (issue 14, part P2)."""
from __future__ import annotations

import threading
import time

from shelldojo.filesystem.hardware import Hardware, usage
from shelldojo.shell.budget import Budget, Interrupted, ScopedBudget
from shelldojo.shell.commands.system.sysinfo import pretty_uptime, scale_size
from shelldojo.shell.limits import Limits
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, NullInput

from tests.hostile import run_source_in_process


class TtyOutput(BufferOutput):
    def isatty(self) -> bool:
        return True


class TtyInput(NullInput):
    def isatty(self) -> bool:
        return True


def run(script: str) -> tuple[int, str, str]:
    return run_source_in_process(script)


# ----------------------------------------------------------------------------- the stated size
def test_every_tool_states_the_same_size() -> None:
    status, out, err = run("nproc; grep -c ^processor /proc/cpuinfo; free | awk '/^Mem/ {print $2}'; "
                           "awk '/^MemTotal/ {print $2}' /proc/meminfo; free | awk '/^Swap/ {print $2}'; "
                           "awk '/^SwapTotal/ {print $2}' /proc/meminfo; uname -r; cut -d' ' -f3 /proc/version")
    assert (status, err) == (0, "")
    hw = Hardware()
    assert out.split("\n")[:-1] == ["2", "2", str(hw.mem_total_kib), str(hw.mem_total_kib),
                                    str(hw.swap_total_kib), str(hw.swap_total_kib),
                                    hw.kernel_release, hw.kernel_release]


def test_uptime_and_proc_uptime_share_the_boot_time() -> None:
    m = fresh_machine()
    assert m.procs.boot_time == m.hardware.boot_time   # ps's start times and uptime agree
    up = m.hardware.uptime()
    assert 3 * 3600 < up < 4 * 3600
    text = m.hardware.proc_text("uptime")
    assert text is not None and abs(float(text.split()[0]) - up) < 5


def test_model_processes_take_memory_and_load() -> None:
    """A simulated 99 % CPU process raises the load average and its memory shows in free."""
    m = fresh_machine()
    hw = m.hardware
    before = usage(m.procs)
    hog = m.procs.spawn(1, 1000, 1000, ["dishwasher"], state="R", cpu=99.0, rss=512_000)
    hog.start = time.time() - 3600        # busy for an hour
    after = usage(m.procs)
    assert after.extra_rss_kib - before.extra_rss_kib == 512_000
    assert hw.memory(after.extra_rss_kib).used - hw.memory(before.extra_rss_kib).used == 512_000
    one, five, fifteen = hw.load_average(after.busy)
    assert 0.98 < one <= 0.99 and 0.98 < five <= 0.99 and 0.9 < fifteen < 0.99
    assert hw.load_average(before.busy) == (0.0, 0.0, 0.0)


def test_memory_reading_is_consistent() -> None:
    m = Hardware().memory(0)
    assert m.used == m.total - m.available           # procps 4.0's used
    assert m.free + m.used + m.buffers + m.cache == m.total
    huge = Hardware().memory(10**9)                   # never more used than there is
    assert huge.free >= 0 and huge.used <= huge.total


def test_meminfo_layout() -> None:
    text = Hardware().proc_text("meminfo")
    assert text is not None
    lines = text.splitlines()
    assert lines[0] == "MemTotal:        4015532 kB"
    assert "VmallocTotal:   34359738367 kB" in lines
    assert "HugePages_Total:       0" in lines


def test_cpuinfo_layout() -> None:
    text = Hardware().proc_text("cpuinfo")
    assert text is not None
    assert text.startswith("processor\t: 0\nvendor_id\t: GenuineIntel\n")
    assert "\nmodel\t\t: 79\n" in text and "\npower management:\n\n" in text
    assert text.count("processor\t:") == 2


# ----------------------------------------------------------------------------- free
def test_scale_size_matches_procps() -> None:
    """Values checked against procps-ng 4.0.2's free on this host's /proc/meminfo."""
    assert scale_size(24683772, 0, False, True) == "23Gi"
    assert scale_size(571904, 0, False, True) == "558Mi"
    assert scale_size(1597588, 0, False, True) == "1.5Gi"
    assert scale_size(24683772, 0, True, True) == "25G"
    assert scale_size(586039 * 1000 // 1024, 0, True, True) == "586M"
    assert scale_size(10239, 0, False, True) == "9Mi"   # 10.0Mi is too wide: the integer
    assert scale_size(0, 0, False, True) == "0B"
    assert scale_size(24683772, 0, True, False) == "25276182"
    assert scale_size(24683772, 3, False, False) == "24105"
    assert scale_size(24683772, 1, False, False) == "25276182528"
    assert scale_size(24683772, 3, True, False) == "25276"


def test_free_layout() -> None:
    status, out, _ = run("free; free -h; free -wt")
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == "               total        used        free      shared  buff/cache   available"
    assert lines[1].startswith("Mem:         4015532 ")
    assert lines[2] == "Swap:        2097148           0     2097148"
    assert lines[4].startswith("Mem:           3.8Gi ")
    assert lines[5] == "Swap:          2.0Gi          0B       2.0Gi"
    assert lines[6].endswith("buffers       cache   available")
    assert len(lines[7].split()) == 8 and lines[9].startswith("Total:       6112680 ")


def test_free_repeats_within_the_time_limit() -> None:
    status, out, _ = run("free -c 3 -s 0.05 | grep -c Mem")
    assert (status, out) == (0, "3\n")
    out, err = BufferOutput(), BufferOutput()
    session = Session(fresh_machine(), stdout=out, stderr=err, limits=Limits(wall_time_s=0.5))
    start = time.monotonic()
    assert session.run_source("free -s 0.1") == 124   # forever: the limit ends it
    assert time.monotonic() - start < 3
    assert b"time limit exceeded" in err.getvalue() and out.getvalue().count(b"Mem:") >= 3


def test_uptime_pretty() -> None:
    assert pretty_uptime(0) == "up 0 minutes"
    assert pretty_uptime(60) == "up 1 minute"
    assert pretty_uptime(3 * 3600 + 17 * 60 + 5) == "up 3 hours, 17 minutes"
    assert pretty_uptime(8 * 86400 + 3600) == "up 1 week, 1 day, 1 hour"


def test_uptime_and_vmstat() -> None:
    status, out, err = run("uptime; uptime -p; uptime -s; vmstat")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert " up  3:17,  1 user,  load average: 0.00, 0.00, 0.00" in lines[0]
    assert lines[1] == "up 3 hours, 17 minutes"
    assert lines[3].startswith("procs -----------memory----------")
    assert len(lines[5].split()) == 17


# ----------------------------------------------------------------------------- timeout
def test_timeout_ends_the_command_within_its_duration() -> None:
    start = time.monotonic()
    status, out, _ = run("timeout 0.3 bash -c 'while :; do :; done'; echo $?; "
                         "timeout 0.3 bash -c 'yes | cat > /dev/null'; echo $?")
    assert (status, out) == (0, "124\n124\n")
    assert time.monotonic() - start < 4


def test_timeout_statuses() -> None:
    _, out, err = run("timeout 0.2 sleep 5; echo $?; timeout -s KILL 0.2 sleep 5; echo $?; "
                           "timeout -p 0.2 sleep 5; echo $?; timeout 5 sh -c 'exit 7'; echo $?; "
                           "timeout 0.2 nosuchcmd; echo $?; timeout x true; echo $?")
    assert out == "124\n137\n143\n7\n127\n125\n"
    assert "timeout: failed to run command \u2018nosuchcmd\u2019: No such file or directory\n" in err
    assert "timeout: invalid time interval \u2018x\u2019\n" in err


def test_timeout_is_real_time_even_while_a_person_is_waited_for() -> None:
    """In the REPL `sleep` does not count against the line's limit; timeout's duration still runs."""
    parent = Budget(8.0, 1000, attended=True)
    scoped = ScopedBudget(parent, 0.1, lambda b: Interrupted("timed out"))
    with scoped.waiting():
        time.sleep(0.15)
        try:
            scoped.check()
        except Interrupted as exc:
            assert exc is scoped.cancelled
        else:
            raise AssertionError("the scoped deadline did not pass")
    parent.check()  # the parent is untouched


def test_ctrl_c_still_ends_a_timeout() -> None:
    out, err = BufferOutput(), BufferOutput()
    session = Session(fresh_machine(), stdout=out, stderr=err)
    timer = threading.Timer(0.3, lambda: session.state.budget.cancel(Interrupted()))
    timer.start()
    start = time.monotonic()
    try:
        session.run_source("timeout 30 sleep 20; echo after $?")
    except Interrupted:
        pass
    finally:
        timer.cancel()
    assert time.monotonic() - start < 3
    assert b"after 124" not in out.getvalue()


# ----------------------------------------------------------------------------- nohup, nice, renice
def test_nohup_on_a_terminal_appends_to_nohup_out() -> None:
    m = fresh_machine()
    out, err = TtyOutput(), TtyOutput()
    session = Session(m, stdout=out, stderr=err, stdin=TtyInput())
    assert session.run_source("nohup echo hi; nohup sh -c 'echo oops >&2'; echo $?") == 0
    assert err.getvalue() == (b"nohup: ignoring input and appending output to 'nohup.out'\n" * 2)
    assert out.getvalue() == b"0\n"
    assert m.vfs.read_bytes("/home/learner/nohup.out") == b"hi\noops\n"
    assert m.vfs.stat("/home/learner/nohup.out").st_mode & 0o777 == 0o600


def test_nohup_falls_back_to_home_and_off_a_terminal_just_runs() -> None:
    m = fresh_machine()
    out, err = TtyOutput(), BufferOutput()
    session = Session(m, stdout=out, stderr=err, cwd="/")
    session.run_source("nohup echo hi")
    assert err.getvalue() == b"nohup: appending output to '/home/learner/nohup.out'\n"
    assert m.vfs.read_bytes("/home/learner/nohup.out") == b"hi\n"
    assert run("nohup echo plain; echo $?") == (0, "plain\n0\n", "")


def test_nice_and_renice() -> None:
    _, out, err = run("nice; nice -n 5 nice; nice -n 5 bash -c nice; nice -n -3 nice; "
                           "renice -n 4 -p $$ | sed \"s/^$$ /PID /\"; nice; renice -n 2 -p $$; echo $?")
    assert out == "0\n5\n5\n0\nPID (process ID) old priority 0, new priority 4\n4\n1\n"
    assert "nice: cannot set niceness: Permission denied\n" in err
    assert "(process ID): Permission denied\n" in err
