"""Interpreter builtins: messages and statuses as bash 5.2 prints them."""
from __future__ import annotations

from tests.test_expand import sh


def test_cd_errors() -> None:
    _status, out, err = sh("cd nowhere; args $?; touch f; cd f; cd a b; args $?; cd -; args $?")
    assert out == "[1]\n[1]\n[1]\n"
    assert err == ("bash: line 1: cd: nowhere: No such file or directory\nbash: line 1: cd: f: Not a directory\n"
                   "bash: line 1: cd: too many arguments\nbash: line 1: cd: OLDPWD not set\n")


def test_cd_dash_and_pwd() -> None:
    _status, out, _err = sh("mkdir w; cd w; args $PWD $OLDPWD; cd -; pwd; cd /; cd ..; pwd")
    assert out == "[/home/learner/w][/home/learner]\n/home/learner\n/home/learner\n/\n"


def test_cd_symlink_logical_and_physical() -> None:
    _status, out, _err = sh("mkdir -p real/inner; ln -s real/inner sc; cd sc; pwd; pwd -P; cd ..; pwd")
    assert out == "/home/learner/sc\n/home/learner/real/inner\n/home/learner\n"


def test_umask() -> None:
    assert sh("umask; umask -S; umask 027; umask; umask -S; umask -p")[1] == (
        "0022\nu=rwx,g=rx,o=rx\n0027\nu=rwx,g=rx,o=\numask 0027\n")
    assert sh("umask 089")[2] == "bash: line 1: umask: 089: octal number out of range\n"


def test_type() -> None:
    _status, out, err = sh("type cd if ls; f() { :; }; type -t f ls cd; type nosuch; args $?")
    assert out == "cd is a shell builtin\nif is a shell keyword\nls is /usr/bin/ls\nfunction\nfile\nbuiltin\n[1]\n"
    assert err == "bash: line 1: type: nosuch: not found\n"


def test_alias_unalias() -> None:
    _status, out, err = sh("alias ll='ls -alF'; alias; type ll; alias foo; unalias nope; args $?")
    assert out == "alias ll='ls -alF'\nll is aliased to `ls -alF'\n[1]\n"
    assert err == "bash: line 1: alias: foo: not found\nbash: line 1: unalias: nope: not found\n"


def test_exit_and_return() -> None:
    assert sh("exit abc") == (2, "", "bash: line 1: exit: abc: numeric argument required\n")
    assert sh("exit 300")[0] == 44
    _status, out, err = sh("return; args $?")
    assert out == "[2]\n"
    assert err == "bash: line 1: return: can only `return' from a function or sourced script\n"


def test_local_declare_readonly() -> None:
    _status, out, err = sh("local x; args $?; declare -i n=3+4; declare -p n; readonly r=1; r=2; args no\nargs $?")
    assert out == "[1]\ndeclare -i n=\"7\"\n[1]\n"
    assert err == ("bash: line 1: local: can only be used in a function\n"
                   "bash: line 1: r: readonly variable\n")


def test_read_and_shift() -> None:
    _status, out, _err = sh('read a b <<< "1 2 3"; args "$a" "$b"; set -- x y; shift 3; args $? $#; shift; args $1')
    assert out == "[1][2 3]\n[1][2]\n[y]\n"


def test_source_missing_and_eval() -> None:
    _status, out, err = sh("source missing.sh; args $?; eval 'args a b'")
    assert out == "[1]\n[a][b]\n"
    assert err == "bash: line 1: missing.sh: No such file or directory\n"


def test_set_options_and_let() -> None:
    _status, out, err = sh("set -o bogus; args $?; let 0; args $?; let x=2+3; args $x; set -- a b; args $#")
    assert out == "[2]\n[1]\n[5]\n[2]\n"
    assert err == "bash: line 1: set: bogus: invalid option name\n"
