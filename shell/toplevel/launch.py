"""The console script's entry point.

Ctrl-C while Python is still importing the program would print a KeyboardInterrupt
traceback: while the command line is imported, SIGINT ends the process quietly, as it ends
a C program; afterwards a Ctrl-C that no part of the program answered (one that came while
it was still starting) ends it with status 130 and no traceback.
"""
from __future__ import annotations

import signal

INTERRUPTED = 130   # 128 + SIGINT, as bash reports a command Ctrl-C ended


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    from shelldojo.shell.cli import main as cli_main

    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return cli_main()
    except KeyboardInterrupt:
        return INTERRUPTED
