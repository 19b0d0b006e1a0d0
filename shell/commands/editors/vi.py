"""vi, view and vim: the modal editor of vi_app.py on the REPL's terminal.

Ubuntu's `vi` and `view` are vim.tiny (package vim-tiny, in the base image), which reads
/etc/vim/vimrc.tiny and so runs Vi-compatible; `vim` is vim.basic from the package vim (not
installed by default) with defaults.vim.  Texts and messages were recorded from Debian's
vim-tiny 9.0.1378 on the reference host.  There is no swap file (as `vim -n`).  Without a
terminal vim warns, finds its input at the end and exits 1 without touching the file."""
from __future__ import annotations

from shelldojo.filesystem import acting_as
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_FLAGS = set("vesyRZmMblCNnrLAHFpoOg") | {"--not-a-term", "--ttyfail", "--noplugin", "--clean"}
_WITH_ARG = {"-T", "-u", "-U", "-c", "-S", "-s", "-w", "-W", "-i", "--cmd", "-t", "-q"}


def _usage_error(ctx: Context, text: str) -> int:
    ctx.err(verbatim("editors/vi_version").split("\n")[0] + "\n" + text + '\nMore info with: "vim -h"\n')
    return 1


def _editor(ctx: Context, argv: list[str], compat: bool) -> int:
    files: list[str] = []
    readonly = argv[0].rsplit("/", 1)[-1] == "view"
    start_line: int | None = None
    args = iter(argv[1:])
    only_files = False
    for arg in args:
        if only_files or arg == "-" or not arg.startswith(("-", "+")):
            files.append(arg)
        elif arg == "--":
            only_files = True
        elif arg in ("-h", "--help"):
            ctx.out(verbatim("editors/vi_help"))
            return 0
        elif arg == "--version":
            ctx.out(verbatim("editors/vi_version"))
            return 0
        elif arg.startswith("+"):
            start_line = int(arg[1:]) if arg[1:].isdigit() else -1
        elif arg in _WITH_ARG:
            if next(args, None) is None:
                return _usage_error(ctx, f'Argument missing after: "{arg}"')
        elif arg == "-R":
            readonly = True
        elif not (arg in _FLAGS or (len(arg) > 1 and arg[1] in _FLAGS and not arg.startswith("--"))):
            return _usage_error(ctx, f'Unknown option argument: "{arg}"')
    if ctx.terminal is None:
        ctx.err("Vim: Warning: Output is not to a terminal\nVim: Warning: Input is not from a terminal\n")
        ctx.out("Vim: Error reading input, exiting...\nVim: Finished.\r\n")
        return 1
    from shelldojo.shell.commands.editors.vi_app import Editor, build_app
    from shelldojo.shell.commands.editors.vi_ex import Loaded

    creds = ctx.creds

    def load(name: str) -> Loaded:
        path = ctx.abspath(name)
        with acting_as(creds):
            try:
                if ctx.vfs.isdir(path):
                    return Loaded(None, "dir")
                if not ctx.vfs.exists(path):
                    parent = path.rsplit("/", 1)[0] or "/"
                    return Loaded(None, "new" if ctx.vfs.isdir(parent) else "newdir", readonly)
                text = ctx.vfs.read_bytes(path).decode("utf-8", "surrogateescape")
            except OSError:
                return Loaded(None, "denied", readonly)
            try:
                writable = ctx.vfs.access(path, 2)
            except (OSError, AttributeError):
                writable = True
            return Loaded(text, "file", readonly or not writable)

    def save(name: str, data: bytes) -> None:
        # key handlers may run on the terminal's thread: act as the user explicitly
        with acting_as(creds):
            ctx.vfs.write_bytes(ctx.abspath(name), data)

    def exists(name: str) -> bool:
        with acting_as(creds):
            return ctx.vfs.exists(ctx.abspath(name))

    name = files[0] if files else ""
    loaded = load(name) if name else Loaded(None, "new")
    editor = Editor(name, loaded, save, load, exists, compat, ctx.terminal.lines, ctx.terminal.columns)
    if start_line is not None:
        editor.row = len(editor.lines) - 1 if start_line < 0 else max(min(start_line, len(editor.lines)) - 1, 0)
    ctx.terminal.run_app(build_app(editor))  # the terminal's wait: not running time
    return 0


@command("vi", family="files", summary="Vi IMproved, a programmer's text editor (vim.tiny)")
def vi(ctx: Context, argv: list[str]) -> int:
    return _editor(ctx, argv, compat=True)


@command("vim.tiny", family="files", summary="Vi IMproved, the small build behind vi and view")
def vim_tiny(ctx: Context, argv: list[str]) -> int:
    return _editor(ctx, argv, compat=True)


@command("view", family="files", summary="Vi IMproved, read-only (vim.tiny -R)")
def view(ctx: Context, argv: list[str]) -> int:
    return _editor(ctx, argv, compat=True)


@command("vim", family="packages", package="vim", summary="Vi IMproved - enhanced vi editor")
def vim(ctx: Context, argv: list[str]) -> int:
    return _editor(ctx, argv, compat=False)
