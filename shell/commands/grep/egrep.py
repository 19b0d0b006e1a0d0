"""egrep, fgrep, rgrep: the shell scripts grep 3.8 ships (`exec grep -E "$@"`...).

Debian's grep 3.8 prints no "obsolescent" warning, so neither do we; an error is grep's own
("grep: ..."), as the scripts exec grep.
"""
from __future__ import annotations

import dataclasses

from shelldojo.shell.commands.grep.grep import grep
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command


@command("egrep", family="text", summary="print lines that match extended regular expressions")
def egrep(ctx: Context, argv: list[str]) -> int:
    return _grep(ctx, "-E", argv)


@command("fgrep", family="text", summary="print lines that match fixed strings")
def fgrep(ctx: Context, argv: list[str]) -> int:
    return _grep(ctx, "-F", argv)


@command("rgrep", family="text", summary="print lines that match patterns, recursively")
def rgrep(ctx: Context, argv: list[str]) -> int:
    return _grep(ctx, "-r", argv)


def _grep(ctx: Context, flag: str, argv: list[str]) -> int:
    """exec grep FLAG "$@": grep's own name in its messages."""
    return grep(dataclasses.replace(ctx, name="grep"), ["grep", flag, *argv[1:]])
