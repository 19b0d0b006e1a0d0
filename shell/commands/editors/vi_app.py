"""vi's editor: a key-driven modal buffer (normal, insert, replace, visual-line, command-line;
tested without a terminal) and the prompt_toolkit Application that draws it like vim 9.0.
`compat` is vim.tiny run as `vi` (Vi-compatible: no mode line, no ruler, `u` undoes an undo);
otherwise vim with defaults.vim ("-- INSERT --", the ruler)."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from shelldojo.shell.commands.editors import vi_ex
from shelldojo.shell.commands.editors.vi_normal import NormalMode

Saver = Callable[[str, bytes], None]
Loader = Callable[[str], "vi_ex.Loaded"]
INTRO = ["VIM - Vi IMproved", "", "version 9.0.2142", "by Bram Moolenaar et al.",
         "Modified by team+vim@tracker.debian.org", "Vim is open source and freely distributable", "",
         "", "", "", "type  :q<Enter>               to exit         ",
         "type  :help<Enter>  or  <F1>  for on-line help", "type  :help version9<Enter>   for version info"]
INTRO_CP = ["", "Running in Vi compatible mode", "type  :set nocp<Enter>        for Vim defaults",
            "type  :help cp-default<Enter> for info on this"]
SPONSOR = {0: ("Help poor children in Uganda!", "type  :help iccf<Enter>       for information "),
           -1: ("Sponsor Vim development!", "type  :help sponsor<Enter>    for information "),
           1: ("Become a registered Vim user!", "type  :help register<Enter>   for information ")}


class Editor(NormalMode):
    def __init__(self, filename: str, loaded: vi_ex.Loaded, save: Saver, load: Loader,
                 exists: Callable[[str], bool], compat: bool = True, height: int = 24, width: int = 80,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.save, self.load, self.exists, self.clock = save, load, exists, clock
        self.compat, self.height, self.width = compat, height, width
        self.number = False
        self.mode = "normal"        # insert, replace, visual, cmdline
        self.cmdline = ""
        self.message, self.error = "", False
        self.done, self.last_search, self.search_forward = False, "", True
        self.top = 0
        self.intro = not filename
        self.filename, self.readonly = "", False
        self._take(filename, loaded)

    # -- files and messages ------------------------------------------------------
    def _take(self, name: str, loaded: vi_ex.Loaded) -> None:
        text = loaded.text or ""
        self.lines = text.removesuffix("\n").split("\n")
        self.filename, self.readonly, self.modified = name, loaded.readonly, False
        self.row = self.col = self.top = 0
        self.undo_list, self.redo_list = [], []
        if name:
            self.say(vi_ex.load_message(name, loaded, self.compat))

    def open(self, name: str) -> None:
        self.intro = False
        self._take(name, self.load(name))

    def say(self, text: str) -> None:
        self.message, self.error = text, False

    def fail(self, text: str) -> None:
        self.message, self.error = text, True

    def quit(self) -> None:
        self.done = True

    def empty(self) -> bool:
        return self.lines == [""]

    def text(self) -> str:
        return "" if self.empty() else "".join(x + "\n" for x in self.lines)

    def file_status(self) -> str:
        """Ctrl-G."""
        name = f'"{self.filename}"' if self.filename else '"[No Name]"'
        mod = " [Modified]" if self.modified else ""
        ro = " [readonly]" if self.readonly else ""
        if self.empty():
            return f"{name}{mod}{ro} --No lines in buffer--"
        n = len(self.lines)
        pct = (self.row + 1) * 100 // n
        if not self.compat:
            return f"{name}{mod}{ro} {n} line{'s' if n != 1 else ''} --{pct}%--"
        return f"{name}{mod}{ro} line {self.row + 1} of {n} --{pct}%-- col {self.col + 1}"

    # -- keys ---------------------------------------------------------------------
    def key(self, name: str) -> None:
        """One keystroke: a character, "esc", "enter", "backspace", "delete", "tab", arrows,
        "home", "end", or "^X"-style control keys."""
        if self.mode == "cmdline":
            self._cmdline_key(name)
        elif self.mode in ("insert", "replace"):
            self._insert_key(name)
        else:
            self.normal_key(name)
        self.clamp()

    def _cmdline_key(self, name: str) -> None:
        if name == "esc" or name == "^C" or (name == "backspace" and not self.cmdline):
            self.mode, self.cmdline = "normal", ""
        elif name == "enter":
            kind, text = self.cmdline[0], self.cmdline[1:]
            self.mode, self.cmdline = "normal", ""
            self.say("")
            if kind == ":":
                vi_ex.run(self, text)
            else:
                self.search_forward = kind == "/"
                if text:
                    self.last_search = text
                self.find(True, kind + (text or self.last_search))
        elif name == "backspace":
            self.cmdline = self.cmdline[:-1]
        elif name == "tab":
            self.cmdline += "\t"
        elif len(name) == 1:
            self.cmdline += name

    def _insert_key(self, name: str) -> None:
        if self.recording is not None:
            self.recording.append(name)
        line = self.lines[self.row]
        if name in ("esc", "^C", "^["):
            self.mode = "normal"
            self.col = max(self.col - 1, 0)
            self.finish_change()
        elif name == "enter":
            self.lines[self.row:self.row + 1] = [line[:self.col], line[self.col:]]
            self.row, self.col, self.insert_col = self.row + 1, 0, 0
        elif name in ("backspace", "^H"):
            if self.col > (self.insert_col if self.compat and self.insert_row == self.row else 0):
                self.lines[self.row] = line[:self.col - 1] + line[self.col:]
                self.col -= 1
            elif not self.compat and self.col == 0 and self.row > 0:
                self.row -= 1
                self.col = len(self.lines[self.row])
                self.lines[self.row:self.row + 2] = [self.lines[self.row] + line]
        elif name == "delete":
            self.lines[self.row] = line[:self.col] + line[self.col + 1:]
        elif name in ("left", "right", "up", "down", "home", "end"):
            self.arrow(name, insert=True)
        elif name == "tab" or (len(name) == 1 and name.isprintable()):
            ch = "\t" if name == "tab" else name
            cut = 1 if self.mode == "replace" and self.col < len(line) else 0
            self.lines[self.row] = line[:self.col] + ch + line[self.col + cut:]
            self.col += 1
        else:
            return
        self.modified = True
        self.intro = False

    # -- screen -------------------------------------------------------------------
    @property
    def text_rows(self) -> int:
        return max(self.height - 1, 1)

    def _display(self, r: int) -> list[str]:
        """Screen rows for buffer line r (long lines wrap)."""
        prefix = f"{r + 1:>{7 if self.compat else 3}} " if self.number else ""
        avail = max(self.width - len(prefix), 1)
        text = self.lines[r].expandtabs(8)
        chunks = [text[i:i + avail] for i in range(0, max(len(text), 1), avail)]
        return [(prefix if i == 0 else " " * len(prefix)) + c for i, c in enumerate(chunks)]

    def _scroll(self) -> None:
        self.top = min(self.top, self.row)
        while sum(len(self._display(r)) for r in range(self.top, self.row + 1)) > self.text_rows:
            self.top += 1

    def _intro(self) -> list[str]:
        stamp = int(self.clock())
        sponsor = int((stamp & 2) == 0) - int((stamp & 4) == 0)
        lines = list(INTRO)
        lines[7], lines[8] = SPONSOR[sponsor]
        lines[9] = ""
        lines = lines[:7] + lines[7:9] + [""] + lines[10:] + (INTRO_CP if self.compat else [])
        start = max((self.height - len(lines)) // 2, 1)
        rows = [""] + ["~"] * (self.text_rows - 1)
        for i, text in enumerate(lines):
            if text and start + i < self.text_rows:
                rows[start + i] = "~" + " " * max((self.width - len(text)) // 2 - 1, 0) + text.rstrip()
        return rows

    def screen(self) -> list[str]:
        """The whole screen as plain text rows (tests read this)."""
        if self.intro and self.empty() and not self.modified:
            return [*self._intro(), self.bottom()]
        self._scroll()
        rows: list[str] = []
        r = self.top
        while r < len(self.lines) and len(rows) < self.text_rows:
            shown = self._display(r)
            if len(rows) + len(shown) > self.text_rows:
                rows += ["@"] * (self.text_rows - len(rows))
                break
            rows += shown
            r += 1
        rows += ["~"] * (self.text_rows - len(rows))
        return [*rows, self.bottom()]

    def bottom(self) -> str:
        if self.mode == "cmdline":
            return self.cmdline
        left = self.message
        if not left and not self.compat:
            left = {"insert": "-- INSERT --", "replace": "-- REPLACE --",
                    "visual": "-- VISUAL LINE --"}.get(self.mode, "")
        if self.compat or self.error:
            return left
        show = str(abs(self.row - self.anchor) + 1) if self.mode == "visual" else ""
        line = left.ljust(self.width - 28) + show.ljust(10) if show else left.ljust(self.width - 18)
        return line + self.ruler()

    def ruler(self) -> str:
        if self.empty():
            pos = "0,0-1"
        else:
            text = self.lines[self.row]
            byte = len(text[:self.col].encode()) + 1
            virt = len(text[:self.col].expandtabs(8)) + 1
            pos = f"{self.row + 1},{byte}" + (f"-{virt}" if virt != byte else "")
        n = len(self.lines)
        if n <= self.text_rows:
            where = "All"
        elif self.top == 0:
            where = "Top"
        elif self.top + self.text_rows >= n:
            where = "Bot"
        else:
            where = f"{self.top * 100 // max(n - self.text_rows, 1)}%"
        return pos.ljust(14) + where

    def cursor(self) -> tuple[int, int]:
        """(x, y) of the cursor on the screen."""
        if self.mode == "cmdline":
            return len(self.cmdline.expandtabs(8)), self.height - 1
        self._scroll()
        y = sum(len(self._display(r)) for r in range(self.top, self.row))
        prefix = 8 if self.compat else 4
        x = len(self.lines[self.row][:self.col].expandtabs(8)) + (prefix if self.number else 0)
        return x % self.width, min(y + x // self.width, self.text_rows - 1)


_KEY_NAMES = {"c-m": "enter", "c-j": "enter", "c-h": "backspace", "backspace": "backspace",
              "delete": "delete", "c-i": "tab", "up": "up", "down": "down", "left": "left",
              "right": "right", "home": "home", "end": "end", "escape": "esc", "c-c": "esc"}


def key_name(key: str, data: str) -> str:
    """prompt_toolkit's key ("c-g", "up", "escape" or a character) as an Editor key name."""
    if key in _KEY_NAMES:
        return _KEY_NAMES[key]
    if key.startswith("c-") and len(key) == 3:
        return "^" + key[2].upper()
    return data if len(data) == 1 and data.isprintable() else ""


def build_app(editor: Editor) -> Any:
    """The full-screen Application; `run()` returns 0 when the editor quits."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.data_structures import Point
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    kb = KeyBindings()

    @kb.add("<any>")
    def _(event: Any) -> None:
        for press in event.key_sequence:
            name = key_name(getattr(press.key, "value", press.key), press.data)
            if name:
                editor.key(name)
        if editor.done:
            event.app.exit(result=0)

    def fragments() -> Any:
        rows = editor.screen()
        out: list[tuple[str, str]] = []
        for row in rows[:-1]:
            style = "ansiblue bold" if row in ("~", "@") or (row.startswith("~ ") and editor.intro) else ""
            if editor.number and not row.startswith("~"):
                cut = 8 if editor.compat else 4
                out += [("ansiyellow", row[:cut]), ("", row[cut:] + "\n")]
            else:
                out.append((style, row + "\n"))
        bottom = rows[-1]
        out.append(("bg:ansired ansiwhite" if editor.error else "bold" if bottom.startswith("--") else "",
                    bottom))
        return out

    def cursor() -> Point:
        x, y = editor.cursor()
        return Point(x=x, y=y)

    control = FormattedTextControl(fragments, focusable=True, show_cursor=True, get_cursor_position=cursor)
    return Application(layout=Layout(Window(control, wrap_lines=False)), key_bindings=kb, full_screen=True)
