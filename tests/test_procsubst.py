"""Process substitution <(...) and >(...) (issue 14): parse, expansion, /dev/fd/N, limits."""
from __future__ import annotations

import threading
import time

from shelldojo.shell.budget import Interrupted
from shelldojo.shell.limits import Limits
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput
from shelldojo.shell.syntax import ast
from shelldojo.shell.syntax.parser import parse

from tests.hostile import run_c, run_source_in_process


def _word_parts(src: str) -> list[ast.WordPart]:
    prog = parse(src)
    cmd = prog.items[0] if isinstance(prog, ast.CommandList) else prog
    while not isinstance(cmd, ast.SimpleCommand):
        cmd = cmd.items[0] if isinstance(cmd, ast.CommandList) else cmd.first  # type: ignore[union-attr]
    return cmd.words[1].parts


def test_parser_makes_a_typed_node() -> None:
    parts = _word_parts("cat a<(sort x; echo y)b")
    assert [type(p) for p in parts] == [ast.Lit, ast.ProcSubst, ast.Lit]
    node = parts[1]
    assert isinstance(node, ast.ProcSubst) and node.direction == "<"
    out = _word_parts("tee >(wc -l)")[0]
    assert isinstance(out, ast.ProcSubst) and out.direction == ">"


def test_quoted_forms_stay_literal() -> None:
    assert run_source_in_process("echo \"<(x)\" '>(y)'")[1] == "<(x) >(y)\n"


def test_paths_count_down_and_read() -> None:
    status, out, err = run_source_in_process(
        "echo <(true) <(true)\ncat <(echo hi)\npaste <(seq 3) <(seq 4 6)\n"
        "while read l; do echo \"got $l\"; done < <(printf 'a\\nb\\n')")
    assert (status, err) == (0, "")
    assert out == "/dev/fd/63 /dev/fd/62\nhi\n1\t4\n2\t5\n3\t6\ngot a\ngot b\n"


def test_write_side_runs_after_the_command() -> None:
    status, out, _ = run_source_in_process("printf 'a\\nb\\n' | tee >(wc -l) >/dev/null; echo hi > >(cat)")
    assert (status, out) == (0, "2\nhi\n")


def test_status_and_wait() -> None:
    _, out, _ = run_source_in_process("cat <(exit 3); echo $?; wait $!; echo $?; [ -n \"$!\" ] && echo pid")
    assert out == "0\n3\npid\n"


def test_pipe_semantics_and_lifetime() -> None:
    _, out, err = run_source_in_process(
        "[[ -p <(true) ]] && echo fifo\nreadlink <(true) | sed 's/[0-9][0-9]*/N/'\n"
        "f() { cat \"$1\"; cat \"$1\"; echo end; }; f <(echo once)\n"
        "x=<(echo v); cat $x")
    assert out == "fifo\npipe:[N]\nonce\nend\n"
    assert err == "cat: /dev/fd/63: No such file or directory\n"


def test_the_list_is_a_process_while_it_runs() -> None:
    _, out, _ = run_source_in_process("cat <(ps -o pid= | grep -cw $BASHPID; [ $BASHPID != $$ ] && echo own)")
    assert out == "1\nown\n"


def test_nothing_left_open() -> None:
    machine = fresh_machine()
    session = Session(machine, stdout=BufferOutput(), stderr=BufferOutput())
    session.run_source("cat <(echo a) >(cat) > /dev/null; for f in <(true) <(true); do cat $f; done")
    assert machine.vfs.fd_pipes.pipes == {}


def test_parse_errors_are_bashs() -> None:
    for src in ("echo <(true", "cat >(cat"):
        status, out, err = run_source_in_process(src)
        assert status == 2 and out == ""
        assert err.endswith("unexpected EOF while looking for matching `)'\n"), err


def test_endless_output_is_bounded() -> None:
    got = run_c("cat <(yes) | head -c 5; echo after")
    got.assert_bounded(20, 400)
    assert got.status == 124 and b"shelldojo: output limit exceeded" in got.stderr


def test_deep_nesting_and_many() -> None:
    status, out, _ = run_source_in_process("cat <(cat <(cat <(echo deep)))")
    assert (status, out) == (0, "deep\n")
    start = time.monotonic()
    status, out, _ = run_source_in_process(
        "n=0; for i in $(seq 1000); do read x < <(echo $i); n=$((n+x)); done; echo $n")
    assert (status, out) == (0, "500500\n")
    assert time.monotonic() - start < 10


def test_ctrl_c_inside_a_substitution() -> None:
    out, err = BufferOutput(), BufferOutput()
    session = Session(fresh_machine(), stdout=out, stderr=err, limits=Limits(max_commands=10**9))
    timer = threading.Timer(0.5, lambda: session.state.budget.cancel(Interrupted()))
    timer.start()
    start = time.monotonic()
    try:
        status = session.run_source("cat <(while :; do :; done); echo never")
    finally:
        timer.cancel()
    assert status == 130 and time.monotonic() - start < 5.0
    assert b"never" not in out.getvalue()


def test_endless_writer_into_one_is_bounded() -> None:
    got = run_c("yes > >(head -1); echo never")
    got.assert_bounded(20, 400)
    assert got.status == 124 and b"shelldojo: output limit exceeded" in got.stderr
    assert got.stdout == b"y\n"
