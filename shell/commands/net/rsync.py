"""rsync 3.2.7: local copies and copies to or from another machine of the network over ssh.

The transfer itself is rsync_run.py; here are the command line (popt's rules: bundled short
options, long options exactly, operands anywhere), the operands' meaning (a trailing slash
sends a directory's contents; one file to a missing name is a rename), and the summary.

The summary's byte counts estimate the protocol rather than replay it (the real counts depend
on its varint encodings and differ run to run): `sent` = 19 + per entry 10 bytes (27 with -o/-g,
which send owner names) + each file's data + 51 per file sent; `received` = 12 + 1 per entry +
22 per file sent (40 with -o/-g), the other way round for a pull.  The rate divides by rsync's 0.5 s floor, as a quick real run does.
"""
from __future__ import annotations

import re

from shelldojo.shell.commands.net.rsync_engine import Side, open_side, split_remote
from shelldojo.shell.commands.net.rsync_filter import FilterError, Filters, Rule, parse_rules, rules_from_file
from shelldojo.shell.commands.net.rsync_log import DIR_SIZE, FormatOverflow, source_base
from shelldojo.shell.commands.net.rsync_run import VERSION, Options, Stats, Transfer, human
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

# options taking a value (short letter -> long name), and flags: long name -> (short, setter key)
_VALUED = {"e": "rsh", "B": "block-size", "T": "temp-dir", "M": "remote-option", "f": "filter", "@": "modify-window"}
_LONG_VALUED = {"rsh", "block-size", "temp-dir", "remote-option", "filter", "modify-window", "exclude",
                "include", "exclude-from", "include-from", "rsync-path", "timeout", "bwlimit", "max-size",
                "min-size", "partial-dir", "compress-level", "out-format", "log-format"}
_FLAGS = {"v": "verbose", "q": "quiet", "a": "archive", "r": "recursive", "l": "links", "p": "perms",
          "t": "times", "g": "group", "o": "owner", "D": "D", "n": "dry-run", "z": "compress",
          "h": "human-readable", "P": "P", "c": "checksum", "u": "update", "W": "whole-file",
          "x": "one-file-system", "V": "version", "F": "F", "O": "omit-dir-times", "I": "ignore-times",
          "i": "itemize-changes"}
_LONG_FLAGS = set(_FLAGS.values()) - {"D", "P", "F"} | {
    "devices", "specials", "delete", "del", "delete-during", "delete-excluded", "progress", "partial", "help", "mkpath", "existing",
    "ignore-existing", "inplace", "no-motd", "numeric-ids", "size-only", "force", "stats"}


def _trailer(ctx: Context, code: int, what: str, where: str, role: str) -> int:
    ctx.err(f"rsync error: {what} (code {code}) at {where} [{role}={VERSION}]\n")
    return code


def _unknown(ctx: Context, option: str) -> int:
    ctx.err(f"rsync: {option}: unknown option\n")
    return _trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")


def parse(ctx: Context, args: list[str]) -> tuple[list[tuple[str, str]], list[str]] | int:
    """(long option name, value) pairs and the operands (popt: options anywhere until `--`)."""
    opts: list[tuple[str, str]] = []
    operands: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            operands.extend(args[i:])
            break
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            if name in _LONG_VALUED:
                if not eq:
                    if i >= len(args):
                        ctx.err(f"rsync: --{name}: missing argument\n")
                        return _trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")
                    value, i = args[i], i + 1
                opts.append((name, value))
            elif name in _LONG_FLAGS and not eq:
                opts.append((name, ""))
            elif name in _LONG_FLAGS:   # popt's POPT_ERROR_UNWANTEDARG
                ctx.err(f"rsync: {arg}: option does not take an argument\n")
                return _trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")
            else:
                return _unknown(ctx, arg)
            continue
        if arg.startswith("-") and arg != "-":
            j = 1
            while j < len(arg):
                c = arg[j]
                j += 1
                if c in _VALUED:
                    value = arg[j:]
                    if not value:
                        if i >= len(args):
                            ctx.err(f"rsync: -{c}: missing argument\n")
                            return _trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")
                        value, i = args[i], i + 1
                    opts.append((_VALUED[c], value))
                    break
                if c not in _FLAGS:
                    return _unknown(ctx, f"-{c}")
                opts.append((_FLAGS[c], c))
            continue
        operands.append(arg)
    return opts, operands


def _options(opts: list[tuple[str, str]], operands: list[str]) -> Options:
    o = Options()
    for name, value in opts:
        if name == "verbose":
            o.verbose += 1
        elif name == "quiet":
            o.quiet = True
        elif name == "archive":
            o.recursive = o.links = o.perms = o.times = o.group = o.owner = o.devices = True
        elif name == "recursive":
            o.recursive = True
        elif name == "links":
            o.links = True
        elif name == "perms":
            o.perms = True
        elif name == "times":
            o.times = True
        elif name == "group":
            o.group = True
        elif name == "owner":
            o.owner = True
        elif name in ("D", "devices", "specials"):
            o.devices = True
        elif name == "dry-run":
            o.dry_run = True
        elif name.startswith("del"):
            o.delete = True
        elif name in ("progress", "P"):
            o.progress = True
        elif name == "human-readable":
            o.human += 1
        elif name == "checksum":
            o.checksum = True
        elif name == "update":
            o.update = True
        elif name == "ignore-existing":
            o.ignore_existing = True
        elif name == "existing":
            o.existing = True
        elif name == "mkpath":
            o.mkpath = True
        elif name == "size-only":
            o.size_only = True
        elif name == "ignore-times":
            o.ignore_times = True
        elif name == "omit-dir-times":
            o.omit_dir_times = True
        elif name == "delete-excluded":
            o.delete = o.delete_excluded = True
        elif name == "itemize-changes":
            o.itemize += 1
        elif name in ("out-format", "log-format"):   # --log-format: its old name
            o.out_format = value
        elif name == "stats":
            o.stats = True
    return o


_NUMERIC = {"modify-window", "timeout", "compress-level"}
_SIZES = {"max-size": "b", "min-size": "b", "bwlimit": "K", "block-size": "b"}


def _values(ctx: Context, opts: list[tuple[str, str]], o: Options) -> int | None:
    """Check the valued options as popt and rsync's parse_size_arg() do (their messages), and
    keep the ones that change the transfer (sizes, the modification-time window)."""
    for name, value in opts:
        if name in _NUMERIC:
            if re.fullmatch(r"\s*[-+]?\d+", value) is None:
                ctx.err(f"rsync: --{name}={value}: invalid numeric value\n")
                return _trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")
            if name == "modify-window":
                o.modify_window = int(value)
        elif name in _SIZES:
            size = parse_size(value, _SIZES[name])
            if size is None:
                ctx.err(f"rsync: --{name}={value} is invalid\n")
                return _trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")
            if name == "max-size":
                o.max_size = size
            elif name == "min-size":
                o.min_size = size
    return None


def parse_size(arg: str, default_suffix: str) -> int | None:
    """rsync's parse_size_arg(): digits[.digits][bkmgtp][b|ib][+1|-1] (k = 1024, kb = 1000)."""
    m = re.fullmatch(r"(\d*(?:\.\d*)?)([bkmgtpBKMGTP]?)(b|B|[iI][bB])?([-+]1)?", arg)
    if m is None or (m.group(3) and not m.group(2)) or (m.group(4) and not (m.group(1) or m.group(2))):
        return None
    number, suffix, kind, adjust = m.groups()
    reps = "bkmgtp".index((suffix or default_suffix).lower())
    mult = 1000 if kind and kind.lower() == "b" else 1024
    size = int(mult ** reps * (float(number) if number.strip(".") else 0.0))   # atof("") is 0
    return size + (int(adjust) if adjust else 0)


def _filters(ctx: Context, opts: list[tuple[str, str]]) -> Filters | int:
    """The filter rules of --exclude/--include/--filter/-F/--*-from, in command-line order
    (a rule rsync refuses: its message and status)."""
    delete_excluded = any(n == "delete-excluded" for n, _ in opts)
    filters = Filters()
    f_count = 0

    def read(name: str, include: bool) -> str:
        try:
            data = ctx.stdin.read() if name == "-" else ctx.vfs.read_bytes(ctx.abspath(name))
        except OSError as exc:
            from shelldojo.filesystem import strerror

            raise FilterError(f"rsync: [client] failed to open {'in' if include else 'ex'}clude file "
                              f"{name}: {strerror(exc)} ({exc.errno})", 11, "exclude.c(1482)",
                              "error in file IO") from None
        return data.decode("utf-8", "surrogateescape")

    try:
        for name, value in opts:
            if name in ("exclude", "include"):
                filters.add(parse_rules(value, Rule("", include=name == "include"), old_prefixes=True,
                                        delete_excluded=delete_excluded, read_file=lambda n: read(n, False)))
            elif name in ("exclude-from", "include-from"):
                include = name == "include-from"
                filters.add(rules_from_file(read(value, include), include, delete_excluded))
            elif name in ("filter", "F"):
                if name == "F":   # -F: the per-directory .rsync-filter files; -FF: and hide them
                    f_count += 1
                    value = ": /.rsync-filter" if f_count == 1 else "- .rsync-filter"
                filters.add(parse_rules(value, Rule(""), old_prefixes=False, delete_excluded=delete_excluded,
                                        read_file=lambda n: read(n, False)))
    except FilterError as exc:
        ctx.err(exc.message + "\n")
        return _trailer(ctx, exc.code, exc.what, exc.where, "client")
    return filters


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
        return _trailer(ctx, 1, "syntax or usage error", where, "Receiver" if opts else "client")
    o = _options(opts, operands)
    bad = _values(ctx, opts, o)
    if bad is not None:
        return bad
    filters = _filters(ctx, opts)
    if isinstance(filters, int):
        return filters
    o.filters = filters
    if o.delete and not o.recursive:
        ctx.err("rsync: --delete does not work without --recursive (-r) or --dirs (-d).\n")
        return _trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")
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
        return _trailer(ctx, 1, "syntax or usage error", "main.c(1437)", "Receiver")
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
                return _trailer(ctx, 255, "unexplained error", "io.c(232)", role)
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
                return _trailer(ctx, 3, "errors selecting input/output files, dirs", "main.c(838)", "Receiver")
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
            return _trailer(ctx, 13, "errors with program diagnostics", exc.where, role[0])
    stats = run.stats
    if (o.verbose or o.stats) and not o.quiet:
        _summary(ctx, o, stats, run.stats_block(human) if o.stats else "", pulling)
    if stats.errors:
        return _trailer(ctx, 23, "some files/attrs were not transferred (see previous errors)", role[1],
                        role[0])
    return 0


def _make_dest(run: Transfer, dest: str) -> int | None:
    """The destination directory, made when missing (one level, or all with --mkpath)."""
    dst, ctx = run.dst, run.ctx
    parent = dest.rstrip("/").rpartition("/")[0] or ("/" if dest.startswith("/") else ".")
    if not dst.is_dir(parent) and not run.opts.mkpath:
        ctx.err(f'rsync: [Receiver] mkdir "{dst.abspath(dest.rstrip("/"))}" failed: No such file or directory (2)\n')
        return _trailer(ctx, 11, "error in file IO", "main.c(800)", "Receiver")
    if not run.opts.dry_run:
        try:
            with dst.enter():
                dst.vfs.makedirs(dst.abspath(dest.rstrip("/")), exist_ok=True)
        except OSError as exc:
            from shelldojo.filesystem import strerror

            ctx.err(f'rsync: [Receiver] mkdir "{dst.abspath(dest.rstrip("/"))}" failed: {strerror(exc)} ({exc.errno})\n')
            return _trailer(ctx, 11, "error in file IO", "main.c(800)", "Receiver")
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
        return _trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")
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
        return _trailer(ctx, 23, "some files/attrs were not transferred (see previous errors)",
                        "main.c(1347)", "sender")
    return 0
