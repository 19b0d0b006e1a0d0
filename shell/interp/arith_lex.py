"""Bash arithmetic's lexer (bash 5.2 expr.c: readtok and strlong), its error type and the
integer helpers shared with the evaluator in arith.py.

Tokens: NUM (value in tokval), STR (a name, maybe with [subscript], in tokstr), EOF, and
operator strings; "OP=" is a compound assignment whose operator is in assigntok, "PRE+",
"POST-"... are increments. Errors quote the text from the last token read, as bash does.
"""
from __future__ import annotations

from typing import Protocol


class ArithEnv(Protocol):
    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...


class ArithError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_MASK = (1 << 64) - 1

# token kinds that are not single characters
NUM, STR, EOF = "NUM", "STR", ""
_ASSIGN_OPS = set("*/%+-&^|")
_ARITH_CHARS = set("=><+-*/%!()&|^~?:,")
WS = " \t\n"  # bash: \r, \f and \v are not blanks in arithmetic


def wrap(v: int) -> int:
    """Wrap to a signed 64-bit value, as bash's intmax_t arithmetic does."""
    v &= _MASK
    return v - (1 << 64) if v >> 63 else v


class Lexer:
    """Token state over one expression; the evaluator (arith._Expr) extends it with the grammar."""

    def __init__(self, text: str, env: ArithEnv, depth: int) -> None:
        self.text = text
        self.env = env
        self.depth = depth
        self.cp = 0
        self.lasttp = 0
        self.curtok: str = EOF
        self.lasttok: str = EOF
        self.tokval = 0
        self.tokstr = ""
        self.assigntok = ""
        self.noeval = 0

    # -- errors ----------------------------------------------------------------
    def error(self, msg: str, end: int | None = None) -> ArithError:
        expr = self.text if end is None else self.text[:end]
        token = self.text[self.lasttp:end] if end is not None else self.text[self.lasttp:]
        return ArithError(f'{expr.lstrip(WS)}: {msg} (error token is "{token}")')

    # -- lexer -------------------------------------------------------------------
    def readtok(self) -> None:
        text, cp = self.text, self.cp
        n = len(text)
        while cp < n and text[cp] in WS:
            cp += 1
        if cp >= n:
            self.lasttok, self.curtok, self.cp = self.curtok, EOF, cp
            return
        tp = self.lasttp = cp
        c = text[cp]
        cp += 1
        if c.isascii() and (c.isalpha() or c == "_"):
            while cp < n and text[cp].isascii() and (text[cp].isalnum() or text[cp] == "_"):
                cp += 1
            if cp < n and text[cp] == "[":
                end = _skip_subscript(text, cp)
                if end < 0:
                    raise self.error("bad array subscript")
                cp = end + 1
            self.tokstr = text[tp:cp]
            self.cp = cp
            self.lasttok, self.curtok = self.curtok, STR
            return
        if c.isdigit():
            while cp < n and (text[cp].isascii() and text[cp].isalnum() or text[cp] in "#@_"):
                cp += 1
            self.tokval = self._strlong(text[tp:cp], cp)
            self.cp = cp
            self.lasttok, self.curtok = self.curtok, NUM
            return
        c1 = text[cp] if cp < n else ""
        cp += 1
        tok = c
        if c == "=" and c1 == "=":
            tok = "=="
        elif c in "!><" and c1 == "=":
            tok = c + "="
        elif c in "<>" and c1 == c:
            if cp < n and text[cp] == "=":
                self.assigntok, tok = c + c, "OP="
                cp += 1
            else:
                tok = c + c
        elif c in "&|" and c1 == c:
            tok = c + c
        elif c == "*" and c1 == "*":
            tok = "**"
        elif c in "+-" and c1 == c and self.curtok == STR:
            tok = "POST" + c
        elif c in "+-" and c1 == c and self.curtok == NUM and self.lasttok in ("PRE+", "PRE-"):
            self.cp = cp
            raise self.error(f"{c}{c}: assignment requires lvalue")
        elif c in "+-" and c1 == c:
            xp = cp
            while xp < n and text[xp] in WS:
                xp += 1
            if xp < n and text[xp].isascii() and (text[xp].isalpha() or text[xp] == "_"):
                tok = "PRE" + c
            else:
                cp -= 1
        elif c1 == "=" and c in _ASSIGN_OPS:
            self.assigntok, tok = c, "OP="
        elif c not in _ARITH_CHARS:
            if self.curtok in (NUM, STR):
                raise self.error("syntax error: invalid arithmetic operator")
            raise self.error("syntax error: operand expected")
        else:
            cp -= 1
        self.cp = cp
        self.lasttok, self.curtok = self.curtok, tok

    def _strlong(self, num: str, end: int) -> int:
        s, i = num, 0
        base, foundbase = 10, False
        if s[0] == "0":
            i = 1
            if len(s) == 1:
                return 0
            if s[1] in "xX":
                base, i = 16, 2
            else:
                base = 8
            foundbase = True
        val = 0
        while i < len(s):
            c = s[i]
            i += 1
            if c == "#":
                if foundbase:
                    raise self.error("invalid number", end)
                if val < 2 or val > 64:
                    raise self.error("invalid arithmetic base", end)
                base, val, foundbase = val, 0, True
                if i >= len(s) or _digit(s[i], base, strict=False) is None:
                    raise self.error("invalid integer constant", end)
                continue
            d = _digit(c, base, strict=False)
            if d is None or d >= base:
                raise self.error("value too great for base", end)
            val = (val * base + d) & _MASK
        return wrap(val)


def _digit(c: str, base: int, strict: bool = True) -> int | None:
    """Value of one digit character in `base` (bash's rules for bases above 36)."""
    if not c.isascii():
        return None
    if c.isdigit():
        d = ord(c) - 48
    elif "a" <= c <= "z":
        d = ord(c) - 87
    elif "A" <= c <= "Z":
        d = ord(c) - (55 if base <= 36 else 29)
    elif c == "@":
        d = 62
    elif c == "_":
        d = 63
    else:
        return None
    if strict and d >= base:
        return None
    return d


def _skip_subscript(text: str, i: int) -> int:
    """Index of the ']' closing the '[' at i, or -1."""
    depth = 0
    while i < len(text):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1
