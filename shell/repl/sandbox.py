"""`shelldojo sandbox`: the free-practice REPL on a machine kept in the data dir."""
from __future__ import annotations

import sys

from shelldojo.shell.repl import persist
from shelldojo.shell.repl.app import ReplHooks, run_repl
from shelldojo.shell.repl.welcome import sandbox_welcome


def main(*, fresh: bool = False, data_dir: str | None = None, **kw: object) -> int:
    from shelldojo.shell.machines import data_dir as default_dir
    from shelldojo.shell.session import Session

    where = data_dir or default_dir()
    network, warning = persist.load(where, fresh)
    if warning:
        print(f"shelldojo: {warning}", file=sys.stderr)

    def factory(**io: object) -> Session:
        return Session(network.main_machine, user="learner", interactive=True, **io)  # type: ignore[arg-type]

    def save(session: Session) -> None:
        persist.save(network, where)

    if not sys.stdin.isatty() and "input" not in kw:
        print("shelldojo sandbox: needs a terminal (use `shelldojo run` for scripts)", file=sys.stderr)
        return 2
    try:
        return run_repl(factory, ReplHooks(welcome=sandbox_welcome), save=save, **kw)  # type: ignore[arg-type]
    except KeyboardInterrupt:
        return 130
