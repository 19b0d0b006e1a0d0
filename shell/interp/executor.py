"""The executor: runs the AST (shell/syntax/ast.py) against a ShellState.

One `Interpreter` per shell (the top-level shell, each subshell, each script's child
shell).  The streams of the command being run travel in a `Context` (see redirect.py
for the fd table); `self.current_ctx` is the one in effect for expansions ($( ) uses it).
"""
from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from shelldojo.filesystem import accounts
from shelldojo.filesystem.credentials import MACHINE_LOCK
from shelldojo.filesystem.processes import Process
from shelldojo.shell.budget import LimitExceeded
from shelldojo.shell.context import Context
from shelldojo.shell.interp import (
    builtin_help,
    control,
    groups,
    procs,
    procsubst,
    programs,
    simple,
    write_errors,
    xtrace,
)
from shelldojo.shell.interp.redirect import RedirectError, Redirector
from shelldojo.shell.interp.state import (
    BreakSignal,
    ContinueSignal,
    ExitSignal,
    ExpansionError,
    NestingLimit,
    ReturnSignal,
    ShellState,
)
from shelldojo.shell.registry import lookup
from shelldojo.shell.streams import BufferOutput, PrefixedOutput, quiet
from shelldojo.shell.syntax import ast

# Python frames needed for max_call_depth (1000) nested shell functions, ~20 per level.
RECURSION_LIMIT = 40_000

class Interpreter:
    """Implements the `Shell` protocol of shell/context.py (ctx.shell for the builtins)."""

    def __init__(self, state: ShellState, *, is_subshell: bool = False) -> None:
        self.state = state
        self.loop_depth = 0          # for break/continue ("only meaningful in a loop")
        self.cond_depth = 0          # >0 while running a condition (set -e ignored)
        self.func_depth = 0          # >0 inside a function body (return allowed)
        self.is_subshell = is_subshell
        self.pipeline_stage = False  # its parent (the pipeline) reports no signal deaths
        self.exec_last = False       # a subshell of one simple command: it execs the program
        self.on_exec: Callable[[], None] | None = None   # a pipeline stage: "my command has started"
        self.current_ctx: Context | None = None
        self.last_sub_status = 0     # status of the last $( ) (for assignment-only commands)
        self.fd_override: dict[int, Any] = {}   # `exec 3>f` / `exec >log`: the shell's own fds
        self.fd_version = 0
        self._in_err_trap = False
        # a background job's thread (jobs.py): it takes the machine's lock per simple command
        self.lock_thread: int | None = None
        self._dispatch: dict[type, Callable[[Any, Context], int]] = {
            ast.SimpleCommand: self._simple_entry, ast.Pipeline: partial(groups.run_pipeline, self),
            ast.AndOr: partial(groups.run_andor, self), ast.CommandList: partial(groups.run_list, self),
            ast.Subshell: partial(groups.run_subshell, self), ast.BraceGroup: partial(groups.run_brace, self),
            ast.If: partial(control.run_if, self), ast.While: partial(control.run_while, self),
            ast.For: partial(control.run_for, self), ast.ArithFor: partial(control.run_arith_for, self),
            ast.Case: partial(control.run_case, self), ast.FunctionDef: partial(groups.run_funcdef, self),
            ast.ArithCommand: partial(control.run_arith, self), ast.CondCommand: partial(control.run_cond, self),
        }

    # ------------------------------------------------------------------ protocol
    def run_node(self, node: ast.Command, ctx: Context) -> int:
        if "noexec" in self.state.options and not self.state.interactive:
            return 0  # `set -n`: read commands, run none (bash ignores it interactively)
        prev = self.current_ctx
        self.current_ctx = ctx
        try:
            status = self._dispatch[type(node)](node, ctx)
        finally:
            self.current_ctx = prev
        self.state.status = status
        return status

    def error(self, ctx: Context | None, message: str) -> None:
        ctx = ctx or self.current_ctx
        if ctx is not None:
            try:
                ctx.err(self.state.error_prefix() + message + "\n")
            except OSError:
                pass  # stderr is /dev/full or closed: bash drops the message

    def capture(self, node: ast.Command) -> tuple[int, bytes]:
        ctx = self.current_ctx
        assert ctx is not None, "capture() outside of a command"
        out = BufferOutput(self.state.limits.max_output_bytes)
        sub = self.subshell()
        sub.state.xtrace_level += 1  # set -x shows `++ cmd` inside $( )
        sub.exec_last = procs.lone_command(node)
        status = sub.run_isolated(node, dataclasses.replace(ctx, stdout=out))
        if sub.state.process is not None:
            procs.report_killed(self, sub.state.process)
        self.last_sub_status = status
        return status, out.getvalue()

    def run_source(self, source: str, name: str | None = None, ctx: Context | None = None) -> int:
        """eval (name None) or source NAME, in `ctx` (the command's, with its redirections)."""
        from shelldojo.shell.interp.source_text import run_source_here
        return run_source_here(self, source, name, ctx)

    def run_argv(self, ctx: Context, argv: list[str]) -> int:
        """Run a program (not a function or special builtin) for env, xargs, find -exec."""
        return programs.run_argv(self, ctx, argv)

    def user_name(self, uid: int) -> str:
        return accounts.user_name(self.state.machine.vfs, uid)

    def group_name(self, gid: int) -> str:
        return accounts.group_name(self.state.machine.vfs, gid)

    # ------------------------------------------------------------------ helpers
    def child_shell(self, state: ShellState) -> Interpreter:
        """A new bash process's interpreter (scripts, `bash -c`): nothing of this one is shared."""
        return Interpreter(state)

    def subshell(self) -> Interpreter:
        sub = Interpreter(self.state.subshell(), is_subshell=True)
        sub.fd_override = dict(self.fd_override)
        sub.loop_depth, sub.func_depth = self.loop_depth, self.func_depth
        sub.lock_thread = self.lock_thread
        return sub

    def run_isolated(self, node: ast.Command, ctx: Context, process: Process | None = None) -> int:
        """Run as a subshell body: exit, errors and signals end only this shell.  `process`:
        its entry when made already (a background job's, whose pid `$!` gave)."""
        st = self.state
        if st.call_depth >= st.limits.max_call_depth:
            raise LimitExceeded(f"maximum nesting depth exceeded ({st.limits.max_call_depth})")
        st.call_depth += 1
        st.process = process or procs.subshell_process(st)  # bash forks: its own pid ($BASHPID)
        try:
            with st.machine.vfs.running(st.mask):  # its own umask: `(umask 077)` leaves ours alone
                status = self.run_node(node, ctx)
        except ExitSignal as e:
            status = e.status
        except NestingLimit:
            raise
        except ExpansionError as e:
            status = 1 if e.fatal else e.status  # bash: 127 only when the top-level shell dies
        except ReturnSignal as e:
            status = e.status
        except (BreakSignal, ContinueSignal):
            status = 0
        try:
            return self.finish(ctx, status)
        finally:
            if st.process is not None:
                st.machine.procs.reap(st.process.pid)

    def finish(self, ctx: Context, status: int) -> int:
        """The shell ends with `status`: run its EXIT trap once (not one inherited by a
        subshell); an `exit N` in the trap gives the shell's final status."""
        st = self.state
        action = st.traps.get("EXIT")
        if not action or action is st.inherited_exit:
            return status
        del st.traps["EXIT"]
        st.status = status
        prev, self.current_ctx = self.current_ctx, ctx
        try:
            self.run_source(action, None)
        except ExitSignal as e:
            status = e.status
        except (ExpansionError, ReturnSignal, BreakSignal, ContinueSignal):
            pass
        finally:
            self.current_ctx = prev
        return status

    def errexit(self, status: int) -> None:
        """A command failed: the ERR trap, then set -e (neither inside a condition)."""
        if not status or self.cond_depth:
            return
        st = self.state
        action = st.traps.get("ERR")
        if action and action is not st.inherited_err and not self.func_depth and not self._in_err_trap:
            self._in_err_trap = True
            try:
                st.status = status
                self.run_source(action, None)
            finally:
                self._in_err_trap = False
                st.status = status
        if "errexit" in st.options:
            raise ExitSignal(status)

    def condition(self, node: ast.Command, ctx: Context) -> int:
        self.cond_depth += 1
        try:
            return self.run_node(node, ctx)
        finally:
            self.cond_depth -= 1

    def command_context(self, base: Context, name: str) -> Context:
        st = self.state
        return dataclasses.replace(base, name=name, cwd=st.cwd, env=st.env(), creds=st.creds,
                                   stderr=quiet(base.stderr),
                                   budget=st.budget, limits=st.limits, runner=self,
                                   interactive=st.interactive, columns=st.columns,
                                   terminal=st.terminal)  # type: ignore[arg-type]

    def with_redirects(self, redirects: list[ast.Redirect], ctx: Context,
                       body: Callable[[Context], int]) -> int:
        if not redirects:
            return body(ctx)
        red = Redirector(self, ctx)
        try:
            rctx = red.apply(redirects)
        except RedirectError:
            return 1
        try:
            return body(rctx)
        finally:
            red.close()

    # ------------------------------------------------------------------ simple commands (simple.py)
    def _simple_entry(self, node: ast.SimpleCommand, ctx: Context) -> int:
        if self.lock_thread is not None and self.lock_thread == threading.get_ident():
            with MACHINE_LOCK, procsubst.frame(self, node):  # a job: one command at a time against the foreground
                return simple.run_simple(self, node, ctx)
        with procsubst.frame(self, node):  # the <(...) >(...) its words made close when it ends
            return simple.run_simple(self, node, ctx)

    def apply_fd_override(self, ctx: Context) -> Context:
        if not self.fd_override:
            return ctx
        from shelldojo.shell.interp.redirect import fd_table, with_table
        new = with_table(ctx, {**fd_table(ctx), **self.fd_override})
        new.extra["fd_stamp"] = self.fd_stamp()  # with_table copied extra: ours alone
        return new

    def fd_stamp(self) -> tuple[int, int]:
        """Which `exec` fds a Context has seen (run_list: a loop's next turn sees new ones)."""
        return id(self), self.fd_version

    def flush_fds(self) -> None:
        for s in self.fd_override.values():
            try:
                s.flush()
            except (OSError, ValueError, AttributeError):
                pass

    def trace(self, ctx: Context, text: str, ps4: str | None = None) -> None:
        xtrace.trace(self, ctx, text, ps4)

    def dispatch(self, ctx: Context, argv: list[str], functions: bool = True) -> int:
        """Run argv: the session's extra commands, a function, a builtin, then a program on PATH.
        What a command is comes from the registry (its kind); the interpreter names none.
        `command NAME` passes functions=False: builtins and programs only."""
        st, name = self.state, argv[0]
        extra = st.overlay.get(name) if st.overlay else None
        if extra is not None and not (functions and name in st.functions):  # functions win, as in bash
            xctx = self.command_context(ctx, name)
            return self.guard(xctx, lambda: extra.func(xctx, argv))
        programs.record_command(st, name)
        fn = st.functions.get(name) if functions else None
        info = lookup(name) if fn is None else None
        if self.on_exec is not None and (fn is not None or (info is not None and info.builtin)):
            self.started()  # a function or builtin runs in the stage's shell: nothing to exec
        if fn is not None:
            return self.call_function(fn, argv, ctx)
        cctx = self.command_context(ctx, name)
        if info is None or not info.builtin:
            if self.state.jobs.control:  # the REPL: a foreground job, so Ctrl-Z can stop it
                from shelldojo.shell.interp import foreground
                if foreground.wanted(self):
                    return foreground.program(self, cctx, argv, programs.run_program)
            return programs.run_program(self, cctx, argv)
        if builtin_help.wants_help(name, argv):
            return self.guard(cctx, lambda: builtin_help.show_help(cctx, name))
        if info.shell:  # it prints its own messages, with the shell's prefix (self.error)
            return self.guard(cctx, lambda: info.func(cctx, argv))
        # the other builtins print theirs behind the shell's own prefix
        prefix = self.state.error_prefix().encode("utf-8", "surrogateescape")
        bctx = dataclasses.replace(cctx, stderr=PrefixedOutput(cctx.stderr, prefix))
        return self.guard(cctx, lambda: info.func(bctx, argv))

    def started(self) -> None:
        """Tell the pipeline this stage's command is under way (pipeline.py: bash forks every
        stage and each execs at once, so `ps aux | grep x` lists the grep)."""
        hook, self.on_exec = self.on_exec, None
        if hook is not None:
            hook()

    def guard(self, ctx: Context, run: Callable[[], int], program: bool = False) -> int:
        """Run a command; Python errors become messages, never tracebacks."""
        from shelldojo.shell.interp.selffd import CommandFds
        with ctx.vfs.self_fds.serving(CommandFds(ctx)):  # /dev/stdin & co. open ctx's own fds
            return write_errors.guard(self, ctx, run, program)

    def call_function(self, fn: ast.FunctionDef, argv: list[str], ctx: Context) -> int:
        st = self.state
        limit = st.limits.max_call_depth
        if st.call_depth >= limit:
            self.error(ctx, f"{argv[0]}: maximum function nesting level exceeded ({limit})")
            raise NestingLimit(1)  # bash abandons the whole command line
        saved_pos, saved_name = st.positional, st.script_name
        st.frames.append((argv[0], st.func_sources.get(argv[0], "environment"), st.line))
        st.publish_frames()
        st.positional = list(argv[1:])
        st.scopes.append({})
        st.call_depth += 1
        self.func_depth += 1
        saved_loops, self.loop_depth = self.loop_depth, 0  # break in a function ends no caller's loop
        if st.script_name == "bash" and not st.interactive:
            st.script_name = "environment"  # bash -c's own quirk for errors inside functions
        try:
            return self.with_redirects(fn.redirects, ctx, lambda c: self.run_node(fn.body, c))
        except ReturnSignal as r:
            return r.status
        finally:
            st.script_name = saved_name
            self.loop_depth = saved_loops
            self.func_depth -= 1
            st.call_depth -= 1
            st.scopes.pop()
            st.positional = saved_pos
            st.frames.pop()
            st.publish_frames()
