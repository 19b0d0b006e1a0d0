"""A compiled sed program (GNU sed 4.9): commands, addresses, compile errors, sed's regex dialect."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from shelldojo.shell import regexengine
from shelldojo.shell.budget import Budget
from shelldojo.shell.commands.grep.regex import RegexError, translate


class SedError(Exception):
    """A compile error; `status` 1 for script errors, 4 for GNU sed's 'panic' errors."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Addr:
    kind: str                 # line, last, regex, step, plus, mult, zero
    n: int = 0
    step: int = 0
    regex: regexengine.Regex | None = None   # None with kind regex: the last regex used


@dataclass
class Cmd:
    name: str
    a1: Addr | None = None
    a2: Addr | None = None
    negate: bool = False
    regex: regexengine.Regex | None = None
    empty_regex: bool = False
    repl: list[tuple[str, object]] = field(default_factory=list)   # ("lit", s) / ("grp", n) / ("case", c)
    gflag: bool = False
    nth: int = 1
    pflag: int = 0
    text: str = ""            # a/i/c text, label, file name
    target: int = -1          # jump target (b t T, and { to its })
    int_arg: int | None = None
    ymap: dict[str, str] = field(default_factory=dict)
    # range state
    active: bool = False
    end_line: int = 0


def sed_regex(pattern: str, ere: bool, icase: bool, multiline: bool,
              budget: Budget | None = None) -> regexengine.Regex:
    """Compile a sed regex: \\n and \\t are characters here; `.` matches a newline."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern) and pattern[i + 1] in "nt":
            out.append("\n" if pattern[i + 1] == "n" else "\t")
            i += 2
            continue
        if c == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        out.append(c)
        i += 1
    body, _groups = translate("".join(out), "ere" if ere else "bre")
    flags = re.DOTALL | (re.IGNORECASE if icase else 0) | (re.MULTILINE if multiline else 0)
    if not multiline:   # `$` is the end of the pattern space, never before a final newline
        body = re.sub(r"(?<!\\)\$", r"\\Z", body)
    try:
        return regexengine.compile(body, flags, budget)
    except re.error as exc:
        raise RegexError("Invalid preceding regular expression") from exc
