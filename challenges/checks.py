"""Evaluate a challenge's checks against a machine and what the learner last did.

Each check is judged by its kind's entry in challenges/check_kinds.py, as root (so the
learner's permissions never hide the answer).  Kinds that change the machine (`script`)
run in a clone of it, so they cannot change what the learner has, unless the caller says
the machine is disposable.  Checks never touch the real disk.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from shelldojo.challenges import setup_net
from shelldojo.challenges.check_kinds import KINDS, SCRIPT_LIMITS, CheckBroken
from shelldojo.challenges.model import Challenge, Check, CheckResult, Observation
from shelldojo.challenges.setup import SetupError
from shelldojo.filesystem import ROOT, Machine, acting_as

if TYPE_CHECKING:
    from shelldojo.shell.interp.state import ShellState
    from shelldojo.shell.session import Session

__all__ = ["SCRIPT_LIMITS", "CheckResult", "Observation", "changes_machine", "evaluate", "job_states",
           "learner_shell", "run_check", "visible"]


def run_check(check: Check, machine: Machine, obs: Observation, *, disposable: bool = False) -> CheckResult:
    """One check's result; `disposable`: the machine may be changed (nothing looks at it afterwards)."""
    kind = KINDS.get(check.kind)
    if kind is None:
        return CheckResult(check, False, f"unknown check kind {check.kind!r}")
    with acting_as(ROOT):
        try:
            judged = setup_net.target(machine, check.machine)   # `machine = "web1"`: that machine
            target = setup_net.detached(judged) if kind.changes_machine and not disposable else judged
            return CheckResult(check, bool(kind.judge(check, target, obs)))
        except CheckBroken as exc:
            return CheckResult(check, False, str(exc))
        except LookupError:
            return CheckResult(check, False, f"no machine {check.machine!r} in the challenge's cloud")
        except (OSError, SetupError):   # SetupError: the learner's user has no home on that machine
            return CheckResult(check, False)


def changes_machine(check: Check) -> bool:
    """Whether judging `check` changes the machine it is handed (run_check gives it a copy)."""
    kind = KINDS.get(check.kind)
    return kind is not None and kind.changes_machine


def evaluate(challenge: Challenge, machine: Machine, obs: Observation) -> list[CheckResult]:
    return [run_check(c, machine, obs) for c in challenge.checks]


def visible(results: list[CheckResult]) -> list[CheckResult]:
    """The checks a learner sees: a hidden one only once every check before it passes."""
    shown = []
    all_before_pass = True
    for r in results:
        if not r.check.hidden or all_before_pass:
            shown.append(r)
        all_before_pass = all_before_pass and r.passed
    return shown


def learner_shell(session: Session, machine: Machine | None = None) -> ShellState:
    """The innermost shell of the session on `machine` (default: where it logged in): after
    `ssh web1` in the REPL, the shell on the learner's machine that ssh was typed into."""
    machine = machine or session.login_machine
    shells = [*(s for s, _, _ in session.shells), session.state]
    return next((st for st in reversed(shells) if st.machine is machine), session.state)


def job_states(session: Session) -> tuple[str, ...]:
    """The jobs of the learner's shell on their machine, as `jobs` words them: running, stopped,
    done (what a `jobs` check counts: Observation.jobs)."""
    words = []
    for job in learner_shell(session).jobs.visible().ordered():
        text = job.state_text()
        words.append("running" if text == "Running" else "stopped" if text.startswith("Stopped") else "done")
    return tuple(words)
