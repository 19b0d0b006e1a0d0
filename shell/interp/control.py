"""Compound commands: if, while/until, for, for ((;;)), case, (( )) and [[ ]]."""
from __future__ import annotations

from typing import TYPE_CHECKING

from shell.interp.state import BreakSignal, ContinueSignal, ExpansionError, ReadonlyError
from shell.syntax import ast

if TYPE_CHECKING:
    from shell.commands.context import Context
    from shell.interp.executor import Interpreter


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
        return 0, True
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
                cond = interp.condition(node.cond, c)
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
    from shell.interp import expand

    def body(c: Context) -> int:
        _line(interp, node)
        st = interp.state
        words = list(st.positional) if node.words is None else expand.expand_words(interp, node.words)
        status = 0
        interp.loop_depth += 1
        try:
            for w in words:
                st.budget.count()
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
    from shell.interp import expand

    def body(c: Context) -> int:
        _line(interp, node)
        status = 0
        interp.loop_depth += 1
        try:
            if node.init is not None:
                expand.eval_arith(interp, node.init, "((: ")
            while True:
                interp.state.budget.count()
                if node.cond is not None and expand.eval_arith(interp, node.cond, "((: ") == 0:
                    break
                status, stop = _body(interp, node.body, c)
                if stop:
                    break
                if node.step is not None:
                    expand.eval_arith(interp, node.step, "((: ")
        finally:
            interp.loop_depth -= 1
        return status
    return interp.with_redirects(node.redirects, ctx, body)


def run_case(interp: Interpreter, node: ast.Case, ctx: Context) -> int:
    from shell.interp import expand, pattern

    def body(c: Context) -> int:
        _line(interp, node)
        subject = expand.expand_word(interp, node.word)
        status, fall = 0, False
        for item in node.items:
            if not fall and not any(pattern.match(expand.expand_pattern(interp, p), subject)
                                    for p in item.patterns):
                continue
            status = interp.run_node(item.body, c) if item.body is not None else 0
            if item.terminator == ";;":
                break
            fall = item.terminator == ";&"
        return status
    return interp.with_redirects(node.redirects, ctx, body)


def run_arith(interp: Interpreter, node: ast.ArithCommand, ctx: Context) -> int:
    from shell.interp import expand

    def body(c: Context) -> int:
        _line(interp, node)
        interp.state.budget.count()
        if "xtrace" in interp.state.options:
            from shell.interp.redirect import word_text
            c.err((interp.state.get("PS4") or "+ ") + "(( " + word_text(node.expr) + " ))\n")
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
    from shell.interp import expand

    def body(c: Context) -> int:
        _line(interp, node)
        interp.state.budget.count()
        status = expand.eval_cond(interp, c, node.expr)
        interp.errexit(status)
        return status
    return interp.with_redirects(node.redirects, ctx, body)
