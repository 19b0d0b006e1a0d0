"""apt, apt-get and apt-cache over the package catalog (Ubuntu 22.04's apt 2.4).

apt's command line is not GNU getopt: unknown options give apt's own
"E: Command line option ... is not understood" (status 100), so the arguments are
scanned here; --help and --version still print the real texts.
"""
from __future__ import annotations

from shelldojo.shell.context import Context
from shelldojo.shell.packages import aptops, query
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_FLAGS = {"-y": "yes", "--yes": "yes", "--assume-yes": "yes", "-q": "quiet", "--quiet": "quiet",
          "-qq": "quiet", "--installed": "installed", "--upgradable": "upgradable", "--purge": "purge",
          "--no-install-recommends": "", "--install-recommends": "", "--names-only": "names-only",
          "-f": "", "--fix-broken": "", "-a": "", "--all-versions": "", "--full": "", "-m": "",
          "--auto-remove": "autoremove", "--autoremove": "autoremove"}
_WARNING = "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n"


def _scan(ctx: Context, argv: list[str], help_text: str) -> tuple[set[str], list[str]] | int:
    flags: set[str] = set()
    words: list[str] = []
    only_words = False
    for arg in argv[1:]:
        if only_words or not arg.startswith("-") or arg == "-":
            words.append(arg)
        elif arg == "--":
            only_words = True
        elif arg in ("-h", "--help"):
            ctx.out(help_text)
            return 0
        elif arg in ("-v", "--version"):
            ctx.out(verbatim("packages/apt_version"))
            return 0
        elif arg in _FLAGS:
            flags.add(_FLAGS[arg])
        elif arg.startswith("-") and not arg.startswith("--") and all(f"-{c}" in _FLAGS for c in arg[1:]):
            flags.update(_FLAGS[f"-{c}"] for c in arg[1:])
        else:
            short = arg.lstrip("-").split("=", 1)[0]
            ctx.err(f"E: Command line option '{short}' [from {arg}] is not understood in combination "
                    "with the other options.\n" if not arg.startswith("--")
                    else f"E: Command line option --{short} is not understood in combination with the other options\n")
            return 100
    return flags, words


def _run(ctx: Context, argv: list[str], tool: str) -> int:
    help_text = verbatim("packages/apt_help") if tool == "apt" else verbatim("packages/apt-get_help")
    scanned = _scan(ctx, argv, help_text)
    if isinstance(scanned, int):
        return scanned
    flags, words = scanned
    if not words:
        ctx.out(help_text)
        return 1
    if tool == "apt" and not ctx.stdout.isatty():
        ctx.err(_WARNING)
    op, names = words[0], words[1:]
    yes = "yes" in flags
    if op == "update":
        return aptops.update(ctx, tool == "apt")
    if op in ("install", "reinstall"):
        if not aptops.dpkg_lock(ctx):
            return 100
        return aptops.install(ctx, names, yes)
    if op in ("remove", "purge", "autoremove", "auto-remove"):
        if not aptops.dpkg_lock(ctx):
            return 100
        return aptops.remove(ctx, names, op == "purge" or "purge" in flags, yes,
                             autoremove=op.startswith("auto") or "autoremove" in flags)
    if op in ("upgrade", "full-upgrade", "dist-upgrade"):
        if not aptops.dpkg_lock(ctx):
            return 100
        return aptops.upgrade(ctx)
    if tool == "apt":
        if op == "list":
            return query.list_packages(ctx, names, "installed" in flags, "upgradable" in flags)
        if op == "search":
            return query.search(ctx, names, "names-only" in flags)
        if op == "show":
            return query.show(ctx, names, apt=True)
        if op == "policy":
            return query.policy(ctx, names)
    if op in ("clean", "autoclean", "check"):
        if op == "check":
            if not aptops.dpkg_lock(ctx):
                return 100
            aptops.reading(ctx)
        elif not ctx.creds.is_root:
            return _cache_lock(ctx)
        return 0
    ctx.err(f"E: Invalid operation {op}\n")
    return 100


def _cache_lock(ctx: Context) -> int:
    ctx.err("E: Could not open lock file /var/cache/apt/archives/lock - open (13: Permission denied)\n"
            "E: Unable to lock directory /var/cache/apt/archives/\n")
    return 100


@command("apt", family="packages", summary="commandline package manager")
def apt(ctx: Context, argv: list[str]) -> int:
    return _run(ctx, argv, "apt")


@command("apt-get", family="packages", summary="APT package handling utility")
def apt_get(ctx: Context, argv: list[str]) -> int:
    return _run(ctx, argv, "apt-get")


@command("apt-cache", family="packages", summary="query the APT cache")
def apt_cache(ctx: Context, argv: list[str]) -> int:
    scanned = _scan(ctx, argv, verbatim("packages/apt-cache_help"))
    if isinstance(scanned, int):
        return scanned
    flags, words = scanned
    if not words:
        ctx.out(verbatim("packages/apt-cache_help"))
        return 1
    op, names = words[0], words[1:]
    if op == "search":
        return query.cache_search(ctx, names, "names-only" in flags)
    if op == "show":
        return query.show(ctx, names, apt=False)
    if op == "policy":
        return query.policy(ctx, names)
    if op == "pkgnames":
        from shelldojo.shell.packages.db import Database, catalog
        db = Database(ctx.vfs)
        prefix = names[0] if names else ""
        for name in sorted(set(catalog()) | set(db.status)):
            if name.startswith(prefix):
                ctx.out(name + "\n")
        return 0
    ctx.err(f"E: Invalid operation {op}\n")
    return 100
