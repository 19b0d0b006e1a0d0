"""join and tsort (GNU coreutils 9.1): relational operations on text."""
from __future__ import annotations

import re
from collections.abc import Iterator

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import close_input, lines, open_input, quotef, read_all, stdin_failed
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.context import squote as shell_quote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

# -- join ---------------------------------------------------------------------------------------
JOIN = OptionSpec("join", short="a:e:i1:2:j:o:t:v:z",
                  long=["ignore-case", "check-order", "nocheck-order", "header", "zero-terminated"],
                  help=verbatim("text/join_help"), version=verbatim("text/join_version"))


class JoinError(Exception):
    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def _field_number(text: str) -> int:
    if not re.fullmatch(r"\s*\+?\d+", text):
        raise JoinError(f"invalid field number: {cquote(text)}")
    n = int(text)
    if n == 0:
        raise JoinError(f"invalid field number: {cquote(text)}")
    return n - 1


def _file_number(text: str) -> int:
    if text not in ("1", "2"):   # GNU words it so
        raise JoinError(f"invalid field number: {cquote(text)}")
    return int(text)


def _outlist(spec: str) -> list[tuple[int, int]]:
    out = []
    for item in re.split(r"[,\s]+", spec.strip(", \t")):
        if item == "0":
            out.append((0, 0))
            continue
        m = re.fullmatch(r"([^.]*)\.(.*)", item)
        if not m or m.group(1) not in ("1", "2"):
            raise JoinError(f"invalid file number in field spec: {cquote(item)}")
        out.append((int(m.group(1)), _field_number(m.group(2))))
    return out


class _Line:
    def __init__(self, raw: bytes, eol: bytes, tab: bytes | None) -> None:
        self.raw = raw[:-1] if raw.endswith(eol) else raw
        body = self.raw
        if tab is None:
            stripped = body.strip(b" \t\n")   # blanks (and newlines, with -z) separate fields
            self.fields = re.split(rb"[ \t\n]+", stripped) if stripped else []
        elif tab == b"\n":
            self.fields = [body] if body else []
        else:
            self.fields = body.split(tab) if body else []


class _Join:
    def __init__(self, ctx: Context, fold: bool, empty: bytes | None, tab: bytes | None,
                 outlist: list[tuple[int, int]] | None, auto: bool, check: bool | None) -> None:
        self.ctx, self.fold, self.empty, self.tab = ctx, fold, empty, tab
        self.outlist, self.auto, self.check = outlist, auto, check
        self.keys = [0, 0]
        self.autocount = [0, 0]
        self.seen_unpairable = False
        self.warned = [False, False]
        self.names = ["", ""]
        self.line_no = [0, 0]
        self.prev: list[_Line | None] = [None, None]

    def key(self, line: _Line | None, which: int) -> bytes:
        f = self.keys[which]
        k = line.fields[f] if line is not None and f < len(line.fields) else b""
        return k.lower() if self.fold else k

    def cmp(self, a: _Line, b: _Line) -> int:
        ka, kb = self.key(a, 0), self.key(b, 1)
        return (ka > kb) - (ka < kb)

    def read(self, it: Iterator[_Line], which: int) -> _Line | None:
        line = next(it, None)
        if line is None:
            return None
        self.line_no[which] += 1
        prev = self.prev[which]
        if prev is not None and self.check is not False and (self.check or self.seen_unpairable) \
                and not self.warned[which]:
            kp, kc = self.key(prev, which), self.key(line, which)
            if kp > kc:
                self.ctx.error(f"{self.names[which]}:{self.line_no[which]}: is not sorted: "
                               + line.raw.decode("utf-8", "surrogateescape"))
                if self.check:
                    raise JoinError("")
                self.warned[which] = True
        self.prev[which] = line
        return line

    def field(self, n: int, line: _Line | None) -> bytes:
        if line is not None and n < len(line.fields) and line.fields[n]:
            return line.fields[n]
        return self.empty or b""

    def out(self, l1: _Line | None, l2: _Line | None, eol: bytes) -> None:
        sep = self.tab if self.tab not in (None, b"\n") else b" "
        parts: list[bytes] = []
        if self.outlist:
            for file, n in self.outlist:
                if file == 0:
                    line, n = (l2, self.keys[1]) if l1 is None else (l1, self.keys[0])
                else:
                    line = l1 if file == 1 else l2
                parts.append(self.field(n, line))
        else:
            line, jf = (l2, self.keys[1]) if l1 is None else (l1, self.keys[0])
            parts.append(self.field(jf, line))
            for which, ln in enumerate((l1, l2)):
                nf = self.autocount[which] if self.auto else (len(ln.fields) if ln else 0)
                parts += [self.field(i, ln) for i in range(nf) if i != self.keys[which]]
        self.ctx.out(sep.join(parts) + eol)


@command("join", family="text", summary="join lines of two files on a common field")
def join(ctx: Context, argv: list[str]) -> int:
    p = JOIN.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    unpair, only_unpair = set(), set()
    empty: bytes | None = None
    tab: bytes | None = None
    outlist: list[tuple[int, int]] = []
    auto = False
    keys: list[int | None] = [None, None]
    check: bool | None = None
    try:
        for opt, val in p.options:
            v = val or ""
            if opt == "-a":
                unpair.add(_file_number(v))
            elif opt == "-v":
                only_unpair.add(_file_number(v))
            elif opt == "-e":
                if empty is not None and empty != v.encode():
                    raise JoinError("conflicting empty-field replacement strings")
                empty = v.encode("utf-8", "surrogateescape")
            elif opt in ("-1", "-2", "-j"):
                n = _field_number(v)
                for w in ((0,) if opt == "-1" else (1,) if opt == "-2" else (0, 1)):
                    if keys[w] is not None and keys[w] != n:
                        raise JoinError("incompatible join fields "
                                        f"{keys[w] + 1}, {n + 1}")  # type: ignore[operator]
                    keys[w] = n
            elif opt == "-o":
                if v == "auto":
                    auto = True
                else:
                    outlist += _outlist(v)
            elif opt == "-t":
                t = v.encode("utf-8", "surrogateescape") or b"\n"
                if len(t) > 1 and v != "\\0":
                    raise JoinError(f"multi-character tab {cquote(v)}")
                t = b"\0" if v == "\\0" else t
                if tab is not None and tab != t:
                    raise JoinError("incompatible tabs")
                tab = t
            elif opt == "--check-order":
                check = True
            elif opt == "--nocheck-order":
                check = False
        if len(p.operands) < 2:
            raise JoinError("missing operand" if not p.operands
                            else f"missing operand after {cquote(p.operands[-1])}", usage=True)
        if len(p.operands) > 2:
            raise JoinError(f"extra operand {shell_quote(p.operands[2])}", usage=True)
    except JoinError as exc:
        ctx.error(str(exc))
        if exc.usage:
            ctx.err("Try 'join --help' for more information.\n")
        return 1
    eol = b"\0" if p.has("-z", "--zero-terminated") else b"\n"
    j = _Join(ctx, p.has("-i", "--ignore-case"), empty, tab, outlist or None, auto, check)
    j.keys = [k or 0 for k in keys]
    j.names = p.operands[:2]
    streams = []
    for name in p.operands[:2]:
        try:
            streams.append(open_input(ctx, name))
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(exc)}")
            for s in streams:
                close_input(ctx, s)
            return 1
    try:
        data = [read_all(ctx, s) if s is not ctx.stdin or i == 0 or streams[0] is not ctx.stdin else b""
                for i, s in enumerate(streams)]
    except OSError as exc:
        ctx.error(f"read error: {strerror(exc)}")
        return 1
    finally:
        for s in streams:
            close_input(ctx, s)
    its = [iter([_Line(r, eol, tab) for r in _records(d, eol)]) for d in data]
    try:
        _run(j, its, unpair | only_unpair, not only_unpair, p.has("--header"), eol)
    except JoinError:
        return 1
    if any(j.warned):
        ctx.error("input is not in sorted order")
        return 1
    return 0


def _records(data: bytes, eol: bytes) -> list[bytes]:
    recs = data.split(eol)
    if recs and recs[-1] == b"":
        recs.pop()
    return recs


def _run(j: _Join, its: list[Iterator[_Line]], unpair: set[int], pairs: bool, header: bool,
         eol: bytes) -> None:
    """join.c's merge loop: runs of equal keys are paired as a cross product."""
    cur = [j.read(its[0], 0), j.read(its[1], 1)]
    if j.auto:
        j.autocount = [len(c.fields) if c else 0 for c in cur]
    if header and (cur[0] or cur[1]):
        j.out(cur[0] or _Line(b"", eol, None), cur[1] or _Line(b"", eol, None), eol)
        j.prev = [None, None]
        cur = [j.read(its[w], w) if cur[w] else None for w in (0, 1)]
    while cur[0] and cur[1]:
        diff = j.cmp(cur[0], cur[1])
        if diff:
            w = 0 if diff < 0 else 1
            if w + 1 in unpair:
                j.out(cur[0] if w == 0 else None, cur[1] if w == 1 else None, eol)
            cur[w] = j.read(its[w], w)
            j.seen_unpairable = True
            continue
        runs: list[list[_Line]] = [[cur[0]], [cur[1]]]
        nxt: list[_Line | None] = [None, None]
        for w in (0, 1):
            while True:
                ln = j.read(its[w], w)
                if ln is None or (j.cmp(ln, cur[1]) if w == 0 else j.cmp(cur[0], ln)):
                    nxt[w] = ln
                    break
                runs[w].append(ln)
        if pairs:
            for a in runs[0]:
                for b in runs[1]:
                    j.out(a, b, eol)
        cur = nxt
    for w in (0, 1):
        if cur[w] is not None and (w + 1 in unpair or j.check):
            if w + 1 in unpair:
                j.out(cur[0] if w == 0 else None, cur[1] if w == 1 else None, eol)
            if cur[1 - w] is not None:
                j.seen_unpairable = True
            while (ln := j.read(its[w], w)) is not None:
                if w + 1 in unpair:
                    j.out(ln if w == 0 else None, ln if w == 1 else None, eol)
                if j.warned[w] and w + 1 not in unpair:
                    break


# -- tsort --------------------------------------------------------------------------------------
TSORT = OptionSpec("tsort", help=verbatim("text/tsort_help"), version=verbatim("text/tsort_version"))


class _Item:
    __slots__ = ("count", "name", "printed", "qlink", "top")

    def __init__(self, name: bytes) -> None:
        self.name, self.count, self.printed = name, 0, False
        self.top: list[_Item] = []          # successors, most recent first (GNU prepends)
        self.qlink: _Item | None = None


@command("tsort", family="text", summary="perform topological sort")
def tsort(ctx: Context, argv: list[str]) -> int:
    p = TSORT.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    if len(p.operands) > 1:
        ctx.error(f"extra operand {cquote(p.operands[1])}")
        ctx.err("Try 'tsort --help' for more information.\n")
        return 1
    name = p.operands[0] if p.operands else "-"
    try:
        stream = open_input(ctx, name)
        try:
            tokens = b"".join(lines(ctx, stream)).split()
        finally:
            close_input(ctx, stream)
    except OSError as exc:
        if not stdin_failed(ctx, name, exc):
            ctx.error(f"{quotef(name)}: {strerror(exc)}")
            return 1
        tokens = []  # tsort takes a failed read of stdin as an empty input
    tokens = [t for t in re.split(rb"[ \t\n]+", b" ".join(tokens)) if t]
    if len(tokens) % 2:
        ctx.error(f"{quotef(name)}: input contains an odd number of tokens")
        return 1
    items: dict[bytes, _Item] = {}
    for i in range(0, len(tokens), 2):
        a = items.setdefault(tokens[i], _Item(tokens[i]))
        b = items.setdefault(tokens[i + 1], _Item(tokens[i + 1]))
        if a is not b:
            b.count += 1
            a.top.insert(0, b)
    order = [items[k] for k in sorted(items)]   # the tree's in-order walk is sorted order
    left, ok = len(order), True
    while left:
        queue = [k for k in order if k.count == 0 and not k.printed]
        qi = 0
        while qi < len(queue):
            ctx.check()
            k = queue[qi]
            qi += 1
            ctx.out(k.name + b"\n")
            k.printed = True
            left -= 1
            for s in k.top:
                s.count -= 1
                if s.count == 0:
                    queue.append(s)
        if left:
            ctx.error(f"{quotef(name)}: input contains a loop:")
            ok = False
            _break_loop(ctx, order)
    return 0 if ok else 1


def _break_loop(ctx: Context, order: list[_Item]) -> None:
    """detect_loop: walk back along relations until an item repeats, print the cycle on stderr
    and remove one relation of it."""
    loop: _Item | None = None
    while True:
        for k in order:
            ctx.check()
            if k.count <= 0:
                continue
            if loop is None:
                loop = k
                continue
            found = False
            for idx, s in enumerate(k.top):
                if s is not loop:
                    continue
                if k.qlink is not None:
                    while loop is not None:
                        nxt = loop.qlink
                        ctx.error(loop.name.decode("utf-8", "surrogateescape"))
                        if loop is k:
                            k.top[idx].count -= 1
                            del k.top[idx]
                            break
                        loop.qlink = None
                        loop = nxt
                    while loop is not None:
                        nxt = loop.qlink
                        loop.qlink = None
                        loop = nxt
                    found = True
                else:
                    k.qlink = loop
                    loop = k
                break
            if found:
                break
        if loop is None:
            return
