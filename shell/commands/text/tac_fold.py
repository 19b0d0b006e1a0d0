"""tac, fold, expand and unexpand (GNU coreutils 9.1): line-shape filters."""
from __future__ import annotations

import re

from shelldojo.filesystem import strerror
from shelldojo.shell.budget import LimitExceeded
from shelldojo.shell.commands.grep.regex import RegexError, translate
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import MAX_LINE, Inputs, chunks, quotef, read_all
from shelldojo.shell.context import Context
from shelldojo.shell.context import squote as shell_quote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim


def _spec(name: str, short: str, long: list[str]) -> OptionSpec:
    return OptionSpec(name, short=short, long=long, help=verbatim(f"text/{name}_help"),
                      version=verbatim(f"text/{name}_version"))


def _obsolete_number(argv: list[str], opt: str) -> list[str]:
    """`fold -20`, `expand -4,8`: the old digit options, rewritten to `-w 20` / `-t 4,8`."""
    out: list[str] = []
    for i, a in enumerate(argv):
        if a == "--":
            return out + argv[i:]
        m = re.fullmatch(r"-(\d[\d,]*)", a)
        out += [opt, m.group(1)] if m else [a]
    return out


def usage_error(ctx: Context, name: str, message: str) -> int:
    ctx.error(message)
    ctx.err(f"Try '{name} --help' for more information.\n")
    return 1


# -- tac ----------------------------------------------------------------------------------------
TAC = _spec("tac", "brs:", ["before", "regex", "separator="])


@command("tac", family="text", summary="concatenate and print files in reverse")
def tac(ctx: Context, argv: list[str]) -> int:
    p = TAC.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    sep = p.last("-s", "--separator")
    sep = "\n" if sep is None else sep
    before, regex = p.has("-b", "--before"), p.has("-r", "--regex")
    raw = sep.encode("utf-8", "surrogateescape")
    rx = None
    if regex:
        try:
            rx = re.compile(translate(sep)[0].encode("utf-8", "surrogateescape"))
        except RegexError as exc:
            ctx.error(str(exc))
            return 1
        except (re.error, ValueError):
            ctx.error("Invalid regular expression")
            return 1

    def failed(name: str, exc: OSError) -> None:
        if inputs.opened:
            ctx.error(f"{quotef(name)}: read error: Invalid argument")
        else:
            ctx.error(f"failed to open {shell_quote(name)} for reading: {strerror(exc)}")

    inputs = Inputs(ctx, p.operands, failed)
    for name, stream in inputs:
        with inputs.reading(name):
            data = read_all(ctx, stream)
            if not raw:
                ctx.out(data)
                continue
            ctx.out(b"".join(reversed(_tac_records(data, raw, rx, before))))
    return inputs.status


def _tac_records(data: bytes, raw: bytes, rx: re.Pattern[bytes] | None, before: bool) -> list[bytes]:
    """Split as tac does: it finds separators searching backwards from the end of the data."""
    cuts: list[tuple[int, int]] = []
    pos = len(data)
    while pos > 0:
        if rx is None:
            s = data.rfind(raw, 0, pos)
            if s < 0:
                break
            cuts.append((s, s + len(raw)))
            pos = s
            continue
        for s in range(pos - 1, -1, -1):
            m = rx.match(data, s, pos)
            if m:
                cuts.append((s, m.end()))
                break
        else:
            break
        pos = s
    records: list[bytes] = []
    start = 0
    for s, e in reversed(cuts):
        records.append(data[start:s] if before else data[start:e])
        start = s if before else e
    records.append(data[start:])
    return [r for r in records if r]


# -- fold ---------------------------------------------------------------------------------------
FOLD = _spec("fold", "bsw:", ["bytes", "spaces", "width="])


def _column(col: int, c: int, count_bytes: bool) -> int:
    if count_bytes:
        return col + 1
    if c == 8:
        return max(col - 1, 0)
    if c == 13:
        return 0
    if c == 9:
        return col + 8 - col % 8
    return col + 1


def _fold(data: bytes, width: int, count_bytes: bool, spaces: bool) -> bytes:
    """GNU fold.c's loop, byte by byte."""
    out = bytearray()
    line = bytearray()
    col = 0
    for c in data:
        if c == 10:
            out += line + b"\n"
            line.clear()
            col = 0
            continue
        while True:
            col = _column(col, c, count_bytes)
            if col <= width:
                line.append(c)
                break
            if spaces:
                end = max((i for i in range(len(line)) if line[i] in (32, 9)), default=-1)
                if end >= 0:
                    out += line[:end + 1] + b"\n"
                    del line[:end + 1]
                    col = 0
                    for b in line:
                        col = _column(col, b, count_bytes)
                    continue
            if not line:
                line.append(c)
                break
            out += line + b"\n"
            line.clear()
            col = 0
    return bytes(out + line)


@command("fold", family="text", summary="wrap each input line to fit in specified width")
def fold(ctx: Context, argv: list[str]) -> int:
    p = FOLD.parse(ctx, _obsolete_number(argv[1:], "-w"))
    if isinstance(p, int):
        return p
    width = 80
    w = p.last("-w", "--width")
    if w is not None:
        bad = "" if re.fullmatch(r"\s*\+?\d+", w) else "invalid"
        if not bad and not 0 < int(w) < (1 << 63) - 1:
            bad = "Numerical result out of range" if int(w) == 0 else "Value too large for defined data type"
        if bad:
            ctx.error(f"invalid number of columns: \u2018{w}\u2019" + (f": {bad}" if bad != "invalid" else ""))
            return 1
        width = int(w)
    inputs = Inputs(ctx, p.operands)
    for name, stream in inputs:
        with inputs.reading(name):
            ctx.out(_fold(read_all(ctx, stream), width, p.has("-b", "--bytes"), p.has("-s", "--spaces")))
    return inputs.status


# -- expand / unexpand: tab stops as expand-common.c parses them ----------------------------------
class TabError(Exception):
    pass


class TabStops:
    def __init__(self) -> None:
        self.stops: list[int] = []
        self.extend = self.increment = 0
        self.size = 8

    def parse(self, spec: str) -> None:
        val: int | None = None
        mode = ""
        start = 0

        def finish() -> None:
            if val is None:
                return
            if mode == "/":
                if self.extend:
                    raise TabError("'/' specifier only allowed with the last value")
                self.extend = val
            elif mode == "+":
                if self.increment:
                    raise TabError("'+' specifier only allowed with the last value")
                self.increment = val
            else:
                if self.extend or self.increment:
                    raise TabError(f"'{'/' if self.extend else '+'}' specifier only allowed with the last value")
                self.stops.append(val)

        for i, ch in enumerate(spec):
            if ch == "," or ch in " \t":
                finish()
                val, mode = None, ""
            elif ch in "/+":
                if val is not None:
                    raise TabError(f"'{ch}' specifier not at start of number: \u2018{spec[i:]}\u2019")
                mode = ch
            elif ch.isdigit() and ch.isascii():
                if val is None:
                    val, start = 0, i
                val = val * 10 + int(ch)
                if val >= 1 << 64:
                    raise TabError(f"tab stop is too large \u2018{re.match(r'[0-9]*', spec[start:]).group()}\u2019")
            else:
                raise TabError(f"tab size contains invalid character(s): \u2018{spec[i:]}\u2019")
        finish()

    def finalize(self) -> None:
        prev = 0
        for t in self.stops:
            if t == 0:
                raise TabError("tab size cannot be 0")
            if t <= prev:
                raise TabError("tab sizes must be ascending")
            prev = t
        if self.increment and self.extend:
            raise TabError("'/' specifier is mutually exclusive with '+'")
        if not self.stops:
            self.size = self.extend or self.increment or 8
        elif len(self.stops) == 1 and not self.extend and not self.increment:
            self.size = self.stops[0]
        else:
            self.size = 0

    def next(self, col: int, idx: list[int]) -> int | None:
        """The next tab column after col (idx[0] is the cursor into the list); None past the last."""
        if self.size:
            return col + self.size - col % self.size
        while idx[0] < len(self.stops):
            if col < self.stops[idx[0]]:
                return self.stops[idx[0]]
            idx[0] += 1
        if self.extend:
            return col + self.extend - col % self.extend
        if self.increment:
            end = self.stops[-1]
            return col + self.increment - (col - end) % self.increment
        return None


def _tabs_from(ctx: Context, values: list[str]) -> TabStops | None:
    tabs = TabStops()
    try:
        for v in values:
            tabs.parse(v)
        tabs.finalize()
    except TabError as exc:
        ctx.error(str(exc))
        return None
    return tabs


EXPAND = _spec("expand", "it:", ["initial", "tabs="])


def _expand_line(line: bytes, tabs: TabStops, initial: bool) -> bytes:
    out = bytearray()
    col, idx, convert = 0, [0], True
    for c in line:
        if convert:
            if c == 9:
                nxt = tabs.next(col, idx)
                nxt = col + 1 if nxt is None else nxt
                out += b" " * (nxt - col)
                col = nxt
                continue
            if c == 8:
                col -= 1 if col else 0
                idx[0] -= 1 if idx[0] else 0
            else:
                col += 1
            convert = not initial or c in (32, 9)
        out.append(c)
    return bytes(out)


@command("expand", family="text", summary="convert tabs to spaces")
def expand(ctx: Context, argv: list[str]) -> int:
    p = EXPAND.parse(ctx, _obsolete_number(argv[1:], "-t"))
    if isinstance(p, int):
        return p
    tabs = _tabs_from(ctx, [v or "" for o, v in p.options if o in ("-t", "--tabs")])
    if tabs is None:
        return 1
    initial = p.has("-i", "--initial")
    return _by_lines(ctx, p.operands, lambda line: _expand_line(line, tabs, initial))


def _by_lines(ctx: Context, operands: list[str], convert) -> int:  # type: ignore[no-untyped-def]
    """Feed each whole line of all inputs (a line may span files, as GNU's getc loop lets it)."""
    inputs = Inputs(ctx, operands)
    pending = bytearray()
    for name, stream in inputs:
        with inputs.reading(name):
            for data in chunks(ctx, stream):
                if b"\n" not in data:   # no line ends here: only the pending line grows
                    pending += data
                    if len(pending) > MAX_LINE:
                        raise LimitExceeded("line too long")
                    continue
                first, *done, last = data.split(b"\n")
                lines = [bytes(pending) + first, *done]
                ctx.out(b"".join(convert(d + b"\n") for d in lines))
                pending = bytearray(last)
    if pending:
        ctx.out(convert(bytes(pending)))
    return inputs.status


UNEXPAND = _spec("unexpand", "at:", ["all", "first-only", "tabs="])


def _unexpand_line(line: bytes, tabs: TabStops, entire: bool) -> bytes:
    """unexpand.c's loop over one line (blanks held back until a tab stop decides them)."""
    out = bytearray()
    pending = bytearray()
    col, idx = 0, [0]
    convert, one_before, prev_blank = True, False, True
    for c in [*line, -1]:
        if convert:
            blank = c in (32, 9)
            if blank:
                nxt = tabs.next(col, idx)
                if nxt is None:
                    convert = False
                else:
                    if c == 9:
                        col = nxt
                        if pending:
                            pending[0] = 9
                    else:
                        col += 1
                        if not (prev_blank and col == nxt):
                            if col == nxt:
                                one_before = True
                            pending.append(c)
                            prev_blank = True
                            continue
                        c = 9
                        if pending:
                            pending[0] = 9
                    pending = pending[:1] if one_before and pending else bytearray()
            elif c == 8:
                col -= 1 if col else 0
                idx[0] -= 1 if idx[0] else 0
            else:
                col += 1
            if pending:
                if len(pending) > 1 and one_before:
                    pending[0] = 9
                out += pending
                pending = bytearray()
                one_before = False
            prev_blank = blank
            convert = convert and (entire or blank)
        if c >= 0:
            out.append(c)
    return bytes(out)


@command("unexpand", family="text", summary="convert spaces to tabs")
def unexpand(ctx: Context, argv: list[str]) -> int:
    # the old `-8` form sets the stops without implying -a, unlike -t
    args = argv[1:]
    cut = args.index("--") if "--" in args else len(args)
    old = [a[1:] for a in args[:cut] if re.fullmatch(r"-\d[\d,]*", a)]
    p = UNEXPAND.parse(ctx, [a for a in args[:cut] if not re.fullmatch(r"-\d[\d,]*", a)] + args[cut:])
    if isinstance(p, int):
        return p
    tabs = _tabs_from(ctx, old + [v or "" for o, v in p.options if o in ("-t", "--tabs")])
    if tabs is None:
        return 1
    entire = p.has("-a", "--all", "-t", "--tabs") and not p.has("--first-only")
    return _by_lines(ctx, p.operands, lambda line: _unexpand_line(line, tabs, entire))
