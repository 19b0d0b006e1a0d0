"""The recursive core of word expansion: a word's parts become chunks (see expand_base.py):
parameter expansion in all its ${...} forms, command and arithmetic substitution, tilde; and
array elements, read and written (their subscripts are expanded words too).

Words contain parameters whose operands are words again, so this is one module; expand.py
adds what comes after (splitting, pathname expansion) and [[ ]].
"""
from __future__ import annotations

import re

from shelldojo.filesystem import strerror
from shelldojo.shell.budget import LimitExceeded
from shelldojo.shell.interp import arith
from shelldojo.shell.interp.expand_base import (
    BRK,
    FLAG_LETTERS,
    GLOB_SPECIAL,
    SOFT,
    Chunk,
    E,
    L,
    Q,
    array_keys,
    array_values,
    case_attr,
    ifs,
    is_all,
    report,
    special_value,
)
from shelldojo.shell.interp.pattern_subst import case_mod, remove, replace
from shelldojo.shell.interp.state import ExpansionError, Interp, ReadonlyError, Var
from shelldojo.shell.interp.tilde import tilde
from shelldojo.shell.status import FATAL_EXPANSION
from shelldojo.shell.syntax import ast

# what modules above import from here (the low pieces live in expand_base)
__all__ = ["BRK", "FLAG_LETTERS", "SOFT", "Chunk", "E", "L", "Q", "bounded", "element",
           "eval_arith", "expand_param", "expand_pattern", "expand_word", "ifs", "replacement_chunks",
           "report", "set_element", "special_value", "word_chunks"]


def expand_word(interp: Interp, word: ast.Word, assignment: bool = False) -> str:
    """One string: no splitting, no globbing ("$@" joined by spaces)."""
    chunks = word_chunks(interp, tilde(interp, word, assignment), False)
    return bounded(interp, "".join(" " if k in (BRK, SOFT) else t for k, t in chunks))


def bounded(interp: Interp, text: str) -> str:
    """Limits.max_word_bytes on one word or variable value (x=$x$x doubles fast)."""
    limit = interp.state.limits.max_word_bytes
    if len(text) > limit:
        raise LimitExceeded(f"word too long (more than {limit} bytes in one word or variable)")
    return text


def expand_pattern(interp: Interp, word: ast.Word) -> str:
    """A pattern: quoted characters backslash-escaped, unquoted ones active."""
    chunks = word_chunks(interp, tilde(interp, word, False), False)
    parts = []
    for kind, text in chunks:
        if kind == Q:
            parts.append("".join("\\" + c if c in GLOB_SPECIAL else c for c in text))
        elif kind in (BRK, SOFT):
            parts.append(" ")
        else:
            parts.append(text)
    return "".join(parts)


def replacement_chunks(interp: Interp, word: ast.Word | None) -> list[Chunk]:
    """The replacement of ${x/p/r}: unquoted `&` stands for the match (patsub_replacement)."""
    if word is None:
        return []
    return word_chunks(interp, word, False)


def eval_arith(interp: Interp, word: ast.Word, where: str = "") -> int:
    """Evaluate `word` arithmetically; `where` names the caller in messages ("((: ", "let: ")."""
    text = expand_word(interp, word)
    try:
        return arith.evaluate(text, _ArithEnv(interp))
    except arith.ArithError as exc:
        report(interp, where + str(exc.args[0] if exc.args else exc))
        raise ExpansionError(1) from None
    except ReadonlyError as exc:
        report(interp, str(exc))
        raise ExpansionError(1) from None


class _ArithEnv:
    def __init__(self, interp: Interp) -> None:
        self.interp = interp

    def get(self, name: str) -> str | None:
        m = re.fullmatch(r"([A-Za-z_][A-Za-z_0-9]*)\[(.*)\]", name)
        if m:
            return element(self.interp, m.group(1), ast.Word([ast.Lit(m.group(2))]))
        return special_value(self.interp, name)

    def set(self, name: str, value: str) -> None:
        m = re.fullmatch(r"([A-Za-z_][A-Za-z_0-9]*)\[(.*)\]", name)
        if m:
            set_element(self.interp, m.group(1), ast.Word([ast.Lit(m.group(2))]), value)
        else:
            self.interp.state.set(name, value)

    def unbound(self, key: str) -> None:
        """`set -u`: an unset variable in arithmetic is fatal, as in $x."""
        if "nounset" in self.interp.state.options:
            report(self.interp, f"{key}: unbound variable")
            raise ExpansionError(FATAL_EXPANSION, fatal=True)


# ----------------------------------------------------------------------------- chunks
def word_chunks(interp: Interp, word: ast.Word, quoted: bool) -> list[Chunk]:
    out: list[Chunk] = []
    for part in word.parts:
        out.extend(_part_chunks(interp, part, quoted))
    return out


def _has_at(parts: list[ast.WordPart]) -> bool:
    for p in parts:
        if isinstance(p, ast.ParamSub) and (p.name == "@" or (p.index is not None and p.index.literal() == "@")):
            return True
    return False


def _part_chunks(interp: Interp, part: ast.WordPart, quoted: bool) -> list[Chunk]:
    if isinstance(part, ast.Lit):
        return [(Q if quoted else L, part.text)]
    if isinstance(part, (ast.Escaped, ast.SingleQuoted)):
        return [(Q, part.text)]
    if isinstance(part, ast.DoubleQuoted):
        out: list[Chunk] = [] if _has_at(part.parts) else [(Q, "")]
        for sub in part.parts:
            out.extend(_part_chunks(interp, sub, True))
        return out
    if isinstance(part, ast.ParamSub):
        return expand_param(interp, part, quoted)
    if isinstance(part, ast.CommandSub):
        status, data = _read_only_sub(interp, part.body) or interp.capture(part.body)
        interp.state.status = status
        text = data.decode("utf-8", "surrogateescape").rstrip("\n").replace("\0", "")
        return [(Q if quoted else E, text)]
    if isinstance(part, ast.ArithSub):
        return [(Q if quoted else E, str(eval_arith(interp, part.expr)))]
    if isinstance(part, ast.ProcSubst):
        from shelldojo.shell.interp import procsubst
        return [(L, procsubst.expand(interp, part))]  # type: ignore[arg-type]
    return []


def _read_only_sub(interp: Interp, body: ast.Command) -> tuple[int, bytes] | None:
    """$(< file): bash reads the file itself instead of running a command."""
    if isinstance(body, ast.CommandList) and len(body.items) == 1:
        body = body.items[0]
    if not (isinstance(body, ast.SimpleCommand) and not body.words and not body.assigns
            and len(body.redirects) == 1 and body.redirects[0].op == "<"
            and body.redirects[0].fd in (None, 0)):
        return None
    name = expand_word(interp, body.redirects[0].target)
    st = interp.state
    path = name if name.startswith("/") else st.cwd.rstrip("/") + "/" + name
    status, data = 0, b""
    try:
        if not st.machine.vfs.isdir(path):  # bash reads nothing from a directory, silently
            data = st.machine.vfs.read_bytes(path)
    except OSError as exc:
        interp.error(None, f"{name}: {strerror(exc)}")  # type: ignore[arg-type]
        status = 1
    if hasattr(interp, "last_sub_status"):
        interp.last_sub_status = status  # type: ignore[attr-defined]
    return status, data


def element(interp: Interp, name: str, index: ast.Word) -> str | None:
    var = interp.state.lookup(name)
    if var is not None and var.kind == "assoc":
        return var.value.get(expand_word(interp, index))  # type: ignore[union-attr]
    i = eval_arith(interp, index)
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
    which = is_all(p.index)
    if which:
        return array_values(interp, name), which
    if p.index is not None:
        return element(interp, name, p.index), ""
    return special_value(interp, name), ""


def _unbound(interp: Interp, p: ast.ParamSub) -> None:
    report(interp, f"{_display(p)}: unbound variable")
    raise ExpansionError(FATAL_EXPANSION, fatal=True)


def _display(p: ast.ParamSub) -> str:
    return f"${p.name}" if p.name.isdigit() else p.name


def expand_param(interp: Interp, p: ast.ParamSub, quoted: bool) -> list[Chunk]:
    st = interp.state
    op = p.op
    if op == "#" and p.length:
        op = "len"
    if op == "!" and is_all(p.index):           # ${!a[@]}: the keys
        return _multi(interp, array_keys(interp, p.name), is_all(p.index) or "@", quoted)
    if op == "!@":                                # ${!prefix@}
        names = sorted({n for s in st.scopes for n in s if n.startswith(p.name)})
        return _multi(interp, names, "@", quoted)
    if op == "!":                                 # ${!ref}
        raw = st.lookup_raw(p.name)
        if raw is not None and raw.nameref:      # a name reference: the name it holds
            return _result(interp, raw.scalar(), "", quoted)
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
            text = expand_word(interp, p.arg) if p.arg else ""
            if not re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*", p.name) or which:
                report(interp, f"${p.name}: cannot assign in this way")
                raise ExpansionError(1)
            try:
                st.set(p.name, text)
            except ReadonlyError as exc:
                report(interp, str(exc))
                raise ExpansionError(1) from None
            return [(Q if quoted else E, text)]
        msg = expand_word(interp, p.arg) if p.arg else ""
        if not msg:
            msg = "parameter null or not set" if op == ":?" else "parameter not set"
        report(interp, f"{p.name}: {msg}")
        raise ExpansionError(FATAL_EXPANSION, fatal=True)
    if (value is None or (isinstance(value, list) and not value and p.name not in "@*" and
                         st.lookup(p.name) is None)) and "nounset" in st.options and p.name not in ("@", "*"):
        _unbound(interp, p)
    if op == "":
        return _result(interp, value, which, quoted)
    values = value if isinstance(value, list) else [value or ""]
    if op in ("#", "##", "%", "%%"):
        pat = expand_pattern(interp, p.arg) if p.arg else ""
        values = [remove(v, pat, op, st.budget.check) for v in values]
    elif op in ("/", "//", "/#", "/%"):
        pat = expand_pattern(interp, p.arg) if p.arg else ""
        repl = replacement_chunks(interp, p.arg2)
        values = [replace(v, pat, repl, op, st.budget.check) for v in values]
    elif op == ":":
        values = _substring(interp, p, value, values)
        if not isinstance(value, list):
            return _result(interp, values[0] if values else "", "", quoted)
    elif op in ("^", "^^", ",", ",,", "~", "~~"):
        pat = expand_pattern(interp, p.arg) if p.arg else "?"
        values = [case_mod(v, pat, op) for v in values]
    else:
        report(interp, f"${{{p.name}}}: bad substitution")
        raise ExpansionError(1)
    if isinstance(value, list):
        return _result(interp, values, which, quoted)
    return _result(interp, values[0], "", quoted)


def _word_chunks(interp: Interp, word: ast.Word | None, quoted: bool) -> list[Chunk]:
    if word is None:
        return [(Q, "")] if quoted else []
    chunks = word_chunks(interp, word if quoted else tilde(interp, word, False), quoted)  # "${u-~}": ~
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
    offset = eval_arith(interp, p.arg) if p.arg else 0
    length = eval_arith(interp, p.arg2) if p.arg2 is not None else None
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


def set_element(interp: Interp, name: str, index: ast.Word, value: str) -> None:
    st = interp.state
    var = st.lookup(name)
    if var is None:
        var = Var({}, kind="indexed")
        st.scopes[0][name] = var
    if var.readonly:
        raise ReadonlyError(name)
    value = case_attr(var, value)
    if var.kind == "assoc":
        var.value[expand_word(interp, index)] = value  # type: ignore[index]
        return
    i = eval_arith(interp, index)
    if not isinstance(var.value, dict):
        var.value, var.kind = {0: var.value}, "indexed"
    if i < 0:
        i += (max(var.value) + 1) if var.value else 0
        if i < 0:
            report(interp, f"{name}[{expand_word(interp, index)}]: bad array subscript")
            raise ExpansionError(1)
    var.value[i] = value  # type: ignore[index]
