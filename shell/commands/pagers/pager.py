"""less and more: a full-screen pager on the REPL's terminal; without one (stdout not a terminal,
as in `shelldojo run` or `less f | cat`) both copy their input as the real tools do then:
less like cat (errors on stdout, status 0), more with a `::::` header per file."""
from __future__ import annotations

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.streams import ReadError
from shelldojo.shell.texts import verbatim

# less's options that take a value (letter -> long name, for "Value is required after -x (--tabs)").
_LESS_VALUE = {"b": "buffers", "h": "max-back-scroll", "j": "jump-target", "k": "lesskey-file",
               "o": "log-file", "O": "LOG-FILE", "p": "pattern", "P": "prompt", "t": "tag",
               "T": "tag-file", "x": "tabs", "y": "max-forw-scroll", "z": "window", "D": "color",
               "#": "shift"}
_LESS_FLAGS = set("aABcCdeEfFgGiIJKLmMnNqQrRsSuUVwWX~")
_LESS_LONG = {"quit-if-one-screen", "no-init", "raw-control-chars", "RAW-CONTROL-CHARS", "LINE-NUMBERS",
              "line-numbers", "chop-long-lines", "ignore-case", "IGNORE-CASE", "quit-at-eof",
              "QUIT-AT-EOF", "squeeze-blank-lines", "tilde", "mouse", "use-color", "quiet", "silent",
              "QUIET", "SILENT", "long-prompt", "LONG-PROMPT", "status-column", "hilite-unread",
              "HILITE-UNREAD", "no-keypad", "clear-screen", "CLEAR-SCREEN", "follow-name",
              "incsearch", "no-histdups", "redraw-on-quit", "save-marks", "wordwrap", "dumb",
              "force", "hilite-search", "HILITE-SEARCH", "UNDERLINE-SPECIAL", "auto-buffers",
              "search-skip-screen", "quit-on-intr", *_LESS_VALUE.values()}

MORE_SPEC = OptionSpec("more", short="dflcpsuen:hV", long=["silent", "logical", "no-pause", "print-over",
                       "clean-print", "exit-on-eof", "squeeze", "plain", "lines=", "help", "version"],
                       help=verbatim("pagers/more_help"), version=verbatim("pagers/more_version"))


def _less_options(ctx: Context, args: list[str]) -> tuple[list[str], str | None]:
    """Files, and what to print instead of paging (--help / --version text), if anything."""
    files: list[str] = []
    i, only_files = 0, False
    while i < len(args):
        arg, i = args[i], i + 1
        if only_files or arg == "-" or not arg.startswith(("-", "+")):
            files.append(arg)
        elif arg == "--":
            only_files = True
        elif arg.startswith("+"):
            continue  # +CMD: a command to run at start (the cat-like mode ignores it)
        elif arg.startswith("--"):
            name, eq, _ = arg[2:].partition("=")
            if name == "help":
                return files, verbatim("pagers/less_help")
            if name == "version":
                return files, verbatim("pagers/less_version")
            if name not in _LESS_LONG:
                ctx.err(f'There is no {name} option ("less --help" for help)\n')
            elif name in _LESS_VALUE.values() and not eq:
                if i >= len(args):
                    letter = next(k for k, v in _LESS_VALUE.items() if v == name)
                    ctx.err(f"Value is required after -{letter} (--{name})\n")
                i += 1
        else:
            j = 1
            while j < len(arg):
                c, j = arg[j], j + 1
                if c == "?":
                    return files, verbatim("pagers/less_help")
                if c == "V":
                    return files, verbatim("pagers/less_version")
                if c in _LESS_VALUE:
                    if j >= len(arg):
                        if i >= len(args):
                            ctx.err(f"Value is required after -{c} (--{_LESS_VALUE[c]})\n")
                        i += 1
                    break
                if c not in _LESS_FLAGS:
                    ctx.err(f'There is no -{c} option ("less --help" for help)\n')
    return files, None


def _read(ctx: Context, name: str) -> bytes | OSError:
    path = ctx.abspath(name)
    try:
        if ctx.vfs.isdir(path):
            return IsADirectoryError(21, "Is a directory")
        return ctx.vfs.read_bytes(path)
    except OSError as exc:
        return exc


def on_terminal(ctx: Context) -> bool:
    """Page on the screen only when stdout is the REPL's terminal (less | cat acts like cat)."""
    return ctx.terminal is not None and ctx.stdout.isatty()


def page(ctx: Context, docs: list[tuple[str, str]], style: str = "less") -> None:
    """Show (name, text) documents in the full-screen pager; returns when the user quits."""
    from shelldojo.shell.commands.pagers.pager_app import build_pager

    assert ctx.terminal is not None
    # time spent reading is not running time: the terminal waits inside budget.waiting()
    ctx.terminal.run_app(build_pager(docs, style, ctx.terminal.lines, ctx.terminal.columns))


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


@command("less", family="text", summary="view a file one screen at a time")
def less(ctx: Context, argv: list[str]) -> int:
    files, text = _less_options(ctx, argv[1:])
    if text is not None:
        if on_terminal(ctx):
            page(ctx, [("help", text)])
        else:
            ctx.out(text)
        return 0
    if not files:
        if ctx.stdin.isatty():
            ctx.err('Missing filename ("less --help" for help)\n')
            return 0
        files = ["-"]
    docs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name in files:
        if name == "-":
            try:
                data: bytes | OSError = ctx.stdin.read()
            except ReadError:  # `less < /tmp`: less says only this, then clears the line
                if on_terminal(ctx):  # if TERM knows how (its terminfo `el`; not dumb)
                    ctx.err("read error\n")
                else:
                    ctx.out("read error\n" + ("\x1b[K" if ctx.env.get("TERM", "dumb") != "dumb" else ""))
                continue
        else:
            real = ctx.vfs.realpath(ctx.abspath(name))
            if real in seen:
                continue  # less opens the same file only once
            seen.add(real)
            data = _read(ctx, name)
        if isinstance(data, IsADirectoryError):
            message = f"{name} is a directory\n"
        elif isinstance(data, OSError):
            message = f"{name}: {strerror(data)}\n"
        else:
            docs.append((name, _text(data)))
            if not on_terminal(ctx):
                ctx.out(data)
            continue
        if on_terminal(ctx):
            ctx.err(message)
        else:
            ctx.out(message)
    if on_terminal(ctx) and docs:
        page(ctx, docs)
    return 0


@command("more", family="text", summary="view a file one screen at a time (simpler than less)")
def more(ctx: Context, argv: list[str]) -> int:
    args = [a for a in argv[1:] if not (a.startswith("+") or (a[1:].isdigit() and a.startswith("-")))]
    parsed = MORE_SPEC.parse(ctx, args)
    if isinstance(parsed, int):
        return parsed
    if parsed.has("-h"):
        ctx.out(verbatim("pagers/more_help"))
        return 0
    if parsed.has("-V"):
        ctx.out(verbatim("pagers/more_version"))
        return 0
    docs: list[tuple[str, str]] = []
    if not ctx.stdin.isatty():
        # more reads a piped standard input first, then the files
        data = ctx.stdin.read()
        if data or not parsed.operands:
            docs.append(("", _text(data)))
            if not on_terminal(ctx):
                ctx.out(data)
    elif not parsed.operands:
        ctx.err("more: bad usage\nTry 'more --help' for more information.\n")
        return 1
    for name in parsed.operands:
        data_or_err = _read(ctx, name)
        if isinstance(data_or_err, IsADirectoryError):
            ctx.out(f"\n*** {name}: directory ***\n\n")
        elif isinstance(data_or_err, OSError):
            ctx.error(f"cannot open {name}: {strerror(data_or_err)}")
        elif on_terminal(ctx):
            docs.append((name, _text(data_or_err)))
        else:
            ctx.out(f"::::::::::::::\n{name}\n::::::::::::::\n".encode() + data_or_err)
    if on_terminal(ctx) and docs:
        page(ctx, docs, "more")
    return 0
