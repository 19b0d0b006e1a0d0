"""The sed machine (GNU sed 4.9): input records, addresses and ranges, the command cycle, s///."""
from __future__ import annotations

import errno
from collections.abc import Iterator

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.sed.model import Addr, Cmd, SedError
from shelldojo.shell.commands.textio import close_input, lines, open_input
from shelldojo.shell.context import Context
from shelldojo.shell.regexengine import MatchLike, Regex
from shelldojo.shell.streams import ReadError


class _Quit(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


class Sed:
    def __init__(self, ctx: Context, cmds: list[Cmd], quiet: bool, sep: str, separate: bool) -> None:
        self.ctx, self.cmds, self.quiet, self.sep, self.separate = ctx, cmds, quiet, sep, separate
        self.last_regex: Regex | None = None
        self.hold = ""
        self.lineno = 0
        self.append: list[tuple[str, str]] = []   # ("text", s) / ("file", name)
        self.wfiles: dict[str, list[str]] = {}
        self.out: list[str] = []
        self.status = 0
        self.filename = "-"
        self.missing_newline = False

    def emit(self, text: str) -> None:
        if not text:
            return
        if self.missing_newline:   # GNU ends an unterminated last line before more output
            self.out.append(self.sep)
        self.missing_newline = not text.endswith(self.sep) and not text.endswith("\n")
        self.out.append(text)
        if len(self.out) > 256:
            self.flush()

    def flush(self) -> None:
        if self.out:
            self.ctx.out("".join(self.out))
            self.out = []

    # -- input ------------------------------------------------------------------
    def records(self, names: list[str]) -> Iterator[tuple[str, bool, bool]]:
        """(line, had terminator, is last line) across the inputs."""
        pending: tuple[str, bool] | None = None
        for name in names:
            try:
                stream = open_input(self.ctx, name)
            except OSError as exc:
                if exc.errno == errno.EISDIR:   # GNU opens it, then fails to read: fatal
                    self.ctx.error(f"read error on {name}: {strerror(exc)}")
                    raise _Quit(4) from None
                self.ctx.error(f"can't read {name}: {strerror(exc)}")
                self.status = 2
                continue
            try:
                for raw in lines(self.ctx, stream, self.sep.encode()):
                    text = raw.decode("utf-8", "surrogateescape")
                    had = text.endswith(self.sep)
                    if pending is not None:
                        yield pending[0], pending[1], False
                    pending = (text[:-1] if had else text, had)
            except ReadError as exc:  # GNU sed's ck_getdelim: a failed read(2) is fatal
                self.ctx.error(f"read error on {'stdin' if name == '-' else name}: {strerror(exc)}")
                raise _Quit(4) from None
            except OSError as exc:
                self.ctx.error(f"read error on {name}: {strerror(exc)}")
                self.status = 2
            finally:
                close_input(self.ctx, stream)
            self.filename = name
        if pending is not None:
            yield pending[0], pending[1], True

    # -- matching -----------------------------------------------------------------
    def search(self, regex: Regex | None, text: str) -> Regex:
        if regex is None:
            if self.last_regex is None:
                raise SedError("no previous regular expression")
            return self.last_regex
        self.last_regex = regex
        return regex

    def match1(self, a: Addr, ps: str, last: bool) -> bool:
        if a.kind == "line":
            return self.lineno == a.n
        if a.kind == "last":
            return last
        if a.kind == "step":
            return self.lineno == a.n if a.step <= 0 else self.lineno >= a.n and (self.lineno - a.n) % a.step == 0
        if a.kind == "regex":
            return self.search(a.regex, ps).search(ps) is not None
        return False

    def selected(self, c: Cmd, ps: str, last: bool) -> bool:
        if c.a1 is None:
            return True
        if c.a2 is None:
            return self.match1(c.a1, ps, last)
        if c.active:
            a2 = c.a2
            if a2.kind in ("line",):
                c.active = self.lineno < a2.n
                return self.lineno <= a2.n or True
            if a2.kind in ("plus", "mult"):
                c.active = self.lineno < c.end_line
                return True
            if a2.kind == "last":
                c.active = not last
                return True
            c.active = not self.match1(a2, ps, last)
            return True
        if (c.a1.kind == "zero" and self.lineno >= 1 and not getattr(c, "_zero_done", False)) or \
                self.match1(c.a1, ps, last):
            if c.a1.kind == "zero":
                c._zero_done = True  # type: ignore[attr-defined]
                c.active = True
                if self.match1(c.a2, ps, last):
                    c.active = False
                return True
            a2 = c.a2
            if a2.kind == "line":
                c.active = a2.n > self.lineno
            elif a2.kind == "plus":
                c.end_line = self.lineno + a2.n
                c.active = a2.n > 0
            elif a2.kind == "mult":
                c.end_line = self.lineno if a2.n <= 0 else -(-self.lineno // a2.n) * a2.n
                c.active = c.end_line > self.lineno
            elif a2.kind == "last":
                c.active = not last
            else:
                c.active = not last
            return True
        return False

    # -- the cycle ------------------------------------------------------------------
    def run(self, names: list[str]) -> int:
        feed = self.records(names)
        try:
            for line, had, last in feed:
                self.lineno += 1
                self.cycle(line, had, last, feed)
        except _Quit as q:
            self.flush()
            return q.status
        self.flush()
        return self.status

    def end_cycle(self, ps: str, had: bool, autoprint: bool) -> None:
        if autoprint and not self.quiet:
            self.emit(ps + (self.sep if had else ""))
        self.flush_append()

    def flush_append(self) -> None:
        for kind, value in self.append:
            if kind == "text":
                self.emit(value + "\n" if value else "")
            else:
                try:
                    self.emit(self.ctx.vfs.read_bytes(self.ctx.abspath(value)).decode("utf-8", "surrogateescape"))
                except OSError:
                    pass   # r silently ignores unreadable files
        self.append = []

    def cycle(self, ps: str, had: bool, last: bool, feed: Iterator[tuple[str, bool, bool]]) -> None:
        pc, subst = 0, False
        cmds = self.cmds
        while pc < len(cmds):
            self.ctx.check()
            c = cmds[pc]
            pc += 1
            if self.selected(c, ps, last) == c.negate:
                if c.name == "{":
                    pc = c.target
                continue
            n = c.name
            if n == "{" or n == ":" or n == "}":
                continue
            if n == "p":
                self.emit(ps + self.sep)
            elif n == "d":
                self.flush_append()
                return
            elif n == "D":
                if "\n" not in ps:
                    self.flush_append()
                    return
                ps = ps.split("\n", 1)[1]
                self.flush_append()
                pc, subst = 0, False
                continue
            elif n == "s":
                regex = self.search(c.regex, ps)
                ps, did = self.substitute(c, regex, ps)
                if did:
                    subst = True
                    if c.pflag:
                        self.emit(ps + self.sep)
                    if c.text:
                        self.wfiles.setdefault(c.text, []).append(ps + "\n")
            elif n == "y":
                ps = "".join(c.ymap.get(ch, ch) for ch in ps)
            elif n == "=":
                self.emit(f"{self.lineno}\n")
            elif n == "a":
                self.append.append(("text", c.text))
            elif n == "c":
                if (c.a2 is None or not c.active or c.negate) and c.text:
                    self.emit(c.text + "\n")
                self.flush_append()
                return
            elif n == "i":
                self.emit(c.text + "\n" if c.text else "")
            elif n in "rR":
                self.append.append(("file", c.text))
            elif n in "wW":
                self.wfiles.setdefault(c.text, []).append((ps if n == "w" else ps.split("\n")[0]) + "\n")
            elif n in "qQ":
                if n == "q":
                    self.end_cycle(ps, had, True)
                raise _Quit(c.int_arg or 0)
            elif n == "h":
                self.hold = ps
            elif n == "H":
                self.hold += "\n" + ps
            elif n == "g":
                ps = self.hold
            elif n == "G":
                ps += "\n" + self.hold
            elif n == "x":
                ps, self.hold = self.hold, ps
            elif n == "z":
                ps = ""
            elif n == "F":
                self.emit(f"{self.filename}\n")
            elif n == "l":
                self.emit(_visible(ps, c.int_arg if c.int_arg is not None else 70))
            elif n == "P":
                self.emit(ps.split("\n")[0] + "\n")
            elif n in "nN":
                nxt = next(feed, None)
                if nxt is None:
                    # GNU: at end of input n and N print the pattern space and stop
                    self.end_cycle(ps, had, True)
                    raise _Quit(self.status)
                if n == "n":
                    self.end_cycle(ps, had, True)
                    ps, had, last = nxt
                else:
                    self.flush_append()
                    ps, had, last = ps + "\n" + nxt[0], nxt[1], nxt[2]
                self.lineno += 1
            elif n == "b":
                pc = c.target
            elif n in "tT":
                if subst == (n == "t"):
                    pc = c.target
                subst = False
        self.end_cycle(ps, had, True)

    def substitute(self, c: Cmd, regex: Regex, ps: str) -> tuple[str, bool]:
        count, out, pos, did, prev_end = 0, [], 0, False, -1
        for m in regex.finditer(ps):
            if m.start() == m.end() == prev_end:   # no empty match right after a match (POSIX)
                continue
            prev_end = m.end()
            count += 1
            if count < c.nth:
                continue
            out.append(ps[pos:m.start()])
            out.append(_expand(c.repl, m))
            pos = m.end()
            did = True
            if not c.gflag:
                break
        if not did:
            return ps, False
        out.append(ps[pos:])
        return "".join(out), True


def _expand(repl: list[tuple[str, object]], m: MatchLike) -> str:
    out: list[str] = []
    mode, once = "", ""
    for kind, value in repl:
        if kind == "case":
            if value in ("l", "u"):
                once = str(value)
            else:
                mode = "" if value == "E" else str(value)
            continue
        text = str(value) if kind == "lit" else (m.group(int(value)) or "")  # type: ignore[arg-type]
        if mode == "U":
            text = text.upper()
        elif mode == "L":
            text = text.lower()
        if once and text:
            text = (text[0].upper() if once == "u" else text[0].lower()) + text[1:]
            once = ""
        out.append(text)
    return "".join(out)


def _visible(ps: str, width: int) -> str:
    """The l command: C escapes, octal for the rest, lines wrapped with \\ at width-1."""
    esc = {"\\": "\\\\", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
           "\v": "\\v"}
    pieces = []
    for ch in ps:
        if ch in esc:
            pieces.append(esc[ch])
        elif " " <= ch < "\x7f":
            pieces.append(ch)
        else:
            pieces.extend(f"\\{b:03o}" for b in ch.encode("utf-8", "surrogateescape"))
    out, cur = [], ""
    for p in pieces:
        if width > 1 and len(cur) + len(p) > width - 1:
            out.append(cur + "\\\n")
            cur = ""
        cur += p
    return "".join(out) + cur + "$\n"
