"""find's expression language: parser (GNU findutils 4.9 messages) and its tests as predicates."""
from __future__ import annotations

import math
import re
import stat as st
import time
from typing import Any, ClassVar

from shelldojo.filesystem import accounts
from shelldojo.filesystem.credentials import permits
from shelldojo.filesystem.vfs import VFS
from shelldojo.shell import regexengine
from shelldojo.shell.commands.find.model import (
    Entry,
    FindError,
    Pred,
    Program,
    compare,
    glob_regex,
    node_nlink,
    node_size,
    numarg,
    parse_mode,
    type_letter,
)
from shelldojo.shell.commands.grep.regex import RegexError, translate


def _either(a: Pred, b: Pred) -> Pred:
    return lambda e: a(e) or b(e)


def _both(a: Pred, b: Pred) -> Pred:
    return lambda e: a(e) and b(e)


def _then(a: Pred, b: Pred) -> Pred:
    return lambda e: (a(e), b(e))[1]


class Parser:
    """Recursive descent over find's expression (after the starting points)."""

    ARG_TESTS: ClassVar[set[str]] = {"-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex",
                 "-iregex", "-type", "-xtype", "-size", "-perm", "-user", "-group", "-uid", "-gid",
                 "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-newer", "-links", "-inum",
                 "-maxdepth", "-mindepth", "-printf", "-fprint", "-lname", "-ilname", "-samefile",
                 "-regextype", "-fprint0", "-fprintf", "-fls", "-used", "-anewer", "-cnewer", "-context"}
    NOARG: ClassVar[set[str]] = {"-print", "-print0", "-true", "-false", "-empty", "-prune", "-quit", "-delete", "-ls",
             "-depth", "-d", "-xdev", "-mount", "-noleaf", "-readable", "-writable", "-executable",
             "-nouser", "-nogroup", "-ignore_readdir_race", "-noignore_readdir_race", "-follow",
             "-daystart", "-warn", "-nowarn"}
    ACTIONS: ClassVar[set[str]] = {"-print", "-print0", "-printf", "-ls", "-delete", "-exec", "-execdir", "-ok", "-okdir",
               "-quit", "-fprint", "-fprint0", "-fprintf", "-fls"}

    def __init__(self, tokens: list[str], env: Any) -> None:
        self.toks, self.i, self.env = tokens, 0, env
        self.prog = Program(lambda e: True)
        self.now = time.time()
        self.last_pred = ""

    def peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> str:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Program:
        if self.peek() is None:
            return self.prog
        expr = self.parse_or()
        if self.peek() is not None:
            tok = self.peek()
            if tok == ")":
                raise FindError("you have too many ')'")
            raise FindError(f"paths must precede expression: `{tok}'")
        self.prog.root = expr
        if self.prog.uses_delete and self.prog.uses_prune and not self.prog.depth_first:
            raise FindError("The -delete action automatically turns on -depth, but -prune does nothing "
                            "when -depth is in effect.  If you want to carry on anyway, just explicitly "
                            "use the -depth option.")
        return self.prog

    def _need(self, op: str) -> None:
        if self.peek() in (None, ")", "-o", "-or", ","):
            raise FindError(f"expected an expression after '{op}'")

    def parse_or(self) -> Pred:
        if self.peek() in ("-o", "-or", "-a", "-and"):
            raise FindError(f"invalid expression; you have used a binary operator '{self.peek()}' "
                            "with nothing before it.")
        left = self.parse_and()
        while self.peek() in ("-o", "-or", ","):
            op = self.take()
            self._need(op)
            right = self.parse_and()
            left = _either(left, right) if op != "," else _then(left, right)
        return left

    def parse_and(self) -> Pred:
        left = self.parse_not()
        while self.peek() not in (None, "-o", "-or", ")", ","):
            if self.peek() in ("-a", "-and"):
                op = self.take()
                self._need(op)
            right = self.parse_not()
            left = _both(left, right)
        return left

    def parse_not(self) -> Pred:
        if self.peek() in ("!", "-not"):
            op = self.take()
            self._need(op)
            inner = self.parse_not()
            return lambda e: not inner(e)
        return self.parse_primary()

    def parse_primary(self) -> Pred:
        tok = self.take()
        if tok == "(":
            if self.peek() == ")":
                raise FindError("invalid expression; empty parentheses are not allowed.")
            inner = self.parse_or()
            if self.peek() != ")":
                raise FindError("invalid expression; I was expecting to find a ')' somewhere but did not see one.")
            self.take()
            return inner
        if tok in self.ACTIONS:
            self.prog.has_action = True
        if tok in ("-exec", "-execdir", "-ok", "-okdir"):
            return self.env.make_exec(self, tok)
        arg = None
        if tok in self.ARG_TESTS:
            if self.peek() is None:
                raise FindError(f"missing argument to `{tok}'")
            arg = self.take()
        elif tok not in self.NOARG:
            if tok.startswith("-") and len(tok) > 1:
                raise FindError(f"unknown predicate `{tok}'")
            extra = ""
            if self.last_pred and self.env.exists(tok):  # GNU's hint for an unquoted glob
                extra = f"possible unquoted pattern after predicate `{self.last_pred}'?"
            raise FindError(f"paths must precede expression: `{tok}'", extra)
        self.last_pred = tok
        return self.predicate(tok, arg)

    def predicate(self, tok: str, arg: str | None) -> Pred:
        a = arg or ""
        prog, env = self.prog, self.env
        if tok in ("-name", "-iname"):
            rx = glob_regex(a, tok == "-iname")
            return lambda e: rx.match(e.name) is not None
        if tok in ("-path", "-ipath", "-wholename", "-iwholename"):
            rx = glob_regex(a, tok.startswith("-i"))
            return lambda e: rx.match(e.path) is not None
        if tok in ("-lname", "-ilname"):
            rx = glob_regex(a, tok == "-ilname")
            return lambda e: st.S_ISLNK(e.node.st_mode) and rx.match(VFS.link_target(e.node)) is not None
        if tok in ("-regex", "-iregex"):
            try:
                body, _ = translate(a, "emacs")
                rx = regexengine.compile(f"(?s:{body})\\Z", re.IGNORECASE if tok == "-iregex" else 0,
                                         getattr(getattr(self.env, "ctx", None), "budget", None))
            except (RegexError, re.error) as exc:
                msg = str(exc) if isinstance(exc, RegexError) else "Invalid regular expression"
                raise FindError(f"failed to compile regular expression '{a}': {msg}") from exc
            return lambda e: rx.match(e.path) is not None
        if tok in ("-type", "-xtype"):
            kinds = a.split(",")
            for k in kinds:
                if k not in ("f", "d", "l", "b", "c", "p", "s", "D"):
                    raise FindError(f"Unknown argument to {tok}: {k}" if len(k) == 1
                                    else f"Must separate multiple arguments to {tok} using: ','")
            want = set(kinds)
            if tok == "-xtype":
                return lambda e: type_letter(env.follow(e).st_mode) in want
            return lambda e: type_letter(e.node.st_mode) in want
        if tok in ("-maxdepth", "-mindepth"):
            if not a.isdigit():
                raise FindError(f"Expected a positive decimal integer argument to {tok}, but got \u2018{a}\u2019")
            if tok == "-maxdepth":
                prog.maxdepth = int(a)
            else:
                prog.mindepth = int(a)
            return lambda e: True
        if tok in ("-depth", "-d"):
            prog.depth_first = True
            return lambda e: True
        if tok in self.NOARG and tok not in ("-print", "-print0", "-true", "-false", "-empty", "-prune",
                                             "-quit", "-delete", "-ls", "-readable", "-writable",
                                             "-executable", "-nouser", "-nogroup"):
            return lambda e: True
        if tok in ("-regextype", "-context"):
            return lambda e: True
        if tok == "-true":
            return lambda e: True
        if tok == "-false":
            return lambda e: False
        if tok == "-empty":
            return lambda e: (not VFS.has_entries(e.node) if st.S_ISDIR(e.node.st_mode)
                              else st.S_ISREG(e.node.st_mode) and node_size(e.node) == 0)
        if tok in ("-readable", "-writable", "-executable"):
            bit = {"-readable": 4, "-writable": 2, "-executable": 1}[tok]
            return lambda e: permits(env.follow(e).st_mode, e.node.st_uid, e.node.st_gid, bit)
        if tok == "-size":
            m = re.fullmatch(r"([+-]?)(\d+)([bcwkMG]?)", a)
            if not m:
                bad = re.fullmatch(r"[+-]?\d+(.)", a)
                raise FindError(f"invalid -size type `{bad.group(1)}'" if bad
                                else f"invalid argument `{a}' to `-size'")
            unit = {"": 512, "b": 512, "c": 1, "w": 2, "k": 1024, "M": 1 << 20, "G": 1 << 30}[m.group(3)]
            cmp = compare(m.group(1), int(m.group(2)))
            return lambda e: cmp(math.ceil(node_size(e.node) / unit))
        if tok == "-perm":
            kind = a[:1] if a[:1] in "-/+" else ""
            mode = parse_mode(a[len(kind):])
            if mode is None:
                raise FindError(f"invalid mode \u2018{a}\u2019")
            if kind == "-":
                return lambda e: e.node.st_mode & mode == mode
            if kind in ("/", "+"):
                return lambda e: mode == 0 or bool(e.node.st_mode & mode)
            return lambda e: e.node.st_mode & 0o7777 == mode
        if tok in ("-user", "-uid", "-group", "-gid"):
            return self._owner(tok, a)
        if tok in ("-nouser", "-nogroup"):
            vfs = env.vfs
            if tok == "-nouser":
                return lambda e: accounts.user_by_uid(vfs, e.node.st_uid) is None
            return lambda e: accounts.group_by_gid(vfs, e.node.st_gid) is None
        if tok in ("-mtime", "-atime", "-ctime", "-mmin", "-amin", "-cmin", "-used"):
            sign, n = numarg(a, tok)
            unit = 60 if tok.endswith("min") else 86400
            attr = {"m": "st_mtime", "a": "st_atime", "c": "st_ctime", "u": "st_atime"}[tok[1]]
            cmp = compare(sign, n)
            now = self.now
            if unit == 60:
                return lambda e: cmp(math.ceil((now - getattr(e.node, attr)) / 60))
            return lambda e: cmp(math.floor((now - getattr(e.node, attr)) / 86400))
        if tok in ("-newer", "-anewer", "-cnewer"):
            ref = env.reference_time(a)
            attr = {"-newer": "st_mtime", "-anewer": "st_atime", "-cnewer": "st_ctime"}[tok]
            return lambda e: getattr(e.node, attr) > ref
        if tok in ("-links", "-inum"):
            sign, n = numarg(a, tok)
            cmp = compare(sign, n)
            if tok == "-links":
                return lambda e: cmp(node_nlink(e.node))
            return lambda e: cmp(e.node.st_ino or 0)
        if tok == "-prune":
            prog.uses_prune = True

            def prune(e: Entry) -> bool:
                e.prune = True
                return True
            return prune
        if tok == "-delete":
            prog.uses_delete = True
        return env.make_action(tok, a)

    def _owner(self, tok: str, a: str) -> Pred:
        vfs = self.env.vfs
        attr = "st_uid" if tok in ("-user", "-uid") else "st_gid"
        if tok in ("-uid", "-gid"):
            sign, n = numarg(a, tok)
            cmp = compare(sign, n)
            return lambda e: cmp(getattr(e.node, attr))
        if tok == "-user":
            u = accounts.user_by_name(vfs, a)
            if u is None and not a.isdigit():
                raise FindError(f"\u2018{a}\u2019 is not the name of a known user")
            ident = u.uid if u else int(a)
        else:
            g = accounts.group_by_name(vfs, a)
            if g is None and not a.isdigit():
                raise FindError(f"\u2018{a}\u2019 is not the name of an existing group")
            ident = g.gid if g else int(a)
        return lambda e: getattr(e.node, attr) == ident
