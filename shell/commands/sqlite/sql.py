"""sqlite3: split SQL text into statements and recognise the few statements the program
carries out itself (ATTACH, DETACH, VACUUM INTO), because they name files."""
from __future__ import annotations

import re
import sqlite3 as sq
from dataclasses import dataclass

# one token of SQL: comment, string, quoted identifier, word, or any other character
_TOKEN = re.compile(r"""\s+|--[^\n]*\n?|/\*.*?(?:\*/|\Z)|'(?:[^']|'')*'?|"(?:[^"]|"")*"?|`[^`]*`?"""
                    r"""|\[[^\]]*\]?|[A-Za-z_\x80-\U0010ffff][\w$\x80-\U0010ffff]*|.""", re.DOTALL)


def statements(text: str) -> list[str]:
    """Complete statements of `text` (SQLite decides what is complete: strings, comments and
    trigger bodies keep their semicolons); an unfinished tail comes last."""
    out: list[str] = []
    cur = ""
    parts = text.split(";")
    for i, part in enumerate(parts):
        cur += part
        last = i == len(parts) - 1
        if sq.complete_statement(cur + ";"):
            if _has_code(cur):  # keeps its semicolon: SQLite's errors name it ('near ";"')
                out.append(cur.strip() + ("" if last else ";"))
            cur = ""
        elif not last:
            cur += ";"
    if _has_code(cur):
        out.append(cur.strip())
    return out


def _has_code(text: str) -> bool:
    return any(not (t.isspace() or t.startswith(("--", "/*"))) for t in _TOKEN.findall(text))


def tokens(stmt: str) -> list[str]:
    """The statement's tokens without whitespace and comments."""
    return [t for t in _TOKEN.findall(stmt) if not (t.isspace() or t.startswith(("--", "/*")))]


def unquote_name(tok: str) -> str:
    """An identifier as SQLite reads it ("x", [x], `x`, 'x' or x)."""
    if len(tok) >= 2 and tok[0] in "\"'`[":
        body = tok[1:-1]
        return body.replace(tok[0] * 2, tok[0]) if tok[0] in "\"'`" else body
    return tok


def string_literal(tok: str) -> str | None:
    if len(tok) >= 2 and tok[0] == "'" and tok[-1] == "'":
        return tok[1:-1].replace("''", "'")
    return None


@dataclass
class Attach:
    filename: str
    schema: str


@dataclass
class Detach:
    schema: str


@dataclass
class VacuumInto:
    schema: str
    filename: str


def _strip_semicolons(toks: list[str]) -> list[str]:
    while toks and toks[-1] == ";":
        toks = toks[:-1]
    return toks


def recognise(stmt: str) -> Attach | Detach | VacuumInto | None:
    """ATTACH [DATABASE] 'file' AS name / DETACH [DATABASE] name / VACUUM [schema] INTO 'file',
    with literal operands; None for every other statement (SQLite runs those, and its
    authorizer refuses any other form of ATTACH or VACUUM INTO)."""
    toks = _strip_semicolons(tokens(stmt))
    if not toks:
        return None
    head = toks[0].upper()
    if head == "ATTACH":
        rest = toks[2:] if len(toks) > 1 and toks[1].upper() == "DATABASE" else toks[1:]
        if len(rest) == 3 and rest[1].upper() == "AS" and string_literal(rest[0]) is not None:
            return Attach(string_literal(rest[0]) or "", unquote_name(rest[2]))
    elif head == "DETACH":
        rest = toks[2:] if len(toks) > 1 and toks[1].upper() == "DATABASE" else toks[1:]
        if len(rest) == 1:
            return Detach(unquote_name(rest[0]))
    elif head == "VACUUM":
        rest = toks[1:]
        schema = "main"
        if rest and rest[0].upper() != "INTO":
            schema, rest = unquote_name(rest[0]), rest[1:]
        if len(rest) == 2 and rest[0].upper() == "INTO" and string_literal(rest[1]) is not None:
            return VacuumInto(schema, string_literal(rest[1]) or "")
    return None
