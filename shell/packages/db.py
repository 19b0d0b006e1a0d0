"""The package catalog (shipped data) and the dpkg database kept on the machine's disk.

State lives in the machine, as on Ubuntu, so challenges can check it:
`/var/lib/dpkg/status` (one stanza per installed package), `/var/lib/dpkg/info/PKG.list`
(the files a package owns), `/var/lib/apt/extended_states` (automatically installed
packages).  Installing writes the files first and the status last; on any failure the
files written so far are removed again, so no package is ever half installed.
"""
from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from shelldojo.filesystem.vfs import VFS

STATUS = "/var/lib/dpkg/status"
INFO = "/var/lib/dpkg/info"
EXTENDED = "/var/lib/apt/extended_states"
STUB = "#!shelldojo builtin {}\n"
MAINTAINER = "Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>"
MIRROR = {"jammy-security": "http://security.ubuntu.com/ubuntu"}
ARCHIVE = "http://archive.ubuntu.com/ubuntu"
# Directories of the base system (base-files owns them): never removed with a package
# (/lib is the merged-/usr symlink: a unit file's package must not unlink it).
SYSTEM_DIRS = {"/lib", "/usr", "/usr/bin", "/usr/sbin", "/usr/games", "/usr/lib", "/usr/share", "/usr/share/doc",
               "/usr/share/man", "/usr/local", "/etc", "/var", "/var/lib"}


@dataclass
class Pkg:
    name: str
    version: str
    section: str
    component: str = "main"
    pocket: str = "jammy"
    arch: str = "amd64"
    installed_size: int = 0          # KiB, as Installed-Size
    size: int = 0                    # bytes of the .deb
    depends: list[str] = field(default_factory=list)
    provides: list[str] = field(default_factory=list)
    maintainer: str = ""
    homepage: str = ""
    description: str = ""
    long: str = ""
    commands: dict[str, str] = field(default_factory=dict)   # path -> registry command
    data: dict[str, str] = field(default_factory=dict)       # path -> resource in shell/packages/data
    # why this machine cannot install it (e.g. needs a Perl interpreter): apt finds no candidate,
    # command-not-found still advises it as Ubuntu does
    unavailable: str = ""

    @property
    def display(self) -> str:
        """dpkg's name for messages: libraries are Multi-Arch: same, so they carry :amd64."""
        return f"{self.name}:{self.arch}" if self.name.startswith("lib") and self.arch != "all" else self.name

    @property
    def source_line(self) -> str:
        return f"{MIRROR.get(self.pocket, ARCHIVE)} {self.pocket}/{self.component}"

    def files(self) -> list[str]:
        """Every path the package owns, directories included, in dpkg -L order."""
        paths = sorted([*self.commands, *self.data, f"/usr/share/doc/{self.name}"])
        listed = ["/."]
        for path in paths:
            parts = path.split("/")
            for i in range(2, len(parts) + 1):
                sub = "/".join(parts[:i])
                if sub not in listed:
                    listed.append(sub)
        return listed


@cache
def catalog() -> dict[str, Pkg]:
    raw = json.loads(resources.files("shelldojo.shell.packages").joinpath("catalog.json").read_text("utf-8"))
    return {name: Pkg(name=name, **fields) for name, fields in raw.items()}


def resource(name: str) -> bytes:
    return resources.files("shelldojo.shell.packages").joinpath("data", name).read_bytes()


def provider(name: str) -> str | None:
    """The catalog package that Provides `name` (apt: "Note, selecting 'X' instead of 'Y'")."""
    for pkg in catalog().values():
        if name in pkg.provides:
            return pkg.name
    return None


def size_str(n: float) -> str:
    """apt's SizeToStr: 47902 -> '47.9 k', 116000 -> '116 k' (caller appends 'B')."""
    units = ["", "k", "M", "G", "T"]
    for unit in units:
        if n < 100 and unit:
            return f"{n:.1f} {unit}"
        if n < 10000:
            return f"{n:.0f} {unit}"
        n /= 1000.0
    return f"{n:.0f} P"


def parse_stanzas(text: str) -> list[dict[str, str]]:
    """Deb822 paragraphs; continuation lines are kept in the field's value."""
    out: list[dict[str, str]] = []
    cur: dict[str, str] = {}
    last = ""
    for line in text.split("\n"):
        if not line.strip():
            if cur:
                out.append(cur)
            cur, last = {}, ""
        elif line[0] in " \t" and last:
            cur[last] += "\n" + line
        elif ":" in line:
            key, _, value = line.partition(":")
            cur[key] = value.strip()
            last = key
    if cur:
        out.append(cur)
    return out


class Database:
    """The dpkg database of one machine, read at construction; write back with save()."""

    def __init__(self, vfs: VFS) -> None:
        self.vfs = vfs
        self.status: dict[str, dict[str, str]] = {}
        try:
            for stanza in parse_stanzas(vfs.read_bytes(STATUS).decode("utf-8", "replace")):
                if "Package" in stanza:
                    self.status[stanza["Package"]] = stanza
        except OSError:
            pass
        self.auto: set[str] = set()
        try:
            for stanza in parse_stanzas(vfs.read_bytes(EXTENDED).decode("utf-8", "replace")):
                if stanza.get("Auto-Installed") == "1":
                    self.auto.add(stanza.get("Package", ""))
        except OSError:
            pass

    # -- queries ---------------------------------------------------------------
    def installed(self, name: str) -> bool:
        return self.status.get(name, {}).get("Status", "").endswith(" installed")

    def version(self, name: str) -> str:
        return self.status.get(name, {}).get("Version", "")

    def list_files(self, name: str) -> list[str]:
        try:
            text = self.vfs.read_bytes(f"{INFO}/{name}.list").decode("utf-8", "replace")
        except OSError:
            return []
        return [line for line in text.split("\n") if line]

    def file_count(self) -> int:
        """dpkg's "N files and directories currently installed" (distinct listed paths)."""
        seen: set[str] = set()
        for name in self.status:
            seen.update(self.list_files(name))
        return len(seen)

    def dependencies(self, name: str) -> list[str]:
        """Names this package depends on (first satisfiable alternative of each)."""
        pkg = catalog().get(name)
        deps = pkg.depends if pkg else _split_depends(self.status.get(name, {}).get("Depends", ""))
        out = []
        for dep in deps:
            alts = [a.strip().split(" ", 1)[0] for a in dep.split("|")]
            chosen = next((a for a in alts if self.installed(a)), None)
            chosen = chosen or next((a for a in alts if a in catalog()), alts[0])
            out.append(chosen)
        return out

    def reverse_dependencies(self, names: set[str]) -> set[str]:
        """`names` plus every installed package that (transitively) depends on one of them."""
        result = set(names)
        changed = True
        while changed:
            changed = False
            for pkg in self.status:
                if pkg not in result and self.installed(pkg) and set(self.dependencies(pkg)) & result:
                    result.add(pkg)
                    changed = True
        return result

    def unused_auto(self) -> list[str]:
        """Automatically installed packages nothing manually installed still needs."""
        needed: set[str] = set()
        stack = [p for p in self.status if self.installed(p) and p not in self.auto]
        while stack:
            p = stack.pop()
            for d in self.dependencies(p):
                if d not in needed:
                    needed.add(d)
                    stack.append(d)
        return sorted(p for p in self.auto if self.installed(p) and p not in needed)

    # -- changes ---------------------------------------------------------------
    def install(self, pkg: Pkg, auto: bool) -> None:
        """Unpack the package's files, then record it; undo the files on failure."""
        written: list[str] = []
        try:
            for path in pkg.files()[1:]:
                if pkg.data.get(path, "").startswith("-> "):   # a symlink the package ships
                    self.vfs.symlink(pkg.data[path][3:], path)
                    written.append(path)
                elif path in pkg.commands or path in pkg.data:
                    data = STUB.format(pkg.commands[path]).encode() if path in pkg.commands \
                        else resource(pkg.data[path])
                    self.vfs.write_bytes(path, data)
                    written.append(path)
                    self.vfs.chmod(path, 0o755 if path in pkg.commands else 0o644)
                    self.vfs.chown(path, 0, 0)
                elif not self.vfs.isdir(path):
                    self.vfs.mkdir(path, 0o755)
                    written.append(path)
                    self.vfs.chmod(path, 0o755)
            self.vfs.write_bytes(f"{INFO}/{pkg.name}.list", "".join(f"{p}\n" for p in pkg.files()).encode())
            written.append(f"{INFO}/{pkg.name}.list")
            self.status[pkg.name] = self._stanza(pkg)
            if auto:
                self.auto.add(pkg.name)
            else:
                self.auto.discard(pkg.name)
            self.save()
        except OSError:
            self.status.pop(pkg.name, None)
            for path in reversed(written):
                try:
                    if self.vfs.isdir(path) and not self.vfs.islink(path):
                        self.vfs.rmdir(path)
                    else:
                        self.vfs.unlink(path)
                except OSError:
                    pass
            raise

    def remove(self, name: str) -> None:
        """Delete the package's files (directories only once empty and unowned), then its record."""
        files = self.list_files(name)
        others: set[str] = set()
        for other in self.status:
            if other != name:
                others.update(self.list_files(other))
        for path in reversed(files):
            if path in ("/.", "/") or path in others or path in SYSTEM_DIRS:
                continue
            try:
                if self.vfs.isdir(path) and not self.vfs.islink(path):
                    if not self.vfs.listdir(path):
                        self.vfs.rmdir(path)
                else:
                    self.vfs.unlink(path)
            except OSError:
                continue
        try:
            self.vfs.unlink(f"{INFO}/{name}.list")
        except OSError:
            pass
        self.status.pop(name, None)
        self.auto.discard(name)
        self.save()

    def save(self) -> None:
        text = "\n".join("".join(f"{k}: {v}\n" for k, v in s.items()) for s in self.status.values())
        self.vfs.write_bytes(STATUS, text.encode())
        ext = "\n".join(f"Package: {p}\nArchitecture: amd64\nAuto-Installed: 1\n" for p in sorted(self.auto))
        self.vfs.write_bytes(EXTENDED, ext.encode())

    @staticmethod
    def _stanza(pkg: Pkg) -> dict[str, str]:
        s = {"Package": pkg.name, "Status": "install ok installed", "Priority": "optional",
             "Section": pkg.section, "Installed-Size": str(pkg.installed_size),
             "Maintainer": MAINTAINER, "Architecture": pkg.arch, "Version": pkg.version}
        if pkg.provides:
            s["Provides"] = ", ".join(pkg.provides)
        if pkg.depends:
            s["Depends"] = ", ".join(pkg.depends)
        body = "\n".join(f" {line}" if line else " ." for line in pkg.long.split("\n"))
        s["Description"] = f"{pkg.description}\n{body}" if pkg.long else pkg.description
        if pkg.homepage:
            s["Homepage"] = pkg.homepage
        s["Original-Maintainer"] = pkg.maintainer
        return s


def _split_depends(text: str) -> list[str]:
    return [d.strip() for d in text.split(",") if d.strip()]


def path_parent(path: str) -> str:
    return posixpath.dirname(path) or "/"
