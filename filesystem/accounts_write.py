"""Changing the account files as shadow-utils does: /etc/passwd, /etc/group, /etc/shadow and
/etc/gshadow are read together, edited in memory and written back together (as root, keeping
each file's mode and owner), so they never disagree.

Only root may lock the files: `lock_error()` gives the two lines a non-root caller gets.
"""
from __future__ import annotations

import time
from collections.abc import Iterator

from shelldojo.filesystem.credentials import ROOT, acting_as, current
from shelldojo.filesystem.vfs import VFS

PASSWD, GROUP, SHADOW, GSHADOW = "/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow"
FILES = (PASSWD, GROUP, SHADOW, GSHADOW)
_WIDTH = {PASSWD: 7, GROUP: 4, SHADOW: 9, GSHADOW: 4}
_MODES = {PASSWD: (0o644, 0), GROUP: (0o644, 0), SHADOW: (0o640, 42), GSHADOW: (0o640, 42)}

# /etc/login.defs and /etc/adduser.conf facts of Ubuntu 22.04 that the tools use
UID_MIN, UID_MAX, GID_MIN, GID_MAX = 1000, 60000, 1000, 60000
SYS_UID_MIN, SYS_UID_MAX = 100, 999
HOME_MODE = 0o750      # useradd -m (login.defs HOME_MODE)
ADDUSER_DIR_MODE = 0o750  # adduser (adduser.conf DIR_MODE in 22.04)
PASS_MAX_DAYS, PASS_MIN_DAYS, PASS_WARN_AGE = 99999, 0, 7


def _field(index: int) -> property:
    """A named field of a row: reads "" past the row's end, writing pads the row."""
    def get(row: list[str]) -> str:
        return row[index] if len(row) > index else ""

    def put(row: list[str], value: str) -> None:
        while len(row) <= index:
            row.append("")
        row[index] = value
    return property(get, put)


class Row(list[str]):
    """One line of an account file, split on `:`: kept whole (extra or missing fields are
    written back as they were read), its fields read and changed by name."""

    name = _field(0)
    password = _field(1)


class PasswdRow(Row):
    """name:password:uid:gid:gecos:home:shell (the ids as the text in the file)."""

    uid = _field(2)
    gid = _field(3)
    gecos = _field(4)
    home = _field(5)
    shell = _field(6)


class GroupRow(Row):
    """name:password:gid:members (/etc/group); gshadow's third field is the admins."""

    gid = _field(2)
    members = _field(3)   # comma-separated


class ShadowRow(Row):
    """name:password:lastchg:min:max:warn:inactive:expire:reserved."""

    lastchg = _field(2)     # days since 1970-01-01 of the last change ("0": change at next login)
    min_days = _field(3)
    max_days = _field(4)
    warn_days = _field(5)
    inactive = _field(6)


_ROWS: dict[str, type[Row]] = {"/etc/passwd": PasswdRow, "/etc/group": GroupRow,
                               "/etc/shadow": ShadowRow, "/etc/gshadow": GroupRow}


def lock_error(prog: str, path: str = PASSWD) -> str:
    """What shadow-utils prints when a non-root user tries to lock an account file."""
    return f"{prog}: Permission denied.\n{prog}: cannot lock {path}; try again later.\n"


def may_lock() -> bool:
    return current().is_root


def today() -> int:
    """Days since the epoch, as shadow's 'last change' field counts them."""
    return int(time.time() // 86400)


def valid_name(name: str) -> bool:
    """shadow-utils' is_valid_user_name (no --badname): [a-z_][a-z0-9_-]*[$]?, at most 32."""
    if not name or len(name) > 32 or name in (".", ".."):
        return False
    if not (name[0].islower() and name[0].isascii() or name[0] == "_"):
        return False
    body = name[1:-1] if name.endswith("$") else name[1:]
    return all(c.isascii() and (c.islower() or c.isdigit() or c in "_-") for c in body)


class AccountFiles:
    """The four files of one machine as rows of fields; `save()` writes the changed ones."""

    def __init__(self, vfs: VFS) -> None:
        self.vfs = vfs
        self.tables: dict[str, list[Row]] = {p: self._read(p) for p in FILES}
        self.dirty: set[str] = set()

    def _read(self, path: str) -> list[Row]:
        try:
            data = self.vfs.os.filesystem.resolve(path).byte_contents or b""  # root's view
        except OSError:
            return []
        kind = _ROWS[path]
        return [kind(line.split(":")) for line in data.decode("utf-8", "surrogateescape").splitlines() if line]

    # -- lookup ----------------------------------------------------------------
    def rows(self, path: str) -> list[Row]:
        return self.tables[path]

    def passwd(self) -> list[PasswdRow]:
        return self.tables[PASSWD]  # type: ignore[return-value]  # read as PasswdRows

    def group_rows(self, path: str = GROUP) -> list[GroupRow]:
        return self.tables[path]  # type: ignore[return-value]  # GROUP, GSHADOW: GroupRows

    def find(self, path: str, name: str) -> Row | None:
        return next((r for r in self.tables[path] if r and r.name == name), None)

    def user(self, name: str) -> PasswdRow | None:
        return self.find(PASSWD, name)  # type: ignore[return-value]

    def group(self, name: str) -> GroupRow | None:
        return self.find(GROUP, name)  # type: ignore[return-value]

    def shadow(self, name: str) -> ShadowRow | None:
        return self.find(SHADOW, name)  # type: ignore[return-value]

    def group_by_gid(self, gid: int) -> GroupRow | None:
        return next((r for r in self.group_rows() if len(r) > 2 and r.gid == str(gid)), None)

    def group_spec(self, spec: str) -> GroupRow | None:
        """A group named or numbered as on the command line (-g, -G)."""
        row = self.group(spec)
        if row is None and spec.isdigit():
            row = self.group_by_gid(int(spec))
        return row

    def uids(self) -> set[int]:
        return {int(r.uid) for r in self.passwd() if r.uid.isdigit()}

    def gids(self) -> set[int]:
        return {int(r.gid) for r in self.group_rows() if r.gid.isdigit()}

    def members(self, group: GroupRow) -> list[str]:
        return [m for m in group.members.split(",") if m]

    def groups_of(self, name: str) -> Iterator[GroupRow]:
        for row in self.group_rows():
            if name in self.members(row):
                yield row

    @staticmethod
    def next_id(used: set[int], low: int = UID_MIN, high: int = UID_MAX) -> int | None:
        """The lowest free id above every id in use in [low, high] (as useradd picks)."""
        taken = [i for i in used if low <= i <= high]
        candidate = max(taken) + 1 if taken else low
        if candidate <= high:
            return candidate
        return next((i for i in range(low, high + 1) if i not in used), None)

    # -- changes -----------------------------------------------------------------
    def _mark(self, *paths: str) -> None:
        self.dirty.update(paths)

    def set_field(self, path: str, name: str, index: int, value: str) -> None:
        row = self.find(path, name)
        if row is None:
            return
        while len(row) <= index:
            row.append("")
        row[index] = value
        self._mark(path)

    def add_user(self, name: str, uid: int, gid: int, gecos: str, home: str, shell: str,
                 password: str = "!") -> None:
        self.tables[PASSWD].append(PasswdRow([name, "x", str(uid), str(gid), gecos, home, shell]))
        self.tables[SHADOW].append(ShadowRow([name, password, str(today()), str(PASS_MIN_DAYS),
                                              str(PASS_MAX_DAYS), str(PASS_WARN_AGE), "", "", ""]))
        self._mark(PASSWD, SHADOW)

    def add_group(self, name: str, gid: int, members: list[str] | None = None, password: str = "!") -> None:
        self.tables[GROUP].append(GroupRow([name, "x", str(gid), ",".join(members or [])]))
        self.tables[GSHADOW].append(GroupRow([name, password, "", ",".join(members or [])]))
        self._mark(GROUP, GSHADOW)

    def remove_user(self, name: str) -> None:
        for path in (PASSWD, SHADOW):
            self.tables[path] = [r for r in self.tables[path] if r.name != name]
        for path in (GROUP, GSHADOW):
            for row in self.group_rows(path):
                if name in row.members.split(","):
                    row.members = ",".join(m for m in row.members.split(",") if m and m != name)
        self._mark(*FILES)

    def remove_group(self, name: str) -> None:
        for path in (GROUP, GSHADOW):
            self.tables[path] = [r for r in self.tables[path] if r.name != name]
        self._mark(GROUP, GSHADOW)

    def set_members(self, group: str, members: list[str]) -> None:
        for path in (GROUP, GSHADOW):
            row = self.find(path, group)
            if row is not None:
                row.members = ",".join(members)  # type: ignore[attr-defined]  # a GroupRow
        self._mark(GROUP, GSHADOW)

    def rename_user(self, old: str, new: str) -> None:
        for path in FILES:
            for row in self.tables[path]:
                if path in (PASSWD, SHADOW) and row.name == old:
                    row.name = new
                if isinstance(row, GroupRow) and len(row) > 3:
                    row.members = ",".join(new if m == old else m for m in row.members.split(",") if m)
        self._mark(*FILES)

    def save(self) -> None:
        """Write the changed files back, as root, keeping (or giving) their mode and owner."""
        with acting_as(ROOT):
            for path in FILES:
                if path not in self.dirty:
                    continue
                text = "".join(":".join(r) + "\n" for r in self.tables[path])
                existed = self.vfs.exists(path)
                self.vfs.write_bytes(path, text.encode("utf-8", "surrogateescape"))
                if not existed:
                    mode, gid = _MODES[path]
                    self.vfs.chmod(path, mode)
                    self.vfs.chown(path, 0, gid)
        self.dirty.clear()


def shadow_entry(vfs: VFS, name: str) -> ShadowRow | None:
    """The user's /etc/shadow row (root's view: callers decide who may see it)."""
    return AccountFiles(vfs).shadow(name)
