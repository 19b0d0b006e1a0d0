"""The practice REPL, headless: prompt_toolkit pipe input, DummyOutput, bytes captured."""
from __future__ import annotations

import io
import subprocess
import sys
import threading
import time

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from shelldojo.filesystem import ROOT, acting_as
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.repl import persist
from shelldojo.shell.repl.app import Repl, ReplHooks
from shelldojo.shell.session import Session

H = "/home/learner"


def factory_for(machine, user="learner"):
    def factory(**io_):
        return Session(machine, user=user, interactive=True, **io_)
    return factory


def _until(ready, what: str, deadline: float = 60) -> None:
    """Poll the REPL's state until `ready()` (a loaded machine may take seconds): no pacing sleep."""
    end = time.monotonic() + deadline
    while not ready():
        assert time.monotonic() < end, f"the REPL did not {what} in {deadline} s"
        time.sleep(0.005)


def drive(chunks: list[str], machine=None, hooks=None, save=None):
    """Run a REPL on a fresh machine, typing `chunks` one after another; returns (repl, screen bytes).
    A chunk ending in Enter is typed once the prompt before it is up and the next one waited for;
    other keys (a word, Tab) are waited on until the input line shows them."""
    machine = machine or fresh_machine()
    out = io.BytesIO()
    prompts = [0]
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        repl = Repl(factory_for(machine), hooks or ReplHooks(), input=inp, output=DummyOutput(),
                    stdout=out, save=save)
        read_line = repl.prompt.prompt

        def counted(*args, **kw):
            prompts[0] += 1
            return read_line(*args, **kw)
        repl.prompt.prompt = counted
        result: list[int] = []
        t = threading.Thread(target=lambda: result.append(repl.run()), daemon=True)
        t.start()
        buffer = repl.prompt.default_buffer
        for chunk in chunks:
            seen = prompts[0]
            _until(lambda: prompts[0] >= 1 and repl.prompt.app.is_running, "put up its prompt")
            before = buffer.text
            inp.send_text(chunk)
            if chunk.endswith("\r"):
                _until(lambda seen=seen: prompts[0] > seen or not t.is_alive(), "run the line")
            else:
                if chunk.isprintable():   # all of it shown, not its first keys (the next chunk may be Tab)
                    _until(lambda before=before, chunk=chunk: buffer.text == before + chunk, "show the keys typed")
                else:
                    _until(lambda before=before: buffer.text != before, "show the keys typed")
        _until(lambda: repl.prompt.app.is_running or not t.is_alive(), "put up its prompt")
        inp.send_text("\x04")  # Ctrl-D: leave
        t.join(10)
        assert not t.is_alive(), "the REPL did not end"
    return repl, out.getvalue().decode("utf-8", "replace")


def test_runs_commands_and_exits_on_ctrl_d():
    _repl, screen = drive(["echo hello\r", "pwd\r"])
    assert "hello\n" in screen and f"{H}\n" in screen
    assert screen.endswith("exit\n")


def test_bashrc_aliases_and_prompt_variables():
    repl, screen = drive(["alias ll la l\r", "echo \"$PS1\"\r"])
    assert "alias ll='ls -alF'\nalias la='ls -A'\nalias l='ls -CF'\n" in screen
    assert "\\[\\033[01;32m\\]\\u@\\h" in screen
    assert repl.session.state.aliases["ls"] == "ls --color=auto"


def test_multiline_command_joined_in_history():
    _repl, screen = drive(["for i in 1 2\r", "do echo n$i\r", "done\r", "history\r"])
    assert "n1\nn2\n" in screen
    assert "    1  for i in 1 2; do echo n$i; done\n" in screen


def test_history_expansion_prints_the_line():
    repl, screen = drive(["echo one\r", "!!\r", "!e two\r", "!zz\r", "!-3\r"])
    assert "echo one\none\n" in screen
    assert "echo one two\none two\n" in screen
    assert "bash: !zz: event not found\n" in screen
    assert repl.session.state.history == ["echo one", "echo one two"]  # ignoredups, !zz not saved


def test_history_saved_to_bash_history_on_exit():
    m = fresh_machine()
    drive(["echo a\r", " echo secret\r", "echo b\r"], machine=m)
    with acting_as(ROOT):
        assert m.vfs.read_bytes(f"{H}/.bash_history") == b"echo a\necho b\n"
    _repl, screen = drive(["history\r"], machine=m)
    assert "    1  echo a\n    2  echo b\n    3  history\n" in screen


def test_tab_completion_in_chunks():
    m = fresh_machine()
    with acting_as(ROOT):
        m.vfs.makedirs(f"{H}/my documents")
        m.vfs.chown(f"{H}/my documents", 1000, 1000)
    _repl, screen = drive(["cd my", "\t", "\r", "pwd\r"], machine=m)
    assert f"{H}/my documents\n" in screen


def test_hint_after_mistake_is_dim_and_after_the_real_message():
    _repl, screen = drive(["cd..\r", "ls-la\r", "true\r"])
    real = "cd..: command not found\n"  # Ubuntu's command-not-found prints it, without bash's prefix
    assert real in screen
    assert screen.index(real) < screen.index("\x1b[2mPut a space after cd: `cd ..`.")
    assert "as in `ls -la`" in screen


def test_hooks_extra_builtin_toolbar_and_after_command():
    seen: list[tuple[str, int, str]] = []

    def dojo(ctx, argv):
        ctx.out(f"dojo says {' '.join(argv[1:])}\n")
        return 3

    hooks = ReplHooks(after_command=lambda line, status, out: seen.append((line, status, out)),
                      extra_builtins={"dojo": dojo}, toolbar=lambda: "GOAL", welcome="HELLO\n", hints=False)
    repl, screen = drive(["dojo hint\r", "dojo x | cat\r", "ls /nope\r"], hooks=hooks)
    assert screen.startswith("HELLO\n")
    assert seen[0] == ("dojo hint", 3, "dojo says hint\n")
    assert seen[1][2] == "dojo says x\n"
    assert seen[2] == ("ls /nope", 2, "ls: cannot access '/nope': No such file or directory\n")
    assert repl._toolbar() == "GOAL"
    assert "\x1b[2m" not in screen  # hints off


def test_extra_builtins_are_per_repl():
    from shelldojo.shell.registry import REGISTRY
    drive(["true\r"], hooks=ReplHooks(extra_builtins={"dojo": lambda c, a: 0}))
    assert "dojo" not in REGISTRY


def test_persistence_survives_restart_and_fresh(tmp_path):
    saved: list[int] = []

    def save(session):
        persist.save(net, str(tmp_path))
        saved.append(1)

    net, warn = persist.load(str(tmp_path))
    assert warn is None
    drive(["mkdir keep; echo x > keep/f\r"], machine=net.main_machine, save=save)
    assert saved  # after the command line and on exit
    m2 = persist.load(str(tmp_path))[0].main_machine
    with acting_as(ROOT):
        assert m2.vfs.read_bytes(f"{H}/keep/f") == b"x\n"
        assert m2.vfs.stat(f"{H}/keep").st_uid == 1000
    m3 = persist.load(str(tmp_path), fresh=True)[0].main_machine
    with acting_as(ROOT):
        assert not m3.vfs.exists(f"{H}/keep")
    assert not list(tmp_path.glob("*.tmp"))


def test_corrupt_state_starts_fresh_with_a_warning(tmp_path):
    (tmp_path / persist.SANDBOX_FILE).write_bytes(b"not a tar")
    net, warn = persist.load(str(tmp_path))
    m = net.main_machine
    assert warn and "starting a fresh machine" in warn
    with acting_as(ROOT):
        assert m.vfs.exists(f"{H}/.bashrc")


def test_ls_uses_terminal_width_and_colors():
    m = fresh_machine()
    with acting_as(ROOT):
        for i in range(30):
            m.vfs.mkdir(f"{H}/dir{i:02d}")
    _repl, screen = drive(["ls\r"], machine=m)
    assert "\x1b[01;34mdir00\x1b[0m" in screen       # ls --color=auto on a terminal
    assert "dir00" in screen and "\n" in screen.split("dir00")[1].split("dir29")[0]  # in columns


def test_exit_builtin_ends_repl_with_status():
    repl, _screen = drive(["exit 3\r"])
    assert repl.session.exited and repl.session.state.status == 3


def test_cli_import_does_not_load_prompt_toolkit():
    code = "import sys, shell.cli; print(any(m.startswith('prompt_toolkit') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_sandbox_needs_a_terminal(tmp_path):
    out = subprocess.run([sys.executable, "-m", "shelldojo", "sandbox", "--data-dir", str(tmp_path)],
                         capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False)
    assert out.returncode == 2 and "needs a terminal" in out.stderr


@pytest.mark.parametrize("line", ["cd ..", "ls"])
def test_no_hint_after_success(line):
    from shelldojo.shell.repl.hints import hint_for
    assert hint_for(line, 0, "", lambda: ["ls"]) is None


def test_fast_snapshot_ignored_when_tar_changes(tmp_path):
    net, _ = persist.load(str(tmp_path))
    with acting_as(ROOT):
        net.main_machine.vfs.write_bytes(f"{H}/one", b"1")
    persist.save(net, str(tmp_path))
    assert (tmp_path / persist.FAST_FILE).exists()
    (tmp_path / persist.FAST_FILE).write_bytes(b"\0" * 32 + b"junk")  # stale cache: the tar wins
    net2, warn = persist.load(str(tmp_path))
    assert warn is None
    with acting_as(ROOT):
        assert net2.main_machine.vfs.read_bytes(f"{H}/one") == b"1"
