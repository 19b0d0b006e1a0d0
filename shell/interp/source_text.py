"""Source text: parse one complete command at a time and run it (scripts, `bash -c`, `source`,
`eval`), and bash's messages for a syntax error."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from shelldojo.shell.interp.procs import lone_command
from shelldojo.shell.interp.state import ExitSignal, ExpansionError
from shelldojo.shell.syntax import ast

if TYPE_CHECKING:
    from shelldojo.shell.context import Context
    from shelldojo.shell.interp.executor import Interpreter


def report_syntax_error(err: Callable[[str], None], prefix: str, e: ast.ParseError, status: int) -> int:
    """Print bash's one or two lines for a syntax error; return the new $?.

    Most errors give 2; `a=(1 2` gives 1; a bad `[[ ]]` prints nothing and keeps $?."""
    if e.message:
        err(f"{prefix}{e.message}\n")
        for extra in getattr(e, "extra_messages", ()):
            err(f"{prefix}{extra}\n")
        if e.source_line is not None:
            err(f"{prefix}`{e.source_line}'\n")
    new = getattr(e, "status", 2)
    return status if new is None else new


def run_text(interp: Interpreter, source: str, ctx: Context, *, first_line: int = 1,
             toplevel: bool = False, error_name: str | None = None, exec_last: bool = False) -> int:
    """Parse one complete command at a time and run it (bash reads scripts this way).

    A syntax error prints bash's two lines and returns 2.  With `toplevel`, an expansion
    error abandons only the current command (a fatal one exits the shell).  With `exec_last`
    (`bash -c`), a lone simple command at the end runs in the shell's own process, as bash
    execs it when no EXIT trap waits (`bash -c 'true; ps'` shows no second bash)."""
    from shelldojo.shell.budget import LimitExceeded
    from shelldojo.shell.syntax.lexer import NestingTooDeep
    from shelldojo.shell.syntax.parser import Parser
    st_ = interp.state
    aliases = st_.aliases.get if (st_.interactive or "expand_aliases" in st_.options) else None
    parser = Parser(source, first_line=first_line, aliases=aliases)
    parser.lx.extglob = lambda: "extglob" in st_.options
    status = st_.status
    while True:
        try:
            node = parser.next_command()
        except (NestingTooDeep, RecursionError):
            raise LimitExceeded(f"maximum nesting depth exceeded ({st_.limits.max_call_depth})") from None
        except ast.ParseError as e:
            name = error_name or st_.script_name
            prefix = f"{name}: " if st_.interactive else f"{name}: line {e.line}: "
            _flush_warnings(parser, ctx, name)
            st_.status = report_syntax_error(ctx.err, prefix, e, st_.status)
            return st_.status
        _flush_warnings(parser, ctx, error_name or st_.script_name)
        if node is None:
            return status
        if not toplevel:
            status = interp.run_node(node, ctx)
            continue
        parts = _exec_parts(node) if exec_last and parser.at_end() else [node]
        try:
            for part in parts:
                # the last part of `bash -c` is exec'd (_exec_parts), unless an EXIT trap waits
                interp.exec_last = part is parts[-1] is not node and "EXIT" not in st_.traps
                status = interp.run_node(part, interp.apply_fd_override(ctx))
            interp.flush_fds()
        except ExpansionError as e:
            status = st_.status = e.status
            if e.fatal and not st_.interactive:
                raise ExitSignal(e.status) from None


def _exec_parts(node: ast.Command) -> list[ast.Command]:
    """`bash -c 'a; b'`: bash runs a, then execs b in its own process (no fork) when b is a
    lone simple command not sent to the background.  The commands to run in order; the last
    is a new node exactly when it is to be exec'd."""
    items = node.items if isinstance(node, ast.CommandList) else [node]
    background = node.background if isinstance(node, ast.CommandList) else [False]
    if not items or background[-1] or not lone_command(items[-1]):
        return [node]
    last = ast.CommandList(items[-1:], background[-1:], items[-1].line)  # type: ignore[union-attr]
    if len(items) == 1:
        return [last]
    return [ast.CommandList(items[:-1], background[:-1], items[0].line), last]  # type: ignore[union-attr]


def _flush_warnings(parser: object, ctx: Context, name: str) -> None:
    warnings = getattr(parser, "warnings", None)
    while warnings:
        line, msg = warnings.pop(0)
        ctx.err(f"{name}: line {line}: {msg}\n")


def run_source_here(interp: Interpreter, source: str, name: str | None, ctx: Context | None = None) -> int:
    """`source FILE` (name given: errors say 'FILE: line N:') or `eval` (name None)."""
    ctx = ctx or interp.current_ctx
    assert ctx is not None
    st_ = interp.state
    limit = st_.limits.max_call_depth
    if st_.call_depth >= limit:  # bash's own words for its EVALNEST_MAX / SOURCENEST_MAX
        what = "eval: maximum eval" if name is None else f"{name}: maximum source"
        interp.error(ctx, f"{what} nesting level exceeded ({limit})")
        return 1
    st_.call_depth += 1
    try:
        if name is None:
            return run_text(interp, source, ctx, first_line=st_.line, error_name=f"{st_.script_name}: eval")
        saved_name, saved_line = st_.script_name, st_.line
        st_.script_name = name
        st_.frames.append(("source", name, st_.line))
        st_.publish_frames()
        try:
            return run_text(interp, source, ctx, error_name=name)
        finally:
            st_.script_name, st_.line = saved_name, saved_line
            st_.frames.pop()
            st_.publish_frames()
    finally:
        st_.call_depth -= 1
