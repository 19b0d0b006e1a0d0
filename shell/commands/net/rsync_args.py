"""rsync's command line (popt's rules: bundled short options, long options exactly, operands
anywhere until `--`), the Options it sets, the checks of valued options (parse_size_arg()) and
the filter rules the options give; rsync.py runs the command."""
from __future__ import annotations

import re

from shelldojo.shell.commands.net.rsync_filter import FilterError, Filters, Rule, parse_rules, rules_from_file
from shelldojo.shell.commands.net.rsync_run import VERSION, Options
from shelldojo.shell.context import Context

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


def trailer(ctx: Context, code: int, what: str, where: str, role: str) -> int:
    ctx.err(f"rsync error: {what} (code {code}) at {where} [{role}={VERSION}]\n")
    return code


def unknown(ctx: Context, option: str) -> int:
    ctx.err(f"rsync: {option}: unknown option\n")
    return trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")


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
                        return trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")
                    value, i = args[i], i + 1
                opts.append((name, value))
            elif name in _LONG_FLAGS and not eq:
                opts.append((name, ""))
            elif name in _LONG_FLAGS:   # popt's POPT_ERROR_UNWANTEDARG
                ctx.err(f"rsync: {arg}: option does not take an argument\n")
                return trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")
            else:
                return unknown(ctx, arg)
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
                            return trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")
                        value, i = args[i], i + 1
                    opts.append((_VALUED[c], value))
                    break
                if c not in _FLAGS:
                    return unknown(ctx, f"-{c}")
                opts.append((_FLAGS[c], c))
            continue
        operands.append(arg)
    return opts, operands


def options_of(opts: list[tuple[str, str]], operands: list[str]) -> Options:
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


def check_values(ctx: Context, opts: list[tuple[str, str]], o: Options) -> int | None:
    """Check the valued options as popt and rsync's parse_size_arg() do (their messages), and
    keep the ones that change the transfer (sizes, the modification-time window)."""
    for name, value in opts:
        if name in _NUMERIC:
            if re.fullmatch(r"\s*[-+]?\d+", value) is None:
                ctx.err(f"rsync: --{name}={value}: invalid numeric value\n")
                return trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")
            if name == "modify-window":
                o.modify_window = int(value)
        elif name in _SIZES:
            size = parse_size(value, _SIZES[name])
            if size is None:
                ctx.err(f"rsync: --{name}={value} is invalid\n")
                return trailer(ctx, 1, "syntax or usage error", "main.c(1804)", "client")
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


def filters_of(ctx: Context, opts: list[tuple[str, str]]) -> Filters | int:
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
        return trailer(ctx, exc.code, exc.what, exc.where, "client")
    return filters
