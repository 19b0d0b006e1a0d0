"""zgrep, zegrep, zfgrep (gzip 1.12), bzgrep... (bzip2 1.0.8), xzgrep... (XZ Utils 5.4): the
shell scripts these packages ship, which pipe each FILE's uncompressed bytes into grep
(`gzip -cdfq -- FILE | grep --label=FILE ...`).  Here each file is unpacked on the virtual
disk into memory (bounded by the file-size limit) and handed to our grep as its stdin."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from shelldojo.shell.budget import LimitExceeded
from shelldojo.shell.commands.archives import bzip2 as bz_mod
from shelldojo.shell.commands.archives import gzip as gz_mod
from shelldojo.shell.commands.archives import xz as xz_mod
from shelldojo.shell.commands.archives.common import (
    BZIP2,
    CHUNK,
    CODECS,
    DAMAGED,
    GZIP,
    Codec,
    Prefixed,
    StdinReader,
)
from shelldojo.shell.commands.grep.grep import grep
from shelldojo.shell.context import Context
from shelldojo.shell.memory import megabytes
from shelldojo.shell.registry import command
from shelldojo.shell.streams import BytesInput, NullOutput
from shelldojo.shell.texts import verbatim


@dataclass(frozen=True)
class Unpacker:
    """`gzip -cdfq`, `bzip2 -cdfq` or `xz -cdfq`: what is in a known format is unpacked, anything
    else passes through unchanged (-f); a file that cannot be opened gets the tool's message."""

    prog: str
    codecs: tuple[Codec, ...]

    def missing(self, name: str, exc: OSError) -> str:
        if self.prog == "bzip2":
            return bz_mod._dialect("bzip2", 0).missing(name, exc)
        if self.prog == "xz":
            return xz_mod._dialect("xz").missing(name, exc)
        return gz_mod._dialect("gzip").missing(name, exc)

    def unpack(self, ctx: Context, name: str) -> bytes | None:
        """The uncompressed bytes of NAME ('-': stdin), None after printing why not."""
        path = ctx.abspath(name)
        gz_name = name if name.endswith(".gz") else name + ".gz"  # gzip -d NAME tries NAME.gz too
        if self.prog == "gzip" and name != "-" and not ctx.vfs.exists(path):
            name, path = gz_name, ctx.abspath(gz_name)
        try:
            src = StdinReader(ctx) if name == "-" else ctx.vfs.open(path, "rb")
        except OSError as exc:
            ctx.err(self.missing(name, exc))
            return None
        try:
            head = src.read(6)
            codec = next((c for c in self.codecs if head.startswith(c.magic)), None)
            stream = Prefixed(head, src) if codec is None else codec.reader(Prefixed(head, src))  # type: ignore[arg-type]
            limit = ctx.machine.limits.max_file_bytes
            out = bytearray()
            while chunk := stream.read(CHUNK):
                ctx.check()
                out += chunk
                if len(out) > limit:  # a bomb: stop where a file on this disk would have to
                    raise LimitExceeded(f"file size limit exceeded ({megabytes(limit)} unpacked in memory)")
            return bytes(out)
        except DAMAGED + (OSError,):
            ctx.err(f"{self.prog}: {name}: {'not in gzip format' if self.prog == 'gzip' else 'damaged data'}\n")
            return None
        finally:
            if name != "-":
                src.close()  # type: ignore[union-attr]


GZ = Unpacker("gzip", (GZIP,))
BZ = Unpacker("bzip2", (BZIP2,))
XZ = Unpacker("xz", tuple(CODECS.values()))   # xzgrep picks the tool by suffix: any format


@dataclass(frozen=True)
class Script:
    """One grep script: its $0, its words and which unpacker it pipes through."""

    name: str
    unpacker: Unpacker
    flag: str = ""                 # zegrep: -E, zfgrep: -F

    @property
    def zero(self) -> str:
        base = {"zegrep": "zgrep", "zfgrep": "zgrep"}.get(self.name, self.name)  # they exec zgrep
        return f"/usr/bin/{base}"

    @property
    def family(self) -> str:
        return "bz" if self.name.startswith("bz") else "xz" if self.name.startswith("xz") else "z"


# grep's options that take the next word (as the scripts' case patterns list them)
_WITH_ARG = {"-A", "-B", "-C", "-D", "-X", "-d", "-e", "-f", "-m", "--file"}
_WITH_ARG_PREFIX = ("--binary-", "--la", "--ma", "--reg")
_UNSUPPORTED = ("-d", "-r", "-R", "-z", "-Z")
_UNSUPPORTED_LONG = ("--di", "--exc", "--inc", "--rec", "--nu")


def run_grep(ctx: Context, argv: list[str], s: Script) -> int:
    if s.family == "bz":
        return _bzgrep(ctx, argv, s)
    args: list[str] = [s.flag] if s.flag else []
    operands: list[str] = []
    have_pat = with_name = no_name = list_yes = list_no = False
    words = argv[1:]
    while words:
        opt = words.pop(0)
        if opt == "--":
            operands += words
            break
        if not opt.startswith("-") or opt == "-":
            operands.append(opt)
            continue
        if opt[1:2] != "-" and len(opt) > 2 and opt[1] not in "ABCDXdefm0123456789":
            words.insert(0, "-" + opt[2:])  # bundled flags: -in -> -i -n
            opt = opt[:2]
        if opt in _WITH_ARG or (opt.startswith(_WITH_ARG_PREFIX) and "=" not in opt):
            if not words:
                line = 96 if s.family == "xz" else 75
                ctx.err(f"{s.zero}: {line}: 1: {opt} option requires an argument\n")
                return 2
            args += [opt, words.pop(0)]
            have_pat = have_pat or opt in ("-e", "-f", "--file") or opt.startswith("--reg")
            continue
        if opt in _UNSUPPORTED or opt.startswith(_UNSUPPORTED_LONG):
            word = "Option" if s.family == "xz" else "option"
            ctx.err(f"{s.zero}: {opt}: {word} not supported\n")
            return 2
        if opt.startswith(("-e", "--reg", "-f", "--file=")):
            have_pat = True
        elif opt in ("--help", "--hel", "--he", "--h"):
            ctx.out(verbatim(f"archives/{_text_name(s)}_help"))
            return 0
        elif opt in ("-V", "--version", "--v", "--ve", "--ver"):
            ctx.out(verbatim(f"archives/{_text_name(s)}_version"))
            return 0
        elif opt in ("-H", "--with-filename"):
            with_name = True
            continue
        elif opt in ("-l", "--files-with-matches"):
            list_yes = True
        elif opt in ("-L", "--files-without-match"):
            list_no = True
        elif opt in ("-h", "--no-filename"):
            no_name = True
        args.append(opt)
    if not have_pat:
        if not operands:
            if s.family == "xz":
                ctx.err(f"{s.zero}: 159: 1: Missing pattern; try `{s.name} --help' for help\n")
            else:
                ctx.err(f"{s.zero}: 188: 1: missing pattern; try `{s.zero} --help' for help\n")
            return 2
        args += ["--", operands.pop(0)]
    files = operands or ["-"]
    if len(files) > 1 and not no_name:
        with_name = True
    if with_name:
        args.insert(0, "-H")
    return _each(ctx, s.unpacker, files, args, list_yes, list_no)


def _text_name(s: Script) -> str:
    return "zgrep" if s.family == "z" else s.name


def _each(ctx: Context, unpacker: Unpacker, files: list[str], args: list[str], list_yes: bool,
          list_no: bool) -> int:
    """grep each file's bytes; 0 (a match somewhere) beats 1, otherwise the worst status wins."""
    res = 1
    for name in files:
        data = unpacker.unpack(ctx, name)
        bad = data is None
        sub = dataclasses.replace(ctx, name="grep", stdin=BytesInput(data or b""))
        if list_yes or list_no:
            r = grep(dataclasses.replace(sub, stdout=NullOutput()), ["grep", *args])
            if (r == 0 and list_yes) or (r == 1 and list_no):
                ctx.out(f"{name}\n")
                r = 0 if list_yes else 1
        else:
            label = [f"--label={name}"] if name != "-" else []
            r = grep(sub, ["grep", *label, *args])
        if bad:
            r = max(r, 2)
        res = min(res, r) if r <= 1 and res <= 1 else max(res, r)
    return res


def _bzgrep(ctx: Context, argv: list[str], s: Script) -> int:
    """bzgrep's own (older) script: options before the pattern go to grep as they are."""
    args: list[str] = [s.flag] if s.flag else []
    words = argv[1:]
    while words and words[0].startswith("-") and words[0] != "-":
        opt = words.pop(0)
        if opt == "--":
            break
        args.append(opt)
        if opt in ("-e", "-f"):
            if words:
                args.append(words.pop(0))
            break
    if (not words and not any(a in ("-e", "-f") for a in args)) or "--help" in args:
        ctx.out(verbatim("archives/bzgrep_usage").format(name=s.name))
        return 2
    if not any(a.startswith(("-e", "-f")) for a in args):
        args += ["--", words.pop(0)]
    files = words or ["-"]
    if len(files) > 1 and "-h" not in args:
        args.insert(0, "-H")
    list_yes = any(a in ("-l", "--files-with-matches") for a in args)
    list_no = any(a in ("-L", "--files-without-match") for a in args)
    res = 1
    for name in files:
        data = s.unpacker.unpack(ctx, name)
        sub = dataclasses.replace(ctx, name="grep", stdin=BytesInput(data or b""))
        if list_yes or list_no:
            r = grep(dataclasses.replace(sub, stdout=NullOutput()), ["grep", *args])
            if (r == 0 and list_yes) or (r == 1 and list_no):
                ctx.out(f"{name}\n")
        else:
            r = grep(sub, ["grep", *([f"--label={name}"] if name != "-" else []), *args])
        res = r if data is not None else 1
    return res


def _register(name: str, unpacker: Unpacker, flag: str, summary: str) -> None:
    script = Script(name, unpacker, flag)

    def run(ctx: Context, argv: list[str]) -> int:
        return run_grep(ctx, argv, script)
    run.__name__ = name
    command(name, family="files", summary=summary)(run)


for _prefix, _unpacker, _what in (("z", GZ, "possibly compressed files"), ("bz", BZ, "bzip2 compressed files"),
                                  ("xz", XZ, "xz compressed files")):
    _register(f"{_prefix}grep", _unpacker, "", f"search {_what} for a regular expression")
    _register(f"{_prefix}egrep", _unpacker, "-E", f"search {_what} for an extended regular expression")
    _register(f"{_prefix}fgrep", _unpacker, "-F", f"search {_what} for fixed strings")
