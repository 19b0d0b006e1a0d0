"""User authentication (OpenSSH 8.9's sshconnect2.c against sshd's auth2-*.c): the client's
identities are offered in order, a key the server accepts is loaded (permissions, passphrase),
then passwords are asked on the terminal (NumberOfPasswordPrompts, default 3)."""
from __future__ import annotations

import stat as st

from shelldojo.filesystem import ROOT, Machine, accounts, acting_as
from shelldojo.shell.commands.net import ssh_config, sshkeys, sshserver
from shelldojo.shell.context import Context

_UNPROTECTED = ("@" * 59 + "\r\n@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @\r\n" + "@" * 59 + "\r\n")


def unprotected(path: str, mode: int) -> str:
    """sshkey_perm_ok's warning (OpenSSH's log lines end in CR LF on stderr)."""
    return (f"{_UNPROTECTED}Permissions 0{st.S_IMODE(mode):o} for '{path}' are too open.\r\n"
            "It is required that your private key files are NOT accessible by others.\r\n"
            f"This private key will be ignored.\r\nLoad key \"{path}\": bad permissions\r\n")


def _read(ctx: Context, path: str) -> bytes | None:
    try:
        return ctx.vfs.read_bytes(path)
    except OSError:
        return None


def _identity(ctx: Context, path: str) -> tuple[sshkeys.PublicKey, bytes | None] | None:
    """The public key an identity offers (its .pub, else the private file's public half) and
    the private file's bytes (None when it cannot be read)."""
    private = _read(ctx, path)
    public_text = _read(ctx, path + ".pub")
    pub = sshkeys.parse_public(public_text.decode("utf-8", "replace")) if public_text else None
    if pub is None and private is not None:
        parsed = sshkeys.parse_private(private)
        pub = parsed.public if parsed is not None else None
    return (pub, private) if pub is not None else None


def _load_private(ctx: Context, path: str, data: bytes | None, cfg: ssh_config.ClientConfig) -> bool:
    """Can the client sign with this key?  (sshkey_load_private_type: permissions, passphrase.)"""
    if data is None:
        return False
    try:
        mode = ctx.vfs.stat(path).st_mode
    except OSError:
        return False
    if mode & 0o077:
        ctx.err(unprotected(path, mode))
        return False
    key = sshkeys.parse_private(data)
    if key is None:
        ctx.err(f"Load key \"{path}\": invalid format\r\n")
        return False
    if not key.encrypted:
        return True
    if ctx.terminal is None or cfg.get("batchmode").lower() == "yes":
        return False
    tries = _prompts(cfg)
    for _ in range(tries):
        answer = ctx.terminal.read_secret(f"Enter passphrase for key '{path}': ")
        if not answer:
            return False
        if sshkeys.decrypt_ok(key, answer):
            return True
    return False


def _prompts(cfg: ssh_config.ClientConfig) -> int:
    value = cfg.get("numberofpasswordprompts", "3")
    return int(value) if value.isdigit() else 3


def authenticate(ctx: Context, cfg: ssh_config.ClientConfig, remote: Machine, opts: dict[str, str], *,
                 remote_user: str, hostname: str, identities: list[str], client: tuple[str, int],
                 password_allowed: bool, pid: int) -> tuple[accounts.PasswdEntry, str] | None:
    """The remote account logged into and the method, or None after "Permission denied (...)"."""
    with acting_as(ROOT):
        account = accounts.user_by_name(remote.vfs, remote_user)
    address, port = client
    offered = sshserver.methods(opts)
    who = remote_user if account is not None else f"invalid user {remote_user}"
    if account is None:
        sshserver.journal(remote, f"Invalid user {remote_user} from {address} port {port}", pid)
    preferred = cfg.get("preferredauthentications", "publickey,keyboard-interactive,password").split(",")
    if "publickey" in offered and "publickey" in preferred and cfg.get("pubkeyauthentication", "yes").lower() != "no":
        for path in identities:
            found = _identity(ctx, path)
            if found is None:
                continue
            pub, private = found
            ssh_config.debug(ctx, cfg, f"Offering public key: {path} {pub.kind} {pub.fingerprint()}")
            if account is None or not sshserver.root_allowed(opts, account, "publickey"):
                continue
            log: list[str] = []
            ok = sshserver.authorized(remote, opts, account, pub.blob, log)
            for line in log:
                sshserver.journal(remote, line, pid)
            if ok:
                ssh_config.debug(ctx, cfg, f"Server accepts key: {path} {pub.kind} {pub.fingerprint()}")
            if ok and _load_private(ctx, path, private, cfg):
                sshserver.journal(remote, f"Accepted publickey for {remote_user} from {address} port {port} "
                                          f"ssh2: {pub.kind} {pub.fingerprint()}", pid)
                return account, "publickey"
    use_password = ("password" in offered and "password" in preferred and password_allowed
                    and cfg.get("passwordauthentication", "yes").lower() != "no"
                    and cfg.get("batchmode", "no").lower() != "yes")
    if use_password:
        tries = _prompts(cfg)
        for attempt in range(tries):
            # without a terminal OpenSSH cannot ask: it sends an empty password
            answer = "" if ctx.terminal is None else ctx.terminal.read_secret(f"{remote_user}@{hostname}'s password: ")
            if answer is None:
                break
            good = (account is not None and sshserver.root_allowed(opts, account, "password")
                    and sshserver.password_ok(remote, opts, remote_user, answer))
            if good:
                sshserver.journal(remote, f"Accepted password for {remote_user} from {address} port {port} ssh2", pid)
                return account, "password"
            sshserver.journal(remote, f"Failed password for {who} from {address} port {port} ssh2", pid)
            if attempt < tries - 1:
                ctx.err("Permission denied, please try again.\r\n")
    ctx.err(f"{remote_user}@{hostname}: Permission denied ({','.join(offered)}).\r\n")
    return None
