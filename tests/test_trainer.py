"""The trainer REPL, headless: a learner types into prompt_toolkit's pipe input and solves challenges."""
from __future__ import annotations

import io
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from shelldojo.challenges.progress import ProgressStore
from shelldojo.challenges.trainer import strip_ansi
from shelldojo.filesystem import ROOT, acting_as
from shelldojo.shell.repl.trainer_app import TrainerRepl, build

PACK = "first-steps"


class Run:
    def __init__(self, repl: TrainerRepl, screen: str, bars: list[str]) -> None:
        self.repl, self.screen, self.bars = repl, strip_ansi(screen), bars

    @property
    def trainer(self):  # type: ignore[no-untyped-def]
        return self.repl.trainer


class Prompts:
    """Counts the prompts the REPL has put up (its own and questions such as `dojo reset`'s).

    A prompt is put up only once the line before it has run completely (checks, celebration,
    session swap), so waiting for the next prompt paces the typing without any sleep."""

    def __init__(self) -> None:
        self.count = 0
        self.changed = threading.Condition()

    def wrap(self, read: Any) -> Any:
        def counted(*args: Any, **kw: Any) -> Any:
            with self.changed:
                self.count += 1
                self.changed.notify_all()
            return read(*args, **kw)
        return counted

    def wait_past(self, seen: int, errors: list[BaseException], deadline: float = 60) -> int:
        """Block until more than `seen` prompts were put up (the REPL's thread may be slow under load)."""
        with self.changed:
            ok = self.changed.wait_for(lambda: self.count > seen or bool(errors), timeout=deadline)
        assert not errors, errors
        assert ok, f"the trainer put up no prompt after prompt {seen} in {deadline} s"
        return self.count


def bar_text(repl: TrainerRepl) -> str:
    """The bottom bar as the REPL draws it (plain text of its formatted fragments)."""
    assert repl.hooks.toolbar is not None
    return "".join(text for _style, text, *_ in repl.hooks.toolbar())


def drive(data: Path, chunks: list[str], **kw: object) -> Run:
    """Open the trainer on `data`, type each chunk (one line: an answer to a prompt), then Ctrl-D.
    bars[i] is the toolbar before chunk i (the last one after every chunk ran).  Each chunk is
    typed once the prompt for it is up: no sleeps.
    The store lives in the REPL's thread (sqlite3's rule)."""
    out = io.BytesIO()
    bars: list[str] = []
    box: list[TrainerRepl] = []
    errors: list[BaseException] = []
    prompts = Prompts()
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        def go() -> None:
            store = ProgressStore.in_data_dir(str(data))
            try:
                repl = build(store, input=inp, output=DummyOutput(), stdout=out, **kw)
                repl.prompt.prompt = prompts.wrap(repl.prompt.prompt)  # type: ignore[method-assign]
                repl.terminal._prompt = prompts.wrap(repl.terminal._prompt)  # type: ignore[method-assign]
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
        seen = prompts.wait_past(0, errors)  # a cold start on a loaded machine can take seconds
        for chunk in chunks:
            bars.append(bar_text(box[0]))
            inp.send_text(chunk)
            seen = prompts.wait_past(seen, errors)
        bars.append(bar_text(box[0]))
        inp.send_text("\x04")
        t.join(60)
        assert not t.is_alive(), "the trainer did not end"
    assert not errors, errors
    return Run(box[0], out.getvalue().decode("utf-8", "replace"), bars)


def store_of(data: Path) -> ProgressStore:
    return ProgressStore.in_data_dir(str(data))


def test_first_run_welcome_and_solving_the_first_challenge(tmp_path: Path) -> None:
    record = tmp_path / "session.jsonl"
    run = drive(tmp_path / "d", ["pwd\r", "dojo check\r"], record=str(record))
    assert "Welcome to the shelldojo trainer" in run.screen
    assert "Where am I?" in run.screen and "challenge 1 of 10" in run.screen
    # the toolbar: nothing done, then solved
    assert "Where am I?" in run.bars[0] and "0/1 checks" in run.bars[0]
    assert "✘ You have not asked the terminal where you are yet." in run.bars[0]
    assert "✔ solved" in run.bars[1] and "dojo next" in run.bars[1]
    assert "✔ Challenge complete: Where am I?" in run.screen
    assert "New on your cheat sheet" in run.screen and "$ cd /tmp && pwd" in run.screen
    assert "you used pwd" in run.screen  # dojo check lists what passed
    store = store_of(tmp_path / "d")
    assert store.status(PACK, "where-am-i") == "done"
    assert [c.command for c in store.cards()] == ["pwd"]
    assert store.current() == (PACK, "where-am-i")
    assert store.setting("seed")
    # --record: one JSON line per command typed (dojo lines are not answers)
    lines = [json.loads(x) for x in record.read_text().splitlines()]
    assert lines == [{"pack": PACK, "challenge": "where-am-i", "command": "pwd", "status": 0}]


def test_progress_bar_counts_visible_checks_and_dojo_keeps_last_output(tmp_path: Path) -> None:
    run = drive(tmp_path / "d", ["dojo start first-steps/what-is-here\r", "ls\r", "dojo hint\r",
                                 "dojo check\r", "ls -a\r"])
    assert "What is in this kitchen?" in run.bars[1] and "0/2 checks" in run.bars[1]
    # after ls: 2 of the then-visible 3 checks pass; dojo lines do not replace ls's output
    assert "2/3 checks" in run.bars[2] and "hidden note" in run.bars[2]
    assert "2/3 checks" in run.bars[4]
    assert "Hint 1/3:" in run.screen
    assert "✘ Your last listing did not show the night shift's hidden note" in run.screen
    assert "3/3 checks" in run.bars[5] and "✔ Challenge complete: What is in this kitchen?" in run.screen
    store = store_of(tmp_path / "d")
    assert store.hints_used(PACK, "what-is-here") == 1
    assert {c.command for c in store.cards()} == {"ls", "ls -a"}


def test_next_skip_and_list(tmp_path: Path) -> None:
    run = drive(tmp_path / "d", ["pwd\r", "dojo next\r", "dojo skip\r", "dojo list first-steps\r",
                                 "dojo progress\r"])
    store = store_of(tmp_path / "d")
    assert store.status(PACK, "where-am-i") == "done"
    assert store.status(PACK, "what-is-here") == "skipped"
    assert store.current() == (PACK, "moving-around")
    assert "challenge 2 of 10" in run.screen and "challenge 3 of 10" in run.screen
    assert "Skipped: What is in this kitchen?" in run.screen
    assert "✔  1. first-steps/where-am-i" in run.screen
    assert "↷  2. first-steps/what-is-here" in run.screen
    assert "◀ you are here" in run.screen
    assert "1/10 done, 1 skipped" in run.screen
    # the session follows the challenge: its machine and its starting directory
    ch = run.trainer.active.challenge
    assert ch.id == "moving-around"
    assert run.repl.session.machine is run.trainer.active.machine


def test_reset_asks_then_restores_the_starting_machine(tmp_path: Path) -> None:
    run = drive(tmp_path / "d", ["touch junk.txt\r", "dojo reset\r", "n\r", "ls\r",
                                 "dojo reset\r", "y\r", "ls\r"])
    # (the question itself goes to the terminal's prompt output, a DummyOutput here)
    assert "Nothing was reset." in run.screen
    assert "The machine is back as it was when the challenge started." in run.screen
    assert run.screen.count("junk.txt") == 1  # the first ls sees it, the one after the reset does not
    with acting_as(ROOT):
        assert not run.trainer.active.machine.vfs.exists(run.trainer.active.cwd + "/junk.txt")


def test_resume_where_the_learner_stopped(tmp_path: Path) -> None:
    data = tmp_path / "d"
    drive(data, ["dojo start first-steps/kitchen-folder\r", "mkdir half-done\r", "cd half-done\r"])
    run = drive(data, ["pwd\r"])
    assert "Welcome back" in run.screen and "Welcome to the shelldojo trainer" not in run.screen
    assert run.trainer.active.challenge.id == "kitchen-folder"
    assert "/home/learner/half-done\n" in run.screen   # the machine and the cwd came back
    # another challenge of the pack does not reuse that machine
    run = drive(data, ["dojo start first-steps/clean-slate\r", "ls -d half-done\r"])
    assert "ls: cannot access 'half-done': No such file or directory" in run.screen


def test_cheat_sheet_and_export(tmp_path: Path) -> None:
    target = tmp_path / "cheat.md"
    run = drive(tmp_path / "d", ["dojo cheat\r", "pwd\r", "dojo cheat pwd\r", "dojo cheat ls\r",
                                 f"dojo cheat --export {target}\r", "dojo cheat --export /nonexistent/x.md\r"])
    assert "Your cheat sheet is empty" in run.screen
    assert "dojo cheat: no card for 'ls' yet" in run.screen
    assert f"Your cheat sheet (1 card) is in {target}" in " ".join(run.screen.split())  # wrapped to 80 columns
    text = target.read_text()
    assert text.startswith("# My shelldojo cheat sheet\n") and "## `pwd`" in text and "```bash\npwd\n" in text
    assert "dojo cheat: /nonexistent/x.md: No such file or directory" in run.screen


def test_dojo_errors_and_help(tmp_path: Path) -> None:
    run = drive(tmp_path / "d", ["dojo bogus; echo st=$?\r", "dojo start nope/x; echo st=$?\r",
                                 "dojo start; echo st=$?\r", "dojo goal extra; echo st=$?\r",
                                 "dojo --help\r", "dojo check; echo st=$?\r"])
    assert "dojo: unknown command 'bogus'\nTry 'dojo help' for more information.\nst=2\n" in run.screen
    assert "dojo start: no such challenge: nope/x (dojo list shows them)\nst=1\n" in run.screen
    assert "dojo start: missing PACK/CHALLENGE\n" in run.screen
    assert "dojo goal: unexpected argument 'extra'\n" in run.screen
    assert "Usage: dojo COMMAND [ARG]" in run.screen
    assert "st=1\n" in run.screen.split("dojo check")[-1]  # not solved yet


def test_shelldojo_list_shows_statuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from shelldojo.shell.cli import main

    data = tmp_path / "d"
    drive(data, ["pwd\r", "dojo skip\r", "dojo skip\r"])
    assert main(["list", PACK, "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "  ✔  1. where-am-i" in out
    assert "  ↷  2. what-is-here" in out
    assert "  …  3. moving-around" in out
    assert "     4. kitchen-folder" in out
