"""The challenge model: what a pack and its challenges say, once loaded from TOML.

A pack is a folder: `pack.toml` (id, title, description, `challenges = [...]` order) and
one `<challenge-id>.toml` per challenge.  The TOML shape of a challenge:

    id = "order-tree"
    title = "A home for Lincoln Park's orders"
    goal = '''Create restaurants/CMG/CHI/LP/orders in your home directory, in one command.'''
    hints = ["mkdir can create missing parents: look in `mkdir --help`.", "Try mkdir -p."]
    points = 1                               # for the grader (default 1)

    [[cards]]                                # the cheat-sheet cards it teaches
    command = "mkdir -p"
    meaning = "make a directory and every missing parent"
    examples = ["mkdir -p a/b/c", "mkdir -p restaurants/CMG/CHI"]

    [variables]                              # per-student variants (seeded by the student)
    order = ["A127B", "B311C", "C042D"]      # a list to draw from, or
    count = { range = [3, 9] }               # an integer range (inclusive)
    # used as {{order}} in goal, hints, setup, checks, solution

    [setup]                                  # all optional
    user = "learner"                         # who the learner is
    cwd = "~"                                # where they start (relative: under their home)
    dirs = ["restaurants"]                   # relative paths are under the learner's home
    files = [{ path = "orders.csv", content = "...", mode = "0644", owner = "learner:learner" }]
    symlinks = [{ path = "latest", target = "orders.csv" }]
    groups = ["cooks"]
    users = [{ name = "bob", groups = ["cooks"], password = "bob" }]
    packages = ["tree"]
    script = "chmod 600 orders.csv"          # shell, run as root after the rest

    [[checks]]                               # one kind key per check, plus its options
    dir = "restaurants/CMG/CHI/LP/orders"
    message = "restaurants/CMG/CHI/LP/orders does not exist yet."
    hidden = false                           # true: shown only once the checks before it pass

    [solution]
    script = "mkdir -p restaurants/CMG/CHI/LP/orders"   # typed as the learner would

Check kinds (the key that names the kind, and its extra keys):
    exists / file / dir / missing = PATH
    symlink = PATH, target = TEXT (optional)
    content_equals / content_contains / content_matches = PATH, text = TEXT (matches: a regex)
    line_count = PATH, count = N
    mode = PATH, is = "0644" (octal text) or "-rw-r--r--"
    owner = PATH, user = NAME (optional), group = NAME (optional)
    package = NAME (installed), or package_missing = NAME
    user_exists = NAME; user_missing = NAME; user_in_group = NAME, group = NAME
    cwd = PATH
    output_contains / output_equals = TEXT (what the last command line printed)
    command_used = NAME (a command the interpreter really ran, after alias expansion)
    script = SHELL (run as root in a copy of the learner's machine; exit 0 = pass)
"""
from __future__ import annotations

from dataclasses import dataclass, field

CHECK_KINDS: dict[str, tuple[str, ...]] = {
    # kind -> the extra keys it accepts (besides message and hidden)
    "exists": (), "file": (), "dir": (), "missing": (),
    "symlink": ("target",),
    "content_equals": ("text",), "content_contains": ("text",), "content_matches": ("text",),
    "line_count": ("count",),
    "mode": ("is",),
    "owner": ("user", "group"),
    "package": (), "package_missing": (),
    "user_exists": (), "user_missing": (), "user_in_group": ("group",),
    "cwd": (),
    "output_contains": (), "output_equals": (),
    "command_used": (),
    "script": (),
}


@dataclass(frozen=True)
class Card:
    command: str
    meaning: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    kind: str                    # one of CHECK_KINDS
    subject: str                 # the kind key's value (a path, a name, text, a script)
    message: str                 # what the learner sees while it fails
    options: dict[str, object] = field(default_factory=dict)
    hidden: bool = False
    line: int = 0                # where it is in its TOML file (for validate's reports)


@dataclass(frozen=True)
class FileSpec:
    path: str
    content: str = ""
    mode: str | None = None
    owner: str | None = None


@dataclass(frozen=True)
class UserSpec:
    name: str
    groups: tuple[str, ...] = ()
    password: str | None = None
    shell: str = "/bin/bash"


@dataclass(frozen=True)
class Setup:
    user: str = "learner"
    cwd: str = "~"
    dirs: tuple[str, ...] = ()
    files: tuple[FileSpec, ...] = ()
    symlinks: tuple[tuple[str, str], ...] = ()     # (path, target)
    groups: tuple[str, ...] = ()
    users: tuple[UserSpec, ...] = ()
    packages: tuple[str, ...] = ()
    script: str = ""


@dataclass(frozen=True)
class Challenge:
    id: str
    title: str
    goal: str
    path: str                                      # the TOML file it came from
    hints: tuple[str, ...] = ()
    cards: tuple[Card, ...] = ()
    setup: Setup = field(default_factory=Setup)
    checks: tuple[Check, ...] = ()
    solution: str = ""
    points: int = 1
    variables: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> choices

    @property
    def teaches(self) -> tuple[str, ...]:
        return tuple(c.command for c in self.cards)


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    description: str
    path: str                                      # the pack's folder
    challenges: tuple[Challenge, ...] = ()

    def challenge(self, challenge_id: str) -> Challenge | None:
        return next((c for c in self.challenges if c.id == challenge_id), None)


class PackError(Exception):
    """A loading error: names the file, the line and the key, and says what was expected."""

    def __init__(self, path: str, line: int, key: str, message: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")
        self.path, self.line, self.key, self.message = path, line, key, message
