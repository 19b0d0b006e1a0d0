"""One SSH connection from the current machine to another, as ssh, scp, rsync and ssh-copy-id
make it: resolve and connect (shell/net/links.py), check the host key against known_hosts,
authenticate (public key, then password), and then either run a command there or work on the
remote's files directly.

    link = open_link(ctx, "learner@web1", port=None, identity=None, options=[])
    if isinstance(link, int):          # ssh's message is printed already; 255 as ssh exits
        return link
    status = link.run(ctx, "ls /tmp")  # `bash -c` on the remote with ctx's streams and budget
    with link.as_remote():             # remote identity + its VFS: link.machine.vfs ...
        data = link.machine.vfs.read_bytes(link.home + "/f")
    link.close()                       # the session's process goes, sshd logs the disconnect

Everything runs in-process on the other Machine object; nothing opens a host socket.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from shelldojo.filesystem import Credentials, Machine, accounts, acting_as
from shelldojo.filesystem.processes import Process
from shelldojo.shell.commands.net import ssh_config, sshserver
from shelldojo.shell.commands.net.sshhostkey import check_host_key
from shelldojo.shell.context import Context
from shelldojo.shell.net import links

FAILED = 255          # ssh's status for its own failures
VERSION = "OpenSSH_8.9p1 Ubuntu-3ubuntu0.10, OpenSSL 3.0.2 15 Mar 2022\n"   # ssh -V, Ubuntu 22.04's
_DEFAULT_IDS = ("id_rsa", "id_ecdsa", "id_ecdsa_sk", "id_ed25519", "id_ed25519_sk", "id_xmss", "id_dsa")
REMOTE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin"


@dataclass
class Target:
    """What the command line asked for: `[user@]host[:port]` plus -l/-p/-i/-o/-F."""

    host: str
    user: str | None = None
    port: int | None = None
    identities: list[str] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)
    config_file: str | None = None
    quiet: bool = False
    verbose: bool = False


@dataclass
class Link:
    """An authenticated session on `machine` as `user`."""

    machine: Machine
    creds: Credentials
    user: str
    home: str
    host: str                 # as typed (after HostName substitution: what ssh messages name)
    address: str
    port: int
    local: Machine
    client_address: str
    client_port: int
    shell: str = "/bin/bash"
    process: Process | None = None   # sshd's session process ("sshd: learner@notty")
    priv: Process | None = None      # sshd's privileged process of the connection
    closed: bool = False

    def env(self, tty: str | None = None) -> dict[str, str]:
        """The remote user's login environment as sshd + PAM set it."""
        env = {"USER": self.user, "LOGNAME": self.user, "HOME": self.home, "SHELL": self.shell,
               "PATH": REMOTE_PATH, "MAIL": f"/var/mail/{self.user}", "LANG": "C.UTF-8",
               "SSH_CLIENT": f"{self.client_address} {self.client_port} {self.port}",
               "SSH_CONNECTION": f"{self.client_address} {self.client_port} {self.address} {self.port}"}
        if tty is not None:
            env["SSH_TTY"] = f"/dev/{tty}"
        return env

    def cwd(self) -> str:
        with acting_as(self.creds):
            return self.home if self.machine.vfs.isdir(self.home) else "/"

    @contextmanager
    def as_remote(self) -> Iterator[Machine]:
        """Act on the remote machine's files as the remote user (scp, rsync)."""
        from shelldojo.filesystem.scan import Umask

        mask = Umask()
        mask.value = 0o002 if self.creds.uid >= 1000 else 0o022
        with acting_as(self.creds), self.machine.vfs.running(mask):
            yield self.machine

    def run(self, ctx: Context, command_text: str) -> int:
        """`bash -c COMMAND` on the remote as the user, with ctx's streams and budget."""
        from shelldojo.shell.interp import programs
        from shelldojo.shell.interp.executor import Interpreter
        from shelldojo.shell.interp.source_text import run_text
        from shelldojo.shell.interp.state import ExitSignal, ShellState

        remote = self.machine
        parent = self.process.pid if self.process is not None else sshserver.sshd_pid(remote)
        proc = remote.procs.spawn(parent, self.creds.uid, self.creds.gid, [self.shell.rsplit("/", 1)[-1], "-c", command_text],
                                  exe=self.shell, comm="bash", cwd=self.cwd())
        state = ShellState(machine=remote, creds=self.creds, cwd=self.cwd(), limits=ctx.limits,
                           budget=ctx.budget, interactive=False, arg0="bash", script_name="bash",
                           pid=proc.pid, process=proc, columns=ctx.columns)
        state.mask.value = 0o002 if self.creds.uid >= 1000 else 0o022
        # a remote shell is one more level of nesting (ssh loops back through its own machines)
        parent = getattr(ctx.runner, "state", None)
        state.call_depth = (parent.call_depth + 1) if isinstance(parent, ShellState) else 1
        if state.call_depth >= ctx.limits.max_call_depth:
            from shelldojo.shell.budget import LimitExceeded

            remote.procs.reap(proc.pid)
            raise LimitExceeded(f"maximum nesting depth exceeded ({ctx.limits.max_call_depth})")
        env = {**self.env(), "PWD": state.cwd, "SHLVL": "1"}
        programs.init_variables(state, env)
        interp = Interpreter(state)
        rctx = Context("bash", remote, state.cwd, state.env(), ctx.stdin, ctx.stdout, ctx.stderr,
                       self.creds, ctx.limits, ctx.budget, interp, columns=ctx.columns)
        try:
            with acting_as(self.creds), remote.vfs.running(state.mask):
                try:
                    status = run_text(interp, command_text, rctx, toplevel=True, exec_last=True)
                except ExitSignal as e:
                    status = e.status
                return interp.finish(rctx, status)
        finally:
            remote.procs.reap(proc.pid)

    def close(self) -> None:
        """The session ends: its process goes and sshd says so in the journal."""
        if self.closed:
            return
        self.closed = True
        pid = self.priv.pid if self.priv is not None else sshserver.sshd_pid(self.machine)
        for proc in (self.process, self.priv):
            if proc is not None:
                self.machine.procs.reap(proc.pid)
        where = f"{self.client_address} port {self.client_port}"
        for line in (f"Received disconnect from {where}:11: disconnected by user",
                     f"Disconnected from user {self.user} {where}",
                     f"pam_unix(sshd:session): session closed for user {self.user}"):
            sshserver.journal(self.machine, line, pid)


def split_target(text: str) -> tuple[str | None, str, int | None]:
    """`user@host`, `ssh://user@host:port`: (user, host, port)."""
    port = None
    if text.startswith("ssh://"):
        text = text[6:].rstrip("/")
        head, sep, tail = text.rpartition(":")
        if sep and tail.isdigit() and "]" not in tail:
            text, port = head, int(tail)
    user, sep, host = text.rpartition("@")
    return (user if sep else None), host, port


def _local_account(ctx: Context) -> tuple[str, str]:
    entry = accounts.user_by_uid(ctx.vfs, ctx.creds.uid)
    if entry is None:
        return str(ctx.creds.uid), "/"
    return entry.name, entry.home


def open_link(ctx: Context, target: str | Target, *, port: int | None = None, identity: str | None = None,
              options: list[tuple[str, str]] | None = None, user: str | None = None,
              tty: str | None = None) -> Link | int:
    """Connect and authenticate; the Link, or ssh's exit status (255) after its messages."""
    t = target if isinstance(target, Target) else Target(target)
    if identity is not None:
        t.identities.append(identity)
    t.options.extend(options or [])
    t.port = port if port is not None else t.port
    t.user = user if user is not None else t.user
    local_user, home = _local_account(ctx)
    at_user, host, url_port = split_target(t.host)
    host = host.lower()
    if t.verbose:
        t.options.insert(0, ("loglevel", "DEBUG1"))
        ctx.err(VERSION.replace("\n", "\r\n"))
    cfg = ssh_config.load(ctx.vfs, host, user=local_user, home=home, options=t.options, config_file=t.config_file)
    for error in cfg.errors:
        ctx.err(error + "\r\n")
    if cfg.errors:
        path = cfg.errors[0].split(": line", 1)[0]
        ctx.err(f"{path}: terminating, {len(cfg.errors)} bad configuration options\r\n")
        return FAILED
    hostname = cfg.get("hostname", host).replace("%h", host).lower()
    port_text = str(t.port if t.port is not None else url_port if url_port is not None else cfg.get("port", "22"))
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        ctx.err(f"Bad port '{port_text}'\n")
        return FAILED
    the_port = int(port_text)
    remote_user = t.user or at_user or cfg.get("user") or local_user
    quiet = t.quiet or cfg.get("loglevel").lower() == "quiet"
    tokens = {"home": home, "local_user": local_user, "remote_user": remote_user, "host": hostname,
              "port": the_port, "local_host": ctx.machine.hostname}
    identities = [ssh_config.expand_tokens(p, **tokens) for p in t.identities + cfg.identity_files]
    for path in t.identities:
        full = ssh_config.expand_tokens(path, **tokens)
        if not ctx.vfs.exists(full):
            ctx.err(f"Warning: Identity file {path} not accessible: No such file or directory.\r\n")
    if not identities:
        identities = [f"{home}/.ssh/{name}" for name in _DEFAULT_IDS]
    for path in cfg.files:
        ssh_config.debug(ctx, cfg, f"Reading configuration data {path}")
    peer, answer = links.connect(ctx.machine, hostname, the_port)
    if answer is links.Failure.NO_NAME:
        ctx.err(f"ssh: Could not resolve hostname {hostname}: Name or service not known\r\n")
        return FAILED
    if isinstance(answer, links.Failure):
        why = "No route to host" if answer is links.Failure.NO_ROUTE else "Connection refused"
        ctx.err(f"ssh: connect to host {hostname} port {the_port}: {why}\r\n")
        return FAILED
    assert peer is not None
    ssh_config.debug(ctx, cfg, f"Connecting to {hostname} [{peer.address}] port {the_port}.")
    ssh_config.debug(ctx, cfg, "Connection established.")
    remote = peer.machine
    if remote is None:     # a site of the internet answering on 22: nothing speaks SSH there
        ctx.err(f"kex_exchange_identification: Connection closed by remote host\r\n"
                f"Connection closed by {peer.address} port {the_port}\r\n")
        return FAILED
    opts = sshserver.options(remote)
    keys = sshserver.host_keys(remote, opts)
    if not keys:
        ctx.err(f"kex_exchange_identification: read: Connection reset by peer\r\n"
                f"Connection reset by {peer.address} port {the_port}\r\n")
        return FAILED
    ssh_config.debug(ctx, cfg, f"Authenticating to {hostname}:{the_port} as '{remote_user}'")
    ssh_config.debug(ctx, cfg, f"Server host key: {keys[0].alg} {keys[0].fingerprint()}")
    verdict = check_host_key(ctx, cfg, hostname, the_port, peer.address, keys, home=home, tokens=tokens, quiet=quiet)
    if verdict is None:
        return FAILED
    client_address = "127.0.0.1" if links.is_loopback(peer.address) else _address_of(ctx.machine)
    client_port = random.randint(32768, 60999)
    from shelldojo.shell.commands.net.sshauth import authenticate

    # sshd forks a privileged process per connection: the journal names its pid
    priv = remote.procs.spawn(sshserver.sshd_pid(remote), 0, 0, [f"sshd: {remote_user} [priv]"],
                              exe="/usr/sbin/sshd", comm="sshd")
    accepted = authenticate(ctx, cfg, remote, opts, remote_user=remote_user, hostname=hostname,
                           identities=identities, client=(client_address, client_port),
                           password_allowed=verdict, pid=priv.pid)
    if accepted is None:
        sshserver.journal(remote, f"Connection closed by authenticating user {remote_user} {client_address} "
                                  f"port {client_port} [preauth]", priv.pid)
        remote.procs.reap(priv.pid)
        return FAILED
    account, method = accepted
    creds = accounts.credentials_for(remote.vfs, account.name)
    assert creds is not None
    if cfg.verbose:
        ctx.err(f"Authenticated to {hostname} ([{peer.address}]:{the_port}) using \"{method}\".\r\n")
    link = Link(remote, creds, account.name, account.home, hostname, peer.address, the_port, ctx.machine,
                client_address, client_port, shell=account.shell or "/bin/sh", priv=priv)
    link.process = remote.procs.spawn(priv.pid, creds.uid, creds.gid, [f"sshd: {account.name}@{tty or 'notty'}"],
                                      exe="/usr/sbin/sshd", comm="sshd", tty=tty)
    sshserver.journal(remote, f"pam_unix(sshd:session): session opened for user {account.name}(uid={creds.uid}) "
                              "by (uid=0)", priv.pid)
    return link


def _address_of(machine: Machine) -> str:
    net = machine.network
    if net is None:
        return "127.0.0.1"
    return net.address_of(machine) or "127.0.0.1"
