"""jq 1.6's evaluator: runs a parsed program (jq_parse) over JSON values, with jq's error texts."""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from shelldojo.shell.packages.jq_parse import JqError


def _type(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(v)]


def _desc(v: Any) -> str:
    text = json.dumps(v, separators=(",", ":"), ensure_ascii=False)
    return f"{_type(v)} ({text[:11] + '...' if len(text) > 14 else text})"


def _order(v: Any) -> tuple:
    rank = ["null", "boolean", "number", "string", "array", "object"].index(_type(v))
    if isinstance(v, dict):
        return (rank, sorted(v), [_order(v[k]) for k in sorted(v)])
    if isinstance(v, list):
        return (rank, [_order(x) for x in v])
    return (rank, v)


def _index(v: Any, k: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, dict) and isinstance(k, str):
        return v.get(k)
    if isinstance(v, list) and isinstance(k, (int, float)) and not isinstance(k, bool):
        i = int(k)
        return v[i] if -len(v) <= i < len(v) else None
    what = f'string "{k}"' if isinstance(k, str) else _type(k)
    raise JqError(f"Cannot index {_type(v)} with {what}")


def _arith(op: str, a: Any, b: Any) -> Any:
    if op == "+":
        if a is None:
            return b
        if b is None:
            return a
        if _type(a) == _type(b) and _type(a) in ("number", "string", "array"):
            return a + b
        if isinstance(a, dict) and isinstance(b, dict):
            return {**a, **b}
        raise JqError(f"{_desc(a)} and {_desc(b)} cannot be added")
    if op == "-" and _type(a) == _type(b) == "number":
        return a - b
    if op == "-" and isinstance(a, list) and isinstance(b, list):
        return [x for x in a if x not in b]
    if op == "*" and _type(a) == _type(b) == "number":
        return a * b
    if op == "/" and _type(a) == _type(b) == "number":
        if b == 0:
            raise JqError(f"{_desc(a)} and {_desc(b)} cannot be divided because the divisor is zero")
        return a / b
    verb = {"-": "subtracted", "*": "multiplied", "/": "divided"}[op]
    raise JqError(f"{_desc(a)} and {_desc(b)} cannot be {verb}")


def _truthy(v: Any) -> bool:
    return v is not None and v is not False


# the budget check of the command running jq in this thread (time, memory, Ctrl-C): a filter
# such as {a:(1,1,...),b:(1,1,...),...} multiplies its results without bound
CHECK: ContextVar[Callable[[], None] | None] = ContextVar("jq_check", default=None)
_ticks = [0]


def _tick() -> None:
    _ticks[0] += 1
    if not _ticks[0] & 1023:
        check = CHECK.get()
        if check is not None:
            check()


def run(node: Any, v: Any) -> Iterator[Any]:
    _tick()
    kind = node[0]
    if kind == "id":
        yield v
    elif kind == "lit":
        yield node[1]
    elif kind == "pipe":
        for x in run(node[1], v):
            yield from run(node[2], x)
    elif kind == "comma":
        yield from run(node[1], v)
        yield from run(node[2], v)
    elif kind == "index":
        for base in run(node[1], v):
            for k in run(node[2], v):
                yield _index(base, k)
    elif kind == "each":
        for base in run(node[1], v):
            if isinstance(base, list):
                yield from base
            elif isinstance(base, dict):
                yield from base.values()
            else:
                raise JqError(f"Cannot iterate over {_desc(base) if base is not None else 'null'}")
    elif kind == "try":
        try:
            yield from list(run(node[1], v))
        except JqError:
            return
    elif kind == "array":
        yield [] if node[1] is None else list(run(node[1], v))
    elif kind == "object":
        results: list[dict] = [{}]
        for knode, vnode in node[1]:
            grown: list[dict] = []
            for r in results:
                for k in run(knode, v):
                    for val in run(vnode, v):
                        _tick()
                        grown.append({**r, k: val})
            results = grown
        yield from results
    elif kind == "recurse":
        stack = [v]
        while stack:
            x = stack.pop()
            yield x
            if isinstance(x, list):
                stack.extend(reversed(x))
            elif isinstance(x, dict):
                stack.extend(reversed(list(x.values())))
    elif kind == "alt":
        got = [x for x in _quiet(node[1], v) if _truthy(x)]
        yield from got if got else run(node[2], v)
    elif kind in ("and", "or"):
        for a in run(node[1], v):
            if kind == "and" and not _truthy(a):
                yield False
            elif kind == "or" and _truthy(a):
                yield True
            else:
                for b in run(node[2], v):
                    yield _truthy(b)
    elif kind == "cmp":
        op = node[1]
        for b in run(node[3], v):
            for a in run(node[2], v):
                oa, ob = _order(a), _order(b)
                yield {"==": oa == ob, "!=": oa != ob, "<": oa < ob, "<=": oa <= ob,
                       ">": oa > ob, ">=": oa >= ob}[op]
    elif kind == "arith":
        for b in run(node[3], v):
            for a in run(node[2], v):
                yield _arith(node[1], a, b)
    elif kind == "call":
        yield from _call(node[1], node[2], v)


def _quiet(node: Any, v: Any) -> list[Any]:
    try:
        return list(run(node, v))
    except JqError:
        return []


def _call(name: str, args: list[Any], v: Any) -> Iterator[Any]:
    if name == "empty":
        return
    if name == "select":
        for c in run(args[0], v):
            if _truthy(c):
                yield v
        return
    if name == "map":
        if not isinstance(v, (list, dict)):
            raise JqError(f"Cannot iterate over {_desc(v)}")
        yield [y for x in (v if isinstance(v, list) else v.values()) for y in run(args[0], x)]
        return
    if name == "sort_by":
        if not isinstance(v, list):
            raise JqError(f"{_desc(v)} cannot be sorted, as it is not an array")
        yield sorted(v, key=lambda x: [_order(k) for k in run(args[0], x)])
        return
    if name == "has":
        for k in run(args[0], v):
            if isinstance(v, dict) and isinstance(k, str):
                yield k in v
            elif isinstance(v, list) and isinstance(k, (int, float)):
                yield 0 <= k < len(v)
            else:
                raise JqError(f"Cannot check whether {_type(v)} has a {_type(k)} key")
        return
    if name == "join":
        for sep in run(args[0], v):
            yield sep.join("" if x is None else x if isinstance(x, str) else json.dumps(x) for x in v)
        return
    yield _simple(name, v)


def _simple(name: str, v: Any) -> Any:
    t = _type(v)
    if name == "length":
        if t in ("string", "array", "object"):
            return len(v)
        if t == "null":
            return 0
        if t == "number":
            return abs(v)
        raise JqError(f"{_desc(v)} has no length")
    if name == "keys":
        if t == "object":
            return sorted(v)
        if t == "array":
            return list(range(len(v)))
        raise JqError(f"{_desc(v)} has no keys")
    if name == "not":
        return not _truthy(v)
    if name == "type":
        return t
    if name == "tostring":
        return v if t == "string" else json.dumps(v, separators=(",", ":"), ensure_ascii=False)
    if name == "tonumber":
        if t == "number":
            return v
        try:
            return int(v) if re.fullmatch(r"-?\d+", v) else float(v)
        except (TypeError, ValueError):
            raise JqError(f"Cannot parse '{v}' as JSON") from None
    if name in ("ascii_downcase", "ascii_upcase"):
        if t != "string":
            raise JqError(f"{name} input must be a string")
        return v.lower() if name == "ascii_downcase" else v.upper()
    if name == "to_entries":
        return [{"key": k, "value": x} for k, x in v.items()]
    items = list(v.values()) if t == "object" else v
    if t not in ("array", "object") and name != "values":
        raise JqError(f"Cannot iterate over {_desc(v)}" if name == "add" else f"{_desc(v)} cannot be sorted, as it is not an array")
    if name == "values":
        return v
    if name == "add":
        total = None
        for x in items:
            total = _arith("+", total, x)
        return total
    if name == "sort":
        return sorted(items, key=_order)
    if name == "unique":
        out = []
        for x in sorted(items, key=_order):
            if not out or _order(out[-1]) != _order(x):
                out.append(x)
        return out
    if name == "reverse":
        return items[::-1]
    if name in ("first", "last"):
        return (items[0] if name == "first" else items[-1]) if items else None
    if name in ("min", "max"):
        return (min if name == "min" else max)(items, key=_order) if items else None
    raise JqError(f"{name}/0 is not defined")


def _dump(v: Any, compact: bool, raw: bool, sort: bool, tab: bool) -> str:
    if raw and isinstance(v, str):
        return v
    v = _ints(v)
    if compact:
        return json.dumps(v, separators=(",", ":"), ensure_ascii=False, sort_keys=sort)
    return json.dumps(v, indent="\t" if tab else 2, ensure_ascii=False, sort_keys=sort)


def _ints(v: Any) -> Any:
    """jq prints integral numbers without a fraction (1.0 -> 1)."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e17:
        return int(v)
    if isinstance(v, list):
        return [_ints(x) for x in v]
    if isinstance(v, dict):
        return {k: _ints(x) for k, x in v.items()}
    return v
