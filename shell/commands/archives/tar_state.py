"""What one run of tar was asked for, and how it stops (shared by tar.py and tar_io.py)."""
from __future__ import annotations

from dataclasses import dataclass, field

from shelldojo.shell.context import Context


class Fatal(Exception):
    """tar stops: its message is printed, the status is 2."""


@dataclass
class Tar:
    mode: str = ""
    archive: str | None = None
    compress: str = ""          # "gz", "bz2", "xz" or "" (reading: sniffed)
    auto: bool = False
    verbose: bool = False
    keep_old: bool = False
    to_stdout: bool = False
    same_perms: bool | None = None
    same_owner: bool | None = None
    absolute: bool = False
    recursion: bool = True
    numeric: bool = False
    strip: int = 0
    directory: str | None = None
    excludes: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    errors: bool = False
    removed: set[str] = field(default_factory=set)   # leading prefixes already reported

    def error(self, ctx: Context, message: str) -> None:
        ctx.err(f"tar: {message}\n")
        self.errors = True
