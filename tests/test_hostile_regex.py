"""No regex match runs unbounded (issue 11): catastrophic patterns answer at once, as GNU's
automata do; back-references stay on a time-bounded path that Ctrl-C stops."""
from __future__ import annotations

import re
import threading
import time

import pytest

from tests.hostile import WALL_LIMIT_S, run_c

A100K = "head -c 100000 /dev/zero | tr '\\0' a"
S100K = "s=$(head -c 100000 /dev/zero | tr '\\0' a); "

# (script, stdout, status): what the real tools answer, instantly
PROBES = {
    "grep -E": (f"{A100K} | grep -E '(a*)*b'", "", 1),
    "grep (a|a)*b": (f"{A100K} | grep -E '(a|a)*b'", "", 1),
    "grep BRE": (f"{A100K} | grep '\\(a*\\)*b'", "", 1),
    "grep -P": (f"{A100K} | grep -P '(a*)*b'", "", 1),
    "grep -c match": (f"{A100K} | grep -cE '(a*)*$'", "1\n", 0),
    "sed -E": (f"{A100K} | sed -E 's/(a*)*b/x/' | wc -c", "100000\n", 0),
    "sed -E match": (f"{A100K} | sed -E 's/(a|a)*$/x/'", "x", 0),
    "awk": (f"{A100K} | awk '/(a*)*b/{{print \"m\"}} END{{print \"end\"}}'", "end\n", 0),
    "awk gsub": (f"{A100K} | awk '{{n = gsub(/(a|a)*b/, \"x\"); print n}}'", "0\n", 0),
    "[[ =~ ]]": (S100K + "[[ $s =~ (a*)*b ]]; echo $?", "1\n", 0),
    "expr": (S100K + "expr \"$s\" : '\\(a*\\)*b'", "\n", 1),
    "find -regex": ("mkdir -p d/$(head -c 200 /dev/zero | tr '\\0' a); find d -regex 'd/\\(a*\\)*b'; echo $?",
                    "0\n", 0),
}


@pytest.mark.parametrize("name", list(PROBES))
def test_catastrophic_pattern_answers_at_once(name: str) -> None:
    script, stdout, status = PROBES[name]
    o = run_c(script, kill_after=30)
    o.assert_clean()
    o.assert_bounded()
    assert o.seconds < WALL_LIMIT_S / 2, f"took {o.seconds:.2f}s"
    assert (o.stdout.decode(), o.status) == (stdout, status), o.stderr


def test_backreference_is_bounded_with_a_message() -> None:
    o = run_c(f"{A100K} | grep -E '(a|aa)+\\1b'; echo after", kill_after=30)
    o.assert_clean()
    o.assert_bounded()
    assert o.status == 124
    assert o.stdout == b""   # the whole command line ends, as with the time limit
    assert o.stderr.startswith(b"shelldojo: regular expression time exceeded"), o.stderr


def test_backreference_on_ordinary_input_still_works() -> None:
    o = run_c("printf 'abab\\nabc\\n' | grep -E '(ab)\\1'; echo 'xyxy' | sed -E 's/(xy)\\1/[\\1]/'")
    o.assert_clean()
    assert (o.stdout, o.status) == (b"abab\n[xy]\n", 0)


def test_ctrl_c_stops_a_backtracking_match_within_a_second() -> None:
    """A cancelled budget (Ctrl-C: the REPL's SIGINT handler) stops grep between bounded calls."""
    from shelldojo.shell.budget import Interrupted
    from shelldojo.shell.machines import fresh_machine
    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import BufferOutput

    machine = machine_with_lines(fresh_machine(), 200, "a" * 3000)
    out, err = BufferOutput(), BufferOutput()
    session = Session(machine, user="learner", stdout=out, stderr=err)
    fired: list[float] = []

    def interrupt() -> None:
        fired.append(time.monotonic())
        session.state.budget.cancel(Interrupted())

    timer = threading.Timer(0.3, interrupt)
    timer.start()
    try:
        status = session.run_source("grep -cE '^(a+)+\\1b' /tmp/lines")
    finally:
        timer.cancel()
    stopped = time.monotonic()
    assert fired, "the command ended before Ctrl-C: the input is too easy to test cancelling"
    assert status == 130
    assert stopped - fired[0] < 1.0


def machine_with_lines(machine, count: int, line: str):  # type: ignore[no-untyped-def]
    machine.fake.create_file("/tmp/lines", contents=(line + "\n").encode() * count)
    return machine


def test_pattern_too_big_for_re2_takes_the_bounded_path() -> None:
    o = run_c("grep -E 'a{1000}{1000}' /dev/null; echo $?; echo aaa | grep -E 'a{1000}{1000}'; echo $?;"
              " grep -E 'a{32768}' /dev/null; echo $?")
    o.assert_clean()
    assert o.stdout == b"1\n1\n2\n"
    assert o.stderr == b"grep: Regular expression too big\n"


# -- the engine keeps Python's answers whichever path runs ----------------------------------------

CASES = [
    (r"(a*)*b", "aaaa", 0), (r"x*", "abxd", 0), (r"x*", "ébxd", 0), (r"é|b", "aébé", 0),
    (r"[^\W]+", "héllo wörld_1", 0), (r"\bw", "héllo wörld", 0), (r"\bw\B", "a wb", 0),
    (r"\s+", "a\x0b b\u3000c\x1cd", 0), (r"[\s,]+", "a, b\u2028c", 0), (r"(a)|(b)", "ab", 0),
    (r"a.c", "a\udc80c a\nc abc", 0), (r"a.c", "a\nc", re.DOTALL), (r"a{,2}", "aaaa", 0),
    (r"straße", "STRASSE Straße", re.IGNORECASE), (r"k", "K\u212a", re.IGNORECASE),
    (r"[[:alpha:]]", "a[:b", 0), (r"\d+", "12٣x", 0), (r"(a)\1", "aa", 0), (r"$", "ab\n", 0),
    (r"^b$", "a\nb\n", re.MULTILINE), (r"(?<!\w)(?:ab)(?!\w)", "ab cab ab", 0),
    (r"(?s:a.*)\Z", "ab\n", 0), (r"\Aa", "aa", 0), (r"\-\ \#", "- #", 0), (r"(x?)(y*)", "xyyz", 0),
    (r"[^a]", "ab\ncé", 0), (r"\w+", "naïve café", re.IGNORECASE), (r"(?:ab|a)(?:c|bcd)", "abcd", 0),
]


@pytest.mark.filterwarnings("ignore::FutureWarning")   # Python warns on "[[" itself
@pytest.mark.parametrize(("pattern", "text", "flags"), CASES)
def test_every_path_agrees_with_python_re(pattern: str, text: str, flags: int,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from shelldojo.shell import regexengine

    want = [(m.span(), m.groups()) for m in re.finditer(pattern, text, flags)]
    for force in ("re2", "bounded"):
        regexengine._program.cache_clear()
        monkeypatch.setattr(regexengine, "STEPS", 0)   # no text counts as short
        if force == "bounded":
            monkeypatch.setattr(regexengine, "_to_re2", _unsupported)
        rx = regexengine.compile(pattern, flags)
        got = [(m.span(), m.groups()) for m in rx.finditer(text)]
        assert got == want, force
        first = rx.search(text)
        assert (first.span() if first else None) == (want[0][0] if want else None)
        assert rx.sub(lambda m: "<" + m.group() + ">", text) == re.sub(
            pattern, lambda m: "<" + m.group() + ">", text, flags=flags)
    regexengine._program.cache_clear()


def _unsupported(pattern: str) -> tuple[str, bool]:
    from shelldojo.shell.regexengine import Unsupported

    raise Unsupported(pattern)


def test_re2_runs_the_linear_patterns() -> None:
    """The catastrophic patterns reach RE2, not a backtracking engine."""
    from shelldojo.shell import regexengine

    for pattern in (r"(a*)*b", r"(a|a)*b", r"(?:(a*)*b)", r"[^\W]+(x|y)*$", r"(?s:(a*)*)\Z"):
        prog = regexengine._program(pattern, 0)
        assert prog.fast is not None, pattern
        assert prog.short == -1 or prog.short < 1000, pattern


def test_millions_of_matches_stop_at_the_time_limit() -> None:
    """gsub over a 20 MB line: matches found one by one (RE2) still check the budget, so the
    line ends at its limit (here 1 s) with the message, not tens of seconds later."""
    import time as _time

    from shelldojo.shell.limits import Limits
    from shelldojo.shell.machines import fresh_machine
    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import BufferOutput

    out, err = BufferOutput(), BufferOutput()
    session = Session(fresh_machine(), user="learner", stdout=out, stderr=err, limits=Limits(wall_time_s=1.0))
    session.run_source("head -c 20000000 /dev/zero | tr '\\0' ' ' > big")
    start = _time.monotonic()
    status = session.run_source("awk '{ gsub(/ /, \"x\"); print length($0) }' big")
    assert _time.monotonic() - start < 2.0
    assert status == 124
    assert "time limit exceeded" in err.getvalue().decode()
