"""REPL parts as units: completer, prompt rendering, history expansion, hints, toolbar."""
from __future__ import annotations

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from shelldojo.filesystem import ROOT, acting_as
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.repl import history as hist
from shelldojo.shell.repl.completer import ShellCompleter, split_words
from shelldojo.shell.repl.hints import hint_for
from shelldojo.shell.repl.prompt import decode_escapes, for_prompt_toolkit, render, visible
from shelldojo.shell.repl.toolbar import free_toolbar
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput

H = "/home/learner"
UBUNTU_PS1 = ("\\[\\e]0;${debian_chroot:+($debian_chroot)}\\u@\\h: \\w\\a\\]${debian_chroot:+($debian_chroot)}"
              "\\[\\033[01;32m\\]\\u@\\h\\[\\033[00m\\]:\\[\\033[01;34m\\]\\w\\[\\033[00m\\]\\$ ")


def session(user: str = "learner") -> Session:
    m = fresh_machine()
    with acting_as(ROOT):
        m.vfs.makedirs(f"{H}/my dir/sub")
        m.vfs.write_bytes(f"{H}/notes.txt", b"x")
        m.vfs.write_bytes(f"{H}/.hidden", b"x")
        for p in (f"{H}/my dir", f"{H}/my dir/sub", f"{H}/notes.txt", f"{H}/.hidden"):
            m.vfs.chown(p, 1000, 1000)
    return Session(m, user=user, interactive=True, stdout=BufferOutput(), stderr=BufferOutput())


def complete(s: Session, text: str) -> list[str]:
    return [c.text for c in ShellCompleter(s).get_completions(Document(text), CompleteEvent(completion_requested=True))]


# -- prompt --------------------------------------------------------------------------
def test_ubuntu_prompt_renders_colored():
    s = session()
    s.state.set("PS1", UBUNTU_PS1)
    text, title = for_prompt_toolkit(render(s))
    assert text == "\x1b[01;32mlearner@dojo\x1b[00m:\x1b[01;34m~\x1b[00m$ "
    assert title == "learner@dojo: ~"
    s.state.cwd = f"{H}/my dir"
    assert visible(render(s)) == "learner@dojo:~/my dir$ "


def test_root_prompt_and_escapes():
    assert decode_escapes("\\u@\\h:\\w\\$ ", user="root", host="dojo.local", cwd="/root", home="/root",
                          uid=0) == "root@dojo:~# "
    assert decode_escapes("\\W \\s \\v \\101\\\\", user="u", host="h", cwd="/usr/share", home="/home/u",
                          uid=5) == "share bash 5.2 A\\\\"
    assert decode_escapes("\\W", user="u", host="h", cwd="/", home="/home/u", uid=5) == "/"


def test_dollar_in_directory_name_is_not_expanded():
    s = session()
    s.state.cwd = "/tmp/$HOME"
    s.state.set("PS1", "\\w\\$ ")
    assert render(s) == "/tmp/$HOME$ "


def test_ps1_parameter_expansion_and_ps2():
    s = session()
    s.state.set("debian_chroot", "jail")
    s.state.set("PS1", "${debian_chroot:+($debian_chroot)}\\u$ ")
    assert render(s) == "(jail)learner$ "
    assert render(s, "PS2") == "> "


# -- history ------------------------------------------------------------------------
@pytest.mark.parametrize(("line", "expected"), [
    ("!!", "ls -l"), ("!1", "cd /tmp"), ("!-2", "cd /tmp"), ("!cd", "cd /tmp"), ("echo !$", "echo -l"),
    ("echo '!!'", "echo '!!'"), ("echo \\!!", "echo \\!!"), ("x!=y", "x!=y"), ("echo hi!", "echo hi!"),
    ("^-l^-a", "ls -a"),
])
def test_history_expansion(line, expected):
    assert hist.expand(line, ["cd /tmp", "ls -l"])[0] == expected


def test_history_event_not_found():
    with pytest.raises(hist.EventNotFound) as e:
        hist.expand("!nope", ["ls"])
    assert e.value.event == "!nope"
    with pytest.raises(hist.EventNotFound):
        hist.expand("!!", [])


def test_histcontrol_ignoreboth():
    s = session()
    s.state.set("HISTCONTROL", "ignoreboth")
    for line in ["ls", "ls", " secret", "pwd"]:
        hist.add(s, line)
    assert s.state.history == ["ls", "pwd"]


def test_join_lines():
    assert hist.join_lines(["if true", "then echo a", "fi"]) == "if true; then echo a; fi"
    assert hist.join_lines(["ls |", "wc -l"]) == "ls | wc -l"


# -- completion ---------------------------------------------------------------------
def test_complete_command_names():
    s = session()
    s.run_source("alias gg='grep'; myfn() { :; }")
    assert complete(s, "mkd") == ["mkdir "]
    got = complete(s, "c")
    assert {"cat", "cd", "chmod", "cp"} <= set(got)
    assert "gg " in complete(s, "gg") and "myfn " in complete(s, "myf")
    assert "history " in complete(s, "histo")
    assert complete(s, "ls | sor") == ["sort "]
    assert complete(s, "sudo mkd") == ["mkdir "]


def test_complete_options_from_option_spec():
    s = session()
    assert "--recursive" in complete(s, "rm --rec")
    assert "--all" in complete(s, "ls --al") and "--almost-all" in complete(s, "ls --al")
    assert "-p" in complete(s, "mkdir -")
    assert "--mode=" in complete(s, "mkdir --mo")


def test_complete_paths_quoting_and_dirs():
    s = session()
    assert complete(s, "cd my") == ["my\\ dir/"]
    assert complete(s, "cat no") == ["notes.txt "]
    assert complete(s, "cat 'my") == ["my dir/"]
    assert complete(s, "ls my\\ dir/") == ["my\\ dir/sub/"]
    assert complete(s, "ls ~/no") == ["~/notes.txt "]
    assert ".hidden " in complete(s, "cat .h")
    assert all(not c.startswith(".") for c in complete(s, "ls "))
    assert complete(s, "ls /et") == ["/etc/"]


def test_complete_paths_respect_permissions():
    s = session()
    assert complete(s, "ls /root/") == []


def test_complete_variables():
    s = session()
    assert "HOME" in complete(s, "echo $HO")
    assert "HOSTNAME}" in complete(s, "echo ${HOST")


def test_split_words():
    assert split_words("echo a; ls -l my\\ d")[1:3] == ("my\\ d", False)
    assert split_words("ls | gr")[2] is True
    assert split_words("cat < fi")[2] is False


# -- hints, toolbar -----------------------------------------------------------------
@pytest.mark.parametrize(("line", "status", "err", "needle"), [
    ("cd..", 127, "bash: cd..: command not found\n", "cd .."),
    ("sl", 127, "bash: sl: command not found\n", "ls"),
    ("ls-la", 127, "bash: ls-la: command not found\n", "ls -la"),
    ("mkdri x", 127, "bash: mkdri: command not found\n", "mkdir"),
    ("cp d e", 1, "cp: -r not specified; omitting directory 'd'\n", "cp -r"),
    ("rm d", 1, "rm: cannot remove 'd': Is a directory\n", "rm -r"),
    ("cat /etc/shadow", 1, "cat: /etc/shadow: Permission denied\n", "sudo"),
    ("cd notes.txt", 1, "bash: cd: notes.txt: Not a directory\n", "cat notes.txt"),
    ("mkdir a/b", 1, "mkdir: cannot create directory ‘a/b’: No such file or directory\n", "mkdir -p"),
    ("ssh chef@web1", 255, "chef@web1: Permission denied (publickey,password).\r\n", "authorized_keys"),
])
def test_hints(line, status, err, needle):
    names = ["ls", "mkdir", "cp", "rm", "cat", "cd"]
    text = hint_for(line, status, err, lambda: names)
    assert text and needle in text


def test_toolbar_shows_user_cwd_and_help():
    s = session()
    s.state.cwd = f"{H}/my dir"
    text = "".join(t for _, t in free_toolbar(s))
    assert "learner@dojo" in text and "~/my dir" in text and "help" in text


def test_language_hint_after_bash_message() -> None:
    from shelldojo.shell.repl.hints import hint_for

    hint = hint_for("python3", 127, "bash: python3: command not found\n", lambda: ["ls"])
    assert hint is not None and "not available in this practice machine" in hint
    assert "python3-pip" in (hint_for("pip install x", 127, "bash: pip: command not found\n", list) or "")
