"""dir and vdir (GNU coreutils 9.1): ls in columns (dir) or long (vdir), always with -b's
escapes, whatever stdout is; the options and everything else are ls's."""
from __future__ import annotations

import dataclasses

from shelldojo.shell.commands.ls.ls import SPEC, Lister
from shelldojo.shell.commands.ls.opts import parse_opts
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_SPECS = {name: dataclasses.replace(SPEC, name=name, help=verbatim(f"ls/{name}_help"),
                                    version=verbatim(f"ls/{name}_version"))
          for name in ("dir", "vdir")}
_MODE = {"dir": [("-C", None), ("-b", None)], "vdir": [("-l", None), ("-b", None)]}


def _run(ctx: Context, argv: list[str], name: str) -> int:
    parsed = _SPECS[name].parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    parsed.options[:0] = _MODE[name]  # the user's own format options still win
    o = parse_opts(ctx, parsed)
    if isinstance(o, int):
        return o
    return Lister(ctx, o).run(parsed.operands or ["."])


@command("dir", family="navigation", summary="list directory contents")
def dir_(ctx: Context, argv: list[str]) -> int:
    return _run(ctx, argv, "dir")


@command("vdir", family="navigation", summary="list directory contents")
def vdir(ctx: Context, argv: list[str]) -> int:
    return _run(ctx, argv, "vdir")
