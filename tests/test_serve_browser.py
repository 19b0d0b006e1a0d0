"""`shelldojo serve` in a real browser (issue 18): headless Chromium (Debian's `chromium` and
`chromium-driver`, driven by Selenium pointed at /usr/bin/chromedriver so Selenium Manager never
downloads anything) against the real command line `shelldojo serve` started as a child process on
127.0.0.1 with a temporary data dir.

- a student opens the page, types a name and the class code, types `pwd` into xterm.js and sees
  /home/learner, solves the first challenge with its reference solution, goes on, makes a file,
  reloads the page and is resumed (same challenge, same machine);
- the teacher logs in at /teacher/login in the browser and sees that student in the grid; a second
  student comes in over SSH (asyncssh as the client) and the open dashboard shows both live.

Screenshots go to tests/artifacts/ (git-ignored) on every run.  Every wait is for something the
page shows (polled by WebDriverWait), bounded by a timeout: no sleeps.
"""
from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aiohttp", reason="the serving extra (aiohttp) is not installed")
asyncssh = pytest.importorskip("asyncssh", reason="the serving extra (asyncssh) is not installed")
try:   # the browser tests skip without selenium; the server tests below them still run
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.common.selenium_manager import SeleniumManager
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    webdriver = None
from shelldojo.challenges.listing import load_packs, pack_dirs
from shelldojo.challenges.model import Challenge

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
CODE, PASSWORD = "owl-7", "teach-me"
WAIT = 60.0   # a cold first machine on a 2-core box shared by many can take seconds
PROMPT = "learner@dojo:"
# the terminal's visible rows as text (xterm.js's DOM renderer: one div per row)
ROWS_JS = ("return Array.from(document.querySelectorAll('.xterm-rows > div'))"
           ".map(function (d) { return d.textContent; }).join('\\n')")
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]|\x1b[=>]")

_missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
needs_browser = pytest.mark.skipif(
    webdriver is None or bool(_missing),
    reason="no headless browser: " + ("selenium is not installed (pip install -e '.[test]')" if webdriver is None
                                      else f"{', '.join(_missing)} missing (apt-get install chromium chromium-driver)"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """`shelldojo serve` as a child process: its URLs and ports, read from what it prints."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.ssh_port = _free_port()
        env = {**os.environ, "HOME": str(data), "XDG_DATA_HOME": str(data / "xdg")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "shelldojo", "serve", "--host", "127.0.0.1", "--port", "0",
             "--ssh-port", str(self.ssh_port), "--class-code", CODE, "--teacher-password", PASSWORD,
             "--data-dir", str(data / "class")],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        banner = ""
        for line in self.proc.stdout:   # the banner ends with the data line
            banner += line
            if line.lstrip().startswith("data:"):
                break
        found = re.search(r"browser:\s+(http://127\.0\.0\.1:\d+)/", banner)
        assert found and "ssh -p" in banner, f"unexpected banner: {banner!r}"
        self.url = found.group(1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)   # the server saves every student and ends
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    srv = Served(tmp_path_factory.mktemp("serve"))
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[webdriver.Chrome]:
    def no_download(*args: object) -> None:
        raise AssertionError("Selenium Manager was asked for a driver: it must never download one")
    monkeypatch.setattr(SeleniumManager, "binary_paths", no_download)
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1200,900", f"--user-data-dir={tmp_path / 'profile'}",
                "--no-first-run", "--disable-background-networking"):
        opts.add_argument(arg)
    # a Service with a path: Selenium Manager is skipped, nothing is downloaded
    driver = webdriver.Chrome(options=opts, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


def first_two() -> tuple[Challenge, Challenge]:
    pack = load_packs(pack_dirs(os.devnull, []), lambda w: None)[0]
    return pack.challenges[0], pack.challenges[1]


def screen(d: webdriver.Chrome) -> str:
    return str(d.execute_script(ROWS_JS)).replace("\u00a0", " ")


def wait_for(d: webdriver.Chrome, test: Callable[[webdriver.Chrome], Any], what: str) -> Any:
    try:
        return WebDriverWait(d, WAIT, poll_frequency=0.1).until(test)
    except TimeoutException:
        shown = screen(d) or d.find_element(By.TAG_NAME, "body").text
        raise AssertionError(f"no {what} after {WAIT}s; the page shows:\n{shown[-3000:]}") from None


def until_screen(d: webdriver.Chrome, text: str) -> str:
    """Wait until the terminal shows `text`; the screen then."""
    def shows(d: webdriver.Chrome) -> str | None:
        s = screen(d)
        return s if text in s else None
    return wait_for(d, shows, repr(text))


def type_line(d: webdriver.Chrome, line: str) -> str:
    """Type a command line into xterm.js and wait for the next prompt after it; what it printed."""
    before = screen(d)
    d.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(line + Keys.ENTER)

    def done(d: webdriver.Chrome) -> str | None:
        s = screen(d)
        rows = s.splitlines()
        typed = [i for i, row in enumerate(rows) if PROMPT in row and row.rstrip().endswith(f"$ {line}")]
        # the line echoed at a prompt, then a fresh empty prompt below it (rows may have scrolled)
        if s == before or not typed:
            return None
        after = rows[typed[-1]:]
        fresh = [row for row in after[1:] if PROMPT in row]
        return "\n".join(after) if fresh and fresh[-1].rstrip().endswith("$") else None
    return wait_for(d, done, f"prompt after {line!r}")


def student_logs_in(d: webdriver.Chrome, url: str, name: str) -> str:
    d.get(url + "/")
    d.find_element(By.ID, "name").send_keys(name)
    d.find_element(By.ID, "code").send_keys(CODE + Keys.ENTER)
    return until_screen(d, PROMPT)


@needs_browser
def test_a_student_in_the_browser_works_solves_reloads_and_is_resumed(served: Served,
                                                                      browser: webdriver.Chrome) -> None:
    first, second = first_two()
    d = browser
    shown = student_logs_in(d, served.url, "ada")
    assert first.title in shown                     # the first challenge's goal card
    # the trainer's bar on the terminal's bottom row (xterm.js tells where the cursor is)
    wait_for(d, lambda d: "dojo hint" in "".join(screen(d).rstrip().splitlines()[-2:]), "the bottom bar")
    out = type_line(d, "pwd")                       # xterm.js -> WebSocket -> trainer -> back
    assert "\n/home/learner" in out
    done = f"Challenge complete: {first.title}"
    for line in first.solution.splitlines():        # its reference solution (maybe `pwd` itself)
        if done not in out:
            out = type_line(d, line)
    assert done in out
    type_line(d, "dojo next")
    until_screen(d, second.title)
    type_line(d, "touch made-in-the-browser")

    d.refresh()   # name and code are remembered: the page logs in again by itself
    wait_for(d, lambda d: PROMPT in screen(d) and "made-in-the-browser" not in screen(d), "a fresh prompt")
    resumed = screen(d)
    assert second.title in resumed and first.title not in resumed   # the same challenge
    assert "made-in-the-browser" in type_line(d, "ls")             # the same machine
    ARTIFACTS.mkdir(exist_ok=True)
    assert d.save_screenshot(str(ARTIFACTS / "serve_browser.png"))


class SshStudent:
    """An SSH client in an event loop of its own thread, so the test can drive the browser while
    the SSH session stays connected."""

    def __init__(self, port: int, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.raw = b""
        self.conn, self.proc = self._do(self._connect(port, name))

    def _do(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(asyncio.wait_for(coro, WAIT), self.loop).result()

    async def _connect(self, port: int, name: str) -> tuple[Any, Any]:
        conn = await asyncssh.connect("127.0.0.1", port, username=name, password=CODE, known_hosts=None,
                                      client_keys=None, agent_path=None, preferred_auth="password")
        proc = await conn.create_process(term_type="xterm-256color", term_size=(120, 30), encoding=None)
        return conn, proc

    def screen(self) -> str:
        return ANSI.sub("", self.raw.decode("utf-8", "replace")).replace("\r", "")

    async def _until(self, text: str, start: int) -> int:
        while (at := self.screen().find(text, start)) < 0:
            chunk = await self.proc.stdout.read(65536)
            if b"\x1b[6n" in chunk:   # "where is the cursor?": answered as a terminal does
                self.proc.stdin.write(b"\x1b[30;1R")
            if not chunk:
                raise AssertionError(f"closed before {text!r}:\n{self.screen()[-2000:]}")
            self.raw += chunk
        return at + len(text)

    def until(self, text: str, start: int = 0) -> int:
        try:
            return int(self._do(self._until(text, start)))
        except TimeoutError:
            raise AssertionError(f"no {text!r} over SSH:\n{self.screen()[-2000:]}") from None

    def type(self, line: str) -> None:
        self.loop.call_soon_threadsafe(self.proc.stdin.write, line.encode() + b"\r")

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.conn.close)
        self._do(self.conn.wait_closed())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(WAIT)


def grid_row(d: webdriver.Chrome, name: str) -> dict[str, Any] | None:
    """The dashboard's grid row of `name`: connected or not, and its cells' classes."""
    return d.execute_script("""
        for (const row of document.querySelectorAll('#grid table.grid tbody tr')) {
          const th = row.querySelector('th.student');
          if (th && th.textContent === arguments[0]) {
            return {on: !!th.querySelector('.dot.on'),
                    cells: Array.from(row.querySelectorAll('td')).map(function (td) { return td.className; })};
          }
        }
        return null;""", name)


@needs_browser
def test_the_teachers_dashboard_shows_web_and_ssh_students_live(served: Served,
                                                                browser: webdriver.Chrome) -> None:
    first, _ = first_two()
    d = browser
    student_logs_in(d, served.url, "bea-web")
    type_line(d, "mkdir from-the-web")
    student_tab = d.current_window_handle

    d.switch_to.new_window("window")    # the teacher, in the same browser
    d.get(served.url + "/teacher/login")
    d.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    wait_for(d, lambda d: d.find_element(By.ID, "live").text == "live", "the live dashboard")
    row = wait_for(d, lambda d: (r := grid_row(d, "bea-web")) and r["on"] and r, "bea-web in the grid")
    assert any("current" in c for c in row["cells"])
    assert "$ mkdir from-the-web" in d.find_element(By.ID, "recent").text

    ssh = SshStudent(served.ssh_port, "cy-ssh")   # a second student, over SSH, while the page is open
    try:
        ssh.until(PROMPT)
        assert first.title in ssh.screen()
        mark = len(ssh.screen())
        for line in first.solution.splitlines():   # the reference solution, typed over SSH
            ssh.type(line)
        ssh.until(f"Challenge complete: {first.title}", mark)
        # the open page follows without a reload: the SSH student's row with its solved cell
        row = wait_for(d, lambda d: (r := grid_row(d, "cy-ssh")) and r["on"] and
                       any("solved" in c for c in r["cells"]) and r, "cy-ssh solved in the grid")
        assert grid_row(d, "bea-web")["on"]   # both students live at once
        log = d.find_element(By.ID, "log").text
        assert "joined cy-ssh" in log and "solved cy-ssh" in log
        ARTIFACTS.mkdir(exist_ok=True)
        assert d.save_screenshot(str(ARTIFACTS / "serve_dashboard.png"))
    finally:
        ssh.close()
    # the SSH student left: the page shows it, the web student is still on
    wait_for(d, lambda d: (r := grid_row(d, "cy-ssh")) is not None and not r["on"], "cy-ssh gone")
    assert grid_row(d, "bea-web")["on"]
    d.switch_to.window(student_tab)
    assert "from-the-web" in type_line(d, "ls")


def test_connected_students_do_not_hold_the_servers_worker_threads(tmp_path: Path) -> None:
    """Each session waits for its trainer without a worker of the loop's default executor: with
    more students than workers (min(32, cores + 4): 6 on a 2-core laptop) the dashboard's exports,
    lease renewals and a reloading tab's take-over (all asyncio.to_thread) must still run."""
    from concurrent.futures import ThreadPoolExecutor

    from prompt_toolkit.data_structures import Size
    from shelldojo.shell.serve.bridge import OutputSink
    from shelldojo.shell.serve.classroom import ClassRoom

    async def go() -> None:
        loop = asyncio.get_running_loop()
        loop.set_default_executor(ThreadPoolExecutor(2))   # fewer workers than students
        room = ClassRoom([], str(tmp_path / "data"), class_code=CODE)
        terminals, tasks = [], []

        async def send(data: bytes) -> None:
            return None
        for n in range(3):
            sink = OutputSink(loop, send, 1 << 20)
            terminals.append(room.terminal(sink, lambda: Size(rows=24, columns=80)))
            tasks.append(asyncio.create_task(room.run_student(f"s{n}", terminals[-1])))
        try:
            async def seated() -> None:
                while len(room.seats) < 3:
                    await asyncio.sleep(0.01)
            await asyncio.wait_for(seated(), WAIT)
            # before the fix: each session held a worker in to_thread(seat.done.wait) and this hung
            assert await asyncio.wait_for(asyncio.to_thread(lambda: 42), 20) == 42
        finally:
            for seat in list(room.seats.values()):
                seat.stop("test over")
            await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), WAIT)
            for terminal in terminals:
                terminal.close()
    asyncio.run(go())


def test_keys_typed_while_classmates_log_in_are_all_echoed(tmp_path: Path) -> None:
    """Six tabs log in at once and type at once: every key reaches its own trainer.  (Before the
    fix the trainers' threads shared prompt_toolkit's default app session, so get_app() named
    another student's application and most of these keys vanished without an echo.)"""
    import json

    import aiohttp
    from shelldojo.shell.serve.classroom import ClassRoom
    from shelldojo.shell.serve.web import start_web

    async def tab(http: aiohttp.ClientSession, url: str, name: str) -> str:
        ws = await http.ws_connect(url)
        await ws.send_str(json.dumps({"type": "login", "name": name, "code": CODE, "cols": 100, "rows": 30}))
        raw = b""
        while b"\x1b[?2004h" not in raw or not re.search(rb"learner@dojo[^\n]*\$", raw.split(b"\x1b[?2004h")[-1]):
            msg = await ws.receive()
            assert msg.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), f"{name}: {raw[-300:]!r}"
            raw += msg.data if msg.type == aiohttp.WSMsgType.BINARY else b""
            if msg.type == aiohttp.WSMsgType.BINARY and b"\x1b[6n" in msg.data:   # as a terminal does
                await ws.send_bytes(b"\x1b[30;1R")
        await ws.send_bytes(b"echo typed-by-" + name.encode() + b"\r")
        seen = b""
        while b"\ntyped-by-" + name.encode() not in ANSI.sub("", seen.decode()).replace("\r", "").encode():
            msg = await asyncio.wait_for(ws.receive(), 20)
            assert msg.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), f"{name}: {seen[-300:]!r}"
            seen += msg.data if msg.type == aiohttp.WSMsgType.BINARY else b""
        await ws.close()
        return name

    async def go() -> None:
        room = ClassRoom([], str(tmp_path / "data"), class_code=CODE)
        runner, port = await start_web(room, "127.0.0.1", 0)
        try:
            async with aiohttp.ClientSession() as http:
                names = [f"kid{n}" for n in range(6)]
                done = await asyncio.wait_for(asyncio.gather(
                    *(tab(http, f"http://127.0.0.1:{port}/ws", n) for n in names)), 3 * WAIT)
                assert done == names
        finally:
            for seat in list(room.seats.values()):
                seat.stop("test over")
            await runner.cleanup()
    asyncio.run(go())
