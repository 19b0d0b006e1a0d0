"""The check kinds: one table, one entry per kind.

An entry declares the kind's extra TOML keys (and how each is validated), how it judges a
machine, and what a passing check confirms to the learner.  The loader, the checker
(checks.py), validate and the grader all read `KINDS`; adding a kind is adding one entry.

Judges run as root (the learner's permissions never hide the answer) and read the machine
only through its VFS and the machine's own databases (accounts, dpkg); an OSError means the
check fails.  A kind that `changes_machine` (a shell script) is handed a copy of the machine
unless the caller says the machine is disposable.
"""
from __future__ import annotations

import re
import stat as st
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shelldojo.challenges import check_kinds_net as net
from shelldojo.challenges import check_kinds_sql as sql
from shelldojo.challenges.model import Check, Observation
from shelldojo.challenges.setup import resolve, run_as
from shelldojo.filesystem import Machine, accounts
from shelldojo.filesystem.processes import Process
from shelldojo.filesystem.units import unit_name
from shelldojo.shell.limits import Limits
from shelldojo.shell.packages.db import Database

SCRIPT_LIMITS = Limits(wall_time_s=5.0, max_commands=50_000)
MODE_RE = re.compile(r"0?[0-7]{3,4}|[-dl][-rwxsStT]{9}")
MODE_TEXT = 'a mode like "0644" or "-rw-r--r--"'


class CheckBroken(Exception):
    """The check itself could not run (its script hit a limit...): the message says why."""


@dataclass(frozen=True)
class Option:
    """An extra TOML key of a check kind."""
    key: str
    type: type = str
    required: bool = False
    what: str = ""                                      # how the loader names the expected value
    verify: Callable[[Any], str | None] | None = None   # why a well-typed value is unusable, or None
    names_machine: bool = False                         # its value names a machine of the cloud


Judge = Callable[[Check, Machine, Observation], bool]
# `passed`: the author's words for what the check confirms once it passes, taken by the kinds
# whose own words cannot say it (a script's "done"; two checks of one file's text read alike)
PASSED = Option("passed", what="the text the learner sees once the check passes")


@dataclass(frozen=True)
class CheckKind:
    name: str                     # the TOML key that names the kind; its value is the check's subject
    judge: Judge                  # True: passes (raises CheckBroken when it cannot run)
    confirms: str | Callable[[Check], str]  # what a passing check tells the learner ({subject}, {option})
    options: tuple[Option, ...] = ()
    changes_machine: bool = False
    # judged on what the learner did (last output, commands, where they stand), not on the
    # machine: the trainer keeps such a check passed once the challenge is solved
    about_learner: bool = False
    subject: type = str           # int: the TOML value is a number (`jobs = 1`), kept as its text
    verify: Callable[[str], str | None] | None = None   # why a subject is unusable, or None
    # why the options, each well formed, do not go together (`rows` and `value`), or None
    verify_options: Callable[[dict[str, Any]], str | None] | None = None
    # validate's account of a failing check beyond its message (both result sets of a query)
    explain: Callable[[Check, Machine, Observation], str] | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(o.key for o in self.options)

    def describe(self, check: Check) -> str:
        passed = check.options.get(PASSED.key)
        if isinstance(passed, str) and passed.strip():
            return passed
        said = self.confirms(check) if callable(self.confirms) else \
            self.confirms.format_map(_Fields(check.options, subject=check.subject))
        return f"{said} on {check.machine}" if check.machine else said   # "nginx is active on web1"


class _Fields(dict):
    """`confirms` placeholders: an option the check lacks reads as None."""

    def __missing__(self, key: str) -> str:
        return "None"


# ----------------------------------------------------------------------------- judges
def _path(check: Check, machine: Machine, obs: Observation) -> str:
    return resolve(machine, obs.user, check.subject)


def _exists(check: Check, machine: Machine, obs: Observation) -> bool:
    return machine.vfs.exists(_path(check, machine, obs), follow=False)


def _file(check: Check, machine: Machine, obs: Observation) -> bool:
    path = _path(check, machine, obs)
    return machine.vfs.isfile(path) and not machine.vfs.islink(path)


def _dir(check: Check, machine: Machine, obs: Observation) -> bool:
    path = _path(check, machine, obs)
    return machine.vfs.isdir(path) and not machine.vfs.islink(path)


def _missing(check: Check, machine: Machine, obs: Observation) -> bool:
    return not _exists(check, machine, obs)


def _symlink(check: Check, machine: Machine, obs: Observation) -> bool:
    path = _path(check, machine, obs)
    return machine.vfs.islink(path) and ("target" not in check.options
                                         or machine.vfs.readlink(path) == check.options["target"])


def _content(test: Callable[[str, Check], bool]) -> Judge:
    """A judge of a regular file's text (a missing file or a directory fails)."""
    def judge(check: Check, machine: Machine, obs: Observation) -> bool:
        path = _path(check, machine, obs)
        if not machine.vfs.isfile(path):
            return False
        return test(machine.vfs.read_bytes(path).decode("utf-8", "replace"), check)
    return judge


def _text(check: Check) -> str:
    return str(check.options.get("text", ""))


def _mode_matches(mode: int, want: str) -> bool:
    if want[0] in "-dl":
        return st.filemode(mode)[1:] == want[1:] and (want[0] == "-" or st.filemode(mode)[0] == want[0])
    return (mode & 0o7777) == int(want, 8)


def _mode(check: Check, machine: Machine, obs: Observation) -> bool:
    path = _path(check, machine, obs)
    return machine.vfs.exists(path, follow=False) and _mode_matches(machine.vfs.lstat(path).st_mode,
                                                                    str(check.options["is"]))


def _owner(check: Check, machine: Machine, obs: Observation) -> bool:
    path, vfs, opt = _path(check, machine, obs), machine.vfs, check.options
    if not vfs.exists(path, follow=False):
        return False
    s = vfs.lstat(path)
    return ("user" not in opt or accounts.user_name(vfs, s.st_uid) == opt["user"]) \
        and ("group" not in opt or accounts.group_name(vfs, s.st_gid) == opt["group"])


def _package(check: Check, machine: Machine, obs: Observation) -> bool:
    return Database(machine.vfs).installed(check.subject)


def _user_exists(check: Check, machine: Machine, obs: Observation) -> bool:
    return accounts.user_by_name(machine.vfs, check.subject) is not None


def _user_in_group(check: Check, machine: Machine, obs: Observation) -> bool:
    user = accounts.user_by_name(machine.vfs, check.subject)
    group = accounts.group_by_name(machine.vfs, str(check.options["group"]))
    return user is not None and group is not None and (user.gid == group.gid or user.name in group.members)


def _cwd(check: Check, machine: Machine, obs: Observation) -> bool:
    return bool(obs.cwd) and machine.vfs.realpath(obs.cwd) == machine.vfs.realpath(_path(check, machine, obs))


def _script(check: Check, machine: Machine, obs: Observation) -> bool:
    # scripts start in the learner's home, as check paths are relative to it
    status, _out, err = run_as(machine, "root", check.subject, resolve(machine, obs.user, "~"), SCRIPT_LIMITS)
    if status == 124 and "shelldojo:" in err:
        raise CheckBroken(f"the check script hit a limit: {err.strip()[:200]}")
    return status == 0


SERVICE_STATES = ("active", "inactive", "failed", "enabled", "disabled")


def _service(check: Check, machine: Machine, obs: Observation) -> bool:
    """What `systemctl is-active` / `is-enabled` would answer for the unit."""
    manager = machine.services
    unit = manager.find(check.subject)
    want = str(check.options["is"])
    if want in ("enabled", "disabled"):
        return unit is not None and manager.enabled(unit) == want
    manager.check_alive(check.subject)
    return manager.state(check.subject).active == want


def _service_state_error(text: str) -> str | None:
    return None if text in SERVICE_STATES else f"expected one of {', '.join(SERVICE_STATES)}"


PROCESS_STATES = ("R", "S", "T", "Z", "D")
JOB_STATES = ("running", "stopped")


def _processes(check: Check, machine: Machine) -> list[Process]:
    """The live processes named `subject` (its comm or program file), of `user` when given."""
    name, user = check.subject, check.options.get("user")
    uid = None
    if user is not None:
        account = accounts.user_by_name(machine.vfs, str(user))
        if account is None:
            return []
        uid = account.uid
    return [p for p in machine.procs if not p.kernel and p.state != "Z" and (uid is None or p.uid == uid)
            and (p.comm == name or (p.argv and p.argv[0].rsplit("/", 1)[-1] == name))]


def _process(check: Check, machine: Machine, obs: Observation) -> bool:
    want = check.options.get("state")
    return any(want is None or p.state == want for p in _processes(check, machine))


def _process_state_error(text: str) -> str | None:
    return None if text in PROCESS_STATES else f"expected one of {', '.join(PROCESS_STATES)} (as ps's STAT)"


def _jobs(check: Check, machine: Machine, obs: Observation) -> bool:
    want = check.options.get("state")
    return sum(1 for j in obs.jobs if (j == want if want else j in JOB_STATES)) == int(check.subject)


def _jobs_subject_error(text: str) -> str | None:
    return None if text.isdigit() else "expected a number of jobs (0 or more)"


def _job_state_error(text: str) -> str | None:
    return None if text in JOB_STATES else f"expected one of {', '.join(JOB_STATES)}"


def _journal_contains(check: Check, machine: Machine, obs: Observation) -> bool:
    unit = check.options.get("unit")
    want = unit_name(str(unit)) if unit else None
    return any(check.subject in e.message for e in machine.services.journal.entries
               if want is None or e.unit == want)


def _sql(check: Check, machine: Machine, obs: Observation) -> bool:
    try:
        return sql.judge_sql(check, machine, obs)
    except sql.QueryBroken as exc:
        raise CheckBroken(f"the sql check's query cannot run: {exc}") from None


def _negated(judge: Judge) -> Judge:
    return lambda check, machine, obs: not judge(check, machine, obs)


# ----------------------------------------------------------------------------- options
def _regex_error(text: str) -> str | None:
    try:
        re.compile(text)
    except re.error as exc:
        return f"not a valid regular expression: {exc}"
    return None


def _mode_error(text: str) -> str | None:
    return None if MODE_RE.fullmatch(text) else f"expected {MODE_TEXT}"


TEXT = Option("text", required=True)
TEXT_PASSED = (TEXT, PASSED)


# ----------------------------------------------------------------------------- what passing says
def _quoted(text: str) -> str | None:
    """A short one-line text as the learner can read it in a sentence, else None."""
    text = text.strip("\n")
    return f"“{text}”" if text and "\n" not in text and len(text) <= 40 else None


def _contains_says(check: Check) -> str:
    shown = _quoted(_text(check))
    return f"{check.subject} contains {shown}" if shown else f"{check.subject} has the expected text"


def _printed_says(check: Check) -> str:
    shown = _quoted(check.subject)
    return f"your last command printed {shown}" if shown else "your last command printed what was asked"


def _owner_says(check: Check) -> str:
    user, group = check.options.get("user"), check.options.get("group")
    if user and group:
        return f"{check.subject} belongs to {user}:{group}"
    return f"{check.subject} belongs to user {user}" if user else f"{check.subject} belongs to group {group}"


def _process_says(check: Check) -> str:
    user, state = check.options.get("user"), check.options.get("state")
    who = f" as {user}" if user else ""
    return f"{check.subject} is running{who}" + (f" (state {state})" if state else "")


def _process_missing_says(check: Check) -> str:
    user = check.options.get("user")
    return f"no {check.subject} process of {user} is left" if user else f"no {check.subject} process is left"


def _jobs_says(check: Check) -> str:
    n, state = int(check.subject), check.options.get("state")
    kind = f"{state} " if state else ""
    return "you have no jobs left" if n == 0 and not state else f"you have {n} {kind}job{'s' * (n != 1)}"


def _journal_says(check: Check) -> str:
    shown = _quoted(check.subject)
    unit = check.options.get("unit")
    where = f"{unit}'s journal" if unit else "the journal"
    return f"{where} says {shown}" if shown else f"{where} has the expected line"


def _command_says(check: Check) -> str:
    return f"your last command was {check.subject}" if check.options.get("last") else f"you used {check.subject}"


def _command_used(check: Check, machine: Machine, obs: Observation) -> bool:
    if check.options.get("last"):
        return bool(obs.commands) and obs.commands[-1] == check.subject
    return check.subject in obs.commands


# ----------------------------------------------------------------------------- the table
KINDS: dict[str, CheckKind] = {k.name: k for k in (
    CheckKind("exists", _exists, "{subject} exists"),
    CheckKind("file", _file, "{subject} is a file"),
    CheckKind("dir", _dir, "{subject} is a directory"),
    CheckKind("missing", _missing, "{subject} is gone"),
    CheckKind("symlink", _symlink, "{subject} is a symbolic link", (Option("target"), PASSED)),
    CheckKind("content_equals", _content(lambda text, c: text.rstrip("\n") == _text(c).rstrip("\n")),
              "{subject} says exactly what it should", TEXT_PASSED),
    CheckKind("content_contains", _content(lambda text, c: _text(c) in text),
              _contains_says, TEXT_PASSED),
    CheckKind("content_matches", _content(lambda text, c: re.search(_text(c), text, re.MULTILINE) is not None),
              "{subject} has the expected form", (Option("text", required=True, verify=_regex_error), PASSED)),
    CheckKind("line_count", _content(lambda text, c: len(text.splitlines()) == c.options["count"]),
              "{subject} has {count} lines", (Option("count", int, required=True), PASSED)),
    CheckKind("mode", _mode, "{subject} has the permissions {is}",
              (Option("is", required=True, what=MODE_TEXT, verify=_mode_error), PASSED)),
    CheckKind("owner", _owner, _owner_says, (Option("user"), Option("group"), PASSED)),
    CheckKind("package", _package, "{subject} is installed"),
    CheckKind("package_missing", _negated(_package), "{subject} is not installed"),
    CheckKind("user_exists", _user_exists, "user {subject} exists"),
    CheckKind("user_missing", _negated(_user_exists), "user {subject} is gone"),
    CheckKind("user_in_group", _user_in_group, "{subject} is in group {group}",
              (Option("group", required=True),)),
    CheckKind("cwd", _cwd, "you are in {subject}", about_learner=True),
    CheckKind("output_contains", lambda c, m, obs: c.subject in obs.output, _printed_says,
              (PASSED,), about_learner=True),
    CheckKind("output_equals", lambda c, m, obs: obs.output.rstrip("\n") == c.subject.rstrip("\n"),
              "your last command printed what was asked", (PASSED,), about_learner=True),
    CheckKind("command_used", _command_used, _command_says, (Option("last", bool), PASSED), about_learner=True),
    CheckKind("script", _script, "done", (PASSED,), changes_machine=True),
    CheckKind("service", _service, "{subject} is {is}",
              (Option("is", required=True, what="active, inactive, failed, enabled or disabled",
                      verify=_service_state_error), PASSED)),
    CheckKind("process", _process, _process_says,
              (Option("user"), Option("state", what="R, S, T, Z or D", verify=_process_state_error), PASSED)),
    CheckKind("process_missing", _negated(_process),
              _process_missing_says, (Option("user"), PASSED)),
    CheckKind("jobs", _jobs, _jobs_says, (Option("state", what="running or stopped", verify=_job_state_error),
                                          PASSED), about_learner=True, subject=int, verify=_jobs_subject_error),
    CheckKind("journal_contains", _journal_contains, _journal_says, (Option("unit"), PASSED)),
    CheckKind("http", net.judge_http, net.http_says,
              (Option("from", what="a machine of the cloud", names_machine=True),
               Option("status", int, verify=net.status_error), Option("body_contains"),
               Option("body_matches", verify=_regex_error), Option("header", what='"Name" or "Name: value"'),
               PASSED), verify=net.url_error),
    CheckKind("sql", _sql, sql.sql_says,
              (Option("query", required=True, what="an SQL query", verify=sql.query_error),
               Option("rows", list, verify=sql.rows_error), Option("unordered", bool),
               Option("value", (str, int, float, bool), what="a value"), PASSED),
              verify_options=sql.options_error, explain=sql.explain),
)}
