"""top (procps-ng 4.0.2): batch mode (`top -bn1`) prints frames as text; without -b it needs
a terminal and runs the full-screen Application of top_app.py.  Frames are drawn from the
machine's model by top_text.py: a `dishwasher` at 99 % CPU costs the host nothing."""
from __future__ import annotations

import time

from shelldojo.filesystem import accounts
from shelldojo.shell.commands.procs.top_text import FIELDS, Frame, Options
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SCREENMAX = 512          # top's widest line
PID_LIMIT = 20           # -p takes at most this many pids
_FLAGS = set("bcHiSs1")
_VALUED = set("dEenopUu")
_LONG = {"--batch-mode": "b", "--cmdline-toggle": "c", "--delay": "d", "--scale-summary-mem": "E",
         "--scale-task-mem": "e", "--threads-show": "H", "--idle-toggle": "i", "--iterations": "n",
         "--list-fields": "O", "--sort-override": "o", "--pid": "p", "--accum-time-toggle": "S",
         "--secure-mode": "s", "--filter-any-user": "U", "--filter-only-euser": "u", "--width": "w",
         "--single-cpu-toggle": "1", "--help": "h", "--version": "V"}


class TopError(Exception):
    """`top: MESSAGE` on stderr; `status` 1, or 0 for getopt's complaints (as top 4.0.2 does)."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


class Settings:
    def __init__(self) -> None:
        self.batch = False
        self.delay = 3.0
        self.iterations: int | None = None
        self.width: int | None = None      # -w N
        self.wide = False                  # -w alone
        self.opts = Options()
        self.action = ""                   # "help", "version", "fields"


def _words(argv: list[str]) -> list[tuple[str, str | None]]:
    """(option letter, value) pairs from top's command line, or TopError."""
    out: list[tuple[str, str | None]] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        if a.startswith("--"):
            name, eq, val = a.partition("=")
            letter = _LONG.get(name)
            if letter is None:
                raise TopError(f"unrecognized option '{a}'", 0)
            if letter in _VALUED and not eq:
                if i >= len(argv):
                    raise TopError(f"option '{name}' requires an argument", 0)
                val, i = argv[i], i + 1
            out.append((letter, val if eq or letter in _VALUED else None))
            continue
        if not a.startswith("-") or a == "-":
            raise TopError(f"unknown option '{a}'")
        j = 1
        while j < len(a):
            ch = a[j]
            j += 1
            if ch in _FLAGS or ch in "hVO":
                out.append((ch, None))
            elif ch in _VALUED:
                val = a[j:]
                if not val:
                    if i >= len(argv):
                        raise TopError(f"option requires an argument -- '{ch}'", 0)
                    val, i = argv[i], i + 1
                out.append((ch, val))
                break
            elif ch == "w":  # an optional width: the rest of the word, or the next word
                val = a[j:] or None
                if val is None and i < len(argv) and not argv[i].startswith("-"):
                    val, i = argv[i], i + 1
                out.append(("w", val))
                break
            else:
                raise TopError(f"invalid option -- '{ch}'", 0)
    return out


def parse(ctx: Context, argv: list[str], me: int | None) -> Settings:
    s = Settings()
    pids: list[int] = []
    for letter, val in _words(argv):
        if letter == "b":
            s.batch = True
        elif letter == "h":
            s.action = s.action or "help"
        elif letter == "V":
            s.action = s.action or "version"
        elif letter == "O":
            s.action = s.action or "fields"
        elif letter in "Ee":
            if val is None or len(val) != 1 or val not in ("kmgtpe" if letter == "E" else "kmgtp"):
                raise TopError(f"bad memory scaling arg '{val}'")
            if letter == "E":
                s.opts.summary_scale = val
            else:
                s.opts.task_scale = val
        elif letter == "c":
            s.opts.cmdline = not s.opts.cmdline
        elif letter == "i":
            s.opts.idle = not s.opts.idle
        elif letter == "1":
            s.opts.per_cpu = not s.opts.per_cpu
        elif letter == "d":
            try:
                delay = float((val or "").replace(",", "."))
            except ValueError:
                raise TopError(f"bad delay interval '{val}'") from None
            if delay < 0:
                raise TopError("-d requires positive argument")
            s.delay = delay
        elif letter == "n":
            if not (val or "").strip().isdigit() or int(val or "0") < 1:
                raise TopError(f"bad iterations argument '{val}'")
            s.iterations = int(val or "1")
        elif letter == "p":
            for item in (val or "").split(","):
                if not item.isdigit():
                    raise TopError(f"bad pid '{item}'")
                pids.append(int(item) or (me or 0))
                if len(pids) > PID_LIMIT:
                    raise TopError(f"pid limit ({PID_LIMIT}) exceeded")
        elif letter in "uU":
            uid = _user(ctx, val or "")
            if uid is None:
                raise TopError("Invalid user")
            s.opts.uid = uid
        elif letter == "o":
            name = val or ""
            descending = not name.startswith("-")
            name = name[1:] if name[:1] in "+-" else name
            if name not in FIELDS:
                raise TopError(f"unrecognized field name '{val}'")
            s.opts.sort, s.opts.descending = name, descending
        elif letter == "w":
            if val is None:
                s.wide = True
            elif not val.isdigit() or not 0 < int(val) <= SCREENMAX:
                raise TopError(f"bad width arg '{val}'")
            else:
                s.width = int(val)
    s.opts.pids = frozenset(pids)
    return s


def _words_until_error(argv: list[str]) -> list[tuple[str, str | None]]:
    """The options read before a bad one (did -b come first?)."""
    for n in range(len(argv), -1, -1):
        try:
            return _words(argv[:n])
        except TopError:
            continue
    return []


def _user(ctx: Context, text: str) -> int | None:
    if text.isdigit():
        return int(text)
    account = accounts.user_by_name(ctx.vfs, text)
    return None if account is None else account.uid


def batch_width(ctx: Context, s: Settings) -> int:
    """The terminal's width when printing to it, else COLUMNS, else 80; -w N, or -w alone (512)."""
    if s.width is not None:
        return s.width
    env = ctx.env.get("COLUMNS", "")
    cols = int(env) if env.isdigit() and 0 < int(env) <= SCREENMAX else None
    if ctx.stdout.isatty():
        return ctx.columns
    if s.wide:
        return cols or SCREENMAX
    return cols or 80


@command("top", family="system", summary="display Linux processes")
def top(ctx: Context, argv: list[str]) -> int:
    procs = ctx.machine.procs
    me = procs.current()
    _config_dir(ctx)
    try:
        s = parse(ctx, argv[1:], me)
    except TopError as exc:
        if exc.status == 0 and any(w[0] == "b" for w in _words_until_error(argv[1:])):
            ctx.out("\n")  # batch mode ends its output with a newline even then
        ctx.err(f"top: {exc}\n")
        return exc.status
    if s.action == "help":
        ctx.out(verbatim("procs/top_help"))
        return 0
    if s.action == "version":
        ctx.out("top from procps-ng 4.0.2\n")
        return 0
    if s.action == "fields":
        ctx.out(verbatim("procs/top_fields"))
        return 0
    if not s.batch:
        if ctx.terminal is None or not ctx.stdin.isatty():  # top reads its keys from the tty
            ctx.err("top: failed tty get\n")
            return 1
        from shelldojo.shell.commands.procs.top_app import TopState, build_top
        term = ctx.terminal
        s.opts.width = s.width or term.columns
        state = TopState(ctx, s.opts, s.delay, term.lines, me=me, iterations=s.iterations)
        term.run_app(build_top(state))
        return 0
    s.opts.width = batch_width(ctx, s)
    n = 0
    while True:
        frame = Frame(ctx, s.opts, me=me)
        ctx.out(("\n" if n else "") + "\n".join(frame.lines()) + "\n")
        n += 1
        if s.iterations is not None and n >= s.iterations:
            return 0
        ctx.stdout.flush()
        _wait(ctx, s.delay)


def _config_dir(ctx: Context) -> None:
    """top 4.0 makes its rcfile's directory ($XDG_CONFIG_HOME or ~/.config, then procps, 0700)
    before it even reads its options."""
    base = ctx.env.get("XDG_CONFIG_HOME") or (ctx.env.get("HOME", "") + "/.config")
    if not base.startswith("/"):
        return
    for path in (base, base + "/procps"):
        try:
            if not ctx.vfs.exists(path):
                ctx.vfs.mkdir(path, 0o700)
        except OSError:
            return


def _wait(ctx: Context, seconds: float) -> None:
    """The delay between frames: waiting, not running; Ctrl-C and the limits end it."""
    end = time.monotonic() + seconds
    with ctx.budget.waiting():
        while (left := end - time.monotonic()) > 0:
            ctx.check()
            time.sleep(min(left, 0.05))
    ctx.check()
