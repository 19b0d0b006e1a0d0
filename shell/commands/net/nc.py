"""nc (netcat-openbsd 1.218): connect to a port of a machine of the simulated network.

-z scans ports (a range such as 20-25 too); otherwise what listens answers in-process:
sshd sends its banner (and rejects a line that is not SSH), an HTTP server (nginx, a pack's
service, a site) answers the request read from stdin.  Nothing listens on the host.
"""
from __future__ import annotations

from shelldojo.shell.commands.net.getopt import GetoptError, getopt
from shelldojo.shell.commands.net.sockets import service_name
from shelldojo.shell.context import Context
from shelldojo.shell.net import links
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SSH_BANNER = b"SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10\r\n"
MAX_REQUEST = 1 << 20   # what nc reads from stdin to send (a request, a few lines)
_OPTS = "46bCDdFhI:i:klM:m:NnO:P:p:q:rSs:T:tUuV:vW:w:X:x:Zz"
_FAILURES = {links.Failure.REFUSED: "Connection refused", links.Failure.NO_ROUTE: "No route to host"}


def _usage(ctx: Context, message: str = "") -> int:
    ctx.err((f"nc: {message}\n" if message else "") + verbatim("net/nc_usage"))
    return 1


def _ports(text: str) -> list[int] | None:
    low, dash, high = text.partition("-")
    if not low.isdigit() or (dash and not high.isdigit()):
        return None
    first, last = int(low), int(high) if dash else int(low)
    if not 0 < first <= 65535 or not 0 < last <= 65535:
        return None
    return list(range(min(first, last), max(first, last) + 1))


@command("nc", family="network", directory="/usr/bin", summary="arbitrary TCP and UDP connections and listens")
def nc(ctx: Context, argv: list[str]) -> int:
    try:
        opts, operands = getopt(argv[1:], _OPTS)
    except GetoptError as exc:
        return _usage(ctx, exc.message)
    flags = {o for o, _ in opts}
    if "h" in flags:
        ctx.err(verbatim("net/nc_help"))
        return 0
    if "l" in flags:
        ctx.err("nc: listening is not available in this sandbox (no second terminal connects)\n")
        return 1
    if not operands:
        return _usage(ctx)
    if len(operands) < 2:
        ctx.err("nc: missing port number\n")
        return 1
    name = operands[0]
    ports: list[int] = []
    for text in operands[1:]:
        found = _ports(text)
        if found is None:
            ctx.err(f"nc: port number invalid: {text}\n")
            return 1
        ports += found
    verbose, scan = "v" in flags, "z" in flags
    status = 1
    for port in ports:
        target, answer = links.connect(ctx.machine, name, port)
        if target is None:
            ctx.err(f'nc: getaddrinfo for host "{name}" port {port}: Name or service not known\n')
            return 1
        shown = name if name == target.address else f"{name} ({target.address})"
        if isinstance(answer, links.Failure):
            if verbose:
                ctx.err(f"nc: connect to {shown} port {port} (tcp) failed: {_FAILURES[answer]}\n")
            continue
        status = 0
        if verbose:
            ctx.err(f"Connection to {shown} {port} port [tcp/{_service(port)}] succeeded!\n")
        if not scan:
            return _talk(ctx, target, answer, port)
    return status


def _service(port: int) -> str:
    name = service_name(port)
    return "*" if name == str(port) else name


def _talk(ctx: Context, target: links.Peer, listener: links.Listener, port: int) -> int:
    """Exchange with what listens: its greeting, then stdin's bytes and its answer."""
    if listener.program == "sshd":
        ctx.stdout.write(SSH_BANNER)
        line = ctx.stdin.read(MAX_REQUEST)
        if line:
            ctx.stdout.write(b"Invalid SSH identification string.\r\n")
        return 0
    request = ctx.stdin.read(MAX_REQUEST)
    if not request:
        return 0
    reply = _http(ctx, target, port, request)
    if reply is not None:
        ctx.stdout.write(reply)
    return 0


def _http(ctx: Context, target: links.Peer, port: int, raw: bytes) -> bytes | None:
    """Answer raw HTTP request bytes with the server's response bytes (nginx's 400 page for
    something that is not HTTP)."""
    from shelldojo.shell.net import http

    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0].decode("latin-1")
    lines = [line.rstrip("\r") for line in head.split("\n")]
    words = lines[0].split()
    headers = [(k.strip(), v.strip()) for k, sep, v in (line.partition(":") for line in lines[1:]) if sep]
    body = raw[len(head):].lstrip(b"\r\n")
    if len(words) != 3 or not words[2].startswith("HTTP/") or not words[1].startswith("/"):
        words = ["GET", "/", "HTTP/1.0"] if not words else words
        if len(words) != 3:
            return None
    url = http.URL("http", target.name, port, words[1], explicit_port=port != 80)
    fetched = http.fetch(ctx.machine, http.Request(words[0], url, headers, body))
    response = fetched.response
    if response is None:
        return None
    payload = b"" if words[0] == "HEAD" else response.body
    return response.head_bytes() + payload
