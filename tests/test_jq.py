"""jq as Ubuntu's jq 1.6 answers (issue 17): its language, output format, messages and exit
statuses (recorded cases: tests/golden/jq.sh), and its limits on hostile programs and inputs."""
from __future__ import annotations

import pytest

from tests.cmdutil import run
from tests.hostile import run_c

JQ = "sudo apt-get install -y -qq jq >/dev/null 2>&1; "
USERS = (b'[{"name":"Ada","provider":"google","scores":[12,40]},'
         b'{"name":"Linus","provider":"github","scores":[]},{"name":"Grace","provider":"google"}]')


def jq(*args: str, stdin: bytes = b"") -> tuple[str, str, int]:
    r = run(["jq", *args], stdin=stdin)
    return r.out, r.err, r.status


@pytest.mark.parametrize(("args", "out"), [
    (["-r", '.[] | select(.provider == "google") | .name'], "Ada\nGrace\n"),
    (["-c", "group_by(.provider) | map({provider: .[0].provider, count: length})"],
     '[{"provider":"github","count":1},{"provider":"google","count":2}]\n'),
    (["-r", '.[] | "\\(.name): \\(.scores // [] | length)"'], "Ada: 2\nLinus: 0\nGrace: 0\n"),
    (["-c", "map(.scores | add?)"], "[52,null]\n"),
    (["-c", ".[0] | to_entries | map(.key)"], '["name","provider","scores"]\n'),
    (["-c", ".[0] | del(.scores) | with_entries(.value |= ascii_upcase)"], '{"name":"ADA","provider":"GOOGLE"}\n'),
    (["-c", "[paths(type == \"number\")]"], '[[0,"scores",0],[0,"scores",1]]\n'),
    (["-r", ".[] | [.name, .provider] | @csv"], '"Ada","google"\n"Linus","github"\n"Grace","google"\n'),
    (["-c", "reduce .[] as $u ({}; .[$u.provider] += 1)"], '{"google":2,"github":1}\n'),
    (["-c", "[limit(2; .[].name)], first(.[].name), (map(.name) | sort_by(length))"],
     '["Ada","Linus"]\n"Ada"\n["Ada","Linus","Grace"]\n'),
])
def test_user_profiles(args: list[str], out: str) -> None:
    assert jq(*args, stdin=USERS) == (out, "", 0)


def test_numbers_print_as_jq_1_6() -> None:
    # jq keeps doubles and prints the shortest round trip, exponents past 17 digits
    assert jq("-c", ".", stdin=b"[1.0, 1e1000, 100000000000000000000, 123456789012345678, 1e-5, -0]")[0] == \
        "[1,1.7976931348623157e+308,1e+20,123456789012345680,1e-05,-0]\n"


def test_messages_and_statuses() -> None:
    assert jq(".a.b", stdin=b'{"a":1}\n') == ("", 'jq: error (at <stdin>:1): Cannot index number with string "b"\n', 5)
    assert jq(".", stdin=b'{"a":1') == ("", "parse error: Unfinished JSON term at EOF at line 1, column 6\n", 4)
    compile_error = ("jq: error: syntax error, unexpected INVALID_CHARACTER, expecting $end "
                     "(Unix shell quoting issues?) at <top-level>, line 1:\n.a ^   \njq: 1 compile error\n")
    assert jq(".a ^", stdin=b"{}") == ("", compile_error, 3)
    assert jq(".", "nope") == ("", "jq: error: Could not open file nope: No such file or directory\n", 2)
    assert jq("-e", ".b", stdin=b'{"b":false}')[2] == 1
    assert jq("-e", "empty", stdin=b"1")[2] == 4
    # the status is the last input's: an error on the first input is forgotten
    assert jq(".a", stdin=b'1 {"a":2}') == ("2\n", 'jq: error (at <stdin>:0): Cannot index number with string "a"\n', 0)


def test_colour_only_when_asked_or_on_a_terminal() -> None:
    assert jq("-C", "-c", ".", stdin=b'{"a":[1,"x",null]}')[0] == (
        '\x1b[1;39m{\x1b[0m\x1b[34;1m"a"\x1b[0m\x1b[1;39m:\x1b[0m\x1b[1;39m[\x1b[0;39m1\x1b[0m\x1b[1;39m,'
        '\x1b[0;32m"x"\x1b[0m\x1b[1;39m,\x1b[1;30mnull\x1b[0m\x1b[1;39m\x1b[1;39m]\x1b[0m\x1b[1;39m'
        '\x1b[1;39m}\x1b[0m\n')
    assert "\x1b" not in jq(".", stdin=b"[1]")[0]


def test_stream_and_paths() -> None:
    assert jq("-c", "--stream", ".", stdin=b'{"a":[1]}') == ('[["a",0],1]\n[["a",0]]\n[["a"]]\n', "", 0)
    assert jq("-c", ".a[1:] = [9] | del(.b)", stdin=b'{"a":[1,2,3],"b":0}')[0] == '{"a":[1,9]}\n'


# -- hostile programs and inputs: our limits, never a hang, a crash or a traceback ---------------
LIMIT = 124


@pytest.mark.parametrize(("program", "message"), [
    ("0 | until(. >= 100000; . + 1)", "jq nesting depth exceeded (2000 nested calls)"),
    ("def f: [f]; f", "jq nesting depth exceeded (2000 nested calls)"),
    ("[" * 3000, "jq nesting depth exceeded (1000 nested expressions)"),
    ('"abc" * 1e12', "memory limit exceeded (256 MB per command line)"),
    ("[range(1e12)] | length", "limit exceeded"),
    ('"a" * 100000 | test("(a*)*b")', None),
])
def test_hostile_programs_are_bounded(program: str, message: str | None) -> None:
    o = run_c(JQ + f"jq -n '{program}'; echo st=$?")
    o.assert_clean()
    o.assert_bounded()
    if message is None:   # catastrophic regex: answered at once by the bounded engine
        assert o.stdout == b"false\nst=0\n"
    else:
        assert o.status == LIMIT and message.encode() in o.stderr, o.stderr[-300:]


def test_deep_json_input_is_refused_as_jq_refuses_it() -> None:
    o = run_c(JQ + "head -c 100000 /dev/zero | tr '\\0' '[' | jq .; echo st=$?")
    o.assert_clean()
    o.assert_bounded()
    assert o.stderr == b"parse error: Exceeds depth limit for parsing at line 1, column 257\n"
    assert o.stdout == b"st=4\n"
