"""zip and unzip (Info-ZIP 3.0 / 6.00): real archives on the virtual disk via zipfile + BytesIO."""
from __future__ import annotations

import errno
import io
import posixpath
import time
import zipfile
import zlib

from shelldojo.filesystem.vfs import WalkEntry
from shelldojo.shell.commands.options import OptionSpec, Parsed
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

ZIP_SPEC = OptionSpec("zip", short="rqj0123456789", help=verbatim("extras/zip_help"))
UNZIP_SPEC = OptionSpec("unzip", short="lod:nqp", help=verbatim("extras/unzip_help"), posix=False)


def _collect(ctx: Context, name: str, recurse: bool, out: list[tuple[str, str]]) -> bool:
    """Add `name` (and with -r what is below it, following symlinks as Info-ZIP does, loops
    included) to out as (zip name, path); False when it does not exist."""
    full = ctx.abspath(name)
    if not ctx.vfs.exists(full):
        return False
    if not ctx.vfs.isdir(full):
        out.append((name, full))
        return True
    out.append((name.rstrip("/") + "/", full))
    if not recurse:
        return True

    def on_error(e: WalkEntry, exc: OSError) -> bool:
        if e.error is None:
            raise exc  # an unreadable directory stops zip (the caller reports it)
        return False  # a name that cannot be reached is left out
    top = WalkEntry(name.rstrip("/"), full.rstrip("/") or "/", "", 0, ctx.vfs.node(full))
    walk = ctx.vfs.walk(top, follow=True, stat_names=True, tidy=True, loops=True, on_error=on_error,
                        check=ctx.check)
    next(walk)
    for e in walk:
        out.append((e.path + "/" if e.is_dir() else e.path, e.abspath))
    return True


@command("zip", family="packages", package="zip", summary="package and compress (archive) files")
def zip_(ctx: Context, argv: list[str]) -> int:
    parsed = ZIP_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if len(parsed.operands) < 1:
        ctx.out(verbatim("extras/zip_help"))
        return 0
    archive, *names = parsed.operands
    if not archive.endswith(".zip") and "." not in posixpath.basename(archive):
        archive += ".zip"
    entries: list[tuple[str, str]] = []
    for name in names:
        if not _collect(ctx, name, parsed.has("-r"), entries):
            ctx.err(f"\tzip warning: name not matched: {name}\n")
    if not entries:
        ctx.err(f"\nzip error: Nothing to do! ({archive})\n")
        return 12
    plan = _plan(ctx, entries, parsed.has("-j"))
    if plan is None:
        return 16
    path = ctx.abspath(archive)
    buf = io.BytesIO()
    try:
        old = zipfile.ZipFile(io.BytesIO(ctx.vfs.read_bytes(path))) if ctx.vfs.exists(path) else None
        with zipfile.ZipFile(buf, "w") as zf:
            # entries already in the archive keep their place ("updating:"), new ones follow
            for info in old.infolist() if old else []:
                if info.filename in plan:
                    _add(ctx, zf, info.filename, plan.pop(info.filename), parsed, "updating:")
                else:
                    zf.writestr(info, old.read(info))  # type: ignore[union-attr]
            for arcname, full in plan.items():
                _add(ctx, zf, arcname, full, parsed, "  adding:")
        ctx.vfs.write_bytes(path, buf.getvalue())
    except OSError as exc:
        ctx.err(f"zip I/O error: {exc.strerror}\nzip error: Could not create output file ({archive})\n")
        return 15
    except _DAMAGED:  # includes an old entry zipfile cannot read back (encrypted, odd method)
        ctx.err(f"\nzip error: Zip file structure invalid ({archive})\n")
        return 3
    return 0


def _plan(ctx: Context, entries: list[tuple[str, str]], junk: bool) -> dict[str, str] | None:
    """Zip name -> file, in the order given.  A name typed twice counts once; two different
    names that become the same zip name are Info-ZIP's error (None, after its message)."""
    plan: dict[str, str] = {}
    typed: dict[str, str] = {}
    for name, full in entries:
        arcname = name
        if junk:
            if name.endswith("/"):
                continue
            arcname = posixpath.basename(name)
        while arcname.startswith(("/", "./")):  # zip stores relative names
            arcname = arcname[1:] if arcname.startswith("/") else arcname[2:]
        if arcname in typed:
            if typed[arcname] == name:
                continue
            ctx.err(f"\tzip warning:   first full name: {typed[arcname]}\n"
                    f"                      second full name: {name}\n"
                    f"                     name in zip file repeated: {arcname}\n"
                    + ("                     this may be a result of using -j\n" if junk else "")
                    + "\nzip error: Invalid command arguments (cannot repeat names in zip file)\n")
            return None
        typed[arcname] = name
        plan[arcname] = full
    return plan


def _add(ctx: Context, zf: zipfile.ZipFile, arcname: str, full: str, parsed: Parsed, verb: str) -> None:
    ctx.check()
    st = ctx.vfs.stat(full)
    info = zipfile.ZipInfo(arcname, time.localtime(st.st_mtime)[:6])
    info.external_attr = (st.st_mode & 0xFFFF) << 16
    data = b"" if arcname.endswith("/") else ctx.vfs.read_bytes(full)
    comp, pct = zipfile.ZIP_STORED, 0
    if data and not parsed.has("-0"):
        deflated = zlib.compress(data, 6)[2:-4]
        if len(deflated) < len(data):
            comp = zipfile.ZIP_DEFLATED
            pct = round((1 - len(deflated) / len(data)) * 100)
    info.compress_type = comp
    zf.writestr(info, data)
    if not parsed.has("-q"):
        how = f"deflated {pct}%" if comp == zipfile.ZIP_DEFLATED else "stored 0%"
        ctx.out(f"{verb} {arcname} ({how})\n")


@command("unzip", family="packages", package="unzip", summary="list, test and extract compressed files in a ZIP archive")
def unzip(ctx: Context, argv: list[str]) -> int:
    parsed = UNZIP_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not parsed.operands:
        ctx.out(verbatim("extras/unzip_help"))
        return 0
    archive = parsed.operands[0]
    path = ctx.abspath(archive)
    if not ctx.vfs.isfile(path) and ctx.vfs.isfile(path + ".zip"):
        path, archive = path + ".zip", archive + ".zip"
    try:
        data = ctx.vfs.read_bytes(path)
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (OSError, *_DAMAGED):
        ctx.err(f"unzip:  cannot find or open {archive}, {archive}.zip or {archive}.ZIP.\n")
        return 9
    quiet = parsed.has("-q")
    if parsed.has("-l"):
        ctx.out(f"Archive:  {archive}\n  Length      Date    Time    Name\n---------  ---------- -----   ----\n")
        total = 0
        for info in zf.infolist():
            y, mo, d, h, mi, _ = info.date_time
            ctx.out(f"{info.file_size:>9}  {y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}   {info.filename}\n")
            total += info.file_size
        n = len(zf.infolist())
        ctx.out(f"---------                     -------\n{total:>9}                     "
                f"{n} file{'s' if n != 1 else ''}\n")
        return 0
    dest = ctx.abspath(parsed.last("-d") or ".")
    if not quiet:
        ctx.out(f"Archive:  {archive}\n")
    prefix = (parsed.last("-d") or "").rstrip("/")
    if parsed.last("-d") and not ctx.vfs.isdir(dest):
        try:
            ctx.vfs.makedirs(dest, exist_ok=True)
        except OSError as exc:
            ctx.err(f"checkdir:  cannot create extraction directory: {prefix}\n           {exc.strerror}\n")
            return 3
    status = 0
    for info in zf.infolist():
        ctx.check()
        name = info.filename.lstrip("/")
        if ".." in name.split("/"):
            ctx.err(f"warning:  skipped \"../\" path component(s) in {name}\n")
            continue
        shown = f"{prefix}/{name}" if prefix else name
        target = posixpath.join(dest, name)
        try:
            if name.endswith("/"):
                if not ctx.vfs.isdir(target):
                    ctx.vfs.makedirs(target.rstrip("/"), exist_ok=True)
                    if not quiet:
                        ctx.out(f"   creating: {shown}\n")
                continue
            if ctx.vfs.exists(target) and not parsed.has("-o"):
                if parsed.has("-n"):
                    continue
                ctx.out(f"replace {shown}? [y]es, [n]o, [A]ll, [N]one, [r]ename:  NULL\n"
                        '(EOF or read error, treating as "[N]one" ...)\n')
                return 1
            parent = posixpath.dirname(target)
            if not ctx.vfs.isdir(parent):
                ctx.vfs.makedirs(parent, exist_ok=True)
            try:
                data = _member(ctx, zf, info)
            except _Damaged as bad:
                if bad.crc:  # the name line on stdout, the complaint on stderr
                    ctx.out(f" {_verb(info):>10}: {shown:<22}  ")
                    ctx.err(f" {bad}\n")
                else:
                    ctx.err(f"\n  error:  {bad}\n")
                status = 2
                continue
            ctx.vfs.write_bytes(target, data)
            mode = (info.external_attr >> 16) & 0o7777
            if mode:
                ctx.vfs.chmod(target, mode)
            if not quiet:
                ctx.out(f" {_verb(info):>10}: {shown:<22}  \n")
        except OSError as exc:
            ctx.err(f"error:  cannot create {shown}\n        {exc.strerror}\n")
            status = 50 if exc.errno == 28 else 1
    return status


# what zipfile raises on a damaged or unusual archive (besides OSError)
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, RuntimeError,
            NotImplementedError)


class _Damaged(Exception):
    def __init__(self, message: str, crc: bool = False) -> None:
        super().__init__(message)
        self.crc = crc


def _verb(info: zipfile.ZipInfo) -> str:
    return "inflating" if info.compress_type != zipfile.ZIP_STORED else "extracting"


def _member(ctx: Context, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One member's bytes, bounded by the file-size limit before inflating (a zip bomb
    stops at its declared size); UnZip's words when the data is damaged."""
    if info.file_size > ctx.machine.limits.max_file_bytes:
        raise OSError(errno.EFBIG, "File too large")
    try:
        with zf.open(info) as f:
            try:
                return f.read()
            except zipfile.BadZipFile as exc:
                if "CRC" not in str(exc):
                    raise
                got = getattr(f, "_running_crc", 0)  # what the data really sums to
                raise _Damaged(f"bad CRC {got:08x}  (should be {info.CRC:08x})", crc=True) from None
    except _DAMAGED:
        raise _Damaged("invalid compressed data to inflate") from None
