"""man: short manual pages of our own writing (shell/manpages/), shown in the pager on the REPL's
terminal, printed as plain text otherwise (as man-db prints without a terminal)."""
from __future__ import annotations

import dataclasses
import re

from shelldojo.shell import manpages
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.pagers.pager import on_terminal, page
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command, load_all, lookup
from shelldojo.shell.streams import BufferOutput
from shelldojo.shell.texts import verbatim

NOT_FOUND = 16


class _ManSpec(OptionSpec):
    def _usage(self, ctx: Context, message: str) -> int:
        ctx.err(f"man: {message}\nTry 'man --help' or 'man --usage' for more information.\n")
        return 1


SPEC = _ManSpec("man", short="C:dDfkKlwWcR:L:m:M:P:S:s:e:iIaE:r:7H::ZX::TtuV?",
                long=["config-file=", "debug", "default", "warnings=?", "whatis", "apropos", "global-apropos",
                      "local-file", "where", "path", "location", "where-cat", "location-cat", "catman",
                      "recode=", "locale=", "systems=", "manpath=", "pager=", "sections=", "extension=",
                      "ignore-case", "match-case", "regex", "wildcard", "names-only", "all", "update",
                      "no-subpages", "encoding=", "no-hyphenation", "no-justification", "preprocessor=",
                      "prompt=", "ascii", "html=?", "gxditview=?", "ditroff", "troff", "usage"],
                help=verbatim("system/man_help"), version=verbatim("system/man_version"))

_SECTION = re.compile(r"[1-9n][a-z]*\Z")


def section_of(name: str) -> str:
    """Commands in /usr/sbin are documented in section 8, as on Ubuntu; the rest in section 1."""
    info = lookup(name)
    return "8" if info is not None and info.directory == "/usr/sbin" else "1"


def _from_help(ctx: Context, name: str) -> str | None:
    """A page made from the command's --help text, for commands that have no page of their own."""
    info = lookup(name)
    if info is None:
        return None
    buf = BufferOutput()
    sub = dataclasses.replace(ctx, name=name, stdout=buf, stderr=BufferOutput())
    try:
        info.func(sub, [name, "--help"])
    except Exception:  # noqa: BLE001 - a missing page must not break man
        return None
    text = buf.getvalue().decode("utf-8", "replace").rstrip()
    summary = info.summary or "a command of this machine"
    body = "\n".join(("       " + line).rstrip() for line in text.splitlines())
    return f"NAME\n       {name} - {summary}\n\nDESCRIPTION\n{body}\n"


def _from_bash(name: str) -> str | None:
    """A page made from bash's `help NAME` text, for builtins without a page of their own."""
    for t in manpages.bash_help()["topics"]:
        if t["name"] == name:
            body = "\n".join(("   " + line).rstrip() for line in t["long"].splitlines())
            return f"NAME\n       {name} - {t['desc']}\n\nSYNOPSIS\n       {t['synopsis']}\n\nDESCRIPTION\n{body}\n"
    return None


def body_for(ctx: Context, name: str) -> str | None:
    if "/" in name:
        return None
    return manpages.load(name) or _from_bash(name) or _from_help(ctx, name)


def _whatis_line(name: str) -> str:
    info = lookup(name)
    text = manpages.summary(name) or (info.summary if info else "")
    return f"{f'{name} ({section_of(name)})':<20} - {text}\n"


def _all_names() -> list[str]:
    return sorted(set(manpages.names()) | set(load_all()) | {t["name"] for t in manpages.bash_help()["topics"]})


def _apropos(ctx: Context, words: list[str], exact: bool) -> int:
    """man -k (search names and descriptions) and man -f (exact names)."""
    if not words:
        ctx.out("whatis what?\n" if exact else "apropos what?\n")
        return 1
    status = 0
    for word in words:
        found = []
        for name in _all_names():
            if exact:
                hit = name == word
            else:
                try:
                    rx = re.compile(word, re.IGNORECASE)
                except re.error:
                    rx = re.compile(re.escape(word), re.IGNORECASE)
                hit = bool(rx.search(name) or rx.search(manpages.summary(name)))
            if hit and body_for(ctx, name) is not None:
                found.append(_whatis_line(name))
        if found:
            ctx.out("".join(found))
        else:
            ctx.err(f"{word}: nothing appropriate.\n")
            status = NOT_FOUND
    return status


@command("man", family="shell", summary="an interface to the system reference manuals")
def man(ctx: Context, argv: list[str]) -> int:
    parsed = SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.has("--usage"):
        ctx.out("Usage: man [OPTION...] [SECTION] PAGE...\n")
        return 0
    if parsed.has("-V"):
        ctx.out(verbatim("system/man_version"))
        return 0
    if parsed.has("-?"):
        ctx.out(verbatim("system/man_help"))
        return 0
    if parsed.has("-k", "--apropos", "-f", "--whatis"):
        return _apropos(ctx, parsed.operands, exact=parsed.has("-f", "--whatis"))
    names = parsed.operands
    section = None
    if len(names) > 1 and _SECTION.match(names[0]):
        section, names = names[0], names[1:]
    if not names:
        ctx.err("What manual page do you want?\nFor example, try 'man man'.\n")
        return 1
    status, docs = 0, []
    for name in names:
        body = body_for(ctx, name)
        sec = section_of(name)
        if body is None or (section is not None and section[0] != sec):
            ctx.err(f"No manual entry for {name}" + (f" in section {section}\n" if section else "\n"))
            status = NOT_FOUND
            continue
        text = manpages.render(name, body, sec)
        if on_terminal(ctx):
            docs.append((f"{name}({sec})", text))
        else:
            ctx.out(text)
    if docs:
        for name, text in docs:
            page(ctx, [(name, text)], f"man:{name}")
    return status
