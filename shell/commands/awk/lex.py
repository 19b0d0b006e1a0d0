"""awk lexer (POSIX awk as mawk 1.3.4 reads it): tokens, keywords, string escapes."""
from __future__ import annotations

import re


class AwkSyntaxError(Exception):
    pass


_TOKEN = re.compile(r"""
    (?P<ws>[ \t]+|\\\n|\#[^\n]*)
  | (?P<nl>\n)
  | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\+\+|--|\+=|-=|\*=|/=|%=|\^=|==|<=|>=|!=|!~|&&|\|\||>>|[-+*/%^!<>~?:=,;{}()\[\]$|])
""", re.VERBOSE)
KEYWORDS = {"BEGIN", "END", "function", "func", "if", "else", "while", "for", "do", "break", "continue",
            "next", "nextfile", "exit", "return", "delete", "in", "getline", "print", "printf"}
BUILTINS = {"length", "substr", "index", "split", "sub", "gsub", "match", "sprintf", "sin", "cos", "atan2",
            "exp", "log", "sqrt", "int", "rand", "srand", "tolower", "toupper", "system", "close", "fflush"}
_ESC = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "/": "/", "a": "\a", "b": "\b", "f": "\f",
        "v": "\v"}


def unescape(s: str) -> str:
    def rep(m: re.Match[str]) -> str:
        t = m.group(1)
        if t[0] in "01234567":
            return chr(int(t, 8) & 0xFF)
        return _ESC.get(t, "\\" + t)
    return re.sub(r"\\([0-7]{1,3}|.)", rep, s, flags=re.DOTALL)


def tokenize(src: str) -> list[tuple[str, str, int]]:
    toks: list[tuple[str, str, int]] = []
    i, line = 0, 1
    while i < len(src):
        c = src[i]
        if c == "/" and _regex_allowed(toks):
            j = i + 1
            while j < len(src) and src[j] != "/":
                if src[j] == "\n":
                    raise AwkSyntaxError(f"line {line}: runaway regular expression /{src[i + 1:j]} ...")
                j += 2 if src[j] == "\\" else 1
            if j >= len(src):
                raise AwkSyntaxError(f"line {line}: runaway regular expression /{src[i + 1:j]} ...")
            toks.append(("re", src[i + 1:j], line))
            i = j + 1
            continue
        m = _TOKEN.match(src, i)
        if not m:
            if c == '"':
                raise AwkSyntaxError(f"line {line}: runaway string constant \"{src[i + 1:i + 11]} ...")
            raise AwkSyntaxError(f"line {line}: syntax error at or near {c}")
        kind = m.lastgroup or ""
        text = m.group()
        i = m.end()
        if kind == "ws":
            line += text.count("\n")
            continue
        if kind == "nl":
            toks.append(("nl", "\n", line))
            line += 1
            continue
        if kind == "name" and text in KEYWORDS:
            kind = "kw"
        elif kind == "name" and text in BUILTINS:
            kind = "builtin"
        elif kind == "name" and i < len(src) and src[i] == "(":
            kind = "funcname"
        elif kind == "str":
            text = unescape(text[1:-1])
        toks.append((kind, text, line))
    toks.append(("eof", "", line + 1))   # mawk counts the program's implicit final newline
    return toks


def _regex_allowed(toks: list[tuple[str, str, int]]) -> bool:
    if not toks:
        return True
    kind, text, _ = toks[-1]
    if kind in ("num", "str", "name", "builtin", "re"):
        return False
    return not (kind == "op" and text in (")", "]", "$", "++", "--"))

