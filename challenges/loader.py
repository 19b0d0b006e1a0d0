"""Load packs from TOML (stdlib tomllib), strictly: an unknown key or check kind is an error.

Errors are `PackError`s naming the file, the line and the key, and saying what was
expected.  tomllib reports no positions for valid TOML, so `_Lines` finds a key's line
by scanning the source (tables and arrays of tables in order).
"""
from __future__ import annotations

import os
import re
import tomllib
from typing import Any

from shelldojo.challenges.check_kinds import KINDS
from shelldojo.challenges.loader_net import hosts_lines, machine_names, machine_setups
from shelldojo.challenges.loader_procs import process_specs
from shelldojo.challenges.model import (
    Card,
    Challenge,
    Check,
    CrontabSpec,
    FileSpec,
    Pack,
    PackError,
    ServiceSpec,
    Setup,
    UserSpec,
)

PACK_KEYS = {"id", "title", "description", "challenges"}
CHALLENGE_KEYS = {"id", "title", "goal", "hints", "cards", "setup", "checks", "solution", "points",
                  "variables"}
SETUP_KEYS = {"user", "cwd", "dirs", "files", "symlinks", "groups", "users", "packages", "services", "processes",
              "crontab", "script", "hosts", "machines"}
SERVICE_STATES = ("active", "stopped", "failed")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HEADER = re.compile(r"^\s*\[(\[)?\s*([A-Za-z0-9_.-]+)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


class _Lines:
    """Line numbers of keys: ("checks", 2, "dir") -> the line of `dir =` in the 3rd [[checks]]."""

    def __init__(self, text: str) -> None:
        self.entries: list[tuple[tuple, str, int]] = []   # (table path, key, line)
        table: tuple = ()
        counts: dict[str, int] = {}
        for n, line in enumerate(text.splitlines(), 1):
            m = _HEADER.match(line)
            if m:
                name = m.group(2)
                if m.group(1):  # [[array]]
                    counts[name] = counts.get(name, -1) + 1
                    table = (name, counts[name])
                else:
                    table = (name,)
                self.entries.append((table, "", n))
                continue
            m = _KEY.match(line)
            if m:
                self.entries.append((table, m.group(1), n))

    def find(self, *path: object) -> int:
        *table, key = path if path else ("",)
        best = 0
        for t, k, n in self.entries:
            if t == (*table, key) and not k:  # the key names a [table] or the first [[table]]
                return n
            if t == (*table, key, 0) and not k:
                return n
            if t == tuple(table) and (k == key or not key):
                return n
            if t == tuple(table) and not best:
                best = n
            if not t and k == (table[0] if table else key) and not best:
                best = n
        return best


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        try:
            with open(path, "rb") as f:  # pack files on the host: the instructor's own folder
                raw = f.read()
        except OSError as exc:
            raise PackError(path, 0, "", f"cannot read: {exc.strerror}") from None
        try:
            text = raw.decode("utf-8")
            self.data = tomllib.loads(text)
        except UnicodeDecodeError:
            raise PackError(path, 0, "", "not UTF-8 text") from None
        except tomllib.TOMLDecodeError as exc:
            line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 0
            raise PackError(path, line, "", f"invalid TOML: {exc}") from None
        self.lines = _Lines(text)

    def fail(self, key_path: tuple, message: str) -> PackError:
        key = ".".join(str(k) if not isinstance(k, int) else f"[{k}]" for k in key_path).replace(".[", "[")
        return PackError(self.path, self.lines.find(*key_path), key, message)

    def keys(self, table: dict, allowed: set[str], where: tuple) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail((*where, key), f"unknown key (expected one of: {', '.join(sorted(allowed))})")

    def get(self, table: dict, key: str, kind: type | tuple, where: tuple, default: Any = ...,
            what: str = "") -> Any:
        if key not in table:
            if default is ...:
                raise self.fail((*where, key), f"missing ({what or _kind_name(kind)} expected)")
            return default
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail((*where, key), f"expected {what or _kind_name(kind)}, got {_kind_name(type(value))}")
        return value

    def strings(self, table: dict, key: str, where: tuple) -> tuple[str, ...]:
        value = self.get(table, key, list, where, [], "a list of strings")
        for v in value:
            if not isinstance(v, str):
                raise self.fail((*where, key), "expected a list of strings")
        return tuple(value)


def _kind_name(kind: type | tuple) -> str:
    names = {str: "a string", int: "an integer", list: "a list", dict: "a table", bool: "true or false"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def load_challenge(path: str) -> Challenge:
    r = _Reader(path)
    d = r.data
    r.keys(d, CHALLENGE_KEYS, ())
    cid = r.get(d, "id", str, ())
    if not ID_RE.match(cid):
        raise r.fail(("id",), "expected lowercase letters, digits and dashes")
    stem = os.path.splitext(os.path.basename(path))[0]
    if cid != stem:
        raise r.fail(("id",), f"must match the file name ({stem!r})")
    hints = r.strings(d, "hints", ())
    cards = []
    for i, card in enumerate(r.get(d, "cards", list, (), [], "an array of tables [[cards]]")):
        where = ("cards", i)
        if not isinstance(card, dict):
            raise r.fail(("cards",), "expected an array of tables [[cards]]")
        r.keys(card, {"command", "meaning", "examples"}, where)
        cards.append(Card(r.get(card, "command", str, where), r.get(card, "meaning", str, where),
                          r.strings(card, "examples", where)))
    setup = _setup(r, d.get("setup", {}))
    names = machine_names(setup)
    checks = tuple(_check(r, c, i, names) for i, c in enumerate(r.get(d, "checks", list, (), what="[[checks]]")))
    if not checks:
        raise r.fail(("checks",), "a challenge needs at least one [[checks]]")
    solution = r.get(d, "solution", dict, (), what="a [solution] table with script")
    r.keys(solution, {"script"}, ("solution",))
    points = r.get(d, "points", int, (), 1)
    if points < 0:
        raise r.fail(("points",), "expected a number of points >= 0")
    return Challenge(
        id=cid, title=r.get(d, "title", str, ()), goal=r.get(d, "goal", str, ()).strip(), path=path,
        hints=hints, cards=tuple(cards), setup=setup, checks=checks,
        solution=r.get(solution, "script", str, ("solution",)), points=points,
        variables=_variables(r, d.get("variables", {})))


def _check(r: _Reader, c: Any, i: int, machines: set[str]) -> Check:
    """One [[checks]] table: exactly one kind key, then the options its KINDS entry declares, and
    `machine`: the machine of the cloud it judges (any kind judging a machine, not the learner)."""
    where = ("checks", i)
    if not isinstance(c, dict):
        raise r.fail(("checks",), "expected an array of tables [[checks]]")
    names = ", ".join(KINDS)
    kinds = [k for k in c if k in KINDS]
    if len(kinds) != 1:
        unknown = [k for k in c if k not in KINDS and k not in ("message", "hidden", "machine")
                   and not any(k in kind.keys for kind in KINDS.values())]
        if unknown:
            raise r.fail((*where, unknown[0]), f"unknown check kind (expected one of: {names})")
        what = "no check kind" if not kinds else f"several check kinds ({', '.join(kinds)})"
        raise r.fail(where, f"{what}: a check has exactly one of: {names}")
    kind = KINDS[kinds[0]]
    if "machine" in c and kind.about_learner:
        raise r.fail((*where, "machine"), f"a {kind.name} check is about the learner's own session, "
                                          "not a machine: it takes no machine")
    r.keys(c, {kind.name, "message", "hidden", *kind.keys, *(() if kind.about_learner else ("machine",))}, where)
    machine = r.get(c, "machine", str, where, "")
    if machine and machine not in machines:
        raise r.fail((*where, "machine"), f"no machine {machine!r} in this challenge's cloud "
                                          f"(expected one of: {', '.join(sorted(machines))})")
    subject = c[kind.name]
    if kind.subject is int and isinstance(subject, int) and not isinstance(subject, bool):
        subject = str(subject)       # `jobs = 1`: kept as text, as every subject (and {{n}} fills it)
    if not isinstance(subject, str):
        raise r.fail((*where, kind.name), "expected a number" if kind.subject is int else "expected a string")
    if kind.verify and "{{" not in subject and (problem := kind.verify(subject)):
        raise r.fail((*where, kind.name), problem)
    for option in kind.options:
        if option.required:
            value = r.get(c, option.key, option.type, where, what=option.what)
        elif option.key not in c:
            continue
        elif not isinstance(value := c[option.key], option.type):
            raise r.fail((*where, option.key), f"expected {_kind_name(option.type)}")
        problem = option.verify(value) if option.verify else None
        if option.names_machine and value not in machines:
            problem = f"no machine {value!r} in this challenge's cloud (expected one of: {', '.join(sorted(machines))})"
        if problem:
            raise r.fail((*where, option.key), problem)
    options = {k: v for k, v in c.items() if k in kind.keys}
    if kind.verify_options and (problem := kind.verify_options(options)):
        raise r.fail((*where, kind.name), problem)
    message = r.get(c, "message", str, where, what="the message the learner sees while it fails")
    if not message.strip():
        raise r.fail((*where, "message"), "must not be empty")
    hidden = r.get(c, "hidden", bool, where, False)
    return Check(kind.name, subject, message, options, hidden, r.lines.find(*where, kind.name),
                 "" if machine == "dojo" else machine)


def _setup(r: _Reader, s: Any, where: tuple = ("setup",), allowed: set[str] = SETUP_KEYS) -> Setup:
    """[setup], or a machine's [setup.machines.NAME] (`where`) with the keys it allows."""
    if not isinstance(s, dict):
        raise r.fail(where, "expected a [setup] table")
    r.keys(s, allowed, where)
    files = []
    for i, f in enumerate(r.get(s, "files", list, where, [], "a list of tables")):
        if not isinstance(f, dict):
            raise r.fail((*where, "files"), "expected a list of tables { path = ..., content = ... }")
        r.keys(f, {"path", "content", "mode", "owner"}, (*where, "files"))
        mode = r.get(f, "mode", str, (*where, "files"), None, 'an octal mode like "0644"')
        if mode is not None and not re.fullmatch(r"0?[0-7]{3,4}", mode):
            raise r.fail((*where, "files"), f'file {i + 1}: expected an octal mode like "0644"')
        files.append(FileSpec(_safe_path(r, r.get(f, "path", str, (*where, "files")), (*where, "files")),
                              r.get(f, "content", str, (*where, "files"), ""), mode,
                              r.get(f, "owner", str, (*where, "files"), None)))
    links = []
    for link in r.get(s, "symlinks", list, where, [], "a list of tables"):
        if not isinstance(link, dict):
            raise r.fail((*where, "symlinks"), "expected a list of tables { path = ..., target = ... }")
        r.keys(link, {"path", "target"}, (*where, "symlinks"))
        links.append((_safe_path(r, r.get(link, "path", str, (*where, "symlinks")), (*where, "symlinks")),
                      r.get(link, "target", str, (*where, "symlinks"))))
    users = []
    for u in r.get(s, "users", list, where, [], "a list of tables"):
        if not isinstance(u, dict):
            raise r.fail((*where, "users"), "expected a list of tables { name = ..., groups = [...] }")
        r.keys(u, {"name", "groups", "password", "shell"}, (*where, "users"))
        users.append(UserSpec(r.get(u, "name", str, (*where, "users")), r.strings(u, "groups", (*where, "users")),
                              r.get(u, "password", str, (*where, "users"), None),
                              r.get(u, "shell", str, (*where, "users"), "/bin/bash")))
    services = []
    for sv in r.get(s, "services", list, where, [], "a list of tables"):
        if not isinstance(sv, dict):
            raise r.fail((*where, "services"), "expected a list of tables { name = ..., state = ... }")
        r.keys(sv, {"name", "state", "log", "enabled"}, (*where, "services"))
        state = r.get(sv, "state", str, (*where, "services"), "active")
        if state not in SERVICE_STATES:
            raise r.fail((*where, "services"), f"state {state!r}: expected one of {', '.join(SERVICE_STATES)}")
        services.append(ServiceSpec(r.get(sv, "name", str, (*where, "services")), state,
                                    r.get(sv, "log", str, (*where, "services"), ""),
                                    r.get(sv, "enabled", bool, (*where, "services"), None)))
    return Setup(
        processes=tuple(process_specs(r, r.get(s, "processes", list, where, [], "a list of tables"), ".".join(where))),
        crontab=_crontab(r, s.get("crontab"), where),
        user=r.get(s, "user", str, where, "learner"), cwd=r.get(s, "cwd", str, where, "~"),
        dirs=tuple(_safe_path(r, d, (*where, "dirs")) for d in r.strings(s, "dirs", where)),
        files=tuple(files), symlinks=tuple(links), groups=r.strings(s, "groups", where),
        users=tuple(users), packages=r.strings(s, "packages", where), services=tuple(services),
        script=r.get(s, "script", str, where, ""), hosts=hosts_lines(r, s, where),
        machines=machine_setups(r, s, SETUP_KEYS, _setup) if where == ("setup",) else ())


def _crontab(r: _Reader, c: Any, setup: tuple = ("setup",)) -> CrontabSpec | None:
    where = (*setup, "crontab")
    if c is None:
        return None
    if not isinstance(c, dict):
        raise r.fail(where, 'expected a table { user = "learner", lines = ["0 6 * * * ..."] }')
    r.keys(c, {"user", "lines"}, where)
    lines = r.strings(c, "lines", where)
    if any("\n" in line for line in lines):
        raise r.fail((*where, "lines"), "one crontab line per string (no newlines inside)")
    return CrontabSpec(r.get(c, "user", str, where, ""), lines)


def _safe_path(r: _Reader, path: str, where: tuple) -> str:
    """Setup paths stay inside the machine: no empty names, no NUL (.. is resolved in the machine)."""
    if not path or "\0" in path:
        raise r.fail(where, f"bad path {path!r}")
    return path


def _variables(r: _Reader, v: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(v, dict):
        raise r.fail(("variables",), "expected a [variables] table")
    out = {}
    for name, spec in v.items():
        where = ("variables", name)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise r.fail(where, "variable names are letters, digits and _")
        if isinstance(spec, list) and spec and all(isinstance(x, (str, int)) for x in spec):
            out[name] = tuple(str(x) for x in spec)
        elif isinstance(spec, dict) and set(spec) == {"range"} and isinstance(spec["range"], list) \
                and len(spec["range"]) == 2 and all(isinstance(x, int) for x in spec["range"]) \
                and spec["range"][0] <= spec["range"][1] and spec["range"][1] - spec["range"][0] < 100_000:
            lo, hi = spec["range"]
            out[name] = tuple(str(x) for x in range(lo, hi + 1))
        else:
            raise r.fail(where, "expected a non-empty list of values or { range = [LOW, HIGH] }")
    return out


def load_pack(folder: str) -> Pack:
    """A pack folder: pack.toml and the challenges it lists, in its order (the first error raises)."""
    pack, errors = load_pack_all(folder)
    if errors:
        raise errors[0]
    assert pack is not None
    return pack


def load_pack_all(folder: str) -> tuple[Pack | None, list[PackError]]:
    """The pack with every challenge that loads, and every loading error of every file (validate
    reports them all at once); no pack when pack.toml itself is unusable."""
    try:
        r = _Reader(os.path.join(folder, "pack.toml"))
        d = r.data
        r.keys(d, PACK_KEYS, ())
        pid = r.get(d, "id", str, ())
        if not ID_RE.match(pid):
            raise r.fail(("id",), "expected lowercase letters, digits and dashes")
        order = r.strings(d, "challenges", ())
        if not order:
            raise r.fail(("challenges",), "a pack lists at least one challenge")
        title, description = r.get(d, "title", str, ()), r.get(d, "description", str, (), "").strip()
    except PackError as exc:
        return None, [exc]
    errors: list[PackError] = []
    seen: set[str] = set()
    challenges = []
    for cid in order:
        if cid in seen:
            errors.append(r.fail(("challenges",), f"challenge {cid!r} is listed twice"))
            continue
        seen.add(cid)
        path = os.path.join(folder, f"{cid}.toml")
        if not os.path.exists(path):
            errors.append(r.fail(("challenges",), f"challenge {cid!r} has no file {cid}.toml"))
            continue
        try:
            challenges.append(load_challenge(path))
        except PackError as exc:
            errors.append(exc)
    return Pack(pid, title, description, folder, tuple(challenges)), errors


def source_text(path: str) -> str:
    """A pack file's text ("" when unreadable): validate finds a placeholder's line in it."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:  # the instructor's own pack file
            return f.read()
    except OSError:
        return ""


def builtin_pack_dirs() -> list[str]:
    """The packs shipped with shelldojo (challenges/packs/<pack>/), in their order."""
    root = os.path.join(os.path.dirname(__file__), "packs")
    if not os.path.isdir(root):
        return []
    return [os.path.join(root, name) for name in sorted(os.listdir(root))
            if os.path.exists(os.path.join(root, name, "pack.toml"))]
