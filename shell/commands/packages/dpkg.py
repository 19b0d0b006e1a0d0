"""dpkg and dpkg-query: -l, -L, -s, -S over /var/lib/dpkg (dpkg 1.21); -r/-P as root.

dpkg parses its own options (not getopt_long's messages), so they are scanned here.
"""
from __future__ import annotations

import fnmatch

from shelldojo.shell.context import Context
from shelldojo.shell.packages.db import Database, catalog
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_TRAILER = ("\nType dpkg --help for help about installing and deinstalling packages [*];\n"
            "Use 'apt' or 'aptitude' for user-friendly package management;\n"
            "Type dpkg -Dhelp for a list of dpkg debug flag values;\n"
            "Type dpkg --force-help for a list of forcing options;\n"
            "Type dpkg-deb --help for help about manipulating *.deb files;\n\n"
            "Options marked [*] produce a lot of output - pipe it through 'less' or 'more' !\n")
_ACTIONS = {"-l": "list", "--list": "list", "-L": "listfiles", "--listfiles": "listfiles",
            "-s": "status", "--status": "status", "-S": "search", "--search": "search",
            "-r": "remove", "--remove": "remove", "-P": "purge", "--purge": "purge",
            "-i": "install", "--install": "install", "--get-selections": "selections"}
_HEADER = ("Desired=Unknown/Install/Remove/Purge/Hold\n"
           "| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n"
           "|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n")


def _run(ctx: Context, argv: list[str], prog: str) -> int:
    action = None
    args: list[str] = []
    for arg in argv[1:]:
        if arg == "--help":
            ctx.out(verbatim("packages/dpkg_help"))
            return 0
        if arg == "--version":
            ctx.out(verbatim("packages/dpkg_version"))
            return 0
        if arg in _ACTIONS:
            action = _ACTIONS[arg]
        elif arg.startswith("-") and arg != "-":
            ctx.err(f"{prog}: error: unknown option {arg}\n{_TRAILER}")
            return 2
        else:
            args.append(arg)
    if action is None:
        ctx.err(f"{prog}: error: need an action option\n{_TRAILER}")
        return 2
    db = Database(ctx.vfs)
    if action == "list":
        return _list(ctx, db, args)
    if action == "selections":
        for name in sorted(n for n in db.status if db.installed(n)):
            ctx.out(f"{name}{chr(9) * max(1, 6 - len(name) // 8)}install\n")
        return 0
    if action in ("remove", "purge", "install"):
        return _change(ctx, db, action, args)
    flag = {"listfiles": "--listfiles", "status": "--status", "search": "--search"}[action]
    if not args:
        what = "a filename pattern" if action == "search" else "one package name"
        ctx.err(f"dpkg-query: error: {flag} needs at least {what} argument\n\n"
                "Use --help for help about querying packages.\n")
        return 2
    if action == "search":
        return _search(ctx, db, args)
    status = 0
    first = True
    for name in args:
        if not db.installed(name):
            if action == "status":
                ctx.err(f"dpkg-query: package '{name}' is not installed and no information is available\n")
            else:
                ctx.err(f"dpkg-query: package '{name}' is not installed\n")
            status = 1
            continue
        if action == "status":
            ctx.out(("" if first else "\n") + "".join(f"{k}: {v}\n" for k, v in db.status[name].items()))
        else:
            ctx.out(("" if first else "\n") + "".join(f"{p}\n" for p in db.list_files(name)))
        first = False
    if status:
        ctx.err("Use dpkg --info (= dpkg-deb --info) to examine archive files.\n" if action == "status"
                else "Use dpkg --contents (= dpkg-deb --contents) to list archive files contents.\n")
    return status


def _list(ctx: Context, db: Database, patterns: list[str]) -> int:
    rows: list[tuple[str, str, str, str]] = []
    status = 0
    installed = sorted(n for n in db.status if db.installed(n))
    if not patterns:
        names = installed
    else:
        names = []
        for pat in patterns:
            hits = [n for n in installed if fnmatch.fnmatchcase(n, pat)]
            if not hits:
                ctx.err(f"dpkg-query: no packages found matching {pat}\n")
                status = 1
            names += [n for n in hits if n not in names]
        names.sort()
    for name in names:
        st = db.status[name]
        rows.append((name, st.get("Version", ""), st.get("Architecture", ""),
                     st.get("Description", "").split("\n")[0]))
    if not rows:
        return status
    # minimum widths as dpkg-query's list format, widened to the longest value
    nw = max([14, *(len(r[0]) for r in rows)])
    vw = max([12, *(len(r[1]) for r in rows)])
    aw = max([12, *(len(r[2]) for r in rows)])
    dw = max([33, *(len(r[3]) for r in rows)])
    ctx.out(_HEADER + f"||/ {'Name':<{nw}} {'Version':<{vw}} {'Architecture':<{aw}} Description\n")
    ctx.out(f"+++-{'=' * nw}-{'=' * vw}-{'=' * aw}-{'=' * dw}\n")
    for name, version, arch, desc in rows:
        ctx.out(f"ii  {name:<{nw}} {version:<{vw}} {arch:<{aw}} {desc}\n")
    return status


def _search(ctx: Context, db: Database, patterns: list[str]) -> int:
    status = 0
    for pat in patterns:
        glob = pat if pat.startswith("/") or any(c in pat for c in "*?[") else f"*{pat}*"
        hits: dict[str, list[str]] = {}
        for name in sorted(db.status):
            for path in db.list_files(name):
                if fnmatch.fnmatchcase(path, glob):
                    hits.setdefault(path, []).append(name)
        if not hits:
            ctx.err(f"dpkg-query: no path found matching pattern {glob}\n")
            status = 1
        for path, owners in hits.items():
            ctx.out(f"{', '.join(owners)}: {path}\n")
    return status


def _change(ctx: Context, db: Database, action: str, args: list[str]) -> int:
    if not ctx.creds.is_root:
        ctx.err("dpkg: error: requested operation requires superuser privilege\n")
        return 2
    if action == "install":
        for arg in args:
            ctx.err(f"dpkg: error: cannot access archive '{arg}': No such file or directory\n")
        return 2
    status = 0
    for name in args:
        if not db.installed(name):
            ctx.err(f"dpkg: warning: ignoring request to remove {name} which isn't installed\n")
            continue
        users = sorted(db.reverse_dependencies({name}) - {name})
        if name not in catalog():
            ctx.err("dpkg: error: this is an essential package; it should not be removed\n")
            status = 1
            continue
        if users:
            ctx.err(f"dpkg: dependency problems prevent removal of {name}:\n" + "".join(
                f" {u} depends on {name}.\n" for u in users)
                + f"\ndpkg: error processing package {name} (--{action}):\n dependency problems - not removing\n"
                "Errors were encountered while processing:\n " + name + "\n")
            status = 1
            continue
        ctx.out(f"(Reading database ... {db.file_count()} files and directories currently installed.)\n"
                f"Removing {catalog()[name].display} ({db.version(name)}) ...\n")
        db.remove(name)
    return status


@command("dpkg", family="packages", summary="package manager for Debian")
def dpkg(ctx: Context, argv: list[str]) -> int:
    return _run(ctx, argv, "dpkg")


@command("dpkg-query", family="packages", summary="a tool to query the dpkg database")
def dpkg_query(ctx: Context, argv: list[str]) -> int:
    return _run(ctx, argv, "dpkg-query")
