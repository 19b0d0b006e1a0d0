"""The texts of the `dojo` command: goal card, check list, cheat sheet, listings, help.

Plain strings with a few ANSI attributes, as a command writes them to its terminal; the
Markdown export has none.  Each is laid out for the terminal's width when it is printed
(`width`: the columns it has now, so a resized terminal gets the new one): lines break
between words only, never inside a word or a file name, and a continuation line hangs under
its text.  What the REPL itself shows around the trainer (its bottom bar, the welcome
screen, the celebration) is the front end's: shell/repl/trainer_app.py.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from shelldojo.challenges.check_kinds import KINDS
from shelldojo.challenges.checks import CheckResult
from shelldojo.challenges.model import Check, Pack
from shelldojo.challenges.progress import CardRow
from shelldojo.challenges.trainer import Goal
from shelldojo.shell.repl.layout import KEEP, MIN_TEXT, fit, hang, visible_len

BOLD, DIM, GREEN, RED, CYAN, RESET = "\x1b[1m", "\x1b[2m", "\x1b[32m", "\x1b[31m", "\x1b[36m", "\x1b[0m"
MARKS = {"done": "✔", "skipped": "↷", "started": "…"}

HELP_HEAD = ("Usage: dojo COMMAND [ARG]\n"
             "The trainer's commands (every other word you type is a real Linux command).\n\n")
HELP_ROWS = (
    ("goal", "print the current challenge's task again"),
    ("hint", "show the next hint for this challenge"),
    ("check", "list every check with ✔ (done) or ✘ (missing)"),
    ("next", "go to the next challenge"),
    ("skip", "mark this challenge skipped and go to the next one"),
    ("reset [-y]", "put this challenge's machine back as it started"),
    ("list [PACK]", "packs and challenges with your status"),
    ("start PACK[/CHALLENGE]", "go to a challenge (PACK alone: its first unfinished one)"),
    ("cheat [CMD]", "your cheat sheet: the cards you have unlocked"),
    ("cheat --export FILE [--force]",
     ("write your cheat sheet as Markdown to FILE on your real computer: a relative FILE goes in the "
      "folder you started shelldojo in and ~ is your own home folder there; an existing FILE is "
      "replaced only if you say yes (or give --force)")),
    ("progress", "how many challenges you finished in each pack"),
    ("help", "this help"),
)
HELP_COLUMN = 24   # where the explanations start

def help_text(width: int) -> str:
    rows = []
    for usage, what in HELP_ROWS:
        if HELP_COLUMN + MIN_TEXT > width:  # too narrow for two columns: the text right after its usage
            rows.append(hang(f"  {usage}  ", what, width))
        elif len(usage) > HELP_COLUMN - 2:  # a long usage stands alone, its text below it
            rows.append(f"  {usage}\n" + hang(" " * HELP_COLUMN, what, width))
        else:
            rows.append(hang(f"  {usage:<{HELP_COLUMN - 4}}  ", what, width))
    return fit(HELP_HEAD, width) + "\n".join(rows) + "\n"


HELP = help_text(10_000)  # each entry on one line: what the texts say, whatever the width


def goal_card(goal: Goal, width: int) -> str:
    pack, challenge = goal.pack, goal.challenge
    index = next((i for i, c in enumerate(pack.challenges, 1) if c.id == challenge.id), 0)
    head = f"{pack.title} · challenge {index} of {len(pack.challenges)}"
    ref = f"({pack.id}/{challenge.id})"
    title = hang("", challenge.title, width, BOLD + CYAN)
    title += ("  " if visible_len(title.split("\n")[-1]) + 2 + len(ref) <= width else "\n") + f"{DIM}{ref}{RESET}"
    body = "\n\n".join(_paragraph(p, width) for p in challenge.goal.strip().split("\n\n") if p.strip())
    return (f"{hang('', head, width, DIM)}\n{title}\n{body}\n"
            f"{hang('', '(dojo hint for a hint, dojo check to see what is missing)', width, DIM)}\n")


_ITEM = re.compile(r"^\s*(\d+\.|[-*])\s+", re.MULTILINE)


def _paragraph(text: str, width: int) -> str:
    """A goal's paragraph, reflowed; a list in it ("1. ...", "- ...") keeps an item to a line,
    hanging under the item's text."""
    starts = [m.start() for m in _ITEM.finditer(text)]
    if not starts:
        return hang("  ", " ".join(text.split()), width)
    pieces = [text[:starts[0]]] + [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    out = [hang("  ", " ".join(pieces[0].split()), width)] if pieces[0].strip() else []
    for item in pieces[1:]:
        mark, *rest = item.split(None, 1)
        out.append(hang(f"  {mark} ", " ".join("".join(rest).split()), width))
    return "\n".join(out)


def describe(check: Check) -> str:
    """What a passing check confirms (checks carry only the message shown while they fail)."""
    kind = KINDS.get(check.kind)
    return kind.describe(check) if kind is not None else "done"


def check_lines(results: Iterable[CheckResult], width: int) -> str:
    lines = []
    for r in results:
        if r.passed:
            lines.append(hang(f"{GREEN}✔{RESET} ", describe(r.check), width))
        else:
            lines.append(hang(f"{RED}✘{RESET} ", r.message, width))
    return "\n".join(lines) + "\n"


def card_text(command: str, meaning: str, examples: Iterable[str], width: int) -> str:
    text = hang(f"  {BOLD}{command}{RESET}  ", meaning, width) + "\n"
    return text + "".join(hang("      $ ", e, width) + "\n" for e in examples)


def cheat_sheet(cards: list[CardRow], only: str | None, width: int) -> str:
    return "".join(card_text(c.command, c.meaning, c.examples, width) for c in cards
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


def listing(packs: list[Pack], statuses: dict[str, dict[str, str]], current: tuple[str, str] | None,
            width: int) -> str:
    out = []
    for pack in packs:
        done = sum(1 for s in statuses.get(pack.id, {}).values() if s == "done")
        out.append(hang(f"{BOLD}{pack.id}{RESET}: ", f"{pack.title} ({done}/{len(pack.challenges)} done)", width))
        for i, c in enumerate(pack.challenges, 1):
            status = statuses.get(pack.id, {}).get(c.id, "")
            here = f" ◀{KEEP}you{KEEP}are{KEEP}here" if current == (pack.id, c.id) else ""
            out.append(hang(f"  {MARKS.get(status, ' ')} {i:2d}. ", f"{pack.id}/{c.id:<24} {c.title}{here}", width))
    return "\n".join(out) + "\n"


def progress(packs: list[Pack], statuses: dict[str, dict[str, str]], width: int) -> str:
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
    return fit("\n".join(out), width) + "\n"
