"""`BUILTIN --help`: bash 5.2's builtins that parse options print their `help` text on
stdout and return 2 (the usage status) without running."""
from __future__ import annotations

from functools import lru_cache

from shelldojo.shell.context import Context

# builtins that take no options: `echo --help` prints "--help", `true --help` succeeds
NO_HELP_OPTION = frozenset({"echo", ":", "true", "false", "test", "["})


@lru_cache(maxsize=1)
def _topics() -> frozenset[str]:
    from shelldojo.shell import manpages
    return frozenset(t["name"] for t in manpages.bash_help()["topics"])


def wants_help(name: str, argv: list[str]) -> bool:
    return len(argv) > 1 and argv[1] == "--help" and name not in NO_HELP_OPTION and name in _topics()


def synopsis(name: str) -> str:
    """The builtin's one-line synopsis, as `NAME: usage: SYNOPSIS` prints it."""
    from shelldojo.shell import manpages
    return next(t["synopsis"] for t in manpages.bash_help()["topics"] if t["name"] == name)


def show_help(ctx: Context, name: str) -> int:
    """What `help NAME` prints for a builtin's own topic; status 2, as bash's builtin_help."""
    from shelldojo.shell import manpages
    topic = next(t for t in manpages.bash_help()["topics"] if t["name"] == name)
    ctx.out(f"{name}: {topic['synopsis']}\n{topic['long']}")
    return 2
