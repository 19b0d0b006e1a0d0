"""Issue 12, one command plane: one registry with kinds, one signature, a typed host, overlays."""
from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pytest
from shelldojo.shell import registry
from shelldojo.shell.context import Context
from shelldojo.shell.interp.executor import Interpreter
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput

ROOT = Path(__file__).resolve().parent.parent


def _session(**kw: object) -> tuple[Session, BufferOutput, BufferOutput]:
    out, err = BufferOutput(), BufferOutput()
    return Session(fresh_machine(), stdout=out, stderr=err, **kw), out, err  # type: ignore[arg-type]


def _run(script: str, session: Session | None = None) -> tuple[int, str, str]:
    s, out, err = _session() if session is None else (session, session.raw_stdout, session.raw_stderr)
    status = s.run_source(script)
    return status, out.getvalue().decode(), err.getvalue().decode()  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------- one registry
@pytest.mark.parametrize(("name", "kind"), [
    ("export", registry.SPECIAL), ("break", registry.SPECIAL), (".", registry.SPECIAL),
    ("cd", registry.BUILTIN), ("read", registry.BUILTIN), ("echo", registry.BUILTIN),
    ("ls", registry.PROGRAM), ("sudo", registry.PROGRAM), ("tree", registry.PACKAGE)])
def test_one_registry_knows_every_kind(name: str, kind: str) -> None:
    assert registry.kind_of(name) == kind
    info = registry.lookup(name)
    assert info is not None and info.kind == kind


def test_builtins_are_in_the_registry_with_their_family() -> None:
    cd, umask, export = registry.lookup("cd"), registry.lookup("umask"), registry.lookup("export")
    assert cd is not None and cd.shell and cd.directory is None and cd.family == "navigation"
    assert umask is not None and umask.family == "files"
    assert export is not None and export.shell and export.family == "shell"


def test_one_signature_for_every_command() -> None:
    for name, info in registry.load_all().items():
        params = list(inspect.signature(info.func).parameters)
        assert len(params) == 2, (name, params)


def test_the_second_registry_is_gone() -> None:
    from shelldojo.shell.interp import state
    for gone in ("INTERP_BUILTINS", "BuiltinTable", "builtin", "SPECIAL_BUILTINS"):
        assert not hasattr(state, gone), gone
    assert importlib.util.find_spec("shelldojo.shell.interp._builtin_index") is None
    assert not list((ROOT / "shell" / "interp").glob("builtins_*.py"))


def test_the_interpreter_names_no_command_module() -> None:
    for folder in ("interp", "syntax"):
        for path in (ROOT / "shell" / folder).glob("*.py"):
            assert "shell.commands" not in path.read_text(), path


# ----------------------------------------------------------------------------- typed context
def test_commands_get_the_session_as_host_and_the_interpreter_as_shell() -> None:
    s, _out, _ = _session()
    seen: list[tuple[object, object]] = []

    def probe(ctx: Context, argv: list[str]) -> int:
        seen.append((ctx.host, ctx.shell))
        return 0

    s.add_command("probe", probe)
    s.run_source("probe")
    assert seen == [(s, s.interp)]
    assert "session" not in s.context().extra


def test_builtins_reach_interpreter_state_through_ctx_shell() -> None:
    status, out, err = _run("cd /tmp; pwd; builtin cd /; pwd; declare -x A=1; printenv A")
    assert (status, out, err) == (0, "/tmp\n/\n1\n", "")


# ----------------------------------------------------------------------------- overlays
def test_overlay_commands_run_in_subshells_and_pipelines_not_in_child_bash() -> None:
    s, out, err = _session()
    s.add_command("probe", lambda ctx, argv: ctx.out(" ".join(argv[1:]) + "\n") or 3)
    status = s.run_source("probe a; echo $?; (probe b); echo x | probe c; echo $(probe d)\n"
                          "bash -c probe; echo $?")
    assert out.getvalue().decode() == "a\n3\nb\nc\nd\n127\n"
    assert err.getvalue().decode() == "bash: line 1: probe: command not found\n"
    assert status == 0


def test_functions_win_over_the_overlay_and_the_registry_never_sees_it() -> None:
    s, out, _ = _session()
    s.add_command("probe", lambda ctx, argv: ctx.out("overlay\n") or 0)
    s.run_source("probe() { echo function; }; probe")
    assert out.getvalue() == b"function\n"
    assert "probe" not in registry.REGISTRY
    other, _out2, _ = _session()
    assert other.run_source("probe") == 127


def test_the_repl_adds_its_commands_without_patching_the_engine() -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput
    from shelldojo.shell.repl.app import Repl, ReplHooks

    made: list[Session] = []

    def factory(**io: object) -> Session:
        s = Session(fresh_machine(), interactive=True, **io)  # type: ignore[arg-type]
        made.append(s)
        return s

    with create_pipe_input() as inp:
        repl = Repl(factory, ReplHooks(extra_builtins={"dojo": lambda c, a: 0}), input=inp,
                    output=DummyOutput(), stdout=BufferOutput())
    s = made[0]
    assert type(s.interp) is Interpreter
    assert set(s.overlay) == {"dojo"} and repl.session is s
    assert "extra_builtins" not in vars(s)
    assert s.command_number == 1


# ----------------------------------------------------------------------------- behaviour kept
@pytest.mark.parametrize(("script", "expected"), [
    ("type cd echo ls export", ("cd is a shell builtin\necho is a shell builtin\nls is /usr/bin/ls\n"
                               "export is a shell builtin\n")),
    ("type -t cd echo ls help pwd", "builtin\nbuiltin\nfile\nbuiltin\nbuiltin\n"),
    ("command -v cd ls help", "cd\n/usr/bin/ls\nhelp\n"),
    ("cd --help | head -1; echo $?", "cd: cd [-L|[-P [-e]] [-@]] [dir]\n0\n"),
    ("/usr/bin/echo --help | head -1; /usr/bin/echo --help x",   # GNU's echo, not the builtin
     "Usage: /usr/bin/echo [SHORT-OPTION]... [STRING]...\n--help x\n"),
    ("help commands | grep -c '^  cd  '", "1\n"),  # the programs' map (issue 13)
    ("for i in 1 2; do for j in 1; do break 0; done; echo $?; done; echo $?", "1\n"),
])
def test_lookups_and_help_behave_as_before(script: str, expected: str) -> None:
    assert _run(script)[1] == expected


def test_shell_builtins_stay_out_of_env_and_xargs() -> None:
    _status, out, err = _run("env cd /tmp; echo $?; command cd /tmp; echo $?; pwd")
    assert out == "127\n0\n/tmp\n"   # env runs programs only; `command` runs builtins too
    assert "env: \u2018cd\u2019: No such file or directory\n" in err


def test_export_is_traced_twice_under_set_x() -> None:
    assert _run("set -x; export A=1; set +x")[2] == "+ export A=1\n+ A=1\n+ set +x\n"


def test_exit_says_logout_in_a_login_shell_through_the_host() -> None:
    s, _, err = _session(interactive=True)
    s.login_shell = True
    s.run_source("exit")
    assert err.getvalue() == b"logout\n"
