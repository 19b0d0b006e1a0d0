"""HTTP between the machines of a sandbox: `fetch` sends a request from a machine (the model,
URLs, requests and responses, is message.py's, re-exported here).

No socket is opened: links.py says where the URL's host leads, and the answer is made
in-process by what listens there (nginx on a machine, a pack's HTTP service, a site of the
simulated internet).
"""
from __future__ import annotations

from dataclasses import dataclass

from shelldojo.filesystem import Machine
from shelldojo.shell.net import apps, internet, links, nginx
from shelldojo.shell.net.message import (
    DEFAULT_PORTS,
    MAX_BODY,
    REASONS,
    URL,
    BadURL,
    Request,
    Response,
    http_date,
    join_url,
    parse_url,
)

__all__ = ["DEFAULT_PORTS", "MAX_BODY", "REASONS", "URL", "BadURL", "Fetched", "Request", "Response", "fetch",
           "http_date", "join_url", "parse_url"]


@dataclass(frozen=True)
class Fetched:
    """What one request met: the peer's address, and a response or why there was none."""

    address: str
    response: Response | None
    failure: links.Failure | None = None


def fetch(machine: Machine, request: Request) -> Fetched:
    """Send `request` from `machine`: resolve, connect, let the listener answer."""
    url = request.url
    target, answer = links.connect(machine, url.host, url.port)
    if target is None:
        return Fetched("", None, links.Failure.NO_NAME)
    if isinstance(answer, links.Failure):
        return Fetched(target.address, None, answer)
    net = machine.network
    request.client = links.LOOPBACK if links.is_loopback(target.address) else \
        (net.address_of(machine) if net is not None else links.LOOPBACK)
    if target.site is not None:
        return Fetched(target.address, internet.serve(target.site, request))
    assert target.machine is not None
    if url.scheme == "https":   # no TLS on the machines' servers: the handshake fails
        return Fetched(target.address, None, links.Failure.REFUSED)
    if answer.service == "nginx.service":
        return Fetched(target.address, nginx.serve(target.machine, answer.port, request))
    response = apps.serve(target.machine, answer, request)
    if response is None:   # something listens that speaks no HTTP (sshd): the reply is empty
        return Fetched(target.address, None, None)
    return Fetched(target.address, response)
