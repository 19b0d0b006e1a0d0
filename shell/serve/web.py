"""The browser side of `shelldojo serve`: an aiohttp app serving the page, its static files
(xterm.js vendored, no external URL) and the WebSocket `/ws` that bridges one browser tab to
one trainer (classroom.run_student).

/ws protocol: text frames are JSON control messages, binary frames are terminal bytes.
  client -> server  {"type": "login", "name": N, "code": C, "cols": 80, "rows": 24}  (first)
                    {"type": "resize", "cols": .., "rows": ..}
                    binary: the keys typed (xterm.js onData, UTF-8)
  server -> client  {"type": "ready", "name": N} | {"type": "error", "message": M}
                    {"type": "notice", "message": M} | {"type": "download", "name": F, "text": T}
                    binary: what the terminal shows
The connection closes when the trainer ends (exit, idle timeout, taken over elsewhere).
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from importlib import resources
from typing import Any

from aiohttp import WSMsgType, web
from prompt_toolkit.data_structures import Size
from shelldojo.shell.serve.bridge import OutputSink
from shelldojo.shell.serve.classroom import ClassRoom, valid_name
from shelldojo.shell.serve.limits import Refused, TokenBucket

log = logging.getLogger("shelldojo.serve")
LOGIN_WAIT_S = 120.0  # a tab must log in this soon after opening the socket
CLASSROOM: web.AppKey[ClassRoom] = web.AppKey("classroom", ClassRoom)


def static_dir() -> str:
    return str(resources.files("shelldojo.shell.serve") / "static")


def make_app(classroom: ClassRoom, teacher_password: str | None = None) -> web.Application:
    app = web.Application()
    app[CLASSROOM] = classroom
    app.router.add_get("/", index)
    app.router.add_get("/ws", websocket)
    app.router.add_static("/static/", static_dir(), follow_symlinks=False)
    try:  # the teacher's dashboard (shell/serve/dashboard.py) when it is there
        from shelldojo.shell.serve.dashboard import add_dashboard_routes
    except ImportError:
        add_dashboard_routes = None
    if add_dashboard_routes is not None and teacher_password:
        add_dashboard_routes(app, classroom, teacher_password)
    return app


async def index(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(f"{static_dir()}/index.html", headers={
        "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'"})


def _size(msg: dict[str, Any], old: Size) -> Size:
    def clamp(value: Any, low: int, high: int, default: int) -> int:
        return max(low, min(high, value)) if isinstance(value, int) and not isinstance(value, bool) else default
    return Size(rows=clamp(msg.get("rows"), 5, 300, old.rows), columns=clamp(msg.get("cols"), 10, 500, old.columns))


async def _login(ws: web.WebSocketResponse, room: ClassRoom, ip: str) -> tuple[str, Size] | None:
    """The first message must be a login with the class code; None (after saying why) if not."""
    try:
        msg = await ws.receive(timeout=LOGIN_WAIT_S)
    except TimeoutError:
        return None
    if msg.type != WSMsgType.TEXT:
        return None
    try:
        data = json.loads(msg.data)
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("type") != "login":
        await ws.send_json({"type": "error", "message": "log in first"})
        return None
    try:
        room.addresses.may_try_login(ip)
        name = valid_name(data.get("name"))  # type: ignore[arg-type]
    except (Refused, ValueError) as exc:
        await ws.send_json({"type": "error", "message": str(exc)})
        return None
    if not room.check_code(data.get("code")):  # type: ignore[arg-type]
        room.addresses.login_failed(ip)
        await ws.send_json({"type": "error", "message": "wrong class code"})
        return None
    return name, _size(data, Size(rows=24, columns=80))


async def websocket(request: web.Request) -> web.StreamResponse:
    room = request.app[CLASSROOM]
    ws = web.WebSocketResponse(max_msg_size=1 << 16, heartbeat=30)
    await ws.prepare(request)
    ip = request.remote or "?"
    try:
        room.addresses.connect(ip)
    except Refused as exc:
        await ws.send_json({"type": "error", "message": str(exc)})
        await ws.close()
        return ws
    try:
        login = await _login(ws, room, ip)
        if login is not None:
            await _session(ws, room, *login)
    finally:
        room.addresses.disconnect(ip)
        await ws.close()
    return ws


async def _session(ws: web.WebSocketResponse, room: ClassRoom, name: str, size: Size) -> None:
    loop = asyncio.get_running_loop()
    box = [size]

    async def send(data: bytes) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await ws.send_bytes(data)

    def download(filename: str, text: str) -> None:  # from the trainer's thread or the loop
        loop.call_soon_threadsafe(lambda: asyncio.ensure_future(_send_json(
            ws, {"type": "download", "name": filename, "text": text})))

    sink = OutputSink(loop, send, room.limits.output_buffer)
    bucket = TokenBucket(room.limits.max_input_rate, room.limits.input_burst)
    pump = asyncio.create_task(sink.pump())
    terminal = room.terminal(sink, lambda: box[0], download)
    try:
        await ws.send_json({"type": "ready", "name": name})
        student = asyncio.create_task(room.run_student(name, terminal))
        reader = asyncio.create_task(_read(ws, room, name, terminal, bucket, box))
        await asyncio.wait({student, reader}, return_when=asyncio.FIRST_COMPLETED)
        if not student.done():  # the tab went away: the trainer ends (saved after every command)
            room.leave(name, terminal)
        try:
            await student
        except Refused as exc:
            await _send_json(ws, {"type": "error", "message": str(exc)})
        except Exception:  # a bug in the bridge: this student only
            log.exception("the session of %r failed", name)
        reader.cancel()
    finally:
        terminal.close()
    sink.close()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(pump, 5)


async def _send_json(ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
    with contextlib.suppress(ConnectionError, RuntimeError):
        await ws.send_json(data)


async def _read(ws: web.WebSocketResponse, room: ClassRoom, name: str, terminal: Any,
                bucket: TokenBucket, box: list[Size]) -> None:
    warned = False
    async for msg in ws:
        if msg.type == WSMsgType.BINARY:
            if not bucket.take(len(msg.data)):  # the maximum input rate: the excess is dropped
                if not warned:
                    warned = True
                    await _send_json(ws, {"type": "notice", "message": "typing too fast: some input was dropped"})
                continue
            room.touch(name)
            terminal.feed(msg.data)
        elif msg.type == WSMsgType.TEXT:
            try:
                data = json.loads(msg.data)
            except ValueError:
                continue
            if isinstance(data, dict) and data.get("type") == "resize":
                box[0] = _size(data, box[0])
                terminal.resize()


async def start_web(room: ClassRoom, host: str, port: int, teacher_password: str | None = None
                    ) -> tuple[web.AppRunner, int]:
    """Serve the app; returns the runner (await runner.cleanup() to stop) and the bound port."""
    runner = web.AppRunner(make_app(room, teacher_password), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    server = site._server
    bound = server.sockets[0].getsockname()[1] if server is not None and server.sockets else port  # type: ignore[union-attr]
    return runner, bound
