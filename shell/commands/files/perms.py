"""chmod, chown, chgrp; also the GNU mode parser (modechange.c) and mode strings others reuse."""
from __future__ import annotations

import posixpath
import re
import stat as st
from collections.abc import Iterator
from dataclasses import dataclass

from shelldojo.filesystem import accounts, strerror
from shelldojo.filesystem.vfs import WalkEntry
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context, cquote, squote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

MODE_BITS = 0o7777
_R, _W, _X = 0o444, 0o222, 0o111


@dataclass(frozen=True)
class Change:
    op: str          # '=', '+', '-'
    flag: str        # 'ord', 'copy', 'X'
    affected: int
    value: int
    mentioned: int


def parse_mode(text: str) -> list[Change] | None:
    """Compile a chmod mode (octal or symbolic) as GNU mode_compile does; None if invalid."""
    if text and text[0] in "01234567":
        if not re.fullmatch(r"[0-7]+", text):
            return None
        value = int(text, 8)
        if value > MODE_BITS:
            return None
        mentioned = MODE_BITS if len(text) >= 5 else (value & (st.S_ISUID | st.S_ISGID)) | st.S_ISVTX | 0o777
        return [Change("=", "ord", MODE_BITS, value, mentioned)]
    changes: list[Change] = []
    p, n = 0, len(text)
    while True:
        affected = 0
        while p < n and text[p] in "ugoa":
            affected |= {"u": st.S_ISUID | 0o700, "g": st.S_ISGID | 0o070,
                         "o": st.S_ISVTX | 0o007, "a": MODE_BITS}[text[p]]
            p += 1
        if p >= n or text[p] not in "=+-":
            return None
        while p < n and text[p] in "=+-":
            op = text[p]
            p += 1
            if p < n and text[p] in "ugo":
                value = {"u": st.S_ISUID | 0o700, "g": st.S_ISGID | 0o070, "o": st.S_ISVTX | 0o007}[text[p]]
                flag = "copy"
                p += 1
            else:
                value, flag = 0, "ord"
                while p < n and text[p] in "rwxXst":
                    c = text[p]
                    value |= {"r": _R, "w": _W, "x": _X, "X": 0, "s": st.S_ISUID | st.S_ISGID,
                              "t": st.S_ISVTX}[c]
                    if c == "X":
                        flag = "X"
                    p += 1
            changes.append(Change(op, flag, affected, value, affected & value if affected else value))
        if p == n:
            return changes
        if text[p] != ",":
            return None
        p += 1


def adjust_mode(old: int, is_dir: bool, umask: int, changes: list[Change]) -> int:
    """GNU mode_adjust: the new permission bits of a file whose bits are `old`."""
    new = old & MODE_BITS
    for ch in changes:
        omit = ((st.S_ISUID | st.S_ISGID) if is_dir else 0) & ~ch.mentioned
        value = ch.value
        if ch.flag == "copy":
            value &= new
            value |= ((_R if value & _R else 0) | (_W if value & _W else 0) | (_X if value & _X else 0))
        elif ch.flag == "X" and (new & _X or is_dir):
            value |= _X
        value &= (ch.affected if ch.affected else ~umask) & ~omit
        if ch.op == "=":
            preserved = (~ch.affected if ch.affected else 0) | omit
            new = (new & preserved) | value
        elif ch.op == "+":
            new |= value
        else:
            new &= ~value
    return new & MODE_BITS


def perm_string(mode: int) -> str:
    """The nine rwx characters with s/S/t/T, as ls -l and stat %A show them."""
    out = []
    for shift, special, ch in ((6, st.S_ISUID, "s"), (3, st.S_ISGID, "s"), (0, st.S_ISVTX, "t")):
        bits = (mode >> shift) & 7
        out.append("r" if bits & 4 else "-")
        out.append("w" if bits & 2 else "-")
        if mode & special:
            out.append(ch if bits & 1 else ch.upper())
        else:
            out.append("x" if bits & 1 else "-")
    return "".join(out)


def type_char(mode: int) -> str:
    for test, c in ((st.S_ISDIR, "d"), (st.S_ISLNK, "l"), (st.S_ISCHR, "c"), (st.S_ISBLK, "b"),
                    (st.S_ISFIFO, "p"), (st.S_ISSOCK, "s")):
        if test(mode):
            return c
    return "-"


def mode_string(mode: int) -> str:
    return type_char(mode) + perm_string(mode)


def _targets(ctx: Context, op: str, recursive: bool,
             failed: list[bool]) -> Iterator[tuple[str, str, WalkEntry | None]]:
    """(abs, shown, entry) for operand `op` and, with -R, everything below it (VFS.walk in
    fts's lazy pre-order: a directory is listed only after the caller has handled it, so
    `chmod -R u+rx` can open a directory it has just made readable; symlinks are not
    entered).  `entry` is None for the operand itself, which the tools look up by path."""
    path = ctx.abspath(op)
    try:
        node = ctx.vfs.node(path) if recursive else None
    except OSError:
        node = None
    yield path, op, None
    if node is None:
        return

    def on_error(e: WalkEntry, exc: OSError) -> bool:
        if e.error is None:  # a directory that cannot be read
            ctx.error(f"cannot read directory {squote(e.path)}: {strerror(exc)}")
            failed.append(True)
            return False
        return True  # a name its directory does not let us stat: the tool says so
    walk = ctx.vfs.walk(WalkEntry(op, path, posixpath.basename(path), 0, node), stat_names=True,
                        on_error=on_error, check=ctx.check)
    next(walk)  # the operand itself, yielded above
    for e in walk:
        yield e.abspath, e.path, e


CHMOD_SPEC = OptionSpec("chmod", short="Rcfv", long=["changes", "silent", "quiet", "verbose", "recursive",
                                                    "reference=", "preserve-root", "no-preserve-root"],
                        help=verbatim("files/chmod_help"))
_OPTION_MODE = re.compile(r"-[rwxXstugoa0-7=+,-]+")


@command("chmod", family="files")
def chmod(ctx: Context, argv: list[str]) -> int:
    args, mode_arg = [], None
    for i, a in enumerate(argv[1:]):
        if a == "--":
            args.extend(argv[1 + i:])
            break
        if mode_arg is None and _OPTION_MODE.fullmatch(a):
            mode_arg = a  # "chmod -w f": a mode that looks like an option
        else:
            args.append(a)
    parsed = CHMOD_SPEC.parse(ctx, args)
    if isinstance(parsed, int):
        return parsed
    ops = parsed.operands
    ref = parsed.last("--reference")
    verbose = "v" if parsed.has("-v", "--verbose") else "c" if parsed.has("-c", "--changes") else ""
    quiet = parsed.has("-f", "--silent", "--quiet")
    recursive = parsed.has("-R", "--recursive")
    if ref is None and mode_arg is None:
        if not ops:
            ctx.err("chmod: missing operand\nTry 'chmod --help' for more information.\n")
            return 1
        mode_arg = ops.pop(0)
    if not ops:
        after = f" after {cquote(mode_arg)}" if mode_arg is not None else ""
        ctx.err(f"chmod: missing operand{after}\nTry 'chmod --help' for more information.\n")
        return 1
    umask = ctx.vfs.umask
    if ref is not None:
        try:
            changes = [Change("=", "ord", MODE_BITS, ctx.vfs.stat(ctx.abspath(ref)).st_mode & MODE_BITS,
                              MODE_BITS)]
        except OSError as e:
            ctx.error(f"failed to get attributes of {squote(ref)}: {strerror(e)}")
            return 1
    else:
        assert mode_arg is not None
        parsed_mode = parse_mode(mode_arg)
        if parsed_mode is None:
            ctx.err(f"chmod: invalid mode: {cquote(mode_arg)}\nTry 'chmod --help' for more information.\n")
            return 1
        changes = parsed_mode
    diagnose = mode_arg is not None and mode_arg.startswith("-")
    status = 0
    for op in ops:
        failed: list[bool] = []
        for path, shown, entry in _targets(ctx, op, recursive, failed):
            i = 0 if entry is None else 1
            try:
                if entry is not None and entry.error is not None:
                    raise entry.error
                s = ctx.vfs.stat(path) if entry is None else entry.node
            except OSError as e:
                if i == 0 and ctx.vfs.islink(path):
                    if not quiet:
                        ctx.error(f"cannot operate on dangling symlink {squote(shown)}")
                    status = 1
                elif i == 0 or entry is None or entry.error is not None or not entry.is_symlink():
                    if not quiet:
                        ctx.error(f"cannot access {squote(shown)}: {strerror(e)}")
                    if verbose == "v":
                        ctx.out(f"{squote(shown)} could not be accessed\n")
                    status = 1
                continue
            if entry is not None and entry.is_symlink():
                continue  # chmod -R skips symlinks met in the walk
            old = s.st_mode & MODE_BITS
            is_dir = st.S_ISDIR(s.st_mode)
            new = adjust_mode(old, is_dir, umask, changes)
            try:
                if new != old:
                    ctx.vfs.chmod(path, new)
            except OSError as e:
                if not quiet:
                    ctx.error(f"changing permissions of {squote(shown)}: {strerror(e)}")
                if verbose == "v":
                    ctx.out(f"failed to change mode of {squote(shown)} from {old:04o} ({perm_string(old)})"
                            f" to {new:04o} ({perm_string(new)})\n")
                status = 1
                continue
            if verbose and (new != old or verbose == "v"):
                if new != old:
                    ctx.out(f"mode of {squote(shown)} changed from {old:04o} ({perm_string(old)}) "
                            f"to {new:04o} ({perm_string(new)})\n")
                else:
                    ctx.out(f"mode of {squote(shown)} retained as {old:04o} ({perm_string(old)})\n")
            if diagnose:
                naive = adjust_mode(old, is_dir, 0, changes)
                if new & ~naive:
                    ctx.error(f"{shown}: new permissions are {perm_string(new)}, not {perm_string(naive)}")
                    status = 1
        if failed:
            status = 1
    return status


def _lookup_user(ctx: Context, name: str) -> int | None:
    u = accounts.user_by_name(ctx.vfs, name)
    if u:
        return u.uid
    return int(name) if name.isdigit() else None


def _lookup_group(ctx: Context, name: str) -> int | None:
    g = accounts.group_by_name(ctx.vfs, name)
    if g:
        return g.gid
    return int(name) if name.isdigit() else None


_OWN_LONG = ["changes", "silent", "quiet", "verbose", "recursive", "reference=", "dereference",
             "no-dereference", "from=", "preserve-root", "no-preserve-root"]
CHOWN_SPEC = OptionSpec("chown", short="HLPRcfhv", long=_OWN_LONG, help=verbatim("files/chown_help"))
CHGRP_SPEC = OptionSpec("chgrp", short="HLPRcfhv", long=_OWN_LONG, help=verbatim("files/chgrp_help"))


def _owner_text(ctx: Context, uid: int | None, gid: int | None) -> str:
    parts = []
    if uid is not None:
        parts.append(accounts.user_name(ctx.vfs, uid))
    if gid is not None:
        parts.append(accounts.group_name(ctx.vfs, gid))
    return ":".join(parts) if uid is not None else parts[0]


def _change_owner(ctx: Context, argv: list[str], is_chgrp: bool) -> int:
    name = "chgrp" if is_chgrp else "chown"
    parsed = (CHGRP_SPEC if is_chgrp else CHOWN_SPEC).parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    ops = parsed.operands
    ref = parsed.last("--reference")
    uid: int | None = None
    gid: int | None = None
    if ref is None:
        if not ops:
            ctx.err(f"{name}: missing operand\nTry '{name} --help' for more information.\n")
            return 1
        spec = ops.pop(0)
        if not ops:
            ctx.err(f"{name}: missing operand after {cquote(spec)}\nTry '{name} --help' for more information.\n")
            return 1
        if is_chgrp:
            gid = _lookup_group(ctx, spec)
            if gid is None:
                ctx.error(f"invalid group: {cquote(spec)}")
                return 1
        else:
            sep = ":" if ":" in spec else "." if "." in spec and not accounts.user_by_name(ctx.vfs, spec) else ""
            user, _, group = spec.partition(sep) if sep else (spec, "", "")
            if sep == ".":
                ctx.error(f"warning: '.' should be ':': {cquote(spec)}")
            if user:
                uid = _lookup_user(ctx, user)
                if uid is None:
                    ctx.error(f"invalid user: {cquote(spec)}")
                    return 1
            if group:
                gid = _lookup_group(ctx, group)
                if gid is None:
                    ctx.error(f"invalid group: {cquote(spec)}")
                    return 1
            elif sep and user:
                u = accounts.user_by_name(ctx.vfs, user)
                gid = u.gid if u else None
    else:
        if not ops:
            ctx.err(f"{name}: missing operand\nTry '{name} --help' for more information.\n")
            return 1
        try:
            rs = ctx.vfs.stat(ctx.abspath(ref))
        except OSError as e:
            ctx.error(f"failed to get attributes of {squote(ref)}: {strerror(e)}")
            return 1
        gid = rs.st_gid
        uid = None if is_chgrp else rs.st_uid
    verbose = "v" if parsed.has("-v", "--verbose") else "c" if parsed.has("-c", "--changes") else ""
    quiet = parsed.has("-f", "--silent", "--quiet")
    follow = not parsed.has("-h", "--no-dereference")
    recursive = parsed.has("-R", "--recursive")
    what = "group" if is_chgrp else "ownership"
    status = 0
    for op in ops:
        failed: list[bool] = []
        for path, shown, entry in _targets(ctx, op, recursive, failed):
            fol = follow and entry is None
            try:
                if entry is not None and entry.error is not None:
                    raise entry.error
                s = ctx.vfs.stat(path, follow=fol) if entry is None else entry.node
            except OSError as e:
                if not quiet:
                    ctx.error(f"cannot access {squote(shown)}: {strerror(e)}")
                status = 1
                continue
            old = _owner_text(ctx, None if is_chgrp else s.st_uid, s.st_gid if (is_chgrp or gid is not None) else None)
            new_uid = s.st_uid if uid is None else uid
            new_gid = s.st_gid if gid is None else gid
            new = _owner_text(ctx, None if is_chgrp else new_uid, new_gid if (is_chgrp or gid is not None) else None)
            changed = (new_uid, new_gid) != (s.st_uid, s.st_gid)
            try:
                _chown(ctx, path, -1 if uid is None else uid, -1 if gid is None else gid, fol)
            except OSError as e:
                if not quiet:
                    ctx.error(f"changing {what} of {squote(shown)}: {strerror(e)}")
                if verbose == "v":
                    ctx.out(f"failed to change {what} of {squote(shown)} from {old} to {new}\n")
                status = 1
                continue
            if verbose == "v" or (verbose == "c" and changed):
                if changed:
                    ctx.out(f"changed {what} of {squote(shown)} from {old} to {new}\n")
                else:
                    ctx.out(f"{what} of {squote(shown)} retained as {new}\n")
        if failed:
            status = 1
    return status


def _chown(ctx: Context, path: str, uid: int, gid: int, follow: bool) -> None:
    ctx.vfs.chown(path, uid, gid, follow=follow)


@command("chown", family="files")
def chown(ctx: Context, argv: list[str]) -> int:
    return _change_owner(ctx, argv, False)


@command("chgrp", family="files")
def chgrp(ctx: Context, argv: list[str]) -> int:
    return _change_owner(ctx, argv, True)
