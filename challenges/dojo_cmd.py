"""The `dojo` builtin of the trainer's REPL: goal, hint, check, next, skip, reset, list, start,
cheat, progress, help.  Errors print `dojo: ...` (status 1; 2 for usage errors)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from challenges import trainer_view as view
from challenges.setup import SetupError

if TYPE_CHECKING:
    from challenges.trainer import Trainer
    from shell.commands.context import Context

USAGE_LINE = "Try 'dojo help' for more information.\n"


def make_dojo(trainer: Trainer) -> Callable[[Context, list[str]], int]:
    def dojo(ctx: Context, argv: list[str]) -> int:
        trainer.dojo_ran = True
        args = argv[1:]
        if not args:
            ctx.out(view.HELP)
            return 0
        sub, rest = args[0], args[1:]
        handler = SUBCOMMANDS.get(sub)
        if handler is None:
            ctx.err(f"dojo: unknown command '{sub}'\n{USAGE_LINE}")
            return 2
        try:
            return handler(trainer, ctx, rest)
        except SetupError as exc:
            ctx.err(f"dojo: could not prepare the challenge: {exc}\n")
            return 1

    return dojo


def _no_args(name: str, ctx: Context, rest: list[str]) -> bool:
    if rest:
        ctx.err(f"dojo {name}: unexpected argument '{rest[0]}'\n{USAGE_LINE}")
        return False
    return True


def _help(t: Trainer, ctx: Context, rest: list[str]) -> int:
    ctx.out(view.HELP)
    return 0


def _goal(t: Trainer, ctx: Context, rest: list[str]) -> int:
    if not _no_args("goal", ctx, rest):
        return 2
    ctx.out(t.goal())
    return 0


def _hint(t: Trainer, ctx: Context, rest: list[str]) -> int:
    if not _no_args("hint", ctx, rest):
        return 2
    ctx.out(t.hint())
    return 0


def _check(t: Trainer, ctx: Context, rest: list[str]) -> int:
    if not _no_args("check", ctx, rest):
        return 2
    shown = t.visible_results()
    ctx.out(view.check_lines(shown))
    hidden = len(t.results) - len(shown)
    if hidden:
        ctx.out(f"(and {hidden} more check{'s' * (hidden != 1)} once these pass)\n")
    if t.solved:
        ctx.out("All done: type dojo next for the next challenge.\n")
    return 0 if t.solved else 1


def _next(t: Trainer, ctx: Context, rest: list[str]) -> int:
    if not _no_args("next", ctx, rest):
        return 2
    ctx.out(t.advance())
    return 0


def _skip(t: Trainer, ctx: Context, rest: list[str]) -> int:
    if not _no_args("skip", ctx, rest):
        return 2
    title = t.active.challenge.title
    ctx.out(f"Skipped: {title} (dojo start {t.active.pack.id}/{t.active.challenge.id} to come back)\n")
    ctx.out(t.advance(skip=True))
    return 0


def _reset(t: Trainer, ctx: Context, rest: list[str]) -> int:
    yes = False
    for arg in rest:
        if arg in ("-y", "--yes"):
            yes = True
        else:
            ctx.err(f"dojo reset: unexpected argument '{arg}'\n{USAGE_LINE}")
            return 2
    if not yes:
        if ctx.terminal is None:
            ctx.err("dojo: reset needs a confirmation: use dojo reset -y\n")
            return 1
        answer = ctx.terminal.read_line("Put this challenge's machine back as it started? Your changes "
                                        "will be lost. [y/N] ")
        if (answer or "").strip().lower() not in ("y", "yes"):
            ctx.out("Nothing was reset.\n")
            return 1
    ctx.out(t.reset())
    return 0


def _list(t: Trainer, ctx: Context, rest: list[str]) -> int:
    packs = t.packs
    if rest:
        packs = [p for p in t.packs if p.id == rest[0]]
        if not packs or len(rest) > 1:
            ctx.err(f"dojo list: no such pack: {rest[0]}\n" if not packs else
                    f"dojo list: unexpected argument '{rest[1]}'\n{USAGE_LINE}")
            return 1 if not packs else 2
    a = t.active
    ctx.out(view.listing(packs, t.statuses(), (a.pack.id, a.challenge.id)))
    return 0


def _start(t: Trainer, ctx: Context, rest: list[str]) -> int:
    if len(rest) != 1:
        ctx.err(f"dojo start: {'missing PACK/CHALLENGE' if not rest else 'too many arguments'}\n{USAGE_LINE}")
        return 2
    found = t.find(rest[0])
    if found is None:
        ctx.err(f"dojo start: no such challenge: {rest[0]} (dojo list shows them)\n")
        return 1
    ctx.out(t.start(*found))
    return 0


def _cheat(t: Trainer, ctx: Context, rest: list[str]) -> int:
    cards = t.store.cards()
    if rest and rest[0] in ("--export", "-e") or rest and rest[0].startswith("--export="):
        target = rest[0].split("=", 1)[1] if "=" in rest[0] else (rest[1] if len(rest) > 1 else "")
        if not target:
            ctx.err(f"dojo cheat: --export needs a FILE\n{USAGE_LINE}")
            return 2
        if t.export is None:
            ctx.err("dojo cheat: exporting is not available here\n")
            return 1
        problem = t.export(target, view.cheat_markdown(cards))
        if problem:
            ctx.err(f"dojo cheat: {problem}\n")
            return 1
        ctx.out(f"Your cheat sheet ({len(cards)} card{'s' * (len(cards) != 1)}) is in {target} "
                "on your real computer.\n")
        return 0
    if len(rest) > 1:
        ctx.err(f"dojo cheat: too many arguments\n{USAGE_LINE}")
        return 2
    if not cards:
        ctx.out("Your cheat sheet is empty: each challenge you finish adds its commands to it.\n")
        return 0
    text = view.cheat_sheet(cards, rest[0] if rest else None)
    if not text:
        ctx.err(f"dojo cheat: no card for '{rest[0]}' yet\n")
        return 1
    ctx.out(text)
    return 0


def _progress(t: Trainer, ctx: Context, rest: list[str]) -> int:
    if not _no_args("progress", ctx, rest):
        return 2
    ctx.out(view.progress(t.packs, t.statuses()))
    return 0


SUBCOMMANDS: dict[str, Callable[[Trainer, Context, list[str]], int]] = {
    "help": _help, "--help": _help, "-h": _help, "goal": _goal, "hint": _hint, "check": _check,
    "next": _next, "skip": _skip, "reset": _reset, "list": _list, "start": _start, "cheat": _cheat,
    "progress": _progress,
}
