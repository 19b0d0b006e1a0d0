"""jq 1.6's JSON: its number format, its printer (indent, colours, -a, -S), and its input parser
(a port of jv_parse.c's state machine, for its exact error texts and line/column counting)."""
from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from shelldojo.shell.packages.jq_lex import JqError

_DBL_MAX = sys.float_info.max
_COLORS = {"null": "1;30", "false": "0;39", "true": "0;39", "number": "0;39", "string": "0;32",
           "array": "1;39", "object": "1;39"}
_FIELD = "\x1b[34;1m"
_RESET = "\x1b[0m"
_ESC = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def kind(v: Any) -> str:
    if v is None:
        return "null"
    if v is True or v is False:
        return "boolean"
    if isinstance(v, float):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(v)]


def fmt_number(x: float) -> str:
    """jvp_dtoa_fmt: the shortest round-trip digits, exponent form past 17 digits or below 1e-4."""
    if math.isnan(x):
        return "null"
    x = max(-_DBL_MAX, min(_DBL_MAX, x))
    if x == 0:
        return "-0" if math.copysign(1, x) < 0 else "0"
    _, digits, exp = Decimal(repr(abs(x))).normalize().as_tuple()
    ds = "".join(map(str, digits))
    decpt = len(ds) + int(exp)
    neg = "-" if x < 0 else ""
    if decpt <= -4 or decpt > len(ds) + 15:
        mant = ds[0] + ("." + ds[1:] if len(ds) > 1 else "")
        e = decpt - 1
        return f"{neg}{mant}e{'-' if e < 0 else '+'}{abs(e):02d}"
    if decpt <= 0:
        return f"{neg}0.{'0' * -decpt}{ds}"
    if decpt >= len(ds):
        return neg + ds + "0" * (decpt - len(ds))
    return f"{neg}{ds[:decpt]}.{ds[decpt:]}"


def dump_string(s: str, ascii_only: bool = False) -> str:
    s = _NEEDS_ESCAPE.sub(lambda m: _ESC.get(m.group(), f"\\u{ord(m.group()):04x}"), s)
    if ascii_only:
        s = _NON_ASCII.sub(lambda m: "".join(
            f"\\u{u:04x}" for u in _utf16(ord(m.group()))), s)
    return f'"{s}"'


def _utf16(cp: int) -> list[int]:
    if cp < 0x10000:
        return [cp]
    cp -= 0x10000
    return [0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF)]


def dump(v: Any, indent: int = 2, tab: bool = False, sort: bool = False, ascii_only: bool = False,
         color: bool = False) -> str:
    """jv_dump_term: indent 0 is compact output."""
    out: list[str] = []
    unit = "\t" if tab else " " * indent
    pretty = tab or indent > 0

    def term(x: Any, level: int) -> None:
        k = kind(x)
        col = ""
        if color:
            col = f"\x1b[{_COLORS[k if k != 'boolean' else ('true' if x else 'false')]}m"
            out.append(col)
        if x is None:
            out.append("null")
        elif k == "boolean":
            out.append("true" if x else "false")
        elif k == "number":
            out.append(fmt_number(x))
        elif k == "string":
            out.append(dump_string(x, ascii_only))
        elif not x:
            out.append("[]" if k == "array" else "{}")
        else:
            out.append("[" if k == "array" else "{")
            if pretty:
                out.append("\n" + unit * (level + 1))
            items = (sorted(x.items()) if sort else x.items()) if k == "object" else enumerate(x)
            for i, (key, val) in enumerate(items):
                if i:
                    out.append(",\n" + unit * (level + 1) if pretty else ",")
                if k == "object":
                    if color:
                        out.append(_RESET + _FIELD)
                    out.append(dump_string(key, ascii_only))
                    if color:
                        out.append(_RESET + col)
                    out.append(": " if pretty else ":")
                    if color:
                        out.append(_RESET)
                term(val, level + 1)
                out.append(col)
            if pretty:
                out.append("\n" + unit * level)
            out.append(col + ("]" if k == "array" else "}"))
        if color:
            out.append(_RESET)

    term(v, 0)
    return "".join(out)


def desc(v: Any) -> str:
    """`type (value)` as jq's errors show a value, truncated like jv_dump_string_trunc(.., 15)."""
    text = dump(v, indent=0)
    if len(text.encode()) > 14:
        text = text.encode()[:11].decode("utf-8", "ignore") + "..."
    return f"{kind(v)} ({text})"


# -- input -------------------------------------------------------------------------------------
class ParseError(Exception):
    pass


_LITERALS = {"t": ("true", True), "f": ("false", False), "n": ("null", None)}
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_PIECE = re.compile(r'[ \t\r\n]+|"(?:[^"\\]|\\.)*"|[\[\]{}:,]|[^ \t\r\n"\[\]{}:,]+')
_STR_ESC = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|(.))', re.DOTALL)
_NONE = object()
_MAX_DEPTH = 256


class JsonReader:
    """Values of a concatenation of texts (Latin-1 decoded bytes), with where each one ended."""

    def __init__(self, text: str, check: Callable[[], None] | None = None) -> None:
        self.text = text
        self.check = check   # the command's budget check, called as a long text is read
        self.line, self.col = 1, 0
        self.stack: list[Any] = []
        self.next: Any = _NONE
        self.token = ""

    def values(self) -> Iterator[tuple[Any, int]]:
        text, pos, pieces = self.text, 0, 0
        while pos < len(text):
            pieces += 1
            if self.check is not None and not pieces & 4095:
                self.check()
            m = _PIECE.match(text, pos)
            piece = m.group() if m else text[pos:]
            if not m:   # an unterminated string runs to the end
                self._advance(piece)
                raise ParseError(f"Unfinished string at EOF at line {self.line}, column {self.col}")
            c = piece[0]
            if c not in '"[]{}:, \t\r\n':
                self.token += piece
                self.col += len(piece)
                pos = m.end()
                continue
            self._advance(c)
            self._check(self._literal())
            done = self._done()
            if c in " \t\r\n":
                self._advance(piece[1:])
            elif c == '"':
                self._advance(piece[1:])
                self._check(self._value(_string(piece, self)))
                done = self._done()
            elif c in "[]{}:,":
                self._check(self._structure(c))
                done = self._done() if done is _NONE else done
            if done is not _NONE:   # it ends at the first blank after it, or at its last character
                yield done, m.start() if c in " \t\r\n" else m.end() - 1
            pos = m.end()
        msg = self._literal()
        if msg:
            raise ParseError(f"{msg} at EOF at line {self.line}, column {self.col}")
        if self.stack:
            raise ParseError(f"Unfinished JSON term at EOF at line {self.line}, column {self.col}")
        if self.next is not _NONE:
            yield self.next, len(text)

    def _advance(self, chunk: str) -> None:
        nl = chunk.count("\n")
        if nl:
            self.line += nl
            self.col = len(chunk) - chunk.rfind("\n") - 1
        else:
            self.col += len(chunk)

    def _check(self, msg: str | None) -> None:
        if msg:
            raise ParseError(f"{msg} at line {self.line}, column {self.col}")

    def _done(self) -> Any:
        if not self.stack and self.next is not _NONE:
            v, self.next = self.next, _NONE
            return v
        return _NONE

    def _literal(self) -> str | None:
        tok, self.token = self.token, ""
        if not tok:
            return None
        if tok[0] in _LITERALS:
            word, value = _LITERALS[tok[0]]
            return "Invalid literal" if tok != word else self._value(value)
        if not _NUMBER.fullmatch(tok):
            return "Invalid numeric literal"
        return self._value(float(tok))

    def _value(self, v: Any) -> str | None:
        if self.next is not _NONE:
            return "Expected separator between values"
        self.next = v
        return None

    def _structure(self, c: str) -> str | None:
        st, nxt = self.stack, self.next
        top = st[-1] if st else None
        if c in "[{":
            if nxt is not _NONE:
                return "Expected separator between values"
            if len(st) >= _MAX_DEPTH:   # object keys count, as on jq's own stack
                return "Exceeds depth limit for parsing"
            st.append([] if c == "[" else {})
        elif c == ":":
            if not isinstance(top, dict):
                return "':' not as part of an object"
            if not isinstance(nxt, str):
                return "Object keys must be strings"
            st.append(_Key(nxt))
            self.next = _NONE
        elif c == ",":
            if nxt is _NONE:
                return "Expected value before ','"
            if not st:
                return "',' not as part of an object or array"
            if isinstance(top, list):
                top.append(nxt)
            elif isinstance(top, _Key):
                st.pop()
                st[-1][top.key] = nxt
            else:
                return "Objects must consist of key:value pairs"
            self.next = _NONE
        elif c == "]":
            if not isinstance(top, list):
                return "Unmatched ']'"
            if nxt is not _NONE:
                top.append(nxt)
            elif top:
                return "Expected another array element"
            self.next = st.pop()
        else:
            if not st:
                return "Unmatched '}'"
            if nxt is not _NONE:
                if not isinstance(top, _Key):
                    return "Objects must consist of key:value pairs"
                st.pop()
                st[-1][top.key] = nxt
            else:
                if not isinstance(top, dict):
                    return "Unmatched '}'"
                if top:
                    return "Expected another key-value pair"
            self.next = st.pop()
        return None


class _Key:
    def __init__(self, key: str) -> None:
        self.key = key


def _string(piece: str, reader: JsonReader) -> str:
    body = piece[1:-1].encode("latin-1").decode("utf-8", "replace")
    if "\\" not in body:
        return body
    bad: list[str] = []

    def esc(m: re.Match[str]) -> str:
        if m.group(1):
            return chr(int(m.group(1), 16))
        c = m.group(2)
        if c == "u":
            bad.append("Invalid \\uXXXX escape")
        elif c not in _ESC_IN:
            bad.append("Invalid escape")
        return _ESC_IN.get(c, "")

    text = _STR_ESC.sub(esc, body)
    reader._check(bad[0] if bad else None)
    # a surrogate pair written as two escapes is one character; a lone half becomes U+FFFD
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


_ESC_IN = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def parse_one(text: str) -> Any:
    """`fromjson`/`tonumber`/--argjson: exactly one value, jq's message otherwise."""
    values = [v for v, _ in JsonReader(text.encode("utf-8").decode("latin-1")).values()]
    if len(values) != 1:
        raise ParseError("Expected JSON value")
    return values[0]


def check_key(k: Any) -> str:
    if not isinstance(k, str):
        raise JqError(f"Cannot use {desc(k)} as object key")
    return k
