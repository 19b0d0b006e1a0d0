"""bzip2, bunzip2, bzcat (bzip2 1.0.8): the bzip2 format through Python's bz2 module."""
from __future__ import annotations

from shelldojo.shell.commands.archives.common import BZIP2
from shelldojo.shell.commands.archives.compress import Dialect, Job, run
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_LONG = {"--help": "h", "--decompress": "d", "--compress": "z", "--keep": "k", "--force": "f", "--test": "t",
         "--stdout": "c", "--quiet": "q", "--verbose": "v", "--license": "L", "--version": "V", "--small": "s",
         "--fast": "1", "--best": "9"}


def _pad(name: str, longest: int) -> str:
    return " " * max(0, longest - len(name))


def _dialect(prog: str, longest: int) -> Dialect:
    def verbose(name: str, out: str, plain: int, packed: int, decompress: bool, replaced: bool) -> str:
        if decompress:
            return f"  {name}: {_pad(name, longest)}done\n"
        if plain == 0 or packed == 0:
            return f"  {name}: {_pad(name, longest)}no data compressed.\n"
        return (f"  {name}: {_pad(name, longest)}{plain / packed:6.3f}:1, {8 * packed / plain:6.3f} bits/byte, "
                f"{100 * (1 - packed / plain):5.2f}% saved, {plain} in, {packed} out.\n")

    return Dialect(
        codec=BZIP2, prog=prog,
        missing=lambda n, exc: f"{prog}: Can't open input file {n}: {exc.strerror}.\n",
        has_suffix=lambda n: (f"{prog}: Input file {n} already has .bz2 suffix.\n", 1),
        exists=lambda n: (f"{prog}: Output file {n} already exists.\n", 1),
        unknown_suffix=lambda n: _guess(prog, n),
        not_format=lambda n: (f"{prog}: {n} is not a bzip2 file.\n", 2),
        is_dir=lambda n: (f"{prog}: Input file {n} is a directory.\n", 1),
        verbose=verbose,
        tty_out=f"{prog}: I won't write compressed data to a terminal.\n{prog}: For help, type: `{prog} --help'.\n",
        tty_in=f"{prog}: I won't read compressed data from a terminal.\n{prog}: For help, type: `{prog} --help'.\n",
        tested=lambda n: f"  {n}: {_pad(n, longest)}ok\n")


def _guess(prog: str, name: str) -> str:
    return f"{name}.out"  # the warning is printed by the caller below (it needs stderr)


def _bzip2(ctx: Context, argv: list[str], prog: str, decompress: bool = False, stdout: bool = False) -> int:
    """bzip2 reads its flags anywhere, bundled (-kv), with no getopt: its own messages."""
    job = Job(level=9, decompress=decompress, stdout=stdout, keep=stdout)
    flags = ""
    only_files = False
    for arg in argv[1:]:
        if only_files or arg == "-" or not arg.startswith("-"):
            job.files.append(arg)
        elif arg == "--":
            only_files = True
        elif arg.startswith("--"):
            if arg not in _LONG:
                ctx.err(f"{prog}: Bad flag `{arg}'\n" + verbatim("archives/bzip2_help").format(name=prog))
                return 1
            flags += _LONG[arg]
        else:
            for c in arg[1:]:
                if c not in "hdzkftcqvLVs123456789":
                    ctx.err(f"{prog}: Bad flag `{arg}'\n" + verbatim("archives/bzip2_help").format(name=prog))
                    return 1
            flags += arg[1:]
    for c in flags:
        if c == "h":
            ctx.err(verbatim("archives/bzip2_help").format(name=prog))
            return 0
        if c in "LV":
            ctx.err(verbatim("archives/bzip2_version"))
            return 0
        if c == "d":
            job.decompress = True
        elif c == "z":
            job.decompress = False
        elif c == "k":
            job.keep = True
        elif c == "f":
            job.force = True
        elif c == "t":
            job.test = True
        elif c == "c":
            job.stdout = job.keep = True
        elif c == "q":
            job.quiet = True
        elif c == "v":
            job.verbose = True
        elif c.isdigit():
            job.level = int(c)
    longest = max([7, *(len(f) for f in job.files)])
    d = _dialect(prog, longest)
    if job.decompress and not job.stdout and not job.test:
        for f in job.files:  # bunzip2 warns, then writes NAME.out
            if f != "-" and not f.endswith(".bz2") and ctx.vfs.isfile(ctx.abspath(f)):
                ctx.err(f"{prog}: Can't guess original name for {f} -- using {f}.out\n")
    return run(ctx, job, d)


@command("bzip2", family="files", summary="a block-sorting file compressor")
def bzip2(ctx: Context, argv: list[str]) -> int:
    return _bzip2(ctx, argv, "bzip2")


@command("bunzip2", family="files", summary="a block-sorting file compressor")
def bunzip2(ctx: Context, argv: list[str]) -> int:
    return _bzip2(ctx, argv, "bunzip2", decompress=True)


@command("bzcat", family="files", summary="decompresses files to stdout")
def bzcat(ctx: Context, argv: list[str]) -> int:
    return _bzip2(ctx, argv, "bzcat", decompress=True, stdout=True)
