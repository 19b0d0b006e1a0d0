"""xz, unxz, xzcat (XZ Utils 5.4): the .xz format through Python's lzma module."""
from __future__ import annotations

from shelldojo.shell.commands.archives.common import XZ
from shelldojo.shell.commands.archives.compress import Dialect, Job, run
from shelldojo.shell.commands.archives.gzip import OldStyleSpec
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_LONG = ["stdout", "to-stdout", "decompress", "uncompress", "compress", "force", "keep", "list", "test",
         "verbose", "quiet", "extreme", "threads=", "suffix=", "fast", "best", "format=", "check=", "no-warn"]


def _size(n: int) -> str:
    """xz's sizes: B below a KiB, then KiB/MiB with one decimal."""
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n / (1024 * 1024):.1f} MiB"


def _ratio(packed: int, plain: int) -> str:
    if plain == 0 or packed / plain > 9.999:
        return "> 9.999"
    return f"= {packed / plain:.3f}"


def _dialect(prog: str) -> Dialect:
    def verbose(name: str, out: str, plain: int, packed: int, decompress: bool, replaced: bool) -> str:
        return f"{name}: {_size(packed)} / {_size(plain)} {_ratio(packed, plain)}\n"

    return Dialect(
        codec=XZ, prog=prog,
        missing=lambda n, exc: f"{prog}: {n}: {exc.strerror}\n",
        has_suffix=lambda n: (f"{prog}: {n}: File already has `.xz' suffix, skipping\n", 2),
        exists=lambda n: (f"{prog}: {n}: File exists\n", 1),
        unknown_suffix=lambda n: (f"{prog}: {n}: Filename has an unknown suffix, skipping\n", 2),
        not_format=lambda n: (f"{prog}: {n}: File format not recognized\n", 1),
        is_dir=lambda n: (f"{prog}: {n}: Is a directory, skipping\n", 2),
        verbose=verbose,
        tty_out=f"{prog}: Compressed data cannot be written to a terminal\n",
        tty_in=f"{prog}: Compressed data cannot be read from a terminal\n")


def _xz(ctx: Context, argv: list[str], prog: str, decompress: bool = False, stdout: bool = False) -> int:
    spec = OldStyleSpec(prog, short="cdzfklLtvqeT:S:hHV0123456789F:C:Q", long=_LONG,
                        help=verbatim("archives/xz_help").format(name=prog),
                        version=verbatim("archives/xz_version"))
    spec.prefix_try = True
    parsed = spec.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.has("-h", "-H"):
        ctx.out(spec.help)
        return 0
    if parsed.has("-V"):
        ctx.out(spec.version or "")
        return 0
    if parsed.has("-l", "--list"):
        from shelldojo.shell.commands.archives.xz_list import xz_list

        return xz_list(ctx, prog, parsed.operands)
    job = Job(files=parsed.operands, decompress=decompress, stdout=stdout, keep=stdout)
    for opt, value in parsed.options:
        if opt in ("-c", "--stdout", "--to-stdout"):
            job.stdout = job.keep = True
        elif opt in ("-d", "--decompress", "--uncompress"):
            job.decompress = True
        elif opt in ("-z", "--compress"):
            job.decompress = False
        elif opt in ("-f", "--force"):
            job.force = True
        elif opt in ("-k", "--keep"):
            job.keep = True
        elif opt in ("-t", "--test"):
            job.test = True
        elif opt in ("-v", "--verbose"):
            job.verbose = True
        elif opt in ("-e", "--extreme"):
            job.extreme = True
        elif opt in ("-S", "--suffix"):
            job.suffix = "." + (value or "xz").lstrip(".")
        elif opt[1:].isdigit():
            job.level = int(opt[1:])
    return run(ctx, job, _dialect(prog))


@command("xz", family="files", summary="Compress or decompress .xz and .lzma files")
def xz(ctx: Context, argv: list[str]) -> int:
    return _xz(ctx, argv, "xz")


@command("unxz", family="files", summary="Compress or decompress .xz and .lzma files")
def unxz(ctx: Context, argv: list[str]) -> int:
    return _xz(ctx, argv, "unxz", decompress=True)


@command("xzcat", family="files", summary="Compress or decompress .xz and .lzma files")
def xzcat(ctx: Context, argv: list[str]) -> int:
    return _xz(ctx, argv, "xzcat", decompress=True, stdout=True)
