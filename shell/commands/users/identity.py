"""whoami, id, groups: identity from ctx.creds and the machine's /etc/passwd and /etc/group."""
from __future__ import annotations

from shelldojo.filesystem import accounts
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.system.system import extra_operand
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

# ----------------------------------------------------------------------------- identity
WHOAMI = OptionSpec("whoami", help=verbatim("users/whoami_help"))


@command("whoami", family="system")
def whoami(ctx: Context, argv: list[str]) -> int:
    parsed = WHOAMI.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.operands:
        return extra_operand(ctx, parsed.operands[0])
    user = accounts.user_by_uid(ctx.vfs, ctx.creds.uid)
    if user is None:
        ctx.error(f"cannot find name for user ID {ctx.creds.uid}")
        return 1
    ctx.out(user.name + "\n")
    return 0


ID = OptionSpec("id", short="agGnruzZ", long=["context", "group", "groups", "name", "real", "user", "zero"],
                help=verbatim("users/id_help"))


def _find_user(ctx: Context, name: str) -> accounts.PasswdEntry | None:
    user = accounts.user_by_name(ctx.vfs, name)
    if user is None and name.isdigit():
        user = accounts.user_by_uid(ctx.vfs, int(name))
    return user


def _ident(ctx: Context, user: accounts.PasswdEntry | None) -> tuple[int, int, list[int]]:
    """uid, gid and groups (primary first) of a named user or of the current process."""
    if user is not None:
        return user.uid, user.gid, accounts.supplementary_gids(ctx.vfs, user.name, user.gid)
    c = ctx.creds
    return c.uid, c.gid, [c.gid, *sorted(g for g in c.groups if g != c.gid)]


@command("id", family="system")
def id_(ctx: Context, argv: list[str]) -> int:
    parsed = ID.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    opts = {o for o, _ in parsed.options}
    if opts & {"-Z", "--context"}:
        ctx.error("--context (-Z) works only on an SELinux-enabled kernel")
        return 1
    which_ = [k for k, names in (("u", {"-u", "--user"}), ("g", {"-g", "--group"}), ("G", {"-G", "--groups"}))
              if opts & names]
    names_only, zero = bool(opts & {"-n", "--name"}), bool(opts & {"-z", "--zero"})
    if len(which_) > 1:
        ctx.error('cannot print "only" of more than one choice')
        return 1
    if not which_ and (names_only or opts & {"-r", "--real"}):
        ctx.error("cannot print only names or real IDs in default format")
        return 1
    if not which_ and zero:
        ctx.error("option --zero not permitted in default format")
        return 1
    status = 0
    for name in parsed.operands or [None]:
        user = None
        if name is not None:
            user = _find_user(ctx, name)
            if user is None:
                ctx.error(f"{cquote(name)}: no such user")
                status = 1
                continue
        uid, gid, gids = _ident(ctx, user)
        end = "\0" if zero else "\n"
        if which_:
            ids = [uid] if which_[0] == "u" else [gid] if which_[0] == "g" else gids
            lookup = accounts.user_name if which_[0] == "u" else accounts.group_name
            words = [lookup(ctx.vfs, i) if names_only else str(i) for i in ids]
            ctx.out(("\0" if zero else " ").join(words) + end)
            continue
        ctx.out(f"uid={_named(uid, accounts.user_by_uid(ctx.vfs, uid))} gid={_gnamed(ctx, gid)} groups="
                + ",".join(_gnamed(ctx, g) for g in gids) + "\n")
    return status


def _named(uid: int, user: accounts.PasswdEntry | None) -> str:
    return f"{uid}({user.name})" if user else str(uid)


def _gnamed(ctx: Context, gid: int) -> str:
    group = accounts.group_by_gid(ctx.vfs, gid)
    return f"{gid}({group.name})" if group else str(gid)


GROUPS = OptionSpec("groups", help=verbatim("users/groups_help"))


@command("groups", family="system")
def groups(ctx: Context, argv: list[str]) -> int:
    parsed = GROUPS.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not parsed.operands:
        _, _, gids = _ident(ctx, None)
        ctx.out(" ".join(accounts.group_name(ctx.vfs, g) for g in gids) + "\n")
        return 0
    status = 0
    for name in parsed.operands:
        user = _find_user(ctx, name)
        if user is None:
            ctx.error(f"{cquote(name)}: no such user")
            status = 1
            continue
        _, _, gids = _ident(ctx, user)
        ctx.out(f"{name} : " + " ".join(accounts.group_name(ctx.vfs, g) for g in gids) + "\n")
    return status
