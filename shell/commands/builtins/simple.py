"""echo, printf, test, [, true and false: bash builtins that Ubuntu also ships in /usr/bin.

They behave as bash's builtins (echo prints --help literally, printf reuses its
format, test's errors are "NAME: message"); the executor adds the "bash: line N: "
prefix to nothing, so messages are printed as "NAME: ...".
"""
from __future__ import annotations

import re
from collections.abc import Callable

from shelldojo.shell.budget import LimitExceeded
from shelldojo.shell.commands.builtins.printf_format import (
    Stop,
    dec,
    enc,
    expand_escapes,
    format_float,
    format_int,
    format_time,
    pad,
    parse_float,
    parse_int,
    shell_quote,
)
from shelldojo.shell.commands.builtins.util import usage_line
from shelldojo.shell.context import Context
from shelldojo.shell.interp import testexpr
from shelldojo.shell.interp.builtin_help import show_help, synopsis
from shelldojo.shell.registry import command

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\[.*\])?\Z", re.DOTALL)

# -- the printf builtin ------------------------------------------------------------
_FLAGS = "#'-+ 0"
_LENGTH = "hjlLtz"


class Printf:
    """One run of printf: the format applied to the arguments, reused while they last."""

    def __init__(self, fmt: bytes, args: list[bytes], err: Callable[[str], None],
                 max_bytes: int = 1 << 62) -> None:
        self.fmt, self.args, self.err = fmt, args, err
        self.out = bytearray()
        self.max_bytes = max_bytes  # no field or result may outgrow what could be written
        self.status = 0
        self.k = 0

    def next_arg(self) -> bytes | None:
        if self.k < len(self.args):
            self.k += 1
            return self.args[self.k - 1]
        return None

    def report(self, errors: list[str]) -> None:
        for e in errors:
            self.err(e)
            if not e.startswith("warning:"):
                self.status = 1

    def number(self) -> int:
        errors: list[str] = []
        v = parse_int(self.next_arg() or b"", False, errors)
        self.report(errors)
        return v

    def run(self) -> int:
        """The status; the output is in self.out."""
        try:
            while True:
                start_k = self.k
                if not self.once(self.fmt):
                    return 1
                if self.k >= len(self.args) or self.k == start_k:
                    break
        except Stop as stop:
            self.out += stop.args[0]
        return self.status

    def once(self, fmt: bytes) -> bool:
        i, n = 0, len(fmt)
        while i < n:
            c = fmt[i]
            if c == 92:
                i += self._escape(fmt[i:i + 10])
                continue
            if c != 37:
                stops = [x for x in (fmt.find(b"%", i), fmt.find(b"\\", i)) if x >= 0]
                end = min(stops) if stops else n
                self.out += fmt[i:end]
                i = end
                continue
            start = i
            i += 1
            if i < n and fmt[i] == 37:
                self.out += b"%"
                i += 1
                continue
            flags = ""
            while i < n and chr(fmt[i]) in _FLAGS:
                flags += chr(fmt[i])
                i += 1
            width: int | None = None
            prec: int | None = None
            if i < n and fmt[i] == 42:
                width = self.number()
                if width < 0:
                    flags, width = flags + "-", -width
                i += 1
            else:
                j = i
                while i < n and 48 <= fmt[i] <= 57:
                    i += 1
                width = int(fmt[j:i]) if i > j else None
            if i < n and fmt[i] == 46:
                i += 1
                if i < n and fmt[i] == 42:
                    prec = self.number()
                    prec = None if prec < 0 else prec
                    i += 1
                else:
                    j = i
                    while i < n and 48 <= fmt[i] <= 57:
                        i += 1
                    prec = int(fmt[j:i] or b"0")
            if max(width or 0, prec or 0, len(self.out)) > self.max_bytes:
                raise LimitExceeded(f"output limit exceeded ({self.max_bytes} bytes per command line)")
            tfmt = None
            if i < n and fmt[i] == 40:  # %(strftime)T
                close = fmt.find(b")", i)
                if close >= 0 and close + 1 < n and fmt[close + 1] == 84:
                    tfmt = dec(fmt[i + 1:close])
                    i = close + 1
            while i < n and chr(fmt[i]) in _LENGTH:
                i += 1
            if i >= n:
                self.err(f"`{dec(fmt[start:])}': missing format character")
                return False
            conv = chr(fmt[i])
            i += 1
            if tfmt is not None:
                errors: list[str] = []
                body = format_time(tfmt, self.next_arg() or b"", errors)
                self.report(errors)
                self.out += pad(body[:prec] if prec is not None else body, flags, width)
                continue
            if not self.convert(conv, flags, width, prec):
                self.err(f"`{conv}': invalid format character")
                return False
        return True

    def _escape(self, seg: bytes) -> int:
        """Expand the one escape at the start of seg; the number of bytes used."""
        e = seg[1:2]
        if not e:
            self.out += b"\\"
            return 1
        if e in (b"x", b"u", b"U"):
            maxlen, digits = {b"x": 2, b"u": 4, b"U": 8}[e], b"0123456789abcdefABCDEF"
        elif e in b"01234567":
            maxlen, digits = 2, b"01234567"
        else:
            maxlen, digits = 0, b""
        j = 2
        while j < len(seg) and j - 2 < maxlen and seg[j] in digits:
            j += 1
        self.out += expand_escapes(seg[:j], "format", self.err)
        return j

    def convert(self, conv: str, flags: str, width: int | None, prec: int | None) -> bool:
        errors: list[str] = []
        if conv in "sbqQc":
            arg = self.next_arg() or b""
            if conv == "c":
                body = arg[:1] or b"\0"
                prec = None
            elif conv == "b":
                try:
                    body = expand_escapes(arg, "b", self.err)
                except Stop as stop:
                    part = stop.args[0]
                    self.out += pad(part[:prec] if prec is not None else part, flags, width)
                    raise Stop(b"") from None
            elif conv == "Q":
                body = shell_quote(arg[:prec] if prec is not None else arg)
                prec = None
            else:
                body = shell_quote(arg) if conv == "q" else arg
            if prec is not None:
                body = body[:prec]
            self.out += pad(body, flags, width)
        elif conv in "diouxX":
            v = parse_int(self.next_arg() or b"", conv not in "di", errors)
            self.out += format_int(v, conv, flags, width, prec)
        elif conv in "eEfFgGaA":
            f = parse_float(self.next_arg() or b"", errors)
            self.out += format_float(f, conv, flags, width, prec)
        else:
            return False
        self.report(errors)
        return True


@command("true", family="shell", builtin=True, summary="do nothing, successfully")
def true(ctx: Context, argv: list[str]) -> int:
    return 0


@command("false", family="shell", builtin=True, summary="do nothing, unsuccessfully")
def false(ctx: Context, argv: list[str]) -> int:
    return 1


@command("echo", family="shell", builtin=True, summary="display a line of text")
def echo(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    newline, escapes = True, False
    # leading words made only of n, e, E after '-' are options; anything else is text
    while args and len(args[0]) > 1 and args[0][0] == "-" and all(c in "neE" for c in args[0][1:]):
        for c in args[0][1:]:
            if c == "n":
                newline = False
            else:
                escapes = c == "e"
        args = args[1:]
    data = enc(" ".join(args))
    if escapes:
        try:
            data = expand_escapes(data, "echo")
        except Stop as stop:
            ctx.out(stop.args[0])
            return 0
    ctx.out(data + b"\n" if newline else data)
    return 0


def _test(ctx: Context, argv: list[str]) -> int:
    state = getattr(ctx.runner, "state", None)
    getter = getattr(state, "get", None)
    isset = (lambda n: getter(n) is not None) if callable(getter) else None
    status, message = testexpr.evaluate(ctx.vfs, ctx.cwd, argv[1:], ctx.name, isset)
    if message:
        ctx.err(message + "\n")
    return status


@command("test", family="shell", builtin=True, summary="check file types and compare values")
def test(ctx: Context, argv: list[str]) -> int:
    return _test(ctx, argv)


@command("[", family="shell", builtin=True, summary="check file types and compare values")
def bracket(ctx: Context, argv: list[str]) -> int:
    return _test(ctx, argv)


def _usage_error(ctx: Context, message: str) -> int:
    ctx.err(f"{ctx.name}: {message}\n")
    usage_line(ctx, "printf", synopsis("printf"))
    return 2


@command("printf", family="shell", builtin=True, summary="format and print data")
def printf(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    var: str | None = None
    # bash's builtin option parsing: only -v NAME, then "--" or the format
    while args and args[0].startswith("-") and args[0] != "-":
        a = args[0]
        if a == "--":
            args = args[1:]
            break
        if a == "--help":
            return show_help(ctx, "printf")
        if a.startswith("-v"):
            if len(a) > 2:
                var, args = a[2:], args[1:]
            elif len(args) > 1:
                var, args = args[1], args[2:]
            else:
                return _usage_error(ctx, "-v: option requires an argument")
            continue
        return _usage_error(ctx, f"-{a[1]}: invalid option")
    if var is not None and not _NAME_RE.match(var):
        ctx.err(f"{ctx.name}: `{var}': not a valid identifier\n")
        return 2
    if not args:
        usage_line(ctx, "printf", synopsis("printf"))
        return 2
    p = Printf(enc(args[0]), [enc(a) for a in args[1:]], lambda m: ctx.err(f"{ctx.name}: {m}\n"),
               max(ctx.limits.max_output_bytes, ctx.limits.max_word_bytes))
    status = p.run()
    if var is not None:
        state = getattr(ctx.runner, "state", None)
        setter = getattr(state, "set", None)
        if callable(setter):
            try:
                setter(var, dec(bytes(p.out)))
            except Exception as exc:  # noqa: BLE001 - readonly and similar: bash reports, status 1
                ctx.err(f"{ctx.name}: {exc}\n")
                return 1
            return status
    ctx.out(bytes(p.out))
    return status
