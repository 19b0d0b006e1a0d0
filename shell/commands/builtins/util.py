"""Helpers shared by the shell's builtins: bash's option scanning, messages and quoting."""
from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from shelldojo.shell.interp.builtin_help import synopsis
from shelldojo.shell.interp.state import Interp, Var, is_pending
from shelldojo.shell.streams import PrefixedOutput

if TYPE_CHECKING:
    from shelldojo.shell.context import Context

NAME_RE = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")

class _Usages:
    """bash's usage lines (builtin_usage) print the builtin's help synopsis: one source, the
    help data (shell/interp/builtin_help.py), not a second copy here."""

    def __getitem__(self, name: str) -> str:
        return synopsis(name)

    def get(self, name: str, default: str | None = None) -> str | None:
        try:
            return synopsis(name)
        except StopIteration:
            return default


USAGES = _Usages()


def usage_line(ctx: Context, name: str, synopsis: str) -> None:
    """bash's builtin_usage: `NAME: usage: SYNOPSIS`, never behind the "bash: line N: " prefix
    that the executor puts before the other messages of a builtin."""
    stream = ctx.stderr.inner if isinstance(ctx.stderr, PrefixedOutput) else ctx.stderr
    stream.write(f"{name}: usage: {synopsis}\n".encode())


def err(interp: Interp, ctx: Context, msg: str) -> None:
    interp.error(ctx, msg)


def bad_option(interp: Interp, ctx: Context, name: str, opt: str) -> int:
    interp.error(ctx, f"{name}: {opt}: invalid option")
    ctx.err(f"{name}: usage: {USAGES.get(name, name)}\n")
    return 2


def scan(interp: Interp, ctx: Context, argv: list[str], letters: str,
         plus: bool = False) -> tuple[list[tuple[str, str | None]], list[str]] | int:
    """Leading options in bash's style: ('-x' or '+x', arg); letters use getopt syntax."""
    opts: list[tuple[str, str | None]] = []
    i = 1
    name = argv[0]
    while i < len(argv):
        a = argv[i]
        if a == "--":
            i += 1
            break
        if len(a) < 2 or a[0] not in ("-+" if plus else "-"):
            break
        if a[0] == "-" and a[1:].isdigit() and "0" not in letters:
            break
        sign = a[0]
        j = 1
        while j < len(a):
            c = a[j]
            pos = letters.find(c)
            if pos < 0:
                interp.error(ctx, f"{name}: {sign}{c}: invalid option")
                ctx.err(f"{name}: usage: {USAGES.get(name, name)}\n")
                return 2
            if letters[pos + 1:pos + 2] == ":":
                if j + 1 < len(a):
                    opts.append((sign + c, a[j + 1:]))
                elif i + 1 < len(argv):
                    i += 1
                    opts.append((sign + c, argv[i]))
                else:
                    interp.error(ctx, f"{name}: {sign}{c}: option requires an argument")
                    ctx.err(f"{name}: usage: {USAGES.get(name, name)}\n")
                    return 2
                break
            opts.append((sign + c, None))
            j += 1
        i += 1
    return opts, argv[i:]


_ANSI_C = {"\a": "\\a", "\b": "\\b", "\x1b": "\\E", "\f": "\\f", "\n": "\\n", "\r": "\\r",
           "\t": "\\t", "\v": "\\v", "\\": "\\\\", "'": "\\'"}


def dquote(value: str) -> str:
    """The "double-quoted" form declare -p prints ($'...' when it holds control bytes)."""
    if any(c < " " or c == "\x7f" or "\udc80" <= c <= "\udcff" for c in value):
        out = []
        for c in value:
            if c in _ANSI_C:
                out.append(_ANSI_C[c])
            elif c < " " or c == "\x7f":
                out.append(f"\\{ord(c):03o}")
            elif "\udc80" <= c <= "\udcff":
                out.append(f"\\{ord(c) - 0xDC00:03o}")
            else:
                out.append(c)
        return "$'" + "".join(out) + "'"
    return '"' + re.sub(r'(["\\$`])', r"\\\1", value) + '"'


_SHELL_METAS = set(" \t\n'\"\\|&;()<>!{}*[?]^$`")


def _ansic_byte(c: str) -> bool:
    """bash's ansic_shouldquote for one character: not printable (or an undecodable byte)."""
    if "\udc80" <= c <= "\udcff":
        return True
    if c < "\x80":
        return not " " <= c <= "~"
    return unicodedata.category(c) in ("Cc", "Cs", "Cn")


def set_quote(value: str) -> str:
    """A value as `set` prints it (bash's print_var_value): $'...' when it holds unprintable
    characters, '...' when it holds shell metacharacters, else bare."""
    if any(_ansic_byte(c) for c in value):
        out = []
        for c in value:
            if c in _ANSI_C:
                out.append(_ANSI_C[c])
            elif _ansic_byte(c):
                raw = bytes([ord(c) - 0xDC00]) if "\udc80" <= c <= "\udcff" else c.encode("utf-8", "surrogatepass")
                out.extend(f"\\{b:03o}" for b in raw)
            else:
                out.append(c)
        return "$'" + "".join(out) + "'"
    metas = any(c in _SHELL_METAS for c in value) or value.startswith("#") or \
        re.search(r"(^|[=:])~", value) is not None
    return "'" + value.replace("'", "'\\''") + "'" if metas else value


def _key(key: object) -> str:
    text = str(key)
    if text and not re.search(r"[\s'\"\\$`|&;()<>*?\[\]#~=%!{}]", text):
        return text
    return dquote(text)


def squote_value(value: str) -> str:
    """The form `set` and `alias` print: bare when safe, else 'single-quoted'."""
    if value and re.fullmatch(r"[A-Za-z0-9_./:,+=@%^-]+", value):
        return value
    return "'" + value.replace("'", "'\\''") + "'"


def flags_of(var: Var) -> str:
    f = ""
    if var.kind == "indexed":
        f += "a"
    elif var.kind == "assoc":
        f += "A"
    if var.integer:
        f += "i"
    f += getattr(var, "case", "")
    if var.nameref:
        f += "n"
    if var.readonly:
        f += "r"
    if var.exported:
        f += "x"
    return f or "-"


def array_body(var: Var) -> str:
    assert isinstance(var.value, dict)
    keys = sorted(var.value) if var.kind == "indexed" else list(var.value)
    items = " ".join(f"[{_key(k)}]={dquote(var.value[k])}" for k in keys)
    return f"({items} )" if var.kind == "assoc" else f"({items})"


def declare_line(name: str, var: Var, has_value: bool = True) -> str:
    flags = flags_of(var)
    if is_pending(var):
        has_value = False
    if isinstance(var.value, dict):
        if not var.value and not has_value:
            return f"declare -{flags} {name}"
        return f"declare -{flags} {name}={array_body(var)}"
    if not has_value:
        return f"declare -{flags} {name}"
    return f"declare -{flags} {name}={dquote(var.value)}"
