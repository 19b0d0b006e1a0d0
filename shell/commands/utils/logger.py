"""logger (util-linux 2.38): a message into the machine's journal, mirrored to /var/log/syslog as
rsyslog writes it (filesystem/journal.py), so `journalctl -t TAG` and `tail /var/log/syslog`
show it.  -s also prints the syslog line (`<13>Dec  7 11:40:00 learner: hi`) on stderr."""
from __future__ import annotations

import time

from shelldojo.filesystem import accounts, strerror
from shelldojo.filesystem.journal import MONTHS
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

FACILITIES = {"kern": 0, "user": 1, "mail": 2, "daemon": 3, "auth": 4, "security": 4, "syslog": 5, "lpr": 6,
              "news": 7, "uucp": 8, "cron": 9, "authpriv": 10, "ftp": 11,
              **{f"local{i}": 16 + i for i in range(8)}}
LEVELS = {"emerg": 0, "panic": 0, "alert": 1, "crit": 2, "err": 3, "error": 3, "warning": 4, "warn": 4,
          "notice": 5, "info": 6, "debug": 7}
_LONG = {"id": "i", "stderr": "s", "file": "f", "priority": "p", "tag": "t", "socket": "u", "skip-empty": "e",
         "help": "h", "version": "V", "no-act": "no-act", "rfc3164": "rfc3164", "rfc5424": "rfc5424",
         "size": "S", "udp": "d", "tcp": "T", "server": "n", "port": "P", "prio-prefix": "prio-prefix",
         "socket-errors": "socket-errors", "octet-count": "octet-count", "msgid": "msgid", "sd-id": "sd-id",
         "sd-param": "sd-param", "journald": "journald"}
_VALUE = {"f", "p", "t", "u", "S", "n", "P", "socket-errors", "msgid", "sd-id", "sd-param"}
_OPTIONAL = {"i", "rfc5424", "journald"}


def _usage(ctx: Context, message: str) -> int:
    ctx.err(f"logger: {message}\nTry 'logger --help' for more information.\n")
    return 1


def _parse(ctx: Context, args: list[str]) -> tuple[list[tuple[str, str | None]], list[str]] | int:
    """getopt_long with argument permutation: options anywhere before `--`."""
    opts: list[tuple[str, str | None]] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg, i = args[i], i + 1
        if arg == "--":
            return opts, rest + args[i:]
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            hits = [name] if name in _LONG else [n for n in _LONG if n.startswith(name)]
            if len(hits) != 1:
                return _usage(ctx, f"unrecognized option '{arg}'" if not hits else f"option '{arg}' is ambiguous")
            key = _LONG[hits[0]]
            if key in _VALUE and not eq:
                if i >= len(args):
                    return _usage(ctx, f"option '--{hits[0]}' requires an argument")
                value, i = args[i], i + 1
            opts.append((key, value if (eq or key in _VALUE) else None))
            continue
        if not arg.startswith("-") or arg == "-":
            rest.append(arg)
            continue
        j = 1
        while j < len(arg):
            c, j = arg[j], j + 1
            if c not in "ef:ip:S:st:u:dTn:P:hV".replace(":", ""):
                return _usage(ctx, f"invalid option -- '{c}'")
            if c in _VALUE:
                value = arg[j:]
                if not value:
                    if i >= len(args):
                        return _usage(ctx, f"option requires an argument -- '{c}'")
                    value, i = args[i], i + 1
                opts.append((c, value))
                break
            opts.append((c, None))
    return opts, rest


def _priority(ctx: Context, text: str) -> int | None:
    if text.isdigit():
        return int(text)
    fac_name, dot, lev_name = text.rpartition(".")
    facility = FACILITIES.get(fac_name.lower()) if dot else 1
    if facility is None:
        ctx.err(f"logger: unknown facility name: {fac_name}\n")
        return None
    if lev_name.lower() not in LEVELS:
        ctx.err(f"logger: unknown priority name: {lev_name}\n")
        return None
    return facility * 8 + LEVELS[lev_name.lower()]


@command("logger", family="utils", summary="enter messages into the system log")
def logger(ctx: Context, argv: list[str]) -> int:
    parsed = _parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    opts, words = parsed
    keys = {k for k, _ in opts}
    if keys & {"h", "V"}:
        ctx.out(verbatim("utils/logger_help") if "h" in keys else verbatim("utils/logger_version"))
        return 0
    tag = accounts.user_name(ctx.vfs, ctx.creds.uid)
    pri, pid, file, skip_empty = 13, 0, None, "e" in keys
    for key, value in opts:
        if key == "t":
            tag = value or tag
        elif key == "p":
            got = _priority(ctx, value or "")
            if got is None:
                return 1
            pri = got
        elif key == "i":
            pid = ctx.machine.procs.current() or 1
            if value is not None:
                if not value.isdigit() or int(value) == 0:
                    ctx.err(f"logger: failed to parse id: '{value}'\n")
                    return 1
                pid = int(value)
        elif key == "f":
            file = value
    if file is not None and words:
        ctx.err("logger: --file <file> and <message> are mutually exclusive, message is ignored\n")
    if words:
        message = " ".join(words)
        lines = [message] if message else []
    elif file is not None:
        try:
            data = ctx.vfs.read_bytes(ctx.abspath(file)) if file != "-" else b"".join(ctx.stdin_lines())
        except OSError as exc:
            ctx.err(f"logger: file {file}: {strerror(exc)}\n")
            return 1
        lines = data.decode("utf-8", "replace").splitlines()
    else:
        lines = [raw.decode("utf-8", "replace").rstrip("\n") for raw in ctx.stdin_lines()]
    journal = ctx.machine.services.journal
    for line in lines:
        ctx.check()
        if skip_empty and not line:
            continue
        now = time.time()
        entry = journal.log("", line, pid=pid, ident=tag, when=now)
        if "s" in keys:
            t = time.gmtime(now)
            ctx.err(f"<{pri}>{MONTHS[t.tm_mon - 1]} {t.tm_mday:2d} {time.strftime('%H:%M:%S', t)} "
                    f"{entry.tag}: {line}\n")
    return 0
