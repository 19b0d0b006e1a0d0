"""Text laid out for a terminal's width: lines break between words only (never inside a word,
a file name or an option), a continuation line hangs under its text, ANSI attributes take no
room.  Used for everything the trainer prints (shell/repl/trainer_view.py, welcome.py, the
celebration), always with the width the terminal has when the text is printed."""
from __future__ import annotations

import re

from prompt_toolkit.utils import get_cwidth

RESET = "\x1b[0m"
MIN_TEXT = 24      # fewer columns than this beside a prefix: the text goes under it instead
KEEP = "\u00a0"    # a space that does not break: words joined by it are wrapped as one (printed as " ")

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def visible_len(text: str) -> int:
    """Columns `text` takes on a terminal (its ANSI attributes take none; a wide character two)."""
    return get_cwidth(_ANSI.sub("", text))


def _words(text: str, width: int) -> list[str]:
    """`text` cut into lines of at most `width` columns between words (a word is everything
    between spaces, so a file name, an option or a path is never cut; one longer than the
    line stands alone).  Spaces inside a line are kept as written."""
    lines: list[str] = []
    line, used = "", 0
    for gap, word in re.findall(r"( *)([^ ]+)", text):
        size = visible_len(word)
        if line and used + len(gap) + size > width:
            lines.append(line)
            line, used = word, size
        elif line:
            line, used = line + gap + word, used + len(gap) + size
        else:
            line, used = word, size
    return lines + [line]


def hang(prefix: str, text: str, width: int, style: str = "") -> str:
    """`prefix` then `text` wrapped to `width` columns, each further line hanging under the
    text's first column; `style` (ANSI attributes) is laid over the text on every line."""
    lead = visible_len(prefix)
    if prefix.strip() and text and lead + MIN_TEXT > width:  # no room beside it: under it
        indent = len(prefix) - len(prefix.lstrip(" ")) + 4
        return prefix.rstrip(" ") + "\n" + hang(" " * indent, text, width, style)
    end = RESET if style else ""
    lines = _words(text, max(width - lead, 1))
    return "\n".join((prefix if i == 0 else " " * lead) + style + line.replace(KEEP, " ") + end
                     for i, line in enumerate(lines))


def fit(text: str, width: int) -> str:
    """Any text made to fit `width` columns: each too long line is wrapped between words,
    hanging under its own indentation."""
    out = []
    for line in text.split("\n"):
        if visible_len(line) <= width:
            out.append(line)
        else:
            body = line.lstrip(" ")
            out.append(hang(line[:len(line) - len(body)], body, width))
    return "\n".join(out)
