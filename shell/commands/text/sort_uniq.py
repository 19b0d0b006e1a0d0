"""sort and uniq (GNU coreutils 9.1, C.UTF-8: byte order); sort's key machinery is in text_sortkey."""
from __future__ import annotations

import errno
import heapq
import re

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.text.sortkey import BLANKS, Sorter, SortError, parse_key
from shelldojo.shell.commands.text.sortrun import checked_compare, sort_records, unique, write_records
from shelldojo.shell.commands.textio import Inputs, lines, quotef, read_records
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

# -- sort ---------------------------------------------------------------------------------------
SORT = OptionSpec("sort", short="bcCdfghik:mMno:rRsS:t:T:uVz", long=[
    "ignore-leading-blanks", "dictionary-order", "ignore-case", "general-numeric-sort",
    "ignore-nonprinting", "month-sort", "human-numeric-sort", "numeric-sort", "random-sort",
    "random-source=", "reverse", "sort=", "version-sort", "batch-size=", "check=?", "compress-program=",
    "debug", "files0-from=", "key=", "merge", "output=", "stable", "buffer-size=", "field-separator=",
    "temporary-directory=", "unique", "zero-terminated", "parallel="],
    help=verbatim("text/sort_help"), version=verbatim("text/sort_version"), usage_status=2)

_FLAG_LONG = {"--ignore-leading-blanks": "b", "--dictionary-order": "d", "--ignore-case": "f",
              "--general-numeric-sort": "g", "--ignore-nonprinting": "i", "--month-sort": "M",
              "--human-numeric-sort": "h", "--numeric-sort": "n", "--random-sort": "R",
              "--reverse": "r", "--version-sort": "V"}
_SORT_WORDS = {"general-numeric": "g", "human-numeric": "h", "month": "M", "numeric": "n",
               "random": "R", "version": "V"}


@command("sort", family="text")
def sort(ctx: Context, argv: list[str]) -> int:
    p = SORT.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    gflags, keys, tab, output, check = "", [], None, None, ""
    for opt, val in p.options:
        name = opt[1:] if len(opt) == 2 else opt
        try:
            if name in "bdfghiMnRrV" and len(name) == 1:
                gflags += name
            elif opt in _FLAG_LONG:
                gflags += _FLAG_LONG[opt]
            elif opt == "--sort":
                gflags += _SORT_WORDS.get(val or "", "")
            elif name in ("k", "--key"):
                keys.append(parse_key(val or ""))
            elif name in ("t", "--field-separator"):
                sep = (val or "").encode("utf-8", "surrogateescape")
                if sep == b"\\0":
                    sep = b"\0"
                if not sep:
                    raise SortError("empty tab")
                if len(sep) > 1:
                    raise SortError(f"multi-character tab \u2018{val}\u2019")
                if tab is not None and tab != sep:
                    raise SortError("incompatible tabs")
                tab = sep
            elif name in ("o", "--output"):
                output = val or ""
            elif name in ("c", "C", "--check"):
                check = "C" if name == "C" or val in ("quiet", "silent") else "c"
        except SortError as exc:
            ctx.error(str(exc))
            return 2
    kinds = [c for c in "ghMnRV" if c in gflags]
    if len(set(kinds)) > 1:
        ctx.error(f"options '-{''.join(sorted(set(kinds), key='ghMnRV'.index))}' are incompatible")
        return 2
    delim = b"\0" if p.has("-z", "--zero-terminated") else b"\n"
    sorter = Sorter(keys, gflags, tab, p.has("-s", "--stable"), p.has("-u", "--unique"))
    files = p.operands or ["-"]
    if check:
        if len(files) > 1:
            ctx.error(f"extra operand \u2018{files[1]}\u2019 not allowed with -{check}")
            return 2
        return _check(ctx, sorter, files[0], delim, check == "C")
    records: list[bytes] = []
    runs: list[list[bytes]] = []

    def cannot(name: str, exc: OSError) -> None:
        ctx.error(f"{'read failed' if exc.errno == errno.EISDIR else 'cannot read'}: {quotef(name)}: {strerror(exc)}")

    inputs = Inputs(ctx, files, on_error=cannot, stop=True)
    for _name, stream in inputs:
        runs.append(read_records(ctx, stream, delim))  # a read error propagates, as before (not yet GNU's `read failed`)
        ctx.check()
    if inputs.status:
        return 2
    line_key = None
    if p.has("-m", "--merge"):  # inputs are already sorted: merge them as GNU does
        records = list(heapq.merge(*runs, key=checked_compare(ctx, sorter)))
    else:
        records = runs[0] if len(runs) == 1 else [r for run in runs for r in run]
        del runs
        line_key = sort_records(ctx, sorter, records)
    if sorter.unique:
        records = unique(ctx, records, line_key, sorter)
    if output is not None and output != "-":
        try:
            records.append(b"")
            ctx.vfs.write_bytes(ctx.abspath(output), delim.join(records))
        except OSError as exc:
            ctx.error(f"open failed: {quotef(output)}: {strerror(exc)}")
            return 2
        return 0
    write_records(ctx, records, delim)
    return 0


def _check(ctx: Context, sorter: Sorter, name: str, delim: bytes, quiet: bool) -> int:
    inputs = Inputs(ctx, [name], on_error=lambda n, exc: ctx.error(f"cannot read: {quotef(n)}: {strerror(exc)}"))
    for _name, stream in inputs:
        prev = None
        for i, rec in enumerate(lines(ctx, stream, delim), 1):
            rec = rec[:-1] if rec.endswith(delim) else rec
            if prev is not None:
                c = sorter.compare(prev, rec)
                if c > 0 or (c == 0 and sorter.unique):
                    if not quiet:
                        ctx.error(f"{name}:{i}: disorder: {rec.decode('utf-8', 'surrogateescape')}")
                    return 1
            prev = rec
    return 2 if inputs.status else 0


# -- uniq ---------------------------------------------------------------------------------------
UNIQ = OptionSpec("uniq", short="cdDf:is:uw:z", long=["count", "repeated", "all-repeated=?",
                  "skip-fields=", "group=?", "ignore-case", "skip-chars=", "unique", "zero-terminated",
                  "check-chars="], help=verbatim("text/uniq_help"), version=verbatim("text/uniq_version"))


def _uniq_num(ctx: Context, text: str, what: str) -> int | None:
    if not re.fullmatch(r"\+?\d+", text.strip()):
        ctx.error(f"{text}: invalid number of {what}")
        return None
    return int(text)


@command("uniq", family="text")
def uniq(ctx: Context, argv: list[str]) -> int:
    p = UNIQ.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    skip_f = skip_c = 0
    width: int | None = None
    all_rep: str | None = None
    group: str | None = None
    for opt, val in p.options:
        if opt in ("-f", "--skip-fields", "-s", "--skip-chars", "-w", "--check-chars"):
            what = {"f": "fields to skip", "s": "bytes to skip", "w": "bytes to compare"}[
                opt[1] if len(opt) == 2 else {"--skip-fields": "f", "--skip-chars": "s"}.get(opt, "w")]
            n = _uniq_num(ctx, val or "", what)
            if n is None:
                return 1
            if what.startswith("fields"):
                skip_f = n
            elif what.startswith("bytes to skip"):
                skip_c = n
            else:
                width = n
        elif opt in ("-D", "--all-repeated"):
            all_rep = val or "none"
        elif opt == "--group":
            group = val or "separate"
    count, rep, uniq_only = p.has("-c", "--count"), p.has("-d", "--repeated"), p.has("-u", "--unique")
    if len(p.operands) > 2:
        ctx.error(f"extra operand \u2018{p.operands[2]}\u2019")
        ctx.err("Try 'uniq --help' for more information.\n")
        return 1
    if (all_rep or group) and count:
        ctx.error("printing all duplicated lines and repeat counts is meaningless")
        ctx.err("Try 'uniq --help' for more information.\n")
        return 1
    delim = b"\0" if p.has("-z", "--zero-terminated") else b"\n"
    fold = p.has("-i", "--ignore-case")

    def key(line: bytes) -> bytes:
        pos = 0
        for _ in range(skip_f):
            while pos < len(line) and line[pos] in BLANKS:
                pos += 1
            while pos < len(line) and line[pos] not in BLANKS:
                pos += 1
        k = line[pos + skip_c:]
        if width is not None:
            k = k[:width]
        return k.lower() if fold else k

    recs = None
    inputs = Inputs(ctx, p.operands[:1])
    for name, stream in inputs:
        with inputs.reading(name):
            recs = read_records(ctx, stream, delim)
    if recs is None:
        return 1
    groups: list[list[bytes]] = []
    for rec in recs:
        if groups and key(groups[-1][0]) == key(rec):
            groups[-1].append(rec)
        else:
            groups.append([rec])
    out: list[bytes] = []
    for i, g in enumerate(groups):
        if group:
            if (i > 0 and group in ("separate", "both")) or (i == 0 and group in ("prepend", "both")):
                out.append(delim)
            out.extend(r + delim for r in g)
            continue
        if all_rep:
            if len(g) > 1:
                if (all_rep == "prepend" or (all_rep == "separate" and any(len(x) > 1 for x in groups[:i]))):
                    out.append(delim)
                out.extend(r + delim for r in g)
            continue
        if (rep and len(g) < 2) or (uniq_only and len(g) > 1):
            continue
        out.append((f"{len(g):7d} ".encode() if count else b"") + g[0] + delim)
    if group in ("append", "both") and groups:
        out.append(delim)
    data = b"".join(out)
    if len(p.operands) == 2 and p.operands[1] != "-":
        try:
            ctx.vfs.write_bytes(ctx.abspath(p.operands[1]), data)
        except OSError as exc:
            ctx.error(f"{quotef(p.operands[1])}: {strerror(exc)}")
            return 1
    else:
        ctx.out(data)
    return 0
