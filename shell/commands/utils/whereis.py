"""whereis (util-linux 2.38): the binary, source and manual page files of a command.

Binaries are looked up in util-linux's fixed list of directories (those that exist on this
machine) and then $PATH; a manual page is reported where man finds one (shell/manpages, or
the page man makes from a program's --help), at the path Ubuntu installs it."""
from __future__ import annotations

import posixpath

from shelldojo.shell import manpages
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command, lookup
from shelldojo.shell.texts import verbatim

BIN_DIRS = ["/usr/bin", "/usr/sbin", "/usr/lib/x86_64-linux-gnu", "/usr/lib", "/usr/lib64", "/etc", "/usr/etc",
            "/usr/games", "/usr/local/bin", "/usr/local/sbin", "/usr/local/etc", "/usr/local/lib",
            "/usr/local/games", "/usr/include", "/usr/local", "/usr/libexec", "/usr/share"]
SRC_DIRS = ["/usr/src/linux", "/usr/src/linux/include", "/usr/src", "/usr/local/src"]


def _usage(ctx: Context, message: str) -> int:
    ctx.err(f"whereis: {message}\nTry 'whereis --help' for more information.\n")
    return 1


def _dirs(ctx: Context, wanted: list[str]) -> list[str]:
    """Existing directories, each real directory once (/bin is /usr/bin on merged-usr Ubuntu)."""
    seen: set[str] = set()
    out = []
    for d in wanted:
        if not d.startswith("/") or not ctx.vfs.isdir(d):
            continue
        try:
            real = ctx.vfs.realpath(d)
        except OSError:
            continue
        if real not in seen:
            seen.add(real)
            out.append(d)
    return out


def _man_page(ctx: Context, name: str) -> str | None:
    info = lookup(name)
    if manpages.load(name) is None and (info is None or info.directory is None):
        return None
    sec = "8" if info is not None and info.directory == "/usr/sbin" else "1"  # as man files it
    return f"/usr/share/man/man{sec}/{name}.{sec}.gz"


@command("whereis", family="utils", summary="locate the binary, source, and manual page files for a command")
def whereis(ctx: Context, argv: list[str]) -> int:
    kinds: set[str] = set()
    bin_dirs: list[str] = []
    names: list[str] = []
    args = argv[1:]
    if not args:
        return _usage(ctx, "not enough arguments")
    i, target = 0, ""
    while i < len(args):
        arg = args[i]
        i += 1
        if arg in ("-h", "--help"):
            ctx.out(verbatim("utils/whereis_help"))
            return 0
        if arg in ("-V", "--version"):
            ctx.out(verbatim("utils/whereis_version"))
            return 0
        if arg.startswith("-") and len(arg) > 1 and not arg.startswith("--"):
            for c in arg[1:]:
                if c in "bms":
                    kinds.add({"b": "bin", "m": "man", "s": "src"}[c])
                elif c in "BMS":
                    target = c
                elif c == "f":
                    target = ""
                elif c == "u":
                    pass
                else:
                    return _usage(ctx, "bad usage")
            continue
        if arg.startswith("--"):
            return _usage(ctx, "bad usage")
        if target == "B":
            bin_dirs.append(arg)
        elif target:
            continue
        else:
            names.append(arg)
    if not names:
        return _usage(ctx, "not enough arguments")
    kinds = kinds or {"bin", "man", "src"}
    path_dirs = [d for d in ctx.env.get("PATH", "").split(":") if d]
    dirs = _dirs(ctx, bin_dirs or BIN_DIRS + path_dirs)
    for name in names:
        ctx.check()
        base = posixpath.basename(name)
        found: list[str] = []
        if "bin" in kinds:
            found += [posixpath.join(d, base) for d in dirs if ctx.vfs.exists(posixpath.join(d, base))]
        if "man" in kinds:
            installed = any(ctx.vfs.exists(posixpath.join(d, base)) for d in dirs)
            page = _man_page(ctx, base) if installed else None
            if page:
                found.append(page)
        if "src" in kinds:
            found += [posixpath.join(d, base) for d in _dirs(ctx, SRC_DIRS)
                      if ctx.vfs.exists(posixpath.join(d, base))]
        ctx.out(f"{base}:" + "".join(f" {f}" for f in found) + "\n")
    return 0
