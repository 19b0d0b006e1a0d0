"""Small packaged games: cowsay/cowthink (cowsay), fortune (fortune-mod), sl (sl)."""
from __future__ import annotations

import random
import textwrap

from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

COW = """\
        {t}   ^__^
         {t}  ({e})\\_______
            (__)\\       )\\/\\
             {g} ||----w |
                ||     ||
"""
COW_SPEC = OptionSpec("cowsay", short="bdgpstwyhe:f:lnT:W:", help=verbatim("extras/cowsay_help").format())
FORTUNES = "/usr/share/games/fortunes/fortunes"


def _balloon(lines: list[str], think: bool) -> str:
    width = max((len(x) for x in lines), default=0)
    out = [" " + "_" * (width + 2)]
    if len(lines) == 1:
        o, c = ("(", ")") if think else ("<", ">")
        out.append(f"{o} {lines[0]:<{width}} {c}")
    else:
        for i, line in enumerate(lines):
            if think:
                o, c = "(", ")"
            elif i == 0:
                o, c = "/", "\\"
            elif i == len(lines) - 1:
                o, c = "\\", "/"
            else:
                o, c = "|", "|"
            out.append(f"{o} {line:<{width}} {c}")
    out.append(" " + "-" * (width + 2))
    return "\n".join(out) + "\n"


def _cow(ctx: Context, argv: list[str], think: bool) -> int:
    parsed = COW_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    # cowsay takes substr(..., 0, 2) of -e and -T: shorter values are not padded
    eyes = (parsed.last("-e") or "oo")[:2]
    tongue = (parsed.last("-T") or "  ")[:2]
    for flag, face in (("-b", "=="), ("-d", "xx"), ("-g", "$$"), ("-p", "@@"), ("-s", "**"),
                       ("-t", "--"), ("-w", "OO"), ("-y", "..")):
        if parsed.has(flag):
            eyes = face
            if flag in ("-d", "-s"):
                tongue = "U "
    try:
        width = int(parsed.last("-W") or "40")
    except ValueError:
        width = 40
    if parsed.operands:
        text = " ".join(parsed.operands)
    else:
        text = ctx.stdin.read().decode("utf-8", "replace")
    if parsed.has("-n"):
        lines = text.expandtabs(8).rstrip("\n").split("\n")
    else:
        words = " ".join(text.split())
        lines = textwrap.wrap(words, width - 1) or [""]
    trail = "o" if think else "\\"
    ctx.out(_balloon(lines, think) + COW.format(t=trail, e=eyes, g=tongue))
    return 0


@command("cowsay", family="packages", directory="/usr/games", package="cowsay", summary="configurable speaking cow")
def cowsay(ctx: Context, argv: list[str]) -> int:
    return _cow(ctx, argv, False)


@command("cowthink", family="packages", directory="/usr/games", package="cowsay", summary="configurable thinking cow")
def cowthink(ctx: Context, argv: list[str]) -> int:
    return _cow(ctx, argv, True)


@command("fortune", family="packages", directory="/usr/games", package="fortune-mod", summary="print a random epigram")
def fortune(ctx: Context, argv: list[str]) -> int:
    try:
        text = ctx.vfs.read_bytes(FORTUNES).decode("utf-8", "replace")
    except OSError:
        ctx.out("No fortunes found\n")
        return 1
    cookies = [c.strip("\n") for c in text.split("\n%\n") if c.strip()]
    if not cookies:
        ctx.out("No fortunes found\n")
        return 1
    ctx.out(random.choice(cookies) + "\n")
    return 0


TRAIN = [
    "      ====        ________                ___________ ",
    "  _D _|  |_______/        \\__I_I_____===__|_________| ",
    "   |(_)---  |   H\\________/ |   |        =|___ ___|   ",
    "   /     |  |   H  |  |     |   |         ||_| |_||   ",
    "  |      |  |   H  |__--------------------| [___] |   ",
    "  | ________|___H__/__|_____/[][]~\\_______|       |   ",
    "  |/ |   |-----------I_____I [][] []  D   |=======|__ ",
    "__/ =| o |=-~~\\  /~~\\  /~~\\  /~~\\ ____Y___________|__ ",
    " |/-=|___|=    ||    ||    ||    |_____/~\\___/        ",
    "  \\_/      \\O=====O=====O=====O_/      \\_/            ",
]


@command("sl", family="packages", directory="/usr/games", package="sl", summary="display animations aimed to correct users who accidentally enter sl instead of ls")
def sl(ctx: Context, argv: list[str]) -> int:
    term = ctx.terminal
    if term is None:
        # sl draws with curses on the terminal; without one its frames go nowhere useful
        return 0
    import time

    width = max(getattr(term, "columns", 80), 20)
    top = max((getattr(term, "lines", 24) - len(TRAIN)) // 2, 0)
    for x in range(width, -len(TRAIN[0]) - 1, -2):
        ctx.check()
        rows = []
        for row in TRAIN:
            line = " " * max(x, 0) + row[max(-x, 0):]
            rows.append(line[:width - 1])
        term.clear()
        ctx.out("\n" * top + "\n".join(rows) + "\n")
        ctx.stdout.flush()
        time.sleep(0.04)
    term.clear()
    return 0
