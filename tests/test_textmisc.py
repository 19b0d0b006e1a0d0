"""seq and expr: outputs recorded from GNU coreutils 9.1."""
from __future__ import annotations

import pytest

from tests.cmdutil import run

TRY_SEQ = "Try 'seq --help' for more information.\n"


@pytest.mark.parametrize(("args", "out"), [
    (["3"], "1\n2\n3\n"), (["2", "4"], "2\n3\n4\n"), (["1", "3", "10"], "1\n4\n7\n10\n"),
    (["3", "-1", "1"], "3\n2\n1\n"), (["-s,", "4"], "1,2,3,4\n"), (["-w", "8", "10"], "08\n09\n10\n"),
    (["1", "2.55"], "1\n2\n"), (["1", "0.5", "3"], "1.0\n1.5\n2.0\n2.5\n3.0\n"),
    (["0.1", "0.1", "0.5"], "0.1\n0.2\n0.3\n0.4\n0.5\n"), (["-w", "-1", "1"], "-1\n00\n01\n"),
    (["-f", "%03g", "3"], "001\n002\n003\n"), (["1e2", "1e2"], "100\n"), (["5", "1"], ""),
    (["-w", "-10", "5", "5"], "-10\n-05\n000\n005\n"), (["-w", "0.5", "0.25", "1.5"], "0.50\n0.75\n1.00\n1.25\n1.50\n"),
    (["1", "0.3", "2"], "1.0\n1.3\n1.6\n1.9\n"), (["--", "-2", "-1"], "-2\n-1\n"), (["0x10", "0x11"], "16\n17\n"),
])
def test_seq(args, out):
    r = run(["seq", *args])
    assert (r.out, r.err, r.status) == (out, "", 0)


@pytest.mark.parametrize(("args", "err"), [
    (["1", "x"], "seq: invalid floating point argument: \u2018x\u2019\n" + TRY_SEQ),
    (["1", "0", "3"], "seq: invalid Zero increment value: \u20180\u2019\n" + TRY_SEQ),
    ([], "seq: missing operand\n" + TRY_SEQ),
    (["1", "2", "3", "4"], "seq: extra operand \u20184\u2019\n" + TRY_SEQ),
    (["-f", "%d", "3"], "seq: format \u2018%d\u2019 has unknown %d directive\n"),
    (["nan"], "seq: invalid \u2018not-a-number\u2019 argument: \u2018nan\u2019\n" + TRY_SEQ),
])
def test_seq_errors(args, err):
    r = run(["seq", *args])
    assert (r.out, r.err, r.status) == ("", err, 1)


@pytest.mark.parametrize(("args", "out", "status"), [
    (["2", "+", "3"], "5\n", 0), (["7", "/", "2"], "3\n", 0), (["7", "%", "3"], "1\n", 0),
    (["2", "*", "3"], "6\n", 0), (["3", ">", "2"], "1\n", 0), (["3", "<", "2"], "0\n", 1),
    (["length", "hello"], "5\n", 0), (["1+2"], "1+2\n", 0), (["-10", "%", "3"], "-1\n", 0),
    (["10", "/", "-3"], "-3\n", 0), (["match", "hello", "h\\(.*\\)o"], "ell\n", 0),
    (["abc", ":", "a."], "2\n", 0), (["hello", ":", "x*"], "0\n", 1), (["a", ":", "\\(b\\)*"], "\n", 1),
    (["substr", "hello", "2", "3"], "ell\n", 0), (["substr", "hello", "0", "2"], "\n", 1),
    (["index", "hello", "l"], "3\n", 0), (["", "|", "0"], "0\n", 1), (["00", "|", "5"], "5\n", 0),
    (["a", "&", "b"], "a\n", 0), (["(", "1", "+", "2", ")", "*", "3"], "9\n", 0),
    (["1", "=", "1.0"], "0\n", 1), (["99999999999999999999", "+", "1"], "100000000000000000000\n", 0),
    (["+", "match"], "match\n", 0), (["aaa", ":", "a\\{2\\}"], "2\n", 0), (["--", "1", "+", "1"], "2\n", 0),
])
def test_expr(args, out, status):
    r = run(["expr", *args])
    assert (r.out, r.err, r.status) == (out, "", status)


@pytest.mark.parametrize(("args", "err"), [
    (["2", "a", "3"], "expr: syntax error: unexpected argument \u2018a\u2019\n"),
    (["5", "/", "0"], "expr: division by zero\n"),
    (["5", "+", "x"], "expr: non-integer argument\n"),
    (["1", "+"], "expr: syntax error: missing argument after \u2018+\u2019\n"),
    ([], "expr: missing operand\nTry 'expr --help' for more information.\n"),
])
def test_expr_errors(args, err):
    r = run(["expr", *args])
    assert (r.out, r.err, r.status) == ("", err, 2)
