"""What apt and apt-get do: update, install, remove/purge, autoremove, upgrade (apt 2.4 texts).

Downloads are simulated (no network): the lines apt prints are its normal ones and the
machine's state changes for real (files in /usr/bin, /var/lib/dpkg/status).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from shelldojo.shell.ask import ask_yes
from shelldojo.shell.packages.db import Database, Pkg, catalog, provider, size_str

if TYPE_CHECKING:
    from shelldojo.shell.context import Context

SOURCES = [("http://archive.ubuntu.com/ubuntu", "jammy"), ("http://archive.ubuntu.com/ubuntu", "jammy-updates"),
           ("http://archive.ubuntu.com/ubuntu", "jammy-backports"),
           ("http://security.ubuntu.com/ubuntu", "jammy-security")]
LISTS = "/var/lib/apt/lists"


def progress(ctx: Context, *steps: str) -> None:
    """apt's progress lines end with ' Done' on a terminal only."""
    done = " Done" if ctx.stdout.isatty() else ""
    for step in steps:
        ctx.out(f"{step}...{done}\n")


def reading(ctx: Context) -> None:
    progress(ctx, "Reading package lists", "Building dependency tree", "Reading state information")


def dpkg_lock(ctx: Context) -> bool:
    """Only root may take the dpkg lock; print apt's two errors otherwise."""
    if ctx.creds.is_root:
        return True
    ctx.err("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n"
            "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n")
    return False


def show_list(ctx: Context, title: str, names: list[str]) -> None:
    """A title line and the names, indented and wrapped at 80 columns as apt's ShowList."""
    ctx.out(title + "\n")
    line = " "
    for name in names:
        if len(line) + 1 + len(name) >= 80 and line.strip():
            ctx.out(line + "\n")
            line = " "
        line += " " + name
    ctx.out(line + "\n")


def ask(ctx: Context) -> bool:
    """'Do you want to continue? [Y/n] ': the terminal in the REPL, else a line of stdin."""
    if ask_yes(ctx, "Do you want to continue? [Y/n] ", default=True):
        return True
    ctx.out("Abort.\n")
    return False


def update(ctx: Context, apt: bool) -> int:
    if not ctx.creds.is_root:
        progress(ctx, "Reading package lists")
        ctx.err(f"E: Could not open lock file {LISTS}/lock - open (13: Permission denied)\n"
                f"E: Unable to lock directory {LISTS}/\n")
        return 100
    for i, (url, suite) in enumerate(SOURCES, 1):
        ctx.out(f"Hit:{i} {url} {suite} InRelease\n")
    _write_lists(ctx)
    progress(ctx, "Reading package lists")
    if apt:
        progress(ctx, "Building dependency tree", "Reading state information")
        ctx.out("All packages are up to date.\n")
    return 0


def _write_lists(ctx: Context) -> None:
    """The Packages indexes apt keeps in /var/lib/apt/lists, one per suite and component."""
    by_file: dict[str, list[str]] = {}
    for pkg in catalog().values():
        host = "security.ubuntu.com" if pkg.pocket == "jammy-security" else "archive.ubuntu.com"
        name = f"{LISTS}/{host}_ubuntu_dists_{pkg.pocket}_{pkg.component}_binary-amd64_Packages"
        by_file.setdefault(name, []).append(
            f"Package: {pkg.name}\nArchitecture: {pkg.arch}\nVersion: {pkg.version}\n"
            f"Installed-Size: {pkg.installed_size}\nDepends: {', '.join(pkg.depends)}\n"
            f"Filename: {_pool(pkg)}\nSize: {pkg.size}\nDescription: {pkg.description}\n")
    try:
        for name, stanzas in sorted(by_file.items()):
            ctx.vfs.write_bytes(name, "\n".join(stanzas).encode())
    except OSError:
        pass


def _pool(pkg: Pkg) -> str:
    src = pkg.name
    prefix = src[:4] if src.startswith("lib") else src[0]
    return f"pool/{pkg.component}/{prefix}/{src}/{_deb(pkg)}"


def _deb(pkg: Pkg) -> str:
    version = pkg.version.split(":", 1)[-1]
    return f"{pkg.name}_{version}_{pkg.arch}.deb"


def resolve(ctx: Context, db: Database, names: list[str]) -> tuple[list[str], list[str]] | None:
    """(requested package names, everything to install in dependency order); None on error."""
    requested: list[str] = []
    missing = False
    for name in names:
        if name not in catalog() and not db.installed(name):
            real = provider(name)
            if real is None:
                ctx.err(f"E: Unable to locate package {name}\n")
                missing = True
                continue
            ctx.out(f"Note, selecting '{real}' instead of '{name}'\n")
            name = real
        pkg = catalog().get(name)
        if pkg is not None and pkg.unavailable:
            ctx.out(f"Package {name} is not available, but is referred to by another package.\n"
                    "This may mean that the package is missing, has been obsoleted, or\n"
                    f"is only available from another source\nN: {pkg.unavailable}\n\n")
            ctx.err(f"E: Package '{name}' has no installation candidate\n")
            missing = True
            continue
        if name not in requested:
            requested.append(name)
    if missing:
        return None
    order: list[str] = []

    def visit(name: str) -> None:
        if name in order or db.installed(name) or name not in catalog():
            return
        order.append(name)          # placeholder against cycles, moved after its dependencies
        for dep in db.dependencies(name):
            visit(dep)
        order.remove(name)
        order.append(name)

    for name in requested:
        visit(name)
    return requested, order


def install(ctx: Context, names: list[str], yes: bool) -> int:
    reading(ctx)
    db = Database(ctx.vfs)
    resolved = resolve(ctx, db, names)
    if resolved is None:
        return 100
    requested, order = resolved
    for name in requested:
        if db.installed(name):
            ctx.out(f"{name} is already the newest version ({db.version(name)}).\n")
            if name in db.auto:
                ctx.out(f"{name} set to manually installed.\n")
                db.auto.discard(name)
                db.save()
    extra = sorted(n for n in order if n not in requested)
    if extra:
        show_list(ctx, "The following additional packages will be installed:", extra)
    if order:
        show_list(ctx, "The following NEW packages will be installed:", sorted(order))
    ctx.out(f"0 upgraded, {len(order)} newly installed, 0 to remove and 0 not upgraded.\n")
    if not order:
        return 0
    pkgs = [catalog()[n] for n in order]
    download = sum(p.size for p in pkgs)
    ctx.out(f"Need to get {size_str(download)}B of archives.\n")
    ctx.out(f"After this operation, {size_str(sum(p.installed_size for p in pkgs) * 1024)}B "
            "of additional disk space will be used.\n")
    if extra and not yes and not ask(ctx):
        return 1
    for i, pkg in enumerate(pkgs, 1):
        ctx.out(f"Get:{i} {pkg.source_line} amd64 {pkg.name} {pkg.arch} {pkg.version} "
                f"[{size_str(pkg.size)}B]\n")
    ctx.out(f"Fetched {size_str(download)}B in 0s (0 B/s)\n")
    ctx.check()
    count = db.file_count()
    for i, pkg in enumerate(pkgs):
        ctx.out(f"Selecting previously unselected package {pkg.display}.\n")
        if i == 0:
            ctx.out(f"(Reading database ... {count} files and directories currently installed.)\n")
        prefix = f"{i:0{len(str(len(pkgs) - 1))}d}-" if len(pkgs) > 1 else ""
        ctx.out(f"Preparing to unpack .../{prefix}{_deb(pkg)} ...\n")
        ctx.out(f"Unpacking {pkg.display} ({pkg.version}) ...\n")
    for pkg in pkgs:
        try:
            db.install(pkg, auto=pkg.name not in requested)
        except OSError as exc:
            ctx.err(f"dpkg: error processing archive .../{_deb(pkg)} (--unpack):\n"
                    f" unable to install new version of '{pkg.name}': {exc.strerror}\n"
                    "E: Sub-process /usr/bin/dpkg returned an error code (1)\n")
            return 100
    for pkg in pkgs:
        ctx.out(f"Setting up {pkg.display} ({pkg.version}) ...\n")
        # the maintainer script enables and starts the services the package ships
        _postinst(ctx, pkg.name)   # before its services start (sshd needs its host keys)
        for line in ctx.machine.services.package_installed(pkg.files()):
            ctx.err(line)
    return 0


# packages whose maintainer script does more than start services: name -> "module:function(ctx)"
POSTINST = {"openssh-server": "shelldojo.shell.commands.net.sshserver:postinst"}


def _postinst(ctx: Context, name: str) -> None:
    if name in POSTINST:
        import importlib

        module, func = POSTINST[name].split(":")
        getattr(importlib.import_module(module), func)(ctx)


def remove(ctx: Context, names: list[str], purge: bool, yes: bool, autoremove: bool = False) -> int:
    reading(ctx)
    db = Database(ctx.vfs)
    targets: set[str] = set()
    for name in names:
        if db.installed(name):
            targets.add(name)
        elif name in catalog() or provider(name):
            ctx.out(f"Package '{name}' is not installed, so not removed\n")
        else:
            ctx.err(f"E: Unable to locate package {name}\n")
            return 100
    if autoremove:
        targets.update(db.unused_auto())
    doomed = db.reverse_dependencies(targets)
    essential = sorted(n for n in doomed if n not in catalog())
    if essential:
        ctx.err("E: Removing essential system-critical packages is not permitted. "
                "This might break the system.\n")
        return 100
    after = {**db.status}
    for n in doomed:
        after.pop(n, None)
    leftover = [] if autoremove else [p for p in db.unused_auto() if p not in doomed]
    _still_needed = {d for p in after for d in db.dependencies(p)}
    newly_unused = sorted({p for p in db.auto if p in after and p not in _still_needed} | set(leftover))
    if newly_unused:
        verb = "is" if len(newly_unused) == 1 else "are"
        show_list(ctx, f"The following package{'s were' if len(newly_unused) > 1 else ' was'} "
                  f"automatically installed and {verb} no longer required:", newly_unused)
        ctx.out(f"Use 'sudo apt autoremove' to remove {'it' if len(newly_unused) == 1 else 'them'}.\n")
    order = sorted(doomed)
    if order:
        show_list(ctx, "The following packages will be REMOVED:", [n + ("*" if purge else "") for n in order])
    ctx.out(f"0 upgraded, 0 newly installed, {len(order)} to remove and 0 not upgraded.\n")
    if not order:
        return 0
    freed = sum(int(db.status[n].get("Installed-Size", "0") or 0) for n in order) * 1024
    ctx.out(f"After this operation, {size_str(freed)}B disk space will be freed.\n")
    if not yes and not ask(ctx):
        return 1
    ctx.out(f"(Reading database ... {db.file_count()} files and directories currently installed.)\n")
    # dependents go first, as dpkg removes them
    for name in sorted(order, key=lambda n: (n not in _dependents_first(db, doomed), n)):
        pkg = catalog()[name]
        ctx.out(f"Removing {pkg.display} ({db.version(name)}) ...\n")
        ctx.machine.services.package_removed(db.list_files(name))   # prerm stops its services
        db.remove(name)
    return 0


def _dependents_first(db: Database, doomed: set[str]) -> set[str]:
    """Packages in `doomed` nothing else in `doomed` depends on (removed first)."""
    needed = {d for p in doomed for d in db.dependencies(p)}
    return {p for p in doomed if p not in needed}


def upgrade(ctx: Context) -> int:
    reading(ctx)
    progress(ctx, "Calculating upgrade")
    ctx.out("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
    return 0
