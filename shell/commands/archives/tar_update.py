"""tar -r (--append) and -u (--update): new members written over the archive's end-of-archive
blocks, as GNU tar does; only plain (uncompressed) archives can be updated."""
from __future__ import annotations

import stat as st
import tarfile
from typing import Any

from shelldojo.shell.commands.archives.common import sniff
from shelldojo.shell.commands.archives.tar_io import _fatal, add_names, create
from shelldojo.shell.commands.archives.tar_state import Fatal, Tar
from shelldojo.shell.context import Context
from shelldojo.shell.streams import FileOutput, WriteError

TRY = "Try 'tar --help' or 'tar --usage' for more information.\n"


def update(ctx: Context, t: Tar) -> None:
    if t.compress:
        ctx.err(f"tar: Cannot update compressed archives\n{TRY}")
        raise Fatal()
    if t.archive in (None, "-"):
        ctx.err(f"tar: Options '-Aru' are incompatible with '-f -'\n{TRY}")
        raise Fatal()
    path = ctx.abspath(t.archive or "")
    if not ctx.vfs.exists(path):
        create(ctx, t)  # GNU tar makes a new archive
        return
    try:
        src = ctx.vfs.open(path, "rb")
    except OSError as exc:
        raise _fatal(ctx, f"{t.archive}: Cannot open: {exc.strerror}") from None
    with src:
        if sniff(src.read(6)) is not None:
            raise _fatal(ctx, "Cannot update compressed archives")
        src.seek(0)
        newest: dict[str, float] = {}
        with tarfile.open(fileobj=src, mode="r:") as old:
            for m in old:
                ctx.check()
                name = m.name.rstrip("/")
                newest[name] = max(newest.get(name, 0), m.mtime)
            end = old.offset  # where the end-of-archive blocks start
    f = ctx.vfs.open(path, "r+b")
    f.seek(end)
    f.truncate()
    sink = FileOutput(f, ctx.machine.limits.max_file_bytes - end, free=lambda: ctx.vfs.disk_usage().free)

    def wanted(arcname: str, s: Any) -> bool:
        if t.mode != "u":
            return True
        name = arcname.rstrip("/")
        if name not in newest:
            return True
        return not st.S_ISDIR(s.st_mode) and int(s.st_mtime) > newest[name]
    try:
        with tarfile.open(fileobj=sink, mode="w|", format=tarfile.GNU_FORMAT) as archive:
            add_names(ctx, t, archive, ctx.out, wanted)
    except WriteError as exc:
        raise _fatal(ctx, f"{t.archive}: Cannot write: {exc.strerror}") from None
    finally:
        sink.close()
