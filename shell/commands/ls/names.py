"""How ls shows a name: GNU quotearg's quoting styles, and filevercmp for ls -v."""
from __future__ import annotations

import functools

STYLES = ("literal", "shell", "shell-always", "shell-escape", "shell-escape-always", "c", "c-maybe",
          "escape", "locale", "clocale")
# Styles whose quotes come and go per name: ls then indents unquoted names by one column.
VARIABLE_QUOTES = ("shell", "shell-escape", "c-maybe")

_SHELL_SPECIAL = set(" !\"$&()*;<=>?[\\^`|'\t")
_C_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}
# Characters quotearg counts as written the same in C and shell quoting (all_c_and_shell_quote_compat).
_COMPAT_PUNCT = set(" '%+,-./:]_@")


def _raw_byte(ch: str) -> int | None:
    """The byte behind a surrogateescape'd character, or None for a real character."""
    o = ord(ch)
    return o - 0xDC00 if 0xDC80 <= o <= 0xDCFF else None


def _printable(ch: str) -> bool:
    return _raw_byte(ch) is None and ch.isprintable()


def _c_escape(ch: str, quote: str) -> str:
    if ch in _C_ESCAPES:
        return _C_ESCAPES[ch]
    if ch == "\\" or ch == quote:
        return "\\" + ch
    if _printable(ch):
        return ch
    data = bytes([_raw_byte(ch)]) if _raw_byte(ch) is not None else ch.encode("utf-8")
    return "".join(f"\\{b:03o}" for b in data)


def _needs_shell_quotes(name: str) -> bool:
    if not name:
        return True
    if name[0] in "#~" or name in ("{", "}"):
        return True
    return any(c in _SHELL_SPECIAL or not _printable(c) for c in name)


def _shell_quote(name: str, always: bool, escape: bool, qmark: bool) -> str:
    if not always and not _needs_shell_quotes(name):
        return name
    if "'" in name and all(c.isalnum() or c in _COMPAT_PUNCT or (c in "#~" and i == 0)
                           for i, c in enumerate(name)) and all(_printable(c) for c in name):
        return f'"{name}"'
    if not escape:
        text = "".join("?" if qmark and not _printable(c) else c for c in name)
        return "'" + text.replace("'", "'\\''") + "'"
    out, inside = [], False
    for c in name:
        if _printable(c) or c == " ":
            if not inside:
                out.append("'")
                inside = True
            out.append("'\\''" if c == "'" else c)
        else:
            if inside:
                out.append("'")
                inside = False
            out.append("$'" + _c_escape(c, "'") + "'")
    if inside:
        out.append("'")
    return "".join(out)


def quote_name(name: str, style: str, qmark: bool = False) -> str:
    """NAME as ls prints it under quoting STYLE (qmark: show unprintable bytes as '?')."""
    if style == "literal":
        return "".join("?" if qmark and not _printable(c) else c for c in name)
    if style in ("shell", "shell-always"):
        return _shell_quote(name, style == "shell-always", False, qmark)
    if style in ("shell-escape", "shell-escape-always"):
        return _shell_quote(name, style == "shell-escape-always", True, qmark)
    if style == "c":
        return '"' + "".join(_c_escape(c, '"') for c in name) + '"'
    if style == "c-maybe":
        if any(c == '"' or not _printable(c) for c in name):
            return '"' + "".join(_c_escape(c, '"') for c in name) + '"'
        return name
    if style == "escape":
        return "".join("\\ " if c == " " else _c_escape(c, "") for c in name)
    # locale / clocale in a UTF-8 locale: ‘name’ with C escapes inside.
    return "\u2018" + "".join(_c_escape(c, "") for c in name) + "\u2019"


# -- ls -v: gnulib filevercmp --------------------------------------------------
def _order(s: bytes, pos: int) -> int:
    if pos == len(s):
        return 0
    c = s[pos]
    if 48 <= c <= 57:
        return 0
    if 65 <= c <= 90 or 97 <= c <= 122:
        return c
    if c == 126:
        return -1
    return c + 256


def _isdigit(s: bytes, pos: int) -> bool:
    return pos < len(s) and 48 <= s[pos] <= 57


def _verrevcmp(s1: bytes, s2: bytes) -> int:
    p1 = p2 = 0
    while p1 < len(s1) or p2 < len(s2):
        first_diff = 0
        while (p1 < len(s1) and not _isdigit(s1, p1)) or (p2 < len(s2) and not _isdigit(s2, p2)):
            c1, c2 = _order(s1, p1), _order(s2, p2)
            if c1 != c2:
                return c1 - c2
            p1 += 1
            p2 += 1
        while p1 < len(s1) and s1[p1] == 48:
            p1 += 1
        while p2 < len(s2) and s2[p2] == 48:
            p2 += 1
        while _isdigit(s1, p1) and _isdigit(s2, p2):
            if not first_diff:
                first_diff = s1[p1] - s2[p2]
            p1 += 1
            p2 += 1
        if _isdigit(s1, p1):
            return 1
        if _isdigit(s2, p2):
            return -1
        if first_diff:
            return first_diff
    return 0


def _alnum(c: int) -> bool:
    return 48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122


def _prefixlen(s: bytes) -> int:
    """Length of S without its trailing suffixes like '.tar.gz' (regex (\\.[A-Za-z~][A-Za-z0-9~]*)*$).

    The match may start at 0, so a hidden name such as '.bashrc' is all suffix (prefix '')."""
    n, i = len(s), 0
    while True:
        prefix = i
        while i + 1 < n and s[i] == 46 and (65 <= s[i + 1] <= 90 or 97 <= s[i + 1] <= 122 or s[i + 1] == 126):
            i += 2
            while i < n and (_alnum(s[i]) or s[i] == 126):
                i += 1
        if i >= n:
            return prefix
        i += 1


def filevercmp(a: bytes, b: bytes) -> int:
    if not a or not b:
        return -int(bool(b)) if not a else 1
    if a[:1] == b"." or b[:1] == b".":
        if a[:1] != b[:1]:
            return -1 if a[:1] == b"." else 1
        for special in (b".", b".."):
            if a == special or b == special:
                return 0 if a == b else -1 if a == special else 1
    pa, pb = _prefixlen(a), _prefixlen(b)
    result = _verrevcmp(a[:pa], b[:pb])
    if result or (pa == len(a) and pb == len(b)):
        return result
    return _verrevcmp(a, b)


def version_key(name: str) -> object:
    """Sort key for ls -v: filevercmp, ties broken by byte order."""
    data = name.encode("utf-8", "surrogateescape")

    def cmp(x: bytes, y: bytes) -> int:
        return filevercmp(x, y) or (x > y) - (x < y)
    return functools.cmp_to_key(cmp)(data)
