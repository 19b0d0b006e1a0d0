"""getopt (util-linux 2.38 enhanced getopt): parse a script's options with glibc's getopt_long
rules (permutation, abbreviations, optional arguments, '+'/'-' modes) and print them quoted."""
from __future__ import annotations

from dataclasses import dataclass, field

from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim


@dataclass
class _Getopt:
    """One run of getopt_long over `args`, printing its diagnostics as `name`."""

    ctx: Context
    name: str
    shorts: str
    longs: dict[str, int]                  # name -> 0 none, 1 required, 2 optional
    long_only: bool = False
    quiet: bool = False
    failed: bool = False
    out: list[tuple[str, str | None, bool]] = field(default_factory=list)  # (text, arg, is_nonopt)

    def _error(self, message: str) -> None:
        self.failed = True
        if not self.quiet:
            self.ctx.err(f"{self.name}: {message}\n")

    def _short_kind(self, c: str) -> int | None:
        i = self.shorts.find(c)
        if i < 0 or c in ":+-":
            return None
        if self.shorts[i + 1:i + 3] == "::":
            return 2
        return 1 if self.shorts[i + 1:i + 2] == ":" else 0

    def run(self, args: list[str]) -> list[str]:
        """Parse; returns the operands left for after '--'."""
        mode = ""
        if self.shorts[:1] in ("+", "-"):
            mode = self.shorts[0]
        elif "POSIXLY_CORRECT" in self.ctx.env:
            mode = "+"
        rest: list[str] = []
        i = 0
        while i < len(args):
            arg = args[i]
            i += 1
            if arg == "--":
                rest.extend(args[i:])
                break
            if not arg.startswith("-") or arg == "-":
                if mode == "+":
                    rest.extend(args[i - 1:])
                    break
                if mode == "-":
                    self.out.append(("", arg, True))
                else:
                    rest.append(arg)
                continue
            if arg.startswith("--"):
                i = self._long(arg[2:], "--", args, i)
                continue
            if self.long_only and (len(arg) > 2 or self._short_kind(arg[1]) is None):
                j = self._long(arg[1:], "-", args, i, fallback=True)
                if j >= 0:
                    i = j
                    continue
            i = self._shorts(arg, args, i)
        return rest

    def _long(self, body: str, dash: str, args: list[str], i: int, fallback: bool = False) -> int:
        name, eq, value = body.partition("=")
        matches = [name] if name in self.longs else [n for n in self.longs if n.startswith(name)]
        if not matches:
            if fallback and self._short_kind(body[0]) is not None:
                return -1
            self._error(f"unrecognized option '{dash}{body}'")
            return i
        if len(matches) > 1:
            cands = " ".join(f"'{dash}{m}'" for m in matches)
            self._error(f"option '{dash}{name}' is ambiguous; possibilities: {cands}")
            return i
        full = matches[0]
        kind = self.longs[full]
        if kind == 0 and eq:
            self._error(f"option '{dash}{full}' doesn't allow an argument")
            return i
        if kind == 1 and not eq:
            if i >= len(args):
                self._error(f"option '{dash}{full}' requires an argument")
                return i
            value, i = args[i], i + 1
        self.out.append((f"--{full}", value if kind else None, False))
        if kind == 2 and not eq:
            self.out[-1] = (f"--{full}", "", False)
        return i

    def _shorts(self, arg: str, args: list[str], i: int) -> int:
        j = 1
        while j < len(arg):
            c = arg[j]
            j += 1
            kind = self._short_kind(c)
            if kind is None:
                self._error(f"invalid option -- '{c}'")
                continue
            if kind == 0:
                self.out.append((f"-{c}", None, False))
                continue
            value: str | None = arg[j:]
            if not value:
                if kind == 2:
                    value = ""
                elif i < len(args):
                    value, i = args[i], i + 1
                else:
                    self._error(f"option requires an argument -- '{c}'")
                    return i
            self.out.append((f"-{c}", value, False))
            return i
        return i


def _quote(text: str, quote: bool, shell: str) -> str:
    if not quote:
        return f" {text}"
    body = text.replace("'", "'\\''")
    if shell in ("tcsh", "csh"):
        body = body.replace("!", "'\\!'").replace("\n", "'\\\n'")
    return f" '{body}'"


def _usage(ctx: Context, message: str) -> int:
    ctx.err(f"getopt: {message}\nTry 'getopt --help' for more information.\n")
    return 2


def _add_longs(longs: dict[str, int], spec: str) -> None:
    for item in spec.replace(" ", ",").replace("\t", ",").replace("\n", ",").split(","):
        if not item:
            continue
        kind = 2 if item.endswith("::") else 1 if item.endswith(":") else 0
        longs[item.rstrip(":")] = kind


_OWN = {"a": ("alternative", 0), "o": ("options", 1), "l": ("longoptions", 1), "n": ("name", 1),
        "q": ("quiet", 0), "Q": ("quiet-output", 0), "s": ("shell", 1), "T": ("test", 0),
        "u": ("unquoted", 0), "h": ("help", 0), "V": ("version", 0)}


def _own_options(ctx: Context, args: list[str]) -> tuple[list[tuple[str, str]], list[str]] | int:
    """getopt's own options ("+ao:l:n:qQs:TuhV" and their long forms), stopping at an operand."""
    opts: list[tuple[str, str]] = []
    i = 0
    longs = {name: (c, kind) for c, (name, kind) in _OWN.items()}
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            return opts, args[i:]
        if not arg.startswith("-") or arg == "-":
            return opts, args[i - 1:]
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            matches = [name] if name in longs else [n for n in longs if n.startswith(name)]
            if len(matches) != 1:
                if not matches:
                    return _usage(ctx, f"unrecognized option '{arg}'")
                cands = " ".join(f"'--{m}'" for m in matches)
                return _usage(ctx, f"option '{arg.partition('=')[0]}' is ambiguous; possibilities: {cands}")
            c, kind = longs[matches[0]]
            if kind == 0 and eq:
                return _usage(ctx, f"option '--{matches[0]}' doesn't allow an argument")
            if kind and not eq:
                if i >= len(args):
                    return _usage(ctx, f"option '--{matches[0]}' requires an argument")
                value, i = args[i], i + 1
            opts.append((c, value))
            continue
        j = 1
        while j < len(arg):
            c = arg[j]
            j += 1
            if c not in _OWN:
                return _usage(ctx, f"invalid option -- '{c}'")
            if _OWN[c][1] == 0:
                opts.append((c, ""))
                continue
            value = arg[j:]
            if not value:
                if i >= len(args):
                    return _usage(ctx, f"option requires an argument -- '{c}'")
                value, i = args[i], i + 1
            opts.append((c, value))
            break
    return opts, []


@command("getopt", family="utils", summary="parse command options (enhanced)")
def getopt(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    if not args:
        return _usage(ctx, "missing optstring argument")
    if not args[0].startswith("-") or "GETOPT_COMPATIBLE" in ctx.env:
        # the old getopt(1) call: `getopt OPTSTRING PARAMETERS`, output unquoted
        run = _Getopt(ctx, "getopt", args[0].lstrip("-+"), {})
        rest = run.run(args[1:])
        return _emit(ctx, run, rest, quote=False, shell="bash", silent=False)
    parsed = _own_options(ctx, args)
    if isinstance(parsed, int):
        return parsed
    opts, operands = parsed
    shorts: str | None = None
    longs: dict[str, int] = {}
    name, quote, shell, silent, quiet, long_only = "getopt", True, "bash", False, False, False
    for c, value in opts:
        if c == "h":
            ctx.out(verbatim("utils/getopt_help"))
            return 0
        if c == "V":
            ctx.out(verbatim("utils/getopt_version"))
            return 0
        if c == "T":
            return 4
        if c == "o":
            shorts = value
        elif c == "l":
            _add_longs(longs, value)
        elif c == "n":
            name = value
        elif c == "q":
            quiet = True
        elif c == "Q":
            silent = True
        elif c == "u":
            quote = False
        elif c == "a":
            long_only = True
        elif c == "s":
            if value not in ("bash", "sh", "tcsh", "csh"):
                ctx.err("getopt: unknown shell after -s or --shell argument\n"
                        "Try 'getopt --help' for more information.\n")
                return 2
            shell = value
    if shorts is None:
        if not operands:
            return _usage(ctx, "missing optstring argument")
        shorts, operands = operands[0], operands[1:]
    run = _Getopt(ctx, name, shorts, longs, long_only=long_only, quiet=quiet)
    rest = run.run(operands)
    return _emit(ctx, run, rest, quote=quote, shell=shell, silent=silent)


def _emit(ctx: Context, run: _Getopt, rest: list[str], quote: bool, shell: str, silent: bool) -> int:
    if not silent:
        parts: list[str] = []
        for text, value, nonopt in run.out:
            if not nonopt:
                parts.append(f" {text}")
            if value is not None:
                parts.append(_quote(value, quote, shell))
        parts.append(" --")
        parts.extend(_quote(r, quote, shell) for r in rest)
        ctx.out("".join(parts) + "\n")
    return 1 if run.failed else 0
