"""nano: the full-screen editor of shell/commands/nano_app.py, on the REPL's terminal.

Without a terminal (`shelldojo run`, the grader) GNU nano 6.2 cannot work: it draws its screen,
finds standard input at its end and gives up with "Too many errors from stdin" (status 1,
file untouched).  We print that message without the screen drawing; nano is not installed on
the reference host, so this follows nano's source (die() in nano.c) rather than a recording.
"""
from __future__ import annotations

from shelldojo.filesystem import acting_as, strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("nano", short="ABELT:UVchilmvwx", long=[
    "smarthome", "backup", "tabstospaces", "nonewlines", "tabsize=", "quickblank", "constantshow",
    "autoindent", "linenumbers", "mouse", "view", "nowrap", "nohelp"], help=verbatim("editors/nano_help"),
    version=verbatim("editors/nano_version"))


def _load(ctx: Context, name: str) -> tuple[str | None, str]:
    """The file's text (None for a new or unreadable file) and nano's first status message."""
    path = ctx.abspath(name)
    try:
        if ctx.vfs.isdir(path):
            return None, f'"{name}" is a directory'
        if not ctx.vfs.exists(path):
            return None, "New File"
        data = ctx.vfs.read_bytes(path)
    except OSError as exc:
        return None, f"Error reading {name}: {strerror(exc)}"
    text = data.decode("utf-8", "surrogateescape")
    count = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
    return text, f"Read {count} line" + ("" if count == 1 else "s")


@command("nano", family="files", summary="a small, friendly text editor")
def nano(ctx: Context, argv: list[str]) -> int:
    parsed = SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.has("-h"):
        ctx.out(verbatim("editors/nano_help"))
        return 0
    if parsed.has("-V"):
        ctx.out(verbatim("editors/nano_version"))
        return 0
    line = 0
    files = []
    for op in parsed.operands:
        if op.startswith("+") and op[1:].split(",")[0].isdigit():
            line = int(op[1:].split(",")[0])
        else:
            files.append(op)
    if ctx.terminal is None:
        ctx.err("Too many errors from stdin\n")
        return 1
    from shelldojo.shell.commands.editors.nano_app import Editor, build_app

    name = files[0] if files else ""
    text, status = _load(ctx, name) if name else (None, "")
    creds = ctx.creds

    def save(target: str, data: bytes) -> None:
        # key handlers may run on the terminal's thread: act as the user explicitly
        with acting_as(creds):
            ctx.vfs.write_bytes(ctx.abspath(target), data)

    editor = Editor(name, text, save, status, ctx.terminal.lines, ctx.terminal.columns)
    if line:
        editor.row = min(line, len(editor.lines)) - 1
    result = ctx.terminal.run_app(build_app(editor))  # the terminal's wait: not running time
    return result if isinstance(result, int) else 0
