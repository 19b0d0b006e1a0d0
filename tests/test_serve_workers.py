"""`shelldojo serve --workers N` (issue 18's load target): the students' trainers run in worker
processes, so a class uses every core.  The same trainer, the same progress; a worker that dies
takes down only its own students, who are told and can come straight back."""
from __future__ import annotations

import os
import re
import signal
import threading
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aiohttp")

from shelldojo.challenges.listing import load_packs, pack_dirs
from shelldojo.shell.serve.classroom import ClassRoom
from shelldojo.shell.serve.terminal import RemoteTerminal

from tests.test_serve_web import Server, _gone, run


def _first() -> Any:
    return load_packs(pack_dirs("/nonexistent", []), lambda w: None)[0].challenges[0]


def test_trainers_run_in_the_workers_not_in_the_server(tmp_path: Path) -> None:
    first = _first()

    async def go() -> None:
        async with Server(tmp_path, workers=2) as srv:
            pool = srv.room.pool
            assert len(pool.workers) == 2 and all(w.process.pid != os.getpid() for w in pool.workers)
            events = srv.room.subscribe()
            ann, bob = await srv.connect("ann"), await srv.connect("bob")
            await ann.prompt()
            await bob.prompt()
            assert sorted(len(w.sessions) for w in pool.workers) == [1, 1]   # one each: the least busy
            assert isinstance(srv.room.seats["ann"].terminal, RemoteTerminal)
            assert not [t for t in threading.enumerate() if t.name.startswith("student-")]
            await ann.type("touch keep.txt")
            for line in first.solution.splitlines():
                shown = await ann.type(line)
            assert f"Challenge complete: {first.title}" in shown
            st = srv.room.state["ann"]
            assert any(k.endswith("/" + first.id) for k in st.solved)
            assert [e["command"] for e in st.recent][:1] == ["touch keep.txt"]
            kinds = []
            while not events.empty():
                kinds.append(events.get_nowait()["type"])
            assert "command" in kinds and "solved" in kinds
            await ann.ws.close()
            await _gone(srv.room, "ann")
            again = await srv.connect("ann")
            await again.prompt()
            assert "keep.txt" in await again.type("ls")   # the same machine, whichever worker
    run(go())


def test_a_worker_that_dies_takes_only_its_students_and_is_replaced(tmp_path: Path) -> None:
    async def go() -> None:
        async with Server(tmp_path, workers=2) as srv:
            pool = srv.room.pool
            ann, bob = await srv.connect("ann"), await srv.connect("bob")
            await ann.prompt()
            await bob.prompt()
            await ann.type("touch saved-before-the-crash")
            victim = next(w for w in pool.workers if w.sessions and "ann" in _names(srv.room, w))
            os.kill(victim.process.pid, signal.SIGKILL)
            await ann.until("internal problem")
            await ann.until_closed()
            await _gone(srv.room, "ann")
            assert "/home/learner" in await bob.type("pwd")   # the other worker's student goes on
            back = await srv.connect("ann")
            await back.prompt()
            assert "saved-before-the-crash" in await back.type("ls")
            assert all(w.alive for w in pool.workers) and victim not in pool.workers
    run(go())


def _names(room: ClassRoom, worker: Any) -> set[str]:
    terminals = {id(s.terminal) for s in worker.sessions.values()}
    return {name for name, seat in room.seats.items() if id(seat.terminal) in terminals}


@pytest.mark.parametrize("workers", [0, 2])   # (the take-over across workers: test_serve_web.py)
def test_ctrl_c_stdin_resize_and_downloads_cross_to_the_trainer(tmp_path: Path, workers: int) -> None:
    async def go() -> None:
        async with Server(tmp_path, workers=workers) as srv:
            tab = await srv.connect("eve")
            await tab.prompt()
            await tab.until(r"0/1 checks(.|\n)*dojo hint")   # the bottom bar: the cursor's row is known
            mark = len(tab.screen)
            await tab.ws.send_bytes(b"head -n 1\r")
            await tab.until(r"head -n 1\n", mark)
            await tab.ws.send_bytes(b"\x1b[30;1R")   # a late cursor report is no typing for head
            await tab.ws.send_bytes(b"typed line\r")
            await tab.until(r"typed line\n(.|\n)*typed line\n(.|\n)*\$", mark)   # echo, then head's output
            mark = len(tab.screen)
            await tab.ws.send_bytes(b"sleep 100\r")
            await tab.until(r"sleep 100\n", mark)
            await tab.ws.send_bytes(b"\x03")
            await tab.until(r"\^C(.|\n)*\$", mark)
            assert "130" in await tab.type("echo $?")
            mark = len(tab.screen)
            await tab.ws.send_bytes(b"sleep 200\r")
            await tab.until(r"sleep 200\n", mark)
            await tab.ws.send_bytes(b"\x1a")   # Ctrl-Z stops the foreground job, as bash's job control
            await tab.until(r"\^Z(.|\n)*Stopped +sleep 200(.|\n)*\$", mark)
            assert re.search(r"\[1\]\+ +Stopped +sleep 200", await tab.type("jobs"))
            assert "Terminated" in await tab.type("kill %1; sleep 0.1; jobs")
            await tab.ws.send_json({"type": "resize", "cols": 91, "rows": 33})
            assert re.search(r"\n33 91\n", await tab.type("stty size"))
            await tab.type("dojo cheat --export my-sheet.txt")
            got = await tab.control("download")
            assert got["name"] == "my-sheet.txt" and got["text"].strip()
    run(go())


def test_the_server_stops_its_workers_and_every_student_is_saved(tmp_path: Path) -> None:
    async def go() -> None:
        srv = Server(tmp_path, workers=1)
        async with srv:
            tab = await srv.connect("fay")
            await tab.prompt()
            await tab.type("touch before-the-stop")
            processes = [w.process for w in srv.room.pool.workers]
        assert not any(p.is_alive() for p in processes)
        async with Server(tmp_path) as again:
            tab = await again.connect("fay")
            await tab.prompt()
            assert "before-the-stop" in await tab.type("ls")
    run(go())


def test_a_class_on_postgresql_runs_in_the_workers(tmp_path: Path) -> None:
    """`--store postgresql://...`: the server and its workers all reach the one database."""
    from tests import pgserver
    reason = pgserver.why_not()
    if reason:
        pytest.skip(reason)

    async def go(url: str) -> None:
        async with Server(tmp_path, workers=2, store_url=url) as srv:
            tab = await srv.connect("gus")
            await tab.prompt()
            await tab.type("touch kept-in-postgres")
            await tab.ws.close()
            await _gone(srv.room, "gus")
        room = ClassRoom([], str(tmp_path / "other-data"), store_url=url)   # another server, same store
        assert "gus" in room.state and room.state["gus"].pack
        async with Server(tmp_path / "other", workers=1, store_url=url) as srv:
            tab = await srv.connect("gus")
            await tab.prompt()
            assert "kept-in-postgres" in await tab.type("ls")

    with pgserver.server() as base:
        run(go(pgserver.fresh_database(base, "served")))


def test_serve_rejects_a_negative_worker_count(capsys: pytest.CaptureFixture[str]) -> None:
    from shelldojo.shell.serve.cli import default_workers, main
    assert main(["--workers", "-1"]) == 2
    assert "--workers: out of range" in capsys.readouterr().err
    assert default_workers() >= 1
