"""Lists and groups: pipelines, `&&`/`||`, `;`/`&` lists, `{ }`, `( )` and function definitions
(the executor dispatches these node types here, as control.py takes the compound commands)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from shelldojo.shell.interp import procs
from shelldojo.shell.syntax import ast

if TYPE_CHECKING:
    from shelldojo.shell.context import Context
    from shelldojo.shell.interp.executor import Interpreter


def run_pipeline(interp: Interpreter, node: ast.Pipeline, ctx: Context) -> int:
    if node.timed:  # `time`: the report goes to this shell's stderr, not the stages'
        from shelldojo.shell.interp.timing import run_timed
        return run_timed(interp, node, ctx, lambda: _run_pipeline(interp, node, ctx))
    return _run_pipeline(interp, node, ctx)


def _run_pipeline(interp: Interpreter, node: ast.Pipeline, ctx: Context) -> int:
    from shelldojo.shell.interp.pipeline import run_pipeline as run_stages
    if node.negated:
        interp.cond_depth += 1
        try:
            status = run_stages(interp, node, ctx)
        finally:
            interp.cond_depth -= 1
        return 0 if status else 1
    if len(node.commands) > 1 and interp.lock_thread is not None:
        # a job's pipeline runs as the foreground's do: its stages wait on each other
        # in pipe reads, where holding the machine's lock would stall the foreground
        saved, interp.lock_thread = interp.lock_thread, None
        try:
            status = run_stages(interp, node, ctx)
        finally:
            interp.lock_thread = saved
    elif len(node.commands) > 1 and interp.state.jobs.control:
        from shelldojo.shell.interp import foreground  # the REPL: Ctrl-Z stops the pipeline
        status = (foreground.pipeline if foreground.wanted(interp) else run_stages)(interp, node, ctx)
    else:
        status = run_stages(interp, node, ctx)
    if len(node.commands) > 1:
        interp.errexit(status)
    return status

def run_andor(interp: Interpreter, node: ast.AndOr, ctx: Context) -> int:
    if not node.rest:
        return interp.run_node(node.first, ctx)
    status = interp.condition(node.first, ctx)
    for i, (op, cmd) in enumerate(node.rest):
        if (op == "&&") != (status == 0):
            continue
        if i == len(node.rest) - 1:
            status = interp.run_node(cmd, ctx)
        else:
            status = interp.condition(cmd, ctx)
    return status

def run_list(interp: Interpreter, node: ast.CommandList, ctx: Context) -> int:
    status = 0
    bg = node.background
    if interp.fd_override and ctx.extra.get("fd_stamp") != interp.fd_stamp():
        ctx = interp.apply_fd_override(ctx)  # an `exec 3>f` since ctx was made (a loop's last turn)
    for i, item in enumerate(node.items):
        version = interp.fd_version
        if i < len(bg) and bg[i]:
            status = run_background(interp, item, ctx)
            continue
        status = interp.run_node(item, ctx)
        if interp.fd_version != version:  # `exec >f` redirects the rest of the list too
            ctx = interp.apply_fd_override(ctx)
    return status

def run_background(interp: Interpreter, item: ast.Command, ctx: Context) -> int:
    """`cmd &`: a job on its own thread (shell/interp/jobs.py); its own status is 0."""
    from shelldojo.shell.interp.jobs import background
    return background(interp, item, ctx)

def run_brace(interp: Interpreter, node: ast.BraceGroup, ctx: Context) -> int:
    return interp.with_redirects(node.redirects, ctx, lambda c: interp.run_node(node.body, c))

def run_subshell(interp: Interpreter, node: ast.Subshell, ctx: Context) -> int:
    sub = interp.subshell()
    sub.loop_depth = 0  # bash: `( break )` is outside any loop, unlike a pipeline's part
    sub.exec_last = procs.lone_command(node.body)
    sub.state.jobs.inherited = None  # `(jobs)` lists nothing in bash
    status = interp.with_redirects(node.redirects, ctx, lambda c: sub.run_isolated(node.body, c))
    if sub.state.process is not None:
        procs.report_killed(interp, sub.state.process)
    interp.errexit(status)
    return status

def run_funcdef(interp: Interpreter, node: ast.FunctionDef, ctx: Context) -> int:
    interp.state.functions[node.name] = node
    interp.state.func_sources[node.name] = interp.state.current_source()
    return 0
