"""Background jobs and job control (issue 14, P3): `cmd &` really runs concurrently on a
thread of the session, bash's job table (jobs, wait, fg, bg, disown, %specs), the interactive
`[1] PID` and Done reports, and no job thread outliving its session.  Golden cases recorded
from real bash are in tests/golden/jobs.sh."""
from __future__ import annotations

import threading
import time

import pytest
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput

from tests.hostile import run_c, run_source_in_process


def _session(interactive: bool = False) -> tuple[Session, BufferOutput, BufferOutput]:
    out, err = BufferOutput(), BufferOutput()
    return Session(fresh_machine(), stdout=out, stderr=err, interactive=interactive), out, err


def _job_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("job-") and t.is_alive()]


def _finish_job(s: Session, number: int = 1) -> None:
    assert s.state.jobs.jobs[number].finished.wait(10)


# ----------------------------------------------------------------------------- concurrency
def test_a_background_job_runs_while_the_foreground_goes_on() -> None:
    # before: `cmd &` ran to completion first, so this took 3 s and printed job before fg
    o = run_c("{ sleep 3; echo job; } & echo fg; jobs")
    o.assert_clean()
    assert o.stdout == b"fg\n[1]+  Running                 { sleep 3; echo job; } &\n"
    assert o.seconds < 2.5


def test_the_foreground_is_not_held_up_by_a_sleeping_job() -> None:
    s, out, _ = _session()
    started = time.monotonic()
    s.run_source("sleep 5 & echo hi > f; cat f; ls /tmp >/dev/null; echo ${#BASH_VERSION}")
    assert time.monotonic() - started < 2.5
    assert out.getvalue() == b"hi\n17\n"
    s.end()


def test_wait_collects_output_and_status_of_the_job() -> None:
    _, out, err = run_source_in_process(
        "{ echo one; sleep 0.1; echo two; exit 7; } & pid=$!; echo fg; wait $pid; echo st=$?")
    assert (out, err) == ("fg\none\ntwo\nst=7\n", "") or (out, err) == ("one\nfg\ntwo\nst=7\n", "")


def test_kill_ends_a_sleeping_job_at_once_with_143() -> None:
    o = run_c("sleep 30 & kill %1; wait %1; echo $?; sleep 30 & kill -9 $!; wait $!; echo $?")
    o.assert_clean()
    assert o.stdout == b"143\n137\n"
    assert o.seconds < 3


def test_wait_n_and_wait_p() -> None:
    _, out, _ = run_source_in_process("(exit 4) & wait -n -p who; echo $? $(( who == $! ))")
    assert out == "4 1\n"


# ----------------------------------------------------------------------------- no thread survives
def test_no_job_thread_outlives_a_script() -> None:
    before = len(_job_threads())
    status, _, _ = run_source_in_process("sleep 30 & while :; do :; done & sleep 20 | cat &")
    assert status == 0
    assert len(_job_threads()) == before


def test_a_session_end_stops_its_jobs_not_another_sessions() -> None:
    a, _, _ = _session(interactive=True)
    b, _, _ = _session()
    a.run_source("sleep 30 &")
    b.run_source("true")  # a non-interactive run ends its own jobs only
    assert a.state.jobs.jobs[1].running
    started = time.monotonic()
    a.end()
    assert time.monotonic() - started < 2.5
    assert not a.state.jobs.jobs[1].running
    thread = a.state.jobs.jobs[1].thread
    assert thread is not None and not thread.is_alive()


@pytest.mark.parametrize("bomb", ["f(){ f & f & }; f", ":(){ :|:& };:"])
def test_a_fork_bomb_of_jobs_is_bounded(bomb: str) -> None:
    o = run_c(bomb + "; sleep 2; echo fg-done")
    assert b"fg-done\n" in o.stdout
    assert b"fork: too many processes running at once" in o.stderr
    assert b"Traceback" not in o.stderr
    o.assert_bounded(20)


def test_a_runaway_job_stops_at_its_own_time_limit_in_the_repl() -> None:
    s, _, err = _session(interactive=True)
    s.limits.wall_time_s = 0.5
    s.run_source("while :; do :; done &")
    _finish_job(s)
    assert s.state.jobs.jobs[1].status == 124
    assert b"shelldojo: time limit exceeded" in err.getvalue()
    s.end()


# ----------------------------------------------------------------------------- interactive
def test_interactive_start_notice_and_done_report() -> None:
    s, out, err = _session(interactive=True)
    s.run_source("sleep 0.1 &")
    pid = s.state.last_bg_pid
    assert err.getvalue() == f"[1] {pid}\n".encode()
    _finish_job(s)
    assert s.job_report() == "[1]+  Done                    sleep 0.1\n"
    assert s.job_report() == ""  # reported once, then gone
    s.run_source("(exit 3) &")
    _finish_job(s)
    s.run_source("jobs")
    assert out.getvalue() == b"[1]+  Exit 3                  ( exit 3 )\n"
    s.run_source("jobs")  # shown once
    assert out.getvalue() == b"[1]+  Exit 3                  ( exit 3 )\n"


def test_a_non_interactive_shell_reports_nothing() -> None:
    o = run_c("true & wait; echo $?")
    assert (o.stdout, o.stderr) == (b"0\n", b"")


def test_fg_waits_for_the_job_and_names_it() -> None:
    s, out, err = _session(interactive=True)
    assert s.run_source("fg") == 1
    assert err.getvalue().endswith(b"bash: fg: current: no such job\n")
    s.run_source("{ sleep 0.2; exit 6; } &")
    assert s.run_source("fg %1") == 6
    assert out.getvalue() == b"{ sleep 0.2; exit 6; }\n"
    assert s.state.jobs.jobs == {}


def test_bg_in_an_interactive_shell() -> None:
    s, _, err = _session(interactive=True)
    s.run_source("sleep 30 &")
    assert s.run_source("bg") == 0
    assert s.run_source("bg %3") == 1
    assert err.getvalue().split(b"\n")[1:] == [
        b"bash: bg: job 1 already in background", b"bash: bg: %3: no such job", b""]
    s.end()


def test_ctrl_c_in_fg_interrupts_the_job() -> None:
    s, _, _ = _session(interactive=True)
    s.run_source("sleep 30 &")
    job = s.state.jobs.jobs[1]
    from shelldojo.shell.budget import Interrupted
    timer = threading.Timer(0.3, lambda: s.state.budget.cancel(Interrupted()))
    timer.start()
    assert s.run_source("fg") == 130
    assert job.finished.wait(3)
    assert job.status == 130


def test_disown_keeps_the_job_running_but_out_of_the_table() -> None:
    s, out, _ = _session(interactive=True)
    s.run_source("sleep 30 & disown; jobs")
    assert out.getvalue() == b""
    assert _job_threads()
    s.end()
