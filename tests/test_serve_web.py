"""`shelldojo serve`'s browser side (issue 18): the page and its assets, the /ws bridge to the
trainer, resuming by name, and the bounds (max sessions, per-IP limits, idle timeout, crashes)."""
from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Self

import pytest

aiohttp = pytest.importorskip("aiohttp")

from shelldojo.challenges.listing import load_packs, pack_dirs
from shelldojo.shell.serve.classroom import ClassRoom, valid_name
from shelldojo.shell.serve.limits import ServeLimits
from shelldojo.shell.serve.web import start_web

ROOT = Path(__file__).resolve().parent.parent
CODE = "blue-fox-42"
ANSI = re.compile(r"\x1b\][^\x07]*\x07|\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\r")
CPR = b"\x1b[6n"
DONE, READING = b"\x1b[?2004l", b"\x1b[?2004h"   # a line was accepted; a prompt starts reading
WAIT = 60.0   # generous: 8 engineers share 2 cores


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 240))


class Server:
    """The web side on a free port; `workers` > 0 runs the trainers in worker processes."""

    def __init__(self, tmp: Path, room_class: type[ClassRoom] = ClassRoom, workers: int = 0,
                 store_url: str | None = None, **limits: Any) -> None:
        self.room = room_class([], str(tmp / "data"), store_url=store_url, class_code=CODE,
                               limits=ServeLimits(**limits), workers=workers)

    async def __aenter__(self) -> Self:
        await self.room.start()
        self.runner, self.port = await start_web(self.room, "127.0.0.1", 0)
        self.http = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.http.close()
        await self.room.close()
        await self.runner.cleanup()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def connect(self, name: str, code: str = CODE) -> Tab:
        ws = await self.http.ws_connect(self.url("/ws"))
        await ws.send_str(json.dumps({"type": "login", "name": name, "code": code, "cols": 100, "rows": 30}))
        return Tab(ws)


class Tab:
    """One browser tab: what the terminal shows (escapes stripped) and the control messages."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.raw = b""
        self.screen = ""
        self.controls: list[dict[str, Any]] = []
        self.closed = False

    async def _next(self) -> None:
        msg = await self.ws.receive()
        if msg.type == aiohttp.WSMsgType.BINARY:
            if CPR in msg.data:   # "where is the cursor?": a terminal answers (the prompt at the bottom)
                await self.ws.send_bytes(b"\x1b[30;1R")
            self.raw += msg.data
            self.screen += ANSI.sub("", msg.data.decode("utf-8", "replace"))
        elif msg.type == aiohttp.WSMsgType.TEXT:
            self.controls.append(json.loads(msg.data))
        else:
            self.closed = True

    async def until(self, pattern: str, since: int = 0) -> str:
        """Read until `pattern` (a regex) shows on the screen after position `since`."""
        async def wait() -> str:
            while not re.search(pattern, self.screen[since:]):
                if self.closed:
                    raise AssertionError(f"closed before {pattern!r}; screen: {self.screen[-2000:]!r}")
                await self._next()
            return self.screen[since:]
        try:
            return await asyncio.wait_for(wait(), WAIT)
        except TimeoutError:
            raise AssertionError(f"no {pattern!r}; screen: {self.screen[-2000:]!r}") from None

    async def control(self, kind: str) -> dict[str, Any]:
        async def wait() -> dict[str, Any]:
            while True:
                found = [c for c in self.controls if c.get("type") == kind]
                if found:
                    return found[0]
                if self.closed:
                    raise AssertionError(f"closed without {kind}: {self.controls} {self.screen[-500:]!r}")
                await self._next()
        return await asyncio.wait_for(wait(), WAIT)

    async def until_closed(self) -> None:
        async def wait() -> None:
            while not self.closed:
                await self._next()
        await asyncio.wait_for(wait(), WAIT)

    async def prompt(self, since: int = 0) -> str:
        return await self.until(r"learner@dojo:[^\n]*\$", since)

    async def type(self, line: str) -> str:
        """Type a line and Enter; what the screen shows up to the next prompt (prompt_toolkit
        turns bracketed paste off when it is done with a line, on when a prompt starts reading)."""
        mark, raw_mark = len(self.screen), len(self.raw)

        def plain(raw: bytes) -> str:
            return ANSI.sub("", raw.decode("utf-8", "replace"))

        def prompted() -> bool:
            done = self.raw.find(DONE, raw_mark)   # the line's end, not a resize's redraw
            while done >= 0 and line not in plain(self.raw[raw_mark:done]):
                done = self.raw.find(DONE, done + 1)
            at = self.raw.find(READING, done) if done >= 0 else -1
            return at >= 0 and re.search(r"learner@dojo:[^\n]*\$", plain(self.raw[at:])) is not None

        async def wait() -> str:
            while not prompted():
                if self.closed:
                    raise AssertionError(f"closed after {line!r}; screen: {self.screen[-2000:]!r}")
                await self._next()
            return self.screen[mark:]
        await self.ws.send_bytes(line.encode() + b"\r")
        try:
            return await asyncio.wait_for(wait(), WAIT)
        except TimeoutError:
            raise AssertionError(f"no prompt after {line!r}; screen: {self.screen[-2000:]!r}") from None


async def _gone(room: ClassRoom, name: str) -> None:
    async def wait() -> None:
        while name in room.seats:
            await asyncio.sleep(0.02)
    await asyncio.wait_for(wait(), WAIT)


def test_the_page_and_assets_are_served_without_external_urls(tmp_path: Path) -> None:
    async def go() -> None:
        async with Server(tmp_path) as srv:
            async with srv.http.get(srv.url("/")) as r:
                html = await r.text()
                assert r.status == 200
                assert "Content-Security-Policy" in r.headers
            assert not re.search(r"https?://", html, re.IGNORECASE)
            assert 'id="terminal"' in html and 'id="login-form"' in html
            for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html) + [
                    "/static/vendor/xterm.LICENSE", "/static/vendor/addon-fit.LICENSE"]:
                async with srv.http.get(srv.url(asset)) as r:
                    assert r.status == 200, asset
                    assert len(await r.read()) > 100, asset
            async with srv.http.get(srv.url("/static/../classroom.py")) as r:
                assert r.status in (403, 404)
    run(go())


def test_a_wrong_code_or_a_bad_name_is_refused(tmp_path: Path) -> None:
    async def go() -> None:
        async with Server(tmp_path) as srv:
            tab = await srv.connect("ann", code="nope")
            assert (await tab.control("error"))["message"] == "wrong class code"
            await tab.until_closed()
            tab = await srv.connect("<script>")
            assert "name" in (await tab.control("error"))["message"]
            assert srv.room.seats == {}
    run(go())
    with pytest.raises(ValueError):
        valid_name("../etc")
    assert valid_name("Ann.B_2") == "Ann.B_2"


def test_a_student_works_solves_leaves_and_is_resumed(tmp_path: Path) -> None:
    first = load_packs(pack_dirs(str(tmp_path / "x"), []), lambda w: None)[0].challenges[0]

    async def go() -> None:
        async with Server(tmp_path) as srv:
            events = srv.room.subscribe()
            tab = await srv.connect("ann")
            assert (await tab.control("ready"))["name"] == "ann"
            await tab.prompt()
            assert first.title in tab.screen   # the goal card of the first challenge
            await tab.type("touch keep.txt")
            for line in first.solution.splitlines():
                shown = await tab.type(line)
            assert "\n/home/learner" in shown
            assert f"Challenge complete: {first.title}" in shown
            st = srv.room.students()[0]
            assert st.name == "ann" and st.connected and any(key.endswith("/" + first.id) for key in st.solved)
            assert [e["command"] for e in st.recent][:1] == ["touch keep.txt"]
            kinds = []
            while not events.empty():
                kinds.append(events.get_nowait()["type"])
            assert kinds[0] == "joined" and "command" in kinds and "solved" in kinds
            await tab.ws.close()
            await _gone(srv.room, "ann")
            assert not srv.room.students()[0].connected

            again = await srv.connect("ann")
            await again.prompt()
            assert "keep.txt" in await again.type("ls")   # the same machine
            assert "\n/home/learner" in await again.type("pwd")
            await again.ws.close()
            await _gone(srv.room, "ann")
        # a new server over the same data dir knows ann and what she solved
        assert any(k.endswith("/" + first.id) for k in ClassRoom([], str(tmp_path / "data")).state["ann"].solved)
    run(go())


@pytest.mark.parametrize("workers", [0, 2])   # in this process, or across worker processes
def test_a_newer_tab_takes_over_and_the_older_is_told(tmp_path: Path, workers: int) -> None:
    async def go() -> None:
        async with Server(tmp_path, workers=workers) as srv:
            old = await srv.connect("bob")
            await old.prompt()
            await old.type("mkdir made-in-the-old-tab")
            new = await srv.connect("bob")
            await old.until("logged in somewhere else")
            await old.until_closed()
            await new.prompt()
            assert "/home/learner" in await new.type("pwd")
            assert "made-in-the-old-tab" in await new.type("ls")
            assert len(srv.room.seats) == 1
    run(go())


def test_max_sessions_and_per_ip_limits(tmp_path: Path) -> None:
    async def go() -> None:
        async with Server(tmp_path, max_sessions=1) as srv:
            a = await srv.connect("ann")
            await a.prompt()
            b = await srv.connect("bea")
            assert "the class is full" in (await b.control("error"))["message"]
            await b.until_closed()
        async with Server(tmp_path, per_ip_connections=1) as srv:
            a = await srv.connect("ann")
            await a.prompt()
            b = await srv.connect("bea")
            assert "too many connections" in (await b.control("error"))["message"]
        async with Server(tmp_path, login_attempts=2) as srv:
            for _ in range(2):
                t = await srv.connect("ann", code="wrong")
                assert (await t.control("error"))["message"] == "wrong class code"
            t = await srv.connect("ann")   # even with the right code, for the rest of the window
            assert "too many failed logins" in (await t.control("error"))["message"]
    run(go())


def test_idle_timeout_saves_and_closes(tmp_path: Path) -> None:
    async def go() -> None:
        async with Server(tmp_path, idle_timeout_s=1.5) as srv:
            tab = await srv.connect("cid")
            await tab.prompt()
            await tab.type("mkdir saved-before-idle")
            await tab.until("no key pressed")
            await tab.until_closed()
            await _gone(srv.room, "cid")
        async with Server(tmp_path) as srv:
            tab = await srv.connect("cid")
            await tab.prompt()
            assert "saved-before-idle" in await tab.type("ls")
    run(go())


class Crashing(ClassRoom):
    def open_store(self, name: str) -> Any:   # called inside the student's trainer thread
        if name == "boom":
            raise RuntimeError("injected")
        return super().open_store(name)


def test_a_crash_in_one_session_is_told_and_the_server_goes_on(tmp_path: Path) -> None:
    async def go() -> None:
        async with Server(tmp_path, room_class=Crashing) as srv:
            ok = await srv.connect("ann")
            await ok.prompt()
            boom = await srv.connect("boom")
            await boom.until("internal problem")
            await boom.until_closed()
            assert "/home/learner" in await ok.type("pwd")   # the other student goes on
            again = await srv.connect("dan")
            await again.prompt()
    run(go())


def test_run_does_not_import_the_server() -> None:
    code = ("import sys; from shelldojo.shell.cli import main; main(['run', '-c', 'true']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'asyncssh')"
            " or m.startswith('shelldojo.shell.serve')))")
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert out.stdout.strip() == "[]", out.stderr
