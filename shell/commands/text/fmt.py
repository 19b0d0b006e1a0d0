"""fmt (GNU coreutils 9.1): fill paragraphs with GNU fmt's optimal line breaking.

Here are the command line (the old -WIDTH, -w/-g checks) and the input files; the algorithm,
fmt.c's (Ross Paterson's) cost-driven line breaking, is fmt_fill.py."""
from __future__ import annotations

import re

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.text.fmt_fill import LEEWAY, MAXCHARS, Fmt
from shelldojo.shell.commands.textio import close_input, open_input, read_all, stdin_failed
from shelldojo.shell.context import Context, cquote, squote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

FMT = OptionSpec("fmt", short="cstuw:p:g:", long=["crown-margin", "prefix=", "split-only",
                 "tagged-paragraph", "uniform-spacing", "width=", "goal="],
                 help=verbatim("text/fmt_help"), version=verbatim("text/fmt_version"))


def _width(ctx: Context, text: str, top: int) -> int | None:
    if not re.fullmatch(r"\s*\+?\d+", text):
        ctx.error(f"invalid width: {cquote(text)}")
        return None
    if int(text) > top:
        ctx.error(f"invalid width: {cquote(text)}: Numerical result out of range")
        return None
    return int(text)


@command("fmt", family="text", summary="simple optimal text formatter")
def fmt(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    width_opt = None
    if args and re.match(r"-\d", args[0]):   # the old -WIDTH, only as the first option
        width_opt, args = args[0][1:], args[1:]
    for a in args:
        if a == "--":
            break
        m = re.match(r"-[cstu]*(\d)", a)
        if m and not a.startswith("--"):
            ctx.error(f"invalid option -- {m.group(1)}; -WIDTH is recognized only when it is the first\n"
                      "option; use -w N instead")
            ctx.err("Try 'fmt --help' for more information.\n")
            return 1
    p = FMT.parse(ctx, args)
    if isinstance(p, int):
        return p
    width_opt = p.last("-w", "--width") if p.has("-w", "--width") else width_opt
    width = 75
    if width_opt is not None:
        w = _width(ctx, width_opt, MAXCHARS // 2)
        if w is None:
            return 1
        width = w
    goal_opt = p.last("-g", "--goal")
    if goal_opt is not None:
        g = _width(ctx, goal_opt, width)
        if g is None:
            return 1
        goal = g
        if width_opt is None:
            width = goal + 10
    else:
        goal = width * (2 * (100 - LEEWAY) + 1) // 200
    f = Fmt(ctx, width, goal, p.has("-c", "--crown-margin"), p.has("-t", "--tagged-paragraph"),
            p.has("-s", "--split-only"), p.has("-u", "--uniform-spacing"), p.last("-p", "--prefix") or "")
    ok = True
    for name in p.operands or ["-"]:
        try:
            stream = open_input(ctx, name)
            try:
                data = read_all(ctx, stream)
            finally:
                close_input(ctx, stream)
        except OSError as exc:
            if not stdin_failed(ctx, name, exc):
                ctx.error(f"cannot open {squote(name)} for reading: {strerror(exc)}")
            ok = False
            continue
        ctx.out(f.run(data))
    return 0 if ok else 1
