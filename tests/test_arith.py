"""bash arithmetic: values, wrapping, assignments and bash's exact error texts."""
from __future__ import annotations

import pytest
from shelldojo.shell.interp.arith import ArithError, evaluate


class Env(dict[str, str]):
    def get(self, name: str) -> str | None:  # type: ignore[override]
        return dict.get(self, name)

    def set(self, name: str, value: str) -> None:
        self[name] = value


@pytest.mark.parametrize("expr,value", [
    ("", 0), ("  ", 0), ("1+2*3", 7), ("(1+2)*3", 9), ("7/2", 3), ("-7/2", -3), ("-7%2", -1),
    ("2**10", 1024), ("7 ** 2 ** 2", 2401), ("-2**2", 4), ("0x1F", 31), ("0X1f", 31), ("010", 8),
    ("2#101", 5), ("36#z", 35), ("64#@", 62), ("64#_", 63), ("1<<65", 2), ("-1>>1", -1),
    ("9223372036854775807+1", -9223372036854775808), ("-9223372036854775808/-1", -9223372036854775808),
    ("2**63", -9223372036854775808), ("99999999999999999999", 7766279631452241919),
    ("!5", 0), ("~5", -6), ("--5", 5), ("++4", 4), ("1 && 0", 0), ("0 || 2", 1), ("0 && 1/0", 0),
    ("1 ? 2 : 1/0", 2), ("0 ? 1/0 : 3", 3), ("3 > 2 > 1", 0), ("1 | 2 ^ 3 & 4", 3), ("5 == 5", 1),
    ("5 != 5", 0), ("1 <= 1", 1), ("2 >= 3", 0), ("1, 2, 3", 3), ("0x", 0),
])
def test_values(expr: str, value: int) -> None:
    assert evaluate(expr, Env()) == value


def test_variables_and_assignment() -> None:
    env = Env(a="3", b="a + 1", e="")
    assert evaluate("a * 2", env) == 6
    assert evaluate("b * 2", env) == 8          # a value is itself an expression
    assert evaluate("unset + e", env) == 0
    assert evaluate("c = 5, c++ + ++c", env) == 12
    assert env["c"] == "7"
    assert evaluate("a += 2", env) == 5 and env["a"] == "5"
    for op, result in [("<<=", "20"), (">>=", "5"), ("|=", "7"), ("^=", "5"), ("&=", "0"), ("%=", "0")]:
        evaluate(f"a {op} 2", env)
        assert env["a"] == result
    assert evaluate("x = 1 ? 2 : 3", env) == 2 and env["x"] == "2"
    assert evaluate("a--, a", env) == -1
    assert evaluate("0 && (q = 5)", env) == 0 and "q" not in env


def test_array_elements() -> None:
    env = Env({"z[2]": "9"})
    assert evaluate("z[1+1] * 2", env) == 18
    evaluate("z[3] = 4", env)
    assert env["z[3]"] == "4"


@pytest.mark.parametrize("expr,message", [
    ("1 +", '1 +: syntax error: operand expected (error token is "+")'),
    (" 1 + ", '1 + : syntax error: operand expected (error token is "+ ")'),
    ("5/0", '5/0: division by 0 (error token is "0")'),
    ("5/0 + 1", '5/0 + 1: division by 0 (error token is "0 + 1")'),
    ("a %= 0", 'a %= 0: division by 0 (error token is "0")'),
    ("1 1", '1 1: syntax error in expression (error token is "1")'),
    ("a b c", 'a b c: syntax error in expression (error token is "b c")'),
    ("08", '08: value too great for base (error token is "08")'),
    ("1 + 08 + 1", '1 + 08: value too great for base (error token is "08")'),
    ("37#Z", '37#Z: value too great for base (error token is "37#Z")'),
    ("2#2", '2#2: value too great for base (error token is "2#2")'),
    ("1#2", '1#2: invalid arithmetic base (error token is "1#2")'),
    ("2#", '2#: invalid integer constant (error token is "2#")'),
    ("0#1", '0#1: invalid number (error token is "0#1")'),
    ("2**-1", '2**-1: exponent less than 0 (error token is "1")'),
    ("3=4", '3=4: attempted assignment to non-variable (error token is "=4")'),
    ("x++=7", 'x++=7: attempted assignment to non-variable (error token is "=7")'),
    ("1 ? 2", "1 ? 2: `:' expected for conditional expression (error token is \"2\")"),
    ("1 ? : 3", '1 ? : 3: expression expected (error token is ": 3")'),
    ("1.5", '1.5: syntax error: invalid arithmetic operator (error token is ".5")'),
    (".5", '.5: syntax error: operand expected (error token is ".5")'),
    ("(1) . 2", '(1) . 2: syntax error: operand expected (error token is ". 2")'),
    ("$", '$: syntax error: operand expected (error token is "$")'),
    ("--a++", '--a++: ++: assignment requires lvalue (error token is "++")'),
    ("z[1", 'z[1: bad array subscript (error token is "z[1")'),
    ("(1", "(1: missing `)' (error token is \"1\")"),
    ("c", '1 +: syntax error: operand expected (error token is "+")'),
])
def test_errors(expr: str, message: str) -> None:
    with pytest.raises(ArithError) as info:
        evaluate(expr, Env(c="1 +"))
    assert info.value.message == message


def test_recursion_is_an_error_not_a_crash() -> None:
    with pytest.raises(ArithError) as info:
        evaluate("a", Env(a="a"))
    assert info.value.message == 'a: expression recursion level exceeded (error token is "a")'
    with pytest.raises(ArithError):
        evaluate("(" * 3000 + "1" + ")" * 3000, Env())
