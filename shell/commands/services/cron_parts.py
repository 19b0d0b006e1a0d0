"""run-parts (debianutils 5.5): what /etc/crontab's hourly/daily/weekly/monthly lines run."""
from __future__ import annotations

import dataclasses
import re

from shelldojo.filesystem import strerror
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.streams import BufferOutput
from shelldojo.shell.texts import verbatim

VALID = re.compile(r"^[a-zA-Z0-9_-]+$")      # the default (Debian cron script) naming rule
# --lsbsysinit (update-motd, init scripts): the LSB hierarchical and Debian names, no dpkg leftovers
LSB_VALID = re.compile(r"^_?([a-z0-9_.]+-)+[a-z0-9]+$|^[a-z0-9][a-z0-9-]*$")
LSB_EXCLUDED = re.compile(r"^[a-z0-9-].*dpkg-(old|dist|new|tmp)$")
FLAGS = ("--test", "--list", "--report", "--verbose", "--exit-on-error", "--lsbsysinit")
TRY = "Try `run-parts --help' for more information.\n"
MAX_OUTPUT = 1 << 20


@command("run-parts", family="services", directory="/usr/bin", summary="run scripts or programs in a directory")
def run_parts(ctx: Context, argv: list[str]) -> int:
    flags: set[str] = set()
    operands: list[str] = []
    for arg in argv[1:]:
        if arg == "--help":                   # debianutils prints its usage on stderr, status 0
            ctx.err(verbatim("services/run-parts_help"))
            return 0
        if arg.startswith("--") and arg != "--":
            if arg not in FLAGS:
                ctx.err(f"run-parts: unrecognized option '{arg}'\n{TRY}")
                return 1
            flags.add(arg)
        else:
            operands.append(arg)
    if len(operands) != 1:
        ctx.err(f"run-parts: missing operand\n{TRY}")
        return 1
    directory = operands[0].rstrip("/") or "/"
    try:
        names = sorted(ctx.vfs.listdir(ctx.abspath(directory)))
    except OSError as exc:
        ctx.err(f"run-parts: failed to open directory {directory}: {strerror(exc)}\n")
        return 1
    status = 0
    for name in names:
        ctx.check()
        path = f"{directory}/{name}"
        full = ctx.abspath(path)
        if not _valid(name, "--lsbsysinit" in flags) or not ctx.vfs.isfile(full):
            continue
        if "--list" in flags:
            ctx.out(path + "\n")
            continue
        if not ctx.vfs.access(full, 1):
            continue
        if "--test" in flags:
            ctx.out(path + "\n")
            continue
        if "--verbose" in flags:
            ctx.err(f"run-parts: executing {path}\n")
        code = _run(ctx, path, report="--report" in flags)
        if code:
            ctx.err(f"run-parts: {path} exited with return code {code}\n")
            status = 1
            if "--exit-on-error" in flags:
                break
    return status


def _valid(name: str, lsb: bool) -> bool:
    if lsb:
        return bool(LSB_VALID.match(name)) and not LSB_EXCLUDED.match(name)
    return bool(VALID.match(name))


def _run(ctx: Context, path: str, *, report: bool) -> int:
    """One script; with --report its name comes first, before its output (if it has any)."""
    if not report:
        return ctx.runner.run_argv(ctx, [path])
    out = BufferOutput(MAX_OUTPUT)
    code = ctx.runner.run_argv(dataclasses.replace(ctx, stdout=out), [path])
    data = out.getvalue()
    if data:
        ctx.out(f"{path}:\n".encode() + data)
    return code
