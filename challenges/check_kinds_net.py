"""The `http` check kind's judge: a GET from a machine of the cloud, as `curl URL` would send it.

The request goes through shell/net/http.py's `fetch` (the same path curl and wget take: names,
ports, nginx, a pack's service, the simulated internet), in-process.  The entry itself is in
check_kinds.KINDS; this module only judges (check_kinds imports it, never the other way).
"""
from __future__ import annotations

import re

from shelldojo.challenges.model import Check, Observation
from shelldojo.challenges.setup_net import detached, target
from shelldojo.filesystem import Machine
from shelldojo.shell.net import http, links

USER_AGENT = "curl/7.81.0"   # the check asks as the learner's curl would


def get(machine: Machine, url: str) -> http.Response | None:
    """The response to GET `url` from `machine` (None: no name, nothing listening, no HTTP).

    The server answering is a copy of the learner's (detached): the checker's request leaves no
    line in its access.log, which the learner may be reading."""
    try:
        parsed = http.parse_url(url)
    except http.BadURL:
        return None
    request = http.Request("GET", parsed, [("Host", parsed.authority), ("User-Agent", USER_AGENT),
                                           ("Accept", "*/*")])
    peer = links.peer(machine, parsed.host)
    server = peer.machine if peer is not None else None
    if server is None or machine.network is None:
        return http.fetch(machine, request).response
    copy = detached(server)
    if server is machine:
        return http.fetch(copy, request).response
    net, machine.network = machine.network, copy.network   # the copy stands in for the server
    try:
        return http.fetch(machine, request).response
    finally:
        machine.network = net


def _header_matches(response: http.Response, want: str) -> bool:
    """`Name` (present) or `Name: value` (its value, compared as written, spaces trimmed)."""
    name, colon, value = want.partition(":")
    got = [v for k, v in response.headers if k.lower() == name.strip().lower()]
    return bool(got) and (not colon or any(v.strip() == value.strip() for v in got))


def judge_http(check: Check, machine: Machine, obs: Observation) -> bool:
    source = str(check.options.get("from", ""))
    response = get(target(machine, source) if source else machine, check.subject)
    if response is None:
        return False
    o = check.options
    body = response.body.decode("utf-8", "replace")
    return (("status" not in o or response.status == o["status"])
            and ("body_contains" not in o or str(o["body_contains"]) in body)
            and ("body_matches" not in o or re.search(str(o["body_matches"]), body, re.MULTILINE) is not None)
            and ("header" not in o or _header_matches(response, str(o["header"]))))


def url_error(text: str) -> str | None:
    try:
        url = http.parse_url(text)
    except http.BadURL:
        return "not a URL curl could fetch"
    return None if url.scheme in ("http", "https") else "expected an http:// or https:// URL"


def status_error(value: int) -> str | None:
    return None if 100 <= value <= 599 else "expected an HTTP status from 100 to 599"


def http_says(check: Check) -> str:
    status = check.options.get("status")
    return f"{check.subject} answers {status}" if status else f"{check.subject} answers as it should"
