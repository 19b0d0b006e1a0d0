"""jq 1.6's values: truthiness, its total order, indexing and slicing (with its error texts)."""
from __future__ import annotations

import math
from typing import Any

from shelldojo.shell.packages.jq_json import kind
from shelldojo.shell.packages.jq_lex import JqError


def truthy(v: Any) -> bool:
    return v is not None and v is not False


def order(v: Any) -> tuple:
    """jq's total order: null < false < true < numbers < strings < arrays < objects."""
    if v is None:
        return (0,)
    if v is False:
        return (1,)
    if v is True:
        return (2,)
    if isinstance(v, float):
        return (3, 0, 0.0) if math.isnan(v) else (3, 1, v)
    if isinstance(v, str):
        return (4, v)
    if isinstance(v, list):
        return (5, tuple(order(x) for x in v))
    keys = sorted(v)
    return (6, tuple(keys), tuple(order(v[k]) for k in keys))


def index(v: Any, k: Any) -> Any:
    if isinstance(v, dict) and isinstance(k, str):
        return v.get(k)
    if isinstance(v, list) and isinstance(k, float):
        if k != math.floor(k) or math.isinf(k):
            return None   # jq 1.6: a fractional index finds nothing
        i = int(k)
        if i < 0:
            i += len(v)
        return v[i] if 0 <= i < len(v) else None
    if isinstance(v, list) and isinstance(k, dict):
        return slice_of(v, k.get("start"), k.get("end"))
    if isinstance(v, list) and isinstance(k, list):
        return _indices(v, k)
    if v is None and isinstance(k, (str, float, dict)):
        return None
    what = f'"{k}"' if isinstance(k, str) else ""
    raise JqError(f"Cannot index {kind(v)} with {('string ' + what) if what else kind(k)}")


def _indices(v: list, sub: list) -> Any:
    if not sub:
        return None
    ks, n = [order(x) for x in sub], len(sub)
    vs = [order(x) for x in v]
    return [float(i) for i in range(len(v) - n + 1) if vs[i:i + n] == ks]


def _bound(x: Any, n: int, default: int) -> int:
    if x is None:
        return default
    if not isinstance(x, float):
        raise JqError("Start and end indices of an array slice must be numbers")
    i = 0 if math.isnan(x) else int(x)
    if i < 0:
        i = max(0, n + i)
    return min(i, n)


def slice_of(v: Any, start: Any, end: Any) -> Any:
    if v is None:
        return None
    if not isinstance(v, (list, str)):
        raise JqError(f"Cannot index {kind(v)} with object")
    n = len(v)
    a, b = _bound(start, n, 0), _bound(end, n, n)
    return v[a:max(a, b)]
