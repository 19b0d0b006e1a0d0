"""The first screen of the free-practice REPL."""
from __future__ import annotations

WELCOME = """\
\x1b[1mWelcome to shelldojo\x1b[0m: a practice Ubuntu terminal.
Everything here happens inside a simulated computer: nothing you type can harm your real one,
so try anything. Your files stay here until next time (`shelldojo sandbox --fresh` starts over).

  \x1b[1mhelp\x1b[0m            list the commands you can use   \x1b[1mCMD --help\x1b[0m   the options of a command
  \x1b[1mTab\x1b[0m             complete names                   \x1b[1m\u2191 \u2193\x1b[0m          earlier commands
  \x1b[1mexit\x1b[0m or Ctrl-D  leave                            your password (for sudo): \x1b[1mlearner\x1b[0m
"""
