"""vi/vim/view: the modal editor without a terminal (keys in, screen rows out, as recorded from
Debian's vim.tiny 9.0 and vim 9.0 in tmux), the real Application fed by a pipe, the command with
a fake terminal (the virtual file written as the user), and without one."""
from __future__ import annotations

from shelldojo.filesystem import accounts, acting_as
from shelldojo.shell.commands.editors.vi_app import Editor, build_app
from shelldojo.shell.commands.editors.vi_ex import Loaded
from shelldojo.shell.machines import fresh_machine

from tests.cmdutil import run
from tests.test_nano import _run_with_terminal

TEXT = "one two three\nfour five\nsix seven eight nine\n"


class Disk:
    def __init__(self, files: dict[str, str] | None = None, denied: bool = False) -> None:
        self.files = {k: v.encode() for k, v in (files or {}).items()}
        self.denied = denied

    def save(self, name: str, data: bytes) -> None:
        if self.denied:
            raise PermissionError(13, "Permission denied")
        self.files[name] = data

    def load(self, name: str) -> Loaded:
        return Loaded(self.files[name].decode()) if name in self.files else Loaded(None, "new")

    def exists(self, name: str) -> bool:
        return name in self.files


def editor(name: str = "f.txt", text: str | None = TEXT, compat: bool = True, **kw: object) -> tuple[Editor, Disk]:
    disk = Disk({name: text} if text is not None and name else {}, **kw)  # type: ignore[arg-type]
    loaded = disk.load(name) if name else Loaded(None, "new")
    return Editor(name, loaded, disk.save, disk.load, disk.exists, compat, clock=lambda: 1000.0), disk


def keys(ed: Editor, typed: str) -> None:
    names = {"\x1b": "esc", "\r": "enter", "\x07": "^G", "\x12": "^R", "\x7f": "backspace"}
    for c in typed:
        ed.key(names.get(c, c))


def test_open_messages_and_tildes() -> None:
    ed, _ = editor()
    rows = ed.screen()
    assert rows[:3] == TEXT.split("\n")[:3] and rows[3:23] == ["~"] * 20
    assert rows[23] == '"f.txt" 3 lines, 45 bytes'
    vim, _ = editor(compat=False)
    assert vim.screen()[23] == '"f.txt" 3L, 45B' + " " * 47 + "1,1           All"
    new, _ = editor("new.txt", None)
    assert new.screen()[23] == '"new.txt" [New File]'
    assert editor("nn", None, compat=False)[0].screen()[23].startswith('"nn" [New]' + " " * 52 + "0,0-1")


def test_intro_screen_as_vim_tiny_draws_it() -> None:
    ed, _ = editor("", None)
    rows = ed.screen()
    assert rows[0] == "" and rows[1] == rows[2] == "~"
    assert rows[3] == "~" + " " * 30 + "VIM - Vi IMproved"
    assert rows[5] == "~" + " " * 31 + "version 9.0.2142"
    assert rows[13] == "~" + " " * 16 + "type  :q<Enter>               to exit"
    assert rows[17] == "~" + " " * 24 + "Running in Vi compatible mode"
    keys(ed, ":w\r")
    assert ed.screen()[23] == "E32: No file name" and ed.screen()[3].endswith("VIM - Vi IMproved")


def test_insert_write_quit_and_the_exit_rite() -> None:
    ed, disk = editor()
    keys(ed, "ihello \x1b")
    assert ed.lines[0] == "hello one two three" and ed.col == 5
    keys(ed, ":q\r")
    assert not ed.done and ed.screen()[23] == "E37: No write since last change (add ! to override)"
    keys(ed, ":foo\r")
    assert ed.screen()[23] == "E492: Not an editor command: foo"
    keys(ed, ":wq\r")
    assert ed.done and disk.files["f.txt"] == b"hello " + TEXT.encode()
    ed, disk = editor()
    keys(ed, "dd:q!\r")
    assert ed.done and disk.files["f.txt"] == TEXT.encode()


def test_write_messages() -> None:
    ed, disk = editor("new.txt", None)
    keys(ed, "ihi\x1b:w\r")
    assert ed.message == '"new.txt" [New File] 1 line, 3 bytes written' and disk.files["new.txt"] == b"hi\n"
    vim, _ = editor(compat=False)
    keys(vim, ":w\r")
    assert vim.screen()[23].startswith('"f.txt" 3L, 45B written ')
    keys(vim, ":w f.txt2\r")
    assert vim.message == '"f.txt2" [New] 3L, 45B written'
    keys(vim, ":w f.txt2\r")
    assert vim.message == "E13: File exists (add ! to override)"
    ro, _ = editor(denied=True)
    keys(ro, "x:w\r")
    assert ro.message == '"f.txt" E212: Can\'t open file for writing' and ro.modified


def test_motions_counts_and_operators() -> None:
    ed, _ = editor()
    keys(ed, "w")
    assert (ed.row, ed.col) == (0, 4)
    keys(ed, "e")
    assert ed.col == 6
    keys(ed, "$")
    assert ed.col == 12
    keys(ed, "0jw")
    assert (ed.row, ed.col) == (1, 5)
    keys(ed, "G")
    assert ed.row == 2
    keys(ed, "gg2x")
    assert ed.lines[0] == "e two three"
    keys(ed, "dw")
    assert ed.lines[0] == "two three"
    keys(ed, "cwTWO\x1b")
    assert ed.lines[0] == "TWO three"
    keys(ed, "2G")
    assert ed.row == 1
    keys(ed, "3dd")
    assert ed.lines == ["TWO three"]   # a count past the end stops at the last line
    ed, _ = editor(text="".join(f"{i}\n" for i in range(10)))
    keys(ed, "3dd")
    assert ed.message == "3 fewer lines" and ed.lines[0] == "3"
    keys(ed, "5jx")
    assert ed.lines[5] == ""


def test_yank_put_join_replace() -> None:
    ed, _ = editor()
    keys(ed, "yyp")
    assert ed.lines[:2] == ["one two three", "one two three"]
    keys(ed, "3p")
    assert ed.message == "3 more lines" and len(ed.lines) == 7
    ed, _ = editor()
    keys(ed, "J")
    assert ed.lines[0] == "one two three four five"
    keys(ed, "rXA!\x1b")     # J leaves the cursor where the lines met
    assert ed.lines[0] == "one two threeXfour five!"
    keys(ed, "0Rab\x1b")
    assert ed.lines[0] == "abe two threeXfour five!"
    keys(ed, "$X")
    assert ed.lines[0] == "abe two threeXfour fiv!"


def test_undo_vi_compatible_and_vim() -> None:
    ed, _ = editor("new.txt", None)
    keys(ed, "ihi\x1bu")
    assert ed.empty() and ed.message == "1 line less; before #1  0 seconds ago"
    keys(ed, "u")     # vi: u undoes the undo
    assert ed.lines == ["hi"] and ed.message == "1 more line; after #1  0 seconds ago"
    vim, _ = editor(compat=False)
    keys(vim, "ddu")
    assert vim.lines[0] == "one two three"
    keys(vim, "u")
    assert vim.message == "Already at oldest change"
    keys(vim, "\x12")
    assert vim.lines[0] == "four five"


def test_dot_repeats_the_last_change() -> None:
    ed, _ = editor()
    keys(ed, "dw..")
    assert ed.lines[0] == ""
    ed, _ = editor()
    keys(ed, "A;\x1bj.j.")
    assert [x[-1] for x in ed.lines] == [";", ";", ";"]


def test_search_and_wrap() -> None:
    ed, _ = editor()
    keys(ed, "/zzz\r")
    assert ed.screen()[23] == "E486: Pattern not found: zzz"
    keys(ed, "/f\r")
    assert (ed.row, ed.col, ed.screen()[23]) == (1, 0, "/f")
    keys(ed, "nn")
    assert ed.message == "search hit BOTTOM, continuing at TOP" and (ed.row, ed.col) == (1, 0)
    keys(ed, "?one\r")
    assert ed.row == 0


def test_substitute_set_number_goto_and_ctrl_g() -> None:
    ed, _ = editor(text="a a\na\na\nb\n")
    keys(ed, ":%s/a/X/g\r")
    assert ed.lines == ["X X", "X", "X", "b"] and ed.message == "4 substitutions on 3 lines"
    keys(ed, ":s/q/y/\r")
    assert ed.message == "E486: Pattern not found: q"
    keys(ed, ":set nu\r")
    assert ed.screen()[0] == "      1 X X"
    keys(ed, ":2\r\x07")
    assert ed.screen()[23] == '"f.txt" [Modified] line 2 of 4 --50%-- col 1'


def test_visual_line_and_modes_shown_by_vim() -> None:
    vim, _ = editor(compat=False)
    keys(vim, "i")
    assert vim.screen()[23].startswith("-- INSERT --" + " " * 50 + "1,1")
    keys(vim, "\x1bV")
    assert vim.screen()[23] == "-- VISUAL LINE --" + " " * 35 + "1" + " " * 9 + "1,1           All"
    keys(vim, "jd")
    assert vim.lines == ["six seven eight nine"] and vim.mode == "normal"
    ed, _ = editor()
    keys(ed, "Vj>")
    assert ed.lines[:2] == ["\tone two three", "\tfour five"]
    keys(ed, "Vy")
    assert ed.register == (["\tone two three"], True)
    keys(ed, "i")
    assert ed.screen()[23] == '"f.txt" 3 lines, 45 bytes'   # vi-compatible: no mode shown


def test_application_runs_headless() -> None:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    ed, disk = editor("n.txt", None)
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        app = build_app(ed)
        inp.send_text("ihi\x1b:wq\r")
        assert app.run() == 0
    assert disk.files["n.txt"] == b"hi\n"


def test_vi_command_edits_the_virtual_file_as_the_user() -> None:
    machine = fresh_machine()
    assert _run_with_terminal(["vi", "notes.txt"], "ihello\x1b:wq\r", machine) == 0
    with acting_as(accounts.credentials_for(machine.vfs, "learner")):
        assert machine.vfs.read_bytes("/home/learner/notes.txt") == b"hello\n"
        assert machine.vfs.stat("/home/learner/notes.txt").st_uid == 1000
    # /etc/hostname belongs to root: readonly, :w! fails, :q! leaves it as it was
    assert _run_with_terminal(["vi", "/etc/hostname"], "x:w\r:w!\r:q!\r", machine) == 0
    assert machine.vfs.read_bytes("/etc/hostname") == b"dojo\n"


def test_without_a_terminal_and_options() -> None:
    result = run(["vi", "f"])
    assert result.status == 1
    assert result.err == "Vim: Warning: Output is not to a terminal\nVim: Warning: Input is not from a terminal\n"
    assert result.out == "Vim: Error reading input, exiting...\nVim: Finished.\r\n"
    bad = run(["vi", "--bogus"])
    assert bad.status == 1 and bad.out == ""
    assert bad.err.endswith('\nUnknown option argument: "--bogus"\nMore info with: "vim -h"\n')
    assert run(["vi", "--version"]).out.startswith("VIM - Vi IMproved 9.0 (2022 Jun 28")
    assert run(["view", "--help"]).out.split("\n")[2].startswith("Usage: vim [arguments]")
