"""util-linux 2.38 tools about paths and mounts: mountpoint and namei.

The mounts are the machine's (filesystem/hardware.py MOUNTS, as /proc/mounts and df show them);
their device numbers are those Ubuntu gives them on a virtual machine."""
from __future__ import annotations

import posixpath
import stat as st

from shelldojo.filesystem import accounts, strerror
from shelldojo.shell.commands.utils.runs import _short_opts
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

# mount point -> "major:minor" of the mounted filesystem
DEVICES = {"/sys": "0:20", "/proc": "0:21", "/dev": "0:5", "/dev/pts": "0:24", "/run": "0:25", "/": "8:1",
           "/dev/shm": "0:26", "/run/lock": "0:27"}


def mount_points(ctx: Context) -> list[str]:
    return [m.point for m in ctx.machine.hardware.mounts]


# ----------------------------------------------------------------------------- mountpoint
@command("mountpoint", family="utils", summary="see if a directory or file is a mountpoint")
def mountpoint(ctx: Context, argv: list[str]) -> int:
    parsed = _short_opts(ctx, "mountpoint", argv[1:], {"q": False, "d": False, "x": False, "h": False, "V": False},
                         {"quiet": "q", "fs-devno": "d", "devno": "x", "nofollow": "n", "help": "h",
                          "version": "V"}, 1)
    if isinstance(parsed, int):
        return parsed
    opts, rest = parsed
    letters = {c for c, _ in opts}
    if letters & {"h", "V"}:
        ctx.out(verbatim("utils/mountpoint_help") if "h" in letters else verbatim("utils/mountpoint_version"))
        return 0
    if len(rest) != 1:
        ctx.err("mountpoint: bad usage\nTry 'mountpoint --help' for more information.\n")
        return 1
    name = rest[0]
    quiet = "q" in letters
    try:
        path = ctx.vfs.realpath(ctx.abspath(name), strict=True)
        mode = ctx.vfs.stat(path).st_mode
    except OSError as exc:
        if not quiet:
            ctx.error(f"{name}: {strerror(exc)}")
        return 1
    if "x" in letters:
        if not st.S_ISBLK(mode):
            if not quiet:
                ctx.error(f"{name}: not a block device")
            return 1
        ctx.out("8:1\n")
        return 0
    is_mount = st.S_ISDIR(mode) and path in mount_points(ctx)
    if not is_mount:
        if not quiet:
            ctx.out(f"{name} is not a mountpoint\n")
        return 32
    if "d" in letters:
        ctx.out(f"{DEVICES.get(path, '0:30')}\n")
    elif not quiet:
        ctx.out(f"{name} is a mountpoint\n")
    return 0


# ----------------------------------------------------------------------------- namei
_NAMEI_LONG = {"help": "h", "version": "V", "mountpoints": "x", "modes": "m", "owners": "o", "long": "l",
               "nosymlinks": "n", "vertical": "v"}


@command("namei", family="utils", summary="follow a pathname until a terminal point is found")
def namei(ctx: Context, argv: list[str]) -> int:
    parsed = _short_opts(ctx, "namei", argv[1:], dict.fromkeys("hVlmnovx", False), _NAMEI_LONG, 1)
    if isinstance(parsed, int):
        return parsed
    opts, names = parsed
    letters = {c for c, _ in opts}
    if letters & {"h", "V"}:
        ctx.out(verbatim("utils/namei_help") if "h" in letters else verbatim("utils/namei_version"))
        return 0
    if "l" in letters:
        letters |= {"m", "o", "v"}
    if not names:
        ctx.err("namei: pathname argument is missing\nTry 'namei --help' for more information.\n")
        return 1
    status = 0
    for name in names:
        rows: list[tuple] = []  # level, mode, owner, group, shown name, error, path
        ok = _walk(ctx, name, ctx.cwd, 0, rows, "n" not in letters, 0)
        status = status or (0 if ok else 1)
        ctx.out(f"f: {name}\n" + _render(rows, letters))
    return status


def _walk(ctx: Context, path: str, base: str, level: int, rows: list, follow: bool, depth: int) -> bool:
    """Append one row per component of path (resolved from base); symlinks nest a level deeper."""
    cur = "/" if path.startswith("/") else base
    parts = [p for p in path.split("/") if p]
    if path.startswith("/"):
        rows.append(_row(ctx, "/", "/", level))
    for part in parts:
        ctx.check()
        full = posixpath.join(cur, part)
        try:
            info = ctx.vfs.lstat(full)
        except OSError as exc:
            rows.append((level, "", "", "", part, strerror(exc), ""))
            return False
        row = _row(ctx, full, part, level)
        if st.S_ISLNK(info.st_mode):
            target = ctx.vfs.readlink(full)
            rows.append((*row[:4], f"{part} -> {target}", None, full))
            if follow and depth < 40:
                if not _walk(ctx, target, cur, level + 1, rows, follow, depth + 1):
                    return False
                cur = ctx.vfs.realpath(full)
            continue
        rows.append(row)
        cur = full
    return True


def _row(ctx: Context, full: str, shown: str, level: int) -> tuple:
    info = ctx.vfs.lstat(full)
    return (level, st.filemode(info.st_mode), accounts.user_name(ctx.vfs, info.st_uid),
            accounts.group_name(ctx.vfs, info.st_gid), shown, None, full)


def _render(rows: list[tuple], letters: set[str]) -> str:
    owners = "o" in letters
    uw = max((len(r[2]) for r in rows if r[1]), default=0)
    gw = max((len(r[3]) for r in rows if r[1]), default=0)
    vertical = "v" in letters
    out = []
    for r in rows:
        level, mode, user, group, name, error = r[:6]
        kind = mode if "m" in letters else mode[:1]
        if mode and "x" in letters and r[6] in _MOUNTS and mode[0] == "d":
            kind = "D" + kind[1:]
        who = f"{user:<{uw}} {group:<{gw}} " if owners else ""
        width = (len(mode) if "m" in letters else 1)
        if error is not None:
            pad = (0 if vertical else 2 * level + 1) + width + 1 + (uw + gw + 2 if owners else 0)
            pad += 2 * level if vertical else 0
            out.append(" " * pad + f"{name} - {error}\n")
        elif vertical:
            out.append(f"{kind} {who}{'  ' * level}{name}\n")
        else:
            out.append(f"{' ' * (2 * level + 1)}{kind} {who}{name}\n")
    return "".join(out)


_MOUNTS = set(DEVICES)
