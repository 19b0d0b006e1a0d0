"""The executor through Session: lists, pipelines, redirections, control flow, functions, limits.

Expected outputs were taken from real bash 5.2.15 (`bash -c`, as user learner)."""
from __future__ import annotations

import time

import pytest
from shelldojo.filesystem import Machine, acting_as
from shelldojo.shell.limits import Limits
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.registry import REGISTRY, command, load_all
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput

load_all()
# Stubs for commands other engineers own, only if they have not landed yet.
if "echo" not in REGISTRY:
    @command("echo", family="shell", builtin=True)
    def _echo(ctx, argv):  # type: ignore[no-untyped-def]
        ctx.out(" ".join(argv[1:]) + "\n")
        return 0
for _name, _st in (("true", 0), ("false", 1)):
    if _name not in REGISTRY:
        command(_name, family="shell", builtin=True)(lambda ctx, argv, s=_st: s)


def sh(source: str, machine: Machine | None = None, limits: Limits | None = None) -> tuple[int, str, str]:
    machine = machine or fresh_machine()
    out, err = BufferOutput(), BufferOutput()
    s = Session(machine, stdout=out, stderr=err, limits=limits)
    status = s.run_source(source)
    return status, out.getvalue().decode(), err.getvalue().decode()


def test_simple_and_not_found() -> None:
    assert sh("echo hi") == (0, "hi\n", "")
    assert sh("nosuch\necho $?") == (0, "127\n", "bash: line 1: nosuch: command not found\n")
    for name in ("cd..", "sl", "ls-l", "LS", "Echo"):
        assert sh(name) == (127, "", f"bash: line 1: {name}: command not found\n")


def test_lists_and_andor() -> None:
    assert sh("true && echo a; false && echo b; false || echo c; true || echo d") == (0, "a\nc\n", "")
    assert sh("false; echo $?") == (0, "1\n", "")


def test_pipelines() -> None:
    assert sh("echo hello | tr a-z A-Z") == (0, "HELLO\n", "")
    assert sh("false | true; echo $?; true | false; echo $?") == (0, "0\n1\n", "")
    assert sh("set -o pipefail; false | true; echo $?") == (0, "1\n", "")
    assert sh("exit 3 | true; echo $?") == (0, "0\n", "")
    assert sh("true | false; echo ${PIPESTATUS[@]}") == (0, "0 1\n", "")
    assert sh("x=1; echo a | x=2; echo $x") == (0, "1\n", "")


def test_pipelines_stop_producers() -> None:
    start = time.monotonic()
    assert sh("yes | head -n 3") == (0, "y\ny\ny\n", "")
    assert sh("cat /dev/zero | head -c 5 | wc -c") == (0, "5\n", "")
    assert sh("seq 1 100000000 | head -n 1") == (0, "1\n", "")
    assert sh("yes | head -n 1; echo ${PIPESTATUS[@]}") == (0, "y\n141 0\n", "")
    assert time.monotonic() - start < 5


def test_redirections() -> None:
    m = fresh_machine()
    assert sh("echo one > f; echo two >> f; cat f; cat < f", m) == (0, "one\ntwo\none\ntwo\n", "")
    assert sh("ls ghost 2> err.txt; echo $?; cat err.txt", m) == (
        0, "2\nls: cannot access 'ghost': No such file or directory\n", "")
    assert sh("ls ghost 2>&1 | tr a-z A-Z") == (0, "LS: CANNOT ACCESS 'GHOST': NO SUCH FILE OR DIRECTORY\n", "")
    _status, out, err = sh("ls ghost > out1 2>&1; ls ghost 2>&1 > out2; cat out1; wc -c < out2", m)
    assert out == "ls: cannot access 'ghost': No such file or directory\n" * 2 + "0\n"
    assert err == ""
    assert sh("touch here; ls here ghost &> both; cat both", m)[1] == (
        "ls: cannot access 'ghost': No such file or directory\nhere\n")
    assert sh("{ echo a; echo b >&2; } 2>&1 >/dev/null | tr a-z A-Z") == (0, "B\n", "")
    assert sh("echo a >&2 2>/dev/null; echo b 2>/dev/null >&2") == (0, "", "a\n")


def test_redirection_errors() -> None:
    assert sh("cat < ghost.txt; echo $?") == (0, "1\n", "bash: line 1: ghost.txt: No such file or directory\n")
    assert sh("echo hi > nodir/f; echo $?") == (0, "1\n", "bash: line 1: nodir/f: No such file or directory\n")
    assert sh("mkdir d; echo hi > d; echo $?") == (0, "1\n", "bash: line 1: d: Is a directory\n")
    assert sh("echo hi > /etc/passwd; echo $?") == (0, "1\n", "bash: line 1: /etc/passwd: Permission denied\n")
    assert sh("echo hi > $nothing; echo $?") == (0, "1\n", "bash: line 1: $nothing: ambiguous redirect\n")
    assert sh("echo 1 >&3; echo $?") == (0, "1\n", "bash: line 1: 3: Bad file descriptor\n")
    assert sh("set -o noclobber; echo a > f; echo b > f; echo $?; echo c >| f; cat f") == (
        0, "1\nc\n", "bash: line 1: f: cannot overwrite existing file\n")


def test_heredocs_and_herestrings() -> None:
    assert sh("name=Ann\ncat <<EOF\nHello $name\nEOF") == (0, "Hello Ann\n", "")
    assert sh("cat <<'EOF'\nHello $name\nEOF") == (0, "Hello $name\n", "")
    assert sh('tr a-z A-Z <<< "shout this"') == (0, "SHOUT THIS\n", "")
    assert sh("while read l; do echo \"[$l]\"; done <<EOF\nx\ny\nEOF") == (0, "[x]\n[y]\n", "")


def test_control_flow() -> None:
    src = ("for i in 1 2 3; do for j in a b; do [ $j = b ] && continue 2; "
           "[ $i = 3 ] && break 2; echo $i$j; done; done; echo end")
    assert sh(src) == (0, "1a\n2a\nend\n", "")
    assert sh("case abc in a*) echo 1 ;& x) echo 2 ;; *) echo 3;; esac") == (0, "1\n2\n", "")
    assert sh("case abc in a*) echo 1 ;;& *c) echo 2 ;; *) echo 3;; esac") == (0, "1\n2\n", "")
    assert sh("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i") == (0, "3\n", "")
    assert sh("n=0; until [ $n -ge 2 ]; do n=$((n+1)); echo n=$n; done") == (0, "n=1\nn=2\n", "")
    assert sh("for ((i=0; i<3; i++)); do echo $i; done") == (0, "0\n1\n2\n", "")
    assert sh("if false; then echo a; elif true; then echo b; else echo c; fi") == (0, "b\n", "")
    assert sh("(( 2 > 1 )) && echo yes; [[ abc == a* ]] && echo match") == (0, "yes\nmatch\n", "")


def test_functions() -> None:
    assert sh('greet() { echo "Hi $1, $# args"; return 3; }; greet Ann x; echo $?') == (
        0, "Hi Ann, 2 args\n3\n", "")
    assert sh('x=g; f() { local x=in; y=l; echo $x; }; f; echo "$x $y"') == (0, "in\ng l\n", "")
    assert sh("f() { echo in f; }; f > o.txt; cat o.txt") == (0, "in f\n", "")


def test_function_nesting_limit() -> None:
    _status, out, err = sh("f() { f; }; f; echo after\necho next")
    assert out == "next\n"
    assert err == "environment: line 1: f: maximum function nesting level exceeded (1000)\n"


def test_subshells_and_groups() -> None:
    assert sh('x=1; (x=2; echo "sub: $x"); echo $x; { x=3; }; echo $x') == (0, "sub: 2\n1\n3\n", "")
    assert sh("(exit 3); echo $?; echo before; exit 4; echo after") == (4, "3\nbefore\n", "")
    assert sh("x=$(exit 3); echo $?") == (0, "3\n", "")


def test_prefix_assignments_are_temporary() -> None:
    assert sh("x=1; x=2 true; echo $x") == (0, "1\n", "")
    assert sh('GREETING=hi bash -c \'echo "[$GREETING]"\'; echo "[$GREETING]"') == (0, "[hi]\n[]\n", "")


def test_errexit_and_nounset() -> None:
    assert sh("set -e; if false; then :; fi; false && true; ! true; echo alive; (false); echo not") == (
        1, "alive\n", "")
    assert sh("set -u; echo ${nope}; echo after") == (127, "", "bash: line 1: nope: unbound variable\n")


def test_xtrace() -> None:
    assert sh("set -x; x=3 echo \"a b\" $x; y=2") == (0, "a b\n", "+ x=3\n+ echo 'a b'\n+ y=2\n")


def test_arith_error_abandons_line() -> None:
    assert sh('echo before\necho $((1 / 0)); echo "same line"\necho "next, $?"') == (
        0, "before\nnext, 1\n", 'bash: line 2: 1 / 0: division by 0 (error token is "0")\n')


def test_syntax_errors() -> None:
    assert sh("echo start\necho hi >\necho after") == (
        2, "start\n", "bash: -c: line 2: syntax error near unexpected token `newline'\nbash: -c: line 2: `echo hi >'\n")
    assert sh("if true; then echo yes\n") == (2, "", "bash: -c: line 2: syntax error: unexpected end of file\n")


def test_limits() -> None:
    status, out, err = sh("while true; do :; done; echo after", limits=Limits(max_commands=1000))
    assert status == 124 and out == ""
    assert err.startswith("shelldojo: ")


def test_disk_full_write_error() -> None:
    assert sh("echo hi > /dev/full; echo $?") == (
        0, "1\n", "bash: line 1: echo: write error: No space left on device\n")


def test_umask_applies_to_created_files() -> None:
    m = fresh_machine()
    sh("echo x > f", m)
    with acting_as(m.vfs and __import__("shelldojo.filesystem").filesystem.ROOT):
        assert m.vfs.stat("/home/learner/f").st_mode & 0o777 == 0o644


@pytest.mark.parametrize("src,expected", [
    ("echo ${x:?oops}; echo b\necho c", (127, "", "bash: line 1: x: oops\n")),
])
def test_fatal_expansion_errors(src: str, expected: tuple[int, str, str]) -> None:
    assert sh(src) == expected


def test_exec_redirections_persist() -> None:
    assert sh("exec 2>err; ls ghost; exec 2>&1; cat err") == (
        0, "ls: cannot access 'ghost': No such file or directory\n", "")
    assert sh("exec 3>f3; echo to3 >&3\nexec >log; echo a\nexec >&2; cat log f3") == (0, "", "a\nto3\n")


def test_command_not_found_quotes_control_characters() -> None:
    assert sh("$'foo\\r'") == (127, "", "bash: line 1: $'foo\\r': command not found\n")


def test_output_limit() -> None:
    status, out, err = sh("yes", limits=Limits(max_output_bytes=1000))
    assert status == 124 and len(out) <= 1000
    assert err.startswith("shelldojo: output limit exceeded")


def test_deep_function_recursion_hits_bash_limit() -> None:
    src = "f() { local x=$(( $1 + 1 )); if [ $x -gt 0 ]; then f $x; fi; }; f 0; echo after\necho next"
    assert sh(src)[1:] == ("next\n", "environment: line 1: f: maximum function nesting level exceeded (1000)\n")
