"""dircolors (GNU coreutils 9.1): the LS_COLORS assignment for sh or csh, from the built-in
database (`dircolors -p`) or a FILE, filtered by TERM / COLORTERM as dircolors.c does."""
from __future__ import annotations

import fnmatch

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.textio import close_input, open_input, quotef, read_all
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

SPEC = OptionSpec("dircolors", short="bcp", long=["sh", "bourne-shell", "csh", "c-shell", "print-database",
                                                  "print-ls-colors"], help=verbatim("ls/dircolors_help"),
                  version=verbatim("ls/dircolors_version"))
_CODES = {
    "NORMAL": "no", "NORM": "no", "FILE": "fi", "RESET": "rs", "DIR": "di", "LNK": "ln", "LINK": "ln",
    "SYMLINK": "ln", "ORPHAN": "or", "MISSING": "mi", "FIFO": "pi", "PIPE": "pi", "SOCK": "so",
    "BLK": "bd", "BLOCK": "bd", "CHR": "cd", "CHAR": "cd", "DOOR": "do", "EXEC": "ex", "LEFT": "lc",
    "LEFTCODE": "lc", "RIGHT": "rc", "RIGHTCODE": "rc", "END": "ec", "ENDCODE": "ec", "SUID": "su",
    "SETUID": "su", "SGID": "sg", "SETGID": "sg", "STICKY": "st", "OWR": "ow", "OTHER_WRITABLE": "ow",
    "OWT": "tw", "STICKY_OTHER_WRITABLE": "tw", "CAPABILITY": "ca", "MULTIHARDLINK": "mh",
    "CLRTOEOL": "cl",
}


def _split(line: str) -> tuple[str | None, str | None]:
    """dircolors.c parse_line: (keyword, argument), comments and blank lines give None."""
    s = line.lstrip()
    if not s or s.startswith("#"):
        return None, None
    parts = s.split(None, 1)
    keyword = parts[0]
    if len(parts) == 1:
        return keyword, None
    arg = parts[1].split("#", 1)[0].rstrip()
    return keyword, (arg or None)


def _quote(value: str) -> str:
    """append_quoted: ' becomes '\\'' and an unescaped : or = gets a backslash."""
    out, need_backslash = [], True
    for c in value:
        if c == "'":
            out.append("'\\'")
            need_backslash = True
        elif c in "\\^":
            need_backslash = not need_backslash
        elif c in ":=":
            if need_backslash:
                out.append("\\")
            need_backslash = True
        else:
            need_backslash = True
        out.append(c)
    return "".join(out)


def _parse(ctx: Context, text: str, filename: str) -> tuple[list[tuple[str, str]], bool]:
    """(key, code) pairs that apply to this TERM, and whether every line was valid."""
    term = ctx.env.get("TERM") or "none"
    colorterm = ctx.env.get("COLORTERM", "")
    pairs: list[tuple[str, str]] = []
    ok = True
    state = "global"   # global | no | yes | sure, as dircolors.c's ST_* states
    for lineno, line in enumerate(text.split("\n"), 1):
        keyword, arg = _split(line)
        if keyword is None:
            continue
        if arg is None:
            ctx.error(f"{quotef(filename)}:{lineno}: invalid line;  missing second token")
            ok = False
            continue
        upper = keyword.upper()
        if upper in ("TERM", "COLORTERM"):
            subject = term if upper == "TERM" else colorterm
            if state != "sure":
                state = "sure" if fnmatch.fnmatchcase(subject, arg) else "no"
            continue
        if state == "sure":
            state = "yes"
        if state == "no":
            continue
        if keyword.startswith("."):
            pairs.append(("*" + keyword, arg))
        elif keyword.startswith("*"):
            pairs.append((keyword, arg))
        elif upper in ("OPTIONS", "COLOR", "EIGHTBIT"):
            continue
        elif upper in _CODES:
            pairs.append((_CODES[upper], arg))
        elif state == "yes":   # dircolors.c reports unknown keywords only inside a TERM block
            ctx.error(f"{quotef(filename)}:{lineno}: unrecognized keyword {keyword}")
            ok = False
    return pairs, ok


def _usage(ctx: Context, message: str) -> int:
    ctx.err(f"dircolors: {message}\nTry 'dircolors --help' for more information.\n")
    return 1


@command("dircolors", family="system", summary="color setup for ls")
def dircolors(ctx: Context, argv: list[str]) -> int:
    p = SPEC.parse(ctx, argv[1:])
    if isinstance(p, int):
        return p
    shell: str | None = None
    print_db = print_ls = False
    for opt, _ in p.options:
        if opt in ("-b", "--sh", "--bourne-shell"):
            shell = "sh"
        elif opt in ("-c", "--csh", "--c-shell"):
            shell = "csh"
        elif opt in ("-p", "--print-database"):
            print_db = True
        elif opt == "--print-ls-colors":
            print_ls = True
    if (print_db or print_ls) and shell is not None:
        return _usage(ctx, "the options to output non shell syntax,\nand to select a shell syntax are "
                      "mutually exclusive")
    if print_db and print_ls:
        return _usage(ctx, "options --print-database and --print-ls-colors are mutually exclusive")
    if (not print_db and len(p.operands) > 1) or (print_db and p.operands):
        extra = p.operands[0] if print_db else p.operands[1]
        note = "\nfile operands cannot be combined with --print-database (-p)" if print_db else ""
        return _usage(ctx, f"extra operand {cquote(extra)}{note}")
    if print_db:
        ctx.out(verbatim("ls/dircolors_database"))
        return 0
    if shell is None and not print_ls:
        login = ctx.env.get("SHELL")
        if not login:
            ctx.error("no SHELL environment variable, and no shell type option given")
            return 1
        shell = "csh" if login.rsplit("/", 1)[-1].endswith("csh") else "sh"
    if p.operands:
        name = p.operands[0]
        try:
            stream = open_input(ctx, name)
            try:
                text = read_all(ctx, stream).decode("utf-8", "surrogateescape")
            finally:
                close_input(ctx, stream)
        except OSError as exc:
            ctx.error(f"{quotef(name)}: {strerror(exc)}")
            return 1
        pairs, ok = _parse(ctx, text, "-" if name == "-" else name)
    else:
        pairs, ok = _parse(ctx, verbatim("ls/dircolors_database"), "builtin")
    if not ok:
        return 1
    if print_ls:
        ctx.out("".join(f"\x1b[{code}m{key}\t{code}\x1b[0m\n" for key, code in pairs))
        return 0
    value = "".join(f"{_quote(key)}={_quote(code)}:" for key, code in pairs)
    if shell == "csh":
        ctx.out(f"setenv LS_COLORS '{value}'\n")
    else:
        ctx.out(f"LS_COLORS='{value}';\nexport LS_COLORS\n")
    return 0
