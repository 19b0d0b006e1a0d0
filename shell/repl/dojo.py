"""The `dojo` builtin of the trainer's REPL: goal, hint, check, next, skip, reset, list, start,
cheat, progress, help.  Errors print `dojo: ...` (status 1; 2 for usage errors)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from shelldojo.challenges.setup import SetupError
from shelldojo.shell.repl import trainer_view as view
from shelldojo.shell.repl.layout import fit

if TYPE_CHECKING:
    from shelldojo.challenges.progress import CardRow
    from shelldojo.challenges.trainer import Goal, Trainer
    from shelldojo.shell.context import Context

USAGE_LINE = "Try 'dojo help' for more information.\n"


def make_dojo(trainer: Trainer) -> Callable[[Context, list[str]], int]:
    def dojo(ctx: Context, argv: list[str]) -> int:
        trainer.dojo_ran = True
        args = argv[1:]
        if not args:
            _say(ctx, view.help_text(ctx.columns))
            return 0
        sub, rest = args[0], args[1:]
        handler = SUBCOMMANDS.get(sub)
        if handler is None:
            _complain(ctx, f"dojo: unknown command '{sub}'\n{USAGE_LINE}")
            return 2
        try:
            return handler(trainer, ctx, rest)
        except SetupError as exc:
            _complain(ctx, f"dojo: could not prepare the challenge: {exc}\n")
            return 1

    return dojo


def _say(ctx: Context, text: str) -> None:
    """Print for the learner, wrapped to the terminal's width now (already laid-out texts fit it)."""
    ctx.out(fit(text, ctx.columns))


def _complain(ctx: Context, text: str) -> None:
    ctx.err(fit(text, ctx.columns))


def _question(ctx: Context, text: str) -> str:
    return fit(text, ctx.columns - 1) + " "  # the answer is typed after it


def _no_args(name: str, ctx: Context, rest: list[str]) -> bool:
    if rest:
        _complain(ctx, f"dojo {name}: unexpected argument '{rest[0]}'\n{USAGE_LINE}")
        return False
    return True


def _after(goal: Goal | None, width: int) -> str:
    """What `dojo next` / `dojo skip` print: the next goal, or the end of the road."""
    if goal is None:
        return "That was the last challenge of the last pack. Well done! (dojo list shows them all)\n"
    return view.goal_card(goal, width)


def _help(t: Trainer, ctx: Context, rest: list[str]) -> int:
    _say(ctx, view.help_text(ctx.columns))
    return 0


def _goal(t: Trainer, ctx: Context, rest: list[str]) -> int:
    if not _no_args("goal", ctx, rest):
        return 2
    _say(ctx, view.goal_card(t.goal(), ctx.columns))
    return 0


def _hint(t: Trainer, ctx: Context, rest: list[str]) -> int:
    if not _no_args("hint", ctx, rest):
        return 2
    _say(ctx, t.hint())
    return 0


def _check(t: Trainer, ctx: Context, rest: list[str]) -> int:
    if not _no_args("check", ctx, rest):
        return 2
    shown = t.visible_results()
    _say(ctx, view.check_lines(shown, ctx.columns))
    hidden = len(t.results) - len(shown)
    if hidden:
        _say(ctx, f"(and {hidden} more check{'s' * (hidden != 1)} once these pass)\n")
    if t.solved:
        _say(ctx, "All done: type dojo next for the next challenge.\n")
    return 0 if t.solved else 1


def _next(t: Trainer, ctx: Context, rest: list[str]) -> int:
    if not _no_args("next", ctx, rest):
        return 2
    _say(ctx, _after(t.advance(), ctx.columns))
    return 0


def _skip(t: Trainer, ctx: Context, rest: list[str]) -> int:
    if not _no_args("skip", ctx, rest):
        return 2
    title = t.active.challenge.title
    _say(ctx, f"Skipped: {title} (dojo start {t.active.pack.id}/{t.active.challenge.id} to come back)\n")
    _say(ctx, _after(t.advance(skip=True), ctx.columns))
    return 0


def _reset(t: Trainer, ctx: Context, rest: list[str]) -> int:
    yes = False
    for arg in rest:
        if arg in ("-y", "--yes"):
            yes = True
        else:
            _complain(ctx, f"dojo reset: unexpected argument '{arg}'\n{USAGE_LINE}")
            return 2
    if not yes:
        if ctx.terminal is None:
            _complain(ctx, "dojo: reset needs a confirmation: use dojo reset -y\n")
            return 1
        answer = ctx.terminal.read_line(_question(ctx, "Put this challenge's machine back as it started? "
                                                  "Your changes will be lost. [y/N]"))
        if (answer or "").strip().lower() not in ("y", "yes"):
            _say(ctx, "Nothing was reset.\n")
            return 1
    _say(ctx, "The machine is back as it was when the challenge started.\n" + view.goal_card(t.reset(), ctx.columns))
    return 0


def _list(t: Trainer, ctx: Context, rest: list[str]) -> int:
    packs = t.packs
    if rest:
        packs = [p for p in t.packs if p.id == rest[0]]
        if not packs or len(rest) > 1:
            _complain(ctx, f"dojo list: no such pack: {rest[0]}\n" if not packs else
                    f"dojo list: unexpected argument '{rest[1]}'\n{USAGE_LINE}")
            return 1 if not packs else 2
    a = t.active
    _say(ctx, view.listing(packs, t.statuses(), (a.pack.id, a.challenge.id), ctx.columns))
    return 0


def _start(t: Trainer, ctx: Context, rest: list[str]) -> int:
    if len(rest) != 1:
        _complain(ctx, f"dojo start: {'missing PACK/CHALLENGE' if not rest else 'too many arguments'}\n{USAGE_LINE}")
        return 2
    found = t.find(rest[0])
    if found is None:
        _complain(ctx, f"dojo start: no such challenge: {rest[0]} (dojo list shows them)\n")
        return 1
    _say(ctx, view.goal_card(t.start(*found), ctx.columns))
    return 0


def _cheat(t: Trainer, ctx: Context, rest: list[str]) -> int:
    cards = t.store.cards()
    target: str | None = None
    force, words = False, []
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg in ("--force", "-f"):
            force = True
        elif arg in ("--export", "-e") or arg.startswith("--export="):
            target = arg.split("=", 1)[1] if "=" in arg else (rest[i + 1] if i + 1 < len(rest) else "")
            i += "=" not in arg
            if not target:
                _complain(ctx, f"dojo cheat: --export needs a FILE\n{USAGE_LINE}")
                return 2
        else:
            words.append(arg)
        i += 1
    if target is not None and not words:
        return _export(t, ctx, target, force, cards)
    if len(words) > 1 or target is not None:
        _complain(ctx, f"dojo cheat: too many arguments\n{USAGE_LINE}")
        return 2
    if force:
        _complain(ctx, f"dojo cheat: --force goes with --export FILE\n{USAGE_LINE}")
        return 2
    if not cards:
        _say(ctx, "Your cheat sheet is empty: each challenge you finish adds its commands to it.\n")
        return 0
    text = view.cheat_sheet(cards, words[0] if words else None, ctx.columns)
    if not text:
        _complain(ctx, f"dojo cheat: no card for '{words[0]}' yet\n")
        return 1
    _say(ctx, text)
    return 0


ON_HOST = "(on your computer, not in the simulated machine)"


def _export(t: Trainer, ctx: Context, target: str, force: bool, cards: list[CardRow]) -> int:
    """The trainer's one deliberate write to the real computer: never over a file unasked."""
    if t.export is None:
        _complain(ctx, "dojo cheat: exporting is not available here\n")
        return 1
    home = ctx.env.get("HOME", "").rstrip("/")
    if home and (target == home or target.startswith(home + "/")):
        target = "~" + target[len(home):]  # the simulated shell expanded ~: on the computer it is the learner's home
    try:
        full = t.export.resolve(target)
    except ValueError as exc:
        _complain(ctx, f"dojo cheat: {exc}\n")
        return 1
    text = view.cheat_markdown(cards)
    try:
        t.export.write(full, text, replace=force)
    except FileExistsError:
        if ctx.terminal is None:
            _complain(ctx, f"dojo cheat: {full} already exists on your computer: add --force to replace it\n")
            return 1
        answer = ctx.terminal.read_line(_question(ctx, f"{full} already exists on your computer. Replace it? [y/N]"))
        if (answer or "").strip().lower() not in ("y", "yes"):
            _say(ctx, f"Nothing was written: {full} is unchanged.\n")
            return 1
        return _export_again(t, ctx, full, text, target, len(cards))
    except OSError as exc:
        _complain(ctx, f"dojo cheat: {full}: {exc.strerror} {ON_HOST}\n")
        return 1
    _exported(ctx, full, target, len(cards))
    return 0


def _export_again(t: Trainer, ctx: Context, full: str, text: str, target: str, count: int) -> int:
    assert t.export is not None
    try:
        t.export.write(full, text, replace=True)
    except OSError as exc:
        _complain(ctx, f"dojo cheat: {full}: {exc.strerror} {ON_HOST}\n")
        return 1
    _exported(ctx, full, target, count)
    return 0


def _exported(ctx: Context, full: str, target: str, count: int) -> None:
    where = " (~ is your own home folder there)" if target.startswith("~") else ""
    _say(ctx, f"Your cheat sheet ({count} card{'s' * (count != 1)}) is in {full} on your real computer{where}.\n")


def _progress(t: Trainer, ctx: Context, rest: list[str]) -> int:
    if not _no_args("progress", ctx, rest):
        return 2
    _say(ctx, view.progress(t.packs, t.statuses(), ctx.columns))
    return 0


SUBCOMMANDS: dict[str, Callable[[Trainer, Context, list[str]], int]] = {
    "help": _help, "--help": _help, "-h": _help, "goal": _goal, "hint": _hint, "check": _check,
    "next": _next, "skip": _skip, "reset": _reset, "list": _list, "start": _start, "cheat": _cheat,
    "progress": _progress,
}
