"""numfmt (GNU coreutils 9.1): numbers to and from human-readable strings (1.5K, 2.0Mi)."""
from __future__ import annotations

import math
import re
from decimal import Decimal

from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import lines
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

NUMFMT = OptionSpec("numfmt", short="d:z", long=[
    "debug", "delimiter=", "field=", "format=", "from=", "from-unit=", "grouping", "header=?",
    "invalid=", "padding=", "round=", "suffix=", "to=", "to-unit=", "zero-terminated"],
    help=verbatim("text/numfmt_help"), version=verbatim("text/numfmt_version"))

SCALES = ["none", "auto", "si", "iec", "iec-i"]
ROUNDS = ["up", "down", "from-zero", "towards-zero", "nearest"]
INVALID = ["abort", "fail", "warn", "ignore"]
POWERS = "KMGTPEZY"


class UsageError(Exception):
    pass


class NumError(Exception):
    pass


def _choice(opt: str, value: str, valid: list[str]) -> str:
    if value in valid:
        return value
    hits = [v for v in valid if v.startswith(value)] if value else []
    if len(hits) == 1:
        return hits[0]
    listing = "".join(f"\n  - {cquote(v)}" for v in valid)
    raise UsageError(f"{'ambiguous' if hits else 'invalid'} argument {cquote(value)} for {cquote(opt)}\n"
                     f"Valid arguments are:{listing}")


def _round(x: float, how: str) -> float:
    if how == "up":
        return math.ceil(x)
    if how == "down":
        return math.floor(x)
    if how == "from-zero":
        return math.ceil(x) if x >= 0 else math.floor(x)
    if how == "towards-zero":
        return math.trunc(x)
    return math.floor(x + 0.5) if x >= 0 else math.ceil(x - 0.5)


class Numfmt:
    def __init__(self) -> None:
        self.frm, self.to, self.rnd, self.invalid = "none", "none", "from-zero", "abort"
        self.from_unit = self.to_unit = 1
        self.suffix = ""
        self.padding = 0
        self.fmt: tuple[str, str, str, int | None] | None = None   # prefix, flags+width, suffix, precision

    def parse(self, text: str) -> tuple[float | Decimal, int]:
        """The value of a number and its shown precision (digits after the point, 0 if scaled)."""
        s = text = text.lstrip(" \t")   # messages show the field without its blanks
        if self.suffix and s.endswith(self.suffix):
            s = s[:-len(self.suffix)]
        m = re.match(r"-?(\d*)(?:\.(\d*))?", s)
        if not m or not (m.group(1) or m.group(2)):
            raise NumError(f"invalid number: {cquote(text)}")
        num, rest = m.group(), s[m.end():]
        if len(m.group(1).lstrip("0")) > 27:   # GNU's MAX_ACCEPTABLE_DIGITS
            raise NumError(f"value too large to be converted: {cquote(text)}")
        prec = len(m.group(2) or "")
        value = Decimal(num if num not in ("-", ".") else "0")
        if rest:
            if rest[0] not in POWERS and rest[0] != "k":
                raise NumError(f"invalid suffix in input: {cquote(text)}")
            if self.frm == "none":
                raise NumError(f"rejecting suffix in input: {cquote(text)} (consider using --from)")
            power = POWERS.index(rest[0].upper()) + 1
            if rest[0] == "k" and self.frm != "auto":
                raise NumError(f"invalid suffix in input: {cquote(text)}")
            rest = rest[1:]
            base = 1000 if self.frm == "si" else 1024
            if self.frm == "auto":
                base = 1024 if rest.startswith("i") else 1000
                rest = rest.removeprefix("i")
            elif self.frm == "iec-i":
                if not rest.startswith("i"):
                    raise NumError(f"missing 'i' suffix in input: {cquote(text)} (e.g Ki/Mi/Gi)")
                rest = rest[1:]
            if rest:
                raise NumError(f"invalid suffix in input {cquote(text)}: {cquote(rest)}")
            value, prec = value * base ** power, 0
        return value * self.from_unit, prec

    def show(self, value: Decimal, prec: int, auto_pad: int) -> str:
        """prepare_padded_number + double_to_human: the number, its suffix, then the padding,
        inside the --format text."""
        user_prec = self.fmt[3] if self.fmt else None
        used = prec if user_prec is None else user_prec
        value = Decimal(value) / self.to_unit
        digits, f = 0, abs(float(value))   # expld (val, 10), in floating point as GNU's
        while f >= 10:
            f, digits = f / 10, digits + 1
        if self.to == "none" and digits + used > 18:
            raise NumError(f"value/precision too large to be printed: '{float(value):g}/{used}' "
                           "(consider using --to)" if used else
                           f"value too large to be printed: '{float(value):g}' (consider using --to)")
        if digits > 26:
            raise NumError(f"value too large to be printed: '{float(value):g}' (cannot handle values > 999Y)")
        zero = 0
        width, left = abs(self.padding) or auto_pad, self.padding < 0
        if self.fmt:
            flags = self.fmt[1]
            w = int(re.sub(r"\D", "", flags) or 0)
            if w and flags.startswith("0") and "-" not in flags:
                zero = w
            elif w:
                width, left = w, "-" in flags
        if self.to == "none":
            scaled = Decimal(_round(float(value) * 10 ** used, self.rnd)) / 10 ** used if used else \
                Decimal(_round(float(value), self.rnd)) if value != int(value) else value
            out = f"{scaled:0{zero}.{used}f}" if zero else f"{scaled:.{used}f}"
        else:
            base = 1000 if self.to == "si" else 1024
            val, power = float(value), 0
            while abs(val) >= base:
                val, power = val / base, power + 1
            adjust = min(power * 3, user_prec) if user_prec is not None else (1 if abs(val) < 10 else 0)
            val = _round(val * 10 ** adjust, self.rnd) / 10 ** adjust
            if abs(val) >= base:
                val, power = val / base, power + 1
            show_point = val != 0 and abs(val) < 10 and power > 0
            digits_after = int(show_point) if user_prec is None else user_prec
            out = f"{val:0{zero}.{digits_after}f}" if zero else f"{val:.{digits_after}f}"
            if power:   # past Y, GNU's suffix_power_char says "(error)"
                out += (POWERS[power - 1] if power <= len(POWERS) else "(error)") + ("i" if self.to == "iec-i" else "")
        out += self.suffix
        if width and len(out) < width:
            out = out.ljust(width) if left else out.rjust(width)
        return (self.fmt[0] + out + self.fmt[2]) if self.fmt else out

    def convert(self, text: str, auto_pad: int = 0) -> str:
        value, prec = self.parse(text)
        return self.show(value, prec, auto_pad)


def _fields(spec: str) -> list[tuple[int, int]]:
    out = []
    for item in spec.split(","):
        if item == "-":
            out.append((1, 1 << 62))
            continue
        m = re.fullmatch(r"(\d*)(-?)(\d*)", item)
        if not m or not (m.group(1) or m.group(3)) or m.group(1) == "0" or m.group(3) == "0":
            raise UsageError(f"invalid field value {cquote(item)}")
        lo = int(m.group(1) or 1)
        out.append((lo, int(m.group(3)) if m.group(3) else (1 << 62 if m.group(2) else lo)))
    return out


@command("numfmt", family="text", summary="convert numbers from/to human-readable strings")
def numfmt(ctx: Context, argv: list[str]) -> int:
    p = NUMFMT.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    nf = Numfmt()
    fields, delim, header = [(1, 1)], None, 0
    try:
        for opt, val in p.options:
            v = val or ""
            if opt in ("--from", "--to"):
                choice = _choice(opt, v, SCALES if opt == "--from" else [s for s in SCALES if s != "auto"])
                setattr(nf, "frm" if opt == "--from" else "to", choice)
            elif opt == "--round":
                nf.rnd = _choice(opt, v, ROUNDS)
            elif opt == "--invalid":
                nf.invalid = _choice(opt, v, INVALID)
            elif opt in ("--from-unit", "--to-unit"):
                if not re.fullmatch(r"\d+", v) or int(v) == 0:
                    raise UsageError(f"invalid unit size: {cquote(v)}")
                setattr(nf, "from_unit" if opt == "--from-unit" else "to_unit", int(v))
            elif opt == "--padding":
                if not re.fullmatch(r"-?\d+", v) or int(v) == 0:
                    raise UsageError(f"invalid padding value {cquote(v)}")
                nf.padding = int(v)
            elif opt == "--suffix":
                nf.suffix = v
            elif opt == "--field":
                fields = _fields(v)
            elif opt in ("-d", "--delimiter"):
                if len(v) != 1:
                    raise UsageError("the delimiter must be a single character")
                delim = v
            elif opt == "--header":
                if val is not None and (not val.isdigit() or int(val) == 0):
                    raise UsageError(f"invalid header value {cquote(val)}")
                header = int(val) if val else 1
            elif opt == "--format":
                m = re.fullmatch(r"((?:[^%]|%%)*)%([0'-]*\d*)(?:\.(\d*))?f((?:[^%]|%%)*)", v)
                if not m:
                    raise UsageError(f"invalid format {cquote(v)}, directive must be %[0]['][-][N][.][N]f")
                nf.fmt = (m.group(1).replace("%%", "%"), m.group(2).replace("'", ""),
                          m.group(4).replace("%%", "%"), int(m.group(3) or 0) if m.group(3) is not None else None)
        if p.has("--grouping") and nf.to != "none":
            raise UsageError("grouping cannot be combined with --to")
    except UsageError as exc:
        ctx.error(str(exc))
        if "Valid arguments" in str(exc) or "field value" in str(exc):
            ctx.err("Try 'numfmt --help' for more information.\n")
        return 1
    if p.has("--debug") and nf.frm == nf.to == "none" and not p.has("--grouping", "--padding", "--format"):
        ctx.error("no conversion option specified")   # --debug's warning
    status = 0

    def one(text: str, auto_pad: int = 0) -> str | None:
        nonlocal status
        try:
            return nf.convert(text, auto_pad)
        except NumError as exc:
            if nf.invalid != "ignore":
                ctx.error(str(exc))
            if nf.invalid == "abort":
                raise
            status = 2 if nf.invalid == "fail" else status
            return None

    try:
        if p.operands:
            for arg in p.operands:
                out = one(arg)
                ctx.out((arg if out is None else out) + "\n")
            return status
        eol = b"\0" if p.has("-z", "--zero-terminated") else b"\n"
        for n, raw in enumerate(lines(ctx, ctx.stdin, eol)):
            line = raw[:-1] if raw.endswith(eol) else raw
            text = line.decode("utf-8", "surrogateescape")
            if n < header:
                ctx.out(raw)
                continue
            if delim is None:
                parts = re.findall(r"[ \t]*[^ \t]+|[ \t]+$", text) or [text]
            else:
                parts = text.split(delim)
            for i, part in enumerate(parts, 1):
                chosen = any(lo <= i <= hi for lo, hi in fields)
                if chosen and (part.strip(" \t") or len(parts) == 1):   # --grouping: C.UTF-8 has none
                    try:
                        out = one(part, len(part) if delim is None and not nf.padding and part[:1] in " \t" else 0)
                    except NumError:   # what was converted before the bad field is still written
                        done = ("" if delim is None else delim).join(parts[:i - 1])
                        lead = part[:len(part) - len(part.lstrip(" \t"))] if delim is None else delim * (i > 1)
                        ctx.out((done + lead).encode("utf-8", "surrogateescape"))
                        raise
                    if out is not None:
                        parts[i - 1] = out
            ctx.out(("" if delim is None else delim).join(parts).encode("utf-8", "surrogateescape")
                    + (eol if raw.endswith(eol) else b""))
    except NumError:
        return 2
    return status
