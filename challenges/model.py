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
    services = [{ name = "nginx", state = "failed", log = "nginx: [emerg] ..." }]
    processes = [{ name = "dishwasher", cpu = 99.0, memory = "512M" }]   # model processes
    crontab = { user = "learner", lines = ["0 6 * * * /home/learner/open.sh"] }
    script = "chmod 600 orders.csv"          # shell, run as root after the rest

    [[checks]]                               # one kind key per check, plus its options
    dir = "restaurants/CMG/CHI/LP/orders"
    message = "restaurants/CMG/CHI/LP/orders does not exist yet."
    hidden = false                           # true: shown only once the checks before it pass

    [solution]
    script = "mkdir -p restaurants/CMG/CHI/LP/orders"   # typed as the learner would

Check kinds (the key that names the kind, its subject and its extra keys) are the entries
of the table in challenges/check_kinds.py (AUTHORING.md describes each for authors).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Card:
    command: str
    meaning: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    kind: str                    # a key of check_kinds.KINDS
    subject: str                 # the kind key's value (a path, a name, text, a script)
    message: str                 # what the learner sees while it fails
    options: dict[str, object] = field(default_factory=dict)
    hidden: bool = False
    line: int = 0                # where it is in its TOML file (for validate's reports)
    machine: str = ""            # the cloud's machine it judges ("": the learner's own, dojo)


@dataclass(frozen=True)
class CheckResult:
    check: Check
    passed: bool
    error: str | None = None           # the check itself could not run (bad script...)

    @property
    def message(self) -> str:
        return "" if self.passed else self.check.message


@dataclass
class Observation:
    """What the learner did, as the trainer or grader saw it."""
    user: str = "learner"
    cwd: str = ""
    output: str = ""                                   # the last command line's stdout+stderr
    commands: list[str] = field(default_factory=list)  # commands run since the challenge began
    stopped: str | None = None                         # a limit that stopped a command line
    # the learner's shell's jobs, one word each ("running", "stopped", "done"), as `jobs` lists them
    jobs: tuple[str, ...] = ()
    # the command lines the shell ran, each with its first line's number in the answer (lines a
    # command read from the answer as its input, such as sqlite3's SQL, are not among them)
    lines: list[tuple[int, str]] = field(default_factory=list)


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
class ServiceSpec:
    """A service put in a state by the setup: active, stopped, or failed (with what it logged)."""
    name: str
    state: str = "active"
    log: str = ""
    enabled: bool | None = None


@dataclass(frozen=True)
class ProcessSpec:
    """Model processes placed by the setup (`count` copies): a name and numbers, nothing runs.
    `cpu` is a share of one core in percent, `memory` KiB of resident memory (0: the default
    for the program); `ignores` lists signals (TERM, INT, HUP...) the program catches and survives."""
    name: str
    argv: tuple[str, ...] = ()     # the command line ps shows (default: the name)
    user: str = ""                 # default: the learner
    cpu: float = 0.0
    memory: int = 0
    state: str = ""                # R S T Z D (default: R when cpu > 0, else S)
    nice: int = 0
    count: int = 1
    parent: str = ""               # the name of an earlier placed process (default: init)
    ignores: tuple[str, ...] = ()


@dataclass(frozen=True)
class CrontabSpec:
    """A user's crontab as `crontab -` would install it."""
    user: str
    lines: tuple[str, ...] = ()


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
    services: tuple[ServiceSpec, ...] = ()
    processes: tuple[ProcessSpec, ...] = ()
    crontab: CrontabSpec | None = None
    script: str = ""
    hosts: tuple[str, ...] = ()                    # lines added to the machine's /etc/hosts
    machines: tuple[MachineSetup, ...] = ()        # the other machines of the cloud (top level only)


@dataclass(frozen=True)
class HttpRoute:
    """One route of a pack's HTTP service: a URL path (`{param}`s allowed) answered with a fixed
    body, a file (`{param}`s filled in) or a script's stdout (the parameters as its arguments)."""
    path: str
    body: str | None = None
    file: str = ""
    script: str = ""
    content_type: str = ""     # "": the service's


@dataclass(frozen=True)
class HttpServiceSpec:
    """A pack's small HTTP service on a machine (a JSON API): NAME.service listening on `port`."""
    name: str
    port: int = 80
    routes: tuple[HttpRoute, ...] = ()
    user: str = "root"                       # who reads its files and runs its scripts
    content_type: str = "application/json"


@dataclass(frozen=True)
class MachineSetup:
    """`[setup.machines.NAME]`: a machine of the cloud besides the learner's.  web1 and db1 are
    the default cloud's; any other name is a machine of the pack's own, made for the challenge."""
    name: str
    setup: Setup = field(default_factory=Setup)
    address: str = ""          # a new machine's address ("": the next free 10.0.0.x)
    openssh: bool = True       # a new machine runs sshd
    learner_key: bool = True   # the learner's cloud key logs in there (authorized_keys + dojo's ssh config)
    http: tuple[HttpServiceSpec, ...] = ()


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
