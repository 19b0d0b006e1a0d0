"""vi's command line (`:w`, `:q`, `:e`, `:set`, `:%s`, `:N`) and the file messages vim prints.

Messages follow vim 9.0 (Debian's vim.tiny, recorded in tmux): as `vi` it runs in Vi-compatible
mode (`"f" 3 lines, 45 bytes`, `[New File]`); as `vim` with defaults.vim's 'shortmess'
(`"f" 3L, 45B`, `[New]`)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shelldojo.shell.commands.editors.vi_motions import first_nonblank, vim_regex

if TYPE_CHECKING:
    from shelldojo.shell.commands.editors.vi_app import Editor

E37 = "E37: No write since last change (add ! to override)"
E32 = "E32: No file name"


@dataclass
class Loaded:
    """What opening a file found: kind is "file", "new", "newdir", "dir" or "denied"."""
    text: str | None
    kind: str = "file"
    readonly: bool = False


def counts(compat: bool, nlines: int, nbytes: int) -> str:
    if not compat:
        return f"{nlines}L, {nbytes}B"
    return (f"{nlines} line{'' if nlines == 1 else 's'}, "
            f"{nbytes} byte{'' if nbytes == 1 else 's'}")


def load_message(name: str, loaded: Loaded, compat: bool) -> str:
    if loaded.kind == "dir":
        return f'"{name}" is a directory'
    if loaded.kind == "denied":
        return f'"{name}" [Permission Denied]'
    if loaded.kind == "newdir":
        return f'"{name}" [New DIRECTORY]'
    if loaded.kind == "new" or loaded.text is None:
        return f'"{name}" [New File]' if compat else f'"{name}" [New]'
    text = loaded.text
    nlines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
    notes = "[readonly] " if loaded.readonly else ""
    if text and not text.endswith("\n"):
        notes += "[Incomplete last line] " if compat else "[noeol] "
    return f'"{name}" {notes}{counts(compat, nlines, len(text.encode("utf-8", "surrogateescape")))}'


def write(ed: Editor, name: str, bang: bool, rows: tuple[int, int] | None = None) -> bool:
    """:w [name]: False (with vim's error as the message) when nothing was written."""
    target = name or ed.filename
    if not target:
        ed.fail(E32)
        return False
    whole = rows is None or rows == (0, len(ed.lines) - 1)
    if target == ed.filename and ed.readonly and not bang:
        ed.fail("E45: 'readonly' option is set (add ! to override)")
        return False
    exists = ed.exists(target)
    if target != ed.filename and exists and not bang:
        ed.fail("E13: File exists (add ! to override)")
        return False
    lines = ed.lines if rows is None else ed.lines[rows[0]:rows[1] + 1]
    data = ("".join(x + "\n" for x in lines) if not ed.empty() else "").encode("utf-8", "surrogateescape")
    try:
        ed.save(target, data)
    except OSError:
        ed.fail(f'"{target}" E212: Can\'t open file for writing')
        return False
    new = "" if exists else ("[New File] " if ed.compat else "[New] ")
    nlines = 0 if ed.empty() else len(lines)
    ed.say(f'"{target}" {new}{counts(ed.compat, nlines, len(data))} written')
    if not ed.filename:
        ed.filename = target
    if target == ed.filename and whole:
        ed.modified = False
    return True


def _range(ed: Editor, spec: str) -> tuple[int, int] | None:
    """`%`, `N`, `N,M`, `.`, `$` as 0-based rows (None when the text is no range)."""
    def one(part: str) -> int | None:
        if part == ".":
            return ed.row
        if part == "$":
            return len(ed.lines) - 1
        return int(part) - 1 if part.isdigit() else None
    if spec == "%":
        return 0, len(ed.lines) - 1
    first, _, second = spec.partition(",")
    a = one(first)
    b = one(second) if second else a
    if a is None or b is None:
        return None
    return max(0, min(a, b)), min(len(ed.lines) - 1, max(a, b))


def _substitute(ed: Editor, rows: tuple[int, int], arg: str) -> None:
    if not arg or arg[0].isalnum() or arg[0] in " \\\"|":
        ed.fail("E492: Not an editor command: s" + arg)
        return
    parts = re.split(r"(?<!\\)" + re.escape(arg[0]), arg[1:])
    pattern = parts[0] or ed.last_search
    repl = parts[1] if len(parts) > 1 else ""
    flags = parts[2] if len(parts) > 2 else ""
    rx = vim_regex(pattern)
    if rx is None:
        ed.fail(f"E486: Pattern not found: {pattern}")
        return
    ed.last_search = pattern

    def expand(m: re.Match[str]) -> str:
        out, i = [], 0
        while i < len(repl):
            ch = repl[i]
            if ch == "\\" and i + 1 < len(repl):
                nxt = repl[i + 1]
                out.append(m.group(int(nxt)) or "" if nxt.isdigit() else {"n": "\0", "t": "\t"}.get(nxt, nxt))
                i += 2
                continue
            out.append(m.group(0) if ch == "&" else ch)
            i += 1
        return "".join(out)
    total, on, last = 0, 0, -1
    new_lines = list(ed.lines)
    for r in range(rows[0], rows[1] + 1):
        text, n = rx.subn(expand, new_lines[r], count=0 if "g" in flags else 1)
        if n:
            total, on, last = total + n, on + 1, r
            new_lines[r] = text
    if not total:
        ed.fail(f"E486: Pattern not found: {pattern}")
        return
    ed.begin_change()
    ed.lines = new_lines
    ed.row, ed.col = last, first_nonblank(new_lines[last])
    ed.modified = True
    if total > 2:
        ed.say(f"{total} substitution{'s' if total > 1 else ''} on {on} line{'s' if on > 1 else ''}")


def _set(ed: Editor, args: str) -> None:
    for word in args.split():
        if word in ("nu", "number"):
            ed.number = True
        elif word in ("nonu", "nonumber"):
            ed.number = False
        elif word in ("ro", "readonly", "noro", "noreadonly"):
            ed.readonly = not word.startswith("no")
        else:
            ed.fail(f"E518: Unknown option: {word}")
            return


def run(ed: Editor, line: str) -> None:
    """One command line typed after `:` (history-free, one command)."""
    text = line.strip().lstrip(":").strip()
    m = re.match(r"(%|[.$\d]+(?:,[.$\d]+)?)?\s*(.*)", text)
    assert m is not None
    spec, rest = m.group(1), m.group(2)
    rows = _range(ed, spec) if spec else None
    if spec and rows is None:
        ed.fail("E16: Invalid range")
        return
    if not rest:
        if rows is not None:   # `:N` goes to line N
            ed.row = rows[1]
            ed.col = first_nonblank(ed.lines[ed.row])
        return
    cm = re.match(r"([a-zA-Z]+)(!?)\s*(.*)", rest)
    if not cm:
        if rest[0] == "s" or rest.startswith("&"):
            _substitute(ed, rows or (ed.row, ed.row), rest[1:])
        else:
            ed.fail(f"E492: Not an editor command: {text}")
        return
    name, bang, arg = cm.group(1), cm.group(2) == "!", cm.group(3)
    if name in ("s", "su", "substitute") or re.fullmatch(r"s[^a-zA-Z]", rest[:2]):
        _substitute(ed, rows or (ed.row, ed.row), rest[len(name) if name.startswith("su") else 1:])
    elif name in ("w", "write"):
        write(ed, arg, bang, rows)
    elif name in ("q", "quit"):
        if ed.modified and not bang:
            ed.fail(E37)
        else:
            ed.quit()
    elif name in ("wq", "x", "xit", "exit"):
        if (name != "wq" and not ed.modified and not arg) or write(ed, arg, bang, rows):
            ed.quit()
    elif name in ("e", "edit"):
        if ed.modified and not bang:
            ed.fail(E37)
        elif not arg and not ed.filename:
            ed.fail(E32)
        else:
            ed.open(arg or ed.filename)
    elif name in ("se", "set"):
        _set(ed, arg)
    elif name in ("d", "delete"):
        r = rows or (ed.row, ed.row)
        ed.delete_lines(r[0], r[1] - r[0] + 1)
    else:
        ed.fail(f"E492: Not an editor command: {text}")
