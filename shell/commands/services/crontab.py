"""crontab (Debian's vixie cron 3.0pl1, as Ubuntu ships it): -l, -r, -i, -e, -n, -u, FILE, -.

The spool file /var/spool/cron/crontabs/USER is USER:crontab 0600 with vixie's three header
lines, which Debian's `crontab -l` skips.  The real crontab is setgid crontab: here the spool is
reached as root once the caller's own file (read with their rights) was checked.
"""
from __future__ import annotations

import random
import time

from shelldojo.filesystem import accounts, cron, strerror
from shelldojo.filesystem.credentials import ROOT, acting_as
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

MAX_TABLE = 1 << 20           # a crontab larger than this is refused (bounded work)
MAX_RETRIES = 20              # "retry the same edit?" at most this many times per command


def _usage(ctx: Context, why: str) -> int:
    if why:
        ctx.err(f"crontab: usage error: {why}\n")
    ctx.err(verbatim("services/crontab_usage"))
    return 1


def _opts(ctx: Context, args: list[str]) -> tuple[dict[str, str], list[str]] | int:
    """getopt("u:lerinh") with vixie's checks: one operation, no operand after -l/-e/-r."""
    opts: dict[str, str] = {}
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "-":
        arg = args[i]
        i += 1
        if arg == "--":
            break
        for j, letter in enumerate(arg[1:], 1):
            if letter == "u":
                value = arg[j + 1:]
                if not value:
                    if i >= len(args):
                        ctx.err("crontab: option requires an argument -- 'u'\n")
                        return _usage(ctx, "unrecognized option")
                    value, i = args[i], i + 1
                opts["u"] = value
                break
            if letter == "h":
                return _usage(ctx, "")
            if letter not in "lerin":
                ctx.err(f"crontab: invalid option -- '{letter}'\n")
                return _usage(ctx, "unrecognized option")
            if letter in "ler" and any(k in opts for k in "ler" if k != letter):
                return _usage(ctx, "only one operation permitted")
            opts[letter] = ""
    rest = args[i:]
    if any(k in opts for k in "ler") and rest:
        return _usage(ctx, "no arguments permitted after this option")
    if "i" in opts and not any(k in opts for k in "ler"):
        return _usage(ctx, "file name must be specified for replace")
    return opts, rest


def _spool_read(ctx: Context, user: str) -> str | None:
    with acting_as(ROOT):
        try:
            return ctx.vfs.read_bytes(f"{cron.SPOOL}/{user}")[:MAX_TABLE].decode("utf-8", "surrogateescape")
        except OSError:
            return None


def _install(ctx: Context, user: str, text: str, source: str) -> None:
    account = accounts.user_by_name(ctx.vfs, user)
    group = accounts.group_by_name(ctx.vfs, "crontab")
    path = f"{cron.SPOOL}/{user}"
    with acting_as(ROOT):
        if not ctx.vfs.isdir(cron.SPOOL):
            cron.install_spool(ctx.vfs)
        ctx.vfs.write_bytes(path, (cron.header(source, time.time()) + text).encode("utf-8", "surrogateescape"))
        ctx.vfs.chmod(path, 0o600)
        ctx.vfs.chown(path, account.uid if account else 0, group.gid if group else 0)


def _check(ctx: Context, text: str, shown: str) -> bool:
    """vixie's pre-install check: the newline at the end, then each entry's syntax."""
    if text and not text.endswith("\n"):
        ctx.err("new crontab file is missing newline before EOF, can't install.\n")
        return False
    table = cron.parse(text)
    if table.error is not None:
        line, message = table.error
        ctx.err(f'"{shown}":{line}: {message}\nerrors in crontab file, can\'t install.\n')
        return False
    return True


def _ask(ctx: Context, prompt: str) -> bool:
    """vixie's y/n question on stdout: anything else asks again; end of input is no (the real
    crontab asks forever there)."""
    ctx.out(prompt)
    while True:
        ctx.check()
        line = ctx.terminal.read_line("") if ctx.terminal is not None else \
            ctx.stdin.readline().decode("utf-8", "replace")
        if not line:
            return False
        answer = line.strip()[:1].lower()
        if answer in ("y", "n"):
            return answer == "y"
        ctx.out("Please enter Y or N: ")


def _editor(ctx: Context, home: str) -> tuple[str, str]:
    """(the name crontab prints, the command run): $VISUAL, $EDITOR, else Debian's
    /usr/bin/sensible-editor, which runs ~/.selected_editor's choice, else the one editor
    this machine has (with a single editor select-editor asks nothing)."""
    for name in ("VISUAL", "EDITOR"):
        if ctx.env.get(name):
            return ctx.env[name], ctx.env[name]
    chosen = "/bin/nano"
    try:
        for line in ctx.vfs.read_bytes(f"{home}/.selected_editor")[:4096].decode("utf-8", "replace").splitlines():
            if line.startswith("SELECTED_EDITOR="):
                chosen = line.partition("=")[2].strip().strip('"') or chosen
    except OSError:
        pass
    return "/usr/bin/sensible-editor", chosen


def _edit(ctx: Context, user: str, home: str) -> int:
    old = _spool_read(ctx, user)
    if old is None:
        ctx.err(f"no crontab for {user} - using an empty one\n")
        body = verbatim("services/crontab_template")
    else:
        body = cron.strip_header(old)
    suffix = "".join(random.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                     for _ in range(6))
    directory = f"/tmp/crontab.{suffix}"
    path = f"{directory}/crontab"
    try:
        ctx.vfs.mkdir(directory, 0o700)
        ctx.vfs.write_bytes(path, body.encode("utf-8", "surrogateescape"))
    except OSError as exc:
        ctx.oserror(directory, exc)
        return 1
    shown, editor = _editor(ctx, home)
    for _ in range(MAX_RETRIES):
        status = ctx.runner.run_argv(ctx, _editor_argv(editor, path))
        if status != 0:
            ctx.err(f'crontab: "{shown}" exited with status {status}\n')
            _cleanup(ctx, directory, path)
            return 1
        try:
            text = ctx.vfs.read_bytes(path)[:MAX_TABLE].decode("utf-8", "surrogateescape")
        except OSError as exc:
            ctx.err(f"crontab: {path}: {strerror(exc)}\n")
            return 1
        if text == body:       # the real one compares mtimes: an unchanged text is the same answer
            ctx.err("No modification made\n")
            _cleanup(ctx, directory, path)
            return 0
        ctx.err("crontab: installing new crontab\n")
        if _check(ctx, text, path):
            _install(ctx, user, text, path)
            _cleanup(ctx, directory, path)
            return 0
        body = text
        if not _ask(ctx, "Do you want to retry the same edit? (y/n) "):
            break
    ctx.err(f"crontab: edits left in {path}\n")
    return 0


def _editor_argv(editor: str, path: str) -> list[str]:
    """The real crontab runs `sh -c "EDITOR FILE"`; a plain command (no shell syntax) is run
    directly, which is the same thing and keeps the terminal for a full-screen editor."""
    if not any(c in editor for c in "$`'\"\\|&;<>(){}*?[]~#\n"):
        words = editor.split()
        if words:
            return [*words, path]
    return ["/bin/sh", "-c", f"{editor} {path}"]


def _cleanup(ctx: Context, directory: str, path: str) -> None:
    try:
        ctx.vfs.unlink(path)
        ctx.vfs.rmdir(directory)
    except OSError:
        pass


def _may_use(ctx: Context, user: str) -> bool:
    texts: list[str | None] = []
    with acting_as(ROOT):
        for path in (cron.ALLOW, cron.DENY):
            try:
                texts.append(ctx.vfs.read_bytes(path)[:MAX_TABLE].decode("utf-8", "replace"))
            except OSError:
                texts.append(None)
    return cron.allowed(user, texts[0], texts[1])


@command("crontab", family="services", directory="/usr/bin", package="cron",
         summary="maintain crontab files for individual users (Vixie Cron)")
def crontab(ctx: Context, argv: list[str]) -> int:
    parsed = _opts(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    opts, rest = parsed
    me = accounts.user_name(ctx.vfs, ctx.creds.uid)
    user = me
    if "u" in opts:
        if accounts.user_by_name(ctx.vfs, opts["u"]) is None:
            ctx.err(f"crontab:  user `{opts['u']}' unknown\n")
            return 1
        if not ctx.creds.is_root:
            ctx.err("must be privileged to use -u\n")
            return 1
        user = opts["u"]
    if not _may_use(ctx, me):
        ctx.err(f"You ({me}) are not allowed to use this program (crontab)\nSee crontab(1) for more information\n")
        return 1
    if "l" in opts:
        text = _spool_read(ctx, user)
        if text is None:
            ctx.err(f"no crontab for {user}\n")
            return 1
        ctx.out(cron.strip_header(text))
        return 0
    if "r" in opts:
        if _spool_read(ctx, user) is None:
            ctx.err(f"no crontab for {user}\n")
            return 1
        if "i" in opts and not _ask(ctx, f"crontab: really delete {user}'s crontab? (y/n) "):
            return 0
        with acting_as(ROOT):
            ctx.vfs.unlink(f"{cron.SPOOL}/{user}")
        return 0
    if "e" in opts:
        account = accounts.user_by_name(ctx.vfs, user)
        return _edit(ctx, user, account.home if account else "/")
    return _replace(ctx, user, rest[0] if rest else "-", dry="n" in opts)


def _replace(ctx: Context, user: str, name: str, *, dry: bool) -> int:
    if name == "-":
        data = bytearray()
        for line in ctx.stdin_lines():
            data += line
            if len(data) > MAX_TABLE:
                ctx.err("crontab: crontab file too large\n")    # vixie's MAXTABSIZE guard
                return 1
        text = bytes(data).decode("utf-8", "surrogateescape")
    else:
        path = ctx.abspath(name)
        try:
            if ctx.vfs.isdir(path):
                ctx.err(f"{name}: Not a regular file.\n")
                return 1
            raw = ctx.vfs.read_bytes(path)
        except OSError as exc:
            ctx.err(f"{name}: {strerror(exc)}\n")
            return 1
        if len(raw) > MAX_TABLE:
            ctx.err("crontab: crontab file too large\n")
            return 1
        text = raw.decode("utf-8", "surrogateescape")
    if not _check(ctx, text, name):
        return 1
    if dry:
        ctx.err("The syntax of the crontab file was successfully checked.\n")
        return 0
    _install(ctx, user, text, name)
    return 0

