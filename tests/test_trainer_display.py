"""Issue 13, items 3 and 4: what the trainer prints fits the terminal's current width (wrapped at
word boundaries, re-wrapped on resize, a two-line bar rather than a cut one), and a solved
challenge stays solved (checks on what the learner did are latched, also after a restart)."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from shelldojo.challenges.loader import builtin_pack_dirs, load_pack
from shelldojo.challenges.model import Pack
from shelldojo.challenges.progress import CardRow, ProgressStore
from shelldojo.challenges.trainer import Goal, Progress, Trainer, Turn, strip_ansi
from shelldojo.shell.repl import trainer_view as view
from shelldojo.shell.repl import welcome
from shelldojo.shell.repl.toolbar import trainer_toolbar
from shelldojo.shell.repl.trainer_app import build, celebration
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, NullInput

from tests.test_trainer import Prompts

WIDTHS = (80, 60, 120)
# a goal with the words the first trial saw broken ("counting", "new-staff.txt") and long file names
LONG = ("Every order is one line of orders.csv, so counting orders means counting lines. Copy "
        "/srv/kitchen/orders/2024-05-17/new-staff.txt and ../night-shift/.night-shift-note to "
        "~/restaurants/CHI/RN/; then run tail -n +2 orders.csv | wc -l and compare.")


def packs() -> list[Pack]:
    return [load_pack(d) for d in builtin_pack_dirs()]


def pack(pack_id: str) -> Pack:
    return next(p for p in packs() if p.id == pack_id)


def words(text: str) -> list[str]:
    return strip_ansi(text).split()


def assert_fits(text: str, width: int, source: str | None = None) -> None:
    """Every line is at most `width` columns, and (given the unwrapped source) no word was split."""
    for line in strip_ansi(text).split("\n"):
        assert len(line) <= width, f"{len(line)} > {width}: {line!r}"
    if source is not None:
        assert words(text) == words(source)


# ----------------------------------------------------------------------------- item 3: rendering
@pytest.mark.parametrize("width", WIDTHS)
def test_goal_cards_wrap_to_the_width_at_word_boundaries(width: int) -> None:
    for p in packs():
        for c in p.challenges:
            card = view.goal_card(Goal(p, c), width)
            assert_fits(card, width)
            assert " ".join(c.goal.split()) in " ".join(words(card))  # every word whole, in order
    long = pack("first-steps")
    challenge = long.challenges[0]
    from dataclasses import replace
    card = view.goal_card(Goal(long, replace(challenge, goal=LONG)), width)
    assert_fits(card, width)
    assert " ".join(LONG.split()) in " ".join(words(card))
    lines = strip_ansi(card).split("\n")
    body = [line for line in lines if line.startswith("  ")]
    assert all(line.startswith("  ") and not line.startswith("   ") for line in body)  # the goal's indent
    if width < 120:
        assert len(body) > 1  # it did wrap, and not at a fixed 88


def test_goal_cards_follow_the_width_not_a_constant() -> None:
    p = pack("asking-questions")
    c = next(c for c in p.challenges if c.id == "count-orders")
    at80 = strip_ansi(view.goal_card(Goal(p, c), 80))
    at120 = strip_ansi(view.goal_card(Goal(p, c), 120))
    assert max(map(len, at120.split("\n"))) > 88  # uses the room it has
    assert "counting orders means counting" in " ".join(at80.split())
    assert not re.search(r"\bc\n\s*ounting", at80)


@pytest.mark.parametrize("width", WIDTHS)
def test_check_lists_hang_under_their_text(width: int) -> None:
    from shelldojo.challenges.model import Check, CheckResult
    long = "Your last command did not list the kitchen folder: menu.txt and pantry.txt should appear " * 2
    results = [CheckResult(Check("output_contains", "menu.txt", long.strip()), False),
               CheckResult(Check("command_used", "ls", "m"), True)]
    text = view.check_lines(results, width)
    assert_fits(text, width, "✘ " + long + "✔ you used ls")
    lines = strip_ansi(text).rstrip("\n").split("\n")
    assert lines[0].startswith("✘ ") and all(line.startswith("  ") for line in lines[1:-1])
    assert lines[-1] == "✔ you used ls"


@pytest.mark.parametrize("width", WIDTHS)
def test_cards_help_listing_progress_and_welcome_fit(width: int) -> None:
    meaning = "list what a folder contains (the current one if you name none), hidden ones included " * 2
    card = view.card_text("ls -a", meaning, ["ls -a ~/restaurants/CHI/RN/new-staff.txt"], width)
    assert_fits(card, width, f"ls -a {meaning} $ ls -a ~/restaurants/CHI/RN/new-staff.txt")
    help_text = view.help_text(width)
    assert_fits(help_text, width, view.HELP)
    everything = packs()
    statuses: dict[str, dict[str, str]] = {}
    current = (everything[0].id, everything[0].challenges[0].id)
    assert_fits(view.listing(everything, statuses, current, width), width)
    assert_fits(view.progress(everything, statuses, width), width)
    for first in (True, False):
        text = welcome.trainer_welcome(first, width)
        assert_fits(text, width)
        assert ("learner" in text and "dojo hint" in text) if first else "dojo help" in text
    cheat = view.cheat_sheet([CardRow("ls", meaning, ("ls /",), "p", "c")], None, width)
    assert_fits(cheat, width, f"ls {meaning} $ ls /")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_celebration_fits(width: int) -> None:
    p = pack("asking-questions")
    c = next(c for c in p.challenges if c.id == "count-orders")
    text = celebration(Turn(solved=c, cards=c.cards, has_next=True), width)
    assert_fits(text, width)
    for card in c.cards:
        assert " ".join(card.meaning.split()) in " ".join(words(text))


def bar_lines(bar: Any) -> list[str]:
    return "".join(t for _s, t, *_ in bar).split("\n")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_bar_takes_two_lines_rather_than_cutting_the_message(width: int) -> None:
    message = ("Your last command did not list the kitchen folder: menu.txt and pantry.txt should appear, "
               "and new-staff.txt too.")
    bar = trainer_toolbar(Progress("What is in this kitchen?", 1, 2, False, message), width)
    lines = bar_lines(bar)
    assert all(len(line) <= width for line in lines), lines
    assert " ".join(" ".join(lines).split()) == (f"What is in this kitchen? 1/2 checks dojo hint dojo check ✘ {message}")
    assert len(lines) == 2 if width == 120 else len(lines) > 2, lines  # two lines at least: never cut
    assert all(line.startswith(" ") for line in lines)
    assert ("class:bottom-toolbar.key", " dojo hint ") in bar  # the keys keep their style
    solved = bar_lines(trainer_toolbar(Progress("What is in this kitchen?", 2, 2, True, None), width))
    assert len(solved) == (1 if width >= 80 else 2) and "✔ solved" in "".join(solved)


def test_a_narrow_bar_breaks_between_keys_never_inside_one() -> None:
    bar = trainer_toolbar(Progress("What is in this kitchen?", 2, 2, True, None), 40)
    lines = bar_lines(bar)
    assert len(lines) == 2 and all(len(line) <= 40 for line in lines)
    assert any(" ✔ solved " in line for line in lines)


# ----------------------------------------------------------------------------- item 3: in the REPL
class Screen(DummyOutput):
    """A terminal whose size the test sets (DummyOutput is always 80x40)."""

    def __init__(self, columns: int) -> None:
        super().__init__()
        self.columns = columns

    def get_size(self) -> Size:
        return Size(rows=24, columns=self.columns)


def drive(data: Path, chunks: list[Any], columns: int) -> tuple[str, list[str], Any]:
    """The trainer REPL on a `columns`-wide terminal; a chunk is a typed line, or an int: resize to it.
    Returns the screen (plain text), the bar before each typed line and after the last, the repl."""
    out = io.BytesIO()
    bars: list[str] = []
    box: list[Any] = []
    errors: list[BaseException] = []
    prompts = Prompts()
    screen = Screen(columns)
    with create_pipe_input() as inp, create_app_session(input=inp, output=screen):
        def go() -> None:
            store = ProgressStore.in_data_dir(str(data))
            try:
                repl = build(store, input=inp, output=screen, stdout=out)
                repl.prompt.prompt = prompts.wrap(repl.prompt.prompt)  # type: ignore[method-assign]
                box.append(repl)
                repl.run()
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                errors.append(exc)
                with prompts.changed:
                    prompts.changed.notify_all()
            finally:
                store.close()

        t = threading.Thread(target=go, daemon=True)
        t.start()
        seen = prompts.wait_past(0, errors)
        for chunk in chunks:
            if isinstance(chunk, int):
                screen.columns = chunk
                continue
            bars.append("".join(s for _st, s, *_ in box[0].hooks.toolbar()))
            inp.send_text(chunk)
            seen = prompts.wait_past(seen, errors)
        bars.append("".join(s for _st, s, *_ in box[0].hooks.toolbar()))
        inp.send_text("\x04")
        t.join(60)
        assert not t.is_alive(), "the trainer did not end"
    assert not errors, errors
    return strip_ansi(out.getvalue().decode("utf-8", "replace")), bars, box[0]


def test_the_repl_wraps_to_the_terminal_and_rewraps_after_a_resize(tmp_path: Path) -> None:
    screen, bars, _repl = drive(tmp_path / "d", [
        "dojo start asking-questions/count-orders\r", "dojo hint\r", "dojo hint\r", "echo ==resized==\r",
        100, "dojo goal\r", "dojo hint\r"], columns=60)
    before, after = screen.split("==resized==\n", 1)
    assert all(len(line) <= 60 for line in before.split("\n")), before  # welcome, goals, hints at 60
    assert "counting orders means counting" in " ".join(before.split())
    assert "tail -n +2 prints a file from its 2nd line on" in " ".join(before.split())
    lines = after.split("\n")
    assert all(len(line) <= 100 for line in lines)
    assert max(len(line) for line in lines) > 60  # the next thing printed uses the new width
    assert all(len(line) <= 60 for bar in bars[:3] for line in bar.split("\n")), bars


# ----------------------------------------------------------------------------- item 4: latched
def learner_types(trainer: Trainer, line: str) -> Turn:
    out = BufferOutput()
    a = trainer.active
    session = Session(a.machine, user=a.challenge.setup.user, cwd=a.cwd, stdin=NullInput(), stdout=out,
                      stderr=out)
    session.run_source(line + "\n")
    a.cwd = session.state.cwd  # the next line starts where this one ended, as in one terminal
    return trainer.observe(session, line, session.state.status, out.getvalue().decode())


def start(trainer: Trainer, spec: str | None = None) -> None:
    """`dojo start SPEC` (or `dojo reset`): the line that ran it is not an answer."""
    found = trainer.find(spec) if spec else None
    if found is not None:
        trainer.start(*found)
    else:
        trainer.reset()
    assert learner_types(trainer, "true") == Turn(switched=True)


def assert_solved(trainer: Trainer) -> None:
    progress = trainer.progress()
    assert progress.solved and progress.missing is None and progress.passed == progress.shown, progress
    assert trainer.solved and all(r.passed for r in trainer.visible_results())


def test_a_solved_challenge_stays_solved_after_one_more_command(tmp_path: Path) -> None:
    store = ProgressStore.in_data_dir(str(tmp_path))
    try:
        trainer = Trainer(store, packs())
        start(trainer, "first-steps/what-is-here")
        learner_types(trainer, "ls")
        assert not trainer.progress().solved
        assert learner_types(trainer, "ls -a").solved is not None
        assert_solved(trainer)
        assert learner_types(trainer, "cat .night-shift-note") == Turn()  # no second celebration
        assert_solved(trainer)
        assert store.status("first-steps", "what-is-here") == "done"
    finally:
        store.close()


def test_latched_after_a_restart_of_the_trainer(tmp_path: Path) -> None:
    store = ProgressStore.in_data_dir(str(tmp_path))
    try:
        trainer = Trainer(store, packs())
        start(trainer, "first-steps/what-is-here")
        learner_types(trainer, "ls -a")
        learner_types(trainer, "cat .night-shift-note")
        trainer.save_machine(trainer.active.cwd)
    finally:
        store.close()
    store = ProgressStore.in_data_dir(str(tmp_path))
    try:
        again = Trainer(store, packs())
        assert again.active.challenge.id == "what-is-here" and "Walk-in fridge" in again.output
        assert_solved(again)
        learner_types(again, "echo something else")
        assert_solved(again)
    finally:
        store.close()


def test_a_reset_challenge_is_played_again_from_the_start(tmp_path: Path) -> None:
    store = ProgressStore.in_data_dir(str(tmp_path))
    try:
        trainer = Trainer(store, packs())
        start(trainer, "first-steps/what-is-here")
        learner_types(trainer, "ls -a")
        assert_solved(trainer)
        start(trainer)  # `dojo reset`: practising again: the last command must be shown again
        learner_types(trainer, "echo hi")
        assert not trainer.progress().solved
        assert learner_types(trainer, "ls -a") == Turn()  # done already: solved, not celebrated twice
        assert_solved(trainer)
    finally:
        store.close()


def test_a_cwd_check_stays_satisfied_once_solved(tmp_path: Path) -> None:
    store = ProgressStore.in_data_dir(str(tmp_path))
    try:
        trainer = Trainer(store, packs())
        start(trainer, "first-steps/moving-around")
        assert any(c.kind == "cwd" for c in trainer.active.challenge.checks)
        learner_types(trainer, trainer.active.challenge.solution)  # in one shell: `cd -` needs its OLDPWD
        assert_solved(trainer)
        learner_types(trainer, "cd /")  # where the learner stands now is not the challenge's answer any more
        assert_solved(trainer)
    finally:
        store.close()


def test_dojo_check_agrees_with_dojo_list_and_the_bar(tmp_path: Path) -> None:
    screen, bars, _repl = drive(tmp_path / "d", [
        "dojo start first-steps/what-is-here\r", "ls -a\r", "cat .night-shift-note\r", "dojo check; echo st=$?\r",
        "dojo list first-steps\r"], columns=80)
    assert "✔ solved" in bars[3] and "✘" not in bars[3], bars[3]
    check = screen.split("push hard. -- Maria\n")[-1].split("st=")[0]  # after the note: dojo check's list
    assert "✘" not in check and check.count("✔") == 3, check
    assert "st=0" in screen
    assert re.search(r"✔\s+\d+\. first-steps/what-is-here", screen)


# ----------------------------------------------------------------------------- item 3: tmux at 80x24
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_trainer_in_an_80x24_terminal(tmp_path: Path) -> None:
    name = f"sd-{uuid.uuid4().hex[:8]}"
    cmd = f"{sys.executable} -m shelldojo --data-dir {tmp_path}; sleep 30"
    subprocess.run(["tmux", "new", "-d", "-s", name, "-x", "80", "-y", "24", cmd], check=True,
                   cwd=Path(__file__).resolve().parent.parent)

    def screen_with(text: str) -> str:
        end = time.monotonic() + 30
        while time.monotonic() < end:
            shot = subprocess.run(["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True,
                                  check=True).stdout
            if text in shot:
                return shot
            time.sleep(0.1)  # polling the screen, not pacing the test
        raise AssertionError(f"{text!r} not on screen:\n{shot}")

    try:
        screen_with("learner@dojo")
        subprocess.run(["tmux", "send-keys", "-t", name, "clear; dojo start asking-questions/count-orders",
                        "Enter"], check=True)
        screen_with("(asking-questions/count-orders)")
        shot = screen_with("reports.")  # the end of the bar's message (cut off before: it never came)
        # at ~88 columns the terminal broke this as "c" / "ounting": joined by spaces it reads whole
        assert "so counting orders means counting lines" in " ".join(shot.split()), shot
        missing = next(c for c in pack("asking-questions").challenges if c.id == "count-orders").checks[0].message
        assert " ".join(missing.split()) in " ".join(shot.split()), shot  # the bar: two lines, not cut off
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)
