"""ssh_config(5) as the client reads it: -o options, then ~/.ssh/config, then /etc/ssh/ssh_config
(whose first line includes /etc/ssh/ssh_config.d/*.conf); the first value of a keyword wins,
except IdentityFile, which adds up.  `Host` blocks match the host as typed; `Match` blocks are
honoured for `all`, `host` and `user`, other criteria do not match.
"""
from __future__ import annotations

import fnmatch
import posixpath
import re
import shlex
from dataclasses import dataclass, field

from shelldojo.filesystem.vfs import VFS

SYSTEM_CONFIG = "/etc/ssh/ssh_config"
MAX_INCLUDE_DEPTH = 16   # OpenSSH's READCONF_MAX_DEPTH
# keywords OpenSSH knows (lowercase); an unknown one is a "Bad configuration option"
KNOWN = {
    "host", "match", "include", "hostname", "user", "port", "identityfile", "identitiesonly",
    "stricthostkeychecking", "userknownhostsfile", "globalknownhostsfile", "hashknownhosts",
    "passwordauthentication", "pubkeyauthentication", "batchmode", "connecttimeout", "loglevel",
    "sendenv", "setenv", "gssapiauthentication", "gssapidelegatecredentials", "forwardagent",
    "forwardx11", "forwardx11trusted", "requesttty", "checkhostip", "addressfamily", "compression",
    "serveraliveinterval", "serveralivecountmax", "tcpkeepalive", "preferredauthentications",
    "kbdinteractiveauthentication", "challengeresponseauthentication", "numberofpasswordprompts",
    "visualhostkey", "updatehostkeys", "localforward", "remoteforward", "proxycommand", "proxyjump",
    "controlmaster", "controlpath", "controlpersist", "ciphers", "macs", "kexalgorithms",
    "hostkeyalgorithms", "pubkeyacceptedkeytypes", "pubkeyacceptedalgorithms", "escapechar",
    "certificatefile", "addkeystoagent", "identityagent", "canonicalizehostname",
    "hostkeyalias", "nohostauthenticationforlocalhost", "permitlocalcommand", "localcommand",
    "rekeylimit", "tunnel", "tunneldevice", "verifyhostkeydns", "hostbasedauthentication",
    "exitonforwardfailure", "clearallforwardings", "bindaddress", "forkafterauthentication",
    "sessiontype", "stdinnull", "ipqos", "streamlocalbindunlink", "gssapikeyexchange",
    "gssapitrustdns", "xauthlocation", "logverbose", "syslogfacility", "ignoreunknown",
}


@dataclass
class ClientConfig:
    """The options in force for one connection (lowercase keywords)."""

    values: dict[str, str] = field(default_factory=dict)
    identity_files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)     # the files read, in order (ssh -v)

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(key.lower(), default)

    @property
    def verbose(self) -> bool:
        return self.get("loglevel").lower().startswith("debug")

    def set_first(self, key: str, value: str) -> None:
        key = key.lower()
        if key == "identityfile":
            self.identity_files.append(value)
        elif key not in self.values:
            self.values[key] = value


def _patterns_match(patterns: list[str], name: str) -> bool:
    hit = False
    for pattern in ",".join(patterns).split(","):
        if not pattern:
            continue
        if pattern.startswith("!"):
            if fnmatch.fnmatchcase(name.lower(), pattern[1:].lower()):
                return False
        elif fnmatch.fnmatchcase(name.lower(), pattern.lower()):
            hit = True
    return hit


def split_line(line: str) -> tuple[str, list[str]] | None:
    """`Keyword value...` or `Keyword=value`: the keyword and its words; None for blank/comment."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    m = re.match(r"([^\s=]+)[\s=]*(.*)$", text)
    if m is None:
        return None
    key, rest = m.group(1), m.group(2)
    try:
        words = shlex.split(rest, comments=False)
    except ValueError:
        words = rest.split()
    return key.strip(), words


def read_config(vfs: VFS, path: str, host: str, user: str, home: str, into: ClientConfig, *,
                user_file: bool, depth: int = 0) -> None:
    """Apply one file's options that match `host` (the name as typed) to `into`."""
    try:
        text = vfs.read_bytes(path).decode("utf-8", "replace")
    except OSError:
        return
    into.files.append(path)
    active = True
    for number, line in enumerate(text.splitlines(), 1):
        parsed = split_line(line)
        if parsed is None:
            continue
        key, words = parsed
        low = key.lower()
        if low == "host":
            active = _patterns_match(words, host)
            continue
        if low == "match":
            active = _match(words, host, user)
            continue
        if low == "include":
            if not active or depth >= MAX_INCLUDE_DEPTH:
                continue
            for pattern in words:
                pattern = expand_tilde(pattern, home)
                if not pattern.startswith("/"):
                    pattern = posixpath.join(f"{home}/.ssh" if user_file else "/etc/ssh", pattern)
                for found in _glob(vfs, pattern):
                    read_config(vfs, found, host, user, home, into, user_file=user_file, depth=depth + 1)
            continue
        if low not in KNOWN:
            into.errors.append(f"{path}: line {number}: Bad configuration option: {low}")
            continue
        if active and words:
            into.set_first(low, " ".join(words) if low in ("proxycommand", "localcommand") else words[0])


def _match(words: list[str], host: str, user: str) -> bool:
    i = 0
    while i < len(words):
        crit = words[i].lower()
        if crit == "all":
            i += 1
            continue
        if i + 1 >= len(words):
            return False
        arg = words[i + 1].split(",")
        if crit in ("host", "originalhost"):
            if not _patterns_match(arg, host):
                return False
        elif crit == "user":
            if not _patterns_match(arg, user):
                return False
        else:
            return False
        i += 2
    return True


def _glob(vfs: VFS, pattern: str) -> list[str]:
    directory, name = posixpath.split(pattern)
    if not any(c in name for c in "*?["):
        return [pattern] if vfs.isfile(pattern) else []
    try:
        names = vfs.listdir(directory)
    except OSError:
        return []
    return [posixpath.join(directory, n) for n in sorted(names) if fnmatch.fnmatchcase(n, name)]


def expand_tilde(path: str, home: str) -> str:
    if path == "~" or path.startswith("~/"):
        return home + path[1:]
    return path


def expand_tokens(path: str, *, home: str, local_user: str, remote_user: str, host: str,
                  port: int, local_host: str) -> str:
    """ssh_config's % tokens and ~ in IdentityFile/UserKnownHostsFile."""
    path = expand_tilde(path, home)
    table = {"%": "%", "d": home, "u": local_user, "r": remote_user, "h": host, "p": str(port),
             "l": local_host, "L": local_host.split(".")[0], "n": host}
    out, i = [], 0
    while i < len(path):
        if path[i] == "%" and i + 1 < len(path) and path[i + 1] in table:
            out.append(table[path[i + 1]])
            i += 2
        else:
            out.append(path[i])
            i += 1
    return "".join(out)


def load(vfs: VFS, host: str, *, user: str, home: str, options: list[tuple[str, str]],
         config_file: str | None = None) -> ClientConfig:
    """The options for `host`: command line (-o), the user's file (or -F's), the system's."""
    cfg = ClientConfig()
    for key, value in options:
        cfg.set_first(key, value)
    if config_file is not None:
        if config_file != "none":
            read_config(vfs, config_file, host, user, home, cfg, user_file=True)
        return cfg
    read_config(vfs, f"{home}/.ssh/config", host, user, home, cfg, user_file=True)
    read_config(vfs, SYSTEM_CONFIG, host, user, home, cfg, user_file=False)
    return cfg


def debug(ctx: object, cfg: ClientConfig, text: str) -> None:
    """ssh -v's `debug1:` lines (a few of them: where ssh goes and what it tries)."""
    if cfg.verbose:
        ctx.err(f"debug1: {text}\r\n")  # type: ignore[attr-defined]
