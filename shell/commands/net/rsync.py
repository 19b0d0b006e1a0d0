"""rsync 3.2.7: local copies and copies to or from another machine of the network over ssh.

The transfer itself is rsync_run.py, the command line rsync_args.py; here are the operands'
meaning (a trailing slash sends a directory's contents; one file to a missing name is a
rename), and the summary.

The summary's byte counts estimate the protocol rather than replay it (the real counts depend
on its varint encodings and differ run to run): `sent` = 19 + per entry 10 bytes (27 with -o/-g,
which send owner names) + each file's data + 51 per file sent; `received` = 12 + 1 per entry +
22 per file sent (40 with -o/-g), the other way round for a pull.  The rate divides by rsync's 0.5 s floor, as a quick real run does.
"""
from __future__ import annotations

from shelldojo.shell.commands.net.rsync_args import (
    check_values,
    filters_of,
    options_of,
    parse,
    parse_size,
    trailer,
)
from shelldojo.shell.commands.net.rsync_engine import Side, open_side, split_remote
from shelldojo.shell.commands.net.rsync_log import DIR_SIZE, FormatOverflow, source_base
from shelldojo.shell.commands.net.rsync_run import Options, Stats, Transfer, human
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

__all__ = ["parse_size", "rsync"]   # parse_size: re-exported (tests/test_rsync_filters.py)


@command("rsync", family="network", summary="a fast, versatile, remote (and local) file-copying tool")
def rsync(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    if args == ["-h"]:       # -h alone is --help (the (*) of the help text)
        args = ["--help"]
    parsed = parse(ctx, args)
    if isinstance(parsed, int):
        return parsed
    opts, operands = parsed
    names = {n for n, _ in opts}
    if "help" in names:
        ctx.out(verbatim("net/rsync_help"))
        return 0
    if "version" in names:
        ctx.out(verbatim("net/rsync_version"))
        return 0
    if not operands:
        ctx.err(verbatim("net/rsync_help"))
        where = "main.c(1859)" if opts else "main.c(1789)"
        return trailer(ctx, 1, "syntax or usage error", where, "Receiver" if opts else "client")
    o = options_of(opts, operands)
    bad = check_values(ctx, opts, o)
    if bad is not None:
        return bad
    filters = filters_of(ctx, opts)
    if isinstance(filters, int):
        return filters
    o.filters = filters
    if o.delete and not o.recursive:
        ctx.err("rsync: --delete does not work without --recursive (-r) or --dirs (-d).\n")
        return trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")
    if len(operands) == 1:   # rsync SRC alone lists it (--list-only)
        return _list_only(ctx, o, operands[0])
    *sources, dest = operands
    return _copy(ctx, o, sources, dest)


def _copy(ctx: Context, o: Options, sources: list[str], dest: str) -> int:
    remote_dest = split_remote(dest)
    remote_srcs = [split_remote(s) for s in sources]
    pulling = any(r is not None for r in remote_srcs)
    role = "Receiver" if pulling else "sender"
    if pulling and remote_dest is not None:
        ctx.err("The source and destination cannot both be remote.\n")
        return trailer(ctx, 1, "syntax or usage error", "main.c(1437)", "Receiver")
    opened: list[Side] = []
    try:
        src: Side = Side.local(ctx)
        dst: Side = Side.local(ctx)
        dest_path = dest
        if remote_dest is not None or pulling:
            user, host, _path = remote_dest if remote_dest is not None else next(r for r in remote_srcs if r)
            side = open_side(ctx, user, host)
            if isinstance(side, int):
                ctx.err(f"rsync: connection unexpectedly closed (0 bytes received so far) [{role}]\n")
                return trailer(ctx, 255, "unexplained error", "io.c(232)", role)
            opened.append(side)
            if remote_dest is not None:
                dst, dest_path = side, remote_dest[2] or "."
            else:
                src = side
        paths = [r[2] or "." if r is not None else s for s, r in zip(sources, remote_srcs)]
        return _transfer(ctx, o, src, dst, sources, paths, dest_path, pulling)
    finally:
        for side in opened:
            side.close()


def _transfer(ctx: Context, o: Options, src: Side, dst: Side, args: list[str], paths: list[str],
              dest: str, pulling: bool) -> int:
    run = Transfer(ctx, o, src, dst)
    if o.recursive:   # the header of incremental recursion (-r) only
        run.info("receiving incremental file list\n" if pulling else "sending incremental file list\n")
    lists = [run.file_list(arg if split_remote(arg) is None else path, path) for arg, path in zip(args, paths)]
    bases = [source_base(path) for path in paths]
    items = [i for lst in lists for i in lst]
    role = ("Receiver", "main.c(1874)") if pulling else ("sender", "main.c(1347)")
    if items or dest.endswith("/"):   # a trailing slash makes the directory even for nothing
        single = len(lists) == 1 and len(lists[0]) == 1 and not lists[0][0].is_dir
        dest_is_file = single and not dest.endswith("/") and not dst.is_dir(dest)
        if dest_is_file:
            parent = dest.rstrip("/").rpartition("/")[0] or ("/" if dest.startswith("/") else ".")
            if not dst.is_dir(parent):
                ctx.err(f'rsync: [Receiver] change_dir#3 "{dst.abspath(parent)}" failed: '
                        f"No such file or directory (2)\n")
                return trailer(ctx, 3, "errors selecting input/output files, dirs", "main.c(838)", "Receiver")
        elif not dst.is_dir(dest):
            made = _make_dest(run, dest)
            if made is not None:
                return made
            run.made_dest = dest
        try:
            for lst, base in zip(lists, bases):
                if lst:
                    run.source_base = base
                    run.prepare(lst)
                    run.run(lst, dest, dest_is_file)
        except FormatOverflow as exc:
            ctx.err(exc.message + "\n")
            return trailer(ctx, 13, "errors with program diagnostics", exc.where, role[0])
    stats = run.stats
    if (o.verbose or o.stats) and not o.quiet:
        _summary(ctx, o, stats, run.stats_block(human) if o.stats else "", pulling)
    if stats.errors:
        return trailer(ctx, 23, "some files/attrs were not transferred (see previous errors)", role[1],
                        role[0])
    return 0


def _make_dest(run: Transfer, dest: str) -> int | None:
    """The destination directory, made when missing (one level, or all with --mkpath)."""
    dst, ctx = run.dst, run.ctx
    parent = dest.rstrip("/").rpartition("/")[0] or ("/" if dest.startswith("/") else ".")
    if not dst.is_dir(parent) and not run.opts.mkpath:
        ctx.err(f'rsync: [Receiver] mkdir "{dst.abspath(dest.rstrip("/"))}" failed: No such file or directory (2)\n')
        return trailer(ctx, 11, "error in file IO", "main.c(800)", "Receiver")
    if not run.opts.dry_run:
        try:
            with dst.enter():
                dst.vfs.makedirs(dst.abspath(dest.rstrip("/")), exist_ok=True)
        except OSError as exc:
            from shelldojo.filesystem import strerror

            ctx.err(f'rsync: [Receiver] mkdir "{dst.abspath(dest.rstrip("/"))}" failed: {strerror(exc)} ({exc.errno})\n')
            return trailer(ctx, 11, "error in file IO", "main.c(800)", "Receiver")
    run.names(f"created directory {dest.rstrip('/') if dest != '/' else dest}\n")
    return None


def _summary(ctx: Context, o: Options, s: Stats, block: str, pulling: bool) -> None:
    """The closing lines -v prints (--stats: its counts first, then the same bytes); a pull
    counts from the receiving end (what the sender sent, it received)."""
    owners = o.owner or o.group
    sent = 19 + s.listed * (27 if owners else 10) + s.data + 51 * s.transferred
    received = 12 + s.listed + (40 if owners else 22) * s.transferred
    if pulling:
        sent, received = received, sent
    level = o.human
    rate = (sent + received) / 0.5
    rate_text = human(rate, level, decimals=True) if level < 2 or rate < 1000 else human(rate, level)
    if level >= 2 and rate < 1000:
        rate_text = f"{rate:.2f}"
    speedup = s.total_size / (sent + received)
    if block:
        ctx.out(f"{block}Total bytes sent: {human(sent, level)}\nTotal bytes received: {human(received, level)}\n")
    ctx.out(f"\nsent {human(sent, level)} bytes  received {human(received, level)} bytes  "
            f"{rate_text} bytes/sec\n"
            f"total size is {human(s.total_size, level)}  speedup is {speedup:.2f}"
            f"{' (DRY RUN)' if o.dry_run else ''}\n")


def _list_only(ctx: Context, o: Options, arg: str) -> int:
    """`rsync SRC` with no destination lists SRC as `ls -l` would (rsync's --list-only)."""
    import time

    src = Side.local(ctx) if split_remote(arg) is None else None
    if src is None:
        ctx.err("rsync: listing a remote source is not supported here\n")
        return trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")
    dirs_only = not o.recursive   # --list-only implies --dirs: a directory and what it holds
    o.recursive = True
    run = Transfer(ctx, o, src, src)
    items = [i for i in run.file_list(arg, arg) if not dirs_only or "/" not in i.rel]
    for item in items:
        kind = {"d": "d", "l": "l", "f": "-"}.get(item.kind, "-")
        perms = "".join(c if item.mode & (1 << (8 - k)) else "-" for k, c in enumerate("rwxrwxrwx"))
        when = time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(item.mtime))
        name = item.rel + (f" -> {item.target}" if item.kind == "l" else "")
        size = DIR_SIZE if item.kind == "d" else item.size
        ctx.out(f"{kind}{perms} {human(size, o.human):>14} {when} {name}\n")
    if run.stats.errors:
        return trailer(ctx, 23, "some files/attrs were not transferred (see previous errors)",
                        "main.c(1347)", "sender")
    return 0
