"""tr (GNU coreutils 9.1): bytes in, bytes out; SETs with ranges, classes and repeats."""
from __future__ import annotations

import re

from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import chunks
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

# -- tr -----------------------------------------------------------------------------------------
TR = OptionSpec("tr", short="cCdst", long=["complement", "delete", "squeeze-repeats", "truncate-set1"],
                help=verbatim("text/tr_help"), version=verbatim("text/tr_version"))
_CLASSES = {
    "alnum": bytes(c for c in range(256) if chr(c).isascii() and chr(c).isalnum()),
    "alpha": bytes(c for c in range(256) if chr(c).isascii() and chr(c).isalpha()),
    "blank": b"\t ", "cntrl": bytes(list(range(32)) + [127]),
    "digit": b"0123456789", "graph": bytes(range(33, 127)),
    "lower": bytes(range(97, 123)), "print": bytes(range(32, 127)),
    "punct": bytes(c for c in range(33, 127) if not chr(c).isalnum()),
    "space": b"\t\n\v\f\r ", "upper": bytes(range(65, 91)),
    "xdigit": b"0123456789ABCDEFabcdef",
}
_ESC = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92}


class TrError(Exception):
    pass


def _tr_unescape(s: bytes) -> list[tuple[int, bool]]:
    """Bytes of a SET with escapes resolved; the flag marks escaped bytes (no special meaning)."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == 92 and i + 1 < len(s):
            n = chr(s[i + 1])
            m = re.match(rb"[0-7]{1,3}", s[i + 1:])
            if m and int(m.group(), 8) < 256:
                out.append((int(m.group(), 8), True))
                i += 1 + len(m.group())
                continue
            out.append((_ESC.get(n, s[i + 1]), True))
            i += 2
            continue
        out.append((c, False))
        i += 1
    return out


def _tr_set(text: str, is_set2: bool, fill_to: int = 0) -> tuple[list[int], list[str]]:
    """Expand a SET: ranges, [:class:], [=c=], [c*n]; returns bytes and the classes used."""
    items = _tr_unescape(text.encode("utf-8", "surrogateescape"))
    out: list[int] = []
    classes: list[str] = []
    fill_at = -1
    fill_byte = 0
    i = 0
    while i < len(items):
        c, esc = items[i]
        raw = bytes(b for b, _ in items[i:])
        if c == 91 and not esc:
            m = re.match(rb"\[:([a-z]+):\]", raw)
            if m:
                name = m.group(1).decode()
                if name not in _CLASSES:
                    raise TrError(f"invalid character class \u2018{name}\u2019")
                out.extend(_CLASSES[name])
                classes.append(name)
                i += len(m.group())
                continue
            m = re.match(rb"\[=(.)=\]", raw, re.DOTALL)
            if m:
                out.append(m.group(1)[0])
                i += 5
                continue
            m = re.match(rb"\[(.)\*(\d*)\]", raw, re.DOTALL)
            if m and i + 1 < len(items):
                if not is_set2:
                    raise TrError("the [c*] repeat construct may not appear in string1")
                ch, count = items[i + 1][0], m.group(2)
                n = int(count, 8 if count.startswith(b"0") else 10) if count else 0
                if n == 0:
                    fill_at, fill_byte = len(out), ch
                else:
                    out.extend([ch] * n)
                i += len(m.group())
                continue
        if i + 2 < len(items) and items[i + 1] == (45, False):
            hi = items[i + 2][0]
            if hi < c:
                a, b = chr(c), chr(hi)
                raise TrError(f"range-endpoints of '{a}-{b}' are in reverse collating sequence order")
            out.extend(range(c, hi + 1))
            i += 3
            continue
        out.append(c)
        i += 1
    if fill_at >= 0:
        out[fill_at:fill_at] = [fill_byte] * max(fill_to - len(out), 0)
    return out, classes


@command("tr", family="text")
def tr(ctx: Context, argv: list[str]) -> int:
    p = TR.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    comp = p.has("-c", "-C", "--complement")
    delete, squeeze, trunc = p.has("-d", "--delete"), p.has("-s", "--squeeze-repeats"), \
        p.has("-t", "--truncate-set1")
    ops = p.operands
    need = 2 if (delete and squeeze) or not (delete or squeeze) else 1
    if len(ops) < need:
        if not ops:
            ctx.error("missing operand")
        else:
            ctx.error(f"missing operand after \u2018{ops[-1]}\u2019")
            ctx.err("Two strings must be given when " +
                    ("both deleting and squeezing repeats.\n" if delete else "translating.\n"))
        ctx.err("Try 'tr --help' for more information.\n")
        return 1
    max_ops = 1 if delete and not squeeze else 2
    if len(ops) > max_ops:
        ctx.error(f"extra operand \u2018{ops[max_ops]}\u2019")
        if max_ops == 1:
            ctx.err("Only one string may be given when deleting without squeezing repeats.\n")
        ctx.err("Try 'tr --help' for more information.\n")
        return 1
    try:
        set1 = _tr_set(ops[0], False)[0]
        if comp:
            s1 = set(set1)
            set1 = [b for b in range(256) if b not in s1]
        set2: list[int] = []
        if len(ops) > 1:
            set2, cls2 = _tr_set(ops[1], True, len(set1))
            translating = not delete
            if translating and not set2 and not trunc:
                raise TrError("when not truncating set1, string2 must be non-empty")
            if translating and any(c not in ("upper", "lower") for c in cls2):
                raise TrError("when translating, the only character classes that may appear in\n"
                              "string2 are 'upper' and 'lower'")
    except TrError as exc:
        ctx.error(str(exc))
        return 1
    table = bytes(range(256))
    delete_bytes = b""
    squeeze_set = set()
    if delete:
        delete_bytes = bytes(set(set1))
        squeeze_set = set(set2) if squeeze else set()
    elif len(ops) > 1:
        if trunc:
            set1 = set1[:len(set2)]
        elif len(set2) < len(set1):
            set2 = set2 + [set2[-1]] * (len(set1) - len(set2))
        mapping = list(range(256))
        for a, b in zip(set1, set2):
            mapping[a] = b
        table = bytes(mapping)
        squeeze_set = set(set2) if squeeze else set()
    else:
        squeeze_set = set(set1)
    sq = re.compile(b"([" + b"".join(re.escape(bytes([c])) for c in sorted(squeeze_set)) + b"])\\1+") \
        if squeeze_set else None
    last = -1
    for data in chunks(ctx, ctx.stdin):
        data = data.translate(table, delete_bytes)
        if sq is not None and data:
            data = sq.sub(rb"\1", data)
            if data[0] == last and last in squeeze_set:
                data = data[1:]
            if data:
                last = data[-1]
        ctx.out(data)
    return 0
