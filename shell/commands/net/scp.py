"""scp: OpenSSH 8.9's secure copy (Ubuntu 22.04: the legacy scp protocol, not SFTP).

Both ends run scp's own roles in memory: the sender (`source`) describes each file and the
receiver (`sink`) creates it, so each message comes from the side that fails: errors of the
remote side arrive through the protocol as `scp: PATH: reason`, the local side's own print
without the prefix (scp's run_err).  A local-to-local copy is `cp` (scp execs it).
The progress meter shows only when stdout is a terminal, with a deterministic speed: each
file takes 15 ms of latency plus its size at 100 MB/s (so 3 bytes show `0.2KB/s`).
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from shelldojo.filesystem import strerror
from shelldojo.shell.commands.net.getopt import GetoptError, getopt
from shelldojo.shell.commands.net.rsync_engine import Item, Side, open_side, split_remote
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

# OpenSSH 8.9's getopt string (-X, sftp's option, came with 9.0)
_SPEC = "12346ABCTdfOpqRrstvD:F:J:M:P:S:c:i:l:o:"
_PATH_MAX = 1100          # scp's path buffer: longer names are "name too long" (stops symlink loops)
_LATENCY, _RATE = 0.015, 100e6


@dataclass
class Scp:
    ctx: Context
    recursive: bool = False
    preserve: bool = False
    progress: bool = True
    errors: int = 0
    opened: list[Side] = field(default_factory=list)

    def connect(self, user: str | None, host: str, port: int | None, identity: str | None) -> Side | int:
        got = open_side(self.ctx, user, host, port, identity)
        if not isinstance(got, int):
            self.opened.append(got)
        return got

    def done(self) -> int:
        for side in self.opened:
            side.close()
        return 1 if self.errors else 0

    def report(self, remote: bool, message: str) -> None:
        """scp's run_err: the remote side's errors come prefixed through the protocol."""
        self.errors += 1
        self.ctx.err(f"scp: {message}\n" if remote else f"{message}\n")

    # -- the sender ------------------------------------------------------------------------
    def source(self, src: Side, name: str, dst: Side, targ: str) -> None:
        while len(name) > 1 and name.endswith("/"):
            name = name[:-1]
        try:
            item = src.lstat(name, follow=True)
            data = src.read(item) if item.kind == "f" else b""
        except OSError as exc:
            self.report(src.remote, f"{name}: {strerror(exc)}")
            return
        if item.kind == "d" and self.recursive:
            self.rsource(src, name, item, dst, targ)
        elif item.kind != "f":
            self.report(src.remote, f"{name}: not a regular file")
        else:
            self.sink_file(dst, targ, posixpath.basename(name) or name, item, data)

    def rsource(self, src: Side, name: str, item: Item, dst: Side, targ: str) -> None:
        try:
            names = src.listdir(name)
        except OSError as exc:
            self.report(src.remote, f"{name}: {strerror(exc)}")
            return
        made = self.sink_dir(dst, targ, posixpath.basename(name) or name, item)
        if made is None:
            return
        np, created = made
        for child in names:
            self.ctx.check()
            path = f"{name}/{child}" if name != "/" else f"/{child}"
            if len(path) >= _PATH_MAX - 1:
                self.report(src.remote, f"{path}: name too long")
                continue
            self.source(src, path, dst, np)
        if self.preserve or created:   # mkdir'ed with u+rwx to fill it: its mode comes last
            try:
                dst.set_meta(np, item.mode if self.preserve else self.dir_mode(dst, item),
                             (item.atime, item.mtime) if self.preserve else None)
            except OSError as exc:
                self.report(dst.remote, f"{np}: set mode: {strerror(exc)}")

    # -- the receiver ----------------------------------------------------------------------
    def target_of(self, dst: Side, targ: str, name: str) -> str:
        if dst.is_dir(targ):
            return f"{targ}{'/' if targ != '/' else ''}{name}"
        return targ

    def dir_mode(self, dst: Side, item: Item) -> int:
        with dst.enter():
            return item.mode & ~dst.vfs.umask & 0o7777

    def sink_file(self, dst: Side, targ: str, name: str, item: Item, data: bytes) -> None:
        np = self.target_of(dst, targ, name)
        try:
            dst.write_file(np, data, new_mode=item.mode, mode=item.mode if self.preserve else None,
                           times=(item.atime, item.mtime) if self.preserve else None)
        except OSError as exc:
            self.report(dst.remote, f"{np}: {strerror(exc)}")
            return
        if self.progress:
            self.meter(name, item.size)

    def sink_dir(self, dst: Side, targ: str, name: str, item: Item) -> tuple[str, bool] | None:
        """The directory the tree lands in and whether it was made now, or None after an error."""
        np = self.target_of(dst, targ, name)
        got = dst.stat_or_none(np)
        if got is not None and got.kind != "d":
            self.report(dst.remote, f"{np}: Not a directory")
            return None
        if got is None:
            try:
                dst.make_dir(np, item.mode | 0o700)
            except OSError as exc:
                self.report(dst.remote, f"{np}: {strerror(exc)}")
                return None
        return np, got is None

    def meter(self, name: str, size: int) -> None:
        """progressmeter.c's last refresh of a file, then its newline."""
        width = max(self.ctx.columns, 40)
        speed = size / (_LATENCY + size / _RATE)
        line = f"{name:<{width - 36}}" if width - 36 > 0 else ""
        line += f" {100:3d}% {format_size(size)} {format_rate(int(speed))}/s    00:00    "
        self.ctx.out("\r" + line[:width - 1] + "\n")


def format_size(n: int) -> str:
    unit, i = " KMGT", 0
    while n >= 10000 and unit[i] != "T":
        n, i = (n + 512) // 1024, i + 1
    return f"{n:4d}{unit[i] if i else ' '}{'B' if i else ' '}"


def format_rate(n: int) -> str:
    unit, i = " KMGT", 0
    n *= 100
    while n >= 100 * 1000 and unit[i] != "T":
        n, i = (n + 512) // 1024, i + 1
    if i == 0:
        i, n = 1, (n + 512) // 1024
    return f"{(n + 5) // 100:3d}.{(n + 5) // 10 % 10}{unit[i]}{'B' if i else ' '}"


def _usage(ctx: Context, message: str = "") -> int:
    ctx.err(f"{message}{verbatim('net/scp_usage')}")
    return 1


@command("scp", family="network", summary="OpenSSH secure file copy")
def scp(ctx: Context, argv: list[str]) -> int:
    try:
        opts, args = getopt(argv[1:], _SPEC, permute=False)
    except GetoptError as exc:
        bsd = exc.message.replace("invalid option", "unknown option").replace("'", "")
        return _usage(ctx, f"scp: {bsd}\n")
    run = Scp(ctx, progress=ctx.stdout.isatty())
    port: int | None = None
    identity: str | None = None
    for letter, value in opts:
        if letter == "r":
            run.recursive = True
        elif letter == "p":
            run.preserve = True
        elif letter == "q":
            run.progress = False
        elif letter == "P":
            if not value.isdigit() or not 0 < int(value) < 65536:
                ctx.err(f'scp: bad port "{value}"\n\r\n')
                return 255
            port = int(value)
        elif letter == "i":
            identity = value
        elif letter in "ft":
            return _usage(ctx)   # the remote end's roles: never typed by hand
    if len(args) < 2:
        return _usage(ctx)
    *sources, target = args
    remote_target = split_remote(target)
    if remote_target is not None:
        return _to_remote(run, sources, remote_target, port, identity)
    return _to_local(run, sources, target, port, identity)


def _to_remote(run: Scp, sources: list[str], target: tuple[str | None, str, str],
               port: int | None, identity: str | None) -> int:
    ctx = run.ctx
    user, host, targ = target
    targ = targ or "."
    dst: Side | None = None
    for name in sources:
        remote = split_remote(name)
        if dst is None:
            got = run.connect(user, host, port, identity)
            if isinstance(got, int):
                ctx.err("lost connection\n")
                return run.done() or 1
            dst = got
            if len(sources) > 1 and not dst.is_dir(targ):
                run.report(True, f"{targ}: {'Not a directory' if dst.exists(targ) else 'No such file or directory'}")
                return run.done()
        if remote is None:
            run.source(Side.local(ctx), name, dst, targ)
            continue
        src = run.connect(remote[0], remote[1], port, identity)   # remote to remote, through here
        if isinstance(src, int):
            run.errors += 1
            continue
        run.source(src, remote[2] or ".", dst, targ)
    return run.done()


def _to_local(run: Scp, sources: list[str], targ: str, port: int | None, identity: str | None) -> int:
    ctx = run.ctx
    local = Side.local(ctx)
    if len(sources) > 1 and not local.is_dir(targ):
        reason = "Not a directory" if local.exists(targ) else "No such file or directory"
        ctx.err(f"{targ}: {reason}\n")
        return 1
    for name in sources:
        remote = split_remote(name)
        if remote is None:
            flags = (["-r"] if run.recursive else []) + (["-p"] if run.preserve else [])
            if ctx.runner.run_argv(ctx, ["cp", *flags, "--", name, targ]) != 0:
                run.errors += 1
            continue
        src = run.connect(remote[0], remote[1], port, identity)
        if isinstance(src, int):
            run.errors += 1
            continue
        run.source(src, remote[2] or ".", local, targ)
    return run.done()
