"""jq (package jq 1.6): a real subset of the jq language over JSON files and stdin.

Supported: `.`, `.key`, `."key"`, `.[N]`, `.[]`, `..`? no; `|`, `,`, comparisons, `and`/`or`,
`+ - * /`, `//`, literals, `[...]`, `{k: f}`, `select`, `map`, `length`, `keys`, `not`,
`type`, `add`, `sort`, `reverse`, `unique`, `first`, `last`, `has`, `tostring`, `tonumber`,
`empty`, `min`, `max`, `to_entries`, `ascii_downcase`, `ascii_upcase`, `join`, `values`.
"""
from __future__ import annotations

import json
from typing import Any

from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.context import Context
from shelldojo.shell.packages.jq_eval import CHECK, _dump, run
from shelldojo.shell.packages.jq_parse import CompileError, JqError, Parser
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("jq", short="cnrsjSaeC", long=["tab", "compact-output", "raw-output", "null-input",
                                                  "slurp", "sort-keys", "join-output", "ascii-output"],
                  help=verbatim("extras/jq_help"), version=verbatim("extras/jq_version"), usage_status=2)


@command("jq", family="packages", package="jq", summary="Command-line JSON processor")
def jq(ctx: Context, argv: list[str]) -> int:
    parsed = SPEC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if not parsed.operands:
        ctx.err(verbatim("extras/jq_help").split("\n\n", 1)[0] + "\n" + "Use jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://stedolan.github.io/jq\n")
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
    CHECK.set(ctx.check)
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
