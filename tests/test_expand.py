"""Expansions through a Session; the test-only `args` builtin prints each field as [x]."""
from __future__ import annotations

import pytest
from shelldojo.shell.context import Context
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.registry import REGISTRY, CommandInfo
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput


def _args(ctx: Context, argv: list[str]) -> int:
    ctx.out("".join(f"[{a}]" for a in argv[1:]) + "\n")
    return 0


REGISTRY.setdefault("args", CommandInfo("args", _args, "shell", None, True))


def sh(source: str) -> tuple[int, str, str]:
    out, err = BufferOutput(), BufferOutput()
    session = Session(fresh_machine(), stdout=out, stderr=err)
    status = session.run_source(source)
    return status, out.getvalue().decode(), err.getvalue().decode()

CASES = [
    ('v="a   b"; args $v "$v"', "[a][b][a   b]\n"),
    ("args {1..3} x{a,b}y {alone} {01..03} {1..10..3} {5..1} {a..c} a{}b", None),
    ("args ~ ~/x \"~\" '~' ~learner ~nosuch", "[/home/learner][/home/learner/x][~][~][/home/learner][~nosuch]\n"),
    ('set -- a "b c"; args "$@" $# "$*" ${@:2} "x$@y"', "[a][b c][2][a b c][b][c][xa][b cy]\n"),
    ('set --; args "$@" "" "${@}"', "[]\n"),
    ('IFS=:; x="a::b:"; args $x', "[a][][b]\n"),
    ("s=hello; args ${#s} ${s^^} ${s^} ${s:1:2} ${s: -2} ${s%l*} ${s%%l*} ${s#*l} ${s##*l}",
     "[5][HELLO][Hello][el][lo][hel][he][lo][o]\n"),
    ("s=hello; args ${s/l/L} ${s//l/L} ${s/#h/H} ${s/%o/O} ${s/l/[&]}", "[heLlo][heLLo][Hello][hellO][he[l]lo]\n"),
    ('a=(x "y z" w); args "${a[@]}" ${#a[@]} ${a[1]} ${!a[@]} "${a[*]}" ${a[-1]}',
     "[x][y z][w][3][y][z][0][1][2][x y z w][w]\n"),
    ('x=$(printf "a\\n\\n"); args "$x" $((2+3*4))', "[a][14]\n"),
    ('args "${m:-fb}" "[$m]" "${s:=set}" "$s" "${s:+alt}" "${m:+never}"', "[fb][[]][set][set][alt][]\n"),
    ("f=archive.tar.gz; args ${f%.gz} ${f%%.*} ${f#*.}", "[archive.tar][archive][tar.gz]\n"),
    ("touch a.txt b.txt .h.txt; args *.txt \"*.txt\" *.xyz", "[a.txt][b.txt][*.txt][*.xyz]\n"),
    ("[[ abc == a* ]]; args $?; [[ abc =~ ^a(b)c$ ]]; args $? ${BASH_REMATCH[1]}; [[ 3 -lt 10 ]]; args $?",
     "[0]\n[0][b]\n[0]\n"),
    ("args $-", "[hBc]\n"),
]


@pytest.mark.parametrize(("src", "want"), CASES)
def test_expansion(src: str, want: str | None) -> None:
    _status, out, err = sh(src)
    assert err == ""
    if want is None:
        want = "[1][2][3][xay][xby][{alone}][01][02][03][1][4][7][10][5][4][3][2][1][a][b][c][a{}b]\n"
    assert out == want


def test_colon_question_is_fatal_127() -> None:
    assert sh("args ${x:?oops}; args no\nargs after") == (127, "", "bash: line 1: x: oops\n")


def test_nounset() -> None:
    assert sh("set -u; args $nope\nargs after") == (127, "", "bash: line 1: nope: unbound variable\n")


def test_substring_error_abandons_line() -> None:
    _status, out, err = sh("s=abc; args ${s:2:-5}; args same\nargs next $?")
    assert out == "[next][1]\n"
    assert err == "bash: line 1: -5: substring expression < 0\n"


def test_brace_limit() -> None:
    _status, out, err = sh("args {1..1000000}")
    assert "brace expansion" in err and out == ""
