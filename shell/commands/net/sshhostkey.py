"""The client's host key check (OpenSSH 8.9's sshconnect.c): known_hosts files, the
first-connection question, StrictHostKeyChecking, and the changed-key warning."""
from __future__ import annotations

import posixpath

from shelldojo.filesystem import acting_as
from shelldojo.shell.commands.net import ssh_config, sshkeys
from shelldojo.shell.context import Context

_BAR = "@" * 59 + "\r\n"
_ASK = "Are you sure you want to continue connecting (yes/no/[fingerprint])? "
_AGAIN = "Please type 'yes', 'no' or the fingerprint: "
FAILED_TEXT = "Host key verification failed.\r\n"


def _read(ctx: Context, path: str) -> str | None:
    try:
        return ctx.vfs.read_bytes(path).decode("utf-8", "replace")
    except OSError:
        return None


def _files(cfg: ssh_config.ClientConfig, key: str, default: str, tokens: dict) -> list[tuple[str, str]]:
    """(as written, expanded) for each file of UserKnownHostsFile / GlobalKnownHostsFile."""
    words = cfg.get(key, default).split()
    return [(w, ssh_config.expand_tokens(w, **tokens)) for w in words if w.lower() != "none"]


def check_host_key(ctx: Context, cfg: ssh_config.ClientConfig, host: str, port: int, address: str,
                   keys: list[sshkeys.PublicKey], *, home: str, tokens: dict, quiet: bool) -> bool | None:
    """None: refused (message printed).  True: trusted.  False: trusted with password
    authentication disabled (a changed key accepted under StrictHostKeyChecking=no)."""
    name = sshkeys.host_pattern(cfg.get("hostkeyalias") or host, port)
    user_files = _files(cfg, "userknownhostsfile", "~/.ssh/known_hosts ~/.ssh/known_hosts2", tokens)
    global_files = _files(cfg, "globalknownhostsfile", "/etc/ssh/ssh_known_hosts /etc/ssh/ssh_known_hosts2", tokens)
    entries: list[tuple[str, sshkeys.KnownHost]] = []
    for shown, path in user_files + global_files:
        text = _read(ctx, path)
        if text is not None:
            entries.extend((shown, e) for e in sshkeys.known_entries(path, text))
    for_host = [e for _, e in entries if e.marker == "" and sshkeys.names_match(e.field, name)]
    # the server shows the key of the type the client already knows for it, else its best one
    key = next((k for e in for_host for k in keys if k.alg == e.key.alg), keys[0])
    revoked = [e for _, e in entries if e.marker == "@revoked" and e.key.blob == key.blob]
    if revoked:
        ctx.err(f"{_BAR}@       WARNING: REVOKED HOST KEY DETECTED!               @\r\n{_BAR}"
                f"The {key.kind} host key for {name} is marked as revoked.\r\n"
                "This could mean that a stolen key is being used to\nimpersonate this host.\r\n" + FAILED_TEXT)
        return None
    if any(e.key.blob == key.blob for e in for_host):
        return True
    strict = cfg.get("stricthostkeychecking", "ask").lower()
    if strict in ("off", "false"):
        strict = "no"
    if strict in ("on", "true"):
        strict = "yes"
    changed = [e for e in for_host if e.key.alg == key.alg]
    if changed:
        return _changed(ctx, key, name, changed[0], user_files, strict)
    if strict == "yes":
        ctx.err(f"No {key.kind} host key is known for {name} and you have requested strict checking.\r\n"
                + FAILED_TEXT)
        return None
    if strict == "ask" and not _confirm(ctx, key, name, host, port, address, entries):
        ctx.err(FAILED_TEXT)
        return None
    _remember(ctx, cfg, key, name, user_files, quiet)
    return True


def _confirm(ctx: Context, key: sshkeys.PublicKey, name: str, host: str, port: int, address: str,
             entries: list[tuple[str, sshkeys.KnownHost]]) -> bool:
    """The first-connection question (asked on the terminal; without one, OpenSSH cannot ask)."""
    if ctx.terminal is None:
        return False
    shown_ip = address if port == 22 else f"[{address}]:{port}"
    fp = key.fingerprint()
    text = (f"The authenticity of host '{name} ({shown_ip})' can't be established.\n"
            f"{key.kind} key fingerprint is {fp}.\n")
    others = [(shown, e) for shown, e in entries if e.key.blob == key.blob and e.marker == ""]
    if others:
        text += "This host key is known by the following other names/addresses:\n"
        for shown, e in others[:8]:
            label = "[hashed name]" if e.field.startswith("|1|") else e.field
            text += f"    {shown}:{e.number}: {label}\n"
        if len(others) > 8:
            text += f"    ({len(others) - 8} additional names omitted)\n"
    else:
        text += "This key is not known by any other names\n"
    ctx.err(text)
    prompt = _ASK
    while True:
        answer = ctx.terminal.read_line(prompt)
        if answer is None:
            return False
        answer = answer.strip()
        if answer == "" or answer.lower() == "no":
            return False
        if answer.lower() == "yes" or answer == fp:
            return True
        prompt = _AGAIN


def _remember(ctx: Context, cfg: ssh_config.ClientConfig, key: sshkeys.PublicKey, name: str,
              user_files: list[tuple[str, str]], quiet: bool) -> None:
    if not user_files:
        return
    path = user_files[0][1]
    hashed = cfg.get("hashknownhosts", "no").lower() == "yes"
    field = sshkeys.hashed_name(name) if hashed else name
    line = f"{field} {key.alg} {key.line().split()[1]}\n"
    try:
        with acting_as(ctx.creds):
            directory = posixpath.dirname(path)
            if not ctx.vfs.isdir(directory):
                ctx.vfs.makedirs(directory)
                ctx.vfs.chmod(directory, 0o700)
            old = _read(ctx, path)
            if old and not old.endswith("\n"):
                line = "\n" + line
            ctx.vfs.write_bytes(path, line.encode(), append=True)
    except OSError:
        ctx.err(f"Failed to add the host to the list of known hosts ({path}).\r\n")
        return
    if not quiet:
        ctx.err(f"Warning: Permanently added '{name}' ({key.kind}) to the list of known hosts.\r\n")


def _changed(ctx: Context, key: sshkeys.PublicKey, name: str, old: sshkeys.KnownHost,
             user_files: list[tuple[str, str]], strict: str) -> bool | None:
    first = user_files[0][1] if user_files else old.path
    ctx.err(f"{_BAR}@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\r\n{_BAR}"
            "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\r\n"
            "Someone could be eavesdropping on you right now (man-in-the-middle attack)!\r\n"
            "It is also possible that a host key has just been changed.\r\n"
            f"The fingerprint for the {key.kind} key sent by the remote host is\n{key.fingerprint()}.\r\n"
            "Please contact your system administrator.\r\n"
            f"Add correct host key in {first} to get rid of this message.\r\n"
            f"Offending {old.key.kind} key in {old.path}:{old.number}\r\n"
            f"  remove with:\r\n  ssh-keygen -f \"{old.path}\" -R \"{name}\"\r\n")
    if strict != "no":
        ctx.err(f"Host key for {name} has changed and you have requested strict checking.\r\n" + FAILED_TEXT)
        return None
    ctx.err("Password authentication is disabled to avoid man-in-the-middle attacks.\r\n"
            "Keyboard-interactive authentication is disabled to avoid man-in-the-middle attacks.\r\n")
    return False
