"""Parser: AST shapes, bash's exact syntax errors, here-doc warnings, is_complete, aliases."""
from __future__ import annotations

import time

import pytest
from shelldojo.shell.syntax import ast
from shelldojo.shell.syntax.parser import Parser, is_complete, parse


def one(src: str) -> ast.Command:
    cl = parse(src)
    assert len(cl.items) == 1
    return cl.items[0]


def words(src: str) -> list[ast.Word]:
    cmd = one(src)
    assert isinstance(cmd, ast.SimpleCommand)
    return cmd.words


def err(src: str) -> ast.ParseError:
    p = Parser(src)
    with pytest.raises(ast.ParseError) as info:
        while p.next_command() is not None:
            pass
    return info.value


L = ast.Lit


# ----------------------------------------------------------------------------- words
def test_simple_words_and_quotes() -> None:
    ws = words("echo a#b \\$x \"a\\\"b $y\" 'c'd $'\\n\\x41\\u00e9\\e' $\"t\"  # comment")
    assert ws[1] == ast.Word([L("a#b")])
    assert ws[2] == ast.Word([ast.Escaped("$"), L("x")])
    assert ws[3] == ast.Word([ast.DoubleQuoted([L("a"), ast.Escaped('"'), L("b "), ast.ParamSub("y")])])
    assert ws[4] == ast.Word([ast.SingleQuoted("c"), L("d")])
    assert ws[5] == ast.Word([ast.SingleQuoted("\nA\u00e9\x1b")])
    assert ws[6] == ast.Word([ast.DoubleQuoted([L("t")])])
    assert len(ws) == 7


def test_line_continuation_and_reserved_words_as_args() -> None:
    assert words("echo a\\\nb") == [ast.Word([L("echo")]), ast.Word([L("ab")])]
    assert [w.literal() for w in words("echo if fi then }")] == ["echo", "if", "fi", "then", "}"]


@pytest.mark.parametrize("text,expect", [
    ("${#x}", ast.ParamSub("x", "#", length=True, braced=True)),
    ("${x:-w}", ast.ParamSub("x", ":-", ast.Word([L("w")]), braced=True)),
    ("${x##p}", ast.ParamSub("x", "##", ast.Word([L("p")]), braced=True)),
    ("${x%p}", ast.ParamSub("x", "%", ast.Word([L("p")]), braced=True)),
    ("${x//p/r}", ast.ParamSub("x", "//", ast.Word([L("p")]), ast.Word([L("r")]), braced=True)),
    ("${x/#p/r}", ast.ParamSub("x", "/#", ast.Word([L("p")]), ast.Word([L("r")]), braced=True)),
    ("${x:1:2}", ast.ParamSub("x", ":", ast.Word([L("1")]), ast.Word([L("2")]), braced=True)),
    ("${x:(-1)}", ast.ParamSub("x", ":", ast.Word([L("(-1)")]), braced=True)),
    ("${x^^}", ast.ParamSub("x", "^^", braced=True)),
    ("${x,}", ast.ParamSub("x", ",", braced=True)),
    ("${!x}", ast.ParamSub("x", "!", braced=True)),
    ("${!pre@}", ast.ParamSub("pre", "!@", braced=True)),
    ("${a[i]}", ast.ParamSub("a", index=ast.Word([L("i")]), braced=True)),
    ("${#a[@]}", ast.ParamSub("a", "#", index=ast.Word([L("@")]), length=True, braced=True)),
    ("${10}", ast.ParamSub("10", braced=True)),
    ("$1", ast.ParamSub("1")),
    ("$?", ast.ParamSub("?")),
    ("${#}", ast.ParamSub("#", braced=True)),
    ("${x!}", ast.ParamSub("x!", "bad", braced=True)),
])
def test_param_forms(text: str, expect: ast.ParamSub) -> None:
    assert words("echo " + text)[1] == ast.Word([expect])


def test_single_quotes_stay_literal_in_quoted_default() -> None:
    w = words("echo \"${x:-'a'}\"")[1]
    assert w.parts[0].parts[0].arg == ast.Word([L("'a'")])  # type: ignore[union-attr]


def test_command_and_arith_substitution() -> None:
    w = words("echo $(echo a) `echo \\`b\\`` $((1 + $(echo 2))) $((echo a); (echo b))")
    sub = w[1].parts[0]
    assert isinstance(sub, ast.CommandSub) and sub.source == "echo a" and not sub.backtick
    bt = w[2].parts[0]
    assert isinstance(bt, ast.CommandSub) and bt.backtick and bt.source == "echo `b`"
    ar = w[3].parts[0]
    assert isinstance(ar, ast.ArithSub) and isinstance(ar.expr.parts[1], ast.CommandSub)
    assert isinstance(w[4].parts[0], ast.CommandSub)


def test_assignments_only_before_command() -> None:
    cmd = one("a=1 b+=x c[2]=y d=(x 'y z') echo e=1")
    assert isinstance(cmd, ast.SimpleCommand)
    assert cmd.assigns[0] == ast.Assign("a", ast.Word([L("1")]))
    assert cmd.assigns[1].append and cmd.assigns[2].index == ast.Word([L("2")])
    assert cmd.assigns[3].array == [ast.Word([L("x")]), ast.Word([ast.SingleQuoted("y z")])]
    assert cmd.words[1] == ast.Word([L("e=1")])


def test_redirections() -> None:
    cmd = one("cmd >a >>b <c >|d <>e 2>f 2>>g &>h &>>i >&2 2>&1 <&0 <<<w")
    assert isinstance(cmd, ast.SimpleCommand)
    got = [(r.op, r.fd, r.target.literal()) for r in cmd.redirects]
    assert got == [(">", None, "a"), (">>", None, "b"), ("<", None, "c"), (">|", None, "d"),
                   ("<>", None, "e"), (">", 2, "f"), (">>", 2, "g"), ("&>", None, "h"),
                   ("&>>", None, "i"), (">&", None, "2"), (">&", 2, "1"), ("<&", None, "0"),
                   ("<<<", None, "w")]


def test_heredocs() -> None:
    cl = parse("cat <<EOF; cat <<-'X' <<\"Y\"\nhi $u\nEOF\n\t\tq $v\n\tX\ny\nY\necho after\n")
    first = cl.items[0]
    assert isinstance(first, ast.SimpleCommand)
    hd = first.redirects[0].heredoc
    assert hd is not None and not hd.quoted and hd.text == "hi $u\n"
    assert hd.body == ast.Word([L("hi "), ast.ParamSub("u"), L("\n")])
    second = cl.items[1]
    assert isinstance(second, ast.SimpleCommand)
    x, y = (r.heredoc for r in second.redirects)
    assert x is not None and x.quoted and x.strip_tabs and x.text == "q $v\n"
    assert y is not None and y.quoted and y.text == "y\n"
    assert len(cl.items) == 3


def test_heredoc_at_eof_warns() -> None:
    p = Parser("echo x\ncat <<A <<B\na\nA\nb")
    while p.next_command() is not None:
        pass
    assert p.warnings == [(5, "warning: here-document at line 4 delimited by end-of-file (wanted `B')")]


# ----------------------------------------------------------------------------- commands
def test_lists_and_pipelines() -> None:
    cl = parse("a; b & ! c | d && e || f")
    assert cl.background == [False, True, False]
    ao = cl.items[2]
    assert isinstance(ao, ast.AndOr) and [op for op, _ in ao.rest] == ["&&", "||"]
    assert isinstance(ao.first, ast.Pipeline) and ao.first.negated and len(ao.first.commands) == 2


def test_compound_commands() -> None:
    assert isinstance(one("( a; b ) >x"), ast.Subshell)
    bg = one("{ a; b; } 2>/dev/null")
    assert isinstance(bg, ast.BraceGroup) and len(bg.body.items) == 2 and bg.redirects[0].fd == 2
    iff = one("if a; then b; elif c; then d; else e; fi")
    assert isinstance(iff, ast.If) and len(iff.clauses) == 2 and iff.else_body is not None
    wh = one("until a\ndo\n b\ndone")
    assert isinstance(wh, ast.While) and wh.until and wh.body.line == 3
    fr = one("for x; do :; done")
    assert isinstance(fr, ast.For) and fr.words is None
    fr = one("for x in a 'b c'; do :; done")
    assert isinstance(fr, ast.For) and fr.words is not None and len(fr.words) == 2
    af = one("for ((i=0;;i++)); do :; done")
    assert isinstance(af, ast.ArithFor) and af.cond is None and af.init == ast.Word([L("i=0")])
    ac = one("(( x += 2 ))")
    assert isinstance(ac, ast.ArithCommand) and ac.expr == ast.Word([L(" x += 2 ")])


def test_case() -> None:
    c = one("case $x in\n (a|b) echo 1;;\n c) ;&\n *) echo 3;;&\n d) echo\nesac")
    assert isinstance(c, ast.Case)
    assert [len(i.patterns) for i in c.items] == [2, 1, 1, 1]
    assert [i.terminator for i in c.items] == [";;", ";&", ";;&", ";;"]
    assert c.items[1].body is None


def test_functions() -> None:
    for src in ("f() { echo; }", "f() ( echo )", "function f { echo; }", "function f() { :; }",
                "f()\n{\n:\n}"):
        fn = one(src)
        assert isinstance(fn, ast.FunctionDef) and fn.name == "f"
    fn = one("f() { :; } >out")
    assert isinstance(fn, ast.FunctionDef) and fn.redirects[0].target.literal() == "out"


def test_cond() -> None:
    c = one("[[ -f x && a == b* || ! ( c =~ ^a(b|c)$ ) ]]")
    assert isinstance(c, ast.CondCommand)
    e = c.expr
    assert isinstance(e, ast.CondOr) and isinstance(e.left, ast.CondAnd)
    assert e.left.left == ast.CondUnary("-f", ast.Word([L("x")]))
    assert e.left.right == ast.CondBinary("==", ast.Word([L("a")]), ast.Word([L("b*")]))
    assert isinstance(e.right, ast.CondNot)
    assert e.right.expr == ast.CondBinary("=~", ast.Word([L("c")]), ast.Word([L("^a(b|c)$")]))
    assert one("[[ a < b ]]").expr == ast.CondBinary("<", ast.Word([L("a")]), ast.Word([L("b")]))  # type: ignore[union-attr]


def test_line_numbers() -> None:
    cl = parse("a\n\nif b\nthen c\nfi\n")
    assert [c.line for c in cl.items] == [1, 3]  # type: ignore[union-attr]


# ----------------------------------------------------------------------------- errors
@pytest.mark.parametrize("src,msg,line,echo", [
    ("if then", "syntax error near unexpected token `then'", 1, "if then"),
    ("fi", "syntax error near unexpected token `fi'", 1, "fi"),
    (")", "syntax error near unexpected token `)'", 1, ")"),
    ("echo hi; ;", "syntax error near unexpected token `;'", 1, "echo hi; ;"),
    ("done", "syntax error near unexpected token `done'", 1, "done"),
    ("esac esac", "syntax error near unexpected token `esac'", 1, "esac esac"),
    ("|| x", "syntax error near unexpected token `||'", 1, "|| x"),
    ("| x", "syntax error near unexpected token `|'", 1, "| x"),
    (";;", "syntax error near unexpected token `;;'", 1, ";;"),
    ("echo start\necho hi >\necho after\n", "syntax error near unexpected token `newline'", 2, "echo hi >"),
    ("f() echo a", "syntax error near unexpected token `echo'", 1, "f() echo a"),
    ("if true\nthen\n  fi fi\n", "syntax error near unexpected token `fi'", 3, "  fi fi"),
    ("echo a &; b", "syntax error near unexpected token `;'", 1, "echo a &; b"),
    ("echo a=(1)", "syntax error near unexpected token `('", 1, "echo a=(1)"),
    ("{ echo;", "syntax error: unexpected end of file", 2, None),
    ("if true; then\n", "syntax error: unexpected end of file", 2, None),
    ("for x in; do", "syntax error: unexpected end of file", 2, None),
    ("while true; do echo\n\n", "syntax error: unexpected end of file", 3, None),
    ("for i in 1 2 3 do echo $i done\n\n", "syntax error: unexpected end of file", 3, None),
    ("echo \"abc\n\nd", "unexpected EOF while looking for matching `\"'", 1, None),
    ("x\necho 'abc", "unexpected EOF while looking for matching `''", 2, None),
    ("echo $(abc\nx", "unexpected EOF while looking for matching `)'", 3, None),
    ("echo $(if true; then", "unexpected EOF while looking for matching `)'", 2, None),
    ("echo $((1+\n\n", "unexpected EOF while looking for matching `)'", 1, None),
    ("echo `abc", "unexpected EOF while looking for matching ``'", 1, None),
    ("echo ${abc", "unexpected EOF while looking for matching `}'", 1, None),
    ("a=(1 2", "unexpected EOF while looking for matching `)'", 1, None),
    ("[[ a -eq ]]", "unexpected argument `]]' to conditional binary operator", 1, None),
    ("[[ a b ]]", "conditional binary operator expected", 1, None),
    ("[[ ( a ]]", "unexpected token `]]', expected `)'", 1, None),
    ("[[ a == b", "unexpected EOF while looking for `]]'", 1, None),
])
def test_errors(src: str, msg: str, line: int, echo: str | None) -> None:
    e = err(src)
    assert (e.message, e.line, e.source_line) == (msg, line, echo)


def test_error_statuses() -> None:
    assert err("a=(1 2").status == 1
    assert err("[[ a b ]]").status is None
    assert err("fi").status == 2


def test_next_command_runs_up_to_the_error() -> None:
    p = Parser("echo hi\nif then\n")
    assert isinstance(p.next_command(), ast.CommandList)
    with pytest.raises(ast.ParseError):
        p.next_command()


def test_is_complete() -> None:
    for src in ("echo hi\n", "if true; then echo; fi\n", "echo 'a\nb'\n", "cat <<E\nx\nE\n", "fi\n",
                "echo \\\\\n"):
        assert is_complete(src), src
    for src in ("if true; then\n", "echo 'a\n", "echo \"a\n", "echo a |\n", "echo a \\\n",
                "cat <<E\nx\n", "for x in a\n", "case x in\n", "echo $(\n", "f() {\n"):
        assert not is_complete(src), src


# ----------------------------------------------------------------------------- aliases
def test_aliases() -> None:
    table = {"ll": "ls -l", "ls": "ls --color=auto", "sudo": "sudo ", "two": "echo a; echo b"}

    def first(src: str) -> ast.Command:
        cmd = Parser(src, aliases=table.get).next_command()
        assert isinstance(cmd, ast.CommandList)
        return cmd

    def lits(cmd: ast.Command) -> list[str | None]:
        assert isinstance(cmd, ast.SimpleCommand)
        return [w.literal() for w in cmd.words]

    assert lits(first("ll /tmp").items[0]) == ["ls", "--color=auto", "-l", "/tmp"]
    assert lits(first("sudo ll").items[0]) == ["sudo", "ls", "--color=auto", "-l"]
    assert lits(first("echo ll").items[0]) == ["echo", "ll"]
    assert len(first("two").items) == 2
    assert lits(parse("ll").items[0]) == ["ll"]  # no aliases outside the REPL


def test_speed() -> None:
    chunk = ('for i in 1 2 3; do\n  if [[ -f "$d/f$i" && $i -gt 1 ]]; then\n'
             '    echo "x ${d##*/} $(basename "$i") $((i * 2))" >> out 2>&1\n  else\n'
             '    x=$(echo "$i" | tr a-z A-Z); arr=(a b "c d")\n  fi\ndone\n'
             'case $x in a|b) echo a;; *) echo "${x:-z}";; esac\n'
             'f() { local y=$1; echo "$y" | grep -q foo || return 1; }\ncat <<EOF\nhi $USER\nEOF\n')
    src = chunk * 84
    best = min(_timed(src) for _ in range(3))
    assert best < 0.3  # ~35 ms on an idle machine; generous for loaded CI


def _timed(src: str) -> float:
    t = time.perf_counter()
    parse(src)
    return time.perf_counter() - t
