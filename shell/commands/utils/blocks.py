"""lsblk and findmnt (util-linux 2.38) over the machine's one virtual disk and its mounts.

The disk is an Ubuntu cloud image's layout: sda with the root partition sda1 (the size df
reports for /), the BIOS boot partition sda14 and the EFI partition sda15 (not mounted: the
machine's mounts are filesystem/hardware.py's MOUNTS, as /proc/mounts and df show them)."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

from shelldojo.shell.commands.utils.hw import table
from shelldojo.shell.commands.utils.runs import _short_opts
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

MIB = 1024 * 1024


@dataclass(frozen=True)
class Disk:
    name: str
    majmin: tuple[int, int]
    size: int
    type: str
    mount: str = ""
    fstype: str = ""
    fsver: str = ""
    label: str = ""
    uuid: str = ""
    parent: str = ""


def disks(ctx: Context) -> list[Disk]:
    root = ctx.machine.limits.quota_bytes
    return [Disk("sda", (8, 0), root + 111 * MIB, "disk"),
            Disk("sda1", (8, 1), root, "part", "/", "ext4", "1.0", "cloudimg-rootfs",
                 "5c2e6a1f-6f3d-4b6e-9d7a-2f1b0c8e4a11", "sda"),
            Disk("sda14", (8, 14), 4 * MIB, "part", parent="sda"),
            Disk("sda15", (8, 15), 106 * MIB, "part", "", "vfat", "FAT32", "UEFI", "7D1A-2C3B", "sda")]


def human(size: int) -> str:
    """util-linux's size_to_human_string: one letter, one decimal when there is a fraction."""
    exp = 0
    while exp < 60 and size >= 1 << (exp + 10):
        exp += 10
    dec, frac = size >> exp, size & ((1 << exp) - 1)
    if frac:
        frac = (frac * 1000 // (1 << exp) + 50) // 100
        if frac == 10:
            dec, frac = dec + 1, 0
    suffix = "BKMGTPE"[exp // 10]
    return f"{dec}.{frac}{suffix}" if frac else f"{dec}{suffix}"


def _root_usage(ctx: Context) -> tuple[int, str]:
    """(available bytes, use%) of / as df computes them."""
    try:
        used_k = math.ceil(ctx.vfs.disk_usage().used / 1024)
    except (AttributeError, OSError):
        used_k = 0
    total_k = ctx.machine.limits.quota_bytes // 1024
    avail_k = max(0, total_k - used_k)
    return avail_k * 1024, f"{math.ceil(used_k * 100 / max(1, used_k + avail_k))}%"


# column -> (heading, right-aligned)
_LSBLK = {"NAME": ("NAME", False), "MAJ:MIN": ("MAJ:MIN", False), "RM": ("RM", True), "SIZE": ("SIZE", True),
          "RO": ("RO", True), "TYPE": ("TYPE", False), "MOUNTPOINTS": ("MOUNTPOINTS", False),
          "MOUNTPOINT": ("MOUNTPOINT", False), "FSTYPE": ("FSTYPE", False), "FSVER": ("FSVER", False),
          "LABEL": ("LABEL", False), "UUID": ("UUID", False), "FSAVAIL": ("FSAVAIL", True),
          "FSUSE%": ("FSUSE%", True), "FSSIZE": ("FSSIZE", True), "KNAME": ("KNAME", False),
          "PATH": ("PATH", False), "PKNAME": ("PKNAME", False), "MODEL": ("MODEL", False)}
_DEFAULT = ["NAME", "MAJ:MIN", "RM", "SIZE", "RO", "TYPE", "MOUNTPOINTS"]
_FS = ["NAME", "FSTYPE", "FSVER", "LABEL", "UUID", "FSAVAIL", "FSUSE%", "MOUNTPOINTS"]
_LSBLK_LONG = {"all": "a", "bytes": "b", "nodeps": "d", "fs": "f", "help": "h", "json": "J", "list": "l",
               "noheadings": "n", "output": "o", "raw": "r", "version": "V", "paths": "p", "output-all": "O"}
_BOOL = {"RM", "RO"}


def _cell(ctx: Context, d: Disk, col: str, raw_bytes: bool, parsable: bool) -> str:
    avail, pct = _root_usage(ctx) if d.mount == "/" else (0, "")
    size = str(d.size) if raw_bytes else human(d.size)
    values = {"NAME": d.name, "KNAME": d.name, "PATH": f"/dev/{d.name}", "PKNAME": d.parent,
              "MAJ:MIN": f"{d.majmin[0]}:{d.majmin[1]}" if parsable else f"{d.majmin[0]:3d}:{d.majmin[1]:<3d}",
              "RM": "0", "RO": "0", "SIZE": size, "TYPE": d.type, "MOUNTPOINTS": d.mount, "MOUNTPOINT": d.mount,
              "FSTYPE": d.fstype, "FSVER": d.fsver, "LABEL": d.label, "UUID": d.uuid,
              "FSAVAIL": (str(avail) if raw_bytes else human(avail)) if d.mount else "",
              "FSUSE%": pct, "FSSIZE": size if d.mount else "",
              "MODEL": "PersistentDisk" if d.type == "disk" else ""}
    return values[col]


@command("lsblk", family="utils", summary="list block devices")
def lsblk(ctx: Context, argv: list[str]) -> int:
    parsed = _short_opts(ctx, "lsblk", argv[1:], {**dict.fromkeys("abdfhJlnrVpO", False), "o": True},
                         _LSBLK_LONG, 1)
    if isinstance(parsed, int):
        return parsed
    opts, rest = parsed
    letters = {c for c, _ in opts}
    if letters & {"h", "V"}:
        ctx.out(verbatim("utils/lsblk_help") if "h" in letters else verbatim("utils/lsblk_version"))
        return 0
    cols = _FS if "f" in letters else list(_DEFAULT)
    for c, value in opts:
        if c == "o":
            cols = value.split(",") if not value.startswith("+") else cols + value[1:].split(",")
    cols = [c.upper() for c in cols]
    for c in cols:
        if c not in _LSBLK:
            ctx.err(f"lsblk: unknown column: {c}\n")
            return 1
    devs = disks(ctx)
    if rest:
        wanted = []
        for name in rest:
            hit = [d for d in devs if f"/dev/{d.name}" == name]
            if not hit:
                ctx.err(f"lsblk: {name}: not a block device\n")
                continue
            wanted.append(hit[0])
        if not wanted:
            return 32
        devs = [d for d in devs if d in wanted or (d.parent and any(w.name == d.parent for w in wanted))]
    if "d" in letters:
        devs = [d for d in devs if not d.parent]
    flat = bool(letters & {"l", "r"}) or "d" in letters
    parsable = bool(letters & {"r", "J"})
    rows = [[_cell(ctx, d, c, "b" in letters, parsable) for c in cols] for d in devs]
    if "J" in letters:
        ctx.out(_json(devs, cols, rows, flat))
        return 0
    if "NAME" in cols and not flat:
        i = cols.index("NAME")
        for k, d in enumerate(devs):
            if d.parent and any(p.name == d.parent for p in devs):
                last = k + 1 == len(devs) or devs[k + 1].parent != d.parent
                rows[k][i] = ("└─" if last else "├─") + rows[k][i]
    if "r" in letters:
        ctx.out("".join(" ".join(r) + "\n" for r in ([cols] if "n" not in letters else []) + rows))
        return 0
    right = {k for k, c in enumerate(cols) if _LSBLK[c][1]}
    ctx.out(table([_LSBLK[c][0] for c in cols], rows, right, "n" not in letters,
                  {k: 5 for k, c in enumerate(cols) if c in ("SIZE", "FSAVAIL", "FSSIZE")}))
    return 0


def _json(devs: list[Disk], cols: list[str], rows: list[list[str]], flat: bool) -> str:
    """libsmartcols' JSON: three-space indents, objects joined by `},{`, children nested."""
    def obj(k: int, depth: int, children: list[int]) -> str:
        pad = "   " * depth
        items = []
        for c, v in zip(cols, rows[k], strict=True):
            key = json.dumps(c.lower())
            if c in _BOOL:
                items.append(f'{pad}   {key}: {"true" if v == "1" else "false"}')
            elif c == "MOUNTPOINTS":
                items.append(f'{pad}   {key}: [\n{pad}       {json.dumps(v) if v else "null"}\n{pad}   ]')
            elif v == "" and c != "NAME":
                items.append(f"{pad}   {key}: null")
            elif c in {"SIZE", "FSAVAIL"} and v.isdigit():
                items.append(f"{pad}   {key}: {v}")
            else:
                items.append(f"{pad}   {key}: {json.dumps(v)}")
        if children:
            kids = ",".join(obj(j, depth + 2, []) for j in children)
            items.append(f'{pad}   "children": [\n{pad}      {kids}\n{pad}   ]')
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    tops = [k for k, d in enumerate(devs) if flat or not d.parent]
    body = ",".join(obj(k, 2, [] if flat else [j for j, c in enumerate(devs) if c.parent == devs[k].name])
                    for k in tops)
    return '{\n   "blockdevices": [\n      ' + body + "\n   ]\n}\n"


# ----------------------------------------------------------------------------- findmnt
_FINDMNT = {"TARGET": False, "SOURCE": False, "FSTYPE": False, "OPTIONS": False, "SIZE": True, "USED": True,
            "AVAIL": True, "USE%": True, "FSROOT": False, "VFS-OPTIONS": False}
_FINDMNT_LONG = {"all": "A", "df": "D", "list": "l", "noheadings": "n", "output": "o", "types": "t",
                 "target": "T", "source": "S", "mountpoint": "M", "help": "h", "version": "V", "raw": "r",
                 "first-only": "f", "json": "J", "kernel": "k", "real": "R", "pseudo": "P"}
_PSEUDO = {"sysfs", "proc", "devpts"}


def _sizes(ctx: Context, m: object) -> tuple[int, int]:
    """(size, used) in bytes of a mount, as statfs would say."""
    point, opts = m.point, m.options  # type: ignore[attr-defined]
    if point == "/":
        avail, _ = _root_usage(ctx)
        total = ctx.machine.limits.quota_bytes
        return total, total - avail
    for opt in opts.split(","):
        if opt.startswith("size=") and opt.endswith("k"):
            return int(opt[5:-1]) * 1024, 1064 * 1024 if point == "/run" else 0
    if point == "/dev/shm":
        return ctx.machine.hardware.mem_total_kib * 512, 0
    return 0, 0


@command("findmnt", family="utils", summary="find a filesystem")
def findmnt(ctx: Context, argv: list[str]) -> int:
    spec = {**dict.fromkeys("ADlnhVrfJkRP", False), **dict.fromkeys("otTSM", True)}
    parsed = _short_opts(ctx, "findmnt", argv[1:], spec, _FINDMNT_LONG, 1)
    if isinstance(parsed, int):
        return parsed
    opts, rest = parsed
    letters = {c for c, _ in opts}
    if letters & {"h", "V"}:
        ctx.out(verbatim("utils/findmnt_help") if "h" in letters else verbatim("utils/findmnt_version"))
        return 0
    values = {c: v for c, v in opts}
    df = "D" in letters
    cols = ["SOURCE", "FSTYPE", "SIZE", "USED", "AVAIL", "USE%", "TARGET"] if df else \
        ["TARGET", "SOURCE", "FSTYPE", "OPTIONS"]
    if "o" in values:
        v = values["o"]
        cols = cols + v[1:].split(",") if v.startswith("+") else v.split(",")
    cols = [c.upper() for c in cols]
    for c in cols:
        if c not in _FINDMNT:
            ctx.err(f"findmnt: unknown column: {c}\n")
            return 1
    mounts = list(ctx.machine.hardware.mounts)
    filtered = df or bool(rest) or bool(letters & {"t", "T", "S", "M"})
    if df:
        mounts = [m for m in mounts if m.fstype not in _PSEUDO]
    if "t" in values:
        types = values["t"].split(",")
        neg = types[0].startswith("no")
        names = {t[2:] if neg and t.startswith("no") else t for t in types}
        mounts = [m for m in mounts if (m.fstype in names) != neg]
    target = values.get("T") or values.get("M") or (rest[0] if rest else None)
    if "T" in values:
        path = ctx.abspath(target or "")
        best = max((m.point for m in mounts if path == m.point or path.startswith(m.point.rstrip("/") + "/")),
                   key=len, default=None)
        mounts = [m for m in mounts if m.point == best]
    elif target is not None:
        mounts = [m for m in mounts if target in (m.point, m.device) or ctx.abspath(target) == m.point]
    if "S" in values:
        mounts = [m for m in mounts if m.device == values["S"]]
    if not mounts:
        return 1
    if "f" in letters:
        mounts = mounts[:1]

    def cell(m: object, c: str) -> str:
        size, used = _sizes(ctx, m)
        return {"TARGET": m.point, "SOURCE": m.device, "FSTYPE": m.fstype,  # type: ignore[attr-defined]
                "OPTIONS": m.options, "VFS-OPTIONS": m.options, "FSROOT": "/",  # type: ignore[attr-defined]
                "SIZE": _df_size(size), "USED": _df_size(used), "AVAIL": _df_size(size - used),
                "USE%": f"{math.ceil(used * 100 / size)}%" if size else "0%"}[c]
    tree = not filtered and not letters & {"l", "r", "J"}
    if tree:
        root = [m for m in mounts if m.point == "/"]
        order: list[tuple[object, str]] = []

        def walk(parent: str, prefix: str) -> None:
            kids = [m for m in mounts if m.point != "/" and _parent(m.point, mounts) == parent]
            for k, m in enumerate(kids):
                last = k + 1 == len(kids)
                order.append((m, prefix + ("└─" if last else "├─")))
                walk(m.point, prefix + ("  " if last else "│ "))
        for r in root:
            order.append((r, ""))
            walk("/", "")
    else:
        order = [(m, "") for m in mounts]
    rows = [[(pre if c == "TARGET" else "") + cell(m, c) for c in cols] for m, pre in order]
    if "r" in letters:
        ctx.out("".join(" ".join(r) + "\n" for r in ([cols] if "n" not in letters else []) + rows))
        return 0
    ctx.out(table(cols, rows, {k for k, c in enumerate(cols) if _FINDMNT[c]}, "n" not in letters,
                  {k: 5 for k, c in enumerate(cols) if c in ("SIZE", "USED", "AVAIL")}))
    return 0


def _df_size(size: int) -> str:
    return human(size) if size else "0"


def _parent(point: str, mounts: list) -> str:
    """The nearest mount above point."""
    up = point.rsplit("/", 1)[0] or "/"
    while up != "/" and up not in {m.point for m in mounts}:
        up = up.rsplit("/", 1)[0] or "/"
    return up
