"""ptx's index: finding each keyword's context and laying out its output line (ptx.c's
find_occurs_in_text and define_all_fields); positions are offsets into each file's text."""
from __future__ import annotations

import re
from dataclasses import dataclass

from shelldojo.shell.context import Context

SPACE = b" \t\n\v\f\r"


class ZeroMatch(Exception):
    pass


@dataclass
class Occurs:
    start: int
    size: int
    left: int
    right: int
    reference: int
    file: int


class Ptx:
    def __init__(self) -> None:
        self.gnu, self.auto_ref, self.input_ref, self.right_ref = True, False, False, False
        self.width, self.gap, self.trunc = 72, 3, "/"
        self.macro, self.fmt, self.fold = "xx", "", False
        self.context: re.Pattern[bytes] | None = None
        self.word: re.Pattern[bytes] | None = None
        self.fastmap = [False] * 256
        self.ignore: set[bytes] | None = None
        self.only: set[bytes] | None = None

    def key(self, w: bytes) -> bytes:
        return w.upper() if self.fold else w

    def skip_something(self, buf: bytes, i: int, limit: int) -> int:
        if self.word is not None:
            m = self.word.match(buf, i, limit)
            return i + (m.end() - i if m and m.end() > i else 1)
        if i < limit and self.fastmap[buf[i]]:
            while i < limit and self.fastmap[buf[i]]:
                i += 1
            return i
        return i + 1

    def find(self, ctx: Context, buf: bytes, fidx: int, occurs: list[Occurs], lines: list[int]) -> None:
        cursor, line_start = 0, 0
        line_scan = 0
        ref_len = 0
        if self.input_ref:
            while line_scan < len(buf) and buf[line_scan] not in SPACE:
                line_scan += 1
            ref_len = line_scan - line_start
            while line_scan < len(buf) and buf[line_scan] in SPACE:
                line_scan += 1
        while cursor < len(buf):
            ctx.check()
            context_start = cursor
            nxt = len(buf)
            if self.context is not None:
                m = self.context.search(buf, cursor)
                if m and m.start() == cursor:   # GNU mistakes a match at the cursor for an empty one
                    raise ZeroMatch
                if m:
                    nxt = m.end()
            context_end = nxt
            while context_end > context_start and buf[context_end - 1] in SPACE:
                context_end -= 1
            while True:
                if self.word is not None:
                    m = self.word.search(buf, cursor, context_end)
                    if not m:
                        break
                    ws, we = m.start(), m.end()
                else:
                    scan = cursor
                    while scan < context_end and not self.fastmap[buf[scan]]:
                        scan += 1
                    if scan == context_end:
                        break
                    ws = scan
                    while scan < context_end and self.fastmap[buf[scan]]:
                        scan += 1
                    we = scan
                cursor = ws
                if we == ws:
                    cursor += 1
                    continue
                size = we - ws
                cursor += size
                self.max_word = max(self.max_word, size)
                if self.input_ref:
                    while line_scan < ws:
                        if buf[line_scan] == 10:
                            self.total_lines += 1
                            line_scan += 1
                            line_start = line_scan
                            while line_scan < len(buf) and buf[line_scan] not in SPACE:
                                line_scan += 1
                            ref_len = line_scan - line_start
                        else:
                            line_scan += 1
                    if line_scan > ws:
                        continue
                word = self.key(buf[ws:we])
                if self.ignore is not None and word in self.ignore:
                    continue
                if self.only is not None and word not in self.only:
                    continue
                reference = 0
                if self.auto_ref:
                    while line_scan < ws:
                        if buf[line_scan] == 10:
                            self.total_lines += 1
                        line_scan += 1
                    reference = self.total_lines
                elif self.input_ref:
                    reference = line_start - ws
                    self.ref_width = max(self.ref_width, ref_len)
                if self.input_ref and line_start == context_start:
                    while context_start < context_end and buf[context_start] not in SPACE:
                        context_start += 1
                    while context_start < context_end and buf[context_start] in SPACE:
                        context_start += 1
                occurs.append(Occurs(ws, size, context_start - ws, context_end - ws, reference, fidx))
            cursor = nxt
        self.total_lines += 1
        lines.append(self.total_lines)

    # -- output -------------------------------------------------------------------------------
    def fields(self, o: Occurs, buf: bytes) -> dict[str, tuple[int, int] | bool]:
        tl = len(self.trunc)
        ks, ke = o.start, o.start + o.size
        lstart, rend = ks + o.left, ks + o.right
        cur = ke
        while cur < rend and cur <= ks + self.keyafter_max:
            ke = cur
            cur = self.skip_something(buf, cur, rend)
        if cur <= ks + self.keyafter_max:
            ke = cur
        k_trunc = bool(tl) and ke < rend
        while ke > ks and buf[ke - 1] in SPACE:
            ke -= 1
        if -o.left > self.half + self.max_word:
            lfs = self.skip_something(buf, ks - (self.half + self.max_word), ks)
        else:
            lfs = ks + o.left
        bs, be = lfs, ks
        while be > bs and buf[be - 1] in SPACE:
            be -= 1
        while bs + self.before_max < be:
            bs = self.skip_something(buf, bs, be)
        b_trunc = False
        if tl:
            c = bs
            while c > 0 and buf[c - 1] in SPACE:
                c -= 1
            b_trunc = c > lstart
        while bs < len(buf) and buf[bs] in SPACE:
            bs += 1
        ts = te = 0
        t_trunc = False
        tail_max = self.before_max - (be - bs) - self.gap
        if tail_max > 0:
            ts = ke
            while ts < len(buf) and buf[ts] in SPACE:
                ts += 1
            te = cur = ts
            while cur < rend and cur < ts + tail_max:
                te = cur
                cur = self.skip_something(buf, cur, rend)
            if cur < ts + tail_max:
                te = cur
            if te > ts:
                k_trunc = False
                t_trunc = bool(tl) and te < rend
            while te > ts and buf[te - 1] in SPACE:
                te -= 1
        hs = he = 0
        h_trunc = False
        head_max = self.keyafter_max - (ke - ks) - self.gap
        if head_max > 0:
            he = bs
            while he > 0 and buf[he - 1] in SPACE:
                he -= 1
            hs = lfs
            while hs + head_max < he:
                hs = self.skip_something(buf, hs, he)
            if he > hs:
                b_trunc = False
                h_trunc = bool(tl) and hs > lstart
            while hs < he and buf[hs] in SPACE:
                hs += 1
        return {"tail": (ts, te), "before": (bs, be), "keyafter": (ks, ke), "head": (hs, he),
                "t": t_trunc, "b": b_trunc, "k": k_trunc, "h": h_trunc}

    def field(self, buf: bytes, span: tuple[int, int] | bool) -> bytes:
        s, e = span   # type: ignore[misc]
        out = bytearray()
        for c in buf[s:e]:
            if c in SPACE:
                out.append(32)
            elif self.fmt == "roff" and c == 34:
                out += b'""'
            elif self.fmt == "tex" and c in b"$%&#_":
                out += b"\\" + bytes([c])
            elif self.fmt == "tex" and c in b"{}":
                out += b"$\\" + bytes([c]) + b"$"
            elif self.fmt == "tex" and c == 92:
                out += b"\\backslash{}"
            else:
                out.append(c)
        return bytes(out)

    def line(self, f: dict, buf: bytes, ref: bytes) -> bytes:  # type: ignore[type-arg]
        tr, tl = self.trunc.encode(), len(self.trunc)

        def ln(name: str) -> int:
            return f[name][1] - f[name][0]

        def fld(name: str) -> bytes:
            return self.field(buf, f[name])

        if self.fmt == "roff":
            out = f'.{self.macro} "'.encode() + fld("tail") + (tr if f["t"] else b"") + b'" "'
            out += (tr if f["b"] else b"") + fld("before") + b'" "' + fld("keyafter")
            out += (tr if f["k"] else b"") + b'" "' + (tr if f["h"] else b"") + fld("head") + b'"'
            return out + (b' "' + ref + b'"' if self.auto_ref or self.input_ref else b"") + b"\n"
        if self.fmt == "tex":
            ks, ke = f["keyafter"]
            kend = self.skip_something(buf, ks, ke)
            out = f"\\{self.macro} {{".encode() + fld("tail") + b"}{" + fld("before") + b"}{"
            out += self.field(buf, (ks, kend)) + b"}{" + self.field(buf, (kend, ke)) + b"}{" + fld("head") + b"}"
            return out + (b"{" + ref + b"}" if self.auto_ref or self.input_ref else b"") + b"\n"
        out = bytearray()
        if not self.right_ref:
            if self.auto_ref:
                out += ref + b":" + b" " * (self.ref_width + self.gap - len(ref) - 1)
            else:
                out += ref + b" " * (self.ref_width + self.gap - len(ref))
        pad = self.half - self.gap - ln("before") - (tl if f["b"] else 0)
        if ln("tail") > 0:
            out += fld("tail") + (tr if f["t"] else b"")
            pad -= ln("tail") + (tl if f["t"] else 0)
        out += b" " * max(pad, 0) + (tr if f["b"] else b"") + fld("before") + b" " * self.gap
        out += fld("keyafter") + (tr if f["k"] else b"")
        rest = self.half - ln("keyafter") - (tl if f["k"] else 0)
        if ln("head") > 0:
            out += b" " * max(rest - ln("head") - (tl if f["h"] else 0), 0)
            out += (tr if f["h"] else b"") + fld("head")
        elif (self.auto_ref or self.input_ref) and self.right_ref:
            out += b" " * max(rest, 0)
        if (self.auto_ref or self.input_ref) and self.right_ref:
            out += b" " * self.gap + ref
        return bytes(out) + b"\n"
