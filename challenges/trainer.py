"""The trainer's state machine: which challenge is active, its machine, its checks, the store.

The trainer speaks in data: `progress()` is what the bottom bar shows, `observe()` returns a
`Turn` (a challenge just solved, a session to replace), `welcome_parts()` what the first
screen says.  No prompt_toolkit, no styles and no host files here: the front end
(shell/repl/trainer_app.py) decides how all of it looks, and provides the host-side `record`
and `export` callables.  The `dojo` command (shell/repl/dojo.py) and the
cards it prints (shell/repl/trainer_view.py) are the front end's.
"""
from __future__ import annotations

import json
import re
import secrets
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from shelldojo.challenges.check_kinds import KINDS
from shelldojo.challenges.checks import CheckResult, Observation, evaluate, job_states, learner_shell, visible
from shelldojo.challenges.model import Card, Challenge, Pack
from shelldojo.challenges.progress import ProgressStore
from shelldojo.challenges.setup import prepare, start_cwd
from shelldojo.challenges.variants import instantiate
from shelldojo.filesystem import ROOT, Machine, acting_as, models

if TYPE_CHECKING:
    from shelldojo.filesystem.network import Network
    from shelldojo.shell.session import Session

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
MAX_COMMANDS = 10_000
Recorder = Callable[[dict[str, Any]], None]


class Exporter(Protocol):
    """Where `dojo cheat --export` writes: the learner's real computer (the front end's part)."""

    def resolve(self, name: str) -> str:
        """The full path `name` means there; ValueError (with the message) if it has none."""
        ...

    def write(self, path: str, text: str, replace: bool) -> None:
        """Write the file; FileExistsError if it exists and not `replace`; OSError otherwise."""
        ...


def _about_learner(result: CheckResult) -> bool:
    kind = KINDS.get(result.check.kind)
    return kind is not None and kind.about_learner


SAVE_EVERY = 20   # command lines without a machine save at most (a change the count missed)


def _disk_changes(net: Network) -> tuple[tuple[str, int, int], ...]:
    """Each built machine's identity and its VFS's count of changes."""
    return tuple((n.name, id(n.machine), n.machine.vfs.changes) for n in net.built() if n.machine is not None)


def strip_ansi(text: str) -> str:
    """Terminal output without colours (ls --color=auto), as checks compare plain text."""
    return _ANSI.sub("", text)


@dataclass(frozen=True)
class Progress:
    """What the bottom bar shows: the challenge, its visible checks, the first thing missing."""
    title: str
    passed: int                 # visible checks that pass
    shown: int                  # visible checks (hidden ones appear once those before them pass)
    solved: bool
    missing: str | None         # the first visible failing check's message (None when solved)


@dataclass(frozen=True)
class Turn:
    """What the trainer says after a command line."""
    solved: Challenge | None = None   # just solved (celebrate it): its cards join the cheat sheet
    cards: tuple[Card, ...] = ()
    has_next: bool = False            # a challenge follows the solved one
    switched: bool = False            # the active challenge changed: start a new session on it


@dataclass(frozen=True)
class Goal:
    """A challenge to put before the learner (the variant they play): the front end draws its card."""
    pack: Pack
    challenge: Challenge


@dataclass(frozen=True)
class Welcome:
    """The first screen: a warning to show once, whether the learner is new here, the goal."""
    notice: str
    first_run: bool
    goal: Goal


@dataclass
class Active:
    pack: Pack
    challenge: Challenge        # instantiated for this learner's seed
    machine: Machine
    cwd: str                    # where the learner's shell starts (resumed or the setup's)


class Trainer:
    def __init__(self, store: ProgressStore, packs: list[Pack], *, record: Recorder | None = None,
                 export: Exporter | None = None, first_run: bool | None = None) -> None:
        """`first_run`: the learner is new here (default: the store has no current challenge yet;
        a front end that chose the starting challenge itself says so before choosing)."""
        if not packs:
            raise ValueError("no challenge packs")
        self.store, self.packs = store, packs
        self.record, self.export = record, export
        seed = store.setting("seed")
        if not seed:
            seed = secrets.token_hex(8)
            store.set_setting("seed", seed)
        self.seed = seed
        self.first_run = store.current() is None if first_run is None else first_run
        self.results: list[CheckResult] = []
        self.output = ""                  # the last (non-dojo) command line's output
        self.commands: list[str] = []     # commands run since the challenge began
        self._switched = False            # observe() tells the front end to start a new session
        self.dojo_ran = False             # the line ran `dojo`: not an answer, not recorded
        self.notice = ""                  # a warning to show once (a machine that could not load)
        self.latched = False              # solved: checks on what the learner did stay passed
        self._saved_key: tuple[object, ...] | None = None   # what the last machine save held
        self._unsaved_lines = 0
        self.active = self._resume()
        self._switched = False            # the front end's first session is built on self.active

    # -- finding challenges --------------------------------------------------------------
    def pack(self, pack_id: str) -> Pack | None:
        return next((p for p in self.packs if p.id == pack_id), None)

    def find(self, spec: str) -> tuple[Pack, Challenge] | None:
        """PACK/CHALLENGE, or PACK alone (its first challenge not done)."""
        pack_id, _, cid = spec.strip("/").partition("/")
        pack = self.pack(pack_id)
        if pack is None or not pack.challenges:
            return None
        if not cid:
            statuses = self.store.statuses(pack.id)
            return pack, next((c for c in pack.challenges if statuses.get(c.id) != "done"), pack.challenges[0])
        challenge = pack.challenge(cid)
        return (pack, challenge) if challenge else None

    def following(self) -> tuple[Pack, Challenge] | None:
        """The challenge after the active one (the next pack's first at the end of a pack)."""
        pack, cid = self.active.pack, self.active.challenge.id
        ids = [c.id for c in pack.challenges]
        i = ids.index(cid) if cid in ids else -1
        if i + 1 < len(ids):
            return pack, pack.challenges[i + 1]
        later = self.packs[self.packs.index(pack) + 1:] if pack in self.packs else []
        return next(((p, p.challenges[0]) for p in later if p.challenges), None)

    def statuses(self) -> dict[str, dict[str, str]]:
        return {p.id: self.store.statuses(p.id) for p in self.packs}

    # -- starting challenges -------------------------------------------------------------
    def _resume(self) -> Active:
        where = self.store.current()
        found = self.find("/".join(where)) if where else None
        if found is None:
            pack = next(p for p in self.packs if p.challenges)
            found = pack, pack.challenges[0]
        return self._activate(*found, resume=True)

    def _activate(self, pack: Pack, challenge: Challenge, *, resume: bool) -> Active:
        inst = instantiate(challenge, self.seed)
        machine, cwd = None, ""
        self.commands, self.output = [], ""
        # a challenge done before stays solved; `dojo reset` (not resume) plays it again from the start
        self.latched = resume and self.store.status(pack.id, inst.id) == "done"
        if resume:
            machine, cwd = self._load(pack, inst)
        if machine is None:
            machine = prepare(inst)
            cwd = start_cwd(machine, inst.setup)
        self.store.set_current(pack.id, inst.id)
        if not self.store.status(pack.id, inst.id):
            self.store.set_status(pack.id, inst.id, "started")
        self.active = Active(pack, inst, machine, cwd)
        self._switched = True
        self.save_machine(cwd)
        self._evaluate(inst.setup.user, cwd)
        return self.active

    def _load(self, pack: Pack, inst: Challenge) -> tuple[Machine | None, str]:
        saved = self.store.load_machine(pack.id)
        if saved is None or saved[0] != inst.id:
            return None, ""
        from shelldojo.filesystem.archive import ArchiveError
        from shelldojo.shell.cloud import load_cloud
        try:
            # every machine of the cloud (an older save of dojo alone gets the default cloud around it)
            net = load_cloud(zlib.decompress(saved[1]))
            for node in net.built():   # load_tar fills booted machines: their model processes come back here
                assert node.machine is not None
                models.restore(node.machine)
            machine = net.main_machine
        except (ArchiveError, OSError, ValueError, zlib.error) as exc:
            self.notice = f"shelldojo: your saved machine could not be read ({exc}); starting the challenge again\n"
            return None, ""
        where = self._where(pack.id)
        if where.get("challenge") == inst.id:
            self.commands = [str(c) for c in where.get("commands", [])][-MAX_COMMANDS:]
            self.output = str(where.get("output", ""))
            self.latched = bool(where.get("latched", self.latched))
        cwd = str(where.get("cwd", "")) if where.get("challenge") == inst.id else ""
        with acting_as(ROOT):
            if not cwd or not machine.vfs.isdir(cwd):
                cwd = start_cwd(machine, inst.setup)
        return machine, cwd

    def _where(self, pack_id: str) -> dict[str, Any]:
        try:
            value = json.loads(self.store.setting(f"where/{pack_id}") or "{}")
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def start(self, pack: Pack, challenge: Challenge) -> Goal:
        """Go to a challenge (resuming its saved machine if it is the one saved)."""
        self._activate(pack, challenge, resume=True)
        return self.goal()

    def reset(self) -> Goal:
        """The active challenge's machine as it was when the challenge started."""
        a = self.active
        original = a.pack.challenge(a.challenge.id) or a.challenge
        self._activate(a.pack, original, resume=False)
        return self.goal()

    def advance(self, skip: bool = False) -> Goal | None:
        """On to the next challenge not done; None after the last challenge of the last pack."""
        a = self.active
        if skip and self.store.status(a.pack.id, a.challenge.id) != "done":
            self.store.set_status(a.pack.id, a.challenge.id, "skipped")
        nxt = self.following()
        return None if nxt is None else self.start(*nxt)

    # -- after every command line --------------------------------------------------------
    def observe(self, session: Session, line: str, status: int, output: str) -> Turn:
        """Evaluate the checks after a command line; says what the learner should see."""
        if self._switched:  # `dojo next/start/reset` in this line: the old session's commands are stale
            self._switched = self.dojo_ran = False
            return Turn(switched=True)
        self._collect(session)
        if self.dojo_ran:
            self.dojo_ran = False
            return Turn()
        a = self.active
        if self.record is not None:
            self.record({"pack": a.pack.id, "challenge": a.challenge.id, "command": line, "status": status})
        self.output = strip_ansi(output)
        # the learner's shell on the challenge's machine (after `ssh web1`, the one ssh was typed in)
        home = learner_shell(session, a.machine)
        user = home.creds.user or a.challenge.setup.user
        self._evaluate(user, home.cwd, job_states(session))
        if self.solved and self.store.status(a.pack.id, a.challenge.id) != "done":
            self.store.set_status(a.pack.id, a.challenge.id, "done")
            for card in a.challenge.cards:
                self.store.unlock_card(card.command, card.meaning, card.examples, a.pack.id, a.challenge.id)
            return Turn(solved=a.challenge, cards=a.challenge.cards, has_next=self.following() is not None)
        return Turn()

    def _collect(self, session: Session) -> None:
        """Move what every live shell ran into self.commands (a nested shell may end later)."""
        for st in [*(s for s, _, _ in session.shells), session.state]:
            if len(self.commands) < MAX_COMMANDS:
                self.commands.extend(st.commands_run[:MAX_COMMANDS - len(self.commands)])
            st.commands_run.clear()

    def _evaluate(self, user: str, cwd: str, jobs: tuple[str, ...] = ()) -> None:
        a = self.active
        obs = Observation(user=user, cwd=cwd, output=self.output, commands=list(self.commands), jobs=jobs)
        results = evaluate(a.challenge, a.machine, obs)
        if self.latched:  # what the learner did once solved it: the next command does not undo that
            results = [CheckResult(r.check, True) if not r.passed and _about_learner(r) else r for r in results]
        self.results = results
        self.latched = self.latched or self.solved

    @property
    def solved(self) -> bool:
        return bool(self.results) and all(r.passed for r in self.results)

    def visible_results(self) -> list[CheckResult]:
        return visible(self.results)

    def save(self, session: Session) -> None:
        """The learner's machine, cwd and commands into the store (each write a transaction)."""
        self._collect(session)
        base = session.shells[0][0] if session.shells else session.state
        self.save_machine(base.cwd, force=False)

    def save_machine(self, cwd: str, *, force: bool = True) -> None:
        """Save the cloud and where the learner is.  Without `force` (after a command line) the
        machines are archived only when their disks changed since the last save (the VFS counts
        every change), or after SAVE_EVERY lines at the latest: `ls` costs no archive."""
        import io

        from shelldojo.challenges.setup_net import cloud_of
        from shelldojo.shell.cloud import save_cloud
        a = self.active
        net = cloud_of(a.machine)
        for node in net.built():   # the model processes as the learner left them (renice)
            assert node.machine is not None
            models.record(node.machine)
            node.machine.sync_state()   # the services' journal since their last change
        key = (a.pack.id, a.challenge.id, _disk_changes(net))
        if force or key != self._saved_key or self._unsaved_lines >= SAVE_EVERY:
            buf = io.BytesIO()
            save_cloud(net, buf)   # every machine built so far: what the learner did over ssh is kept
            self.store.save_machine(a.pack.id, a.challenge.id, zlib.compress(buf.getvalue(), 1))
            self._saved_key = (a.pack.id, a.challenge.id, _disk_changes(net))
            self._unsaved_lines = 0
        else:
            self._unsaved_lines += 1
        self.store.set_setting(f"where/{a.pack.id}", json.dumps(
            {"challenge": a.challenge.id, "cwd": cwd, "commands": self.commands, "output": self.output[-65536:],
             "latched": self.latched}))

    # -- the bottom bar ------------------------------------------------------------------
    def progress(self) -> Progress:
        shown = self.visible_results()
        failing = next((r for r in shown if not r.passed), None)
        return Progress(self.active.challenge.title, sum(r.passed for r in shown), len(shown), self.solved,
                        None if self.solved or failing is None else failing.message)

    # -- for dojo ------------------------------------------------------------------------
    def goal(self) -> Goal:
        return Goal(self.active.pack, self.active.challenge)

    def hint(self) -> str:
        a = self.active
        hints = a.challenge.hints
        if not hints:
            return "No hints for this challenge.\n"
        used = self.store.hints_used(a.pack.id, a.challenge.id)
        if used >= len(hints):
            n = len(hints)
            return f"Hint {n}/{n}: {hints[-1]}\n(that was the last hint)\n"
        n = self.store.use_hint(a.pack.id, a.challenge.id)
        n = min(n, len(hints))
        return f"Hint {n}/{len(hints)}: {hints[n - 1]}\n"

    def welcome_parts(self) -> Welcome:
        return Welcome(self.notice, self.first_run, self.goal())
