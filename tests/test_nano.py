"""nano: the editor state without a terminal, the real Application fed by a pipe, the command
with a fake terminal (reads and writes the virtual file as the user), and without one."""
from __future__ import annotations

import dataclasses
from typing import Any

from shelldojo.filesystem import accounts, acting_as
from shelldojo.shell.commands.editors.nano_app import Editor, build_app
from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run


class Saved:
    def __init__(self, error: OSError | None = None) -> None:
        self.files: dict[str, bytes] = {}
        self.error = error

    def __call__(self, name: str, data: bytes) -> None:
        if self.error:
            raise self.error
        self.files[name] = data


def typed(ed: Editor, text: str) -> None:
    for c in text:
        ed.key("enter" if c == "\n" else c)


def test_title_and_bars() -> None:
    ed = Editor("notes.txt", "a\nb\n", Saved(), "Read 2 lines")
    rows = ed.screen()
    assert rows[0].startswith("  GNU nano 6.2") and "notes.txt" in rows[0] and "Modified" not in rows[0]
    assert rows[-3].strip() == "[ Read 2 lines ]"
    assert rows[-2].split() == ["^G", "Help", "^O", "Write", "Out", "^W", "Where", "Is", "^K", "Cut", "^T", "Execute", "^C", "Location"]
    assert rows[-1].split() == ["^X", "Exit", "^R", "Read", "File", "^\\", "Replace", "^U", "Paste", "^J", "Justify", "^/", "Go", "To", "Line"]
    ed.key("x")
    assert ed.screen()[0].rstrip().endswith("Modified")


def test_write_out() -> None:
    saved = Saved()
    ed = Editor("f", None, saved, "New File")
    typed(ed, "hello\nworld")
    ed.key("^O")
    assert ed.prompt_line() == "File Name to Write: f"
    ed.key("enter")
    assert saved.files["f"] == b"hello\nworld\n"
    assert ed.status == "Wrote 2 lines" and not ed.modified


def test_write_error_is_shown() -> None:
    ed = Editor("f", "x\n", Saved(PermissionError(13, "Permission denied")))
    ed.key("y")
    ed.key("^O")
    ed.key("enter")
    assert ed.screen()[-3].strip() == "[ Error writing f: Permission denied ]"
    assert ed.modified


def test_exit_asks_to_save() -> None:
    saved = Saved()
    ed = Editor("f", "", saved)
    ed.key("a")
    ed.key("^X")
    assert ed.prompt_line() == "Save modified buffer?  " and not ed.done
    ed.key("^C")
    assert ed.status == "Cancelled" and not ed.done
    ed.key("^X")
    ed.key("y")
    assert ed.prompt_line() == "File Name to Write: f"
    ed.key("enter")
    assert ed.done and saved.files["f"] == b"a\n"
    ed = Editor("f", "", saved)
    ed.key("b")
    ed.key("^X")
    ed.key("n")
    assert ed.done and saved.files["f"] == b"a\n"


def test_cut_paste_and_search() -> None:
    ed = Editor("f", "one\ntwo\nthree\n", Saved())
    ed.key("^K")
    ed.key("^K")
    assert ed.lines == ["three", ""] and ed.cutbuffer == ["one", "two"]
    ed.key("down")
    ed.key("^U")
    assert ed.lines == ["three", "one", "two", ""]
    ed.key("^W")
    typed(ed, "thr")
    ed.key("enter")
    assert (ed.row, ed.col) == (0, 0) and ed.status == "Search Wrapped"
    ed.key("^W")
    typed(ed, "zzz\n")
    assert ed.status == '"zzz" not found'
    ed.key("^C")
    assert ed.status.startswith("line 1/4 (25%), col 1/6 (16%)")


def test_application_runs_headless() -> None:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    saved = Saved()
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        ed = Editor("f", "", saved)
        app = build_app(ed)
        inp.send_text("hi\x0f\r\x18")   # type, ^O Enter, ^X
        assert app.run() == 0
    assert saved.files["f"] == b"hi\n"


class FakeTerminal:
    columns, lines = 80, 24

    def __init__(self, keys: str) -> None:
        self.keys = keys

    def run_app(self, app: Any) -> object:
        from prompt_toolkit.application import create_app_session
        from prompt_toolkit.input import create_pipe_input
        from prompt_toolkit.output import DummyOutput

        with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
            app.input = inp
            app.output = DummyOutput()
            inp.send_text(self.keys)
            return app.run()


def _run_with_terminal(argv: list[str], keys: str, machine: Any, out: Any = None) -> int:
    from shelldojo.shell.budget import Budget
    from shelldojo.shell.context import Context
    from shelldojo.shell.limits import Limits
    from shelldojo.shell.registry import load_all
    from shelldojo.shell.streams import BufferOutput, BytesInput

    from tests.cmdutil import ENV, DirectRunner

    creds = accounts.credentials_for(machine.vfs, "learner")
    limits = Limits()
    ctx = Context(argv[0], machine, "/home/learner", dict(ENV), BytesInput(b""), out or BufferOutput(), BufferOutput(),
                  creds, limits, Budget(limits.wall_time_s, limits.max_commands), DirectRunner())
    ctx = dataclasses.replace(ctx, terminal=FakeTerminal(keys))
    with acting_as(creds):
        return load_all()[argv[0]].func(ctx, argv)


def test_nano_command_edits_the_virtual_file_as_the_user() -> None:
    machine = fresh_machine()
    assert _run_with_terminal(["nano", "new.txt"], "hello\x0f\r\x18", machine) == 0
    with acting_as(accounts.credentials_for(machine.vfs, "learner")):
        assert machine.vfs.read_bytes("/home/learner/new.txt") == b"hello\n"
        assert machine.vfs.stat("/home/learner/new.txt").st_uid == 1000
    # /etc/hostname belongs to root: the write fails, nano stays open until ^X N
    assert _run_with_terminal(["nano", "/etc/hostname"], "x\x0f\r\x18n", machine) == 0
    assert machine.vfs.read_bytes("/etc/hostname") == b"dojo\n"


def test_nano_without_a_terminal() -> None:
    result = run(["nano", "f"])
    assert (result.status, result.out, result.err) == (1, "", "Too many errors from stdin\n")
    assert not fresh_machine().vfs.exists("/home/learner/f")
    assert run(["nano", "--version"]).out.startswith(" GNU nano, version 6.2\n")


def test_pagers_and_man_page_on_a_terminal() -> None:
    from shelldojo.shell.streams import BufferOutput

    class Screen(BufferOutput):
        def isatty(self) -> bool:
            return True

    machine = fresh_machine()
    machine.fake.create_file("/home/learner/f", contents="".join(f"{i}\n" for i in range(100)))
    for argv in (["less", "f"], ["more", "f"], ["man", "ls"]):
        screen = Screen()
        assert _run_with_terminal(argv, " b/5\rnGgq", machine, screen) == 0
        assert screen.getvalue() == b""   # the text went to the pager, not to stdout
