"""Loading a challenge's cloud: `[setup.machines.NAME]` tables, `hosts` lines, `machine =` on checks.

`[setup.machines.web1]` takes the keys of [setup] (files, users, packages, services, script...)
applied to that machine, plus a few of its own for a machine the pack adds (any name other
than the default cloud's): address, openssh, learner_key, and [[setup.machines.NAME.http]]
services.  Every mistake names its file, line and key, as every other key does.
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import Any

from shelldojo.challenges.loader_procs import Reader
from shelldojo.challenges.model import HttpRoute, HttpServiceSpec, MachineSetup, Setup
from shelldojo.filesystem.network import MAX_MACHINES
from shelldojo.shell.cloud import CLOUD, SUBNET

MACHINE_KEYS = {"address", "openssh", "learner_key", "http"}   # besides [setup]'s own keys
NOT_ON_MACHINES = {"cwd", "machines"}        # the learner stands on dojo; machines are listed once
HTTP_KEYS = {"name", "port", "routes", "user", "content_type"}
ROUTE_KEYS = {"path", "body", "file", "script", "content_type"}
ANSWERS = ("body", "file", "script")
NAME_RE = re.compile(r"^[a-z][a-z0-9-]{0,30}$")
UNIT_RE = re.compile(r"^[a-z][a-z0-9-]{0,30}$")
MAX_ROUTES = 200
MAIN = "dojo"

SetupParser = Callable[[Reader, Any, tuple, set[str]], Setup]


def hosts_lines(r: Reader, s: dict, where: tuple) -> tuple[str, ...]:
    """`hosts = ["10.0.0.11 kitchen"]`: /etc/hosts lines (an IPv4 address, then names)."""
    lines = r.strings(s, "hosts", where)
    for line in lines:
        fields = line.split()
        problem = "expected an address and at least one name" if len(fields) < 2 or "\n" in line else None
        if problem is None and "{{" not in fields[0]:
            try:
                ipaddress.IPv4Address(fields[0])
            except ValueError:
                problem = f"{fields[0]!r} is not an IPv4 address"
        if problem:
            raise r.fail((*where, "hosts"), f"{line!r}: {problem}")
    return lines


def machine_setups(r: Reader, s: dict, setup_keys: set[str], parse: SetupParser) -> tuple[MachineSetup, ...]:
    """`[setup.machines.NAME]` tables, in their order; new machines get the next free addresses."""
    tables = r.get(s, "machines", dict, ("setup",), {}, "tables [setup.machines.NAME]")
    used = {address for address, _ in CLOUD.values()}
    out = []
    for name, table in tables.items():
        where = (f"setup.machines.{name}",)
        if not NAME_RE.match(name) or name == MAIN:
            why = ("dojo is the learner's machine: its setup is [setup] itself" if name == MAIN
                   else "a machine name is lowercase letters, digits and dashes, starting with a letter")
            raise r.fail(where, why)
        if not isinstance(table, dict):
            raise r.fail(where, f"expected a table [setup.machines.{name}]")
        new = name not in CLOUD
        own = MACHINE_KEYS if new else {"http", "learner_key"}
        r.keys(table, (setup_keys - NOT_ON_MACHINES) | own, where)
        setup = parse(r, {k: v for k, v in table.items() if k not in MACHINE_KEYS}, where, setup_keys)
        address = r.get(table, "address", str, where, "")
        if "{{" in address:
            pass   # a {{variable}}'s address: checked when the setup is built (validate builds each variant)
        elif address:
            try:
                ipaddress.IPv4Address(address)
            except ValueError:
                raise r.fail((*where, "address"), f"{address!r} is not an IPv4 address") from None
            if address in used:
                raise r.fail((*where, "address"), f"{address} is already another machine's")
        elif new:
            address = next(f"{SUBNET}.{n}" for n in range(13, 250) if f"{SUBNET}.{n}" not in used)
        used.add(address)
        out.append(MachineSetup(name, setup, address if new else "", r.get(table, "openssh", bool, where, True),
                                r.get(table, "learner_key", bool, where, True), _http(r, table, where)))
    if len(out) + sum(1 for n in CLOUD if n not in tables) > MAX_MACHINES:
        raise r.fail(("setup", "machines"), f"at most {MAX_MACHINES} machines in a challenge's cloud")
    return tuple(out)


def _http(r: Reader, table: dict, where: tuple) -> tuple[HttpServiceSpec, ...]:
    """[[setup.machines.NAME.http]]: name, port, user, content_type, routes = [{ path, body | file |
    script, content_type }] (shell/net/apps.py serves them)."""
    out = []
    for i, h in enumerate(r.get(table, "http", list, where, [], "an array of tables [[...http]]")):
        at = (f"{where[0]}.http", i)
        if not isinstance(h, dict):
            raise r.fail((*where, "http"), "expected an array of tables [[...http]]")
        r.keys(h, HTTP_KEYS, at)
        name = r.get(h, "name", str, at, what="the service's unit name (orders -> orders.service)")
        if not UNIT_RE.match(name):
            raise r.fail((*at, "name"), "a unit name is lowercase letters, digits and dashes")
        port = r.get(h, "port", int, at, 80)
        if not 1 <= port <= 65535:
            raise r.fail((*at, "port"), "expected a port from 1 to 65535")
        routes = []
        raw = r.get(h, "routes", list, at, what="a list of tables { path = ..., body = ... }")
        if not raw or len(raw) > MAX_ROUTES:
            raise r.fail((*at, "routes"), f"expected 1 to {MAX_ROUTES} routes")
        for route in raw:
            if not isinstance(route, dict):
                raise r.fail((*at, "routes"), "expected a list of tables { path = ..., body = ... }")
            r.keys(route, ROUTE_KEYS, (*at, "routes"))
            path = r.get(route, "path", str, (*at, "routes"))
            if not path.startswith("/"):
                raise r.fail((*at, "routes"), f"path {path!r}: expected a URL path starting with /")
            answers = [k for k in ANSWERS if k in route]
            if len(answers) != 1:
                raise r.fail((*at, "routes"), f"route {path}: expected exactly one of body, file or script")
            at_route = (*at, "routes")
            routes.append(HttpRoute(path, r.get(route, "body", str, at_route, None),
                                    r.get(route, "file", str, at_route, ""), r.get(route, "script", str, at_route, ""),
                                    r.get(route, "content_type", str, at_route, "")))
        out.append(HttpServiceSpec(name, port, tuple(routes), r.get(h, "user", str, at, "root"),
                                   r.get(h, "content_type", str, at, "application/json")))
    return tuple(out)


def machine_names(setup: Setup) -> set[str]:
    """Every machine a check may name: the default cloud's and the challenge's own."""
    return set(CLOUD) | {m.name for m in setup.machines}
