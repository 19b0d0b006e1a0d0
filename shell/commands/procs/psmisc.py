"""killall and pstree (psmisc 23.6) over the machine's process table."""
from __future__ import annotations

import errno
import re

from shelldojo.filesystem import accounts
from shelldojo.filesystem.processes import SIGNALS, Process, signal_number
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

PSMISC_VERSION = ("{} (PSmisc) 23.6\nCopyright (C) 1993-{} Werner Almesberger and Craig Small\n\n"
                  "PSmisc comes with ABSOLUTELY NO WARRANTY.\nThis is free software, and you are welcome "
                  "to redistribute it under\nthe terms of the GNU General Public License.\nFor more "
                  "information about these matters, see the files named COPYING.\n")
_NAMES = [("POLL" if s == "IO" else s) for s in SIGNALS]


# ----------------------------------------------------------------------------- killall
@command("killall", "system", summary="kill processes by name")
def killall(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    signum, names = 15, []
    verbose = quiet = exact = icase = regexp = False
    user: int | None = None
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a == "--":
            names += args[i:]
            break
        if not a.startswith("-") or a == "-":
            names.append(a)
            continue
        long = {"--list": "l", "--verbose": "v", "--quiet": "q", "--exact": "e", "--ignore-case": "I",
                "--regexp": "r", "--wait": "w", "--interactive": "i", "--version": "V", "--signal": "s",
                "--user": "u", "--help": "h"}
        flags = long.get(a.split("=", 1)[0], "") if a.startswith("--") else a[1:]
        num = signal_number(a[1:]) if not a.startswith("--") else None
        if num is not None:   # -9, -KILL, -SIGKILL
            signum = num
            continue
        for j, c in enumerate(flags):
            if c in "su":
                value = a.split("=", 1)[1] if a.startswith("--") and "=" in a else (flags[j + 1:] or None)
                if value is None:
                    if i >= len(args):
                        ctx.err(verbatim("procs/killall_help"))
                        return 1
                    value, i = args[i], i + 1
                if c == "s":
                    num = signal_number(value)
                    if num is None:
                        ctx.err(f"{value}: unknown signal; killall -l lists signals.\n")
                        return 1
                    signum = num
                else:
                    u = accounts.user_by_name(ctx.vfs, value)
                    if u is None:
                        ctx.err(f"Cannot find user {value}\n")
                        return 1
                    user = u.uid
                break
            if c == "l":
                ctx.out(" ".join(_NAMES[:16]) + "\n" + " ".join(_NAMES[16:]) + "\n")
                return 0
            if c == "V":
                ctx.err(PSMISC_VERSION.format("killall", 2022))
                return 0
            if c not in "vqeIrwih":
                ctx.err(verbatim("procs/killall_help"))
                return 1
            if c == "h":
                ctx.err(verbatim("procs/killall_help"))
                return 1
            verbose |= c == "v"
            quiet |= c == "q"
            exact |= c == "e"
            icase |= c == "I"
            regexp |= c == "r"
    if not names:
        ctx.err(verbatim("procs/killall_help"))
        return 1
    me = ctx.machine.procs.current()
    procs = [p for p in ctx.machine.procs if not p.kernel and p.pid != me and (user is None or p.uid == user)]
    status = 0
    for name in names:
        rx = re.compile(name, re.IGNORECASE if icase else 0) if regexp else None
        killed = 0
        for p in procs:
            if rx is not None:
                hit = rx.search(p.comm) is not None
            else:
                a, b = (p.comm, name[:15] if len(name) > 15 and not exact else name)
                hit = (a.lower() == b.lower()) if icase else a == b
            if not hit:
                continue
            try:
                ctx.machine.procs.signal(p.pid, signum, ctx.creds.uid)
            except OSError as exc:
                if exc.errno == errno.EPERM and not quiet:
                    ctx.err(f"{p.comm}({p.pid}): Operation not permitted\n")
                continue
            killed += 1
            if verbose:
                ctx.err(f"Killed {p.comm}({p.pid}) with signal {signum}\n")
        if not killed:
            if not quiet:
                ctx.err(f"{name}: no process found\n")
            status = 1
    return status


# ----------------------------------------------------------------------------- pstree
ASCII = ("---", "-+-", " |-", " `-", " | ")
UNICODE = ("───", "─┬─", " ├─", " └─", " │ ")


def _label(p: Process, pids: bool, args: bool) -> str:
    text = p.comm + (f"({p.pid})" if pids else "")
    if args and p.argv[1:]:
        text += " " + " ".join(p.argv[1:])
    return text


def _tree(p: Process, kids: dict[int, list[Process]], pids: bool, args: bool, compact: bool,
          sym: tuple[str, ...], depth: int = 0) -> list[str]:
    """The lines of p's subtree, each as pstree lays them out from p's own column."""
    label = _label(p, pids, args)
    children = kids.get(p.pid, [])
    if not children or depth > 200:
        return [label]
    subtrees = [_tree(c, kids, pids, args, compact, sym, depth + 1) for c in children]
    groups: list[tuple[int, list[str]]] = []
    for lines in subtrees:   # identical subtrees (without pids) are shown once: `3*[sleep]`
        if compact and groups and groups[-1][1] == lines:
            groups[-1] = (groups[-1][0] + 1, lines)
        else:
            groups.append((1, lines))
    blocks = []
    for count, lines in groups:
        if count > 1:
            pre = f"{count}*["
            lines = [pre + lines[0]] + [" " * len(pre) + x for x in lines[1:]]
            lines[-1] += "]"
        blocks.append(lines)
    pad = " " * len(label)
    out: list[str] = []
    for n, lines in enumerate(blocks):
        last = n == len(blocks) - 1
        if n == 0:
            out.append(label + (sym[0] if len(blocks) == 1 else sym[1]) + lines[0])
            cont = pad + ("   " if len(blocks) == 1 else sym[4])
        else:
            out.append(pad + (sym[3] if last else sym[2]) + lines[0])
            cont = pad + ("   " if last else sym[4])
        out += [cont + x for x in lines[1:]]
    return out


@command("pstree", "system", summary="display a tree of processes")
def pstree(ctx: Context, argv: list[str]) -> int:
    pids = args = numeric = False
    unicode: bool | None = None
    compact = True
    operands: list[str] = []
    longs = {"--show-pids": "p", "--arguments": "a", "--numeric-sort": "n", "--ascii": "A", "--unicode": "U",
             "--compact-not": "c", "--long": "l", "--version": "V", "--hide-threads": "T"}
    for a in argv[1:]:
        if a.startswith("--"):
            flag = longs.get(a)
            if flag is None:
                ctx.err(f"pstree: unrecognized option '{a}'\n" + verbatim("procs/pstree_help"))
                return 1
            a = "-" + flag
        if a.startswith("-") and len(a) > 1:
            for c in a[1:]:
                if c == "V":
                    ctx.err(PSMISC_VERSION.format("pstree", 2021))
                    return 0
                if c not in "panAUclTtgGhsuSZ":
                    ctx.err(f"pstree: invalid option -- '{c}'\n" + verbatim("procs/pstree_help"))
                    return 1
                pids |= c in "pg"
                args |= c == "a"
                numeric |= c == "n"
                compact &= c not in "cpg"
                unicode = True if c == "U" else False if c in "AG" else unicode
            continue
        operands.append(a)
    if unicode is None:   # line drawing on a UTF-8 terminal, ASCII into a pipe or file
        unicode = ctx.stdout.isatty() and "UTF-8" in (ctx.env.get("LC_ALL") or ctx.env.get("LANG") or "").upper()
    table = list(ctx.machine.procs)
    kids: dict[int, list[Process]] = {}
    for p in table:
        if p.pid != 0 and not (p.kernel and p.pid != 2):
            kids.setdefault(p.ppid, []).append(p)
    for lst in kids.values():
        lst.sort(key=(lambda p: p.pid) if numeric else (lambda p: (p.comm, p.pid)))
    roots: list[Process] = []
    if operands and not operands[0].isdigit():
        u = accounts.user_by_name(ctx.vfs, operands[0])
        if u is None:
            ctx.err(f"No such user name: {operands[0]}\n")
            return 1
        byid = {p.pid: p for p in table}
        roots = [p for p in table if p.uid == u.uid and not p.kernel
                 and (byid.get(p.ppid) is None or byid[p.ppid].uid != u.uid)]
    else:
        root = ctx.machine.procs.get(int(operands[0]) if operands else 1)
        roots = [root] if root is not None else []
    sym = UNICODE if unicode else ASCII
    out = []
    for n, root in enumerate(roots):
        out += [""] * (n > 0) + _tree(root, kids, pids, args, compact, sym)
    ctx.out("".join(line + "\n" for line in out))
    return 0
