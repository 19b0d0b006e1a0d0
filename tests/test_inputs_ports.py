"""H8 (issue 12): the text and encode tools loop over their operands through textio.Inputs, with
the messages they had; bash's builtins print their usage line as bash's builtin_usage does."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import run_source_in_process

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ROOT / "shell/commands"


# -- one "for each input file" loop ---------------------------------------------------------------
@pytest.mark.parametrize(("path", "count"), [
    ("text/count.py", 2), ("text/headtail.py", 1), ("encode/od.py", 1), ("encode/base64cmd.py", 1),
    ("encode/checksum.py", 1), ("text/sort_uniq.py", 3), ("text/cut.py", 2)])
def test_ported_tools_loop_through_inputs(path: str, count: int) -> None:
    text = (COMMANDS / path).read_text()
    assert text.count("Inputs(ctx, ") == count
    assert "def _each_file" not in text or "open_input" not in text


SETUP = "printf 'b\\na\\nb\\n' > f; mkdir d; printf 'q\\n' > u; chmod 000 u; "


# Each recorded from coreutils 9.1 as the learner (`runuser -u learner`), and unchanged by the port.
@pytest.mark.parametrize(("script", "want"), [
    ("wc d f", (1, "      0       0       0 d\n      3       3       6 f\n      3       3       6 total\n",
                "wc: d: Is a directory\n")),
    ("wc -l nosuch f <&-", (1, "3 f\n3 total\n", "wc: nosuch: No such file or directory\n")),
    ("head u f d", (1, "==> f <==\nb\na\nb\n\n==> d <==\n",
                    "head: cannot open 'u' for reading: Permission denied\nhead: error reading 'd': Is a directory\n")),
    ("tail -n1 f d nosuch", (1, "==> f <==\nb\n\n==> d <==\n", ("tail: error reading 'd': Is a directory\n"
                             "tail: cannot open 'nosuch' for reading: No such file or directory\n"))),
    ("head -c2 - f < f", (0, "==> standard input <==\nb\n\n==> f <==\nb\n", "")),
    ("od -c d f", (1, "0000000   b  \\n   a  \\n   b  \\n\n0000006\n", "od: d: Is a directory\n")),
    ("sort f nosuch d", (2, "", "sort: cannot read: nosuch: No such file or directory\n")),
    ("comm nosuch f", (1, "", "comm: nosuch: No such file or directory\n")),
    ("md5sum d nosuch f", (1, "abcc7849c67d08c305cc9aaf2cfd3e80  f\n",
                           "md5sum: d: Is a directory\nmd5sum: nosuch: No such file or directory\n")),
    ("sha1sum -- - < f", (0, "1a4f83b5533447266c730d1e50fd55ad202b94a1  -\n", "")),
])
def test_ported_tools_keep_their_messages(script: str, want: tuple[int, str, str]) -> None:
    assert run_source_in_process(SETUP + script) == want


def _context():
    from shelldojo.filesystem import accounts
    from shelldojo.shell.budget import Budget
    from shelldojo.shell.context import Context
    from shelldojo.shell.limits import Limits
    from shelldojo.shell.machines import fresh_machine
    from shelldojo.shell.streams import BufferOutput, BytesInput

    from tests.cmdutil import ENV, DirectRunner

    machine = fresh_machine()
    creds = accounts.credentials_for(machine.vfs, "learner")
    assert creds is not None
    limits = Limits()
    ctx = Context("x", machine, "/home/learner", dict(ENV), BytesInput(b"in\n"), BufferOutput(), BufferOutput(),
                  creds, limits, Budget(limits.wall_time_s, limits.max_commands), DirectRunner())
    return ctx, creds


def test_reading_reports_a_read_error_and_goes_on_but_not_a_write_error() -> None:
    from shelldojo.filesystem import acting_as
    from shelldojo.shell.commands.textio import Inputs
    from shelldojo.shell.streams import WriteError

    ctx, creds = _context()
    seen: list[tuple[str, int | None, bool]] = []
    with acting_as(creds):
        ctx.vfs.write_bytes("/home/learner/a", b"one\n")
        inputs = Inputs(ctx, ["missing", "a", "-"], on_error=lambda n, e: seen.append((n, e.errno, inputs.opened)))
        for name, _stream in inputs:
            with inputs.reading(name):
                raise OSError(5, "Input/output error")
        assert seen == [("missing", 2, False), ("a", 5, True), ("-", 5, True)] and inputs.status == 1
        with pytest.raises(WriteError):
            for name, _stream in Inputs(ctx, ["a"]):
                with inputs.reading(name):
                    raise WriteError(28, "No space left on device")


def test_stop_ends_the_loop_at_the_first_failure() -> None:
    from shelldojo.filesystem import acting_as
    from shelldojo.shell.commands.textio import Inputs

    ctx, creds = _context()
    with acting_as(creds):
        ctx.vfs.write_bytes("/home/learner/a", b"one\n")
        inputs = Inputs(ctx, ["a", "nosuch", "a", "other"], stop=True)
        assert [name for name, _s in inputs] == ["a"] and inputs.status == 1
    assert ctx.stderr.getvalue() == b"x: nosuch: No such file or directory\n"


# -- bash's usage lines -------------------------------------------------------------------------
@pytest.mark.parametrize(("script", "want"), [
    # builtin_usage writes "NAME: usage: ..." with no "bash: line N: " before it
    ("printf", (2, "", "printf: usage: printf [-v var] format [arguments]\n")),
    ("printf -v x", (2, "", "printf: usage: printf [-v var] format [arguments]\n")),
    ("printf -z", (2, "", "bash: line 1: printf: -z: invalid option\nprintf: usage: printf [-v var] format [arguments]\n")),
    # exec's options are bash's, not a command named -z
    ("exec -z; echo $?", (0, "2\n", ("bash: line 1: exec: -z: invalid option\n"
                          "exec: usage: exec [-cl] [-a name] [command [argument ...]] [redirection ...]\n"))),
    ("exec --; echo $?", (0, "0\n", "")),
    ("eval -Z; echo $?", (0, "2\n", "bash: line 1: eval: -Z: invalid option\neval: usage: eval [arg ...]\n")),
    ("trap -Z; echo $?", (0, "2\n", ("bash: line 1: trap: -Z: invalid option\n"
                          "trap: usage: trap [-lp] [[arg] signal_spec ...]\n"))),
    ("jobs x", (1, "", "bash: line 1: jobs: x: no such job\n")),
    ("(exit -Z x); echo $?", (0, "2\n", "bash: line 1: exit: -Z: numeric argument required\n")),
])
def test_builtin_usage_lines(script: str, want: tuple[int, str, str]) -> None:
    assert run_source_in_process(script) == want


def test_usage_lines_are_the_help_synopses() -> None:
    from shelldojo.shell.commands.builtins.util import USAGES
    from shelldojo.shell.interp.builtin_help import synopsis

    assert USAGES["exec"] == synopsis("exec") and USAGES.get("dirs") == "dirs [-clpv] [+N] [-N]"
    assert USAGES.get("no-such-builtin", "x") == "x"
