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
    return [text[a:b] for _c, a, b in spans(text)]


def spans(text: str) -> list[tuple[int, int, int]]:
    """(context, start, end) of each statement of `text`: text[start:end] is the statement
    (with its semicolon, which SQLite's errors may name: 'near ";"'); text[context:] is what
    the CLI shows under an error (from just after the previous statement, blanks skipped)."""
    out: list[tuple[int, int, int]] = []
    pos = ctx = 0
    cur = ""
    parts = text.split(";")
    for i, part in enumerate(parts):
        cur += part
        last = i == len(parts) - 1
        end = pos + len(cur) + (0 if last else 1)
        if sq.complete_statement(cur + ";") or last:
            if _has_code(cur):
                body = text[pos:end]
                start = pos + len(body) - len(body.lstrip())
                stop = pos + len(body.rstrip()) if last else end
                out.append((ctx, start, stop))
                ctx = end
                while ctx < len(text) and text[ctx].isspace():
                    ctx += 1
            pos, cur = end, ""
        else:
            cur += ";"
    return out


def error_offset(db: sq.Connection, stmt: str, message: str) -> int:
    """Where in `stmt` SQLite 3.40.1 places an error (sqlite3_error_offset, which Python does
    not expose), or -1: a syntax error at the token where the shortest prefix of the statement
    already fails with the same message; a name that cannot be resolved at its first use."""
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(stmt)
            if not (m.group().isspace() or m.group().startswith(("--", "/*")))]
    if message.startswith(("near ", "unrecognized token: ")):
        lo, hi = 0, len(toks) - 1   # the failing token's index: first prefix with the same error
        while lo < hi:
            mid = (lo + hi) // 2
            if _prepare_error(db, stmt[:toks[mid][1]]) == message:
                hi = mid
            else:
                lo = mid + 1
        return toks[lo][0] if toks else -1
    exists = re.fullmatch(r"(?:table|index|view|trigger) (.+) already exists", message)
    if exists:
        return _first_use(toks, exists.group(1), "name")
    for prefix, what in _NAMED:
        if message.startswith(prefix):
            name = message[len(prefix):]
            if what == "func":
                name = name.removesuffix("()")
            return _first_use(toks, name, what)
    return -1


_NAMED = (("no such column: ", "column"), ("no such function: ", "func"),
          ("wrong number of arguments to function ", "func"), ("misuse of aggregate function ", "func"))


def _first_use(toks: list[tuple[int, int, str]], name: str, what: str) -> int:
    parts = [p.lower() for p in name.split(".")] if what == "column" else [name.lower()]
    words = [unquote_name(t[2]).lower() for t in toks]
    for i in range(len(toks)):
        seq = words[i:i + 2 * len(parts) - 1:2]
        dots = [t[2] for t in toks[i + 1:i + 2 * len(parts) - 1:2]]
        if seq == parts and all(d == "." for d in dots):
            if what == "func" and words[i + 1:i + 2] != ["("]:
                continue
            return toks[i][0]
    return -1


def _prepare_error(db: sq.Connection, sql: str) -> str | None:
    try:
        db(sql)  # prepare only
    except sq.Error as exc:
        return str(exc)
    return None


def error_context(sql: str, offset: int) -> str:
    """shell_error_context(): the statement (from 50 bytes before the error, at most 78 bytes
    wide, blanks as spaces) and a caret line; `offset` counts characters, the CLI bytes."""
    if offset < 0:
        return ""
    z = sql.encode("utf-8", "surrogateescape")
    off = len(sql[:offset].encode("utf-8", "surrogateescape"))
    i = 0
    while off > 50:
        off -= 1
        i += 1
        while i < len(z) and z[i] & 0xC0 == 0x80:
            i += 1
            off -= 1
    z = z[i:]
    n = len(z)
    if n > 78:
        n = 78
        while n > 0 and z[n] & 0xC0 == 0x80:
            n -= 1
    code = bytes(32 if c in b" \t\n\v\f\r" else c for c in z[:n]).decode("utf-8", "surrogateescape")
    if off < 25:
        return f"\n  {code}\n  {' ' * off}^--- error here"
    return f"\n  {code}\n  {' ' * (off - 14)}error here ---^"


def has_code(text: str) -> bool:
    """Anything but blanks and comments (the CLI drops a buffer without code)."""
    return _has_code(text)


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
