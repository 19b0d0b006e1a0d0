"""ptx (GNU coreutils 9.1): a permuted index of the words of the input, with their contexts
(options and driver here; the index itself in ptx_index)."""
from __future__ import annotations

import re

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.grep.regex import RegexError, translate
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.text.ptx_index import SPACE, Occurs, Ptx, ZeroMatch
from shelldojo.shell.commands.textio import close_input, open_input, quotef, read_all
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

PTX = OptionSpec("ptx", short="AF:GM:ORS:TW:b:i:fg:o:trw:", long=[
    "auto-reference", "break-file=", "flag-truncation=", "ignore-case", "gap-size=", "ignore-file=",
    "macro-name=", "only-file=", "references", "right-side-refs", "format=", "sentence-regexp=",
    "traditional", "typeset-mode", "width=", "word-regexp="],
    help=verbatim("text/ptx_help"), version=verbatim("text/ptx_version"))

SENTENCE = "[.?!][]\"')}]*\\($\\|\t\\|  \\)[ \t\n]*"


def _unescape(s: str) -> str:
    """ptx's unescape_string: \\x hex, \\0 octal, \\a \\b \\f \\n \\r \\t \\v, \\c ends the string."""
    out, i = [], 0
    while i < len(s):
        if s[i] != "\\" or i + 1 >= len(s):
            out.append(s[i] if s[i] != "\\" else "")
            i += 1
            continue
        c = s[i + 1]
        i += 2
        if c == "x":
            m = re.match(r"[0-9a-fA-F]{1,3}", s[i:])
            out.append(chr(int(m.group(), 16) & 255) if m else "\\x")
            i += len(m.group()) if m else 0
        elif c == "0":
            m = re.match(r"[0-7]{0,3}", s[i:])
            out.append(chr(int(m.group() or "0", 8) & 255))   # type: ignore[union-attr]
            i += len(m.group())   # type: ignore[union-attr]
        elif c == "c":
            break
        elif c in "abfnrtv":
            out.append({"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}[c])
        else:
            out.append("\\" + c)
    return "".join(out)


def _quote(text: str) -> str:
    """GNU quote(): ‘…’ with C escapes for backslash and control characters."""
    return cquote(text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t"))


def _compile(pattern: str, fold: bool) -> re.Pattern[bytes]:
    rx = translate(pattern, "emacs")[0]
    return re.compile(rx.encode("latin-1", "surrogateescape"), re.MULTILINE | (re.IGNORECASE if fold else 0))


@command("ptx", family="text", summary="produce a permuted index of file contents")
def ptx(ctx: Context, argv: list[str]) -> int:
    p = PTX.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    t = Ptx()
    sentence: str | None = None
    word: str | None = None
    files: dict[str, str] = {}
    for opt, val in p.options:
        v = val or ""
        if opt in ("-G", "--traditional"):
            t.gnu = False
        elif opt in ("-g", "--gap-size", "-w", "--width"):
            n = int(v) if re.fullmatch(r"\s*\+?\d+", v) else 0
            if n <= 0:
                ctx.error(f"invalid {'gap' if opt in ('-g', '--gap-size') else 'line'} width: {cquote(v)}")
                return 1
            if opt in ("-g", "--gap-size"):
                t.gap = n
            else:
                t.width = n
        elif opt in ("-A", "--auto-reference"):
            t.auto_ref = True
        elif opt in ("-r", "--references"):
            t.input_ref = True
        elif opt in ("-R", "--right-side-refs"):
            t.right_ref = True
        elif opt in ("-F", "--flag-truncation"):
            t.trunc = _unescape(v)
        elif opt in ("-M", "--macro-name"):
            t.macro = v
        elif opt in ("-O", "-T"):
            t.fmt = "roff" if opt == "-O" else "tex"
        elif opt == "--format":
            if v not in ("roff", "tex"):
                ctx.error(f"invalid argument {cquote(v)} for {cquote('--format')}\nValid arguments are:\n"
                          f"  - {cquote('roff')}\n  - {cquote('tex')}")
                ctx.err("Try 'ptx --help' for more information.\n")
                return 1
            t.fmt = v
        elif opt in ("-f", "--ignore-case"):
            t.fold = True
        elif opt in ("-S", "--sentence-regexp"):
            sentence = _unescape(v)
        elif opt in ("-W", "--word-regexp"):
            word = _unescape(v) or None
        elif opt in ("-b", "-i", "-o", "--break-file", "--ignore-file", "--only-file"):
            files[opt.lstrip("-")[0]] = v
    names = p.operands or ["-"]
    output: str | None = None
    if not t.gnu and len(names) > 1:   # -G: INPUT [OUTPUT], the output opened (emptied) first
        output, names = names[1], names[:1]
        try:
            ctx.vfs.write_bytes(ctx.abspath(output), b"")
        except OSError as exc:
            ctx.error(f"{quotef(output)}: {strerror(exc)}")
            return 1
        if len(p.operands) > 2:
            ctx.error(f"extra operand {cquote(p.operands[2])}")
            ctx.err("Try 'ptx --help' for more information.\n")
            return 1
    t.fmt = t.fmt or ("" if t.gnu else "roff")

    def slurp(name: str) -> bytes | None:
        try:
            stream = open_input(ctx, name)
            try:
                return read_all(ctx, stream)
            finally:
                close_input(ctx, stream)
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(exc)}")
            return None

    try:
        if sentence is None:
            sentence = SENTENCE if t.gnu and not t.input_ref else "\n"
        t.context = _compile(sentence, t.fold) if sentence else None
        t.word = _compile(word, t.fold) if word else None
    except (RegexError, re.error, ValueError) as exc:
        bad = (word if word and isinstance(exc, RegexError) and t.context is not None else sentence) or ""
        ctx.error(f"{exc if isinstance(exc, RegexError) else 'Invalid regular expression'} "
                  f"(for regexp {_quote(bad)})")
        return 1
    if "b" in files:
        brk = slurp(files["b"])
        if brk is None:
            return 1
        t.fastmap = [c not in brk and (t.gnu or c not in SPACE[:3]) for c in range(256)]
    elif t.gnu:
        t.fastmap = [chr(c).isascii() and chr(c).isalpha() for c in range(256)]
    else:
        t.fastmap = [c not in b" \t\n" for c in range(256)]
    for letter, attr in (("i", "ignore"), ("o", "only")):
        if letter in files:
            data = slurp(files[letter])
            if data is None:
                return 1
            table = {t.key(w) for w in data.split(b"\n") if w}
            setattr(t, attr, table or None)
    t.max_word = t.total_lines = t.ref_width = 0
    buffers: list[bytes] = []
    occurs: list[Occurs] = []
    line_counts: list[int] = []
    for i, name in enumerate(names):
        data = slurp(name)
        if data is None:
            return 1
        buffers.append(data)
        try:
            t.find(ctx, data, i, occurs, line_counts)
        except ZeroMatch:
            ctx.error(f"error: regular expression has a match of length zero: {_quote(sentence or '')}")
            return 1
    occurs.sort(key=lambda o: (t.key(buffers[o.file][o.start:o.start + o.size]), o.file, o.start))
    shown = ["" if n in ("-", "") else n for n in names]
    if t.auto_ref:
        t.ref_width = 1 + max(len(str(line_counts[i] + 1 - (line_counts[i - 1] if i else 0))) + len(shown[i])
                              for i in range(len(names)))
    width = t.width - (t.ref_width + t.gap if (t.auto_ref or t.input_ref) and not t.right_ref else 0)
    width = max(width, 0)
    t.half = width // 2
    tl = len(t.trunc)
    t.before_max, t.keyafter_max = t.half - t.gap, t.half
    if t.gnu:
        t.before_max = max(t.before_max - 2 * tl, 0)
        t.keyafter_max -= 2 * tl
    else:
        t.keyafter_max -= 2 * tl + 1
    result = bytearray()
    for o in occurs:
        ctx.check()
        buf = buffers[o.file]
        f = t.fields(o, buf)
        if t.auto_ref:
            ref = f"{shown[o.file]}:{o.reference + 1 - (line_counts[o.file - 1] if o.file else 0)}".encode()
        elif t.input_ref:
            rs = o.start + o.reference
            re_ = rs
            while re_ < o.start + o.right and buf[re_] not in SPACE:
                re_ += 1
            ref = buf[rs:re_]
        else:
            ref = b""
        result += t.line(f, buf, ref)
    if output is None:
        ctx.out(bytes(result))
        return 0
    try:
        ctx.vfs.write_bytes(ctx.abspath(output), bytes(result))
    except OSError as exc:
        ctx.error(f"{quotef(output)}: {strerror(exc)}")
        return 1
    return 0
