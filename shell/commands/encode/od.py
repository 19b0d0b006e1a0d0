"""od (GNU coreutils 9.1): octal, hex, decimal and character dumps with od.c's column layout."""
from __future__ import annotations

import math
import struct
from dataclasses import dataclass

from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import Inputs, parse_count, read_all
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("od", short="A:j:N:S::t:vw::abcdfhilosx", long=[
    "address-radix=", "skip-bytes=", "read-bytes=", "strings=?", "format=", "output-duplicates",
    "width=?", "endian=", "traditional"], help=verbatim("encode/od_help"),
    version=verbatim("encode/od_version"))
_SIZES = {"C": 1, "S": 2, "I": 4, "L": 8, "F": 4, "D": 8}
# field width of one value, by (kind, size)
_WIDTH = {("o", 1): 3, ("o", 2): 6, ("o", 4): 11, ("o", 8): 22, ("x", 1): 2, ("x", 2): 4, ("x", 4): 8,
          ("x", 8): 16, ("u", 1): 3, ("u", 2): 5, ("u", 4): 10, ("u", 8): 20, ("d", 1): 4, ("d", 2): 6,
          ("d", 4): 11, ("d", 8): 20, ("f", 4): 15, ("f", 8): 24, ("a", 1): 3, ("c", 1): 3}
_NAMES = ["nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs", "ht", "nl", "vt", "ff", "cr", "so", "si", "dle", "dc1", "dc2", "dc3", "dc4", "nak", "syn", "etb", "can", "em", "sub", "esc", "fs", "gs", "rs", "us", "sp"]
_ESCAPES = {0: "\\0", 7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v"}
# the traditional single-letter options
_LETTERS = {"a": "a", "b": "o1", "c": "c", "d": "u2", "f": "f4", "i": "dI", "l": "dL", "o": "o2",
            "s": "d2", "x": "x2", "h": "x2"}


class OdError(Exception):
    pass


@dataclass
class Fmt:
    kind: str       # o x u d f a c
    size: int
    dump: bool = False   # the z suffix: >printable< after the line

    @property
    def width(self) -> int:
        return _WIDTH[(self.kind, self.size)]

    def value(self, chunk: bytes) -> str:
        if self.kind == "c":
            b = chunk[0]
            if b in _ESCAPES:
                return _ESCAPES[b]
            return chr(b) if 32 <= b < 127 else f"{b:03o}"
        if self.kind == "a":
            b = chunk[0] & 0x7F
            return _NAMES[b] if b <= 32 else ("del" if b == 127 else chr(b))
        if self.kind == "f":
            code = "<f" if self.size == 4 else "<d"
            v = struct.unpack(code, chunk)[0]
            for prec in range(1, 18):   # ftoastr: the shortest %g that reads back the same value
                text = f"{v:.{prec}g}"
                if struct.unpack(code, struct.pack(code, float(text)))[0] == v or math.isnan(v):
                    return text
            return text
        n = int.from_bytes(chunk, "little", signed=self.kind == "d")
        if self.kind == "o":
            return f"{n:0{self.width}o}"
        if self.kind == "x":
            return f"{n:0{self.width}x}"
        return str(n)


def _parse_type(text: str) -> list[Fmt]:
    out: list[Fmt] = []
    i = 0
    while i < len(text):
        kind = text[i]
        i += 1
        if kind in "ac":
            out.append(Fmt(kind, 1))
        elif kind in "doux" or kind == "f":
            size = 8 if kind == "f" else 4
            j = i
            while j < len(text) and text[j].isdigit():
                j += 1
            if j > i:
                size = int(text[i:j])
                valid = (4, 8) if kind == "f" else (1, 2, 4, 8)
                if size not in valid:
                    what = "floating point" if kind == "f" else "integral"
                    raise OdError(f"invalid type string {cquote(text)};\nthis system doesn't provide a "
                                  f"{size}-byte {what} type")
                i = j
            elif i < len(text) and text[i] in _SIZES and (kind == "f") == (text[i] in "FD"):
                size = _SIZES[text[i]]
                i += 1
            out.append(Fmt(kind, size))
        else:
            raise OdError(f"invalid character '{kind}' in type string {cquote(text)}")
        if i < len(text) and text[i] == "z":
            out[-1].dump = True
            i += 1
    return out


def _format_line(fmt: Fmt, block: bytes, per_line: int, line_width: int) -> str:
    fields = per_line // fmt.size
    pad = line_width - (fmt.width + 1) * fields
    shown = -(-len(block) // fmt.size)
    padded = block + b"\0" * (shown * fmt.size - len(block))
    parts, pad_left = [], pad
    for k in range(shown):
        i = fields - k
        next_pad = pad * (i - 1) // fields
        width = pad_left - next_pad + fmt.width
        parts.append(" " + fmt.value(padded[k * fmt.size:(k + 1) * fmt.size]).rjust(width))
        pad_left = next_pad
    text = "".join(parts)
    if fmt.dump:
        used = sum(len(p) for p in parts)
        text += " " * (line_width - used) + "  >" + "".join(
            chr(b) if 32 <= b < 127 else "." for b in block) + "<"
    return text


def _options(p: object, ctx: Context) -> tuple[list[Fmt], str, int, int | None, int, bool]:
    fmts: list[Fmt] = []
    radix, skip, limit, width, dup = "o", 0, None, 16, True
    for opt, val in p.options:  # type: ignore[attr-defined]
        letter = opt.lstrip("-")
        if letter in _LETTERS:
            fmts.extend(_parse_type(_LETTERS[letter]))
        elif opt in ("-t", "--format"):
            fmts.extend(_parse_type(val or ""))
        elif opt in ("-A", "--address-radix"):
            if not val or len(val) != 1 or val not in "doxn":
                raise OdError(f"invalid output address radix '{val}'; it must be one character from [doxn]")
            radix = val
        elif opt in ("-j", "--skip-bytes", "-N", "--read-bytes"):
            n = parse_count(val or "")
            if n is None:
                raise OdError(f"invalid {opt if len(opt) == 2 else '-' + opt[2]} argument '{val}'")
            if opt in ("-j", "--skip-bytes"):
                skip = n
            else:
                limit = n
        elif opt in ("-w", "--width"):
            width = 32 if val is None else (int(val) if val.isdigit() else -1)
            if width <= 0:
                ctx.error(f"warning: invalid width {val}; using 2 instead" if val == "0"
                          else f"invalid -w argument {cquote(val or '')}")
                if val != "0":
                    raise OdError("")
                width = 2
        elif opt in ("-v", "--output-duplicates"):
            dup = False
    return fmts or [Fmt("o", 2)], radix, skip, limit, width, dup


@command("od", family="text", summary="dump files in octal and other formats")
def od(ctx: Context, argv: list[str]) -> int:
    p = SPEC.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    try:
        fmts, radix, skip, limit, per_line, squeeze = _options(p, ctx)
    except OdError as exc:
        if str(exc):
            ctx.error(str(exc))
        return 1
    parts: list[bytes] = []
    opened = False
    inputs = Inputs(ctx, p.operands)
    for name, stream in inputs:
        opened = True
        with inputs.reading(name):
            if limit is None:
                parts.append(read_all(ctx, stream))
            else:   # -N: never read more than needed (od -N 16 /dev/zero)
                want = skip + limit - sum(map(len, parts))
                while want > 0:
                    ctx.check()
                    chunk = stream.read(min(want, 65536))
                    if not chunk:
                        break
                    parts.append(chunk)
                    want -= len(chunk)
    status = inputs.status
    if not opened:
        return status
    data = b"".join(parts)
    if skip > len(data):
        ctx.error("cannot skip past end of combined input")
        return 1
    data = data[skip:] if limit is None else data[skip:skip + limit]
    lcm = max(f.size for f in fmts)
    if per_line % lcm:
        ctx.error(f"warning: invalid width {per_line}; using {lcm} instead")
        per_line = lcm
    line_width = max((f.width + 1) * (per_line // f.size) for f in fmts)
    addr_width = {"o": 7, "d": 7, "x": 6, "n": 0}[radix]

    def address(n: int) -> str:
        return "" if radix == "n" else format(n, {"o": "o", "d": "d", "x": "x"}[radix]).zfill(addr_width)

    out: list[str] = []
    prev: bytes | None = None
    starred = False
    for off in range(0, len(data), per_line):
        ctx.check()
        block = data[off:off + per_line]
        if squeeze and block == prev and len(block) == per_line:
            if not starred:
                out.append("*\n")
                starred = True
            continue
        prev, starred = block, False
        for k, fmt in enumerate(fmts):
            lead = address(skip + off) if k == 0 else " " * addr_width
            out.append(lead + _format_line(fmt, block, per_line, line_width) + "\n")
        if len(out) > 512:
            ctx.out("".join(out))
            out = []
    if radix != "n":
        out.append(address(skip + len(data)) + "\n")
    ctx.out("".join(out))
    return status
