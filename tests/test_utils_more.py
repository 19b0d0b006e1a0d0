"""Issue 15, R3b: sdiff, diff3, Ubuntu's missing Perl `rename` and util-linux's remaining tools
(byte-for-byte cases recorded from the real tools are in tests/golden/utils_more.sh)."""
from __future__ import annotations

from tests.hostile import run_c, run_source_in_process
from tests.test_trial_commands import _run


def sh(script: str) -> tuple[int, str, str]:
    return run_source_in_process(script)


def test_sdiff_is_diff_side_by_side() -> None:
    status, out, _ = sh("printf 'a\\nb\\n' > x; printf 'a\\nB\\nc\\n' > y; sdiff -w 20 x y")
    assert out == "a\ta\nb     |\tB\n      >\tc\n"
    assert status == 1


def test_sdiff_file_errors_are_diffs_own() -> None:
    status, _, err = sh("echo a > x; sdiff x nope")
    assert (status, err) == (2, "diff: nope: No such file or directory\n")


def test_sdiff_output_takes_answers_from_stdin() -> None:
    _status, out, _ = sh("printf 'a\\nb\\nc\\n' > x; printf 'a\\nB\\nc\\n' > y; printf 'r\\n' | sdiff -o m x y >/dev/null; "
                        "echo $?; cat m")
    assert out == "1\na\nB\nc\n"


def test_sdiff_output_without_answers_stops_with_status_2() -> None:
    _status, out, _ = sh("printf 'a\\nb\\n' > x; printf 'a\\nB\\n' > y; sdiff -o m x y </dev/null >/dev/null; "
                         "echo $?; cat m")
    assert out == "2\na\n"


def test_diff3_default_format_marks_the_odd_file() -> None:
    _status, out, _ = sh("printf 'a\\nb\\n' > o; printf 'a\\nB\\n' > m; diff3 m o o")
    assert out == "====1\n1:2c\n  B\n2:2c\n3:2c\n  b\n"


def test_diff3_merge_brackets_conflicts() -> None:
    status, out, _ = sh("printf 'a\\nb\\nc\\n' > o; printf 'a\\nB\\nc\\n' > m; printf 'a\\nX\\nc\\n' > y; diff3 -m m o y")
    assert out == "a\n<<<<<<< m\nB\n||||||| o\nb\n=======\nX\n>>>>>>> y\nc\n" and status == 1


def test_diff3_ed_script_replaces_mines_lines() -> None:
    _status, out, _ = sh("printf 'a\\nb\\nc\\n' > o; printf 'a\\nb\\nC\\nd\\n' > y2; diff3 -e o o y2")
    assert out == "3c\nC\nd\n.\n"


def test_diff3_missing_operand() -> None:
    status, _, err = sh("diff3 a")
    assert (status, err) == (2, "diff3: missing operand after 'a'\ndiff3: Try 'diff3 --help' for more information.\n")


def test_diff3_large_inputs_are_bounded() -> None:
    outcome = run_c("seq 1 1500 > a; seq 2 2 3000 > c; diff3 a a c | tail -1; sdiff -s a c | wc -l")
    outcome.assert_bounded(wall_s=30, mem_mb=400)
    assert outcome.stdout == b"  3000\n1500\n" and outcome.status == 0


def test_rename_is_advised_as_ubuntu_does_but_not_installable() -> None:
    assert _run("rename 's/a/b/' x") == (127, "", ("Command 'rename' not found, but can be installed with:\n"
                                                   "sudo apt install rename\n"))
    status, out, err = _run("apt-get install rename", user="root")
    assert status == 100 and err.endswith("E: Package 'rename' has no installation candidate\n")
    assert "Package rename is not available" in out


def test_rename_ul_replaces_in_the_last_component_and_reports_status() -> None:
    _status, out, err = sh("mkdir d; touch d/foo a.txt; rename.ul -v foo bar d/foo nope; echo $?; rename.ul q y a.txt; "
                           "echo $?; rename.ul .txt .md a.txt; ls")
    assert out == "`d/foo' -> `d/bar'\n2\n4\na.md\nd\n"
    assert err == "rename.ul: nope: not accessible: No such file or directory\n"
