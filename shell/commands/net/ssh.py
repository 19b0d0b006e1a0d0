"""ssh (OpenSSH 8.9p1, Ubuntu 22.04): a command or a login on another machine of the network.

The connection itself (names, host keys, authentication) is sshlink.py, shared with scp,
rsync and ssh-copy-id; this module is the command line and what happens once logged in.
"""
from __future__ import annotations

from shelldojo.shell.commands.net import ssh_config
from shelldojo.shell.commands.net.sshlink import FAILED, VERSION, Link, Target, open_link
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

_FLAGS = set("46AaCfGgKkMNnqsTtVvXxYy")
_WITH_ARG = set("BbcDEeFIiJLlmOopQRSWw")
NO_PTY = "Pseudo-terminal will not be allocated because stdin is not a terminal.\r\n"


def usage(ctx: Context, message: str = "") -> int:
    ctx.err(message + verbatim("net/ssh_usage"))
    return FAILED


def parse_option(text: str) -> tuple[str, str] | None:
    """-o 'Key=Value' / -o 'Key Value': the pair, or None when the keyword is unknown."""
    parsed = ssh_config.split_line(text)
    if parsed is None:
        return None
    key, words = parsed
    return (key.lower(), " ".join(words)) if key.lower() in ssh_config.KNOWN else None


def parse_args(ctx: Context, args: list[str]) -> tuple[Target, dict[str, int], list[str]] | int:
    """BSD getopt as ssh runs it: options, the destination, more options, then the command."""
    flags: dict[str, int] = {}
    target: Target | None = None
    opts: list[tuple[str, str]] = []
    identities: list[str] = []
    values: dict[str, str] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            i += 1
            if target is None and i < len(args):
                target = Target(args[i])
                i += 1
            break
        if not arg.startswith("-") or arg == "-":
            if target is not None:
                break
            target = Target(arg)
            i += 1
            continue
        j = 1
        while j < len(arg):
            letter = arg[j]
            if letter in _FLAGS:
                flags[letter] = flags.get(letter, 0) + 1
                j += 1
                continue
            if letter not in _WITH_ARG:
                return usage(ctx, f"unknown option -- {letter}\r\n")
            value = arg[j + 1:]
            if not value:
                i += 1
                if i >= len(args):
                    return usage(ctx, f"option requires an argument -- {letter}\r\n")
                value = args[i]
            if letter == "o":
                pair = parse_option(value)
                if pair is None:
                    word = (ssh_config.split_line(value) or ("", []))[0].lower()
                    ctx.err(f"command-line: line 0: Bad configuration option: {word}\r\n")
                    return FAILED
                opts.append(pair)
            elif letter == "i":
                identities.append(value)
            else:
                values[letter] = value
            break
        i += 1
    if "V" in flags:
        ctx.err(VERSION)
        return 0
    if target is None:
        return usage(ctx)
    target.options, target.identities = opts, identities
    target.user = values.get("l")
    target.config_file = values.get("F")
    target.quiet = "q" in flags
    target.verbose = "v" in flags
    if "p" in values:
        port = values["p"]
        if not port.isdigit() or not 0 < int(port) < 65536:
            ctx.err(f"Bad port '{port}'\n")
            return FAILED
        target.port = int(port)
    return target, flags, args[i:]


@command("ssh", family="network", summary="OpenSSH remote login client")
def ssh(ctx: Context, argv: list[str]) -> int:
    parsed = parse_args(ctx, argv[1:])
    if isinstance(parsed, int):
        return parsed
    target, flags, words = parsed
    remote_command = " ".join(words)
    want_tty = flags.get("t", 0) > 0 or (not remote_command and "T" not in flags and "N" not in flags)
    has_tty = ctx.terminal is not None
    if want_tty and not has_tty and flags.get("t", 0) < 2:
        if not target.quiet:
            ctx.err(NO_PTY)
        want_tty = False
    interactive = not remote_command and want_tty and ctx.host is not None
    tty = _free_tty(ctx) if want_tty else None
    link = open_link(ctx, target, tty=tty)
    if isinstance(link, int):
        return link
    if "N" in flags:
        link.close()
        return 0
    if interactive:
        return _login(ctx, link, tty or "pts/1", quiet=target.quiet)
    try:
        if remote_command:
            return link.run(ctx, remote_command)
        # no terminal: the remote login shell reads its commands from our standard input
        return link.run(ctx, ctx.stdin.read().decode("utf-8", "surrogateescape"))
    finally:
        link.close()
        if want_tty and not target.quiet:
            ctx.err(f"Connection to {link.host} closed.\r\n")


def _motd(ctx: Context, link: Link) -> None:
    """The message of the day, as sshd's PAM (pam_motd) shows it at an interactive login: the
    remote's own /etc/update-motd.d scripts run as root, then /etc/motd if there is one."""
    import dataclasses

    from shelldojo.filesystem import ROOT
    from shelldojo.shell.streams import NullInput

    quiet = dataclasses.replace(ctx, stdin=NullInput())
    root = dataclasses.replace(link, creds=ROOT)
    root.run(quiet, "[ -d /etc/update-motd.d ] && run-parts --lsbsysinit /etc/update-motd.d 2>/dev/null;"
                    " [ -r /etc/motd ] && cat /etc/motd; true")


def _free_tty(ctx: Context) -> str:
    """The next pts the remote would hand out (the learner's own terminal is pts/0)."""
    return "pts/1"


def _login(ctx: Context, link: Link, tty: str, *, quiet: bool) -> int:
    """An interactive login shell on the remote in the REPL; `exit` there comes back."""
    assert ctx.host is not None
    env = {**link.env(tty), "TERM": ctx.env.get("TERM", "xterm-256color")}
    # the nested shell outlives this command and ends with no hook back here: sshd's own
    # entries for the session go now rather than stay behind after `exit`
    for proc in (link.process, link.priv):
        if proc is not None:
            link.machine.procs.reap(proc.pid)
    if not quiet:
        _motd(ctx, link)
    ctx.host.push_shell(link.creds, env, link.cwd(), login=True, shell=link.shell, machine=link.machine,
                        farewell=f"Connection to {link.host} closed.\n", tty=tty)
    return 0
