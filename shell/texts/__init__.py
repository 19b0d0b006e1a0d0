"""Verbatim texts recorded from the real tools: --help, --version and usage screens.

One file per text, `<family>/<command>_<kind>.txt` beside this module (the family is the
shell/commands/ subpackage whose commands print it), read through importlib.resources so
it works from a wheel, on first use, and kept.  The files are the exact bytes the tool
prints (trailing spaces and tabs included), decoded as UTF-8 without newline translation.
A text with placeholders stays a template here and is formatted where it is used.
"""
from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def verbatim(name: str) -> str:
    """The text `family/name` (without .txt), e.g. verbatim("grep/grep_help")."""
    return resources.files(__name__).joinpath(f"{name}.txt").read_bytes().decode("utf-8")
