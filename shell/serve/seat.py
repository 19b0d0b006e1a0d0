"""One student's trainer on a terminal: what runs in a student's thread, in the class server's
own process or in a worker process (workers.py), the same code either way.

    run = TrainerRun(name, terminal, open_store=..., pack_dirs=[...], packs=[...],
                     on_record=callback, on_state=callback)
    status = run.main()    # in the student's own thread; returns when the trainer ends
    run.stop()             # from any thread: hang up the keyboard, cancel a running line

`terminal` is a LocalTerminal (terminal.py): the pipe input, the Keyboard and the VT100 output
over the connection.  `on_record(entry)` gets each command line (what `--record` writes, for the
dashboard); `on_state(snapshot)` what the student has done, as plain data (it may cross a process
boundary): {"pack", "challenge", "statuses": {pack: {challenge: status}}, "hints": {"p/c": n}}.
`main()` raises Refused when another class server holds the student (the store's lease).
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from shelldojo.challenges.model import Pack
from shelldojo.shell.serve.limits import Refused

log = logging.getLogger("shelldojo.serve")
LEASE_S = 120.0   # a student's lease in the class store, renewed every quarter of it


def holder(pid: int | None = None) -> str:
    """A process (this one by default) as a holder of students' leases: each worker process
    holds its own students'."""
    return f"{os.uname().nodename}:{os.getpid() if pid is None else pid}"


def open_student(name: str, data_dir: str, url: str | None) -> Any:
    """The student's progress store: their rows in the class store (challenges/stores.py)."""
    from shelldojo.challenges.stores import open_student_store
    from shelldojo.shell.serve import pgstore  # noqa: F401 - registers postgresql:// with the stores
    return open_student_store(name, data_dir=data_dir, url=url)


class Download:
    """`dojo cheat --export FILE` over the network: the file goes to the student's browser,
    never to the server's disk (no `send`, as over SSH: refused with a reason)."""

    def __init__(self, send: Callable[[str, str], None] | None) -> None:
        self.send = send

    def resolve(self, name: str) -> str:
        if self.send is None:
            raise ValueError("exporting to a file works in the browser only; `dojo cheat` shows the sheet here")
        return os.path.basename(name.rstrip("/")) or "cheatsheet.txt"

    def write(self, path: str, text: str, replace: bool) -> None:
        assert self.send is not None
        self.send(path, text)


def snapshot(store: Any, packs: Sequence[Pack], active: Any = None) -> dict[str, Any]:
    """What the student has done, from the store: every pack, or only the active one (after a
    command line: the only pack that can have changed)."""
    where = (active.pack.id, active.challenge.id) if active is not None else (store.current() or ("", ""))
    chosen = [active.pack] if active is not None else list(packs)
    statuses = {p.id: store.statuses(p.id) for p in chosen}
    hints: dict[str, int] = {}
    for p in chosen:
        cids = [active.challenge.id] if active is not None else [c.id for c in p.challenges]
        for cid in cids:
            used = store.hints_used(p.id, cid)
            if used:
                hints[f"{p.id}/{cid}"] = used
    return {"pack": where[0], "challenge": where[1], "statuses": statuses, "hints": hints}


class TrainerRun:
    def __init__(self, name: str, terminal: Any, *, open_store: Callable[[str], Any], pack_dirs: Sequence[str],
                 packs: list[Pack], on_record: Callable[[dict[str, Any]], None],
                 on_state: Callable[[dict[str, Any]], None]) -> None:
        self.name, self.terminal = name, terminal
        self.open_store, self.pack_dirs, self.packs = open_store, list(pack_dirs), packs
        self.on_record, self.on_state = on_record, on_state
        self.repl: Any = None
        self.stopped = threading.Event()

    def stop(self) -> None:
        """End the trainer: the input hangs up, a running command line is cancelled."""
        from shelldojo.shell.budget import Interrupted
        self.stopped.set()
        self.terminal.hang_up()
        repl = self.repl
        if repl is not None:
            repl.session.state.budget.cancel(Interrupted())

    def main(self) -> int:
        """The trainer, in an app session of its own (as prompt_toolkit's telnet and SSH servers
        do: without one every thread shares the default, get_app() answers another student's
        application and keys typed while others log in are lost).  A crash is logged and said;
        the server goes on."""
        from prompt_toolkit.application import create_app_session
        t = self.terminal
        try:
            with create_app_session(input=t.pipe, output=t.output):
                return self._run()
        except Refused:
            raise
        except BaseException as exc:  # one student's crash never ends the server
            log.exception("the trainer of %r crashed", self.name)
            t.say(f"\nshelldojo: your session stopped on an internal problem ({type(exc).__name__}); "
                  "your work up to the last command is saved: reconnect to go on.\n")
            return 1

    def _run(self) -> int:
        from shelldojo.shell.interp.foreground import stop_foreground
        from shelldojo.shell.repl.trainer_app import build
        t = self.terminal
        store = self.open_store(self.name)
        claimed = self._claim(store)
        renewer = threading.Thread(target=self._renew, args=(store,), daemon=True) if claimed else None
        try:
            store.set_setting("seed", self.name)  # as `shelldojo --student NAME`: the grader's variants

            def record(entry: dict[str, Any]) -> None:
                self.on_record({**entry, "time": time.time()})

            if self.stopped.is_set():  # taken over or timed out before it began
                return 0
            repl = build(store, record=record, packs=self.pack_dirs, loaded=self.packs, export=Download(t.download),
                         input=t.pipe, output=t.output, stdout=t.sink, stdin=t.keyboard)
            self.repl = repl
            t.keyboard.budget = lambda: repl.session.state.budget
            t.keyboard.stop_job = lambda: stop_foreground(repl.session.state.jobs)
            inner = repl.hooks.after_command

            def after_command(line: str, status: int, out: str) -> None:
                if inner is not None:
                    inner(line, status, out)
                self.on_state(snapshot(store, self.packs, repl.trainer.active))

            repl.hooks.after_command = after_command
            self.on_state(snapshot(store, self.packs))
            if renewer is not None:
                renewer.start()
            if self.stopped.is_set():
                return 0
            return int(repl.run())
        finally:
            self.stopped.set()  # the renewer ends
            if claimed:
                store.release(holder())
            store.close()

    def _claim(self, store: Any) -> bool:
        """Another server process sharing the store may hold this student (challenges/stores.py's
        lease): one trainer per student across processes too."""
        if not hasattr(store, "claim"):
            return False
        if not store.claim(holder(), LEASE_S):
            raise Refused("you are logged in on another class server: close that tab, then try again")
        return True

    def _renew(self, store: Any) -> None:
        while not self.stopped.wait(LEASE_S / 4):
            try:
                store.claim(holder(), LEASE_S)
            except Exception:  # the store went away for a moment: the next round retries
                log.exception("cannot renew the lease of %r", self.name)
