"""useradd, userdel, groupadd, groupdel: shadow-utils 4.8 over the machine's account files.

Shared helpers for the other users_*.py modules live here too: the shadow-utils option
parser flavour (error, then the whole usage text on stderr, status 2) and home-directory
copying from /etc/skel.
"""
from __future__ import annotations

import posixpath
import stat as st

from shelldojo.filesystem import ROOT, accounts, acting_as
from shelldojo.filesystem import accounts_write as aw
from shelldojo.filesystem.accounts_write import AccountFiles
from shelldojo.filesystem.vfs import VFS, WalkEntry
from shelldojo.shell.commands.options import OptionSpec, Parsed
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim


class ShadowSpec(OptionSpec):
    """getopt_long as shadow-utils uses it: the message, then the usage text, on stderr."""

    def _usage(self, ctx: Context, message: str) -> int:
        ctx.err(f"{self.name}: {message}\n{self.help}")
        return self.usage_status

    def usage(self, ctx: Context, status: int = 2) -> int:
        ctx.err(self.help)
        return status

    def parse_h(self, ctx: Context, args: list[str]) -> Parsed | int:
        """Parse; `-h` prints the help on stdout and succeeds, as --help does."""
        parsed = self.parse(ctx, args)
        if isinstance(parsed, Parsed) and parsed.has("-h"):
            ctx.out(self.help)
            return 0
        return parsed


def denied(ctx: Context, path: str = aw.PASSWD, status: int = 1) -> int:
    ctx.err(aw.lock_error(ctx.name, path))
    return status


def copy_skel(vfs: VFS, skel: str, home: str, uid: int, gid: int, mode: int) -> None:
    """Make `home` (mode) and copy the skeleton into it, everything owned by uid:gid."""
    with acting_as(ROOT):
        vfs.mkdir(home, 0o777)
        vfs.chmod(home, mode)
        vfs.chown(home, uid, gid)
        if vfs.isdir(skel):
            _copy_tree(vfs, skel, home, uid, gid)


def _copy_tree(vfs: VFS, src: str, dst: str, uid: int, gid: int) -> None:
    src = src.rstrip("/") or "/"
    walk = vfs.walk(WalkEntry(src, src, posixpath.basename(src), 0, vfs.node(src)))
    next(walk)  # the skeleton directory itself: `dst`, made by the caller
    skip = len(src.rstrip("/"))
    for e in walk:
        d, mode = dst + e.abspath[skip:], e.mode
        if st.S_ISDIR(mode):
            vfs.mkdir(d)
        elif st.S_ISLNK(mode):
            vfs.symlink(vfs.readlink(e.abspath), d)
        else:
            vfs.write_bytes(d, vfs.read_bytes(e.abspath))
        if not st.S_ISLNK(mode):
            vfs.chmod(d, st.S_IMODE(mode))
        vfs.chown(d, uid, gid, follow=False)


def remove_tree(vfs: VFS, path: str) -> None:
    """Remove `path` and everything below it, as root (userdel -r, pip uninstall)."""
    with acting_as(ROOT):
        top = WalkEntry(path, path, posixpath.basename(path), 0, vfs.node(path, False))
        for e in vfs.walk(top, order="post"):
            if e.is_dir():
                vfs.rmdir(e.abspath)
            else:
                vfs.unlink(e.abspath)


def parse_id(text: str) -> int | None:
    return int(text) if text.isdigit() and int(text) < 2**32 - 1 else None


# ----------------------------------------------------------------------------- useradd
USERADD = ShadowSpec("useradd", short="b:c:d:De:f:g:G:hk:K:lmMNop:rR:P:s:u:UZ:",
                     long=["badname", "base-dir=", "btrfs-subvolume-home", "comment=", "home-dir=",
                           "defaults", "expiredate=", "inactive=", "gid=", "groups=", "skel=", "key=",
                           "no-log-init", "create-home", "no-create-home", "no-user-group", "non-unique",
                           "password=", "system", "root=", "prefix=", "shell=", "uid=", "user-group",
                           "selinux-user="], help=verbatim("users/useradd_help"), usage_status=2)

_USERADD_DEFAULTS = ("GROUP=100\nHOME=/home\nINACTIVE=-1\nEXPIRE=\nSHELL=/bin/sh\nSKEL=/etc/skel\n"
                     "CREATE_MAIL_SPOOL=no\n")
_ALIASES = {"--comment": "-c", "--home-dir": "-d", "--gid": "-g", "--groups": "-G", "--create-home": "-m",
            "--no-create-home": "-M", "--no-user-group": "-N", "--non-unique": "-o", "--password": "-p",
            "--system": "-r", "--shell": "-s", "--uid": "-u", "--user-group": "-U", "--defaults": "-D",
            "--base-dir": "-b", "--skel": "-k", "--selinux-user": "-Z", "--badname": "--badname"}


def short_opts(parsed: Parsed) -> dict[str, str]:
    """Options by their short name (last one wins), for tools with long aliases."""
    return {_ALIASES.get(o, o): v or "" for o, v in parsed.options}


def valid_field(text: str) -> bool:
    return ":" not in text and "\n" not in text


@command("useradd", family="users", directory="/usr/sbin")
def useradd(ctx: Context, argv: list[str]) -> int:
    parsed = USERADD.parse_h(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    o = short_opts(parsed)
    if "-Z" in o:
        ctx.error("-Z requires SELinux enabled kernel")
        return 3
    if "-D" in o and not parsed.operands:
        ctx.out(_USERADD_DEFAULTS)
        return 0
    if len(parsed.operands) != 1 or "-D" in o:
        return USERADD.usage(ctx)
    name = parsed.operands[0]
    shell = o.get("-s", "/bin/sh")
    if shell and (not valid_field(shell) or shell[0] not in "/*"):
        ctx.error(f"invalid shell '{shell}'")
        return 3
    if "-c" in o and not valid_field(o["-c"]):
        ctx.error(f"invalid comment '{o['-c']}'")
        return 3
    if "-d" in o and (not valid_field(o["-d"]) or not o["-d"].startswith("/")):
        ctx.error(f"invalid home directory '{o['-d']}'")
        return 3
    uid_wanted = None
    if "-u" in o:
        uid_wanted = parse_id(o["-u"])
        if uid_wanted is None:
            ctx.error(f"invalid user ID '{o['-u']}'")
            return 3
    if "--badname" not in o and not aw.valid_name(name):
        ctx.error(f"invalid user name '{name}': use --badname to ignore")
        return 3
    db = AccountFiles(ctx.vfs)
    if db.user(name) is not None:
        ctx.error(f"user '{name}' already exists")
        return 9
    user_group = "-g" not in o and "-N" not in o
    if user_group and db.group(name) is not None:
        ctx.error(f"group {name} exists - if you want to add this user to that group, use -g.")
        return 9
    gid: int | None = None
    if "-g" in o:
        row = db.group_spec(o["-g"])
        if row is None:
            ctx.error(f"group '{o['-g']}' does not exist")
            return 6
        gid = int(row.gid)
    extra: list[str] = []
    for g in (x for x in o.get("-G", "").split(",") if x) if "-G" in o else ():
        row = db.group_spec(g)
        if row is None:
            ctx.error(f"group '{g}' does not exist")
            return 6
        if row.name not in extra:
            extra.append(row.name)
    if not aw.may_lock():
        return denied(ctx)
    system = "-r" in o
    if uid_wanted is not None:
        if uid_wanted in db.uids() and "-o" not in o:
            ctx.error(f"UID {uid_wanted} is not unique")
            return 4
        uid = uid_wanted
    else:
        low, high = (aw.SYS_UID_MIN, aw.SYS_UID_MAX) if system else (aw.UID_MIN, aw.UID_MAX)
        found = AccountFiles.next_id(db.uids(), low, high)
        if found is None:
            ctx.error("can't get unique UID (no more available UIDs)")
            return 4
        uid = found
    if user_group:
        gid = uid if uid not in db.gids() else AccountFiles.next_id(db.gids(), aw.GID_MIN, aw.GID_MAX)
        if gid is None:
            ctx.error("can't create group")
            return 4
        db.add_group(name, gid)
    elif gid is None:
        gid = 100
    home = o.get("-d", posixpath.join(o.get("-b", "/home"), name))
    db.add_user(name, uid, gid, o.get("-c", ""), home, shell, o.get("-p", "!"))
    for g in extra:
        row = db.group(g)
        if row is not None:
            db.set_members(g, [*db.members(row), name])
    db.save()
    if "-m" in o and "-M" not in o:
        if ctx.vfs.exists(home):
            ctx.error(f"warning: the home directory {home} already exists.")
            ctx.error("Not copying any file from skel directory into it.")
        else:
            try:
                copy_skel(ctx.vfs, o.get("-k", "/etc/skel"), home, uid, gid, aw.HOME_MODE)
            except OSError:
                ctx.error(f"cannot create directory {home}")
                return 12
    return 0


# ----------------------------------------------------------------------------- userdel
USERDEL = ShadowSpec("userdel", short="fhrR:P:Z", long=["force", "remove", "root=", "prefix=", "selinux-user"],
                     help=verbatim("users/userdel_help"), usage_status=2)


def logged_in(ctx: Context) -> list[str]:
    """Users with a live shell in this session (the login user and any su/sudo -i shells)."""
    if ctx.host is not None:
        return list(ctx.host.users())
    return [accounts.user_name(ctx.vfs, ctx.creds.uid)]


@command("userdel", family="users", directory="/usr/sbin")
def userdel(ctx: Context, argv: list[str]) -> int:
    parsed = USERDEL.parse_h(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if len(parsed.operands) != 1:
        return USERDEL.usage(ctx)
    name = parsed.operands[0]
    db = AccountFiles(ctx.vfs)
    row = db.user(name)
    if row is None:
        ctx.error(f"user '{name}' does not exist")
        return 6
    force = parsed.has("-f", "--force")
    if name in logged_in(ctx) and not force:
        ctx.error(f"user {name} is currently used by process {4242}")
        return 8
    if not aw.may_lock():
        return denied(ctx)
    uid, gid, home = int(row.uid), int(row.gid), row.home
    db.remove_user(name)
    status = 0
    group = db.group_by_gid(gid)
    if group is not None and group.name == name:
        users_of = [u.name for u in db.passwd() if len(u) > 3 and u.gid == str(gid)]
        if users_of:
            ctx.error(f"group {name} is the primary group of another user and is not removed.")
        elif not db.members(group) or force:
            db.remove_group(name)
    db.save()
    if parsed.has("-r", "--remove"):
        mail = f"/var/mail/{name}"
        if ctx.vfs.exists(mail, follow=False):
            remove_tree(ctx.vfs, mail)
        else:
            ctx.error(f"{name} mail spool ({mail}) not found")
        if ctx.vfs.isdir(home):
            owner = ctx.vfs.stat(home).st_uid
            if owner != uid and not force:
                ctx.error(f"{home} not owned by {name}, not removing")
                return 12
            remove_tree(ctx.vfs, home)
        else:
            ctx.error(f"{name} home directory ({home}) not found")
    return status


# ----------------------------------------------------------------------------- groupadd / groupdel
GROUPADD = ShadowSpec("groupadd", short="fg:hK:op:rR:P:U:",
                      long=["force", "gid=", "key=", "non-unique", "password=", "system", "root=", "prefix=",
                            "users="], help=verbatim("users/groupadd_help"), usage_status=2)


@command("groupadd", family="users", directory="/usr/sbin")
def groupadd(ctx: Context, argv: list[str]) -> int:
    parsed = GROUPADD.parse_h(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if len(parsed.operands) != 1:
        return GROUPADD.usage(ctx)
    name = parsed.operands[0]
    gid_text = parsed.last("-g", "--gid")
    gid: int | None = None
    if gid_text is not None:
        gid = parse_id(gid_text)
        if gid is None:
            ctx.error(f"invalid group ID '{gid_text}'")
            return 3
    if not aw.valid_name(name):
        ctx.error(f"'{name}' is not a valid group name")
        return 3
    db = AccountFiles(ctx.vfs)
    force = parsed.has("-f", "--force")
    if db.group(name) is not None:
        if force:
            return 0
        ctx.error(f"group '{name}' already exists")
        return 9
    if gid is not None and gid in db.gids() and not parsed.has("-o", "--non-unique"):
        if not force:
            ctx.error(f"GID '{gid}' already exists")
            return 4
        gid = None
    members = [m for m in (parsed.last("-U", "--users") or "").split(",") if m]
    for m in members:
        if db.user(m) is None:
            ctx.error(f"Invalid member username {m}")
            return 3
    if not aw.may_lock():
        return denied(ctx, aw.GROUP, 10)
    if gid is None:
        system = parsed.has("-r", "--system")
        low, high = (aw.SYS_UID_MIN, aw.SYS_UID_MAX) if system else (aw.GID_MIN, aw.GID_MAX)
        gid = AccountFiles.next_id(db.gids(), low, high)
        if gid is None:
            ctx.error("can't create group")
            return 4
    db.add_group(name, gid, members)
    db.save()
    return 0


GROUPDEL = ShadowSpec("groupdel", short="hR:P:f", long=["root=", "prefix=", "force"],
                      help=verbatim("users/groupdel_help"), usage_status=2)


@command("groupdel", family="users", directory="/usr/sbin")
def groupdel(ctx: Context, argv: list[str]) -> int:
    parsed = GROUPDEL.parse_h(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if len(parsed.operands) != 1:
        return GROUPDEL.usage(ctx)
    name = parsed.operands[0]
    db = AccountFiles(ctx.vfs)
    row = db.group(name)
    if row is None:
        ctx.error(f"group '{name}' does not exist")
        return 6
    if not parsed.has("-f", "--force"):
        for u in db.passwd():
            if len(u) > 3 and u.gid == row.gid:
                ctx.error(f"cannot remove the primary group of user '{u.name}'")
                return 8
    if not aw.may_lock():
        return denied(ctx, aw.GROUP, 10)
    db.remove_group(name)
    db.save()
    return 0
