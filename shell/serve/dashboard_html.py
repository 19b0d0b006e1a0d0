"""The teacher's pages as the server draws them (dashboard.py serves them): the templates of
static/ filled in, the grid of students x challenges, the recent command lines and the export
menu; every text from a student goes through html.escape."""
from __future__ import annotations

import html
from importlib import resources
from typing import Any
from urllib.parse import quote

EXPORT_FORMATS = (("json", "JSON"), ("xml", "JUnit"), ("csv", "CSV"))
MARKS = {"solved": "✔", "working": "…", "skipped": "↷", "": ""}


def read_static(name: str) -> str:
    return resources.files("shelldojo.shell.serve").joinpath("static", name).read_text("utf-8")


def fill(template: str, **values: str) -> str:
    """The template with each {{key}} replaced; the values are HTML already (escaped by the caller
    where they hold untrusted text)."""
    text = read_static(template)
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", html.escape(value) if key in ("error", "login", "csrf") else value)
    return text


def exports_html(packs: list[dict[str, Any]]) -> str:
    """The header's one "Export" menu: a <details> holding a table, one row per pack and its three
    download links, so 8 packs make one button rather than 24 links in the header's line."""
    e = html.escape
    rows = "".join(
        f'<tr><th scope="row" title="{e(p["id"])}">{e(p["title"])}</th>' + "".join(
            f'<td><a href="/teacher/export.{fmt}?pack={e(quote(p["id"], safe=""))}" download>{label}</a></td>'
            for fmt, label in EXPORT_FORMATS) + "</tr>"
        for p in packs)
    return (f'<details class="exports"><summary>Export results</summary><div class="exports-panel">'
            f'<table><caption>The class\'s results, in <code>shelldojo grade</code>\'s formats</caption>'
            f'<tbody>{rows}</tbody></table></div></details>')


def grid_html(state: dict[str, Any]) -> str:
    """The grid as the server draws it (the same as dashboard.js draws), every text escaped."""
    e = html.escape
    rows = ['<table class="grid"><thead><tr><th class="pack"></th>']
    rows += [f'<th class="pack" colspan="{max(1, len(p["challenges"]))}">{e(p["title"])}</th>' for p in state["packs"]]
    rows.append('</tr><tr><th class="student">student</th>')
    rows += [f'<th class="challenge" title="{e(c["title"])}">{e(c["id"])}</th>'
             for p in state["packs"] for c in p["challenges"]]
    rows.append("</tr></thead><tbody>")
    for s in state["students"]:
        dot = "dot on" if s["connected"] else "dot"
        rows.append(f'<tr><th class="student" title="{e(s["name"])}"><span class="{dot}"></span>{e(s["name"])}</th>')
        for p in state["packs"]:
            for c in p["challenges"]:
                info = s["cells"].get(p["id"], {}).get(c["id"], {"state": "", "hints": 0})
                current = s["current"] == {"pack": p["id"], "challenge": c["id"]}
                hints = f'<span class="hints">{info["hints"]}h</span>' if info["hints"] else ""
                cls = " ".join(x for x in (info["state"], "current" if current else "") if x)
                rows.append(f'<td class="{cls}">{MARKS[info["state"]]}{hints}</td>')
        rows.append("</tr>")
    rows.append("</tbody></table>")
    return "".join(rows)


def recent_html(state: dict[str, Any]) -> str:
    e = html.escape
    out = []
    for s in state["students"]:
        if not s["recent"]:
            continue
        lines = "".join(_recent_line(line["command"], line["status"]) for line in s["recent"])
        out.append(f'<div class="recent-student"><strong>{e(s["name"])}</strong><pre>{lines}</pre></div>')
    return "".join(out)


def _recent_line(command: str, status: int) -> str:
    if not status:
        return f'<span class="">$ {html.escape(command)}\n</span>'
    return f'<span class="status-bad">$ {html.escape(command)}   [exit {status}]\n</span>'
