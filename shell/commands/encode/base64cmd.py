"""base64 (GNU coreutils 9.1): encode, or decode with -d (-i ignores garbage), wrap with -w."""
from __future__ import annotations

import base64 as b64

from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import Inputs, read_all
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("base64", short="diw:", long=["decode", "ignore-garbage", "wrap="],
                  help=verbatim("encode/base64_help"), version=verbatim("encode/base64_version"))
_ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def _decode(data: bytes, ignore_garbage: bool) -> tuple[bytes, bool]:
    """(decoded bytes, valid): like GNU, what decodes before the first bad quantum is kept."""
    data = data.replace(b"\n", b"")
    if ignore_garbage:
        data = bytes(c for c in data if c in _ALPHABET or c == 61)
    out = bytearray()
    i = 0
    while i < len(data):
        quantum = data[i:i + 4]
        good = 0
        while good < len(quantum) and quantum[good] in _ALPHABET:
            good += 1
        if good == 4:
            out += b64.b64decode(quantum)
            i += 4
            continue
        pad = quantum[good:]
        if len(quantum) == 4 and good >= 2 and (pad == b"==" and good == 2 or pad == b"=" and good == 3):
            out += b64.b64decode(quantum)
            i += 4
            continue
        # a short or broken quantum: keep its whole bytes, then fail
        if good >= 2:
            out += b64.b64decode(quantum[:good] + b"=" * (4 - good))[: good - 1]
        return bytes(out), False
    return bytes(out), True


@command("base64", family="text", summary="base64 encode/decode data and print to standard output")
def base64(ctx: Context, argv: list[str]) -> int:
    p = SPEC.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    wrap = 76
    raw_wrap = p.last("-w", "--wrap")
    if raw_wrap is not None:
        if not raw_wrap.isdigit():
            ctx.error(f"invalid wrap size: {cquote(raw_wrap)}")
            return 1
        wrap = int(raw_wrap)
    if len(p.operands) > 1:
        ctx.err(f"base64: extra operand {cquote(p.operands[1])}\nTry 'base64 --help' for more information.\n")
        return 1
    data = None
    inputs = Inputs(ctx, p.operands)
    for name, stream in inputs:
        with inputs.reading(name):
            data = read_all(ctx, stream)
    if data is None:
        return 1
    if p.has("-d", "--decode"):
        decoded, valid = _decode(data, p.has("-i", "--ignore-garbage"))
        ctx.out(decoded)
        if not valid:
            ctx.error("invalid input")
            return 1
        return 0
    encoded = b64.b64encode(data)
    if not encoded:
        return 0
    if wrap == 0:
        ctx.out(encoded)
        return 0
    ctx.out(b"".join(encoded[i:i + wrap] + b"\n" for i in range(0, len(encoded), wrap)))
    return 0
