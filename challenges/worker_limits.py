"""Operating-system caps on a grading worker, under the shell's own limits (shell/limits.py).

The shell bounds what an answer may use; these caps make sure that even an answer that finds
a gap cannot take the grading machine down.  Each forked worker gets:

- RLIMIT_AS: its address space at start + room for every pipeline thread's stack (the shell
  runs each stage in a thread with a large stack, all reserved up front) + the memory budget
  + a margin for the interpreter.  An allocation past it is a MemoryError, which the worker
  turns into a failed grading for that answer.
- a resident-memory watch: the stacks make the address-space cap loose, so a thread checks
  the worker's resident size every few milliseconds and ends the worker (exit status
  MEMORY_EXIT) past its start + the budget + a margin.  The parent reports that answer as
  failed for its memory and grades the rest of the batch in a new worker.
- RLIMIT_CPU, re-armed before each task at the CPU used so far + twice the task's deadline:
  a backstop for the parent's own deadline, should the parent be stuck.
- RLIMIT_FSIZE 0 (SIGXFSZ ignored, so a write fails with EFBIG) and RLIMIT_CORE 0: a worker
  writes no host file, not even a core dump; it talks to the parent over a pipe only.
"""
from __future__ import annotations

import os
import signal
import threading
import time

from shelldojo.shell.memory import address_space_bytes

MIB = 1024 * 1024
MEMORY_EXIT = 86                 # a worker's exit status when its memory watch ended it
MARGIN = 256 * MIB               # the interpreter's own needs beyond the answer's budget
WATCH_EVERY_S = 0.01


def memory_budget() -> int:
    """The shell's memory budget per command line (shell.limits)."""
    from shelldojo.shell.limits import Limits
    return Limits().memory_bytes


def memory_message() -> str:
    return (f"the answer used too much memory: the grader stops an answer past "
            f"{(memory_budget() + MARGIN) // MIB} MiB")


def _set(resource_id: int, soft: int) -> None:
    import resource
    _old, hard = resource.getrlimit(resource_id)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource_id, (soft, hard))


def apply() -> int | None:
    """Cap this (freshly forked) worker; the resident-memory ceiling watched, or None."""
    try:
        import resource
    except ImportError:  # not a POSIX system: the shell's own limits still bound an answer
        return None
    budget = memory_budget()
    try:
        _set(resource.RLIMIT_CORE, 0)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        _set(resource.RLIMIT_FSIZE, 0)
        size = address_space_bytes()
        if size is not None:
            from shelldojo.shell.limits import Limits
            stacks = Limits().max_processes * (threading.stack_size() or 8 * MIB)
            _set(resource.RLIMIT_AS, size + stacks + budget + 2 * MARGIN)
    except (ValueError, OSError, AttributeError):
        pass  # best effort, as above
    from shelldojo.shell.memory import resident_bytes
    ceiling = resident_bytes() + budget + MARGIN
    _watch(ceiling)
    return ceiling


def _watch(ceiling: int) -> None:
    from shelldojo.shell.memory import resident_bytes

    def loop() -> None:
        while True:
            time.sleep(WATCH_EVERY_S)
            if resident_bytes() > ceiling:
                os._exit(MEMORY_EXIT)  # the whole worker: the parent says why and grades on

    old = threading.stack_size(256 * 1024)  # this thread needs little of the shell's large stacks
    try:
        threading.Thread(target=loop, name="memory-watch", daemon=True).start()
    finally:
        threading.stack_size(old)


def cpu_backstop(deadline_s: float) -> None:
    """Before a task: SIGXCPU if it uses more CPU than twice its deadline."""
    try:
        import resource
        usage = resource.getrusage(resource.RUSAGE_SELF)
        _set(resource.RLIMIT_CPU, int(usage.ru_utime + usage.ru_stime + 2 * deadline_s) + 1)
    except (ImportError, ValueError, OSError):
        pass


def why_ended(exitcode: int | None, deadline_s: float) -> str | None:
    """What ended a worker, when one of these caps did."""
    if exitcode == MEMORY_EXIT:
        return memory_message()
    if exitcode == -getattr(signal, "SIGXCPU", 0):
        return f"timed out: the answer used more than {2 * deadline_s:g} s of CPU time"
    return None
