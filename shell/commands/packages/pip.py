"""pip / pip3 (python3-pip 22.0.2): install, uninstall, list, show, freeze over shell/packages/pypi.json.

Downloads are simulated; what lands on disk is real (dist-info directories in site-packages).
"""
from __future__ import annotations

import difflib

from shelldojo.shell.ask import ask_yes
from shelldojo.shell.context import Context
from shelldojo.shell.packages.pipops import (
    DEBIAN_SITE,
    SYSTEM_SITE,
    Dist,
    Req,
    canon,
    dist_paths,
    index,
    installed,
    parse_req,
    remove_tree,
    user_site,
    write_dist,
)
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

ROOT_WARNING = ("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting "
                "behaviour with the system package manager. It is recommended to use a virtual environment "
                "instead: https://pip.pypa.io/warnings/venv\n")
COMMANDS = ["install", "download", "uninstall", "freeze", "list", "show", "check", "config", "search",
            "cache", "index", "wheel", "hash", "completion", "debug", "help"]
# subcommand -> accepted flags (canonical); flags taking a value end with "="
FLAGS = {"install": {"--user": "--user", "-U": "-U", "--upgrade": "-U", "--no-deps": "--no-deps",
                     "--force-reinstall": "--force-reinstall", "-r": "-r=", "--requirement": "-r="},
         "uninstall": {"-y": "-y", "--yes": "-y", "-r": "-r=", "--requirement": "-r="},
         "list": {"--user": "--user"}, "show": {}, "freeze": {"--user": "--user", "--all": "--all"}}
GLOBAL = {"-q", "--quiet", "-v", "--verbose", "--no-input", "--disable-pip-version-check", "--no-color",
          "--isolated", "--no-cache-dir"}


def _home(ctx: Context) -> str:
    return ctx.env.get("HOME") or ("/root" if ctx.creds.is_root else "/")


def _display(ctx: Context, path: str) -> str:
    """pip's display_path: paths under the current directory are shown as ./..."""
    cwd = ctx.cwd.rstrip("/")
    return "." + path[len(cwd):] if path.startswith(cwd + "/") else path


def _sites(ctx: Context, user_only: bool = False) -> list[str]:
    return [user_site(_home(ctx))] if user_only else [user_site(_home(ctx)), SYSTEM_SITE, DEBIAN_SITE]


def _size(n: int) -> str:
    if n > 1000 * 1000:
        return f"{n / 1000 / 1000:.1f} MB"
    if n > 10 * 1000:
        return f"{n // 1000} kB"
    return f"{n / 1000:.1f} kB" if n > 1000 else f"{n} bytes"


def _bar(n: int) -> str:
    """The rich progress bar pip 22 prints for downloads over 40 kB (speed is made up)."""
    unit, div = ("MB", 1e6) if n >= 1e6 else ("KB", 1e3)
    rest = f" {n / div:.1f}/{n / div:.1f} {unit} 2.4 MB/s eta 0:00:00"
    return "     " + "━" * min(40, 75 - len(rest)) + rest + "\n"


def _usage(sub: str) -> str:
    """A subcommand's usage lines (its `pip SUB --help` screen is only these here)."""
    if sub in FLAGS:
        return verbatim(f"packages/pip-{sub}_usage")
    return f"  pip {sub} [options]\n"


def _usage_error(ctx: Context, sub: str, message: str) -> int:
    ctx.err(f"\nUsage:   \n{_usage(sub)}\n{message}\n")
    return 2


@command("pip", family="packages", package="python3-pip", summary="A tool for installing and managing Python packages")
def pip(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    while args and args[0] in GLOBAL:
        args = args[1:]
    if not args or args[0] in ("-h", "--help") or args[:1] == ["help"] and len(args) == 1:
        ctx.out(verbatim("packages/pip_help"))
        return 0
    if args[0] in ("-V", "--version"):
        ctx.out(verbatim("packages/pip_version"))
        return 0
    sub, rest = args[0], args[1:]
    if sub.startswith("-"):
        return _usage_error(ctx, "<command>", f"no such option: {sub}")
    if sub not in COMMANDS:
        close = difflib.get_close_matches(sub, COMMANDS)
        hint = f' - maybe you meant "{close[0]}"' if close else ""
        ctx.err(f'ERROR: unknown command "{sub}"{hint}\n')
        return 1
    if sub not in FLAGS:
        ctx.err(f"ERROR: pip {sub} is not available in this sandbox\n")
        return 1
    opts: dict[str, list[str]] = {}
    names: list[str] = []
    i = 0
    while i < len(rest):
        arg = rest[i]
        i += 1
        if arg in ("-h", "--help"):
            ctx.out(f"\nUsage:   \n{_usage(sub)}")
            return 0
        if arg in GLOBAL:
            continue
        if arg.startswith("-") and arg != "-":
            flag, eq, value = arg.partition("=")
            canon_flag = FLAGS[sub].get(flag)
            if canon_flag is None:
                return _usage_error(ctx, sub, f"no such option: {flag}")
            if canon_flag.endswith("="):
                if not eq:
                    if i >= len(rest):
                        return _usage_error(ctx, sub, f"{flag} option requires 1 argument")
                    value, i = rest[i], i + 1
                opts.setdefault(canon_flag[:-1], []).append(value)
            else:
                opts.setdefault(canon_flag, [])
            continue
        names.append(arg)
    for path in opts.get("-r", []):
        try:
            text = ctx.vfs.read_bytes(ctx.abspath(path)).decode("utf-8", "replace")
        except OSError as exc:
            ctx.err(f"ERROR: Could not open requirements file: [Errno {exc.errno}] {exc.strerror}: '{path}'\n")
            return 1
        names += [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]
    return {"install": _install, "uninstall": _uninstall, "list": _list, "show": _show,
            "freeze": _freeze}[sub](ctx, names, opts)


@command("pip3", family="packages", package="python3-pip", summary="A tool for installing and managing Python packages")
def pip3(ctx: Context, argv: list[str]) -> int:
    return pip(ctx, argv)


def _install(ctx: Context, names: list[str], opts: dict[str, list[str]]) -> int:
    if not names:
        ctx.err('ERROR: You must give at least one requirement to install (see "pip help install")\n')
        return 1
    reqs: list[Req] = []
    for name in names:
        req = parse_req(name)
        if req is None:
            ctx.err(f"ERROR: Invalid requirement: '{name}'\n")
            return 1
        reqs.append(req)
    user = "--user" in opts or not ctx.creds.is_root
    if "--user" not in opts and not ctx.creds.is_root:
        ctx.out("Defaulting to user installation because normal site-packages is not writeable\n")
    site = user_site(_home(ctx)) if user else SYSTEM_SITE
    have = installed(ctx.vfs, _sites(ctx))
    upgrade = "-U" in opts or "--force-reinstall" in opts
    # breadth first, as pip's resolver pins: every requested project, then their dependencies
    queue: list[tuple[Req, str | None, int]] = [(r, None, 1) for r in reqs]
    chosen: dict[str, int] = {}            # canonical name -> depth (longest path)
    shown: dict[str, str] = {}             # canonical name -> name as first required
    requested = {r.name for r in reqs}
    seen: set[str] = set()
    while queue:
        req, parent, depth = queue.pop(0)
        ctx.check()
        if req.name in seen:
            if req.name in chosen:
                chosen[req.name] = max(chosen[req.name], depth)
            continue
        seen.add(req.name)
        shown[req.name] = req.raw
        dist = have.get(req.name)
        if dist is not None and req.allows(dist.version) and not (upgrade and parent is None):
            origin = f" (from {parent})" if parent else ""
            ctx.out(f"Requirement already satisfied: {req.text} in {_display(ctx, dist.site)}{origin} "
                    f"({dist.version})\n")
            requires, parent_name = dist.requires, req.raw
        else:
            rel = index().get(req.name)
            if rel is None or not req.allows(rel.version):
                versions = rel.version if rel is not None else "none"
                ctx.err(f"ERROR: Could not find a version that satisfies the requirement {req.text} "
                        f"(from versions: {versions})\nERROR: No matching distribution found for {req.text}\n")
                return 1
            if dist is not None and dist.version == rel.version and "--force-reinstall" not in opts:
                ctx.out(f"Requirement already satisfied: {req.text} in {_display(ctx, dist.site)} ({dist.version})\n")
                requires, parent_name = dist.requires, req.raw
            else:
                ctx.out(f"Collecting {req.text}\n  Downloading {rel.wheel} ({_size(rel.size)})\n")
                if rel.size > 40 * 1000:
                    ctx.out(_bar(rel.size))
                chosen[req.name] = depth
                requires, parent_name = rel.requires, req.raw
        if "--no-deps" not in opts:
            for text in requires:
                dep = parse_req(text)
                if dep is not None:
                    queue.append((dep, parent_name, depth + 1))
    if not chosen:
        return 0
    order = sorted(chosen, key=lambda n: (chosen[n], n), reverse=True)
    ctx.out(f"Installing collected packages: {', '.join(shown[n] for n in order)}\n")
    done: list[str] = []
    for name in order:
        rel = index()[name]
        old = have.get(name)
        try:
            if old is not None and old.info_dir is not None and old.site == site:
                ctx.out(f"  Attempting uninstall: {old.name}\n    Found existing installation: {old.name} "
                        f"{old.version}\n    Uninstalling {old.name}-{old.version}:\n"
                        f"      Successfully uninstalled {old.name}-{old.version}\n")
                for path in dist_paths(ctx.vfs, old):
                    remove_tree(ctx.vfs, path)
            write_dist(ctx.vfs, site, rel, name in requested)
        except OSError as exc:
            ctx.err(f"ERROR: Could not install packages due to an OSError: [Errno {exc.errno}] "
                    f"{exc.strerror}: '{site}'\n\n")
            return 1
        done.append(f"{shown[name]}-{rel.version}")
    ctx.out(f"Successfully installed {' '.join(sorted(done))}\n")
    if ctx.creds.is_root and not user:
        ctx.err(ROOT_WARNING)
    return 0


def _uninstall(ctx: Context, names: list[str], opts: dict[str, list[str]]) -> int:
    if not names:
        ctx.err('ERROR: You must give at least one requirement to uninstall (see "pip help uninstall")\n')
        return 1
    have = installed(ctx.vfs, _sites(ctx))
    for name in names:
        req = parse_req(name)
        if req is None:
            ctx.err(f"ERROR: Invalid requirement: '{name}'\n")
            return 1
        dist = have.get(req.name)
        if dist is None:
            ctx.err(f"WARNING: Skipping {name} as it is not installed.\n")
            continue
        ctx.out(f"Found existing installation: {dist.name} {dist.version}\n")
        if dist.info_dir is None:
            ctx.out(f"Not uninstalling {canon(dist.name)} at {dist.site}, outside environment /usr\n"
                    f"Can't uninstall '{dist.name}'. No files were found to uninstall.\n")
            continue
        ctx.out(f"Uninstalling {dist.name}-{dist.version}:\n")
        paths = dist_paths(ctx.vfs, dist)
        if "-y" not in opts:
            ctx.out("  Would remove:\n" + "".join(f"    {p}/*\n" for p in paths))
            if not ask_yes(ctx, "Proceed (Y/n)? ", default=True):
                continue
        if not all(ctx.vfs.access(p.rsplit("/", 1)[0], 2) for p in paths):
            ctx.err(f"ERROR: Exception:\nPermissionError: [Errno 13] Permission denied: '{paths[0]}'\n")
            return 1
        for path in paths:
            remove_tree(ctx.vfs, path)
        ctx.out(f"  Successfully uninstalled {dist.name}-{dist.version}\n")
    if ctx.creds.is_root:
        ctx.err(ROOT_WARNING)
    return 0


def _list(ctx: Context, names: list[str], opts: dict[str, list[str]]) -> int:
    dists = sorted(installed(ctx.vfs, _sites(ctx, "--user" in opts)).values(), key=lambda d: d.name.lower())
    if not dists:
        return 0
    rows = [("Package", "Version")] + [(d.name, d.version) for d in dists]
    sizes = [max(len(r[0]) for r in rows), max(len(r[1]) for r in rows)]
    rows.insert(1, ("-" * sizes[0], "-" * sizes[1]))
    ctx.out("".join(f"{a.ljust(sizes[0])} {b.ljust(sizes[1])}".rstrip() + "\n" for a, b in rows))
    return 0


def _show(ctx: Context, names: list[str], opts: dict[str, list[str]]) -> int:
    if not names:
        ctx.err("WARNING: ERROR: Please provide a package name or names.\n")
        return 1
    have = installed(ctx.vfs, _sites(ctx))
    found: list[Dist] = [have[canon(n)] for n in names if canon(n) in have]
    missing = [n for n in names if canon(n) not in have]
    if missing:
        ctx.err(f"WARNING: Package(s) not found: {', '.join(missing)}\n")
    for i, dist in enumerate(found):
        requires = sorted(set(_dep_names(dist.requires)))
        required_by = sorted(d.name for d in have.values()
                             if canon(dist.name) in {canon(x) for x in _dep_names(d.requires)})
        m = dist.meta
        ctx.out(("---\n" if i else "") + f"Name: {dist.name}\nVersion: {dist.version}\n"
                f"Summary: {m.get('Summary', '')}\nHome-page: {m.get('Home-page', '')}\n"
                f"Author: {m.get('Author', '')}\nAuthor-email: {m.get('Author-email', '')}\n"
                f"License: {m.get('License', '')}\nLocation: {dist.site}\n"
                f"Requires: {', '.join(requires)}\nRequired-by: {', '.join(required_by)}\n")
    return 1 if not found else 0


def _dep_names(requires: list[str]) -> list[str]:
    out = []
    for text in requires:
        req = parse_req(text.split(";", 1)[0])
        if req is not None:
            out.append(req.name)
    return out


def _freeze(ctx: Context, names: list[str], opts: dict[str, list[str]]) -> int:
    hidden = set() if "--all" in opts else {"pip", "setuptools", "wheel", "distribute"}
    dists = installed(ctx.vfs, _sites(ctx, "--user" in opts)).values()
    for dist in sorted(dists, key=lambda d: d.name.lower()):
        if canon(dist.name) not in hidden:
            ctx.out(f"{dist.name}=={dist.version}\n")
    return 0
