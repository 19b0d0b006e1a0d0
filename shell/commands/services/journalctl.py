"""journalctl (systemd 249) over the machine's journal: -u UNIT, -n N, --no-pager, -q, -r."""
from __future__ import annotations

from shelldojo.filesystem.journal import long_date
from shelldojo.filesystem.units import unit_name
from shelldojo.shell.commands.services.render import HINT, can_read_journal
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command

LONG_VALUE = {"--unit": "u", "--lines": "n", "--priority": "p", "--boot": "b", "--since": "S", "--until": "U"}
LONG_FLAGS = {"--no-pager": "", "--quiet": "q", "--reverse": "r", "--pager-end": "e", "--catalog": "x",
              "--follow": "f", "--no-hostname": ""}
SHORT_FLAGS = "qrexf"
SHORT_VALUE = "unpbSU"
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


@command("journalctl", family="services", summary="Print log entries from the systemd journal")
def journalctl(ctx: Context, argv: list[str]) -> int:
    parsed = _parse(ctx, argv[1:])
    if parsed is None:
        return 1
    values, flags = parsed
    units = [unit_name(v) for k, v in values if k == "u"]
    lines: int | None = None
    for k, v in values:
        if k == "n":
            if v in ("", "all"):
                lines = 10 if v == "" else None
            elif not v.lstrip("+").isdigit():
                ctx.err(f"Failed to parse lines '{v}'\n")
                return 1
            else:
                lines = int(v.lstrip("+"))
    if lines is None and ("e" in flags or "f" in flags):
        lines = 1000 if "e" in flags else 10     # -f prints the last lines (following is not simulated)
    quiet = "q" in flags
    journal = ctx.machine.services.journal
    if not can_read_journal(ctx):
        if not quiet:
            ctx.err(HINT)
        ctx.out("-- No entries --\n")
        return 0
    entries = [e for e in journal.entries if not units or e.unit in units]
    if lines is not None:
        entries = entries[-lines:] if lines else []
    if "r" in flags:
        entries.reverse()
    if journal.entries and not quiet:
        ctx.out(f"-- Journal begins at {long_date(journal.entries[0].time)}, "
                f"ends at {long_date(journal.entries[-1].time)}. --\n")
    if not entries:
        ctx.out("-- No entries --\n")
        return 0
    host = ctx.machine.hostname
    ctx.out("".join(e.short(host) + "\n" for e in entries))
    return 0

