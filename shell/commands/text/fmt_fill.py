"""GNU fmt's paragraph filler (fmt.c's, by Ross Paterson), for fmt.py's command.

Each paragraph is broken where a cost function (short lines, ragged edges, widows, orphans,
sentence ends) is least, by dynamic programming from the last word back.  The reading loop
mirrors fmt.c's getc-driven one so indentation, prefixes and tabs come out as GNU's do."""
from __future__ import annotations

import re

from shelldojo.shell.context import Context

LEEWAY, DEF_INDENT, TABWIDTH = 7, 3, 8
MAXWORDS, MAXCHARS = 1000, 5000
MAXCOST = (1 << 63) - 1


def _equiv(n: int) -> int:
    return n * n


def _short_cost(n: int) -> int:
    return _equiv(n * 10)


def _ragged_cost(n: int) -> int:
    return int(_short_cost(n) / 2)   # C division truncates toward zero


LINE_COST, SENTENCE_BONUS, NOBREAK_COST = _equiv(70), _equiv(50), _equiv(600)
PAREN_BONUS, PUNCT_BONUS, LINE_CREDIT = _equiv(40), _equiv(40), _equiv(3)
_SPACE = b" \t\n\v\f\r"
_WORD = re.compile(rb"[^ \t\n\v\f\r]*")
_PUNCT = set(range(33, 48)) | set(range(58, 65)) | set(range(91, 97)) | set(range(123, 127))


class Word:
    __slots__ = (
        "best_cost",
        "final",
        "length",
        "line_length",
        "next_break",
        "paren",
        "period",
        "punct",
        "space",
        "text",
    )

    def __init__(self, text: bytes) -> None:
        self.text, self.length = text, len(text)
        self.space = self.line_length = self.best_cost = self.next_break = 0
        self.paren = self.period = self.punct = self.final = False
        if text:
            fin = len(text) - 1
            self.paren = text[0] in b"(['`\""
            self.punct = text[fin] in _PUNCT
            while fin > 0 and text[fin] in b")]'\"":
                fin -= 1
            self.period = text[fin] in b".?!"


class Fmt:
    def __init__(self, ctx: Context, width: int, goal: int, crown: bool, tagged: bool, split: bool,
                 uniform: bool, prefix: str) -> None:
        self.ctx, self.max_width, self.goal = ctx, width, goal
        self.crown, self.tagged, self.split, self.uniform = crown, tagged, split, uniform
        raw = prefix.encode("utf-8", "surrogateescape")
        self.prefix_lead_space = len(raw) - len(raw.lstrip(b" "))
        raw = raw.lstrip(b" ")
        self.prefix_full_length = len(raw)
        self.prefix = raw.rstrip(b" ")
        self.prefix_length = len(self.prefix)
        self.out = bytearray()

    # -- input, as getc ---------------------------------------------------------------------
    def getc(self) -> int:
        if self.pos >= len(self.data):
            return -1
        self.pos += 1
        return self.data[self.pos - 1]

    def run(self, data: bytes) -> bytes:
        self.data, self.pos = data, 0
        self.tabs = False
        self.other_indent = 0
        self.in_column = self.out_column = 0
        self.next_prefix_indent = self.prefix_indent = self.first_indent = 0
        self.last_line_length = 0
        self.words: list[Word] = []
        self.buffered = 0   # characters of self.words (GNU's parabuf fill)
        self.partial = bytearray()
        self.out = bytearray()
        self.next_char = self.get_prefix()
        while self.get_paragraph():
            self.fmt_paragraph()
            self.put_paragraph(len(self.words))
        return bytes(self.out)

    def set_other_indent(self, same: bool) -> None:
        if self.split:
            self.other_indent = self.first_indent
        elif self.crown:
            self.other_indent = self.in_column if same else self.first_indent
        elif self.tagged:
            if same and self.in_column != self.first_indent:
                self.other_indent = self.in_column
            elif self.other_indent == self.first_indent:
                self.other_indent = DEF_INDENT if self.first_indent == 0 else 0
        else:
            self.other_indent = self.first_indent

    def get_paragraph(self) -> bool:
        self.last_line_length = 0
        c = self.next_char
        while (c in (10, -1) or self.next_prefix_indent < self.prefix_lead_space
               or self.in_column < self.next_prefix_indent + self.prefix_full_length):
            self.ctx.check()
            c = self.copy_rest(c)
            if c == -1:
                self.next_char = -1
                return False
            self.out += b"\n"
            c = self.get_prefix()
        self.prefix_indent = self.next_prefix_indent
        self.first_indent = self.in_column
        self.words = []
        self.buffered = 0
        c = self.get_line(c)
        self.set_other_indent(self.same_para(c))
        if self.split:
            pass
        elif self.crown or self.tagged:
            if self.same_para(c) and (self.crown or self.in_column != self.first_indent):
                c = self.get_line(c)
                while self.same_para(c) and self.in_column == self.other_indent:
                    c = self.get_line(c)
        else:
            while self.same_para(c) and self.in_column == self.other_indent:
                c = self.get_line(c)
        self.words[-1].period = self.words[-1].final = True
        self.next_char = c
        return True

    def copy_rest(self, c: int) -> int:
        self.out_column = 0
        if self.in_column > self.next_prefix_indent or c not in (10, -1):
            self.put_space(self.next_prefix_indent)
            for ch in self.prefix:
                if self.out_column == self.in_column:
                    break
                self.out.append(ch)
                self.out_column += 1
            if c not in (-1, 10):
                self.put_space(self.in_column - self.out_column)
            if c == -1 and self.in_column >= self.next_prefix_indent + self.prefix_length:
                self.out += b"\n"
        while c not in (10, -1):
            self.out.append(c)
            c = self.getc()
        return c

    def same_para(self, c: int) -> bool:
        return (self.next_prefix_indent == self.prefix_indent
                and self.in_column >= self.next_prefix_indent + self.prefix_full_length
                and c not in (10, -1))

    def get_line(self, c: int) -> int:
        while True:
            self.ctx.check()
            self.partial = bytearray()
            end = _WORD.match(self.data, self.pos).end()   # type: ignore[union-attr]
            if self.buffered + 1 + end - self.pos <= MAXCHARS:   # fast path: no flush inside the word
                self.partial = bytearray([c]) + self.data[self.pos:end]
                self.pos = end
                c = self.getc()
            while not self.partial or (c != -1 and c not in _SPACE):
                if self.buffered + len(self.partial) >= MAXCHARS:
                    self.set_other_indent(True)
                    self.flush_paragraph()
                self.partial.append(c)
                c = self.getc()
            w = Word(bytes(self.partial))
            self.partial = bytearray()
            self.in_column += w.length
            start = self.in_column
            c = self.get_space(c)
            w.space = self.in_column - start
            w.final = c == -1 or (w.period and (c == 10 or w.space > 1))
            if c in (10, -1) or self.uniform:
                w.space = 2 if w.final else 1
            if len(self.words) == MAXWORDS - 2:   # the word array is full: flush before this word
                self.set_other_indent(True)
                self.flush_paragraph()
            self.words.append(w)
            self.buffered += w.length
            if c in (10, -1):
                break
        return self.get_prefix()

    def get_prefix(self) -> int:
        self.in_column = 0
        c = self.get_space(self.getc())
        if self.prefix_length == 0:
            self.next_prefix_indent = min(self.prefix_lead_space, self.in_column)
            return c
        self.next_prefix_indent = self.in_column
        for pc in self.prefix:
            if c != pc:
                return c
            self.in_column += 1
            c = self.getc()
        return self.get_space(c)

    def get_space(self, c: int) -> int:
        while True:
            if c == 32:
                self.in_column += 1
            elif c == 9:
                self.tabs = True
                self.in_column = (self.in_column // TABWIDTH + 1) * TABWIDTH
            else:
                return c
            c = self.getc()

    # -- the line breaking ------------------------------------------------------------------
    def flush_paragraph(self) -> None:
        if not self.words:
            self.out += self.partial
            self.partial = bytearray()
            return
        self.fmt_paragraph()
        limit = len(self.words)
        split_point, best_break = limit, MAXCOST
        w = self.words[0].next_break
        while w != limit:
            nb = self.words[w].next_break
            nb_cost = self.words[nb].best_cost if nb < limit else 0
            if self.words[w].best_cost - nb_cost < best_break:
                split_point, best_break = w, self.words[w].best_cost - nb_cost
            if best_break <= MAXCOST - LINE_CREDIT:
                best_break += LINE_CREDIT
            w = nb
        self.put_paragraph(split_point)
        self.words = self.words[split_point:]
        self.buffered = sum(w.length for w in self.words)

    def fmt_paragraph(self) -> None:
        """Best breaks from the last word back (fmt.c's fmt_paragraph, with line_cost inlined:
        SHORT_COST(n) is 100n² and RAGGED_COST(n) 50n²)."""
        words, limit = self.words, len(self.words)
        lengths = [w.length for w in words]
        spaces = [w.space for w in words]
        best_cost = [0] * (limit + 1)
        next_break = [0] * (limit + 1)
        line_length = [0] * (limit + 1)
        goal, maxw, last_len = self.goal, self.max_width, self.last_line_length
        for start in range(limit - 1, -1, -1):
            best = MAXCOST
            length = (self.first_indent if start == 0 else self.other_indent) + lengths[start]
            w = start
            while True:
                w += 1
                if w == limit:
                    wcost = 0
                else:
                    n = goal - length
                    wcost = 100 * n * n + best_cost[w]
                    if next_break[w] != limit:
                        n = length - line_length[w]
                        wcost += 50 * n * n
                if start == 0 and last_len > 0:
                    n = length - last_len
                    wcost += 50 * n * n
                if wcost < best:
                    best = wcost
                    next_break[start] = w
                    line_length[start] = length
                if w == limit:
                    break
                length += spaces[w - 1] + lengths[w]
                if length >= maxw:
                    break
            best_cost[start] = best + self.base_cost(start)
        for i, word in enumerate(words):
            word.best_cost, word.next_break, word.line_length = best_cost[i], next_break[i], line_length[i]

    def base_cost(self, i: int) -> int:
        words, cost = self.words, LINE_COST
        if i > 0:
            prev = words[i - 1]
            if prev.period:
                cost += -SENTENCE_BONUS if prev.final else NOBREAK_COST
            elif prev.punct:
                cost -= PUNCT_BONUS
            elif i > 1 and words[i - 2].final:
                cost += int(_equiv(200) / (prev.length + 2))
        if words[i].paren:
            cost -= PAREN_BONUS
        elif words[i].final:
            cost += int(_equiv(150) / (words[i].length + 2))
        return cost

    def put_paragraph(self, finish: int) -> None:
        self.put_line(0, self.first_indent)
        w = self.words[0].next_break
        while w != finish:
            self.put_line(w, self.other_indent)
            w = self.words[w].next_break

    def put_line(self, w: int, indent: int) -> None:
        self.out_column = 0
        self.put_space(self.prefix_indent)
        self.out += self.prefix
        self.out_column += self.prefix_length
        self.put_space(indent - self.out_column)
        end = self.words[w].next_break - 1
        while w != end:
            self.put_word(self.words[w])
            self.put_space(self.words[w].space)
            w += 1
        self.put_word(self.words[w])
        self.last_line_length = self.out_column
        self.out += b"\n"

    def put_word(self, w: Word) -> None:
        self.out += w.text
        self.out_column += w.length

    def put_space(self, space: int) -> None:
        target = self.out_column + space
        if self.tabs:
            tab_target = target // TABWIDTH * TABWIDTH
            if self.out_column + 1 < tab_target:
                while self.out_column < tab_target:
                    self.out += b"\t"
                    self.out_column = (self.out_column // TABWIDTH + 1) * TABWIDTH
        while self.out_column < target:
            self.out += b" "
            self.out_column += 1
