"""GNU Wget 1.21.2: download URLs into files, with its log lines on stderr.

The transfer itself is shell/net/http.py's; the dot progress (stderr is not a terminal in
the sandbox's scripts, and the numbers are deterministic) and file naming (index.html, name.1,
name.2...) are wget's.
"""
from __future__ import annotations

import posixpath
import time

from shelldojo.shell.context import Context
from shelldojo.shell.net import links
from shelldojo.shell.net.http import URL, BadURL, Request, fetch, join_url, parse_url
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

AGENT = "Wget/1.21.2"
USAGE = "Usage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n"
MAX_REDIRS = 20


def _stamp() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())


def _size(n: int) -> str:
    """Length: 612 / 12345 (12K) / 1234567 (1.2M), as wget writes it."""
    if n < 1024:
        return str(n)
    for unit, div in (("K", 1024), ("M", 1024 ** 2), ("G", 1024 ** 3)):
        if n < div * 1024:
            value = n / div
            return f"{n} ({value:.1f}{unit})" if value < 10 else f"{n} ({value:.0f}{unit})"
    return str(n)


@command("wget", family="network", directory="/usr/bin", package=None,
         summary="The non-interactive network downloader.")
def wget(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    if "--help" in args or "-h" in args:
        ctx.out(verbatim("net/wget_help"))
        return 0
    if "--version" in args or "-V" in args:
        ctx.out(verbatim("net/wget_version"))
        return 0
    parsed = _parse(ctx, args)
    if isinstance(parsed, int):
        return parsed
    opts, urls = parsed
    if not urls:
        ctx.err("wget: missing URL\n" + USAGE)
        return 1
    status = 0
    for text in urls:
        status = max(status, _get(ctx, opts, text)) if status != 4 else status
    return status


def _parse(ctx: Context, args: list[str]) -> tuple[dict[str, str], list[str]] | int:
    opts: dict[str, str] = {}
    urls: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            urls += args[i:]
            break
        if arg in ("-q", "--quiet"):
            opts["quiet"] = "1"
        elif arg in ("-nv", "--no-verbose"):
            opts["nv"] = "1"
        elif arg in ("-v", "--verbose", "-c", "--continue"):
            continue
        elif arg.startswith(("--output-document=", "-O")) or arg == "--output-document":
            value = arg.partition("=")[2] if arg.startswith("--") else arg[2:]
            if not value:
                if i >= len(args):
                    ctx.err(f"wget: option requires an argument -- 'O'\n{USAGE}")
                    return 2
                value, i = args[i], i + 1
            opts["O"] = value
        elif arg.startswith(("--user-agent=", "--header=", "--tries=", "--timeout=")):
            key, _, value = arg[2:].partition("=")
            opts[key] = value
        elif arg.startswith("--"):
            ctx.err(f"wget: unrecognized option '{arg}'\n{USAGE}")
            return 2
        elif arg.startswith("-") and len(arg) > 1:   # bundled short options: -qO- -nvO x
            j = 1
            while j < len(arg):
                c = arg[j]
                if arg.startswith("nv", j):
                    opts["nv"], j = "1", j + 2
                    continue
                if c == "O":
                    value = arg[j + 1:]
                    if not value:
                        if i >= len(args):
                            ctx.err(f"wget: option requires an argument -- 'O'\n{USAGE}")
                            return 2
                        value, i = args[i], i + 1
                    opts["O"] = value
                    break
                if c == "q":
                    opts["quiet"] = "1"
                elif c not in "vc":
                    ctx.err(f"wget: invalid option -- '{c}'\n{USAGE}")
                    return 2
                j += 1
        else:
            urls.append(arg)
    return opts, urls


def _free_name(ctx: Context, name: str) -> str:
    if not ctx.vfs.exists(ctx.abspath(name)):
        return name
    n = 1
    while ctx.vfs.exists(ctx.abspath(f"{name}.{n}")):
        n += 1
    return f"{name}.{n}"


def _get(ctx: Context, opts: dict[str, str], text: str) -> int:
    quiet, terse = "quiet" in opts, "nv" in opts
    log = (lambda s: None) if quiet or terse else ctx.err
    try:
        url = parse_url(text)
    except BadURL:
        if not quiet:
            ctx.err(f"{text}: Invalid URL.\n" if "://" in text else f"{text}: Unsupported scheme.\n")
        return 1
    if url.scheme not in ("http", "https"):
        if not quiet:
            ctx.err(f"{text}: Unsupported scheme ‘{url.scheme}’.\n")
        return 1
    first = True
    for _hop in range(MAX_REDIRS + 1):
        log(f"--{_stamp()}--  {url}\n")
        address = links.resolve(ctx.machine, url.host)
        literal = address == url.host
        if address is None:
            log(f"Resolving {url.host} ({url.host})... failed: Name or service not known.\n")
            if not quiet:
                ctx.err(f"wget: unable to resolve host address ‘{url.host}’\n")
            return 4
        if not literal and first:
            log(f"Resolving {url.host} ({url.host})... {address}\n")
        where = f"{url.host}:{url.port}" if literal else f"{url.host} ({url.host})|{address}|:{url.port}"
        headers = [("User-Agent", opts.get("user-agent", AGENT)), ("Accept", "*/*"),
                   ("Accept-Encoding", "identity"), ("Host", url.authority), ("Connection", "Keep-Alive")]
        got = fetch(ctx.machine, Request("GET", url, headers))
        if got.response is None:
            reason = "No route to host" if got.failure is links.Failure.NO_ROUTE else "Connection refused"
            log(f"Connecting to {where}... failed: {reason}.\n")
            return 4
        log(f"Connecting to {where}... connected.\n")
        resp = got.response
        log(f"HTTP request sent, awaiting response... {resp.status} {resp.reason}\n")
        if resp.status in (301, 302, 303, 307, 308) and resp.header("Location"):
            location = resp.header("Location")
            log(f"Location: {location} [following]\n")
            url = join_url(url, location)
            first = False
            continue
        if resp.status >= 400:
            if not quiet:
                ctx.err(f"{_stamp()} ERROR {resp.status}: {resp.reason}.\n\n" if not terse
                        else f"{url}:\n{_stamp()} ERROR {resp.status}: {resp.reason}.\n")
            return 8
        return _save(ctx, opts, url, resp.body, resp.header("Content-Type"), log, terse and not quiet)
    return 8


def _save(ctx: Context, opts: dict[str, str], url: URL, body: bytes, ctype: str, log, terse: bool) -> int:
    target = opts.get("O")
    name = target if target is not None else _free_name(ctx, posixpath.basename(url.path) or "index.html")
    size = len(body)
    log(f"Length: {_size(size)} [{ctype.split(';')[0] if ctype else 'text/plain'}]\n")
    shown = "STDOUT" if name == "-" else f"‘{name}’"
    log(f"Saving to: {shown}\n\n")
    try:
        if name == "-":
            ctx.stdout.write(body)
        else:
            with ctx.vfs.open(ctx.abspath(name), "wb") as fh:
                fh.write(body)
    except OSError as exc:
        ctx.err(f"{name}: {exc.strerror}\n")
        return 3
    log(_dots(size) + "\n")
    log(f"{_stamp()} ({_rate(size, long=True)}) - {shown} saved [{size}/{size}]\n\n")
    if terse:
        ctx.err(f"{_stamp()} URL:{url} [{size}/{size}] -> \"{'-' if name == '-' else name}\" [1]\n")
    return 0


def _dots(size: int) -> str:
    """wget's dot progress: a dot per KiB, 10 a group, 50 a row, the percent at each row's end."""
    kib = size // 1024
    rows = []
    for start in range(0, max(kib, 1), 50):
        count = min(50, kib - start)
        dots = "".join(" " + "." * min(10, count - g) for g in range(0, count, 10))
        last = start + 50 >= kib
        pct = 100 if last else (start + 50) * 1024 * 100 // size
        tail = f"{_rate(size):>5}=0s" if last else f"{_rate(size):>5} 0s"
        rows.append(f"{start:6d}K{dots:<55}{pct:3d}% {tail}")
    return "\n".join(rows) + "\n"


def _rate(size: int, long: bool = False) -> str:
    """A deterministic transfer rate (the size per second, as if it took one)."""
    value, unit = float(max(size, 1)), "B"
    for unit in ("B", "K", "M", "G"):
        if value < 1024:
            break
        value /= 1024
    text = f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"
    if long:
        return f"{text} {'B/s' if unit == 'B' else unit + 'B/s'}"
    return f"{text}{'' if unit == 'B' else unit}"
