"""The teacher's dashboard header (issue 18): however many packs are loaded, their exports sit in
one "Export results" menu (a <details> in the header) rather than a row of 3 links per pack, every
pack's three export URLs are there, and pack ids and titles (untrusted) are escaped."""
from __future__ import annotations

import asyncio
import dataclasses
import html
import re
from pathlib import Path
from typing import Any

import pytest

aiohttp = pytest.importorskip("aiohttp")

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from shelldojo.shell.serve.auth import TeacherAuth
from shelldojo.shell.serve.classroom import ClassRoom
from shelldojo.shell.serve.dashboard import add_dashboard_routes

PW = "pw"
BASIC = {"Authorization": aiohttp.encode_basic_auth("teacher", PW)}
FORMATS = ("json", "xml", "csv")
STATIC = Path(__file__).resolve().parent.parent / "shell" / "serve" / "static"
EVIL_ID = 'x"><script>alert(1)</script>&y=1'
EVIL_TITLE = "<img src=x onerror=alert(2)>"


def page(r: ClassRoom) -> str:
    async def go() -> str:
        app = web.Application()
        add_dashboard_routes(app, r, PW, teacher_auth=TeacherAuth(PW))
        c = TestClient(TestServer(app))
        await c.start_server()
        try:
            resp = await c.get("/teacher", headers=BASIC)
            assert resp.status == 200
            return await resp.text()
        finally:
            await c.close()
    return asyncio.run(asyncio.wait_for(go(), 120))


def header_of(text: str) -> str:
    found = re.findall(r"<header>.*?</header>", text, re.DOTALL)
    assert len(found) == 1
    return found[0]


def menu_of(header: str) -> str:
    found = re.findall(r'<details class="exports">.*?</details>', header, re.DOTALL)
    assert len(found) == 1, "one Export menu in the header"
    return found[0]


def test_every_packs_exports_are_in_the_headers_one_menu(tmp_path: Path) -> None:
    r = ClassRoom([], str(tmp_path / "data"), class_code="abc")
    assert len(r.packs) >= 2
    text = page(r)
    menu = menu_of(header_of(text))
    for p in r.packs:
        for fmt in FORMATS:
            # the exact URLs tests/test_serve_dashboard.py and bookmarks use
            assert f'href="/teacher/export.{fmt}?pack={p.id}"' in menu, (p.id, fmt)
        assert html.escape(p.title) in menu
    # one table row per pack, three links each, and no export link outside the menu
    assert len(re.findall(r"<tr>", menu)) == len(r.packs)
    assert len(re.findall(r'href="/teacher/export\.', menu)) == 3 * len(r.packs)
    assert len(re.findall(r'href="/teacher/export\.', text)) == 3 * len(r.packs)
    # the links' labels name the format only (the row names the pack): short, never wrapping
    assert set(re.findall(r"download>([^<]*)</a>", menu)) == {"JSON", "JUnit", "CSV"}


def test_pack_ids_and_titles_are_escaped_in_the_menu(tmp_path: Path) -> None:
    r = ClassRoom([], str(tmp_path / "data"), class_code="abc")
    r.packs = [dataclasses.replace(r.packs[0], id=EVIL_ID, title=EVIL_TITLE), *r.packs[1:]]
    text = page(r)
    menu = menu_of(header_of(text))
    assert EVIL_ID not in text and EVIL_TITLE not in text
    assert "<script>" not in text and "<img" not in text
    assert html.escape(EVIL_TITLE) in menu
    assert f'title="{html.escape(EVIL_ID)}"' in menu
    # in a URL the id is percent-encoded (its & does not start a new query field), then escaped
    for fmt in FORMATS:
        assert f'href="/teacher/export.{fmt}?pack=x%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%26y%3D1"' in menu


def test_the_menu_escapes_with_no_classroom() -> None:
    from shelldojo.shell.serve.dashboard import exports_html
    packs: list[dict[str, Any]] = [{"id": "a&b", "title": "T<1>", "challenges": []}]
    menu = exports_html(packs)
    assert 'href="/teacher/export.csv?pack=a%26b"' in menu
    assert 'title="a&amp;b"' in menu and ">T&lt;1&gt;</th>" in menu
    assert exports_html([]).count("<tr>") == 0


def test_the_header_never_wraps_and_the_grid_scrolls_by_itself() -> None:
    css = (STATIC / "dashboard.css").read_text()
    rule = re.search(r"^header \{([^}]*)\}", css, re.MULTILINE).group(1)
    assert "display: flex" in rule and "flex-wrap: wrap" not in rule
    assert re.search(r"^header nav \{[^}]*flex-shrink: 0", css, re.MULTILINE)
    assert re.search(r"^header h1 \{[^}]*white-space: nowrap", css, re.MULTILINE)
    assert re.search(r"^\.exports-panel \{[^}]*position: absolute", css, re.MULTILINE)   # overlays, never pushes
    assert re.search(r"^#grid \{[^}]*overflow-x: auto", css, re.MULTILINE)
    js = (STATIC / "dashboard.js").read_text()
    assert "details.exports" in js and "Escape" in js
