"""What cowsay 3.03 borrows from Perl, without Perl: getopts, Text::Wrap and its cow files.

A cow file is a small Perl script (`$the_cow = <<EOC; ... EOC`, the default cow and
three-eyes also run a statement or two before it).  It is read here, never evaluated: a
here-document is interpolated as Perl would ($var, ${var}, @array, backslash escapes), and
the few statements cow files use (`$a = chop($b);`, `$a .= ($b x 2);`, string assignments)
are run on a dict of variables.
"""
from __future__ import annotations

import re
import unicodedata

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "a": "\a", "e": "\x1b", "0": "\0"}
_HEREDOC = re.compile(r"""^\s*\$(\w+)\s*(\.?=)\s*<<\s*(?:"(\w+)"|'(\w+)'|(\w+))\s*;?\s*$""")
_ASSIGN = re.compile(r"^\s*\$(\w+)\s*(\.?=)\s*(.*?)\s*$", re.DOTALL)
# ${name}, $name, $. (Perl skips blanks between $ and a punctuation variable), @array
_VAR = re.compile(r"\$\{(\w+)\}|\$([A-Za-z_]\w*|\d+)|\$\s*(\.)|@(\w+)")


class CowError(Exception):
    """Perl's own message for a cow file it cannot compile (cowsay prints it after its name)."""


def interpolate(text: str, env: dict[str, str]) -> str:
    """A double-quoted Perl string: escapes, $scalars and @arrays (undefined ones are empty)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(ESCAPES.get(text[i + 1], text[i + 1]))
            i += 2
            continue
        if c in "$@":
            m = _VAR.match(text, i)
            if m:
                out.append("" if m[4] else env.get(m[1] or m[2] or m[3], ""))
                i = m.end()
                continue
        out.append(c)
        i += 1
    return "".join(out)


def _value(expr: str, env: dict[str, str]) -> str:
    """The small expressions cow files use: (e), e x N, chop($v), $v, 'lit', "lit", N."""
    expr = expr.strip()
    m = re.fullmatch(r"(.*\S)\s+x\s*(\d+)", expr, re.DOTALL)
    if m:
        return _value(m[1], env) * int(m[2])
    if expr.startswith("(") and expr.endswith(")"):
        return _value(expr[1:-1], env)
    m = re.fullmatch(r"chop\s*\(?\s*\$(\w+)\s*\)?", expr)
    if m:
        v = env.get(m[1], "")
        env[m[1]] = v[:-1]
        return v[-1:]
    if re.fullmatch(r"\$\w+", expr):
        return env.get(expr[1:], "")
    if len(expr) >= 2 and expr[0] == expr[-1] == "'":
        return re.sub(r"\\([\\'])", r"\1", expr[1:-1])
    if len(expr) >= 2 and expr[0] == expr[-1] == '"':
        return interpolate(expr[1:-1], env)
    return expr if re.fullmatch(r"-?\d+", expr) else ""


def _assign(env: dict[str, str], name: str, op: str, value: str) -> None:
    env[name] = env.get(name, "") + value if op == ".=" else value


def run_cowfile(source: str, path: str, env: dict[str, str]) -> str:
    """Run a cow file's statements on env ($thoughts, $eyes, $tongue); returns $the_cow."""
    lines = source.split("\n")
    i = 0
    while i < len(lines):
        line, start = lines[i], i + 1
        i += 1
        if line.lstrip().startswith("#"):
            continue
        head = _HEREDOC.match(line)
        if head:
            tag = head[3] or head[4] or head[5]
            body: list[str] = []
            while i < len(lines) and lines[i] != tag:
                body.append(lines[i])
                i += 1
            if i >= len(lines):
                raise CowError(f'Can\'t find string terminator "{tag}" anywhere before EOF at {path} line {start}.')
            i += 1
            text = "".join(b + "\n" for b in body)
            _assign(env, head[1], head[2], text if head[4] else interpolate(text, env))
            continue
        for statement in line.split(";"):
            m = _ASSIGN.match(statement)
            if m:
                _assign(env, m[1], m[2], _value(m[3], env))
    return env.get("the_cow", "")


# -- Getopt::Std ---------------------------------------------------------------
def getopts(spec: str, args: list[str], warn: list[str]) -> tuple[dict[str, str | None], list[str], str]:
    """Getopt::Std::getopts: (options, operands, '--help'/'--version' if asked).

    As Perl's: an unknown letter warns and goes on, `--x` is '-' then '-x', a missing
    argument leaves the option undefined without a word.
    """
    opts: dict[str, str | None] = {}
    args = list(args)
    asked = ""
    while args and len(args[0]) >= 2 and args[0][0] == "-":
        first, rest = args[0][1], args[0][2:]
        if args[0] == "--":
            args.pop(0)
            break
        pos = spec.find(first)
        if pos >= 0:
            if spec[pos + 1:pos + 2] == ":":
                args.pop(0)
                if rest == "":
                    rest = args.pop(0) if args else None  # type: ignore[assignment]
                opts[first] = rest
            else:
                opts[first] = "1"
                if rest == "":
                    args.pop(0)
                else:
                    args[0] = "-" + rest
        elif first == "-" and rest in ("help", "version"):
            asked = asked or rest
            args.pop(0)
        else:
            warn.append(f"Unknown option: {first}\n")
            if rest:
                args[0] = "-" + rest
            else:
                args.pop(0)
    return opts, args, asked


# -- Text::Wrap -----------------------------------------------------------------
def mbswidth(text: str) -> int:
    """Text::CharWidth's width: the sum of wcwidth (wide 2, combining 0, a control -1)."""
    width = 0
    for c in text:
        if unicodedata.category(c) == "Cc":
            width -= 1
        elif unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me"):
            continue
        else:
            width += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return width


def _graphemes(text: str) -> list[str]:
    """Perl's \\PM\\pM*: a character with the marks that follow it."""
    out: list[str] = []
    for c in text:
        if out and unicodedata.category(c).startswith("M") and out[-1] != "\n":
            out[-1] += c
        else:
            out.append(c)
    return out


def perl_wrap(text: str, columns: int) -> str | None:
    """Text::Wrap::wrap('', '', text) with $columns: lines of at most columns-1 characters.

    None when Text::Wrap gives up (columns < 2 on a word): it then returns its argument
    count, which cowsay prints.
    """
    if columns < 2:
        # Perl's regex then matches nothing twice at one place and wrap() bails out
        return None if text.strip() else ""
    g = _graphemes(text.expandtabs(8))
    ll = columns - 1
    out: list[str] = []
    remainder = ""
    p = 0
    while not all(x[0].isspace() for x in g[p:]):
        run = 0
        while run < ll and p + run < len(g) and g[p + run] != "\n":
            run += 1
        for k in range(run, -1, -1):
            at = p + k
            if at == len(g):
                out.append("".join(g[p:at]))
                remainder, p = "", at
                break
            if g[at][0].isspace():
                sep = 2 if g[at] == "\r" and at + 1 < len(g) and g[at + 1] == "\n" else 1
                out.append("".join(g[p:at]))
                remainder, p = "".join(g[at:at + sep]), at + sep
                break
        else:  # a word longer than the line: cut it ($huge = 'wrap')
            out.append("".join(g[p:p + ll]))
            remainder, p = "\n", p + ll
    return "\n".join(out) + remainder


def perl_fill(paragraphs: list[str], columns: int) -> list[str]:
    """split("\\n", fill('', '', @lines)) as cowsay does: paragraphs wrapped, blank line between."""
    joined = "\n".join(paragraphs)
    parts = re.split(r"\n\s+", joined)
    while parts and parts[-1] == "":  # Perl's split drops trailing empty fields
        parts.pop()
    filled = []
    for part in parts:
        wrapped = perl_wrap(re.sub(r"\s+", " ", part), columns)
        filled.append("3" if wrapped is None else wrapped)
    lines = "\n\n".join(filled).split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    return lines
