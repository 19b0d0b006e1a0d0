"""The engine of bash's builtin printf (and echo -e escapes), working on bytes.

C's printf counts bytes for width and precision, and %c prints one byte, so the
format and arguments are handled as UTF-8 bytes (surrogateescape keeps raw bytes).
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable

from shelldojo.shell.syntax.ansi import utf8_any

_SIMPLE = {ord("a"): 7, ord("b"): 8, ord("e"): 27, ord("E"): 27, ord("f"): 12, ord("n"): 10,
           ord("r"): 13, ord("t"): 9, ord("v"): 11, ord("\\"): 92}
_HEX = b"0123456789abcdefABCDEF"
_OCT = b"01234567"
_INT_MIN, _INT_MAX = -(1 << 63), (1 << 63) - 1


def enc(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


def dec(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


class Stop(Exception):
    """\\c in %b or echo -e: no more output at all."""


def expand_escapes(s: bytes, mode: str, warn: Callable[[str], None] | None = None) -> bytes:
    """Backslash escapes.  mode "format": printf's format string (\\NNN, no \\c);
    "b": printf %b (\\0NNN and \\NNN, \\c stops); "echo": echo -e (\\0NNN only, \\c stops,
    a bare \\x or \\u stays literal without a warning)."""
    out = bytearray()
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c != 92 or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        e = s[i + 1]
        i += 2
        if e in _SIMPLE:
            out.append(_SIMPLE[e])
        elif e == ord("c") and mode != "format":
            raise Stop(bytes(out))
        elif e in b"'\"?" and mode == "format":
            out.append(e)
        elif e in _OCT and (mode != "echo" or e == ord("0")):
            start = i - 1
            maxlen = 3
            if e == ord("0") and mode != "format":
                start, maxlen = i, 3
            j = start
            while j < n and j - start < maxlen and s[j] in _OCT:
                j += 1
            out.append(int(s[start:j] or b"0", 8) & 0xFF)
            i = j
        elif e in b"xuU":
            maxlen = {ord("x"): 2, ord("u"): 4, ord("U"): 8}[e]
            j = i
            while j < n and j - i < maxlen and s[j] in _HEX:
                j += 1
            if j == i:
                if mode != "echo" and warn:
                    warn("missing hex digit for \\x" if e == ord("x") else f"missing unicode digit for \\{chr(e)}")
                out += b"\\" + bytes([e])
                continue
            v = int(s[i:j], 16)
            i = j
            if e == ord("x"):
                out.append(v)
            else:
                out += utf8_any(v)  # as bash: a surrogate or a value past U+10FFFF too
        else:
            out += b"\\" + bytes([e])
    return bytes(out)


# -- shell quoting (%q) ------------------------------------------------------------
_BS = set(b" \t\n!\"$&'()*,;<>?[\\]^`{|}")


def _printable(text: str) -> bool:
    return all(ch.isprintable() and not (0xDC80 <= ord(ch) <= 0xDCFF) for ch in text)


def shell_quote(arg: bytes) -> bytes:
    if not arg:
        return b"''"
    text = dec(arg)
    if not _printable(text):
        out = bytearray(b"$'")
        for ch in text:
            o = ord(ch)
            names = {7: b"\\a", 8: b"\\b", 27: b"\\E", 12: b"\\f", 10: b"\\n", 13: b"\\r", 9: b"\\t",
                     11: b"\\v", 92: b"\\\\", 39: b"\\'"}
            if o in names:
                out += names[o]
            elif 0xDC80 <= o <= 0xDCFF:
                out += b"\\%03o" % (o - 0xDC00)
            elif not ch.isprintable():
                for byte in enc(ch):
                    out += b"\\%03o" % byte
            else:
                out += enc(ch)
        return bytes(out) + b"'"
    out = bytearray()
    for k, ch in enumerate(text):
        o = ord(ch)
        prev = text[k - 1] if k else ""
        if (o < 128 and o in _BS) or (ch == "#" and k == 0) or (ch == "~" and (k == 0 or prev in ":=")):
            out += b"\\"
        out += enc(ch)
    return bytes(out)


# -- numbers --------------------------------------------------------------------
_INT_RE = re.compile(rb"[ \t\n\r\f\v]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)")
_FLOAT_RE = re.compile(
    rb"[ \t\n\r\f\v]*[+-]?(?:inf(?:inity)?|nan|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)"
    rb"(?:[pP][+-]?[0-9]+)?|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)", re.IGNORECASE)


def _invalid(arg: bytes) -> str:
    if arg[:1] == b"0" and arg[1:2].isdigit():
        return f"{dec(arg)}: invalid octal number"
    if arg[:2] in (b"0x", b"0X"):
        return f"{dec(arg)}: invalid hex number"
    return f"{dec(arg)}: invalid number"


def _char_code(arg: bytes) -> int:
    rest = dec(arg[1:])
    return ord(rest[0]) if rest else 0


def parse_int(arg: bytes, unsigned: bool, errors: list[str]) -> int:
    if not arg:
        return 0
    if arg[:1] in (b"'", b'"'):
        return _char_code(arg)
    m = _INT_RE.match(arg)
    if not m:
        errors.append(_invalid(arg))
        return 0
    sign, digits = m.group(1), m.group(2)
    if digits[:2] in (b"0x", b"0X"):
        v = int(digits, 0)
    elif digits.startswith(b"0"):
        v = int(digits, 8)
    else:
        v = int(digits)
    if sign == b"-":
        v = -v
    if m.end() != len(arg):
        errors.append(_invalid(arg))
    lo, hi = (-(1 << 64) + 1, (1 << 64) - 1) if unsigned else (_INT_MIN, _INT_MAX)
    if not lo <= v <= hi:
        errors.append(f"warning: {dec(arg)}: Numerical result out of range")
        v = hi if v > 0 else (lo if not unsigned else 1 << 63)
    return v & ((1 << 64) - 1) if unsigned else v


def parse_float(arg: bytes, errors: list[str]) -> float:
    if not arg:
        return 0.0
    if arg[:1] in (b"'", b'"'):
        return float(_char_code(arg))
    m = _FLOAT_RE.match(arg)
    if not m:
        errors.append(f"{dec(arg)}: invalid number")
        return 0.0
    text = m.group(0).strip().decode()
    try:
        v = float.fromhex(text) if "x" in text.lower() else float(text)
    except (ValueError, OverflowError):
        v = 0.0
    if m.end() != len(arg):
        errors.append(f"{dec(arg)}: invalid number")
    return v


# -- conversions ----------------------------------------------------------------------
def pad(body: bytes, flags: str, width: int | None) -> bytes:
    if width is None or len(body) >= width:
        return body
    fill = b" " * (width - len(body))
    return body + fill if "-" in flags else fill + body


def format_int(v: int, conv: str, flags: str, width: int | None, prec: int | None) -> bytes:
    neg = v < 0
    a = -v if neg else v
    base = {"d": 10, "i": 10, "u": 10, "o": 8, "x": 16, "X": 16}[conv]
    digits = {10: "%d", 8: "%o", 16: "%x"}[base] % a
    if conv == "X":
        digits = digits.upper()
    if prec is not None:
        digits = "" if prec == 0 and a == 0 else digits.rjust(prec, "0")
    prefix = ""
    if conv in "di":
        prefix = "-" if neg else ("+" if "+" in flags else (" " if " " in flags else ""))
    elif "#" in flags:
        if conv == "o" and not digits.startswith("0"):
            digits = "0" + digits
        elif conv in "xX" and a != 0:
            prefix = "0" + conv
    if "0" in flags and "-" not in flags and prec is None and width is not None:
        digits = digits.rjust(width - len(prefix), "0")
    return pad((prefix + digits).encode(), flags, width)


def format_float(v: float, conv: str, flags: str, width: int | None, prec: int | None) -> bytes:
    if conv in "aA":
        body = v.hex() if conv == "a" else v.hex().upper()
        return pad(body.encode(), flags, width)
    spec = "%" + "".join(f for f in "-+ #0" if f in flags)
    if width is not None:
        spec += str(width)
    if prec is not None:
        spec += f".{prec}"
    return ((spec + conv) % v).encode()


def format_time(fmt: str, arg: bytes, errors: list[str]) -> bytes:
    secs = parse_int(arg, False, errors) if arg else -1
    now = time.time()
    when = now if secs in (-1, -2) else secs
    try:
        return enc(time.strftime(fmt or "%X", time.localtime(when)))
    except (ValueError, OverflowError, OSError):
        return b""
