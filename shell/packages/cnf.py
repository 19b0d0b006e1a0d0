"""Ubuntu's command-not-found (22.04): what an interactive bash prints for an unknown name.

Ubuntu's /etc/bash.bashrc defines `command_not_found_handle` in interactive shells, which
runs /usr/lib/command-not-found; it advises from the package catalog (here: ours), prints on
stderr (one line, "Please ask your administrator.", on stdout) and always exits 127.  Without
advice it prints `NAME: command not found` itself, without bash's prefix.
"""
from __future__ import annotations

import posixpath

from shelldojo.filesystem import accounts
from shelldojo.filesystem.credentials import Credentials
from shelldojo.filesystem.vfs import VFS
from shelldojo.shell.packages.db import Pkg, catalog

# CommandNotFound.prefixes: where it looks for a program the PATH misses
PREFIXES = ("/snap/bin", "/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/usr/sbin", "/usr/local/sbin",
            "/usr/games")
MAX_LEN = 256


def _packages(name: str) -> list[Pkg]:
    return [pkg for pkg in catalog().values() if any(posixpath.basename(p) == name for p in pkg.commands)]


def _can_sudo(vfs: VFS, creds: Credentials) -> bool:
    """user_can_sudo(): in group sudo or admin (the machine's groups, never the host's)."""
    entries = [accounts.group_by_name(vfs, name) for name in ("sudo", "admin")]
    return any(creds.in_group(g.gid) for g in entries if g is not None)


def advise(vfs: VFS, creds: Credentials, path_var: str, name: str) -> tuple[str, str]:
    """(stdout, stderr) of `/usr/lib/command-not-found -- NAME`; its status is always 127."""
    out, err = "", ""
    if len(name) > MAX_LEN:
        return out, f"{name}: command not found\n"
    found = [p for p in PREFIXES if vfs.exists(f"{p}/{name}") and not vfs.isdir(f"{p}/{name}")]
    if found:
        if len(found) == 1:
            err += f"Command '{name}' is available in '{found[0]}/{name}'\n"
        else:
            err += f"Command '{name}' is available in the following places\n"
            err += "".join(f" * {p}/{name}\n" for p in found)
        missing = [p for p in found if p not in path_var.split(":")]
        if missing:
            err += (f"The command could not be located because '{':'.join(missing)}' is not included in the "
                    "PATH environment variable.\n")
            if "sbin" in ":".join(missing):
                err += ("This is most likely caused by the lack of administrative privileges associated with "
                        "your user account.\n")
        return out, err + f"{name}: command not found\n"
    if not vfs.exists("/usr/bin/apt"):
        return out, f"{name}: command not found\n"
    if name == "python":  # 20.04 and later steer to python3
        return out, ("Command 'python' not found, did you mean:\n  command 'python3' from deb python3\n"
                     "  command 'python' from deb python-is-python3\n")
    packages = _packages(name)
    if not packages:
        return out, f"{name}: command not found\n"
    sudo = "" if creds.is_root else "sudo " if _can_sudo(vfs, creds) else None
    err = f"Command '{name}' not found, but can be installed with:\n"
    if len(packages) == 1:
        err += f"{sudo or ''}apt install {packages[0].name}\n"
        if sudo is None:
            out = "Please ask your administrator.\n"
        return out, err
    pad = max(len(p.name) for p in packages)
    for i, pkg in enumerate(packages):
        ver = f"  # version {pkg.version}, or" if i == 0 else f"  # version {pkg.version}"
        err += f"{sudo or ''}apt install {pkg.name:<{pad}}{ver}\n"
    if sudo is None:
        err += "Ask your administrator to install one of them.\n"
    return out, err
