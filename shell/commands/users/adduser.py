"""adduser, addgroup, deluser, delgroup: Debian's friendly front ends (adduser 3.118, Ubuntu 22.04).

In the REPL they ask their questions through ctx.terminal; without one, answers come from
stdin and end of input takes the defaults, as the Perl tool does.
"""
from __future__ import annotations

import re

from shelldojo.filesystem import ROOT, acting_as
from shelldojo.filesystem import accounts_write as aw
from shelldojo.filesystem.accounts_write import AccountFiles
from shelldojo.shell.ask import ask_line, ask_yes
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.users.mod import ask_secret, change_password
from shelldojo.shell.commands.users.users import copy_skel, remove_tree
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

NAME_REGEX = re.compile(r"^[a-z][-a-z0-9_]*$")
_BADNAME = ("Please enter a username matching the regular expression configured\n"
            "via the NAME_REGEX[_SYSTEM] configuration variable.  Use the `--force-badname'\n"
            "option to relax this check or reconfigure NAME_REGEX.\n")
ADDUSER = OptionSpec("adduser", long=[
    "uid=", "firstuid=", "lastuid=", "gid=", "firstgid=", "lastgid=", "ingroup=", "add_extra_groups",
    "add-extra-groups", "shell=", "gecos=", "comment=", "home=", "no-create-home", "allow-all-names",
    "allow-bad-names", "force-badname", "disabled-password", "disabled-login", "conf=", "quiet", "verbose",
    "debug", "system", "group"], short="q", help=verbatim("users/adduser_help"))
DELUSER = OptionSpec("deluser", long=[
    "system", "remove-home", "remove-all-files", "backup", "backup-to=", "backup-suffix=", "conf=", "quiet",
    "verbose", "debug", "group", "only-if-empty"], short="q", help=verbatim("users/deluser_help"))


def _first_free(used: set[int], low: int = 1000, high: int = 59999) -> int | None:
    return next((i for i in range(low, high + 1) if i not in used), None)


@command("addgroup", family="users", directory="/usr/sbin")
def addgroup(ctx: Context, argv: list[str]) -> int:
    return adduser(ctx, [argv[0], "--group", *argv[1:]])


@command("adduser", family="users", directory="/usr/sbin")
def adduser(ctx: Context, argv: list[str]) -> int:
    parsed = ADDUSER.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not ctx.creds.is_root:
        ctx.error("Only root may add a user or group to the system.")
        return 1
    o = {k: v or "" for k, v in parsed.options}
    quiet = "-q" in o or "--quiet" in o
    say = (lambda text: None) if quiet else ctx.out
    ops = parsed.operands
    db = AccountFiles(ctx.vfs)
    if "--group" in o and "--system" not in o or (len(ops) == 1 and argv[0] == "addgroup"):
        if len(ops) != 1:
            ctx.error("Only one or two names allowed.")
            return 1
        return _add_group(ctx, db, ops[0], o, say)
    if len(ops) == 2:
        return _add_to_group(ctx, db, ops[0], ops[1], say)
    if len(ops) != 1:
        ctx.error("Only one or two names allowed.")
        return 1
    name = ops[0]
    if db.user(name) is not None:
        ctx.error(f"The user `{name}' already exists.")
        return 1
    if not ({"--force-badname", "--allow-bad-names", "--allow-all-names"} & o.keys()) and not NAME_REGEX.match(name):
        ctx.err(f"adduser: {_BADNAME}")
        return 1
    say(f"Adding user `{name}' ...\n")
    if "--uid" in o and o["--uid"].isdigit():
        uid = int(o["--uid"])
        if uid in db.uids():
            ctx.error(f"The UID {uid} is already in use.")
            return 1
    else:
        found = _first_free(db.uids())
        if found is None:
            ctx.error("No UID is available in the range 1000-59999 (FIRST_UID - LAST_UID).")
            return 1
        uid = found
    group_name = o.get("--ingroup")
    if group_name:
        g = db.group(group_name)
        if g is None:
            ctx.error(f"The group `{group_name}' does not exist.")
            return 1
        gid = int(g.gid)
    else:
        group_name = name
        if db.group(name) is not None:
            ctx.error(f"The group `{name}' already exists.")
            return 1
        gid = uid if uid not in db.gids() else (_first_free(db.gids()) or uid)
        say(f"Adding new group `{name}' ({gid}) ...\n")
        db.add_group(name, gid)
    say(f"Adding new user `{name}' ({uid}) with group `{group_name}' ...\n")
    home = o.get("--home") or f"/home/{name}"
    gecos = o.get("--gecos", o.get("--comment"))
    db.add_user(name, uid, gid, gecos or "", home, o.get("--shell") or "/bin/bash")
    db.save()
    if "--no-create-home" in o:
        say("Not creating home directory `" + home + "'.\n")
    elif ctx.vfs.exists(home):
        say(f"The home directory `{home}' already exists.  Not copying from `/etc/skel'.\n")
    else:
        say(f"Creating home directory `{home}' ...\n")
        say("Copying files from `/etc/skel' ...\n")
        copy_skel(ctx.vfs, "/etc/skel", home, uid, gid, aw.ADDUSER_DIR_MODE)
    if "--disabled-password" not in o and "--disabled-login" not in o:
        while change_password(ctx, AccountFiles(ctx.vfs), name, ask_current=False):
            if not ask_yes(ctx, "Try again? [y/N] ", default=False):
                break
    if gecos is None:
        _ask_gecos(ctx, name)
    return 0


def _ask_gecos(ctx: Context, name: str) -> None:
    """chfn's questions, then adduser's confirmation; end of input takes the defaults."""
    while True:
        ctx.out(f"Changing the user information for {name}\nEnter the new value, or press ENTER for the default\n")
        fields = []
        for label in ("Full Name", "Room Number", "Work Phone", "Home Phone", "Other"):
            answer = ask_line(ctx, f"\t{label} []: ")
            fields.append((answer or "").replace(":", "").replace(",", ""))
        if ask_yes(ctx, "Is the information correct? [Y/n] ", default=True, at_end=True):
            break
    gecos = ",".join(fields[:4]) + ("," + fields[4] if fields[4] else "")
    db = AccountFiles(ctx.vfs)
    db.set_field(aw.PASSWD, name, 4, gecos)
    db.save()


def _add_group(ctx: Context, db: AccountFiles, name: str, o: dict[str, str], say: object) -> int:
    if db.group(name) is not None:
        ctx.error(f"The group `{name}' already exists.")
        return 1
    if not NAME_REGEX.match(name) and "--force-badname" not in o:
        ctx.err(f"{ctx.name}: {_BADNAME}")
        return 1
    gid = int(o["--gid"]) if o.get("--gid", "").isdigit() else _first_free(db.gids())
    if gid is None or gid in db.gids():
        ctx.error(f"The GID `{gid}' is already in use.")
        return 1
    say(f"Adding group `{name}' (GID {gid}) ...\n")  # type: ignore[operator]
    db.add_group(name, gid)
    db.save()
    say("Done.\n")  # type: ignore[operator]
    return 0


def _add_to_group(ctx: Context, db: AccountFiles, user: str, group: str, say: object) -> int:
    if db.user(user) is None:
        ctx.error(f"The user `{user}' does not exist.")
        return 1
    row = db.group(group)
    if row is None:
        ctx.error(f"The group `{group}' does not exist.")
        return 1
    if user in db.members(row):
        say(f"The user `{user}' is already a member of `{group}'.\n")  # type: ignore[operator]
        return 0
    say(f"Adding user `{user}' to group `{group}' ...\nAdding user {user} to group {group}\n")  # type: ignore[operator]
    db.set_members(group, [*db.members(row), user])
    db.save()
    say("Done.\n")  # type: ignore[operator]
    return 0


# ----------------------------------------------------------------------------- deluser
@command("delgroup", family="users", directory="/usr/sbin")
def delgroup(ctx: Context, argv: list[str]) -> int:
    return deluser(ctx, [argv[0], "--group", *argv[1:]])


@command("deluser", family="users", directory="/usr/sbin")
def deluser(ctx: Context, argv: list[str]) -> int:
    parsed = DELUSER.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not ctx.creds.is_root:
        ctx.error("Only root may remove a user or group from the system.")
        return 1
    o = {k for k, _ in parsed.options}
    say = (lambda text: None) if o & {"-q", "--quiet"} else ctx.out
    ops = parsed.operands
    db = AccountFiles(ctx.vfs)
    if len(ops) == 2:
        user, group = ops
        row = db.group(group)
        if db.user(user) is None:
            ctx.error(f"The user `{user}' does not exist.")
            return 2
        if row is None:
            ctx.error(f"The group `{group}' does not exist.")
            return 3
        if user not in db.members(row):
            ctx.error(f"The user `{user}' is not a member of group `{group}'.")
            return 6
        say(f"Removing user `{user}' from group `{group}' ...\n")
        db.set_members(group, [m for m in db.members(row) if m != user])
        db.save()
        say("Done.\n")
        return 0
    if len(ops) != 1:
        ctx.error("Only one or two names allowed.")
        return 1
    name = ops[0]
    if "--group" in o:
        row = db.group(name)
        if row is None:
            ctx.error(f"The group `{name}' does not exist.")
            return 3
        primary = next((u.name for u in db.passwd() if len(u) > 3 and u.gid == row.gid), None)
        if primary is not None:
            ctx.error(f"`{primary}' still has `{name}' as their primary group!")
            return 7
        if "--only-if-empty" in o and db.members(row):
            ctx.error(f"The group `{name}' is not empty!")
            return 5
        say(f"Removing group `{name}' ...\n")
        db.remove_group(name)
        db.save()
        say("Done.\n")
        return 0
    row = db.user(name)
    if row is None:
        ctx.error(f"The user `{name}' does not exist.")
        return 2
    if o & {"--remove-home", "--remove-all-files"}:
        say("Looking for files to backup/remove ...\n")
        if ctx.vfs.isdir(row.home):
            say("Removing files ...\n")
            with acting_as(ROOT):
                remove_tree(ctx.vfs, row.home)
    say(f"Removing user `{name}' ...\n")
    group = db.group_by_gid(int(row.gid))
    db.remove_user(name)
    if group is not None and not db.members(group):
        others = [u for u in db.passwd() if len(u) > 3 and u.gid == group.gid]
        if not others and group.name == name:
            say(f"Warning: group `{group.name}' has no more members.\n")
            db.remove_group(group.name)  # userdel removes the user's own group
    db.save()
    say("Done.\n")
    return 0


__all__ = ["ask_line", "ask_secret"]
