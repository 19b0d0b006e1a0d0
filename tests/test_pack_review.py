"""Issue 13, items 5, 14 and 18: built-in challenges say what each passing check confirms and
cannot be passed without doing what the goal teaches; variable challenges have enough variants
(validate warns below 100); validate explains a failing reference solution and reports every
load error with its file and line."""
from __future__ import annotations

from pathlib import Path

import pytest
from shelldojo.challenges.check_kinds import KINDS
from shelldojo.challenges.checks import evaluate, visible
from shelldojo.challenges.loader import builtin_pack_dirs, load_challenge, load_pack
from shelldojo.challenges.model import Challenge, Check, Observation, PackError
from shelldojo.challenges.replay import replay
from shelldojo.challenges.setup import prepare, start_cwd
from shelldojo.challenges.validate import main as validate_main
from shelldojo.challenges.validate import validate
from shelldojo.challenges.variants import instantiate, variant_count

PACKS = {load_pack(d).id: load_pack(d) for d in builtin_pack_dirs()}
ALL = [(p.id, c) for p in PACKS.values() for c in p.challenges]


def _challenge(pack: str, cid: str, seed: str = "student-7") -> Challenge:
    challenge = PACKS[pack].challenge(cid)
    assert challenge is not None
    return instantiate(challenge, seed)


def _after(challenge: Challenge, script: str) -> tuple[bool, list[str]]:
    """(solved, visible failing messages) after `script` is typed in a fresh setup."""
    machine = prepare(challenge)
    obs, _ = replay(machine, challenge, script)
    results = evaluate(challenge, machine, obs)
    return all(r.passed for r in results), [r.message for r in visible(results) if not r.passed]


def _describe(check: Check) -> str:
    return KINDS[check.kind].describe(check)


# ----------------------------------------------------------------------------- item 5
@pytest.mark.parametrize(("pack", "challenge"), ALL, ids=[f"{p}/{c.id}" for p, c in ALL])
def test_passing_checks_say_what_they_confirm(pack: str, challenge: Challenge) -> None:
    inst = instantiate(challenge, "student-7")
    said = [_describe(c) for c in inst.checks]
    assert all(s.strip() and s.strip().lower() != "done" for s in said), said
    assert len(set(said)) == len(said), said                       # no two ✔ lines alike
    assert not any("{{" in s or "None" in s for s in said), said


@pytest.mark.parametrize(("pack", "challenge"), ALL, ids=[f"{p}/{c.id}" for p, c in ALL])
def test_an_untouched_machine_shows_no_message_that_contradicts_another(pack: str, challenge: Challenge) -> None:
    """A message that presumes a first step ("X exists, but...") is hidden until that step passes."""
    inst = instantiate(challenge, "student-7")
    machine = prepare(inst)
    obs = Observation(user=inst.setup.user, cwd=start_cwd(machine, inst.setup))
    shown = [r.message for r in visible(evaluate(inst, machine, obs)) if not r.passed]
    assert not any(p in m for m in shown for p in ("exists, but", "is there, but", "owns the ticket, but")), shown


def test_order_tree_after_a_typo_says_one_consistent_thing() -> None:
    c = _challenge("organising", "order-tree")
    solved, shown = _after(c, "mkdir restaurant")
    assert not solved and shown[0] == "There is no restaurants folder in your home folder yet."
    assert not any("restaurants exists" in m for m in shown)
    assert _after(c, c.solution) == (True, [])


def test_order_handover_names_owner_and_group_apart() -> None:
    c = _challenge("users", "order-handover")
    said = [_describe(check) for check in c.checks]
    assert said[1].endswith("belongs to user chef") and said[2].endswith("belongs to group cooks")
    _solved, shown = _after(c, "true")
    assert not any("chef owns the ticket" in m for m in shown)


def test_moving_around_needs_cd_home_and_cd_back() -> None:
    c = _challenge("first-steps", "moving-around")
    order_dir = c.setup.dirs[0]
    hood_dir = order_dir.rsplit("/", 2)[0]
    assert _after(c, c.solution) == (True, [])
    for wrong in (f"cd {order_dir}\ncd ../..", f"cd {order_dir}\ncd ..\ncd ..\npwd",
                  f"cd {order_dir}\ncd ~\ncd {hood_dir}", f"cd {order_dir}\ncd ..\ncd ..\ncd ~\ncd -\nls"):
        solved, shown = _after(c, wrong)
        assert not solved and shown, wrong
    assert _after(c, f"cd {order_dir}\ncd ../..\ncd\ncd -")[0]  # cd alone also goes home


def test_passed_is_the_authors_words_and_last_is_the_last_command(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    body = ('id = "c"\ntitle = "t"\ngoal = "g"\nhints = ["h"]\n\n[[checks]]\nscript = "true"\nmessage = "m"\n'
            'passed = "the oven is on"\n\n[[checks]]\ncommand_used = "cd"\nlast = true\nmessage = "m2"\n'
            '\n[solution]\nscript = "true"\n')
    path.write_text(body)
    checks = load_challenge(str(path)).checks
    assert _describe(checks[0]) == "the oven is on" and _describe(checks[1]) == "your last command was cd"
    judge = KINDS["command_used"].judge
    assert judge(checks[1], None, Observation(commands=["ls", "cd"]))  # type: ignore[arg-type]
    assert not judge(checks[1], None, Observation(commands=["cd", "pwd"]))  # type: ignore[arg-type]
    path.write_text(body.replace('passed = "the oven is on"', "passed = 3"))
    with pytest.raises(PackError, match=r"c.toml:9: checks\[0\].passed: expected a string"):
        load_challenge(str(path))


# ----------------------------------------------------------------------------- item 18
def test_variable_challenges_have_enough_variants() -> None:
    counts = {f"{p}/{c.id}": variant_count(c) for p, c in ALL if c.variables}
    assert len(counts) >= 13
    assert all(n >= 100 for n in counts.values()), counts
    assert counts["organising/order-tree"] >= 1000 and counts["users/order-handover"] >= 1000
    goals = {instantiate(PACKS["organising"].challenge("order-tree"), f"s{i}").goal for i in range(40)}
    assert len(goals) >= 35                                       # 40 students rarely share one


def _pack(tmp_path: Path, files: dict[str, str], ids: list[str]) -> str:
    folder = tmp_path / "p"
    folder.mkdir(exist_ok=True)
    (folder / "pack.toml").write_text(f'id = "p"\ntitle = "P"\nchallenges = {ids!r}\n'.replace("'", '"'))
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text)
    return str(folder)


def _challenge_toml(cid: str, solution: str, extra: str = "", check: str = 'dir = "x"') -> str:
    return (f'id = "{cid}"\ntitle = "T"\ngoal = "g"\nhints = ["h"]\n{extra}\n[[checks]]\n{check}\nmessage = "m"\n'
            f"\n[solution]\nscript = '''\n{solution}\n'''\n")


def test_validate_warns_below_100_variants_and_on_a_bare_script_check(tmp_path: Path) -> None:
    few = _challenge_toml("few", "mkdir {{d}}", '[variables]\nd = ["a", "b", "c"]\n', 'dir = "{{d}}"')
    bare = _challenge_toml("bare", "mkdir x", check='script = "test -d x"')
    folder = _pack(tmp_path, {"few": few, "bare": bare}, ["few", "bare"])
    report = validate([folder])
    assert report.problems == []
    assert report.warnings == [
        (f"{folder}/few.toml: warning: only 3 variants (fewer than 100: students are likely to share an "
         "answer); add values to [variables]"),
        (f"{folder}/bare.toml:7: warning: a script check without `passed` shows the learner only \"done\" "
         "once it passes: say what it confirms")]
    out: list[str] = []
    assert validate_main([folder], out.append) == 0                 # warnings do not fail a pack
    assert out[-1] == "1 pack, 2 challenges, 0 problems, 2 warnings"


# ----------------------------------------------------------------------------- item 14
def test_validate_shows_why_the_solution_failed(tmp_path: Path) -> None:
    loops = _challenge_toml("loops", "mkdir y\nwhile true; do :; done")
    syntax = _challenge_toml("syntax", "mkdir y\nif then")
    text = _challenge_toml("text", "printf 'one\\nTWO\\n' > f.txt", check='content_equals = "f.txt"\ntext = "one\\ntwo\\n"')
    folder = _pack(tmp_path, {"loops": loops, "syntax": syntax, "text": text}, ["loops", "syntax", "text"])
    problems = validate([folder]).problems
    assert len(problems) == 3
    looped, bad, differ = problems
    assert looped.startswith(f"{folder}/loops.toml:7: the reference solution fails the check dir = 'x'\n")
    assert "    $ while true; do :; done\n      shelldojo: " in looped and "(exit status 124)" in looped
    assert "    $ mkdir y\n      (exit status 0)" in looped
    assert "    $ if then\n      bash: syntax error near unexpected token `then'" in bad
    assert "(exit status 2)" in bad and "(exit status 0)" not in bad.split("$ if then")[1]
    assert "--- expected\n    +++ f.txt" in differ and "    -two\n    +TWO" in differ


def test_validate_reports_every_load_error_and_placeholder_lines(tmp_path: Path) -> None:
    good = _challenge_toml("good", "mkdir x")
    unknown = _challenge_toml("unknown", "mkdir x", check='dir = "x"\n# {{ordr}} below\n').replace(
        'goal = "g"', 'goal = "g"\n\n\n# spacer')
    unknown = unknown.replace('dir = "x"', 'dir = "{{ordr}}"', 1)
    folder = _pack(tmp_path, {"good": good, "unknown": unknown, "broken": 'id = "broken"\nbogus = 1\n',
                              "typed": 'id = "typed"\ntitle = 3\n'},
                   ["good", "broken", "typed", "missing", "unknown", "good"])
    report = validate([folder])
    errors = [p for p in report.problems if "names no variable" not in p]
    assert [e.replace(folder, "P") for e in errors] == [
        ("P/broken.toml:2: bogus: unknown key (expected one of: cards, checks, goal, hints, id, points, setup, "
         "solution, title, variables)"),
        "P/typed.toml:1: checks: missing ([[checks]] expected)",
        "P/pack.toml:3: challenges: challenge 'missing' has no file missing.toml",
        "P/pack.toml:3: challenges: challenge 'good' is listed twice",
    ]
    assert report.checked == 2                                       # the loadable ones are still checked
    placeholder = [p for p in report.problems if "names no variable" in p]
    assert placeholder == [f"{folder}/unknown.toml:10: {{{{ordr}}}} names no variable in [variables]"]
