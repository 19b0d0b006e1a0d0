"""stty (GNU coreutils 9.1): off a terminal it answers as Linux does (ENOTTY on standard input);
on the REPL's terminal it reports the real rows and columns and accepts the usual settings
(the terminal's modes themselves belong to the front end, so settings are accepted, not applied)."""
from __future__ import annotations

from shelldojo.shell.context import Context, cquote
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_ENOTTY = "Inappropriate ioctl for device"
# every boolean setting GNU stty knows (`-NAME` turns it off) and the combination settings
_FLAGS = frozenset({
    "parenb", "parodd", "cmspar", "cs5", "cs6", "cs7", "cs8", "hupcl", "hup", "cstopb", "cread", "clocal",
    "crtscts", "ignbrk", "brkint", "ignpar", "parmrk", "inpck", "istrip", "inlcr", "igncr", "icrnl", "ixon",
    "ixoff", "tandem", "iuclc", "ixany", "imaxbel", "iutf8", "opost", "olcuc", "ocrnl", "onlcr", "onocr",
    "onlret", "ofill", "ofdel", "nl0", "nl1", "cr0", "cr1", "cr2", "cr3", "tab0", "tab1", "tab2", "tab3",
    "bs0", "bs1", "vt0", "vt1", "ff0", "ff1", "isig", "icanon", "iexten", "echo", "echoe", "crterase", "echok",
    "echonl", "noflsh", "xcase", "tostop", "echoprt", "prterase", "echoctl", "ctlecho", "echoke", "crtkill",
    "flusho", "extproc", "evenp", "parity", "oddp", "nl", "ek", "sane", "cooked", "raw", "pass8", "litout",
    "cbreak", "decctlq", "crt", "dec", "lcase", "LCASE", "tabs"})
_NO_NEGATION = {"cs5", "cs6", "cs7", "cs8", "nl0", "nl1", "cr0", "cr1", "cr2", "cr3", "tab0", "tab1", "tab2",
                "tab3", "bs0", "bs1", "vt0", "vt1", "ff0", "ff1", "ek", "sane", "crt", "dec"}
_CHARS = {"intr", "quit", "erase", "kill", "eof", "eol", "eol2", "swtch", "start", "stop", "susp", "rprnt",
          "werase", "lnext", "discard"}
_NUMBERS = {"min", "time", "rows", "cols", "columns", "ispeed", "ospeed", "line"}
_SPEEDS = {"0", "50", "75", "110", "134", "150", "200", "300", "600", "1200", "1800", "2400", "4800", "9600",
           "19200", "38400", "57600", "115200", "230400", "460800", "500000", "576000", "921600", "1000000"}

# What the terminal reports (an Ubuntu ssh login in a UTF-8 terminal), recorded with `stty -a`,
# `stty` and `stty -g` from coreutils 9.1; only on a terminal, so code rather than data texts.
_ALL = (
    'speed 38400 baud; rows {rows}; columns {columns}; line = 0;\n'
    'intr = ^C; quit = ^\\; erase = ^?; kill = ^U; eof = ^D; eol = <undef>;\n'
    'eol2 = <undef>; swtch = <undef>; start = ^Q; stop = ^S; susp = ^Z; rprnt = ^R;\n'
    'werase = ^W; lnext = ^V; discard = ^O; min = 1; time = 0;\n'
    '-parenb -parodd -cmspar cs8 -hupcl -cstopb cread -clocal -crtscts\n'
    '-ignbrk -brkint -ignpar -parmrk -inpck -istrip -inlcr -igncr icrnl ixon -ixoff\n'
    '-iuclc -ixany -imaxbel iutf8\n'
    'opost -olcuc -ocrnl onlcr -onocr -onlret -ofill -ofdel nl0 cr0 tab0 bs0 vt0 ff0\n'
    'isig icanon iexten echo echoe echok -echonl -noflsh -xcase -tostop -echoprt\n'
    'echoctl echoke -flusho -extproc\n'
)
_SHORT = 'speed 38400 baud; line = 0;\n-brkint -imaxbel iutf8\n'
_SAVED = '4500:5:bf:8a3b:3:1c:7f:15:4:0:1:0:11:13:1a:0:12:f:17:16:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0\n'


def _usage(ctx: Context, message: str) -> int:
    ctx.err(f"stty: {message}\nTry 'stty --help' for more information.\n")
    return 1


def _check(ctx: Context, args: list[str]) -> int | None:
    """GNU validates the settings before touching the terminal: a usage error, or None."""
    i = 0
    while i < len(args):
        arg = args[i]
        word = arg.removeprefix("-")
        i += 1
        if arg in ("size", "speed") or arg in _SPEEDS:
            continue
        if word in _FLAGS and not (arg.startswith("-") and word in _NO_NEGATION):
            continue
        if arg in _CHARS or arg in _NUMBERS:
            if i >= len(args):
                return _usage(ctx, f"missing argument to {cquote(arg)}")
            value = args[i]
            i += 1
            if arg in _NUMBERS and not value.isdigit():
                return _usage(ctx, f"invalid integer argument {cquote(value)}")
            continue
        return _usage(ctx, f"invalid argument {cquote(arg)}")
    return None


@command("stty", family="system", summary="change and print terminal line settings")
def stty(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    if args[:1] == ["--help"]:
        ctx.out(verbatim("system/stty_help"))
        return 0
    if args[:1] == ["--version"]:
        ctx.out(verbatim("system/stty_version"))
        return 0
    device = None
    show = ""
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg in ("-a", "--all", "-g", "--save"):
            if show and show != arg.lstrip("-")[0]:
                return _usage(ctx, "the options for verbose and stty-readable output styles are\n"
                              "mutually exclusive")
            show = arg.lstrip("-")[0]
        elif arg in ("-F", "--file") or arg.startswith("--file="):
            if arg.startswith("--file="):
                device = arg.partition("=")[2]
            elif i < len(args):
                device, i = args[i], i + 1
            else:
                return _usage(ctx, "option requires an argument -- 'F'")
        elif arg.startswith("-F") and len(arg) > 2:
            device = arg[2:]
        else:
            rest.append(arg)
    if show and rest:
        return _usage(ctx, "when specifying an output style, modes may not be set")
    bad = _check(ctx, rest)
    if bad is not None:
        return bad
    on_terminal = ctx.terminal is not None and ctx.stdin.isatty()  # as `tty` decides
    if device is not None:
        if device not in ("/dev/tty", "/dev/pts/0") and not ctx.vfs.exists(ctx.abspath(device)):
            ctx.error(f"{device}: No such file or directory")
            return 1
        if ctx.terminal is None or device not in ("/dev/tty", "/dev/pts/0"):
            ctx.error(f"{device}: {_ENOTTY}")
            return 1
    elif ctx.terminal is None or not on_terminal:
        ctx.error(f"'standard input': {_ENOTTY}")
        return 1
    term = ctx.terminal
    if show == "a":
        ctx.out(_ALL.format(rows=term.lines, columns=term.columns))
    elif show == "g":
        ctx.out(_SAVED)
    elif not rest:
        ctx.out(_SHORT)
    for arg in rest:
        if arg == "size":
            ctx.out(f"{term.lines} {term.columns}\n")
        elif arg == "speed":
            ctx.out("38400\n")
    return 0
