"""Compiling a jq program (parse, then jq's `X/N is not defined` checks) and running it."""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from shelldojo.shell.packages import jq_builtins, jq_dates, jq_ops, jq_streams  # noqa: F401  (register natives, ops)
from shelldojo.shell.packages.jq_eval import NATIVES, Env, FuncDef, ev
from shelldojo.shell.packages.jq_lex import CompileError
from shelldojo.shell.packages.jq_parse import Parser

# builtins that jq 1.6 defines in jq itself, written here in jq
PRELUDE = r"""
def values: select(. != null);
def nulls: select(. == null);
def booleans: select(type == "boolean");
def numbers: select(type == "number");
def strings: select(type == "string");
def arrays: select(type == "array");
def objects: select(type == "object");
def iterables: select(type | . == "array" or . == "object");
def scalars: select(type | . != "array" and . != "object");
def map(f): [.[] | f];
def select(f): if f then . else empty end;
def recurse(f): def rec: ., (f | rec); rec;
def recurse(f; cond): def rec: ., (f | select(cond) | rec); rec;
def recurse: recurse(.[]?);
def to_entries: [keys_unsorted[] as $k | {key: $k, value: .[$k]}];
def from_entries: reduce .[] as $e ({};
  . + {($e | .key // .Key // .name // .Name): ($e | if has("value") then .value else .Value end)});
def with_entries(f): to_entries | map(f) | from_entries;
def add: reduce .[] as $x (null; . + $x);
def join($sep): reduce .[] as $x (null;
  (if . == null then "" else . + $sep end)
  + ($x | if type == "boolean" or type == "number" then tostring elif . == null then "" else . end)) // "";
def del(f): delpaths([path(f)]);
def paths: path(..) | select(length > 0);
def paths(f): . as $in | paths | select(. as $p | $in | getpath($p) | f);
def leaf_paths: paths(scalars);
def in(xs): . as $x | xs | has($x);
def inside(xs): . as $x | xs | contains($x);
def range($n): range(0; $n);
def map_values(f): .[] |= f;
def walk(f): . as $in | if type == "object" then
    reduce keys_unsorted[] as $k ({}; . + {($k): ($in[$k] | walk(f))}) | f
  elif type == "array" then map(walk(f)) | f else f end;
def until(cond; update): def u: if cond then . else (update | u) end; u;
def while(cond; update): def w: if cond then ., (update | w) else empty end; w;
def repeat(f): def r: f | (., r); r;
def first: .[0];
def last: .[-1];
def nth($n): .[$n];
def nth($n; f): if $n < 0 then error("nth doesn't support negative indices") else last(limit($n + 1; f)) end;
def combinations: if length == 0 then [] else .[0][] as $x | (.[1:] | combinations) as $rest | [$x] + $rest end;
def combinations(n): . as $in | [range(n) | $in] | combinations;
def transpose: if . == [] then [] else . as $in | (map(length) | max) as $n
  | [range(0; $n) as $j | [range(0; $in | length) as $i | $in[$i][$j]]] end;
"""


@functools.cache
def _prelude() -> Env:
    env = Env()
    node = Parser(PRELUDE + " .").parse()
    while node[0] == "def":
        env.funcs[(node[1], len(node[2]))] = FuncDef(node[2], node[3], env)
        node = node[4]
    return env


def _scope_names() -> set[tuple[str, int]]:
    return set(NATIVES) | set(_prelude().funcs)


class Program:
    def __init__(self, text: str, variables: dict[str, Any]) -> None:
        self.node = Parser(text).parse()
        errors: list[tuple[str, int]] = []
        _check(self.node, frozenset(variables) | {"ENV", "__loc__"}, frozenset(_scope_names()), errors)
        if errors:
            err = CompileError(errors[0][0], errors[0][1])
            err.extra = errors[1:]
            raise err
        self.variables = variables

    def run(self, value: Any, runtime: Any) -> Iterator[Any]:
        env = Env(_prelude())
        env.vars.update(self.variables)
        env.vars["*rt*"] = runtime
        env.vars["ENV"] = runtime.environ
        for x, _ in ev(self.node, env, value, None):
            yield x


def _check(node: Any, vars_: frozenset, funcs: frozenset, errors: list) -> None:
    """jq's compile-time checks: every variable and function (name/arity) must be defined."""
    if not isinstance(node, tuple) or not node:
        return
    k = node[0]
    if k == "var" and node[1] not in vars_:
        errors.append((f"${node[1]} is not defined", node[2]))
    elif k == "call":
        if (node[1], len(node[2])) not in funcs:
            errors.append((f"{node[1]}/{len(node[2])} is not defined", node[3]))
        for a in node[2]:
            _check(a, vars_, funcs, errors)
    elif k == "def":
        name, params, body, rest = node[1:]
        inner = funcs | {(name, len(params))} | {(p.lstrip("$"), 0) for p in params}
        _check(body, vars_ | {p[1:] for p in params if p.startswith("$")}, inner, errors)
        _check(rest, vars_, funcs | {(name, len(params))}, errors)
    elif k == "as":
        _check(node[1], vars_, funcs, errors)
        _check(node[3], vars_ | _pattern_vars(node[2][0]), funcs, errors)
    elif k in ("reduce", "foreach"):
        _, source, pat, init, update, extract = node
        _check(source, vars_, funcs, errors)
        _check(init, vars_, funcs, errors)
        for part in (update, extract):
            _check(part, vars_ | _pattern_vars(pat), funcs, errors)
    elif k == "label":
        _check(node[2], vars_ | {"*label*" + node[1]}, funcs, errors)
    elif k == "break" and "*label*" + node[1] not in vars_:
        errors.append((f"$*label-{node[1]} is not defined", 0))
    else:
        _walk(node, lambda child: _check(child, vars_, funcs, errors))


def _walk(node: Any, visit: Callable[[Any], None]) -> None:
    for part in node[1:]:
        if isinstance(part, tuple) and part and isinstance(part[0], str):
            visit(part)
        elif isinstance(part, list):
            for item in part:
                if isinstance(item, tuple) and item and isinstance(item[0], str):
                    visit(item)
                elif isinstance(item, tuple):
                    for sub in item:
                        if isinstance(sub, tuple):
                            visit(sub)


def _pattern_vars(pat: Any) -> frozenset:
    if pat[0] == "pvar":
        return frozenset({pat[1]})
    if pat[0] == "pboth":
        return frozenset({pat[1]}) | _pattern_vars(pat[2])
    items = pat[1] if pat[0] == "parray" else [p for _, p in pat[1]]
    out: frozenset = frozenset()
    for p in items:
        out |= _pattern_vars(p)
    return out
