"""top (batch and full-screen), watch and w: layouts as procps-ng 4.0.2 prints them, model
processes sorted and signalled, the full-screen Applications driven headless (no sleeps:
refreshes are called directly or driven by an injected clock)."""
from __future__ import annotations

import re
from typing import Any

import pytest
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, NullInput

from tests.hostile import run_c

HEADER = "  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND"


class TtyBuffer(BufferOutput):
    def isatty(self) -> bool:
        return True


class TtyInput(NullInput):
    def isatty(self) -> bool:
        return True


class FakeTerminal:
    """A terminal whose keyboard is a string: run_app feeds it through a pipe input."""

    def __init__(self, keys: str = "q", columns: int = 80, lines: int = 24) -> None:
        self.keys, self.columns, self.lines = keys, columns, lines
        self.apps: list[Any] = []

    def read_line(self, prompt: str) -> str | None:
        return None

    def read_secret(self, prompt: str) -> str | None:
        return None

    def clear(self) -> None:
        pass

    def run_app(self, app: Any) -> Any:
        from prompt_toolkit.input import create_pipe_input
        from prompt_toolkit.output import DummyOutput

        self.apps.append(app)
        with create_pipe_input() as inp:
            inp.send_text(self.keys)
            app.input, app.output = inp, DummyOutput()
            return app.run()


def _session(terminal: FakeTerminal | None = None) -> tuple[Session, BufferOutput, BufferOutput]:
    out = TtyBuffer() if terminal is not None else BufferOutput()
    err = BufferOutput()
    stdin = TtyInput() if terminal is not None else None
    return Session(fresh_machine(), stdout=out, stderr=err, stdin=stdin, terminal=terminal), out, err  # type: ignore[arg-type]


def _run(script: str) -> tuple[int, str, str]:
    s, out, err = _session()
    status = s.run_source(script)
    return status, out.getvalue().decode(), err.getvalue().decode()


def _dishwasher(s: Session, cpu: float = 99.0, uid: int = 1000, rss: int = 150_000, ago: float = 600) -> int:
    """A model runaway process as a challenge places it (nothing runs on the host)."""
    p = s.machine.procs.spawn(1, uid, uid, ["/usr/local/bin/dishwasher", "--forever"], state="R", cpu=cpu, rss=rss)
    p.start -= ago
    return p.pid


# ----------------------------------------------------------------------------- batch
def test_batch_frame_has_the_summary_the_blank_line_and_the_header() -> None:
    status, out, err = _run("top -bn1")
    lines = out.split("\n")
    assert status == 0 and err == ""
    assert re.fullmatch(r"top - \d\d:\d\d:\d\d up .*,  1 user,  load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d",
                        lines[0])
    assert re.fullmatch(r"Tasks: +\d+ total, +\d+ running, +\d+ sleeping, +\d+ stopped, +\d+ zombie", lines[1])
    assert lines[2] == ("%Cpu(s):  0.0 us,  0.0 sy,  0.0 ni,100.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st ")
    assert re.fullmatch(r"MiB Mem : +\d+\.\d total, +\d+\.\d free, +\d+\.\d used, +\d+\.\d buff/cache     ", lines[3])
    assert re.fullmatch(r"MiB Swap: +\d+\.\d total, +\d+\.\d free, +\d+\.\d used\. +\d+\.\d avail Mem ", lines[4])
    assert lines[5] == "" and lines[6] == HEADER
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert max(len(line) for line in lines) <= 80   # no terminal, no COLUMNS: 80 columns


def test_memory_agrees_with_free() -> None:
    _, out, _ = _run("top -bn1 | sed -n 4p; free -m")
    mem, free = out.split("\n")[0], out.split("\n")[2].split()
    total = float(mem.split()[3])
    assert int(total) == int(free[1])


def test_rows_fit_80_columns_and_long_commands_end_with_plus() -> None:
    s, out, _ = _session()
    _dishwasher(s)
    s.run_source("top -bn1")
    rows = out.getvalue().decode().split("\n")[7:-1]
    assert rows[0].startswith(f"{rows[0].split()[0]:>5} learner   20   0")
    assert rows[0].endswith(" 99.0   3.7  10:54.00 dishwasher") or rows[0].endswith("dishwasher")
    long = [r for r in rows if r.endswith("+")]
    assert long and all(len(r) == 80 for r in long)         # systemd-journald cut: "systemd-jo+"
    assert any(r.endswith(" systemd-jo+") for r in long)


def test_a_runaway_process_sorts_first_and_its_time_grows_with_the_clock() -> None:
    s, out, _ = _session()
    pid = _dishwasher(s, ago=600)
    s.run_source("top -bn1 | sed -n '3p;8p'")
    cpu_line, row = out.getvalue().decode().split("\n")[:2]
    assert cpu_line.startswith("%Cpu(s): 49.5 us,  0.0 sy,  0.0 ni, 50.5 id,")   # 99 % of one of 2 cores
    fields = row.split()
    assert fields[0] == str(pid) and fields[8] == "99.0" and fields[-1] == "dishwasher"
    minutes, rest = fields[10].split(":")
    assert 590 * 0.99 <= int(minutes) * 60 + float(rest) <= 700 * 0.99


def test_ties_keep_pid_order_and_o_sorts_by_field_both_ways() -> None:
    s, out, _ = _session()
    big = _dishwasher(s, cpu=0.0, rss=500_000)
    s.run_source("top -bn1 | sed -n 8,10p; echo; top -bn1 -o %MEM | sed -n 8p; top -bn1 -o -PID | sed -n 8p;"
                 "top -bn1 -o +PID | sed -n 8p")
    text = out.getvalue().decode()
    first, rest = text.split("\n\n")
    assert [line.split()[0] for line in first.split("\n")[:3]] == ["1", "2", "3"]   # %CPU ties: by pid
    by_mem, low_pid, high_pid = rest.split("\n")[:3]
    assert by_mem.split()[0] == str(big)
    assert low_pid.split()[0] == "1" and int(high_pid.split()[0]) > big


def test_p_u_and_w_select_and_widen() -> None:
    _status, out, _ = _run("top -bn1 -p 1,2 | tail -n +8; top -bn1 -u learner | tail -n +8 | awk '{print $2}' | sort -u;"
                          "top -bn1 -w 200 -p 141 | tail -1; top -bn1 -w 20 | sed -n 7p")
    lines = out.split("\n")
    assert [line.split()[0] for line in lines[:2]] == ["1", "2"]
    assert lines[2] == "learner"
    assert lines[3].endswith(" systemd-journal")   # the comm, whole, at 200 columns
    assert lines[4] == "  PID USER      PR"


@pytest.mark.parametrize(("args", "err", "status", "out"), [
    ("-x", "top: invalid option -- 'x'\n", 0, ""),
    ("-b -n", "top: option requires an argument -- 'n'\n", 0, "\n"),
    ("-p abc", "top: bad pid 'abc'\n", 1, ""),
    ("-bn1 -p 1,abc", "top: bad pid 'abc'\n", 1, ""),
    ("-u nosuch", "top: Invalid user\n", 1, ""),
    ("-o FOO", "top: unrecognized field name 'FOO'\n", 1, ""),
    ("-o pid", "top: unrecognized field name 'pid'\n", 1, ""),
    ("-d abc", "top: bad delay interval 'abc'\n", 1, ""),
    ("-d -1", "top: -d requires positive argument\n", 1, ""),
    ("-n 0", "top: bad iterations argument '0'\n", 1, ""),
    ("-w 0", "top: bad width arg '0'\n", 1, ""),
    ("-w 600", "top: bad width arg '600'\n", 1, ""),
    ("foo", "top: unknown option 'foo'\n", 1, ""),
    ("-bn1 -p " + ",".join(str(i) for i in range(1, 22)), "top: pid limit (20) exceeded\n", 1, ""),
    ("", "top: failed tty get\n", 1, ""),       # no terminal: as `top </dev/null >/dev/null`
    ("-V", "", 0, "top from procps-ng 4.0.2\n"),
])
def test_errors_as_top_prints_them(args: str, err: str, status: int, out: str) -> None:
    assert _run(f"top {args}") == (status, out, err)


def test_help_and_field_list() -> None:
    status, out, _ = _run("top -h | head -3; top -O | head -2; top -O | wc -l")
    assert status == 0 and out == "\nUsage:\n top [options]\nPID\nPPID\n78\n"


def test_no_host_cpu_is_spent_on_a_runaway_model() -> None:
    """Frames -d apart with a 99 % model: top waits between them, nothing spins."""
    import time

    s, out, _ = _session()
    _dishwasher(s)
    cpu, wall = time.process_time(), time.monotonic()
    s.run_source("top -b -n 3 -d 0.3 | grep -c '^top -'")
    cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    assert out.getvalue() == b"3\n"
    assert wall >= 0.6 and cpu < 0.3, (wall, cpu)


def test_batch_runs_bounded_in_a_child_process() -> None:
    outcome = run_c("top -b -n 2 -d 0.2 | grep -c '^top -'")
    outcome.assert_clean()
    assert outcome.stdout == b"2\n"
    outcome.assert_bounded(wall_s=20, mem_mb=400)


# ----------------------------------------------------------------------------- full screen
def test_top_q_quits_the_application() -> None:
    term = FakeTerminal("q")
    s, out, _err = _session(term)
    assert s.run_source("top; echo $?") == 0
    assert out.getvalue() == b"0\n" and len(term.apps) == 1


def test_top_reading_no_tty_fails_even_in_the_repl() -> None:
    term = FakeTerminal("q")
    s, out, err = _session(term)
    assert s.run_source("echo | top; echo $?") == 0
    assert out.getvalue() == b"1\n" and err.getvalue() == b"top: failed tty get\n" and not term.apps


def test_top_k_sends_term_to_the_default_pid_through_the_table() -> None:
    term = FakeTerminal("k\r\rq")
    s, _out, _ = _session(term)
    pid = _dishwasher(s)
    s.run_source("top")
    assert s.machine.procs.get(pid) is None          # TERM's default action ended the model


def test_top_k_to_another_users_process_is_refused() -> None:
    from shelldojo.shell.commands.procs.top_app import TopState
    from shelldojo.shell.commands.procs.top_text import Options

    s, _, _ = _session()
    pid = _dishwasher(s, uid=0)
    st = TopState(s.context(), Options(), clock=lambda: 100.0)
    for key in ["k", *str(pid), "enter", "9", "enter"]:
        st.key(key)
    assert s.machine.procs.get(pid) is not None
    assert st.prompt() == f" Failed signal pid '{pid}' with '9': Operation not permitted"


def test_top_state_prompts_sorts_and_redraws_on_its_clock() -> None:
    from shelldojo.shell.commands.procs.top_app import TopState
    from shelldojo.shell.commands.procs.top_text import Options

    s, _, _ = _session()
    pid = _dishwasher(s, cpu=5.0, rss=900_000)
    now = [1000.0]
    st = TopState(s.context(), Options(), delay=3.0, lines=24, clock=lambda: now[0])
    screen = st.screen_lines()
    assert len(screen) == 24 and screen[6] == HEADER and screen[7].split()[0] == str(pid)
    st.key("k")
    assert st.screen_lines()[5] == f"PID to signal/kill [default pid = {pid}] "
    st.key("escape")
    assert st.frames == 1
    now[0] += 3.0
    st.screen_lines()
    assert st.frames == 2                         # redrawn after the delay, not before
    st.key("N")
    assert st.frame is not None and st.frame.tasks[0].pid > pid - 1
    st.key("M")
    assert st.frame.tasks[0].pid == pid
    st.key("q")
    assert st.done


# ----------------------------------------------------------------------------- watch
def test_watch_runs_the_command_each_interval_until_ctrl_c() -> None:
    from shelldojo.shell.commands.procs.watch import WatchOptions, WatchState

    s, _, _ = _session()
    now = [0.0]
    ctx = s.context()
    st = WatchState(ctx, WatchOptions(interval=2.0, words=["echo", "run", "$((1+1))"]), 10, 80,
                    clock=lambda: now[0])
    first = st.screen_lines()
    assert first[0].startswith("Every 2.0s: echo run $((1+1))   ") and len(first[0]) == 80
    assert re.search(r"dojo: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$", first[0])
    assert first[1:] == ["", "run 2"]
    st.screen_lines()
    assert st.runs == 1
    now[0] += 2.0
    st.screen_lines()
    now[0] += 2.0
    st.screen_lines()
    assert st.runs == 3


def test_watch_application_ends_on_ctrl_c_and_q() -> None:
    for keys in ("\x03", "q"):
        term = FakeTerminal(keys, columns=80, lines=24)
        s, out, _ = _session(term)
        assert s.run_source("watch -n 1 date; echo $?") == 0
        assert out.getvalue() == b"0\n"


def test_watch_output_is_cut_to_the_screen_and_bounded() -> None:
    from shelldojo.shell.commands.procs.watch import WatchOptions, WatchState

    s, _, _ = _session()
    st = WatchState(s.context(), WatchOptions(words=["yes"], title=False), 5, 20)
    lines = st.screen_lines()
    assert lines == ["y"] * 5 and st.status == 141       # yes met the closed pipe


def test_watch_without_a_terminal_and_its_usage() -> None:
    assert _run("watch ls") == (1, "Error opening terminal: unknown.\n", "")
    status, out, err = _run("watch")
    assert status == 1 and out == "" and err.startswith("\nUsage:\n watch [options] command\n")
    assert _run("watch -n abc ls") == (1, "", "watch: failed to parse argument: 'abc': Invalid argument\n")


# ----------------------------------------------------------------------------- w
def test_w_lines_agree_with_who_and_uptime() -> None:
    status, out, _ = _run("w; w -h | wc -l; w -s | tail -1; uptime; who")
    lines = out.split("\n")
    assert status == 0
    assert lines[1] == "USER     TTY      FROM             LOGIN@   IDLE   JCPU   PCPU WHAT"
    assert re.fullmatch(r"learner  pts/0    10\.0\.2\.2         \d\d:\d\d    0\.00s  0\.00s   \?    w", lines[2])
    assert lines[3] == "1"
    assert lines[4] == "learner  pts/0    10.0.2.2          0.00s w -s"
    assert lines[0][9:] == lines[5][9:]          # the uptime line (after the clock) is uptime's
    assert lines[2][35:40] == lines[6].split()[3]   # LOGIN@ is who's login time


def test_w_options_and_errors() -> None:
    assert _run("w -f | sed -n 2p")[1] == "USER     TTY        LOGIN@   IDLE   JCPU   PCPU WHAT\n"
    assert _run("w nosuch")[1].count("\n") == 2
    status, _out, err = _run("w -x")
    assert status == 1 and err.startswith("w: invalid option -- 'x'\n\nUsage:\n w [options] [user]\n")
    assert _run("w -V") == (0, "w from procps-ng 4.0.2\n", "")


def test_scales_command_lines_idle_and_per_cpu_lines() -> None:
    s, out, _ = _session()
    _dishwasher(s, cpu=99.0, rss=150_000)
    s.run_source("top -bn1 -E k | sed -n 4p; top -bn1 -E g | sed -n 5p | cut -c1-9; top -E x; "
                 "top -bn1 -e m -p 1,2 | tail -2; top -bn1 -c -p 1,2 | tail -2 | awk '{print $NF}';"
                 "top -bn1 -i | tail -n +8 | awk '{print $NF}'; top -bn1 -1 | sed -n '3,4p;8p'")
    lines = out.getvalue().decode().split("\n")
    assert re.fullmatch(r"KiB Mem :  4015532 total, +\d+ free, +\d+ used,  1165748 buff/cache     ", lines[0])
    assert lines[1] == "GiB Swap:"
    assert lines[2].split()[4:7] == ["163.8m", "12.2m", "6.7m"] and lines[3].split()[4:7] == ["0.0m"] * 3
    assert lines[4:6] == ["/sbin/init", "[kthreadd]"]
    assert lines[6:8] == ["dishwasher", "systemd"]            # -i: only the tasks using CPU
    assert lines[8].startswith("%Cpu0  : 99.0 us,  0.0 sy,  0.0 ni,  1.0 id,")
    assert lines[9].startswith("%Cpu1  :  0.0 us,  0.0 sy,  0.0 ni,100.0 id,")
    assert lines[10] == HEADER


def test_top_toggles_command_lines_and_cpu_lines_by_key() -> None:
    from shelldojo.shell.commands.procs.top_app import TopState
    from shelldojo.shell.commands.procs.top_text import Options

    s, _, _ = _session()
    st = TopState(s.context(), Options(sort="PID", descending=False), clock=lambda: 5.0)
    assert st.screen_lines()[7].endswith(" systemd")
    st.key("c")
    st.key("1")
    screen = st.screen_lines()
    assert screen[2].startswith("%Cpu0  :") and screen[3].startswith("%Cpu1  :")
    assert screen[6] == "" and screen[7] == HEADER and screen[8].endswith(" /sbin/init") and len(screen) == 24


def test_watch_differences_and_change_exit() -> None:
    from shelldojo.shell.commands.procs.watch import WatchOptions, WatchState

    s, _, _ = _session()
    s.run_source("echo 1 > /tmp/n")
    now = [0.0]
    st = WatchState(s.context(), WatchOptions(words=["cat", "/tmp/n"], differences=True, chgexit=True),
                    10, 40, clock=lambda: now[0])
    st.screen_lines()
    s.run_source("echo 2 > /tmp/n")
    now[0] += 2
    assert st.screen_lines()[2] == "2"
    assert st.changed(0, "2") == [("reverse", "2")] and st.done      # -g: the output changed


def test_watch_header_cuts_a_long_command() -> None:
    from shelldojo.shell.commands.procs.watch import WatchOptions, WatchState

    s, _, _ = _session()
    st = WatchState(s.context(), WatchOptions(words=["echo", "x" * 80]), 10, 60)
    st.run()
    head = st.header()
    assert len(head) == 60 and head.startswith("Every 2.0s: echo xxxxxxxx...  dojo: ")   # as watch 4.0.2 cuts it


def test_watch_gives_its_command_the_screen_size() -> None:
    from shelldojo.shell.commands.procs.watch import WatchOptions, WatchState

    s, _, _ = _session()
    st = WatchState(s.context(), WatchOptions(words=["echo $COLUMNS $LINES; top -bn1 | sed -n 7p"], title=False), 6, 30)
    assert st.screen_lines() == ["30 6", "  PID USER      PR  NI    VIRT"]
