"""jq 1.6's operators (+ - * / %), @formats, paths (getpath/setpath/delpaths) and `=`/`|=`."""
from __future__ import annotations

import base64
import math
from collections.abc import Iterator
from typing import Any

from shelldojo.shell.packages import jq_eval
from shelldojo.shell.packages.jq_eval import Env, ev
from shelldojo.shell.packages.jq_json import desc, dump, fmt_number, kind
from shelldojo.shell.packages.jq_lex import JqError
from shelldojo.shell.packages.jq_values import index, order, slice_of, truthy


def _add(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None:
        return a
    ka, kb = kind(a), kind(b)
    if ka == kb and ka in ("number", "string", "array"):
        return a + b
    if ka == kb == "object":
        return {**a, **b}
    raise JqError(f"{desc(a)} and {desc(b)} cannot be added")


def _sub(a: Any, b: Any) -> Any:
    if isinstance(a, float) and isinstance(b, float):
        return a - b
    if isinstance(a, list) and isinstance(b, list):
        drop = {order(x) for x in b}
        return [x for x in a if order(x) not in drop]
    raise JqError(f"{desc(a)} and {desc(b)} cannot be subtracted")


def _deep_merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = _deep_merge(out[k], v) if isinstance(out.get(k), dict) and isinstance(v, dict) else v
    return out


def _mul(a: Any, b: Any) -> Any:
    if isinstance(a, float) and isinstance(b, float):
        return a * b
    if isinstance(a, dict) and isinstance(b, dict):
        return _deep_merge(a, b)
    if {kind(a), kind(b)} == {"string", "number"}:
        s, n = (a, b) if isinstance(a, str) else (b, a)
        times = 0 if math.isnan(n) else int(n - 1)
        if times < 0:
            return None
        budget = jq_eval.BUDGET.get()
        if budget is not None:
            budget.need(len(s) * (times + 1))
        return s * (times + 1)
    raise JqError(f"{desc(a)} and {desc(b)} cannot be multiplied")


def _div(a: Any, b: Any) -> Any:
    if isinstance(a, float) and isinstance(b, float):
        if b == 0:
            raise JqError(f"{desc(a)} and {desc(b)} cannot be divided because the divisor is zero")
        return a / b
    if isinstance(a, str) and isinstance(b, str):
        return split(a, b)
    raise JqError(f"{desc(a)} and {desc(b)} cannot be divided")


def _mod(a: Any, b: Any) -> Any:
    if isinstance(a, float) and isinstance(b, float):
        ia, ib = _int(a), _int(b)
        if ib == 0:
            raise JqError(f"{desc(a)} and {desc(b)} cannot be divided (remainder) because the divisor is zero")
        return float(math.fmod(ia, ib))
    raise JqError(f"{desc(a)} and {desc(b)} cannot be divided")


def _int(x: float) -> int:
    if math.isnan(x):
        return 0
    return int(max(-9.2e18, min(9.2e18, x)))


def split(s: str, sep: str) -> list:
    if not s:
        return []
    if not sep:
        return [c for c in s]
    return s.split(sep)


def _cmp(op: str) -> Any:
    tests = {"==": lambda x, y: x == y, "!=": lambda x, y: x != y, "<": lambda x, y: x < y,
             "<=": lambda x, y: x <= y, ">": lambda x, y: x > y, ">=": lambda x, y: x >= y}[op]
    return lambda a, b: tests(order(a), order(b))


jq_eval.OPS.update({"+": _add, "-": _sub, "*": _mul, "/": _div, "%": _mod,
                    **{op: _cmp(op) for op in ("==", "!=", "<", "<=", ">", ">=")}})


# -- @formats --------------------------------------------------------------------------------
def tostring(v: Any) -> str:
    return v if isinstance(v, str) else dump(v, indent=0)


def _csv_cell(x: Any, fmt: str) -> str:
    if isinstance(x, float):
        return fmt_number(x)
    if x is True or x is False:
        return "true" if x else "false"
    if x is None:
        return ""
    if isinstance(x, str):
        if fmt == "csv":
            return '"' + x.replace('"', '""') + '"'
        return x.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    raise JqError(f"{desc(x)} is not valid in a {fmt} row")


def _row(fmt: str) -> Any:
    def format_row(v: Any) -> str:
        if not isinstance(v, list):
            raise JqError(f"{desc(v)} cannot be {fmt}-formatted, only an array can be")
        return ("," if fmt == "csv" else "\t").join(_csv_cell(x, fmt) for x in v)
    return format_row


def _sh(v: Any) -> str:
    def one(x: Any) -> str:
        if isinstance(x, str):
            return "'" + x.replace("'", "'\\''") + "'"
        if isinstance(x, (list, dict)):
            raise JqError(f"{desc(x)} can not be escaped for shell")
        return tostring(x)
    return " ".join(one(x) for x in v) if isinstance(v, list) else one(v)


_HTML = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&#39;", '"': "&quot;"}
_URI_SAFE = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()")


def _base64d(v: Any) -> str:
    data = tostring(v).encode()
    try:
        raw = base64.b64decode(data + b"=" * (-len(data) % 4))
    except ValueError:
        raise JqError(f"{desc(v)} is not valid base64 data") from None
    return raw.decode("utf-8", "replace")


jq_eval.FORMATS.update({
    "@text": tostring, "@json": lambda v: dump(v, indent=0), "@csv": _row("csv"), "@tsv": _row("tsv"),
    "@html": lambda v: "".join(_HTML.get(c, c) for c in tostring(v)),
    "@uri": lambda v: "".join(chr(b) if b in _URI_SAFE else f"%{b:02X}" for b in tostring(v).encode()),
    "@sh": _sh, "@base64": lambda v: base64.b64encode(tostring(v).encode()).decode(),
    "@base64d": _base64d,
})


class _Formats(dict):
    def __missing__(self, name: str) -> Any:
        raise JqError(f"{name[1:]} is not a valid format")


jq_eval.FORMATS = _Formats(jq_eval.FORMATS)


# -- paths ----------------------------------------------------------------------------------------
def getpath(v: Any, path: list) -> Any:
    for k in path:
        if v is None:
            return None
        v = index(v, k)
    return v


def setpath(v: Any, path: list, x: Any) -> Any:
    if not path:
        return x
    k, rest = path[0], path[1:]
    if v is None:
        v = {} if isinstance(k, str) else []
    if isinstance(v, dict) and isinstance(k, str):
        return {**v, k: setpath(v.get(k), rest, x)}
    if isinstance(v, list) and isinstance(k, float):
        i = _int(k)
        if i < 0:
            i += len(v)
            if i < 0:
                raise JqError("Out of bounds negative array index")
        out = v + [None] * (i + 1 - len(v))
        out[i] = setpath(out[i], rest, x)
        return out
    if isinstance(v, list) and isinstance(k, dict):
        n = len(v)
        old = slice_of(v, k.get("start"), k.get("end"))
        new = setpath(old, rest, x)
        if not isinstance(new, list):
            raise JqError("A slice of an array can only be assigned another array")
        start = _start(k.get("start"), n)
        return v[:start] + new + v[start + len(old):]
    index(v, k)   # raises jq's message for the mismatch
    raise JqError(f"Cannot update field at object index of {kind(v)}")


def _start(x: Any, n: int) -> int:
    if x is None:
        return 0
    i = _int(x)
    return max(0, min(n, n + i if i < 0 else i))


def delpaths(v: Any, paths: list) -> Any:
    for p in sorted(paths, key=order, reverse=True):
        if not isinstance(p, list):
            raise JqError("Path must be specified as an array")
        v = _delpath(v, p)
    return v


def _delpath(v: Any, p: list) -> Any:
    if not p:
        return None
    if v is None:
        return None
    k = p[0]
    if len(p) > 1:
        child = index(v, k)
        if child is None:
            return v
        return setpath(v, [k], _delpath(child, p[1:]))
    if isinstance(v, dict) and isinstance(k, str):
        return {key: x for key, x in v.items() if key != k}
    if isinstance(v, list) and isinstance(k, float):
        i = _int(k) + (len(v) if k < 0 else 0)
        return v[:i] + v[i + 1:] if 0 <= i < len(v) else v
    if isinstance(v, list) and isinstance(k, dict):
        start = _start(k.get("start"), len(v))
        return v[:start] + v[start + len(slice_of(v, k.get("start"), k.get("end"))):]
    index(v, k)
    raise JqError(f"Cannot delete field at index of {kind(v)}")


def _assign(node: Any, env: Env, v: Any) -> Iterator[Any]:
    op, lhs, rhs = node[1], node[2], node[3]
    paths = [list(p) for _, p in ev(lhs, env, v, ())]
    if op == "|=":
        out = v
        for p in paths:
            for new, _ in ev(rhs, env, getpath(out, p), None):
                out = setpath(out, p, new)
                break
        yield out
        return
    for x, _ in ev(rhs, env, v, None):
        out = v
        for p in paths:
            if op == "=":
                new = x
            elif op == "//=":
                old = getpath(out, p)
                new = old if truthy(old) else x
            else:
                new = jq_eval.OPS[op[:-1]](getpath(out, p), x)
            out = setpath(out, p, new)
        yield out


jq_eval.HOOKS["assign"] = _assign
