"""ssh-copy-id (OpenSSH 8.9p1's script): install a public key in a remote authorized_keys.

It does what the shell script does: pick the newest ~/.ssh/id*.pub (or -i's), try to log in
with that key alone to skip keys already there, then run the script's own install one-liner
on the remote through ssh with the keys on its standard input."""
from __future__ import annotations

import dataclasses
import errno
import posixpath

from shelldojo.filesystem import accounts, strerror
from shelldojo.shell.commands.net.sshlink import Target, open_link
from shelldojo.shell.context import Context
from shelldojo.shell.registry import command
from shelldojo.shell.streams import BufferOutput, BytesInput, NullInput
from shelldojo.shell.texts import verbatim

ME = "/usr/bin/ssh-copy-id"
# the script's INSTALLKEYS_SH, as it sends it (tabs and newlines made spaces)
INSTALL = ("exec sh -c 'cd; umask 077; mkdir -p \".ssh\" && { [ -z `tail -1c .ssh/authorized_keys 2>/dev/null` ] "
           "|| echo >> \".ssh/authorized_keys\" || exit 1; } && cat >> \".ssh/authorized_keys\" || exit 1; "
           "if type restorecon >/dev/null 2>&1; then restorecon -F \".ssh\" \".ssh/authorized_keys\"; fi'")


def _usage(ctx: Context) -> int:
    ctx.err(verbatim("net/ssh_copy_id_usage"))
    return 1


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _newest_pub(ctx: Context) -> str | None:
    entry = accounts.user_by_uid(ctx.vfs, ctx.creds.uid)
    home = ctx.env.get("HOME") or (entry.home if entry else "/")
    try:
        names = [n for n in ctx.vfs.listdir(f"{home}/.ssh") if n.startswith("id") and n.endswith(".pub")
                 and not n.endswith("-cert.pub")]
    except OSError:
        return None
    paths = [f"{home}/.ssh/{n}" for n in names]
    return max(paths, key=lambda p: ctx.vfs.stat(p).st_mtime, default=None)


@command("ssh-copy-id", family="network", summary="use locally available keys to authorise logins on a remote machine")
def ssh_copy_id(ctx: Context, argv: list[str]) -> int:
    args = argv[1:]
    identity: str | None = None
    forced = dry_run = False
    ssh_opts: list[str] = []
    target = Target("")
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "-":
        arg = args[i]
        if arg == "--":
            i += 1
            break
        j = 1
        while j < len(arg):
            letter = arg[j]
            if letter in "fns":
                forced, dry_run = forced or letter == "f", dry_run or letter == "n"
                j += 1
                continue
            if letter in "h?":
                return _usage(ctx)
            if letter not in "iopF":   # dash's getopts words it so
                ctx.err(f"Illegal option -{letter}\n")
                return _usage(ctx)
            value = arg[j + 1:]
            if not value:
                i += 1
                if i >= len(args):
                    ctx.err(f"No arg for -{letter} option\n")
                    return _usage(ctx)
                value = args[i]
            if letter == "i":
                if identity is not None:
                    ctx.out(f"\n{ME}: ERROR: -i option must not be specified more than once\n\n")
                    return _usage(ctx)
                identity = value
            else:
                ssh_opts.append(f"-{letter} {_quote(value)}")
                if letter == "p":
                    target.port = int(value) if value.isdigit() else None
                elif letter == "F":
                    target.config_file = value
                else:
                    key, _, val = value.replace("=", " ", 1).partition(" ")
                    target.options.append((key.lower(), val.strip()))
            break
        i += 1
    rest = args[i:]
    if not rest:
        return _usage(ctx)
    if len(rest) != 1:
        # the script prints $SAVEARGS, which is empty by then
        ctx.err(f"{ME}: ERROR: Too many arguments.  Expecting a target hostname, got: \n\n")
        return _usage(ctx)
    host = rest[0]
    target.host = host
    ssh_opts.append(_quote(host))
    pub = identity if identity is None or identity.endswith(".pub") else identity + ".pub"
    if pub is None:
        pub = _newest_pub(ctx)
        if pub is None:
            ctx.err(f"{ME}: ERROR: No identities found\n")
            return 1
    # the script's $(dirname "$PUB")/$(basename "$PUB" .pub)
    private = posixpath.join(posixpath.dirname(pub) or ".", posixpath.basename(pub)[:-4])
    for path in (pub, *([] if forced else [private])):
        try:
            ctx.vfs.read_bytes(ctx.abspath(path))
        except OSError as exc:
            why = "No such file" if exc.errno == errno.ENOENT else strerror(exc)   # dash's words
            extra = f"\n\t(to install the contents of '{pub}' anyway, look at the -f option)" if path == private else ""
            ctx.out(f"\n{ME}: ERROR: failed to open ID file '{path}': {why}{extra}\n")
            return 1
    ctx.err(f"{ME}: INFO: Source of key(s) to be installed: \"{pub}\"\n")
    keys = [line for line in ctx.vfs.read_bytes(ctx.abspath(pub)).decode("utf-8", "replace").splitlines()
            if line.strip()]
    if not keys:
        ctx.err(f"{ME}: ERROR: No identities found\n")
        return 1
    if not forced:
        ctx.err(f"{ME}: INFO: attempting to log in with the new key(s), to filter out any that are already installed\n")
        found = _already_there(ctx, target, private)
        if isinstance(found, str):
            lines = "\n".join("ERROR: " + line for line in found.rstrip("\n").split("\n"))
            ctx.err(f"\n{ME}: {lines}\n\n")
            return 1
        if found:
            ctx.err(f"\n{ME}: WARNING: All keys were skipped because they already exist on the remote system.\n"
                    "\t\t(if you think this is a mistake, you may want to use -f option)\n\n")
            return 0
        ctx.err(f"{ME}: INFO: {len(keys)} key(s) remain to be installed -- if you are prompted now it is to "
                "install the new keys\n")
    new_ids = "\n".join(keys)
    if dry_run:
        ctx.out(f"=-=-=-=-=-=-=-=\nWould have added the following key(s):\n\n{new_ids}\n=-=-=-=-=-=-=-=\n")
        return 0
    link = open_link(ctx, dataclasses.replace(target, options=list(target.options)))
    if isinstance(link, int):
        return 1
    try:
        status = link.run(dataclasses.replace(ctx, stdin=BytesInput((new_ids + "\n").encode())), INSTALL)
    finally:
        link.close()
    if status != 0:
        return 1
    ctx.out(f"\nNumber of key(s) added: {len(keys)}\n\n"
            f"Now try logging into the machine, with:   \"ssh {' '.join(ssh_opts)}\"\n"
            "and check to make sure that only the key(s) you wanted were added.\n\n")
    return 0


def _already_there(ctx: Context, target: Target, private: str) -> bool | str:
    """Does logging in with the key alone work?  ssh's output when it failed otherwise than
    with "Permission denied" (the script stops then)."""
    err = BufferOutput()
    quiet_ctx = dataclasses.replace(ctx, stdin=NullInput(), stderr=err, stdout=BufferOutput())
    probe = dataclasses.replace(target, identities=[posixpath.normpath(ctx.abspath(private))],
                                options=[*target.options, ("preferredauthentications", "publickey"),
                                         ("identitiesonly", "yes"), ("loglevel", "INFO")])
    link = open_link(quiet_ctx, probe)
    if isinstance(link, int):
        text = err.getvalue().decode("utf-8", "replace")
        return False if "Permission denied" in text else text
    link.close()
    return True
