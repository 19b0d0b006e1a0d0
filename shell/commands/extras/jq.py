"""jq (package jq 1.6): jq's language over JSON files and stdin, with jq 1.6's options, output
format, messages and exit statuses (the language lives in shell/packages/jq_*.py)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from shelldojo.shell.commands.textio import close_input, open_input, read_all
from shelldojo.shell.context import Context
from shelldojo.shell.packages.jq_eval import BUDGET, CHECK
from shelldojo.shell.packages.jq_json import JsonReader, ParseError, dump, parse_one
from shelldojo.shell.packages.jq_lex import CompileError, JqError
from shelldojo.shell.packages.jq_run import Program
from shelldojo.shell.packages.jq_streams import stream_events
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_DIE = ("Use jq --help for help with command-line options,\n"
        "or see the jq manpage, or online docs  at https://stedolan.github.io/jq\n")
_FLAGS = {"s": "slurp", "r": "raw-output", "j": "join-output", "a": "ascii-output", "c": "compact-output",
          "C": "color-output", "M": "monochrome-output", "n": "null-input", "e": "exit-status",
          "S": "sort-keys", "R": "raw-input", "h": "help", "V": "version"}
_LONG_ONLY = {"tab", "stream", "unbuffered", "from-file"}
_WITH_ARGS = {"arg": 2, "argjson": 2, "slurpfile": 2, "rawfile": 2, "indent": 1}
_PARSE_ERROR_STATUS = 4   # measured with Ubuntu's jq 1.6 (its sources say 2)


class _Usage(Exception):
    pass


class _Options:
    def __init__(self) -> None:
        self.flags: set[str] = set()
        self.indent, self.tab = 2, False
        self.program: str | None = None
        self.files: list[str] = []
        self.named: dict[str, Any] = {}
        self.positional: list[Any] = []
        self.rest_mode = ""     # "args" / "jsonargs": operands after the program are $ARGS


def _parse_args(ctx: Context, argv: list[str], opts: _Options) -> None:
    i, done = 0, False
    while i < len(argv):
        text = argv[i]
        i += 1
        if done or not text.startswith("-") or text == "-":
            if opts.program is None:
                opts.program = text
            elif opts.rest_mode == "args":
                opts.positional.append(text)
            elif opts.rest_mode == "jsonargs":
                try:
                    opts.positional.append(parse_one(text))
                except ParseError:
                    raise _Usage("jq: Invalid JSON text passed to --jsonargs\n") from None
            else:
                opts.files.append(text)
            continue
        if text == "--":
            done = True
            continue
        if text.startswith("--"):
            name = text[2:]
            if name in ("args", "jsonargs"):
                opts.rest_mode = name
            elif name in _FLAGS.values() or name in _LONG_ONLY:
                opts.flags.add(name)
                _layout(opts, name)
            elif name in _WITH_ARGS:
                i = _option_with_args(ctx, name, argv, i, opts)
            else:
                raise _Usage(f"jq: Unknown option {text}\n")
            continue
        for ch in text[1:]:
            if ch == "f":
                opts.flags.add("from-file")
            elif ch in _FLAGS:
                opts.flags.add(_FLAGS[ch])
                _layout(opts, _FLAGS[ch])
            elif ch != "L":
                raise _Usage(f"jq: Unknown option {text}\n")


def _layout(opts: _Options, name: str) -> None:
    if name == "compact-output":
        opts.indent, opts.tab = 0, False
    elif name == "tab":
        opts.tab = True


def _option_with_args(ctx: Context, name: str, argv: list[str], i: int, opts: _Options) -> int:
    need = _WITH_ARGS[name]
    if i + need > len(argv):
        if name == "indent":
            raise _Usage("jq: --indent takes one parameter\n")
        what = "arg" if name == "arg" else name
        raise _Usage(f"jq: --{what} takes two parameters (e.g. --{what} varname "
                     f"{'value' if name == 'arg' else 'text' if name == 'argjson' else 'filename'})\n")
    args = argv[i:i + need]
    if name == "indent":
        try:
            n = int(args[0])
        except ValueError:
            n = 0
        if not -1 <= n <= 7:
            raise _Usage("jq: --indent takes a number between -1 and 7\n")
        opts.indent, opts.tab = (2, True) if n == -1 else (n, False)
    elif name == "arg":
        opts.named[args[0]] = args[1]
    elif name == "argjson":
        try:
            opts.named[args[0]] = parse_one(args[1])
        except ParseError:
            raise _Usage("jq: invalid JSON text passed to --argjson\n") from None
    else:
        try:
            data = _read(ctx, args[1])
        except OSError as exc:
            raise _Usage(f"jq: Bad JSON in --{name} {args[0]} {args[1]}: Could not open {args[1]}: "
                         f"{exc.strerror}\n") from None
        if name == "rawfile":
            opts.named[args[0]] = data.decode("utf-8", "replace")
        else:
            opts.named[args[0]] = [v for v, _ in JsonReader(data.decode("latin-1")).values()]
    return i + need


def _read(ctx: Context, name: str) -> bytes:
    """A whole input ("-" is stdin), read with the budget's checks (/dev/zero meets our limit)."""
    stream = open_input(ctx, name)
    try:
        return read_all(ctx, stream)
    finally:
        close_input(ctx, stream)


class _Input:
    """The concatenated input texts: values with the `<file>:<line>` jq names for each."""

    def __init__(self, ctx: Context, opts: _Options) -> None:
        self.ctx, self.opts = ctx, opts
        self.status = 0
        parts, self.sources, self.missing = [], [], []
        offset = 0
        for name in opts.files or ["-"]:
            shown = "<stdin>" if name == "-" else name   # no files, or a file named -: stdin
            try:
                data = _read(ctx, name)
            except IsADirectoryError:   # jq 1.6 fails on a directory without a word
                self.missing.append((offset, ""))
                continue
            except OSError as exc:
                self.missing.append((offset, f"jq: error: Could not open file {name}: {exc.strerror}\n"))
                continue
            text = data.decode("latin-1")
            parts.append(text)
            self.sources.append((offset, offset + len(text), shown))
            offset += len(text)
        self.text = "".join(parts)
        self.filename: Any = None
        self.stream = self._values()
        self.pending: list[tuple[Any, str]] = []
        self.environ: dict[str, str] = dict(ctx.env)

    def _where(self, at: int) -> str:
        for start, end, name in self.sources:
            if start <= at < end or (at == end and (start, end, name) == self.sources[-1]):
                self.filename = None if name == "<stdin>" else name
                lines = self.text.count("\n", start, at) + (self.text.find("\n", at, end) != -1)
                return f"{name}:{lines}"
        return "<stdin>:0"

    def _open_errors(self, upto: int) -> None:
        while self.missing and self.missing[0][0] <= upto:
            msg = self.missing.pop(0)[1]
            self.status = 2
            if msg:
                self.ctx.err(msg)

    def _values(self) -> Iterator[tuple[Any, str]]:
        if "raw-input" in self.opts.flags:
            yield from self._raw()
        else:
            for value, at in JsonReader(self.text, self.ctx.check).values():
                self._open_errors(at - 1)
                yield value, self._where(at)
        self._open_errors(len(self.text) + 1)

    def _raw(self) -> Iterator[tuple[Any, str]]:
        text = self.text.encode("latin-1").decode("utf-8", "replace")
        if "slurp" in self.opts.flags:
            yield text, self._where(len(self.text))
            return
        pos = 0
        for line in text.splitlines(keepends=True):
            pos += len(line.encode())
            if line.endswith("\n"):
                yield line[:-1], self._where(pos - 1)

    # the runtime jq's `input`, `inputs`, `input_filename`, `debug` and `$ENV` use
    def has_input(self) -> bool:
        if not self.pending:
            try:
                self.pending.append(next(self.stream))
            except StopIteration:
                return False
        return True

    def next_input(self) -> Any:
        if not self.has_input():
            raise JqError("break")   # jq 1.6 reports its internal label
        return self.pending.pop(0)[0]

    def next_pair(self) -> tuple[Any, str] | None:
        return self.pending.pop(0) if self.has_input() else None

    def stderr(self, text: str) -> None:
        self.ctx.err(text)


@command("jq", family="packages", package="jq", summary="Command-line JSON processor")
def jq(ctx: Context, argv: list[str]) -> int:
    opts = _Options()
    try:
        _parse_args(ctx, argv[1:], opts)
    except _Usage as exc:
        ctx.err(str(exc) + _DIE)
        return 2
    if "help" in opts.flags:
        ctx.out(verbatim("extras/jq_help"))
        return 0
    if "version" in opts.flags:
        ctx.out(verbatim("extras/jq_version"))
        return 0
    if opts.program is not None and "from-file" in opts.flags:
        try:
            opts.program = _read(ctx, opts.program).decode("utf-8", "replace")
        except OSError as exc:
            ctx.err(f"jq: Could not open {opts.program}: {exc.strerror}\n")
            return 2
    if opts.program is None:
        if ctx.stdout.isatty() and ctx.stdin.isatty():
            ctx.err(verbatim("extras/jq_help").split("Some of the options")[0]
                    + "For a listing of options, use jq --help.\n")
            return 2
        opts.program = "."
    try:
        named = dict(opts.named)
        prog = Program(opts.program, {**named, "ARGS": {"positional": opts.positional, "named": named}})
    except CompileError as exc:
        return _compile_error(ctx, opts.program, exc)
    CHECK.set(ctx.check)
    BUDGET.set(ctx.budget)
    return _run(ctx, opts, prog)


def _compile_error(ctx: Context, text: str, exc: CompileError) -> int:
    errors = [(str(exc), exc.pos), *exc.extra]
    for message, pos in errors:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        line = text[start:] if end == -1 else text[start:end]
        ctx.err(f"jq: error: {message} at <top-level>, line {text.count(chr(10), 0, start) + 1}:\n"
                f"{line}{' ' * (pos - start)}\n")
    ctx.err(f"jq: {len(errors)} compile error{'s' if len(errors) > 1 else ''}\n")
    return 3


def _run(ctx: Context, opts: _Options, prog: Program) -> int:
    inp = _Input(ctx, opts)
    flags = opts.flags
    color = "color-output" in flags or ("monochrome-output" not in flags and ctx.stdout.isatty())
    raw = bool(flags & {"raw-output", "join-output"})
    end = "" if "join-output" in flags else "\n"
    ret = 0

    def process(value: Any, where: str) -> int:
        status = -4
        try:
            for result in prog.run(value, inp):
                if raw and isinstance(result, str) and "ascii-output" not in flags:
                    ctx.out(result + end)
                    status = 0
                    continue
                status = -1 if result is None or result is False else 0
                ctx.out(dump(result, opts.indent, opts.tab, "sort-keys" in flags,
                             "ascii-output" in flags, color) + end)
        except JqError as exc:
            if exc.value is None:
                return status
            msg = exc.value
            text = f": {msg}" if isinstance(msg, str) else f" (not a string): {dump(msg, indent=0)}"
            ctx.err(f"jq: error (at {where}){text}\n")
            return 5
        except RecursionError:
            ctx.err(f"jq: error (at {where}): stack overflow\n")
            return 5
        return status

    try:
        if "null-input" in flags:
            ret = process(None, "<unknown>")
        elif "slurp" in flags and "raw-input" not in flags:
            values = []
            while (pair := inp.next_pair()) is not None:
                values.append(pair[0])
            ret = process(values, inp._where(len(inp.text)))
        else:
            while (pair := inp.next_pair()) is not None:
                if "stream" in flags:
                    for event in stream_events(pair[0], []):
                        ret = process(event, pair[1])
                else:
                    ret = process(*pair)
    except ParseError as exc:
        ctx.err(f"parse error: {exc}\n")
        ret = _PARSE_ERROR_STATUS
    if inp.status:
        ret = inp.status
    if "exit-status" in flags:
        return abs(ret)
    return max(0, ret)
