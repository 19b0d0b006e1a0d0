"""sed script parser (GNU sed 4.9 compile.c subset): commands, addresses, s///, y///, a/i/c text."""
from __future__ import annotations

import re

from shelldojo.shell import regexengine
from shelldojo.shell.budget import Budget
from shelldojo.shell.commands.grep.regex import RegexError
from shelldojo.shell.commands.sed.model import Addr, Cmd, SedError, sed_regex

_NO_ADDR = {":", "}"}


class Parser:
    def __init__(self, chunks: list[tuple[str, str]], ere: bool, budget: Budget | None = None) -> None:
        """chunks: (text, where) pairs; where is '-e expression #N' or 'file F'."""
        self.text = "\n".join(t for t, _ in chunks)
        self.starts: list[tuple[int, str]] = []
        pos = 0
        for t, where in chunks:
            self.starts.append((pos, where))
            pos += len(t) + 1
        self.i = 0
        self.ere = ere
        self.budget = budget
        self.cmds: list[Cmd] = []

    # -- low level -----------------------------------------------------------
    def fail(self, message: str, char: int | None = None) -> SedError:
        pos = self.i if char is None else char
        start, where = self.starts[0]
        for s, w in self.starts:
            if s <= max(pos - 1, 0):
                start, where = s, w
        if where.startswith("file "):
            line = self.text.count("\n", start, max(pos - 1, start)) + 1
            return SedError(f"{where} line {line}: {message}")
        return SedError(f"{where}, char {pos - start if char is None else char}: {message}")

    def peek(self) -> str:
        return self.text[self.i] if self.i < len(self.text) else ""

    def get(self) -> str:
        c = self.peek()
        if c:
            self.i += 1
        return c

    def skip_ws(self) -> None:
        while self.peek() in (" ", "\t") and self.peek():
            self.i += 1

    def number(self) -> int:
        start = self.i
        while self.peek().isdigit():
            self.i += 1
        return int(self.text[start:self.i])

    def delimited(self, delim: str, what: str, keep_escapes: bool = True) -> str:
        """Text up to an unescaped delim (consumed); \\delim becomes delim."""
        out = []
        while True:
            c = self.get()
            if not c:
                raise self.fail(what)
            if c == delim:
                return "".join(out)
            if c == "\\":
                n = self.get()
                if not n:
                    raise self.fail(what)
                if n == delim:
                    out.append(delim)
                elif n == "\n" and not keep_escapes:
                    out.append("\n")
                else:
                    out.append("\\" + n)
                continue
            if c == "\n" and what != "unterminated address regex" and not keep_escapes:
                raise self.fail(what)
            out.append(c)

    def regex(self, pattern: str, icase: bool = False, multi: bool = False,
              what: str = "unterminated address regex") -> regexengine.Regex | None:
        if pattern == "":
            return None
        try:
            return sed_regex(pattern, self.ere, icase, multi, self.budget)
        except RegexError as exc:
            # GNU scans [...] while looking for the delimiter: an open bracket ends the command
            message = what if str(exc).startswith(("Unmatched [", "Invalid regular")) else str(exc)
            raise self.fail(message) from None

    # -- addresses -------------------------------------------------------------
    def address(self) -> Addr | None:
        c = self.peek()
        if c.isdigit():
            n = self.number()
            if self.peek() == "~":
                self.i += 1
                step = self.number() if self.peek().isdigit() else 0
                return Addr("step", n, step)
            return Addr("zero" if n == 0 else "line", n)
        if c == "$":
            self.i += 1
            return Addr("last")
        if c in ("/", "\\"):
            self.i += 1
            delim = "/" if c == "/" else self.get()
            pattern = self.delimited(delim, "unterminated address regex")
            icase = multi = False
            while self.peek() in ("I", "M"):
                icase, multi = icase or self.peek() == "I", multi or self.peek() == "M"
                self.i += 1
            return Addr("regex", regex=self.regex(pattern, icase, multi))
        return None

    # -- commands --------------------------------------------------------------
    def parse(self) -> list[Cmd]:
        blocks: list[int] = []
        while True:
            while self.peek() and self.peek() in " \t\n;":
                self.i += 1
            if not self.peek():
                break
            a1 = self.address()
            a2 = None
            if a1 is not None:
                self.skip_ws()
                if self.peek() == ",":
                    self.i += 1
                    self.skip_ws()
                    if self.peek() in ("+", "~"):
                        kind = "plus" if self.get() == "+" else "mult"
                        a2 = Addr(kind, self.number() if self.peek().isdigit() else 0)
                    else:
                        a2 = self.address()
                        if a2 is None:
                            self.get()
                            raise self.fail("unexpected `,'")
                        if a2.kind == "zero":
                            raise self.fail("invalid usage of line address 0")
            self.skip_ws()
            negate = False
            while self.peek() == "!":
                if negate:
                    self.i += 1
                    raise self.fail("multiple `!'s")
                negate = True
                self.i += 1
                self.skip_ws()
            name = self.get()
            if not name:
                raise self.fail("missing command")
            cmd = Cmd(name, a1, a2, negate)
            if a1 is not None and a1.kind == "zero" and (a2 is None or a2.kind != "regex"):
                raise self.fail("invalid usage of line address 0")
            if name == "#":
                if a1 is not None:
                    raise self.fail("comments don't accept any addresses")
                while self.peek() and self.peek() != "\n":
                    self.i += 1
                continue
            if a1 is not None and name in _NO_ADDR:
                raise self.fail(": doesn't want any addresses" if name == ":" else "unexpected `}'")
            if a2 is not None and name in "qQ":
                raise self.fail("command only uses one address")
            self.body(cmd, blocks)
            self.cmds.append(cmd)
        if blocks:
            raise self.fail("unmatched `{'", 0)
        labels = {c.text: k for k, c in enumerate(self.cmds) if c.name == ":"}
        for c in self.cmds:
            if c.name in "btT":
                if c.text and c.text not in labels:
                    raise SedError(f"can't find label for jump to `{c.text}'", 4)
                c.target = labels[c.text] if c.text else len(self.cmds)
        return self.cmds

    def end_of_command(self) -> None:
        self.skip_ws()
        c = self.peek()
        if c == "#" or c == "}":
            return
        if c and c not in ";\n":
            self.i += 1
            raise self.fail("extra characters after command")

    def body(self, cmd: Cmd, blocks: list[int]) -> None:
        name = cmd.name
        if name == "{":
            blocks.append(len(self.cmds))
            return
        if name == "}":
            if not blocks:
                raise self.fail("unexpected `}'")
            self.cmds[blocks.pop()].target = len(self.cmds) + 1
            self.end_of_command()
            return
        if name in "=dDgGhHlnNpPxzF":
            if name == "l" and self.peek().isdigit():
                cmd.int_arg = self.number()
            self.end_of_command()
            return
        if name in "qQ":
            self.skip_ws()
            if self.peek().isdigit():
                cmd.int_arg = self.number()
            self.end_of_command()
            return
        if name in "aic":
            cmd.text = self.text_arg()
            return
        if name in ":btT":
            self.skip_ws()
            start = self.i
            while self.peek() and self.peek() not in ";\n":
                self.i += 1
            label = self.text[start:self.i].strip()
            if name == ":" and not label:
                raise self.fail('":" lacks a label')
            cmd.text = label
            return
        if name in "rRwW":
            self.skip_ws()
            start = self.i
            while self.peek() and self.peek() != "\n":
                self.i += 1
            cmd.text = self.text[start:self.i]
            if not cmd.text:
                raise self.fail("missing filename in r/R/w/W commands")
            return
        if name == "s":
            self.substitute(cmd)
            return
        if name == "y":
            self.translit(cmd)
            return
        raise self.fail(f"unknown command: `{name}'")

    def text_arg(self) -> str:
        """a/i/c text: `a text` (one line, GNU) or `a\\` newline text, with \\-continued lines."""
        self.skip_ws()
        if self.peek() == "\\":
            self.i += 1
            if self.peek() == "\n":
                self.i += 1
        elif not self.peek():
            raise self.fail("expected \\ after `a', `c' or `i'")
        out = []
        while True:
            c = self.get()
            if not c or c == "\n":
                break
            if c == "\\":
                n = self.get()
                if not n:
                    break
                out.append(n)
                continue
            out.append(c)
        return "".join(out)

    def substitute(self, cmd: Cmd) -> None:
        delim = self.get()
        if not delim or delim in "\n\\":
            raise self.fail("unterminated `s' command")
        pattern = self.delimited(delim, "unterminated `s' command")
        raw = self.delimited(delim, "unterminated `s' command", keep_escapes=False)
        icase = multi = False
        while True:
            c = self.peek()
            if c == "g":
                if cmd.gflag:
                    self.i += 1
                    raise self.fail("multiple `g' options to `s' command")
                cmd.gflag = True
            elif c == "p":
                if cmd.pflag:
                    self.i += 1
                    raise self.fail("multiple `p' options to `s' command")
                cmd.pflag = 1
            elif c.isdigit():
                n = self.number()
                if n == 0:
                    raise self.fail("number option to `s' command may not be zero")
                cmd.nth = n
                continue
            elif c in ("i", "I"):
                icase = True
            elif c in ("m", "M"):
                multi = True
            elif c == "e":
                pass
            elif c == "w":
                self.i += 1
                self.skip_ws()
                start = self.i
                while self.peek() and self.peek() != "\n":
                    self.i += 1
                cmd.text = self.text[start:self.i]
                if not cmd.text:
                    raise self.fail("missing filename in r/R/w/W commands")
                break
            elif c in ("", ";", "\n", "#", "}"):
                break
            elif c in (" ", "\t"):
                pass
            else:
                self.i += 1
                raise self.fail("unknown option to `s'")
            self.i += 1
        cmd.empty_regex = pattern == ""
        cmd.regex = self.regex(pattern, icase, multi, "unterminated `s' command")
        groups = cmd.regex.groups if cmd.regex is not None else 9
        cmd.repl = self.replacement(raw, groups)

    def replacement(self, raw: str, groups: int) -> list[tuple[str, object]]:
        out: list[tuple[str, object]] = []
        i = 0
        while i < len(raw):
            c = raw[i]
            if c == "&":
                out.append(("grp", 0))
            elif c == "\\" and i + 1 < len(raw):
                i += 1
                n = raw[i]
                if n.isdigit():
                    if int(n) > groups:
                        raise self.fail(f"invalid reference \\{n} on `s' command's RHS")
                    out.append(("grp", int(n)))
                elif n in "LUluE":
                    out.append(("case", n))
                else:
                    out.append(("lit", {"n": "\n", "t": "\t", "a": "\a", "f": "\f", "v": "\v",
                                        "r": "\r"}.get(n, n)))
            else:
                out.append(("lit", c))
            i += 1
        return out

    def translit(self, cmd: Cmd) -> None:
        delim = self.get()
        if not delim or delim in "\n\\":
            raise self.fail("unterminated `y' command")
        src = self.delimited(delim, "unterminated `y' command", keep_escapes=False)
        dst = self.delimited(delim, "unterminated `y' command", keep_escapes=False)

        def unescape(s: str) -> str:
            return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "\\": "\\"}.get(m.group(1),
                                                                                  "\\" + m.group(1)), s)
        src, dst = unescape(src), unescape(dst)
        if len(src) != len(dst):
            raise self.fail("strings for `y' command are different lengths")
        cmd.ymap = dict(zip(src, dst, strict=True))
        self.end_of_command()
