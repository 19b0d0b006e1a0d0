"""The full-screen pager behind less, more and man: a key-driven state (testable without a
terminal) and a thin prompt_toolkit Application around it (imported only when paging)."""
from __future__ import annotations

import re
from typing import Any


def _wrap(text: str, width: int) -> list[str]:
    """Screen lines: tabs expanded, long lines folded at the width, as less shows them."""
    out: list[str] = []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        line = line.expandtabs(8).replace("\r", "")
        if len(line) <= width:
            out.append(line)
            continue
        for i in range(0, len(line), width):
            out.append(line[i:i + width])
    return out


class PagerState:
    """What is on the screen and what each key does: `key(name)` with names like "q", "space",
    "up", "down", "pageup", "pagedown", "home", "end", "enter", "backspace", "escape"."""

    def __init__(self, docs: list[tuple[str, str]], style: str = "less", height: int = 24,
                 width: int = 80) -> None:
        self.docs = docs or [("", "")]
        self.style, self.width = style, max(width, 10)
        self.height = max(height - 1, 1)    # the last row is the prompt
        self.index = 0
        self.top = 0
        self.pattern: re.Pattern[str] | None = None
        self.typing: str | None = None      # the command line being typed ("/pat", ":n")
        self.message = ""
        self.done = False
        self._load()

    # -- documents --------------------------------------------------------------
    def _load(self) -> None:
        self.lines = _wrap(self.docs[self.index][1], self.width)
        self.top = 0

    @property
    def name(self) -> str:
        return self.docs[self.index][0]

    @property
    def last_top(self) -> int:
        return max(0, len(self.lines) - self.height)

    def at_end(self) -> bool:
        return self.top + self.height >= len(self.lines)

    def switch(self, step: int) -> None:
        target = self.index + step
        if not 0 <= target < len(self.docs):
            self.message = "No next file" if step > 0 else "No previous file"
            return
        self.index = target
        self._load()

    # -- movement ---------------------------------------------------------------
    def scroll(self, n: int) -> None:
        if self.style == "more" and n > 0 and self.at_end():
            # more leaves at the end of its last file, or goes on to the next one
            if self.index + 1 < len(self.docs):
                self.switch(1)
            else:
                self.done = True
            return
        self.top = min(max(0, self.top + n), self.last_top)

    def search(self, forward: bool = True) -> None:
        if self.pattern is None:
            self.message = "No previous regular expression"
            return
        order = range(self.top + 1, len(self.lines)) if forward else range(self.top - 1, -1, -1)
        for i in order:
            if self.pattern.search(self.lines[i]):
                self.top = min(i, self.last_top) if self.style == "more" else i
                return
        self.message = "Pattern not found"

    def _submit(self, line: str) -> None:
        if line.startswith("/"):
            if line[1:]:
                try:
                    self.pattern = re.compile(line[1:])
                except re.error:
                    self.message = "Invalid pattern"
                    return
            self.search(True)
        elif line in (":n", ":p"):
            self.switch(1 if line == ":n" else -1)
        elif line in (":q", ":Q"):
            self.done = True

    # -- keys -------------------------------------------------------------------
    def key(self, name: str) -> None:
        self.message = ""
        if self.typing is not None:
            if name == "enter":
                line, self.typing = self.typing, None
                self._submit(line)
            elif name == "escape":
                self.typing = None
            elif name == "backspace":
                self.typing = self.typing[:-1] or None
            elif len(name) == 1:
                self.typing += name
                if self.typing in (":n", ":p", ":q", ":Q"):
                    self.key("enter")
            elif name == "space":
                self.typing += " "
            return
        page = self.height
        actions: dict[str, Any] = {
            "q": lambda: setattr(self, "done", True), "Q": lambda: setattr(self, "done", True),
            "space": lambda: self.scroll(page), "f": lambda: self.scroll(page),
            "pagedown": lambda: self.scroll(page), "z": lambda: self.scroll(page),
            "b": lambda: self.scroll(-page), "pageup": lambda: self.scroll(-page),
            "enter": lambda: self.scroll(1), "down": lambda: self.scroll(1), "j": lambda: self.scroll(1),
            "e": lambda: self.scroll(1), "up": lambda: self.scroll(-1), "k": lambda: self.scroll(-1),
            "y": lambda: self.scroll(-1), "d": lambda: self.scroll(page // 2),
            "u": lambda: self.scroll(-(page // 2)),
            "g": lambda: setattr(self, "top", 0), "<": lambda: setattr(self, "top", 0),
            "home": lambda: setattr(self, "top", 0),
            "G": lambda: setattr(self, "top", self.last_top), ">": lambda: setattr(self, "top", self.last_top),
            "end": lambda: setattr(self, "top", self.last_top),
            "n": lambda: self.search(True), "N": lambda: self.search(False),
        }
        if name in ("/", ":"):
            self.typing = name
        elif name in actions:
            actions[name]()

    # -- screen -----------------------------------------------------------------
    def screen_lines(self) -> list[str]:
        shown = self.lines[self.top:self.top + self.height]
        if self.style == "less":
            shown += ["~"] * (self.height - len(shown))
        return shown

    def prompt(self) -> str:
        """The bottom line, as less / more show it."""
        if self.typing is not None:
            return self.typing
        if self.message:
            return self.message
        if self.style == "more":
            percent = 100 * min(self.top + self.height, len(self.lines)) // max(len(self.lines), 1)
            nxt = f" (Next file: {self.docs[self.index + 1][0]})" if self.at_end() else ""
            return f"--More--({percent}%){nxt}"
        if self.style.startswith("man:"):
            return (f" Manual page {self.style[4:]} line {self.top + 1}"
                    f"{' (END)' if self.at_end() else ''} (press h for help or q to quit)")
        if self.at_end():
            if self.index + 1 < len(self.docs):
                return f"{self.name} (END) - Next: {self.docs[self.index + 1][0]}"
            return "(END)"
        if self.top == 0 and self.name and self.name != "-":
            return self.name
        return ":"


KEYS = {"c-m": "enter", "c-j": "enter", "up": "up", "down": "down", "pageup": "pageup",
        "pagedown": "pagedown", "home": "home", "end": "end", "c-h": "backspace", "backspace": "backspace",
        "escape": "escape", " ": "space", "c-f": "pagedown", "c-b": "pageup", "c-n": "down", "c-p": "up",
        "c-v": "pagedown", "left": "", "right": ""}


def build_pager(docs: list[tuple[str, str]], style: str = "less", lines: int = 24, columns: int = 80,
                state: PagerState | None = None) -> Any:
    """A prompt_toolkit Application showing `docs`; it ends when the user quits."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    st = state or PagerState(docs, style, lines, columns)
    kb = KeyBindings()

    @kb.add("<any>")
    def _(event: Any) -> None:
        data = event.key_sequence[0].data
        key = event.key_sequence[0].key
        name = KEYS.get(getattr(key, "value", key), data if len(data) == 1 and data.isprintable() else "")
        if name:
            st.key(name)
        if st.done:
            event.app.exit()

    @kb.add("c-c")
    def _interrupt(event: Any) -> None:
        st.typing = None

    def body() -> Any:
        return "\n".join(st.screen_lines())

    def bottom() -> Any:
        text = st.prompt()
        return text if st.typing is not None or text == ":" else [("reverse", text)]

    layout = Layout(HSplit([Window(FormattedTextControl(body), wrap_lines=False),
                            Window(FormattedTextControl(bottom), height=1)]))
    return Application(layout=layout, key_bindings=kb, full_screen=True)
