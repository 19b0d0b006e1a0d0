"""grep's options: the parsed settings (Opts) and how the command line sets them."""
from __future__ import annotations

from dataclasses import dataclass, field

from shelldojo.filesystem import strerror
from shelldojo.shell import regexengine
from shelldojo.shell.commands.grep.regex import RegexError, compile_patterns
from shelldojo.shell.commands.options import OptionSpec, Parsed
from shelldojo.shell.context import Context
from shelldojo.shell.texts import verbatim

USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\n"
TRY = "Try 'grep --help' for more information.\n"
LONG = ["after-context=", "before-context=", "context=", "basic-regexp", "extended-regexp",
        "fixed-strings", "perl-regexp", "regexp=", "file=", "ignore-case", "no-ignore-case",
        "word-regexp", "line-regexp", "null-data", "no-messages", "invert-match", "max-count=",
        "byte-offset", "line-number", "line-buffered", "with-filename", "no-filename", "label=",
        "only-matching", "quiet", "silent", "binary-files=", "text", "directories=", "devices=",
        "recursive", "dereference-recursive", "include=", "exclude=", "exclude-from=",
        "exclude-dir=", "files-without-match", "files-with-matches", "count", "initial-tab",
        "null", "group-separator=", "no-group-separator", "color=?", "colour=?", "binary"]
SPEC = OptionSpec("grep", short="0123456789A:B:C:D:EFGHILPRTUVZabcd:e:f:hilm:noqrsuvwxyz",
                  long=LONG, help=verbatim("grep/grep_help"), version=verbatim("grep/grep_version"),
                  usage_status=2)
FLAGS: dict[str, tuple[str, object]] = {
    "-v": ("invert", True), "--invert-match": ("invert", True), "-c": ("count", True),
    "--count": ("count", True), "-l": ("list_files", 1), "--files-with-matches": ("list_files", 1),
    "-L": ("list_files", -1), "--files-without-match": ("list_files", -1), "-q": ("quiet", True),
    "--quiet": ("quiet", True), "--silent": ("quiet", True), "-s": ("silent", True),
    "--no-messages": ("silent", True), "-n": ("number", True), "--line-number": ("number", True),
    "-b": ("byte_offset", True), "--byte-offset": ("byte_offset", True), "-o": ("only", True),
    "--only-matching": ("only", True), "-Z": ("null", True), "--null": ("null", True),
    "-a": ("text", True), "--text": ("text", True), "-r": ("recurse", 1), "--recursive": ("recurse", 1),
    "-R": ("recurse", 2), "--dereference-recursive": ("recurse", 2), "-I": ("skip_binary", True),
    "--no-group-separator": ("group_sep", None),
}


class Capture:
    """Stands in for ctx while parsing options, to add grep's Usage line to errors."""

    def __init__(self, ctx: Context) -> None:
        self.ctx, self.text = ctx, ""

    def out(self, text: str | bytes) -> None:
        self.ctx.out(text)

    def err(self, text: str | bytes) -> None:
        self.text += text if isinstance(text, str) else text.decode()


@dataclass
class Opts:
    regex: regexengine.Regex = field(default_factory=lambda: regexengine.compile(""))
    invert: bool = False
    count: bool = False
    list_files: int = 0          # 1: -l, -1: -L
    quiet: bool = False
    silent: bool = False
    number: bool = False
    byte_offset: bool = False
    only: bool = False
    with_name: bool = False
    max_count: int = -1
    after: int = 0
    before: int = 0
    color: bool = False
    null: bool = False
    text: bool = False
    skip_binary: bool = False
    recurse: int = 0             # 1: -r, 2: -R
    directories: str = "read"
    label: str = "(standard input)"
    group_sep: str | None = "--"
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    exclude_dir: list[str] = field(default_factory=list)


def _num(ctx: Context, value: str, what: str) -> int | None:
    if value.isdigit():
        return int(value)
    ctx.error(f"{value}: invalid context length argument" if what == "context" else "invalid max count")
    return None


def setup(ctx: Context, parsed: Parsed) -> tuple[Opts, list[str]] | int:
    o = Opts()
    patterns: list[str] | None = None
    flavor, fixed, icase, word, line = "bre", False, False, False, False
    matcher = ""
    digits, last_digit = "", -2
    with_name: bool | None = None
    for idx, (opt, val) in enumerate(parsed.options):
        v = val or ""
        if len(opt) == 2 and opt[1].isdigit():
            digits = digits + opt[1] if last_digit == idx - 1 else opt[1]
            last_digit = idx
            o.after = o.before = int(digits)
            continue
        if opt in FLAGS:
            setattr(o, *FLAGS[opt])
        elif opt in ("-E", "--extended-regexp", "-F", "--fixed-strings", "-G", "--basic-regexp",
                   "-P", "--perl-regexp"):
            kind = opt[1] if len(opt) == 2 else opt[2].upper()
            kind = {"B": "G"}.get(kind, kind)
            if matcher and matcher != kind:
                ctx.error("conflicting matchers specified")
                return 2
            matcher = kind
            flavor, fixed = ("ere" if kind in "EP" else "bre"), kind == "F"
        elif opt in ("-e", "--regexp"):
            patterns = (patterns or []) + v.split("\n")
        elif opt in ("-f", "--file"):
            try:
                data = ctx.stdin.read() if v == "-" else ctx.vfs.read_bytes(ctx.abspath(v))
            except OSError as exc:
                ctx.error(f"{v}: {strerror(exc)}")
                return 2
            text = data.decode("utf-8", "surrogateescape")
            patterns = (patterns or []) + (text.removesuffix("\n").split("\n") if text else [])
        elif opt in ("-i", "-y", "--ignore-case"):
            icase = True
        elif opt == "--no-ignore-case":
            icase = False
        elif opt in ("-w", "--word-regexp"):
            word = True
        elif opt in ("-x", "--line-regexp"):
            line = True
        elif opt in ("-H", "--with-filename"):
            with_name = True
        elif opt in ("-h", "--no-filename"):
            with_name = False
        elif opt in ("-m", "--max-count"):
            try:
                o.max_count = int(v)
            except ValueError:
                ctx.error("invalid max count")
                return 2
        elif opt in ("-A", "--after-context", "-B", "--before-context", "-C", "--context"):
            n = _num(ctx, v, "context")
            if n is None:
                return 2
            if opt in ("-A", "--after-context", "-C", "--context"):
                o.after = n
            if opt in ("-B", "--before-context", "-C", "--context"):
                o.before = n
        elif opt in ("--color", "--colour"):
            if v in ("", "always", "yes", "force"):
                o.color = True
            elif v in ("never", "no", "none"):
                o.color = False
            elif v in ("auto", "tty", "if-tty"):
                o.color = ctx.stdout.isatty()
            else:
                ctx.out(verbatim("grep/grep_help"))
                return 0
        elif opt == "--binary-files":
            if v not in ("binary", "text", "without-match"):
                ctx.error("unknown binary-files type")
                return 2
            o.text, o.skip_binary = v == "text", v == "without-match"
        elif opt in ("-d", "--directories"):
            if v not in ("read", "recurse", "skip"):
                ctx.error("invalid argument " + f"\u2018{v}\u2019 for \u2018--directories\u2019")
                ctx.err("Valid arguments are:\n  - \u2018read\u2019\n  - \u2018recurse\u2019\n"
                        "  - \u2018skip\u2019\n" + USAGE + TRY)
                return 2
            o.directories = v
            o.recurse = 1 if v == "recurse" else o.recurse
        elif opt == "--label":
            o.label = v
        elif opt == "--group-separator":
            o.group_sep = v
        elif opt == "--include":
            o.include.append(v)
        elif opt == "--exclude":
            o.exclude.append(v)
        elif opt == "--exclude-dir":
            o.exclude_dir.append(v)
    operands = list(parsed.operands)
    if patterns is None:
        if not operands:
            ctx.err(USAGE + TRY)
            return 2
        patterns = operands.pop(0).split("\n")
    if matcher == "P":
        flavor = "ere"  # Perl syntax approximated by ERE (close for common patterns)
    warnings: list[str] = []
    try:
        o.regex = compile_patterns(patterns, flavor, fixed, icase, word, line, warnings, ctx.budget)
    except RegexError as exc:
        ctx.error(str(exc))
        return 2
    for w in warnings:
        ctx.error(f"warning: {w}")
    if not operands:
        operands = [""] if o.recurse else ["-"]  # "": the implicit "." (names print without ./)
    o.with_name = with_name if with_name is not None else (len(operands) > 1 or o.recurse > 0 and not (
        len(operands) == 1 and operands[0] and _is_file(ctx, operands[0])))
    return o, operands


def _is_file(ctx: Context, name: str) -> bool:
    return name != "-" and not ctx.vfs.isdir(ctx.abspath(name))
