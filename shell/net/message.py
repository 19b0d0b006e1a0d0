"""HTTP's model: URLs (split here: urllib is banned in the engine), requests, responses.

shell/net/http.py sends a request; nginx.py, apps.py and internet.py answer it with these.
"""
from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass, field

DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}
REASONS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found",
           304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 405: "Not Allowed", 500: "Internal Server Error",
           502: "Bad Gateway", 503: "Service Unavailable"}
MAX_BODY = 64 * 1024 * 1024   # a response's body (a file served whole): the disk's own limit is lower


@dataclass(frozen=True)
class URL:
    scheme: str
    host: str
    port: int
    target: str           # path and query, as sent on the request line ("/a?b=1")
    user: str = ""
    explicit_port: bool = False

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def authority(self) -> str:
        """host[:port] as the Host: header and Location URLs write it."""
        default = DEFAULT_PORTS.get(self.scheme)
        return f"{self.host}:{self.port}" if self.explicit_port and self.port != default else self.host

    def __str__(self) -> str:
        return f"{self.scheme}://{self.authority}{self.target}"


class BadURL(ValueError):
    """A URL curl calls 'bad/illegal format' (exit 3)."""


def parse_url(text: str, default_scheme: str = "http") -> URL:
    """Split `text` as curl does: a missing scheme means http, a missing path `/`."""
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = default_scheme, text
    scheme = scheme.lower()
    if not scheme or not scheme.replace("+", "").replace("-", "").replace(".", "").isalnum():
        raise BadURL(text)
    cut = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    authority, target = rest[:cut], rest[cut:].split("#", 1)[0]
    user, _, hostport = authority.rpartition("@")
    host, colon, port_text = hostport.partition(":")
    if not host or any(c in host for c in " \t<>\"{}|\\^`[]"):
        raise BadURL(text)
    if colon and port_text and not (port_text.isdigit() and 0 < int(port_text) < 65536):
        raise BadURL(text)
    port = int(port_text) if port_text else DEFAULT_PORTS.get(scheme, 0)
    if target.startswith("?"):
        target = "/" + target
    return URL(scheme, host.lower(), port, target or "/", user, bool(port_text))


def join_url(base: URL, location: str) -> URL:
    """A Location header's URL, relative ones taken against `base`."""
    if "://" in location:
        return parse_url(location)
    if location.startswith("/"):
        return URL(base.scheme, base.host, base.port, location, base.user, base.explicit_port)
    directory = base.path.rsplit("/", 1)[0]
    return URL(base.scheme, base.host, base.port, f"{directory}/{location}", base.user, base.explicit_port)


@dataclass
class Request:
    method: str
    url: URL
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    client: str = "10.0.0.10"     # the asking machine's address (access.log)

    def header(self, name: str) -> str:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return ""

    @property
    def request_line(self) -> str:
        return f"{self.method} {self.url.target} HTTP/1.1"

    @property
    def user_agent(self) -> str:
        return self.header("User-Agent") or "-"


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    reason: str = ""

    def __post_init__(self) -> None:
        self.reason = self.reason or REASONS.get(self.status, "Unknown")

    def header(self, name: str) -> str:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return ""

    @property
    def status_line(self) -> str:
        return f"HTTP/1.1 {self.status} {self.reason}"

    def head_bytes(self) -> bytes:
        lines = [self.status_line, *(f"{k}: {v}" for k, v in self.headers), "", ""]
        return "\r\n".join(lines).encode("latin-1", "replace")


def http_date(when: float | None = None) -> str:
    """RFC 7231's IMF-fixdate, as every server writes Date: and Last-Modified:."""
    return email.utils.formatdate(time.time() if when is None else when, usegmt=True)
