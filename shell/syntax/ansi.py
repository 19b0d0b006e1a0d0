"""ANSI-C quoting: the body of $'...' (and the \\u / \\U conversion printf shares)."""
from __future__ import annotations

_ANSI = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r",
         "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}


def utf8_any(code: int) -> bytes:
    """bash's u32cconv for \\u and \\U: any value up to 2**31-1 as (extended) UTF-8 bytes, a
    surrogate or a value past U+10FFFF included; larger values give nothing."""
    if code < 0x80:
        return bytes([code])
    if code > 0x7FFFFFFF:
        return b""
    n = next(k for k in (2, 3, 4, 5, 6) if code < 1 << (5 * k + 1))
    tail = []
    for _ in range(n - 1):
        tail.append(0x80 | code & 0x3F)
        code >>= 6
    return bytes([(0xFF00 >> n) & 0xFF | code, *reversed(tail)])


def ansi_c(src: str, pos: int, n: int) -> tuple[str, int] | None:
    """Decode $'...' from src[pos] (just after the opening quote) up to n: (text, end after the
    closing quote), or None when the quote is not closed."""
    out: list[str] = []
    i = pos
    while True:
        if i >= n:
            return None
        c = src[i]
        if c == "'":
            return "".join(out), i + 1
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        e = src[i + 1]
        i += 2
        if e in _ANSI:
            out.append(_ANSI[e])
        elif e in "01234567":
            j = i - 1
            while j < n and j < i + 2 and src[j] in "01234567":
                j += 1
            out.append(bytes([int(src[i - 1:j], 8) & 0xFF]).decode("utf-8", "surrogateescape"))
            i = j
        elif e in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[e]
            j = i
            while j < n and j < i + width and src[j] in "0123456789abcdefABCDEF":
                j += 1
            if j == i:
                out.append("\\" + e)
            else:
                code = int(src[i:j], 16)
                if e == "x" and code >= 0x80:
                    out.append(bytes([code]).decode("utf-8", "surrogateescape"))
                else:
                    out.append(utf8_any(code).decode("utf-8", "surrogateescape"))
                i = j
        elif e == "c" and i < n:
            out.append(chr(ord(src[i]) & 0x1F))
            i += 1
        else:
            out.append("\\" + e)
