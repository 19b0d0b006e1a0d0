"""The machine's process table, $$/$BASHPID/$PPID, ps and kill (issue 14, P1)."""
from __future__ import annotations

from shelldojo.filesystem.processes import ProcessTable, signal_name, signal_number

from tests.hostile import run_c, run_source_in_process


def test_boot_table_has_init_kernel_threads_and_grows_pids() -> None:
    table = ProcessTable(boot_time=0.0)
    init = table.get(1)
    assert init is not None and init.comm == "systemd" and init.argv == ["/sbin/init"]
    assert table.get(2) is not None and table.get(2).cmdline == "[kthreadd]"
    a = table.spawn(1, 1000, 1000, ["sleep", "5"], exe="/usr/bin/sleep")
    table.reap(a.pid)
    b = table.spawn(1, 1000, 1000, ["sleep", "5"], exe="/usr/bin/sleep")
    assert b.pid == a.pid + 1  # never reused
    assert a.comm == "sleep"


def test_signal_permissions_and_default_actions() -> None:
    table = ProcessTable(boot_time=0.0)
    p = table.spawn(1, 1000, 1000, ["dishwasher"], cpu=99.0)
    try:
        table.signal(p.pid, 15, 1001)
        raise AssertionError("another user's process was signalled")
    except PermissionError:
        pass
    table.signal(p.pid, signal_number("STOP") or 0, 1000)
    assert p.state == "T"
    table.signal(p.pid, signal_number("CONT") or 0, 1000)
    assert p.state == "R"
    table.signal(p.pid, 9, 0)  # root may
    assert table.get(p.pid) is None and p.status == 137


def test_signal_names() -> None:
    assert signal_number("SIGTERM") == 15 and signal_number("rtmin+2") == 36
    assert signal_name(49) == "RTMIN+15" and signal_name(50) == "RTMAX-14"
    assert signal_number("NOPE") is None


def test_dollar_dollar_is_the_table_pid() -> None:
    status, out, _ = run_source_in_process("echo $$; ps -o pid= -p $$; echo $BASHPID; (echo $BASHPID)")
    pids = out.split()
    assert status == 0 and pids[0] == pids[1] == pids[2] and pids[3] != pids[0]
    assert pids[0] != "4242"


def test_commands_leave_the_table_when_they_end() -> None:
    # (not through a pipeline: its other stages are processes while ps runs, as in bash)
    _status, out, _ = run_source_in_process("ls >/dev/null; ps -o comm= -u learner > f; tr '\\n' ' ' < f")
    assert out == "bash ps "  # ls has gone, ps sees itself and the shell


def test_pipeline_stages_are_processes() -> None:
    _, out, _ = run_source_in_process("echo $$; ps -o pid=,ppid=,comm= -C ps | cat; true")
    shell, pid, ppid, comm = out.split()
    assert comm == "ps" and ppid == shell and pid != shell  # the stage's own process, exec'd


def test_ps_aux_and_ef_layout() -> None:
    _, out, _ = run_source_in_process("ps aux | head -2; ps -ef | head -2")
    lines = out.splitlines()
    assert lines[0] == "USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND"
    assert lines[1].startswith("root         1 ") and lines[1].endswith(" /sbin/init")
    assert lines[2] == "UID        PID  PPID  C STIME TTY          TIME CMD"
    assert lines[3].startswith("root         1     0 ")


def test_kill_a_model_process_and_permissions() -> None:
    script = "kill 2; echo $?; kill -9 1; echo $?; kill -STOP 141; echo $?"
    _status, out, err = run_source_in_process(script)
    assert out == "1\n1\n1\n"
    assert "kill: (2) - Operation not permitted" in err


def test_kill_dollar_dollar_ends_the_script_with_143() -> None:
    result = run_c("echo before; kill $$; echo after")
    assert result.stdout == b"before\n" and result.status == 143
    result.assert_clean()


def test_kill_itself_in_a_trap_and_as_root() -> None:
    status, out, _ = run_source_in_process("trap 'echo caught' TERM; kill $$; echo after", user="root")
    assert out == "caught\nafter\n" and status == 0


def test_sessions_leave_no_shell_behind() -> None:
    import gc

    from shelldojo.shell.machines import fresh_machine
    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import BufferOutput
    machine = fresh_machine()
    before = {p.pid for p in machine.procs}
    session = Session(machine, stdout=BufferOutput(1 << 16), stderr=BufferOutput(1 << 16))
    session.run_source("ls")
    assert {p.pid for p in machine.procs} - before == {session.state.pid}
    del session
    gc.collect()
    assert {p.pid for p in machine.procs} == before


def test_ps_piped_to_grep_lists_the_grep() -> None:
    # bash forks every stage and each execs at once: the classic extra line of `ps aux | grep`
    for _ in range(20):
        _status, out, _ = run_source_in_process("sleep 31 & ps aux | grep 'sleep 31' | grep -c grep; kill $!")
        assert out == "1\n"
