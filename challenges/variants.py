"""Per-student variants: {{name}} placeholders filled from the challenge's [variables].

The choice is seeded by a string (the student's name), so each student gets a different
but reproducible instance; without variables a challenge is returned unchanged.
"""
from __future__ import annotations

import dataclasses
import hashlib
import random
import re
from typing import Any

from shelldojo.challenges.model import Challenge

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def choose(challenge: Challenge, seed: str) -> dict[str, str]:
    """The values of the challenge's variables for this seed."""
    # surrogateescape: a student folder whose name is not UTF-8 seeds by its bytes
    digest = hashlib.sha256(f"{challenge.id}\0{seed}".encode("utf-8", "surrogateescape")).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    return {name: rng.choice(values) for name, values in sorted(challenge.variables.items())}


def fill(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _fill_any(value: Any, values: dict[str, str]) -> Any:
    if isinstance(value, str):
        return fill(value, values)
    if isinstance(value, tuple):
        return tuple(_fill_any(v, values) for v in value)
    if isinstance(value, list):
        return [_fill_any(v, values) for v in value]
    if isinstance(value, dict):
        return {k: _fill_any(v, values) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # a Challenge's own `path` is its TOML file; every other field (FileSpec.path...) is filled
        return dataclasses.replace(value, **{f.name: _fill_any(getattr(value, f.name), values)
                                             for f in dataclasses.fields(value)
                                             if not (isinstance(value, Challenge) and f.name == "path")})
    return value


def instantiate(challenge: Challenge, seed: str = "") -> Challenge:
    """The challenge with every {{variable}} replaced by its value for `seed`."""
    if not challenge.variables:
        return challenge
    values = choose(challenge, seed)
    filled = _fill_any(dataclasses.replace(challenge, variables={}), values)
    return dataclasses.replace(filled, path=challenge.path, variables=challenge.variables)


def unknown_placeholders(challenge: Challenge) -> list[str]:
    """Placeholders naming no variable (validate reports them)."""
    names: set[str] = set()

    def scan(value: Any) -> None:
        if isinstance(value, str):
            names.update(m.group(1) for m in _PLACEHOLDER.finditer(value))
        elif isinstance(value, (tuple, list)):
            for v in value:
                scan(v)
        elif isinstance(value, dict):
            for v in value.values():
                scan(v)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                scan(getattr(value, f.name))

    scan(dataclasses.replace(challenge, variables={}))
    return sorted(names - set(challenge.variables))


def variant_count(challenge: Challenge) -> int:
    """How many different instances the variables can make (1 without variables)."""
    count = 1
    for values in challenge.variables.values():
        count *= len(set(values))
    return count


def placeholder_line(text: str, name: str) -> int:
    """The line of `text` (a challenge's TOML source) where {{name}} first appears, or 0."""
    for n, line in enumerate(text.splitlines(), 1):
        if any(m.group(1) == name for m in _PLACEHOLDER.finditer(line)):
            return n
    return 0
