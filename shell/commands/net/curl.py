"""curl 7.81.0: transfer a URL (HTTP and HTTPS) to the machines of the sandbox and its internet.

Options are parsed as curl's own parser does (short options bundle, `-ofile`, long options
take their argument as the next word); its messages and exit statuses are curl's.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from shelldojo.shell.commands.net import curl_io
from shelldojo.shell.context import Context
from shelldojo.shell.net import links
from shelldojo.shell.net.http import URL, BadURL, Request, Response, fetch, join_url, parse_url
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

VERSION = "7.81.0"
TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n"
MAX_REDIRS = 50
# long name -> (short letter or "", takes an argument)
LONG: dict[str, tuple[str, bool]] = {
    "silent": ("s", False), "show-error": ("S", False), "output": ("o", True), "remote-name": ("O", False),
    "location": ("L", False), "head": ("I", False), "include": ("i", False), "request": ("X", True),
    "data": ("d", True), "data-raw": ("", True), "data-binary": ("", True), "header": ("H", True),
    "fail": ("f", False), "fail-with-body": ("", False), "write-out": ("w", True), "verbose": ("v", False),
    "user-agent": ("A", True), "insecure": ("k", False), "max-time": ("m", True), "help": ("h", False),
    "version": ("V", False), "connect-timeout": ("", True), "progress-bar": ("#", False),
    "no-progress-meter": ("", False), "user": ("u", True), "referer": ("e", True), "get": ("G", False),
    "remote-name-all": ("", False), "create-dirs": ("", False), "retry": ("", True), "compressed": ("", False),
}
SHORT = {short: (name, arg) for name, (short, arg) in LONG.items() if short}


@dataclass
class Opts:
    flags: set[str] = field(default_factory=set)
    outputs: list[str] = field(default_factory=list)
    remote_names: int = 0
    method: str = ""
    data: list[bytes] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    write_out: str = ""
    agent: str = f"curl/{VERSION}"
    urls: list[str] = field(default_factory=list)


def _parse(ctx: Context, args: list[str]) -> Opts | int:
    opts = Opts()
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg.startswith("--") and len(arg) > 2:
            name = arg[2:]
            if name.startswith("no-") and name[3:] in LONG and not LONG[name[3:]][1]:
                opts.flags.discard(name[3:])
                continue
            if name not in LONG:
                ctx.err(f"curl: option {arg}: is unknown\n{TRY}")
                return 2
            takes = LONG[name][1]
            value = None
            if takes:
                if i >= len(args):
                    ctx.err(f"curl: option {arg}: requires parameter\n{TRY}")
                    return 2
                value, i = args[i], i + 1
            status = _apply(ctx, opts, name, value)
            if status:
                return status
        elif arg.startswith("-") and len(arg) > 1:
            j = 1
            while j < len(arg):
                letter = arg[j]
                if letter not in SHORT:
                    ctx.err(f"curl: option -{arg[j:]}: is unknown\n{TRY}")
                    return 2
                name, takes = SHORT[letter]
                value = None
                if takes:
                    value = arg[j + 1:]
                    if not value:
                        if i >= len(args):
                            ctx.err(f"curl: option -{letter}: requires parameter\n{TRY}")
                            return 2
                        value, i = args[i], i + 1
                    j = len(arg)
                else:
                    j += 1
                status = _apply(ctx, opts, name, value)
                if status:
                    return status
        else:
            opts.urls.append(arg)
    return opts


def _apply(ctx: Context, opts: Opts, name: str, value: str | None) -> int:
    if name == "help":
        ctx.out(verbatim("net/curl_help"))
        return -1
    if name == "version":
        ctx.out(verbatim("net/curl_version"))
        return -1
    if name == "output":
        opts.outputs.append(value or "")
    elif name == "remote-name":
        opts.remote_names += 1
    elif name == "request":
        opts.method = value or ""
    elif name in ("data", "data-raw", "data-binary"):
        assert value is not None
        if value.startswith("@") and name != "data-raw":
            data = _read_data(ctx, value[1:])
            if data is None:
                ctx.err(f"Warning: Couldn't read data from file \"{value[1:]}\", this makes an empty POST.\n")
                data = b""
            if name == "data":
                data = data.replace(b"\r", b"").replace(b"\n", b"")
        else:
            data = value.encode("utf-8", "surrogateescape")
        opts.data.append(data)
    elif name == "header":
        key, sep, val = (value or "").partition(":")
        if sep:
            opts.headers.append((key.strip(), val.strip()))
    elif name == "write-out":
        opts.write_out = _read_data(ctx, value[1:]).decode("utf-8", "replace") \
            if value and value.startswith("@") and _read_data(ctx, value[1:]) is not None else (value or "")
    elif name == "user-agent":
        opts.agent = value or ""
    else:
        opts.flags.add(name)
    return 0


def _read_data(ctx: Context, name: str) -> bytes | None:
    try:
        if name == "-":
            return ctx.stdin.read(curl_io_max())
        with ctx.vfs.open(ctx.abspath(name), "rb") as fh:
            return fh.read(curl_io_max())
    except OSError:
        return None


def curl_io_max() -> int:
    return 16 * 1024 * 1024


@command("curl", family="network", directory="/usr/bin", package=None,
         summary="transfer a URL")
def curl(ctx: Context, argv: list[str]) -> int:
    opts = _parse(ctx, argv[1:])
    if isinstance(opts, int):
        return 0 if opts == -1 else opts
    if not opts.urls:
        if len(argv) > 1:
            ctx.err(f"curl: no URL specified!\n{TRY}")
        else:
            ctx.err(TRY)
        return 2
    status = 0
    for index, url in enumerate(opts.urls):
        status = _Transfer(ctx, opts, index).run(url)
    return status


class _Transfer:
    def __init__(self, ctx: Context, opts: Opts, index: int) -> None:
        self.ctx, self.opts = ctx, opts
        flags = opts.flags
        self.silent = "silent" in flags
        self.show_error = not self.silent or "show-error" in flags
        self.output = opts.outputs[index] if index < len(opts.outputs) else None
        self.remote_name = index < opts.remote_names or "remote-name-all" in flags
        to_terminal = self.output in (None, "-") and not self.remote_name and ctx.stdout.isatty()
        self.meter = not self.silent and "no-progress-meter" not in flags and not to_terminal
        self.verbose = "verbose" in flags
        self.values: dict[str, object] = {"http_code": "000", "response_code": 0, "size_download": 0,
                                          "size_header": 0, "content_type": None, "url_effective": "",
                                          "num_redirects": 0, "redirect_url": None, "exitcode": 0,
                                          "errormsg": None, "method": "GET", "remote_ip": "",
                                          "remote_port": "", "scheme": "", "filename_effective": None}

    def say(self, line: str) -> None:
        if self.verbose:
            self.ctx.err(line)

    def fail(self, code: int, message: str) -> int:
        self.values["exitcode"], self.values["errormsg"] = code, message
        if self.verbose and code not in (3, 1):
            self.ctx.err(f"* {message}\n* Closing connection 0\n")
        if self.show_error:
            self.ctx.err(f"curl: ({code}) {message}\n")
        self._write_out()
        return code

    def run(self, text: str) -> int:
        self.values["url_effective"] = text
        try:
            url = parse_url(text)
        except BadURL:
            return self.fail(3, curl_io.ERRORS[3])
        self.values["url_effective"] = str(url)
        if url.scheme not in ("http", "https", "ftp"):
            return self.fail(1, f'Protocol "{url.scheme}" not supported or disabled in libcurl')
        if self.meter:
            self.ctx.err(curl_io.METER_HEAD + curl_io.meter_line(0, 0))
        hops = 0
        while True:
            got = self._one(url)
            if isinstance(got, int):
                return got
            if "location" in self.opts.flags and got.status in (301, 302, 303, 307, 308) and got.header("Location"):
                hops += 1
                if hops > MAX_REDIRS:
                    return self.fail(47, f"Maximum ({MAX_REDIRS}) redirects followed")
                self.values["num_redirects"] = hops
                url = join_url(url, got.header("Location"))
                self.values["url_effective"] = str(url)
                self.say(f"* Issue another request to this URL: '{url}'\n")
                continue
            return self._deliver(url, got)

    def _one(self, url: URL) -> Response | int:
        ctx, opts = self.ctx, self.opts
        method = opts.method or ("HEAD" if "head" in opts.flags else "POST" if opts.data else "GET")
        body = b"&".join(opts.data)
        headers = [("Host", url.authority), ("User-Agent", opts.agent), ("Accept", "*/*")]
        if opts.data:
            headers += [("Content-Length", str(len(body))), ("Content-Type", "application/x-www-form-urlencoded")]
        for key, value in opts.headers:
            headers = [(k, v) for k, v in headers if k.lower() != key.lower()]
            if value:
                headers.append((key, value))
        self.values["method"], self.values["scheme"] = method, url.scheme.upper()
        address = links.resolve(ctx.machine, url.host)
        if address is None:
            return self.fail(6, f"Could not resolve host: {url.host}")
        self.say(f"*   Trying {address}:{url.port}...\n")
        if url.scheme == "ftp":
            self.say(f"* connect to {address} port {url.port} failed: Connection refused\n")
            return self.fail(7, f"Failed to connect to {url.host} port {url.port} after 0 ms: Connection refused")
        got = fetch(ctx.machine, Request(method, url, headers, body))
        self.values["remote_ip"], self.values["remote_port"] = address, url.port
        if got.response is None:
            if got.failure is links.Failure.NO_ROUTE:
                self.say(f"* connect to {address} port {url.port} failed: No route to host\n")
                return self.fail(7, f"Failed to connect to {url.host} port {url.port} after 3071 ms: No route to host")
            if got.failure is None:
                return self.fail(52, "Empty reply from server")
            self.say(f"* connect to {address} port {url.port} failed: Connection refused\n")
            return self.fail(7, f"Failed to connect to {url.host} port {url.port} after 0 ms: Connection refused")
        self.say(f"* Connected to {url.host} ({address}) port {url.port} (#0)\n")
        if self.verbose:
            sent = [f"{method} {url.target} HTTP/1.1", *(f"{k}: {v}" for k, v in headers), ""]
            ctx.err("".join(f"> {line}\r\n" for line in sent))
            ctx.err("* Mark bundle as not supporting multiuse\n")
            head = got.response.head_bytes().decode("latin-1").split("\r\n")[:-1]
            ctx.err("".join(f"< {line}\r\n" for line in head))
        resp = got.response
        self.values["http_code"] = f"{resp.status:03d}"
        self.values["response_code"] = resp.status
        self.values["content_type"] = resp.header("Content-Type") or None
        self.values["size_header"] = int(self.values["size_header"]) + len(resp.head_bytes())
        self.values["redirect_url"] = resp.header("Location") or None
        if "include" in opts.flags or "head" in opts.flags:
            self.emit_head = getattr(self, "emit_head", b"") + resp.head_bytes()
        return resp

    def _deliver(self, url: URL, resp: Response) -> int:
        ctx, opts = self.ctx, self.opts
        head = getattr(self, "emit_head", b"")
        body = b"" if "head" in opts.flags else resp.body
        failing = resp.status >= 400 and ("fail" in opts.flags or "fail-with-body" in opts.flags)
        if failing and "fail-with-body" not in opts.flags:
            head = body = b""
        data = head + body
        target = self.output
        if self.remote_name:
            name = posixpath.basename(url.path)
            if not name:
                if self.show_error:
                    ctx.err("curl: Remote file name has no length!\n")
                return self._done(23, len(body))
            target = name
        if target not in (None, "-") and (data or not failing):
            self.values["filename_effective"] = target
            try:
                with ctx.vfs.open(ctx.abspath(target), "wb") as fh:
                    fh.write(data)
            except OSError as exc:
                if self.show_error:
                    ctx.err(f"Warning: Failed to open the file {target}: {exc.strerror}\n")
                if self.meter:
                    ctx.err(curl_io.meter_line(len(resp.body), len(resp.body)) + "\n")
                if self.show_error:
                    ctx.err("curl: (23) Failure writing output to destination\n")
                return self._done(23, 0, quiet=True)
        else:
            ctx.stdout.write(data)
        if self.verbose and body and (target not in (None, "-") or not ctx.stdout.isatty()):
            ctx.err(f"{{ [{len(body)} bytes data]\n")
        if self.meter:
            ctx.err(curl_io.meter_line(len(resp.body), len(body)) + "\n")
        self.say(f"* Connection #0 to host {url.host} left intact\n")
        if failing:
            return self._done(22, len(body), message=f"The requested URL returned error: {resp.status}")
        return self._done(0, len(body))

    def _done(self, code: int, size: int, message: str = "", quiet: bool = False) -> int:
        self.values["size_download"] = size
        self.values["exitcode"] = code
        if message:
            self.values["errormsg"] = message
            if self.show_error and not quiet:
                self.ctx.err(f"curl: ({code}) {message}\n")
        self._write_out()
        return code

    def _write_out(self) -> None:
        if not self.opts.write_out:
            return
        text, unknown = curl_io.write_out(self.opts.write_out, self.values)
        for name in unknown:
            self.ctx.err(f"curl: unknown --write-out variable: '{name}'\n")
        self.ctx.out(text)
