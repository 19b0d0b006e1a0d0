"""bash's `time` reserved word and `{var}>file` redirections (recorded cases: tests/golden/
time_keyword.sh); here what a recording cannot pin: the time fields themselves, the parser's
flags, keyboard waits counting in real time, and hostile fd exhaustion."""
from __future__ import annotations

import types

import pytest
from shelldojo.shell.interp import timing
from shelldojo.shell.interp.timing import BadFormat, format_times
from shelldojo.shell.streams import BufferOutput, InputStream
from shelldojo.shell.syntax import ast
from shelldojo.shell.syntax.parser import parse

from tests.hostile import run_c, run_source_in_process


# ----------------------------------------------------------------------------- TIMEFORMAT
def test_default_format_fields() -> None:
    text = format_times(timing.BASH_TIMEFORMAT, 61_234_567, 1_500, 0)
    assert text == "\nreal\t1m1.235s\nuser\t0m0.002s\nsys\t0m0.000s"


def test_posix_format_truncates_to_two_places() -> None:
    assert format_times(timing.POSIX_TIMEFORMAT, 1_239_499, 0, 0) == "real 1.23\nuser 0.00\nsys 0.00"


@pytest.mark.parametrize(("fmt", "want"), [
    ("%%", "%"), ("a%", "a%"), ("%R", "2.500"), ("%0R", "2"), ("%1R", "2.5"), ("%9R", "2.500"),
    ("%lR", "0m2.500s"), ("%2lU", "0m1.25s"), ("%E", "2.500"), ("%S", "0.000"), ("%P", "50.00"),
    ("[%3lR|%%P]", "[0m2.500s|%P]"),
])
def test_format_escapes(fmt: str, want: str) -> None:
    assert format_times(fmt, 2_500_000, 1_250_000, 0) == want


def test_fraction_rounds_to_milliseconds_as_timeval_to_secs() -> None:
    assert format_times("%R", 999_500, 0, 0) == "1.000"
    assert format_times("%R", 1_000_499, 0, 0) == "1.000"
    assert format_times("%P", 0, 5, 0) == "0.00"  # no real time: bash's cpu is 0


@pytest.mark.parametrize(("fmt", "char"), [("%X", "X"), ("%3lq", "q"), ("%5", "\0"), ("%l", "\0")])
def test_bad_format_letter(fmt: str, char: str) -> None:
    with pytest.raises(BadFormat) as info:
        format_times(fmt, 0, 0, 0)
    assert info.value.char == char


# ----------------------------------------------------------------------------- the parser
def _first(source: str) -> ast.Command:
    return parse(source).items[0]


def test_time_marks_the_pipeline() -> None:
    node = _first("time -p ls | sort")
    assert isinstance(node, ast.Pipeline) and node.timed and node.posix and len(node.commands) == 2
    node = _first("! time ! false")
    assert isinstance(node, ast.Pipeline) and node.timed and not node.negated
    node = _first("time -- true")
    assert isinstance(node, ast.Pipeline) and node.posix


@pytest.mark.parametrize("source", ["'time' true", "a=1 time true", "echo | time cat", "\\time x"])
def test_time_as_a_plain_word(source: str) -> None:
    node = _first(source)
    simple = node.commands[-1] if isinstance(node, ast.Pipeline) else node
    assert isinstance(simple, ast.SimpleCommand)
    assert not getattr(node, "timed", False)


def test_varname_redirection_is_parsed() -> None:
    node = _first("exec {fd}>log {a[1]}<in 3>x")
    assert isinstance(node, ast.SimpleCommand)
    assert [(r.varname, r.fd, r.op) for r in node.redirects] == [
        ("fd", None, ">"), ("a[1]", None, "<"), (None, 3, ">")]
    assert _first("echo {fd} >x").words[1].literal() == "{fd}"  # type: ignore[union-attr]
    assert _first("echo {a,b}>x").redirects[0].varname is None  # type: ignore[union-attr]


# ----------------------------------------------------------------------------- running
def test_time_reports_on_stderr_with_the_pipelines_status() -> None:
    _status, out, err = run_source_in_process("time ls /nope 2>/dev/null; echo s=$?")
    assert out == "s=2\n"
    assert err.startswith("\nreal\t0m") and err.endswith("s\nsys\t0m0.000s\n")


def test_invalid_format_message() -> None:
    status, out, err = run_source_in_process("TIMEFORMAT='%X'; time true")
    assert (status, out, err) == (0, "", "bash: line 1: TIMEFORMAT: `X': invalid format character\n")


class _Keyboard(InputStream):
    """A terminal the learner answers after 3.25 s, on a fake clock."""

    def __init__(self, clock: list[float]) -> None:
        self.clock, self.data = clock, b"yes\n"

    def read(self, n: int = -1) -> bytes:
        if self.data == b"yes\n":
            self.clock[0] += 3.25  # the wait before the first key
        data, self.data = (self.data, b"") if n < 0 else (self.data[:n], self.data[n:])
        return data


def test_keyboard_wait_counts_in_real_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from shelldojo.shell.machines import fresh_machine
    from shelldojo.shell.session import Session
    clock = [100.0]
    fake = types.SimpleNamespace(monotonic=lambda: clock[0], thread_time=lambda: 7.0)
    monkeypatch.setattr(timing, "time", fake)
    out, err = BufferOutput(), BufferOutput()
    session = Session(fresh_machine(), user="learner", stdin=_Keyboard(clock), stdout=out, stderr=err)
    status = session.run_source("TIMEFORMAT='%R %U %S'; time read answer; echo $answer")
    assert status == 0
    assert out.getvalue() == b"yes\n"
    assert err.getvalue() == b"3.250 0.000 0.000\n"


def test_varname_fd_number_is_lowest_free() -> None:
    status, out, err = run_source_in_process(
        "exec {a}>a {b}>b; exec {a}>&-; exec {c}>c; echo $a $b $c; echo hi >&$b; cat b")
    assert (status, out, err) == (0, "10 11 10\nhi\n", "")


def test_fd_exhaustion_is_bounded() -> None:
    outcome = run_c("for i in $(seq 1100); do exec {f}>/dev/null || break; done; echo last=$f")
    outcome.assert_clean()
    outcome.assert_bounded(30, 400)
    assert outcome.stdout == b"last=1023\n"
    assert b"cannot duplicate fd: Too many open files" in outcome.stderr


def test_highlighter_colours_time_as_a_keyword() -> None:
    from pygments.token import Keyword
    from shelldojo.shell.repl.highlight import _keyword_lexer
    tokens = list(_keyword_lexer()().get_tokens("time sort big.txt; if true; then :; fi"))
    assert tokens[0] == (Keyword, "time")
    assert (Keyword, "if") in tokens
