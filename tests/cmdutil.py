"""Run one registered command directly (no parser/interpreter), for command unit tests."""
from __future__ import annotations

from dataclasses import dataclass

from shelldojo.filesystem import Machine, accounts, acting_as
from shelldojo.shell.budget import Budget
from shelldojo.shell.context import Context
from shelldojo.shell.limits import Limits
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.registry import load_all
from shelldojo.shell.streams import BufferOutput, BytesInput


@dataclass
class Result:
    status: int
    out: str
    err: str


class DirectRunner:
    """Runs argv through the registry only (enough for xargs / find -exec in unit tests)."""

    def run_argv(self, ctx: Context, argv: list[str]) -> int:
        info = load_all().get(argv[0].rsplit("/", 1)[-1])
        if info is None:
            ctx.err(f"{argv[0]}: command not found\n")
            return 127
        sub = Context(argv[0], ctx.machine, ctx.cwd, ctx.env, ctx.stdin, ctx.stdout, ctx.stderr,
                      ctx.creds, ctx.limits, ctx.budget, ctx.runner)
        return info.func(sub, argv)


ENV = {"HOME": "/home/learner", "USER": "learner", "LOGNAME": "learner", "SHELL": "/bin/bash",
       "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
       "PWD": "/home/learner", "HOSTNAME": "dojo"}


def run(argv: list[str], machine: Machine | None = None, stdin: bytes = b"",
        cwd: str = "/home/learner", user: str = "learner") -> Result:
    machine = machine or fresh_machine()
    creds = accounts.credentials_for(machine.vfs, user)
    assert creds is not None
    info = load_all()[argv[0]]
    out, err = BufferOutput(), BufferOutput()
    limits = Limits()
    ctx = Context(argv[0], machine, cwd, dict(ENV), BytesInput(stdin), out, err, creds, limits,
                  Budget(limits.wall_time_s, limits.max_commands), DirectRunner())
    with acting_as(creds):
        machine.fake.umask = 0o022
        status = info.func(ctx, argv)
    return Result(status, out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace"))
