"""Helpers shared by the shell's builtins: bash's option scanning, messages and quoting."""
from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from shelldojo.shell.interp.state import Interp, Var, is_pending

if TYPE_CHECKING:
    from shelldojo.shell.context import Context

NAME_RE = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")

USAGES = {
    "declare": "declare [-aAfFgiIlnrtux] [name[=value] ...] or declare -p [-aAfFilnrtux] [name ...]",
    "typeset": "typeset [-aAfFgiIlnrtux] name[=value] ... or typeset -p [-aAfFilnrtux] [name ...]",
    "local": "local [option] name[=value] ...",
    "export": "export [-fn] [name[=value] ...] or export -p",
    "readonly": "readonly [-aAf] [name[=value] ...] or readonly -p",
    "unset": "unset [-f] [-v] [-n] [name ...]",
    "set": "set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]",
    "read": "read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] "
            "[-t timeout] [-u fd] [name ...]",
    "cd": "cd [-L|[-P [-e]] [-@]] [dir]",
    "pwd": "pwd [-LP]",
    "type": "type [-afptP] name [name ...]",
    "command": "command [-pVv] command [arg ...]",
    "hash": "hash [-lr] [-p pathname] [-dt] [name ...]",
    "alias": "alias [-p] [name[=value] ... ]",
    "unalias": "unalias [-a] name [name ...]",
    "umask": "umask [-p] [-S] [mode]",
    "history": "history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]",
    "trap": "trap [-lp] [[arg] signal_spec ...]",
    "shift": "shift [n]",
    "let": "let arg [arg ...]",
    "getopts": "getopts optstring name [arg ...]",
    "source": "source filename [arguments]",
    ".": ". filename [arguments]",
    "wait": "wait [-fn] [-p var] [id ...]",
    "jobs": "jobs [-lnprs] [jobspec ...] or jobs -x command [args]",
    "exec": "exec [-cl] [-a name] [command [argument ...]]",
    "builtin": "builtin [shell-builtin [arg ...]]",
}


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
