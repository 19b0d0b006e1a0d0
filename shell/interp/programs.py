"""Programs: a new shell's variables, PATH lookup, running files (builtin stubs, shebang and
plain scripts) and the sandbox's own `bash`/`sh` (their text runs through source_text.py).
"""
from __future__ import annotations

import errno
import posixpath
import stat as st
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from shelldojo.filesystem import strerror
from shelldojo.shell.interp import procs
from shelldojo.shell.interp.source_text import run_text
from shelldojo.shell.interp.state import ExitSignal, ShellState, Var
from shelldojo.shell.registry import lookup
from shelldojo.shell.status import CANNOT_EXECUTE, NOT_FOUND

if TYPE_CHECKING:
    from shelldojo.shell.context import Context
    from shelldojo.shell.interp.executor import Interpreter

STUB = b"#!shelldojo builtin "
_SHELLS = ("bash", "sh", "rbash")
BASH_VERSION = "5.2.15(1)-release"
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# A desktop login on Ubuntu also gets /etc/environment's games and snap directories.
LOGIN_PATH = DEFAULT_PATH + ":/usr/games:/usr/local/games:/snap/bin"


# ----------------------------------------------------------------------------- variables
def init_variables(state: ShellState, env: Mapping[str, str]) -> None:
    """Fill a new shell's variables: the exported environment plus bash's own."""
    scope = state.scopes[0]
    for name, value in env.items():
        scope[name] = Var(value, exported=True)
    uid = str(state.creds.uid)
    own = {"IFS": " \t\n", "PS4": "+ ", "OPTIND": "1", "OPTERR": "1", "BASH": "/usr/bin/bash",
           "BASH_VERSION": BASH_VERSION, "HOSTTYPE": "x86_64", "MACHTYPE": "x86_64-pc-linux-gnu",
           "OSTYPE": "linux-gnu", "UID": uid, "EUID": uid,
           "PPID": str(state.process.ppid if state.process is not None else state.pid - 1)}
    if state.interactive:
        own.update(PS1="\\u@\\h:\\w\\$ ", PS2="> ")
    for name, value in own.items():
        if name not in scope:
            scope[name] = Var(value)
    scope["BASH_VERSINFO"] = Var({0: "5", 1: "2", 2: "15", 3: "1", 4: "release",
                                  5: "x86_64-pc-linux-gnu"}, readonly=True, kind="indexed")
    for name in ("UID", "EUID", "PPID"):
        scope[name].readonly = True
    state.publish_frames()


def child_state(ctx: Context, parent: ShellState, *, script_name: str, arg0: str,
                args: Sequence[str]) -> ShellState:
    """A new bash process: the exported environment only, its own $0 and positional params."""
    procs = ctx.machine.procs
    proc = procs.get(procs.current() or 0)  # the program entry run_file made for this bash
    if proc is not None:
        proc.deliver = proc.pending.append
    state = ShellState(machine=ctx.machine, creds=ctx.creds, cwd=ctx.cwd, limits=parent.limits,
                       budget=ctx.budget, interactive=False, positional=list(args), arg0=arg0,
                       mask=parent.mask.copy(), call_depth=parent.call_depth + 1, script_name=script_name,
                       pid=proc.pid if proc is not None else parent.pid + 7, process=proc,
                       columns=parent.columns)
    env = dict(ctx.env)
    try:
        env["SHLVL"] = str(int(env.get("SHLVL", "0")) + 1)
    except ValueError:
        env["SHLVL"] = "1"
    init_variables(state, env)
    return state


# ----------------------------------------------------------------------------- lookup
def find_in_path(state: ShellState, name: str, path_var: str | None = None) -> str | None:
    """The first executable regular file NAME in $PATH (absolute path), else None."""
    vfs = state.machine.vfs
    path = state.get("PATH") if path_var is None else path_var
    if path is None:
        path = DEFAULT_PATH
    for d in path.split(":"):
        base = d or "."
        full = posixpath.join(base if base.startswith("/") else posixpath.join(state.cwd, base), name)
        try:
            s = vfs.stat(full)
        except OSError:
            continue
        if st.S_ISREG(s.st_mode) and vfs.access(full, 1):
            return posixpath.join(base, name)
    return None


def run_program(interp: Interpreter, ctx: Context, argv: list[str]) -> int:
    """A command that is not a function or builtin: a path, or a file found on PATH."""
    name = argv[0]
    if "/" in name:
        return run_file(interp, ctx, name, argv)
    st_ = interp.state
    found = st_.hashed.get(name)  # bash keeps using a hashed path even once the file is gone
    if found is None:
        found = find_in_path(st_, name)
        if found is None:
            _unrecord(st_, name)  # it never ran: "a command was used" must not count it
            return command_not_found(interp, ctx, argv)
        if "hashall" in st_.options:
            st_.hashed[name], st_.hash_hits[name] = found, 0
    if name in st_.hash_hits:
        st_.hash_hits[name] += 1
    return run_file(interp, ctx, found, argv)


def command_not_found(interp: Interpreter, ctx: Context, argv: list[str]) -> int:
    """bash runs a defined command_not_found_handle in a subshell; Ubuntu's /etc/bash.bashrc
    defines one in interactive shells that runs command-not-found (shell/packages/cnf.py)."""
    st_ = interp.state
    handler = st_.functions.get("command_not_found_handle")
    if handler is not None:
        try:
            return interp.subshell().call_function(handler, ["command_not_found_handle", *argv], ctx)
        except ExitSignal as e:
            return e.status
    if st_.interactive:
        from shelldojo.shell.packages.cnf import advise

        out, err = advise(ctx.vfs, ctx.creds, st_.get("PATH") or "", argv[0])
        ctx.out(out)
        ctx.err(err)
        return NOT_FOUND
    interp.error(ctx, f"{ansi_quote(argv[0])}: command not found")
    return NOT_FOUND


def record_command(state: ShellState, name: str) -> None:
    """Remember a command really run (for the trainer's "command used" checks), bounded."""
    if len(state.commands_run) < 10_000:
        state.commands_run.append(name.rsplit("/", 1)[-1])


def _unrecord(state: ShellState, name: str) -> None:
    if state.commands_run and state.commands_run[-1] == name.rsplit("/", 1)[-1]:
        state.commands_run.pop()


_ESCAPES = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f",
            "\r": "\\r", "\x1b": "\\E", "'": "\\'", "\\": "\\\\"}


def ansi_quote(text: str) -> str:
    """bash's $'...' form for names holding control characters (`$'foo\\r'`), else the name."""
    if not any(ord(c) < 32 or ord(c) == 127 for c in text):
        return text
    body = "".join(_ESCAPES.get(c) or (f"\\{ord(c):03o}" if ord(c) < 32 or ord(c) == 127 else c)
                   for c in text)
    return f"$'{body}'"


def run_argv(interp: Interpreter, ctx: Context, argv: list[str]) -> int:
    """For env, xargs, find -exec, sudo: run a program with ctx's env, cwd and identity."""
    if not argv:
        return 0
    name = argv[0]
    if "/" in name:
        return run_file(interp, ctx, name, argv)
    found = find_in_path(interp.state, name, ctx.env.get("PATH", DEFAULT_PATH))
    if found is None:
        info = lookup(name)
        if info is not None and info.directory is None and not info.shell:  # `help` (no file) still runs
            record_command(interp.state, name)
            return interp.guard(ctx, lambda: info.func(ctx, argv))
        ctx.err(f"{name}: command not found\n")
        return NOT_FOUND
    record_command(interp.state, name)  # sudo apt ..., env X=1 cmd, xargs cmd, find -exec cmd
    return run_file(interp, ctx, found, argv)


def run_file(interp: Interpreter, ctx: Context, path: str, argv: list[str]) -> int:
    """Execute the file at `path` (as typed or as found on PATH) with argv."""
    vfs = ctx.vfs
    full = ctx.abspath(path)
    try:
        s = vfs.stat(full)
    except OSError as exc:
        interp.error(ctx, f"{path}: {strerror(exc)}")
        return NOT_FOUND if exc.errno in (errno.ENOENT, errno.ELOOP) else 126
    if st.S_ISDIR(s.st_mode):
        interp.error(ctx, f"{path}: Is a directory")
        return CANNOT_EXECUTE
    if not vfs.access(full, 1) or not st.S_ISREG(s.st_mode):
        interp.error(ctx, f"{path}: Permission denied")
        return CANNOT_EXECUTE
    try:
        data = vfs.read_bytes(full)
    except OSError:
        interp.error(ctx, f"{path}: Permission denied")
        return CANNOT_EXECUTE
    ctx = _named(ctx, argv[0])
    stub = data[len(STUB):].split(b"\n", 1)[0].decode("utf-8", "replace").strip() \
        if data.startswith(STUB) else None
    # a script's process is named after the script (comm), its exe is its interpreter
    comm = None if stub is not None else full.rsplit("/", 1)[-1][:15]
    exe = full if stub is not None else procs.BASH
    with procs.running_program(interp, argv, exe, comm, ctx.cwd, ctx.env, ctx.creds.uid, ctx.creds.gid):
        return _exec(interp, ctx, path, data, argv, stub)


def _exec(interp: Interpreter, ctx: Context, path: str, data: bytes, argv: list[str],
          stub: str | None) -> int:
    if stub is not None:
        prog = stub
        if prog in _SHELLS:
            return run_bash(interp, ctx, argv)
        info = lookup(prog)
        if info is None:
            interp.error(ctx, f"{path}: cannot execute binary file: Exec format error")
            return CANNOT_EXECUTE
        from shelldojo.shell.interp import program_fronts
        if prog in program_fronts.TWINS:  # a builtin's coreutils twin (/usr/bin/echo): GNU's texts
            return interp.guard(ctx, lambda: program_fronts.run(prog, ctx, argv, info.func), program=not info.shell)
        # the program, not bash's builtin (/usr/bin/kill is procps's: its own messages)
        return interp.guard(ctx, lambda: info.func(ctx, argv), program=not info.shell)
    if data.startswith(b"#!"):
        return _shebang(interp, ctx, path, data, argv)
    text = data.decode("utf-8", "surrogateescape")
    return run_script(interp, ctx, text, path, argv[1:])


def _named(ctx: Context, name: str) -> Context:
    import dataclasses
    return dataclasses.replace(ctx, name=name)


def _shebang(interp: Interpreter, ctx: Context, path: str, data: bytes, argv: list[str]) -> int:
    line = data[2:].split(b"\n", 1)[0].decode("utf-8", "surrogateescape").lstrip(" \t")
    parts = line.split(None, 1) if line.strip(" \t") else []
    if not parts:
        return run_script(interp, ctx, data.decode("utf-8", "surrogateescape"), path, argv[1:])
    prog = line.split(" ", 1)[0].split("\t", 1)[0]
    arg = line[len(prog):].strip(" \t") or None
    vfs = ctx.vfs
    pfull = ctx.abspath(prog)
    stub = None
    try:
        if vfs.isfile(pfull) and vfs.access(pfull, 1):
            pdata = vfs.read_bytes(pfull)
            if pdata.startswith(STUB):
                stub = pdata[len(STUB):].split(b"\n", 1)[0].decode("utf-8", "replace").strip()
            else:
                stub = ""
    except OSError:
        stub = None
    if stub is None:
        interp.error(ctx, f"{path}: cannot execute: required file not found")
        return NOT_FOUND
    rest = [path, *argv[1:]]
    if stub in _SHELLS:
        return run_bash(interp, ctx, [prog, *([arg] if arg else []), *rest])
    if stub == "env" and arg:
        words = arg.split()
        found = find_in_path(interp.state, words[0], ctx.env.get("PATH", DEFAULT_PATH))
        if found is None:
            ctx.err(f"/usr/bin/env: \u2018{words[0]}\u2019: No such file or directory\n")
            return NOT_FOUND
        return run_file(interp, ctx, found, [words[0], *words[1:], *rest])
    return run_file(interp, ctx, prog, [prog, *([arg] if arg else []), *rest])


def run_script(interp: Interpreter, ctx: Context, text: str, name: str, args: Sequence[str],
               options: Sequence[str] = ()) -> int:
    """Run `text` in a child bash whose $0 and error prefix are `name`."""
    child = interp.child_shell(child_state(ctx, interp.state, script_name=name, arg0=name, args=args))
    child.state.options.update(options)
    child.state.frames.append(("main", name, 0))
    child.state.publish_frames()
    if child.state.call_depth > interp.state.limits.max_call_depth:
        from shelldojo.shell.budget import LimitExceeded
        raise LimitExceeded(f"maximum nesting depth exceeded ({interp.state.limits.max_call_depth})")
    with ctx.vfs.running(child.state.mask):  # a new process: its umask is its own
        try:
            status = run_text(child, text, ctx, toplevel=True)
        except ExitSignal as e:
            status = e.status
        return child.finish(ctx, status)


_BASH_FLAGS = {"e": "errexit", "u": "nounset", "x": "xtrace", "f": "noglob", "C": "noclobber",
               "v": "verbose", "n": "noexec", "a": "allexport"}


def run_bash(interp: Interpreter, ctx: Context, argv: list[str]) -> int:
    """The sandbox's bash/sh: `bash FILE args`, `bash -c CMDS [arg0 args]`, script on stdin."""
    me = posixpath.basename(argv[0]) or "bash"
    args = argv[1:]
    command: str | None = None
    options: list[str] = []
    use_c = False
    while args and args[0].startswith(("-", "+")) and args[0] not in ("-", "+"):
        a = args.pop(0)
        if a == "--":
            break
        if a in ("--norc", "--noprofile", "--posix", "--login", "-l", "-i", "-s"):
            continue
        if a == "--version":
            ctx.out(f"GNU bash, version {BASH_VERSION} (x86_64-pc-linux-gnu)\n"
                    "Copyright (C) 2022 Free Software Foundation, Inc.\n"
                    "License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n\n"
                    "This is free software; you are free to change and redistribute it.\n"
                    "There is NO WARRANTY, to the extent permitted by law.\n")
            return 0
        if a.startswith("--"):
            ctx.err(f"{me}: {a}: invalid option\n")
            return 2
        for ch in a[1:]:
            if ch == "c":
                use_c = True
            elif ch == "o" and args:
                options.append(args.pop(0))
            elif ch in _BASH_FLAGS:
                if a[0] == "-":
                    options.append(_BASH_FLAGS[ch])
            elif ch not in "lis":
                ctx.err(f"{me}: -{ch}: invalid option\n")
                return 2
    if use_c:
        if not args:
            ctx.err(f"{me}: -c: option requires an argument\n")
            return 2
        command = args.pop(0)
        arg0 = args.pop(0) if args else me
        return _run_child(interp, ctx, command, me, arg0, args, options)
    if not args:
        text = ctx.stdin.read().decode("utf-8", "surrogateescape")
        return _run_child(interp, ctx, text, me, me, [], options)
    script = args.pop(0)
    full = ctx.abspath(script)
    vfs = ctx.vfs
    try:
        if vfs.isdir(full):
            raise OSError(errno.EISDIR, "Is a directory")
        text = vfs.read_bytes(full).decode("utf-8", "surrogateescape")
    except OSError as exc:
        # bash names a directory script with its own name as prefix: "d: d: Is a directory"
        who = script if exc.errno == errno.EISDIR else me
        ctx.err(f"{who}: {script}: {strerror(exc)}\n")
        return CANNOT_EXECUTE if exc.errno in (errno.EISDIR, errno.EACCES) else 127
    return run_script(interp, ctx, text, script, args, options)


def _run_child(interp: Interpreter, ctx: Context, text: str, name: str, arg0: str,
               args: Sequence[str], options: Sequence[str]) -> int:
    child = interp.child_shell(child_state(ctx, interp.state, script_name=name, arg0=arg0, args=args))
    child.state.options.update(options)
    with ctx.vfs.running(child.state.mask):  # a new process: its umask is its own
        try:
            status = run_text(child, text, ctx, toplevel=True, exec_last=True)
        except ExitSignal as e:
            status = e.status
        return child.finish(ctx, status)
