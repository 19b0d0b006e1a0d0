"""Evaluate a challenge's checks against a machine and what the learner last did.

Checks judge the machine's state (read as root, so the learner's permissions never hide
the answer), the learner's cwd, the last command line's output and the commands the
interpreter really ran.  `script` checks run in a clone of the machine, so they cannot
change what the learner has.  Checks never touch the real disk.
"""
from __future__ import annotations

import re
import stat as st
from dataclasses import dataclass, field

from shelldojo.challenges.model import Challenge, Check
from shelldojo.challenges.setup import resolve, run_as
from shelldojo.filesystem import ROOT, Machine, accounts, acting_as
from shelldojo.shell.limits import Limits

SCRIPT_LIMITS = Limits(wall_time_s=5.0, max_commands=50_000)


@dataclass
class Observation:
    """What the learner did, as the trainer or grader saw it."""
    user: str = "learner"
    cwd: str = ""
    output: str = ""                                   # the last command line's stdout+stderr
    commands: list[str] = field(default_factory=list)  # commands run since the challenge began
    stopped: str | None = None                         # a limit that stopped a command line


@dataclass(frozen=True)
class CheckResult:
    check: Check
    passed: bool
    error: str | None = None           # the check itself could not run (bad script...)

    @property
    def message(self) -> str:
        return "" if self.passed else self.check.message


def installed_packages(machine: Machine) -> set[str]:
    """Package names dpkg records as installed in /var/lib/dpkg/status."""
    with acting_as(ROOT):
        try:
            text = machine.vfs.read_bytes("/var/lib/dpkg/status").decode("utf-8", "replace")
        except OSError:
            return set()
    found = set()
    for para in text.split("\n\n"):
        name = re.search(r"^Package:\s*(\S+)", para, re.MULTILINE)
        status = re.search(r"^Status:\s*(.+)$", para, re.MULTILINE)
        if name and status and status.group(1).split()[-1] == "installed":
            found.add(name.group(1))
    return found


def _mode_matches(mode: int, want: str) -> bool:
    if want[0] in "-dl":
        return st.filemode(mode)[1:] == want[1:] and (want[0] == "-" or st.filemode(mode)[0] == want[0])
    return (mode & 0o7777) == int(want, 8)


def run_check(check: Check, machine: Machine, obs: Observation) -> CheckResult:
    kind, subject, opt = check.kind, check.subject, check.options
    vfs = machine.vfs

    def path() -> str:
        return resolve(machine, obs.user, subject)

    with acting_as(ROOT):
        try:
            if kind == "exists":
                ok = vfs.exists(path(), follow=False)
            elif kind == "file":
                ok = vfs.isfile(path()) and not vfs.islink(path())
            elif kind == "dir":
                ok = vfs.isdir(path()) and not vfs.islink(path())
            elif kind == "missing":
                ok = not vfs.exists(path(), follow=False)
            elif kind == "symlink":
                ok = vfs.islink(path()) and ("target" not in opt or vfs.readlink(path()) == opt["target"])
            elif kind in ("content_equals", "content_contains", "content_matches", "line_count"):
                if not vfs.isfile(path()):
                    ok = False
                else:
                    text = vfs.read_bytes(path()).decode("utf-8", "replace")
                    want = str(opt.get("text", ""))
                    if kind == "content_equals":
                        ok = text.rstrip("\n") == want.rstrip("\n")
                    elif kind == "content_contains":
                        ok = want in text
                    elif kind == "content_matches":
                        ok = re.search(want, text, re.MULTILINE) is not None
                    else:
                        ok = len(text.splitlines()) == opt["count"]
            elif kind == "mode":
                ok = vfs.exists(path(), follow=False) and _mode_matches(vfs.lstat(path()).st_mode, str(opt["is"]))
            elif kind == "owner":
                s = vfs.lstat(path()) if vfs.exists(path(), follow=False) else None
                ok = s is not None \
                    and ("user" not in opt or accounts.user_name(vfs, s.st_uid) == opt["user"]) \
                    and ("group" not in opt or accounts.group_name(vfs, s.st_gid) == opt["group"])
            elif kind == "package":
                ok = subject in installed_packages(machine)
            elif kind == "package_missing":
                ok = subject not in installed_packages(machine)
            elif kind == "user_exists":
                ok = accounts.user_by_name(vfs, subject) is not None
            elif kind == "user_missing":
                ok = accounts.user_by_name(vfs, subject) is None
            elif kind == "user_in_group":
                user = accounts.user_by_name(vfs, subject)
                group = accounts.group_by_name(vfs, str(opt["group"]))
                ok = user is not None and group is not None and (user.gid == group.gid or user.name in group.members)
            elif kind == "cwd":
                ok = bool(obs.cwd) and vfs.realpath(obs.cwd) == vfs.realpath(path())
            elif kind == "output_contains":
                ok = subject in obs.output
            elif kind == "output_equals":
                ok = obs.output.rstrip("\n") == subject.rstrip("\n")
            elif kind == "command_used":
                ok = subject in obs.commands
            elif kind == "script":
                return _script_check(check, machine, obs)
            else:
                return CheckResult(check, False, f"unknown check kind {kind!r}")
        except OSError:
            ok = False
    return CheckResult(check, bool(ok))


def _script_check(check: Check, machine: Machine, obs: Observation) -> CheckResult:
    copy = machine.clone()
    # scripts start in the learner's home, as check paths are relative to it
    status, _out, err = run_as(copy, "root", check.subject, resolve(copy, obs.user, "~"), SCRIPT_LIMITS)
    if status == 124 and "shelldojo:" in err:
        return CheckResult(check, False, f"the check script hit a limit: {err.strip()[:200]}")
    return CheckResult(check, status == 0)


def evaluate(challenge: Challenge, machine: Machine, obs: Observation) -> list[CheckResult]:
    return [run_check(c, machine, obs) for c in challenge.checks]


def visible(results: list[CheckResult]) -> list[CheckResult]:
    """The checks a learner sees: a hidden one only once every check before it passes."""
    shown = []
    all_before_pass = True
    for r in results:
        if not r.check.hidden or all_before_pass:
            shown.append(r)
        all_before_pass = all_before_pass and r.passed
    return shown
