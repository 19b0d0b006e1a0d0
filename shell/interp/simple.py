"""Simple commands: expand the words, make the temporary assignments (`A=1 cmd`), trace them,
apply the redirections and dispatch (executor.py's `Interpreter.dispatch`); an assignment-only
line (`A=1`, `A=1 >f`) sets the variables in the shell itself."""
from __future__ import annotations

from typing import TYPE_CHECKING

from shelldojo.shell.context import Context
from shelldojo.shell.interp import procs, xtrace
from shelldojo.shell.interp.redirect import RedirectError, Redirector
from shelldojo.shell.interp.state import ExitSignal, ReadonlyError, Var
from shelldojo.shell.syntax import ast

if TYPE_CHECKING:
    from shelldojo.shell.interp.executor import Interpreter


def run_simple(interp: Interpreter, node: ast.SimpleCommand, ctx: Context) -> int:
    from shelldojo.shell.interp import expand
    st = interp.state
    if node.line:
        st.line = node.line
    st.budget.count()
    if st.jobs.jobs and not st.interactive:
        st.jobs.settle()  # bash has reaped the jobs that ended meanwhile
    interp.last_sub_status = 0
    argv = expand.expand_words(interp, node.words) if node.words else []
    if not argv:
        status = assign_only(interp, node, ctx)
        interp.errexit(status)
        return status
    if argv == ["exec"] and node.redirects and not node.assigns:
        from shelldojo.shell.interp.redirect import exec_redirects
        if "xtrace" in st.options:
            xtrace.trace_words(interp, ctx, argv)  # `+ exec`, as for any command
        return exec_redirects(interp, node, ctx)
    scope: dict[str, Var] | None = None
    if node.assigns:
        scope = {}
        for a in node.assigns:
            old = st.lookup(a.name)
            if old is not None and old.readonly:
                continue  # bash reports it below and runs the command anyway
            scope[a.name] = Var(old.scalar() if old else "", exported=True)
        st.scopes.append(scope)
    try:
        tracing = "xtrace" in st.options
        if scope is not None:
            for a in node.assigns:
                if a.name not in scope:
                    interp.error(ctx, f"{a.name}: readonly variable")
                    continue
                before = st.get(a.name) if a.append else None
                if assign(interp, ctx, a) and tracing:
                    interp.trace(ctx, xtrace.assign_trace(interp, a, before))
        if tracing:
            xtrace.trace_words(interp, ctx, argv)
        status = interp.with_redirects(node.redirects, ctx, lambda c: interp.dispatch(c, argv))
        if st.process is not None and st.process.pending:  # `kill $$`, a child's `kill $PPID`
            st.status = status
            fatal = procs.take_signals(interp)
            if fatal is not None:
                raise ExitSignal(fatal)
        if interp.fd_override:
            interp.flush_fds()
    finally:
        if scope is not None and scope in st.scopes:
            st.scopes.remove(scope)
    interp.errexit(status)
    return status


def assign(interp: Interpreter, ctx: Context, a: ast.Assign) -> bool:
    from shelldojo.shell.interp.assignment import assign as assign_var
    try:
        assign_var(interp, ctx, a)
    except ReadonlyError as e:
        interp.error(ctx, str(e))
        return False
    return True


def assign_only(interp: Interpreter, node: ast.SimpleCommand, ctx: Context) -> int:
    st = interp.state
    status = 0
    for a in node.assigns:
        before = st.get(a.name) if a.append else None
        ps4 = st.get("PS4")  # bash traces before assigning (PS4=... shows the old PS4)
        if not assign(interp, ctx, a):
            status = 1
        elif "xtrace" in st.options:
            interp.trace(ctx, xtrace.assign_trace(interp, a, before), "+ " if ps4 is None else ps4)
    if node.redirects:
        # bash forks a null command with a `{var}>f`: the variable is set in the child only
        forked = any(r.varname is not None for r in node.redirects)
        red = Redirector(interp.subshell() if forked else interp, ctx, keep_var_fds=not forked)
        try:
            red.apply(node.redirects)
        except RedirectError:
            return 1
        red.close()
    return status or interp.last_sub_status
