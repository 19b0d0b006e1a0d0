"""csplit (GNU coreutils 9.1): split a file into sections determined by context lines."""
from __future__ import annotations

import re
from dataclasses import dataclass

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.grep.regex import RegexError, translate
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import close_input, open_input, quotef, read_all
from shelldojo.shell.context import Context, cquote, squote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

CSPLIT = OptionSpec("csplit", short="b:f:kn:sqz", long=[
    "suffix-format=", "prefix=", "keep-files", "suppress-matched", "digits=", "quiet", "silent",
    "elide-empty-files"], help=verbatim("text/csplit_help"), version=verbatim("text/csplit_version"))


class Fatal(Exception):
    """An error after which csplit cleans up (its files removed unless -k) and exits 1."""


@dataclass
class Pattern:
    arg: str
    argnum: int
    line: int = 0                        # a line-number pattern, else a regex one
    regex: re.Pattern[bytes] | None = None
    ignore: bool = False                 # %regex%
    offset: int = 0
    repeat: int = 0
    forever: bool = False


def _patterns(ctx: Context, args: list[str]) -> list[Pattern] | None:
    pats: list[Pattern] = []
    prev_line = 0
    for i, arg in enumerate(args):
        if arg.startswith("{") and pats:
            if not arg.endswith("}"):
                ctx.error(f"{cquote(arg)}: '}}' is required in repeat count")
                return None
            body = arg[1:-1]
            if body == "*":
                pats[-1].forever = True
            elif re.fullmatch(r"\d+", body):
                pats[-1].repeat = int(body)
            else:
                ctx.error(f"{cquote(arg[:-1])}}}: integer required between '{{' and '}}'")
                return None
            continue
        if arg[:1] in ("/", "%"):
            delim = arg[0]
            end = arg.rfind(delim)
            if end == 0:
                ctx.error(f"{arg}: closing delimiter '{delim}' missing")
                return None
            rest = arg[end + 1:]
            if rest and not re.fullmatch(r"[+-]?\d+", rest):
                ctx.error(f"{cquote(arg)}: integer expected after delimiter")
                return None
            try:
                rx = re.compile(translate(arg[1:end])[0].encode("utf-8", "surrogateescape"))
            except (RegexError, re.error, ValueError) as exc:
                detail = str(exc) if isinstance(exc, RegexError) else "Invalid regular expression"
                ctx.error(f"{cquote(arg)}: invalid regular expression: {detail}")
                return None
            pats.append(Pattern(arg, i, regex=rx, ignore=delim == "%", offset=int(rest or 0)))
            continue
        if not re.fullmatch(r"\d+", arg):
            ctx.error(f"{cquote(arg)}: invalid pattern")
            return None
        n = int(arg)
        if n == 0:
            ctx.error(f"{arg}: line number must be greater than zero")
            return None
        if n < prev_line:
            ctx.error(f"line number {cquote(arg)} is smaller than preceding line number, {prev_line}")
            return None
        if n == prev_line:
            ctx.error(f"warning: line number {cquote(arg)} is the same as preceding line number")
        prev_line = n
        pats.append(Pattern(arg, i, line=n))
    return pats


class Splitter:
    def __init__(self, ctx: Context, lines: list[bytes], prefix: str, suffix: str, silent: bool,
                 elide: bool) -> None:
        self.ctx, self.lines, self.prefix, self.suffix = ctx, lines, prefix, suffix
        self.silent, self.elide = silent, elide
        self.suppress = False
        self.first = 1              # first line not yet written (1-based)
        self.current = 0            # the last line looked at by a regex search
        self.created: list[str] = []
        self.buf: bytearray | None = None

    def name(self, n: int) -> str:
        m = re.search(r"%([-0 #']*)(\d*)(?:\.\d+)?([diouxX])", self.suffix)
        if not m:
            return self.prefix + self.suffix
        spec = "%" + m.group(1).replace("'", "") + m.group(2) + ("d" if m.group(3) in "iu" else m.group(3))
        return self.prefix + self.suffix[:m.start()] + spec % n + self.suffix[m.end():]

    def create(self) -> None:
        self.created.append(self.name(len(self.created)))
        self.buf = bytearray()
        self.flush()   # the file exists from now on, as GNU's fopen makes it

    def flush(self) -> None:
        if self.buf is not None:
            self.ctx.vfs.write_bytes(self.ctx.abspath(self.created[-1]), bytes(self.buf))

    def close(self) -> None:
        if self.buf is None:
            return
        self.flush()
        if not self.buf and self.elide:
            self.ctx.vfs.unlink(self.ctx.abspath(self.created.pop()))
        elif not self.silent:
            self.ctx.out(f"{len(self.buf)}\n")
        self.buf = None

    def take(self) -> bytes | None:
        if self.first > len(self.lines):
            return None
        self.first += 1
        return self.lines[self.first - 2]

    def write_to(self, last: int, ignore: bool, pat: Pattern) -> None:
        """Lines first..last-1 to the open file (or dropped, for %regex%)."""
        if self.first > last:
            raise self.fail(f"{cquote(pat.arg)}: line number out of range")
        for _ in range(last - self.first):
            line = self.take()
            if line is None:
                raise self.fail(f"{cquote(pat.arg)}: line number out of range")
            if not ignore and self.buf is not None:
                self.buf += line

    def fail(self, message: str) -> Fatal:
        self.ctx.error(message)
        return Fatal()

    def line_count(self, pat: Pattern, rep: int) -> None:
        last = pat.line * (rep + 1)
        self.create()
        err = f"{cquote(pat.arg)}: line number out of range" + (f" on repetition {rep}" if rep else "")
        if self.first > len(self.lines):
            raise self.fail(err)
        while self.first < last:
            line = self.take()
            if line is None:
                raise self.fail(err)
            self.buf += line   # type: ignore[operator]
        if self.first > len(self.lines):   # GNU: N may not be one past the last line
            raise self.fail(err)
        self.close()
        if self.suppress:
            self.take()

    def regexp(self, pat: Pattern, rep: int) -> None:
        if not pat.ignore:
            self.create()
        while True:
            self.current += 1
            if self.current > len(self.lines):
                if pat.forever:
                    if not pat.ignore:
                        self.rest()
                    raise StopIteration
                self.ctx.error(f"{cquote(pat.arg)}: match not found" + (f" on repetition {rep}" if rep else ""))
                if not pat.ignore:
                    self.rest()
                raise Fatal()
            line = self.lines[self.current - 1]
            if pat.regex.search(line[:-1] if line.endswith(b"\n") else line):  # type: ignore[union-attr]
                break
        brk = self.current + pat.offset
        self.write_to(brk, pat.ignore, pat)
        if not pat.ignore:
            self.close()
        if pat.offset > 0:
            self.current = brk
        if self.suppress:   # --suppress-matched: the line at the split point is dropped
            self.take()

    def rest(self) -> None:
        while (line := self.take()) is not None:
            self.buf += line   # type: ignore[operator]
        self.close()


@command("csplit", family="text", summary="split a file into sections determined by context lines")
def csplit(ctx: Context, argv: list[str]) -> int:
    p = CSPLIT.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    if len(p.operands) < 2:
        ctx.error("missing operand" if not p.operands else f"missing operand after {cquote(p.operands[-1])}")
        ctx.err("Try 'csplit --help' for more information.\n")
        return 1
    digits = p.last("-n", "--digits")
    if digits is not None and not re.fullmatch(r"\d+", digits):
        ctx.error(f"invalid number: {cquote(digits)}")
        return 1
    suffix = p.last("-b", "--suffix-format") or f"%0{digits or 2}d"
    pats = _patterns(ctx, p.operands[1:])
    if pats is None:
        return 1
    name = p.operands[0]
    try:
        stream = open_input(ctx, name)
        try:
            data = read_all(ctx, stream)
        finally:
            close_input(ctx, stream)
    except OSError as exc:
        ctx.error(f"cannot open {squote(name)} for reading: {strerror(exc)}")
        return 1
    lines = data.splitlines(keepends=True)
    sp = Splitter(ctx, lines, p.last("-f", "--prefix") or "xx", suffix,
                  p.has("-s", "-q", "--quiet", "--silent"), p.has("-z", "--elide-empty-files"))
    sp.suppress = p.has("--suppress-matched")
    try:
        try:
            for pat in pats:
                rep = 0
                while pat.forever or rep <= pat.repeat:
                    ctx.check()
                    (sp.line_count if pat.regex is None else sp.regexp)(pat, rep)
                    rep += 1
            sp.create()
            sp.rest()
        except StopIteration:
            pass
        except Fatal:
            sp.close()
            if not p.has("-k", "--keep-files"):
                for f in sp.created:
                    ctx.vfs.unlink(ctx.abspath(f))
            return 1
    except OSError as exc:
        ctx.error(f"{quotef(sp.created[-1] if sp.created else name)}: {strerror(exc)}")
        return 1
    return 0
