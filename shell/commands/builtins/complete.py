"""compgen, complete and compopt: bash's programmable completion builtins.

`complete` keeps its specifications in ShellState.completions (name -> the options as
`complete -p` prints them); `-p` lists them in the order of bash's 512-bucket FNV-1 hash
table (newest first within a bucket), as bash 5.2 walks it.  `compgen` generates the words
of the actions from the machine's state (VFS, /etc/passwd, the shell's tables), never the host's.
"""
from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING

from shelldojo.filesystem import accounts
from shelldojo.shell.commands.builtins.type import KEYWORDS, path_lookup
from shelldojo.shell.commands.builtins.util import bad_option
from shelldojo.shell.registry import builtin

if TYPE_CHECKING:
    from shelldojo.shell.context import Context
    from shelldojo.shell.interp.state import Interp

# bash 5.2's builtins in its own table's order (`compgen -b`)
BUILTINS = [".", ":", "[", "alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen", "complete", "compopt", "continue", "declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export", "false", "fc", "fg", "getopts", "hash", "help", "history", "jobs", "kill", "let", "local", "logout", "mapfile", "popd", "printf", "pushd", "pwd", "read", "readarray", "readonly", "return", "set", "shift", "shopt", "source", "suspend", "test", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait"]
# `compgen -k`'s order (bash's word_token_alist)
KEYWORD_ORDER = ["if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "in", "function", "time", "{", "}", "!", "[[", "]]", "coproc"]
assert set(KEYWORD_ORDER) == KEYWORDS
_SIGNALS = ["HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"]
SIGNAL_WORDS = (["EXIT"] + [f"SIG{s}" for s in _SIGNALS] + ["SIGJUNK(32)", "SIGJUNK(33)", "SIGRTMIN"]
                + [f"SIGRTMIN+{i}" for i in range(1, 16)] + [f"SIGRTMAX-{i}" for i in range(14, 0, -1)]
                + ["SIGRTMAX", "DEBUG", "ERR", "RETURN"])
# the letters that stand for an action, and the -A names
_LETTER_ACTIONS = {"a": "alias", "b": "builtin", "c": "command", "d": "directory", "e": "export",
                   "f": "file", "g": "group", "j": "job", "k": "keyword", "s": "service",
                   "u": "user", "v": "variable"}
ACTIONS = ["alias", "arrayvar", "binding", "builtin", "command", "directory", "disabled", "enabled", "export", "file", "function", "group", "helptopic", "hostname", "job", "keyword", "running", "service", "setopt", "shopt", "signal", "stopped", "user", "variable"]
OPTIONS = ["bashdefault", "default", "dirnames", "filenames", "noquote", "nosort", "nospace", "plusdirs"]
_SPECIALS = {"-D": "_DefaultCmD_", "-E": "_EmptycmD_", "-I": "_InitialWorD_"}


class Spec:
    """One parsed compgen/complete command line."""

    def __init__(self) -> None:
        self.actions: list[str] = []
        self.options: list[str] = []
        self.args: dict[str, str] = {}        # -G -W -F -C -X -P -S -> value
        self.flags: set[str] = set()          # -p -r -D -E -I
        self.names: list[str] = []

    def listing(self) -> str:
        """The options as `complete -p` prints them."""
        out = [f"-o {o}" for o in self.options]
        letters = {v: k for k, v in _LETTER_ACTIONS.items()}
        for a in self.actions:
            out.append(f"-{letters[a]}" if a in letters else f"-A {a}")
        for key in ("-G", "-W", "-P", "-S", "-X", "-F", "-C"):
            if key in self.args:
                v = self.args[key]
                out.append(f"{key} {v}" if key == "-F" else f"{key} {_quote(v)}")
        return " ".join(out)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _parse(ctx: Context, argv: list[str], letters: str) -> Spec | int:
    interp, name, spec, i = ctx.shell, argv[0], Spec(), 1
    while i < len(argv) and argv[i].startswith("-") and len(argv[i]) > 1:
        a = argv[i]
        i += 1
        if a == "--":
            break
        j = 1
        while j < len(a):
            ch = a[j]
            j += 1
            if ch not in letters:
                return bad_option(interp, ctx, name, f"-{ch}")
            if ch in _LETTER_ACTIONS:
                spec.actions.append(_LETTER_ACTIONS[ch])
                continue
            if ch in "prDEI":
                spec.flags.add(ch)
                continue
            value = a[j:] if j < len(a) else (argv[i] if i < len(argv) else None)
            if value is None:
                interp.error(ctx, f"{name}: -{ch}: option requires an argument")
                ctx.err(f"{name}: usage: {_USAGE[name]}\n")
                return 2
            if j >= len(a):
                i += 1
            j = len(a)
            if ch == "A":
                if value not in ACTIONS:
                    interp.error(ctx, f"{name}: {value}: invalid action name")
                    return 2
                spec.actions.append(value)
            elif ch == "o":
                if value not in OPTIONS:
                    interp.error(ctx, f"{name}: {value}: invalid option name")
                    return 2
                spec.options.append(value)
            else:
                spec.args[f"-{ch}"] = value
    spec.names = argv[i:]
    return spec


_USAGE = {
    "compgen": "compgen [-abcdefgjksuv] [-o option] [-A action] [-G globpat] [-W wordlist] "
               "[-F function] [-C command] [-X filterpat] [-P prefix] [-S suffix] [word]",
    "complete": "complete [-abcdefgjksuv] [-pr] [-DEI] [-o option] [-A action] [-G globpat] "
                "[-W wordlist] [-F function] [-C command] [-X filterpat] [-P prefix] [-S suffix] [name ...]",
}


# ----------------------------------------------------------------------------- generating
def _files(interp: Interp, word: str, dirs_only: bool) -> list[str]:
    st = interp.state
    vfs = st.machine.vfs
    head, tail = posixpath.split(word)
    where = posixpath.join(st.cwd, head) if head else st.cwd
    try:
        names = vfs.listdir(where)
    except OSError:
        return []
    out = []
    for n in names:
        if not n.startswith(tail) or (n.startswith(".") and not tail.startswith(".") and tail):
            continue
        if dirs_only and not vfs.isdir(posixpath.join(where, n)):
            continue
        out.append(posixpath.join(head, n) if head else n)
    return out


def _commands(interp: Interp, word: str) -> list[str]:
    st = interp.state
    vfs = st.machine.vfs
    out = list(st.aliases) + KEYWORD_ORDER + list(st.functions) + BUILTINS
    for d in (st.get("PATH") or "").split(":"):
        full = d if d.startswith("/") else posixpath.join(st.cwd, d or ".")
        try:
            names = vfs.listdir(full)
        except OSError:
            continue
        out += [n for n in names if n.startswith(word) and path_lookup(interp, posixpath.join(full, n))]
    return out


def _variables(interp: Interp, keep: Callable[[object], bool]) -> list[str]:
    seen: dict[str, object] = {}
    for scope in interp.state.scopes:
        seen.update(scope)
    return sorted(n for n, v in seen.items() if keep(v))


def _hosts(interp: Interp) -> list[str]:
    try:
        text = interp.state.machine.vfs.read_bytes("/etc/hosts").decode("utf-8", "replace")
    except OSError:
        return []
    return [n for line in text.splitlines() for n in line.split("#")[0].split()[1:]]


def _action_words(ctx: Context, action: str, word: str) -> list[str]:
    interp = ctx.shell
    st = interp.state
    vfs = st.machine.vfs
    table: dict[str, Callable[[], list[str]]] = {
        "alias": lambda: sorted(st.aliases),
        "arrayvar": lambda: _variables(interp, lambda v: getattr(v, "kind", "") in ("indexed", "assoc")),
        "builtin": lambda: BUILTINS, "enabled": lambda: BUILTINS, "disabled": list,
        "command": lambda: _commands(interp, word),
        "directory": lambda: _files(interp, word, True),
        "file": lambda: _files(interp, word, False),
        "export": lambda: _variables(interp, lambda v: bool(getattr(v, "exported", False))),
        "variable": lambda: _variables(interp, lambda v: True),
        "function": lambda: sorted(st.functions),
        "group": lambda: [g.name for g in accounts.groups(vfs)],
        "user": lambda: [u.name for u in accounts.users(vfs)],
        "hostname": lambda: _hosts(interp),
        "job": lambda: [j.text.split()[0] for j in st.jobs.jobs.values() if j.text.split()],
        "keyword": lambda: KEYWORD_ORDER,
        "signal": lambda: SIGNAL_WORDS,
        "setopt": lambda: _setopts(), "shopt": lambda: _shopts(),
        "helptopic": lambda: BUILTINS + KEYWORD_ORDER,
    }
    make = table.get(action)
    return [w for w in make() if w.startswith(word)] if make is not None else []


def _setopts() -> list[str]:
    from shelldojo.shell.commands.builtins.set import SET_OPTIONS
    return sorted(SET_OPTIONS)


def _shopts() -> list[str]:
    from shelldojo.shell.commands.builtins.shopt import SHOPT_OPTIONS
    return list(SHOPT_OPTIONS)


def _wordlist(ctx: Context, text: str) -> list[str]:
    """-W's words: split at IFS outside quotes, then each expanded as the shell does
    ($HOME, "a b", $(cmd)); a piece that is not one plain shell word stays as written."""
    from shelldojo.shell.interp import expand
    from shelldojo.shell.syntax import ast
    from shelldojo.shell.syntax.parser import parse
    from shelldojo.shell.syntax.tokens import SyntaxError_
    out: list[str] = []
    for piece in _split_quoted(text, expand.ifs(ctx.shell)):
        try:
            items = parse("_ " + piece).items
        except SyntaxError_:
            items = []
        cmd = items[0] if len(items) == 1 else None
        if isinstance(cmd, ast.SimpleCommand) and len(cmd.words) == 2 and not cmd.redirects \
                and not cmd.assigns:
            out += expand.expand_words(ctx.shell, cmd.words[1:])
        else:
            out.append(piece)
    return out


def _split_quoted(text: str, ifs: str) -> list[str]:
    """bash's split_at_delims: IFS characters inside quotes or after a backslash do not split."""
    pieces, cur, quote, i, depth = [], "", "", 0, 0
    while i < len(text):
        c = text[i]
        if c == "\\" and quote != "'" and i + 1 < len(text):
            cur += text[i:i + 2]
            i += 2
            continue
        if quote != "'" and c == "$" and text[i + 1:i + 2] in ("(", "{"):
            depth += 1  # $( ) and ${ } are one piece with their blanks
            cur += text[i:i + 2]
            i += 2
            continue
        if depth and quote != "'" and c in ")}":
            depth -= 1
        elif quote:
            quote = "" if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c in ifs and not depth:
            if cur:
                pieces.append(cur)
            cur = ""
            i += 1
            continue
        cur += c
        i += 1
    if cur:
        pieces.append(cur)
    return pieces


def generate(ctx: Context, spec: Spec, word: str) -> list[str]:
    """The words of compgen, in bash's order: actions, -G, -W; then -X, then -P/-S."""
    out: list[str] = []
    for action in spec.actions:
        out += _action_words(ctx, action, word)
    if "-G" in spec.args:
        out += [w for w in _files(ctx.shell, "", False) if fnmatch.fnmatchcase(w, spec.args["-G"])]
    if "-W" in spec.args:
        out += [w for w in _wordlist(ctx, spec.args["-W"]) if w.startswith(word)]
    if "-X" in spec.args:
        pat = spec.args["-X"]
        negate = pat.startswith("!")
        pat = (pat[1:] if negate else pat).replace("&", word)
        out = [w for w in out if fnmatch.fnmatchcase(w, pat) == negate]
    pre, suf = spec.args.get("-P", ""), spec.args.get("-S", "")
    return [pre + w + suf for w in out]


@builtin("compgen")
def compgen(ctx: Context, argv: list[str]) -> int:
    spec = _parse(ctx, argv, "abcdefgjksuvo:A:G:W:F:C:X:P:S:")
    if isinstance(spec, int):
        return spec
    words = generate(ctx, spec, spec.names[0] if spec.names else "")
    if words:
        ctx.out("".join(w + "\n" for w in words))
    return 0 if words or not (spec.actions or spec.args) else 1


# ----------------------------------------------------------------------------- complete
def _bucket_order(names: list[str]) -> list[str]:
    """bash's hash walk: bucket (FNV-1 & 511) ascending, the newest first within one."""
    def fnv(s: str) -> int:
        h = 2166136261
        for b in s.encode():
            h = (h * 16777619) & 0xFFFFFFFF
            h ^= b
        return h & 511
    return [n for _, _, n in sorted((fnv(n), -i, n) for i, n in enumerate(names))]


@builtin("complete")
def complete(ctx: Context, argv: list[str]) -> int:
    spec = _parse(ctx, argv, "abcdefgjksuvprDEIo:A:G:W:F:C:X:P:S:")
    if isinstance(spec, int):
        return spec
    table = ctx.shell.state.completions
    names = [k for f, k in (("D", "_DefaultCmD_"), ("E", "_EmptycmD_"), ("I", "_InitialWorD_"))
             if f in spec.flags] + spec.names
    if "r" in spec.flags:
        if not names:
            table.clear()
        return _each(ctx, names, lambda n: table.pop(n))
    if "p" in spec.flags or not (spec.actions or spec.args or spec.options):
        shown = names or _bucket_order(list(table))
        return _each(ctx, shown, lambda n: ctx.out(_print_line(n, table[n])))
    for n in names:
        table.pop(n, None)  # re-inserted: newest in its bucket
        table[n] = [spec.listing()]
    return 0


def _print_line(name: str, listing: list[str]) -> str:
    special = {v: k for k, v in _SPECIALS.items()}
    tail = special.get(name, name)
    return f"complete {listing[0]} {tail}\n" if listing[0] else f"complete {tail}\n"


def _each(ctx: Context, names: list[str], act: Callable[[str], object]) -> int:
    status = 0
    for n in names:
        try:
            act(n)
        except KeyError:
            ctx.shell.error(ctx, f"complete: {n}: no completion specification")
            status = 1
    return status


@builtin("compopt")
def compopt(ctx: Context, argv: list[str]) -> int:
    spec = _parse(ctx, argv, "DEIo:")
    if isinstance(spec, int):
        return spec
    ctx.shell.error(ctx, "compopt: not currently executing completion function")
    return 1
