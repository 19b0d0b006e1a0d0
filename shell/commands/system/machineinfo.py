"""hostname, uname, nproc, clear, tty: the machine is "dojo", an Ubuntu 22.04 box on 5.15
(its kernel and cores: the machine's stated size, filesystem/hardware.py)."""
from __future__ import annotations

import re

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.options import OptionSpec
from shelldojo.shell.commands.system.system import extra_operand
from shelldojo.shell.context import Context, cquote
from shelldojo.shell.net import iface  # the machine's addresses and names on its network
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

# ----------------------------------------------------------------------------- the machine
HOSTNAME = OptionSpec("hostname", short="aAbdfF:iIsyhV", long=["alias", "all-fqdns", "boot", "domain", "fqdn",
                      "long", "file=", "ip-address", "all-ip-addresses", "short", "yp", "nis"],
                      help=verbatim("system/hostname_help"), version=verbatim("system/hostname_version"), usage_status=255)


@command("hostname", family="system", directory="/usr/bin")
def hostname(ctx: Context, argv: list[str]) -> int:
    bad = _hostname_bad_option(argv[1:])
    if bad:
        # net-tools' hostname: getopt's complaint, then its usage on stdout, exit(-1)
        ctx.err(f"hostname: {bad}\n")
        ctx.out(verbatim("system/hostname_help"))
        return 255
    if any(a.startswith("--h") and "--help".startswith(a) for a in argv[1:]):
        ctx.out(verbatim("system/hostname_help"))  # its usage(), which exits -1 even when asked for
        return 255
    parsed = HOSTNAME.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    opts = [o for o, _ in parsed.options]
    if "-h" in opts:
        ctx.out(verbatim("system/hostname_help"))
        return 255
    if "-V" in opts:
        ctx.out(verbatim("system/hostname_version"))
        return 0
    name = ctx.machine.hostname
    if parsed.operands:
        if len(parsed.operands) > 1:
            ctx.err(verbatim("system/hostname_help"))
            return 255
        if not ctx.creds.is_root:
            ctx.error("you must be root to change the host name")
            return 1
        try:
            ctx.vfs.write_bytes("/etc/hostname", (parsed.operands[0] + "\n").encode())
        except OSError as exc:
            ctx.error(strerror(exc))
            return 1
        return 0
    last = opts[-1] if opts else ""
    if last in ("-s", "--short"):
        ctx.out(name.split(".")[0] + "\n")
    elif last in ("-d", "--domain"):
        ctx.out(iface.fqdn(ctx.machine).partition(".")[2] + "\n")
    elif last in ("-y", "--yp", "--nis"):
        ctx.out("(none)\n")
    elif last in ("-f", "--fqdn", "--long"):
        ctx.out(iface.fqdn(ctx.machine) + "\n")
    elif last in ("-i", "--ip-address"):
        ctx.out(iface.host_address(ctx.machine) + "\n")
    elif last in ("-I", "--all-ip-addresses"):
        ctx.out(iface.address_of(ctx.machine) + " \n")
    elif last in ("-A", "--all-fqdns"):
        ctx.out("".join(f"{n} " for n in iface.all_fqdns(ctx.machine)) + "\n")
    elif last in ("-a", "--alias"):
        ctx.out("\n")
    else:
        ctx.out(name + "\n")
    return 0


def _hostname_bad_option(args: list[str]) -> str:
    longs = ["alias", "all-fqdns", "boot", "domain", "fqdn", "long", "file", "ip-address",
             "all-ip-addresses", "short", "yp", "nis", "help", "version"]
    for arg in args:
        if arg == "--":
            break
        if arg.startswith("--"):
            body = arg[2:].partition("=")[0]
            if not any(n.startswith(body) for n in longs):
                return f"unrecognized option '{arg}'"
        elif arg.startswith("-") and arg != "-":
            for c in arg[1:]:
                if c not in "aAbdfFiIsyhV":
                    return f"invalid option -- '{c}'"
                if c == "F":
                    break
    return ""


UNAME = OptionSpec("uname", short="asnrvmpio", long=["all", "kernel-name", "nodename", "kernel-release",
                   "kernel-version", "machine", "processor", "hardware-platform", "operating-system"],
                   help=verbatim("system/uname_help"))
_UNAME_FIELDS = "snrvmpio"
_UNAME_LONG = {"--kernel-name": "s", "--nodename": "n", "--kernel-release": "r", "--kernel-version": "v",
               "--machine": "m", "--processor": "p", "--hardware-platform": "i", "--operating-system": "o"}


@command("uname", family="system")
def uname(ctx: Context, argv: list[str]) -> int:
    parsed = UNAME.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.operands:
        return extra_operand(ctx, parsed.operands[0])
    wanted: set[str] = set()
    for opt, _ in parsed.options:
        if opt in ("-a", "--all"):
            wanted |= set(_UNAME_FIELDS)
        else:
            wanted.add(_UNAME_LONG.get(opt, opt[1:]))
    hw = ctx.machine.hardware
    values = {"s": "Linux", "n": ctx.machine.hostname, "r": hw.kernel_release,
              "v": hw.kernel_version, "m": "x86_64", "p": "x86_64",
              "i": "x86_64", "o": "GNU/Linux"}
    ctx.out(" ".join(values[f] for f in _UNAME_FIELDS if f in (wanted or {"s"})) + "\n")
    return 0


NPROC = OptionSpec("nproc", long=["all", "ignore="], help=verbatim("system/nproc_help"))


@command("nproc", family="system")
def nproc(ctx: Context, argv: list[str]) -> int:
    parsed = NPROC.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.operands:
        return extra_operand(ctx, parsed.operands[0])
    ignore = 0
    for opt, val in parsed.options:
        if opt == "--ignore":
            text = (val or "").strip()
            if not text.isdigit():
                ctx.error(f"invalid number: {cquote(val or '')}")
                return 1
            ignore = int(text)
    count = ctx.machine.hardware.cores
    if not parsed.has("--all"):  # gnulib's num_processors honours OpenMP's variables
        limit = _omp_threads(ctx.env.get("OMP_THREAD_LIMIT")) or 1 << 62
        count = min(_omp_threads(ctx.env.get("OMP_NUM_THREADS")) or count, limit)
    ctx.out(f"{max(1, count - ignore)}\n")
    return 0


def _omp_threads(value: str | None) -> int:
    """gnulib's parse_omp_threads: a leading decimal, then only blanks or a comma; else 0."""
    m = re.match(r"[ \t\n\v\f\r]*\+?(\d+)[ \t\n\v\f\r]*(,|$)", value or "")
    return int(m.group(1)) if m else 0


# clear's output per terminal type, as ncurses 6.4's terminfo says (clear, then E3)
_CLEAR = {"xterm": ("\x1b[H\x1b[2J", "\x1b[3J"), "xterm-color": ("\x1b[H\x1b[2J", ""),
          "linux": ("\x1b[H\x1b[J", "\x1b[3J"), "tmux": ("\x1b[H\x1b[J", "\x1b[3J"),
          "screen": ("\x1b[H\x1b[J", ""), "vt100": ("\x1b[H\x1b[J", ""), "vt220": ("\x1b[H\x1b[J", ""),
          "ansi": ("\x1b[H\x1b[J", ""), "rxvt": ("\x1b[H\x1b[2J", "")}


@command("clear", family="system")
def clear(ctx: Context, argv: list[str]) -> int:
    term = ctx.env.get("TERM")
    scrollback = True
    args = argv[1:]
    while args and args[0].startswith("-") and args[0] != "-":
        arg = args.pop(0)
        j = 1
        while j < len(arg):
            c = arg[j]
            j += 1
            if c == "x":
                scrollback = False
            elif c == "V":
                ctx.out("ncurses 6.4.20221231\n")
                return 0
            elif c == "T" and (arg[j:] or args):
                term = arg[j:] or args.pop(0)
                break
            else:
                ctx.err(f"clear: {'invalid option' if c != 'T' else 'option requires an argument'} -- '{c}'\n")
                ctx.err(verbatim("system/clear_usage"))
                return 1
    if args:
        ctx.err(verbatim("system/clear_usage"))
        return 1
    if not term:
        ctx.err("TERM environment variable not set.\n")
        return 1
    if term == "dumb":
        return 1
    seq = _CLEAR.get(term) or _CLEAR.get(term.split("-")[0]) if term != "xterm-color" else _CLEAR[term]
    if seq is None:
        ctx.err(f"'{term}': unknown terminal type.\n")
        return 1
    ctx.out(seq[0] + (seq[1] if scrollback else ""))
    return 0


TTY = OptionSpec("tty", short="s", long=["silent", "quiet"], help=verbatim("system/tty_help"), usage_status=2)


@command("tty", family="system")
def tty(ctx: Context, argv: list[str]) -> int:
    parsed = TTY.parse(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    if parsed.operands:
        return extra_operand(ctx, parsed.operands[0], 2)
    is_tty = ctx.stdin.isatty()
    if not parsed.options:
        ctx.out("/dev/pts/0\n" if is_tty else "not a tty\n")
    return 0 if is_tty else 1
