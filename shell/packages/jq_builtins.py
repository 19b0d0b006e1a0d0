"""jq 1.6's builtins written in Python (the rest are jq definitions in jq_run.PRELUDE)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from shelldojo.shell.packages import jq_ops
from shelldojo.shell.packages.jq_eval import NATIVES, Call, Pair
from shelldojo.shell.packages.jq_json import ParseError, desc, dump, kind, parse_one
from shelldojo.shell.packages.jq_lex import JqError
from shelldojo.shell.packages.jq_regex import REGEX
from shelldojo.shell.packages.jq_values import order, truthy


def native(name: str, arity: int = 0) -> Callable:
    def register(fn: Callable[[Call], Iterator[Pair]]) -> Callable:
        NATIVES[(name, arity)] = fn
        return fn
    return register


def simple(name: str) -> Callable:
    """A builtin that maps its input to one value (and has no path)."""
    def register(fn: Callable[[Any], Any]) -> Callable:
        def run(c: Call) -> Iterator[Pair]:
            yield c.nonpath(fn(c.v))
        NATIVES[(name, 0)] = run
        return fn
    return register


def with_args(name: str, arity: int) -> Callable:
    """A builtin of its input and the values of its arguments (every combination, last outermost)."""
    def register(fn: Callable[..., Any]) -> Callable:
        def run(c: Call) -> Iterator[Pair]:
            def combos(i: int, got: list) -> Iterator[list]:
                if i < 0:
                    yield got
                    return
                for x in c.vals(i):
                    yield from combos(i - 1, [x, *got])
            for args in combos(arity - 1, []):
                yield c.nonpath(fn(c.v, *args))
        NATIVES[(name, arity)] = run
        return fn
    return register


@native("empty")
def _empty(c: Call) -> Iterator[Pair]:
    return iter(())


@native("error")
def _error0(c: Call) -> Iterator[Pair]:
    raise JqError(c.v)


@native("error", 1)
def _error1(c: Call) -> Iterator[Pair]:
    for msg in c.vals(0):
        raise JqError(msg)
    return iter(())


@simple("not")
def _not(v: Any) -> bool:
    return not truthy(v)


@simple("type")
def _type(v: Any) -> str:
    return kind(v)


@simple("length")
def _length(v: Any) -> float:
    if v is None:
        return 0.0
    if isinstance(v, float):
        return abs(v)
    if isinstance(v, (str, list, dict)):
        return float(len(v))
    raise JqError(f"{desc(v)} has no length")


@simple("utf8bytelength")
def _utf8len(v: Any) -> float:
    if not isinstance(v, str):
        raise JqError(f"{desc(v)} only strings have UTF-8 byte length")
    return float(len(v.encode()))


@simple("keys")
def _keys(v: Any) -> list:
    if isinstance(v, dict):
        return sorted(v)
    if isinstance(v, list):
        return [float(i) for i in range(len(v))]
    raise JqError(f"{desc(v)} has no keys")


@simple("keys_unsorted")
def _keys_unsorted(v: Any) -> list:
    return list(v) if isinstance(v, dict) else _keys(v)


@with_args("has", 1)
def _has(v: Any, k: Any) -> bool:
    if isinstance(v, dict) and isinstance(k, str):
        return k in v
    if isinstance(v, list) and isinstance(k, float):
        return 0 <= k < len(v)
    raise JqError(f"Cannot check whether {kind(v)} has a {kind(k)} key")


def contains(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return all(k in a and contains(a[k], x) for k, x in b.items())
    if isinstance(a, list) and isinstance(b, list):
        return all(any(contains(x, y) for x in a) for y in b)
    if isinstance(a, str) and isinstance(b, str):
        return b in a
    if kind(a) == kind(b):
        return order(a) == order(b)
    raise JqError(f"{desc(a)} and {desc(b)} cannot have their containment checked")


with_args("contains", 1)(contains)
simple("tostring")(jq_ops.tostring)
simple("tojson")(lambda v: dump(v, indent=0))
simple("ascii_downcase")(lambda v: _ascii(v, str.lower))
simple("ascii_upcase")(lambda v: _ascii(v, str.upper))


def _ascii(v: Any, conv: Callable[[str], str]) -> str:
    if not isinstance(v, str):   # jq 1.6 defines them with explode
        raise JqError("explode input must be a string")
    return "".join(conv(ch) if ch.isascii() else ch for ch in v)


def _parse(text: str) -> Any:
    try:
        return parse_one(text)
    except ParseError as exc:
        raise JqError(f"{exc} (while parsing '{text}')") from None


@simple("tonumber")
def _tonumber(v: Any) -> Any:
    if isinstance(v, float):
        return v
    if isinstance(v, str):
        got = _parse(v)
        if isinstance(got, float):
            return got
    raise JqError(f"{desc(v)} cannot be parsed as a number")


@simple("fromjson")
def _fromjson(v: Any) -> Any:
    if not isinstance(v, str):
        raise JqError(f"{desc(v)} only strings can be parsed")
    return _parse(v)


@simple("explode")
def _explode(v: Any) -> list:
    if not isinstance(v, str):
        raise JqError("explode input must be a string")
    return [float(ord(ch)) for ch in v]


@simple("implode")
def _implode(v: Any) -> str:
    if not isinstance(v, list) or not all(isinstance(x, float) for x in v):
        raise JqError("Implode input must be an array")
    return "".join(chr(int(x)) if 0 <= x < 0x110000 else "\ufffd" for x in v)


@with_args("ltrimstr", 1)
def _ltrimstr(v: Any, p: Any) -> Any:
    return v[len(p):] if isinstance(v, str) and isinstance(p, str) and v.startswith(p) else v


@with_args("rtrimstr", 1)
def _rtrimstr(v: Any, p: Any) -> Any:
    ok = isinstance(v, str) and isinstance(p, str) and p and v.endswith(p)
    return v[:-len(p)] if ok else v


@with_args("startswith", 1)
def _startswith(v: Any, p: Any) -> bool:
    if not isinstance(v, str) or not isinstance(p, str):
        raise JqError("startswith() requires string inputs")
    return v.startswith(p)


@with_args("endswith", 1)
def _endswith(v: Any, p: Any) -> bool:
    if not isinstance(v, str) or not isinstance(p, str):
        raise JqError("endswith() requires string inputs")
    return v.endswith(p)


@with_args("split", 1)
def _split(v: Any, sep: Any) -> list:
    if not isinstance(v, str) or not isinstance(sep, str):
        raise JqError("split input and separator must be strings")
    return jq_ops.split(v, sep)


def need_array(v: Any, verb: str = "sorted") -> list:
    if isinstance(v, list):
        return v
    if isinstance(v, dict):
        raise JqError(f"{desc(v)} cannot be {verb}, as it is not an array")
    raise JqError(f"Cannot iterate over {desc(v)}" if v is not None else "Cannot iterate over null (null)")


@simple("sort")
def _sort(v: Any) -> list:
    if not isinstance(v, list):
        raise JqError(f"{desc(v)} cannot be sorted, as it is not an array")
    return sorted(v, key=order)


def _keyed(c: Call, verb: str = "sorted") -> list[tuple[Any, Any]]:
    items = need_array(c.v, verb)
    return [(tuple(order(k) for k in c.vals(0, x, True)), x) for x in items]


def _by(name: str) -> Callable:
    def register(fn: Callable[[list[tuple[Any, Any]]], Any]) -> None:
        def run(c: Call) -> Iterator[Pair]:
            yield c.nonpath(fn(_keyed(c)))
        NATIVES[(name, 1)] = run
    return register


@_by("sort_by")
def _sort_by(pairs: list) -> list:
    return [x for _, x in sorted(pairs, key=lambda p: p[0])]


def _groups(pairs: list) -> list[list]:
    out: list[tuple[Any, list]] = []
    for k, x in sorted(pairs, key=lambda p: p[0]):
        if out and out[-1][0] == k:
            out[-1][1].append(x)
        else:
            out.append((k, [x]))
    return [g for _, g in out]


_by("group_by")(_groups)
_by("unique_by")(lambda pairs: [g[0] for g in _groups(pairs)])
simple("unique")(lambda v: [g[0] for g in _groups([((order(x),), x) for x in need_array(v)])])


def _extreme(pairs: list, is_min: bool) -> Any:
    best = None
    for k, x in pairs:
        if best is None or (k < best[0] if is_min else k >= best[0]):
            best = (k, x)
    return None if best is None else best[1]


_by("min_by")(lambda pairs: _extreme(pairs, True))
_by("max_by")(lambda pairs: _extreme(pairs, False))
simple("min")(lambda v: _extreme([(order(x), x) for x in need_array(v)], True))
simple("max")(lambda v: _extreme([(order(x), x) for x in need_array(v)], False))


@simple("reverse")
def _reverse(v: Any) -> Any:
    if v is None:
        return []
    if isinstance(v, list):
        return v[::-1]
    raise JqError(f"Cannot index {kind(v)} with number")


@with_args("flatten", 1)
def _flatten(v: Any, depth: Any) -> list:
    if isinstance(depth, float) and depth < 0:
        raise JqError("flatten depth must not be negative")
    out: list = []
    for x in need_array(v):
        if isinstance(x, list) and depth > 0:
            out.extend(_flatten(x, depth - 1))
        else:
            out.append(x)
    return out


simple("flatten")(lambda v: _flatten(v, 1e9))


NATIVES.update(REGEX)
