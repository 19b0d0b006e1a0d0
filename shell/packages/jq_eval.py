"""jq 1.6's evaluator: runs a parsed program (jq_parse) as generators of (value, path) pairs.

A path is a tuple while the expression is evaluated for its paths (`path(f)`, `del`, `|=`),
None otherwise. Builtins written in Python register in NATIVES (jq_builtins fills it).
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from shelldojo.shell.budget import Budget, LimitExceeded
from shelldojo.shell.packages.jq_json import check_key, desc, dump, kind
from shelldojo.shell.packages.jq_lex import JqError
from shelldojo.shell.packages.jq_values import index, slice_of, truthy

Pair = tuple[Any, Any]
NATIVES: dict[tuple[str, int], Callable[[Call], Iterator[Pair]]] = {}
# the budget check of the command running jq in this thread (time, memory, Ctrl-C): a filter
# such as {a:(1,1,...),b:(1,1,...),...} multiplies its results without bound
CHECK: ContextVar[Callable[[], None] | None] = ContextVar("jq_check", default=None)
BUDGET: ContextVar[Budget | None] = ContextVar("jq_budget", default=None)   # its memory limit too
_ticks = [0]
# jq function calls nested in one thread (pipeline stages run jq in threads of their own): each
# level nests ~6 generators, which Python resumes on the C stack; measured: 3000 levels fit in a
# main thread's 8 MB, so 2000 leave room for the shell's own frames. jq itself runs in constant
# stack thanks to tail calls: `until(. > 100000; . + 1)` ends here with our limit instead.
MAX_NESTING = 2000
_nesting = threading.local()
_NONPATH = {"lit", "str", "format", "neg", "binop", "and", "or", "array", "object", "var",
            "reduce", "foreach", "assign"}


class Break(Exception):
    def __init__(self, label: object) -> None:
        super().__init__()
        self.label = label


class Env:
    __slots__ = ("funcs", "parent", "vars")

    def __init__(self, parent: Env | None = None) -> None:
        self.parent = parent
        self.vars: dict[str, Any] = {}
        self.funcs: dict[tuple[str, int], Any] = {}

    def var(self, name: str) -> Any:
        env: Env | None = self
        while env is not None:
            if name in env.vars:
                return env.vars[name]
            env = env.parent
        raise JqError(f"${name} is not defined")

    def func(self, key: tuple[str, int]) -> Any:
        env: Env | None = self
        while env is not None:
            if key in env.funcs:
                return env.funcs[key]
            env = env.parent
        return NATIVES.get(key)


class FuncDef:
    __slots__ = ("body", "env", "params")

    def __init__(self, params: list[str], body: Any, env: Env) -> None:
        self.params, self.body, self.env = params, body, env


class Closure:
    __slots__ = ("env", "node")

    def __init__(self, node: Any, env: Env) -> None:
        self.node, self.env = node, env


class Call:
    """What a native builtin receives: its input, its input's path, its argument closures."""

    def __init__(self, env: Env, args: list[Any], v: Any, path: tuple | None) -> None:
        self.env, self.args, self.v, self.path = env, args, v, path

    def vals(self, i: int, inp: Any = None, use_input: bool = False) -> Iterator[Any]:
        for x, _ in ev(self.args[i], self.env, inp if use_input else self.v, None):
            yield x

    def pairs(self, i: int) -> Iterator[Pair]:
        return ev(self.args[i], self.env, self.v, self.path)

    def pairs_from(self, i: int, path: tuple) -> Iterator[Pair]:
        return ev(self.args[i], self.env, self.v, path)

    def nonpath(self, value: Any) -> Pair:
        if self.path is not None:
            raise invalid_path(value)
        return value, None


def invalid_path(value: Any) -> JqError:
    text = dump(value, indent=0)
    return JqError(f"Invalid path expression with result {text[:11] + '...' if len(text) > 14 else text}")


def tick() -> None:
    _ticks[0] += 1
    if not _ticks[0] & 1023:
        check = CHECK.get()
        if check is not None:
            check()


def ev(node: Any, env: Env, v: Any, path: tuple | None) -> Iterator[Pair]:
    tick()
    k = node[0]
    if path is not None and k in _NONPATH:
        for x, _ in ev(node, env, v, None):
            raise invalid_path(x)
        return
    if k == "id":
        yield v, path
    elif k == "lit":
        yield node[1], None
    elif k == "pipe":
        for x, p in ev(node[1], env, v, path):
            yield from ev(node[2], env, x, p)
    elif k == "comma":
        yield from ev(node[1], env, v, path)
        yield from ev(node[2], env, v, path)
    elif k == "index":
        for b, bp in ev(node[1], env, v, path):
            for key, _ in ev(node[2], env, v, None):
                yield index(b, key), None if bp is None else bp + (key,)
    elif k == "slice":
        for b, bp in ev(node[1], env, v, path):
            for hi in [None] if node[3] is None else (x for x, _ in ev(node[3], env, v, None)):
                for lo in [None] if node[2] is None else (x for x, _ in ev(node[2], env, v, None)):
                    yield slice_of(b, lo, hi), None if bp is None else bp + ({"start": lo, "end": hi},)
    elif k == "each":
        for b, bp in ev(node[1], env, v, path):
            if isinstance(b, list):
                for i, x in enumerate(b):
                    tick()
                    yield x, None if bp is None else bp + (float(i),)
            elif isinstance(b, dict):
                for key, x in list(b.items()):
                    yield x, None if bp is None else bp + (key,)
            else:
                raise JqError(f"Cannot iterate over {desc(b)}")
    elif k == "try":
        try:
            yield from ev(node[1], env, v, path)
        except JqError as exc:
            if node[2] is not None:
                yield from ev(node[2], env, exc.value, None)
    elif k == "if":
        yield from _if(node[1], node[2], env, v, path)
    elif k == "alt":
        found = False
        try:
            for x, p in ev(node[1], env, v, path):
                if truthy(x):
                    found = True
                    yield x, p
        except JqError:
            pass
        if not found:
            yield from ev(node[2], env, v, path)
    elif k in ("and", "or"):
        for a, _ in ev(node[1], env, v, None):
            if truthy(a) == (k == "or"):
                yield k == "or", None
                continue
            for b, _ in ev(node[2], env, v, None):
                yield truthy(b), None
    elif k == "neg":
        for x, _ in ev(node[1], env, v, None):
            if not isinstance(x, float):
                raise JqError(f"{desc(x)} cannot be negated")
            yield -x, None
    elif k == "binop":
        from_ops = OPS[node[1]]
        for b, _ in ev(node[3], env, v, None):
            for a, _ in ev(node[2], env, v, None):
                yield from_ops(a, b), None
    elif k == "array":
        yield ([] if node[1] is None else [x for x, _ in _ticking(ev(node[1], env, v, None))]), None
    elif k == "object":
        yield from ((o, None) for o in _object(node[1], env, v))
    elif k == "str":
        yield from ((s, None) for s in _interpolate(node, env, v))
    elif k == "format":
        yield FORMATS[node[1]](v), None
    elif k == "var":
        yield env.var(node[1]), None
    elif k == "as":
        for x, _ in ev(node[1], env, v, None):
            for bound in bind(node[2][0], x, env, v):
                yield from ev(node[3], bound, v, path)
    elif k == "reduce":
        yield from _reduce(node, env, v)
    elif k == "foreach":
        yield from _foreach(node, env, v)
    elif k == "def":
        inner = Env(env)
        inner.funcs[(node[1], len(node[2]))] = FuncDef(node[2], node[3], inner)
        yield from ev(node[4], inner, v, path)
    elif k == "label":
        inner = Env(env)
        label = inner.vars["*label*" + node[1]] = object()
        try:
            yield from ev(node[2], inner, v, path)
        except Break as b:
            if b.label is not label:
                raise
    elif k == "break":
        raise Break(env.var("*label*" + node[1]))
    elif k == "call":
        yield from call(node[1], node[2], env, v, path)
    elif k == "assign":
        yield from ((x, None) for x in HOOKS["assign"](node, env, v))


def _ticking(pairs: Iterator[Pair]) -> Iterator[Pair]:
    """Collecting a generator's outputs checks the budget as they come (`[range(1e12)]`)."""
    for pair in pairs:
        tick()
        yield pair


def _if(branches: list, other: Any, env: Env, v: Any, path: tuple | None) -> Iterator[Pair]:
    cond, then = branches[0]
    for c, _ in ev(cond, env, v, None):
        if truthy(c):
            yield from ev(then, env, v, path)
        elif len(branches) > 1:
            yield from _if(branches[1:], other, env, v, path)
        else:
            yield from ev(other, env, v, path)


def _object(pairs: list, env: Env, v: Any) -> Iterator[dict]:
    if not pairs:
        yield {}
        return
    (knode, vnode), rest = pairs[0], pairs[1:]
    for key, _ in ev(knode, env, v, None):
        check_key(key)
        for val, _ in ev(vnode, env, v, None):
            for tail in _object(rest, env, v):
                tick()
                yield {key: val, **tail}


def _interpolate(node: Any, env: Env, v: Any, parts: list | None = None) -> Iterator[str]:
    parts = node[2] if parts is None else parts
    if not parts:
        yield ""
        return
    head, rest = parts[0], parts[1:]
    if isinstance(head, str):
        for tail in _interpolate(node, env, v, rest):
            yield head + tail
        return
    fmt = FORMATS[node[1]]
    # the last interpolation varies slowest, as jq 1.6 builds the string
    for tail in _interpolate(node, env, v, rest):
        for x, _ in ev(head, env, v, None):
            yield fmt(x) + tail


def bind(pat: Any, value: Any, env: Env, dot: Any) -> Iterator[Env]:
    """Environments binding a destructuring pattern's variables to parts of `value`."""
    if pat[0] == "pvar":
        inner = Env(env)
        inner.vars[pat[1]] = value
        yield inner
    elif pat[0] == "pboth":
        inner = Env(env)
        inner.vars[pat[1]] = value
        yield from bind(pat[2], value, inner, dot)
    elif pat[0] == "parray":
        yield from _bind_all([(("lit", float(i)), p) for i, p in enumerate(pat[1])], value, env, dot, "array")
    else:
        yield from _bind_all(pat[1], value, env, dot, "object")


def _bind_all(items: list, value: Any, env: Env, dot: Any, want: str) -> Iterator[Env]:
    if not items:
        yield env
        return
    (knode, sub), rest = items[0], items[1:]
    if value is not None and kind(value) != want:
        raise JqError(f"Cannot index {kind(value)} with {'number' if want == 'array' else 'string'}"
                      + ("" if want == "array" else f' "{knode[1]}"' if knode[0] == "lit" else ""))
    for key, _ in ev(knode, env, dot, None):
        for inner in bind(sub, index(value, key), env, dot):
            yield from _bind_all(rest, value, inner, dot, want)


def _reduce(node: Any, env: Env, v: Any) -> Iterator[Pair]:
    _, source, pat, init, update, _x = node
    for acc, _ in ev(init, env, v, None):
        for x, _ in ev(source, env, v, None):
            tick()
            for inner in bind(pat, x, env, v):
                last = None
                for last, _ in ev(update, inner, acc, None):
                    pass
                acc = last
        yield acc, None


def _foreach(node: Any, env: Env, v: Any) -> Iterator[Pair]:
    _, source, pat, init, update, extract = node
    for acc, _ in ev(init, env, v, None):
        state = acc
        for x, _ in ev(source, env, v, None):
            for inner in bind(pat, x, env, v):
                for new, _ in ev(update, inner, state, None):
                    state = new
                    if extract is None:
                        yield state, None
                    else:
                        yield from ev(extract, inner, state, None)


def call(name: str, args: list, env: Env, v: Any, path: tuple | None) -> Iterator[Pair]:
    target = env.func((name, len(args)))
    if isinstance(target, Closure):
        yield from ev(target.node, target.env, v, path)
    elif isinstance(target, FuncDef):
        yield from _call_def(target, args, env, v, path, Env(target.env), 0)
    elif target is not None:
        yield from target(Call(env, args, v, path))
    else:
        raise JqError(f"{name}/{len(args)} is not defined")


def _call_def(fd: FuncDef, args: list, env: Env, v: Any, path: tuple | None, inner: Env,
              i: int) -> Iterator[Pair]:
    if i == len(args):
        depth = getattr(_nesting, "depth", 0) + 1
        if depth > MAX_NESTING:
            raise LimitExceeded(f"jq nesting depth exceeded ({MAX_NESTING} nested calls)")
        _nesting.depth = depth
        try:
            yield from ev(fd.body, inner, v, path)
        finally:
            _nesting.depth -= 1
        return
    param = fd.params[i]
    if not param.startswith("$"):
        inner.funcs[(param, 0)] = Closure(args[i], env)
        yield from _call_def(fd, args, env, v, path, inner, i + 1)
        return
    for x, _ in ev(args[i], env, v, None):
        nxt = Env(inner)
        nxt.vars[param[1:]] = x
        nxt.funcs[(param[1:], 0)] = Closure(("lit", x), env)
        yield from _call_def(fd, args, env, v, path, nxt, i + 1)


# filled by jq_builtins: binary operators, @formats, and the assignment operators
OPS: dict[str, Callable[[Any, Any], Any]] = {}
FORMATS: dict[str, Callable[[Any], str]] = {}
HOOKS: dict[str, Callable[[Any, Env, Any], Iterator[Any]]] = {}   # "assign": `=`, `|=`, `+=`...
