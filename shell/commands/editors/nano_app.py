"""nano's editor: a key-driven buffer state (tested without a terminal) and the prompt_toolkit
Application that shows it like GNU nano 6.2 (prompt_toolkit is imported only in build_app)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shelldojo.shell.texts import verbatim

VERSION = "GNU nano 6.2"
BARS = [[("^G", "Help"), ("^O", "Write Out"), ("^W", "Where Is"), ("^K", "Cut"), ("^T", "Execute"),
         ("^C", "Location")],
        [("^X", "Exit"), ("^R", "Read File"), ("^\\", "Replace"), ("^U", "Paste"), ("^J", "Justify"),
         ("^/", "Go To Line")]]
YES_NO = [[(" Y", "Yes")], [(" N", "No"), ("^C", "Cancel")]]
PROMPT_BARS = [[("^G", "Help"), ("M-D", "DOS Format"), ("M-A", "Append"), ("M-B", "Backup File")],
               [("^C", "Cancel"), ("M-M", "Mac Format"), ("M-P", "Prepend"), ("^T", "Browse")]]

Saver = Callable[[str, bytes], None]   # writes the file or raises OSError


def _lines_word(n: int) -> str:
    return f"{n} line" if n == 1 else f"{n} lines"


class Editor:
    """The buffer, cursor, prompts and status line; `key(name)` handles one keystroke.

    Key names: a printable character, "enter", "backspace", "delete", "tab", "up", "down", "left",
    "right", "home", "end", "pageup", "pagedown", or "^X"-style control keys."""

    def __init__(self, filename: str, text: str | None, save: Saver, status: str = "",
                 height: int = 24, width: int = 80) -> None:
        self.filename, self.save_func = filename, save
        self.lines = (text or "").split("\n")
        if self.lines[-1] != "":
            self.lines.append("")      # nano's "magic line": the file always ends with a newline
        self.row = self.col = self.top = 0
        self.height, self.width = height, width
        self.modified = False
        self.status = status
        self.cutbuffer: list[str] = []
        self._cutting = False         # consecutive ^K lines go to the same cutbuffer
        self.mode: str | None = None  # "write", "search", "save?", "exit-write", "help"
        self.answer = ""
        self.last_search = ""
        self.done = False
        self.result: int = 0

    # -- the buffer -------------------------------------------------------------
    @property
    def line(self) -> str:
        return self.lines[self.row]

    def _set(self, text: str) -> None:
        self.lines[self.row] = text
        self.modified = True
        if self.row == len(self.lines) - 1 and text:
            self.lines.append("")

    def insert(self, text: str) -> None:
        self._set(self.line[:self.col] + text + self.line[self.col:])
        self.col += len(text)

    def newline(self) -> None:
        head, tail = self.line[:self.col], self.line[self.col:]
        self.lines[self.row] = head
        self.lines.insert(self.row + 1, tail)
        self.row, self.col, self.modified = self.row + 1, 0, True

    def backspace(self) -> None:
        if self.col > 0:
            self._set(self.line[:self.col - 1] + self.line[self.col:])
            self.col -= 1
        elif self.row > 0:
            self.row -= 1
            self.col = len(self.line)
            self.lines[self.row] += self.lines.pop(self.row + 1)
            self.modified = True

    def delete(self) -> None:
        if self.col < len(self.line):
            self._set(self.line[:self.col] + self.line[self.col + 1:])
        elif self.row < len(self.lines) - 1:
            self.lines[self.row] += self.lines.pop(self.row + 1)
            self.modified = True

    def cut(self) -> None:
        if not self._cutting:
            self.cutbuffer = []
        if self.row == len(self.lines) - 1 and not self.line:
            return  # nothing to cut on the magic line
        self.cutbuffer.append(self.lines.pop(self.row))
        self.col, self.modified = 0, True

    def paste(self) -> None:
        if not self.cutbuffer:
            return
        for i, text in enumerate(self.cutbuffer):
            self.lines.insert(self.row + i, text)
        self.row += len(self.cutbuffer)
        self.col, self.modified = 0, True

    def move(self, drow: int = 0, dcol: int = 0) -> None:
        if dcol < 0 and self.col == 0 and self.row > 0:
            self.row -= 1
            self.col = len(self.line)
        elif dcol > 0 and self.col >= len(self.line) and self.row < len(self.lines) - 1:
            self.row, self.col = self.row + 1, 0
        else:
            self.col = max(0, min(len(self.line), self.col + dcol))
        if drow:
            self.row = max(0, min(len(self.lines) - 1, self.row + drow))
            self.col = min(self.col, len(self.line))

    def text(self) -> str:
        return "\n".join(self.lines)

    # -- commands ---------------------------------------------------------------
    def write(self, name: str) -> bool:
        """Write the buffer to `name`; the status line says what happened."""
        data = self.text().encode("utf-8", "surrogateescape")
        try:
            self.save_func(name, data)
        except OSError as exc:
            from shelldojo.filesystem import strerror

            self.status = f"Error writing {name}: {strerror(exc)}"
            return False
        self.filename, self.modified = name, False
        self.status = f"Wrote {_lines_word(len(self.lines) - 1)}"
        return True

    def search(self, word: str) -> None:
        if not word:
            word = self.last_search
        if not word:
            self.status = "Cancelled"
            return
        self.last_search = word
        n = len(self.lines)
        for step in range(n + 1):
            r = (self.row + step) % n
            start = self.col + 1 if step == 0 else 0
            if step == n:
                start, hay = 0, self.lines[r][:self.col + 1]
            else:
                hay = self.lines[r]
            i = hay.find(word, start)
            if i >= 0:
                if (r, i) == (self.row, self.col):
                    self.status = "This is the only occurrence"
                elif r < self.row or (r == self.row and i < self.col):
                    self.status = "Search Wrapped"
                self.row, self.col = r, i
                return
        self.status = f'"{word}" not found'

    def location(self) -> str:
        total_chars = len(self.text())
        before = sum(len(x) + 1 for x in self.lines[:self.row]) + self.col
        nlines, ncols = len(self.lines), len(self.line) + 1

        def pct(a: int, b: int) -> int:
            return 100 * a // b if b else 0
        return (f"line {self.row + 1}/{nlines} ({pct(self.row + 1, nlines)}%), col {self.col + 1}/{ncols} "
                f"({pct(self.col + 1, ncols)}%), char {before}/{total_chars} ({pct(before, total_chars)}%)")

    def _finish(self, status: int = 0) -> None:
        self.done, self.result = True, status

    def _prompt_key(self, name: str) -> None:
        mode = self.mode
        if name == "^C":
            self.mode, self.status = None, "Cancelled"
        elif mode == "help":
            self.mode = None
        elif mode == "save?":
            if name in ("y", "Y"):
                self.mode, self.answer = "exit-write", self.filename
            elif name in ("n", "N"):
                self._finish()
        elif name == "enter":
            answer, self.mode = self.answer, None
            if mode == "search":
                self.search(answer)
            elif not answer:
                self.status = "Cancelled"
            elif self.write(answer) and mode == "exit-write":
                self._finish()
        elif name == "backspace":
            self.answer = self.answer[:-1]
        elif len(name) == 1:
            self.answer += name

    def key(self, name: str) -> None:
        if self.mode is not None:
            self._prompt_key(name)
            return
        self.status = ""
        cutting, self._cutting = self._cutting, False
        simple: dict[str, Callable[[], None]] = {
            "enter": self.newline, "backspace": self.backspace, "delete": self.delete, "^D": self.delete,
            "^H": self.backspace, "^U": self.paste, "up": lambda: self.move(-1), "down": lambda: self.move(1),
            "left": lambda: self.move(0, -1), "right": lambda: self.move(0, 1), "^P": lambda: self.move(-1),
            "^N": lambda: self.move(1), "^B": lambda: self.move(0, -1), "^F": lambda: self.move(0, 1),
            "home": lambda: setattr(self, "col", 0), "^A": lambda: setattr(self, "col", 0),
            "end": lambda: setattr(self, "col", len(self.line)), "^E": lambda: setattr(self, "col", len(self.line)),
            "pageup": lambda: self.move(-self.edit_rows), "^Y": lambda: self.move(-self.edit_rows),
            "pagedown": lambda: self.move(self.edit_rows), "^V": lambda: self.move(self.edit_rows),
            "tab": lambda: self.insert("\t"),
        }
        if name == "^K":
            self._cutting = cutting
            self.cut()
            self._cutting = True
        elif name in simple:
            simple[name]()
        elif name == "^S" and self.filename:
            self.write(self.filename)
        elif name == "^O":
            self.mode, self.answer = "write", self.filename
        elif name == "^W":
            self.mode, self.answer = "search", ""
        elif name == "^C":
            self.status = self.location()
        elif name == "^G":
            self.mode = "help"
        elif name == "^X":
            if self.modified:
                self.mode = "save?"
            else:
                self._finish()
        elif len(name) == 1 and name.isprintable():
            self.insert(name)
        elif name.startswith("^"):
            self.status = "Unknown command"

    # -- screen -----------------------------------------------------------------
    @property
    def edit_rows(self) -> int:
        return max(self.height - 4, 1)

    def _scroll(self) -> None:
        if self.row < self.top:
            self.top = self.row
        elif self.row >= self.top + self.edit_rows:
            self.top = self.row - self.edit_rows + 1

    def title(self) -> str:
        name = self.filename or "New Buffer"
        left, right = f"  {VERSION}", "Modified  " if self.modified else ""
        start = max(len(left) + 1, (self.width - len(name)) // 2)
        line = left.ljust(start) + name
        return line.ljust(self.width - len(right)) + right

    def prompt_line(self) -> str | None:
        """The prompt or status row (None when empty)."""
        if self.mode == "save?":
            return "Save modified buffer?  "
        if self.mode in ("write", "exit-write"):
            return f"File Name to Write: {self.answer}"
        if self.mode == "search":
            return f"Search{f' [{self.last_search}]' if self.last_search else ''}: {self.answer}"
        if self.status:
            return f"[ {self.status} ]"
        return None

    def bars(self) -> list[list[tuple[str, str]]]:
        if self.mode == "save?":
            return YES_NO
        if self.mode in ("write", "exit-write"):
            return PROMPT_BARS
        return BARS

    def bar_text(self, bar: list[tuple[str, str]]) -> str:
        cell = max(self.width // 6, 8)
        return "".join(f"{k} {label}".ljust(cell)[:cell] for k, label in bar).rstrip()

    def screen(self) -> list[str]:
        """The whole screen as plain text rows (tests read this)."""
        self._scroll()
        if self.mode == "help":
            text = verbatim("editors/nano_screen")
            body = [text[i:i + self.width] for i in range(0, len(text), self.width)]
        else:
            body = [x.expandtabs(8)[:self.width] for x in self.lines[self.top:self.top + self.edit_rows]]
        body += [""] * (self.edit_rows - len(body))
        status = self.prompt_line() or ""
        if status.startswith("["):
            status = status.center(self.width).rstrip()
        return [self.title(), *body, status, *(self.bar_text(b) for b in self.bars())]

    def cursor(self) -> tuple[int, int]:
        """(x, y) of the cursor on the screen."""
        if self.mode in ("write", "exit-write", "search", "save?"):
            return len(self.prompt_line() or ""), self.edit_rows + 1
        self._scroll()
        return len(self.line[:self.col].expandtabs(8)), 1 + self.row - self.top


_KEY_NAMES = {"c-m": "enter", "c-j": "enter", "c-h": "backspace", "backspace": "backspace",
              "delete": "delete", "c-i": "tab", "up": "up", "down": "down", "left": "left",
              "right": "right", "home": "home", "end": "end", "pageup": "pageup", "pagedown": "pagedown",
              "c-_": "^/", "c-\\": "^\\"}


def key_name(key: str, data: str) -> str:
    """prompt_toolkit's key ("c-o", "up", or a character) as an Editor key name."""
    if key in _KEY_NAMES:
        return _KEY_NAMES[key]
    if key.startswith("c-") and len(key) == 3:
        return "^" + key[2].upper()
    return data if len(data) == 1 else ""


def build_app(editor: Editor) -> Any:
    """The full-screen Application; `run()` returns nano's exit status."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.data_structures import Point
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    kb = KeyBindings()

    @kb.add("<any>")
    def _(event: Any) -> None:
        for press in event.key_sequence:
            key = getattr(press.key, "value", press.key)
            name = key_name(key, press.data)
            if name:
                editor.key(name)
        if editor.done:
            event.app.exit(result=editor.result)

    def fragments() -> Any:
        rows = editor.screen()
        out: list[tuple[str, str]] = [("reverse", rows[0] + "\n")]
        out += [("", r + "\n") for r in rows[1:editor.edit_rows + 1]]
        status = rows[editor.edit_rows + 1]
        out.append(("reverse" if status.strip().startswith("[") or editor.mode else "", status))
        out.append(("", "\n"))
        for i, bar in enumerate(editor.bars()):
            for k, label in bar:
                cell = max(editor.width // 6, 8)
                out += [("reverse", k), ("", f" {label}".ljust(cell - len(k))[:cell - len(k)])]
            if i == 0:
                out.append(("", "\n"))
        return out

    def cursor() -> Point:
        x, y = editor.cursor()
        return Point(x=x, y=y)

    control = FormattedTextControl(fragments, focusable=True, show_cursor=True, get_cursor_position=cursor)
    return Application(layout=Layout(Window(control, wrap_lines=False)), key_bindings=kb, full_screen=True)
