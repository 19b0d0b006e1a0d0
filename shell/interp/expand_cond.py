"""[[ ... ]]: status 0 true, 1 false, 2 error (bad regex, bad operator)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from shelldojo.shell import regexengine
from shelldojo.shell.interp import expand_params as xp
from shelldojo.shell.interp import pattern, testexpr
from shelldojo.shell.interp.expand_base import BRK, SOFT, Q, report
from shelldojo.shell.interp.expand_params import element
from shelldojo.shell.interp.state import ExpansionError, Interp, Var
from shelldojo.shell.interp.tilde import tilde
from shelldojo.shell.status import USAGE
from shelldojo.shell.syntax import ast

if TYPE_CHECKING:
    from shelldojo.shell.context import Context

_ARITH_OPS = {"-eq": "==", "-ne": "!=", "-lt": "<", "-le": "<=", "-gt": ">", "-ge": ">="}


class _CondError(Exception):
    pass


def evaluate(interp: Interp, ctx: Context | None, expr: ast.CondExpr) -> int:
    try:
        return 0 if _eval(interp, expr) else 1
    except _CondError:
        return USAGE


def _eval(interp: Interp, expr: ast.CondExpr) -> bool:
    if isinstance(expr, ast.CondNot):
        return not _eval(interp, expr.expr)
    if isinstance(expr, ast.CondAnd):
        return _eval(interp, expr.left) and _eval(interp, expr.right)
    if isinstance(expr, ast.CondOr):
        return _eval(interp, expr.left) or _eval(interp, expr.right)
    if isinstance(expr, ast.CondWord):
        return xp.expand_word(interp, expr.word) != ""
    if isinstance(expr, ast.CondUnary):
        operand = xp.expand_word(interp, expr.operand)
        if expr.op == "-z":
            return operand == ""
        if expr.op == "-n":
            return operand != ""
        if expr.op == "-v":
            return _is_set(interp, operand)
        if expr.op == "-o":
            return operand in interp.state.options
        st = interp.state
        return bool(testexpr.unary(st.machine.vfs, st.cwd, expr.op, operand))
    if isinstance(expr, ast.CondBinary):
        return _binary(interp, expr)
    return False


def _is_set(interp: Interp, name: str) -> bool:
    m = re.fullmatch(r"([A-Za-z_][A-Za-z_0-9]*)\[(.*)\]", name)
    if m:
        return element(interp, m.group(1), ast.Word([ast.Lit(m.group(2))])) is not None
    if name.isdigit():
        return 0 < int(name) <= len(interp.state.positional)
    return interp.state.lookup(name) is not None


def _binary(interp: Interp, expr: ast.CondBinary) -> bool:
    op = expr.op
    left = xp.expand_word(interp, expr.left)
    if op in ("==", "=", "!="):
        pat = xp.expand_pattern(interp, expr.right)
        hit = pattern.match(pat, left)
        return hit if op != "!=" else not hit
    if op == "=~":
        return _regex_match(interp, left, expr.right)
    right = xp.expand_word(interp, expr.right)
    if op == "<":
        return left < right
    if op == ">":
        return left > right
    if op in _ARITH_OPS:
        a = xp.eval_arith(interp, ast.Word([ast.Lit(left)]))
        b = xp.eval_arith(interp, ast.Word([ast.Lit(right)]))
        return {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[_ARITH_OPS[op]]
    st = interp.state
    result = testexpr.binary(st.machine.vfs, st.cwd, op, left, right)
    if isinstance(result, str):
        report(interp, result)
        raise _CondError()
    return bool(result)


def _regex_match(interp: Interp, text: str, word: ast.Word) -> bool:
    parts = []
    # a tilde expands here too, and matches literally (bash quotes the home directory)
    for kind, chunk in xp.word_chunks(interp, tilde(interp, word, False), False):
        if kind == Q:
            parts.append(re.escape(chunk))
        elif kind in (BRK, SOFT):
            parts.append(" ")
        else:
            parts.append(_posix_classes(chunk))
    try:
        rx = regexengine.compile("".join(parts), 0, interp.state.budget)
    except re.error:
        raise _CondError() from None
    m = rx.search(text)
    st = interp.state
    old = st.lookup("BASH_REMATCH")
    if old is not None and old.readonly:
        raise ExpansionError(1)
    groups: dict = {}
    if m:
        groups = {0: m.group(0)}
        for i, g in enumerate(m.groups(), 1):
            groups[i] = g or ""
    st.scopes[0]["BASH_REMATCH"] = Var(groups, kind="indexed")
    return m is not None


_CLASSES = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
            "space": r" \t\n\r\f\v", "blank": r" \t", "punct": r"!-/:-@\[-`{-~", "xdigit": "0-9A-Fa-f",
            "word": r"\w", "cntrl": r"\x00-\x1f\x7f", "print": r"\x20-\x7e", "graph": r"\x21-\x7e"}


def _posix_classes(rx: str) -> str:
    """ERE bracket classes ([[:digit:]]) to Python's."""
    return re.sub(r"\[:([a-z]+):\]", lambda m: _CLASSES.get(m.group(1), m.group(0)), rx)
