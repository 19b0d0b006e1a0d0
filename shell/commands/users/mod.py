"""usermod, passwd, chpasswd: changing existing accounts (shadow-utils 4.8 and pam_unix's words)."""
from __future__ import annotations

import posixpath
import time

from shelldojo.filesystem import ROOT, acting_as, passwords
from shelldojo.filesystem import accounts_write as aw
from shelldojo.filesystem.accounts_write import AccountFiles
from shelldojo.filesystem.vfs import WalkEntry
from shelldojo.shell.commands.users.users import (
    ShadowSpec,
    denied,
    parse_id,
    remove_tree,
    short_opts,
    valid_field,
)
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim


def ask_secret(ctx: Context, prompt: str) -> str | None:
    """A hidden answer: from the terminal in the REPL, else a line of stdin (PAM's fallback)."""
    if ctx.terminal is not None:
        return ctx.terminal.read_secret(prompt)
    ctx.err(prompt)
    line = ctx.stdin.readline()
    if not line:
        return None
    return line.decode("utf-8", "surrogateescape").rstrip("\n")


# ----------------------------------------------------------------------------- usermod
USERMOD = ShadowSpec("usermod", short="abc:d:e:f:g:G:hl:Lmop:P:rR:s:u:Uv:V:w:W:Z:",
                     long=["append", "badname", "comment=", "home=", "expiredate=", "inactive=", "gid=",
                           "groups=", "login=", "lock", "move-home", "non-unique", "password=", "prefix=",
                           "remove", "root=", "shell=", "uid=", "unlock", "add-subuids=", "del-subuids=",
                           "add-subgids=", "del-subgids=", "selinux-user="],
                           help=verbatim("users/usermod_help"), usage_status=2)
_MOD_ALIASES = {"--append": "-a", "--comment": "-c", "--home": "-d", "--gid": "-g", "--groups": "-G",
                "--login": "-l", "--lock": "-L", "--move-home": "-m", "--non-unique": "-o", "--password": "-p",
                "--remove": "-r", "--shell": "-s", "--uid": "-u", "--unlock": "-U", "--badname": "-b"}


@command("usermod", family="users", directory="/usr/sbin")
def usermod(ctx: Context, argv: list[str]) -> int:
    parsed = USERMOD.parse_h(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    o = {_MOD_ALIASES.get(k, k): v for k, v in short_opts(parsed).items()}
    if len(parsed.operands) != 1:
        return USERMOD.usage(ctx)
    if "-a" in o and "-G" not in o:
        ctx.error("-a flag is only allowed with the -G flag")
        return USERMOD.usage(ctx)
    if "-m" in o and "-d" not in o:
        ctx.error("-m flag is only allowed with the -d flag")
        return USERMOD.usage(ctx)
    if "-L" in o and "-U" in o:
        ctx.error("the -L, -p, and -U flags are exclusive")
        return USERMOD.usage(ctx)
    name = parsed.operands[0]
    for key, what in (("-s", "shell"), ("-c", "comment"), ("-d", "home directory")):
        if key in o and not valid_field(o[key]):
            ctx.error(f"invalid {what} '{o[key]}'")
            return 3
    if "-l" in o and "-b" not in o and not aw.valid_name(o["-l"]):
        ctx.error(f"invalid user name '{o['-l']}': use --badname to ignore")
        return 3
    new_uid = None
    if "-u" in o:
        new_uid = parse_id(o["-u"])
        if new_uid is None:
            ctx.error(f"invalid user ID '{o['-u']}'")
            return 3
    db = AccountFiles(ctx.vfs)
    row = db.user(name)
    if row is None:
        ctx.error(f"user '{name}' does not exist")
        return 6
    gid = None
    if "-g" in o:
        g = db.group_spec(o["-g"])
        if g is None:
            ctx.error(f"group '{o['-g']}' does not exist")
            return 6
        gid = int(g.gid)
    groups: list[str] = []
    for g_name in (x for x in o.get("-G", "").split(",") if x):
        g = db.group_spec(g_name)
        if g is None:
            ctx.error(f"group '{g_name}' does not exist")
            return 6
        groups.append(g.name)
    if "-l" in o and o["-l"] != name and db.user(o["-l"]) is not None:
        ctx.error(f"user '{o['-l']}' already exists")
        return 9
    if new_uid is not None and new_uid != int(row.uid) and new_uid in db.uids() and "-o" not in o:
        ctx.error(f"UID '{new_uid}' already exists")
        return 4
    changes = {k for k in o if k in ("-c", "-d", "-g", "-G", "-l", "-L", "-p", "-s", "-u", "-U")}
    if not changes or (changes == {"-s"} and o["-s"] == row.shell):
        ctx.error("no changes")
        return 0
    if not aw.may_lock():
        return denied(ctx)
    status = _apply(ctx, db, row, o, gid, groups, new_uid)
    db.save()
    return status


def _apply(ctx: Context, db: AccountFiles, row: aw.PasswdRow, o: dict[str, str], gid: int | None,
           groups: list[str], new_uid: int | None) -> int:
    name = row.name
    old_home, old_uid = row.home, int(row.uid)
    if "-c" in o:
        row.gecos = o["-c"]
    if "-s" in o:
        row.shell = o["-s"]
    if gid is not None:
        row.gid = str(gid)
    if new_uid is not None:
        row.uid = str(new_uid)
    if "-G" in o:
        for g in db.rows(aw.GROUP):
            members = db.members(g)
            if g.name in groups and name not in members and "-r" not in o:
                db.set_members(g.name, [*members, name])
            elif name in members and ((g.name in groups and "-r" in o)
                                      or (g.name not in groups and "-a" not in o and "-r" not in o)):
                db.set_members(g.name, [m for m in members if m != name])
    shadow = db.shadow(name)
    if shadow is not None:
        if "-p" in o:
            shadow.password = o["-p"]
        if "-L" in o and not shadow.password.startswith("!"):
            shadow.password = "!" + shadow.password
        if "-U" in o and shadow.password.startswith("!"):
            if shadow.password == "!":
                ctx.error("unlocking the user's password would result in a passwordless account.\n"
                          "You should set a password with usermod -p to unlock this user's password.")
            else:
                shadow.password = shadow.password[1:]
        db.dirty.update((aw.SHADOW,))
    status = 0
    if "-d" in o:
        row.home = o["-d"]
        if "-m" in o and old_home != o["-d"] and ctx.vfs.isdir(old_home):
            if ctx.vfs.exists(o["-d"]):
                ctx.error(f"directory {o['-d']} exists")
                return 12
            with acting_as(ROOT):
                try:
                    ctx.vfs.rename(old_home, o["-d"])
                except OSError:
                    ctx.error(f"cannot rename directory {old_home} to {o['-d']}")
                    status = 12
    if new_uid is not None and new_uid != old_uid and ctx.vfs.isdir(row.home):
        _chown_tree(ctx, row.home, old_uid, new_uid)
    if "-l" in o and o["-l"] != name:
        db.rename_user(name, o["-l"])
    db.dirty.update(aw.FILES)
    return status


def _chown_tree(ctx: Context, path: str, old: int, new: int) -> None:
    vfs = ctx.vfs
    with acting_as(ROOT):
        # the listing goes through a home that is a link; the link itself is what is chowned
        for e in vfs.walk(WalkEntry(path, path, posixpath.basename(path), 0, vfs.node(path))):
            if (vfs.lstat(path) if e.depth == 0 else e.node).st_uid == old:
                vfs.chown(e.abspath, new, -1, follow=False)


# ----------------------------------------------------------------------------- passwd
PASSWD = ShadowSpec("passwd", short="adehki:lnqr:R:Sux:w:", long=[
    "all", "delete", "expire", "keep-tokens", "inactive=", "lock", "mindays=", "quiet", "repository=",
    "root=", "status", "unlock", "warndays=", "maxdays="], help=verbatim("users/passwd_help"), usage_status=6)
_PW_ALIASES = {"--all": "-a", "--delete": "-d", "--expire": "-e", "--lock": "-l", "--status": "-S",
               "--unlock": "-u", "--quiet": "-q"}
_TOKEN_ERR = "passwd: Authentication token manipulation error\npasswd: password unchanged\n"


def status_line(row: aw.ShadowRow) -> str:
    pw = row.password
    state = "L" if pw.startswith(("!", "*")) else "NP" if pw == "" else "P"
    days = row.lastchg if row.lastchg.isdigit() else ""
    date = time.strftime("%m/%d/%Y", time.gmtime(int(days) * 86400)) if days else "never"
    if days == "0":
        date = "password must be changed"
    rest = [v or "-1" for v in (row.min_days, row.max_days, row.warn_days, row.inactive)]
    return f"{row.name} {state} {date} {' '.join(rest)}\n"


@command("passwd", family="users")
def passwd(ctx: Context, argv: list[str]) -> int:
    parsed = PASSWD.parse_h(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    o = {_PW_ALIASES.get(k, k): v for k, v in short_opts(parsed).items()}
    if len(parsed.operands) > 1:
        return PASSWD.usage(ctx, 2)
    db = AccountFiles(ctx.vfs)
    me = next((r.name for r in db.passwd() if len(r) > 2 and r.uid == str(ctx.creds.uid)), None)
    name = parsed.operands[0] if parsed.operands else me
    if name is None:
        ctx.error("Cannot determine your user name.")
        return 1
    if "-a" in o and "-S" in o:
        if not ctx.creds.is_root:
            ctx.error("Permission denied.")
            return 1
        ctx.out("".join(status_line(r) for r in db.rows(aw.SHADOW)))
        return 0
    if db.user(name) is None:
        ctx.error(f"user '{name}' does not exist")
        return 1
    if not ctx.creds.is_root and name != me:
        ctx.error(f"You may not view or modify password information for {name}.")
        return 1
    shadow = db.shadow(name) or aw.ShadowRow([name, "!", str(aw.today()), "0", "99999", "7", "", "", ""])
    if "-S" in o:
        ctx.out(status_line(shadow))
        return 0
    admin = [k for k in ("-l", "-u", "-d", "-e", "-x", "-n", "-w", "-i") if k in o]
    if admin:
        if not ctx.creds.is_root:
            ctx.error("Permission denied.")
            return 1
        return _admin(ctx, db, shadow, o)
    return change_password(ctx, db, name, ask_current=not ctx.creds.is_root)


def _admin(ctx: Context, db: AccountFiles, shadow: aw.ShadowRow, o: dict[str, str]) -> int:
    if "-u" in o:
        if shadow.password in ("!", "!*", "*") or (shadow.password.startswith("!") and len(shadow.password) == 1):
            ctx.error("unlocking the password would result in a passwordless account.\n"
                      "You should set a password with usermod -p to unlock the password of this account.")
            return 3
        shadow.password = shadow.password.removeprefix("!")
    if "-l" in o and not shadow.password.startswith("!"):
        shadow.password = "!" + shadow.password
    if "-d" in o:
        shadow.password = ""
    if "-e" in o:
        shadow.lastchg = "0"
    for key, field in (("-n", "min_days"), ("-x", "max_days"), ("-w", "warn_days"), ("-i", "inactive")):
        if key in o:
            value = o[key]
            if not value.lstrip("-").isdigit():
                ctx.error(f"invalid numeric argument '{value}'")
                return 3
            setattr(shadow, field, value)
    db.dirty.add(aw.SHADOW)
    db.save()
    ctx.out("passwd: password expiry information changed.\n")
    return 0


def change_password(ctx: Context, db: AccountFiles, name: str, *, ask_current: bool) -> int:
    """pam_unix's conversation: current password (non-root), new one twice; 10 on failure."""
    shadow = db.shadow(name)
    if shadow is None:
        ctx.err(_TOKEN_ERR)
        return 10
    if ask_current:
        ctx.out(f"Changing password for {name}.\n")
        current = ask_secret(ctx, "Current password: ")
        if current is None or not passwords.verify(current, shadow.password):
            ctx.err(_TOKEN_ERR)
            return 10
    for _ in range(3):
        new = ask_secret(ctx, "New password: ")
        if new is None:
            ctx.err("passwd: Authentication token manipulation error\npasswd: password unchanged\n")
            return 10
        problem = None if not ask_current else (
            "Password unchanged" if passwords.verify(new, shadow.password) else
            "You must choose a longer password" if len(new) < 6 else None)
        if problem:
            ctx.out(f"{problem}\n")
            continue
        again = ask_secret(ctx, "Retype new password: ")
        if again != new:
            ctx.out("Sorry, passwords do not match.\n")
            ctx.err(_TOKEN_ERR)
            return 10
        shadow.password = passwords.hash_password(new)
        shadow.lastchg = str(aw.today())
        db.dirty.add(aw.SHADOW)
        db.save()
        ctx.out("passwd: password updated successfully\n")
        return 0
    ctx.err("passwd: Have exhausted maximum number of retries for service\npasswd: password unchanged\n")
    return 10


# ----------------------------------------------------------------------------- chpasswd
CHPASSWD = ShadowSpec("chpasswd", short="c:ehmR:s:", long=["crypt-method=", "encrypted", "md5", "root=",
                      "sha-rounds="], help=verbatim("users/chpasswd_help"), usage_status=2)


@command("chpasswd", family="users", directory="/usr/sbin")
def chpasswd(ctx: Context, argv: list[str]) -> int:
    parsed = CHPASSWD.parse_h(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.operands:
        return CHPASSWD.usage(ctx)
    encrypted = parsed.has("-e", "--encrypted")
    db = AccountFiles(ctx.vfs)
    status = 0
    for n, raw in enumerate(ctx.stdin_lines(), 1):
        line = raw.decode("utf-8", "surrogateescape").rstrip("\n")
        name, sep, pw = line.partition(":")
        if not sep:
            ctx.error(f"line {n}: missing new password")
            status = 1
            continue
        if not ctx.creds.is_root:
            ctx.out(f"Changing password for {name}.\n")
            ctx.error(f"(user {name}) pam_chauthtok() failed, error:\n"
                      "Authentication token manipulation error")
            ctx.error(f"(line {n}, user {name}) password not changed")
            status = 1
            continue
        shadow = db.shadow(name)
        if db.user(name) is None or shadow is None:
            ctx.error(f"line {n}: user '{name}' does not exist")
            status = 1
            continue
        shadow.password = pw if encrypted else passwords.hash_password(pw)
        shadow.lastchg = str(aw.today())
        db.dirty.add(aw.SHADOW)
    if db.dirty:
        db.save()
    return status


__all__ = ["ask_secret", "change_password", "remove_tree"]
