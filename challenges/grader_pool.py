"""The grader's worker processes: per-task deadline, crash isolation, no shared queue.

Each worker is a forked process with its own duplex pipe: the parent sends it a batch of
tasks and it sends back one result per task as soon as it is graded (so the parent knows
which task is running and since when).  A worker that dies, sends garbage or outlives the
deadline of its current task is killed and replaced: that task is reported as crashed or
timed out and the rest of its batch goes back to the queue.  Because no pipe is shared, a
worker killed half-way through a write can only break its own pipe, never the others'.
Workers ignore Ctrl-C; the parent kills them when it is interrupted.
"""
from __future__ import annotations

import multiprocessing as mp
import signal
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from typing import Any

from shelldojo.challenges import worker_limits
from shelldojo.challenges.grade_task import Answer, ChallengeOutcome, failed_outcome, grade_one
from shelldojo.challenges.model import Pack

Task = tuple[str, str, Answer]          # student, challenge id, answer
MAX_BATCH = 16


def task_deadline(timeout: float) -> float:
    """Wall time for one whole task (an answer has several command lines, each bounded by `timeout`)."""
    return timeout * 3 + 10


def _prewarm() -> None:
    """Import every command and build the base image, the cloud's dojo and its internet once,
    before forking (workers inherit them instead of each making its own)."""
    from shelldojo.shell.cloud import fresh_cloud
    from shelldojo.shell.registry import load_all
    load_all()
    fresh_cloud()


def _worker(pack: Pack, conn: Connection, inherited: list[Connection], timeout: float, recheck: bool) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers end
    for other in inherited:  # other workers' pipe ends: hold none, so a dead parent means EOF here
        other.close()
    worker_limits.apply()  # OS caps under the shell's own limits (challenges/worker_limits.py)
    deadline_s = task_deadline(timeout)
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        for index, student, cid, answer in batch:
            challenge = pack.challenge(cid)
            assert challenge is not None
            worker_limits.cpu_backstop(deadline_s)
            outcome: ChallengeOutcome | None = None
            try:
                outcome = grade_one(challenge, student, answer, timeout, recheck)
            except MemoryError:  # past the address-space cap; its frames are freed once out of here
                pass
            except Exception as exc:  # noqa: BLE001 - a bug in grading one answer must not lose the others
                outcome = failed_outcome(challenge, student, f"internal error: {type(exc).__name__}: {exc}")
            if outcome is None:
                outcome = failed_outcome(challenge, student, worker_limits.memory_message())
            conn.send((index, outcome))


class _Worker:
    def __init__(self, proc: Any, conn: Connection) -> None:
        self.proc, self.conn = proc, conn
        self.running: deque[int] = deque()   # task indexes sent, not yet answered (head: running now)
        self.since = 0.0                     # when the head task started
        self.broken = False
        self.stopped = False                 # killed/joined and closed: nothing more to do with it


def run_pool(pack: Pack, tasks: list[Task], jobs: int, timeout: float, recheck: bool) -> dict[int, ChallengeOutcome]:
    """Grade `tasks` in `jobs` worker processes; index in `tasks` -> outcome."""
    _prewarm()
    ctx = mp.get_context("fork")
    deadline_s = task_deadline(timeout)
    workers: list[_Worker] = []

    def spawn() -> _Worker:
        parent_end, child_end = ctx.Pipe(duplex=True)
        inherited = [w.conn for w in workers]
        proc = ctx.Process(target=_worker, args=(pack, child_end, inherited, timeout, recheck), daemon=True)
        proc.start()
        child_end.close()  # only the worker holds its end: its death is EOF here
        return _Worker(proc, parent_end)

    # tasks of one challenge together: a worker's prepared machine is reused for the next student
    position = {c.id: n for n, c in enumerate(pack.challenges)}
    pending = deque(sorted(range(len(tasks)), key=lambda i: (position.get(tasks[i][1], 0), i)))
    outcomes: dict[int, ChallengeOutcome] = {}

    def fail(index: int, why: str, duration: float) -> None:
        student, cid, _answer = tasks[index]
        challenge = pack.challenge(cid)
        assert challenge is not None
        outcomes[index] = failed_outcome(challenge, student, why, duration)

    def drain(w: _Worker) -> None:
        """Take every result the worker has sent; a broken pipe marks it broken."""
        try:
            while w.running and w.conn.poll():
                index, outcome = w.conn.recv()
                if not isinstance(outcome, ChallengeOutcome) or index != w.running[0]:
                    raise ValueError("unexpected message from a worker")
                outcomes[index] = outcome
                w.running.popleft()
                w.since = time.monotonic()
        except Exception:  # noqa: BLE001 - EOF, or garbage from a worker killed mid-write (unpickling errors)
            w.broken = True

    try:
        for _ in range(jobs):
            workers.append(spawn())
        while len(outcomes) < len(tasks):
            for w in workers:
                if not w.running and pending:
                    size = max(1, min(MAX_BATCH, len(pending) // (len(workers) * 4)))
                    batch = [pending.popleft() for _ in range(min(size, len(pending)))]
                    w.running.extend(batch)
                    w.since = time.monotonic()
                    try:
                        w.conn.send([(i, *tasks[i]) for i in batch])
                    except (OSError, ValueError):
                        w.broken = True
            busy = [w for w in workers if w.running]
            wait([x for w in busy for x in (w.conn, w.proc.sentinel)], timeout=0.25)
            now = time.monotonic()
            for n, w in enumerate(workers):
                if not w.running:
                    continue
                drain(w)
                if not w.running:
                    continue
                dead = w.broken or not w.proc.is_alive()
                late = now - w.since > deadline_s
                if not (dead or late):
                    continue
                capped = None
                if dead:
                    drain(w)  # results written just before it died still count
                    w.proc.join(0.5)  # its pipe may close a moment before it is gone: get its status
                    capped = worker_limits.why_ended(w.proc.exitcode, deadline_s)
                _stop(w)
                if w.running:
                    head = w.running.popleft()
                    if late and not dead:
                        fail(head, f"timed out: the answer ran longer than {deadline_s:g} s", now - w.since)
                    else:
                        fail(head, capped or "the grading process crashed while grading this answer",
                             now - w.since)
                    pending.extendleft(reversed(w.running))  # the rest of its batch is graded by others
                workers[n] = spawn()
    finally:
        for w in workers:
            if w.stopped:
                continue
            if not w.running and w.proc.is_alive():
                try:
                    w.conn.send(None)
                except (OSError, ValueError):
                    pass
        end = time.monotonic() + 2
        for w in workers:
            if not w.stopped:
                w.proc.join(max(0.0, end - time.monotonic()) if not w.running else 0)
                _stop(w)
    return outcomes


def _stop(w: _Worker) -> None:
    if w.stopped:
        return
    w.stopped = True
    if w.proc.is_alive():
        w.proc.kill()
    w.proc.join()
    w.conn.close()
    try:
        w.proc.close()
    except ValueError:
        pass

