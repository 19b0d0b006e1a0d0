"""Compound commands: if, while/until, for, for ((;;)), case, (( )) and [[ ]]."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from shelldojo.shell.interp.state import BreakSignal, ContinueSignal, ExpansionError, ReadonlyError
from shelldojo.shell.syntax import ast

if TYPE_CHECKING:
    from shelldojo.shell.context import Context
    from shelldojo.shell.interp.executor import Interpreter

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _line(interp: Interpreter, node: ast.Command) -> None:
    line = getattr(node, "line", 0)
    if line:
        interp.state.line = line


def _body(interp: Interpreter, body: ast.Command, ctx: Context) -> tuple[int, bool]:
    """Run one iteration's body: (status, stop the loop)."""
    try:
        return interp.run_node(body, ctx), False
    except BreakSignal as b:
        if b.levels > 1:
            b.levels -= 1
            raise
        return b.status, True
    except ContinueSignal as c:
        if c.levels > 1:
            c.levels -= 1
            raise
        return 0, False


def run_if(interp: Interpreter, node: ast.If, ctx: Context) -> int:
    def body(c: Context) -> int:
        for cond, then in node.clauses:
            if interp.condition(cond, c) == 0:
                return interp.run_node(then, c)
        if node.else_body is not None:
            return interp.run_node(node.else_body, c)
        return 0
    return interp.with_redirects(node.redirects, ctx, body)


def run_while(interp: Interpreter, node: ast.While, ctx: Context) -> int:
    def body(c: Context) -> int:
        status = 0
        interp.loop_depth += 1
        try:
            while True:
                interp.state.budget.count()
                try:  # break/continue in the condition act on this loop too (bash)
                    cond = interp.condition(node.cond, c)
                except (BreakSignal, ContinueSignal) as sig:
                    if sig.levels > 1:
                        sig.levels -= 1
                        raise
                    if isinstance(sig, BreakSignal):
                        status = sig.status
                        break
                    continue
                if (cond == 0) == node.until:
                    break
                status, stop = _body(interp, node.body, c)
                if stop:
                    break
        finally:
            interp.loop_depth -= 1
        return status
    return interp.with_redirects(node.redirects, ctx, body)


def run_for(interp: Interpreter, node: ast.For, ctx: Context) -> int:
    from shelldojo.shell.interp import expand

    def body(c: Context) -> int:
        _line(interp, node)
        st = interp.state
        if not _NAME.fullmatch(node.var):
            interp.error(c, f"`{node.var}': not a valid identifier")
            return 1
        words = list(st.positional) if node.words is None else expand.expand_words(interp, node.words)
        status = 0
        interp.loop_depth += 1
        try:
            for w in words:
                st.budget.count()
                if "xtrace" in st.options:
                    interp.trace(c, f"for {node.var} in {_words_text(node.words)}")
                try:
                    st.set(node.var, w)
                except ReadonlyError as e:
                    interp.error(c, str(e))
                    return 1
                status, stop = _body(interp, node.body, c)
                if stop:
                    break
        finally:
            interp.loop_depth -= 1
        return status
    return interp.with_redirects(node.redirects, ctx, body)


def run_arith_for(interp: Interpreter, node: ast.ArithFor, ctx: Context) -> int:
    from shelldojo.shell.interp import expand

    def body(c: Context) -> int:
        _line(interp, node)
        status = 0
        interp.loop_depth += 1
        try:
            _arith_trace(interp, c, node.init)
            if node.init is not None:
                expand.eval_arith(interp, node.init, "((: ")
            while True:
                interp.state.budget.count()
                _arith_trace(interp, c, node.cond)
                if node.cond is not None and expand.eval_arith(interp, node.cond, "((: ") == 0:
                    break
                status, stop = _body(interp, node.body, c)
                if stop:
                    break
                _arith_trace(interp, c, node.step)
                if node.step is not None:
                    expand.eval_arith(interp, node.step, "((: ")
        finally:
            interp.loop_depth -= 1
        return status
    return interp.with_redirects(node.redirects, ctx, body)


def run_case(interp: Interpreter, node: ast.Case, ctx: Context) -> int:
    from shelldojo.shell.interp import expand, pattern

    def body(c: Context) -> int:
        _line(interp, node)
        if "xtrace" in interp.state.options:
            from shelldojo.shell.interp.redirect import word_text
            interp.trace(c, f"case {word_text(node.word)} in")
        subject = expand.expand_word(interp, node.word)
        status, fall = 0, False
        for item in node.items:
            extglob = "extglob" in interp.state.options
            if not fall and not any(pattern.match(expand.expand_pattern(interp, p), subject, extglob)
                                    for p in item.patterns):
                continue
            status = interp.run_node(item.body, c) if item.body is not None else 0
            if item.terminator == ";;":
                break
            fall = item.terminator == ";&"
        return status
    return interp.with_redirects(node.redirects, ctx, body)


def run_arith(interp: Interpreter, node: ast.ArithCommand, ctx: Context) -> int:
    from shelldojo.shell.interp import expand

    def body(c: Context) -> int:
        _line(interp, node)
        interp.state.budget.count()
        if "xtrace" in interp.state.options:
            from shelldojo.shell.interp.redirect import word_text
            interp.trace(c, "(( " + word_text(node.expr) + " ))")
        try:
            status = 0 if expand.eval_arith(interp, node.expr, "((: ") != 0 else 1
        except ExpansionError as e:
            if e.fatal:
                raise
            status = 1  # unlike $(( )), a failing (( )) does not abandon the line
        interp.errexit(status)
        return status
    return interp.with_redirects(node.redirects, ctx, body)


def run_cond(interp: Interpreter, node: ast.CondCommand, ctx: Context) -> int:
    from shelldojo.shell.interp import expand

    def body(c: Context) -> int:
        _line(interp, node)
        interp.state.budget.count()
        if "xtrace" in interp.state.options:
            status = _traced_cond(interp, c, node.expr)
        else:
            status = expand.eval_cond(interp, c, node.expr)
        interp.errexit(status)
        return status
    return interp.with_redirects(node.redirects, ctx, body)


# ----------------------------------------------------------------------------- set -x
def _words_text(words: list[ast.Word] | None) -> str:
    from shelldojo.shell.interp.redirect import word_text
    return '"$@"' if words is None else " ".join(word_text(w) for w in words)


def _arith_trace(interp: Interpreter, ctx: Context, word: ast.Word | None) -> None:
    """bash shows each part of `for ((...))` as it runs; an empty part as `(( 1 ))`."""
    if "xtrace" in interp.state.options:
        from shelldojo.shell.interp.redirect import word_text
        interp.trace(ctx, "(( " + (word_text(word) if word is not None else "1") + " ))")


def _traced_cond(interp: Interpreter, ctx: Context, expr: ast.CondExpr, negate: bool = False) -> int:
    """[[ ]] under set -x: bash shows each test it evaluates (`[[ a == b* ]]`), with
    && and || short-circuiting as usual."""
    from shelldojo.shell.interp import expand
    if isinstance(expr, ast.CondAnd | ast.CondOr):
        left = _traced_cond(interp, ctx, expr.left)
        if left == 2 or (left == 0) != isinstance(expr, ast.CondAnd):
            status = left
        else:
            status = _traced_cond(interp, ctx, expr.right)
        return (1 - status if status < 2 else 2) if negate else status
    if isinstance(expr, ast.CondNot):
        return _traced_cond(interp, ctx, expr.expr, not negate)
    if isinstance(expr, ast.CondWord):
        text = "-n " + expand.expand_word(interp, expr.word)
    elif isinstance(expr, ast.CondUnary):
        text = f"{expr.op} {expand.expand_word(interp, expr.operand)}"
    else:
        assert isinstance(expr, ast.CondBinary)
        right = (_pattern_text(interp, expr.right) if expr.op in ("==", "=", "!=", "=~")
                 else expand.expand_word(interp, expr.right))
        text = f"{expand.expand_word(interp, expr.left)} {expr.op} {right}"
    interp.trace(ctx, f"[[ {'! ' if negate else ''}{text} ]]")
    status = expand.eval_cond(interp, ctx, expr)
    return (1 - status if status < 2 else 2) if negate else status


def _pattern_text(interp: Interpreter, word: ast.Word) -> str:
    """A pattern as set -x shows it: every quoted character behind a backslash."""
    from shelldojo.shell.interp import expand
    from shelldojo.shell.interp.expand_params import BRK, SOFT, Q
    out = []
    for kind, chunk in expand.word_chunks(interp, word, False):
        if kind == Q:
            out.append("".join("\\" + ch for ch in chunk))
        else:
            out.append(" " if kind in (BRK, SOFT) else chunk)
    return "".join(out)
