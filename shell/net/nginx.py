"""nginx on a machine: which ports it listens on, and how it answers a request for a static file.

The running server holds the configuration it read when it started or last reloaded (a
broken file on disk changes nothing until then, as with the real master process); that copy
is kept on the machine (LOADED) so a saved or cloned machine serves the same.  Files are read
as www-data, as nginx's workers do; access.log and error.log get nginx's lines.
"""
from __future__ import annotations

import json
import posixpath
import stat
import time

from shelldojo.filesystem import ROOT, Machine, accounts, acting_as
from shelldojo.shell.net import links
from shelldojo.shell.net.message import MAX_BODY, Request, Response, http_date
from shelldojo.shell.net.nginx_conf import Config, ConfigError, Directive, listen_port, load, servers

SERVER = "nginx/1.18.0 (Ubuntu)"
UNIT = "nginx.service"
LOADED = "/run/systemd/shelldojo-nginx.json"   # beside the services' own state (services.py)
ACCESS_LOG = "/var/log/nginx/access.log"
ERROR_LOG = "/var/log/nginx/error.log"


def error_page(status: int, reason: str) -> bytes:
    """nginx's built-in page for an error status, byte for byte (CRLF lines)."""
    title = f"{status} {reason}"
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
            f"<hr><center>{SERVER}</center>\r\n</body>\r\n</html>\r\n").encode()


# ----------------------------------------------------------------------------- the loaded config
def loaded(machine: Machine) -> Config | None:
    """The configuration the running nginx holds (read from disk at its start), or None."""
    up, _pid = links.active(machine, UNIT)
    if not up:
        return None
    started = machine.services.state(UNIT).started
    try:
        with acting_as(ROOT):
            saved = json.loads(machine.vfs.read_bytes(LOADED))
        if saved.get("started") == started:
            return _from_files(machine, saved["files"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ConfigError):
        pass
    try:
        config = load(machine)
    except ConfigError:
        return None   # started around ExecStartPre (a challenge's setup): it would have failed
    remember(machine, config)
    return config


def _from_files(machine: Machine, files: dict[str, str]) -> Config:
    """Parse the saved texts again (as if the disk still held them)."""
    from shelldojo.shell.net import nginx_conf

    loader = nginx_conf._Loader(machine)
    loader.read = lambda path: loader.files.setdefault(path, files.get(path, ""))  # type: ignore[method-assign]
    loader.glob = lambda pattern: [p for p in sorted(files) if _matches(pattern, p)]  # type: ignore[method-assign]
    top = Directive("main", [], nginx_conf.MAIN, 0, loader.parse(nginx_conf.MAIN))
    return Config(top, loader.files)


def _matches(pattern: str, path: str) -> bool:
    import fnmatch

    return path == pattern or (any(c in pattern for c in "*?[") and fnmatch.fnmatch(path, pattern))


def remember(machine: Machine, config: Config) -> None:
    started = machine.services.state(UNIT).started
    with acting_as(ROOT):
        try:
            machine.vfs.makedirs(posixpath.dirname(LOADED), exist_ok=True)
            machine.vfs.write_bytes(LOADED, json.dumps({"started": started, "files": config.files}).encode())
            machine.vfs.chmod(LOADED, 0o600)
        except OSError:
            pass


def reload(machine: Machine) -> str | None:
    """`nginx -s reload`: read the files again; the [emerg] text when they are broken (the
    running configuration then stays)."""
    try:
        config = load(machine)
    except ConfigError as exc:
        return str(exc)
    remember(machine, config)
    return None


@links.register_listeners
def _nginx(machine: Machine) -> list[links.Listener]:
    config = loaded(machine)
    if config is None:
        return []
    pid = machine.services.state(UNIT).main_pid
    ports = {listen_port(d.args[0]) for s in servers(config.top) for d in s.find("listen")}
    return [links.Listener(p, UNIT, "nginx", pid) for p in sorted(ports)]


# ----------------------------------------------------------------------------- serving
def _server_for(config: Config, port: int, host: str) -> Directive | None:
    candidates = [s for s in servers(config.top)
                  if any(listen_port(d.args[0]) == port for d in s.find("listen"))]
    for server in candidates:
        if host in (server.value("server_name") or []):
            return server
    for server in candidates:
        if any("default_server" in d.args for d in server.find("listen")):
            return server
    return candidates[0] if candidates else None


def _location(server: Directive, path: str) -> Directive | None:
    best: Directive | None = None
    for loc in server.find("location"):
        if len(loc.args) == 2 and loc.args[0] == "=" and loc.args[1] == path:
            return loc
        prefix = loc.args[-1] if len(loc.args) == 1 or loc.args[0] == "^~" else None
        if prefix is not None and path.startswith(prefix) and (best is None or len(prefix) > len(best.args[-1])):
            best = loc
    return best


def _mime(config: Config, path: str) -> str:
    ext = posixpath.splitext(path)[1].lstrip(".").lower()
    default = "application/octet-stream"
    for http in config.top.find("http"):
        default = (http.value("default_type") or [default])[0]
        for types in http.find("types"):
            for entry in types.block or []:
                if ext and ext in entry.args:
                    return entry.name
    return default


def serve(machine: Machine, port: int, request: Request) -> Response:
    config = loaded(machine)
    server = _server_for(config, port, request.url.host) if config is not None else None
    if config is None or server is None:
        return _finish(machine, request, _error(404), None)
    www = accounts.credentials_for(machine.vfs, "www-data") or ROOT
    job = _Job(machine, config, server, request, www)
    return _finish(machine, request, job.run(), job.log)


class _Job:
    def __init__(self, machine: Machine, config: Config, server: Directive, request: Request, creds) -> None:
        self.machine, self.config, self.server, self.request, self.creds = machine, config, server, request, creds
        self.log: str | None = None

    def setting(self, loc: Directive | None, name: str, default: list[str]) -> list[str]:
        if loc is not None and loc.find(name):
            return loc.value(name) or default
        if self.server.find(name):
            return self.server.value(name) or default
        for http in self.config.top.find("http"):
            if http.find(name):
                return http.value(name) or default
        return default

    def run(self) -> Response:
        req = self.request
        if req.method not in ("GET", "HEAD"):
            return _error(405)
        path = _normalize(req.url.path)
        if path is None:
            return _error(400)
        loc = _location(self.server, path)
        ret = loc.value("return") if loc is not None else self.server.value("return")
        if ret:
            return self._return(ret)
        root = self.setting(loc, "root", ["html"])[0]
        tries = loc.value("try_files") if loc is not None else None
        if tries:
            for item in tries[:-1]:
                uri = item.replace("$uri", path)
                kind = self._kind(root + uri.rstrip("/")) if uri != "/" else self._kind(root)
                if uri.endswith("/") and kind == "dir":
                    return self._static(loc, root, uri if path.endswith("/") else path)
                if not uri.endswith("/") and kind == "file":
                    return self._static(loc, root, uri)
            last = tries[-1]
            if last.startswith("=") and last[1:].isdigit():
                return _error(int(last[1:]))
            return self._static(loc, root, last.replace("$uri", path))
        return self._static(loc, root, path)

    def _return(self, ret: list[str]) -> Response:
        if not ret[0].isdigit():
            return _redirect(302, ret[0])
        code = int(ret[0])
        if code in (301, 302, 303, 307, 308):
            return _redirect(code, ret[1] if len(ret) > 1 else "")
        if len(ret) > 1:
            return Response(code, [("Content-Type", "application/octet-stream")], ret[1].encode())
        return _error(code)

    def _kind(self, full: str) -> str:
        try:
            with acting_as(ROOT):
                st = self.machine.vfs.stat(full)
        except OSError:
            return ""
        return "dir" if stat.S_ISDIR(st.st_mode) else "file"

    def _static(self, loc: Directive | None, root: str, uri: str) -> Response:
        full = root + uri
        if uri.endswith("/"):
            for name in self.setting(loc, "index", ["index.html"]):
                if self._kind(full + name) == "file":
                    return self._file(full + name, uri + name)
            if self._kind(full) == "dir":
                self.log = f'directory index of "{full}" is forbidden'
                return _error(403)
            self.log = f'"{full}index.html" is not found (2: No such file or directory)'
            return _error(404)
        kind = self._kind(full)
        if kind == "dir":
            return _redirect(301, f"http://{self.request.url.authority}{uri}/")
        if kind == "":
            self.log = f'open() "{full}" failed (2: No such file or directory)'
            return _error(404)
        return self._file(full, uri)

    def _file(self, full: str, uri: str) -> Response:
        vfs = self.machine.vfs
        try:
            with acting_as(self.creds):
                st = vfs.stat(full)
                with vfs.open(full, "rb") as fh:
                    body = fh.read(MAX_BODY)
        except OSError as exc:
            self.log = f'open() "{full}" failed ({exc.errno}: {exc.strerror})'
            return _error(403 if exc.errno == 13 else 404)
        mtime, size = int(st.st_mtime), len(body)
        headers = [("Content-Type", _mime(self.config, uri)), ("Content-Length", str(size)),
                   ("Last-Modified", http_date(mtime)), ("ETag", f'"{mtime:x}-{size:x}"'),
                   ("Accept-Ranges", "bytes")]
        return Response(200, headers, body)


def _normalize(path: str) -> str | None:
    """The URI nginx maps to a file: %XX decoded, `.` and `..` resolved (above / is an error)."""
    parts: list[str] = []
    decoded = bytearray()
    i, raw = 0, path.encode()
    while i < len(raw):
        if raw[i] == 0x25 and i + 2 < len(raw) + 0 and all(chr(c) in "0123456789abcdefABCDEF" for c in raw[i + 1:i + 3]):
            decoded.append(int(raw[i + 1:i + 3], 16))
            i += 3
        else:
            decoded.append(raw[i])
            i += 1
    text = decoded.decode("utf-8", "surrogateescape")
    for part in text.split("/")[1:]:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    out = "/" + "/".join(parts)
    return out


def _error(status: int) -> Response:
    resp = Response(status)
    resp.headers = [("Content-Type", "text/html"), ("Content-Length", "")]
    resp.body = error_page(status, resp.reason)
    return resp


def _redirect(status: int, location: str) -> Response:
    resp = _error(status)
    resp.headers.append(("Location", location))
    return resp


def _finish(machine: Machine, request: Request, resp: Response, error: str | None) -> Response:
    """Server and Date first, the keep-alive header, the body dropped for HEAD; the logs."""
    now = time.time()
    heads = [(k, v if k != "Content-Length" else str(len(resp.body))) for k, v in resp.headers]
    at = 3 if resp.status == 200 else len(heads)
    if resp.status == 200:
        heads.insert(at, ("Connection", "keep-alive"))
    else:
        heads.append(("Connection", "keep-alive"))
    resp.headers = [("Server", SERVER), ("Date", http_date(now)), *heads]
    if request.method == "HEAD":
        resp.body = b""
    stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now))
    referer = request.header("Referer") or "-"
    _append(machine, ACCESS_LOG, f'{request.client} - - [{stamp}] "{request.request_line}" {resp.status} '
                                 f'{len(resp.body)} "{referer}" "{request.user_agent}"\n')
    if error is not None:
        pid = machine.services.state(UNIT).main_pid
        when = time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(now))
        _append(machine, ERROR_LOG, f'{when} [error] {pid}#{pid}: *1 {error}, client: {request.client}, '
                                    f'server: _, request: "{request.request_line}", host: "{request.url.authority}"\n')
    return resp


def _append(machine: Machine, path: str, line: str) -> None:
    try:
        with acting_as(ROOT):
            machine.vfs.write_bytes(path, line.encode(), append=True)
    except OSError:
        pass   # a removed log directory: nginx keeps serving
