"""getopts and read: the builtins that parse options and input lines into variables."""
from __future__ import annotations

import errno
from typing import TYPE_CHECKING, Any

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.builtins.util import NAME_RE, USAGES, scan
from shelldojo.shell.interp import expand
from shelldojo.shell.interp.expand_params import report
from shelldojo.shell.interp.redirect import ClosedStream
from shelldojo.shell.interp.state import ReadonlyError, ShellState, Var
from shelldojo.shell.registry import builtin
from shelldojo.shell.streams import ReadError

if TYPE_CHECKING:
    from shelldojo.shell.context import Context


@builtin("getopts")
def getopts(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
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
def read(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    parsed = scan(interp, ctx, argv, "ersa:d:i:n:N:p:t:u:")
    if isinstance(parsed, int):
        return parsed
    opts, names = parsed
    raw = any(o == "-r" for o, _ in opts)
    delim, array, limit = "\n", None, -1
    exact = any(o == "-N" for o, _ in opts)  # -N: exactly N characters, no delimiter, no splitting
    source = ctx.stdin
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
        elif o == "-u":
            source = _fd_stream(ctx, v or "")
            if source is None:
                return 1
    for n in names + ([array] if array else []):
        if not NAME_RE.fullmatch(n):
            interp.error(ctx, f"read: `{n}': not a valid identifier")
            return 1
    fd = next((int(v or 0) for o, v in opts if o == "-u"), 0)
    try:
        if not hasattr(source, "read"):   # fd 0 open for writing only (`read x 0>/dev/null`)
            raise OSError(errno.EBADF, "Bad file descriptor")
        failure = getattr(source, "error", None)   # a directory: read(2) fails with EISDIR
        if isinstance(failure, OSError):
            raise failure
        data, eof, escaped = _read_line(source, b"" if exact else delim.encode(), raw, limit)
    except OSError as exc:   # bash: "read error: FD: STRERROR", status 1
        interp.error(ctx, f"read: read error: {fd}: {strerror(exc)}")
        return 1
    text, keep = _decode(data, escaped)
    st = interp.state
    try:
        if array:
            fields = _read_split(text, 1 << 30, expand.ifs(interp), keep)
            _store_array(st, array, Var(dict(enumerate(fields)), kind="indexed"))
        elif not names:
            st.set("REPLY", text)
        elif exact:
            for i, n in enumerate(names):
                st.set(n, "" if i else text)
        else:
            fields = _read_split(text, len(names), expand.ifs(interp), keep)
            for i, n in enumerate(names):
                st.set(n, fields[i] if i < len(fields) else "")
    except ReadonlyError as exc:
        report(interp, str(exc))
        return 1
    return 1 if eof else 0


def _fd_stream(ctx: Context, text: str) -> Any:
    """`read -u FD`: the open descriptor's stream, or None after bash's complaint."""
    if not text.isdigit():
        ctx.shell.error(ctx, f"read: {text}: invalid file descriptor specification")
        return None
    fd = int(text)
    std = {0: ctx.stdin, 1: ctx.stdout, 2: ctx.stderr}
    stream = ctx.extra.get("fds", {}).get(fd, std.get(fd)) if fd else ctx.stdin  # type: ignore[union-attr]
    if stream is None or isinstance(stream, ClosedStream):   # open for writing: a read error later
        ctx.shell.error(ctx, f"read: {fd}: invalid file descriptor: Bad file descriptor")
        return None
    return stream


def _read_line(stdin: Any, delim: bytes, raw: bool, limit: int) -> tuple[bytes, bool, list[int]]:
    """The line, EOF reached, and the byte offsets of backslash-escaped characters
    (an empty `delim`: none, for -N)."""
    out = bytearray()
    escaped: list[int] = []
    while limit < 0 or len(out) < limit:
        c = stdin.read(1)
        if not c:
            return bytes(out), True, escaped
        if c == b"\0" and delim != c:  # bash drops NUL bytes (a C string cannot hold them)
            continue
        if c == b"\\" and not raw:
            nxt = stdin.read(1)
            if not nxt:
                return bytes(out), True, escaped
            if nxt != b"\n":
                escaped.append(len(out))
                out += nxt
            continue
        if c == delim:
            return bytes(out), False, escaped
        out += c
    return bytes(out), False, escaped


def _decode(data: bytes, escaped: list[int]) -> tuple[str, set[int]]:
    """The text and the character indices that a backslash protects from splitting."""
    keep: set[int] = set()
    chars, prev = 0, 0
    for at in escaped:  # decoded piecewise: linear even with many backslashes
        chars += len(data[prev:at].decode("utf-8", "surrogateescape"))
        prev = at
        keep.add(chars)
    return data.decode("utf-8", "surrogateescape"), keep


def _read_split(text: str, n: int, sep: str, keep: set[int] = frozenset()) -> list[str]:
    """Split as bash's read does; characters at `keep` (escaped) are never separators."""
    if keep and "\0" not in text:  # an escaped separator is an ordinary character: mark it out of the IFS range
        marks = {i: text[i] for i in keep if i < len(text) and text[i] in sep}
        if marks:
            fields = _read_split("".join("\0" if i in marks else c for i, c in enumerate(text)), n, sep)
            values = iter(marks[i] for i in sorted(marks))
            return ["".join(next(values) if c == "\0" else c for c in f) for f in fields]
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




@builtin("mapfile")
def mapfile(ctx: Context, argv: list[str]) -> int:
    interp = ctx.shell
    parsed = scan(interp, ctx, argv, "d:n:O:s:tu:C:c:")
    if isinstance(parsed, int):
        return parsed
    opts, names = parsed
    name = names[0] if names else "MAPFILE"
    delim, strip, count, origin, skip = b"\n", False, 0, 0, 0
    for o, v in opts:
        if o == "-d":
            delim = (v or "").encode("utf-8", "surrogateescape")[:1] or b"\0"
        elif o == "-t":
            strip = True
        elif o in ("-n", "-O", "-s"):
            what = {"-n": "line count", "-O": "array index", "-s": "line count"}[o]
            try:
                num = int(v or "")
            except ValueError:
                num = -1
            if num < 0:
                interp.error(ctx, f"{argv[0]}: {v}: invalid {what}")
                return 1
            if o == "-n":
                count = num
            elif o == "-O":
                origin = num
            else:
                skip = num
    if not NAME_RE.fullmatch(name):
        interp.error(ctx, f"{argv[0]}: `{name}': not a valid identifier")
        return 1
    st = interp.state
    var = st.lookup(name)
    if var is None or not isinstance(var.value, dict) or "-O" not in [o for o, _ in opts]:
        var = Var({}, kind="indexed")
    values: dict = var.value  # type: ignore[assignment]
    index, seen = origin, 0
    while count == 0 or index - origin < count:
        ctx.check()
        line = bytearray()
        while True:
            try:
                c = ctx.stdin.read(1)
            except ReadError:  # bash's mapfile takes a failed read as the end (`mapfile a < /tmp`)
                c = b""
            if not c:
                break
            line += c
            if c == delim:
                break
        if not line:
            break
        seen += 1
        if seen <= skip:
            continue
        if strip and line.endswith(delim):
            del line[-1]
        values[index] = line.decode("utf-8", "surrogateescape")
        index += 1
    old = st.lookup(name)
    if old is not None and old.readonly:
        report(interp, f"{name}: readonly variable")
        return 1
    _store_array(st, name, var)
    return 0


def _store_array(st: ShellState, name: str, var: Var) -> None:
    """Put the new array where the name lives (a local stays local), else globally;
    never into the scope of a prefix assignment (`IFS=: read -a x`)."""
    old = st.lookup(name)
    if old is not None and old.readonly:
        raise ReadonlyError(name)
    for scope in reversed(st.scopes):
        if name in scope:
            scope[name] = var
            return
    st.scopes[0][name] = var


builtin("readarray")(mapfile)
