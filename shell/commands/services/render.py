"""How systemd 249 words things: relative times, `systemctl status` blocks, journal lines."""
from __future__ import annotations

import time

from shelldojo.filesystem.journal import Entry, long_date
from shelldojo.filesystem.machine import Machine
from shelldojo.filesystem.processes import Process
from shelldojo.filesystem.services import ServiceState
from shelldojo.filesystem.units import Unit
from shelldojo.shell.context import Context

SEC, MIN, HOUR, DAY = 1, 60, 3600, 86400
JOURNAL_GROUPS = ("adm", "systemd-journal")
HINT = ("Hint: You are currently not seeing messages from other users and the system.\n"
        "      Users in groups 'adm', 'systemd-journal' can see all messages.\n"
        "      Pass -q to turn off this notice.\n")


def relative(since: float, now: float | None = None) -> str:
    """format_timestamp_relative(): `5s ago`, `2min 3s ago`, `3h 17min ago`, `2 days ago`."""
    d = max(0.0, (time.time() if now is None else now) - since)
    if d >= 7 * DAY:
        return f"{int(d // (7 * DAY))} weeks {int(d % (7 * DAY) // DAY)} days ago"
    if d >= 2 * DAY:
        return f"{int(d // DAY)} days ago"
    if d >= 25 * HOUR:
        return f"1 day {int((d - DAY) // HOUR)}h ago"
    if d >= 6 * HOUR:
        return f"{int(d // HOUR)}h ago"
    if d >= HOUR:
        return f"{int(d // HOUR)}h {int(d % HOUR // MIN)}min ago"
    if d >= 5 * MIN:
        return f"{int(d // MIN)}min ago"
    if d >= MIN:
        return f"{int(d // MIN)}min {int(d % MIN)}s ago"
    if d >= SEC:
        return f"{int(d)}s ago"
    if d >= 0.001:
        return f"{int(d * 1000)}ms ago"
    return "now" if d <= 0 else f"{int(d * 1_000_000)}us ago"


def can_read_journal(ctx: Context) -> bool:
    """Root and the groups adm and systemd-journal read the system journal."""
    from shelldojo.filesystem import accounts
    if ctx.creds.is_root:
        return True
    for name in JOURNAL_GROUPS:
        group = accounts.group_by_name(ctx.vfs, name)
        if group is not None and ctx.creds.in_group(group.gid):
            return True
    return False


def status_word(st: ServiceState) -> str:
    if st.active == "active":
        return f"active ({st.sub})"
    if st.active == "failed":
        return f"failed (Result: {st.result or 'exit-code'})"
    return "inactive (dead)"


def exit_text(st: ServiceState) -> str:
    """`code=exited, status=1/FAILURE` or `code=killed, signal=KILL`."""
    if st.exit_code == "killed":
        return "code=killed, signal=KILL"
    word = {0: "SUCCESS", 1: "FAILURE", 203: "EXEC"}.get(st.exit_status, "")
    return f"code=exited, status={st.exit_status}" + (f"/{word}" if word else "")


def arg_quoted(arg: str) -> str:
    """systemd 249 quotes an argv element holding blanks or quotes in the CGroup tree."""
    if arg and not any(c in arg for c in " \t\"'\\$;"):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def memory(kib: int) -> str:
    return f"{kib / 1024:.1f}M"


def status_block(machine: Machine, unit: Unit, st: ServiceState, enabled: str,
                 procs: list[Process], journal: list[Entry] | None, lines: int = 10) -> str:
    """`systemctl status UNIT` (systemd 249), without colours (not a terminal)."""
    dot = {"active": "\u25cf", "failed": "\u00d7"}.get(st.active, "\u25cb")
    out = [f"{dot} {unit.name} - {unit.title}" if unit.description else f"{dot} {unit.name}"]
    preset = "" if enabled == "static" else "; vendor preset: enabled"
    out.append(f"     Loaded: loaded ({unit.path}; {enabled}{preset})")
    since = f" since {long_date(st.since)}; {relative(st.since)}" if st.since else ""
    out.append(f"     Active: {status_word(st)}{since}")
    for i, doc in enumerate(unit.documentation):
        out.append(("       Docs: " if i == 0 else "             ") + doc)
    if st.active == "active" and procs:
        main = procs[0]
        out.append(f"   Main PID: {main.pid} ({main.comm})")
        out.append(f"      Tasks: {len(procs)} (limit: 4558)")
        out.append(f"     Memory: {memory(sum(p.rss for p in procs) // 2)}")
        out.append(f"        CPU: {max(1, int((time.time() - (st.started or time.time())) * 0.4))}ms")
        out.append(f"     CGroup: /system.slice/{unit.name}")
        for i, p in enumerate(procs):
            branch = "\u2514\u2500" if i == len(procs) - 1 else "\u251c\u2500"
            out.append(f"             {branch}{p.pid} " + " ".join(arg_quoted(a) for a in p.argv))
    elif st.main_pid:
        out.append(f"   Main PID: {st.main_pid} ({exit_text(st)})")
        out.append("        CPU: 4ms")
    text = "\n".join(out) + "\n"
    if journal:
        text += "\n" + "".join(e.short(machine.hostname) + "\n" for e in journal[-lines:])
    return text
