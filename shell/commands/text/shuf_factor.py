"""shuf and factor (GNU coreutils 9.1)."""
from __future__ import annotations

import random
import re

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import close_input, open_input, quotef, read_all, stdin_failed
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

# -- factor -------------------------------------------------------------------------------------
FACTOR = OptionSpec("factor", help=verbatim("text/factor_help"), version=verbatim("text/factor_version"))

_SMALL = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]


def _is_prime(n: int) -> bool:
    """Miller-Rabin, deterministic for n < 3.3e24 and overwhelmingly right beyond."""
    if n < 2:
        return False
    for p in _SMALL:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in _SMALL:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def _rho(ctx: Context, n: int) -> int:
    """A non-trivial factor of composite n (Pollard-Brent)."""
    if n % 2 == 0:
        return 2
    c = 1
    while True:
        x = y = 2
        d = 1
        while d == 1:
            ctx.check()
            x = (x * x + c) % n
            y = (y * y + c) % n
            y = (y * y + c) % n
            d = _gcd(abs(x - y), n)
        if d != n:
            return d
        c += 1


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def _factors(ctx: Context, n: int) -> list[int]:
    out: list[int] = []
    if n < 2:
        return out   # 0 and 1 have no prime factors
    for p in (2, 3, 5):
        while n % p == 0:
            out.append(p)
            n //= p
    f = 7
    while f * f <= n and f < 10000:   # trial division first: fast for the usual small numbers
        while n % f == 0:
            out.append(f)
            n //= f
        f += 2
    stack = [n] if n > 1 else []
    while stack:
        m = stack.pop()
        if _is_prime(m):
            out.append(m)
            continue
        d = _rho(ctx, m)
        stack += [d, m // d]
    return sorted(out)


def _factor_one(ctx: Context, text: str) -> bool:
    m = re.fullmatch(r"[ \t\n]*\+?([0-9]+)", text)
    if not m:
        ctx.error(f"{cquote(text)} is not a valid positive integer")
        return False
    n = int(m.group(1))
    ctx.out(f"{n}:" + "".join(f" {p}" for p in _factors(ctx, n)) + "\n")
    return True


@command("factor", family="text", summary="factor numbers")
def factor(ctx: Context, argv: list[str]) -> int:
    p = FACTOR.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    ok = True
    if p.operands:
        for arg in p.operands:
            ok = _factor_one(ctx, arg) and ok
        return 0 if ok else 1
    for line in ctx.stdin_lines():
        for tok in line.decode("utf-8", "surrogateescape").split():
            ok = _factor_one(ctx, tok) and ok
    return 0 if ok else 1


def _randperm(ctx: Context, choose, k: int, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    """GNU's randperm_new: the first k steps of a Fisher-Yates shuffle (a dict keeps it sparse)."""
    if k == 1:
        return [choose(n)]
    moved: dict[int, int] = {}
    out = []
    for i in range(k):
        ctx.check()
        j = choose(n - i) + i
        vi, vj = moved.get(i, i), moved.get(j, j)
        moved[i], moved[j] = vj, vi
        out.append(vj)
    return out


def _reservoir(ctx: Context, choose, lines: list[bytes], k: int) -> list[bytes]:  # type: ignore[no-untyped-def]
    """shuf -n K on a file samples a reservoir as GNU's does (one choice per line past K, and
    one more drawn before finding the end of the input)."""
    rsrv = lines[:k]
    if len(lines) < k or k == 0:   # the reservoir never filled: no draw past it
        return rsrv
    n = k
    while True:
        ctx.check()
        j = choose(n + 1)
        if n >= len(lines):
            return rsrv
        if j < k:
            rsrv[j] = lines[n]
        n += 1


# -- shuf ---------------------------------------------------------------------------------------
SHUF = OptionSpec("shuf", short="ei:n:o:rz", long=["echo", "input-range=", "head-count=", "output=",
                  "random-source=", "repeat", "zero-terminated"],
                  help=verbatim("text/shuf_help"), version=verbatim("text/shuf_version"))


class SourceExhausted(Exception):
    pass


class RandintSource:
    """GNU's randint over --random-source bytes: the same file gives the same choices as GNU shuf."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0
        self.randnum = self.randmax = 0

    def choose(self, choices: int) -> int:
        genmax = choices - 1
        while True:
            if self.randmax < genmax:
                while self.randmax < genmax:
                    if self.pos >= len(self.data):
                        raise SourceExhausted
                    self.randnum = (self.randnum << 8) + self.data[self.pos]
                    self.randmax = (self.randmax << 8) + 255
                    self.pos += 1
            if self.randmax == genmax:
                value, self.randnum, self.randmax = self.randnum, 0, 0
                return value
            excess = self.randmax - genmax
            unusable = excess % choices
            if self.randnum <= self.randmax - unusable:
                value = self.randnum % choices
                self.randnum, self.randmax = self.randnum // choices, excess // choices
                return value
            self.randnum, self.randmax = self.randnum % choices, unusable


class ShufError(Exception):
    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


@command("shuf", family="text", summary="generate random permutations")
def shuf(ctx: Context, argv: list[str]) -> int:
    p = SHUF.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    eol = b"\0" if p.has("-z", "--zero-terminated") else b"\n"
    count: int | None = None
    rng_range: tuple[int, int] | None = None
    try:
        for opt, val in p.options:
            v = val or ""
            if opt in ("-n", "--head-count"):
                if not re.fullmatch(r"\s*\+?\d+", v):
                    raise ShufError(f"invalid line count: {cquote(v)}")
                count = min(int(v), count if count is not None else int(v))
            elif opt in ("-i", "--input-range"):
                if rng_range is not None:
                    raise ShufError("multiple -i options specified")
                m = re.fullmatch(r"(\d+)-(\d+)", v)
                if not m or int(m.group(2)) + 1 < int(m.group(1)):
                    raise ShufError(f"invalid input range: {cquote(v)}")
                rng_range = (int(m.group(1)), int(m.group(2)))
        echo = p.has("-e", "--echo")
        if echo and rng_range:
            raise ShufError("cannot combine -e and -i options", usage=True)
        if rng_range and p.operands:
            raise ShufError(f"extra operand {cquote(p.operands[0])}", usage=True)
        if not echo and len(p.operands) > 1:
            raise ShufError(f"extra operand {cquote(p.operands[1])}", usage=True)
    except ShufError as exc:
        ctx.error(str(exc))
        if exc.usage:
            ctx.err("Try 'shuf --help' for more information.\n")
        return 1
    rng = random.Random()
    source = p.last("--random-source")
    src: RandintSource | None = None
    if source is not None:
        try:
            stream = open_input(ctx, source)
            try:
                src = RandintSource(stream.read(1 << 20))
            finally:
                close_input(ctx, stream)
        except OSError as exc:
            ctx.error(f"{quotef(source)}: {strerror(exc)}")
            return 1
    items: list[bytes] | range
    if rng_range:
        items = range(rng_range[0], rng_range[1] + 1)
    elif echo:
        items = [a.encode("utf-8", "surrogateescape") for a in p.operands]
    else:
        name = p.operands[0] if p.operands else "-"
        try:
            stream = open_input(ctx, name)
            try:
                data = read_all(ctx, stream)
            finally:
                close_input(ctx, stream)
        except OSError as exc:
            if not stdin_failed(ctx, name, exc):
                ctx.error(f"{quotef(name)}: {strerror(exc)}")
            return 1
        items = data.split(eol)
        if items and items[-1] == b"":
            items.pop()

    def fmt(item: bytes | int) -> bytes:
        return (str(item).encode() if isinstance(item, int) else item) + eol

    out_name = p.last("-o", "--output")
    chunks: list[bytes] = []
    emit = chunks.append if out_name is not None else (lambda b: ctx.out(b))
    choose = src.choose if src is not None else rng.randrange
    try:
        if p.has("-r", "--repeat"):
            if len(items) == 0:
                if count:
                    ctx.error("no lines to repeat")
                    return 1
            else:
                n = 0
                while count is None or n < count:
                    ctx.check()
                    emit(fmt(items[choose(len(items))]))
                    n += 1
        else:
            if count is not None and not echo and not rng_range:
                items = _reservoir(ctx, choose, list(items), count)
            k = len(items) if count is None else min(count, len(items))
            for i in _randperm(ctx, choose, k, len(items)):
                emit(fmt(items[i]))
    except SourceExhausted:
        ctx.error(f"{cquote(source or '')}: end of file")
        return 1
    if out_name is not None:
        try:
            with ctx.vfs.open(ctx.abspath(out_name), "wb") as f:
                f.write(b"".join(chunks))
        except OSError as exc:
            ctx.error(f"{quotef(out_name)}: {strerror(exc)}")
            return 1
    return 0
