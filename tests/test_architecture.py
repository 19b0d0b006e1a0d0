"""The architecture as a contract: one import package, one-way layers, no import cycles.

The graph is built from the source (every `import`, at module level or inside a function;
imports under `if TYPE_CHECKING:` aside), so a cycle hidden in a function still fails here.
Layers (../shared/DESIGN.md): filesystem <- shell engine <- challenges <- front ends.
"""
from __future__ import annotations

import ast
import tomllib
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"shelldojo.shell": ROOT / "shell", "shelldojo.filesystem": ROOT / "filesystem",
           "shelldojo.challenges": ROOT / "challenges", "shelldojo": ROOT / "shell" / "toplevel"}
FRONT_ENDS = ("shelldojo.shell.repl", "shelldojo.shell.cli", "shelldojo.shell.serve", "shelldojo.__main__",
              "shelldojo")


def _module_name(path: Path) -> str | None:
    best = None
    for prefix, folder in FOLDERS.items():
        if path.is_relative_to(folder) and (best is None or len(folder.parts) > len(best[1].parts)):
            best = (prefix, folder)
    if best is None:
        return None
    parts = list(path.relative_to(best[1]).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([best[0], *parts])


@cache
def modules() -> dict[str, Path]:
    found = {}
    for folder in ("shell", "filesystem", "challenges"):
        for path in (ROOT / folder).rglob("*.py"):
            name = _module_name(path)
            if name is not None:
                found[name] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imported_names(module: str, path: Path) -> list[str]:
    """Every module name an import statement of the file names (TYPE_CHECKING blocks aside)."""
    names: list[str] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for stmt in child.orelse:
                    visit_one(stmt)
                continue
            visit_one(child)

    def visit_one(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module if path.name == "__init__.py" else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            names.append(base)
            names.extend(f"{base}.{alias.name}" for alias in node.names)
        else:
            visit(node)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return names


@cache
def graph() -> dict[str, frozenset[str]]:
    """module -> the project modules importing it runs (its parents' __init__ included)."""
    known = modules()
    edges: dict[str, frozenset[str]] = {}
    for module, path in known.items():
        targets: set[str] = set()
        for name in _imported_names(module, path):
            while name and name not in known:
                name = name.rpartition(".")[0]
            parts = name.split(".") if name else []
            for i in range(1, len(parts) + 1):   # importing a.b.c runs a and a.b first
                target = ".".join(parts[:i])
                if target in known and target != module and not module.startswith(target + "."):
                    targets.add(target)
        edges[module] = frozenset(targets)
    return edges


def cycles(edges: dict[str, frozenset[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def _in(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_the_graph_sees_function_level_imports() -> None:
    edges = {"a": frozenset({"b"}), "b": frozenset({"a"}), "c": frozenset()}
    assert cycles(edges) == [["a", "b"]]
    assert graph()["shelldojo.shell.cli"], "the CLI imports the engine"


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


LAYER_RULES = [
    # (importer, may not import, why)
    ("shelldojo.filesystem", ("shelldojo.shell", "shelldojo.challenges"), "the machine knows no shell"),
    ("shelldojo.shell.syntax", ("shelldojo.shell.interp", "shelldojo.shell.commands"), "syntax is below"),
    ("shelldojo.shell.interp", ("shelldojo.shell.commands",), "the interpreter names no command"),
    ("shelldojo.challenges", ("shelldojo.shell.repl", "shelldojo.shell.cli"), "front ends are on top"),
]


def test_layers_point_one_way() -> None:
    broken = []
    for module, targets in graph().items():
        for importer, forbidden, why in LAYER_RULES:
            if _in(module, importer):
                broken += [f"{module} -> {t} ({why})" for t in targets if _in(t, *forbidden)]
        if _in(module, "shelldojo.shell") and not _in(module, *FRONT_ENDS):
            broken += [f"{module} -> {t} (the engine knows no challenge)" for t in targets
                       if _in(t, "shelldojo.challenges")]
    assert broken == []


def test_only_filesystem_names_pyfakefs() -> None:
    users = [m for m, path in modules().items() if not _in(m, "shelldojo.filesystem")
             and any(n == "pyfakefs" or n.startswith("pyfakefs.") for n in _imported_names(m, path))]
    assert users == []


# No real network from the engine (issue 16's host-safety rule): only a serving front end may
# speak to the network: `shelldojo serve` (shell/serve/, issue 18).
NETWORK_MODULES = ("socket", "ssl", "urllib", "http", "ftplib", "smtplib", "poplib", "imaplib",
                   "socketserver", "xmlrpc", "telnetlib", "webbrowser", "asyncio", "requests",
                   "aiohttp", "asyncssh", "psycopg")
SERVING = ("shelldojo.shell.serve",)


def test_no_module_imports_a_networking_module() -> None:
    users = [f"{m} -> {n}" for m, path in modules().items() if not _in(m, *SERVING)
             for n in _imported_names(m, path) if _in(n, *NETWORK_MODULES)]
    assert users == []


def test_pyproject_lists_every_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {_module_name(p) for folder in ("shell", "filesystem", "challenges")
               for p in (ROOT / folder).rglob("__init__.py")}
    assert listed == on_disk
    assert config["package-dir"] == {prefix: str(folder.relative_to(ROOT))
                                     for prefix, folder in FOLDERS.items()}


@pytest.mark.parametrize("module", ["shelldojo.shell.interp.executor", "shelldojo.shell.syntax.parser"])
def test_rule_examples_are_real_modules(module: str) -> None:
    assert module in modules()


def test_the_wheel_holds_one_top_level_package(tmp_path: Path) -> None:
    """`pip wheel .` (from a copy of the sources, so no build/ appears in the checkout)."""
    import shutil
    import subprocess
    import sys
    import zipfile

    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "shell", "filesystem", "challenges"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                            if (ROOT / name).is_dir() else {}))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "out"),
                    str(source)], check=True, capture_output=True, timeout=300)
    (wheel,) = (tmp_path / "out").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")} == {"shelldojo"}
    for needed in ("shelldojo/__main__.py", "shelldojo/shell/cli.py", "shelldojo/shell/manpages/ls.txt",
                   "shelldojo/filesystem/skel/bashrc", "shelldojo/challenges/packs/01-first-steps/pack.toml"):
        assert needed in names
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt")))
    assert b"shelldojo = shelldojo.launch:main" in entry_points
