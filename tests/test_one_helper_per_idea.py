"""One helper per idea (issue 12): one "for each input file" loop (textio.Inputs), one name per
account record type, the last verbatim texts as data files."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.hostile import run_source_in_process

ROOT = Path(__file__).resolve().parent.parent


# -- for each input file ------------------------------------------------------------------------
PORTED = {"shell/commands/text/cat.py": 2, "shell/commands/text/cut.py": 1, "shell/commands/text/count.py": 1}


@pytest.mark.parametrize(("path", "count"), sorted(PORTED.items()))
def test_ported_tools_loop_through_inputs(path: str, count: int) -> None:
    text = (ROOT / path).read_text()
    assert text.count("Inputs(ctx, p.operands") == count
    assert 'for name in p.operands or ["-"]:\n        try:\n            stream = open_input' not in text


SCRIPT = "printf 'a\\tb\\n' > f; mkdir d; "


@pytest.mark.parametrize(("script", "want"), [
    # GNU's default report, the other operands still read, status 1
    ("cat nosuch f d f", (1, "a\tb\na\tb\n", "cat: nosuch: No such file or directory\ncat: d: Is a directory\n")),
    ("cat 'a b'", (1, "", "cat: 'a b': No such file or directory\n")),
    ("cat f >> f", (1, "", "cat: f: input file is output file\n")),
    ("cat < f", (0, "a\tb\n", "")),
    ("cut -f2 f nosuch f", (1, "b\nb\n", "cut: nosuch: No such file or directory\n")),
    ("nl nosuch f", (1, "     1\ta\tb\n", "nl: nosuch: No such file or directory\n")),
    # rev words it its own way (the on_error hook)
    ("rev f d nosuch", (1, "b\ta\n", "rev: d: 0: Is a directory\nrev: cannot open nosuch: No such file or directory\n")),
    ("echo abc | rev - f", (0, "cba\nb\ta\n", "")),
])
def test_each_input_reports_and_goes_on(script: str, want: tuple[int, str, str]) -> None:
    assert run_source_in_process(SCRIPT + script) == want


def test_inputs_closes_each_stream_and_counts_failures() -> None:
    from shelldojo.filesystem import accounts, acting_as
    from shelldojo.shell.budget import Budget
    from shelldojo.shell.commands.textio import Inputs
    from shelldojo.shell.context import Context
    from shelldojo.shell.limits import Limits
    from shelldojo.shell.machines import fresh_machine
    from shelldojo.shell.streams import BufferOutput, BytesInput

    from tests.cmdutil import ENV, DirectRunner

    machine = fresh_machine()
    creds = accounts.credentials_for(machine.vfs, "learner")
    assert creds is not None
    limits = Limits()
    ctx = Context("x", machine, "/home/learner", dict(ENV), BytesInput(b"in\n"), BufferOutput(), BufferOutput(),
                  creds, limits, Budget(limits.wall_time_s, limits.max_commands), DirectRunner())
    seen: list[str] = []
    with acting_as(creds):
        machine.vfs.write_bytes("/home/learner/a", b"one\n")
        inputs = Inputs(ctx, ["a", "missing", "-"], on_error=lambda n, e: seen.append(f"{n}: {e.errno}"))
        got = [(name, stream, stream.read()) for name, stream in inputs]
    assert [(n, d) for n, _s, d in got] == [("a", b"one\n"), ("-", b"in\n")]
    assert got[0][1].f.closed and got[1][1] is ctx.stdin   # the file is closed; stdin is left open
    assert seen == ["missing: 2"] and inputs.status == 1
    assert Inputs(ctx, []).names == ["-"]


# -- one name per account record type ----------------------------------------------------------
def test_account_records_have_one_name() -> None:
    from shelldojo.filesystem import accounts

    assert not hasattr(accounts, "User") and not hasattr(accounts, "Group")
    users = [p for d in ("shell", "filesystem", "challenges", "tests") for p in (ROOT / d).rglob("*.py")
             if re.search(r"accounts\.(User|Group)\b", p.read_text())]
    assert not users


def test_sudo_reads_the_shadow_password_by_name() -> None:
    text = (ROOT / "shell/commands/users/sudo.py").read_text()
    assert "row[1]" not in text and "row.password" in text
    script = "echo learner:s3cret | sudo chpasswd; echo s3cret | su learner -c true; echo $?; echo bad | su learner -c true"
    assert run_source_in_process(script) == (1, "0\n", "Password: Password: su: Authentication failure\n")


# -- the last verbatim texts --------------------------------------------------------------------
@pytest.mark.parametrize("name", ["HELP", "VERSION", "USAGE", "ZIP_HELP", "UNZIP_HELP", "IMPORT_HELP", "COWSAY_HELP",
                                  "PRINTF_HELP", "PRINTF_USAGE", "VERSION_TEXT", "WHICH_USAGE", "CLEAR_USAGE",
                                  "VERSION_HOSTNAME", "_VERSION", "USAGES"])
def test_no_text_constant_left(name: str) -> None:
    modules = ["editors/nano.py", "editors/nano_app.py", "extras/figlet.py", "extras/jq.py", "extras/tree.py",
               "extras/zip.py", "extras/games.py", "sqlite/sqlite3.py", "sqlite/dot.py", "builtins/simple.py",
               "options.py", "system/system.py", "system/machineinfo.py", "packages/apt.py", "packages/dpkg.py",
               "packages/pip.py"]
    pattern = re.compile(rf"^{name} = ", re.MULTILINE)
    found = [m for m in modules if pattern.search((ROOT / "shell/commands" / m).read_text())
             and (m, name) != ("editors/nano_app.py", "VERSION")]  # the title bar's "GNU nano 6.2"
    assert not found


def test_nano_help_screen_is_the_data_file() -> None:
    from shelldojo.shell.commands.editors.nano_app import Editor
    from shelldojo.shell.texts import verbatim

    editor = Editor("f", "", lambda _n, _d: None)
    editor.key("^G")
    text = verbatim("editors/nano_screen")
    assert text.startswith("Main nano help text: ^O writes the file")
    rows = editor.screen()
    assert "".join(r for r in rows[1:1 + -(-len(text) // editor.width)]) == text


def test_cowsay_help_is_the_real_text() -> None:
    _status, out, _err = run_source_in_process(
        "sudo apt-get install -y cowsay >/dev/null 2>&1; /usr/games/cowsay --help")
    assert out.startswith("cow{say,think} version 3.03, (c) 1999 Tony Monroe\n")


def test_printf_help_and_usage_come_from_bash_help() -> None:
    from shelldojo.shell import manpages

    topic = next(t for t in manpages.bash_help()["topics"] if t["name"] == "printf")
    assert run_source_in_process("printf --help") == (2, f"printf: {topic['synopsis']}\n{topic['long']}", "")
    status, out, err = run_source_in_process("printf")
    assert (status, out, err) == (2, "", f"printf: usage: {topic['synopsis']}\n")   # as bash: no prefix
