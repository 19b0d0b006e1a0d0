"""`shelldojo serve`: the command line of the class server (argument parsing, what it prints,
starting the web side, the SSH side when shell/serve/sshd.py is there, and stopping cleanly)."""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import secrets
import signal
import sys
from collections.abc import Sequence

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud to a class


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="shelldojo serve", description=(
        "Serve the trainer to a class: a terminal in the browser, over SSH, and a live dashboard "
        "for the teacher. Binds to loopback unless --host says otherwise; put TLS in a reverse proxy."))
    ap.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    ap.add_argument("--port", type=int, default=8080, help="web port (default: 8080)")
    ap.add_argument("--ssh-port", type=int, default=2222, help="SSH port (default: 2222; 0: no SSH)")
    ap.add_argument("--class-code", help="the code students type (default: a random one, printed)")
    ap.add_argument("--teacher-password", help="the dashboard's password (default: a random one, printed)")
    ap.add_argument("--pack", action="append", default=[], metavar="DIR", help="an extra challenge pack (repeatable)")
    ap.add_argument("--data-dir", help="where progress and machines are kept (default: <data dir>/class)")
    ap.add_argument("--store", metavar="URL", help="the progress store: a SQLite path or postgresql://...")
    ap.add_argument("--max-sessions", type=int, default=60, help="students at once (default: 60)")
    ap.add_argument("--workers", type=int, default=default_workers(), metavar="N",
                    help="processes running the students' trainers, spread over the cores "
                         f"(default: {default_workers()}, two per core, at most {MAX_DEFAULT_WORKERS}; "
                         "0: in the server's own process)")
    ap.add_argument("--idle-timeout", type=float, default=30.0, metavar="MINUTES",
                    help="close (after saving) a session idle this long (default: 30)")
    return ap


MAX_DEFAULT_WORKERS = 8   # ~90 MB each: a laptop's worth


def default_workers() -> int:
    """Two worker processes per core this process may use, at most 8.  A Python process runs on
    one core at a time (its GIL), and within a process the students' threads take turns at
    that lock: with two per core the OS, not the GIL, shares the cores between them (measured
    in tests/benchmarks/bench_serve_load.py)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(MAX_DEFAULT_WORKERS, 2 * cores))


def _shown_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        import socket
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


def main(argv: Sequence[str]) -> int:
    args = parser().parse_args(list(argv))
    for name in ("port", "ssh_port", "max_sessions", "workers"):
        if getattr(args, name) < 0 or (name == "max_sessions" and args.max_sessions < 1):
            print(f"shelldojo serve: --{name.replace('_', '-')}: out of range", file=sys.stderr)
            return 2
    try:
        import aiohttp  # noqa: F401 - the extra is needed only here
    except ImportError:
        print("shelldojo serve: needs the serving extra: pip install 'shelldojo[serve]'", file=sys.stderr)
        return 1
    from shelldojo.shell.machines import data_dir
    code = args.class_code or "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
    password = args.teacher_password or secrets.token_urlsafe(12)
    where = args.data_dir or os.path.join(data_dir(), "class")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    try:
        return asyncio.run(_serve(args, code, password, where))
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # the port is taken, the address is not ours
        print(f"shelldojo serve: {exc.strerror or exc}", file=sys.stderr)
        return 1


async def _serve(args: argparse.Namespace, code: str, password: str, where: str) -> int:
    from shelldojo.shell.serve.classroom import ClassRoom
    from shelldojo.shell.serve.limits import ServeLimits
    from shelldojo.shell.serve.web import start_web
    limits = ServeLimits(max_sessions=args.max_sessions, idle_timeout_s=args.idle_timeout * 60)
    try:
        room = ClassRoom(args.pack, where, store_url=args.store, class_code=code, limits=limits,
                         workers=args.workers)
    except ValueError as exc:  # no pack loaded
        print(f"shelldojo serve: {exc}", file=sys.stderr)
        return 1
    try:
        await room.start()
    except (OSError, RuntimeError, TimeoutError) as exc:
        print(f"shelldojo serve: the worker processes did not start: {exc}", file=sys.stderr)
        await room.close()
        return 1
    runner, port = await start_web(room, args.host, args.port, password)
    host = _shown_host(args.host)
    ssh = None
    if args.ssh_port:
        try:
            from shelldojo.shell.serve.sshd import start_ssh_server
        except ImportError:
            start_ssh_server = None
        if start_ssh_server is not None:
            ssh = await start_ssh_server(room, args.host, args.ssh_port)
    print(f"shelldojo serve: class code {code}")
    print(f"  students, in a browser:  http://{host}:{port}/")
    if ssh is not None:
        print(f"  students, over SSH:      ssh -p {args.ssh_port} NAME@{host}   (password: the class code)")
    print(f"  teacher's dashboard:     http://{host}:{port}/teacher   (user teacher, password {password})")
    print(f"  data: {where}   (Ctrl-C stops the server; every student's work is saved)", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await room.close()   # every trainer saves and ends, then the workers
    if ssh is not None:
        ssh.close()
    await runner.cleanup()
    return 0
