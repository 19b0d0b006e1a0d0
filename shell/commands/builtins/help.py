"""bash's `help` builtin: help texts of the shell builtins (recorded from bash 5.2), and with no
argument a beginner's map of every command by family (the issue asks for that instead of bash's
two-column list; bash's header lines are kept)."""
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
            "Use `man -k' or `info' to find out more about commands not in this list.\n")


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


def _listing(ctx: Context, version: str) -> str:
    out = [_header(version), "\nThe commands you can practise here, by family:\n"]
    for family, entries in _available(ctx).items():
        if not entries:
            continue
        out.append(f"\n{_FAMILY_TITLES.get(family, family.title())}\n")
        for name, text in entries:
            out.append(f"  {name:<10} {text}\n" if len(name) < 10 else f"  {name} {text}\n")
    out.append("\n")
    out.append(textwrap.fill("To learn more: `help NAME' shows the help of a shell builtin, `man NAME' "
                             "shows a manual page, and `NAME --help' lists the options of a command.",
                             78) + "\n")
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
        ctx.out(_listing(ctx, version))
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
