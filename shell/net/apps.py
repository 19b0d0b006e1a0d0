"""A pack's small HTTP service: a JSON route file and a systemd unit on a machine.

    /etc/shelldojo/http/NAME.json   {"port": 8080,
                                     "content_type": "application/json",      (optional)
                                     "routes": {"/health": {"body": "ok\\n"},
                                                "/orders/{id}": {"file": "/srv/orders/{id}.json"},
                                                "/stock/{item}": {"script": "/srv/bin/stock"}}}
    /etc/systemd/system/NAME.service  ExecStart=/usr/local/bin/dojo-httpd /etc/shelldojo/http/NAME.json

The service listens on `port` while NAME.service is active.  A route answers a GET (or HEAD)
with a literal body, a file (read as the unit's User=, `{param}`s filled in from the path), or
the stdout of a script run on the machine with the path's parameters as arguments (exit
status non-zero: 500).  A missing file or an unknown path: 404 with a JSON error body.
"""
from __future__ import annotations

import json
import posixpath
import re

from shelldojo.filesystem import ROOT, Machine, accounts, acting_as
from shelldojo.shell.net import links
from shelldojo.shell.net.message import MAX_BODY, Request, Response, http_date

ROUTES_DIR = "/etc/shelldojo/http"
UNIT_DIR = "/etc/systemd/system"
PROGRAM = "/usr/local/bin/dojo-httpd"
SERVER = "dojo-httpd/1.0"
# The program the unit runs: it only waits (the serving is done by the simulation, per request).
PROGRAM_TEXT = ("#!/bin/sh\n# dojo-httpd ROUTES.json: serves the routes of a shelldojo HTTP service\n"
                "exec sleep infinity\n")
_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def install_http_service(machine: Machine, name: str, port: int, routes: dict[str, dict[str, str]], *,
                         content_type: str = "application/json", user: str = "root",
                         description: str = "", start: bool = True) -> None:
    """Write NAME's route file and unit (enabled), and start it (as a challenge's setup does)."""
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name) or not 0 < port < 65536:
        raise ValueError(f"HTTP service {name!r}: bad name or port {port}")
    spec = {"port": port, "content_type": content_type, "user": user, "routes": routes}
    unit = (f"[Unit]\nDescription={description or name + ' HTTP service'}\nAfter=network.target\n\n"
            f"[Service]\nExecStart={PROGRAM} {ROUTES_DIR}/{name}.json\nUser={user}\nRestart=on-failure\n\n"
            "[Install]\nWantedBy=multi-user.target\n")
    vfs = machine.vfs
    with acting_as(ROOT):
        for folder in (ROUTES_DIR, UNIT_DIR, posixpath.dirname(PROGRAM)):
            vfs.makedirs(folder, exist_ok=True)
        vfs.write_bytes(f"{ROUTES_DIR}/{name}.json", (json.dumps(spec, indent=2) + "\n").encode())
        vfs.write_bytes(f"{UNIT_DIR}/{name}.service", unit.encode())
        if not vfs.exists(PROGRAM):
            vfs.write_bytes(PROGRAM, PROGRAM_TEXT.encode())
            vfs.chmod(PROGRAM, 0o755)
        services = machine.services
        services.daemon_reload()
        found = services.find(f"{name}.service")
        if found is not None:
            services.enable(found)
            if start:
                services.start(found)


def _specs(machine: Machine) -> list[tuple[str, dict]]:
    try:
        with acting_as(ROOT):
            names = sorted(n for n in machine.vfs.listdir(ROUTES_DIR) if n.endswith(".json"))
    except OSError:
        return []
    out = []
    for file in names:
        try:
            spec = json.loads("\n".join(links.config_lines(machine, f"{ROUTES_DIR}/{file}")))
        except ValueError:
            continue
        if isinstance(spec, dict) and isinstance(spec.get("port"), int) and isinstance(spec.get("routes"), dict):
            out.append((file.removesuffix(".json"), spec))
    return out


@links.register_listeners
def _services(machine: Machine) -> list[links.Listener]:
    found = []
    for name, spec in _specs(machine):
        up, pid = links.active(machine, f"{name}.service")
        if up:
            found.append(links.Listener(spec["port"], f"{name}.service", "dojo-httpd", pid, ipv6=False))
    return found


def _match(pattern: str, path: str) -> dict[str, str] | None:
    regex = "^" + _PARAM.sub(lambda m: f"(?P<{m.group(1)}>[^/]+)", re.escape(pattern).replace(r"\{", "{")
                             .replace(r"\}", "}")) + "$"
    try:
        found = re.match(regex, path)
    except re.error:
        return None
    return found.groupdict() if found else None


def serve(machine: Machine, listener: links.Listener, request: Request) -> Response | None:
    """The answer of the pack service behind `listener`; None when it is no HTTP service."""
    for name, spec in _specs(machine):
        if f"{name}.service" == listener.service and spec["port"] == listener.port:
            return _finish(request, _answer(machine, name, spec, request), spec)
    return None


def _json_error(status: int, message: str) -> Response:
    return Response(status, [("Content-Type", "application/json")],
                    (json.dumps({"error": message}) + "\n").encode())


def _answer(machine: Machine, name: str, spec: dict, request: Request) -> Response:
    if request.method not in ("GET", "HEAD"):
        return _json_error(405, "method not allowed")
    ctype = str(spec.get("content_type") or "application/json")
    for pattern, route in spec["routes"].items():
        params = _match(pattern, request.url.path)
        if params is None or not isinstance(route, dict):
            continue
        if any("/" in v or v in (".", "..") for v in params.values()):
            return _json_error(404, "not found")
        ctype = str(route.get("content_type") or ctype)
        if "body" in route:
            return Response(200, [("Content-Type", ctype)], str(route["body"]).encode())
        if "file" in route:
            return _file(machine, _fill(str(route["file"]), params), ctype, spec)
        if "script" in route:
            return _script(machine, str(route["script"]), list(params.values()), ctype, spec)
    return _json_error(404, "not found")


def _fill(template: str, params: dict[str, str]) -> str:
    return _PARAM.sub(lambda m: params.get(m.group(1), ""), template)


def _creds(machine: Machine, spec: dict, name: str = "root"):
    return accounts.credentials_for(machine.vfs, str(spec.get("user") or name)) or ROOT


def _file(machine: Machine, path: str, ctype: str, spec: dict) -> Response:
    try:
        with acting_as(_creds(machine, spec)), machine.vfs.open(path, "rb") as fh:
            body = fh.read(MAX_BODY)
    except OSError:
        return _json_error(404, "not found")
    return Response(200, [("Content-Type", ctype)], body)


def _script(machine: Machine, script: str, args: list[str], ctype: str, spec: dict) -> Response:
    import shlex

    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import BufferOutput, NullInput

    out, err = BufferOutput(), BufferOutput()
    status = Session(machine, user=str(spec.get("user") or "root"), stdin=NullInput(), stdout=out, stderr=err).run_source(
        shlex.join([script, *args]))
    if status != 0:
        return _json_error(500, "script failed")
    return Response(200, [("Content-Type", ctype)], out.getvalue()[:MAX_BODY])


def _finish(request: Request, resp: Response, spec: dict) -> Response:
    resp.headers = [("Server", SERVER), ("Date", http_date()), *resp.headers,
                    ("Content-Length", str(len(resp.body)))]
    if request.method == "HEAD":
        resp.body = b""
    return resp
