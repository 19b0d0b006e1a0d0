"""sqlite3's output modes, as shell.c 3.40.1 draws them: the row-at-a-time modes (list, csv,
tabs, line, json, quote, insert, ascii, html, tcl) and the columnar ones (column, box, table,
markdown, qbox), whose widths are known only once every row is in.

Numbers are formatted by SQLite itself (printf '%!.20g' for REAL in quote/insert/json), the
texts of values as sqlite3_column_text gives them (shell's _text)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

COLUMNAR = frozenset({"column", "box", "table", "markdown", "qbox"})
# box drawing characters (shell.c's BOX_xx: 1 up, 2 right, 3 down, 4 left)
H, V = "─", "│"
_BARE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass
class Settings:
    """What the dot-commands set and the formatters read."""
    mode: str = "list"
    headers: bool = False
    header_set: bool = False            # .headers was given: .mode column leaves it alone
    col_sep: str = "|"
    row_sep: str = "\n"
    null: str = ""
    widths: list[int] = field(default_factory=list)
    wrap: int = 60                       # --wrap N of the columnar modes
    wordwrap: bool = False
    quote: bool = False
    table: str = '"table"'              # .mode insert TABLE (quoted as needed)


def quote_name(name: str, keyword: Callable[[str], bool]) -> str:
    """set_table_name(): quoted with "" unless a plain identifier that is no keyword."""
    if _BARE.match(name) and not keyword(name):
        return name
    return '"' + name.replace('"', '""') + '"'


def sql_string(text: str) -> str:
    """output_quoted_escaped_string(): '...' with newlines and CRs as replace() calls."""
    if "\n" not in text and "\r" not in text:
        return "'" + text.replace("'", "''") + "'"
    nl, cr = _marker("\\n", text), _marker("\\r", text)
    body = text.replace("'", "''").replace("\n", nl).replace("\r", cr)
    out = "'" + body + "'"
    if "\n" in text:
        out = f"replace({out},'{nl}',char(10))"
    if "\r" in text:
        out = f"replace({out},'{cr}',char(13))"
    return out


def _marker(base: str, text: str) -> str:
    # shell.c picks "\n" or, if the text holds it, "\\n", "\\\n"...: the first that is absent
    m = base
    while m in text:
        m = "\\" + m
    return m


def json_string(text: str) -> str:
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch < " ":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out) + '"'


def csv_field(text: str, sep: str) -> str:
    """output_csv(): quoted when empty or holding the separator, a quote, a blank, a control or
    non-ASCII byte."""
    if not text or any(c == '"' or ord(c) <= 32 or ord(c) >= 127 for c in text) or (sep and sep in text):
        return '"' + text.replace('"', '""') + '"'
    return text


# -- the columnar modes -------------------------------------------------------------------
def cell_lines(text: str, width: int, wordwrap: bool) -> list[str]:
    """translateForDisplayAndDup() applied until the text is used up: display lines of a
    cell at most `width` characters wide (0: no limit); tabs to 8, control chars break."""
    lines = []
    tail: str | None = text
    while tail is not None:
        line, tail = _one_line(tail, width, wordwrap)
        lines.append(line)
    return lines


def _one_line(z: str, mx: int, wordwrap: bool) -> tuple[str, str | None]:
    mx = abs(mx) or 1_000_000
    i = n = 0
    while n < mx and i < len(z):
        if z[i] >= " ":
            n, i = n + 1, i + 1
        elif z[i] == "\t":
            n += 1
            while n & 7 and n < mx:
                n += 1
            i += 1
        else:
            break
    k = i
    if n >= mx and wordwrap:
        k = i
        while k > i // 2 and not z[k - 1].isspace():
            k -= 1
        if k <= i // 2:
            k = i
            while k > i // 2 and _alnum(z[k - 1]) == _alnum(z[k] if k < len(z) else "\0"):
                k -= 1
        if k <= i // 2:
            k = i
        else:
            i = k
            while i < len(z) and z[i] == " ":
                i += 1
    nxt = z[i] if i < len(z) else ""
    if n >= mx and nxt >= " " and nxt:
        tail: str | None = z[i:]
    elif z[i:i + 2] == "\r\n":
        tail = z[i + 2:] or None
    elif i + 1 >= len(z):
        tail = None
    else:
        tail = z[i + 1:]
    out, col = [], 0
    for ch in z[:k]:
        if ch >= " ":
            out.append(ch)
            col += 1
        elif ch == "\t":
            out.append(" ")
            col += 1
            while col & 7 and col < mx:
                out.append(" ")
                col += 1
        else:
            break
    return "".join(out), tail


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _fit(text: str, w: int) -> str:
    """utf8_width_print(): cut to |w| characters, padded (left-aligned; right if w < 0)."""
    aw = abs(w)
    if len(text) >= aw:
        return text[:aw]
    return " " * (aw - len(text)) + text if w < 0 else text + " " * (aw - len(text))


def _centre(text: str, w: int) -> str:
    n = len(text)
    return " " * ((w - n) // 2) + text + " " * ((w - n + 1) // 2)


def columnar(s: Settings, names: list[str], rows: list[list[str]]) -> str:
    """exec_prepared_stmt_columnar(): every row is in `rows` (texts; None already nullvalue)."""
    if not rows:
        return ""
    ncol = len(names)
    set_w = [s.widths[i] if i < len(s.widths) else 0 for i in range(ncol)]
    wrap = [abs(w) or s.wrap for w in set_w]
    head = [cell_lines(n, wrap[i], s.wordwrap)[0] for i, n in enumerate(names)]
    grid: list[list[str]] = []          # display rows
    divide: list[bool] = []             # a divider may follow this display row
    multi = False
    for row in rows:
        cells = [cell_lines(v, wrap[i], s.wordwrap) for i, v in enumerate(row)]
        height = max(len(c) for c in cells)
        multi = multi or height > 1
        for h in range(height):
            grid.append([c[h] if h < len(c) else "" for c in cells])
            divide.append(h == height - 1)
    width = [abs(w) for w in set_w]
    for line in [head, *grid]:
        for i, v in enumerate(line):
            width[i] = max(width[i], len(v))
    out: list[str] = []
    mode = s.mode
    if mode == "column":
        sep, end = "  ", "\n"
        if s.headers:
            out.append("  ".join(_fit(h, -width[i] if set_w[i] < 0 else width[i])
                                 for i, h in enumerate(head)) + "\n")
            out.append("  ".join("-" * w for w in width) + "\n")
    elif mode == "table":
        sep, end = " | ", " |\n"
        out.append(_rule("+", "+", "+", "-", width))
        out.append("| " + " | ".join(_centre(h, width[i]) for i, h in enumerate(head)) + " |\n")
        out.append(_rule("+", "+", "+", "-", width))
    elif mode == "markdown":
        sep, end = " | ", " |\n"
        out.append("| " + " | ".join(_centre(h, width[i]) for i, h in enumerate(head)) + " |\n")
        out.append(_rule("|", "|", "|", "-", width))
    else:  # box, qbox
        sep, end = f" {V} ", f" {V}\n"
        out.append(_rule("┌", "┬", "┐", H, width))
        out.append(f"{V} " + f" {V} ".join(_centre(h, width[i]) for i, h in enumerate(head)) + f" {V}\n")
        out.append(_rule("├", "┼", "┤", H, width))
    start = "" if mode == "column" else (f"{V} " if mode in ("box", "qbox") else "| ")
    for r, line in enumerate(grid):
        out.append(start + sep.join(_fit(v, -width[i] if set_w[i] < 0 else width[i])
                                    for i, v in enumerate(line)) + end)
        if multi and divide[r] and r + 1 < len(grid):
            if mode == "table":
                out.append(_rule("+", "+", "+", "-", width))
            elif mode in ("box", "qbox"):
                out.append(_rule("├", "┼", "┤", H, width))
            elif mode == "column":
                out.append("\n")
    if mode == "table":
        out.append(_rule("+", "+", "+", "-", width))
    elif mode in ("box", "qbox"):
        out.append(_rule("└", "┴", "┘", H, width))
    return "".join(out)


def _rule(left: str, mid: str, right: str, dash: str, width: list[int]) -> str:
    return left + mid.join(dash * (w + 2) for w in width) + right + "\n"
