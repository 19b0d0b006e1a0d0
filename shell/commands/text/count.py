"""wc and nl (GNU coreutils 9.1, C.UTF-8)."""
from __future__ import annotations

import errno
import re
import stat as st
import unicodedata

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import Inputs, lines, quotef, read_all
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

# -- wc -----------------------------------------------------------------------------------------
WC = OptionSpec("wc", short="clLmw", long=["bytes", "chars", "lines", "files0-from=", "max-line-length",
                "words"], help=verbatim("text/wc_help"), version=verbatim("text/wc_version"))
_WSPACE = set(" \t\n\v\f\r\u1680\u2028\u2029\u205f\u3000") | {chr(c) for c in range(0x2000, 0x200B)} - {"\u2007"}


def _char_width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def _wc_counts(data: bytes, need_chars: bool, need_words: bool, need_len: bool) -> list[int]:
    """[lines, words, chars, bytes, max line length] as GNU wc counts them in C.UTF-8."""
    lines_n, words, chars, maxlen = data.count(b"\n"), 0, 0, 0
    if not (need_chars or need_words or need_len):
        return [lines_n, 0, 0, len(data), 0]
    text = data.decode("utf-8", "surrogateescape")
    if data.isascii() and not need_len:
        chars = len(data)
        if need_words:
            words = len(re.findall(rb"[!-~]+", re.sub(rb"[\x00-\x08\x0e-\x1f\x7f]", b"", data)))
        return [lines_n, words, chars, len(data), 0]
    in_word, pos = False, 0
    for c in text:
        o = ord(c)
        if 0xDC80 <= o <= 0xDCFF:
            continue  # an invalid byte: not a character, not a word boundary
        chars += 1
        if c in "\n\r\f":
            maxlen, pos = max(maxlen, pos), 0
        elif c == "\t":
            pos += 8 - pos % 8
        elif c == " ":
            pos += 1
        elif c in _WSPACE:
            pass
        elif c.isprintable() or unicodedata.category(c) == "Cf":
            pos += _char_width(c)
            in_word = True
            continue
        else:
            continue
        words += in_word
        in_word = False
    words += in_word
    return [lines_n, words, chars, len(data), max(maxlen, pos)]


@command("wc", family="text")
def wc(ctx: Context, argv: list[str]) -> int:
    p = WC.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    want = [p.has("-l", "--lines"), p.has("-w", "--words"), p.has("-m", "--chars"),
            p.has("-c", "--bytes"), p.has("-L", "--max-line-length")]
    if not any(want):
        want = [True, True, False, True, False]
    files = p.operands or ["-"]
    # Column width as GNU computes it: digits of the regular files' total size, at least 7
    # when some input is not a regular file; 1 for a single count of a single file.
    width, min_width, reg_total = 1, 1, 0
    if not (len(files) == 1 and sum(want) == 1):
        for i, name in enumerate(files):
            mode, size = _fstat(ctx, name)
            if mode is None:
                if i == 0:
                    break
                continue
            if st.S_ISREG(mode):
                reg_total += size
            else:
                min_width = 7
        else:
            width = max(len(str(reg_total)), min_width)
    results: list[tuple[list[int], str | None]] = []
    totals = [0] * 5

    def cannot(name: str, exc: OSError) -> None:
        implicit = name == "-" and not p.operands  # wc's own name for it, and no label
        ctx.error(f"{quotef('standard input' if implicit else name)}: {strerror(exc)}")
        if exc.errno == errno.EISDIR or inputs.opened:  # opened, then the read failed: zero counts
            results.append(([0] * 5, None if implicit else name))

    inputs = Inputs(ctx, files, on_error=cannot)
    for name, stream in inputs:
        with inputs.reading(name):
            counts = _wc_counts(read_all(ctx, stream), want[2], want[1], want[4])
            totals = [a + b if i < 4 else max(a, b) for i, (a, b) in enumerate(zip(totals, counts))]
            results.append((counts, None if name == "-" and not p.operands else name))
    if len(files) > 1:
        results.append((totals, "total"))
    for counts, label in results:
        cols = [f"{n:>{width}}" for n, w in zip(counts, want) if w]
        ctx.out(" ".join(cols) + (f" {label}" if label is not None else "") + "\n")
    return inputs.status


def _fstat(ctx: Context, name: str) -> tuple[int | None, int]:
    if name == "-":
        f = getattr(ctx.stdin, "f", None)
        obj = getattr(f, "file_object", None)
        if obj is not None and st.S_ISREG(obj.st_mode):
            return obj.st_mode, obj.size
        return st.S_IFIFO, 0
    try:
        s = ctx.vfs.stat(ctx.abspath(name))
    except OSError:
        return None, 0
    return s.st_mode, s.st_size


# -- nl -----------------------------------------------------------------------------------------
NL = OptionSpec("nl", short="b:d:f:h:i:l:n:ps:v:w:", long=["body-numbering=", "section-delimiter=",
                "footer-numbering=", "header-numbering=", "line-increment=", "join-blank-lines=",
                "number-format=", "no-renumber", "number-separator=", "starting-line-number=",
                "number-width="], help=verbatim("text/nl_help"), version=verbatim("text/nl_version"))
_NL_STYLE_ERR = {"b": "body", "h": "header", "f": "footer"}


def _nl_int(ctx: Context, text: str, what: str, minimum: int | None) -> int | None:
    try:
        n = int(text)
    except ValueError:
        ctx.error(f"invalid {what}: \u2018{text}\u2019")
        return None
    if minimum is not None and n < minimum:
        ctx.error(f"invalid {what}: \u2018{text}\u2019: Numerical result out of range")
        return None
    return n


@command("nl", family="text")
def nl(ctx: Context, argv: list[str]) -> int:
    p = NL.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    styles = {"h": "n", "b": "t", "f": "n"}
    regexes: dict[str, re.Pattern[bytes]] = {}
    fmt, width, sep, start, incr, join, renumber, delim = "rn", 6, "\t", 1, 1, 1, True, "\\:"
    for opt, val in p.options:
        val = val or ""
        key = opt[1] if len(opt) == 2 else {"--body-numbering": "b", "--header-numbering": "h",
                                             "--footer-numbering": "f"}.get(opt, opt)
        if key in styles:
            if val in ("a", "t", "n"):
                styles[key] = val
            elif val.startswith("p"):
                try:
                    regexes[key] = re.compile(_bre_to_py(val[1:]).encode())
                except re.error:
                    ctx.error("invalid regular expression")
                    return 1
                styles[key] = "p"
            else:
                ctx.error(f"invalid {_NL_STYLE_ERR[key]} numbering style: \u2018{val}\u2019")
                ctx.err("Try 'nl --help' for more information.\n")
                return 1
        elif opt in ("-n", "--number-format"):
            if val not in ("ln", "rn", "rz"):
                ctx.error(f"invalid line numbering format: \u2018{val}\u2019")
                ctx.err("Try 'nl --help' for more information.\n")
                return 1
            fmt = val
        elif opt in ("-w", "--number-width"):
            n = _nl_int(ctx, val, "line number field width", 1)
            if n is None:
                return 1
            width = n
        elif opt in ("-v", "--starting-line-number", "-i", "--line-increment", "-l", "--join-blank-lines"):
            what = {"v": "starting line number", "i": "line number increment",
                    "l": "line number of blank lines"}[opt[1] if len(opt) == 2 else
                                                       {"--starting-line-number": "v",
                                                        "--line-increment": "i"}.get(opt, "l")]
            n = _nl_int(ctx, val, what, 1 if what.startswith("line number of") else None)
            if n is None:
                return 1
            if what.startswith("start"):
                start = n
            elif what.startswith("line number inc"):
                incr = n
            else:
                join = n
        elif opt in ("-s", "--number-separator"):
            sep = val
        elif opt in ("-p", "--no-renumber"):
            renumber = False
        elif opt in ("-d", "--section-delimiter"):
            delim = val + ":" if len(val) == 1 else val
    marks = {(delim * 3).encode(): "h", (delim * 2).encode(): "b", delim.encode(): "f"}
    lineno, section, blank_run = start, "b", 0
    inputs = Inputs(ctx, p.operands)
    for name, stream in inputs:
        for line in lines(ctx, stream):
            body = line[:-1] if line.endswith(b"\n") else line
            if delim and body in marks:
                section = marks[body]
                if renumber:
                    lineno = start
                ctx.out(b"\n")
                continue
            style = styles[section]
            if style == "a" and not body:
                blank_run += 1
                numbered = blank_run >= join
                if numbered:
                    blank_run = 0
            else:
                blank_run = 0
                numbered = style == "a" or (style == "t" and bool(body)) or \
                    (style == "p" and bool(regexes[section].search(body)))
            if numbered:
                num = {"ln": f"{lineno:<{width}}", "rn": f"{lineno:>{width}}",
                       "rz": f"{lineno:0{width}}" if lineno >= 0 else f"-{-lineno:0{width - 1}}"}[fmt]
                ctx.out(num.encode() + sep.encode("utf-8", "surrogateescape") + line)
                lineno += incr
            else:
                ctx.out(b" " * (width + len(sep.encode("utf-8", "surrogateescape"))) + line)
    return inputs.status


def _bre_to_py(bre: str) -> str:
    """A small POSIX basic regex to Python translation (enough for nl -bp)."""
    out, i = [], 0
    while i < len(bre):
        c = bre[i]
        if c == "\\" and i + 1 < len(bre):
            n = bre[i + 1]
            out.append(n if n in "(){}|+?" else "\\" + n)
            i += 2
            continue
        out.append("\\" + c if c in "(){}|+?" else c)
        i += 1
    return "".join(out)
