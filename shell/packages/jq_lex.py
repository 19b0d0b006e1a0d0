"""jq 1.6's lexer: tokens with their offsets, strings with their `\\(...)` interpolations."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


class JqError(Exception):
    """A runtime error; `value` is what `error(v)` raised (a message string for jq's own)."""

    def __init__(self, value: Any) -> None:
        super().__init__(value)
        self.value = value


class CompileError(Exception):
    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.pos = pos
        self.extra: list[tuple[str, int]] = []


@dataclass
class Tok:
    kind: str          # IDENT FIELD LITERAL FORMAT QQSTRING_START keyword op INVALID_CHARACTER $end
    text: str
    pos: int
    value: Any = field(default=None)


KEYWORDS = {"as", "def", "if", "then", "elif", "else", "end", "and", "or", "reduce", "foreach",
            "try", "catch", "label", "import", "include", "__loc__"}
_TOKEN = re.compile(r"""
    (?P<ws>\s+|\#[^\n]*)
  | (?P<num>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<field>\.[A-Za-z_][A-Za-z0-9_]*)
  | (?P<ident>(?:[A-Za-z_][A-Za-z0-9_]*::)*[A-Za-z_][A-Za-z0-9_]*)
  | (?P<format>@[A-Za-z0-9_]+)
  | (?P<op>\?//|//=|!=|==|//|\|=|\+=|-=|\*=|/=|%=|<=|>=|\.\.|[.\[\]{}(),:;|+\-*/%<>=$?])
""", re.VERBOSE)
_OPEN = {"(": ")", "[": "]", "{": "}"}
_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "/": "/", "\\": "\\", '"': '"'}


def tokens(text: str, pos: int = 0, stop_at_close: bool = False) -> list[Tok]:
    """Tokens up to the end (or, inside `\\(`, up to its matching `)`), ending with $end."""
    out: list[Tok] = []
    stack: list[str] = []
    last = 0   # where the last text matched starts, blanks included: bison's location of $end
    while pos < len(text):
        last = pos
        if text[pos] == '"':
            parts, end = _string(text, pos)
            out.append(Tok("QQSTRING_START", '"', pos, parts))
            pos = end
            continue
        m = _TOKEN.match(text, pos)
        if m is None:
            out.append(Tok("INVALID_CHARACTER", text[pos], pos))
            pos += 1
            continue
        kind, word = m.lastgroup or "op", m.group()
        start, pos = pos, m.end()
        if kind == "ws":
            continue
        if kind == "num":
            out.append(Tok("LITERAL", word, start, float(word)))
        elif kind == "field":
            out.append(Tok("FIELD", word, start))
        elif kind == "ident":
            out.append(Tok("keyword" if word in KEYWORDS else "IDENT", word, start))
        elif kind == "format":
            out.append(Tok("FORMAT", word, start))
        elif word in _OPEN:
            stack.append(_OPEN[word])
            out.append(Tok("op", word, start))
        elif word in (")", "]", "}"):
            if stack and stack[-1] == word:
                stack.pop()
                out.append(Tok("op", word, start))
            elif not stack and word == ")" and stop_at_close:
                out.append(Tok("$end", "", start))
                out[-1].value = pos
                return out
            else:
                # jq's lexer turns a closer that matches no opener into an invalid character
                out.append(Tok("INVALID_CHARACTER", word, start))
        else:
            out.append(Tok("op", word, start))
    if stop_at_close:
        raise CompileError("syntax error, unexpected $end (Unix shell quoting issues?)", len(text))
    out.append(Tok("$end", "", last, len(text)))
    return out


def _string(text: str, pos: int) -> tuple[list[Any], int]:
    """A string literal from its opening quote: its parts (str, or the tokens of `\\(...)`)."""
    parts: list[Any] = []
    buf: list[str] = []
    i = pos + 1
    while True:
        if i >= len(text):
            # reported at the last token read: the string's text, if it has any
            raise CompileError("syntax error, unexpected $end, expecting QQSTRING_TEXT or "
                               "QQSTRING_INTERP_START or QQSTRING_END (Unix shell quoting issues?)",
                               pos + 1 if buf else pos)
        c = text[i]
        if c == '"':
            break
        if c != "\\":
            buf.append(c)
            i += 1
            continue
        nxt = text[i + 1:i + 2]
        if nxt in _ESCAPES:
            buf.append(_ESCAPES[nxt])
            i += 2
        elif nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", text[i + 2:i + 6]):
            buf.append(chr(int(text[i + 2:i + 6], 16)))
            i += 6
        elif nxt == "(":
            if buf:
                parts.append("".join(buf))
                buf = []
            inner = tokens(text, i + 2, stop_at_close=True)
            parts.append(inner)
            i = inner[-1].value
        else:
            raise CompileError("syntax error, unexpected INVALID_CHARACTER, expecting QQSTRING_TEXT or "
                               "QQSTRING_INTERP_START or QQSTRING_END (Unix shell quoting issues?)", i)
    if buf or not parts:
        parts.append("".join(buf))
    # surrogate pairs written as two \\u escapes become one character, as jq's lexer joins them
    parts = [p.encode("utf-16", "surrogatepass").decode("utf-16", "replace") if isinstance(p, str) else p
             for p in parts]
    return parts, i + 1
