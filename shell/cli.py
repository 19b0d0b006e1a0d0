"""The command line: `shelldojo run ...` (and `python -m shelldojo run ...`).

This module is the composition root for the non-interactive runner; its import path
must stay free of prompt_toolkit (the REPL front end imports it lazily).
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, BinaryIO

from shelldojo.shell.status import BROKEN_PIPE, INTERRUPTED, LIMIT, NOT_FOUND
from shelldojo.shell.status import USAGE as BAD_USAGE

if TYPE_CHECKING:
    from shelldojo.shell.budget import Budget
    from shelldojo.shell.streams import InputStream

USAGE = """\
usage: shelldojo [--data-dir DIR] [--record FILE] [--student NAME] [--pack DIR]...
       shelldojo run [SCRIPT|-] [-c CMDS [ARG0 [ARG...]]] [--load-state TAR] [--save-state TAR] [--user NAME]
       shelldojo sandbox [--fresh] [--data-dir DIR]

(none)   the trainer: challenges with goals, hints and checks; resumes where you stopped
run      run shell commands non-interactively in a fresh simulated machine (as `bash -c` does)
sandbox  a practice terminal on a simulated machine that is kept between runs
list     packs and challenges, with your status
validate check challenge packs;  grade  grade students' answers (see VERB --help)
serve    serve the trainer to a class: browser, SSH and a teacher's dashboard
"""


def _run_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="shelldojo run", description="Run a script in a fresh simulated machine.")
    ap.add_argument("script", nargs="?", help="script file on the host, or - for standard input")
    ap.add_argument("args", nargs=argparse.REMAINDER, help="arguments ($0 then $1... with -c; $1... for a script)")
    ap.add_argument("-c", dest="command", metavar="CMDS", help="commands to run, as bash -c")
    ap.add_argument("--load-state", metavar="TAR", help="start from a machine saved with --save-state")
    ap.add_argument("--save-state", metavar="TAR", help="write the final machine as a tar archive")
    ap.add_argument("--user", default="learner", help="run as this user of the machine (default: learner)")
    return ap


def _split_options(argv: list[str]) -> list[str]:
    """Move --save-state/--load-state/--user given after the script to the front.

    The conformance harness calls `run SCRIPT --save-state X`; argparse's REMAINDER would
    otherwise swallow them as script arguments.
    """
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--save-state", "--load-state", "--user") and i + 1 < len(argv):
            front += [a, argv[i + 1]]
            i += 2
            continue
        if a.startswith(("--save-state=", "--load-state=", "--user=")):
            front.append(a)
        else:
            rest.append(a)
        i += 1
    return front + rest


def _read_bounded(f: BinaryIO, limit: int) -> bytes | None:
    """At most `limit` bytes of a host file or stream; None when there is more (never read to
    the end of an endless /dev/zero or `yes |`)."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = f.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return None if size > limit else b"".join(chunks)


def _host_stdin(budget: Callable[[], Budget]) -> InputStream:
    from shelldojo.shell.hoststreams import HostInput
    from shelldojo.shell.streams import NullInput

    try:
        return HostInput(sys.stdin.fileno(), budget)
    except (AttributeError, OSError, ValueError):  # no standard input at all
        return NullInput()


def cmd_run(argv: list[str]) -> int:
    args = _run_parser().parse_args(_split_options(argv))
    from shelldojo.filesystem import accounts
    from shelldojo.shell.cloud import fresh_cloud, load_cloud, max_cloud_archive_bytes, save_cloud
    from shelldojo.shell.hoststreams import HostOutput
    from shelldojo.shell.limits import Limits
    from shelldojo.shell.memory import megabytes
    from shelldojo.shell.session import Session
    from shelldojo.shell.streams import NullInput

    max_script = Limits().max_script_bytes
    if args.command is not None:
        source = args.command
        positional = [args.script, *args.args] if args.script is not None else []
        arg0, params = (positional[0], positional[1:]) if positional else ("bash", [])
    else:
        name = "standard input" if args.script in (None, "-") else args.script
        try:
            if args.script in (None, "-"):
                data = _read_bounded(sys.stdin.buffer, max_script)
            else:
                with open(args.script, "rb") as f:  # the host script the user named (front end only)
                    data = _read_bounded(f, max_script)
        except OSError as exc:
            print(f"shelldojo: {name}: {exc.strerror}", file=sys.stderr)
            return NOT_FOUND if name == args.script else BAD_USAGE
        if data is None:
            print(f"shelldojo: {name}: script size limit exceeded ({megabytes(max_script)} per script)",
                  file=sys.stderr)
            return LIMIT
        source = data.decode("utf-8", "surrogateescape")
        arg0, params = "bash", list(args.args)

    if args.load_state:
        from shelldojo.filesystem.archive import ArchiveError  # tarfile: only with an archive

        try:
            with open(args.load_state, "rb") as f:  # the archive the user named
                data = _read_bounded(f, max_cloud_archive_bytes())
            if data is None:
                raise ArchiveError(f"archive too large (over {megabytes(max_cloud_archive_bytes())})")
            network = load_cloud(data)
        except OSError as exc:
            print(f"shelldojo: cannot load state {args.load_state}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        except ArchiveError as exc:
            print(f"shelldojo: cannot load state {args.load_state}: {exc}", file=sys.stderr)
            return 2
    else:
        network = fresh_cloud()
    machine = network.main_machine
    if accounts.user_by_name(machine.vfs, args.user) is None:
        print(f"shelldojo: no such user in the machine: {args.user}", file=sys.stderr)
        return 2

    out = HostOutput(sys.stdout.buffer, tty=False)
    err = HostOutput(sys.stderr.buffer, tty=False, partner=out)
    # as bash -c CMDS and bash SCRIPT, the commands read the host's standard input (it held the
    # script itself with `run -`)
    stdin = NullInput() if args.command is None and args.script in (None, "-") else _host_stdin(
        lambda: session.state.budget)
    session = Session(machine, user=args.user, interactive=False, stdin=stdin,
                      stdout=out, stderr=err, arg0=arg0, args=params)
    status = session.run_source(source)
    sys.stdout.flush()
    sys.stderr.flush()
    if args.save_state:
        try:
            with open(args.save_state, "wb") as f:  # the archive the user asked for
                save_cloud(network, f)
        except OSError as exc:
            print(f"shelldojo: cannot save state {args.save_state}: {exc.strerror}", file=sys.stderr)
            return 2
    return status


def cmd_sandbox(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="shelldojo sandbox", description="A free-practice terminal.")
    ap.add_argument("--fresh", action="store_true", help="start from a new machine (the saved one is replaced)")
    ap.add_argument("--data-dir", metavar="DIR", help="where the machine is kept (default: $SHELLDOJO_HOME "
                    "or the platform's user data dir)")
    args = ap.parse_args(argv)
    if args.data_dir:
        import os
        os.environ["SHELLDOJO_HOME"] = args.data_dir  # also the base-image cache's home
    from shelldojo.shell.repl.sandbox import main as sandbox_main  # prompt_toolkit only from here on

    return sandbox_main(fresh=args.fresh, data_dir=args.data_dir)


def cmd_validate(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="shelldojo validate", description="Check challenge packs: schema, ids, "
                                 "hints and messages, the reference solution passes, an untouched machine fails.")
    ap.add_argument("packs", nargs="+", metavar="PACK", help="a pack folder (holding pack.toml)")
    args = ap.parse_args(argv)
    from shelldojo.challenges.validate import main as validate_main

    return validate_main(args.packs)


def cmd_list(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="shelldojo list", description="Packs and challenges, with your status.")
    ap.add_argument("pack", nargs="?", help="only this pack (id or folder)")
    ap.add_argument("--data-dir", metavar="DIR", help="where your progress is kept (default: $SHELLDOJO_HOME "
                    "or the platform's user data dir)")
    args = ap.parse_args(argv)
    from shelldojo.challenges.listing import cli as list_cli
    from shelldojo.shell.machines import data_dir

    return list_cli(args.pack, args.data_dir or data_dir())


def cmd_trainer(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="shelldojo", description="The trainer: challenges with goals, hints and "
                                 "checks after every command; resumes where you stopped.", usage=USAGE)
    ap.add_argument("--data-dir", metavar="DIR", help="where your progress and machines are kept (default: "
                    "$SHELLDOJO_HOME or the platform's user data dir)")
    ap.add_argument("--record", metavar="FILE", help="append each command line you type to FILE as JSON "
                    "lines (for `shelldojo grade`)")
    ap.add_argument("--student", metavar="NAME", help="your name as your instructor's grader knows it: your "
                    "challenges' data is then the same as when your recorded session is graded")
    ap.add_argument("--pack", metavar="DIR", action="append", default=[], help="also play the challenge pack "
                    "in DIR (repeatable) and start in it; packs in the data dir's packs/ folder are always added")
    args = ap.parse_args(argv)
    if args.data_dir:
        os.environ["SHELLDOJO_HOME"] = args.data_dir  # also the base-image cache's home
    from shelldojo.shell.repl.trainer_app import main as trainer_main  # prompt_toolkit only from here on

    return trainer_main(data_dir=args.data_dir, record=args.record, student=args.student, packs=args.pack)


def cmd_grade(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="shelldojo grade", description="Grade every student's answers to a pack.")
    ap.add_argument("pack", metavar="PACK", help="a pack folder (holding pack.toml) or a built-in pack id")
    ap.add_argument("--submissions", required=True, metavar="DIR",
                    help="one folder per student holding CHALLENGE_ID.sh files (or a recorded *.jsonl session)")
    ap.add_argument("--student", metavar="NAME", help="grade only this student")
    ap.add_argument("--format", choices=("text", "json", "junit", "classroom"), default="text")
    ap.add_argument("--output", metavar="FILE", help="write the report here (default: standard output)")
    ap.add_argument("--jobs", type=int, default=0, metavar="N", help="worker processes (default: all cores)")
    ap.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                    help="wall time per command line of an answer (default: 10)")
    ap.add_argument("--recheck", action="store_true",
                    help="replay passing answers on a second variant, so hard-coded answers fail")
    ap.add_argument("--no-timing", action="store_true", help="report durations as 0 (byte-identical reports)")
    ap.add_argument("--transcripts", metavar="DIR", help="write DIR/STUDENT.txt for each student: each "
                    "command of each answer as replayed and what it printed")
    args = ap.parse_args(argv)
    from shelldojo.challenges.grading_cli import main as grade_main

    return grade_main(args)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("-h", "--help"):
        print(USAGE, end="")
        return 0
    if not argv or argv[0].startswith("-"):  # no verb: the trainer
        return cmd_trainer(argv)
    verb, rest = argv[0], argv[1:]
    if verb == "run":
        try:
            return cmd_run(rest)
        except KeyboardInterrupt:
            return INTERRUPTED
        except BrokenPipeError:
            return BROKEN_PIPE
        except Exception as exc:  # a bug must not show a learner a traceback
            if os.environ.get("SHELLDOJO_DEBUG"):
                raise
            print(f"shelldojo: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 70
    if verb == "sandbox":
        return cmd_sandbox(rest)
    if verb == "grade":
        return cmd_grade(rest)
    if verb == "validate":
        return cmd_validate(rest)
    if verb == "serve":  # aiohttp and asyncssh are imported only on this path
        from shelldojo.shell.serve.cli import main as serve_main
        return serve_main(rest)
    if verb == "list":
        try:
            return cmd_list(rest)
        except BrokenPipeError:  # `shelldojo list | head`
            return BROKEN_PIPE
    print(f"shelldojo: unknown command '{verb}'\n{USAGE}", file=sys.stderr, end="")
    return 2


if __name__ == "__main__":
    sys.exit(main())
