"""Parameter expansion: $x, ${x...} in all its forms, special parameters and arrays.

Produces chunks (see expand.py): (kind, text) with kind Q (quoted, literal), E (unquoted
expansion result: split and globbed), BRK (field break of "$@"), SOFT (break of $@).
"""
from __future__ import annotations

import random
import re
import time

from shelldojo.shell.interp.pattern_subst import case_mod, remove, replace
from shelldojo.shell.interp.state import ExpansionError, Interp, ReadonlyError
from shelldojo.shell.syntax import ast

Q, L, E, BRK, SOFT = 0, 1, 2, 3, 4
Chunk = tuple[int, str]

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
    if name == "LINENO" and st.lookup("LINENO") is None:
        return str(st.line)
    if name == "SECONDS" and st.lookup("SECONDS") is None:
        return str(int(time.monotonic() - _START))
    var = st.lookup(name)
    if var is None or getattr(var, "pending", False):
        return None if var is None or not isinstance(var.value, dict) or not var.value else var.scalar() or None
    return var.scalar()


def _is_all(index: ast.Word | None) -> str | None:
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


def element(interp: Interp, name: str, index: ast.Word) -> str | None:
    from shelldojo.shell.interp import expand

    var = interp.state.lookup(name)
    if var is not None and var.kind == "assoc":
        return var.value.get(expand.expand_word(interp, index))  # type: ignore[union-attr]
    i = expand.eval_arith(interp, index)
    if var is None:
        return None
    if not isinstance(var.value, dict):
        return var.value if i == 0 else None
    if i < 0 and var.value:
        i += max(var.value) + 1
    return var.value.get(i)


def _get(interp: Interp, p: ast.ParamSub) -> tuple[str | list[str] | None, str]:
    """The value: a string, a list (for @ / * forms, with '@' or '*'), or None when unset."""
    name = p.name
    if name in ("@", "*"):
        return list(interp.state.positional), name
    which = _is_all(p.index)
    if which:
        return array_values(interp, name), which
    if p.index is not None:
        return element(interp, name, p.index), ""
    return special_value(interp, name), ""


def _unbound(interp: Interp, p: ast.ParamSub) -> None:
    report(interp, f"{_display(p)}: unbound variable")
    raise ExpansionError(127, fatal=True)


def _display(p: ast.ParamSub) -> str:
    return f"${p.name}" if p.name.isdigit() else p.name


def expand_param(interp: Interp, p: ast.ParamSub, quoted: bool) -> list[Chunk]:
    from shelldojo.shell.interp import expand

    st = interp.state
    op = p.op
    if op == "#" and p.length:
        op = "len"
    if op == "!" and _is_all(p.index):           # ${!a[@]}: the keys
        return _multi(interp, array_keys(interp, p.name), _is_all(p.index) or "@", quoted)
    if op == "!@":                                # ${!prefix@}
        names = sorted({n for s in st.scopes for n in s if n.startswith(p.name)})
        return _multi(interp, names, "@", quoted)
    if op == "!":                                 # ${!ref}
        target = special_value(interp, p.name) or ""
        if not target:
            return [] if not quoted else [(Q, "")]
        inner = ast.ParamSub(target, braced=True)
        m = re.fullmatch(r"([A-Za-z_][A-Za-z_0-9]*)\[(.*)\]", target)
        if m:
            inner = ast.ParamSub(m.group(1), index=ast.Word([ast.Lit(m.group(2))]), braced=True)
        return expand_param(interp, inner, quoted)
    value, which = _get(interp, p)
    if op == "len":
        if isinstance(value, list):
            return [(Q if quoted else E, str(len(value)))]
        if value is None and "nounset" in st.options:
            _unbound(interp, p)
        return [(Q if quoted else E, str(len(value or "")))]
    if op in (":-", "-", ":=", "=", ":+", "+", ":?", "?"):
        if isinstance(value, list):
            unset = not value
            null = unset or (len(value) == 1 and value[0] == "") or not "".join(value)
        else:
            unset = value is None
            null = unset or value == ""
        missing = null if op.startswith(":") else unset
        base = op.lstrip(":")
        if base == "+":
            if missing:
                return [] if not quoted else [(Q, "")]
            return _word_chunks(interp, p.arg, quoted)
        if not missing:
            return _result(interp, value, which, quoted)
        if base == "-":
            return _word_chunks(interp, p.arg, quoted)
        if base == "=":
            text = expand.expand_word(interp, p.arg) if p.arg else ""
            if not re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*", p.name) or which:
                report(interp, f"${p.name}: cannot assign in this way")
                raise ExpansionError(1)
            try:
                st.set(p.name, text)
            except ReadonlyError as exc:
                report(interp, str(exc))
                raise ExpansionError(1) from None
            return [(Q if quoted else E, text)]
        msg = expand.expand_word(interp, p.arg) if p.arg else ""
        if not msg:
            msg = "parameter null or not set" if op == ":?" else "parameter not set"
        report(interp, f"{p.name}: {msg}")
        raise ExpansionError(127, fatal=True)
    if (value is None or (isinstance(value, list) and not value and p.name not in "@*" and
                         st.lookup(p.name) is None)) and "nounset" in st.options and p.name not in ("@", "*"):
        _unbound(interp, p)
    if op == "":
        return _result(interp, value, which, quoted)
    values = value if isinstance(value, list) else [value or ""]
    if op in ("#", "##", "%", "%%"):
        pat = expand.expand_pattern(interp, p.arg) if p.arg else ""
        values = [remove(v, pat, op, st.budget.check) for v in values]
    elif op in ("/", "//", "/#", "/%"):
        pat = expand.expand_pattern(interp, p.arg) if p.arg else ""
        repl = expand.replacement_chunks(interp, p.arg2)
        values = [replace(v, pat, repl, op, st.budget.check) for v in values]
    elif op == ":":
        values = _substring(interp, p, value, values)
        if not isinstance(value, list):
            return _result(interp, values[0] if values else "", "", quoted)
    elif op in ("^", "^^", ",", ",,", "~", "~~"):
        pat = expand.expand_pattern(interp, p.arg) if p.arg else "?"
        values = [case_mod(v, pat, op) for v in values]
    else:
        report(interp, f"${{{p.name}}}: bad substitution")
        raise ExpansionError(1)
    if isinstance(value, list):
        return _result(interp, values, which, quoted)
    return _result(interp, values[0], "", quoted)


def _word_chunks(interp: Interp, word: ast.Word | None, quoted: bool) -> list[Chunk]:
    from shelldojo.shell.interp import expand

    if word is None:
        return [(Q, "")] if quoted else []
    chunks = expand.word_chunks(interp, expand._tilde(interp, word, False), quoted)
    # unquoted ${x:-a b}: the word's literal text is split like an expansion result
    return chunks if quoted else [(E if k == L else k, t) for k, t in chunks]


def _result(interp: Interp, value: str | list[str] | None, which: str, quoted: bool) -> list[Chunk]:
    if isinstance(value, list):
        return _multi(interp, value, which or "@", quoted)
    if value is None:
        return [(Q, "")] if quoted else []
    return [(Q if quoted else E, value)]


def _multi(interp: Interp, values: list[str], which: str, quoted: bool) -> list[Chunk]:
    if quoted and which == "*":
        sep = ifs(interp)[:1]
        return [(Q, sep.join(values))]
    out: list[Chunk] = []
    for i, v in enumerate(values):
        if i:
            out.append((BRK, "") if quoted else (SOFT, ""))
        out.append((Q if quoted else E, v))
    return out


def _substring(interp: Interp, p: ast.ParamSub, value: object, values: list[str]) -> list[str]:
    from shelldojo.shell.interp import expand

    offset = expand.eval_arith(interp, p.arg) if p.arg else 0
    length = expand.eval_arith(interp, p.arg2) if p.arg2 is not None else None
    if isinstance(value, list):
        seq: list[str] = list(values)
        if p.name in ("@", "*"):
            seq = [interp.state.arg0, *seq]
        if offset < 0:
            offset += len(seq)
            if offset < 0:
                return []
        if length is not None and length < 0:
            report(interp, f"{length}: substring expression < 0")
            raise ExpansionError(1)
        end = len(seq) if length is None else offset + length
        return seq[offset:end]
    text = values[0]
    if offset < 0:
        offset = max(len(text) + offset, 0) if len(text) + offset >= 0 else len(text) + 1
    if offset > len(text):
        return [""]
    if length is None:
        return [text[offset:]]
    if length < 0:
        end = len(text) + length
        if end < offset:
            report(interp, f"{length}: substring expression < 0")
            raise ExpansionError(1)
        return [text[offset:end]]
    return [text[offset:offset + length]]
