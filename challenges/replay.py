"""Replay commands as a learner types them: one command line at a time, in an interactive shell.

Used by `validate` (the reference solution) and the grader (a student's answers): each
complete command line runs in the same Session (interactive semantics: aliases, history;
`sudo` does not prompt since there is no terminal), and the observation keeps the last
line's output, the cwd and every command really run.
"""
from __future__ import annotations

from collections.abc import Callable

from shelldojo.challenges.checks import Observation, job_states
from shelldojo.challenges.model import Challenge
from shelldojo.challenges.setup import start_cwd
from shelldojo.filesystem import Machine
from shelldojo.shell.limits import Limits
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, NullInput, OutputStream
from shelldojo.shell.syntax.parser import is_complete


class _Switch(OutputStream):
    """One stream whose target changes per command line (to capture each line's output)."""

    def __init__(self) -> None:
        self.target: OutputStream = BufferOutput()

    def write(self, data: bytes) -> None:
        self.target.write(data)


class _Capture(OutputStream):
    """One command line's output, truncated at `limit` bytes: a flood must not raise here,
    where the session writes its own limit message (the session's output limit stops it)."""

    def __init__(self, limit: int) -> None:
        self.chunks: list[bytes] = []
        self.room = limit

    def write(self, data: bytes) -> None:
        if self.room > 0:
            self.chunks.append(data[:self.room])
            self.room -= len(data)

    def getvalue(self) -> bytes:
        return b"".join(self.chunks)


def command_lines(script: str) -> list[str]:
    """The script split into complete command lines (a multi-line `if` stays whole)."""
    lines, buf = [], ""
    for line in script.split("\n"):  # not splitlines(): \f, \v, \r... are word characters to bash
        buf = f"{buf}\n{line}" if buf else line
        if is_complete(buf):
            if buf.strip():
                lines.append(buf)
            buf = ""
    if buf.strip():
        lines.append(buf)
    return lines


def replay(machine: Machine, challenge: Challenge, script: str, limits: Limits | None = None,
           max_output: int = 1 << 20, on_line: Callable[[str, int, str], None] | None = None,
           ) -> tuple[Observation, Session]:
    """Run `script` line by line as the challenge's user from its starting cwd.

    `on_line(line, status, output)` is told each command line's status and output (the grader's
    transcripts)."""
    setup = challenge.setup
    out = _Switch()
    session = Session(machine, user=setup.user, interactive=True, stdin=NullInput(), stdout=out,
                      stderr=out, cwd=start_cwd(machine, setup), limits=limits)
    session.state.commands_run.clear()
    obs = Observation(user=setup.user, cwd=session.state.cwd)
    for line in command_lines(script):
        if session.exited:
            break
        capture = _Capture(max_output)
        out.target = capture
        session.state.history.append(line)  # as an interactive bash records what was typed
        status = session.run_source(line)
        obs.output = capture.getvalue().decode("utf-8", "replace")
        if on_line is not None:
            on_line(line, status, obs.output)
        if session.last_limit and obs.stopped is None:
            obs.stopped = session.last_limit
    obs.cwd = session.state.cwd
    obs.user = session.state.creds.user or setup.user
    obs.commands = list(session.state.commands_run)
    obs.jobs = job_states(session)
    return obs, session

