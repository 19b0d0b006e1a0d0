"""jq (package jq 1.6): a real subset of the jq language over JSON files and stdin.

Supported: `.`, `.key`, `."key"`, `.[N]`, `.[]`, `..`? no; `|`, `,`, comparisons, `and`/`or`,
`+ - * /`, `//`, literals, `[...]`, `{k: f}`, `select`, `map`, `length`, `keys`, `not`,
`type`, `add`, `sort`, `reverse`, `unique`, `first`, `last`, `has`, `tostring`, `tonumber`,
`empty`, `min`, `max`, `to_entries`, `ascii_downcase`, `ascii_upcase`, `join`, `values`.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from shell.commands.context import Context
from shell.commands.options import OptionSpec
from shell.commands.registry import command

HELP = """\
Usage:\tjq [OPTIONS] FILTER [FILES...]
\tjq [OPTIONS] --args FILTER [ARGUMENTS...]
\tjq [OPTIONS] --jsonargs FILTER [JSON_VALUES...]

jq is a tool for processing JSON inputs, applying the given filter to
its JSON text inputs and producing the filter's results as JSON on
standard output.

The simplest filter is ., which copies jq's input to its output
unmodified (except for formatting, but note that IEEE754 is used
for number representation internally, with all that that implies).

For more advanced filters see the jq(1) manpage ("man jq")
and/or https://stedolan.github.io/jq

Example:

\t$ echo '{"foo": 0}' | jq .
\t{
\t\t"foo": 0
\t}

Some of the options include:
  -c               compact instead of pretty-printed output;
  -n               use `null` as the single input value;
  -e               set the exit status code based on the output;
  -s               read (slurp) all inputs into an array; apply filter to it;
  -r               output raw strings, not JSON texts;
  -a               output ASCII with Unicode escape sequences;
  -j               like -r but no newline after each output;
  -S               sort keys of objects on output;
  --tab            use tabs for indentation;
  --arg a v        set variable $a to value <v>;
  --argjson a v    set variable $a to JSON value <v>;
See the manpage for more options.
"""
SPEC = OptionSpec("jq", short="cnrsjSaeC", long=["tab", "compact-output", "raw-output", "null-input",
                                                  "slurp", "sort-keys", "join-output", "ascii-output"],
                  help=HELP, version="jq-1.6\n", usage_status=2)


class JqError(Exception):
    pass


class CompileError(Exception):
    pass


_TOKEN = re.compile(r'\s*(?:(?P<num>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(?P<str>"(?:[^"\\]|\\.)*")'
                    r'|(?P<field>\.[A-Za-z_][A-Za-z0-9_]*)|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)'
                    r'|(?P<op>\.\.|==|!=|<=|>=|//|[.|,()\[\]{}:<>+\-*/?]))')


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        if not text[pos:].strip():
            break
        m = _TOKEN.match(text, pos)
        if not m:
            raise CompileError("syntax error, unexpected INVALID_CHARACTER (Unix shell quoting issues?)")
        kind = m.lastgroup or "op"
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> str | None:
        return self.toks[self.i][1] if self.i < len(self.toks) else None

    def take(self, want: str | None = None) -> tuple[str, str]:
        if self.i >= len(self.toks):
            raise CompileError("syntax error, unexpected $end (Unix shell quoting issues?)")
        tok = self.toks[self.i]
        if want is not None and tok[1] != want:
            raise CompileError(f"syntax error, unexpected {tok[1]} (Unix shell quoting issues?)")
        self.i += 1
        return tok

    def parse(self) -> Any:
        node = self.pipe()
        if self.i < len(self.toks):
            raise CompileError(f"syntax error, unexpected {self.toks[self.i][1]}, expecting $end "
                               "(Unix shell quoting issues?)")
        return node

    def pipe(self) -> Any:
        node = self.comma()
        while self.peek() == "|":
            self.take()
            node = ("pipe", node, self.comma())
        return node

    def comma(self) -> Any:
        node = self.alt()
        while self.peek() == ",":
            self.take()
            node = ("comma", node, self.alt())
        return node

    def alt(self) -> Any:
        node = self.logic()
        while self.peek() == "//":
            self.take()
            node = ("alt", node, self.logic())
        return node

    def logic(self) -> Any:
        node = self.compare()
        while self.peek() in ("and", "or"):
            op = self.take()[1]
            node = (op, node, self.compare())
        return node

    def compare(self) -> Any:
        node = self.additive()
        if self.peek() in ("==", "!=", "<", "<=", ">", ">="):
            op = self.take()[1]
            node = ("cmp", op, node, self.additive())
        return node

    def additive(self) -> Any:
        node = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()[1]
            node = ("arith", op, node, self.term())
        return node

    def term(self) -> Any:
        node = self.postfix()
        while self.peek() in ("*", "/"):
            op = self.take()[1]
            node = ("arith", op, node, self.postfix())
        return node

    def postfix(self) -> Any:
        node = self.primary()
        while True:
            nxt = self.peek()
            if nxt is None:
                return node
            kind = self.toks[self.i][0]
            if kind == "field":
                node = ("index", node, ("lit", self.take()[1][1:]))
            elif nxt == "." and self.i + 1 < len(self.toks) and self.toks[self.i + 1][1] == "[":
                self.take()
            elif nxt == "[":
                node = self.bracket(node)
            elif nxt == "?":
                self.take()
                node = ("try", node)
            else:
                return node

    def bracket(self, node: Any) -> Any:
        self.take("[")
        if self.peek() == "]":
            self.take()
            return ("each", node)
        idx = self.pipe()
        self.take("]")
        return ("index", node, idx)

    def primary(self) -> Any:
        kind, value = self.take()
        if kind == "num":
            return ("lit", float(value) if any(c in value for c in ".eE") else int(value))
        if kind == "str":
            return ("lit", json.loads(value))
        if kind == "field":
            return ("index", ("id",), ("lit", value[1:]))
        if value == ".":
            if self.peek() is not None and self.toks[self.i][0] == "str":
                return ("index", ("id",), ("lit", json.loads(self.take()[1])))
            return ("id",)
        if value == "..":
            return ("recurse",)
        if value == "(":
            node = self.pipe()
            self.take(")")
            return node
        if value == "[":
            if self.peek() == "]":
                self.take()
                return ("array", None)
            node = self.pipe()
            self.take("]")
            return ("array", node)
        if value == "{":
            return self.obj()
        if value == "-":
            return ("arith", "-", ("lit", 0), self.postfix())
        if kind == "ident":
            if value in ("true", "false", "null"):
                return ("lit", {"true": True, "false": False, "null": None}[value])
            args = []
            if self.peek() == "(":
                self.take()
                args.append(self.pipe())
                while self.peek() == ";":
                    self.take()
                    args.append(self.pipe())
                self.take(")")
            if (value, len(args)) not in _FUNCS:
                raise CompileError(f"{value}/{len(args)} is not defined")
            return ("call", value, args)
        raise CompileError(f"syntax error, unexpected {value} (Unix shell quoting issues?)")

    def obj(self) -> Any:
        pairs = []
        while self.peek() != "}":
            kind, key = self.take()
            kname: Any = ("lit", json.loads(key) if kind == "str" else key)
            if self.peek() == ":":
                self.take()
                val = self.alt()
            else:
                val = ("index", ("id",), kname)
            pairs.append((kname, val))
            if self.peek() == ",":
                self.take()
        self.take("}")
        return ("object", pairs)


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


_FUNCS = {("length", 0), ("keys", 0), ("map", 1), ("select", 1), ("not", 0), ("type", 0), ("add", 0),
          ("sort", 0), ("reverse", 0), ("unique", 0), ("first", 0), ("last", 0), ("has", 1),
          ("tostring", 0), ("tonumber", 0), ("empty", 0), ("min", 0), ("max", 0), ("to_entries", 0),
          ("ascii_downcase", 0), ("ascii_upcase", 0), ("join", 1), ("values", 0), ("sort_by", 1)}


def run(node: Any, v: Any) -> Iterator[Any]:
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
            results = [{**r, k: val} for r in results for k in run(knode, v) for val in run(vnode, v)]
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


@command("jq", family="packages", package="jq", summary="Command-line JSON processor")
def jq(ctx: Context, argv: list[str]) -> int:
    parsed = SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not parsed.operands:
        ctx.err(HELP.split("\n\n", 1)[0].replace("Usage:", "Usage:", 1) + "\n" + "Use jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://stedolan.github.io/jq\n")
        return 2
    compact = parsed.has("-c", "--compact-output")
    raw = parsed.has("-r", "--raw-output", "-j", "--join-output")
    end = "" if parsed.has("-j", "--join-output") else "\n"
    sort, tab = parsed.has("-S", "--sort-keys"), parsed.has("--tab")
    text, *files = parsed.operands
    try:
        prog = Parser(text).parse()
    except CompileError as exc:
        # jq echoes the program with a space after it when the error is at its end
        shown = text + (" " if "$end" in str(exc) else "")
        ctx.err(f"jq: error: {exc} at <top-level>, line 1:\n{shown}\njq: 1 compile error\n")
        return 3
    inputs: list[tuple[str, str]] = []
    for name in files:
        try:
            inputs.append((name, ctx.vfs.read_bytes(ctx.abspath(name)).decode("utf-8", "replace")))
        except OSError as exc:
            ctx.err(f"jq: error: Could not open file {name}: {exc.strerror}\n")
            return 2
    if not files:
        inputs.append(("<stdin>", ctx.stdin.read().decode("utf-8", "replace")))
    values: list[tuple[Any, str]] = []
    status = 0
    if parsed.has("-n", "--null-input"):
        values.append((None, "<unknown>"))
    else:
        for name, data in inputs:
            dec, pos = json.JSONDecoder(), 0
            while True:
                while pos < len(data) and data[pos] in " \t\r\n":
                    pos += 1
                if pos >= len(data):
                    break
                try:
                    value, pos = dec.raw_decode(data, pos)
                except json.JSONDecodeError:
                    bad = data[pos:].split("\n", 1)[0]
                    line = data[:pos].count("\n") + 1
                    kind = "numeric literal" if bad[:1].isalpha() and bad[:1] not in "tfn" or \
                        bad[:1] in "-0123456789" else "literal"
                    ctx.err(f"parse error: Invalid {kind} at line {line + 1}, column 0\n")
                    status = 4  # jq 1.6 itself: invalid input ends with status (measured with jq 1.6)
                    break
                values.append((value, f"{name}:{data[:pos].count(chr(10)) + (1 if data[pos:pos + 1] == chr(10) else 0)}"))
        if parsed.has("-s", "--slurp"):
            values = [([v for v, _ in values], values[-1][1] if values else "<stdin>:0")]
    for value, where in values:
        try:
            for result in run(prog, value):
                ctx.out(_dump(result, compact, raw, sort, tab) + end)
        except JqError as exc:
            ctx.err(f"jq: error (at {where}): {exc}\n")
            status = 5
        except RecursionError:
            ctx.err(f"jq: error (at {where}): too deep\n")
            status = 5
    return status
