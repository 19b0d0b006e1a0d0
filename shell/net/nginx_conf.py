"""nginx's configuration language: tokens, blocks, `include` globs, and the [emerg] errors
`nginx -t` prints for the mistakes a learner makes (a missing `;`, a typo, a stray `}`).

Only what serving static files needs is modelled; every directive of Ubuntu's default files
is known, with its argument counts, so an edited site is checked as nginx checks it.
"""
from __future__ import annotations

import fnmatch
import posixpath
from dataclasses import dataclass, field

from shelldojo.filesystem import ROOT, Machine, acting_as

MAIN = "/etc/nginx/nginx.conf"
MAX_FILES = 64
MAX_BYTES = 1 << 20
ANY = 99

# name -> (min args, max args, is a block)
DIRECTIVES: dict[str, tuple[int, int, bool]] = {
    "http": (0, 0, True), "events": (0, 0, True), "server": (0, 0, True), "location": (1, 2, True),
    "types": (0, 0, True), "upstream": (1, 1, True), "if": (1, ANY, True), "map": (2, 2, True),
    "limit_except": (1, ANY, True),
    "user": (1, 2, False), "worker_processes": (1, 1, False), "pid": (1, 1, False),
    "include": (1, 1, False), "error_log": (1, ANY, False), "worker_connections": (1, 1, False),
    "multi_accept": (1, 1, False), "sendfile": (1, 1, False), "tcp_nopush": (1, 1, False),
    "tcp_nodelay": (1, 1, False), "types_hash_max_size": (1, 1, False), "server_tokens": (1, 1, False),
    "server_names_hash_bucket_size": (1, 1, False), "server_name_in_redirect": (1, 1, False),
    "default_type": (1, 1, False), "ssl_protocols": (1, ANY, False), "ssl_prefer_server_ciphers": (1, 1, False),
    "ssl_certificate": (1, 1, False), "ssl_certificate_key": (1, 1, False), "ssl_ciphers": (1, 1, False),
    "access_log": (1, ANY, False), "log_format": (2, ANY, False), "gzip": (1, 1, False),
    "gzip_vary": (1, 1, False), "gzip_proxied": (1, ANY, False), "gzip_comp_level": (1, 1, False),
    "gzip_buffers": (2, 2, False), "gzip_http_version": (1, 1, False), "gzip_types": (1, ANY, False),
    "listen": (1, ANY, False), "root": (1, 1, False), "alias": (1, 1, False), "index": (1, ANY, False),
    "server_name": (1, ANY, False), "try_files": (2, ANY, False), "return": (1, 2, False),
    "autoindex": (1, 1, False), "proxy_pass": (1, 1, False), "proxy_set_header": (2, 2, False),
    "add_header": (2, 3, False), "allow": (1, 1, False), "deny": (1, 1, False), "charset": (1, 1, False),
    "keepalive_timeout": (1, 2, False), "client_max_body_size": (1, 1, False), "error_page": (2, ANY, False),
    "rewrite": (2, 3, False), "expires": (1, 2, False), "fastcgi_pass": (1, 1, False),
    "load_module": (1, 1, False), "worker_rlimit_nofile": (1, 1, False), "etag": (1, 1, False),
}
LISTEN_FLAGS = ("default_server", "default", "ssl", "http2", "proxy_protocol", "reuseport", "deferred", "bind")
LISTEN_KEYS = ("ipv6only=", "backlog=", "rcvbuf=", "sndbuf=", "so_keepalive=", "fastopen=", "setfib=")


class ConfigError(Exception):
    """An [emerg] of nginx: `str(exc)` is the message after `nginx: [emerg] `."""


@dataclass
class Directive:
    name: str
    args: list[str]
    file: str
    line: int
    block: list[Directive] | None = None

    def find(self, name: str) -> list[Directive]:
        return [d for d in self.block or [] if d.name == name]

    def value(self, name: str, default: list[str] | None = None) -> list[str] | None:
        found = self.find(name)
        return found[-1].args if found else default


@dataclass
class Config:
    """A loaded configuration: the top-level directives (includes spliced in) and the files read."""

    top: Directive
    files: dict[str, str] = field(default_factory=dict)


def _tokens(text: str) -> list[tuple[str, int, bool]]:
    """(token, line, quoted) in order; `;`, `{` and `}` are tokens of their own."""
    out: list[tuple[str, int, bool]] = []
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c in " \t\r":
            i += 1
        elif c == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif c in ";{}":
            out.append((c, line, False))
            i += 1
        elif c in "\"'":
            j, start = i + 1, line
            buf = []
            while j < n and text[j] != c:
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                if text[j] == "\n":
                    line += 1
                buf.append(text[j])
                j += 1
            out.append(("".join(buf), start, True))
            i = j + 1
        else:
            j = i
            while j < n and text[j] not in " \t\r\n;{}" and not (text[j] == "#" and j == i):
                j += 1
            out.append((text[i:j], line, False))
            i = j
    return out


class _Loader:
    def __init__(self, machine: Machine) -> None:
        self.machine = machine
        self.files: dict[str, str] = {}

    def read(self, path: str) -> str:
        if len(self.files) >= MAX_FILES:
            raise ConfigError(f'too many included files in "{path}"')
        try:
            with acting_as(ROOT):
                text = self.machine.vfs.read_bytes(path)[:MAX_BYTES].decode("utf-8", "replace")
        except OSError as exc:
            raise ConfigError(f'open() "{path}" failed ({exc.errno}: {exc.strerror})') from None
        self.files[path] = text
        return text

    def glob(self, pattern: str) -> list[str]:
        if not any(c in pattern for c in "*?["):
            return [pattern]
        folder, name = posixpath.split(pattern)
        try:
            with acting_as(ROOT):
                names = self.machine.vfs.listdir(folder)
        except OSError:
            return []
        return [posixpath.join(folder, n) for n in sorted(names) if fnmatch.fnmatch(n, name) and not n.startswith(".")]

    def parse(self, path: str, depth: int = 0) -> list[Directive]:
        tokens = _tokens(self.read(path))
        pos = 0

        def block(inside: bool, parent: str = "") -> list[Directive]:
            nonlocal pos
            items: list[Directive] = []
            words: list[tuple[str, int, bool]] = []
            while pos < len(tokens):
                tok, line, quoted = tokens[pos]
                pos += 1
                if quoted or tok not in ";{}":
                    words.append((tok, line, quoted))
                    continue
                if tok == "}":
                    if words:
                        raise ConfigError(f'unexpected "}}" in {path}:{line}')
                    if not inside:
                        raise ConfigError(f'unexpected "}}" in {path}:{line}')
                    return items
                if not words:
                    raise ConfigError(f'unexpected "{tok}" in {path}:{line}')
                name, args = words[0][0], [w[0] for w in words[1:]]
                spec = DIRECTIVES.get(name) if parent not in ("types", "map") else (1, ANY, False)
                if spec is None:
                    raise ConfigError(f'unknown directive "{name}" in {path}:{line}')
                low, high, is_block = spec
                if is_block and tok == ";":
                    raise ConfigError(f'directive "{name}" has no opening "{{" in {path}:{line}')
                if not is_block and tok == "{":
                    raise ConfigError(f'directive "{name}" is not terminated by ";" in {path}:{line}')
                check(name, args, path, line, low, high)
                words = []
                if tok == "{":
                    items.append(Directive(name, args, path, line, block(True, name)))
                elif name == "include":
                    if depth > 8:
                        raise ConfigError(f"include depth exceeded in {path}:{line}")
                    for sub in self.glob(args[0] if args[0].startswith("/") else posixpath.join("/etc/nginx", args[0])):
                        items.extend(self.parse(sub, depth + 1))
                else:
                    items.append(Directive(name, args, path, line))
            last = tokens[-1][1] if tokens else 1
            if words:
                raise ConfigError(f'unexpected end of file, expecting ";" or "}}" in {path}:{last}')
            if inside:
                raise ConfigError(f'unexpected end of file, expecting "}}" in {path}:{last}')
            return items

        return block(False)


def check(name: str, args: list[str], path: str, line: int, low: int, high: int) -> None:
    if not low <= len(args) <= high:
        raise ConfigError(f'invalid number of arguments in "{name}" directive in {path}:{line}')
    if name == "listen":
        listen_port(args[0], path, line)
        for extra in args[1:]:
            if extra not in LISTEN_FLAGS and not extra.startswith(LISTEN_KEYS):
                raise ConfigError(f'invalid parameter "{extra}" in {path}:{line}')
    if name == "return" and not (args[0].isdigit() or args[0].startswith(("http://", "https://", "$"))):
        raise ConfigError(f'invalid return code "{args[0]}" in {path}:{line}')


def listen_port(arg: str, path: str = "", line: int = 0) -> int:
    """The port of a `listen` argument (80, 8080, *:80, [::]:80, 127.0.0.1:8080)."""
    host, _, port = arg.rpartition(":") if not arg.isdigit() else ("", "", arg)
    if arg.startswith("[") and "]" in arg:
        host, _, port = arg.partition("]")
        port = port.removeprefix(":") or "80"
    if port.isdigit():
        if 0 < int(port) < 65536:
            return int(port)
        raise ConfigError(f'invalid port in "{arg}" of the "listen" directive in {path}:{line}')
    if not host and not arg.isdigit():
        raise ConfigError(f'host not found in "{arg}" of the "listen" directive in {path}:{line}')
    raise ConfigError(f'invalid port in "{arg}" of the "listen" directive in {path}:{line}')


def load(machine: Machine) -> Config:
    """Read and check /etc/nginx/nginx.conf and what it includes (ConfigError when broken)."""
    loader = _Loader(machine)
    items = loader.parse(MAIN)
    top = Directive("main", [], MAIN, 0, items)
    if not top.find("http"):
        return Config(top, loader.files)
    for server in servers(top):
        for listen in server.find("listen"):
            listen_port(listen.args[0], listen.file, listen.line)
    return Config(top, loader.files)


def servers(top: Directive) -> list[Directive]:
    return [s for http in top.find("http") for s in http.find("server")]
