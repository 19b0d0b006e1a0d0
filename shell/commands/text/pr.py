"""pr (GNU coreutils 9.1): paginate files for printing (66-line pages, headers, columns)."""
from __future__ import annotations

import re
import time

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.system.date_format import Civil
from shelldojo.shell.commands.textio import close_input, open_input, read_all, stdin_failed
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

PR = OptionSpec("pr", short="aAbcdD:e::fFh:i::l:mn::N:o:rs::S::tTvw:W:J", long=[
    "across", "show-control-chars", "double-space", "date-format=", "expand-tabs=?", "form-feed",
    "header=", "output-tabs=?", "join-lines", "length=", "merge", "number-lines=?",
    "first-line-number=", "indent=", "no-file-warnings", "separator=?", "sep-string=?",
    "omit-header", "omit-pagination", "show-nonprinting", "width=", "page-width=", "columns=",
    "pages="], help=verbatim("text/pr_help"), version=verbatim("text/pr_version"))


class PrError(Exception):
    pass


def _stamp(t: float) -> str:
    tm = Civil(t)   # the machine's TZ is UTC
    return f"{tm.year}-{tm.month:02d}-{tm.day:02d} {tm.hour:02d}:{tm.minute:02d}"


class Out:
    """pr's output position and its tabbing of padding (print_white_space)."""

    def __init__(self) -> None:
        self.buf = bytearray()
        self.pos = 0
        self.pending = 0

    def pad_to(self, position: int) -> None:
        self.pending = max(position - self.pos, 0)

    def white(self) -> None:
        goal = self.pos + self.pending
        h = self.pos
        while goal - h > 1 and (h // 8 + 1) * 8 <= goal:
            self.buf += b"\t"
            h = (h // 8 + 1) * 8
        self.buf += b" " * (goal - h)
        self.pos, self.pending = goal, 0

    def text(self, data: bytes, origin: int | None = None) -> None:
        """Write data; with an origin (a column's start) its tabs become white space to the
        column's own tab stops, as pr expands input tabs in columns."""
        for c in data:
            if c == 32 and origin is not None:   # spaces wait too: a column's trailing ones vanish
                self.pending += 1
                continue
            if c == 9 and origin is not None:
                self.pending += origin + ((self.pos + self.pending - origin) // 8 + 1) * 8 \
                    - (self.pos + self.pending)
                continue
            if self.pending:
                self.white()
            self.buf.append(c)
            self.pos = (self.pos // 8 + 1) * 8 if c == 9 else self.pos + 1

    def newline(self) -> None:
        self.buf += b"\n"
        self.pos = self.pending = 0


def _cell(line: bytes, width: int | None) -> bytes:
    """A line cut to its column's width (tabs kept, counted to the next stop)."""
    if width is None:
        return line
    col = 0
    for i, c in enumerate(line):
        col = (col // 8 + 1) * 8 if c == 9 else col + 1
        if col > width:
            return line[:i]
    return line


@command("pr", family="text", summary="convert text files for printing")
def pr(ctx: Context, argv: list[str]) -> int:
    args, columns = [], 1
    for a in argv[1:]:
        m = re.fullmatch(r"-(\d+)", a)
        if m:
            columns = int(m.group(1))
        else:
            args.append(a)
    p = PR.parse(ctx, args)
    if isinstance(p, int):
        return p
    try:
        length, width, header, number, sep = 66, 72, None, None, None
        for opt, val in p.options:
            v = val or ""
            if opt in ("-l", "--length"):
                if not re.fullmatch(r"\d+", v) or int(v) == 0:
                    raise PrError(f"'-l PAGE_LENGTH' invalid number of lines: {cquote(v)}"
                                  + (": Numerical result out of range" if v.isdigit() else ""))
                length = int(v)
            elif opt in ("-w", "--width", "-W", "--page-width"):
                if not re.fullmatch(r"\d+", v) or int(v) == 0:
                    raise PrError(f"'-w PAGE_WIDTH' invalid number of characters: {cquote(v)}"
                                  + (": Numerical result out of range" if v.isdigit() else ""))
                width = int(v)
            elif opt in ("-h", "--header"):
                header = v
            elif opt in ("-n", "--number-lines"):
                m = re.fullmatch(r"(\D?)(\d*)", v)
                number = ((m.group(1) or "\t") if m else "\t", int(m.group(2)) if m and m.group(2) else 5)
            elif opt in ("-s", "--separator"):
                sep = val if val is not None else "\t"
            elif opt == "--columns":
                columns = int(v)
    except PrError as exc:
        ctx.error(str(exc))
        return 1
    merge = p.has("-m", "--merge")
    names = p.operands or ["-"]
    texts: list[tuple[str, list[bytes], float]] = []
    status = 0
    for name in names:
        try:
            stream = open_input(ctx, name)
            try:
                data = read_all(ctx, stream)
                mtime = time.time() if name == "-" else ctx.vfs.stat(ctx.abspath(name)).st_mtime
            finally:
                close_input(ctx, stream)
        except OSError as exc:
            if not stdin_failed(ctx, name, exc):
                ctx.error(f"{name}: {strerror(exc)}")
            status = 1
            continue
        texts.append((name, data.splitlines(), mtime))
    omit = p.has("-t", "--omit-header", "-T", "--omit-pagination") or length <= 10
    body = length if omit else length - 10
    double = p.has("-d", "--double-space")
    if merge:
        if texts:
            _paginate(ctx, None, [t[1] for t in texts], "", time.time(), header, width, body, omit,
                      double, number, sep, True, p.has("-a", "--across"))
    else:
        for name, lines, mtime in texts:
            cols = [lines]
            _paginate(ctx, columns, cols, "" if name == "-" else name, mtime, header, width, body,
                      omit, double, number, sep, False, p.has("-a", "--across"))
    return status


def _paginate(ctx: Context, columns: int | None, files: list[list[bytes]], name: str, mtime: float,
              header: str | None, width: int, body: int, omit: bool, double: bool,
              number: tuple[str, int] | None, sep: str | None, merge: bool, across: bool) -> None:
    ncols = len(files) if merge else (columns or 1)
    sep_b = (sep if sep is not None else " ").encode()
    # -m -n: one number a merged row, in front of the columns (a tab separator fills to a tab stop)
    lead = 0
    if merge and number:
        lead = number[1] + (8 - number[1] % 8 if number[0] == "\t" else len(number[0]))
    colw = (width - lead - (ncols - 1) * len(sep_b)) // ncols if ncols > 1 else None
    if sep is not None:
        colw = None   # -s: columns are joined by the separator, neither padded nor cut
    rows_per_page = body // 2 if double and body > 1 else body
    page = rowno = 0
    counter = iter(range(1, 1 << 62))
    if merge:
        src = [[(ln, next(counter) if number and i == 0 else None) for ln in f] for i, f in enumerate(files)]
        if number:   # -m numbers the merged output lines, one number a row
            src = [[(ln, None) for ln, _ in f] for f in src]
    else:
        src = [[(ln, next(counter) if number else None) for ln in files[0]]]
    total = max((len(f) for f in src), default=0) if merge else len(src[0])
    idx = 0
    while idx < total:   # an empty input prints no page, as GNU pr
        page += 1
        if merge:
            rows = [[f[i] if i < len(f) else None for f in src] for i in range(idx, min(idx + rows_per_page, total))]
            idx += len(rows)
        elif ncols == 1:
            rows = [[ln] for ln in src[0][idx:idx + rows_per_page]]
            idx += len(rows)
        else:
            chunk = src[0][idx:idx + rows_per_page * ncols]
            idx += len(chunk)
            if across:
                rows = [list(chunk[i:i + ncols]) for i in range(0, len(chunk), ncols)]
            else:
                per, extra = divmod(len(chunk), ncols)
                if len(chunk) == rows_per_page * ncols:
                    per, extra = rows_per_page, 0
                cols, pos = [], 0
                for c in range(ncols):
                    n = per + (1 if c < extra else 0)
                    cols.append(chunk[pos:pos + n])
                    pos += n
                rows = [[col[r] if r < len(col) else None for col in cols] for r in range(max(map(len, cols)))]
        out = Out()
        if not omit:
            stamp = _stamp(mtime)
            title = header if header is not None else name
            page_s = f"Page {page}"
            avail = max(width - len(stamp) - len(page_s) - len(title.encode()), 0)
            line = f"{stamp}{' ' * (avail // 2)}{title}{' ' * (avail - avail // 2)}{page_s}"
            out.buf += b"\n\n" + line.encode("utf-8", "surrogateescape") + b"\n\n\n"
        used = 0
        for row in rows:
            ctx.check()
            if lead:
                rowno += 1
                out.text(f"{rowno:>{number[1]}}".encode() + number[0].encode(), 0)  # type: ignore[index]
            last = max((i for i, c in enumerate(row) if c is not None), default=-1)
            for c, cell in enumerate(row):
                if c > last and not merge:
                    break
                start = lead + c * (colw + len(sep_b)) if colw else None
                if c or lead:
                    if start is not None:
                        out.pad_to(start)
                        if cell is not None or merge:   # the padding is written on entering a column
                            out.white()               # (merged files: an ended one's too)
                    else:
                        out.text(sep_b)
                if cell is None:
                    continue
                text, num = cell
                if num is not None:
                    text = f"{num:>{number[1]}}".encode() + number[0].encode() + text  # type: ignore[index]
                out.text(_cell(text, colw) if colw else text,
                         start if ncols > 1 else None)
            out.newline()
            used += 1
            if double:
                out.newline()
                used += 1
        if not omit:
            out.buf += b"\n" * (body - used) + b"\n" * 5
        ctx.out(bytes(out.buf))
