"""Scripts: ./script, bash FILE, bash -c, shebangs, PATH lookup, permissions, CRLF.

Expected outputs from real bash 5.2.15 run as learner (see tests/test_executor.py's helper)."""
from __future__ import annotations

from shelldojo.shell.machines import fresh_machine

from tests.test_executor import sh


def test_script_with_args_and_errors() -> None:
    src = ("printf 'echo \"0=$0 1=$1 #=$#\"\\nfoo\\necho \"line $LINENO\"\\n' > s.sh; chmod +x s.sh\n"
           "./s.sh a b; echo \"st=$?\"\nbash s.sh x; echo \"st=$?\"")
    _status, out, err = sh(src)
    assert out == "0=./s.sh 1=a #=2\nline 3\nst=0\n0=s.sh 1=x #=1\nline 3\nst=0\n"
    assert err == "./s.sh: line 2: foo: command not found\ns.sh: line 2: foo: command not found\n"


def test_not_executable_missing_and_directory() -> None:
    src = ("printf 'echo hi\\n' > nox.sh; ./nox.sh; echo \"st=$?\"\n"
           "mkdir d; ./d; echo \"st=$?\"\n./missing.sh; echo \"st=$?\"\n"
           "bash nofile; echo \"st=$?\"\nbash d; echo \"st=$?\"")
    _status, out, err = sh(src)
    assert out == "st=126\nst=126\nst=127\nst=127\nst=126\n"
    assert err == ("bash: line 1: ./nox.sh: Permission denied\nbash: line 2: ./d: Is a directory\n"
                   "bash: line 3: ./missing.sh: No such file or directory\n"
                   "bash: nofile: No such file or directory\nd: d: Is a directory\n")


def test_shebangs() -> None:
    src = ("printf '#!/usr/bin/env bash\\necho env $1\\n' > e.sh; chmod +x e.sh; ./e.sh q; echo \"st=$?\"\n"
           "printf '#!/bin/cat\\nhello\\n' > c.sh; chmod +x c.sh; ./c.sh\n"
           "printf '#!/bin/bsh\\necho hi\\n' > t.sh; chmod +x t.sh; ./t.sh; echo \"st=$?\"\n"
           "printf '#!/bin/bash\\r\\necho hi\\r\\n' > crlf.sh; chmod +x crlf.sh; ./crlf.sh; echo \"st=$?\"")
    _status, out, err = sh(src)
    assert out == "env q\nst=0\n#!/bin/cat\nhello\nst=127\nst=127\n"
    assert err == ("bash: line 3: ./t.sh: cannot execute: required file not found\n"
                   "bash: line 4: ./crlf.sh: cannot execute: required file not found\n")


def test_crlf_script_without_shebang() -> None:
    _status, out, err = sh("printf 'echo a\\r\\nfoo\\r\\n' > s.sh; bash s.sh")
    assert out == "a\r\n"
    assert err == "s.sh: line 2: $'foo\\r': command not found\n"


def test_syntax_error_in_script() -> None:
    _status, out, err = sh("printf 'echo in\\nif\\n' > bad.sh; chmod +x bad.sh; ./bad.sh; echo \"st=$?\"")
    assert out == "in\nst=2\n"
    assert err == "./bad.sh: line 3: syntax error: unexpected end of file\n"


def test_bash_c_and_stdin() -> None:
    assert sh("bash -c 'echo $0 $1 $#' zero one two") == (0, "zero one 2\n", "")
    assert sh("echo 'echo from stdin $#' | bash; echo \"st=$?\"") == (0, "from stdin 0\nst=0\n", "")
    assert sh("printf 'exit 7\\n' > x.sh; bash x.sh; echo \"st=$?\"") == (0, "st=7\n", "")


def test_child_sees_only_exported_variables() -> None:
    src = "export V=exp; W=notexp; printf 'echo \"[$V][$W]\"\\n' > v.sh; bash v.sh"
    assert sh(src) == (0, "[exp][]\n", "")
    src = "mkdir sub; printf 'cd sub\\nX=changed\\npwd\\n' > s.sh; bash s.sh; pwd; echo \"[$X]\""
    assert sh(src) == (0, "/home/learner/sub\n/home/learner\n[]\n", "")


def test_script_found_through_path() -> None:
    m = fresh_machine()
    src = ("mkdir bin; printf '#!/bin/bash\\necho tool ran\\n' > bin/tool; chmod +x bin/tool\n"
           "tool; PATH=\"$HOME/bin:$PATH\"; tool")
    assert sh(src, m) == (0, "tool ran\n", "bash: line 2: tool: command not found\n")


def test_path_and_builtin_stubs() -> None:
    assert sh("/bin/ls -d /tmp; /usr/bin/pwd") == (0, "/tmp\n/home/learner\n", "")


def test_recursive_script_is_bounded() -> None:
    _status, _out, err = sh("printf './r.sh\\n' > r.sh; chmod +x r.sh; ./r.sh; echo after")
    assert "shelldojo: " in err
