"""The coreutils programs behind bash's builtins: /usr/bin/echo, printf, true, false, [ and pwd
are GNU's, not the shell's.  Run by path (`/usr/bin/echo --version`, `env pwd`, `find -exec
echo`), they answer --help and --version as coreutils 9.1 does, and /usr/bin/pwd parses its
options as GNU's (physical by default, its own messages); everything else is the builtin's work.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from shelldojo.shell.texts import verbatim

if TYPE_CHECKING:
    from shelldojo.shell.context import Context

# these take --help/--version only as their one argument (GNU: `echo --help x` echoes)
SOLE = {"echo": "echo", "printf": "printf", "true": "true", "false": "false", "[": "bracket"}
TWINS = {*SOLE, "pwd"}


def _text(prog: str, option: str, argv0: str) -> str:
    """coreutils names itself as it was run in its usage lines (`/usr/bin/echo`, `echo`)."""
    if option == "--version":
        return verbatim("common/coreutils_version").format(name=prog)
    return verbatim(f"programs/{SOLE.get(prog, prog)}_help").format(name=argv0)


def run(prog: str, ctx: Context, argv: list[str], builtin: Callable[[Context, list[str]], int]) -> int:
    """Run the program `prog` (a builtin's coreutils twin) with `argv`."""
    status = 1 if prog == "false" else 0
    if prog in SOLE and len(argv) == 2 and argv[1] in ("--help", "--version"):
        ctx.out(_text(prog, argv[1], argv[0]))
        return status
    if prog == "pwd":
        return _pwd(ctx, argv, builtin)
    return builtin(ctx, argv)


def _pwd(ctx: Context, argv: list[str], builtin: Callable[[Context, list[str]], int]) -> int:
    name, mode, operands = argv[0], "-P", False   # GNU pwd is physical unless -L (no POSIXLY_CORRECT)
    args = iter(argv[1:])
    for arg in args:
        if arg == "--":
            operands = operands or any(True for _ in args)
            break
        if arg in ("--help", "--version"):
            ctx.out(_text("pwd", arg, name))
            return 0
        if arg in ("--logical", "--physical"):
            mode = "-L" if arg == "--logical" else "-P"
        elif arg.startswith("--"):
            ctx.err(f"{name}: unrecognized option '{arg}'\nTry '{name} --help' for more information.\n")
            return 1
        elif arg.startswith("-") and arg != "-":
            for ch in arg[1:]:
                if ch not in "LP":
                    ctx.err(f"{name}: invalid option -- '{ch}'\nTry '{name} --help' for more information.\n")
                    return 1
                mode = f"-{ch}"
        else:
            operands = True
    if operands:
        ctx.err(f"{name}: ignoring non-option arguments\n")
    return builtin(ctx, ["pwd", mode])
