"""Short manual pages of our own writing (one plain-text file per command) and bash's help texts.

A page file `NAME.txt` holds the page body in man's layout without its header and footer:
section names (NAME, SYNOPSIS, DESCRIPTION, EXAMPLES...) at column 0, text indented by 7
spaces, at most 78 columns.  `render()` adds the header and footer lines as man prints them
without a terminal.  `bash_help.json` holds bash 5.2's `help` topics, recorded from real bash.
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

# Commands documented on another command's page.
ALIASES = {"[": "test", ".": "source", "readarray": "mapfile", "typeset": "declare", "apropos": "man",
           "whatis": "man", "sh": "bash", "view": "vi", "vim": "vi",
           "gunzip": "gzip", "zcat": "gzip", "bunzip2": "bzip2", "bzcat": "bzip2", "unxz": "xz", "xzcat": "xz"}

WIDTH = 78   # man's line length when stdout is not a terminal (80 columns minus the margin)
FOOTER = "shelldojo 0.1"
DATE = "June 2024"


def _file(name: str) -> Any:
    return resources.files(__name__).joinpath(name)


@cache
def names() -> frozenset[str]:
    """Every command that has a page file."""
    return frozenset(p.name[:-4] for p in resources.files(__name__).iterdir() if p.name.endswith(".txt"))


def load(name: str) -> str | None:
    """The body of NAME's page, or None; `name` must be a command name, never a path."""
    name = ALIASES.get(name, name)
    if "/" in name or name.startswith(".") or name not in names():
        return None
    return _file(f"{name}.txt").read_text(encoding="utf-8")


def summary(name: str) -> str:
    """The one-line description from the page's NAME section ("ls - list ..." -> "list ...")."""
    body = load(name)
    if body is None:
        return ""
    lines = body.splitlines()
    for i, line in enumerate(lines):
        if line == "NAME" and i + 1 < len(lines):
            return lines[i + 1].strip().partition(" - ")[2]
    return ""


def _centered(left: str, center: str, right: str, width: int) -> str:
    start = max(len(left) + 1, -(-(width - len(center)) // 2))
    line = left + " " * (start - len(left)) + center
    return line + " " * max(1, width - len(line) - len(right)) + right


def render(name: str, body: str, section: str = "1", width: int = WIDTH) -> str:
    """The whole page as man prints it without a terminal: header, body, footer."""
    title = f"{name.upper()}({section})"
    header = _centered(title, "User Commands", title, width)
    footer = _centered(FOOTER, DATE, title, width)
    return f"{header}\n\n{body.rstrip()}\n\n{footer}\n"


@cache
def bash_help() -> dict[str, Any]:
    """{"version", "listing", "topics": [{"name", "desc", "synopsis", "long"}]} in bash's order."""
    return json.loads(_file("bash_help.json").read_text(encoding="utf-8"))
