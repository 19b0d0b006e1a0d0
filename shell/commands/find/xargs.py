"""xargs (GNU findutils 4.9): build and run command lines from standard input."""
from __future__ import annotations

from collections.abc import Iterator

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.status import CANNOT_EXECUTE, NOT_FOUND
from shelldojo.shell.streams import BytesInput, InputStream, NullInput, ReadError
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("xargs", short="0a:d:E:e::I:i::L:l::n:opP:rs:txv",
                  long=["null", "arg-file=", "delimiter=", "eof=?", "replace=?", "max-lines=?",
                        "max-args=", "open-tty", "interactive", "max-procs=", "no-run-if-empty",
                        "max-chars=", "verbose", "exit", "show-limits", "process-slot-var="],
                  help=verbatim("find/xargs_help"), version=verbatim("find/xargs_version"), posix=True)
QUOTE_MSG = "unmatched {} quote; by default quotes are special to xargs unless you use the -0 option"


class XargsError(Exception):
    pass


def _blank_split(data: str, eof: str | None) -> Iterator[tuple[str, bool]]:
    """Default parsing: (arg, ends_line) with quotes and backslashes, stopping at the EOF string."""
    i, n = 0, len(data)
    while i < n:
        while i < n and data[i] in " \t\n":
            i += 1
        if i >= n:
            return
        word: list[str] = []
        while i < n and data[i] not in " \t\n":
            c = data[i]
            if c in "'\"":
                end = data.find(c, i + 1)
                nl = data.find("\n", i + 1)
                if end < 0 or (0 <= nl < end):
                    raise XargsError(QUOTE_MSG.format("single" if c == "'" else "double"))
                word.append(data[i + 1:end])
                i = end + 1
            elif c == "\\" and i + 1 < n:
                word.append(data[i + 1])
                i += 2
            else:
                word.append(c)
                i += 1
        arg = "".join(word)
        if eof is not None and arg == eof:
            return
        # a line ends at its newline; trailing blanks continue it on the next line (-L)
        yield arg, i >= n or data[i] == "\n"


@command("xargs", family="text")
def xargs(ctx: Context, argv: list[str]) -> int:
    parsed = SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    delim: str | None = None
    eof: str | None = None
    replace: str | None = None
    max_args = max_lines = 0
    no_empty = verbose = interactive = False
    arg_file: str | None = None
    for opt, val in parsed.options:
        v = val or ""
        if opt in ("-0", "--null"):
            delim = "\0"
        elif opt in ("-d", "--delimiter"):
            delim = _delimiter(v)
            if delim is None:
                ctx.error("Invalid input delimiter specification " + v + ": the delimiter must be either "
                          "a single character or an escape sequence starting with \\.")
                return 1
        elif opt in ("-a", "--arg-file"):
            arg_file = v
        elif opt in ("-E", "-e", "--eof"):
            eof = v or None
        elif opt in ("-I", "-i", "--replace"):
            replace = v or "{}"
            max_lines = 1
        elif opt in ("-L", "-l", "--max-lines"):
            n = _positive(ctx, v or "1", "-L")
            if n is None:
                return 1
            max_lines, max_args = n, 0
        elif opt in ("-n", "--max-args"):
            n = _positive(ctx, v, "-n")
            if n is None:
                return 1
            max_args = n
        elif opt in ("-s", "--max-chars", "-P", "--max-procs", "--process-slot-var"):
            pass  # one process at a time; no command-line length limit to honour
        elif opt in ("-r", "--no-run-if-empty"):
            no_empty = True
        elif opt in ("-t", "--verbose"):
            verbose = True
        elif opt in ("-p", "--interactive"):
            interactive = verbose = True
    cmd = parsed.operands or ["echo"]
    stdin: InputStream = ctx.stdin
    if arg_file is not None:
        try:
            stdin = BytesInput(ctx.vfs.read_bytes(ctx.abspath(arg_file)))
        except OSError as exc:
            ctx.error(f"Cannot open input file '{arg_file}': {strerror(exc)}")
            return 1
    read_failed = False
    try:
        data = stdin.read().decode("utf-8", "surrogateescape")
    except ReadError:  # GNU xargs takes it as the end of input, runs, then fails to close it
        data, read_failed = "", True
    child_stdin: InputStream = ctx.stdin if arg_file is not None else NullInput()
    error: str | None = None
    items: list[tuple[str, bool]] = []
    if delim is not None:
        parts = data.split(delim)
        if parts and parts[-1] == "":
            parts.pop()
        items = [(p, True) for p in parts]
    elif replace is not None:
        for line in data.split("\n"):
            line = line.lstrip(" \t")
            if eof is not None and line == eof:
                break
            if line:
                items.append((line, True))
    else:
        try:
            items = list(_blank_split(data, eof))
        except XargsError as exc:
            error = str(exc)
            items = _args_before_error(data, eof)
    commands: list[list[str]] = []
    if replace is not None:
        commands = [[a.replace(replace, arg) for a in cmd] for arg, _ in items]
    else:
        batch: list[str] = []
        lines = 0
        for arg, ends in items:
            batch.append(arg)
            if ends:
                lines += 1
            if (max_args and len(batch) >= max_args) or (max_lines and lines >= max_lines and ends):
                commands.append(cmd + batch)
                batch, lines = [], 0
        if batch:
            commands.append(cmd + batch)
        if not commands and not no_empty and error is None:
            commands.append(list(cmd))
    status = 0
    for argv_ in commands:
        ctx.check()
        if verbose:
            ctx.err(" ".join(argv_) + (" ?..." if interactive else "") + "\n")
            if interactive and not _confirm(ctx):
                continue
        code = _run(ctx, argv_, child_stdin)
        if code == 255:
            ctx.error(f"{argv_[0]}: exited with status 255; aborting")
            return 124
        if code in (CANNOT_EXECUTE, NOT_FOUND):
            return code
        if code != 0:
            status = 123
    if error is not None:
        ctx.error(error)
        return 1
    if read_failed:
        ctx.error("error closing file")
        return 1
    return status


def _args_before_error(data: str, eof: str | None) -> list[tuple[str, bool]]:
    """The arguments GNU xargs still runs when it meets an unmatched quote."""
    out: list[tuple[str, bool]] = []
    gen = _blank_split(data, eof)
    try:
        out.extend(gen)
    except XargsError:
        pass
    return out


def find_program(ctx: Context, name: str) -> str | None:
    """Path of the program execvp would run, or None (xargs and find -exec never run functions)."""
    if "/" in name:
        return ctx.abspath(name) if ctx.vfs.exists(ctx.abspath(name)) else None
    for d in ctx.env.get("PATH", "/usr/bin:/bin").split(":"):
        path = f"{d or ctx.cwd}/{name}"
        if ctx.vfs.isfile(ctx.abspath(path)):
            return path
    return None


def _run(ctx: Context, argv: list[str], stdin: InputStream) -> int:
    import dataclasses

    if find_program(ctx, argv[0]) is None:
        ctx.error(f"{argv[0]}: No such file or directory")
        return NOT_FOUND
    sub = dataclasses.replace(ctx, stdin=stdin)
    return ctx.runner.run_argv(sub, argv)


def _confirm(ctx: Context) -> bool:
    return False  # -p reads /dev/tty, which the sandbox has not: answer no


def _positive(ctx: Context, value: str, opt: str) -> int | None:
    try:
        n = int(value)
    except ValueError:
        ctx.error(f"invalid number \"{value}\" for {opt} option")
        ctx.err("Try 'xargs --help' for more information.\n")
        return None
    if n < 1:
        ctx.error(f"value {value} for {opt} option should be >= 1")
        ctx.err("Try 'xargs --help' for more information.\n")
        return None
    return n


def _delimiter(text: str) -> str | None:
    if len(text) == 1:
        return text
    escapes = {"\\n": "\n", "\\t": "\t", "\\0": "\0", "\\\\": "\\", "\\a": "\a", "\\b": "\b",
               "\\f": "\f", "\\r": "\r", "\\v": "\v"}
    if text in escapes:
        return escapes[text]
    if text.startswith("\\x"):
        try:
            return chr(int("0" + text[1:], 0))  # "\\x41" -> 0x41
        except ValueError:
            return None
    if text.startswith("\\") and text[1:].isdigit():
        return chr(int(text[1:], 8))
    return None
