"""column (util-linux 2.38): fill columns (the default, 80 wide off a terminal), fill rows (-x),
or a table (-t) with separators, names, right alignment and JSON."""
from __future__ import annotations

import json
import unicodedata

from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import Inputs, lines
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("column", short="c:dtJn:N:o:R:r:s:xLl:E:H:O:T:W:ei:p:hV",
                  long=["columns=", "table", "json", "table-name=", "table-columns=", "output-separator=",
                        "table-right=", "separator=", "fillrows", "keep-empty-lines", "table-noheadings",
                        "table-columns-limit=", "table-noextreme=", "table-hide=", "table-order=",
                        "table-truncate=", "table-wrap=", "table-header-repeat", "tree=", "tree-id=",
                        "tree-parent="],
                  help=verbatim("utils/column_help"), version=verbatim("utils/column_version"))
TAB = 8


def width(text: str) -> int:
    """Display width in C.UTF-8: wide characters count 2, combining marks 0."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
               for c in text)


def _fail(ctx: Context, message: str) -> int:
    ctx.error(message)
    return 1


@command("column", family="utils", summary="columnate lists")
def column(ctx: Context, argv: list[str]) -> int:
    p = SPEC.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    if p.has("-h", "-V"):  # util-linux's short forms of --help and --version
        first = next(o for o, _ in p.options if o in ("-h", "-V"))
        ctx.out(verbatim("utils/column_help") if first == "-h" else verbatim("utils/column_version"))
        return 0
    cols = ctx.columns if ctx.interactive else 80
    table = p.has("-t", "--table")
    as_json = p.has("-J", "--json")
    fill_rows = p.has("-x", "--fillrows")
    keep_empty = p.has("-L", "--keep-empty-lines")
    names = (p.last("-N", "--table-columns") or "").split(",") if p.last("-N", "--table-columns") else []
    right = (p.last("-R", "--table-right") or "").split(",")
    sep_in = p.last("-s", "--separator")
    sep_out = p.last("-o", "--output-separator")
    sep_out = "  " if sep_out is None else sep_out
    table_name = p.last("-n", "--table-name") or "table"
    no_headings = p.has("-d", "--table-noheadings")
    value = p.last("-c", "--columns")
    if value is not None:
        if not value.isdigit() or int(value) == 0:
            return _fail(ctx, f"invalid columns argument: '{value}'")
        cols = int(value)
    if as_json:
        table = True
        if not names:
            return _fail(ctx, "option --table-columns required for --json")
    entries: list[str] = []
    inputs = Inputs(ctx, p.operands, stop=True)
    for name, stream in inputs:
        with inputs.reading(name):
            for raw in lines(ctx, stream):
                text = raw.decode("utf-8", "surrogateescape").rstrip("\n")
                if text.strip() or (keep_empty and table):
                    entries.append(text)
    if inputs.status:
        return inputs.status
    if table:
        rows = [_split(e, sep_in) for e in entries]
        if as_json:
            ctx.out(_json(rows, names, table_name))
        else:
            ctx.out(_table(rows, names if not no_headings else [], right, sep_out))
    elif entries:
        ctx.out(_fill(entries, cols, fill_rows))
    return 0


def _split(line: str, sep: str | None) -> list[str]:
    if sep is None:  # whitespace, adjacent separators merged
        return line.split()
    if sep == "":
        return [line]
    out, cur = [], ""
    for c in line:
        if c in sep:
            out.append(cur)
            cur = ""
        else:
            cur += c
    out.append(cur)
    return out


def _table(rows: list[list[str]], names: list[str], right: list[str], sep: str) -> str:
    if names:
        rows = [names, *rows]
    ncols = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    widths = [max(width(r[i]) for r in rows) for i in range(ncols)]
    align = set()
    for item in right:
        if item.isdigit():
            align.add(int(item) - 1)
        elif item in names:
            align.add(names.index(item))
    out = []
    for r in rows:
        cells = []
        for i, cell in enumerate(r):
            pad = " " * (widths[i] - width(cell))
            if i in align:
                cells.append(pad + cell)
            else:
                cells.append(cell if i == ncols - 1 else cell + pad)
        out.append(sep.join(cells) + "\n")
    return "".join(out)


def _json(rows: list[list[str]], names: list[str], table_name: str) -> str:
    items = []
    for r in rows:
        fields = []
        for i, name in enumerate(names):
            value = json.dumps(r[i], ensure_ascii=False) if i < len(r) else "null"
            fields.append(f'         {json.dumps(name, ensure_ascii=False)}: {value}')
        items.append("{\n" + ",\n".join(fields) + "\n      }")
    body = "      " + ",".join(items) + "\n" if items else ""
    return f'{{\n   {json.dumps(table_name, ensure_ascii=False)}: [\n{body}   ]\n}}\n'


def _fill(entries: list[str], termwidth: int, across: bool) -> str:
    """BSD column's fill algorithm: cells on tab stops, columns as wide as the widest entry."""
    maxlength = max(width(e) for e in entries)
    if maxlength >= termwidth:
        return "".join(e + "\n" for e in entries)
    maxlength = (maxlength + TAB) & ~(TAB - 1)
    numcols = max(termwidth // maxlength, 1)
    out: list[str] = []
    if across:
        chcnt, col, endcol = 0, 0, maxlength
        for n, e in enumerate(entries):
            out.append(e)
            chcnt += width(e)
            if n == len(entries) - 1:
                break
            col += 1
            if col == numcols:
                chcnt = col = 0
                endcol = maxlength
                out.append("\n")
            else:
                while (cnt := (chcnt + TAB) & ~(TAB - 1)) <= endcol:
                    out.append("\t")
                    chcnt = cnt
                endcol += maxlength
        out.append("\n")
        return "".join(out)
    numrows = -(-len(entries) // numcols)
    for row in range(numrows):
        endcol, chcnt, base = maxlength, 0, row
        for _col in range(numcols):
            out.append(entries[base])
            chcnt += width(entries[base])
            base += numrows
            if base >= len(entries):
                break
            while chcnt < endcol:
                out.append("\t")
                chcnt = (chcnt + TAB) & ~(TAB - 1)
            endcol += maxlength
        out.append("\n")
    return "".join(out)
