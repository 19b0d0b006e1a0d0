"""What every expansion step shares: the chunk kinds, messages on the shell's stderr,
special parameters and reading variables and arrays (nothing here expands a word).

A word first becomes a list of chunks (kind, text): Q quoted text (never split or globbed),
L unquoted literal source text (globbed, never split), E unquoted expansion result (split and
globbed), BRK / SOFT field breaks between the elements of "$@" / $@.
"""
from __future__ import annotations

import random
import time

from shelldojo.shell.interp.state import Interp, Var
from shelldojo.shell.syntax import ast

Q, L, E, BRK, SOFT = 0, 1, 2, 3, 4
Chunk = tuple[int, str]
GLOB_SPECIAL = frozenset("*?[]\\()|@!+")  # ()|@!+: extglob lists

_START = time.monotonic()
FLAG_LETTERS = [("a", "allexport"), ("e", "errexit"), ("f", "noglob"), ("h", "hashall"),
                ("n", "noexec"), ("u", "nounset"), ("v", "verbose"), ("x", "xtrace"),
                ("B", "braceexpand"), ("C", "noclobber")]


def report(interp: Interp, message: str) -> None:
    """Print `prefix + message` on the shell's stderr (ctx None: the current stderr)."""
    interp.error(None, message)  # type: ignore[arg-type]


def ifs(interp: Interp) -> str:
    value = interp.state.get("IFS")
    return " \t\n" if value is None else value


def dollar_dash(interp: Interp) -> str:
    opts = interp.state.options
    flags = "".join(c for c, name in FLAG_LETTERS if name in opts)
    if "i" not in flags and interp.state.interactive:
        flags = flags.replace("h", "hi", 1) if "h" in flags else flags + "i"
    elif interp.state.arg0 in ("bash", "sh"):
        flags += "c"  # like `bash -c`, which `shelldojo run` imitates
    return flags


def special_value(interp: Interp, name: str) -> str | None:
    st = interp.state
    if name == "?":
        return str(st.status)
    if name == "#":
        return str(len(st.positional))
    if name == "$":
        return str(st.pid)
    if name == "!":
        return None if st.last_bg_pid is None else str(st.last_bg_pid)
    if name == "-":
        return dollar_dash(interp)
    if name == "0":
        return st.arg0
    if name.isdigit():
        n = int(name)
        return st.positional[n - 1] if n <= len(st.positional) else None
    if name == "RANDOM" and st.lookup("RANDOM") is None:
        return str(random.randint(0, 32767))
    if name == "BASHPID" and st.lookup("BASHPID") is None:
        return str(st.bashpid)
    if name == "LINENO" and st.lookup("LINENO") is None:
        return str(st.line)
    if name == "SECONDS" and st.lookup("SECONDS") is None:
        return str(int(time.monotonic() - _START))
    var = st.lookup(name)
    for warning in st.take_warnings() if st.warnings else ():
        report(interp, warning)  # a circular name reference
    if var is None or getattr(var, "pending", False):
        return None if var is None or not isinstance(var.value, dict) or not var.value else var.scalar() or None
    return var.scalar()


def is_all(index: ast.Word | None) -> str | None:
    if index is not None:
        lit = index.literal()
        if lit in ("@", "*"):
            return lit
    return None


def array_values(interp: Interp, name: str) -> list[str]:
    var = interp.state.lookup(name)
    if var is None or (getattr(var, "pending", False) and not var.value):
        return []
    if isinstance(var.value, dict):
        if var.kind == "indexed":
            return [var.value[k] for k in sorted(var.value)]
        return list(var.value.values())
    return [var.value]


def array_keys(interp: Interp, name: str) -> list[str]:
    var = interp.state.lookup(name)
    if var is None or (getattr(var, "pending", False) and not var.value):
        return []
    if isinstance(var.value, dict):
        keys = sorted(var.value) if var.kind == "indexed" else list(var.value)
        return [str(k) for k in keys]
    return ["0"]


def case_attr(var: Var | None, value: str) -> str:
    """declare -u / -l: the value is converted on every assignment."""
    case = getattr(var, "case", "") if var is not None else ""
    return value.upper() if case == "u" else value.lower() if case == "l" else value
