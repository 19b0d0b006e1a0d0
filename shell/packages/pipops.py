"""pip 22.0.2 over a small PyPI catalog (pypi.json): requirements, site-packages, install, uninstall.

Packages are pure data: a `<module>/__init__.py` and a `<name>-<version>.dist-info/` directory
(METADATA, RECORD, INSTALLER, WHEEL, top_level.txt, REQUESTED) in the site directory, so
`ls ~/.local/lib/python3.10/site-packages` and challenges see what pip did.
"""
from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from shelldojo.filesystem.vfs import VFS
from shelldojo.shell.packages.db import Database

PYVER = "python3.10"
SYSTEM_SITE = f"/usr/local/lib/{PYVER}/dist-packages"
DEBIAN_SITE = "/usr/lib/python3/dist-packages"
# pip, setuptools and wheel come from Debian packages: present while those are installed.
DEBIAN_DISTS = {"python3-pip": ("pip", "22.0.2"), "python3-setuptools": ("setuptools", "59.6.0"),
                "python3-wheel": ("wheel", "0.37.1")}
_REQ = re.compile(r"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*((?:(?:~=|==|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!-]+\s*,?\s*)*)$")


def canon(name: str) -> str:
    """PEP 503 normalized name: 'Charset_Normalizer' -> 'charset-normalizer'."""
    return re.sub(r"[-_.]+", "-", name).lower()


def user_site(home: str) -> str:
    return f"{home.rstrip('/')}/.local/lib/{PYVER}/site-packages"


@dataclass
class Release:
    name: str                # display name (METADATA Name)
    version: str
    wheel: str
    size: int
    module: str
    summary: str = ""
    home: str = ""
    author: str = ""
    email: str = ""
    license: str = ""
    requires: list[str] = field(default_factory=list)


@cache
def index() -> dict[str, Release]:
    raw = json.loads(resources.files("shelldojo.shell.packages").joinpath("pypi.json").read_text("utf-8"))
    return {key: Release(name=fields.pop("name", key), **fields) for key, fields in raw.items()}


@dataclass
class Req:
    text: str                 # as written ("requests", "idna<4,>=2.5")
    name: str                 # canonical
    raw: str                  # the project name as written (pip's messages use it)
    specs: list[tuple[str, str]]

    def allows(self, version: str) -> bool:
        return all(_compare(version, op, want) for op, want in self.specs)


def parse_req(text: str) -> Req | None:
    m = _REQ.match(text)
    if m is None:
        return None
    specs = [(op, v) for op, v in re.findall(r"(~=|==|!=|<=|>=|<|>)\s*([A-Za-z0-9.*+!-]+)", m.group(2))]
    return Req(text.strip(), canon(m.group(1)), m.group(1), specs)


def _vtuple(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version.split("+")[0])) or (0,)


def _compare(version: str, op: str, want: str) -> bool:
    if want.endswith(".*") and op in ("==", "!="):
        prefix = _vtuple(want[:-2])
        same = _vtuple(version)[:len(prefix)] == prefix
        return same if op == "==" else not same
    a, b = _vtuple(version), _vtuple(want)
    width = max(len(a), len(b))
    a, b = a + (0,) * (width - len(a)), b + (0,) * (width - len(b))
    if op == "~=":
        upper = _vtuple(want)[:-1] or (0,)
        return a >= b and a[:len(upper)] == upper
    return {"==": a == b, "!=": a != b, "<=": a <= b, ">=": a >= b, "<": a < b, ">": a > b}[op]


@dataclass
class Dist:
    name: str
    version: str
    site: str
    requires: list[str]
    meta: dict[str, str]
    info_dir: str | None      # None for the Debian-packaged ones (not uninstallable)


def installed(vfs: VFS, sites: list[str]) -> dict[str, Dist]:
    """Every distribution visible in `sites` (earlier sites win), by canonical name."""
    found: dict[str, Dist] = {}
    for site in sites:
        if site == DEBIAN_SITE:
            db = Database(vfs)
            for deb, (name, version) in DEBIAN_DISTS.items():
                if db.installed(deb) and canon(name) not in found:
                    found[canon(name)] = Dist(name, version, site, [], {}, None)
            continue
        try:
            entries = sorted(vfs.listdir(site))
        except OSError:
            continue
        for entry in entries:
            if not entry.endswith(".dist-info"):
                continue
            info = f"{site}/{entry}"
            try:
                text = vfs.read_bytes(f"{info}/METADATA").decode("utf-8", "replace")
            except OSError:
                continue
            meta: dict[str, str] = {}
            requires: list[str] = []
            for line in text.split("\n"):
                key, sep, value = line.partition(": ")
                if not sep:
                    continue
                if key == "Requires-Dist":
                    requires.append(value)
                else:
                    meta.setdefault(key, value)
            name = meta.get("Name", entry.rsplit("-", 1)[0])
            if canon(name) not in found:
                found[canon(name)] = Dist(name, meta.get("Version", ""), site, requires, meta, info)
    return found


def metadata(rel: Release) -> str:
    lines = ["Metadata-Version: 2.1", f"Name: {rel.name}", f"Version: {rel.version}", f"Summary: {rel.summary}"]
    for key, value in (("Home-page", rel.home), ("Author", rel.author), ("Author-email", rel.email),
                       ("License", rel.license)):
        if value:
            lines.append(f"{key}: {value}")
    lines.append("Requires-Python: >=3.7")
    lines += [f"Requires-Dist: {r}" for r in rel.requires]
    return "\n".join(lines) + "\n\n"


def info_dir_name(rel: Release) -> str:
    return f"{re.sub(r'[-_.]+', '_', rel.name)}-{rel.version}.dist-info"


def write_dist(vfs: VFS, site: str, rel: Release, requested: bool) -> None:
    """Unpack one release into `site`; on failure remove what was written and re-raise."""
    info = f"{site}/{info_dir_name(rel)}"
    mod = f"{site}/{rel.module}"
    files = {f"{mod}/__init__.py": f'"""{rel.summary}"""\n__version__ = "{rel.version}"\n',
             f"{info}/METADATA": metadata(rel), f"{info}/INSTALLER": "pip\n",
             f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: bdist_wheel (0.41.2)\nRoot-Is-Purelib: true\n"
                              "Tag: py3-none-any\n\n",
             f"{info}/top_level.txt": f"{rel.module}\n"}
    if requested:
        files[f"{info}/REQUESTED"] = ""
    record = "".join(f"{posixpath.relpath(p, site)},,\n" for p in [*files, f"{info}/RECORD"])
    files[f"{info}/RECORD"] = record
    try:
        vfs.makedirs(mod, exist_ok=True)
        vfs.makedirs(info, exist_ok=True)
        for path, text in files.items():
            vfs.write_bytes(path, text.encode())
    except OSError:
        remove_tree(vfs, info)
        remove_tree(vfs, mod)
        raise


def remove_tree(vfs: VFS, path: str) -> None:
    try:
        if vfs.isdir(path) and not vfs.islink(path):
            for name in vfs.listdir(path):
                remove_tree(vfs, f"{path}/{name}")
            vfs.rmdir(path)
        elif vfs.exists(path, follow=False):
            vfs.unlink(path)
    except OSError:
        pass


def dist_paths(vfs: VFS, dist: Dist) -> list[str]:
    """The top-level paths a distribution owns: its dist-info and its modules (top_level.txt)."""
    assert dist.info_dir is not None
    paths = [dist.info_dir]
    try:
        tops = vfs.read_bytes(f"{dist.info_dir}/top_level.txt").decode("utf-8", "replace").split()
    except OSError:
        tops = []
    for top in tops:
        if vfs.exists(f"{dist.site}/{top}", follow=False):
            paths.append(f"{dist.site}/{top}")
    return sorted(paths, key=lambda p: p + "/*")
