"""Issue 11, "No internal errors": each hostile input gets bash's or GNU's answer (or our own
`shelldojo: ... exceeded` limit), never `internal error:`, a Python exception or a hang.
Expected texts were checked against bash 5.2 / coreutils 9.1 as an ordinary user."""
from __future__ import annotations

import io
import random
import tarfile
import threading
import time
from pathlib import Path

import pytest
from shelldojo.shell.budget import Interrupted
from shelldojo.shell.limits import Limits
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput

from tests.hostile import run_c, run_cli, run_source_in_process

BAD = ("internal error", "Traceback", "Error: ", "Exception")


def _clean(*texts: str) -> None:
    for text in texts:
        for bad in BAD:
            assert bad not in text, text[-500:]


# 1 --------------------------------------------------------------------------------- set
def test_set_alone_lists_variables_quoted_as_bash() -> None:
    status, out, err = run_source_in_process(
        "a=; b='x y'; c=$'a\\nb'; d=é; e='~x'; f=a~b; g='#a'; h=a#b; i=\"it's\"; j=$'\\x01'; "
        "q=$'\\xff'; declare l; declare -a m; o=(1 '2 3'); f1() { echo; }; set")
    assert (status, err) == (0, "")
    for line in ("a=", "b='x y'", "c=$'a\\nb'", "d=é", "e='~x'", "f=a~b", "g='#a'", "h=a#b",
                 "i='it'\\''s'", "j=$'\\001'", "q=$'\\377'", "o=([0]=\"1\" [1]=\"2 3\")",
                 "IFS=$' \\t\\n'", 'BASH_VERSINFO=([0]="5" [1]="2" [2]="15" [3]="1" [4]="release" [5]="x86_64-pc-linux-gnu")'):
        assert line + "\n" in out, line
    assert "\nl=" not in out and "\nm=" not in out  # declared without a value: not shown
    assert out.endswith("f1 () \n{ \n    echo\n}\n")
    names = [ln.split("=")[0] for ln in out.splitlines() if "=" in ln and " " not in ln.split("=")[0]]
    assert names == sorted(names)


# 2 ---------------------------------------------------------------------- deep nesting
def test_twenty_thousand_nested_groups_are_bash_syntax_error() -> None:
    r = run_c("{ " * 20000 + "echo hi; " + "} " * 20000)
    r.assert_clean()
    r.assert_bounded()
    assert r.status == 2
    assert r.stderr.startswith(b"bash: -c: line 1: syntax error near unexpected token `{'\n"
                               b"bash: -c: line 1: `{ { { ")
    assert r.stdout == b""


def test_deep_nesting_of_every_kind_is_bounded() -> None:
    n = 20000
    cases = {"( " * n + "echo hi " + ") " * n: "syntax error near unexpected token `('",
             "if true; then " * n + "echo hi; " + "fi; " * n: "syntax error near unexpected token `if'",
             "echo " + "$(echo " * n + "hi" + ")" * n: "shelldojo: maximum nesting depth exceeded",
             "echo " + '"$(echo ' * n + "hi" + ')"' * n: "shelldojo: maximum nesting depth exceeded",
             "echo " + "${x:-" * n + "hi" + "}" * n: "shelldojo: maximum nesting depth exceeded",
             "f(){ " * n + "echo hi; " + "}; " * n: "syntax error near unexpected token `{'",
             "[[ " + "( " * n + "a" + " )" * n + " ]]": "shelldojo: maximum nesting depth exceeded"}
    for src, message in cases.items():
        status, out, err = run_source_in_process(src)
        assert message in err and status in (2, 124), (src[:30], status, err[:200])
        _clean(out, err)
    # eval parses in the command's own redirections; the REPL's and grader's line joiner copes
    status, out, err = run_source_in_process(
        'eval "$(printf "{ %.0s" {1..20000}) echo hi" 2>&1 | cut -c1-80; eval "echo x" > f; cat f')
    assert out == ("bash: eval: line 1: syntax error near unexpected token `{'\n"
                   "bash: eval: line 1: `" + "{ " * 29 + "{\nx\n") and err == ""
    from shelldojo.challenges.replay import command_lines
    from shelldojo.shell.syntax.parser import is_complete
    assert is_complete("{ " * 20000) and is_complete("echo " + "${x:-" * 20000)
    assert len(command_lines("{ " * 300 + "echo hi; " + "} " * 300 + "\necho next")) == 2
    # what bash itself runs stays runnable: 4,000 nested groups, 2,000 ifs
    assert run_source_in_process("{ " * 4000 + "echo hi; " + "} " * 4000)[:2] == (0, "hi\n")
    assert run_source_in_process("if true; then " * 2000 + "echo hi; " + "fi; " * 2000)[:2] == (0, "hi\n")


# 3 ------------------------------------------------------------ endless recursion via $( )
def test_recursion_through_command_substitution_fails() -> None:
    r = run_c("f(){ echo $(f); }; f")
    r.assert_clean()
    r.assert_bounded()
    assert r.status != 0
    assert r.stderr == b"environment: line 1: f: maximum function nesting level exceeded (1000)\n"


# 4 ------------------------------------------------------------------ touch / date times
def test_absurd_dates_get_gnu_messages() -> None:
    _status, out, err = run_source_in_process(
        "touch -d @1e300 f; echo $?; date -d @1e300; echo $?; touch -d @99999999999999999999 g; echo $?; "
        "touch -d @67768036191676799 h; echo $?; ls -l h; date -r h; stat -c '%y %Y' h; "
        "date -d @67768036191676799; date -d @67768036191676800; echo $?; date -d @-67768040609740800; "
        "date -d @1,5 +%s.%N; date -d @1.; touch -d @-99999999999 k; ls -l --full-time k")
    _clean(out, err)
    assert out == ("1\n1\n1\n0\n-rw-r--r-- 1 learner learner 0 May 10  2446 h\nThu May 10 22:38:55 UTC 2446\n"
                   "2446-05-10 22:38:55.000000000 +0000 15032385535\nWed Dec 31 23:59:59 UTC 2147485547\n1\n"
                   "Thu Jan  1 00:00:00 UTC -2147481748\n1.500000000\n"
                   "-rw-r--r-- 1 learner learner 0 1901-12-13 20:45:52.000000000 +0000 k\n")
    assert err == ("touch: invalid date format ‘@1e300’\ndate: invalid date ‘@1e300’\n"
                   "touch: invalid date format ‘@99999999999999999999’\n"
                   "date: time ‘67768036191676800’ is out of range\ndate: invalid date ‘@1.’\n")


# 5 ------------------------------------------------------ a tar member with mtime 10**30
def _archive_with_mtimes(tmp: Path, mtime: int, pax: str | None = None) -> Path:
    base = tmp / "base.tar"
    r = run_c("true", "--save-state", str(base))
    assert r.status == 0, r.text
    out = tmp / "state.tar"
    with tarfile.open(base) as src, tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
        for m in src.getmembers():
            tar.addfile(m, src.extractfile(m) if m.isfile() else None)
        for name, kind in (("home/learner/big", tarfile.REGTYPE), ("home/learner/dir", tarfile.DIRTYPE)):
            info = tarfile.TarInfo(name)
            info.type, info.mtime, info.uid, info.gid = kind, mtime, 1000, 1000
            info.uname = info.gname = "learner"
            info.mode = 0o755 if kind == tarfile.DIRTYPE else 0o644
            if pax:
                info.pax_headers = {"mtime": pax}
            info.size = 3 if kind == tarfile.REGTYPE else 0
            tar.addfile(info, io.BytesIO(b"hi\n") if kind == tarfile.REGTYPE else None)
    return out


def test_loaded_absurd_mtimes_are_clamped_like_ext4(tmp_path: Path) -> None:
    script = "cd; ls -l; stat -c '%y %Y' big; date -r big; date -r dir"
    for mtime, pax, shown in ((10**30, None, "May 10  2446"), (-(10**30), None, "Dec 13  1901"),
                              (0, "1e300", "May 10  2446"), (0, "nan", "Jan  1  1970")):
        r = run_cli("run", "--load-state", str(_archive_with_mtimes(tmp_path, mtime, pax)), "-c", script)
        r.assert_clean()
        assert r.status == 0 and r.stderr == b"", r.text
        assert f"-rw-r--r-- 1 learner learner    3 {shown} big\n".encode() in r.stdout, r.text


def test_time_formatting_survives_any_timestamp() -> None:
    from shelldojo.shell.commands.ls.format import full_time, ls_time
    from shelldojo.shell.commands.system.date_format import strftime
    for t in (1e30, -1e30, 1e300, float("inf"), float("nan"), 10**40, 67768036191676800):
        assert ls_time(t, 0).strip()
        assert full_time(t)
        assert strftime("%a %b %e %H:%M:%S %Z %Y %G %V %j %s %N", t)
    assert ls_time(10**30, 0) == f"{10**30:>12}"  # GNU: the seconds when localtime fails
    assert full_time(10**30) == f"{10**30}.000000000"


# 6 ------------------------------------------------------------------ lone surrogates
_PIECES = ["echo ", "printf '%s\\n' ", "printf ", "cat ", "ls ", "touch ", "mkdir -p ", "x=", "$x", "${x}",
           '"', "'", "$'", "<<EOF\n", "\nEOF\n", " | ", "; ", " && ", "$(", ")", "`", "{ ", " }", "( ", " )",
           "> ", "< ", "f", "a b", "\udc80", "\ud800", "\udfff", "\udcff", "\x00", "\x01", "\x0c", "\x0b",
           "\r", "\x1b[", "\x7f", "é", "\n", "${", "}", "[[ ", " ]]", "$((", "))", "#", "\\", "*", "?",
           "declare ", "read ", "export ", "set ", "alias ", "case ", " in ", "esac", "for i in ", "do ",
           "done", "if ", "then ", "fi", "test ", "grep ", "sed 's/", "/'", "tr ", "wc ", "sort ",
           "$'\\ud800'", "$'\\U0000dfff'", "$'\\U110000'", "printf '\\ud800' ", "echo -e '\\ud800\\xff' ",
           "x=$'\\ud800'; ", "touch $'\\ud800'; ls; ", "${x@Q}", "${x@E}", "printf '%q' ", "printf -v y ",
           "${!", "@Q}", "eval ", "type ", "unset ", "local ", "let ", "[ ", " ]", "~", "!", "trap ",
           "source ", "bash -c ", "stat ", "date -d ", "cd ", "pwd", "=", "\t", "mapfile ", "history "]


def test_lone_surrogates_never_escape_run_source() -> None:
    for src in ("echo \udc80\ud800", "echo '\ud800' \"\udfff\"", "cat <<EOF\n\ud800\nEOF",
                "\ud800=1", "x\ud800=1; echo $x\ud800", "touch \ud800; ls", "printf '\ud800%s' \udfff",
                "echo $'\\ud800' | od -c"):
        _status, out, err = run_source_in_process(src)
        _clean(out, err)
    assert run_source_in_process("echo $'\\ud800' | od -c")[1] == "0000000 355 240 200  \\n\n0000004\n"
    rng = random.Random(11)
    limits = Limits(wall_time_s=2.0)
    session: Session | None = None
    out = err = BufferOutput()
    for i in range(1500):
        if session is None or session.exited or i % 100 == 0:
            out, err = BufferOutput(), BufferOutput()
            session = Session(fresh_machine(), stdout=out, stderr=err, limits=limits, interactive=i % 200 >= 100)
        src = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 12)))
        try:
            session.run_source(src)
        except Exception as exc:  # the failure we are looking for
            raise AssertionError(f"{type(exc).__name__}: {exc} escaped for {src!r}") from exc
        text = (out.getvalue() + err.getvalue()).decode("utf-8", "replace")
        assert "internal error" not in text and "Traceback" not in text, (src, text[-300:])


# 7 ---------------------------------------------------------- control characters unquoted
def test_control_characters_are_word_characters_as_in_bash() -> None:
    src = ("\x0cecho hi\necho a;\x0becho b\necho $((1\r+2))\nprintf '[%s]' a\x0cb c\x0b; echo\n"
           "x=(a\x0cb c); echo ${#x[@]}\n")
    expected_err = ("bash: $'\\fecho': command not found\nbash: $'\\vecho': command not found\n"
                    "bash: 1\r+2: syntax error: invalid arithmetic operator (error token is \"\r+2\")\n")
    for interactive in (False, True):
        out, err = BufferOutput(), BufferOutput()
        Session(fresh_machine(), stdout=out, stderr=err, interactive=interactive).run_source(src)
        assert out.getvalue().decode() == "a\n[a\x0cb][c\x0b]\n2\n"
        got = err.getvalue().decode()
        if not interactive:
            expected = expected_err.replace("bash: ", "bash: line 1: ", 1).replace(
                "bash: $'\\v", "bash: line 2: $'\\v").replace("bash: 1\r", "bash: line 3: 1\r")
            assert got == expected
        else:  # Ubuntu's command-not-found handler answers in an interactive shell, with the raw name
            assert got == ("\x0cecho: command not found\n\x0becho: command not found\n"
                           + expected_err[expected_err.index("bash: 1\r"):])
    from shelldojo.challenges.replay import command_lines  # graded answers are split as bash reads them
    assert command_lines("echo a\x0cb\necho c\x0bd\x1ce\r") == ["echo a\x0cb", "echo c\x0bd\x1ce\r"]


# 8 ------------------------------------------------------------------ PATH_MAX, NAME_MAX
def test_too_long_paths_are_enametoolong_at_once() -> None:
    r = run_c("mkdir -p $(printf 'a/%.0s' {1..3000}); echo $?; ls")
    r.assert_clean()
    assert r.seconds < 4.0
    assert r.stderr == ("mkdir: cannot create directory ‘" + "a/" * 3000 + "’: File name too long\n").encode()
    assert r.stdout == b"1\n"
    long = "x" * 256
    _status, out, err = run_source_in_process(
        f"mkdir -p a/{long}/b; mkdir {long}; touch {long}; cat {long}/f; ls {long}; cd {long}; "
        f"touch {'b/' * 3000}f; mkdir -p {'x' * 255}; echo $?")
    assert out == "0\n"
    assert err == (f"mkdir: cannot create directory ‘a/{long}’: File name too long\n"
                   f"mkdir: cannot create directory ‘{long}’: File name too long\n"
                   f"touch: cannot touch '{long}': File name too long\n"
                   f"cat: {long}/f: File name too long\n"
                   f"ls: cannot access '{long}': File name too long\n"
                   f"bash: line 1: cd: {long}: File name too long\n"
                   f"touch: cannot touch '{'b/' * 3000}f': File name too long\n")


# 9 ------------------------------------------------------------------ an endless EXIT trap
def test_endless_exit_trap_is_stopped_with_a_message() -> None:
    r = run_c("trap 'while :; do :; done' EXIT; exit 0")
    r.assert_clean()
    r.assert_bounded()
    assert r.status == 124  # the loop's command count or the 8 s, whichever comes first
    assert r.stderr in (b"shelldojo: too many commands or loop iterations in one command line\n",
                        b"shelldojo: time limit exceeded (8s per command line)\n")
    r = run_c("trap 'sleep 30' EXIT; sleep 7")  # the trap shares the last command line's 8 s
    assert r.status == 124 and r.stderr == b"shelldojo: time limit exceeded (8s per command line)\n"
    r.assert_bounded()


def test_ctrl_c_stops_an_endless_exit_trap() -> None:
    out, err = BufferOutput(), BufferOutput()
    session = Session(fresh_machine(), stdout=out, stderr=err, limits=Limits(max_commands=10**9))
    timer = threading.Timer(0.5, lambda: session.state.budget.cancel(Interrupted()))
    timer.start()
    start = time.monotonic()
    try:
        status = session.run_source("trap 'while :; do :; done' EXIT; exit 0")
    finally:
        timer.cancel()
    assert status == 130 and time.monotonic() - start < 5.0


def test_a_refused_thread_is_a_failed_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """A grader worker under an OS cap may refuse a pipeline stage's thread."""
    real_start = threading.Thread.start

    def start(self: threading.Thread) -> None:
        if self.name == "pipe-stage-1":
            raise RuntimeError("can't start new thread")
        real_start(self)

    monkeypatch.setattr(threading.Thread, "start", start)
    status, out, err = run_source_in_process("yes | cat | head -n 1; echo next")
    assert (status, out, err) == (124, "", "shelldojo: fork: too many processes running at once\n")
