"""lscpu (util-linux 2.38) over the machine's stated size (filesystem/hardware.py), telling the
same story as /proc/cpuinfo and nproc: one socket, `cores` cores, one thread per core.

Output is lscpu's flat form (what it prints when stdout is not a terminal); -J, -e and -p as
libsmartcols lays them out.  `table` is the column layout lsblk and findmnt share."""
from __future__ import annotations

import json

from shelldojo.filesystem.hardware import CPU_FLAGS, Hardware
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

# the mitigations Ubuntu 22.04's 5.15 kernel reports for this Broadwell Xeon under KVM
_VULNS = (("Gather data sampling", "Not affected"), ("Itlb multihit", "Not affected"),
          ("L1tf", "Mitigation; PTE Inversion"),
          ("Mds", "Mitigation; Clear CPU buffers; SMT Host state unknown"),
          ("Meltdown", "Mitigation; PTI"),
          ("Mmio stale data", "Vulnerable: Clear CPU buffers attempted, no microcode; SMT Host state unknown"),
          ("Retbleed", "Mitigation; IBRS"), ("Spec rstack overflow", "Not affected"),
          ("Spec store bypass", "Mitigation; Speculative Store Bypass disabled via prctl and seccomp"),
          ("Spectre v1", "Mitigation; usercopy/swapgs barriers and __user pointer sanitization"),
          ("Spectre v2", ("Mitigation; IBRS, IBPB conditional, STIBP disabled, RSB filling, "
                         "PBRSB-eIBRS Not affected")),
          ("Srbds", "Not affected"), ("Tsx async abort", "Mitigation; Clear CPU buffers; SMT Host state unknown"))


def table(header: list[str], rows: list[list[str]], right: set[int], heading: bool = True,
          least: dict[int, int] | None = None) -> str:
    """Columns as libsmartcols prints them: one space between, the last one not padded;
    `least`: the width hints (column -> its least width) the tool gives libsmartcols."""
    shown = ([header] if heading else []) + rows
    # the headings count even when not shown (-n), as in libsmartcols
    widths = [max([len(r[i]) for r in [header, *rows]] + [(least or {}).get(i, 0)]) for i in range(len(header))]
    out = []
    for r in shown:
        cells = [c.rjust(widths[i]) if i in right else (c if i == len(r) - 1 else c.ljust(widths[i]))
                 for i, c in enumerate(r)]
        out.append(" ".join(cells) + "\n")
    return "".join(out)


def cpu_list(n: int) -> str:
    return "0" if n == 1 else "0,1" if n == 2 else f"0-{n - 1}"


def _cache(kib_each: int, count: int) -> str:
    total = kib_each * count
    size = f"{total // 1024} MiB" if total % 1024 == 0 and total >= 1024 else f"{total} KiB"
    return f"{size} ({count} instance{'s' if count > 1 else ''})"


def _human_k(kib: int) -> str:
    return f"{kib // 1024}M" if kib % 1024 == 0 else f"{kib}K"


def _fields(hw: Hardware) -> list[tuple[str, str]]:
    n = hw.cores
    return [("Architecture", "x86_64"), ("CPU op-mode(s)", "32-bit, 64-bit"),
            ("Address sizes", "46 bits physical, 48 bits virtual"), ("Byte Order", "Little Endian"),
            ("CPU(s)", str(n)), ("On-line CPU(s) list", cpu_list(n)), ("Vendor ID", "GenuineIntel"),
            ("Model name", hw.cpu_model), ("CPU family", "6"), ("Model", "79"), ("Thread(s) per core", "1"),
            ("Core(s) per socket", str(n)), ("Socket(s)", "1"), ("Stepping", "0"), ("BogoMIPS", "4399.99"),
            ("Flags", CPU_FLAGS), ("Hypervisor vendor", "KVM"), ("Virtualization type", "full"),
            ("L1d cache", _cache(32, n)), ("L1i cache", _cache(32, n)), ("L2 cache", _cache(256, n)),
            ("L3 cache", _cache(56320, 1)), ("NUMA node(s)", "1"), ("NUMA node0 CPU(s)", cpu_list(n)),
            *((f"Vulnerability {k}", v) for k, v in _VULNS)]


# -e / -p columns: name -> (value for cpu i, right-aligned, -p's title)
_COLS = {"CPU": (lambda i: str(i), True, "CPU"), "CORE": (lambda i: str(i), True, "Core"),
         "SOCKET": (lambda i: "0", True, "Socket"), "NODE": (lambda i: "0", True, "Node"),
         "CACHE": (lambda i: f"{i}:{i}:{i}:0", False, ""), "ONLINE": (lambda i: "yes", True, "Online")}
_EXTENDED = ["CPU", "NODE", "SOCKET", "CORE", "CACHE", "ONLINE"]
_PARSE = ["CPU", "CORE", "SOCKET", "NODE", "CACHE"]
_LONG = {"all": "a", "online": "b", "bytes": "B", "caches": "C", "offline": "c", "help": "h", "extended": "e",
         "json": "J", "parse": "p", "sysroot": "s", "hex": "x", "physical": "y", "version": "V",
         "output-all": "O"}


def _usage(ctx: Context, message: str) -> int:
    ctx.err(f"lscpu: {message}\nTry 'lscpu --help' for more information.\n")
    return 1


def _parse(ctx: Context, args: list[str]) -> tuple[dict[str, str | None], list[str]] | int:
    """getopt_long "aBbC::ce::hJp::s:xyV": -e/-p/-C take a value only when attached."""
    opts: dict[str, str | None] = {}
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg, i = args[i], i + 1
        if arg == "--":
            rest += args[i:]
            break
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            hits = [n for n in _LONG if n.startswith(name)]
            hits = [name] if name in _LONG else hits
            if len(hits) != 1:
                return _usage(ctx, f"unrecognized option '{arg}'" if not hits else f"option '{arg}' is ambiguous")
            c = _LONG[hits[0]]
            if c == "s" and not eq:
                if i >= len(args):
                    return _usage(ctx, f"option '--{hits[0]}' requires an argument")
                value, i = args[i], i + 1
            opts[c] = value if (eq or c == "s") else None
            continue
        if not arg.startswith("-") or arg == "-":
            rest.append(arg)
            continue
        for j, c in enumerate(arg[1:], 1):
            if c not in "aBbCcehJpsxyVO":
                return _usage(ctx, f"invalid option -- '{c}'")
            if c in "Cep":
                opts[c] = arg[j + 1:] or None
                break
            if c == "s":
                value = arg[j + 1:]
                if not value:
                    if i >= len(args):
                        return _usage(ctx, "option requires an argument -- 's'")
                    value, i = args[i], i + 1
                opts[c] = value
                break
            opts[c] = None
    return opts, rest


@command("lscpu", family="utils", summary="display information about the CPU architecture")
def lscpu(ctx: Context, argv: list[str]) -> int:
    parsed = _parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    opts, rest = parsed
    if "h" in opts or "V" in opts:
        ctx.out(verbatim("utils/lscpu_help") if "h" in opts else verbatim("utils/lscpu_version"))
        return 0
    modes = [m for m, c in (("--caches", "C"), ("--extended", "e"), ("--parse", "p")) if c in opts]
    if len(modes) > 1:
        ctx.err("lscpu: mutually exclusive arguments: --caches --extended --parse\n")
        return 1
    if rest:
        return _usage(ctx, "bad usage")
    hw = ctx.machine.hardware
    if "e" in opts or "p" in opts:
        given = opts.get("e", opts.get("p"))
        names = given.lstrip("=").split(",") if given else _EXTENDED if "e" in opts else _PARSE
        for name in names:
            if name.upper() not in _COLS:
                ctx.err(f"lscpu: unknown column: {name}\n")
                return 1
        cols = [name.upper() for name in names]
        rows = [[_COLS[c][0](i) for c in cols] for i in range(hw.cores)]
        if "e" in opts:
            head = [c if c != "CACHE" else "L1d:L1i:L2:L3" for c in cols]
            ctx.out(table(head, rows, {k for k, c in enumerate(cols) if _COLS[c][1]}))
            return 0
        titles = ",".join(_COLS[c][2] if c != "CACHE" else ",L1d,L1i,L2,L3" for c in cols)
        rows = [[r if c != "CACHE" else "," + r.replace(":", ",") for r, c in zip(row, cols, strict=True)]
                for row in rows]
        ctx.out("# The following is the parsable format, which can be fed to other\n"
                "# programs. Each different item in every column has an unique ID\n"
                "# starting usually from zero.\n" + f"# {titles}\n" + "".join(",".join(r) + "\n" for r in rows))
        return 0
    if "C" in opts:
        n = hw.cores
        rows = [["L1d", "32K", f"{32 * n}K", "8", "Data", "1", "64"], ["L1i", "32K", f"{32 * n}K", "8", "Instruction", "1", "64"],
                ["L2", "256K", _human_k(256 * n), "8", "Unified", "2", "512"], ["L3", "55M", "55M", "20", "Unified", "3", "45056"]]
        ctx.out(table(["NAME", "ONE-SIZE", "ALL-SIZE", "WAYS", "TYPE", "LEVEL", "SETS", "PHY-LINE", "COHERENCY-SIZE"],
                      [r + ["1", "64"] for r in rows], {1, 2, 3, 5, 6, 7, 8}))
        return 0
    fields = [(k + ":", v) for k, v in _fields(hw)]
    if "J" in opts:
        items = ",".join('{\n' + f'         "field": {json.dumps(k)},\n         "data": {json.dumps(v)}\n      }}'
                         for k, v in fields)
        ctx.out('{\n   "lscpu": [\n      ' + items + '\n   ]\n}\n')
        return 0
    width = max(len(k) for k, _ in fields) + 1
    ctx.out("".join(f"{k:<{width}}{v}\n" for k, v in fields))
    return 0
