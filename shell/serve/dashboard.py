"""The teacher's dashboard (issue 18): /teacher and what it reads.

Routes (all but the login form and the static files need the teacher, auth.py):
    GET  /teacher                the grid of students x challenges, drawn by the server (escaped)
                                 and then kept live by static/dashboard.js
    GET  /teacher/state.json     the grid's data
    GET  /teacher/events         server-sent events: each of the class room's events as JSON
    GET  /teacher/export.json    the class's results as `shelldojo grade --format json` writes them,
         /teacher/export.xml     ... as JUnit XML, and
         /teacher/export.csv     ... as a gradebook (exports.py); `?pack=ID` picks the pack
    GET  /teacher/login, POST /teacher/login (field `password`), POST /teacher/logout (field `csrf`)
    GET  /teacher/static/NAME    dashboard.js, dashboard.css

Nothing from a student reaches a page unescaped: the server's HTML goes through html.escape,
the script writes with textContent, JSON is served as application/json with nosniff, and a
Content-Security-Policy allows scripts from this server only.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from shelldojo.challenges.grade_report import file_name
from shelldojo.challenges.model import Pack
from shelldojo.shell.serve import auth, exports
from shelldojo.shell.serve.auth import TeacherAuth, TeacherSession
from shelldojo.shell.serve.classroom import StudentState
from shelldojo.shell.serve.dashboard_html import exports_html, fill, grid_html, read_static, recent_html

log = logging.getLogger("shelldojo.serve")
AUTH_KEY = web.AppKey("teacher_auth", TeacherAuth)
CLASSROOM_KEY = web.AppKey("teacher_classroom", object)
STREAMS_KEY = web.AppKey("teacher_streams", set)
_CLOSING: dict[str, Any] = {"type": "closing"}   # put in a stream's queue to end it
STATIC = ("dashboard.js", "dashboard.css")
RECENT_SHOWN = 20                    # command lines per student on the page
MAX_STREAMS = 32                     # dashboards open at once (each holds a queue of events)
KEEPALIVE_S = 15.0                   # an SSE comment this often keeps proxies from closing the stream
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def add_dashboard_routes(app: web.Application, classroom: Any, password: str, *,
                         teacher_auth: TeacherAuth | None = None) -> None:
    """Add /teacher and its routes to the server's app; `classroom` is the running ClassRoom."""
    app[AUTH_KEY] = teacher_auth or TeacherAuth(password)
    app[CLASSROOM_KEY] = classroom
    app.router.add_get("/teacher", _teacher(_page))
    app.router.add_get("/teacher/", _teacher(_page))
    app.router.add_get("/teacher/state.json", _teacher(_state))
    app.router.add_get("/teacher/events", _teacher(_events))
    app.router.add_get("/teacher/export.{fmt:json|xml|csv}", _teacher(_export))
    app.router.add_get("/teacher/login", _login_form)
    app.router.add_post("/teacher/login", _login)
    app.router.add_post("/teacher/logout", _teacher(_logout))
    app.router.add_get("/teacher/static/{name}", _static)
    app[STREAMS_KEY] = set()
    app.on_shutdown.append(_close_streams)


# ----------------------------------------------------------------------------- auth
def _teacher(handler: Callable[[web.Request, TeacherSession], Awaitable[web.StreamResponse]]) -> Handler:
    """The handler, for the teacher only: 401 (with a basic-auth challenge and the login form)
    otherwise, 429 while the address has failed too often."""
    async def guarded(request: web.Request) -> web.StreamResponse:
        teacher = request.app[AUTH_KEY]
        why = teacher.blocked(auth.client_address(request))  # before this attempt: it says 401 if wrong
        session = teacher.identify(request)
        if session is None:
            if why:
                return _too_many(why)
            response = _login_page(request, status=401)
            response.headers["WWW-Authenticate"] = 'Basic realm="shelldojo teacher", charset="UTF-8"'
            return response
        return await handler(request, session)
    return guarded


def _too_many(why: str) -> web.Response:
    response = web.Response(status=429, text=why + "\n", headers=HEADERS)
    response.headers["Retry-After"] = str(int(auth.FAILURE_WINDOW))
    return response


def _set_login_cookie(response: web.StreamResponse, request: web.Request, token: str) -> None:
    response.set_cookie(auth.LOGIN_COOKIE, token, max_age=3600, path="/teacher", httponly=True,
                        samesite="Strict", secure=request.secure)


def _login_page(request: web.Request, error: str = "", status: int = 200) -> web.Response:
    """The login form with a fresh double-submit token (its cookie and its hidden field)."""
    login = request.app[AUTH_KEY].login_token()
    response = _html(fill("login.html", error=error, login=login), status=status)
    _set_login_cookie(response, request, login)
    return response


async def _login_form(request: web.Request) -> web.StreamResponse:
    return _login_page(request)


async def _login(request: web.Request) -> web.StreamResponse:
    teacher = request.app[AUTH_KEY]
    address = auth.client_address(request)
    why = teacher.blocked(address)
    if why:
        return _too_many(why)
    form = await request.post()
    cookie = request.cookies.get(auth.LOGIN_COOKIE, "")
    if not cookie or not teacher.csrf_ok(TeacherSession("", cookie, 0), form.get("login")):
        return _login_page(request, "The form has expired: please log in again.", 403)
    password = form.get("password")
    if not isinstance(password, str) or not teacher.password_ok(password):
        teacher.failed(address)
        return _login_page(request, "Wrong password.", 401)
    session = teacher.open_session()
    response = web.HTTPSeeOther("/teacher", headers=HEADERS)
    auth.set_session_cookie(response, request, session)
    response.del_cookie(auth.LOGIN_COOKIE, path="/teacher")
    raise response


async def _logout(request: web.Request, session: TeacherSession) -> web.StreamResponse:
    form = await request.post()
    if not request.app[AUTH_KEY].csrf_ok(session, form.get("csrf")):
        return web.Response(status=403, text="the form's CSRF token is missing or wrong\n", headers=HEADERS)
    request.app[AUTH_KEY].close_session(session.token)
    response = web.HTTPSeeOther("/teacher/login", headers=HEADERS)
    auth.clear_session_cookie(response)
    raise response


# ----------------------------------------------------------------------------- pages (dashboard_html.py draws them)
def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8", headers=HEADERS)


async def _static(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in STATIC:
        raise web.HTTPNotFound()
    kind = "application/javascript" if name.endswith(".js") else "text/css"
    return web.Response(text=read_static(name), content_type=kind, charset="utf-8", headers=HEADERS)


async def _page(request: web.Request, session: TeacherSession) -> web.StreamResponse:
    classroom = request.app[CLASSROOM_KEY]
    state = snapshot(classroom, await everyone(classroom))
    return _html(fill("dashboard.html", csrf=session.csrf, exports=exports_html(state["packs"]),
                       grid=grid_html(state), recent=recent_html(state)))


async def _state(request: web.Request, session: TeacherSession) -> web.StreamResponse:
    classroom = request.app[CLASSROOM_KEY]
    return web.Response(text=json.dumps(snapshot(classroom, await everyone(classroom))), content_type="application/json",
                        headers=HEADERS)


# ----------------------------------------------------------------------------- live events
async def _events(request: web.Request, session: TeacherSession) -> web.StreamResponse:
    """Server-sent events: one `data:` line of JSON per class-room event, a comment every
    KEEPALIVE_S; ends when the teacher's session does (logout, expiry)."""
    classroom = request.app[CLASSROOM_KEY]
    teacher = request.app[AUTH_KEY]
    streams = request.app[STREAMS_KEY]
    if len(streams) >= MAX_STREAMS:
        return web.Response(status=429, text="too many dashboards are open\n", headers=HEADERS)
    response = web.StreamResponse(headers={**HEADERS, "Content-Type": "text/event-stream",
                                           "X-Accel-Buffering": "no"})  # nginx: do not buffer
    await response.prepare(request)
    queue = classroom.subscribe()
    streams.add(queue)
    try:
        await response.write(b": connected\n\n")
        while session.token == "" or teacher.session(session.token) is not None:
            try:
                event = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
            except TimeoutError:
                await response.write(b": keepalive\n\n")
                continue
            if event is _CLOSING:
                break
            if isinstance(event.get("command"), str):   # a pasted novel is not sent to every dashboard
                event = {**event, "command": exports.cut(event["command"])}
            await response.write(b"data: " + json.dumps(event).encode() + b"\n\n")
    except ConnectionResetError:
        pass    # the dashboard was closed
    finally:
        streams.discard(queue)
        classroom.unsubscribe(queue)
    return response


async def _close_streams(app: web.Application) -> None:
    """On shutdown: end the event streams now, not at their next keep-alive."""
    for queue in list(app[STREAMS_KEY]):
        with contextlib.suppress(asyncio.QueueFull):
            queue.put_nowait(_CLOSING)


# ----------------------------------------------------------------------------- exports
async def _export(request: web.Request, session: TeacherSession) -> web.StreamResponse:
    classroom = request.app[CLASSROOM_KEY]
    packs = list(classroom.packs)
    wanted = request.query.get("pack")
    pack = next((p for p in packs if p.id == wanted), None) if wanted else (packs[0] if packs else None)
    if pack is None:
        raise web.HTTPNotFound(text="no such pack\n")
    fmt = request.match_info["fmt"]
    results = [_results(s, pack) for s in await everyone(classroom)]
    writer, kind = {"json": (exports.to_json, "application/json"), "xml": (exports.to_junit, "application/xml"),
                    "csv": (exports.to_csv, "text/csv")}[fmt]
    text = await asyncio.to_thread(writer, pack, results)  # variants are computed: keep the loop free
    headers = {**HEADERS, "Content-Disposition": f'attachment; filename="shelldojo-{file_name(pack.id)}.{fmt}"'}
    return web.Response(text=text, content_type=kind, charset="utf-8", headers=headers)


# ----------------------------------------------------------------------------- the class room's state
def _view(st: Any) -> tuple[set[str], set[str], dict[str, int], list[dict[str, Any]]]:
    """Copies of a StudentState's collections: the student's trainer thread changes them while
    the loop reads (a C-level copy holds the GIL throughout)."""
    return set(st.solved), set(st.skipped), dict(st.hints), list(st.recent)


def _cell_state(key: str, current: str, solved: set[str], skipped: set[str]) -> str:
    if key in solved:
        return "solved"
    if key == current:
        return "working"
    return "skipped" if key in skipped else ""


def _line(entry: Any) -> dict[str, Any]:
    """One recorded command line, reduced to plain fields of known types."""
    status = entry.get("status") if isinstance(entry, dict) else None
    return {"pack": str(entry.get("pack", "")), "challenge": str(entry.get("challenge", "")),
            "command": exports.cut(str(entry.get("command", ""))),
            "status": status if isinstance(status, int) and not isinstance(status, bool) else 0}


def snapshot(classroom: Any, students: list[Any]) -> dict[str, Any]:
    """The grid's data (what /teacher/state.json answers): packs and their challenges, and per
    student each touched cell's state (solved | working | skipped | "") and hints, who is connected,
    and their last RECENT_SHOWN command lines."""
    packs = [{"id": p.id, "title": p.title, "challenges": [{"id": c.id, "title": c.title} for c in p.challenges]}
             for p in classroom.packs]
    rows = []
    for st in students:
        solved, skipped, hints, recent = _view(st)
        current = f"{st.pack}/{st.challenge}" if st.pack else ""
        cells: dict[str, dict[str, dict[str, Any]]] = {}
        for p in packs:
            for c in p["challenges"]:
                key = f'{p["id"]}/{c["id"]}'
                cell = {"state": _cell_state(key, current, solved, skipped), "hints": hints.get(key, 0)}
                if cell["state"] or cell["hints"]:   # untouched cells are left out: a big class's grid
                    cells.setdefault(p["id"], {})[c["id"]] = cell
        rows.append({"name": st.name, "connected": bool(st.connected), "last_active": st.last_active,
                         "current": {"pack": st.pack, "challenge": st.challenge} if st.pack else None,
                         "cells": cells, "recent": [_line(e) for e in recent if isinstance(e, dict)][-RECENT_SHOWN:]})
    return {"packs": packs, "students": rows}


async def everyone(classroom: Any) -> list[Any]:
    """The class: the students of this process (live) and those the class store knows that are
    not here (another `shelldojo serve` process behind the same load balancer and store)."""
    live = {st.name: st for st in classroom.students()}
    try:
        rows = await asyncio.to_thread(_store_rows, classroom)
    except Exception:  # an unreachable store: the dashboard shows this process's students
        log.exception("cannot list the class's students from the store")
        rows = []
    for row in rows:
        if row.name not in live:
            live[row.name] = _from_row(row)
    return sorted(live.values(), key=lambda st: st.name.lower())


def _store_rows(classroom: Any) -> list[Any]:
    from shelldojo.challenges.stores import open_class_store
    return open_class_store(classroom.data_dir, classroom.store_url).students()


def _from_row(row: Any) -> StudentState:
    """A class store's StudentRow as the class room's StudentState (not connected here)."""
    st = StudentState(row.name, last_active=row.last_active)
    if row.current:
        st.pack, st.challenge = row.current
    for (pack, cid), (status, hints) in row.progress.items():
        key = f"{pack}/{cid}"
        if status == "done":
            st.solved.add(key)
        elif status == "skipped":
            st.skipped.add(key)
        if hints:
            st.hints[key] = hints
    return st


def _results(st: Any, pack: Pack) -> exports.StudentResults:
    """A StudentState as the exports read it (one pack)."""
    solved, skipped, hints, recent = _view(st)
    prefix = pack.id + "/"
    statuses = {k.removeprefix(prefix): "skipped" for k in skipped if k.startswith(prefix)}
    statuses.update({k.removeprefix(prefix): "done" for k in solved if k.startswith(prefix)})
    return exports.StudentResults(
        st.name, statuses, {k.removeprefix(prefix): v for k, v in hints.items() if k.startswith(prefix)},
        current=st.challenge if st.pack == pack.id else None,
        commands=[_line(e) for e in recent if isinstance(e, dict)])
