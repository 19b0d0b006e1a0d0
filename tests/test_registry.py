"""The command registry: its generated index is current, and lookups are lazy."""
from __future__ import annotations

from shelldojo.shell import command_index as _index
from shelldojo.shell import registry


def test_index_matches_the_modules() -> None:
    # Regenerate with: python -m shelldojo.shell.registry > shell/command_index.py
    assert _index.COMMANDS == registry.build_index()


def test_lookup_finds_commands() -> None:
    info = registry.lookup("ls")
    assert info is not None and info.name == "ls"
    assert registry.lookup("no-such-command") is None


def test_the_index_knows_every_kind() -> None:
    kinds = {name: entry[3] for name, entry in _index.COMMANDS.items()}
    assert kinds["cd"] == "builtin" and kinds["export"] == "special builtin"
    assert kinds["ls"] == "program" and kinds["tree"] == "package"
