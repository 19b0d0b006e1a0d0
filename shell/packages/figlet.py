"""FIGlet 2.2.5's font reader and layout engine (figlet.c: readfont, smushamt, smushem, addchar,
splitline, printline and the main word-wrapping loop), ported faithfully so the output is
byte-identical. Text is handled as Latin-1 bytes, as figlet does without a control file.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SM_EQUAL, SM_LOWLINE, SM_HIERARCHY, SM_PAIR, SM_BIGX, SM_HARDBLANK = 1, 2, 4, 8, 16, 32
SM_KERN, SM_SMUSH = 64, 128
SMO_NO, SMO_YES, SMO_FORCE = 0, 1, 2
DEUTSCH = (196, 214, 220, 228, 246, 252, 223)


class FontError(Exception):
    """The file is not a FIGlet 2 font ("Not a FIGlet 2 font file")."""


@dataclass
class Font:
    hardblank: str
    height: int
    smush2: int
    right2left: bool
    chars: dict[int, list[str]] = field(default_factory=dict)


def _parse_int(text: str) -> int | None:
    """strtol(text, NULL, 0) on the codetag's first word."""
    neg = text.startswith("-")
    body = text[1:] if neg else text
    try:
        if body.lower().startswith("0x"):
            value = int(body, 0)
        elif body.startswith("0") and len(body) > 1:
            value = int(body, 8)
        else:
            value = int(body)
    except ValueError:
        return None
    return -value if neg else value


def _strip_row(line: str) -> str:
    """Drop trailing whitespace, then every copy of the end mark (readfontchar)."""
    line = line.rstrip()
    if line:
        end = line[-1]
        line = line.rstrip(end)
    return line


def load_font(data: bytes) -> Font:
    lines = data.decode("latin-1").replace("\r\n", "\n").split("\n")
    header = lines[0].split()
    if not header or not header[0].startswith("flf2a") or len(header[0]) < 6 or len(header) < 6:
        raise FontError
    try:
        nums = [int(x) for x in header[1:]]
    except ValueError:
        raise FontError from None
    height, _baseline, _maxlen, old_layout, comments = nums[:5]
    right2left = len(nums) > 5 and nums[5] == 1
    if len(nums) > 6:
        smush2 = nums[6]
    elif old_layout == 0:
        smush2 = SM_KERN
    elif old_layout < 0:
        smush2 = 0
    else:
        smush2 = (old_layout & 31) | SM_SMUSH
    height = max(height, 1)
    font = Font(header[0][5], height, smush2, right2left)
    font.chars[0] = [""] * height          # the "missing character": zero width
    pos = 1 + comments

    def read_char() -> list[str] | None:
        nonlocal pos
        if pos + height > len(lines) + 1:
            return None
        rows = [_strip_row(lines[i]) if i < len(lines) else "" for i in range(pos, pos + height)]
        pos += height
        return rows

    for code in [*range(32, 127), *DEUTSCH]:
        rows = read_char()
        if rows is None:
            return font
        font.chars[code] = rows
    while pos < len(lines):
        tag = lines[pos].split()
        pos += 1
        if not tag:
            continue
        code = _parse_int(tag[0])
        rows = read_char()
        if code is None or rows is None:
            break
        if code != -1:
            font.chars[code] = rows
    return font


@dataclass
class Layout:
    """One run of figlet's output engine; feed text with render()."""
    font: Font
    width: int = 80
    justification: int = 0        # 0 left, 1 centre, 2 right
    smushmode: int = 0
    paragraph: bool = False
    out: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.limit = self.width - 1
        self.inchr_limit = self.width * 4 + 100
        self.lines = [""] * self.font.height
        self.inchrs: list[int] = []
        self.cur: list[str] = [""] * self.font.height
        self.curwidth = 0
        self.prevwidth = 0
        self.wordbreak = 0
        self.last_was_eol = False
        self.held: list[int] = []

    # -- figlet.c primitives ---------------------------------------------------
    def _getletter(self, c: int) -> None:
        self.cur = self.font.chars.get(c, self.font.chars[0])
        self.prevwidth = self.curwidth
        self.curwidth = len(self.cur[0])

    def _smushem(self, lch: str, rch: str) -> str:
        if lch == " ":
            return rch
        if rch == " ":
            return lch
        if self.prevwidth < 2 or self.curwidth < 2:
            return ""
        mode = self.smushmode
        hb = self.font.hardblank
        if not mode & SM_SMUSH:
            return ""
        if mode & 63 == 0:
            if lch == hb:
                return rch
            if rch == hb:
                return lch
            return lch if self.font.right2left else rch
        if mode & SM_HARDBLANK and lch == hb and rch == hb:
            return lch
        if lch == hb or rch == hb:
            return ""
        if mode & SM_EQUAL and lch == rch:
            return lch
        if mode & SM_LOWLINE:
            if lch == "_" and rch in "|/\\[]{}()<>":
                return rch
            if rch == "_" and lch in "|/\\[]{}()<>":
                return lch
        if mode & SM_HIERARCHY:
            for left, right in (("|", "/\\[]{}()<>"), ("/\\", "[]{}()<>"), ("[]", "{}()<>"),
                                ("{}", "()<>"), ("()", "<>")):
                if lch in left and rch in right:
                    return rch
                if rch in left and lch in right:
                    return lch
        if mode & SM_PAIR and {lch, rch} in ({"[", "]"}, {"{", "}"}, {"(", ")"}):
            return "|"
        if mode & SM_BIGX:
            if lch == "/" and rch == "\\":
                return "|"
            if rch == "/" and lch == "\\":
                return "Y"
            if lch == ">" and rch == "<":
                return "X"
        return ""

    def _smushamt(self) -> int:
        if not self.smushmode & (SM_SMUSH | SM_KERN):
            return 0
        maxsmush = self.curwidth
        outlen = len(self.lines[0])
        for row in range(self.font.height):
            line, cur = self.lines[row], self.cur[row]
            if self.font.right2left:
                charbd = len(cur)
                while charbd > 0 and (charbd >= len(cur) or cur[charbd] == " "):
                    charbd -= 1
                ch1 = cur[charbd] if charbd < len(cur) else ""
                linebd = 0
                while linebd < len(line) and line[linebd] == " ":
                    linebd += 1
                ch2 = line[linebd] if linebd < len(line) else ""
                amt = linebd + self.curwidth - 1 - charbd
            else:
                linebd = len(line)
                while True:
                    ch1 = line[linebd] if linebd < len(line) else ""
                    if not (linebd > 0 and (not ch1 or ch1 == " ")):
                        break
                    linebd -= 1
                charbd = 0
                while charbd < len(cur) and cur[charbd] == " ":
                    charbd += 1
                ch2 = cur[charbd] if charbd < len(cur) else ""
                amt = charbd + outlen - 1 - linebd
            if not ch1 or ch1 == " " or ch2 and self._smushem(ch1, ch2):
                amt += 1
            maxsmush = min(maxsmush, amt)
        return maxsmush

    def _addchar(self, c: int) -> bool:
        self._getletter(c)
        amount = self._smushamt()
        outlen = len(self.lines[0])
        if outlen + self.curwidth - amount > self.limit or len(self.inchrs) + 1 > self.inchr_limit:
            return False
        for row in range(self.font.height):
            cur = self.cur[row]
            if self.font.right2left:
                temp = cur
                merged = list(temp)
                for k in range(amount):
                    idx = self.curwidth - amount + k
                    if 0 <= idx < len(merged) and k < len(self.lines[row]):
                        merged[idx] = self._smushem(merged[idx], self.lines[row][k])
                self.lines[row] = "".join(merged) + self.lines[row][amount:]
            else:
                line = list(self.lines[row])
                for k in range(amount):
                    idx = outlen - amount + k
                    if idx >= 0 and k < len(cur):
                        line[idx] = self._smushem(line[idx], cur[k])
                # a '\0' from smushem ends the C string: strcat then appends after it
                text = "".join(line)
                cut = text.find("\0")
                self.lines[row] = text + cur[amount:] if cut < 0 else text[:cut] + cur[amount:]
        self.inchrs.append(c)
        return True

    def _clearline(self) -> None:
        self.lines = [""] * self.font.height
        self.inchrs = []

    def _putstring(self, text: str) -> None:
        if self.width > 1:
            text = text[:self.width - 1]
            if self.justification > 0:
                i = 1
                pad = 0
                while (3 - self.justification) * i + len(text) + self.justification - 2 < self.width:
                    pad += 1
                    i += 1
                text = " " * pad + text
        self.out.append(text.replace(self.font.hardblank, " ") + "\n")

    def _printline(self) -> None:
        for row in self.lines:
            self._putstring(row)
        self._clearline()

    def _splitline(self) -> None:
        chars = self.inchrs
        gotspace, lastspace = False, len(chars) - 1
        i = len(chars) - 1
        while i >= 0:
            if not gotspace and chars[i] == 32:
                gotspace, lastspace = True, i
            if gotspace and chars[i] != 32:
                break
            i -= 1
        part1, part2 = chars[:i + 1], chars[lastspace + 1:]
        self._clearline()
        for c in part1:
            self._addchar(c)
        self._printline()
        for c in part2:
            self._addchar(c)

    # -- the main loop ---------------------------------------------------------
    def feed(self, text: list[int], final: bool = True) -> str:
        """Process input characters; with final=False more may follow (stdin line by line).
        Returns the output produced so far and not yet returned."""
        text = self.held + text
        self.held = []
        n = len(text)
        if not final and text and self.paragraph:
            self.held = text[-1:]    # -p looks at the next character before deciding
            n -= 1
        for pos in range(n):
            c = text[pos]
            if c == 10 and self.paragraph and not self.last_was_eol:
                nxt = text[pos + 1] if pos + 1 < len(text) else -1
                c = 10 if nxt in (9, 10, 11, 12, 13, 32) else 32
            self.last_was_eol = c in (10, 11, 12, 13)
            if c in (9, 10, 11, 12, 13, 32):
                c = 32 if c in (9, 32) else 10
            if 0 < c < 32 and c != 10 or c == 127:
                continue
            self._char(c)
        if final and self.lines[0]:
            self._printline()
        done, self.out = "".join(self.out), []
        return done

    def _char(self, c: int) -> None:
        while True:
            if self.wordbreak == -1:
                if c == 32:
                    return
                self.wordbreak = 0
                if c == 10:
                    return
            if c == 10:
                self._printline()
                self.wordbreak = 0
            elif self._addchar(c):
                if c != 32:
                    self.wordbreak = 3 if self.wordbreak >= 2 else 1
                else:
                    self.wordbreak = 2 if self.wordbreak > 0 else 0
            elif not self.lines[0]:
                for row in self.cur:
                    if self.font.right2left and self.width > 1:
                        self._putstring(row[max(len(row) - self.limit, 0):])
                    else:
                        self._putstring(row)
                self.wordbreak = -1
            elif c == 32:
                if self.wordbreak == 2:
                    self._splitline()
                else:
                    self._printline()
                self.wordbreak = -1
            else:
                if self.wordbreak >= 2:
                    self._splitline()
                else:
                    self._printline()
                self.wordbreak = 1 if self.wordbreak == 3 else 0
                continue            # the character was not added: try it again
            return


def args_stream(words: list[str]) -> list[int]:
    """figlet's Agetchar: words joined by ' ', an empty word gives '\\n', no end mark."""
    out: list[int] = []
    for i, word in enumerate(words):
        out.extend(word.encode("utf-8", "surrogateescape"))
        if i < len(words) - 1:
            out.append(32 if word else 10)
    return out
