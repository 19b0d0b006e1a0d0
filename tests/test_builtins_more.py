"""Issue 15 (R4): ulimit/times from the sandbox's own limits, compgen/complete/compopt, namerefs,
and the language corners (the byte-for-byte cases are tests/golden/lang_corners.sh)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile import run_c, run_source_in_process
from shelldojo.filesystem.machine import DiskLimits as MachineLimits
from shelldojo.shell.limits import DEFAULT_LIMITS


def run(script: str) -> tuple[str, str]:
    """(stdout, stderr) of the script on a fresh machine."""
    _status, out, err = run_source_in_process(script)
    return out, err


# ----------------------------------------------------------------------------- ulimit / times
def test_ulimit_lists_the_sandbox_limits() -> None:
    out, err = run("ulimit -a")
    assert err == ""
    lines = dict(line.rsplit(" ", 1) for line in out.splitlines())
    assert lines["file size                   (blocks, -f)"] == str(MachineLimits().max_file_bytes // 1024)
    assert lines["max user processes                  (-u)"] == str(DEFAULT_LIMITS.max_processes)
    assert lines["virtual memory              (kbytes, -v)"] == str(DEFAULT_LIMITS.memory_bytes // 1024)
    assert lines["open files                          (-n)"] == "1024"
    assert len(lines) == 17 and out.splitlines()[0].startswith("real-time non-blocking time  (microseconds, -R)")


def test_ulimit_f_ends_a_program_with_sigxfsz() -> None:
    out, err = run("ulimit -f 1; head -c 5000 /dev/zero > big; echo $?; wc -c < big")
    assert out == "153\n1024\n"
    assert "File size limit exceededhead -c 5000 /dev/zero" in err


def test_ulimit_is_per_shell_and_cannot_be_raised() -> None:
    out, err = run("(ulimit -f 2; ulimit -f); ulimit -f; ulimit -f 1; ulimit -f 5; echo $?")
    assert out == f"2\n{MachineLimits().max_file_bytes // 1024}\n1\n"
    assert err == "bash: line 1: ulimit: file size: cannot modify limit: Operation not permitted\n"


def test_ulimit_unlimited_is_refused_where_the_sandbox_bounds() -> None:
    out, err = run("ulimit -n unlimited; echo $?; ulimit -u 100000; echo $?; ulimit -u")
    assert out == f"1\n1\n{DEFAULT_LIMITS.max_processes}\n"
    assert "open files: cannot modify limit: Operation not permitted" in err


def test_times_reports_the_model_not_the_host() -> None:
    out, err = run("times; times -x")
    assert out == "0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n"
    assert "times: -x: invalid option" in err


# ----------------------------------------------------------------------------- completion
def test_complete_specs_live_in_the_shell_state() -> None:
    out, err = run("complete -W 'a b' foo; (complete -r foo); complete -p; complete -r foo; complete -p foo")
    assert out == "complete -W 'a b' foo\n"
    assert err == "bash: line 1: complete: foo: no completion specification\n"


def test_compgen_commands_files_and_filters() -> None:
    out, _err = run("cd; touch a.c a.o; compgen -f -X '*.o' a; compgen -A function; f(){ :; }; "
                           "compgen -A function; compgen -c ulimi; compgen -W '$HOME \"a b\" $(echo c d)' -- ''")
    assert out.splitlines() == ["a.c", "f", "ulimit", "/home/learner", "a b", "c", "d"]


def test_compopt_outside_a_completion_function() -> None:
    out, err = run("compopt -o nospace; echo $?")
    assert out == "1\n" and err == "bash: line 1: compopt: not currently executing completion function\n"


# ----------------------------------------------------------------------------- namerefs
def test_nameref_resolution_and_unset_n() -> None:
    out, err = run("x=1; declare -n r=x; r=2; echo $x ${!r}; unset -n r; echo ${r-gone} $x")
    assert out == "2 x\ngone 2\n" and err == ""


def test_circular_nameref_warns_and_expands_empty() -> None:
    out, err = run('declare -n a=b; declare -n b=a; echo "[$a]"')
    assert out == "[]\n" and err == "bash: line 1: warning: a: circular name reference\n"


def test_long_nameref_chain_is_bounded() -> None:
    chain = "; ".join(f"declare -n v{i}=v{i + 1}" for i in range(2000))
    r = run_c(f"{chain}; v2000=end; echo $v0")
    r.assert_clean()
    assert r.stdout == b"end\n"


# ----------------------------------------------------------------------------- language corners
def test_read_keeps_an_escaped_separator() -> None:
    out, _err = run("printf 'a\\\\:b:c\\n' | { IFS=: read x y; echo \"[$x][$y]\"; }")
    assert out == "[a:b][c]\n"


def test_tilde_in_assignment_like_words_and_quoted_default() -> None:
    out, _err = run('HOME=/h; echo a=~/x:~/y --o=~; unset u; echo "${u-~}" ${u-~}')
    assert out == "a=/h/x:/h/y --o=~\n~ /h\n"


def test_break_in_a_subshell_and_continue_in_a_condition() -> None:
    out, err = run("for i in 1 2; do (break; echo in $i); done; "
                           "i=0; while i=$((i+1)); [ $i -lt 4 ] && { [ $i = 2 ] && continue; true; }; do echo $i; done")
    assert out == "in 1\nin 2\n1\n3\n"
    assert err.count("break: only meaningful") == 2


def test_move_fd_redirection() -> None:
    out, err = run("cd; exec 3>o; exec 4>&3-; echo x >&4; echo y >&3; echo $?; cat o")
    assert out == "1\nx\n" and err == "bash: line 1: 3: Bad file descriptor\n"


def test_cp_into_a_missing_directory() -> None:
    _out, err = run("cd; echo x > f; cp f missing/dir/")
    assert err == "cp: cannot create regular file 'missing/dir/': No such file or directory\n"
