"""readlink, realpath, basename, dirname, stat, file, du, df."""
from __future__ import annotations

import errno
import math
import posixpath
import stat as st
from typing import Any

from filesystem import strerror
from shell.commands.context import Context, squote
from shell.commands.fileinfo_help import (
    BASENAME_HELP,
    DF_HELP,
    DIRNAME_HELP,
    DU_HELP,
    FILE_HELP,
    READLINK_HELP,
    REALPATH_HELP,
)
from shell.commands.files import lstat, usage
from shell.commands.options import OptionSpec
from shell.commands.registry import command

READLINK_SPEC = OptionSpec("readlink", short="efmnqsvz", long=[
    "canonicalize", "canonicalize-existing", "canonicalize-missing", "no-newline", "quiet", "silent",
    "verbose", "zero"], help=READLINK_HELP)


def canonical(ctx: Context, op: str, how: str) -> str:
    """Resolve every symlink: how 'e' (all must exist), 'f' (all but the last), 'm' (none need)."""
    path = ctx.abspath(op)
    vfs = ctx.vfs
    if how == "e":
        out = vfs.realpath(path, strict=True)
        if op.endswith("/") and not vfs.isdir(out):
            raise OSError(errno.ENOTDIR, "")
        return out
    out = vfs.realpath(path)
    if how == "f":
        parent = posixpath.dirname(out) or "/"
        if not vfs.isdir(parent):
            raise OSError(errno.ENOENT if not vfs.exists(parent) else errno.ENOTDIR, "")
    return out


@command("readlink", family="navigation")
def readlink(ctx: Context, argv: list[str]) -> int:
    parsed = READLINK_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not parsed.operands:
        return usage(ctx, "missing operand")
    how = ""
    for o, _ in parsed.options:
        how = {"-f": "f", "--canonicalize": "f", "-e": "e", "--canonicalize-existing": "e", "-m": "m",
               "--canonicalize-missing": "m"}.get(o, how)
    verbose = parsed.has("-v", "--verbose")
    end = "\0" if parsed.has("-z", "--zero") else "\n"
    if parsed.has("-n", "--no-newline") and len(parsed.operands) == 1:
        end = ""
    status = 0
    for op in parsed.operands:
        try:
            text = canonical(ctx, op, how) if how else ctx.vfs.readlink(ctx.abspath(op).rstrip("/") or "/")
            ctx.out(text + end)
        except OSError as e:
            if verbose:
                ctx.error(f"{op}: {strerror(e)}")
            status = 1
    return status


REALPATH_SPEC = OptionSpec("realpath", short="eLmPqsz", long=[
    "canonicalize-existing", "canonicalize-missing", "logical", "physical", "quiet", "relative-to=",
    "relative-base=", "strip", "no-symlinks", "zero"], help=REALPATH_HELP)


@command("realpath", family="navigation")
def realpath(ctx: Context, argv: list[str]) -> int:
    parsed = REALPATH_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not parsed.operands:
        return usage(ctx, "missing operand")
    how = "f"
    for o, _ in parsed.options:
        how = {"-e": "e", "--canonicalize-existing": "e", "-m": "m", "--canonicalize-missing": "m"}.get(o, how)
    strip = parsed.has("-s", "--strip", "--no-symlinks")
    quiet = parsed.has("-q", "--quiet")
    end = "\0" if parsed.has("-z", "--zero") else "\n"
    rel_to, rel_base = parsed.last("--relative-to"), parsed.last("--relative-base")

    def resolve(op: str) -> str:
        if strip:
            return posixpath.normpath(ctx.abspath(op)).replace("//", "/")
        return canonical(ctx, op, how)
    try:
        base_to = resolve(rel_to) if rel_to is not None else None
        base = resolve(rel_base) if rel_base is not None else None
    except OSError as e:
        ctx.error(f"{rel_to if rel_to is not None else rel_base}: {strerror(e)}")
        return 1
    status = 0
    for op in parsed.operands:
        try:
            out = resolve(op)
        except OSError as e:
            if not quiet:
                ctx.error(f"{op}: {strerror(e)}")
            status = 1
            continue
        if base_to is not None and (base is None or _under(out, base) and _under(base_to, base)):
            out = posixpath.relpath(out, base_to)
        elif base is not None and base_to is None and _under(out, base):
            out = posixpath.relpath(out, base)
        ctx.out(out + end)
    return status


def _under(path: str, base: str) -> bool:
    return path == base or path.startswith(base.rstrip("/") + "/")


BASENAME_SPEC = OptionSpec("basename", short="as:z", long=["multiple", "suffix=", "zero"], help=BASENAME_HELP)


def _basename(name: str, suffix: str = "") -> str:
    stripped = name.rstrip("/")
    if not stripped:
        return "/" if name else ""
    base = stripped.rsplit("/", 1)[-1]
    if suffix and base != suffix and base.endswith(suffix):
        base = base[: -len(suffix)]
    return base


@command("basename", family="navigation")
def basename(ctx: Context, argv: list[str]) -> int:
    parsed = BASENAME_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    ops = parsed.operands
    suffix = parsed.last("-s", "--suffix")
    multiple = parsed.has("-a", "--multiple") or suffix is not None
    end = "\0" if parsed.has("-z", "--zero") else "\n"
    if not ops:
        return usage(ctx, "missing operand")
    if not multiple:
        if len(ops) > 2:
            return usage(ctx, f"extra operand {squote(ops[2])}")
        ctx.out(_basename(ops[0], ops[1] if len(ops) == 2 else "") + end)
        return 0
    ctx.out("".join(_basename(op, suffix or "") + end for op in ops))
    return 0


DIRNAME_SPEC = OptionSpec("dirname", short="z", long=["zero"], help=DIRNAME_HELP)


def _dirname(name: str) -> str:
    stripped = name.rstrip("/")
    if not stripped:
        return "/" if name else "."
    if "/" not in stripped:
        return "."
    head = stripped.rsplit("/", 1)[0].rstrip("/")
    return head or "/"


@command("dirname", family="navigation")
def dirname(ctx: Context, argv: list[str]) -> int:
    parsed = DIRNAME_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not parsed.operands:
        return usage(ctx, "missing operand")
    end = "\0" if parsed.has("-z", "--zero") else "\n"
    ctx.out("".join(_dirname(op) + end for op in parsed.operands))
    return 0


# -- file -----------------------------------------------------------------------
FILE_SPEC = OptionSpec("file", short="bcCdEhiIkLm:nNprsSvzZ0e:f:F:P:", long=[
    "brief", "dereference", "no-dereference", "mime", "mime-type", "mime-encoding", "separator=",
    "no-pad", "print0", "keep-going", "raw", "special-files", "uncompress", "files-from=", "exclude=",
    "extension", "apple", "preserve-date", "debug", "checking-printout", "compile", "list", "magic-file=",
    "parameter=", "no-buffer", "uncompress-noreport", "exclude-quiet="], help=FILE_HELP,
    version="file-5.44\nmagic file from /etc/magic:/usr/share/misc/magic\n")

_SHEBANGS = {"bash": "Bourne-Again shell script", "sh": "POSIX shell script", "dash": "POSIX shell script",
             "python3": "Python script", "python": "Python script", "perl": "Perl script",
             "zsh": "Paul Falstad's zsh script", "node": "Node.js script"}


def describe_data(data: bytes, executable: bool) -> str:
    """What `file` says about content, by magic bytes and a text heuristic."""
    if not data:
        return "empty"
    if data.startswith(b"#!shelldojo builtin"):  # the image's stand-in for a real program
        return ("ELF 64-bit LSB pie executable, x86-64, version 1 (SYSV), dynamically linked, "
                "interpreter /lib64/ld-linux-x86-64.so.2, for GNU/Linux 3.2.0, stripped")
    magic = [(b"\x89PNG\r\n\x1a\n", "PNG image data"), (b"GIF8", "GIF image data"),
             (b"\xff\xd8\xff", "JPEG image data"), (b"%PDF-", "PDF document"),
             (b"\x7fELF", "ELF 64-bit LSB executable"), (b"PK\x03\x04", "Zip archive data"),
             (b"\x1f\x8b", "gzip compressed data"), (b"BZh", "bzip2 compressed data"),
             (b"\xfd7zXZ\x00", "XZ compressed data")]
    for prefix, text in magic:
        if data.startswith(prefix):
            return text
    if len(data) >= 262 and data[257:262] == b"ustar":
        return "POSIX tar archive (GNU)" if data[257:265] == b"ustar  \x00" else "POSIX tar archive"
    try:
        text = data.decode("ascii")
        kind = "ASCII text"
    except UnicodeDecodeError:
        try:
            text = data.decode("utf-8")
            kind = "Unicode text, UTF-8 text"
        except UnicodeDecodeError:
            return "data"
    if any(ord(c) < 32 and c not in "\n\r\t\f\b\x1b" for c in text):
        return "data"
    prefix = ""
    if text.startswith("#!"):
        interp = text[2:].split("\n", 1)[0].split()
        prog = posixpath.basename(interp[0]) if interp else ""
        if prog == "env" and len(interp) > 1:
            prog = interp[1]
        prefix = _SHEBANGS.get(prog, f"a {' '.join(interp)} script") + ", "
    elif text.lstrip().startswith(("{", "[")) and _is_json(text):
        return "JSON text data"
    out = prefix + kind
    if prefix and executable:
        out += " executable"
    if "\r\n" in text:
        out += ", with CRLF line terminators"
    elif not text.endswith("\n"):
        out += ", with no line terminators"
    return out


def _is_json(text: str) -> bool:
    import json
    try:
        json.loads(text)
        return True
    except ValueError:
        return False


@command("file", family="files")
def file(ctx: Context, argv: list[str]) -> int:
    parsed = FILE_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not parsed.operands:
        ctx.err("Usage: file [-bcCdEhikLlNnprsSvzZ0] [--apple] [--extension] [--mime-encoding]\n"
                "            [--mime-type] [-e <testname>] [-F <separator>]  [-f <namefile>]\n"
                "            [-m <magicfiles>] [-P <parameter=value>] [--exclude-quiet]\n"
                "            <file> ...\n       file -C [-m <magicfiles>]\n       file [--help]\n")
        return 1
    brief = parsed.has("-b", "--brief")
    follow = parsed.has("-L", "--dereference")
    width = max(len(op) for op in parsed.operands) + 2
    for op in parsed.operands:
        ctx.out(("" if brief else f"{op + ':':<{width}}") + _file_kind(ctx, op, follow) + "\n")
    return 0


def _file_kind(ctx: Context, op: str, follow: bool) -> str:
    vfs, path = ctx.vfs, ctx.abspath(op)
    try:
        s = vfs.stat(path) if follow else lstat(ctx, path)
    except OSError as e:
        return f"cannot open `{op}' ({strerror(e)})"
    if st.S_ISLNK(s.st_mode):
        target = vfs.readlink(path)
        return f"symbolic link to {target}" if vfs.exists(path) else f"broken symbolic link to {target}"
    if st.S_ISDIR(s.st_mode):
        return "directory"
    if path in ("/dev/null", "/dev/zero", "/dev/random", "/dev/urandom"):
        return "character special (1/3)"
    try:
        data = vfs.read_bytes(path)
        if not vfs.access(path, 4):
            raise OSError(errno.EACCES, "")
    except OSError as e:
        return "regular file, no read permission" if e.errno == errno.EACCES else f"cannot open `{op}' ({strerror(e)})"
    return describe_data(data[:65536], bool(s.st_mode & 0o111))


# -- du / df ----------------------------------------------------------------------
DU_SPEC = OptionSpec("du", short="0abBcd:DhHklLmsSxX:t:", long=[
    "null", "all", "apparent-size", "block-size=", "bytes", "total", "max-depth=", "dereference-args",
    "human-readable", "inodes", "dereference", "count-links", "no-dereference", "separate-dirs", "si",
    "summarize", "threshold=", "time=?", "time-style=", "exclude-from=", "exclude=", "one-file-system",
    "files0-from="], help=DU_HELP)


def _kblocks(s: Any) -> int:
    if st.S_ISLNK(s.st_mode):
        return 0
    size = 4096 if st.S_ISDIR(s.st_mode) else s.st_size
    return (size + 4095) // 4096 * 4


def human(n: float, base: int = 1024) -> str:
    """GNU -h: one decimal below 10, ceiling rounding."""
    if n < base:
        return str(int(n))
    unit = ""
    for u in "KMGTPE":
        n /= base
        unit = u if base == 1024 or u != "K" else "k"
        if n < base:
            break
    if n < 10:
        v = math.ceil(n * 10) / 10
        if v < 10:
            return f"{v:.1f}{unit}"
        n = v
    return f"{math.ceil(n)}{unit}"


@command("du", family="files")
def du(ctx: Context, argv: list[str]) -> int:
    parsed = DU_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    all_files = parsed.has("-a", "--all")
    depth_text = parsed.last("-d", "--max-depth")
    depth = None
    if depth_text is not None:
        if not depth_text.isdigit():
            ctx.error(f"invalid maximum depth {squote(depth_text)}")
            return 1
        depth = int(depth_text)
    if parsed.has("-s", "--summarize"):
        if depth not in (None, 0):
            return usage(ctx, f"warning: summarizing conflicts with --max-depth={depth}")
        depth = 0
    unit = 1
    fmt_human = 0
    for o, _ in parsed.options:
        if o in ("-h", "--human-readable"):
            fmt_human = 1024
        elif o == "--si":
            fmt_human = 1000
        elif o == "-k":
            unit, fmt_human = 1, 0
        elif o == "-m":
            unit, fmt_human = 1024, 0
    end = "\0" if parsed.has("-0", "--null") else "\n"

    def show(kb: int, name: str) -> None:
        text = human(kb * 1024, fmt_human) if fmt_human else str(math.ceil(kb / unit))
        ctx.out(f"{text}\t{name}{end}")
    seen: set[tuple[int, int]] = set()
    status = 0
    total = 0

    def walk(path: str, shown: str, level: int) -> int:
        nonlocal status
        ctx.check()
        try:
            s = lstat(ctx, path)
        except OSError as e:
            ctx.error(f"cannot access {squote(shown)}: {strerror(e)}")
            status = 1
            return 0
        key = (s.st_ino, s.st_dev)
        if key in seen:
            return 0
        seen.add(key)
        size = _kblocks(s)
        if st.S_ISDIR(s.st_mode):
            try:
                names = sorted(ctx.vfs.listdir(path))
            except OSError as e:
                ctx.error(f"cannot read directory {squote(shown)}: {strerror(e)}")
                status = 1
                names = []
            for n in names:
                size += walk(posixpath.join(path, n), shown.rstrip("/") + "/" + n if shown != "/" else "/" + n,
                             level + 1)
            if depth is None or level <= depth:
                show(size, shown)
        elif (all_files or level == 0) and (depth is None or level <= depth):
            show(size, shown)
        return size
    for op in parsed.operands or ["."]:
        total += walk(ctx.abspath(op), op, 0)
    if parsed.has("-c", "--total"):
        show(total, "total")
    return status


DF_SPEC = OptionSpec("df", short="aB:hHiklPt:Tx:v", long=[
    "all", "block-size=", "human-readable", "si", "inodes", "local", "no-sync", "output=?", "portability",
    "print-type", "sync", "total", "type=", "exclude-type="], help=DF_HELP)


@command("df", family="system")
def df(ctx: Context, argv: list[str]) -> int:
    parsed = DF_SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    status = 0
    for op in parsed.operands:
        if not ctx.vfs.exists(ctx.abspath(op)):
            ctx.error(f"{op}: {strerror(errno.ENOENT)}")
            status = 1
    if parsed.operands and status and all(not ctx.vfs.exists(ctx.abspath(op)) for op in parsed.operands):
        ctx.error("no file systems processed")
        return 1
    hum = 1024 if parsed.has("-h", "--human-readable") else 1000 if parsed.has("-H", "--si") else 0
    typed = parsed.has("-T", "--print-type")
    quota = ctx.machine.limits.quota_bytes
    try:
        used_bytes = ctx.machine.fake.get_disk_usage().used
    except (AttributeError, OSError):
        used_bytes = 0
    used_k = math.ceil(used_bytes / 1024)
    total_k = quota // 1024
    avail_k = max(0, total_k - used_k)
    pct = "-" if not total_k else f"{math.ceil(used_k * 100 / max(1, used_k + avail_k))}%"
    if hum:
        vals = [human(total_k * 1024, hum), human(used_k * 1024, hum), human(avail_k * 1024, hum)]
        heads = ["Size", "Used", "Avail"]
    else:
        vals = [str(total_k), str(used_k), str(avail_k)]
        heads = ["1K-blocks", "Used", "Available"]
    head = ["Filesystem"] + (["Type"] if typed else []) + heads + ["Use%", "Mounted on"]
    row = ["/dev/root"] + (["ext4"] if typed else []) + vals + [pct, "/"]
    widths = [max(len(h), len(v)) for h, v in zip(head, row, strict=True)]
    widths[0] = max(widths[0], 14)
    n_num = 3
    first_num = 2 if typed else 1
    if typed:
        widths[1] = max(widths[1], 4)
    for i in range(first_num, first_num + n_num):
        widths[i] = max(widths[i], 5)
    widths[first_num + n_num] = max(widths[first_num + n_num], 4)

    def line(cells: list[str]) -> str:
        out = []
        for i, c in enumerate(cells):
            if i == len(cells) - 1:
                out.append(c)
            elif i < first_num:
                out.append(c.ljust(widths[i]))
            else:
                out.append(c.rjust(widths[i]))
        return " ".join(out) + "\n"
    ctx.out(line(head) + line(row))
    return status
