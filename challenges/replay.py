"""Replay commands as a learner types them: one command line at a time, in an interactive shell.

Used by `validate` (the reference solution) and the grader (a student's answers): each
complete command line runs in the same Session (interactive semantics: aliases, history;
`sudo` does not prompt since there is no terminal), and the observation keeps the last
line's output, the cwd and every command really run.

The answer is the shell's standard input as in `bash -i < answer.sh`: a command that reads its
standard input (`sqlite3 shop.db` followed by SQL lines and `.quit`, `read name`, `cat`) reads
the answer's lines after its own command line, and the shell goes on after what it read.
"""
from __future__ import annotations

from collections.abc import Callable

from shelldojo.challenges.checks import Observation, job_states
from shelldojo.challenges.model import Challenge
from shelldojo.challenges.setup import start_cwd
from shelldojo.filesystem import Machine
from shelldojo.shell.limits import Limits
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, InputStream, OutputStream
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


class TypedAhead(InputStream):
    """The answer as a regular file on the shell's standard input: the shell takes one complete
    command line at a time, a command reading standard input reads on from there (what it
    reads, the shell never runs: bash seeks back to the end of the line it has parsed)."""

    def __init__(self, script: str) -> None:
        self.data = script.encode("utf-8", "surrogateescape")
        self.pos = 0
        self.line = 1   # the answer's line number at `pos`

    def _take(self, end: int) -> bytes:
        out, self.pos = self.data[self.pos:end], end
        self.line += out.count(b"\n")
        return out

    def read(self, n: int = -1) -> bytes:
        return self._take(len(self.data) if n < 0 else min(len(self.data), self.pos + n))

    def readline(self) -> bytes:
        i = self.data.find(b"\n", self.pos)
        return self._take(len(self.data) if i < 0 else i + 1)

    def command_line(self) -> tuple[int, str] | None:
        """The next complete command line (a multi-line `if` stays whole) and its first line's
        number, None at the end (blank lines are skipped)."""
        buf, first = "", self.line
        while self.pos < len(self.data):
            if not buf:
                first = self.line
            line = self.readline().decode("utf-8", "surrogateescape")
            line = line.removesuffix("\n")
            buf = f"{buf}\n{line}" if buf else line
            if is_complete(buf):
                if buf.strip():
                    return first, buf
                buf = ""
        return (first, buf) if buf.strip() else None


def command_lines(script: str) -> list[str]:
    """The script split into complete command lines (a multi-line `if` stays whole), as the shell
    would take them if no command read any of its lines."""
    return [line for _, line in iter(TypedAhead(script).command_line, None)]


def replay(machine: Machine, challenge: Challenge, script: str, limits: Limits | None = None,
           max_output: int = 1 << 20, on_line: Callable[[str, int, str], None] | None = None,
           ) -> tuple[Observation, Session]:
    """Run `script` line by line as the challenge's user from its starting cwd.

    `on_line(line, status, output)` is told each command line's status and output (the grader's
    transcripts)."""
    setup = challenge.setup
    out = _Switch()
    answer = TypedAhead(script)
    session = Session(machine, user=setup.user, interactive=True, stdin=answer, stdout=out,
                      stderr=out, cwd=start_cwd(machine, setup), limits=limits)
    session.state.commands_run.clear()
    obs = Observation(user=setup.user, cwd=session.state.cwd)
    while not session.exited and (next_line := answer.command_line()) is not None:
        number, line = next_line
        obs.lines.append((number, line))
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

