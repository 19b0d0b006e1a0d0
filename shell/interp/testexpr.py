"""test / [ and the primaries shared with [[ ]]: a port of bash 5.2's test.c.

`evaluate(vfs, cwd, args, name)` takes the arguments after the command name (for `[`
the last one must be `]`) and returns (status, message); the message already starts
with "NAME: " ("[: missing `]'") and the caller prints it on stderr.
"""
from __future__ import annotations

import posixpath
import stat as st
from collections.abc import Callable
from typing import Any

from shelldojo.filesystem.credentials import current

UNARY = set("abcdefghknoprstuvwxzGLOSNR")
BINARY = {"=", "==", "!=", "<", ">", "-nt", "-ot", "-ef", "-eq", "-ne", "-lt", "-le", "-gt", "-ge"}
_INT_MAX = (1 << 63) - 1


class _Syntax(Exception):
    pass


def is_unop(op: str) -> bool:
    return len(op) == 2 and op[0] == "-" and op[1] in UNARY


def is_binop(op: str) -> bool:
    return op in BINARY


def parse_int(s: str) -> int:
    """bash's legal_number: optional blanks, sign, decimal digits, blanks; 64-bit."""
    t = s.strip(" \t\n\r\f\v")
    body = t[1:] if t[:1] in "+-" else t
    if not body or not body.isascii() or not body.isdigit():
        raise ValueError(f"{s}: integer expression expected")
    v = int(t)
    if not -_INT_MAX - 1 <= v <= _INT_MAX:
        raise ValueError(f"{s}: integer expression expected")
    return v


def _path(cwd: str, p: str) -> str:
    return p if p.startswith("/") else posixpath.join(cwd, p)


def _stat(vfs: Any, cwd: str, p: str, follow: bool = True) -> Any:
    if not p:
        return None
    try:
        return vfs.stat(_path(cwd, p), follow=follow)
    except (OSError, ValueError):
        return None


def unary(vfs: Any, cwd: str, op: str, operand: str) -> bool:
    """One unary primary (-e FILE, -z STRING, ...)."""
    c = op[1:2]
    if c == "z":
        return operand == ""
    if c == "n":
        return operand != ""
    if c in "ov":
        return False            # shell options and variables are the caller's business
    if c == "t":
        return False            # no terminal in the simulation
    if c in "hL":
        s = _stat(vfs, cwd, operand, follow=False)
        return s is not None and st.S_ISLNK(s.st_mode)
    if c in "rwx":
        if not operand:
            return False
        return bool(vfs.access(_path(cwd, operand), {"r": 4, "w": 2, "x": 1}[c]))
    s = _stat(vfs, cwd, operand)
    if s is None:
        return False
    mode = s.st_mode
    if c in "ae":
        return True
    checks = {
        "f": lambda: st.S_ISREG(mode),
        "d": lambda: st.S_ISDIR(mode),
        "b": lambda: st.S_ISBLK(mode),
        "c": lambda: st.S_ISCHR(mode),
        "p": lambda: st.S_ISFIFO(mode),
        "S": lambda: st.S_ISSOCK(mode),
        "s": lambda: s.st_size > 0,
        "u": lambda: bool(mode & st.S_ISUID),
        "g": lambda: bool(mode & st.S_ISGID),
        "k": lambda: bool(mode & st.S_ISVTX),
        "O": lambda: s.st_uid == current().uid,
        "G": lambda: s.st_gid == current().gid,
        "N": lambda: s.st_mtime > s.st_atime,
    }
    fn = checks.get(c)
    return bool(fn()) if fn else False


def binary(vfs: Any, cwd: str, op: str, a: str, b: str) -> bool:
    """One binary primary; ValueError("X: integer expression expected") for bad numbers."""
    if op in ("=", "=="):
        return a == b
    if op == "!=":
        return a != b
    if op == "<":
        return a < b
    if op == ">":
        return a > b
    if op in ("-nt", "-ot"):
        sa, sb = _stat(vfs, cwd, a), _stat(vfs, cwd, b)
        if op == "-ot":
            sa, sb = sb, sa
        if sa is None:
            return False
        return sb is None or sa.st_mtime > sb.st_mtime
    if op == "-ef":
        sa, sb = _stat(vfs, cwd, a), _stat(vfs, cwd, b)
        return sa is not None and sb is not None and (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)
    x, y = parse_int(a), parse_int(b)
    return {"-eq": x == y, "-ne": x != y, "-lt": x < y, "-le": x <= y, "-gt": x > y, "-ge": x >= y}[op]


class _Test:
    def __init__(self, vfs: Any, cwd: str, argv: list[str]) -> None:
        self.vfs, self.cwd, self.argv = vfs, cwd, argv
        self.argc = len(argv)
        self.pos = 0
        self.bracket = False
        self.isset: Callable[[str], bool] | None = None

    def advance(self, must: bool) -> None:
        self.pos += 1
        if must and self.pos >= self.argc:
            raise _Syntax("argument expected")

    def binary_operator(self) -> bool:
        a, w, b = self.argv[self.pos:self.pos + 3]
        if not is_binop(w):
            raise _Syntax(f"{w}: binary operator expected")
        self.pos += 3
        try:
            return binary(self.vfs, self.cwd, w, a, b)
        except ValueError as exc:
            raise _Syntax(str(exc)) from None

    def unary_operator(self) -> bool:
        op = self.argv[self.pos]
        if op == "-t":
            self.advance(False)
            if self.pos < self.argc:
                try:
                    parse_int(self.argv[self.pos])
                except ValueError:
                    return False
                self.advance(False)
            return False
        self.advance(True)
        if op == "-v" and self.isset is not None:
            value = self.isset(self.argv[self.pos])
        else:
            value = unary(self.vfs, self.cwd, op, self.argv[self.pos])
        self.advance(False)
        return value

    def two(self) -> bool:
        a = self.argv[self.pos]
        if a == "!":
            return self.argv[self.pos + 1] == ""
        if is_unop(a):
            return self.unary_operator()
        raise _Syntax(f"{a}: unary operator expected")

    def three(self) -> bool:
        a, op, b = self.argv[self.pos:self.pos + 3]
        if is_binop(op):
            value = self.binary_operator()
        elif op in ("-a", "-o"):
            value = (a != "" and b != "") if op == "-a" else (a != "" or b != "")
        elif a == "!":
            self.advance(True)
            value = not self.two()
        elif a == "(" and b == ")":
            value = op != ""
        else:
            raise _Syntax(f"{op}: binary operator expected")
        self.pos = self.argc
        return value

    def posix(self) -> bool:
        n = self.argc
        if n == 0:
            return False
        if n == 1:
            self.pos = n
            return self.argv[0] != ""
        if n == 2:
            value = self.two()
            self.pos = n
            return value
        if n == 3:
            return self.three()
        if n == 4:
            if self.argv[0] == "!":
                self.advance(True)
                return not self.three()
            if self.argv[0] == "(" and self.argv[3] == ")":
                self.advance(True)
                value = self.two()
                self.pos = n
                return value
        return self.expr()

    def expr(self) -> bool:
        if self.pos >= self.argc:
            raise _Syntax("argument expected")
        return self.or_()

    def or_(self) -> bool:
        value = self.and_()
        if self.pos < self.argc and self.argv[self.pos] == "-o":
            self.advance(False)
            v2 = self.or_()
            return value or v2
        return value

    def and_(self) -> bool:
        value = self.term()
        if self.pos < self.argc and self.argv[self.pos] == "-a":
            self.advance(False)
            v2 = self.and_()
            return value and v2
        return value

    def term(self) -> bool:
        if self.pos >= self.argc:
            raise _Syntax("argument expected")
        argv = self.argv
        if argv[self.pos] == "!":
            neg = False
            while self.pos < self.argc and argv[self.pos] == "!":
                self.advance(True)
                neg = not neg
            value = self.term()
            return not value if neg else value
        if argv[self.pos] == "(":
            self.advance(True)
            value = self.expr()
            if self.pos >= self.argc:
                # `[` still sees its closing "]" here, as in bash
                raise _Syntax("`)' expected, found ]" if self.bracket else "`)' expected")
            if argv[self.pos] != ")":
                raise _Syntax(f"`)' expected, found {argv[self.pos]}")
            self.advance(False)
            return value
        if self.pos + 3 <= self.argc and is_binop(argv[self.pos + 1]):
            return self.binary_operator()
        if self.pos + 2 <= self.argc and is_unop(argv[self.pos]):
            return self.unary_operator()
        value = argv[self.pos] != ""
        self.advance(False)
        return value


def evaluate(vfs: Any, cwd: str, args: list[str], name: str = "test",
             isset: Callable[[str], bool] | None = None) -> tuple[int, str | None]:
    """Run test/[ on its arguments: (0 true, 1 false, 2 error) and the error text.
    `isset(name)` answers -v NAME (is the shell variable set); without it -v is false."""
    argv = list(args)
    if name == "[":
        if not argv or argv[-1] != "]":
            return 2, f"{name}: missing `]'"
        argv.pop()
    t = _Test(vfs, cwd, argv)
    t.bracket = name == "["
    t.isset = isset
    try:
        value = t.posix()
        if t.pos < t.argc:
            if argv[t.pos].startswith("-"):
                raise _Syntax(f"syntax error: `{argv[t.pos]}' unexpected")
            raise _Syntax("too many arguments")
    except _Syntax as exc:
        return 2, f"{name}: {exc}"
    except RecursionError:
        return 2, f"{name}: too many arguments"
    return (0 if value else 1), None
