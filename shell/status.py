"""Exit statuses with a meaning of their own (bash's and GNU's conventions), by name.

Plain 0 / 1 of a command's success or failure stay numbers; these are the ones a reader
would otherwise have to know by heart.
"""
from __future__ import annotations

OK = 0
FAILURE = 1
USAGE = 2              # bad usage: syntax errors, bad options, test / [[ ]] errors
LIMIT = 124            # one of our limits ended the command line (as timeout(1) does)
CANNOT_EXECUTE = 126   # found, but not executable (a directory, no x bit)
NOT_FOUND = 127        # command not found
FATAL_EXPANSION = 127  # a non-interactive bash exits so on ${x?} and `set -u` errors
SIGNAL_BASE = 128      # a process killed by signal n ends with 128 + n
INTERRUPTED = 130      # SIGINT: Ctrl-C
BROKEN_PIPE = 141      # SIGPIPE: wrote to a pipe nobody reads


def killed_by(signal: int) -> int:
    """The status of a process that signal `signal` ended."""
    return SIGNAL_BASE + signal
