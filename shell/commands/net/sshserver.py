"""The sshd side of a connection, read from the remote machine's own disk: sshd_config (with its
Include of sshd_config.d, first value wins), host keys, authorized_keys under StrictModes, the
shadow password, and the lines sshd writes to the journal (`journalctl -u ssh`)."""
from __future__ import annotations

import fnmatch
import posixpath
import stat as st

from shelldojo.filesystem import ROOT, Machine, accounts, acting_as, passwords
from shelldojo.filesystem.accounts_write import shadow_entry
from shelldojo.shell.commands.net import sshkeys
from shelldojo.shell.commands.net.ssh_config import split_line
from shelldojo.shell.context import Context
from shelldojo.shell.net.links import config_lines

SSHD_CONFIG = "/etc/ssh/sshd_config"
UNIT = "ssh.service"
_DEFAULTS = {"port": "22", "passwordauthentication": "yes", "pubkeyauthentication": "yes",
             "permitrootlogin": "prohibit-password", "strictmodes": "yes", "permitemptypasswords": "no",
             "authorizedkeysfile": ".ssh/authorized_keys .ssh/authorized_keys2",
             "kbdinteractiveauthentication": "no", "printmotd": "no", "printlastlog": "yes"}


def options(machine: Machine) -> dict[str, str]:
    """sshd's effective global options (Match blocks ignored; first value of a keyword wins)."""
    found: dict[str, str] = {}
    host_keys: list[str] = []

    def read(path: str, depth: int) -> None:
        in_match = False
        for line in config_lines(machine, path):
            parsed = split_line(line)
            if parsed is None:
                continue
            key, words = parsed
            low = key.lower()
            if low == "match":
                in_match = True
            elif in_match or not words:
                continue
            elif low == "include" and depth < 16:
                for pattern in words:
                    pattern = pattern if pattern.startswith("/") else posixpath.join("/etc/ssh", pattern)
                    for name in _glob(machine, pattern):
                        read(name, depth + 1)
            elif low == "hostkey":
                host_keys.append(words[0])
            elif low not in found:
                found[low] = " ".join(words)

    read(SSHD_CONFIG, 0)
    out = {**_DEFAULTS, **found}
    out["hostkey"] = "\n".join(host_keys)
    return out


def _glob(machine: Machine, pattern: str) -> list[str]:
    directory, name = posixpath.split(pattern)
    with acting_as(ROOT):
        try:
            names = machine.vfs.listdir(directory)
        except OSError:
            return []
    return [posixpath.join(directory, n) for n in sorted(names) if fnmatch.fnmatchcase(n, name)]


def yes(opts: dict[str, str], key: str) -> bool:
    return opts.get(key, "no").lower() == "yes"


def host_keys(machine: Machine, opts: dict[str, str]) -> list[sshkeys.PublicKey]:
    """The host's public keys, in the client's order of preference (ed25519, ecdsa, rsa)."""
    paths = opts["hostkey"].split("\n") if opts.get("hostkey") else \
        [f"/etc/ssh/ssh_host_{k}_key" for k in ("rsa", "ecdsa", "ed25519")]
    keys = []
    with acting_as(ROOT):
        for path in paths:
            try:
                key = sshkeys.parse_public(machine.vfs.read_bytes(path + ".pub").decode("utf-8", "replace"))
            except OSError:
                continue
            if key is not None:
                keys.append(key)
    order = {"ssh-ed25519": 0, "ecdsa-sha2-nistp256": 1, "ecdsa-sha2-nistp384": 2,
             "ecdsa-sha2-nistp521": 3, "ssh-rsa": 4}
    return sorted(keys, key=lambda k: order.get(k.alg, 9))


def methods(opts: dict[str, str]) -> list[str]:
    """What the server offers, as the client's final "Permission denied (...)" lists it."""
    out = []
    if yes(opts, "pubkeyauthentication"):
        out.append("publickey")
    if yes(opts, "passwordauthentication"):
        out.append("password")
    if yes(opts, "kbdinteractiveauthentication"):
        out.append("keyboard-interactive")
    return out


def root_allowed(opts: dict[str, str], user: accounts.PasswdEntry | None, method: str) -> bool:
    if user is None or user.uid != 0:
        return True
    mode = opts.get("permitrootlogin", "prohibit-password").lower()
    if mode == "yes":
        return True
    return mode in ("prohibit-password", "without-password") and method == "publickey"


def _modes_ok(machine: Machine, path: str, uid: int) -> str | None:
    """StrictModes: the file and each directory up to the home must belong to the user or root and
    not be group/world-writable; the bad one, or None."""
    vfs = machine.vfs
    with acting_as(ROOT):
        while True:
            try:
                s = vfs.stat(path)
            except OSError:
                return None
            if s.st_uid not in (0, uid) or s.st_mode & 0o022:
                return path
            if path in ("/", "/home") or posixpath.dirname(path) == path:
                return None
            path = posixpath.dirname(path)
            if path == "/home":
                return None


def authorized(machine: Machine, opts: dict[str, str], user: accounts.PasswdEntry,
               blob: bytes, log: list[str]) -> bool:
    """Is the key in one of the user's AuthorizedKeysFile files (read as the user would)?"""
    for name in opts["authorizedkeysfile"].split():
        name = name.replace("%h", user.home).replace("%u", user.name).replace("%%", "%")
        path = name if name.startswith("/") else posixpath.join(user.home, name)
        with acting_as(ROOT):
            try:
                s = machine.vfs.stat(path)
                text = machine.vfs.read_bytes(path).decode("utf-8", "replace")
            except OSError:
                continue
        if not st.S_ISREG(s.st_mode):
            continue
        if yes(opts, "strictmodes"):
            bad = _modes_ok(machine, path, user.uid)
            if bad is not None:
                kind = "file" if bad == path else "directory"
                log.append(f"Authentication refused: bad ownership or modes for {kind} {bad}")
                continue
        for line in text.splitlines():
            key = sshkeys.parse_public(line)
            if key is not None and key.blob == blob and not line.lstrip().startswith("#"):
                return True
    return False


def password_ok(machine: Machine, opts: dict[str, str], name: str, password: str) -> bool:
    if not password and not yes(opts, "permitemptypasswords"):
        return False
    with acting_as(ROOT):
        row = shadow_entry(machine.vfs, name)
    return row is not None and passwords.verify(password, row.password)


def sshd_pid(machine: Machine) -> int:
    try:
        return machine.services.state(UNIT).main_pid or 1
    except (KeyError, OSError, ValueError):
        return 1


def journal(machine: Machine, message: str, pid: int) -> None:
    """A line of sshd in the remote's journal (and its /var/log/syslog mirror)."""
    machine.services.journal.log(UNIT, message, pid=pid, ident="sshd")


def postinst(ctx: Context) -> None:
    """openssh-server's maintainer script: /etc/ssh/sshd_config from the package's copy (ucf),
    then the host keys the machine lacks (ssh-keygen -A, with its messages)."""
    vfs = ctx.vfs
    with acting_as(ROOT):
        if not vfs.exists(SSHD_CONFIG + ".d"):
            vfs.makedirs(SSHD_CONFIG + ".d")
            vfs.chmod(SSHD_CONFIG + ".d", 0o755)
        if not vfs.exists(SSHD_CONFIG):
            try:
                vfs.write_bytes(SSHD_CONFIG, vfs.read_bytes("/usr/share/openssh/sshd_config"))
                vfs.chmod(SSHD_CONFIG, 0o644)
            except OSError:
                return
            ctx.out(f"\nCreating config file {SSHD_CONFIG} with new version\n")
        for kind, bits in (("rsa", 3072), ("ecdsa", 256), ("ed25519", 256)):
            path = f"/etc/ssh/ssh_host_{kind}_key"
            if vfs.exists(path):
                continue
            ctx.out(f"Creating SSH2 {kind.upper()} key; this may take some time ...\n")
            ctx.check()
            private, public = sshkeys.generate(kind, bits, f"root@{ctx.machine.hostname}", "")
            vfs.write_bytes(path, private)
            vfs.chmod(path, 0o600)
            vfs.write_bytes(path + ".pub", (public.line() + "\n").encode())
            vfs.chmod(path + ".pub", 0o644)
            ctx.out(f"{public.bits} {public.fingerprint()} {public.comment} ({public.kind})\n")
