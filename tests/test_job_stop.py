"""Stopped jobs (issue 14): kill -STOP/-TSTP/-CONT, jobs/bg/fg/wait on a stopped job, Ctrl-Z
in the REPL (a foreground job stopped, status 148), the budget's pause."""
from __future__ import annotations

import io
import os
import signal
import threading
import time

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from shelldojo.shell.budget import Budget, Interrupted
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.repl.app import Repl
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput

from tests.hostile import run_source_in_process


def _until(ready, what: str, deadline: float = 10) -> None:
    end = time.monotonic() + deadline
    while not ready():
        assert time.monotonic() < end, f"not {what} in {deadline} s"
        time.sleep(0.005)


class Out:
    def __init__(self, script: str) -> None:
        self.status, self.stdout, self.stderr = run_source_in_process(script)
        assert "Traceback" not in self.stderr and "internal error" not in self.stderr


def run(script: str) -> Out:
    return Out(script)


def test_stopped_job_listed_filtered_and_continued():
    out = run("sleep 30 & kill -STOP %1; jobs; jobs -l | sed 's/[0-9][0-9]* Stopped/N Stopped/'; "
              "jobs -s; echo r; jobs -r; kill -CONT %1; jobs; jobs -s; kill -TTIN %1; jobs -l | cut -c12-; "
              "kill %1; wait %1; echo $?")
    assert out.stdout == ("[1]+  Stopped                 sleep 30\n[1]+  N Stopped (signal)        sleep 30\n"
                          "[1]+  Stopped                 sleep 30\nr\n[1]+  Running                 sleep 30 &\n"
                          "Stopped (tty input)     sleep 30\n143\n")


def test_wait_on_a_stopped_job_returns_128_plus_the_signal():
    out = run("sleep 30 & kill -STOP $!; wait $!; echo w=$?; wait; echo w=$?; kill -9 %1; wait; jobs; echo $?")
    assert out.stdout == "w=147\nw=0\n0\n"
    pid = out.stderr.split("[")[1].split("]")[0]
    assert out.stderr.endswith(f"wait: warning: job 1[{pid}] stopped\n")


def test_a_stopped_job_really_pauses_and_holds_a_term_until_cont():
    out = run("(while :; do echo x >> /tmp/n; done) & kill -STOP %1; a=$(wc -l < /tmp/n); "
              "sleep 0.2; b=$(wc -l < /tmp/n); [ $a = $b ] && echo paused; kill -TERM $!; jobs; "
              "kill -CONT $!; wait $!; echo $?")
    assert out.stdout == "paused\n[1]+  Stopped                 ( while :; do\n    echo x >> /tmp/n;\ndone )\n143\n" \
        or out.stdout.startswith("paused\n[1]+  Stopped")
    assert out.stdout.endswith("143\n")


def test_stopped_processes_show_state_T():
    out = run("sleep 30 & kill -STOP %1; ps -o stat=,comm= -p $!; kill -CONT %1; ps -o stat= -p $!; kill %1")
    assert out.stdout.splitlines()[0].startswith("T")
    assert not out.stdout.splitlines()[1].startswith("T")


def test_budget_pause_blocks_check_and_cancel_ends_it():
    b = Budget(0.5, 1000, attended=True)
    b.stop()
    seen: list[BaseException] = []

    def worker() -> None:
        try:
            b.check()
        except BaseException as e:  # noqa: BLE001
            seen.append(e)
    t = threading.Thread(target=worker, daemon=True)
    t.start()
    t.join(0.7)               # longer than the time limit: stopped time is not counted
    assert t.is_alive() and not seen
    b.cancel(Interrupted())
    t.join(2)
    assert isinstance(seen[0], Interrupted)
    b2 = Budget(5, 1000)
    b2.stop()
    b2.resume()
    b2.check()


def _repl():
    out = io.BytesIO()
    inp_cm = create_pipe_input()
    inp = inp_cm.__enter__()
    app = create_app_session(input=inp, output=DummyOutput())
    app.__enter__()
    repl = Repl(lambda **io_: Session(fresh_machine(), interactive=True, **io_), input=inp,
                output=DummyOutput(), stdout=out)
    return repl, out


def _ctrl_z_when_running(repl: Repl) -> threading.Thread:
    def press() -> None:
        _until(lambda: repl.session.state.jobs.foreground is not None, "running")
        os.kill(os.getpid(), signal.SIGTSTP)
    t = threading.Thread(target=press, daemon=True)
    t.start()
    return t


def test_ctrl_z_in_the_repl_stops_the_foreground_job_and_the_line_goes_on():
    repl, out = _repl()
    before = signal.getsignal(signal.SIGTSTP)
    t = _ctrl_z_when_running(repl)
    status = repl.handle("sleep 100; echo hi $?")
    t.join(5)
    assert signal.getsignal(signal.SIGTSTP) == before   # our host process is never suspended
    assert out.getvalue().decode() == "\n[1]+  Stopped                 sleep 100\nhi 148\n"
    assert status == 0
    repl.handle("jobs; bg; jobs")
    assert out.getvalue().decode().endswith("[1]+  Stopped                 sleep 100\n[1]+ sleep 100 &\n"
                                            "[1]+  Running                 sleep 100 &\n")
    # fg brings it back; Ctrl-Z stops it again
    t = _ctrl_z_when_running(repl)
    status = repl.handle("fg")
    t.join(5)
    assert status == 148
    assert out.getvalue().decode().endswith("sleep 100\n\n[1]+  Stopped                 sleep 100\n")
    repl.handle("kill %1")
    _until(lambda: "Terminated" in repl.session.job_report() or not repl.session.state.jobs.jobs, "ended")
    repl.session.end()


def test_ctrl_z_at_a_builtin_does_nothing_and_ctrl_c_still_interrupts():
    repl, out = _repl()
    stop = threading.Event()

    def press() -> None:
        _until(lambda: repl.session.state.jobs.foreground is not None, "running")
        os.kill(os.getpid(), signal.SIGINT)
    t = threading.Thread(target=press, daemon=True)
    t.start()
    status = repl.handle("sleep 100; echo no")
    t.join(5)
    stop.set()
    assert status == 130 and "no" not in out.getvalue().decode()
    assert not repl.session.state.jobs.jobs   # an interrupted foreground job leaves no job
    repl.session.end()


def test_suspend_never_stops_the_host():
    out = run("suspend; echo $?; suspend a; echo $?; suspend -x; echo $?")
    assert out.stdout == "1\n2\n2\n"
    assert out.stderr == ("bash: line 1: suspend: cannot suspend: no job control\nbash: line 1: suspend: too many arguments\n"
                          "bash: line 1: suspend: -x: invalid option\nsuspend: usage: suspend [-f]\n")
    repl, screen = _repl()
    assert repl.handle("suspend") == 1
    assert screen.getvalue().decode() == "bash: suspend: cannot suspend a login shell\n"


def test_ctrl_d_with_stopped_jobs_warns_once():
    repl, screen = _repl()
    repl.handle("sleep 100 & kill -STOP %1")
    assert repl._stopped_jobs_warning() is True
    assert screen.getvalue().decode().endswith("There are stopped jobs.\n")
    assert repl._stopped_jobs_warning() is False   # the second Ctrl-D leaves
    repl.session.end()
    assert not repl.session.state.jobs.jobs or all(j.status is not None for j in repl.session.state.jobs.jobs.values())


def test_a_foreground_pipeline_job_keeps_pipestatus():
    repl, screen = _repl()
    repl.handle("false | true; echo ${PIPESTATUS[@]} $?")
    assert screen.getvalue().decode() == "1 0 0\n"
    repl.session.end()


def test_exit_with_stopped_jobs_warns_once_then_leaves():
    # bash: `exit` says so and stays (status 1); a second `exit` right after leaves
    err = BufferOutput()
    session = Session(fresh_machine(), interactive=True, stdout=BufferOutput(), stderr=err)
    session.run_source("sleep 100 & kill -STOP %1\n")
    _until(lambda: any(j.stopped for j in session.state.jobs.jobs.values()), "the job to stop")
    session.run_source("exit\n")
    assert not session.exited and session.state.status == 1
    assert err.getvalue().endswith(b"exit\nThere are stopped jobs.\n")
    session.run_source("exit\n")
    assert session.exited
    session.end()
