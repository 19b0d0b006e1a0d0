"""The simulated internet every cloud can reach: a few well-known sites, served from memory.

downloads.example offers a small tool to "download and install" (a tarball made here with
tarfile, its sha256 sum, and /latest redirecting to it); example.com serves its real page.
Sites answer HTTP and HTTPS alike (no certificates are simulated).
"""
from __future__ import annotations

import gzip
import hashlib
import io
from functools import cache
from importlib import resources

from shelldojo.filesystem.network import Site
from shelldojo.shell.net.message import Request, Response, http_date

TOOL = "tool-1.2"
EPOCH = 1_700_000_000          # the tarball members' mtime (fixed: the same bytes every time)
SERVER = {"example.com": "ECS (dcb/7F84)", "downloads.example": "nginx"}
# site -> {path: where it redirects (302)}
REDIRECTS = {"downloads.example": {"/latest": f"https://downloads.example/{TOOL}.tar.gz"}}
TOOL_SCRIPT = b"""#!/bin/sh
# tool 1.2: the dojo's example download
case "$1" in
  --version) echo "tool 1.2" ;;
  *) echo "tool 1.2: installed and working. Try: tool --version" ;;
esac
"""
TOOL_README = b"""tool 1.2
========

A tiny example program to practise downloading and installing software.

  tar xzf tool-1.2.tar.gz
  cd tool-1.2
  ./tool
  sudo cp tool /usr/local/bin/
"""


def _page(name: str) -> bytes:
    return resources.files("shelldojo.shell.packages").joinpath("data", "internet", name).read_bytes()


@cache
def tool_tarball() -> bytes:
    """tool-1.2.tar.gz: tool-1.2/ with an executable `tool` and a README (fixed bytes)."""
    import tarfile  # only when a cloud is made

    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        def add(name: str, data: bytes | None, mode: int) -> None:
            info = tarfile.TarInfo(name)
            info.mtime, info.mode, info.uname, info.gname = EPOCH, mode, "dojo", "dojo"
            info.uid = info.gid = 1000
            if data is None:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        add(TOOL, None, 0o755)
        add(f"{TOOL}/README", TOOL_README, 0o644)
        add(f"{TOOL}/tool", TOOL_SCRIPT, 0o755)
    return gzip.compress(raw.getvalue(), mtime=EPOCH)


@cache   # the internet's content never changes: made once per process
def sites() -> tuple[Site, ...]:
    tarball = tool_tarball()
    digest = hashlib.sha256(tarball).hexdigest()
    downloads = Site("downloads.example", "203.0.113.10", {
        "/": b"<html><body><h1>downloads.example</h1>\n"
             b'<p><a href="/tool-1.2.tar.gz">tool-1.2.tar.gz</a> (<a href="/SHA256SUMS">SHA256SUMS</a>)</p>\n'
             b"</body></html>\n",
        f"/{TOOL}.tar.gz": tarball,
        "/SHA256SUMS": f"{digest}  {TOOL}.tar.gz\n".encode(),
        f"/{TOOL}.tar.gz.sha256": f"{digest}  {TOOL}.tar.gz\n".encode(),
    }, {f"/{TOOL}.tar.gz": "application/gzip"})
    example = Site("example.com", "93.184.216.34", {"/": _page("example.com.html")},
                   {"/": "text/html; charset=UTF-8"})
    www = Site("www.example.com", "93.184.216.34", example.files, example.content_types)
    return (downloads, example, www)


def _type(site: Site, path: str) -> str:
    if path in site.content_types:
        return site.content_types[path]
    if path.endswith((".html", "/")):
        return "text/html"
    if path.endswith(".gz"):
        return "application/gzip"
    return "text/plain"


def serve(site: Site, request: Request) -> Response:
    path = request.url.path
    headers: list[tuple[str, str]] = []
    moved = REDIRECTS.get(site.name, {}).get(path)
    if moved is not None:
        status, body, headers = 302, b"", [("Location", moved), ("Content-Type", "text/html")]
    elif request.method not in ("GET", "HEAD"):
        status, body = 405, b""
        headers = [("Content-Type", "text/html")]
    elif path in site.files:
        status, body = 200, site.files[path]
        headers = [("Content-Type", _type(site, path))]
    else:
        status, body = 404, b"<html><body><h1>404 Not Found</h1></body></html>\n"
        headers = [("Content-Type", "text/html")]
    resp = Response(status, [("Server", SERVER.get(site.name, "nginx")), ("Date", http_date()), *headers,
                             ("Content-Length", str(len(body)))], body)
    if request.method == "HEAD":
        resp.body = b""
    return resp
