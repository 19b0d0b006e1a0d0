"""`shelldojo validate PACK...`: an instructor's check of packs.

For each challenge: it loads (schema), ids are unique, every hint and message is there,
placeholders name declared variables, the reference solution (typed as a learner would,
in a fresh machine after setup, on two variants) passes every check, and the untouched
machine fails at least one (a challenge that passes before the learner does anything is
a bug).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from shelldojo.challenges.checks import Observation, evaluate
from shelldojo.challenges.loader import load_pack
from shelldojo.challenges.model import Challenge, Pack, PackError
from shelldojo.challenges.replay import replay
from shelldojo.challenges.setup import SetupError, prepare, start_cwd
from shelldojo.challenges.variants import instantiate, unknown_placeholders

SEEDS = ("validate-a", "validate-b")


@dataclass
class Report:
    packs: list[Pack] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    checked: int = 0


def check_challenge(challenge: Challenge) -> list[str]:
    """Problems of one challenge, each starting with its file (and line when known)."""
    where = challenge.path
    problems = []
    if not challenge.hints:
        problems.append(f"{where}: hints: at least one hint is needed")
    if not challenge.goal.strip():
        problems.append(f"{where}: goal: must not be empty")
    for name in unknown_placeholders(challenge):
        problems.append(f"{where}: {{{{{name}}}}} names no variable in [variables]")
    if not challenge.solution.strip():
        problems.append(f"{where}: solution.script: must not be empty")
    if problems:
        return problems
    seeds = SEEDS if challenge.variables else SEEDS[:1]
    for seed in seeds:
        inst = instantiate(challenge, seed)
        label = f" (variant {seed})" if challenge.variables else ""
        try:
            untouched = prepare(inst)
            fresh = prepare(inst)
        except SetupError as exc:
            return [f"{where}: setup{label}: {exc}"]
        before = evaluate(inst, untouched, Observation(user=inst.setup.user,
                                                       cwd=start_cwd(untouched, inst.setup)))
        if all(r.passed for r in before):
            problems.append(f"{where}: every check already passes before the learner does anything{label}")
        obs, _session = replay(fresh, inst, inst.solution)
        for r in evaluate(inst, fresh, obs):
            if not r.passed:
                why = f" ({r.error})" if r.error else ""
                problems.append(f"{where}:{r.check.line}: the reference solution fails the check "
                                f"{r.check.kind} = {r.check.subject!r}{label}{why}")
    return problems


def validate(folders: list[str], progress: Callable[[str], None] | None = None) -> Report:
    report = Report()
    pack_ids: dict[str, str] = {}
    for folder in folders:
        try:
            pack = load_pack(folder)
        except PackError as exc:
            report.problems.append(str(exc))
            continue
        if pack.id in pack_ids:
            report.problems.append(f"{pack.path}/pack.toml: id: pack id {pack.id!r} is also used by "
                                   f"{pack_ids[pack.id]}")
        pack_ids[pack.id] = pack.path
        report.packs.append(pack)
        for challenge in pack.challenges:
            found = check_challenge(challenge)
            report.checked += 1
            report.problems.extend(found)
            if progress:
                progress(f"{'ok  ' if not found else 'FAIL'} {pack.id}/{challenge.id}")
    return report


def main(folders: list[str], out: Callable[[str], None] = print) -> int:
    report = validate(folders, out)
    for problem in report.problems:
        out(problem)
    packs = len(report.packs)
    out(f"{packs} pack{'s' * (packs != 1)}, {report.checked} challenge{'s' * (report.checked != 1)}, "
        f"{len(report.problems)} problem{'s' * (len(report.problems) != 1)}")
    return 1 if report.problems else 0
