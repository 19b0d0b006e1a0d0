"""`shelldojo` with no verb: the trainer REPL (front-end glue; the composition root).

Wires a Trainer (challenges/trainer.py), its progress store in the data dir and the REPL:
toolbar, after-command evaluation, the `dojo` builtin, a new session whenever the trainer
changes challenge, and the two host writes the trainer may make (the `--record` file and
`dojo cheat --export FILE`).  The trainer answers in data (Progress, Turn, Welcome); how
that looks (styles, colours, the celebration) is decided here and in toolbar.py/welcome.py.
"""
from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from shelldojo.challenges.listing import load_packs, pack_dirs
from shelldojo.challenges.model import Pack
from shelldojo.challenges.progress import ProgressStore, StoreDamaged, set_aside
from shelldojo.challenges.trainer import Trainer, Turn, Welcome
from shelldojo.shell.repl.app import Repl, ReplHooks
from shelldojo.shell.repl.dojo import make_dojo
from shelldojo.shell.repl.layout import hang
from shelldojo.shell.repl.toolbar import trainer_toolbar
from shelldojo.shell.repl.trainer_view import BOLD, GREEN, RESET, card_text, goal_card
from shelldojo.shell.repl.welcome import trainer_welcome
from shelldojo.shell.session import Session


class Recorder:
    """Appends one JSON object per command line to a host file, flushed at once."""

    def __init__(self, path: str) -> None:
        self.path = path
        with open(path, "a", encoding="utf-8"):  # the file the learner named with --record: fail early
            pass

    def __call__(self, entry: dict[str, Any]) -> None:
        try:
            with open(self.path, "a", encoding="utf-8") as f:  # reopened per line: nothing buffered
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        except OSError as exc:
            print(f"shelldojo: {self.path}: {exc.strerror}", file=sys.stderr)


def start_folder() -> str | None:
    """The folder the learner started shelldojo in (None if it no longer exists)."""
    try:
        return os.getcwd()
    except OSError:
        return None


class HostExport:
    """`dojo cheat --export FILE`: the one file the trainer writes where the learner says.

    A relative FILE is taken from the folder shelldojo was started in (captured then: the
    simulated machine's cwd means nothing on the computer), `~` is the computer's home."""

    def __init__(self, start_dir: str | None) -> None:
        self.start_dir = start_dir

    def resolve(self, name: str) -> str:
        path = os.path.expanduser(name) if name.startswith("~") else name
        if path.startswith("~"):
            raise ValueError(f"{name}: no such user on your computer")
        if not os.path.isabs(path):
            if self.start_dir is None:
                raise ValueError(f"{name}: the folder you started shelldojo in is gone from your computer: "
                                 "give a full path (/...) or one in your home (~/...)")
            path = os.path.join(self.start_dir, path)
        return os.path.normpath(path)

    def write(self, path: str, text: str, replace: bool) -> None:
        if os.path.isdir(path):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        # "x": created only if absent (no race between a check and the write)
        with open(path, "w" if replace else "x", encoding="utf-8") as f:  # the learner's own target file
            f.write(text)


class TrainerRepl(Repl):
    """The REPL with the trainer's session swaps: each challenge runs on its own machine.

    The trainer answers in data (challenges/trainer.py); this class decides how it looks."""

    def __init__(self, trainer: Trainer, hooks: ReplHooks, **kw: Any) -> None:
        self.trainer = trainer
        hooks.after_command = self.after_command
        hooks.toolbar = lambda: trainer_toolbar(trainer.progress(), self.terminal.columns)  # width: now
        super().__init__(session_factory(trainer), hooks, save=trainer.save, **kw)

    def run(self) -> int:
        # laid out for the terminal's width when it is shown (not when the trainer was built)
        self.hooks.welcome = welcome_text(self.trainer.welcome_parts(), self.terminal.columns)
        return super().run()

    def start(self) -> None:
        super().start()
        self.session.state.commands_run.clear()  # ~/.bashrc's commands are not the learner's

    def after_command(self, line: str, status: int, output: str) -> None:
        turn = self.trainer.observe(self.session, line, status, output)
        if turn.solved is not None:
            self._write(celebration(turn, self.terminal.columns))
        if turn.switched:
            self.swap_session()

    def swap_session(self) -> None:
        typed = list(self.session.state.history)
        self.replace_session(session_factory(self.trainer))
        # ↑ still recalls what the learner typed; the new machine's ~/.bash_history gets only new lines
        self.session.state.history[:] = typed
        self.first_history = len(typed)
        self.prompt.history.set_lines(typed)  # type: ignore[attr-defined]


def celebration(turn: Turn, width: int) -> str:
    """What the learner sees on solving a challenge: the new cheat-sheet cards and the way on."""
    assert turn.solved is not None
    out = "\n" + hang(f"{GREEN}{BOLD}✔ ", f"Challenge complete: {turn.solved.title}", width, GREEN + BOLD) + "\n"
    if turn.cards:
        out += "New on your cheat sheet (dojo cheat):\n"
        out += "".join(card_text(c.command, c.meaning, c.examples, width) for c in turn.cards)
    way_on = "type dojo next for the next challenge" if turn.has_next else "that was the last challenge: well done!"
    return out + hang(f"{BOLD}→{RESET} ", way_on, width) + "\n"


def welcome_text(welcome: Welcome, width: int) -> str:
    return trainer_welcome(welcome.first_run, width, welcome.notice) + goal_card(welcome.goal, width)


def session_factory(trainer: Trainer) -> Any:
    a = trainer.active

    def factory(**io: Any) -> Session:
        return Session(a.machine, user=a.challenge.setup.user, interactive=True, cwd=a.cwd, **io)

    return factory


def focus(store: ProgressStore, packs: list[Pack], chosen: list[str]) -> None:
    """With `--pack`, start in the first chosen pack that loaded, unless already in one of them."""
    mine = [p for p in packs if os.path.abspath(p.path) in chosen and p.challenges]
    where = store.current()
    if mine and not (where and any(p.id == where[0] and p.challenge(where[1]) for p in mine)):
        store.set_current(mine[0].id, mine[0].challenges[0].id)


def build(store: ProgressStore, *, record: str | Callable[[dict[str, Any]], None] | None = None,
          start_dir: str | None = None, packs: Sequence[str] = (), export: Any = None,
          loaded: list[Pack] | None = None, **kw: Any) -> TrainerRepl:
    """The trainer REPL over `store` (tests pass input=, output=, stdout=).  `start_dir`: the
    folder shelldojo was started in (default: the current one); `packs`: `--pack` folders, added
    to the built-in ones and those in the data dir's packs/ (the store's folder).  A server
    passes its own `record` callable and `export` (a download, not a file on the server), and
    `loaded`: the packs it read once from the same folders (not again at every login)."""
    recorder = (record if callable(record) else Recorder(record)) if record else None
    warnings: list[str] = []
    export = export or HostExport(start_dir or start_folder())
    chosen = [os.path.abspath(d) for d in packs]
    if loaded is None:
        loaded = load_packs(pack_dirs(os.path.dirname(os.path.abspath(store.path)), chosen), warnings.append)
    first_run = store.current() is None   # before focus() chooses where --pack starts
    focus(store, loaded, chosen)
    trainer = Trainer(store, loaded, record=recorder, export=export, first_run=first_run)
    trainer.notice += "".join(w + "\n" for w in warnings)
    hooks = ReplHooks(extra_builtins={"dojo": make_dojo(trainer)})  # the welcome: TrainerRepl.run
    return TrainerRepl(trainer, hooks, **kw)


def open_store(where: str, ask: Callable[[str], str]) -> ProgressStore | None:
    """The progress store in `where`; a damaged one is set aside (kept) and replaced if the
    learner says so.  None (after saying why) when there is no store to work with."""
    try:
        return ProgressStore.in_data_dir(where)
    except StoreDamaged as exc:
        print(f"shelldojo: {exc}", file=sys.stderr)
        try:
            answer = ask("Start over with a new progress store? The damaged file is kept beside it. [y/N] ")
        except (EOFError, KeyboardInterrupt):
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print(f"shelldojo: nothing was changed; move {exc.path} away (or answer y) to start over",
                  file=sys.stderr)
            return None
        try:
            backup = set_aside(exc.path)
        except OSError as err:
            print(f"shelldojo: cannot rename {exc.path}: {err.strerror}", file=sys.stderr)
            return None
        print(f"shelldojo: the damaged store is kept as {backup}; starting over.", file=sys.stderr)
        return ProgressStore.in_data_dir(where)


def main(*, data_dir: str | None = None, record: str | None = None, student: str | None = None,
         packs: Sequence[str] = (), ask: Callable[[str], str] = input, **kw: Any) -> int:
    """`ask` puts a yes/no question to the learner (tests pass their own)."""
    started_in = start_folder()  # before anything else: where relative export names go
    from shelldojo.shell.machines import data_dir as default_dir

    where = data_dir or default_dir()
    if not sys.stdin.isatty() and "input" not in kw:
        print("shelldojo: the trainer needs a terminal (use `shelldojo run` for scripts)", file=sys.stderr)
        return 2
    try:
        found = open_store(where, ask)
        if found is None:
            return 1
        store = found
        if student:  # the grader seeds variants with the student's name: use the same seed
            store.set_setting("seed", student)
    except Exception as exc:  # noqa: BLE001 - sqlite3.Error, OSError: say it plainly
        print(f"shelldojo: cannot open the progress store in {where}: {exc}", file=sys.stderr)
        return 1
    try:
        repl = build(store, record=record, start_dir=started_in, packs=packs, **kw)
    except ValueError as exc:  # no pack loaded at all
        print(f"shelldojo: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"shelldojo: {record}: {exc.strerror}", file=sys.stderr)
        return 1
    try:
        return repl.run()
    except KeyboardInterrupt:
        return 130
    finally:
        store.close()
