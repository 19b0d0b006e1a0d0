"""seq and expr (GNU coreutils 9.1)."""
from __future__ import annotations

import math
import re
from decimal import Decimal

from shelldojo.shell import regexengine
from shelldojo.shell.budget import Budget
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

# -- seq ----------------------------------------------------------------------------------------
SEQ = OptionSpec("seq", short="f:s:w", long=["format=", "separator=", "equal-width"],
                 help=verbatim("text/seq_help"), version=verbatim("text/seq_version"), negative_numbers=True)
_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


class SeqError(Exception):
    pass


def _seq_arg(text: str) -> tuple[Decimal | float, int, int]:
    """(value, precision, width) as GNU seq's scan_arg computes them."""
    if _NUMBER.fullmatch(text):
        value = Decimal(text.strip())
        body = text.strip().lstrip("+")
        mant, _, exp = body.lower().partition("e")
        prec = len(mant.partition(".")[2]) if "." in mant else 0
        width = len(body)
        if exp:
            prec = max(prec - int(exp), 0)
            width = len(str(int(value))) if prec == 0 else width
        elif "." in mant and not mant.partition(".")[2]:
            width -= 1
        return value, prec, width
    t = text.strip().lower()
    try:
        if re.fullmatch(r"[+-]?0x[0-9a-f]*\.?[0-9a-f]*(p[+-]?\d+)?", t):
            v = float.fromhex(t)
            return (Decimal(int(v)) if v.is_integer() else v), 0 if v.is_integer() else 6, len(str(int(v)))
        if re.fullmatch(r"[+-]?(inf|infinity)", t):
            return float(t), 0, 0
        if re.fullmatch(r"[+-]?nan", t):
            raise SeqError(f"invalid \u2018not-a-number\u2019 argument: \u2018{text}\u2019")
    except ValueError:
        pass
    raise SeqError(f"invalid floating point argument: \u2018{text}\u2019")


def _check_format(fmt: str) -> None:
    convs = [m for m in re.finditer(r"%(%|[-+ #0']*\d*(?:\.\d*)?(.?))", fmt) if m.group(1) != "%"]
    if not convs:
        raise SeqError(f"format \u2018{fmt}\u2019 has no % directive")
    if convs[0].group(2) not in tuple("eEfFgGaA"):
        what = convs[0].group(0) if convs[0].group(2) else "%"
        raise SeqError(f"format \u2018{fmt}\u2019 has unknown {what} directive" if convs[0].group(2)
                       else f"format \u2018{fmt}\u2019 ends in %")
    if len(convs) > 1:
        raise SeqError(f"format \u2018{fmt}\u2019 has too many % directives")


@command("seq", family="text")
def seq(ctx: Context, argv: list[str]) -> int:
    p = SEQ.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    fmt = p.last("-f", "--format")
    sep = (p.last("-s", "--separator") or "\n") if p.has("-s", "--separator") else "\n"
    width_eq = p.has("-w", "--equal-width")
    ops = p.operands
    try:
        if not ops:
            raise SeqError("missing operand")
        if len(ops) > 3:
            raise SeqError(f"extra operand \u2018{ops[3]}\u2019")
        args = [_seq_arg(a) for a in ops]
        if fmt is not None:
            try:
                _check_format(fmt)
            except SeqError as exc:
                ctx.error(str(exc))
                return 1
        first, step, last = (args[0] if len(args) > 1 else (Decimal(1), 0, 1)), \
            (args[1] if len(args) == 3 else (Decimal(1), 0, 1)), args[-1]
        if step[0] == 0:
            raise SeqError(f"invalid Zero increment value: \u2018{ops[1]}\u2019")
    except SeqError as exc:
        ctx.error(str(exc))
        ctx.err("Try 'seq --help' for more information.\n")
        return 1
    fast = _fast_range(ops, [first, step, last], fmt, width_eq, sep)
    if fast is not None:
        return _seq_fast(ctx, *fast, sep)
    prec = max(first[1], step[1])
    if fmt is None:
        if width_eq:
            fw = first[2] + (prec - first[1])
            lw = last[2] + (prec - last[1])
            if last[1] and prec == 0:
                lw -= 1 + last[1]
            if last[1] == 0 and prec:
                lw += 1
            fmt = f"%0{max(fw, lw)}.{prec}f"
        else:
            fmt = f"%.{prec}f"
    a, inc, b = first[0], step[0], last[0]
    if any(isinstance(v, float) for v in (a, inc, b)):
        a, inc, b = float(a), float(inc), float(b)  # type: ignore[assignment]
    integral = fmt.endswith(".0f") and all(isinstance(v, Decimal) and v == v.to_integral_value()
                                           for v in (a, inc))

    def render(v: Decimal | float) -> str:
        if integral and "%0" not in fmt and fmt == "%.0f":
            return str(int(v))
        return fmt % v

    out: list[str] = []
    i, started = 0, False
    stop_text = render(b) if isinstance(b, Decimal) else None
    while True:
        v = a + inc * i  # type: ignore[operator]
        past = (inc > 0 and v > b) or (inc < 0 and v < b)
        if past and (stop_text is None or isinstance(v, Decimal) or render(v) != stop_text):
            break
        if isinstance(v, float) and (math.isnan(v) or (math.isinf(v) and i > 0)):
            break
        out.append(("" if not started else sep) + render(v))
        started = True
        i += 1
        if len(out) >= 1024:
            ctx.check()
            ctx.out("".join(out))
            out = []
    if started:
        out.append("\n")
    ctx.out("".join(out))
    return 0


SEQ_FAST_STEP_LIMIT = 200


def _long_double(n: int) -> int:
    """n rounded to an x86 long double's 64-bit mantissa (GNU seq prints those)."""
    if n < 1 << 64:
        return n
    shift = n.bit_length() - 64
    q, r = divmod(n, 1 << shift)
    half = 1 << (shift - 1)
    if r > half or (r == half and q & 1):
        q += 1
    return q << shift


def _fast_range(ops: list[str], args: list[tuple[Decimal | float, int, int]], fmt: str | None,
                width_eq: bool, sep: str) -> tuple[int, int | None, int] | None:
    """GNU seq's integer fast paths: (first, last or None for inf, step), or None."""
    if fmt is not None or width_eq or len(sep) != 1:
        return None
    if all(o[:1].isdigit() and o.isascii() and o.isdigit() for o in ops):
        step = int(ops[1]) if len(ops) == 3 else 1
        if 0 < step <= SEQ_FAST_STEP_LIMIT:  # digits only: exact, however large
            return (int(ops[0]) if len(ops) > 1 else 1), int(ops[-1]), step
    first, step_, last = args
    if any(a[1] for a in args) or any("x" in o.lower() for o in ops):
        return None
    a, inc, b = first[0], step_[0], last[0]
    if isinstance(a, float) or isinstance(inc, float) or a < 0 or b < 0:
        return None
    if not 0 < inc <= SEQ_FAST_STEP_LIMIT:
        return None
    end = None if isinstance(b, float) else _long_double(int(b))  # b: a Decimal or +inf
    return _long_double(int(a)), end, _long_double(int(inc))


def _seq_fast(ctx: Context, first: int, last: int | None, step: int, sep: str) -> int:
    n = first
    if last is not None and n > last:
        return 0
    out = [str(n)]
    while True:
        n += step
        if last is not None and n > last:
            break
        out.append(str(n))
        if len(out) >= 1024:
            ctx.check()
            ctx.out(sep.join(out) + sep)
            out = []
    ctx.out(sep.join(out) + "\n")
    return 0


# -- expr ---------------------------------------------------------------------------------------
class ExprError(Exception):
    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def _is_int(v: object) -> bool:
    return isinstance(v, int) or (isinstance(v, str) and re.fullmatch(r"-?\d+", v) is not None)


def _null(v: int | str) -> bool:
    if isinstance(v, int):
        return v == 0
    return v == "" or re.fullmatch(r"-?0+", v) is not None


_BRE_CLASSES = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z",
                "lower": "a-z", "space": " \\t\\n\\r\\f\\v", "blank": " \\t", "punct":
                re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"), "xdigit": "0-9A-Fa-f",
                "print": " -~", "graph": "!-~", "cntrl": "\\x00-\\x1f\\x7f"}


def _bre_to_python(bre: str) -> str:
    out, i, n = [], 0, len(bre)
    while i < n:
        c = bre[i]
        if c == "\\" and i + 1 < n:
            d = bre[i + 1]
            out.append({"(": "(", ")": ")", "{": "{", "}": "}", "|": "|", "+": "+", "?": "?"}.get(
                d, re.escape(d) if not d.isdigit() else "\\" + d))
            i += 2
        elif c == "[":
            j = i + 1
            if j < n and bre[j] == "^":
                j += 1
            if j < n and bre[j] == "]":
                j += 1
            while j < n and bre[j] != "]":
                j = bre.index(":]", j) + 2 if bre.startswith("[:", j) and ":]" in bre[j:] else j + 1
            body = bre[i + 1:j]
            body = re.sub(r"\[:(\w+):\]", lambda m: _BRE_CLASSES.get(m.group(1), ""), body.replace("\\", "\\\\"))
            out.append("[" + body + "]")
            i = j + 1
        elif c == "*" and (not out or out[-1] in ("(", "|") or (i == 1 and bre[0] == "^")):
            out.append("\\*")
            i += 1
        elif c == "^" and i == 0:
            i += 1
        elif c == "*":
            out.append("*")
            i += 1
        elif c in "(){}|+?.$":
            out.append(c if c in ".$" else "\\" + c)
            i += 1
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


class _Parser:
    def __init__(self, args: list[str], budget: Budget | None = None) -> None:
        self.args, self.pos, self.budget = args, 0, budget

    def peek(self) -> str | None:
        return self.args[self.pos] if self.pos < len(self.args) else None

    def take(self) -> str:
        if self.pos >= len(self.args):
            raise ExprError(f"syntax error: missing argument after \u2018{self.args[-1]}\u2019")
        self.pos += 1
        return self.args[self.pos - 1]

    def binary(self, ops: tuple[str, ...], sub: str) -> int | str:
        left = getattr(self, sub)()
        while self.peek() in ops:
            op = self.take()
            right = getattr(self, sub)()
            left = self.apply(op, left, right)
        return left

    def expr(self) -> int | str:
        return self.binary(("|",), "and_")

    def and_(self) -> int | str:
        return self.binary(("&",), "cmp")

    def cmp(self) -> int | str:
        return self.binary(("<", "<=", "=", "==", "!=", ">=", ">"), "add")

    def add(self) -> int | str:
        return self.binary(("+", "-"), "mul")

    def mul(self) -> int | str:
        return self.binary(("*", "/", "%"), "match")

    def match(self) -> int | str:
        return self.binary((":",), "primary")

    def primary(self) -> int | str:
        tok = self.take()
        if tok == "(":
            value = self.expr()
            nxt = self.peek()
            if nxt is None:
                raise ExprError(f"syntax error: expecting ')' after \u2018{self.args[-1]}\u2019")
            if nxt != ")":
                raise ExprError(f"syntax error: expecting ')' instead of \u2018{nxt}\u2019")
            self.pos += 1
            return value
        if tok == "+":
            return self.take()
        if tok == "length":
            return len(str(self.primary_arg()))
        if tok == "match":
            s = self.primary_arg()
            return self.apply(":", s, self.primary_arg())
        if tok == "index":
            s, chars = str(self.primary_arg()), str(self.primary_arg())
            return next((i + 1 for i, c in enumerate(s) if c in chars), 0)
        if tok == "substr":
            s, pos, ln = str(self.primary_arg()), self.primary_arg(), self.primary_arg()
            if not (_is_int(pos) and _is_int(ln)) or int(pos) < 1 or int(ln) < 1:
                return ""
            return s[int(pos) - 1:int(pos) - 1 + int(ln)]
        return tok

    def primary_arg(self) -> int | str:
        return self.primary()

    def apply(self, op: str, a: int | str, b: int | str) -> int | str:
        if op == "|":
            return a if not _null(a) else (b if not _null(b) else 0)
        if op == "&":
            return a if not (_null(a) or _null(b)) else 0
        if op in ("<", "<=", "=", "==", "!=", ">=", ">"):
            if _is_int(a) and _is_int(b):
                x: int | bytes = int(a)
                y: int | bytes = int(b)
            else:
                x, y = str(a).encode("utf-8", "surrogateescape"), str(b).encode("utf-8", "surrogateescape")
            r = {"<": x < y, "<=": x <= y, "=": x == y, "==": x == y, "!=": x != y,  # type: ignore[operator]
                 ">=": x >= y, ">": x > y}[op]  # type: ignore[operator]
            return int(r)
        if op == ":":
            try:
                rx = regexengine.compile(_bre_to_python(str(b)), re.DOTALL, self.budget)
            except (re.error, ValueError):
                raise ExprError("Invalid regular expression") from None
            m = rx.match(str(a))
            if rx.groups:
                return (m.group(1) or "") if m else ""
            return len(m.group(0)) if m else 0
        if not (_is_int(a) and _is_int(b)):
            raise ExprError("non-integer argument")
        x, y = int(a), int(b)
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        if y == 0:
            raise ExprError("division by zero")
        q = abs(x) // abs(y) * (1 if (x >= 0) == (y >= 0) else -1)
        return q if op == "/" else x - q * y


@command("expr", family="text")
def expr(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    if args == ["--help"] or args == ["--version"]:
        ctx.out(verbatim("text/expr_help") if args[0] == "--help" else verbatim("text/expr_version"))
        return 0
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        ctx.error("missing operand")
        ctx.err("Try 'expr --help' for more information.\n")
        return 2
    parser = _Parser(args, ctx.budget)
    try:
        value = parser.expr()
        if parser.pos < len(args):
            raise ExprError(f"syntax error: unexpected argument \u2018{args[parser.pos]}\u2019")
    except ExprError as exc:
        ctx.error(str(exc))
        return exc.status
    except RecursionError:
        ctx.error("stack overflow")
        return 2
    ctx.out(f"{value}\n")
    return 1 if _null(value) else 0

