"""rsync 3.2.7's filter rules, --delete with them, the options rsync.py accepts; and two bash
messages: `exec` of a command it cannot run, `read` from a closed fd or a directory (brief W4).
Expected texts were taken from the real rsync 3.2.7 / bash 5.2 on Ubuntu."""
from __future__ import annotations

import pytest
from shelldojo.shell.cloud import fresh_cloud
from shelldojo.shell.commands.net.rsync import parse_size
from shelldojo.shell.commands.net.rsync_filter import FilterError, Filters, Rule, parse_rules
from shelldojo.shell.machines import fresh_machine
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, NullInput

TREE = ("mkdir -p src/sub/deep src/logs src/a/b; echo a > src/a.log; echo b > src/b.txt; "
        "echo c > src/sub/c.log; echo d > src/sub/deep/d.txt; echo e > src/logs/e; echo f > src/a/b/f; "
        "echo g > src/sub/logs; ")


def sh(script: str, machine=None) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    out, err = BufferOutput(), BufferOutput()
    session = Session(machine or fresh_machine(), user="learner", stdin=NullInput(), stdout=out, stderr=err)
    status = session.run_source("cd; " + script)
    return status, out.getvalue().decode(), err.getvalue().decode()


def listed(script: str) -> list[str]:
    """The lines `rsync -av ... | head -n -3` prints after its header."""
    _, out, _ = sh(TREE + script + " | head -n -3")
    return out.splitlines()[1:]


# -- the matcher -----------------------------------------------------------------------------
def _filters(*args: str) -> Filters:
    f = Filters()
    for arg in args:
        f.add(parse_rules(arg[1:], Rule("", include=arg[0] == "+"), old_prefixes=True,
                          delete_excluded=False, read_file=lambda n: ""))
    return f


@pytest.mark.parametrize(("rules", "name", "is_dir", "excluded"), [
    (("-*.log",), "sub/c.log", False, True),          # no '/': the last name, at any depth
    (("-*.log",), "sub", True, False),
    (("-logs/",), "sub/logs", False, False),          # 'x/' only directories
    (("-logs/",), "logs", True, True),
    (("-/logs",), "sub/logs", False, False),          # '/x' from the root only
    (("-sub/deep",), "x/sub/deep", True, True),       # an inner '/': the trailing names
    (("-sub/deep",), "xsub/deep", True, False),
    (("-a/*",), "a/b/f", False, False),                # '*' stops at '/'
    (("-a/**",), "a/b/f", False, True),                # '**' does not
    (("-**/deep",), "deep", True, True),               # a leading '**/' also matches at the root
    (("+sub/***", "-*"), "sub", True, False),          # 'dir/***': the directory and all below
    (("+sub/***", "-*"), "sub/deep/d.txt", False, False),
    (("+sub/***", "-*"), "b.txt", False, True),
    (("+*.txt", "-*"), "b.txt", False, False),         # the first match wins
    (("-[a-b]*",), "b.txt", False, True),
    (("-\\[x]",), "[x]", False, True),
    (("-+ *.log", "-*"), "a.log", False, False),       # '+ ' in --exclude makes an include
])
def test_rule_matching(rules: tuple[str, ...], name: str, is_dir: bool, excluded: bool) -> None:
    assert _filters(*rules).excluded(name, is_dir) is excluded


@pytest.mark.parametrize(("rule", "message"), [
    ("x foo", "Unknown filter rule: `x foo'"),
    ("-", "unexpected end of filter rule: -"),
    ("-foo", "invalid modifier 'f' at position 1 in filter rule: -foo"),
    ("! x", "'!' rule has trailing characters: ! x"),
    ("excl x", "Unknown filter rule: `excl x'"),
])
def test_bad_filter_rules_are_refused(rule: str, message: str) -> None:
    with pytest.raises(FilterError) as info:
        parse_rules(rule, Rule(""), old_prefixes=False, delete_excluded=False, read_file=lambda n: "")
    assert info.value.message == message


# -- transfers -------------------------------------------------------------------------------
def test_exclude_is_not_ignored() -> None:
    _status, out, _ = sh(TREE + "rsync -a --exclude='*.log' src/ dst/; echo $?; find dst -name '*.log'")
    assert out == "0\n"


@pytest.mark.parametrize(("options", "names"), [
    ("--exclude='*.log' src/ d/", ["./", "b.txt", "a/", "a/b/", "a/b/f", "logs/", "logs/e", "sub/", "sub/logs",
                                   "sub/deep/", "sub/deep/d.txt"]),
    ("--exclude=logs/ src/ d/", ["./", "a.log", "b.txt", "a/", "a/b/", "a/b/f", "sub/", "sub/c.log", "sub/logs",
                                 "sub/deep/", "sub/deep/d.txt"]),
    ("--include='*/' --include='*.txt' --exclude='*' src/ d/", ["./", "b.txt", "a/", "a/b/", "logs/", "sub/",
                                                                "sub/deep/", "sub/deep/d.txt"]),
    ("--include='sub/***' --exclude='*' src/ d/", ["./", "sub/", "sub/c.log", "sub/logs", "sub/deep/",
                                                   "sub/deep/d.txt"]),
    ("--exclude=/src/sub --exclude='a*' src d/", ["src/", "src/b.txt", "src/logs/", "src/logs/e"]),
    ("-f '- *.log' -f '- /a' src/ d/", ["./", "b.txt", "logs/", "logs/e", "sub/", "sub/logs", "sub/deep/",
                                        "sub/deep/d.txt"]),
])
def test_filtered_lists(options: str, names: list[str]) -> None:
    assert listed(f"rsync -av {options}") == ["created directory d", *names]


def test_exclude_from_and_missing_file() -> None:
    _status, out, err = sh(TREE + "printf '# c\\n*.log\\n+ sub\\n' > ex; rsync -a --exclude-from=ex src/ d; "
                          "find d -name '*.log'; rsync -a --exclude-from=nosuch src/ e; echo $?; ls e")
    assert out == "11\n"
    assert err == ("rsync: [client] failed to open exclude file nosuch: No such file or directory (2)\n"
                   "rsync error: error in file IO (code 11) at exclude.c(1482) [client=3.2.7]\n"
                   "ls: cannot access 'e': No such file or directory\n")


def test_delete_spares_excluded_unless_delete_excluded() -> None:
    script = (TREE + "rsync -a src/ d; echo x > d/x.log; echo y > d/y.txt; mkdir -p d/old/in; echo z > d/old/in/z.log; "
              "echo w > d/old/w.txt; rsync -rv --delete --exclude='*.log' src/ d | head -n -3; find d | sort; "
              "rsync -rv --delete-excluded --exclude='*.log' src/ d | head -n -3")
    _, out, _ = sh(script)
    first, _, second = out.partition("sending incremental file list\n")[2].partition("sending incremental file list\n")
    assert first.splitlines()[:5] == ["cannot delete non-empty directory: old/in",
                                      "cannot delete non-empty directory: old/in",
                                      "deleting old/w.txt", "cannot delete non-empty directory: old",
                                      "deleting y.txt"]
    assert "d/x.log" in first and "d/a.log" in first and "d/old/in/z.log" in first
    assert second.splitlines()[:6] == ["deleting old/in/z.log", "deleting old/in/", "deleting old/",
                                       "deleting x.log", "deleting a.log", "deleting sub/c.log"]


def test_dry_run_lists_deletions_and_changes_nothing() -> None:
    _, out, _ = sh(TREE + "rsync -a src/ d; echo y > d/zz; rm src/b.txt; rsync -rvn --delete src/ d | head -n -3; ls d")
    assert out.splitlines()[1:3] == ["deleting zz", "deleting b.txt"]
    assert out.splitlines()[3:] == ["a", "a.log", "b.txt", "logs", "sub", "zz"]


def test_per_directory_filter_files() -> None:
    _, out, _ = sh("mkdir -p src/sub; echo 1 > src/a.log; echo 2 > src/sub/x.tmp; echo 3 > src/sub/y; "
                   "printf -- '- *.log\\n' > src/.rsync-filter; printf -- '- *.tmp\\n' > src/sub/.rsync-filter; "
                   "rsync -rv -FF src/ f | head -n -3")
    assert out.splitlines()[1:] == ["created directory f", "./", "sub/", "sub/y"]


def test_delete_needs_recursion_and_bad_values() -> None:
    _status, _, err = sh("mkdir s; rsync --delete s/ d; rsync -r --max-size=xx s/ d; rsync -r --timeout=x s/ d")
    assert err.splitlines() == [
        "rsync: --delete does not work without --recursive (-r) or --dirs (-d).",
        "rsync error: syntax or usage error (code 1) at main.c(1804) [client=3.2.7]",
        "rsync: --max-size=xx is invalid",
        "rsync error: syntax or usage error (code 1) at main.c(1804) [client=3.2.7]",
        "rsync: --timeout=x: invalid numeric value",
        "rsync error: syntax or usage error (code 1) at main.c(1804) [client=3.2.7]"]


def test_size_limits_and_size_only() -> None:
    _, out, _ = sh("mkdir s; echo b > s/b; head -c 3000 /dev/zero > s/big; rsync -rv --max-size=1k s/ d | head -n -3; "
                   "rsync -rv --min-size=1.5K s/ e | head -n -3; rsync -a s/ f; echo c > f/b; touch -d 2001-01-01 f/b; "
                   "rsync -rv --size-only s/ f | head -n -3; cat f/b")
    assert out.splitlines() == ["sending incremental file list", "created directory d", "./", "b",
                                "sending incremental file list", "created directory e", "./", "big",
                                "sending incremental file list", "c"]
    assert parse_size("1kb", "b") == 1000 and parse_size("1m-1", "b") == 1048575 and parse_size("-1", "b") is None


def test_remote_push_filters_and_delete() -> None:
    net = fresh_cloud()
    _, out, _err = sh(TREE + "rsync -a src/ web1:/tmp/x/ && ssh web1 'echo z > /tmp/x/z.log; echo q > /tmp/x/q'; "
                     "rsync -rv --delete --exclude='*.log' src/ web1:/tmp/x/ | head -n -3; "
                     "ssh web1 'find /tmp/x -name \"*.log\" | sort'", machine=net.main_machine)
    assert out.splitlines() == ["sending incremental file list", "deleting q",   # z.log is protected
                                "/tmp/x/a.log", "/tmp/x/sub/c.log", "/tmp/x/z.log"]


def test_remote_push_of_excluded_files_only_sends_the_rest() -> None:
    net = fresh_cloud()
    _, out, _ = sh(TREE + "rsync -a --exclude='*.log' src/ web1:/tmp/y/; ssh web1 'cd /tmp/y && find . | sort'",
                   machine=net.main_machine)
    assert ".log" not in out and "./b.txt" in out


# -- exec and read ---------------------------------------------------------------------------
@pytest.mark.parametrize(("script", "status", "out", "err"), [
    ("exec nosuch; echo after", 127, "", "bash: line 1: exec: nosuch: not found\n"),
    ("shopt -s execfail; exec nosuch; echo after $?", 0, "after 127\n", "bash: line 1: exec: nosuch: not found\n"),
    ("(exec nosuch); echo $?", 0, "127\n", "bash: line 1: exec: nosuch: not found\n"),
    ("exec help", 127, "", "bash: line 1: exec: help: not found\n"),
    ("exec /tmp", 126, "", ("bash: line 1: /tmp: Is a directory\nbash: line 1: exec: /tmp: cannot execute: "
                           "Is a directory\n")),
    ("exec ./nosuch", 127, "", "bash: line 1: /home/learner/nosuch: No such file or directory\n"),
    ("read x <&-; echo $?", 0, "1\n", "bash: line 1: read: read error: 0: Bad file descriptor\n"),
    ("read x < /tmp; echo $?", 0, "1\n", "bash: line 1: read: read error: 0: Is a directory\n"),
    ("read x 0>/dev/null; echo $?", 0, "1\n", "bash: line 1: read: read error: 0: Bad file descriptor\n"),
    ("read -u 3 x 3<&-; echo $?", 0, "1\n", "bash: line 1: read: 3: invalid file descriptor: Bad file descriptor\n"),
    ("read -u 1 x; echo $?", 0, "1\n", "bash: line 1: read: read error: 1: Bad file descriptor\n"),
    ("cat 0>/dev/null; echo $?", 0, "1\n", "cat: -: Bad file descriptor\n"),
    ("echo hi 1</etc/hostname; echo $?", 0, "1\n", "bash: line 1: echo: write error: Bad file descriptor\n"),
])
def test_exec_and_read_messages(script: str, status: int, out: str, err: str) -> None:
    assert sh(script) == (status, out, err)


def test_hostile_patterns_stay_bounded() -> None:
    """A pattern that would backtrack for ever in a regex engine ('**a' x 40 against a deep path
    of a's), 200 rules, 400 files: answered in bounded time and memory, no traceback."""
    from tests.hostile import run_c

    deep = "/".join(["a" * 60] * 30)
    rules = " ".join(f"--exclude='x{i}*y'" for i in range(200))
    script = (f"mkdir -p src/{deep}; touch src/{deep}/aaab src/f; "
              f"for i in $(seq 400); do echo $i > src/n$i; done; "
              f"rsync -r --exclude='{'**a' * 40}c' {rules} --exclude='[' --exclude='[!' src/ d; echo $?; "
              f"find d -name aaab | wc -l; ls d | wc -l; rsync -r --filter='- [[:alpha:]]*' src/ e; ls e | wc -l")
    outcome = run_c(script)
    outcome.assert_clean()
    outcome.assert_bounded()
    assert outcome.stdout == b"0\n1\n402\n0\n", outcome.stderr
