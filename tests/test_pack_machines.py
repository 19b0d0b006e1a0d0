"""Issue 14, Q5: setup keys for model processes and crontabs, the process/jobs/journal check
kinds, and Pack 6 "Operating systems & machines": it validates, every variant's solution
passes (in validate and in the grader, which clones the prepared machine), each check fails
on what it is meant to catch, setup mistakes are named, and a 99 %-CPU model costs nothing."""
from __future__ import annotations

import dataclasses
import os
import threading
import time
from pathlib import Path

import pytest
from shelldojo.challenges.check_kinds import KINDS
from shelldojo.challenges.checks import evaluate
from shelldojo.challenges.grade_task import grade_one
from shelldojo.challenges.loader import load_challenge, load_pack
from shelldojo.challenges.model import Challenge, Check, Observation, Pack, PackError, ProcessSpec, Setup
from shelldojo.challenges.progress import ProgressStore
from shelldojo.challenges.replay import replay
from shelldojo.challenges.setup import SetupError, apply_setup, prepare, run_as
from shelldojo.challenges.trainer import Trainer
from shelldojo.challenges.validate import validate
from shelldojo.challenges.variants import instantiate
from shelldojo.filesystem import models
from shelldojo.filesystem.machine import MODELS_STATE
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, NullInput

MACHINES = os.path.join(os.path.dirname(__file__), "..", "challenges", "packs", "06-machines")


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(MACHINES)


def with_values(challenge: Challenge, **values: str) -> Challenge:
    fixed = {name: (values[name],) if name in values else choices for name, choices in challenge.variables.items()}
    return instantiate(dataclasses.replace(challenge, variables=fixed), "test")


def failing(challenge: Challenge, script: str) -> list[str]:
    """The messages of the checks that fail after `script` is typed in a fresh setup."""
    machine = prepare(challenge)
    obs, session = replay(machine, challenge, script)
    try:
        return [r.message for r in evaluate(challenge, machine, obs) if not r.passed]
    finally:
        session.end()


def get(pack: Pack, cid: str) -> Challenge:
    c = pack.challenge(cid)
    assert c is not None
    return instantiate(c, "student-3")


# ----------------------------------------------------------------------------- the pack
def test_pack_validates_with_every_kind(pack: Pack) -> None:
    report = validate([MACHINES])
    assert report.problems == []
    assert report.checked == len(pack.challenges) >= 7
    kinds = {check.kind for c in pack.challenges for check in c.checks}
    assert {"process", "process_missing", "jobs", "journal_contains", "service"} <= kinds
    for c in pack.challenges:
        assert 1 <= len(c.cards) <= 3 and all(2 <= len(card.examples) <= 3 for card in c.cards)
        assert 2 <= len(c.hints) <= 3


def test_every_variant_solution_passes(pack: Pack) -> None:
    for c in pack.challenges:
        for name, choices in c.variables.items():
            for value in choices[:12]:
                inst = with_values(c, **{name: value})
                assert failing(inst, inst.solution) == [], (c.id, value)


def test_the_grader_passes_each_solution_on_its_cloned_machine(pack: Pack) -> None:
    """The grader clones one prepared machine per student: the model processes come back."""
    for c in pack.challenges:
        inst = instantiate(c, "alice")
        out = grade_one(c, "alice", inst.solution, timeout=10.0)
        assert out.passed, (c.id, out.error, out.checks)
        empty = grade_one(c, "bob", "true", timeout=10.0)
        assert not empty.passed, c.id


def test_untouched_machine_fails(pack: Pack) -> None:
    for c in pack.challenges:
        inst = instantiate(c, "carol")
        assert failing(inst, "true"), c.id


def test_whos_working_wrong_name(pack: Pack) -> None:
    c = with_values(pack.challenge("whos-working"), cook="kenji", program="smoker")  # type: ignore[arg-type]
    assert failing(c, "ps aux\necho noor > smoker-cook.txt") == [c.checks[1].message]
    assert failing(c, "echo kenji > smoker-cook.txt") == [c.checks[0].message]


def test_dishwasher_must_be_the_hog_only(pack: Pack) -> None:
    c = with_values(pack.challenge("dishwasher"), hog="ice-machine", calm="radio")  # type: ignore[arg-type]
    assert failing(c, "kill $(pgrep -x radio)") == [c.checks[0].message, c.checks[1].message]
    assert failing(c, "pkill -x ice-machine; pkill -x radio") == [c.checks[1].message]
    assert failing(c, "ps aux | grep ' 99.0 '") == [c.checks[0].message]
    assert failing(c, "kill $(pgrep -x ice-machine)") == []


def test_ask_nicely_needs_term_first_then_kill(pack: Pack) -> None:
    c = get(pack, "ask-nicely")
    assert failing(c, "kill -9 $(pgrep -x mixer)") == [c.checks[0].message]
    assert failing(c, "kill $(pgrep -x mixer)") == [c.checks[1].message]       # TERM is ignored
    assert failing(c, "kill $(pgrep -x mixer); pkill -KILL -x mixer") == []
    machine = prepare(c)
    status, out, _err = run_as(machine, "learner", "kill $(pgrep -x mixer); pgrep -x mixer; sudo journalctl -n1")
    assert status == 0 and out.splitlines()[-1].endswith(" dojo mixer[1000]: received SIGTERM, ignoring"), out


def test_simmer_needs_a_running_job(pack: Pack) -> None:
    c = get(pack, "simmer-in-background")
    assert failing(c, "jobs") == [c.checks[0].message]
    assert failing(c, "./simmer-stock.sh &\nkill %1\nwait\njobs") == [c.checks[0].message]   # it ended
    assert failing(c, "./simmer-stock.sh &\n./simmer-stock.sh &\njobs") == [c.checks[0].message]  # two
    assert failing(c, "./simmer-stock.sh &") == [c.checks[1].message]


def test_oven_down_needs_the_reason_and_a_restart(pack: Pack) -> None:
    c = get(pack, "oven-down")
    assert failing(c, "sudo systemctl restart nginx") == [c.checks[0].message]
    assert failing(c, "journalctl -u nginx > why.txt") == [c.checks[0].message, c.checks[1].message]
    assert failing(c, "sudo journalctl -u nginx > why.txt") == [c.checks[1].message]


def test_pantry_wrong_shelf_and_missing_looks(pack: Pack) -> None:
    c = with_values(pack.challenge("pantry-space"), big="oats", kib="61")  # type: ignore[arg-type]
    assert failing(c, "free -h\ndf -h\necho spices > biggest-shelf.txt") == [c.checks[2].message]
    assert failing(c, "du -s pantry/* | sort -n | tail -1 | cut -d/ -f2 > biggest-shelf.txt") \
        == [c.checks[0].message, c.checks[1].message]


def test_night_prep_needs_nohup(pack: Pack) -> None:
    c = get(pack, "night-prep")
    assert failing(c, "./night-prep.sh > nohup.out") == [c.checks[0].message]
    assert failing(c, "nohup ./night-prep.sh > prep.log") == [c.checks[1].message]


def test_passing_checks_say_distinct_things(pack: Pack) -> None:
    for c in pack.challenges:
        said = [KINDS[k.kind].describe(k) for k in get(pack, c.id).checks]
        assert len(set(said)) == len(said) and not any("None" in s or "{{" in s for s in said), said


# ----------------------------------------------------------------------------- check kinds
def _judge(check: Check, machine, obs: Observation | None = None) -> bool:  # type: ignore[no-untyped-def]
    return KINDS[check.kind].judge(check, machine, obs or Observation())


def test_process_kinds_by_name_user_and_state() -> None:
    machine = fresh_machine()
    apply_setup(machine, Setup(processes=(ProcessSpec("fryer", cpu=50.0), ProcessSpec("scale", user="root",
                                                                                     state="T"))))
    assert _judge(Check("process", "fryer", "m", {"user": "learner", "state": "R"}), machine)
    assert not _judge(Check("process", "fryer", "m", {"user": "root"}), machine)
    assert not _judge(Check("process", "fryer", "m", {"state": "S"}), machine)
    assert not _judge(Check("process", "fryer", "m", {"user": "nobody-here"}), machine)
    assert _judge(Check("process", "scale", "m", {"state": "T"}), machine)
    assert not _judge(Check("process_missing", "scale", "m"), machine)
    assert _judge(Check("process_missing", "scale", "m", {"user": "learner"}), machine)
    assert _judge(Check("process_missing", "oven", "m"), machine)
    assert not _judge(Check("process", "kthreadd", "m"), machine)          # kernel threads are not programs
    assert KINDS["process"].describe(Check("process", "fryer", "m", {"user": "maria", "state": "R"})) \
        == "fryer is running as maria (state R)"
    assert KINDS["process_missing"].describe(Check("process_missing", "fryer", "m")) == "no fryer process is left"


def test_jobs_kind_counts_the_observed_jobs() -> None:
    running = Observation(jobs=("running", "stopped", "done"))
    assert _judge(Check("jobs", "2", "m"), None, running)
    assert _judge(Check("jobs", "1", "m", {"state": "stopped"}), None, running)
    assert not _judge(Check("jobs", "1", "m"), None, running)
    assert _judge(Check("jobs", "0", "m"), None, Observation())
    assert KINDS["jobs"].describe(Check("jobs", "1", "m", {"state": "running"})) == "you have 1 running job"
    assert KINDS["jobs"].about_learner


def test_journal_kind_by_unit() -> None:
    machine = fresh_machine()
    machine.services.journal.log("nginx.service", "worker died", ident="nginx")
    assert _judge(Check("journal_contains", "worker died", "m"), machine)
    assert _judge(Check("journal_contains", "worker died", "m", {"unit": "nginx"}), machine)
    assert not _judge(Check("journal_contains", "worker died", "m", {"unit": "cron"}), machine)
    assert not _judge(Check("journal_contains", "oven", "m"), machine)


# ----------------------------------------------------------------------------- loading errors
BASE = 'id = "c"\ntitle = "T"\ngoal = "g"\nhints = ["h"]\n{extra}\n[[checks]]\n{check}\nmessage = "m"\n' \
       '\n[solution]\nscript = "true"\n'


@pytest.mark.parametrize(("extra", "check", "error"), [
    ('[[setup.processes]]\nname = "fryer"\ncpu = -1', 'dir = "x"', r"c.toml:7: setup.processes\[0\].cpu: expected a percentage"),
    ('[[setup.processes]]\nname = "fryer"\nmemory = "lots"', 'dir = "x"', r"setup.processes\[0\].memory: .*like \"512M\""),
    ('[[setup.processes]]\nname = "fryer"\nstate = "X"', 'dir = "x"', r"state 'X': expected one of R, S, T, Z, D"),
    ('[[setup.processes]]\nname = "fryer"\nignores = ["KILL"]', 'dir = "x"', r"KILL cannot be caught or ignored"),
    ('[[setup.processes]]\nname = "fryer"\nignores = ["NOPE"]', 'dir = "x"', r"'NOPE' is not a signal name"),
    ('[[setup.processes]]\nname = "fryer"\ncolour = "red"', 'dir = "x"', r"setup.processes\[0\].colour: unknown key"),
    ('[[setup.processes]]\nname = "fryer"\nparent = "oven"', 'dir = "x"', r"parent 'oven' is not a process listed"),
    ('[[setup.processes]]\nname = "a-very-long-program-name"', 'dir = "x"', r"1 to 15 characters"),
    ('[[setup.processes]]\nname = "fryer"\ncount = 0', 'dir = "x"', r"expected 1 to 50 copies"),
    ('[setup]\ncrontab = "0 6 * * * x"', 'dir = "x"', r"setup.crontab: expected a table"),
    ('[setup]\ncrontab = { user = "learner", lines = ["a\\nb"] }', 'dir = "x"', r"one crontab line per string"),
    ("", 'jobs = "many"', r"checks\[0\].jobs: expected a number of jobs"),
    ("", "jobs = true", r"checks\[0\].jobs: expected a number"),
    ("", 'jobs = 1\nstate = "done"', r"checks\[0\].state: expected one of running, stopped"),
    ("", 'process = "x"\nstate = "running"', r"checks\[0\].state: expected one of R, S"),
])
def test_loading_errors_name_the_key(tmp_path: Path, extra: str, check: str, error: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(BASE.format(extra=extra, check=check))
    with pytest.raises(PackError, match=error):
        load_challenge(str(path))


def test_loaded_process_keys(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(BASE.format(extra='[[setup.processes]]\nname = "dishwasher"\ncpu = 99\nmemory = "1.5G"\n'
                                      'count = 3\nnice = 5\nignores = ["term", "SIGHUP"]',
                                check="jobs = 0"))
    c = load_challenge(str(path))
    assert c.setup.processes == (ProcessSpec("dishwasher", (), "", 99.0, 1572864, "", 5, 3, "", ("term", "SIGHUP")),)
    assert c.checks[0].subject == "0"
    machine = prepare(c)
    status, out, _ = run_as(machine, "learner", "ps -o pid=,ni=,stat=,rss=,comm= -C dishwasher")
    rows = [line.split() for line in out.splitlines()]
    assert status == 0 and len(rows) == 3 and all(r[1:] == ["5", "RN", "1572864", "dishwasher"] for r in rows), out


def test_setup_errors_are_named() -> None:
    with pytest.raises(SetupError, match=r"setup.processes: process 'fryer': no such user 'maria'"):
        apply_setup(fresh_machine(), Setup(processes=(ProcessSpec("fryer", user="maria"),)))
    with pytest.raises(SetupError, match=r"setup.crontab: the cron package is not installed"):
        from shelldojo.challenges.model import CrontabSpec
        apply_setup(fresh_machine(), Setup(crontab=CrontabSpec("learner", ("0 6 * * * /bin/true",))))


# ----------------------------------------------------------------------------- persistence
def test_placed_processes_survive_clone_and_the_learners_kill_too() -> None:
    assert models.STATE == MODELS_STATE
    machine = fresh_machine()
    apply_setup(machine, Setup(processes=(ProcessSpec("mixer", ignores=("TERM",)), ProcessSpec("fryer", cpu=80.0),
                                          ProcessSpec("oven", state="S"))))
    clone = machine.clone()                                       # as the grader clones a prepared machine
    assert all(_judge(Check("process", n, "m"), clone) for n in ("mixer", "fryer", "oven"))
    run_as(clone, "learner", "kill $(pgrep mixer) $(pgrep fryer); kill -STOP $(pgrep oven)")
    assert _judge(Check("process", "mixer", "m"), clone) and not _judge(Check("process", "fryer", "m"), clone)
    again = clone.clone()
    assert _judge(Check("process", "mixer", "m"), again) and not _judge(Check("process", "fryer", "m"), again)
    assert _judge(Check("process", "oven", "m", {"state": "T"}), again)
    run_as(again, "learner", "kill -TERM $(pgrep mixer)")        # still catches TERM after a clone
    assert _judge(Check("process", "mixer", "m"), again)
    assert len([p for p in again.procs if p.comm == "mixer"]) == 1  # restored once, not twice
    run_as(again, "learner", "renice -n 7 $(pgrep oven) >/dev/null")
    models.record(again)                                          # what no signal changes: the trainer's save
    assert next(p.nice for p in again.clone().procs if p.comm == "oven") == 7


def test_trainer_keeps_a_killed_process_dead_across_a_restart(tmp_path: Path, pack: Pack) -> None:
    store = ProgressStore.in_data_dir(str(tmp_path))
    try:
        trainer = Trainer(store, [pack])
        found = trainer.find("machines/dishwasher")
        assert found is not None
        trainer.start(*found)
        a = trainer.active
        trainer.observe(Session(a.machine, stdin=NullInput(), stdout=BufferOutput(), stderr=BufferOutput()),
                        "dojo start", 0, "")   # the switch itself
        hog = next(c.subject for c in a.challenge.checks if c.kind == "process_missing")
        out = BufferOutput()
        session = Session(a.machine, user="learner", cwd=a.cwd, stdin=NullInput(), stdout=out, stderr=out)
        session.run_source(f"kill $(pgrep -x {hog})\n")
        trainer.observe(session, "kill", 0, "")
        assert trainer.solved
        trainer.save(session)
    finally:
        store.close()
    store = ProgressStore.in_data_dir(str(tmp_path))
    try:
        again = Trainer(store, [pack])
        assert again.active.challenge.id == "dishwasher"
        assert again.solved
        calm = next(c.subject for c in again.active.challenge.checks if c.kind == "process")
        assert _judge(Check("process", calm, "m"), again.active.machine)
    finally:
        store.close()


def test_trainer_sees_the_learners_jobs(tmp_path: Path, pack: Pack) -> None:
    store = ProgressStore.in_data_dir(str(tmp_path))
    try:
        trainer = Trainer(store, [pack])
        found = trainer.find("machines/simmer-in-background")
        assert found is not None
        trainer.start(*found)
        a = trainer.active
        trainer.observe(Session(a.machine, stdin=NullInput(), stdout=BufferOutput(), stderr=BufferOutput()),
                        "dojo start", 0, "")   # the switch itself
        out = BufferOutput()
        session = Session(a.machine, user="learner", cwd=a.cwd, stdin=NullInput(), stdout=out, stderr=out,
                          interactive=True)
        try:
            session.run_source("./simmer-stock.sh &\n")
            trainer.observe(session, "./simmer-stock.sh &", 0, "")
            assert [r.passed for r in trainer.results] == [True, False]
            session.run_source("jobs\n")
            trainer.observe(session, "jobs", 0, "")
            assert trainer.solved
        finally:
            session.end()
    finally:
        store.close()


# ----------------------------------------------------------------------------- no host CPU
def _batch(machine, n: int) -> float:  # type: ignore[no-untyped-def]
    script = f"for i in $(seq {n}); do pgrep -c nothing-here; ps -o pid= -p 1; done >/dev/null"
    t = time.process_time()
    run_as(machine, "learner", script)
    return time.process_time() - t


def test_a_99_percent_model_uses_no_host_cpu() -> None:
    idle, busy = fresh_machine(), fresh_machine()
    threads = threading.active_count()
    apply_setup(busy, Setup(processes=(ProcessSpec("dishwasher", cpu=99.0, count=50),)))
    assert threading.active_count() == threads                   # no thread per model process
    assert sum(1 for p in busy.procs if p.comm == "dishwasher" and p.state == "R") == 50
    _batch(idle, 5), _batch(busy, 5)                               # warm up both
    without = min(_batch(idle, 40) for _ in range(3))
    with_models = min(_batch(busy, 40) for _ in range(3))
    assert threading.active_count() == threads
    # pgrep and ps read the table (50 rows more); nothing else runs: within noise
    assert with_models < without * 1.5 + 0.05, (without, with_models)
