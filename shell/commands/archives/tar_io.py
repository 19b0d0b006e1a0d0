"""tar's create, list and extract: tarfile in stream mode over VFS files or the std streams."""
from __future__ import annotations

import errno
import fnmatch
import posixpath
import stat as st
import tarfile
import time
from collections.abc import Callable
from typing import Any

from shelldojo.filesystem.vfs import WalkEntry
from shelldojo.shell.commands.archives.common import (
    CODECS,
    Prefixed,
    StdinReader,
    StdoutWriter,
    copy,
    output_file,
    sniff,
)
from shelldojo.shell.commands.archives.tar_state import Fatal, Tar
from shelldojo.shell.context import Context
from shelldojo.shell.streams import WriteError

_TYPE = {tarfile.DIRTYPE: "d", tarfile.SYMTYPE: "l", tarfile.LNKTYPE: "h", tarfile.CHRTYPE: "c",
         tarfile.BLKTYPE: "b", tarfile.FIFOTYPE: "p"}


def _fatal(ctx: Context, message: str) -> Fatal:
    ctx.err(f"tar: {message}\ntar: Error is not recoverable: exiting now\n")
    return Fatal()


def _excluded(t: Tar, name: str) -> bool:
    parts = name.rstrip("/").split("/")
    # unanchored, and a match of leading directories excludes what is below them (GNU's default)
    tails = ["/".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)]
    return any(fnmatch.fnmatchcase(tail, pat) for pat in t.excludes for tail in tails)


def _safe_name(ctx: Context, t: Tar, name: str) -> str:
    """GNU's safer_name_suffix: leading '/' and everything up to a last '..' go, said once each."""
    if t.absolute:
        return name
    parts = name.split("/")
    cut = max((i + 1 for i, p in enumerate(parts) if p == ".."), default=0)
    prefix = "/".join(parts[:cut]) + "/" if cut else ""
    rest = "/".join(parts[cut:])
    lead = len(rest) - len(rest.lstrip("/"))
    prefix, rest = prefix + rest[:lead], rest[lead:]
    if prefix and prefix not in t.removed:
        t.removed.add(prefix)
        ctx.err(f"tar: Removing leading `{prefix}' from member names\n")
    return rest


# ----------------------------------------------------------------------------- create
def create(ctx: Context, t: Tar) -> None:
    if not t.names:
        ctx.err("tar: Cowardly refusing to create an empty archive\n"
                "Try 'tar --help' or 'tar --usage' for more information.\n")
        raise Fatal()
    to_stdout = t.archive in (None, "-")
    if to_stdout and ctx.stdout.isatty():
        raise _fatal(ctx, "Refusing to write archive contents to terminal (missing -f option?)")
    try:
        sink: Any = StdoutWriter(ctx) if to_stdout else output_file(ctx, ctx.abspath(t.archive or ""))
    except OSError as exc:
        raise _fatal(ctx, f"{t.archive}: Cannot open: {exc.strerror}") from None
    listing = ctx.err if to_stdout else ctx.out
    try:
        with tarfile.open(fileobj=sink, mode="w|" + t.compress, format=tarfile.GNU_FORMAT) as archive:
            add_names(ctx, t, archive, listing)
    except WriteError as exc:
        raise _fatal(ctx, f"{t.archive or '-'}: Cannot write: {exc.strerror}") from None
    finally:
        if not to_stdout:
            sink.close()


def add_names(ctx: Context, t: Tar, archive: tarfile.TarFile, listing: Any,
              wanted: Callable[[str, Any], bool] | None = None) -> None:
    """Every operand (directories recursively) into `archive`; `wanted` filters (tar -u)."""
    for name in t.names:
        _add(ctx, t, archive, name, listing, wanted)


def _add(ctx: Context, t: Tar, archive: tarfile.TarFile, name: str, listing: Any,
         wanted: Callable[[str, Any], bool] | None = None) -> None:
    full = ctx.abspath(name)
    try:
        node = ctx.vfs.lstat(full)
    except OSError as exc:
        t.error(ctx, f"{name}: Cannot stat: {exc.strerror}")
        return
    entries = [(name, full, node)]
    if st.S_ISDIR(node.st_mode) and t.recursion:
        top = WalkEntry(name.rstrip("/") or "/", full.rstrip("/") or "/", "", 0, ctx.vfs.node(full, False))

        def on_error(e: WalkEntry, exc: OSError) -> bool:
            t.error(ctx, f"{e.path}: Cannot open: {exc.strerror}")
            return False
        walk = ctx.vfs.walk(top, tidy=True, on_error=on_error, check=ctx.check,
                            keep=lambda e: not _excluded(t, e.path))  # an excluded directory: nothing below
        next(walk)
        entries = [(name, full, node)] + [(e.path, e.abspath, ctx.vfs.lstat(e.abspath)) for e in walk]
    inodes: dict[tuple[int, int], str] = {}
    for shown, path, s in entries:
        ctx.check()
        arcname = _safe_name(ctx, t, shown)
        if st.S_ISDIR(s.st_mode):
            arcname = arcname.rstrip("/") + "/"
        if not arcname.strip("/") or _excluded(t, arcname) or (wanted and not wanted(arcname, s)):
            continue
        info = tarfile.TarInfo(arcname.rstrip("/") if st.S_ISDIR(s.st_mode) else arcname)
        info.mode, info.uid, info.gid = s.st_mode & 0o7777, s.st_uid, s.st_gid
        info.mtime = int(s.st_mtime)
        info.uname, info.gname = ctx.runner.user_name(s.st_uid), ctx.runner.group_name(s.st_gid)
        data = None
        key = (s.st_ino, s.st_dev)
        if st.S_ISDIR(s.st_mode):
            info.type = tarfile.DIRTYPE
        elif st.S_ISLNK(s.st_mode):
            info.type, info.linkname = tarfile.SYMTYPE, ctx.vfs.readlink(path)
        elif st.S_ISREG(s.st_mode) and s.st_nlink > 1 and key in inodes:
            info.type, info.linkname = tarfile.LNKTYPE, inodes[key]
        elif st.S_ISREG(s.st_mode):
            inodes[key] = info.name
            try:
                data = ctx.vfs.open(path, "rb")
            except OSError as exc:
                t.error(ctx, f"{shown}: Cannot open: {exc.strerror}")
                continue
            info.size = s.st_size
        else:
            continue  # devices and fifos: not on this disk
        if t.verbose:
            listing(f"{shown}\n" if not st.S_ISDIR(s.st_mode) else f"{shown.rstrip('/')}/\n")
        archive.addfile(info, data)
        if data is not None:
            data.close()


# ----------------------------------------------------------------------------- list, extract
def read(ctx: Context, t: Tar) -> None:
    if t.archive in (None, "-"):
        if ctx.stdin.isatty():
            raise _fatal(ctx, "Refusing to read archive contents from terminal (missing -f option?)")
        src: Any = StdinReader(ctx)
        shown = "stdin"
    else:
        try:
            src = ctx.vfs.open(ctx.abspath(t.archive or ""), "rb")
        except OSError as exc:
            raise _fatal(ctx, f"{t.archive}: Cannot open: {exc.strerror}") from None
        shown = "stdin"
    head = src.read(6)
    found = sniff(head)
    if t.compress:
        want = {"gz": "gzip", "bz2": "bzip2", "xz": "xz"}[t.compress]
        if found is None or found.name != want:
            msg = {"gzip": f"\ngzip: {shown}: not in gzip format\n",
                   "bzip2": "bzip2: (stdin) is not a bzip2 file.\n",
                   "xz": "xz: (stdin): File format not recognized\n"}[want]
            ctx.err(msg)
            raise _fatal(ctx, "Child returned status " + ("2" if want == "bzip2" else "1"))
    stream: Any = Prefixed(head, src)
    if found is not None:
        stream = CODECS[found.name].reader(stream)  # type: ignore[arg-type]
    wanted = {n.rstrip("/"): False for n in t.names}
    try:
        archive = tarfile.open(fileobj=stream, mode="r|")  # noqa: SIM115  (closed with the stream)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise tarfile.ReadError() from exc
    base = ctx.abspath(t.directory) if t.directory else ctx.cwd
    if t.directory and not ctx.vfs.isdir(base):
        raise _fatal(ctx, f"{t.directory}: Cannot open: No such file or directory")
    ugs = [19]
    try:
        for m in archive:
            ctx.check()
            if not _selected(m.name, wanted) or _excluded(t, m.name):
                continue
            if t.mode == "t":
                _list_member(ctx, t, m, ugs)
            else:
                _extract(ctx, t, archive, m, base)
    except (tarfile.ReadError, EOFError) as exc:
        if isinstance(exc, tarfile.ReadError) and "empty" in str(exc):
            raise
        raise _fatal(ctx, "Unexpected EOF in archive") from None
    except tarfile.TarError:
        raise _fatal(ctx, "Unexpected EOF in archive") from None
    except OSError as exc:  # the codec's own complaint about damaged data
        raise _fatal(ctx, f"Unexpected EOF in archive ({exc.strerror or exc})") from None
    for name, seen in wanted.items():
        if not seen:
            t.error(ctx, f"{name}: Not found in archive")


def _selected(name: str, wanted: dict[str, bool]) -> bool:
    if not wanted:
        return True
    name = name.rstrip("/")
    for w in wanted:
        if name == w or name.startswith(w + "/"):
            wanted[w] = True
            return True
    return False


def _list_member(ctx: Context, t: Tar, m: tarfile.TarInfo, ugs: list[int]) -> None:
    _safe_name(ctx, t, m.name)  # the "Removing leading" notes, the name shown unchanged
    name = m.name + ("/" if m.isdir() and not m.name.endswith("/") else "")
    if not t.verbose:
        ctx.out(f"{name}\n")
        return
    mode = st.filemode(st.S_IFREG | (m.mode & 0o7777))[1:]
    kind = _TYPE.get(m.type, "-")
    owner = f"{m.uid}/{m.gid}" if t.numeric or not (m.uname or m.gname) else \
        f"{m.uname or m.uid}/{m.gname or m.gid}"
    size = str(m.size)
    pad = ugs[0] - len(owner) - len(size)
    if pad < 1:
        ugs[0] += 1 - pad
        pad = 1
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(m.mtime))
    tail = f" -> {m.linkname}" if m.issym() else f" link to {m.linkname}" if m.islnk() else ""
    ctx.out(f"{kind}{mode} {owner}{' ' * pad}{size} {when} {name}{tail}\n")


def _strip(t: Tar, name: str) -> str:
    parts = [p for p in name.split("/") if p]
    return "/".join(parts[t.strip:]) if len(parts) > t.strip else ""


def _extract(ctx: Context, t: Tar, archive: tarfile.TarFile, m: tarfile.TarInfo, base: str) -> None:
    safe = _safe_name(ctx, t, m.name)
    if ".." in m.name.split("/") and not t.absolute:
        t.error(ctx, f"{m.name}: Member name contains '..'")
        return
    rel = _strip(t, safe)
    if not rel:
        return
    if t.verbose:
        (ctx.err if t.to_stdout else ctx.out)(f"{m.name}/\n" if m.isdir() else f"{m.name}\n")
    if t.to_stdout:
        if m.isfile():
            f = archive.extractfile(m)
            if f is not None:
                copy(ctx, f.read, ctx.stdout.write)
        return
    target = posixpath.join(base, rel)
    try:
        parent = posixpath.dirname(target)
        if not ctx.vfs.isdir(parent):
            ctx.vfs.makedirs(parent, exist_ok=True)
        exists = ctx.vfs.exists(target, follow=False)
        if m.isdir():
            if not ctx.vfs.isdir(target):
                ctx.vfs.mkdir(target)
        elif exists and t.keep_old:
            what = "Cannot create symlink to " + f"‘{m.linkname}’" if m.issym() else "Cannot open"
            t.error(ctx, f"{rel}: {what}: File exists")
            return
        else:
            if exists and not ctx.vfs.isdir(target):
                ctx.vfs.unlink(target)  # GNU tar replaces what is there
            if m.issym():
                ctx.vfs.symlink(m.linkname, target)
                return
            if m.islnk():
                link = _strip(t, _safe_name(ctx, t, m.linkname))
                ctx.vfs.link(posixpath.join(base, link), target)
                return
            if not m.isfile():
                return
            _write(ctx, archive, m, target, rel)
        _owner_mode(ctx, t, m, target)
    except WriteError as exc:
        _gone(ctx, target)
        raise _fatal(ctx, f"{rel}: Cannot write: {exc.strerror}") from None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            _gone(ctx, target)
            raise _fatal(ctx, f"{rel}: Cannot open: {exc.strerror}") from None
        t.error(ctx, f"{rel}: Cannot open: {exc.strerror}")


def _gone(ctx: Context, target: str) -> None:
    try:
        ctx.vfs.unlink(target)
    except OSError:
        pass


def _write(ctx: Context, archive: tarfile.TarFile, m: tarfile.TarInfo, target: str, rel: str) -> None:
    f = archive.extractfile(m)
    out = output_file(ctx, target)
    try:
        if f is not None:
            copy(ctx, f.read, out.write)
    finally:
        out.close()


def _owner_mode(ctx: Context, t: Tar, m: tarfile.TarInfo, target: str) -> None:
    """root keeps the archive's owners and modes; a user gets their own files, umask applied."""
    root = ctx.creds.uid == 0
    keep_perms = t.same_perms if t.same_perms is not None else root
    mode = m.mode & 0o7777 if keep_perms else m.mode & 0o777 & ~ctx.umask
    try:
        if t.same_owner if t.same_owner is not None else root:
            ctx.vfs.chown(target, m.uid, m.gid)
        ctx.vfs.chmod(target, mode)
        if not m.isdir():
            ctx.vfs.utime(target, (m.mtime, m.mtime))
    except OSError:
        pass
