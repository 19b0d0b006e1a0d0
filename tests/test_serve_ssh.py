"""Students over SSH (shell/serve/sshd.py): asyncssh as the client, the server on 127.0.0.1:0.

Every wait is for something the server sends (a prompt, a line, an event), bounded by a
timeout: no sleeps."""
from __future__ import annotations

import asyncio
import re
import stat
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

asyncssh = pytest.importorskip("asyncssh")

from shelldojo.shell.serve.classroom import ClassRoom
from shelldojo.shell.serve.limits import ServeLimits
from shelldojo.shell.serve.sshd import HOST_KEY, start_ssh_server

CODE = "tomato-42"
PACK = "first-steps"
WAIT = 60.0  # a cold first machine on a loaded 2-core box can take seconds
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]|\x1b[=>]")
PROMPT = "learner@dojo:"
DONE, READY = b"\x1b[?2004l", b"\x1b[?2004h"  # prompt_toolkit's bracketed paste: off after a line, on at a prompt


def plain(raw: bytes) -> str:
    return ANSI.sub("", raw.decode("utf-8", "replace"))


class Term:
    """One student's SSH terminal, read until what the test waits for has arrived."""

    def __init__(self, conn: Any, proc: Any) -> None:
        self.conn, self.proc = conn, proc
        self.raw = b""

    @property
    def screen(self) -> str:
        return plain(self.raw)

    async def _read(self) -> bytes:
        """What the server sends next; its "where is the cursor?" answered as a terminal does."""
        chunk: bytes = await self.proc.stdout.read(65536)
        if b"\x1b[6n" in chunk:
            self.proc.stdin.write(b"\x1b[30;1R")
        return chunk

    async def until(self, text: str, start: int = 0) -> int:
        """Read until `text` shows after screen position `start`; return where it ends."""
        async def go() -> int:
            while True:
                screen = self.screen
                i = screen.find(text, start)
                if i >= 0:
                    return i + len(text)
                chunk = await self._read()
                if not chunk:
                    raise AssertionError(f"closed before {text!r}:\n{screen[-2000:]}")
                self.raw += chunk
        try:
            return await asyncio.wait_for(go(), WAIT)
        except TimeoutError:
            raise AssertionError(f"no {text!r} after {WAIT}s:\n{self.screen[-2000:]}") from None

    async def run(self, line: str) -> str:
        """Type a line at the prompt; what it prints up to the next prompt."""
        mark = len(self.raw)
        self.proc.stdin.write(line.encode() + b"\r")
        end = await self.until_raw(DONE, mark)   # prompt_toolkit is done with the line ...
        nxt = await self.until_raw(READY, end)   # ... and draws the next prompt
        return plain(self.raw[end:nxt])

    async def until_raw(self, marker: bytes, start: int) -> int:
        """Read until the escape sequence `marker` arrives after byte `start`; where it ends."""
        async def go() -> int:
            while (i := self.raw.find(marker, start)) < 0:
                chunk = await self._read()
                if not chunk:
                    raise AssertionError(f"closed before {marker!r}:\n{self.screen[-2000:]}")
                self.raw += chunk
            return i + len(marker)
        try:
            return await asyncio.wait_for(go(), WAIT)
        except TimeoutError:
            raise AssertionError(f"no {marker!r} after {WAIT}s:\n{self.screen[-2000:]}") from None

    async def closed(self) -> str:
        async def go() -> None:
            while chunk := await self._read():
                self.raw += chunk
        await asyncio.wait_for(go(), WAIT)
        return self.screen


async def connect(port: int, name: str, code: str = CODE, size: tuple[int, int] = (120, 30)) -> Term:
    conn = await asyncssh.connect("127.0.0.1", port, username=name, password=code, known_hosts=None,
                                  client_keys=None, agent_path=None, preferred_auth="password")
    proc = await conn.create_process(term_type="xterm-256color", term_size=size, encoding=None)
    return Term(conn, proc)


def serve(tmp_path: Path, body: Callable[[ClassRoom, int], Awaitable[None]], **limits: Any) -> None:
    """Run `body(room, port)` against a fresh SSH server on loopback, then stop the server."""
    async def main() -> None:
        room = ClassRoom([], str(tmp_path / "data"), class_code=CODE, limits=ServeLimits(**limits))
        server = await start_ssh_server(room, "127.0.0.1", 0, fail_delay=0)
        try:
            await body(room, server.sockets[0].getsockname()[1])
        finally:
            server.close()
            await server.wait_closed()
            for seat in list(room.seats.values()):  # end any trainer the body left running
                seat.stop("test over")
                assert await seat.ended(WAIT)
    asyncio.run(main())


async def left(events: asyncio.Queue[dict[str, Any]], name: str) -> None:
    """Wait for the class room to say `name`'s trainer ended (its work saved)."""
    async def go() -> None:
        while True:
            event = await events.get()
            if event == {"type": "left", "name": name}:
                return
    await asyncio.wait_for(go(), WAIT)


def test_login_pwd_solve_disconnect_and_resume(tmp_path: Path) -> None:
    times: list[float] = []

    async def body(room: ClassRoom, port: int) -> None:
        events = room.subscribe()
        t0 = time.perf_counter()
        term = await connect(port, "alice")
        await term.until(PROMPT)
        times.append(time.perf_counter() - t0)
        assert "Welcome to the shelldojo trainer" in term.screen
        assert "Where am I?" in term.screen
        out = await term.run("pwd")
        assert out.lstrip("\r\n").startswith("/home/learner/kitchen/line-")
        assert "✔ Challenge complete: Where am I?" in out
        await term.run("dojo next")
        assert "What is in this kitchen?" in term.screen
        await term.run("touch resumed-here")
        term.conn.close()
        await left(events, "alice")
        store = room.open_store("alice")
        try:
            assert store.status(PACK, "where-am-i") == "done"
            assert store.current() == (PACK, "what-is-here")
            assert store.setting("seed") == "alice"  # as `shelldojo --student alice`
        finally:
            store.close()
        again = await connect(port, "alice")
        await again.until(PROMPT)
        assert "What is in this kitchen?" in again.screen  # resumed where the student stopped
        assert "resumed-here" in await again.run("ls")    # on the same machine
        again.conn.close()
        await left(events, "alice")

    serve(tmp_path, body)
    print(f"SSH login to prompt: {times[0] * 1000:.0f} ms")


def test_wrong_code_is_refused_and_the_address_is_locked_out(tmp_path: Path) -> None:
    async def body(room: ClassRoom, port: int) -> None:
        for _ in range(3):
            with pytest.raises(asyncssh.PermissionDenied):
                await connect(port, "bob", code="guess")
        with pytest.raises(asyncssh.PermissionDenied):  # past the limit even the right code is refused
            await connect(port, "bob")
        assert not room.seats

    serve(tmp_path, body, login_attempts=3)


def test_bad_names_and_public_keys_are_refused(tmp_path: Path) -> None:
    async def body(room: ClassRoom, port: int) -> None:
        for name in ("../etc", "a b", "x" * 40, "-dash"):
            with pytest.raises(asyncssh.PermissionDenied):
                await connect(port, name)
        key = asyncssh.generate_private_key("ssh-ed25519")
        with pytest.raises(asyncssh.PermissionDenied):
            await asyncssh.connect("127.0.0.1", port, username="carol", known_hosts=None, client_keys=[key],
                                   agent_path=None, password=None, preferred_auth="publickey")
        assert not room.students() and not room.seats  # no store, no state for any of them

    serve(tmp_path, body, login_attempts=100)


def test_no_exec_no_sftp_no_forwarding(tmp_path: Path) -> None:
    async def body(room: ClassRoom, port: int) -> None:
        async with await asyncssh.connect("127.0.0.1", port, username="dave", password=CODE, known_hosts=None,
                                          client_keys=None, agent_path=None) as conn:
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.run("cat /etc/passwd", check=True, timeout=WAIT)
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.start_sftp_client()
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.open_connection("127.0.0.1", port)
            with pytest.raises(asyncssh.ChannelListenError):
                await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", port)
        assert not room.seats

    serve(tmp_path, body)


def test_host_key_made_once_0600_and_kept(tmp_path: Path) -> None:
    seen: list[str] = []

    async def body(room: ClassRoom, port: int) -> None:
        async with await asyncssh.connect("127.0.0.1", port, username="erin", password=CODE, known_hosts=None,
                                          client_keys=None, agent_path=None) as conn:
            seen.append(conn.get_server_host_key().get_fingerprint())

    serve(tmp_path, body)
    path = tmp_path / "data" / HOST_KEY
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    serve(tmp_path, body)
    assert seen[0] == seen[1]
    assert seen[0].startswith("SHA256:")


def test_window_resizes_reach_the_trainer(tmp_path: Path) -> None:
    async def body(room: ClassRoom, port: int) -> None:
        term = await connect(port, "fay", size=(90, 30))
        await term.until(PROMPT)
        assert (await term.run("echo $COLUMNS $LINES")).split() == ["90", "30"]
        term.proc.change_terminal_size(132, 43)
        mark = len(term.screen)  # the redraw for the new size may come before or after the line
        term.proc.stdin.write(b"echo size=${COLUMNS}x$LINES\r")
        await term.until("size=132x43", mark)
        term.conn.close()

    serve(tmp_path, body)


def test_class_full_is_said_and_the_session_closed(tmp_path: Path) -> None:
    async def body(room: ClassRoom, port: int) -> None:
        first = await connect(port, "gus")
        await first.until(PROMPT)
        second = await connect(port, "hal")
        assert "the class is full (1 sessions)" in await second.closed()
        assert "hal" not in room.seats
        assert "whoami" in await first.run("echo whoami")  # the first student is untouched
        first.conn.close()

    serve(tmp_path, body, max_sessions=1)


def test_a_crash_in_one_session_leaves_the_server_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async def body(room: ClassRoom, port: int) -> None:
        real = room.run_student

        async def flaky(name: str, *args: Any, **kw: Any) -> int:
            if name == "boom":
                raise RuntimeError("injected failure")
            return await real(name, *args, **kw)

        monkeypatch.setattr(room, "run_student", flaky)
        broken = await connect(port, "boom")
        await broken.closed()  # that session ends ...
        term = await connect(port, "ivy")  # ... the server goes on
        await term.until(PROMPT)
        assert "/home/learner" in await term.run("pwd")
        term.conn.close()

    serve(tmp_path, body)


def test_ssh_and_web_share_progress_and_the_newer_takes_over(tmp_path: Path) -> None:
    aiohttp = pytest.importorskip("aiohttp")
    web = pytest.importorskip("shelldojo.shell.serve.web")

    async def body(room: ClassRoom, port: int) -> None:
        events = room.subscribe()
        runner, web_port = await web.start_web(room, "127.0.0.1", 0, "teacher-pw")
        try:
            term = await connect(port, "jo")
            await term.until(PROMPT)
            assert "Challenge complete: Where am I?" in await term.run("pwd")
            await term.run("dojo next")
            await term.run("touch made-over-ssh")
            async with aiohttp.ClientSession() as http, http.ws_connect(f"http://127.0.0.1:{web_port}/ws") as ws:
                await ws.send_json({"type": "login", "name": "jo", "code": CODE, "cols": 120, "rows": 30})
                # the browser takes over: the SSH session is told and closed, its work saved
                assert "jo logged in somewhere else" in await term.closed()
                await left(events, "jo")
                screen = b""

                async def until(text: str, start: int = 0) -> int:
                    nonlocal screen
                    while (i := plain(screen).find(text, start)) < 0:
                        msg = await asyncio.wait_for(ws.receive(), WAIT)
                        assert msg.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), msg
                        if msg.type == aiohttp.WSMsgType.BINARY:
                            screen += msg.data
                    return i + len(text)

                await until(PROMPT)
                assert "What is in this kitchen?" in plain(screen)  # the same challenge ...
                mark = len(plain(screen))
                await ws.send_bytes(b"ls -1 made*\r")
                await until("made-over-ssh\r\n", mark)             # ... on the same machine
                await ws.send_bytes(b"exit\r")
                await left(events, "jo")
        finally:
            await runner.cleanup()

    serve(tmp_path, body)


def test_idle_student_is_saved_and_closed(tmp_path: Path) -> None:
    async def body(room: ClassRoom, port: int) -> None:
        term = await connect(port, "kim")
        assert "no key pressed for 1 minute" in await term.closed()
        assert "kim" not in room.seats

    serve(tmp_path, body, idle_timeout_s=1.0)


def test_connections_per_address_are_bounded(tmp_path: Path) -> None:
    async def body(room: ClassRoom, port: int) -> None:
        first = await connect(port, "lee")
        await first.until(PROMPT)
        with pytest.raises((asyncssh.DisconnectError, ConnectionError)):
            await connect(port, "max")
        assert room.addresses.connections == {"127.0.0.1": 1}
        first.conn.close()
        await first.conn.wait_closed()

    serve(tmp_path, body, per_ip_connections=1)


def test_a_flood_of_input_is_dropped_and_said(tmp_path: Path) -> None:
    async def body(room: ClassRoom, port: int) -> None:
        term = await connect(port, "ned")
        await term.until(PROMPT)
        term.proc.stdin.write(b"x" * 500)  # far past the burst: dropped, never typed
        await term.until("[shelldojo: typing too fast: input dropped]")
        assert "xxxxxxxx" not in term.screen
        term.conn.close()

    serve(tmp_path, body, max_input_rate=1, input_burst=100)


def test_keys_reach_the_trainer_one_by_one(tmp_path: Path) -> None:
    """No line editing in asyncssh: Tab completes in prompt_toolkit before any Enter."""
    async def body(room: ClassRoom, port: int) -> None:
        term = await connect(port, "ola")
        await term.until(PROMPT)
        mark = len(term.screen)
        term.proc.stdin.write(b"echo $HOM\t")
        await term.until("$HOME", mark)
        assert "/home/learner" in await term.run("")
        term.conn.close()

    serve(tmp_path, body)


def test_without_a_pty_the_trainer_gets_a_usual_size(tmp_path: Path) -> None:
    async def body(room: ClassRoom, port: int) -> None:
        conn = await asyncssh.connect("127.0.0.1", port, username="pia", password=CODE, known_hosts=None,
                                      client_keys=None, agent_path=None)
        term = Term(conn, await conn.create_process(encoding=None))  # `ssh -T`: no terminal size
        await term.until(PROMPT)
        mark = len(term.screen)
        term.proc.stdin.write(b"echo size=${COLUMNS}x$LINES\r")
        await term.until("size=80x24", mark)
        conn.close()

    serve(tmp_path, body)


def test_an_absurd_terminal_size_is_clamped(tmp_path: Path) -> None:
    async def body(room: ClassRoom, port: int) -> None:
        term = await connect(port, "quinn", size=(1_000_000, 1_000_000))
        await term.until(PROMPT)
        mark = len(term.screen)
        term.proc.stdin.write(b"echo size=${COLUMNS}x$LINES\r")
        await term.until("size=500x300", mark)
        term.proc.change_terminal_size(3, 1)
        mark = len(term.screen)
        term.proc.stdin.write(b"echo size=${COLUMNS}x$LINES\r")
        await term.until("size=10x5", mark)
        term.conn.close()

    serve(tmp_path, body)
