"""The texts of the `dojo` command: goal card, check list, cheat sheet, listings, help.

Plain strings with a few ANSI attributes, as a command writes them to its terminal; the
Markdown export has none.  What the REPL itself shows around the trainer (its bottom bar,
the welcome screen, the celebration) is the front end's: shell/repl/trainer_app.py.
"""
from __future__ import annotations

import textwrap
from collections.abc import Iterable

from shelldojo.challenges.check_kinds import KINDS
from shelldojo.challenges.checks import CheckResult
from shelldojo.challenges.model import Check, Pack
from shelldojo.challenges.progress import CardRow
from shelldojo.challenges.trainer import Goal

BOLD, DIM, GREEN, RED, CYAN, RESET = "\x1b[1m", "\x1b[2m", "\x1b[32m", "\x1b[31m", "\x1b[36m", "\x1b[0m"
MARKS = {"done": "✔", "skipped": "↷", "started": "…"}

HELP = """\
Usage: dojo COMMAND [ARG]
The trainer's commands (every other word you type is a real Linux command).

  goal                  print the current challenge's task again
  hint                  show the next hint for this challenge
  check                 list every check with ✔ (done) or ✘ (missing)
  next                  go to the next challenge
  skip                  mark this challenge skipped and go to the next one
  reset [-y]            put this challenge's machine back as it started
  list [PACK]           packs and challenges with your status
  start PACK[/CHALLENGE]  go to a challenge (PACK alone: its first unfinished one)
  cheat [CMD]           your cheat sheet: the cards you have unlocked
  cheat --export FILE [--force]
                        write your cheat sheet as Markdown to FILE on your real computer:
                        a relative FILE goes in the folder you started shelldojo in and ~
                        is your own home folder there; an existing FILE is replaced only
                        if you say yes (or give --force)
  progress              how many challenges you finished in each pack
  help                  this help
"""


def _wrap(text: str, indent: str = "  ") -> str:
    paras = [p for p in textwrap.dedent(text).strip().split("\n\n")]
    return "\n\n".join(textwrap.fill(" ".join(p.split()), 88, initial_indent=indent, subsequent_indent=indent)
                       for p in paras)


def goal_card(goal: Goal) -> str:
    pack, challenge = goal.pack, goal.challenge
    index = next((i for i, c in enumerate(pack.challenges, 1) if c.id == challenge.id), 0)
    head = f"{pack.title} · challenge {index} of {len(pack.challenges)}"
    return (f"{DIM}{head}{RESET}\n{BOLD}{CYAN}{challenge.title}{RESET}  {DIM}({pack.id}/{challenge.id}){RESET}\n"
            f"{_wrap(challenge.goal)}\n{DIM}(dojo hint for a hint, dojo check to see what is missing){RESET}\n")


def describe(check: Check) -> str:
    """What a passing check confirms (checks carry only the message shown while they fail)."""
    kind = KINDS.get(check.kind)
    return kind.describe(check) if kind is not None else "done"


def check_lines(results: Iterable[CheckResult]) -> str:
    lines = []
    for r in results:
        if r.passed:
            lines.append(f"{GREEN}✔{RESET} {describe(r.check)}")
        else:
            lines.append(f"{RED}✘{RESET} {r.message}")
    return "\n".join(lines) + "\n"


def card_text(command: str, meaning: str, examples: Iterable[str]) -> str:
    text = f"  {BOLD}{command}{RESET}  {meaning}\n"
    return text + "".join(f"      $ {e}\n" for e in examples)


def cheat_sheet(cards: list[CardRow], only: str | None = None) -> str:
    return "".join(card_text(c.command, c.meaning, c.examples) for c in cards
                   if only is None or c.command.split()[0] == only or c.command == only)


def cheat_markdown(cards: list[CardRow]) -> str:
    out = ["# My shelldojo cheat sheet", ""]
    for c in cards:
        out.append(f"## `{c.command}`")
        out.append("")
        out.append(c.meaning[:1].upper() + c.meaning[1:] + ("" if c.meaning.endswith(".") else "."))
        out.append("")
        if c.examples:
            out.append("```bash")
            out.extend(c.examples)
            out.append("```")
            out.append("")
    return "\n".join(out)


def listing(packs: list[Pack], statuses: dict[str, dict[str, str]], current: tuple[str, str] | None) -> str:
    out = []
    for pack in packs:
        done = sum(1 for s in statuses.get(pack.id, {}).values() if s == "done")
        out.append(f"{BOLD}{pack.id}{RESET}: {pack.title} ({done}/{len(pack.challenges)} done)")
        for i, c in enumerate(pack.challenges, 1):
            status = statuses.get(pack.id, {}).get(c.id, "")
            here = " ◀ you are here" if current == (pack.id, c.id) else ""
            out.append(f"  {MARKS.get(status, ' ')} {i:2d}. {pack.id}/{c.id:<24} {c.title}{here}")
    return "\n".join(out) + "\n"


def progress(packs: list[Pack], statuses: dict[str, dict[str, str]]) -> str:
    out = []
    total_done = total = 0
    for pack in packs:
        done = sum(1 for c in pack.challenges if statuses.get(pack.id, {}).get(c.id) == "done")
        skipped = sum(1 for c in pack.challenges if statuses.get(pack.id, {}).get(c.id) == "skipped")
        n = len(pack.challenges)
        total_done, total = total_done + done, total + n
        bar = "█" * round(10 * done / n) if n else ""
        extra = f", {skipped} skipped" if skipped else ""
        out.append(f"{pack.id:<22} {bar:<10} {done}/{n} done{extra}")
    out.append(f"{'all packs':<22} {'':<10} {total_done}/{total} done")
    return "\n".join(out) + "\n"
