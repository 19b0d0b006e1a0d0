"""The first screens: the free-practice REPL's and the trainer's (new learner, or back again)."""
from __future__ import annotations

WELCOME = """\
\x1b[1mWelcome to shelldojo\x1b[0m: a practice Ubuntu terminal.
Everything here happens inside a simulated computer: nothing you type can harm your real one,
so try anything. Your files stay here until next time (`shelldojo sandbox --fresh` starts over).

  \x1b[1mhelp\x1b[0m            list the commands you can use   \x1b[1mCMD --help\x1b[0m   the options of a command
  \x1b[1mTab\x1b[0m             complete names                   \x1b[1m\u2191 \u2193\x1b[0m          earlier commands
  \x1b[1mexit\x1b[0m or Ctrl-D  leave                            your password (for sudo): \x1b[1mlearner\x1b[0m
"""

_B, _R = "\x1b[1m", "\x1b[0m"

TRAINER_WELCOME = f"""\
{_B}Welcome to the shelldojo trainer{_R}: a practice Ubuntu terminal with a coach.
Everything happens inside a simulated computer, so nothing you type can harm your real one.
Each challenge gives you a goal. Type real Linux commands to reach it: after every command
the bar at the bottom shows what is done and what is still missing.

  {_B}dojo goal{_R}   the task again        {_B}dojo hint{_R}   a hint (each time a bigger one)
  {_B}dojo check{_R}  what is done/missing  {_B}dojo next{_R}   the next challenge
  {_B}dojo help{_R}   every dojo command    {_B}exit{_R}        leave (your progress is kept)
  your password (for sudo): {_B}learner{_R}

"""

TRAINER_WELCOME_BACK = f"{_B}Welcome back to the shelldojo trainer.{_R} (dojo help lists the trainer's commands)\n\n"
