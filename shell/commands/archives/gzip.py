"""gzip, gunzip, zcat (gzip 1.12) and zgrep, zless: the gzip format through Python's gzip module."""
from __future__ import annotations

import time

from shelldojo.shell.commands.archives.common import GZIP
from shelldojo.shell.commands.archives.compress import Dialect, Job, run
from shelldojo.shell.commands.options import OptionSpec, Parsed
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim


class OldStyleSpec(OptionSpec):
    """gzip's and xz's usage errors quote `like this' (and xz prefixes the second line)."""

    prefix_try: bool = False

    def _usage(self, ctx: Context, message: str) -> int:
        lead = f"{self.name}: " if self.prefix_try else ""
        ctx.err(f"{self.name}: {message}\n{lead}Try `{self.name} --help' for more information.\n")
        return self.usage_status


_LONG = ["stdout", "to-stdout", "decompress", "uncompress", "force", "keep", "list", "license", "no-name",
         "name", "quiet", "recursive", "suffix=", "test", "verbose", "fast", "best", "synchronous", "rsyncable"]


def _spec(name: str) -> OldStyleSpec:
    return OldStyleSpec(name, short="cdfhklLnNqrS:tvV123456789", long=_LONG,
                        help=verbatim(f"archives/{name}_help"), version=verbatim(f"archives/{name}_version"))


def _ratio(saved: int, total: int) -> str:
    """gzip's display_ratio: "%5.1f%%" of the share saved."""
    return f"{0 if total == 0 else 100 * saved / total:5.1f}%"


def _overhead(name: str) -> int:
    return 18 + (len(name) + 1 if name else 0)  # header + trailer, as gzip counts them


def _verbose(name: str, out: str, plain: int, packed: int, decompress: bool, replaced: bool) -> str:
    payload = packed - _overhead(name.rsplit("/", 1)[-1] if not decompress else out.rsplit("/", 1)[-1])
    return f"{name}:\t{_ratio(plain - payload, plain)} -- replaced with {out or 'stdout'}\n"


def _dialect(prog: str) -> Dialect:
    return Dialect(
        codec=GZIP, prog="gzip",  # gunzip and zcat are scripts running gzip
        missing=lambda n, exc: f"gzip: {n}: {exc.strerror}\n",
        has_suffix=lambda n: (f"gzip: {n} already has .gz suffix -- unchanged\n", 0),
        exists=lambda n: (f"gzip: {n} already exists;\tnot overwritten\n", 2),
        unknown_suffix=lambda n: (f"gzip: {n}: unknown suffix -- ignored\n", 2),
        not_format=lambda n: (f"\ngzip: {n}: not in gzip format\n", 1),
        is_dir=lambda n: (f"gzip: {n} is a directory -- ignored\n", 2),
        verbose=_verbose,
        tty_out="gzip: compressed data not written to a terminal. Use -f to force compression.\n"
                "For help, type: gzip -h\n",
        tty_in="gzip: compressed data not read from a terminal. Use -f to force decompression.\n"
               "For help, type: gzip -h\n",
        tested=lambda n: f"{n}:\t OK\n", tries_suffix=True,
        ask=lambda n: f"gzip: {n} already exists; do you wish to overwrite (y or n)? ")


def _job(parsed: Parsed) -> Job:
    job = Job(files=parsed.operands)
    for opt, value in parsed.options:
        if opt in ("-c", "--stdout", "--to-stdout"):
            job.stdout = True
        elif opt in ("-d", "--decompress", "--uncompress"):
            job.decompress = True
        elif opt in ("-f", "--force"):
            job.force = True
        elif opt in ("-k", "--keep"):
            job.keep = True
        elif opt in ("-t", "--test"):
            job.test = True
        elif opt in ("-v", "--verbose"):
            job.verbose = True
        elif opt in ("-q", "--quiet"):
            job.verbose, job.quiet = False, True
        elif opt in ("-r", "--recursive"):
            job.recursive = True
        elif opt in ("-n", "--no-name"):
            job.name = False
        elif opt in ("-N", "--name"):
            job.name = True
        elif opt in ("-S", "--suffix"):
            job.suffix = value or ".gz"
        elif opt == "--fast":
            job.level = 1
        elif opt == "--best":
            job.level = 9
        elif opt[1:].isdigit():
            job.level = int(opt[1:])
    if job.stdout:
        job.keep = True
    return job


def _gzip(ctx: Context, argv: list[str], prog: str, decompress: bool = False, stdout: bool = False) -> int:
    parsed = _spec(prog).parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.has("-h"):
        ctx.out(verbatim(f"archives/{prog}_help"))
        return 0
    if parsed.has("-V", "-L", "--license"):
        ctx.out(verbatim(f"archives/{prog}_version"))
        return 0
    job = _job(parsed)
    job.decompress = job.decompress or decompress
    if stdout:
        job.stdout = job.keep = True
    if parsed.has("-l", "--list"):
        return _list(ctx, job, parsed.has("-v", "--verbose"))
    return run(ctx, job, _dialect(prog))


def _list(ctx: Context, job: Job, verbose: bool) -> int:
    """gzip -l: sizes from the trailer (the uncompressed size modulo 2^32), as gzip reads them."""
    head = "method  crc     date  time  " if verbose else ""
    ctx.out(f"{head}         compressed        uncompressed  ratio uncompressed_name\n")
    status, total_c, total_u, count = 0, 0, 0, 0
    for name in job.files:
        full = ctx.abspath(name)
        try:
            data = ctx.vfs.read_bytes(full)
        except OSError as exc:
            ctx.err(f"gzip: {name}: {exc.strerror}\n")
            status = 1
            continue
        if not data.startswith(GZIP.magic) or len(data) < 18:
            ctx.err(f"gzip: {name}: not in gzip format\n")
            status = 1
            continue
        crc = int.from_bytes(data[-8:-4], "little")
        size = int.from_bytes(data[-4:], "little")
        stored = _stored_name(data)
        out = name.removesuffix(".gz")
        payload = len(data) - _overhead(stored)
        line = f"{len(data):19d} {size:19d} {_ratio(size - payload, size)} {out}\n"
        if verbose:
            mtime = int.from_bytes(data[4:8], "little")
            when = time.strftime("%b %e %H:%M", time.localtime(mtime)) if mtime else "Jan  1 00:00"
            line = f"defla {crc:08x} {when} " + line
        ctx.out(line)
        total_c, total_u, count = total_c + len(data), total_u + size, count + 1
    if count > 1:
        pad = " " * 29 if verbose else ""
        ctx.out(f"{pad}{total_c:19d} {total_u:19d} {_ratio(total_u - total_c, total_u)} (totals)\n")
    return status


def _stored_name(data: bytes) -> str:
    if not data[3] & 0x08:
        return ""
    end = data.find(b"\0", 10)
    return data[10:end].decode("latin-1") if end > 0 else ""


@command("gzip", family="files", summary="compress or expand files")
def gzip_(ctx: Context, argv: list[str]) -> int:
    return _gzip(ctx, argv, "gzip")


@command("gunzip", family="files", summary="compress or expand files")
def gunzip(ctx: Context, argv: list[str]) -> int:
    return _gzip(ctx, argv, "gunzip", decompress=True)


@command("zcat", family="files", summary="compress or expand files")
def zcat(ctx: Context, argv: list[str]) -> int:
    return _gzip(ctx, argv, "zcat", decompress=True, stdout=True)


__all__ = ["OldStyleSpec", "gunzip", "gzip_", "zcat"]
