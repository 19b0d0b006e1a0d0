"""vi's normal and visual-line modes: count, operator (d c y > <) and motion parsed from the
keys typed so far, one undo step per command, `.` replaying the last change's keys."""
from __future__ import annotations

import time

from shelldojo.shell.commands.editors import vi_motions as mo

MOTIONS = set("hjkl0^$wbeG-+ ") | {"left", "right", "up", "down", "home", "end", "backspace", "enter"}
CHANGES = set("xXdcDCsSpPJr~oOiaAIR<>")


class NormalMode:
    lines: list[str]
    row: int
    col: int
    compat: bool
    modified: bool
    mode: str
    cmdline: str
    last_search: str
    search_forward: bool
    intro: bool

    def __init__(self) -> None:
        self.pending: list[str] = []
        self.register: tuple[list[str], bool] = ([], True)   # text, linewise
        self.undo_list: list[tuple[list[str], int, int, int, float]] = []
        self.redo_list: list[tuple[list[str], int, int, int, float]] = []
        self.seq = 0
        self._changing = False
        self.last_undo = ""            # "u" or "r": vi-compatible `u` undoes an undo
        self.recording: list[str] | None = None
        self.last_change: list[str] = []
        self.replaying = False
        self.anchor = 0
        self.insert_row = self.insert_col = 0

    # provided by the editor
    def say(self, text: str) -> None: ...
    def fail(self, text: str) -> None: ...
    def empty(self) -> bool: ...
    def file_status(self) -> str: ...

    # -- undo ------------------------------------------------------------------
    def begin_change(self) -> None:
        if not self._changing:
            self.seq += 1
            self.undo_list.append((list(self.lines), self.row, self.col, self.seq, self.clock()))
            self.redo_list.clear()
            self._changing, self.last_undo = True, ""
        self.modified, self.intro = True, False

    def finish_change(self) -> None:
        self._changing = False
        if self.recording is not None and not self.replaying:
            self.last_change = self.recording
        self.recording = None

    def clock(self) -> float:
        return time.time()

    def _count_lines(self) -> int:
        return 0 if self.empty() else len(self.lines)

    def undo(self, redo: bool) -> None:
        source, target = (self.redo_list, self.undo_list) if redo else (self.undo_list, self.redo_list)
        if not source:
            self.say("Already at newest change" if redo else "Already at oldest change")
            return
        lines, row, col, seq, stamp = source.pop()
        before = self._count_lines()
        target.append((list(self.lines), self.row, self.col, seq, stamp))
        self.lines, self.row, self.col = lines, row, col
        self.modified = True
        delta = self._count_lines() - before
        what = {1: "1 more line", -1: "1 line less"}.get(delta) or (
            f"{delta} more lines" if delta > 0 else f"{-delta} fewer lines" if delta else "1 change")
        ago = int(self.clock() - stamp)
        when = (f"{ago} second{'' if ago == 1 else 's'} ago" if ago < 100
                else time.strftime("%H:%M:%S", time.localtime(stamp)))
        self.say(f"{what}; {'after' if redo else 'before'} #{seq}  {when}")
        self.last_undo = "r" if redo else "u"

    # -- helpers ---------------------------------------------------------------
    def clamp(self) -> None:
        self.row = max(0, min(self.row, len(self.lines) - 1))
        end = len(self.lines[self.row]) - (0 if self.mode in ("insert", "replace") else 1)
        self.col = max(0, min(self.col, end))

    def arrow(self, name: str, insert: bool = False) -> None:
        if name in ("up", "down"):
            self.row += -1 if name == "up" else 1
        elif name == "left":
            self.col = max(self.col - 1, 0)
        elif name == "right":
            self.col += 1
        elif name == "home":
            self.col = 0
        elif name == "end":
            self.col = len(self.lines[self.row])

    def _motion(self, key: str, count: int, given: bool) -> tuple[int, int, bool, bool] | None:
        """Where a motion goes: (row, col, linewise, inclusive); None when it cannot move."""
        r, c, lines = self.row, self.col, self.lines
        if key in ("h", "left", "backspace"):
            return (r, c - min(count, c), False, False) if c else None
        if key in ("l", "right", " "):
            return (r, min(c + count, len(lines[r])), False, False) if c < len(lines[r]) - 1 or self.pending[-1:] != [key] else None
        if key in ("j", "down", "+", "enter"):
            return (min(r + count, len(lines) - 1), c, True, True) if r + 1 < len(lines) else None
        if key in ("k", "up", "-"):
            return (max(r - count, 0), c, True, True) if r > 0 else None
        if key in ("0", "home"):
            return r, 0, False, False
        if key == "^":
            return r, mo.first_nonblank(lines[r]), False, False
        if key in ("$", "end"):
            row = min(r + count - 1, len(lines) - 1)
            return row, max(len(lines[row]) - 1, 0), False, True
        if key == "w":
            pos = mo.word_forward(lines, (r, c), count)
            return pos[0], pos[1], False, False
        if key == "e":
            pos = mo.word_end(lines, (r, c), count)
            return pos[0], pos[1], False, True
        if key == "b":
            pos = mo.word_back(lines, (r, c), count)
            return pos[0], pos[1], False, False
        if key in ("G", "gg"):
            target = (count if given else (len(lines) if key == "G" else 1)) - 1
            target = max(0, min(target, len(lines) - 1))
            return target, mo.first_nonblank(lines[target]), True, True
        return None

    def _move(self, key: str, count: int, given: bool) -> None:
        target = self._motion(key, count, given)
        if target is None:
            return
        self.row, self.col = target[0], target[1]
        if key in ("+", "-", "enter"):
            self.col = mo.first_nonblank(self.lines[self.row])

    def find(self, again_forward: bool, typed: str = "") -> None:
        forward = self.search_forward == again_forward
        rx = mo.vim_regex(self.last_search) if self.last_search else None
        if not self.last_search:
            self.fail("E35: No previous regular expression")
            return
        found = mo.search(self.lines, (self.row, self.col), rx, forward) if rx else None
        if found is None:
            self.fail(f"E486: Pattern not found: {self.last_search}")
            return
        (self.row, self.col), wrapped = found
        if wrapped:
            self.fail("search hit BOTTOM, continuing at TOP" if forward else "search hit TOP, continuing at BOTTOM")
        else:
            self.say(typed or ("/" if forward else "?") + self.last_search)

    # -- editing ---------------------------------------------------------------
    def delete_lines(self, first: int, n: int, yank: bool = True, change: bool = False) -> None:
        n = min(n, len(self.lines) - first)
        if yank:
            self.register = (self.lines[first:first + n], True)
        if n > 2:
            self.say(f"{n} fewer lines")
        if not yank:
            return
        self.begin_change()
        del self.lines[first:first + n]
        if change or not self.lines:
            self.lines.insert(first, "")
        self.row = min(first, len(self.lines) - 1)
        self.col = mo.first_nonblank(self.lines[self.row])
        if self.empty() and not change:
            self.say("--No lines in buffer--")

    def _shift(self, first: int, last: int, right: bool, times: int = 1) -> None:
        self.begin_change()
        for r in range(first, last + 1):
            line = self.lines[r]
            body = line.lstrip(" \t")
            if not body:
                continue
            width = len(line[:len(line) - len(body)].expandtabs(8))
            width = max(width + (8 if right else -8) * times, 0)
            self.lines[r] = "\t" * (width // 8) + " " * (width % 8) + body
        self.row, self.col = first, mo.first_nonblank(self.lines[first])
        n = last - first + 1
        if n > 2:
            self.say(f"{n} lines {'>' if right else '<'}ed {times} time{'s' if times > 1 else ''}")

    def _operate(self, op: str, first: tuple[int, int], last: tuple[int, int], linewise: bool) -> None:
        if linewise:
            a, b = sorted((first[0], last[0]))
            if op == "y":
                self.register = (self.lines[a:b + 1], True)
                if b - a + 1 > 2:
                    self.say(f"{b - a + 1} lines yanked")
            elif op in "<>":
                self._shift(a, b, op == ">")
            else:
                self.delete_lines(a, b - a + 1, change=op == "c")
                if op == "c":
                    self._insert("i")
            return
        (r1, c1), (r2, c2) = sorted((first, last))
        if r1 != r2 and op != "y" and c2 == 0:   # as vim's dw on a line's last word: stop at its end
            r2, c2 = r1, len(self.lines[r1])
        text = ("\n".join(self.lines[r1:r2 + 1]))
        start, end = c1, len("\n".join(self.lines[r1:r2])) + (1 if r2 > r1 else 0) + c2
        self.register = (text[start:end].split("\n"), False)
        if op == "y":
            self.row, self.col = r1, c1
            return
        if op in "<>":
            self._shift(r1, r2, op == ">")
            return
        self.begin_change()
        self.lines[r1:r2 + 1] = (text[:start] + text[end:]).split("\n")
        self.row, self.col = r1, c1
        if op == "c":
            self._insert("i")

    def _insert(self, how: str) -> None:
        line = self.lines[self.row]
        if how in "oO":
            self.begin_change()
            self.row += how == "o"
            self.lines.insert(self.row, "")
            self.col = 0
        elif how == "a":
            self.col = min(self.col + 1, len(line))
        elif how == "A":
            self.col = len(line)
        elif how == "I":
            self.col = mo.first_nonblank(line) if line.strip() else len(line)
        self.begin_change()
        self.mode = "replace" if how == "R" else "insert"
        if not self.compat:   # 'showmode' takes the message line
            self.say("")
        self.insert_row, self.insert_col = self.row, self.col

    def _put(self, before: bool, count: int) -> None:
        text, linewise = self.register
        if not text:
            self.fail("E353: Nothing in register \"")
            return
        self.begin_change()
        if linewise:
            at = self.row + (0 if before else 1)
            self.lines[at:at] = text * count
            self.row, self.col = at, mo.first_nonblank(self.lines[at])
            if len(text) * count > 2:
                self.say(f"{len(text) * count} more lines")
            return
        line = self.lines[self.row]
        at = self.col if before or not line else self.col + 1
        joined = "\n".join(text) * count
        new = (line[:at] + joined + line[at:]).split("\n")
        self.lines[self.row:self.row + 1] = new
        self.col = at + len(joined) - 1 if len(text) == 1 else at

    # -- the key dispatcher ------------------------------------------------------
    def normal_key(self, name: str) -> None:
        if name == "esc":
            self.pending = []
            if self.mode == "visual":
                self.mode = "normal"
            return
        self.pending.append(name)
        keys = self.pending
        i = 0
        while i < len(keys) and keys[i].isdigit() and (keys[i] != "0" or i):
            i += 1
        given, count = i > 0, int("".join(keys[:i]) or "1")
        if i == len(keys):
            return
        cmd, rest = keys[i], keys[i + 1:]
        if cmd in ("g", "Z", "r") or (cmd in "dcy<>" and self.mode != "visual"):
            j = 0
            while j < len(rest) and rest[j].isdigit() and (rest[j] != "0" or j):
                j += 1
            if j < len(rest) and j:
                count *= int("".join(rest[:j]))
                given = True
            rest = rest[j:]
            if not rest or (cmd in "dcy<>" and rest[0] == "g" and len(rest) < 2):
                return
        self.pending = []
        if cmd in CHANGES and not self.replaying and self.mode != "visual":
            self.recording = list(keys)
        self._execute(cmd, rest, count, given)
        if self.mode not in ("insert", "replace"):
            self.finish_change()

    def _execute(self, cmd: str, rest: list[str], count: int, given: bool) -> None:
        if self.mode == "visual" and cmd in "dxyc<>JD":
            a, b = sorted((self.anchor, self.row))
            self.mode = "normal"
            op = {"x": "d", "D": "d", "J": "J"}.get(cmd, cmd)
            self._operate(op, (a, 0), (b, 0), True) if op != "J" else self._join(a, b - a + 1)
            return
        if cmd in "dcy<>" and self.mode != "visual":
            motion = "".join(rest) if rest[0] == "g" else rest[0]
            if motion == cmd or (cmd == "c" and motion == "c"):
                last = min(self.row + count - 1, len(self.lines) - 1)
                self._operate(cmd, (self.row, 0), (last, 0), True)
                return
            if cmd == "c" and motion == "w":
                motion = "e"
            target = self._motion(motion, count, given)
            if target is None:
                return
            row, col, linewise, inclusive = target
            self._operate(cmd, (self.row, self.col), (row, col + (1 if inclusive else 0)), linewise)
            return
        simple = {"x": ("d", "l"), "X": ("d", "h"), "D": ("d", "$"), "C": ("c", "$"), "s": ("c", "l"),
                  "S": ("c", "c"), "Y": ("y", "y")}
        if cmd in simple:
            op, motion = simple[cmd]
            if cmd in "xs" and not self.lines[self.row]:
                if cmd == "s":
                    self._insert("i")
                return
            self._execute(op, [motion], count if cmd not in "DC" else 1, given)
        elif cmd in ("i", "a", "o", "O", "A", "I", "R", "insert"):
            self._insert("i" if cmd == "insert" else cmd)
        elif cmd in ("p", "P"):
            self._put(cmd == "P", count)
        elif cmd == "J":
            self._join(self.row, max(count, 2))
        elif cmd == "r":
            line = self.lines[self.row]
            if self.col + count <= len(line) and rest[0] not in ("esc",):
                self.begin_change()
                ch = "\n" if rest[0] == "enter" else rest[0]
                self.lines[self.row] = line[:self.col] + ch * count + line[self.col + count:]
                self.col += count - 1
        elif cmd == "u":
            self.undo(self.compat and self.last_undo == "u")
        elif cmd == "^R":
            self.undo(not (self.compat and self.last_undo == "u"))
        elif cmd == ".":
            self._repeat(count if given else 0)
        elif cmd in (":", "/", "?"):
            self.mode, self.cmdline = "cmdline", cmd
        elif cmd in ("n", "N"):
            self.find(cmd == "n")
        elif cmd == "V":
            self.mode, self.anchor = ("normal", 0) if self.mode == "visual" else ("visual", self.row)
            if not self.compat:
                self.say("")
        elif cmd == "^G":
            self.say(self.file_status())
        elif cmd == "Z" and rest[0] in ("Z", "Q"):
            from shelldojo.shell.commands.editors import vi_ex

            vi_ex.run(self, "x" if rest[0] == "Z" else "q!")  # type: ignore[arg-type]
        elif cmd == "g" and rest[0] == "g":
            self._move("gg", count, given)
        else:
            self._move(cmd, count, given)

    def _join(self, first: int, n: int) -> None:
        last = min(first + n - 1, len(self.lines) - 1)
        if last == first:
            return
        self.begin_change()
        text = self.lines[first]
        for part in self.lines[first + 1:last + 1]:
            part = part.lstrip(" \t")
            sep = "" if not part or text.endswith((" ", "\t")) or part.startswith(")") else " "
            self.col = len(text)
            text = text + sep + part
        self.lines[first:last + 1] = [text]
        self.row = first

    def _repeat(self, count: int) -> None:
        keys = list(self.last_change)
        if not keys:
            return
        if count:
            while keys and keys[0].isdigit():
                keys.pop(0)
            keys = list(str(count)) + keys
        self.replaying = True
        try:
            for k in keys:
                self.key(k)  # type: ignore[attr-defined]
        finally:
            self.replaying = False
