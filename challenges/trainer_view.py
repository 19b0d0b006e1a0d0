"""The trainer's texts: goal card, check list, celebration, cheat sheet, listings, help.

Plain strings with a few ANSI attributes (the REPL writes them to a terminal); the
Markdown export has none.
"""
from __future__ import annotations

import textwrap
from collections.abc import Iterable

from shelldojo.challenges.checks import CheckResult
from shelldojo.challenges.model import Card, Challenge, Check, Pack
from shelldojo.challenges.progress import CardRow

BOLD, DIM, GREEN, RED, CYAN, RESET = "\x1b[1m", "\x1b[2m", "\x1b[32m", "\x1b[31m", "\x1b[36m", "\x1b[0m"
MARKS = {"done": "✔", "skipped": "↷", "started": "…"}

WELCOME = f"""\
{BOLD}Welcome to the shelldojo trainer{RESET}: a practice Ubuntu terminal with a coach.
Everything happens inside a simulated computer, so nothing you type can harm your real one.
Each challenge gives you a goal. Type real Linux commands to reach it: after every command
the bar at the bottom shows what is done and what is still missing.

  {BOLD}dojo goal{RESET}   the task again        {BOLD}dojo hint{RESET}   a hint (each time a bigger one)
  {BOLD}dojo check{RESET}  what is done/missing  {BOLD}dojo next{RESET}   the next challenge
  {BOLD}dojo help{RESET}   every dojo command    {BOLD}exit{RESET}        leave (your progress is kept)
  your password (for sudo): {BOLD}learner{RESET}

"""

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


def goal_card(pack: Pack, challenge: Challenge) -> str:
    index = next((i for i, c in enumerate(pack.challenges, 1) if c.id == challenge.id), 0)
    head = f"{pack.title} · challenge {index} of {len(pack.challenges)}"
    return (f"{DIM}{head}{RESET}\n{BOLD}{CYAN}{challenge.title}{RESET}  {DIM}({pack.id}/{challenge.id}){RESET}\n"
            f"{_wrap(challenge.goal)}\n{DIM}(dojo hint for a hint, dojo check to see what is missing){RESET}\n")


def describe(check: Check) -> str:
    """What a passing check confirms (checks carry only the message shown while they fail)."""
    s, o = check.subject, check.options
    return {
        "exists": f"{s} exists", "file": f"{s} is a file", "dir": f"{s} is a directory",
        "missing": f"{s} is gone", "symlink": f"{s} is a symbolic link",
        "content_equals": f"{s} says exactly what it should", "content_contains": f"{s} has the right content",
        "content_matches": f"{s} has the right content", "line_count": f"{s} has {o.get('count')} lines",
        "mode": f"{s} has the right permissions", "owner": f"{s} has the right owner",
        "package": f"{s} is installed", "package_missing": f"{s} is not installed",
        "user_exists": f"user {s} exists", "user_missing": f"user {s} is gone",
        "user_in_group": f"{s} is in group {o.get('group')}", "cwd": f"you are in {s}",
        "output_contains": "your last command printed what was asked",
        "output_equals": "your last command printed what was asked", "command_used": f"you used {s}",
    }.get(check.kind, "done")


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


def celebration(challenge: Challenge, cards: Iterable[Card], has_next: bool) -> str:
    out = f"\n{GREEN}{BOLD}✔ Challenge complete: {challenge.title}{RESET}\n"
    cards = list(cards)
    if cards:
        out += "New on your cheat sheet (dojo cheat):\n"
        out += "".join(card_text(c.command, c.meaning, c.examples) for c in cards)
    way_on = "type dojo next for the next challenge" if has_next else "that was the last challenge: well done!"
    return out + f"{BOLD}→{RESET} {way_on}\n"


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
