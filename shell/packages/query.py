"""Read-only apt queries: list, search, show, apt-cache show|search|policy (apt 2.4 formats)."""
from __future__ import annotations

import fnmatch
import re
from typing import TYPE_CHECKING

from shelldojo.shell.packages.aptops import progress
from shelldojo.shell.packages.db import MAINTAINER, Database, Pkg, catalog, size_str

if TYPE_CHECKING:
    from shelldojo.shell.context import Context


def _known(db: Database) -> list[str]:
    return sorted(set(catalog()) | {n for n in db.status if db.installed(n)})


def _suite(db: Database, name: str) -> str:
    pkg = catalog().get(name)
    return pkg.pocket if pkg else "jammy"


def _version(db: Database, name: str) -> str:
    pkg = catalog().get(name)
    return pkg.version if pkg else db.version(name)


def _arch(db: Database, name: str) -> str:
    pkg = catalog().get(name)
    return pkg.arch if pkg else db.status[name].get("Architecture", "amd64")


def _synopsis(db: Database, name: str) -> str:
    pkg = catalog().get(name)
    return pkg.description if pkg else db.status[name].get("Description", "").split("\n")[0]


def list_packages(ctx: Context, patterns: list[str], installed: bool, upgradable: bool) -> int:
    progress(ctx, "Listing")
    db = Database(ctx.vfs)
    for name in _known(db):
        if patterns and not any(fnmatch.fnmatchcase(name, p) for p in patterns):
            continue
        if (installed or upgradable) and not db.installed(name):
            continue
        if upgradable:
            continue  # the catalog's versions are the installed ones: nothing to upgrade
        where = _suite(db, name) + (",now" if db.installed(name) else "")
        mark = ""
        if db.installed(name):
            mark = " [installed,automatic]" if name in db.auto else " [installed]"
        ctx.out(f"{name}/{where} {_version(db, name)} {_arch(db, name)}{mark}\n")
    return 0


def _matches(db: Database, name: str, patterns: list[str], names_only: bool) -> bool:
    pkg = catalog().get(name)
    text = name if names_only else f"{name}\n{_synopsis(db, name)}\n{pkg.long if pkg else ''}"
    try:
        return all(re.search(p, text, re.IGNORECASE) for p in patterns)
    except re.error:
        return all(p.lower() in text.lower() for p in patterns)


def search(ctx: Context, patterns: list[str], names_only: bool = False) -> int:
    if not patterns:
        ctx.err("E: You must give at least one search pattern\n")
        return 100
    progress(ctx, "Sorting", "Full Text Search")
    db = Database(ctx.vfs)
    for name in _known(db):
        if _matches(db, name, patterns, names_only):
            mark = ""
            if db.installed(name):
                mark = " [installed,automatic]" if name in db.auto else " [installed]"
            ctx.out(f"{name}/{_suite(db, name)} {_version(db, name)} {_arch(db, name)}{mark}\n"
                    f"  {_synopsis(db, name)}\n\n")
    return 0


def cache_search(ctx: Context, patterns: list[str], names_only: bool) -> int:
    if not patterns:
        ctx.err("E: You must give at least one search pattern\n")
        return 100
    db = Database(ctx.vfs)
    for name in _known(db):
        if _matches(db, name, patterns, names_only):
            ctx.out(f"{name} - {_synopsis(db, name)}\n")
    return 0


def _long(db: Database, name: str) -> str:
    pkg = catalog().get(name)
    if pkg is None:
        return db.status[name].get("Description", "")
    body = "\n".join(f" {line}" if line else " ." for line in pkg.long.split("\n"))
    return f"{pkg.description}\n{body}" if pkg.long else pkg.description


def show(ctx: Context, names: list[str], apt: bool) -> int:
    """apt show (human sizes, APT-Sources) or apt-cache show (raw index stanza)."""
    db = Database(ctx.vfs)
    found = False
    for name in names:
        if name not in catalog() and not db.installed(name):
            continue
        found = True
        ctx.out(_show_apt(db, name) if apt else _show_cache(db, name))
    if not found:
        ctx.err("E: No packages found\n")
        return 100
    return 0


def _show_apt(db: Database, name: str) -> str:
    pkg = catalog().get(name)
    st = db.status.get(name, {})
    size = pkg.installed_size if pkg else int(st.get("Installed-Size", "0") or 0)
    lines = [f"Package: {name}", f"Version: {_version(db, name)}",
             f"Priority: {st.get('Priority', 'optional')}",
             f"Section: {(pkg.component + '/' + pkg.section) if pkg and pkg.component != 'main' else (pkg.section if pkg else st.get('Section', ''))}",
             "Origin: Ubuntu", f"Maintainer: {MAINTAINER}"]
    if pkg:
        lines.append(f"Original-Maintainer: {pkg.maintainer}")
    lines += ["Bugs: https://bugs.launchpad.net/ubuntu/+filebug", f"Installed-Size: {size_str(size * 1024)}B"]
    if pkg and pkg.provides:
        lines.append(f"Provides: {', '.join(pkg.provides)}")
    depends = ", ".join(pkg.depends) if pkg else st.get("Depends", "")
    if depends:
        lines.append(f"Depends: {depends}")
    if pkg and pkg.homepage:
        lines.append(f"Homepage: {pkg.homepage}")
    if pkg:
        lines.append(f"Download-Size: {size_str(pkg.size)}B")
    if db.installed(name):
        lines.append(f"APT-Manual-Installed: {'no' if name in db.auto else 'yes'}")
    if pkg:
        lines.append(f"APT-Sources: {pkg.source_line} amd64 Packages")
    else:
        lines.append("APT-Sources: /var/lib/dpkg/status")
    lines.append(f"Description: {_long(db, name)}")
    return "\n".join(lines) + "\n\n"


def _show_cache(db: Database, name: str) -> str:
    pkg: Pkg | None = catalog().get(name)
    if pkg is None:
        return "".join(f"{k}: {v}\n" for k, v in db.status[name].items()) + "\n"
    from shelldojo.shell.packages.aptops import _pool
    lines = [f"Package: {name}", f"Architecture: {pkg.arch}", f"Version: {pkg.version}",
             "Priority: optional", f"Section: {pkg.component + '/' if pkg.component != 'main' else ''}{pkg.section}",
             "Origin: Ubuntu", f"Maintainer: {MAINTAINER}", f"Original-Maintainer: {pkg.maintainer}",
             "Bugs: https://bugs.launchpad.net/ubuntu/+filebug", f"Installed-Size: {pkg.installed_size}"]
    if pkg.provides:
        lines.append(f"Provides: {', '.join(pkg.provides)}")
    if pkg.depends:
        lines.append(f"Depends: {', '.join(pkg.depends)}")
    lines += [f"Filename: {_pool(pkg)}", f"Size: {pkg.size}"]
    if pkg.homepage:
        lines.append(f"Homepage: {pkg.homepage}")
    lines.append(f"Description: {_long(db, name)}")
    return "\n".join(lines) + "\n\n"


def policy(ctx: Context, names: list[str]) -> int:
    db = Database(ctx.vfs)
    if not names:
        ctx.out("Package files:\n 100 /var/lib/dpkg/status\n     release a=now\n")
        return 0
    for name in names:
        pkg = catalog().get(name)
        if pkg is None and not db.installed(name):
            continue  # apt-cache policy says nothing about unknown names
        installed = db.version(name) if db.installed(name) else "(none)"
        version = _version(db, name)
        ctx.out(f"{name}:\n  Installed: {installed}\n  Candidate: {version}\n  Version table:\n")
        star = "***" if db.installed(name) else "   "
        ctx.out(f" {star} {version} {500 if pkg else 100}\n")
        if pkg:
            ctx.out(f"        500 {pkg.source_line} amd64 Packages\n")
        if db.installed(name):
            ctx.out("        100 /var/lib/dpkg/status\n")
    return 0
