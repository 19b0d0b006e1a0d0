"""sudo (1.9.9, Ubuntu's sudoers) and su (util-linux): running commands and shells as another user.

They ask the interpreter (ctx.shell) to run their command with the target's credentials,
and the session (ctx.host) to open a nested shell in the REPL.
"""
from __future__ import annotations

import dataclasses
import time

from shelldojo.filesystem import Credentials, accounts, acting_as, passwords
from shelldojo.filesystem.accounts_write import shadow_entry
from shelldojo.shell.commands.users.mod import ask_secret
from shelldojo.shell.context import Context
from shelldojo.shell.interp import programs
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SECURE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin"
TIMEOUT_S = 15 * 60
_KEEP = ("TERM", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "COLORS", "DISPLAY", "HOSTNAME", "COLUMNS",
         "LINES", "LS_COLORS", "XAUTHORITY", "TZ", "PS1", "PS2")


def _name(ctx: Context, creds: Credentials) -> str:
    return accounts.user_name(ctx.vfs, creds.uid)


def check_password(ctx: Context, user: str, password: str) -> bool:
    row = shadow_entry(ctx.vfs, user)
    return row is not None and passwords.verify(password, row.password)


def sudoers_allows(ctx: Context, user: str) -> bool:
    """Does /etc/sudoers (and /etc/sudoers.d) give `user` a rule?  User and %group lines."""
    with acting_as(accounts.credentials_for(ctx.vfs, "root") or ctx.creds):
        texts = []
        for path in ("/etc/sudoers", *(f"/etc/sudoers.d/{n}" for n in _listdir(ctx, "/etc/sudoers.d"))):
            try:
                texts.append(ctx.vfs.read_bytes(path).decode("utf-8", "replace"))
            except OSError:
                continue
    creds = accounts.credentials_for(ctx.vfs, user)
    groups = {accounts.group_name(ctx.vfs, g) for g in (creds.groups if creds else ())}
    for text in texts:
        for line in text.splitlines():
            words = line.split()
            if not words or words[0].startswith("#") or words[0] in ("Defaults", "@includedir", "@include"):
                continue
            who = words[0]
            if who == user or who == "ALL" or (who.startswith("%") and who[1:] in groups):
                return True
    return False


def _listdir(ctx: Context, path: str) -> list[str]:
    try:
        return sorted(n for n in ctx.vfs.listdir(path) if "." not in n and not n.endswith("~"))
    except OSError:
        return []


def _authenticate_sudo(ctx: Context, me: str) -> bool:
    """Ask for the invoking user's password (REPL only), three tries; True when accepted."""
    session = ctx.host
    if ctx.terminal is None or ctx.creds.is_root:
        return True
    now = time.monotonic()
    if session is not None and session.sudo_time is not None and now - session.sudo_time < TIMEOUT_S:
        return True
    for attempt in range(3):
        answer = ctx.terminal.read_secret(f"[sudo] password for {me}: ")
        if answer is None:
            return False
        if check_password(ctx, me, answer):
            if session is not None:
                session.sudo_time = time.monotonic()
            return True
        if attempt < 2:
            ctx.err("Sorry, try again.\n")
    ctx.err("sudo: 3 incorrect password attempts\n")
    return False


def target_env(ctx: Context, user: accounts.PasswdEntry, *, path: str, keep: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in keep.items()}
    env.update(HOME=user.home, USER=user.name, LOGNAME=user.name, SHELL=user.shell or "/bin/sh",
               PATH=path, MAIL=f"/var/mail/{user.name}")
    return env


def _shell_escape(args: list[str]) -> str:
    """sudo -s/-i CMD: every character but alphanumerics, _ - $ is backslash-escaped."""
    return " ".join("".join(c if c.isalnum() or c in "_-$" else "\\" + c for c in a) for a in args)


def _sudo_usage(ctx: Context) -> int:
    ctx.err(verbatim("users/sudo_usage"))
    return 1


@command("sudo", family="users")
def sudo(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    opts: dict[str, str] = {}
    while args and args[0].startswith("-") and args[0] != "-":
        a = args.pop(0)
        if a == "--":
            break
        if a.startswith("--"):
            body, _, val = a[2:].partition("=")
            longs = {"login": "i", "shell": "s", "user": "u", "list": "l", "help": "h", "version": "V",
                     "reset-timestamp": "k", "remove-timestamp": "K", "non-interactive": "n",
                     "preserve-env": "E", "set-home": "H", "validate": "v", "stdin": "S", "group": "g",
                     "chdir": "D"}
            found = [k for k in longs if k.startswith(body)]
            if len(found) != 1 and body not in longs:
                ctx.err(f"sudo: unrecognized option '{a}'\n")
                return _sudo_usage(ctx)
            key = longs[body if body in longs else found[0]]
            if key in "ugD" and not val:
                if not args:
                    ctx.err(f"sudo: option '{a}' requires an argument\n")
                    return _sudo_usage(ctx)
                val = args.pop(0)
            opts[key] = val
            continue
        j = 1
        while j < len(a):
            c = a[j]
            j += 1
            if c in "ugDpCThRrt":
                val = a[j:] or (args.pop(0) if args else "")
                if not val and not a[j:]:
                    if c == "h":
                        opts["h"] = ""
                        break
                    ctx.err(f"sudo: option requires an argument -- '{c}'\n")
                    return _sudo_usage(ctx)
                opts[c] = val
                break
            if c not in "isklKnEHvSVbABPe":
                ctx.err(f"sudo: invalid option -- '{c}'\n")
                return _sudo_usage(ctx)
            opts[c] = ""
    if "h" in opts:
        ctx.out(verbatim("users/sudo_help"))
        return 0
    if "V" in opts:
        ctx.out("Sudo version 1.9.9\n")
        if ctx.creds.is_root:
            ctx.out("Configure options: --prefix=/usr -with-all-insults --with-pam\n"
                    "Sudoers policy plugin version 1.9.9\nSudoers file grammar version 48\n")
        return 0
    session = ctx.host
    if "k" in opts or "K" in opts:
        if session is not None:
            session.sudo_time = None
        if not args or "K" in opts:
            return 0
    # leading VAR=value words set variables in the command's environment
    assigns: dict[str, str] = {}
    while args and "=" in args[0] and args[0].split("=", 1)[0].isidentifier():
        k, _, v = args.pop(0).partition("=")
        assigns[k] = v
    if not args and not any(k in opts for k in "islv"):
        return _sudo_usage(ctx)
    me = _name(ctx, ctx.creds)
    target_name = opts.get("u", "root")
    target = accounts.user_by_name(ctx.vfs, target_name)
    if target is None and target_name.startswith("#") and target_name[1:].isdigit():
        target = accounts.user_by_uid(ctx.vfs, int(target_name[1:]))
    if target is None:
        ctx.err(f"sudo: unknown user {target_name}\n")
        return 1
    if not ctx.creds.is_root and not sudoers_allows(ctx, me):
        if ctx.terminal is not None and not _authenticate_sudo(ctx, me):
            return 1
        ctx.err(f"{me} is not in the sudoers file.  This incident will be reported.\n")
        return 1
    if not _authenticate_sudo(ctx, me):
        return 1
    if "v" in opts:
        return 0
    if "l" in opts:
        return _sudo_list(ctx, me, args)
    creds = accounts.credentials_for(ctx.vfs, target.name)
    assert creds is not None
    keep = dict(ctx.env) if "E" in opts else {k: v for k, v in ctx.env.items() if k in _KEEP}
    env = target_env(ctx, target, path=SECURE_PATH, keep=keep)
    env.update(SUDO_USER=me, SUDO_UID=str(ctx.creds.uid), SUDO_GID=str(ctx.creds.gid))
    env.update(assigns)
    login = "i" in opts
    cwd = target.home if login and ctx.vfs.isdir(target.home) else ctx.cwd
    if "D" in opts:
        cwd = ctx.abspath(opts["D"])
    if login or "s" in opts:
        shell = target.shell if login else (ctx.env.get("SHELL") or target.shell)
        if not args:
            env["SUDO_COMMAND"] = shell
            return _nested(ctx, creds, env, cwd, login, shell)
        args = [shell, "-c", _shell_escape(args)]
    name = args[0]
    found = name if "/" in name else programs.find_in_path(ctx.shell.state, name, SECURE_PATH)
    if found is None or ("/" in name and not ctx.vfs.isfile(ctx.abspath(name))):
        ctx.err(f"sudo: {name}: command not found\n")
        return 1
    env["SUDO_COMMAND"] = " ".join([found, *args[1:]])
    sctx = dataclasses.replace(ctx, creds=creds, env=env, cwd=cwd, name=name)
    with acting_as(creds):
        return int(ctx.runner.run_argv(sctx, args))


def _sudo_list(ctx: Context, me: str, args: list[str]) -> int:
    if args:
        found = programs.find_in_path(ctx.shell.state, args[0], SECURE_PATH)
        if found is None:
            return 1
        ctx.out(" ".join([found, *args[1:]]) + "\n")
        return 0
    host = ctx.machine.hostname
    ctx.out(f"Matching Defaults entries for {me} on {host}:\n"
            "    env_reset, mail_badpass,\n"
            f"    secure_path={SECURE_PATH},\n    use_pty\n\n"
            f"User {me} may run the following commands on {host}:\n    (ALL : ALL) ALL\n")
    return 0


def _nested(ctx: Context, creds: Credentials, env: dict[str, str], cwd: str, login: bool, shell: str) -> int:
    """A new interactive `shell` as `creds` (REPL only); non-interactively there is nothing to read."""
    if ctx.host is None or ctx.terminal is None:
        return 0
    ctx.host.push_shell(creds, env, cwd, login=login, shell=shell)
    return 0


# ----------------------------------------------------------------------------- su
@command("su", family="users")
def su(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    login, keep_env = False, False
    command: str | None = None
    shell: str | None = None
    operands: list[str] = []  # util-linux su permutes: `su chef -c cmd` works like `su -c cmd chef`
    while args:
        a = args[0]
        if a == "-" and operands:
            operands.append(a)
        elif a in ("-", "-l", "--login"):
            login = True
        elif a in ("-m", "-p", "--preserve-environment"):
            keep_env = True
        elif a in ("-c", "--command", "--session-command", "-s", "--shell"):
            if len(args) < 2:
                ctx.err(f"su: option requires an argument -- '{a.lstrip('-')[0]}'\n"
                        "Try 'su --help' for more information.\n")
                return 1
            if a.startswith(("-c", "--c", "--se")):
                command = args[1]
            else:
                shell = args[1]
            args = args[1:]
        elif a.startswith("-c") and len(a) > 2:
            command = a[2:]
        elif a in ("-h", "--help"):
            ctx.out(verbatim("users/su_help"))
            return 0
        elif a in ("-V", "--version"):
            ctx.out("su from util-linux 2.37.2\n")
            return 0
        elif a == "--":
            args = args[1:]
            break
        elif a.startswith("-") and a != "-":
            bad = a if a.startswith("--") else a[1]
            msg = f"unrecognized option '{bad}'" if a.startswith("--") else f"invalid option -- '{bad}'"
            ctx.err(f"su: {msg}\nTry 'su --help' for more information.\n")
            return 1
        else:
            operands.append(a)
        args = args[1:]
    args = operands + args
    target_name = args.pop(0) if args else "root"
    target = accounts.user_by_name(ctx.vfs, target_name)
    if target is None:
        ctx.err(f"su: user {target_name} does not exist or the user entry does not contain all the "
                "required fields\n")
        return 1
    if not ctx.creds.is_root:
        answer = ask_secret(ctx, "Password: ")
        if answer is None or not check_password(ctx, target.name, answer):
            ctx.err("su: Authentication failure\n")
            return 1
    creds = accounts.credentials_for(ctx.vfs, target.name)
    assert creds is not None
    path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" if target.uid == 0 \
        else "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"
    if login:
        keep = {k: v for k, v in ctx.env.items() if k in ("TERM", "COLORTERM", "DISPLAY", "XAUTHORITY")}
        env = target_env(ctx, target, path=path, keep=keep)
        cwd = target.home if ctx.vfs.isdir(target.home) else "/"
    else:
        env = dict(ctx.env)
        if not keep_env:
            env.update(HOME=target.home, SHELL=target.shell or "/bin/sh")
            if target.uid != 0:
                env.update(USER=target.name, LOGNAME=target.name)
        cwd = ctx.cwd
    shell = shell or target.shell or "/bin/sh"
    if command is None:
        return _nested(ctx, creds, env, cwd, login, shell)
    sctx = dataclasses.replace(ctx, creds=creds, env=env, cwd=cwd, name=shell)
    with acting_as(creds):
        return int(ctx.runner.run_argv(sctx, [shell, "-c", command, *args]))
