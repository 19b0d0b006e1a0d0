"""Issue 12, the small things: syntax and expansion without import circles, named exit statuses,
typed account records, one helper per idea (human sizes, yes/no questions)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_architecture as arch
from hostile import run_source_in_process

ROOT = Path(__file__).resolve().parent.parent

EXPANSION = ("arith", "assignment", "expand", "expand_base", "expand_cond", "expand_params",
             "pattern_subst", "tilde")


# ----------------------------------------------------------------------------- import circles
@pytest.mark.parametrize("package", ["shelldojo.shell.syntax", "shelldojo.shell.interp.expand",
                                     "shelldojo.shell.interp.arith", "shelldojo.shell.interp.pattern_subst"])
def test_no_circle_through_syntax_or_expansion(package: str) -> None:
    circles = [c for c in arch.cycles(arch.graph()) if any(m.startswith(package) for m in c)]
    assert circles == []


def test_the_lexer_reaches_the_parser_only_through_the_protocol() -> None:
    graph = arch.graph()
    for low in ("lexer", "words", "tokens", "ansi", "parse_compound", "parse_simple"):
        assert "shelldojo.shell.syntax.parser" not in graph[f"shelldojo.shell.syntax.{low}"], low


@pytest.mark.parametrize("path", sorted(
    [*(ROOT / "shell" / "syntax").glob("*.py"),
     *(ROOT / "shell" / "interp" / f"{m}.py" for m in EXPANSION)]), ids=lambda p: p.name)
def test_files_stay_small(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 400


@pytest.mark.parametrize(("script", "status", "out", "err"), [
    # arithmetic asks the expansion (not the other way round) about unset names
    ("set -u; echo $((x+1)); echo after", 127, "", "x: unbound variable"),
    ("a[2]=5; (( a[3] = a[2] + 1 )); echo ${a[@]} $((a[3]))", 0, "5 6 6\n", ""),
    ("x=abc; echo ${x/b/[&]} ${x^^} ${y:-$((1+2))} `echo \\`echo in\\``", 0, "a[b]c ABC 3 in\n", ""),
    ("declare -u u=ab; u+=cd; b[1]+=x; echo $u ${b[1]}; [[ $u == A* && 3 -lt 4 ]] && echo y",
     0, "ABCD x\ny\n", ""),
    ("cat <<E\n$(echo in) ${#HOME}\nE\nfor ((i=0;i<2;i++)); do echo $i; done; echo $'\\u00e9'",
     0, "in 13\n0\n1\n\u00e9\n", ""),
])
def test_expansion_round_trips(script: str, status: int, out: str, err: str) -> None:
    got_status, got_out, got_err = run_source_in_process(script)
    assert (got_status, got_out) == (status, out)
    assert err in got_err


# ----------------------------------------------------------------------------- exit statuses
def test_named_statuses() -> None:
    from shelldojo.shell import status

    assert (status.LIMIT, status.CANNOT_EXECUTE, status.NOT_FOUND, status.INTERRUPTED) == (124, 126, 127, 130)
    assert status.killed_by(13) == status.BROKEN_PIPE == 141
    assert status.killed_by(2) == status.INTERRUPTED


@pytest.mark.parametrize("path", ["shell/session.py", "shell/interp/pipeline.py"])
def test_no_bare_limit_or_signal_statuses(path: str) -> None:
    code = [line.split("#")[0] for line in (ROOT / path).read_text().splitlines()]
    assert [c for c in code if re.search(r"(=|return|in \(|,)\s*(124|130|141)\b", c)] == []


def test_a_broken_pipe_and_a_limit_keep_their_statuses() -> None:
    status, out, _ = run_source_in_process("yes | head -n 2; echo ${PIPESTATUS[@]}")
    assert (status, out) == (0, "y\ny\n141 0\n")


# ----------------------------------------------------------------------------- account records
def _vfs():
    from shelldojo.shell.machines import fresh_machine

    return fresh_machine().vfs


def test_passwd_and_group_entries_are_typed() -> None:
    from shelldojo.filesystem import accounts

    vfs = _vfs()
    learner = accounts.user_by_name(vfs, "learner")
    assert isinstance(learner, accounts.PasswdEntry)
    assert (learner.name, learner.password, learner.uid, learner.gid, learner.home, learner.shell) == (
        "learner", "x", 1000, 1000, "/home/learner", "/bin/bash")
    sudo = accounts.group_by_name(vfs, "sudo")
    assert isinstance(sudo, accounts.GroupEntry)
    assert (sudo.password, sudo.members) == ("x", ("learner",))


def test_account_rows_are_read_and_changed_by_name() -> None:
    from shelldojo.filesystem import ROOT as ROOT_CREDS
    from shelldojo.filesystem import acting_as
    from shelldojo.filesystem.accounts_write import AccountFiles

    vfs = _vfs()
    db = AccountFiles(vfs)
    row = db.user("learner")
    assert row is not None and (row.uid, row.gid, row.home) == ("1000", "1000", "/home/learner")
    assert db.group("sudo").members == "learner"
    assert db.shadow("learner").lastchg.isdigit()
    row.gecos = "Lea Rner"
    db.dirty.add("/etc/passwd")
    with acting_as(ROOT_CREDS):
        db.save()
    line = next(x for x in vfs.read_bytes("/etc/passwd").decode().splitlines() if x.startswith("learner:"))
    assert line == "learner:x:1000:1000:Lea Rner:/home/learner:/bin/bash"


def test_no_row_indexes_into_account_rows() -> None:
    for name in ("adduser.py", "users.py", "mod.py"):
        text = (ROOT / "shell" / "commands" / "users" / name).read_text()
        assert not re.search(r"\b(row|g|u|group|shadow)\[[0-9]\]", text), name


# ----------------------------------------------------------------------------- one helper per idea
@pytest.mark.parametrize(("n", "base", "shown"), [
    (0, 1024, "0"), (1023, 1024, "1023"), (1024, 1024, "1.0K"), (1025, 1024, "1.1K"),
    (10239, 1024, "10K"), (10240, 1024, "10K"), (1048576, 1024, "1.0M"), (1000, 1000, "1.0k"),
    (999999, 1000, "1.0M"), (5 * 2 ** 60, 1024, "5.0E"),
])
def test_human_size(n: int, base: int, shown: str) -> None:
    from shelldojo.shell.commands.sizes import human_size

    assert human_size(n, base) == shown


def test_ls_and_du_share_the_human_size() -> None:
    for path in ("shell/commands/ls/ls.py", "shell/commands/files/du.py"):
        text = (ROOT / path).read_text()
        assert "def human" not in text and "def _human" not in text and "human_size" in text
    status, out, _ = run_source_in_process(
        "head -c 1536 /dev/zero > f; ls -sh f; du -h --apparent-size f; ls -l --si f | cut -d' ' -f5")
    assert (status, out) == (0, "4.0K f\n1.5K\tf\n1.6k\n")


class _Terminal:
    def __init__(self, answers: list[str | None]) -> None:
        self.answers, self.prompts = answers, []

    def read_line(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        return self.answers.pop(0)


class _Ctx:
    def __init__(self, answers: list[str | None]) -> None:
        self.terminal = _Terminal(answers)


@pytest.mark.parametrize(("answer", "default", "at_end", "yes"), [
    ("", True, False, True), ("", False, False, False), (" YES ", False, False, True), ("y", False, False, True),
    ("nope", True, True, False), (None, True, False, False), (None, True, True, True),
])
def test_ask_yes(answer: str | None, default: bool, at_end: bool, yes: bool) -> None:
    from shelldojo.shell.ask import ask_yes

    ctx = _Ctx([answer])
    assert ask_yes(ctx, "Go? [Y/n] ", default=default, at_end=at_end) is yes  # type: ignore[arg-type]
    assert ctx.terminal.prompts == ["Go? [Y/n] "]


def test_one_yes_no_question() -> None:
    for path in ("shell/packages/aptops.py", "shell/commands/packages/pip.py", "shell/commands/users/adduser.py"):
        text = (ROOT / path).read_text()
        assert "ask_yes(" in text and "read_line(" not in text, path
