"""`shelldojo validate PACK...`: an instructor's check of packs.

For each challenge: it loads (schema; every file's errors at once), ids are unique, every hint
and message is there, placeholders name declared variables (each unknown one with its file and
line), the reference solution (typed as a learner would, in a fresh machine after setup, on two
variants) passes every check, and the untouched machine fails at least one (a challenge that
passes before the learner does anything is a bug).  When the solution fails, the report shows
what it printed line by line with each status (the limit it hit, bash's syntax error) and, for
a text check, the expected text beside the actual one.

Warnings do not fail a pack: fewer than MIN_VARIANTS variants (students may share answers), a
script check without `passed` (the learner reads only "done" once it passes).
"""
from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from shelldojo.challenges import setup_net
from shelldojo.challenges.check_kinds import KINDS
from shelldojo.challenges.checks import CheckResult, Observation, evaluate
from shelldojo.challenges.loader import load_pack_all, source_text
from shelldojo.challenges.model import Challenge, Pack
from shelldojo.challenges.replay import replay
from shelldojo.challenges.setup import SetupError, prepare, resolve, start_cwd
from shelldojo.challenges.variants import instantiate, placeholder_line, unknown_placeholders, variant_count
from shelldojo.filesystem import ROOT, Machine, acting_as

SEEDS = ("validate-a", "validate-b")
MIN_VARIANTS = 100
SHOWN_LINES = 12          # of one command line's output, of a text in a difference
SHOWN_CHARS = 160         # of one line shown


@dataclass
class Report:
    packs: list[Pack] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    checked: int = 0


def _clip(text: str, indent: str) -> list[str]:
    lines = text.splitlines() or [""]
    shown = [indent + (ln if len(ln) <= SHOWN_CHARS else ln[:SHOWN_CHARS] + "…") for ln in lines[:SHOWN_LINES]]
    if len(lines) > SHOWN_LINES:
        shown.append(f"{indent}… ({len(lines) - SHOWN_LINES} more lines)")
    return shown


def _transcript(steps: list[tuple[str, int, str]]) -> str:
    """What the reference solution printed, line by line, with each line's exit status."""
    out = ["  what the reference solution printed, line by line:"]
    for line, status, output in steps:
        out.extend(_clip(line, "    $ "))
        if output.strip():
            out.extend(_clip(output.rstrip("\n"), "      "))
        out.append(f"      (exit status {status})")
    return "\n".join(out)


def _actual_text(check_path: str, machine: Machine, user: str) -> str | None:
    with acting_as(ROOT):
        try:
            path = resolve(machine, user, check_path)
            if not machine.vfs.isfile(path):
                return None
            return machine.vfs.read_bytes(path).decode("utf-8", "replace")
        except (OSError, SetupError):
            return None


def _difference(r: CheckResult, machine: Machine, obs: Observation) -> str:
    """Expected against actual text for a failing text check ("" for other kinds)."""
    c = r.check
    kind = KINDS.get(c.kind)
    if kind is not None and kind.explain is not None:   # the kind's own account (a query's rows)
        with acting_as(ROOT):
            try:
                return kind.explain(c, setup_net.target(machine, c.machine), obs)
            except (OSError, LookupError, SetupError):
                return ""
    if c.kind.startswith("output_"):
        expected, actual, label = c.subject, obs.output, "the last command's output"
    elif c.kind.startswith("content_") or c.kind == "line_count":
        expected, label = str(c.options.get("text", "")), c.subject
        actual = _actual_text(c.subject, setup_net.target(machine, c.machine), obs.user)
        if actual is None:
            return f"  {c.subject} is not a file"
        if c.kind == "line_count":
            return f"  {c.subject} has {len(actual.splitlines())} lines, not {c.options.get('count')}"
    else:
        return ""
    if c.kind in ("content_equals", "output_equals"):
        diff = difflib.unified_diff(expected.rstrip("\n").splitlines(), actual.rstrip("\n").splitlines(),
                                    "expected", label, lineterm="", n=2)
        return "\n".join(_clip("\n".join(diff), "    "))
    what = "the pattern" if c.kind == "content_matches" else "the text"
    return "\n".join([f"  {what} expected:", *_clip(expected, "    "), f"  {label} is:", *_clip(actual, "    ")])


def _placeholders(challenge: Challenge) -> list[str]:
    source = source_text(challenge.path)
    found = []
    for name in unknown_placeholders(challenge):
        line = placeholder_line(source, name)
        where = f"{challenge.path}:{line}" if line else challenge.path
        found.append(f"{where}: {{{{{name}}}}} names no variable in [variables]")
    return found


def check_challenge(challenge: Challenge) -> list[str]:
    """Problems of one challenge, each starting with its file (and line when known)."""
    where = challenge.path
    problems = []
    if not challenge.hints:
        problems.append(f"{where}: hints: at least one hint is needed")
    if not challenge.goal.strip():
        problems.append(f"{where}: goal: must not be empty")
    problems.extend(_placeholders(challenge))
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
        steps: list[tuple[str, int, str]] = []
        obs, session = replay(fresh, inst, inst.solution,
                              on_line=lambda line, status, output, into=steps: into.append((line, status, output)))
        failed = [r for r in evaluate(inst, fresh, obs) if not r.passed]
        session.end()   # its background jobs (`cmd &`) end once the checks have seen them
        for i, r in enumerate(failed):
            why = f" ({r.error})" if r.error else ""
            text = (f"{where}:{r.check.line}: the reference solution fails the check "
                    f"{r.check.kind} = {r.check.subject!r}{label}{why}")
            diff = _difference(r, fresh, obs)
            if diff:
                text += "\n" + diff
            if i == len(failed) - 1:   # once per variant, after its failing checks
                text += "\n" + _transcript(steps)
            problems.append(text)
    return problems


def check_warnings(challenge: Challenge) -> list[str]:
    """What is allowed but weak: few variants, script checks that cannot say what they confirm."""
    warnings = []
    count = variant_count(challenge)
    if challenge.variables and count < MIN_VARIANTS:
        warnings.append(f"{challenge.path}: warning: only {count} variant{'s' * (count != 1)} "
                        f"(fewer than {MIN_VARIANTS}: students are likely to share an answer); "
                        f"add values to [variables]")
    for c in challenge.checks:
        if c.kind == "script" and not str(c.options.get("passed", "")).strip():
            warnings.append(f"{challenge.path}:{c.line}: warning: a script check without `passed` "
                            f"shows the learner only \"done\" once it passes: say what it confirms")
    return warnings


def validate(folders: list[str], progress: Callable[[str], None] | None = None) -> Report:
    report = Report()
    pack_ids: dict[str, str] = {}
    for folder in folders:
        pack, errors = load_pack_all(folder)
        report.problems.extend(str(exc) for exc in errors)
        if pack is None:
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
            report.warnings.extend(check_warnings(challenge))
            if progress:
                progress(f"{'ok  ' if not found else 'FAIL'} {pack.id}/{challenge.id}")
    return report


def main(folders: list[str], out: Callable[[str], None] = print) -> int:
    report = validate(folders, out)
    for problem in report.problems:
        out(problem)
    for warning in report.warnings:
        out(warning)
    packs = len(report.packs)
    warned = len(report.warnings)
    out(f"{packs} pack{'s' * (packs != 1)}, {report.checked} challenge{'s' * (report.checked != 1)}, "
        f"{len(report.problems)} problem{'s' * (len(report.problems) != 1)}"
        + (f", {warned} warning{'s' * (warned != 1)}" if warned else ""))
    return 1 if report.problems else 0
