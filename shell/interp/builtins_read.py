"""getopts and read: the builtins that parse options and input lines into variables."""
from __future__ import annotations

from typing import TYPE_CHECKING

from shell.interp import expand
from shell.interp.builtins_util import NAME_RE, USAGES, scan
from shell.interp.expand_params import report
from shell.interp.state import Interp, ReadonlyError, Var, builtin

if TYPE_CHECKING:
    from shell.commands.context import Context


@builtin("getopts")
def getopts(interp: Interp, ctx: Context, argv: list[str]) -> int:
    st = interp.state
    if len(argv) < 3:
        ctx.err(f"getopts: usage: {USAGES['getopts']}\n")
        return 2
    spec, var = argv[1], argv[2]
    args = argv[3:] if len(argv) > 3 else list(st.positional)
    silent = spec.startswith(":")
    if silent:
        spec = spec[1:]
    try:
        optind = int(st.get("OPTIND") or "1")
    except ValueError:
        optind = 1
    sub = getattr(st, "_getopts_pos", 1)
    if getattr(st, "_getopts_ind", None) != optind:
        sub = 1

    def finish(name: str, ind: int, pos: int, status: int) -> int:
        st.set(var, name)
        st.set("OPTIND", str(ind))
        st._getopts_pos, st._getopts_ind = pos, ind  # type: ignore[attr-defined]
        return status

    if optind - 1 >= len(args):
        return finish("?", optind, 1, 1)
    cur = args[optind - 1]
    if sub == 1 and (cur == "--" or not cur.startswith("-") or cur == "-"):
        return finish("?", optind + (cur == "--"), 1, 1)
    c = cur[sub]
    nxt_ind, nxt_sub = (optind + 1, 1) if sub + 1 >= len(cur) else (optind, sub + 1)
    pos = spec.find(c)
    if pos < 0 or c == ":":
        if silent:
            st.set("OPTARG", c)
        else:
            interp.error(ctx, f"illegal option -- {c}")
            st.unset("OPTARG")
        return finish("?", nxt_ind, nxt_sub, 0)
    if spec[pos + 1:pos + 2] == ":":
        if sub + 1 < len(cur):
            st.set("OPTARG", cur[sub + 1:])
            return finish(c, optind + 1, 1, 0)
        if optind < len(args):
            st.set("OPTARG", args[optind])
            return finish(c, optind + 2, 1, 0)
        if silent:
            st.set("OPTARG", c)
            return finish(":", optind + 1, 1, 0)
        interp.error(ctx, f"option requires an argument -- {c}")
        return finish("?", optind + 1, 1, 0)
    return finish(c, nxt_ind, nxt_sub, 0)


@builtin("read")
def read(interp: Interp, ctx: Context, argv: list[str]) -> int:
    parsed = scan(interp, ctx, argv, "ersa:d:i:n:N:p:t:u:")
    if isinstance(parsed, int):
        return parsed
    opts, names = parsed
    raw = any(o == "-r" for o, _ in opts)
    delim, array, limit = "\n", None, -1
    for o, v in opts:
        if o == "-d":
            delim = (v or "")[:1] or "\0"
        elif o == "-a":
            array = v
        elif o in ("-n", "-N"):
            try:
                limit = int(v or "")
            except ValueError:
                interp.error(ctx, f"read: {v}: invalid number")
                return 1
        elif o == "-p" and ctx.interactive:
            ctx.err(v or "")
    for n in names + ([array] if array else []):
        if not NAME_RE.fullmatch(n):
            interp.error(ctx, f"read: `{n}': not a valid identifier")
            return 1
    data, eof = _read_line(ctx, delim.encode(), raw, limit)
    text = data.decode("utf-8", "surrogateescape")
    st = interp.state
    try:
        if array:
            fields = _read_split(text, 1 << 30, expand.ifs(interp))
            st.unset(array)
            st.scopes[0 if len(st.scopes) == 1 else -1][array] = Var(dict(enumerate(fields)), kind="indexed")
        elif not names:
            st.set("REPLY", text)
        else:
            fields = _read_split(text, len(names), expand.ifs(interp))
            for i, n in enumerate(names):
                st.set(n, fields[i] if i < len(fields) else "")
    except ReadonlyError as exc:
        report(interp, str(exc))
        return 1
    return 1 if eof else 0


def _read_line(ctx: Context, delim: bytes, raw: bool, limit: int) -> tuple[bytes, bool]:
    out = bytearray()
    while limit < 0 or len(out) < limit:
        c = ctx.stdin.read(1)
        if not c:
            return bytes(out), True
        if c == b"\\" and not raw:
            nxt = ctx.stdin.read(1)
            if not nxt:
                return bytes(out), True
            if nxt != b"\n":
                out += nxt
            continue
        if c == delim:
            return bytes(out), False
        out += c
    return bytes(out), False


def _read_split(text: str, n: int, sep: str) -> list[str]:
    ws = "".join(c for c in sep if c in " \t\n")
    other = "".join(c for c in sep if c not in " \t\n")
    out: list[str] = []
    i = 0
    length = len(text)
    while i < length and text[i] in ws:
        i += 1
    while len(out) < n - 1 and i < length:
        j = i
        while j < length and text[j] not in sep:
            j += 1
        out.append(text[i:j])
        k = j
        while k < length and text[k] in ws:
            k += 1
        if k < length and text[k] in other:
            k += 1
            while k < length and text[k] in ws:
                k += 1
        i = k
    if i < length:
        rest = text[i:].rstrip(ws) if ws else text[i:]
        if rest and rest[-1] in other and not any(c in sep for c in rest[:-1]):
            rest = rest[:-1]
        out.append(rest)
    return out
