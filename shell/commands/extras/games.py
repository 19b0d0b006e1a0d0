"""Small packaged games: cowsay/cowthink (cowsay), fortune (fortune-mod), sl (sl)."""
from __future__ import annotations

import random
import re

from shelldojo.shell.commands.extras.cowfile import (
    CowError,
    getopts,
    mbswidth,
    perl_fill,
    perl_wrap,
    run_cowfile,
)
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

COWPATH = "/usr/share/cowsay/cows"
OPTIONS = "bde:f:ghlLnNpstT:wW:y"       # cowsay's getopts string
FACES = (("b", "==", None), ("d", "xx", "U "), ("g", "$$", None), ("p", "@@", None),
         ("s", "**", "U "), ("t", "--", None), ("w", "OO", None), ("y", "..", None))
FORTUNES = "/usr/share/games/fortunes/fortunes"
_ANSI = re.compile(r"\x1b\[\d+(?:;\d+)*m")


def _usage(prog: str) -> str:
    return verbatim("extras/cowsay_help").format().replace("Usage: cowsay", f"Usage: {prog}")


WRAP_PM = "/usr/lib/x86_64-linux-gnu/perl-base/Text/Wrap.pm"


def _columns(ctx: Context, value: str | None) -> int:
    """-W as Text::Wrap uses it: Perl's numeric value, with Perl's warnings on stderr."""
    m = re.match(r"\s*([+-]?\d+)(\s*$)?", value or "")
    if value is not None and not (m and m[2] is not None):
        ctx.err(f'Argument "{value}" isn\'t numeric in subtraction (-) at {WRAP_PM} line 36.\n')
    return int(m[1]) if m else 0


def _brace_warnings(ctx: Context, message: list[str], columns: int) -> None:
    """Below one column Text::Wrap builds {0,-N} into its regexes, which Perl warns about."""
    if columns < 1 and any(x.strip() for x in message):
        here = "Unescaped left brace in regex is passed through in regex; marked by <-- HERE in m/"
        ctx.err(f"{here}\\G((?:(?!\\n)\\PM\\pM*){{ <-- HERE 0,{columns - 1}}})((?=\\s)(?:\\r\\n|\\PM\\pM*)"
                f"|\\n+|\\z)/ at {WRAP_PM} line 52.\n"
                f"{here}\\G((?:(?!\\n)\\PM\\pM*){{ <-- HERE {columns - 1}}})/ at {WRAP_PM} line 57.\n")


def _balloon(lines: list[str], think: bool) -> str:
    """construct_balloon: width from the text without colour codes, padding as colstr pads."""
    width = max((mbswidth(_ANSI.sub("", x)) for x in lines), default=0)
    lines = lines or [""]
    if think:
        borders = ["()"] * len(lines)
    elif len(lines) < 2:
        borders = ["<>"]
    else:
        borders = ["/\\", *["||"] * (len(lines) - 2), "\\/"]
    out = [" " + "_" * (width + 2)]
    for (o, c), line in zip(borders, lines):
        out.append(f"{o} {line}{' ' * (width - mbswidth(line))} {c}")
    out.append(" " + "-" * (width + 2))
    return "\n".join(out) + "\n"


def _list(ctx: Context, cowpath: str, prog: str) -> int:
    """-l: each directory of COWPATH and its cow names, wrapped as Text::Wrap does at 76."""
    for d in cowpath.split(":"):
        ctx.out(f"Cow files in {d}:\n")
        try:
            names = ctx.vfs.listdir(ctx.abspath(d)) if d else []
            if not d:
                raise FileNotFoundError(2, "")
        except OSError as exc:
            ctx.err(f"/usr/games/{prog}: Cannot open {d}\n")
            return exc.errno or 2
        listed = sorted(n[:-4] for n in names if n.endswith(".cow"))
        if not listed:
            ctx.err(f"Use of uninitialized value $tail in join or string at {WRAP_PM} line 34.\n")
        ctx.out((perl_wrap(" ".join(listed), 76) or "") + "\n")
    return 0


def _cow_source(ctx: Context, name: str, cowpath: str, prog: str) -> str | int | None:
    """The text of the cow file -f names (None: Perl's `do` failed quietly), or a status."""
    if "/" in name:
        if not name.startswith(("/", "./", "../")):
            # `do FILE` searches @INC for such a name, and '.' left @INC in Perl 5.26
            if ctx.vfs.isfile(ctx.abspath(name)):
                ctx.err(f'do "{name}" failed, \'.\' is no longer in @INC; did you mean do "./{name}"? '
                        f"at /usr/games/{prog} line 196.\n")
            return None
        full = ctx.abspath(name)
    else:
        found = [p for d in cowpath.split(":") for p in (f"{d}/{name}", f"{d}/{name}.cow")
                 if ctx.vfs.isfile(ctx.abspath(p))]
        if not found:
            ctx.err(f"{prog}: Could not find {name} cowfile!\n")
            return 2
        full = ctx.abspath(found[0])
    try:
        # Perl reads the file as bytes (latin-1) and prints it through a UTF-8 layer
        return ctx.vfs.read_bytes(full).decode("latin-1")
    except OSError:
        return None


def _cow(ctx: Context, argv: list[str], think: bool) -> int:
    prog = "cowthink" if think else "cowsay"
    warnings: list[str] = []
    opts, operands, asked = getopts(OPTIONS, argv[1:], warnings)
    ctx.err("".join(warnings))
    if asked == "help":
        ctx.out(_usage(prog))
        return 0
    if asked == "version":
        ctx.out(f"/usr/games/{prog} version [unknown] calling Getopt::Std::getopts (version 1.13 [paranoid]),\n"
                "running under Perl version 5.34.0.\n")
        ctx.err("  [Now continuing due to backward compatibility and excessive paranoia.\n"
                "   See 'perldoc Getopt::Std' about $Getopt::Std::STANDARD_HELP_VERSION.]\n")
    if "h" in opts:
        ctx.err(_usage(prog))
        return 2
    cowpath = ctx.env.get("COWPATH") or COWPATH
    if "l" in opts:  # lists and exits before any input is read
        return _list(ctx, cowpath, prog)
    eyes = (opts.get("e", "oo") or "")[:2]
    tongue = (opts.get("T", "  ") or "")[:2]
    if operands and operands[0] not in ("", "0"):  # Perl: unless ($ARGV[0]) reads stdin
        if "n" in opts:
            ctx.err(_usage(prog))
            return 2
        message = [" ".join(operands)]
        lines_read = ""  # $. : no line was read yet
    else:
        text = ctx.stdin.read().decode("utf-8", "replace")
        message = text.split("\n")
        if message[-1] == "":
            message.pop()
        lines_read = str(len(message))
    if "n" in opts:
        lines = [m.expandtabs(8) for m in message]
    else:
        columns = _columns(ctx, opts.get("W", "40"))
        _brace_warnings(ctx, message, columns)
        lines = perl_fill(message, columns)
    for flag, face, tired_tongue in FACES:
        if flag in opts:
            eyes, tongue = face, tired_tongue or tongue
    source = _cow_source(ctx, opts.get("f", "default.cow") or "", cowpath, prog)
    if isinstance(source, int):
        return source
    env = {"thoughts": "o" if think else "\\", "eyes": eyes, "tongue": tongue, ".": lines_read}
    try:
        the_cow = run_cowfile(source, opts.get("f") or "", env) if source is not None else ""
    except CowError as exc:
        ctx.err(f"{prog}: {exc}\n\n")
        return 255  # die with $! unset
    ctx.out(_balloon(lines, think) + the_cow)
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
