"""figlet (package figlet 2.2.5-3): large letters from the fonts in /usr/share/figlet."""
from __future__ import annotations

import posixpath

from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context
from shelldojo.shell.packages.figlet import (
    SM_KERN,
    SM_SMUSH,
    SMO_FORCE,
    SMO_NO,
    SMO_YES,
    FontError,
    Layout,
    args_stream,
    load_font,
)
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

FONTDIR = "/usr/share/figlet"


def _version() -> str:
    """-v and -I0: the banner, then the usage."""
    return verbatim("extras/figlet_banner") + verbatim("extras/figlet_usage")


class _Spec(OptionSpec):
    """figlet uses plain getopt: its errors are followed by the usage text, status 1."""

    def _usage(self, ctx: Context, message: str) -> int:
        if message.startswith(("unrecognized option", "option '--")):
            message = "invalid option -- '-'"
        ctx.err(f"figlet: {message}\n{verbatim('extras/figlet_usage')}")
        return 1


SPEC = _Spec("figlet", short="ADEXLRI:xlcrpntvm:w:d:f:C:NFskSWo", posix=True)


def _font_candidates(ctx: Context, fontdir: str, name: str) -> tuple[str, list[str]]:
    """(name as figlet prints it, paths to try): '.flf' is optional; a '/' means a path."""
    base = name.removesuffix(".flf")
    if "/" in base:
        full = ctx.abspath(base)
        return base, [full + ".flf", full]
    d = ctx.abspath(fontdir)
    return base, [posixpath.join(d, base + ".flf"), posixpath.join(d, base)]


@command("figlet", family="packages", package="figlet", summary="display large characters made up of ordinary screen characters")
def figlet(ctx: Context, argv: list[str]) -> int:
    # figlet's --help/--version are not long options: getopt sees '-' as an invalid option
    if len(argv) > 1 and argv[1] in ("--help", "--version"):
        return SPEC._usage(ctx, "unrecognized option")
    parsed = SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    fontdir, fontname, width, just = FONTDIR, "standard", 80, -1
    smushmode, override, paragraph, info = 0, SMO_NO, False, None
    for opt, value in parsed.options:
        value = value or ""
        match opt:
            case "-c":
                just = 1
            case "-l":
                just = 0
            case "-r":
                just = 2
            case "-x":
                just = -1
            case "-p":
                paragraph = True
            case "-n":
                paragraph = False
            case "-t":
                term = ctx.terminal
                cols = getattr(term, "columns", None) if term is not None else None
                if isinstance(cols, int) and cols > 0:
                    width = cols
            case "-w":
                width = max(_atoi(value), 1)
            case "-d":
                fontdir = value
            case "-f":
                fontname = value
            case "-v":
                ctx.out(_version())
                return 0
            case "-I":
                info = _atoi(value)
            case "-k":
                smushmode, override = SM_KERN, SMO_YES
            case "-S":
                smushmode, override = SM_SMUSH, SMO_FORCE
            case "-s":
                smushmode, override = 0, SMO_NO
            case "-o":
                smushmode, override = SM_SMUSH, SMO_YES
            case "-W":
                smushmode, override = 0, SMO_YES
            case "-m":
                m = _atoi(value)
                if m < -1:
                    override = SMO_NO
                else:
                    smushmode = SM_KERN if m == 0 else 0 if m == -1 else (m & 63) | SM_SMUSH
                    override = SMO_YES
    if info is not None:
        return _infoprint(ctx, info, fontdir, fontname, width)
    shown, candidates = _font_candidates(ctx, fontdir, fontname)
    data = None
    for path in candidates:
        try:
            if ctx.vfs.isfile(path):
                data = ctx.vfs.read_bytes(path)
                break
        except OSError:
            continue
    if data is None:
        ctx.err(f"figlet: {shown}: Unable to open font file\n")
        return 1
    try:
        font = load_font(data)
    except FontError:
        ctx.err(f"figlet: {shown}: Not a FIGlet 2 font file\n")
        return 1
    if override == SMO_NO:
        smushmode = font.smush2
    elif override == SMO_FORCE:
        smushmode |= font.smush2
    if just < 0:
        just = 2 * int(font.right2left)
    layout = Layout(font, width, just, smushmode & 0xFF, paragraph)
    if parsed.operands:
        ctx.out(layout.feed(args_stream(parsed.operands)))
        return 0
    while line := ctx.stdin.readline():
        ctx.check()
        ctx.out(layout.feed(list(line), final=False))
    ctx.out(layout.feed([], final=True))
    return 0


def _atoi(text: str) -> int:
    """C's atoi: leading blanks, a sign, digits; anything else stops it (0 if none)."""
    text = text.lstrip()
    sign, i = 1, 0
    if text[:1] in ("-", "+"):
        sign, i = (-1 if text[0] == "-" else 1), 1
    digits = ""
    while i < len(text) and text[i].isdigit():
        digits += text[i]
        i += 1
    return sign * int(digits) if digits else 0


def _infoprint(ctx: Context, code: int, fontdir: str, fontname: str, width: int) -> int:
    texts = {0: _version(), 1: "20205\n", 2: f"{fontdir}\n", 3: f"{fontname.removesuffix('.flf')}\n",
             4: f"{width}\n", 5: "flf2 tlf2\n"}
    ctx.out(texts.get(code, ""))
    return 0
