"""One GNU-style option parser for every command (getopt_long's behaviour and messages).

    SPEC = OptionSpec("head", short="c:n:qvz", long=["bytes=", "lines=", "quiet", "silent",
                      "verbose", "zero-terminated"], help=HELP)
    parsed = SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):      # error printed, or --help/--version shown
        return parsed
    for opt, value in parsed.options: ...   # opt is "-n" or "--lines"
    parsed.operands

Short specs use getopt syntax ("n:" takes an argument, "n::" an optional attached one);
long specs use "name" / "name=" (required) / "name=?" (optional, only as --name=VALUE).
Long options may be abbreviated to any unique prefix.  Options and operands may be
mixed (permutation) unless `posix=True`; "--" ends options.  Errors print GNU's text
and "Try 'NAME --help' for more information." and return `usage_status`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shelldojo.shell.texts import verbatim

if TYPE_CHECKING:
    from shelldojo.shell.context import Context


@dataclass
class Parsed:
    options: list[tuple[str, str | None]] = field(default_factory=list)
    operands: list[str] = field(default_factory=list)

    def has(self, *names: str) -> bool:
        return any(o in names for o, _ in self.options)

    def last(self, *names: str) -> str | None:
        value = None
        for o, v in self.options:
            if o in names:
                value = v if v is not None else ""
        return value


@dataclass
class OptionSpec:
    name: str
    short: str = ""
    long: list[str] = field(default_factory=list)
    help: str = ""                  # full --help text; "Usage: ..." first line
    version: str | None = None      # --version text; default: coreutils 9.1 banner
    usage_status: int = 1           # status for a usage error (ls: 2)
    posix: bool = False             # stop at the first operand (env, xargs, nice)
    negative_numbers: bool = False  # "-5" is an operand (seq, expr)

    def __post_init__(self) -> None:
        self._short: dict[str, int] = {}   # char -> 0 none, 1 required, 2 optional
        i, s = 0, self.short
        while i < len(s):
            c = s[i]
            kind = 0
            if s[i + 1:i + 3] == "::":
                kind, i = 2, i + 2
            elif s[i + 1:i + 2] == ":":
                kind, i = 1, i + 1
            self._short[c] = kind
            i += 1
        self._long: dict[str, int] = {}
        for spec in [*self.long, "help", "version"]:
            if spec.endswith("=?"):
                self._long[spec[:-2]] = 2
            elif spec.endswith("="):
                self._long[spec[:-1]] = 1
            else:
                self._long.setdefault(spec, 0)

    def _usage(self, ctx: Context, message: str) -> int:
        ctx.err(f"{self.name}: {message}\nTry '{self.name} --help' for more information.\n")
        return self.usage_status

    def parse(self, ctx: Context, args: list[str]) -> Parsed | int:
        out = Parsed()
        i = 0
        while i < len(args):
            arg = args[i]
            i += 1
            if arg == "--":
                out.operands.extend(args[i:])
                break
            if arg.startswith("--"):
                body, eq, value = arg[2:].partition("=")
                matches = [n for n in self._long if n.startswith(body)]
                if body in self._long:
                    matches = [body]
                if not matches:
                    return self._usage(ctx, f"unrecognized option '{arg}'")
                if len(matches) > 1:
                    cands = " ".join(f"'--{m}'" for m in matches)
                    return self._usage(ctx, f"option '{arg.partition('=')[0]}' is ambiguous; possibilities: {cands}")
                name = matches[0]
                kind = self._long[name]
                if kind == 0 and eq:
                    return self._usage(ctx, f"option '--{name}' doesn't allow an argument")
                if kind == 1 and not eq:
                    if i >= len(args):
                        return self._usage(ctx, f"option '--{name}' requires an argument")
                    value, i = args[i], i + 1
                if name == "help":
                    ctx.out(self.help or f"Usage: {self.name} [OPTION]...\n")
                    return 0
                if name == "version":
                    ctx.out(self.version or verbatim("common/coreutils_version").format(name=self.name))
                    return 0
                out.options.append((f"--{name}", value if (eq or kind == 1) else None))
                continue
            if arg.startswith("-") and arg != "-" and not (self.negative_numbers and _is_number(arg)):
                j = 1
                while j < len(arg):
                    c = arg[j]
                    j += 1
                    kind = self._short.get(c)
                    if kind is None:
                        return self._usage(ctx, f"invalid option -- '{c}'")
                    if kind == 0:
                        out.options.append((f"-{c}", None))
                        continue
                    rest = arg[j:]
                    if rest:
                        out.options.append((f"-{c}", rest))
                    elif kind == 2:
                        out.options.append((f"-{c}", None))
                    elif i < len(args):
                        out.options.append((f"-{c}", args[i]))
                        i += 1
                    else:
                        return self._usage(ctx, f"option requires an argument -- '{c}'")
                    break
                continue
            out.operands.append(arg)
            if self.posix:
                out.operands.extend(args[i:])
                break
        return out


def _is_number(arg: str) -> bool:
    try:
        float(arg)
        return True
    except ValueError:
        return False
