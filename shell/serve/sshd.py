"""Students over SSH: `ssh -p 2222 NAME@host`, the class code as password, lands in the same
trainer as the browser (asyncssh with prompt_toolkit's contrib.ssh server and session).

Each SSH session is a terminal like a WebSocket: bridge.py's OutputSink (bounded, the tty's
onlcr), Vt100_Output and Keyboard (cooked mode while a command runs), and ClassRoom.run_student
runs the trainer in its own thread.  Only password authentication (the user name is the
student's name, the password the class code); no public keys, no exec, no subsystems (sftp),
no forwarding of ports, agents or X11.  Failed logins count in the class room's per-IP book,
shared with the web side: past the limit the address is refused until the window passes.
The host key is generated once in DATA_DIR/ssh_host_ed25519_key (0600), never the teacher's
~/.ssh.
"""
from __future__ import annotations

import asyncio
import logging
import os
import warnings
from typing import Any

from cryptography.utils import CryptographyDeprecationWarning

with warnings.catch_warnings():  # asyncssh still names DSA on import: not the teacher's concern
    warnings.simplefilter("ignore", CryptographyDeprecationWarning)
    import asyncssh
    from prompt_toolkit.contrib.ssh.server import PromptToolkitSSHServer, PromptToolkitSSHSession
from prompt_toolkit.data_structures import Size
from shelldojo.shell.serve.bridge import OutputSink
from shelldojo.shell.serve.classroom import ClassRoom, valid_name
from shelldojo.shell.serve.limits import Refused, TokenBucket

log = logging.getLogger("shelldojo.serve.ssh")
HOST_KEY = "ssh_host_ed25519_key"
FAIL_DELAY_S = 1.0   # each wrong code costs the guesser this long (sshd's own pause is similar)
FLUSH_S = 2.0        # at the end, how long the last output may take to reach a slow client
TOO_FAST = b"\r\n[shelldojo: typing too fast: input dropped]\r\n"


def host_key(data_dir: str) -> asyncssh.SSHKey:
    """The server's Ed25519 key, made on first use: created 0600 atomically (O_EXCL), kept after."""
    path = os.path.join(data_dir, HOST_KEY)
    os.makedirs(data_dir, exist_ok=True)
    try:
        key = asyncssh.read_private_key(path)
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)  # a key others can read is no secret: tighten it, as sshd insists
        return key
    except FileNotFoundError:
        pass
    key = asyncssh.generate_private_key("ssh-ed25519", comment="shelldojo serve")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key.export_private_key())
    return key


class StudentSSHSession(PromptToolkitSSHSession):
    """One student's terminal: contrib.ssh's session (channel, size, shell request) with the
    class room's tty bridge instead of a bare pipe input (so SSH and the web behave alike)."""

    def __init__(self, room: ClassRoom, name: str) -> None:
        super().__init__(self._run, enable_cpr=False)
        self.room, self.name = room, name
        self.terminal: Any = None
        self.sink: OutputSink | None = None
        self.writable = asyncio.Event()   # SSH flow control: the client's window is open
        self.writable.set()
        self.rate = TokenBucket(room.limits.max_input_rate, room.limits.input_burst)
        self.dropping = False

    def _get_size(self) -> Size:
        size = super()._get_size()
        if size.rows <= 0 or size.columns <= 0:  # `ssh -T` (no pty): no size; a terminal's usual one
            return Size(rows=24, columns=80)
        # a client's word is no reason to lay out a million columns: the web side's bounds
        return Size(rows=max(5, min(300, size.rows)), columns=max(10, min(500, size.columns)))

    async def _interact(self) -> None:  # contrib's, minus its traceback printing and str channel
        chan = self._chan
        assert chan is not None
        try:
            await self._run(self)
        except Exception:  # one session's failure never reaches the server
            log.exception("the SSH session of %r failed", self.name)
        finally:
            try:
                chan.close()
            except Exception:  # noqa: BLE001, S110 - already closed
                pass

    async def _run(self, _session: Any) -> None:
        loop = asyncio.get_running_loop()
        self.sink = sink = OutputSink(loop, self._send, self.room.limits.output_buffer)
        pump = asyncio.create_task(sink.pump())
        self.terminal = terminal = self.room.terminal(sink, self._get_size)
        try:
            try:
                await self.room.run_student(self.name, terminal)
            except Refused as exc:  # the class is full, or the older session will not end
                sink.write(f"shelldojo: {exc}\n")
            finally:
                self.room.leave(self.name, terminal)  # a no-op unless this task was cancelled
                terminal.hang_up()
                terminal.close()
        finally:
            await _flush(sink, pump)

    async def _send(self, data: bytes) -> None:
        await self.writable.wait()
        chan = self._chan
        if chan is not None and not chan.is_closing():
            try:
                chan.write(data)
            except (BrokenPipeError, asyncssh.Error):
                pass

    # -- from asyncssh (the event loop) -----------------------------------------------------
    def data_received(self, data: Any, datatype: Any) -> None:
        if self.terminal is None:
            return
        raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else bytes(data)
        if not self.rate.take(len(raw)):  # the maximum input rate: a flood is dropped, said once
            if not self.dropping and self.sink is not None:
                self.dropping = True
                self.sink.write(TOO_FAST)
            return
        self.dropping = False
        self.room.touch(self.name)
        self.terminal.feed(raw)

    def terminal_size_changed(self, width: int, height: int, pixwidth: object, pixheight: object) -> None:
        if self.terminal is not None:
            self.terminal.resize()  # the application on screen redraws for the new size

    def eof_received(self) -> bool:
        self._gone()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._gone()
        self.writable.set()

    def _gone(self) -> None:
        """The client hung up: its trainer ends (a running command line is cancelled; saved)."""
        if self.terminal is not None:
            self.room.leave(self.name, self.terminal)
            self.terminal.hang_up()

    def pause_writing(self) -> None:
        self.writable.clear()

    def resume_writing(self) -> None:
        self.writable.set()


async def _flush(sink: OutputSink, pump: asyncio.Task[None]) -> None:
    """Send what the trainer wrote last (its goodbye), then stop the pump."""
    with sink.lock:
        sink.closed = True  # no more writes; what is queued still goes out
    sink._notify()
    try:
        await asyncio.wait_for(pump, FLUSH_S)
    except Exception:  # noqa: BLE001 - a stalled or gone client
        pump.cancel()


class ClassSSHServer(PromptToolkitSSHServer):
    """One SSH connection: password authentication against the class code, per-IP limits."""

    def __init__(self, room: ClassRoom, fail_delay: float = FAIL_DELAY_S) -> None:
        super().__init__(self._unused, enable_cpr=False)
        self.room, self.fail_delay = room, fail_delay
        self.conn: asyncssh.SSHServerConnection | None = None
        self.ip = ""
        self.counted = False

    async def _unused(self, _session: Any) -> None:  # sessions are StudentSSHSession
        return None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?",)
        self.ip = str(peer[0])
        try:
            self.room.addresses.connect(self.ip)
            self.counted = True
        except Refused as exc:
            conn.disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS, str(exc))

    def connection_lost(self, exc: Exception | None) -> None:
        if self.counted:
            self.counted = False
            self.room.addresses.disconnect(self.ip)

    def _blocked(self) -> str:
        try:
            self.room.addresses.may_try_login(self.ip)
        except Refused as exc:
            return str(exc)
        return ""

    def begin_auth(self, username: str) -> bool:
        reason = self._blocked()
        if reason and self.conn is not None:
            self.conn.send_auth_banner(f"shelldojo: {reason}\r\n")
        return True  # always authenticate (no anonymous students)

    def password_auth_supported(self) -> bool:
        return not self._blocked()  # a refused address is offered no way in

    def public_key_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    async def validate_password(self, username: str, password: str) -> bool:
        if self._blocked():
            return False
        try:
            valid_name(username)
            ok = self.room.check_code(password)
        except ValueError:
            ok = False
        if ok:
            log.info("%s logged in over SSH from %s", username, self.ip)
        else:
            self.room.addresses.login_failed(self.ip)
            if self.fail_delay > 0:
                await asyncio.sleep(self.fail_delay)
        return ok

    def session_requested(self) -> StudentSSHSession:
        assert self.conn is not None
        return StudentSSHSession(self.room, self.conn.get_extra_info("username"))


async def start_ssh_server(classroom: ClassRoom, host: str, port: int, *,
                           fail_delay: float = FAIL_DELAY_S) -> asyncssh.SSHAcceptor:
    """Listen for students on host:port (port 0: any free port, see `.sockets`); returns the
    asyncssh acceptor (`close()` then `await wait_closed()` to stop)."""
    key = host_key(classroom.data_dir)
    if logging.getLogger("asyncssh").level == logging.NOTSET:
        logging.getLogger("asyncssh").setLevel(logging.WARNING)  # one line per login (ours), not ten
    return await asyncssh.create_server(
        lambda: ClassSSHServer(classroom, fail_delay), host, port,
        server_host_keys=[key], encoding=None,            # bytes: the bridge is a byte tty
        line_editor=False,                                # prompt_toolkit edits lines, not asyncssh
        agent_forwarding=False, x11_forwarding=False, allow_scp=False, sftp_factory=None,
        allow_pty=True, login_timeout=60, keepalive_interval=60, keepalive_count_max=3,
    )
