"""Source text of a function as `type` and `declare -f` print it (bash's layout)."""
from __future__ import annotations

from shelldojo.shell.syntax import ast


def function_text(name: str, fn: ast.FunctionDef) -> str:
    body = fn.body
    inner = body.body if isinstance(body, ast.BraceGroup) else ast.CommandList([body])
    lines = [f"{name} () ", "{ "]
    items = inner.items if isinstance(inner, ast.CommandList) else [inner]
    texts = [_cmd(c, 1) for c in items]
    for i, t in enumerate(texts):
        lines.append(t + (";" if i < len(texts) - 1 else ""))
    lines.append("}")
    return "\n".join(lines)


def _word(w: ast.Word) -> str:
    return "".join(_part(p) for p in w.parts)


def _part(p: ast.WordPart) -> str:
    if isinstance(p, ast.Lit):
        return p.text
    if isinstance(p, ast.Escaped):
        return "\\" + p.text
    if isinstance(p, ast.SingleQuoted):
        return "'" + p.text.replace("'", "'\\''") + "'"
    if isinstance(p, ast.DoubleQuoted):
        return '"' + "".join(_part(x) for x in p.parts) + '"'
    if isinstance(p, ast.ParamSub):
        return "${" + p.name + "}" if p.braced else "$" + p.name
    if isinstance(p, ast.CommandSub):
        return "$(" + p.source + ")"
    if isinstance(p, ast.ArithSub):
        return "$((" + _word(p.expr) + "))"
    if isinstance(p, ast.ProcSubst):
        return p.direction + "(" + p.source + ")"
    return ""


def _cmd(c: ast.Command, depth: int) -> str:
    pad = "    " * depth
    if isinstance(c, ast.SimpleCommand):
        words = [f"{a.name}{'+' if a.append else ''}={_word(a.value) if a.value else ''}" for a in c.assigns]
        words += [_word(w) for w in c.words]
        words += [f"{_redirector(r)}{r.op}{'' if r.op.endswith('&') else ' '}{_word(r.target)}"
                  for r in c.redirects]
        return pad + " ".join(words)
    if isinstance(c, ast.Pipeline):
        text = " | ".join(_cmd(x, 0) for x in c.commands)
        return pad + _pipeline_prefix(c) + text
    if isinstance(c, ast.AndOr):
        text = _cmd(c.first, 0)
        for op, x in c.rest:
            text += f" {op} {_cmd(x, 0)}"
        return pad + text
    return pad + ":"


def command_text(c: ast.Command) -> str:
    """A command on one line as bash shows a job (`jobs`, the Done report)."""
    if isinstance(c, ast.SimpleCommand):
        words = [f"{a.name}{'+' if a.append else ''}={_word(a.value) if a.value else ''}" for a in c.assigns]
        words += [_word(w) for w in c.words]
        return " ".join(words + [_redirect(r) for r in c.redirects])
    if isinstance(c, ast.Pipeline):
        return _pipeline_prefix(c) + " | ".join(command_text(x) for x in c.commands)
    if isinstance(c, ast.AndOr):
        return command_text(c.first) + "".join(f" {op} {command_text(x)}" for op, x in c.rest)
    if isinstance(c, ast.CommandList):
        return "; ".join(command_text(x) for x in c.items)
    if isinstance(c, ast.Subshell):
        return " ".join(["( " + command_text(c.body) + " )", *(_redirect(r) for r in c.redirects)])
    if isinstance(c, ast.BraceGroup):
        return " ".join(["{ " + command_text(c.body) + "; }", *(_redirect(r) for r in c.redirects)])
    return _cmd(c, 0)


def _pipeline_prefix(c: ast.Pipeline) -> str:
    """bash keeps `time` and `!` as flags: it prints `time -p ! ` whatever the order typed."""
    return ("time " if c.timed else "") + ("-p " if c.posix else "") + ("! " if c.negated else "")


def _redirector(r: ast.Redirect) -> str:
    if r.varname is not None:
        return "{" + r.varname + "}"
    return "" if r.fd is None else str(r.fd)


def _redirect(r: ast.Redirect) -> str:
    fd = _redirector(r)
    if r.op.endswith("&"):  # 2>&1: bash writes a duplication without a space
        return f"{fd}{r.op}{_word(r.target)}"
    return f"{fd}{r.op} {_word(r.target)}"
