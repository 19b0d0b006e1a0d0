"""jq 1.6's builtins that generate or follow paths (range, path, getpath, first, limit, any),
its math functions, and its I/O builtins (input, inputs, debug, stderr, input_filename, env)."""
from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

from shelldojo.shell.packages import jq_ops
from shelldojo.shell.packages.jq_builtins import native, need_array, simple, with_args
from shelldojo.shell.packages.jq_eval import NATIVES, Call, Pair, tick
from shelldojo.shell.packages.jq_json import desc, dump
from shelldojo.shell.packages.jq_lex import JqError
from shelldojo.shell.packages.jq_values import truthy


def _number_fn(name: str, fn: Callable[[float], float]) -> None:
    def run(v: Any) -> float:
        if not isinstance(v, float):
            raise JqError(f"{desc(v)} number required")
        try:
            return float(fn(v))
        except (ValueError, OverflowError):
            return math.nan
    simple(name)(run)


for _name, _fn in {"floor": math.floor, "ceil": math.ceil, "sqrt": math.sqrt, "fabs": math.fabs,
                   "round": lambda x: math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5),
                   "log": math.log, "log2": math.log2, "log10": math.log10, "exp": math.exp,
                   "exp10": lambda x: 10.0 ** x, "trunc": math.trunc}.items():
    _number_fn(_name, _fn)
with_args("pow", 2)(lambda v, a, b: float(a ** b) if isinstance(a, float) and isinstance(b, float)
                    else (_ for _ in ()).throw(JqError(f"{desc(a)} number required")))
simple("infinite")(lambda v: math.inf)
simple("nan")(lambda v: math.nan)
simple("isinfinite")(lambda v: _number_check(v) in (math.inf, -math.inf))
simple("isnan")(lambda v: _number_check(v) != _number_check(v))
simple("isnormal")(lambda v: (x := _number_check(v)) == x and x not in (0, math.inf, -math.inf))


def _number_check(v: Any) -> float:
    if not isinstance(v, float):
        raise JqError(f"{desc(v)} number required")
    return v


@native("range", 2)
def _range2(c: Call) -> Iterator[Pair]:
    for lo in c.vals(0):
        for hi in c.vals(1):
            if not isinstance(lo, float) or not isinstance(hi, float):
                raise JqError("Range bounds must be numeric")
            x = lo
            while x < hi:
                tick()
                yield c.nonpath(x)
                x += 1


@native("range", 3)
def _range3(c: Call) -> Iterator[Pair]:
    for lo in c.vals(0):
        for hi in c.vals(1):
            for by in c.vals(2):
                if by == 0:
                    if lo < hi:
                        yield c.nonpath(lo)
                    continue
                x = lo
                while (by > 0 and x < hi) or (by < 0 and x > hi):
                    tick()
                    yield c.nonpath(x)
                    x += by


@native("path", 1)
def _path(c: Call) -> Iterator[Pair]:
    for _, p in c.pairs_from(0, ()):
        yield c.nonpath(list(p))


@native("getpath", 1)
def _getpath(c: Call) -> Iterator[Pair]:
    for p in c.vals(0):
        if not isinstance(p, list):
            raise JqError("Path must be specified as an array")
        yield jq_ops.getpath(c.v, p), None if c.path is None else c.path + tuple(p)


with_args("setpath", 2)(lambda v, p, x: jq_ops.setpath(v, _path_arg(p), x))
with_args("delpaths", 1)(lambda v, ps: jq_ops.delpaths(v, ps) if isinstance(ps, list)
                         else (_ for _ in ()).throw(JqError("Paths must be specified as an array")))


def _path_arg(p: Any) -> list:
    if not isinstance(p, list):
        raise JqError("Path must be specified as an array")
    return p


@native("first", 1)
def _first(c: Call) -> Iterator[Pair]:
    for pair in c.pairs(0):
        yield pair
        return


@native("last", 1)
def _last(c: Call) -> Iterator[Pair]:
    got = None
    for got in c.pairs(0):
        pass
    if got is not None:
        yield got


@native("limit", 2)
def _limit(c: Call) -> Iterator[Pair]:
    for n in c.vals(0):
        if n == 0:
            continue
        for count, pair in enumerate(c.pairs(1), 1):
            yield pair
            if 0 <= n <= count:
                break


@native("isempty", 1)
def _isempty(c: Call) -> Iterator[Pair]:
    for _ in c.pairs(0):
        yield c.nonpath(False)
        return
    yield c.nonpath(True)


def _any_all(name: str, arity: int, want: bool) -> None:
    def run(c: Call) -> Iterator[Pair]:
        if arity == 2:
            gen = (truthy(y) for x in c.vals(0) for y in c.vals(1, x, True))
        else:
            items = need_array(c.v) if not isinstance(c.v, dict) else list(c.v.values())
            gen = (truthy(y) for x in items for y in (c.vals(0, x, True) if arity else [x]))
        result = not want
        for ok in gen:
            if ok == want:
                result = want
                break
        yield c.nonpath(result)
    NATIVES[(name, arity)] = run


for _n in range(3):
    _any_all("any", _n, True)
    _any_all("all", _n, False)


@with_args("indices", 1)
def _indices(v: Any, x: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, str) and isinstance(x, str):
        if not x:
            return None
        data, sub = v.encode(), x.encode()
        return [float(i) for i in range(len(data)) if data.startswith(sub, i)]
    if isinstance(v, list):
        return jq_ops.index(v, x if isinstance(x, list) else [x])
    return jq_ops.index(v, x)


@with_args("index", 1)
def _index(v: Any, x: Any) -> Any:
    found = _indices(v, x)
    return found[0] if found else None


@with_args("rindex", 1)
def _rindex(v: Any, x: Any) -> Any:
    found = _indices(v, x)
    return found[-1] if found else None


@native("input")
def _input(c: Call) -> Iterator[Pair]:
    yield c.nonpath(c.env.var("*rt*").next_input())


@native("inputs")
def _inputs(c: Call) -> Iterator[Pair]:
    rt = c.env.var("*rt*")
    while rt.has_input():
        yield c.nonpath(rt.next_input())


@native("debug")
def _debug(c: Call) -> Iterator[Pair]:
    c.env.var("*rt*").stderr(dump(["DEBUG:", c.v], indent=0) + "\n")
    yield c.v, c.path


@native("stderr")
def _stderr(c: Call) -> Iterator[Pair]:
    c.env.var("*rt*").stderr(dump(c.v, indent=0))
    yield c.v, c.path


@native("input_filename")
def _input_filename(c: Call) -> Iterator[Pair]:
    yield c.nonpath(c.env.var("*rt*").filename)


@native("env")
def _env(c: Call) -> Iterator[Pair]:
    yield c.nonpath(c.env.var("ENV"))



def stream_events(v: Any, path: list) -> Iterator[list]:
    """`--stream` and `tostream`: [path, leaf] for each leaf, [path] closing each container."""
    if isinstance(v, (list, dict)) and v:
        last: Any = None
        for key, x in (enumerate(v) if isinstance(v, list) else v.items()):
            last = float(key) if isinstance(v, list) else key
            yield from stream_events(x, [*path, last])
        yield [[*path, last]]
    else:
        yield [path, v]


@native("tostream")
def _tostream(c: Call) -> Iterator[Pair]:
    for event in stream_events(c.v, []):
        yield c.nonpath(event)
