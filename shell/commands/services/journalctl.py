"""journalctl (systemd 249) over the machine's journal: -u UNIT, -n N, -f, -S/-U, -p, -o, --no-pager, -q, -r."""
from __future__ import annotations

import time
from collections.abc import Callable

from shelldojo.filesystem.journal import Entry, level, long_date, parse_timestamp
from shelldojo.filesystem.units import unit_name
from shelldojo.shell.commands.services.render import HINT, can_read_journal
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command

LONG_VALUE = {"--unit": "u", "--lines": "n", "--priority": "p", "--boot": "b", "--since": "S", "--until": "U",
              "--output": "o", "--identifier": "t"}
LONG_FLAGS = {"--no-pager": "", "--quiet": "q", "--reverse": "r", "--pager-end": "e", "--catalog": "x",
              "--follow": "f", "--no-hostname": ""}
SHORT_FLAGS = "qrexf"
SHORT_VALUE = "unpbSUot"
OPTIONAL = "nb"          # -n and -b take their value only when attached (or -n N as the next word)


def _parse(ctx: Context, args: list[str]) -> tuple[list[tuple[str, str]], set[str]] | None:
    """(letter, value) pairs and flag letters, getopt-style (bundles such as -xeu UNIT)."""
    values: list[tuple[str, str]] = []
    flags: set[str] = set()
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg.startswith("--"):
            key, eq, value = arg.partition("=")
            if key in LONG_VALUE:
                letter = LONG_VALUE[key]
                if not eq and letter not in OPTIONAL:
                    if i >= len(args):
                        ctx.err(f"journalctl: option '{key}' requires an argument\n")
                        return None
                    value, i = args[i], i + 1
                values.append((letter, value))
            elif key in LONG_FLAGS and not eq:
                flags.add(LONG_FLAGS[key])
            else:
                ctx.err(f"journalctl: unrecognized option '{arg}'\n")
                return None
            continue
        if not arg.startswith("-") or arg == "-":
            ctx.err(f"Failed to add match '{arg}': Invalid argument\n")
            return None
        for j, letter in enumerate(arg[1:], 1):
            if letter in SHORT_FLAGS:
                flags.add(letter)
            elif letter in SHORT_VALUE:
                value = arg[j + 1:]
                if not value and letter == "n" and i < len(args) and args[i].lstrip("+").isdigit():
                    value, i = args[i], i + 1
                elif not value and letter not in OPTIONAL:
                    if i >= len(args):
                        ctx.err(f"journalctl: option requires an argument -- '{letter}'\n")
                        return None
                    value, i = args[i], i + 1
                values.append((letter, value))
                break
            else:
                ctx.err(f"journalctl: invalid option -- '{letter}'\n")
                return None
    return values, flags


LEVELS = ("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug")
FORMATS = ("short", "short-full", "short-iso", "short-iso-precise", "short-precise", "short-monotonic",
           "short-unix", "verbose", "export", "json", "json-pretty", "json-sse", "json-seq", "cat", "with-unit")
POLL_S = 0.1                  # how often -f looks at the journal
CRON_EVERY_S = 1.0            # and lets the cron daemon run its due jobs (the learner is waiting here)


def _level(text: str) -> int | None:
    return int(text) if text.isdigit() and int(text) < 8 else (LEVELS.index(text) if text in LEVELS else None)


def _priority(text: str) -> tuple[int, int] | None:
    """-p LEVEL (that one and more important) or FROM..TO."""
    low, dots, high = text.partition("..")
    a, b = _level(low), _level(high) if dots else 0
    if a is None or b is None:
        return None
    return (min(a, b), max(a, b)) if dots else (0, a)


def _line(entry: Entry, fmt: str, host: str) -> str:
    if fmt == "cat":
        return entry.message + "\n"
    if fmt == "short-iso":
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(entry.time))
        return f"{stamp} {host} {entry.tag}: {entry.message}\n"
    return entry.short(host) + "\n"


@command("journalctl", family="services", summary="Print log entries from the systemd journal")
def journalctl(ctx: Context, argv: list[str]) -> int:
    parsed = _parse(ctx, argv[1:])
    if parsed is None:
        return 1
    values, flags = parsed
    units = [unit_name(v) for k, v in values if k == "u"]
    idents = [v for k, v in values if k == "t"]
    lines: int | None = None
    since = until = None
    levels = (0, 7)
    fmt = "short"
    now = time.time()
    for k, v in values:
        if k == "n":
            if v in ("", "all"):
                lines = 10 if v == "" else None
            elif not v.lstrip("+").isdigit():
                ctx.err(f"Failed to parse lines '{v}'\n")
                return 1
            else:
                lines = int(v.lstrip("+"))
        elif k in "SU":
            when = parse_timestamp(v, now)
            if when is None:
                ctx.err(f"Failed to parse timestamp: {v}\n")
                return 1
            since, until = (when, until) if k == "S" else (since, when)
        elif k == "p":
            got = _priority(v)
            if got is None:
                ctx.err(f"Unknown log level {v}\n")
                return 1
            levels = got
        elif k == "o":
            if v not in FORMATS:
                ctx.err(f"Unknown output format '{v}'.\n")
                return 1
            fmt = v
    if since is not None and until is not None and since > until:
        ctx.err("--since= must be before --until=.\n")
        return 1
    follow = "f" in flags
    if lines is None and ("e" in flags or follow):
        lines = 1000 if "e" in flags else 10
    quiet = "q" in flags
    journal = ctx.machine.services.journal
    if not can_read_journal(ctx):
        if not quiet:
            ctx.err(HINT)
        ctx.out("-- No entries --\n")
        return 0 if not follow else _follow(ctx, lambda e: False, print)

    def wanted(e: Entry) -> bool:
        return (not units or e.unit in units) and (not idents or e.ident in idents) and (since is None or e.time >= since) \
            and (until is None or e.time <= until) and levels[0] <= level(e) <= levels[1]

    entries = [e for e in journal.entries if wanted(e)]
    if lines is not None:
        entries = entries[-lines:] if lines else []
    if "r" in flags:
        entries.reverse()
    if journal.entries and not quiet:
        ctx.out(f"-- Journal begins at {long_date(journal.entries[0].time)}, "
                f"ends at {long_date(journal.entries[-1].time)}. --\n")
    host = ctx.machine.hostname
    if not entries and not follow:
        ctx.out("-- No entries --\n")
        return 0
    ctx.out("".join(_line(e, fmt, host) for e in entries))
    if follow:
        return _follow(ctx, wanted, lambda e: ctx.out(_line(e, fmt, host)))
    return 0


def _follow(ctx: Context, wanted: Callable[[Entry], bool], show: Callable[[Entry], object]) -> int:
    """-f: the new entries as they come, until Ctrl-C or the time limit (real journalctl -f
    follows without a terminal too).  Waiting here is waiting (not counted in the REPL); the
    cron daemon gets its turns meanwhile, as it would while the learner watches."""
    from shelldojo.shell import cron_runner
    journal = ctx.machine.services.journal
    seen = journal.count
    next_cron = time.monotonic() + CRON_EVERY_S
    with ctx.budget.waiting():
        while True:
            ctx.check()
            if time.monotonic() >= next_cron:
                next_cron = time.monotonic() + CRON_EVERY_S
                host = ctx.host
                if host is not None and hasattr(host, "run_source"):
                    cron_runner.tick(host)  # type: ignore[arg-type]
            new = journal.count - seen
            if new:
                for entry in journal.entries[-new:] if new <= len(journal.entries) else journal.entries:
                    if wanted(entry):
                        show(entry)
                seen = journal.count
                ctx.stdout.flush()
            time.sleep(POLL_S)
