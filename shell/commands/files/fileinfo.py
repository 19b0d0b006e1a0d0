"""readlink, realpath, basename, dirname, stat, file, du, df."""
from __future__ import annotations

import errno
import posixpath
import stat as st

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.files.make_remove import lstat, usage
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

READLINK_SPEC = OptionSpec("readlink", short="efmnqsvz", long=[
    "canonicalize", "canonicalize-existing", "canonicalize-missing", "no-newline", "quiet", "silent",
    "verbose", "zero"], help=verbatim("files/readlink_help"))


def canonical(ctx: Context, op: str, how: str) -> str:
    """Resolve every symlink: how 'e' (all must exist), 'f' (all but the last), 'm' (none need).

    Walks component by component with lstat, as gnulib's canonicalize does, so a directory
    without search permission gives EACCES and a file in the middle gives ENOTDIR."""
    vfs = ctx.vfs
    pending = ctx.abspath(op).split("/")
    resolved, links = "/", 0
    while pending:
        comp = pending.pop(0)
        if comp in ("", "."):
            continue
        if comp == "..":
            resolved = posixpath.dirname(resolved)
            continue
        cand = posixpath.join(resolved, comp)
        last = all(p in ("", ".") for p in pending)
        try:
            s = vfs.lstat(cand)
        except OSError as e:
            if how == "m" or (how == "f" and last and e.errno == errno.ENOENT):
                resolved = cand
                continue
            raise
        if st.S_ISLNK(s.st_mode):
            links += 1
            if links > 40:
                raise OSError(errno.ELOOP, "")
            target = vfs.readlink(cand)
            if target.startswith("/"):
                resolved = "/"
            pending = target.split("/") + pending
            continue
        if not st.S_ISDIR(s.st_mode) and not last and how != "m":
            raise OSError(errno.ENOTDIR, "")
        resolved = cand
    if how == "e" and op.endswith("/") and not vfs.isdir(resolved):
        raise OSError(errno.ENOTDIR, "")
    return resolved


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
    "relative-base=", "strip", "no-symlinks", "zero"], help=verbatim("files/realpath_help"))


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


BASENAME_SPEC = OptionSpec("basename", short="as:z", long=["multiple", "suffix=", "zero"],
                           help=verbatim("files/basename_help"),
                           posix=True)


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
            return usage(ctx, f"extra operand {cquote(ops[2])}")
        ctx.out(_basename(ops[0], ops[1] if len(ops) == 2 else "") + end)
        return 0
    ctx.out("".join(_basename(op, suffix or "") + end for op in ops))
    return 0


DIRNAME_SPEC = OptionSpec("dirname", short="z", long=["zero"], help=verbatim("files/dirname_help"))


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
    "parameter=", "no-buffer", "uncompress-noreport", "exclude-quiet="], help=verbatim("files/file_help"),
    version=verbatim("files/file_version"))

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
    elif text.lstrip().lower().startswith(("<!doctype html", "<html", "<head", "<body", "<title")):
        prefix = "HTML document, "
    elif text.startswith("<?xml"):
        prefix = "XML 1.0 document, "
    out = prefix + kind
    if text.startswith("#!"):  # libmagic calls every #! script executable, whatever its mode
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
        ctx.err(verbatim("files/file_usage"))
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
    flags = [name for bit, name in ((st.S_ISUID, "setuid"), (st.S_ISGID, "setgid"), (st.S_ISVTX, "sticky"))
             if s.st_mode & bit]
    if st.S_ISDIR(s.st_mode):
        return ", ".join([*flags, "directory"])
    if path in ("/dev/null", "/dev/zero", "/dev/random", "/dev/urandom"):
        return "character special (1/3)"
    try:
        data = vfs.read_bytes(path)
        if not vfs.access(path, 4):
            raise OSError(errno.EACCES, "")
    except OSError as e:
        return "regular file, no read permission" if e.errno == errno.EACCES else f"cannot open `{op}' ({strerror(e)})"
    kind = describe_data(data[:65536], bool(s.st_mode & 0o111))
    if not flags:
        return kind
    # libmagic's spacing: "setuid, empty", "setuid ELF ...", "setuid , ASCII text"
    if kind == "empty":
        return ", ".join([*flags, kind])
    text_like = "text" in kind and not kind.startswith(("ELF", "PNG", "GIF", "JPEG", "PDF"))
    return ", ".join(flags) + (" , " if text_like else " ") + kind
