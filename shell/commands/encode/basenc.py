"""basenc and base32 (GNU coreutils 9.1): one table of encodings, each with its alphabet; decoding
keeps, as gnulib does, the whole bytes of a quantum decoded before the first bad character."""
from __future__ import annotations

import base64 as b64
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain

from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import Inputs, chunks, read_all
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B32 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B32HEX = b"0123456789ABCDEFGHIJKLMNOPQRSTUV"
_Z85 = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"
_Z85_INDEX = {c: i for i, c in enumerate(_Z85)}


class BadInput(Exception):
    """Input the encoding refuses; args[0] is GNU's message after 'invalid input'."""


@dataclass(frozen=True)
class Codec:
    alphabet: bytes
    encode: Callable[[bytes], bytes]
    decode: Callable[[bytes], tuple[bytes, bool]]   # (bytes decoded, input valid)
    padded: bool = False                             # '=' belongs to the alphabet (-i keeps it)


def _quanta(data: bytes, alphabet: bytes, size: int, whole: Callable[[bytes], bytes],
            kept: dict[int, int], pads: set[int]) -> tuple[bytes, bool]:
    """Decode QUANTUM-sized groups; a group with `good` valid characters then '=' padding is
    fine when good is in `pads`; else its first kept[good] bytes are output and decoding fails."""
    allowed = set(alphabet)
    out = bytearray()
    for i in range(0, len(data), size):
        quantum = data[i:i + size]
        good = 0
        while good < len(quantum) and quantum[good] in allowed:
            good += 1
        if good == size:
            out += whole(quantum)
            continue
        if len(quantum) == size and good in pads and quantum[good:] == b"=" * (size - good):
            out += whole(quantum)
            continue
        if kept.get(good):
            filler = quantum[:good] + alphabet[:1] * (size - good)
            out += whole(filler)[:kept[good]]
        return bytes(out), False
    return bytes(out), True


def _b64_decoder(url: bool) -> Callable[[bytes], tuple[bytes, bool]]:
    def decode(data: bytes) -> tuple[bytes, bool]:
        if url:
            if b"+" in data or b"/" in data:  # basenc checks the url alphabet before decoding
                return b"", False
            data = data.translate(bytes.maketrans(b"-_", b"+/"))
        return _quanta(data, _B64, 4, b64.b64decode, {2: 1, 3: 2}, {2, 3})
    return decode


def _b32_decoder(alphabet: bytes, whole: Callable[[bytes], bytes]) -> Callable[[bytes], tuple[bytes, bool]]:
    return lambda data: _quanta(data, alphabet, 8, whole, {2: 1, 3: 1, 4: 2, 5: 3, 6: 3, 7: 4}, {2, 4, 5, 7})


def _b16_decode(data: bytes) -> tuple[bytes, bool]:
    out = bytearray()
    digits = b"0123456789ABCDEF"
    for i in range(0, len(data), 2):
        pair = data[i:i + 2]
        if len(pair) < 2 or pair[0] not in digits or pair[1] not in digits:
            return bytes(out), False
        out.append(digits.index(pair[0]) * 16 + digits.index(pair[1]))
    return bytes(out), True


def _b2_decoder(msb: bool) -> Callable[[bytes], tuple[bytes, bool]]:
    def decode(data: bytes) -> tuple[bytes, bool]:
        out = bytearray()
        for i in range(0, len(data), 8):
            bits = data[i:i + 8]
            if len(bits) < 8 or bits.strip(b"01"):
                return bytes(out), False
            out.append(int(bits if msb else bits[::-1], 2))
        return bytes(out), True
    return decode


_MSB = [f"{i:08b}".encode() for i in range(256)]
_LSB = [bits[::-1] for bits in _MSB]


def _b2_encoder(msb: bool) -> Callable[[bytes], bytes]:
    table = _MSB if msb else _LSB
    return lambda data: b"".join(map(table.__getitem__, data))


def _z85_encode(data: bytes) -> bytes:
    if len(data) % 4:
        raise BadInput(" (length must be multiple of 4 characters)")
    out = bytearray()
    for i in range(0, len(data), 4):
        value = int.from_bytes(data[i:i + 4], "big")
        out += bytes(_Z85[value // 85 ** k % 85] for k in range(4, -1, -1))
    return bytes(out)


def _z85_decode(data: bytes) -> tuple[bytes, bool]:
    if len(data) % 5:
        return b"", False
    out = bytearray()
    for i in range(0, len(data), 5):
        group = data[i:i + 5]
        if any(c not in _Z85_INDEX for c in group):
            return bytes(out), False
        value = 0
        for c in group:
            value = value * 85 + _Z85_INDEX[c]
        out += (value % (1 << 32)).to_bytes(4, "big")
    return bytes(out), True


CODECS = {
    "--base64": Codec(_B64, b64.b64encode, _b64_decoder(False), True),
    "--base64url": Codec(_B64[:-2] + b"-_", b64.urlsafe_b64encode, _b64_decoder(True), True),
    "--base32": Codec(_B32, b64.b32encode, _b32_decoder(_B32, b64.b32decode), True),
    "--base32hex": Codec(_B32HEX, b64.b32hexencode, _b32_decoder(_B32HEX, b64.b32hexdecode), True),
    "--base16": Codec(b"0123456789ABCDEF", b64.b16encode, _b16_decode),
    "--base2msbf": Codec(b"01", _b2_encoder(True), _b2_decoder(True)),
    "--base2lsbf": Codec(b"01", _b2_encoder(False), _b2_decoder(False)),
    "--z85": Codec(_Z85, _z85_encode, _z85_decode),
}

_COMMON = ["decode", "ignore-garbage", "wrap="]
BASENC = OptionSpec("basenc", short="diw:", long=_COMMON + [c[2:] for c in CODECS],
                    help=verbatim("encode/basenc_help"), version=verbatim("encode/basenc_version"))
BASE32 = OptionSpec("base32", short="diw:", long=_COMMON,
                    help=verbatim("encode/base32_help"), version=verbatim("encode/base32_version"))


_BLOCK = 60 * 1024  # a multiple of every encoding's quantum (3, 5, 4 and 1 bytes): blocks encode alone


def _decode(ctx: Context, codec: Codec, garbage: bool, data: bytes) -> int:
    data = data.replace(b"\n", b"")
    if garbage:
        keep = set(codec.alphabet) | ({61} if codec.padded else set())
        data = bytes(c for c in data if c in keep)
    decoded, valid = codec.decode(data)
    ctx.out(decoded)
    if not valid:
        ctx.error("invalid input")
        return 1
    return 0


def run_codec(ctx: Context, codec: Codec, decode: bool, garbage: bool, wrap: int, operand: str) -> int:
    """Decode the whole input (bounded by read_all), or encode it block by block as it streams."""
    inputs = Inputs(ctx, [operand])
    status = 1
    for op, stream in inputs:
        with inputs.reading(op):
            if decode:
                status = _decode(ctx, codec, garbage, read_all(ctx, stream))
                continue
            pending, column = b"", 0
            for data in chain(chunks(ctx, stream), [None]):
                if data is not None:
                    pending += data
                    if len(pending) < _BLOCK:
                        continue
                    cut = len(pending) - len(pending) % _BLOCK
                    block, pending = pending[:cut], pending[cut:]
                else:
                    block = pending
                try:
                    encoded = codec.encode(block)
                except BadInput as exc:
                    ctx.error(f"invalid input{exc.args[0]}")
                    return 1
                if wrap:
                    lines = []
                    start = 0
                    while start < len(encoded):
                        take = wrap - column
                        lines.append(encoded[start:start + take])
                        column = (column + len(encoded[start:start + take])) % wrap
                        if column == 0:
                            lines.append(b"\n")
                        start += take
                    if data is None and column:
                        lines.append(b"\n")
                    encoded = b"".join(lines)
                ctx.out(encoded)
            status = 0
    return status


def _usage(ctx: Context, name: str, message: str) -> int:
    ctx.err(f"{name}: {message}\nTry '{name} --help' for more information.\n")
    return 1


def _run(ctx: Context, argv: list[str], spec: OptionSpec, codec: Codec | None) -> int:
    p = spec.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    wrap = 76
    for opt, value in p.options:
        if opt in CODECS:
            codec = CODECS[opt]
        elif opt in ("-w", "--wrap"):
            if not (value or "").isdigit():
                ctx.error(f"invalid wrap size: {cquote(value or '')}")
                return 1
            wrap = int(value or "0")
    if codec is None:
        return _usage(ctx, spec.name, "missing encoding type")
    if len(p.operands) > 1:
        return _usage(ctx, spec.name, f"extra operand {cquote(p.operands[1])}")
    return run_codec(ctx, codec, p.has("-d", "--decode"), p.has("-i", "--ignore-garbage"),
                     wrap, p.operands[0] if p.operands else "-")


@command("basenc", family="text", summary="Encode/decode data and print to standard output")
def basenc(ctx: Context, argv: list[str]) -> int:
    return _run(ctx, argv, BASENC, None)


@command("base32", family="text", summary="base32 encode/decode data and print to standard output")
def base32(ctx: Context, argv: list[str]) -> int:
    return _run(ctx, argv, BASE32, CODECS["--base32"])
