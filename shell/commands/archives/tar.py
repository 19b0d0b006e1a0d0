"""tar (GNU tar 1.34): archives on the virtual disk through Python's tarfile, in stream mode
(nothing is read whole; members are written as they come, bounded by the disk's quota)."""
from __future__ import annotations

import tarfile

from shelldojo.shell.commands.archives.common import StdinReader
from shelldojo.shell.commands.archives.tar_state import Fatal, Tar
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

TRY = "Try 'tar --help' or 'tar --usage' for more information.\n"
MODES = "Acdtrux"
# old-style letters that take the next word as their argument (tar czf a.tgz dir)
_WITH_ARG = "fCTXbHKLNgV"


class TarSpec(OptionSpec):
    def _usage(self, ctx: Context, message: str) -> int:
        ctx.err(f"tar: {message}\n{TRY}")
        return 64


SPEC = TarSpec("tar", short="AcdtruxzjJavkOpPT:X:C:f:hbH:", help=verbatim("archives/tar_help"),
               version=verbatim("archives/tar_version"),
               long=["create", "extract", "get", "list", "append", "update", "gzip", "gunzip", "bzip2", "xz",
                     "auto-compress", "verbose", "keep-old-files", "overwrite", "to-stdout", "preserve-permissions",
                     "same-permissions", "same-owner", "no-same-owner", "no-same-permissions", "files-from=",
                     "exclude=", "exclude-from=", "directory=", "file=", "strip-components=", "absolute-names",
                     "dereference", "usage", "totals", "numeric-owner", "no-recursion", "wildcards"])


def _old_style(args: list[str]) -> list[str] | str:
    """`tar czf a.tgz dir` -> -c -z -f a.tgz dir; the letter missing its argument as a str."""
    if not args or args[0].startswith("-"):
        return args
    letters, rest, out = args[0], args[1:], []
    for c in letters:
        if c in _WITH_ARG:
            if not rest:
                return c
            out += [f"-{c}", rest.pop(0)]
        else:
            out.append(f"-{c}")
    return out + rest


def _parse(ctx: Context, argv: list[str]) -> Tar | int:
    args = _old_style(argv[1:])
    if isinstance(args, str):
        ctx.err(f"tar: Old option '{args}' requires an argument.\n{TRY}")
        return 64 if args != "f" else 2
    parsed = SPEC.parse(ctx, args)
    if isinstance(parsed, int):
        return parsed
    t = Tar(names=parsed.operands)
    long_modes = {"--create": "c", "--extract": "x", "--get": "x", "--list": "t", "--append": "r",
                  "--update": "u"}
    for opt, value in parsed.options:
        mode = long_modes.get(opt) or (opt[1] if opt[1:] in MODES else "")
        if mode:
            if t.mode and t.mode != mode:
                ctx.err("tar: You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option\n"
                        + TRY)
                return 2
            t.mode = mode
        elif opt in ("-f", "--file"):
            t.archive = value
        elif opt in ("-z", "--gzip", "--gunzip"):
            t.compress = "gz"
        elif opt in ("-j", "--bzip2"):
            t.compress = "bz2"
        elif opt in ("-J", "--xz"):
            t.compress = "xz"
        elif opt in ("-a", "--auto-compress"):
            t.auto = True
        elif opt in ("-v", "--verbose"):
            t.verbose = True
        elif opt in ("-k", "--keep-old-files"):
            t.keep_old = True
        elif opt == "--overwrite":
            t.keep_old = False
        elif opt in ("-O", "--to-stdout"):
            t.to_stdout = True
        elif opt in ("-p", "--preserve-permissions", "--same-permissions"):
            t.same_perms = True
        elif opt == "--no-same-permissions":
            t.same_perms = False
        elif opt == "--same-owner":
            t.same_owner = True
        elif opt == "--no-same-owner":
            t.same_owner = False
        elif opt in ("-P", "--absolute-names"):
            t.absolute = True
        elif opt == "--no-recursion":
            t.recursion = False
        elif opt == "--numeric-owner":
            t.numeric = True
        elif opt in ("-C", "--directory"):
            t.directory = value
        elif opt in ("-X", "--exclude-from", "-T", "--files-from"):
            words = _read_list(ctx, value or "")
            if words is None:
                return 2
            (t.excludes if opt in ("-X", "--exclude-from") else t.names).extend(words)
        elif opt == "--exclude":
            t.excludes.append(value or "")
        elif opt == "--strip-components":
            if not (value or "").isdigit():
                ctx.err(f"tar: Invalid number of elements: '{value}'\n{TRY}")
                return 2
            t.strip = int(value or 0)
        elif opt == "--usage":
            ctx.out("Usage: tar [-AcdrtuxGnSkUWOmpsMBiajJzZhPlRvwo?]\n")
            return 0
    if not t.mode:
        ctx.err(f"tar: You must specify one of the '-{MODES}', '--delete' or '--test-label' options\n{TRY}")
        return 2
    if t.auto and not t.compress and t.archive:
        t.compress = next((c for s, c in ((".gz", "gz"), (".tgz", "gz"), (".bz2", "bz2"), (".tbz2", "bz2"),
                                          (".xz", "xz"), (".txz", "xz")) if t.archive.endswith(s)), "")
    return t


def _read_list(ctx: Context, name: str) -> list[str] | None:
    """-T/-X FILE: one name a line ('-' is stdin)."""
    try:
        if name == "-":
            data = StdinReader(ctx).read(ctx.machine.limits.max_file_bytes)
        else:
            data = ctx.vfs.read_bytes(ctx.abspath(name))
    except OSError as exc:
        ctx.err(f"tar: {name}: Cannot open: {exc.strerror}\ntar: Error is not recoverable: exiting now\n")
        return None
    return [w for w in data.decode("utf-8", "surrogateescape").splitlines() if w]


@command("tar", family="files", summary="an archiving utility")
def tar(ctx: Context, argv: list[str]) -> int:
    from shelldojo.shell.commands.archives import tar_io

    t = _parse(ctx, argv)
    if isinstance(t, int):
        return t
    try:
        if t.mode == "c":
            tar_io.create(ctx, t)
        elif t.mode in "ru":
            from shelldojo.shell.commands.archives import tar_update

            tar_update.update(ctx, t)
        elif t.mode in "tx":
            tar_io.read(ctx, t)
        else:
            ctx.err(f"tar: option '-{t.mode}' is not supported on this machine\n{TRY}")
            return 2
    except Fatal:
        return 2
    except tarfile.TarError:
        ctx.err("tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous "
                "errors\n")
        return 2
    if t.errors:
        ctx.err("tar: Exiting with failure status due to previous errors\n")
        return 2
    return 0
