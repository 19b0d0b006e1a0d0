"""How each program reports a failed read(2) of its standard input: a directory (`cat < /tmp`:
EISDIR) or an fd open for writing only (`cat 0>/dev/null`: EBADF).  streams.ReadError marks
such a failure; the program reports it in its own words, as checked on the reference host
(coreutils 9.1, sed 4.9, grep 3.8, util-linux) as user learner.

Programs that word it as for any operand (`cat: -: Is a directory`) need no entry: the shared
operand loop (commands.textio.Inputs) says that.  An entry is used both by Inputs (for "-")
and by the command guard (interp.write_errors) when the error escapes the command."""
from __future__ import annotations

import posixpath

from shelldojo.filesystem import strerror

_READ_ERROR = ("{n}: read error: {e}", 1)
_STANDARD_INPUT = ("{n}: 'standard input': {e}", 1)

# name -> (message, "" for none; exit status).  {n}: the name as typed, {e}: strerror
MESSAGES: dict[str, tuple[str, int]] = {
    "tr": _READ_ERROR, "tee": _READ_ERROR, "shuf": _READ_ERROR, "base64": _READ_ERROR,
    "base32": _READ_ERROR, "basenc": _READ_ERROR, "csplit": _READ_ERROR, "join": _READ_ERROR,
    "od": _STANDARD_INPUT, "pr": _STANDARD_INPUT,
    "head": ("{n}: error reading 'standard input': {e}", 1),
    "tail": ("{n}: error reading 'standard input': {e}", 1),
    "dd": ("{n}: error reading 'standard input': {e}", 1),
    "nl": ("{n}: -: {e}", 1), "paste": ("{n}: -: {e}", 1), "split": ("{n}: -: {e}", 1),
    "sort": ("{n}: read failed: -: {e}", 2),
    "uniq": ("{n}: error reading '-'", 1),
    "fmt": ("{n}: read error", 1),
    "column": ("{n}: read failed: {e}", 1),
    "rev": ("{n}: stdin: 0: {e}", 1),
    "numfmt": ("{n}: error reading input: {e}", 0),  # numfmt 9.1 still exits 0
    "tac": ("{n}: 'standard input': read error: Invalid argument", 1),  # its lseek fails first
    "tsort": ("", 0), "more": ("", 0),  # these take the failure as an empty input
}


def report(name: str, exc: OSError) -> tuple[str, int] | None:
    """(text for stderr, status) if program `name` words a stdin read error its own way."""
    entry = MESSAGES.get(posixpath.basename(name))
    if entry is None:
        return None
    template, status = entry
    return (template.format(n=name, e=strerror(exc)) + "\n" if template else ""), status
