"""awk statements, builtin functions and the main record loop (mawk 1.3.4 behaviour)."""
from __future__ import annotations

import math
import random
import re
from typing import TYPE_CHECKING

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.awk.values import (
    AwkError,
    AwkFatal,
    Strnum,
    _Break,
    _Continue,
    _Exit,
    _Next,
    _Return,
    num,
    sprintf,
    to_str,
    truth,
)
from shelldojo.shell.commands.textio import close_input, lines, open_input
from shelldojo.shell.regexengine import MatchLike, Regex

if TYPE_CHECKING:
    from shelldojo.shell.commands.awk.awk import Awk


def _pattern(m: Awk, arg: tuple) -> Regex:
    return m.regex(arg[1] if arg[0] == "regex" else to_str(m.eval(arg)))


def _sub(m: Awk, args: list[tuple], glob: bool) -> float:
    pat = _pattern(m, args[0])
    repl = to_str(m.eval(args[1]))
    target = args[2] if len(args) > 2 else ("field", ("num", 0.0))
    text = to_str(m.eval(target))
    count = 0

    def rep(mo: MatchLike) -> str:
        nonlocal count
        count += 1
        out, i = [], 0
        while i < len(repl):
            c = repl[i]
            if c == "\\" and i + 1 < len(repl) and repl[i + 1] in "&\\":
                out.append(repl[i + 1])
                i += 2
                continue
            out.append(mo.group() if c == "&" else c)
            i += 1
        return "".join(out)
    new = pat.sub(rep, text, count=0 if glob else 1)
    if count:
        m.assign(target, new)
    return float(count)


def call(m: Awk, name: str, args: list[tuple]) -> object:
    if name == "length":
        if not args:
            return float(len(to_str(m.fields[0])))
        a = args[0]
        if a[0] == "var" and (a[1] in m.arrays or (m.locals and isinstance(m.locals[-1].get(a[1]), dict))):
            return float(len(m.array(a[1])))
        return float(len(to_str(m.eval(a))))
    if name in ("sub", "gsub"):
        return _sub(m, args, name == "gsub")
    if name == "split":
        text = to_str(m.eval(args[0]))
        arr = m.array(args[1][1])
        arr.clear()
        if len(args) > 2:
            sep = args[2][1] if args[2][0] == "regex" else to_str(m.eval(args[2]))
        else:
            sep = to_str(m.vars["FS"])
        if sep == " ":
            parts = text.split()
        elif text == "":
            parts = []
        elif len(sep) == 1 and args[2:] and args[2][0] != "regex":
            parts = text.split(sep)
        else:
            parts = m.regex(sep).split(text)
        for i, p in enumerate(parts, 1):
            arr[str(i)] = Strnum(p) if re.fullmatch(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*", p) else p
        return float(len(parts))
    vals = [m.eval(a) for a in args]
    if name == "substr":
        s = to_str(vals[0])
        start = num(vals[1]) if len(vals) > 1 else 1.0
        length = num(vals[2]) if len(vals) > 2 else math.inf
        # mawk 1.3.4 20200120: truncated start and length; a start below 1 *adds* to the length
        lo = int(start) if not math.isinf(start) else (0 if start < 0 else len(s) + 1)
        count = len(s) if math.isinf(length) else int(length)
        if lo < 1:
            count, lo = count - lo, 1
        return s[lo - 1:lo - 1 + count] if count > 0 else ""
    if name == "index":
        return float(to_str(vals[0]).find(to_str(vals[1])) + 1)
    if name == "match":
        mo = _pattern(m, args[1]).search(to_str(vals[0]))
        m.vars["RSTART"] = float(mo.start() + 1) if mo else 0.0
        m.vars["RLENGTH"] = float(len(mo.group())) if mo else -1.0
        return m.vars["RSTART"]
    if name == "sprintf":
        return sprintf(to_str(vals[0]), vals[1:], m.ctx.budget.need) if vals else ""
    if name == "tolower":
        return to_str(vals[0]).lower()
    if name == "toupper":
        return to_str(vals[0]).upper()
    if name == "int":
        return float(math.trunc(num(vals[0]))) if not math.isinf(num(vals[0])) else num(vals[0])
    if name in ("sin", "cos", "exp", "log", "sqrt"):
        x = num(vals[0])
        try:
            return float(getattr(math, name)(x))
        except (ValueError, OverflowError):
            return math.nan if name != "exp" else math.inf
    if name == "atan2":
        return math.atan2(num(vals[0]), num(vals[1]))
    if name == "rand":
        return random.random()
    if name == "srand":
        random.seed(num(vals[0]) if vals else None)
        return 0.0
    if name in ("close", "fflush"):
        return 0.0
    if name == "system":
        m.flush()
        return float(m.ctx.runner.run_argv(m.ctx, ["sh", "-c", to_str(vals[0])]) if vals else 0)
    raise AwkError(f"function {name} never defined")


def execute(m: Awk, s: tuple) -> None:
    k = s[0]
    if k == "block":
        for st in s[1]:
            execute(m, st)
    elif k == "expr":
        m.eval(s[1])
    elif k in ("print", "printf"):
        if k == "print":
            conv = to_str(m.vars["OFMT"])
            items = [to_str(m.eval(a), conv) for a in s[1]] if s[1] else [to_str(m.fields[0])]
            text = to_str(m.vars["OFS"]).join(items) + to_str(m.vars["ORS"])
        else:
            vals = [m.eval(a) for a in s[1]]
            text = sprintf(to_str(vals[0]), vals[1:], m.ctx.budget.need)
        if s[2] is None:
            m.emit(text)
        else:
            mode, dest = s[2]
            m.write_file(mode, to_str(m.eval(dest)), text)
    elif k == "if":
        if truth(m.eval(s[1])):
            execute(m, s[2])
        elif s[3] is not None:
            execute(m, s[3])
    elif k == "while":
        while truth(m.eval(s[1])):
            m.ctx.check()
            try:
                execute(m, s[2])
            except _Break:
                break
            except _Continue:
                continue
    elif k == "do":
        while True:
            m.ctx.check()
            try:
                execute(m, s[1])
            except _Break:
                break
            except _Continue:
                pass
            if not truth(m.eval(s[2])):
                break
    elif k == "for":
        if s[1] is not None:
            m.eval(s[1])
        while s[2] is None or truth(m.eval(s[2])):
            m.ctx.check()
            try:
                execute(m, s[4])
            except _Break:
                break
            except _Continue:
                pass
            if s[3] is not None:
                m.eval(s[3])
    elif k == "forin":
        for key in list(m.array(s[2])):
            m.ctx.check()
            m.setvar(s[1], Strnum(key) if re.fullmatch(r"-?\d+", key) else key)
            try:
                execute(m, s[3])
            except _Break:
                break
            except _Continue:
                continue
    elif k == "break":
        raise _Break
    elif k == "continue":
        raise _Continue
    elif k in ("next", "nextfile"):
        raise _Next
    elif k == "exit":
        if s[1] is not None:
            m.exit_code = int(num(m.eval(s[1])))
        raise _Exit
    elif k == "return":
        raise _Return(m.eval(s[1]) if s[1] is not None else "")
    elif k == "delete":
        arr = m.array(s[1])
        if s[2] is None:
            arr.clear()
        else:
            arr.pop(m.key(s[2]), None)


def _match(m: Awk, pat: tuple | None) -> bool:
    if pat is None:
        return True
    if pat[0] == "range":
        state = pat[3]
        if not state[0]:
            if truth(m.eval(pat[1])):
                state[0] = not truth(m.eval(pat[2]))
                return True
            return False
        if truth(m.eval(pat[2])):
            state[0] = False
        return True
    return truth(m.eval(pat))


def run_program(m: Awk, operands: list[str]) -> int:
    begins = [b for w, _, b in m.items if w == "BEGIN"]
    mains = [(p, b) for w, p, b in m.items if w == "main"]
    ends = [b for w, _, b in m.items if w == "END"]
    status = 0
    try:
        try:
            for b in begins:
                execute(m, b)
            if mains or ends:
                status = _records(m, operands, mains)
        except _Exit:
            pass
        try:
            for b in ends:
                execute(m, b)
        except _Exit:
            pass
    except AwkError as exc:
        m.flush()
        m.ctx.err(f"awk: run time error: {exc}\n\tFILENAME=\"{to_str(m.vars['FILENAME'])}\" "
                  f"FNR={to_str(m.vars['FNR'])} NR={to_str(m.vars['NR'])}\n")
        return 2
    except AwkFatal as exc:
        m.flush()
        m.ctx.err(f"awk: {exc}\n")
        return 2
    except (_Break, _Continue, _Next, _Return):
        pass
    m.flush()
    m.close_files()
    return m.exit_code or status


def _records(m: Awk, operands: list[str], mains: list) -> int:
    files = [a for a in operands if not re.match(r"[A-Za-z_][A-Za-z0-9_]*=", a)]
    todo = operands if files else [*operands, "-"]
    for name in todo:
        if re.match(r"[A-Za-z_][A-Za-z0-9_]*=", name):
            var, _, value = name.partition("=")
            m.vars[var] = value
            continue
        try:
            stream = open_input(m.ctx, name)
        except OSError as exc:
            m.flush()
            m.ctx.err(f"awk: cannot open {name} ({strerror(exc)})\n")
            return 2
        m.vars["FILENAME"] = "" if name == "-" and not files else name
        m.vars["FNR"] = 0.0
        try:
            for raw in lines(m.ctx, stream):
                text = raw.decode("latin-1")
                text = text.removesuffix("\n")
                m.vars["NR"] = num(m.vars["NR"]) + 1
                m.vars["FNR"] = num(m.vars["FNR"]) + 1
                m.set_record(text)
                try:
                    for pat, body in mains:
                        if _match(m, pat):
                            if body is None:
                                execute(m, ("print", [], None))
                            else:
                                execute(m, body)
                except _Next:
                    continue
        except OSError as exc:
            m.flush()
            m.ctx.err(f"awk: read error ({strerror(exc)})\n")
            return 2
        finally:
            close_input(m.ctx, stream)
    return 0
