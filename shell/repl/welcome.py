"""The first screens: the free-practice REPL's and the trainer's (new learner, or back again)."""
from __future__ import annotations

from shelldojo.shell.repl.layout import fit, hang

_B, _R = "\x1b[1m", "\x1b[0m"

SANDBOX_INTRO = (f"{_B}Welcome to shelldojo{_R}: a practice Ubuntu terminal.\n"
                 "Everything here happens inside a simulated computer: nothing you type can harm your real "
                 "one, so try anything. Your files stay here until next time (`shelldojo sandbox --fresh` "
                 "starts over).")
SANDBOX_KEYS = (("help commands", "list the commands you can use"), ("CMD --help", "the options of a command"),
                ("Tab", "complete names"), ("\u2191 \u2193", "earlier commands"),
                ("exit or Ctrl-D", "leave"), ("sudo", "asks your password: learner"))
TRAINER_INTRO = (f"{_B}Welcome to the shelldojo trainer{_R}: a practice Ubuntu terminal with a coach.\n"
                 "Everything happens inside a simulated computer, so nothing you type can harm your real one. "
                 "Each challenge gives you a goal. Type real Linux commands to reach it: after every command "
                 "the bar at the bottom shows what is done and what is still missing.")
TRAINER_KEYS = (("dojo goal", "the task again"), ("dojo hint", "a hint (each time a bigger one)"),
                ("dojo check", "what is done/missing"), ("dojo next", "the next challenge"),
                ("dojo help", "every dojo command"), ("exit", "leave (your progress is kept)"))
TRAINER_BACK = f"{_B}Welcome back to the shelldojo trainer.{_R} (dojo help lists the trainer's commands)"


def key_table(rows: tuple[tuple[str, str], ...], width: int, indent: int = 2) -> str:
    """Keys and what they do: two pairs to a line when the terminal is wide enough, else one."""
    key_w = max(len(k) for k, _ in rows) + 2
    left_w = max(len(w) for _, w in rows[0::2]) + 2  # the first pair's text is padded to line up the second
    two = indent + 2 * key_w + left_w + max(len(w) for _, w in rows[1::2]) <= width
    lines = []
    if two:
        for i in range(0, len(rows), 2):
            cells = [f"{_B}{k}{_R}{' ' * (key_w - len(k))}{w}" for k, w in rows[i:i + 2]]
            pad = " " * (left_w - len(rows[i][1])) if len(cells) == 2 else ""
            lines.append(" " * indent + pad.join(cells))
    else:
        lines = [hang(f"{' ' * indent}{_B}{k}{_R}{' ' * (key_w - len(k))}", w, width) for k, w in rows]
    return "\n".join(lines) + "\n"


def sandbox_welcome(width: int) -> str:
    """The free-practice REPL's first screen, laid out for `width` columns."""
    return fit(SANDBOX_INTRO, width) + "\n\n" + key_table(SANDBOX_KEYS, width)


def trainer_welcome(first_run: bool, width: int, notice: str = "") -> str:
    """The trainer's first screen, laid out for `width` columns (a notice to show once first)."""
    head = fit(notice.rstrip("\n"), width) + "\n" if notice else ""
    if not first_run:
        return head + fit(TRAINER_BACK, width) + "\n\n"
    return (head + fit(TRAINER_INTRO, width) + "\n\n" + key_table(TRAINER_KEYS, width)
            + fit(f"  your password (for sudo): {_B}learner{_R}", width) + "\n\n")
