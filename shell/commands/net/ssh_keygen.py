"""ssh-keygen (OpenSSH 8.9p1): make key pairs, show fingerprints, derive public keys, and find
or remove hosts in known_hosts.  Keys are real (the `cryptography` library, loaded only when
a key is made or decrypted); files are written through the VFS with OpenSSH's modes."""
from __future__ import annotations

import posixpath

from shelldojo.filesystem import accounts, strerror
from shelldojo.shell.ask import ask_line
from shelldojo.shell.commands.net import sshkeys
from shelldojo.shell.commands.net.getopt import GetoptError, getopt
from shelldojo.shell.commands.net.sshauth import unprotected
from shelldojo.shell.commands.users.mod import ask_secret
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.texts import verbatim

FAILED = 255
_WITH_ARG = set("abCDEfFgIJjKmMnNOPrRsSt" "VwYzZ")
_FLAGS = set("ABcDeHhiklLpqQuUvXy")
_SPEC = "".join(sorted(_FLAGS)) + "".join(f"{c}:" for c in sorted(_WITH_ARG - _FLAGS))
_BITS = {"ed25519": 256, "rsa": 3072, "ecdsa": 256, "dsa": 1024}


def _usage(ctx: Context, message: str) -> int:
    ctx.err(message + verbatim("net/ssh_keygen_usage"))
    return 1


def _home(ctx: Context) -> tuple[str, str]:
    entry = accounts.user_by_uid(ctx.vfs, ctx.creds.uid)
    return (entry.name, entry.home) if entry is not None else (str(ctx.creds.uid), "/")


@command("ssh-keygen", family="network", summary="OpenSSH authentication key utility")
def ssh_keygen(ctx: Context, argv: list[str]) -> int:
    try:
        parsed, _operands = getopt(argv[1:], _SPEC, permute=False, style="bsd")
    except GetoptError as exc:
        return _usage(ctx, exc.message + "\r\n")
    flags = {letter for letter, _ in parsed if letter in _FLAGS}
    values = {letter: value for letter, value in parsed if letter not in _FLAGS}
    if "R" in values:
        return _remove_host(ctx, values["R"], values.get("f"), "q" in flags)
    if "F" in values:
        return _find_host(ctx, values["F"], values.get("f"), "l" in flags)
    if "l" in flags:
        return _fingerprint(ctx, values.get("f"), "v" in flags)
    if "y" in flags:
        return _public_of(ctx, values.get("f"), values.get("P"))
    return _generate(ctx, values, quiet="q" in flags)


def _default_file(ctx: Context, kind: str = "rsa") -> str:
    return f"{_home(ctx)[1]}/.ssh/id_{kind}"


def _ask_file(ctx: Context, prompt: str, default: str) -> str | None:
    """ssh-keygen asks on standard output and reads a line of standard input (the terminal)."""
    answer = ctx.terminal.read_line(prompt) if ctx.terminal is not None else ask_line(ctx, prompt)
    if answer is None:
        return None
    answer = answer.strip()
    if answer.startswith("~/"):
        answer = _home(ctx)[1] + answer[1:]
    return answer or default


def _read(ctx: Context, path: str) -> bytes:
    return ctx.vfs.read_bytes(ctx.abspath(path))


# ----------------------------------------------------------------------------- generate
def _generate(ctx: Context, values: dict[str, str], *, quiet: bool) -> int:
    kind = values.get("t", "rsa").lower()
    if kind not in _BITS:
        ctx.err(f"unknown key type {kind}\r\n")
        return FAILED
    bits_text = values.get("b", str(_BITS[kind]))
    if not bits_text.isdigit():
        ctx.err(f"Bits has bad value {bits_text} (invalid)\r\n")
        return FAILED
    bits = int(bits_text) if kind != "ed25519" else 256
    if kind == "rsa" and bits < 1024:
        ctx.err("Invalid RSA key length: minimum is 1024 bits\r\n")
        return FAILED
    if kind == "rsa" and bits > 16384:
        ctx.err("Invalid RSA key length: maximum is 16384 bits\r\n")
        return FAILED
    if kind == "ecdsa" and bits not in (256, 384, 521):
        ctx.err("Invalid ECDSA key length: valid lengths are 256, 384 or 521 bits\r\n")
        return FAILED
    if kind == "dsa" and bits != 1024:
        ctx.err("Invalid DSA key length: must be 1024 bits\r\n")
        return FAILED
    user, home = _home(ctx)
    if not quiet:
        ctx.out(f"Generating public/private {kind} key pair.\n")
    path = values.get("f")
    if path is None:
        default = _default_file(ctx, kind)
        path = _ask_file(ctx, f"Enter file in which to save the key ({default}): ", default)
        if path is None:
            return 1
    full = ctx.abspath(path)
    ssh_dir = f"{home}/.ssh"
    if posixpath.dirname(full) == ssh_dir and not ctx.vfs.exists(ssh_dir):
        try:
            ctx.vfs.mkdir(ssh_dir)
            ctx.vfs.chmod(ssh_dir, 0o700)
        except OSError as exc:
            ctx.err(f"Could not create directory '{ssh_dir}': {strerror(exc)}\r\n")
        else:
            if not quiet:
                ctx.out(f"Created directory '{ssh_dir}'.\n")
    if ctx.vfs.exists(full):
        answer = ask_line(ctx, f"{path} already exists.\nOverwrite (y/n)? ") if ctx.terminal is None \
            else ctx.terminal.read_line(f"{path} already exists.\nOverwrite (y/n)? ")
        if answer is None or not answer.strip().lower().startswith("y"):
            return 1
    passphrase = values.get("N")
    while passphrase is None:
        first = ask_secret(ctx, "Enter passphrase (empty for no passphrase): ")
        if first is None:
            return 1
        second = ask_secret(ctx, "Enter same passphrase again: ")
        if second is None:
            return 1
        if first == second:
            passphrase = first
        else:
            ctx.out("Passphrases do not match.  Try again.\n")
    comment = values.get("C", f"{user}@{ctx.machine.hostname}")
    ctx.check()
    private, public = sshkeys.generate(kind, bits, comment, passphrase)
    try:
        ctx.vfs.write_bytes(full, private)
        ctx.vfs.chmod(full, 0o600)
    except OSError as exc:
        ctx.err(f"Saving key \"{path}\" failed: {strerror(exc)}\r\n")
        return 1
    try:
        ctx.vfs.write_bytes(full + ".pub", (public.line() + "\n").encode())
        ctx.vfs.chmod(full + ".pub", 0o644)
    except OSError as exc:
        ctx.err(f"Unable to save public key to {path}.pub: {strerror(exc)}\r\n")
        return FAILED
    if not quiet:
        ctx.out(f"Your identification has been saved in {path}\n"
                f"Your public key has been saved in {path}.pub\n"
                f"The key fingerprint is:\n{public.fingerprint()} {comment}\n"
                f"The key's randomart image is:\n{sshkeys.randomart(public)}")
    return 0


# ----------------------------------------------------------------------------- -l, -y
def _load_public(ctx: Context, path: str) -> list[sshkeys.PublicKey] | int:
    """The keys of a public key file, a private key (its .pub or its own public half), or every
    line of an authorized_keys / known_hosts file."""
    try:
        data = _read(ctx, path)
    except OSError as exc:
        ctx.err(f"ssh-keygen: {path}: {strerror(exc)}\r\n")
        return FAILED
    private = sshkeys.parse_private(data)
    if private is not None:
        try:
            pub = sshkeys.parse_public(_read(ctx, path + ".pub").decode("utf-8", "replace"))
        except OSError:
            pub = None
        if pub is not None:
            return [pub]
        comment = sshkeys.private_comment(private)
        return [sshkeys.PublicKey(private.public.alg, private.public.blob, comment)]
    keys = []
    for line in data.decode("utf-8", "replace").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key = sshkeys.parse_public(line)
        first = line.split(None, 1)[0]
        if key is not None and first not in sshkeys.KINDS and not key.comment:
            # a known_hosts or authorized_keys line: its host names (or options) stand for the comment
            key = sshkeys.PublicKey(key.alg, key.blob, first)
        if key is not None:
            keys.append(key)
    if not keys:
        ctx.err(f"{path} is not a public key file.\r\n")
        return FAILED
    return keys


def _fingerprint(ctx: Context, path: str | None, visual: bool) -> int:
    if path is None:
        default = _default_file(ctx)
        path = _ask_file(ctx, f"Enter file in which the key is ({default}): ", default)
        if path is None:
            return 1
    keys = _load_public(ctx, path)
    if isinstance(keys, int):
        return keys
    for key in keys:
        ctx.out(f"{key.bits} {key.fingerprint()} {key.comment or 'no comment'} ({key.kind})\n")
        if visual:
            ctx.out(sshkeys.randomart(key))
    return 0


def _public_of(ctx: Context, path: str | None, passphrase: str | None) -> int:
    if path is None:
        default = _default_file(ctx)
        path = _ask_file(ctx, f"Enter file in which the key is ({default}): ", default)
        if path is None:
            return 1
    try:
        data = _read(ctx, path)
        mode = ctx.vfs.stat(ctx.abspath(path)).st_mode
    except OSError as exc:
        ctx.err(f"{path}: {strerror(exc)}\r\n")
        return FAILED
    if mode & 0o077:
        ctx.err(unprotected(path, mode))
        return FAILED
    key = sshkeys.parse_private(data)
    if key is None:
        ctx.err(f"Load key \"{path}\": invalid format\r\n")
        return FAILED
    if key.encrypted:
        answer = passphrase if passphrase is not None else ask_secret(ctx, "Enter passphrase: ")
        if answer is None or not sshkeys.decrypt_ok(key, answer):
            ctx.err(f"Load key \"{path}\": incorrect passphrase supplied to decrypt private key\r\n")
            return FAILED
    comment = sshkeys.private_comment(key)
    ctx.out(sshkeys.PublicKey(key.public.alg, key.public.blob, comment).line() + "\n")
    return 0


# ----------------------------------------------------------------------------- -F, -R
def _known_hosts(ctx: Context, path: str | None) -> str:
    return path if path is not None else f"{_home(ctx)[1]}/.ssh/known_hosts"


def _find_host(ctx: Context, name: str, path: str | None, fingerprints: bool) -> int:
    path = _known_hosts(ctx, path)
    try:
        text = _read(ctx, path).decode("utf-8", "replace")
    except OSError as exc:
        ctx.err(f"Cannot stat {path}: {strerror(exc)}\r\n")
        return FAILED
    found = False
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        marker = words[0] if words[0].startswith("@") else ""
        field = words[1] if marker else words[0]
        if sshkeys.names_match(field, name.lower()):
            found = True
            ctx.out(f"# Host {name} found: line {number} {marker[1:].upper() if marker else ''}\n")
            key = sshkeys.parse_public(" ".join(words[2:] if marker else words[1:]))
            if fingerprints and key is not None:
                ctx.out(f"{field} {key.kind} {key.fingerprint()}\n")
            else:
                ctx.out(line + "\n")
    return 0 if found else 1


def _remove_host(ctx: Context, name: str, path: str | None, quiet: bool) -> int:
    path = _known_hosts(ctx, path)
    full = ctx.abspath(path)
    try:
        text = ctx.vfs.read_bytes(full).decode("utf-8", "replace")
    except OSError as exc:
        ctx.err(f"Cannot stat {path}: {strerror(exc)}\r\n")
        return FAILED
    kept, removed = [], []
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        words = line.split()
        field = (words[1] if words and words[0].startswith("@") and len(words) > 1 else words[0]) if words else ""
        if field and not field.startswith("#") and sshkeys.names_match(field, name.lower()):
            removed.append(number)
        else:
            kept.append(line)
    if not removed:
        ctx.err(f"Host {name} not found in {path}\r\n")
        return 0
    if not quiet:
        for number in removed:
            ctx.out(f"# Host {name} found: line {number}\n")
    try:
        ctx.vfs.write_bytes(full + ".old", text.encode())
        ctx.vfs.chmod(full + ".old", ctx.vfs.stat(full).st_mode & 0o7777)   # a hard link, really
        ctx.vfs.write_bytes(full, "".join(kept).encode())
    except OSError as exc:
        ctx.err(f"link {path} to {path}.old: {strerror(exc)}\r\n")
        return FAILED
    if not quiet:
        ctx.out(f"{path} updated.\nOriginal contents retained as {path}.old\n")
    return 0
