"""awk as Ubuntu's mawk 1.3.4 behaves (this host's awk is mawk 1.3.4 20200120): -F -v -f,
patterns and actions, BEGIN/END, fields, arrays, printf, the string builtins, > and >> via the VFS.
Text is handled as bytes (latin-1 strings), as mawk counts bytes."""
from __future__ import annotations

import math
import re

from shelldojo.shell import regexengine
from shelldojo.shell.commands.awk.lex import AwkSyntaxError, unescape
from shelldojo.shell.commands.awk.parse import Parser
from shelldojo.shell.commands.awk.values import (
    NUMERIC,
    AwkError,
    AwkFatal,
    Strnum,
    _Return,
    num,
    to_str,
    truth,
)
from shelldojo.shell.commands.grep.regex import RegexError, translate
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim


class Awk:
    def __init__(self, ctx: Context, items: list, funcs: dict) -> None:
        self.ctx, self.items, self.funcs = ctx, items, funcs
        self.vars: dict[str, object] = {"FS": " ", "OFS": " ", "ORS": "\n", "RS": "\n", "NR": 0.0,
                                        "FNR": 0.0, "NF": 0.0, "SUBSEP": "\x1c", "CONVFMT": "%.6g",
                                        "OFMT": "%.6g", "FILENAME": "", "RSTART": 0.0, "RLENGTH": -1.0}
        self.arrays: dict[str, dict[str, object]] = {"ENVIRON": {k: Strnum(v) if NUMERIC.fullmatch(v) else v
                                                                 for k, v in ctx.env.items()}}
        self.fields: list[object] = [""]
        self.files: dict[str, list[str]] = {}
        self.locals: list[dict[str, object]] = []
        self.regex_cache: dict[str, regexengine.Regex] = {}
        self.exit_code = 0
        self.out: list[str] = []

    # -- output ------------------------------------------------------------------
    def emit(self, text: str) -> None:
        self.out.append(text)
        if len(self.out) > 256:
            self.flush()

    def flush(self) -> None:
        if self.out:
            self.ctx.out("".join(self.out).encode("latin-1"))
            self.out = []

    def write_file(self, mode: str, name: str, text: str) -> None:
        """print > file truncates on first use and then appends, as awk keeps the file open."""
        if mode == "|":
            raise AwkError("output pipes are not supported here")
        if name in ("/dev/stdout", "-"):
            self.emit(text)
            return
        if name == "/dev/stderr":
            self.flush()
            self.ctx.err(text.encode("latin-1"))
            return
        path = self.ctx.abspath(name)
        try:
            if name not in self.files:
                self.ctx.vfs.write_bytes(path, b"", append=mode == ">>")
                self.files[name] = []
            self.ctx.vfs.write_bytes(path, text.encode("latin-1"), append=True)
        except OSError as exc:
            from shelldojo.filesystem import strerror
            raise AwkFatal(f'cannot open "{name}" for output ({strerror(exc)})') from None

    def close_files(self) -> None:
        self.files.clear()

    # -- records -----------------------------------------------------------------
    def set_record(self, text: str) -> None:
        self.fields = [Strnum(text) if NUMERIC.fullmatch(text) else text]
        fs = to_str(self.vars["FS"])
        if fs == " ":
            parts = text.split()
        elif text == "":
            parts = []
        elif len(fs) == 1 and fs != "\\":
            parts = text.split(fs)
        else:
            parts = self.regex(fs).split(text)
        self.fields += [Strnum(p) if NUMERIC.fullmatch(p) else p for p in parts]
        self.vars["NF"] = float(len(parts))

    def rebuild(self) -> None:
        ofs = to_str(self.vars["OFS"])
        self.fields[0] = ofs.join(to_str(f, to_str(self.vars["CONVFMT"])) for f in self.fields[1:])

    def get_field(self, i: int) -> object:
        if i < 0:
            raise AwkError(f"$ ({i}) out of range")  # mawk: negative field index
        return self.fields[i] if i < len(self.fields) else ""

    def set_field(self, i: int, value: object) -> None:
        if i == 0:
            self.set_record(to_str(value))
            return
        while len(self.fields) <= i:
            self.fields.append("")
        self.fields[i] = value
        self.vars["NF"] = float(len(self.fields) - 1)
        self.rebuild()

    def regex(self, text: str) -> regexengine.Regex:
        pat = self.regex_cache.get(text)
        if pat is None:
            try:
                body, _ = translate(text, "ere")
                pat = regexengine.compile(body, re.DOTALL, self.ctx.budget)
            except (RegexError, re.error) as exc:
                raise AwkError(f"regular expression compile failed (missing operand)\n{text}") from exc
            self.regex_cache[text] = pat
        return pat

    # -- variables -----------------------------------------------------------------
    def getvar(self, name: str) -> object:
        if self.locals and name in self.locals[-1]:
            v = self.locals[-1][name]
            return "" if isinstance(v, dict) else v
        if name == "NF":
            return self.vars["NF"]
        return self.vars.get(name, "")

    def setvar(self, name: str, value: object) -> None:
        if self.locals and name in self.locals[-1]:
            self.locals[-1][name] = value
        elif name == "NF":
            n = int(num(value))
            self.fields = (self.fields + [""] * n)[:n + 1]
            self.vars["NF"] = float(n)
            self.rebuild()
        else:
            self.vars[name] = value

    def array(self, name: str) -> dict[str, object]:
        if self.locals and name in self.locals[-1]:
            v = self.locals[-1][name]
            if not isinstance(v, dict):
                v = {}
                self.locals[-1][name] = v
            return v
        return self.arrays.setdefault(name, {})

    def key(self, subs: list[tuple]) -> str:
        conv = to_str(self.vars["CONVFMT"])
        return to_str(self.vars["SUBSEP"]).join(to_str(self.eval(s), conv) for s in subs)

    # -- lvalues -----------------------------------------------------------------
    def assign(self, target: tuple, value: object) -> object:
        if target[0] == "var":
            self.setvar(target[1], value)
        elif target[0] == "field":
            self.set_field(int(num(self.eval(target[1]))), value)
        else:
            self.array(target[1])[self.key(target[2])] = value
        return value

    # -- expressions -----------------------------------------------------------------
    def eval(self, e: tuple) -> object:
        k = e[0]
        if k == "num":
            return e[1]
        if k == "str":
            return e[1]
        if k == "var":
            return self.getvar(e[1])
        if k == "field":
            return self.get_field(int(num(self.eval(e[1]))))
        if k == "index":
            return self.array(e[1]).setdefault(self.key(e[2]), "")
        if k == "group":
            return self.eval(e[1])
        if k == "regex":
            return 1.0 if self.regex(e[1]).search(to_str(self.fields[0])) else 0.0
        if k == "concat":
            conv = to_str(self.vars["CONVFMT"])
            left, right = to_str(self.eval(e[1]), conv), to_str(self.eval(e[2]), conv)
            if len(left) + len(right) >= 1 << 20:  # s = s s doubles: refuse before allocating
                self.ctx.budget.need(len(left) + len(right))
            return left + right
        if k == "bin":
            a, b = num(self.eval(e[2])), num(self.eval(e[3]))
            op = e[1]
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            if op == "/":
                return a / b if b else (math.copysign(math.inf, a) if a else math.nan)
            if op == "%":
                return math.fmod(a, b) if b else math.nan
            try:
                return float(a ** b)
            except (OverflowError, ZeroDivisionError):
                return math.inf
        if k == "neg":
            return -num(self.eval(e[1]))
        if k == "plus":
            return num(self.eval(e[1]))
        if k == "not":
            return 0.0 if truth(self.eval(e[1])) else 1.0
        if k == "and":
            return 1.0 if truth(self.eval(e[1])) and truth(self.eval(e[2])) else 0.0
        if k == "or":
            return 1.0 if truth(self.eval(e[1])) or truth(self.eval(e[2])) else 0.0
        if k == "cond":
            return self.eval(e[2]) if truth(self.eval(e[1])) else self.eval(e[3])
        if k == "cmp":
            return self.compare(e[1], self.eval(e[2]), self.eval(e[3]))
        if k == "match":
            subject = to_str(self.eval(e[2]))
            pat = e[3][1] if e[3][0] == "regex" else to_str(self.eval(e[3]))
            found = self.regex(pat).search(subject) is not None
            return 1.0 if found != e[1] else 0.0
        if k == "in":
            return 1.0 if self.key(e[1]) in self.array(e[2]) else 0.0
        if k == "assign":
            if e[1] == "=":
                v = self.eval(e[3])
                if isinstance(v, dict):
                    v = ""
                return self.assign(e[2], v)
            b = num(self.eval(e[3]))
            a = num(self.eval(e[2]))
            op = e[1][0]
            r = self.eval(("bin", op, ("num", a), ("num", b)))
            return self.assign(e[2], r)
        if k == "incr":
            old = num(self.eval(e[3]))
            new = old + (1 if e[1] == "++" else -1)
            self.assign(e[3], new)
            return new if e[2] else old
        if k == "call":
            from shelldojo.shell.commands.awk.builtins import call
            return call(self, e[1], e[2])
        if k == "ucall":
            return self.call_user(e[1], e[2])
        if k == "getline":
            return 0.0
        raise AwkError(f"bad node {k}")

    def compare(self, op: str, a: object, b: object) -> float:
        if isinstance(a, (float, Strnum)) and isinstance(b, (float, Strnum)):
            x, y = num(a), num(b)
        else:
            conv = to_str(self.vars["CONVFMT"])
            x, y = to_str(a, conv), to_str(b, conv)  # type: ignore[assignment]
        result = {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y, "==": x == y, "!=": x != y}[op]
        return 1.0 if result else 0.0

    def call_user(self, name: str, args: list[tuple]) -> object:
        if name not in self.funcs:
            raise AwkError(f"function {name} never defined")
        params, body = self.funcs[name]
        frame: dict[str, object] = {}
        for i, p in enumerate(params):
            if i < len(args):
                a = args[i]
                if a[0] == "var" and (a[1] in self.arrays or (self.locals and isinstance(
                        self.locals[-1].get(a[1]), dict))):
                    frame[p] = self.array(a[1])
                else:
                    frame[p] = self.eval(a)
            else:
                frame[p] = ""
        if len(self.locals) > 200:
            raise AwkError("function call nesting too deep")
        self.locals.append(frame)
        try:
            self.execute(body)
        except _Return as r:
            return r.value
        finally:
            self.locals.pop()
        return ""

    # -- statements -----------------------------------------------------------------
    def execute(self, s: tuple) -> None:
        from shelldojo.shell.commands.awk.builtins import execute
        execute(self, s)


@command("awk", family="text", summary="pattern scanning and text processing language")
def awk(ctx: Context, argv: list[str]) -> int:
    from shelldojo.shell.commands.awk.builtins import run_program
    args = argv[1:]
    assigns: list[str] = []
    fs: str | None = None
    progs: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            i += 1
            break
        if not a.startswith("-") or a == "-":
            break
        opt, rest = a[1], a[2:]
        if opt in "fvFW":
            if not rest:
                if i + 1 >= len(args):
                    ctx.err(f"awk: option -{opt} lacks argument\n")
                    return 2
                rest = args[i + 1]
                i += 1
            if opt == "f":
                try:
                    progs.append(ctx.vfs.read_bytes(ctx.abspath(rest)).decode("latin-1"))
                except OSError as exc:
                    from shelldojo.filesystem import strerror
                    ctx.err(f"awk: cannot open {rest} ({strerror(exc)})\n")
                    return 2
            elif opt == "v":
                if "=" not in rest:
                    ctx.err(f"awk: improper assignment: -v {rest}\n")
                    return 2
                assigns.append(rest)
            elif opt == "F":
                fs = rest
            else:
                w = rest.split("=")[0]
                if "version".startswith(w):
                    ctx.out(verbatim("awk/awk_version"))
                    ctx.err(verbatim("awk/awk_version_limits"))
                    return 0
                if "usage".startswith(w) or "help".startswith(w):
                    ctx.err(verbatim("awk/awk_usage"))
                    return 0
            i += 1
            continue
        ctx.err(f"awk: not an option: {a}\n")
        return 2
    operands = args[i:]
    if not progs:
        if not operands:
            ctx.err(verbatim("awk/awk_usage"))
            return 0
        progs.append(operands.pop(0).encode("utf-8", "surrogateescape").decode("latin-1"))
    try:
        items, funcs = Parser("\n".join(progs)).program()
    except AwkSyntaxError as exc:
        ctx.err(f"awk: {exc}\n")
        return 2
    machine = Awk(ctx, items, funcs)
    if fs is not None:
        machine.vars["FS"] = unescape(fs)
    for a in assigns:
        name, _, value = a.partition("=")
        value = unescape(value)
        machine.vars[name] = Strnum(value) if NUMERIC.fullmatch(value) else value
    return run_program(machine, operands)

