"""Function definitions, simple commands and their redirections (the parser's leaves)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from shelldojo.shell.syntax import ast
from shelldojo.shell.syntax.lexer import heredoc_delimiter
from shelldojo.shell.syntax.tokens import NEST_COST, REDIR_OPS

if TYPE_CHECKING:
    from shelldojo.shell.syntax.parser import Parser

COMPOUND_STARTS = frozenset(("if", "while", "until", "for", "case", "{", "[[", "function"))
_DECLARATIONS = frozenset(("declare", "local", "typeset", "readonly", "export"))


def function_keyword(p: Parser) -> ast.Command:
    kw = p.take()
    tok = p.peek()
    if tok.kind != "WORD":
        raise p.unexpected(tok)
    p.take()
    nxt = p.peek()
    if nxt.kind == "OP" and nxt.value == "(":
        p.take()
        p.expect_op(")")
    return function_body(p, tok.value, kw.line)


def function_body(p: Parser, name: str, line: int) -> ast.Command:
    p.skip_newlines()
    tok = p.peek(True)
    if tok.kind == "OP" and tok.value == "(":
        body = p.paren_command(tok)
    elif tok.kind == "WORD" and tok.value in COMPOUND_STARTS and tok.value != "function" \
            and tok.is_reserved(tok.value):
        cost = NEST_COST.get(tok.value, 0) + 3  # bash's NAME ( ) pushes three more
        p.lx.nest(tok, cost)
        try:
            body = p.compound(tok.value)
        finally:
            p.lx.unnest(cost)
    else:
        raise p.unexpected(tok)
    fn = ast.FunctionDef(name, body, [], line)
    redirects(p, fn.redirects)
    return fn


def simple_command(p: Parser) -> ast.Command:
    assigns: list[ast.Assign] = []
    words: list[ast.Word] = []
    redirs: list[ast.Redirect] = []
    line = p.peek(True).line
    decl = False
    while True:
        tok = p.peek(not words or decl)
        kind = tok.kind
        if kind == "ASSIGN" and words:
            # `local a=(1 2)`: the declaration builtin gets the word "a=(1 2)"
            asg = tok.assign
            assert asg is not None
            if asg.array is None:
                tok = p.peek(False)
                kind = tok.kind
            else:
                p.take()
                parts: list[ast.WordPart] = [ast.Lit(asg.name + ("+=(" if asg.append else "=("))]
                for i, w in enumerate(asg.array):
                    # each element single-quoted, so the builtin can split them again
                    parts.append(ast.Lit(" '" if i else "'"))
                    parts.extend(w.parts)
                    parts.append(ast.Lit("'"))
                parts.append(ast.Lit(")"))
                words.append(ast.Word(parts))
                continue
        if kind == "ASSIGN":
            assigns.append(tok.assign)  # type: ignore[arg-type]
            p.take()
        elif kind == "WORD":
            if p.aliases is not None and (p.alias_next or (
                    not words and (assigns or redirs))):
                p.alias_next = False
                tok = p.expand_alias(tok)
                if tok.kind != "WORD":
                    continue
            p.take()
            words.append(tok.word)  # type: ignore[arg-type]
            if len(words) == 1:
                decl = tok.value in _DECLARATIONS and tok.is_reserved(tok.value)
            if len(words) == 1 and not assigns and not redirs:
                nxt = p.peek()
                if nxt.kind == "OP" and nxt.value == "(":
                    p.take()
                    p.expect_op(")")
                    return function_body(p, tok.value, line)
        elif kind == "IONUM" or (kind == "OP" and tok.value in REDIR_OPS):
            redirs.append(redirect(p))
        else:
            break
    p.alias_next = False
    return ast.SimpleCommand(assigns, words, redirs, line)


def redirects(p: Parser, out: list[ast.Redirect]) -> None:
    while True:
        tok = p.peek()
        if tok.kind == "IONUM" or (tok.kind == "OP" and tok.value in REDIR_OPS):
            out.append(redirect(p))
        else:
            return


def redirect(p: Parser) -> ast.Redirect:
    tok = p.take()
    fd = None
    varname = None
    if tok.kind == "IONUM":
        if tok.value.startswith("{"):
            varname = tok.value[1:-1]
        else:
            fd = int(tok.value)
        tok = p.peek()
        if tok.kind != "OP" or tok.value not in REDIR_OPS:
            raise p.unexpected(tok)
        p.take()
    op = tok.value
    target = p.peek()
    if target.kind != "WORD":
        raise p.unexpected(target)
    p.take()
    assert target.word is not None
    red = ast.Redirect(op, target.word, fd, varname=varname)
    if op in ("<<", "<<-"):
        delim, quoted = heredoc_delimiter(target.value)
        red.heredoc = ast.HereDoc(delim, quoted, op == "<<-")
        p.lx.pending.append(red.heredoc)
    return red
