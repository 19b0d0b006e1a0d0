"""rename.ul (util-linux 2.38): rename files by replacing a string in their names.

Ubuntu's `rename` itself is Perl's File::Rename (package `rename`, not installed by default, and this
machine has no Perl): the package catalog lists it as not installable here, so command-not-found
advises it as Ubuntu does and apt says why it cannot be installed."""
from __future__ import annotations

import stat as st

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.utils.runs import _short_opts
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_LONG = {"verbose": "v", "symlink": "s", "no-act": "n", "all": "a", "last": "l", "no-overwrite": "o",
         "interactive": "i", "help": "h", "version": "V"}
NOTHING, OK, FAILED = 0, 1, 2  # do_file()'s answers


def _replace(frm: str, to: str, text: str, mode: str) -> str | None:
    """string_replace(): the first (or last, or every) occurrence; None when frm is absent."""
    at = text.rfind(frm) if mode == "l" else text.find(frm)
    if at < 0:
        return None
    if mode == "a":
        return text.replace(frm, to) if frm else to + text
    return text[:at] + to + text[at + len(frm):]


@command("rename.ul", family="utils", summary="rename files")
def rename_ul(ctx: Context, argv: list[str]) -> int:
    parsed = _short_opts(ctx, "rename.ul", argv[1:], dict.fromkeys("vsnaloihV", False), _LONG, 1)
    if isinstance(parsed, int):
        return parsed
    opts, rest = parsed
    flags = {c for c, _ in opts}
    if flags & {"h", "V"}:
        ctx.out(verbatim("utils/rename.ul_help") if "h" in flags else verbatim("utils/rename.ul_version"))
        return 0
    if len(rest) < 3:
        ctx.err("rename.ul: not enough arguments\nTry 'rename.ul --help' for more information.\n")
        return 1
    mode = next((c for c, _ in reversed(opts) if c in "al"), "")
    frm, to, names = rest[0], rest[1], rest[2:]
    counts = {NOTHING: 0, OK: 0, FAILED: 0}
    for name in names:
        ctx.check()
        counts[_do(ctx, frm, to, name, mode, flags)] += 1
    if counts[OK] and (counts[FAILED] or counts[NOTHING]):
        return 2
    if counts[OK]:
        return 0
    return 4 if counts[NOTHING] and not counts[FAILED] else 1


def _do(ctx: Context, frm: str, to: str, name: str, mode: str, flags: set[str]) -> int:
    path = ctx.abspath(name)
    try:
        info = ctx.vfs.lstat(path)
    except OSError as exc:
        ctx.err(f"rename.ul: {name}: not accessible: {strerror(exc)}\n")
        return FAILED
    verbose, noact = "v" in flags, "n" in flags
    if "s" in flags:
        if not st.S_ISLNK(info.st_mode):
            ctx.err(f"rename.ul: {name}: not a symbolic link\n")
            return FAILED
        target = ctx.vfs.readlink(path)
        new = _replace(frm, to, target, mode)
        if new is None:
            return NOTHING
        if not noact:
            try:
                ctx.vfs.unlink(path)
                ctx.vfs.symlink(new, path)
            except OSError as exc:
                ctx.err(f"rename.ul: {name}: unlink failed: {strerror(exc)}\n")
                return FAILED
        if verbose:
            ctx.out(f"{name}: `{target}' -> `{new}'\n")
        return OK
    # the last path component only, unless FROM or TO names directories
    cut = 0 if "/" in frm or "/" in to else name.rfind("/") + 1
    tail = _replace(frm, to, name[cut:], mode)
    if tail is None:
        return NOTHING
    new = name[:cut] + tail
    if "o" in flags and ctx.vfs.exists(ctx.abspath(new), follow=False):
        if verbose:
            ctx.out(f"Skipping existing file: `{new}'\n")
        return NOTHING
    if not noact:
        try:
            ctx.vfs.rename(path, ctx.abspath(new))
        except OSError as exc:
            ctx.err(f"rename.ul: {name}: rename to {new} failed: {strerror(exc)}\n")
            return FAILED
    if verbose:
        ctx.out(f"`{name}' -> `{new}'\n")
    return OK
