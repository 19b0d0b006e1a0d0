"""bash's `help` builtin: with no argument bash 5.2's own list of the shell builtins (two
columns sized to $COLUMNS, as bash's show_builtin_command_help draws them), and each
builtin's help text (recorded from bash 5.2).

bash's list names builtins only.  The programs of this machine have their own map,
shelldojo's addition: `help commands` lists them by family, each with its man page's NAME
line (real bash would answer "no help topics match `commands'").
"""
from __future__ import annotations

import fnmatch
import textwrap
from typing import Any

from shelldojo.shell import manpages
from shelldojo.shell.context import Context
from shelldojo.shell.registry import FAMILIES, command, load_all
from shelldojo.shell.streams import PrefixedOutput

USAGE = "help: usage: help [-dms] [pattern ...]\n"
MACHINE = "x86_64-pc-linux-gnu"

_FAMILY_TITLES = {"navigation": "Moving around", "files": "Files and directories", "text": "Reading and "
                  "changing text", "system": "The system", "users": "Users and permissions",
                  "packages": "Installing software", "shell": "The shell itself"}


def _is_glob(pattern: str) -> bool:
    """bash's glob_pattern_p: *, ?, or a [ closed by a later ]."""
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c in "*?":
            return True
        if c == "[" and "]" in pattern[i + 1:]:
            return True
        if c == "\\":
            i += 1
        i += 1
    return False


def _matches(pattern: str, topics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Exact or glob matches first; if none, prefix matches (bash >= 4.2)."""
    found = [t for t in topics if t["name"] == pattern or fnmatch.fnmatchcase(t["name"], pattern)]
    return found or [t for t in topics if t["name"].startswith(pattern)]


def _manpage(t: dict[str, Any], version: str) -> str:
    return (f"NAME\n    {t['name']} - {t['desc']}\n\nSYNOPSIS\n    {t['synopsis']}\n\nDESCRIPTION\n"
            f"{t['long']}\nSEE ALSO\n    bash(1)\n\nIMPLEMENTATION\n"
            f"    GNU bash, version {version} ({MACHINE})\n"
            "    Copyright (C) 2022 Free Software Foundation, Inc.\n"
            "    License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n\n")


def _header(version: str) -> str:
    return (f"GNU bash, version {version} ({MACHINE})\n"
            "These shell commands are defined internally.  Type `help' to see this list.\n"
            "Type `help name' to find out more about the function `name'.\n"
            "Use `info bash' to find out more about the shell in general.\n"
            "Use `man -k' or `info' to find out more about commands not in this list.\n"
            "\n"
            "A star (*) next to a name means that the command is disabled.\n"
            "\n")


def _columns(ctx: Context) -> int:
    """bash's default_columns(): $COLUMNS if a positive number, else the terminal's, else 80."""
    state = getattr(ctx.runner, "state", None)  # the interpreter's variables (COLUMNS is not exported)
    value = state.get("COLUMNS") if state is not None else ctx.env.get("COLUMNS")
    digits = (value or "").strip()
    n = int(digits) if digits.lstrip("-").isdigit() else 0
    if n > 0:
        return n
    return ctx.columns if ctx.interactive and ctx.columns > 0 else 80


def _cell(doc: str, width: int, second: bool) -> str:
    """wdispcolumn's cell (bash in a UTF-8 locale): ' ' (enabled) and the synopsis; when it
    reaches width-2 columns its last shown character becomes '>' (one more in column two)."""
    shown = min(len(doc) if len(doc) < width else width - 2, width - 2)
    if shown + 1 >= width - 2:
        return " " + doc[:shown - (2 if second else 1)] + ">"
    return " " + doc[:shown]


def _builtin_list(ctx: Context, topics: list[dict[str, Any]], version: str) -> str:
    """show_builtin_command_help: the synopses in two columns, cut with '>' as dispcolumn does."""
    width = _columns(ctx) // 2
    width = 128 if width > 128 else 40 if width <= 3 else width
    docs = [t["synopsis"] for t in topics]
    n, height = len(docs), (len(docs) + 1) // 2
    out = [_header(version)]
    for i in range(height):
        first = _cell(docs[i], width, False)
        if 2 * i >= n or i + height >= n:
            out.append(first + "\n")
            continue
        out.append(first.ljust(width) + _cell(docs[i + height], width, True) + "\n")
    return "".join(out)


def _available(ctx: Context) -> dict[str, list[tuple[str, str]]]:
    """family -> [(name, one-line summary)] for the commands this machine has."""
    data = manpages.bash_help()
    descs = {t["name"]: t["desc"] for t in data["topics"]}
    found: dict[str, str] = {}
    families: dict[str, list[tuple[str, str]]] = {f: [] for f in FAMILIES}
    for name, info in load_all().items():
        if info.package and info.directory and not ctx.vfs.exists(f"{info.directory}/{name}"):
            continue  # not installed on this machine yet
        found[name] = info.family if info.family in families else "shell"
    for name in sorted(found):
        info = load_all().get(name)
        text = manpages.summary(name) or (info.summary if info else "") or descs.get(name, "")
        families[found[name]].append((name, text[:1].upper() + text[1:].rstrip(".")))
    return families


def _programs(ctx: Context) -> str:
    """`help commands`: the programs this machine has, by family (shelldojo's own page)."""
    out = [("The programs you can practise here, by family (shelldojo's list: bash's own `help'\n"
           "lists only the shell builtins):\n")]
    for family, entries in _available(ctx).items():
        if not entries or family == "shell":
            continue
        out.append(f"\n{_FAMILY_TITLES.get(family, family.title())}\n")
        for name, text in entries:
            out.append(f"  {name:<10} {text}\n" if len(name) < 10 else f"  {name} {text}\n")
    out.append("\n")
    out.append(textwrap.fill("To learn more: `man NAME' shows a manual page, `NAME --help' lists the options "
                             "of a command, and `help NAME' shows the help of a shell builtin.", 78) + "\n")
    return "".join(out)


def _usage_line(ctx: Context) -> None:
    # bash prints its usage line without the "bash: line N: " prefix of the message above it
    stream = ctx.stderr.inner if isinstance(ctx.stderr, PrefixedOutput) else ctx.stderr
    stream.write(USAGE.encode())


@command("help", family="shell", builtin=True, directory=None, summary="display help on shell commands")
def help_(ctx: Context, argv: list[str]) -> int:
    data = manpages.bash_help()
    version, topics = data["version"], data["topics"]
    flags, args = set(), argv[1:]
    while args and args[0].startswith("-") and args[0] != "-":
        arg = args.pop(0)
        if arg == "--":
            break
        if arg == "--help":
            t = next(t for t in topics if t["name"] == "help")
            ctx.out(f"help: {t['synopsis']}\n{t['long']}")
            return 2
        for c in arg[1:]:
            if c not in "dms" or arg.startswith("--"):
                ctx.err(f"{ctx.name}: {'--' if arg.startswith('--') else '-' + c}: invalid option\n")
                _usage_line(ctx)
                return 2
            flags.add(c)
    if not args:
        ctx.out(_builtin_list(ctx, topics, version))
        return 0
    if args == ["commands"] and not flags:
        ctx.out(_programs(ctx))
        return 0
    if any(_is_glob(a) for a in args):
        plural = "s" if len(args) > 1 else ""
        ctx.out(f"Shell commands matching keyword{plural} `{', '.join(args)}'\n\n")
    found = 0
    for pattern in args:
        for t in _matches(pattern, topics):
            found += 1
            if "d" in flags:
                ctx.out(f"{t['name']} - {t['desc']}\n")
            elif "m" in flags:
                ctx.out(_manpage(t, version))
            else:
                ctx.out(f"{t['name']}: {t['synopsis']}\n")
                if "s" not in flags:
                    ctx.out(t["long"])
    if not found:
        p = args[-1]
        ctx.err(f"{ctx.name}: no help topics match `{p}'.  Try `help help' or `man -k {p}' or `info {p}'.\n")
        return 1
    return 0
